/* The routine model: what a routine file says, with its ranges not yet dosed. */
#ifndef MB_CORE_ROUTINE_H
#define MB_CORE_ROUTINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pose.h"

#define MB_US_PER_S INT64_C(1000000)

/*
 * Limits that keep a routine humane and its loader safe (doc/routine-format.md
 * gives them to writers). A step, breath or switch lasts from half a second
 * (shorter cannot be followed) to ten minutes; a prepare may also be 0.
 */
#define MB_MIN_STEP_US (MB_US_PER_S / 2)
#define MB_MAX_STEP_US (10 * 60 * MB_US_PER_S)
#define MB_MAX_REPS 100
#define MB_MAX_BREATHS 30
#define MB_MAX_EXERCISES 64
/* Also spaces the rounding offsets of the ranges (timeline.c): changing it changes doses. */
#define MB_MAX_STEPS 128
/*
 * At its highest dose a routine lasts at most half an hour and unrolls into
 * at most 2,000 cues. A movement break takes minutes; the caps keep every
 * timeline, voice track and plan small whatever a file asks for.
 */
#define MB_MAX_ROUTINE_US (30 * 60 * MB_US_PER_S)
#define MB_MAX_CUES 2000

/** An inclusive range of counts or of microseconds; lo == hi for a fixed value. */
struct mb_range {
	int64_t lo, hi;
};

enum mb_step_kind {
	MB_STEP_MOVE,
	MB_STEP_HOLD,
	MB_STEP_RELEASE,
	MB_STEP_REST,
	MB_STEP_BREATHE,
	MB_STEP_SWITCH,
	MB_STEP_REVERSE,
};

/** One instruction in an exercise. Text may hold {side} and {other}. */
struct mb_step {
	enum mb_step_kind kind;
	char *text;
	/* Length of the step (breathe: unused, see in_us/out_us). */
	struct mb_range time_us;
	/* How often the step repeats in a row; {1, 1} when not repeated. */
	struct mb_range reps;
	/* hold: pace the hold as this many breaths ({0, 0}: no pacing);
	 * breathe: the number of breaths. */
	struct mb_range breaths;
	/* breathe: length of one in-breath and one out-breath. */
	int64_t in_us, out_us;
	/* Optional label shown while the step runs ("backward"), or NULL. */
	char *direction;
	/* The pose the step brings the figure to, or, for a move, the poses it
	 * passes through in turn; none: keep the pose before it. */
	struct mb_pose poses[MB_POSE_KEYS_MAX];
	size_t poses_len;
	/* Where the step starts in its source file (1-based), 0 if unknown. */
	int line, column;
};

/** An optional harder or gentler form of an exercise, offered as a tip. */
struct mb_variant {
	char *name;
	char *title;
	char *text;
};

struct mb_exercise {
	char *title;
	/* Why this works: shown beside the cues. */
	char *purpose;
	/* Set-up cues, shown while the user gets into position. */
	char **setup;
	size_t setup_len;
	int64_t prepare_us;
	/* How often the whole step list repeats. */
	struct mb_range reps;
	/* Run the steps once per side (left, then right) with a switch between. */
	bool both_sides;
	char *switch_text;
	int64_t switch_us;
	struct mb_step *steps;
	size_t steps_len;
	struct mb_variant *variants;
	size_t variants_len;
	/* How the figure is seen, and the pose it takes to get ready (standing if not given). */
	enum mb_view view;
	struct mb_pose pose;
	bool has_pose;
	int line, column;
};

/**
 * The parts of the body a routine works, as routine files name them in
 * `areas:`. mb_area_name() gives the word for each.
 */
enum mb_area {
	MB_AREA_NECK,
	MB_AREA_SHOULDERS,
	MB_AREA_UPPER_BACK,
	MB_AREA_CHEST,
	MB_AREA_WRISTS,
	MB_AREA_LOWER_BACK,
	MB_AREA_HIPS,
	MB_AREA_LEGS,
	MB_AREA_EYES,
	MB_AREA_BREATH,
	MB_AREA_COUNT,
};

struct mb_routine {
	/* Short name used on the command line: "shoulder-reset". */
	char *name;
	char *title;
	char *summary;
	/* The areas it works, in the order the file gives them, each at most once;
	 * none when the file names none. */
	enum mb_area areas[MB_AREA_COUNT];
	size_t areas_len;
	struct mb_exercise *exercises;
	size_t exercises_len;
};

/** Free a routine and everything it owns. NULL-safe. */
void mb_routine_destroy(struct mb_routine *routine);

/**
 * The word for area i (an enum mb_area) as routine files write it
 * ("upper-back"), or NULL past the last area.
 */
const char *mb_area_name(size_t i);

/** The name of a step kind as it is written in routine files ("hold"). */
const char *mb_step_kind_name(enum mb_step_kind kind);

/**
 * A count range's value at dose level 0.0 (lo) ... 1.0 (hi): lo plus
 * floor(level * (hi - lo) + offset), never past hi. offset in [0, 1) sets
 * where the value steps up: 0.5 rounds to the nearest whole count. Levels
 * outside 0..1, and NaN, are clamped (NaN to 0).
 */
int64_t mb_range_at(struct mb_range range, double level, double offset);

/**
 * A duration range's value at a level, in whole seconds above lo (never past
 * hi); offset as for mb_range_at. A fixed value is returned exactly.
 */
int64_t mb_range_at_us(struct mb_range range, double level, double offset);

#endif

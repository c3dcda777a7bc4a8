/* The timeline: a dosed routine unrolled into contiguous, timed cues. */
#ifndef MB_CORE_TIMELINE_H
#define MB_CORE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/routine.h"

enum mb_cue_kind {
	MB_CUE_PREPARE,
	MB_CUE_MOVE,
	MB_CUE_HOLD,
	MB_CUE_RELEASE,
	MB_CUE_REST,
	MB_CUE_BREATHE_IN,
	MB_CUE_BREATHE_OUT,
	MB_CUE_SWITCH,
	MB_CUE_REVERSE,
	MB_CUE_DONE,
};

enum mb_side {
	MB_SIDE_NONE,
	MB_SIDE_LEFT,
	MB_SIDE_RIGHT,
};

/** One thing the coach says, with when and for how long. Times are offsets from the start. */
struct mb_cue {
	int64_t t_us, dur_us;
	enum mb_cue_kind kind;
	/* The instruction, {side}/{other} filled in. Owned by the timeline. */
	const char *text;
	/* 1-based exercise index; the done cue carries the last exercise. */
	size_t exercise;
	/* Repetition n of N (exercise reps, else step reps); 0 when not counted. */
	unsigned rep, of;
	/* Breath n of N inside a paced hold or a breathe step; 0 otherwise. */
	unsigned breath, breaths;
	enum mb_side side;
	/* Direction label from the step, {side}/{other} filled in, or NULL. Owned by the timeline. */
	const char *direction;
	/* For cues inside a hold paced by breaths: when that hold ends, else 0. */
	int64_t hold_end_us;
	/* The step the cue comes from (for its pose), or NULL for prepare, switch and done.
	 * Borrowed from the routine. */
	const struct mb_step *step;
};

/** Where one exercise sits in the timeline. */
struct mb_span {
	int64_t start_us, dur_us;
	/* Index of the exercise's first cue. */
	size_t first_cue;
};

struct mb_timeline {
	/* Borrowed: the routine must outlive the timeline. */
	const struct mb_routine *routine;
	double level;
	struct mb_cue *cues;
	size_t cues_len;
	struct mb_span *spans;
	size_t spans_len;
	int64_t total_us;
};

/**
 * Unroll a routine at a dose level (0.0 low end of every range, 1.0 high end).
 * The cues are contiguous: each starts where the one before ends, the first at 0,
 * and a zero-length done cue closes the list at total_us. Returns NULL on
 * allocation failure. The routine is borrowed and must outlive the timeline.
 */
struct mb_timeline *mb_timeline_create(const struct mb_routine *routine, double level);

/** Free a timeline. NULL-safe. */
void mb_timeline_destroy(struct mb_timeline *timeline);

/**
 * Total length of the routine at a level: exactly the total_us of the
 * timeline mb_timeline_create() would build, computed from the ranges in
 * closed form, in time proportional to the number of steps (not of cues).
 * The routine's lengths and counts must be at least zero and within the
 * limits in core/routine.h, as the loader ensures; the total then fits.
 */
int64_t mb_routine_total_us(const struct mb_routine *routine, double level);

/** The part of mb_routine_total_us() that exercise index (0-based) takes. */
int64_t mb_exercise_total_us(const struct mb_routine *routine, size_t index, double level);

/**
 * How many cues the timeline at a level would hold, the done cue included:
 * exactly its cues_len, computed in closed form like mb_routine_total_us().
 */
uint64_t mb_routine_cue_count(const struct mb_routine *routine, double level);

/** The cues exercise index (0-based) gives at a level, its prepare and switch cues included. */
uint64_t mb_exercise_cue_count(const struct mb_routine *routine, size_t index, double level);

/**
 * Choose the dose level whose total is closest to target_us, among the
 * levels 0, 0.001, ..., 1; ties go to the lower level. A target below the
 * shortest total gives 0.0; one past the longest gives the lowest level
 * that reaches the longest total. Takes a couple of dozen closed-form
 * totals, never a walk over the cues.
 */
double mb_dose_fit(const struct mb_routine *routine, int64_t target_us);

/** Index of the cue running at offset t_us (the done cue once t_us >= total). */
size_t mb_timeline_cue_at(const struct mb_timeline *timeline, int64_t t_us);

/** What the coach calls a cue kind, in lower case ("get ready", "breathe in", "well done"). */
const char *mb_cue_kind_label(enum mb_cue_kind kind);

/** The name used for a cue kind in plans and JSON ("breathe_in"). */
const char *mb_cue_kind_name(enum mb_cue_kind kind);

/**
 * Write an offset (at least 0) as "m:ss", rounded to the nearest second, for
 * tables and lines people read: every offset of a break is as wide as the
 * next, so the columns after it line up. Returns buf.
 */
char *mb_offset_format(int64_t us, char *buf, size_t len);

/** "left", "right", or NULL for no side. */
const char *mb_side_name(enum mb_side side);

/**
 * Write text with {side} and {other} filled in for side: "left" and
 * "right", or "right" and "left". Every front end and listing fills through
 * this one function, so a text reads the same everywhere. With no side (a
 * listing, a cue before the sides start) the text reads as for the side a
 * break works first: {side} is "left" and {other} "right". Any other brace
 * is copied as it is. At most len bytes go to out, NUL included, the text
 * cut at len - 1; out may be NULL when len is 0. Returns the length of the
 * whole filled text without the NUL, as snprintf() does, so a caller can
 * size its buffer: the filled text is never longer than text.
 */
size_t mb_text_fill_side(const char *text, enum mb_side side, char *out, size_t len);

/** mb_text_fill_side() into a string of its own, to free(); NULL when out of memory. */
char *mb_text_fill_side_dup(const char *text, enum mb_side side);

#endif

/* The voice line: what to say for each cue of a timeline, when, and for how long at most. */
#ifndef MB_CORE_VOICELINE_H
#define MB_CORE_VOICELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/timeline.h"

/* Speech rate of espeak-ng's default voice at its default speed, measured on the cue texts. */
#define MB_VOICELINE_US_PER_CHAR 58000
#define MB_VOICELINE_BASE_US 120000
/* Silence kept between one utterance and the next, so words never run into each other. */
#define MB_VOICELINE_GAP_US 100000
/* How long the closing words may run after the timeline ends (live speech only). */
#define MB_VOICELINE_TAIL_US 3000000
/* A hold this long or longer gets "three, two, one" over its last three seconds. */
#define MB_VOICELINE_COUNTDOWN_MIN_US 3000000

/** One thing to say. Times are offsets from the start of the timeline. */
struct mb_utterance {
	/* When to start, and the longest it may last: never into the next utterance or cue. */
	int64_t t_us, max_us;
	/* Index of the cue it belongs to. */
	size_t cue;
	/* A countdown number ("three") inside a hold rather than the words of a cue start. */
	bool countdown;
	/*
	 * What to say, picked from longest to shortest form so its estimated
	 * length fits max_us; short_text is the shortest form, for when the real
	 * speech runs longer than estimated. Both owned by the voice line.
	 */
	const char *text;
	const char *short_text;
};

/** How fast the voice speaks, for choosing phrases that fit. Zeros take the defaults above. */
struct mb_voiceline_options {
	int64_t us_per_char, base_us, gap_us;
};

/** The utterances of a whole timeline, sorted by start, none overlapping. */
struct mb_voiceline {
	struct mb_utterance *items;
	size_t len;
	/* The timeline's total; the closing words start here and may run MB_VOICELINE_TAIL_US. */
	int64_t total_us;
};

/**
 * Plan what to say for every cue of timeline: the instruction at each cue
 * start (with "Hold", "Breathe in", "Switch sides" or the rep number in
 * front), shortened to fit before the next cue; a countdown over the last
 * three seconds of every hold of three seconds or more. Nothing is queued: a
 * phrase that would run into the next one is shortened. The timeline is only
 * read; options may be NULL. Returns NULL on allocation failure.
 */
struct mb_voiceline *mb_voiceline_create(const struct mb_timeline *timeline,
	const struct mb_voiceline_options *options);

/** Free a voice line. NULL-safe. */
void mb_voiceline_destroy(struct mb_voiceline *voiceline);

/** Index of the first utterance starting at or after t_us (len when none does). */
size_t mb_voiceline_first_at(const struct mb_voiceline *voiceline, int64_t t_us);

/** The estimated time to say text with these options (NULL for defaults). */
int64_t mb_voiceline_estimate_us(const struct mb_voiceline_options *options, const char *text);

#endif

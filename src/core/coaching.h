/* One coached break as every front end plays it: playback, skips, the end, and what a cue shows. */
#ifndef MB_CORE_COACHING_H
#define MB_CORE_COACHING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/playback.h"
#include "core/timeline.h"

/* "Back" this soon after a cue starts goes to the cue before, as media players do. */
#define MB_COACHING_BACK_GRACE_US (3 * MB_US_PER_S / 2)

/*
 * The state of a break being coached. The terminal coach and the window both
 * drive one of these, so a break behaves the same whatever shows it. All
 * times are microseconds of the caller's monotonic clock; offsets are
 * microseconds into the timeline. Plain data: the caller owns it.
 */
struct mb_coaching {
	/* Borrowed; must outlive the coaching. */
	const struct mb_timeline *timeline;
	struct mb_playback playback;
	/* Monotonic time the break began. */
	int64_t start_us;
	/* The furthest offset reached, by time or by skipping ahead. */
	int64_t max_offset_us;
	/* Set once the offset reaches the end of the timeline. */
	bool finished;
	/* Clock time spent in the break, pauses excluded, fixed when it finished. */
	int64_t finished_active_us;
};

/** Begin coaching timeline at now_us, with the clock running scale times faster. */
void mb_coaching_start(struct mb_coaching *coaching, const struct mb_timeline *timeline,
	int64_t now_us, double scale);

/**
 * The timeline offset at now_us, never below 0 and, until the break has
 * finished, never past the timeline's end. After the end it keeps growing, so
 * a closing screen can be timed on the same clock.
 */
int64_t mb_coaching_offset(const struct mb_coaching *coaching, int64_t now_us);

/**
 * Bring the coaching up to now_us: remember how far the break got and notice
 * its end. When the end is reached the clock runs on even if paused, so a skip
 * to the end made while paused does not freeze the closing screen. Returns
 * true exactly once, at the call that finds the break finished.
 */
bool mb_coaching_update(struct mb_coaching *coaching, int64_t now_us);

/** Pause when running, resume when paused. Returns true when now paused. */
bool mb_coaching_toggle_pause(struct mb_coaching *coaching, int64_t now_us);

/** Jump to the start of the next cue (the done cue at the end). Nothing after the end. */
void mb_coaching_next(struct mb_coaching *coaching, int64_t now_us);

/**
 * Jump back to the start of the cue under way, or to the cue before when the
 * current one began less than MB_COACHING_BACK_GRACE_US ago.
 */
void mb_coaching_back(struct mb_coaching *coaching, int64_t now_us);

/** Clock time spent in the break up to now_us (or its end, if finished), pauses excluded. */
int64_t mb_coaching_active_us(const struct mb_coaching *coaching, int64_t now_us);

/** The number of exercises whose end the break reached. */
size_t mb_coaching_exercises_done(const struct mb_coaching *coaching);

/**
 * Whole seconds left until end_us at offset_us, rounded up (0 once reached),
 * and lowers *next_us to the offset at which that number next drops.
 */
int64_t mb_countdown_s(int64_t end_us, int64_t offset_us, int64_t *next_us);

/**
 * When the hold the cue belongs to ends: the end of a paced hold, the cue's
 * own end for a hold cue, or -1 when the cue is not part of a hold.
 */
int64_t mb_cue_hold_end_us(const struct mb_cue *cue);

/** How far the breath pacer is filled at offset_us, 0..1: in fills, out empties; -1 otherwise. */
double mb_cue_breath_fill(const struct mb_cue *cue, int64_t offset_us);

/**
 * Write the cue's counters ("rep 3 of 8", "breath 1 of 3", "left side",
 * "direction: backward") into buf, joined by sep. An empty string when there
 * are none. Returns buf.
 */
char *mb_cue_details(const struct mb_cue *cue, const char *sep, char *buf, size_t size);

#endif

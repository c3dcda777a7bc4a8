/* Playback clock: maps a monotonic clock to an offset in a timeline, with pause, seek and speed. */
#ifndef MB_CORE_PLAYBACK_H
#define MB_CORE_PLAYBACK_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Deadlines are absolute: the offset is always computed from one origin, so a
 * long break does not drift however often the caller wakes. Pausing freezes
 * the offset; resuming moves the origin so the break is extended by exactly
 * the paused time. All times are microseconds of the caller's monotonic clock.
 */
struct mb_playback {
	/* Monotonic time at which offset 0 was (or would have been) reached. */
	int64_t origin_us;
	/* Offset units per clock unit: 1.0 real time, 60.0 a minute per second. */
	double scale;
	bool paused;
	/* Offset frozen while paused. */
	int64_t paused_offset_us;
	/* Monotonic time the current pause began, and the total of finished pauses. */
	int64_t paused_since_us;
	int64_t paused_total_us;
};

/** Start at offset 0 at now_us. A scale <= 0 is taken as 1. */
void mb_playback_start(struct mb_playback *pb, int64_t now_us, double scale);

/** The timeline offset at now_us. */
int64_t mb_playback_offset(const struct mb_playback *pb, int64_t now_us);

/** Monotonic time at which offset_us is reached; INT64_MAX while paused. */
int64_t mb_playback_deadline(const struct mb_playback *pb, int64_t offset_us);

/** Pause or resume at now_us; pausing twice or resuming when running does nothing. */
void mb_playback_pause(struct mb_playback *pb, int64_t now_us);
void mb_playback_resume(struct mb_playback *pb, int64_t now_us);

/** Jump to offset_us at now_us, keeping the paused state. */
void mb_playback_seek(struct mb_playback *pb, int64_t now_us, int64_t offset_us);

/** Clock time spent paused up to now_us. */
int64_t mb_playback_paused_us(const struct mb_playback *pb, int64_t now_us);

#endif

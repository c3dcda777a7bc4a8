/*
 * Voice guidance for a break: speech and a soft step sound over a timeline,
 * live or rendered to one audio track. Linked only by movebreak-gui.
 *
 * For the break window, in process, on its own main loop:
 *
 *     int error;
 *     char why[256];
 *     struct mb_speech_voice which = { .name = NULL, .language = NULL };
 *     struct mb_speech *speech = mb_speech_espeak_create(&which, true, &error,
 *             why, sizeof(why));            // platform/speech.h; -EINVAL: bad voice
 *     struct mb_voice *voice = mb_voice_create(speech,
 *             &(struct mb_voice_options){ .time_scale = 1.0, .step_sound = true });
 *     // whenever the cue changes, after a seek, and on resume:
 *     mb_voice_on_cue(voice, timeline, cue_index, offset_us, mb_clock_monotonic_us());
 *     // on pause:
 *     mb_voice_pause(voice);
 *     // keep one timer armed at mb_voice_next_deadline(voice) (monotonic
 *     // microseconds, INT64_MAX for none) and when it fires:
 *     if (mb_voice_dispatch(voice, mb_clock_monotonic_us()) == -ENODEV)
 *             ... say once that there is no sound device; the voice stays quiet.
 *     mb_voice_destroy(voice);
 *     mb_speech_destroy(speech);
 *
 * Speech never holds up the timeline: each phrase is cut to the time its cue
 * leaves, and a new cue cuts off whatever is still being said.
 */
#ifndef MB_VOICE_VOICE_H
#define MB_VOICE_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/timeline.h"
#include "voice/speech.h"

struct mb_voice_options {
	/* The timeline's speed: 1.0 real time; 20.0 says each phrase in a twentieth of its slot. */
	double time_scale;
	/* A soft sound at every step change. */
	bool step_sound;
};

struct mb_voice;

/**
 * Live guidance through speech, which is borrowed and must outlive the
 * voice. options may be NULL (real time, step sound on). Returns NULL on
 * allocation failure.
 */
struct mb_voice *mb_voice_create(struct mb_speech *speech, const struct mb_voice_options *options);

/** Free a voice. NULL-safe. Stops whatever it is saying. */
void mb_voice_destroy(struct mb_voice *voice);

/**
 * The break is playing cue cue_index of timeline, at offset_us, at monotonic
 * time now_us: stop whatever is being said, and plan the words of this cue
 * that are still ahead (the cue's own words when offset_us is at its start,
 * else only its countdown). A new cue index also sounds the step sound. The
 * timeline is borrowed until the next call with another timeline or
 * mb_voice_destroy. Returns 0 or -ENOMEM.
 */
int mb_voice_on_cue(struct mb_voice *voice, const struct mb_timeline *timeline, size_t cue_index,
	int64_t offset_us, int64_t now_us);

/** The break is paused: stop speaking and plan nothing until the next mb_voice_on_cue. */
void mb_voice_pause(struct mb_voice *voice);

/** Monotonic time at which mb_voice_dispatch has something to say; INT64_MAX for nothing. */
int64_t mb_voice_next_deadline(const struct mb_voice *voice);

/**
 * Say what is due at now_us. Returns 0; -ENODEV the first time playing
 * finds no sound device (the voice is silent from then on); or another
 * negative errno from synthesis.
 */
int mb_voice_dispatch(struct mb_voice *voice, int64_t now_us);

/** Monotonic time at which the last thing played ends (0 before anything played). */
int64_t mb_voice_busy_until(const struct mb_voice *voice);

/**
 * The soft step sound at rate_hz: a short, quiet bell. Fills a malloc'd
 * buffer the caller frees. Returns 0 or -ENOMEM.
 */
int mb_voice_step_sound(int rate_hz, int16_t **samples, size_t *len);

/** How many samples the track of timeline holds at rate_hz: total_us of them. */
size_t mb_voice_track_len(const struct mb_timeline *timeline, int rate_hz);

/**
 * The whole guided audio track of timeline, total_us long: every phrase at
 * its cue's offset, fitted to its slot, the step sound at every cue start
 * when step_sound says so; mono samples at speech->rate_hz, handed to put
 * in order, a few seconds at a time (mb_voice_track_len() in all). Holds
 * a few seconds of audio, whatever the length of the plan. Returns 0, or
 * a negative errno, put's own included (which stops the track).
 */
int mb_voice_track_stream(struct mb_speech *speech, const struct mb_timeline *timeline,
	bool step_sound, int (*put)(void *data, const int16_t *samples, size_t len), void *data);

/**
 * The same track in one malloc'd buffer the caller frees: for short plans
 * and tests; a file is better written with mb_voice_track_stream(). Returns
 * 0 or a negative errno.
 */
int mb_voice_track_render(struct mb_speech *speech, const struct mb_timeline *timeline,
	bool step_sound, int16_t **samples, size_t *len);

#endif

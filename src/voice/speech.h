/* Speech output: text to samples, and samples to the speakers. Linked only by movebreak-gui. */
#ifndef MB_VOICE_SPEECH_H
#define MB_VOICE_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mb_speech;

/* Samples are mono, signed 16-bit, at the speech's rate_hz. */
struct mb_speech_impl {
	const char *name;
	/**
	 * Synthesize text into a malloc'd buffer the caller frees. Returns 0 or
	 * a negative errno.
	 */
	int (*render)(struct mb_speech *speech, const char *text, int16_t **samples, size_t *len);
	/**
	 * Start playing samples now, cutting off whatever is still playing; does
	 * not wait. Returns 0, or -ENODEV when there is no sound device.
	 */
	int (*play)(struct mb_speech *speech, const int16_t *samples, size_t len);
	/** Stop whatever is playing. */
	void (*stop)(struct mb_speech *speech);
	void (*destroy)(struct mb_speech *speech);
};

/** The base every implementation embeds first. */
struct mb_speech {
	const struct mb_speech_impl *impl;
	int rate_hz;
};

/** Which voice to use; NULL or "" fields take the default. */
struct mb_speech_voice {
	/* An espeak-ng voice name ("en-us", "en+f3", "de"). */
	const char *name;
	/* A language code, used when no name is given ("en-gb"). */
	const char *language;
};

/**
 * espeak-ng, synthesizing in memory (its synchronous mode) with the voice
 * asked for. With playback, samples are played through libcanberra; without
 * (or with no sound device), play returns -ENODEV. Returns NULL with *error
 * set: -EINVAL for an unknown voice or language (a message in err), else
 * -EIO or -ENOMEM. espeak-ng keeps global state: one at a time per process.
 */
struct mb_speech *mb_speech_espeak_create(const struct mb_speech_voice *voice, bool playback,
	int *error, char *err, size_t err_len);

/** Says nothing: renders no samples and plays nothing. */
struct mb_speech *mb_speech_none_create(void);

/**
 * For tests: renders a steady tone of a fixed length per character
 * (60 ms) at 16 kHz, and logs every call ("render TEXT", "play N", "stop")
 * one per line, readable with mb_speech_fake_log.
 */
struct mb_speech *mb_speech_fake_create(void);

/** The fake's call log, NUL-terminated; NULL for any other implementation. */
const char *mb_speech_fake_log(struct mb_speech *speech);

/** Dispatchers; all NULL-safe on speech. */
int mb_speech_render(struct mb_speech *speech, const char *text, int16_t **samples, size_t *len);
int mb_speech_play(struct mb_speech *speech, const int16_t *samples, size_t len);
void mb_speech_stop(struct mb_speech *speech);
void mb_speech_destroy(struct mb_speech *speech);

/**
 * Render text so it lasts at most max_us: trailing silence is trimmed; when
 * still too long, short_text (if not NULL) is rendered instead; when that is
 * too long too, the sound is cut at max_us with a short fade. Fills a
 * malloc'd buffer (possibly empty, *samples NULL). Returns 0 or a negative
 * errno.
 */
int mb_speech_render_fit(struct mb_speech *speech, const char *text, const char *short_text,
	int64_t max_us, int16_t **samples, size_t *len);

#endif

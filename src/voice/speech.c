/* Speech dispatch, and fitting rendered speech into the time a cue leaves for it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "voice/speech.h"

/* Samples quieter than this count as silence when trimming the tail. */
#define SILENCE_LEVEL 200
/* A sound cut short fades out over this long instead of clicking. */
#define FADE_US 30000

int mb_speech_render(struct mb_speech *speech, const char *text, int16_t **samples, size_t *len)
{
	*samples = NULL;
	*len = 0;
	if (!speech || !text)
		return -EINVAL;
	return speech->impl->render(speech, text, samples, len);
}

int mb_speech_play(struct mb_speech *speech, const int16_t *samples, size_t len)
{
	if (!speech)
		return -EINVAL;
	return speech->impl->play(speech, samples, len);
}

void mb_speech_stop(struct mb_speech *speech)
{
	if (speech)
		speech->impl->stop(speech);
}

void mb_speech_destroy(struct mb_speech *speech)
{
	if (speech)
		speech->impl->destroy(speech);
}

static size_t trim_tail(const int16_t *samples, size_t len)
{
	while (len > 0 && abs(samples[len - 1]) < SILENCE_LEVEL)
		len--;
	return len;
}

int mb_speech_render_fit(struct mb_speech *speech, const char *text, const char *short_text,
	int64_t max_us, int16_t **samples, size_t *len)
{
	*samples = NULL;
	*len = 0;
	if (!speech || max_us <= 0)
		return speech ? 0 : -EINVAL;
	size_t max_len = (size_t)((double)max_us * speech->rate_hz / 1e6);
	int16_t *buf = NULL;
	size_t n = 0;
	int ret = mb_speech_render(speech, text, &buf, &n);
	if (ret < 0)
		return ret;
	n = trim_tail(buf, n);
	if (n > max_len && short_text && strcmp(short_text, text) != 0) {
		int16_t *shorter = NULL;
		size_t m = 0;
		ret = mb_speech_render(speech, short_text, &shorter, &m);
		if (ret < 0) {
			free(buf);
			return ret;
		}
		free(buf);
		buf = shorter;
		n = trim_tail(shorter, m);
	}
	if (n > max_len) {
		/* Cut off rather than run into the next cue; fade so the cut does not click. */
		n = max_len;
		size_t fade = (size_t)((double)FADE_US * speech->rate_hz / 1e6);
		if (fade > n)
			fade = n;
		for (size_t i = 0; i < fade; i++)
			buf[n - 1 - i] = (int16_t)((int32_t)buf[n - 1 - i] * (int32_t)i /
				(int32_t)fade);
	}
	if (n == 0) {
		free(buf);
		buf = NULL;
	}
	*samples = buf;
	*len = n;
	return 0;
}

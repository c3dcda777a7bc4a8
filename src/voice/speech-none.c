/* A voice that says nothing: for breaks without speech, and for machines without espeak-ng. */
#include <stdlib.h>

#include "voice/speech.h"

static int render(struct mb_speech *speech, const char *text, int16_t **samples, size_t *len)
{
	*samples = NULL;
	*len = 0;
	return 0;
}

static int play(struct mb_speech *speech, const int16_t *samples, size_t len)
{
	return 0;
}

static void stop(struct mb_speech *speech)
{
}

static void destroy(struct mb_speech *speech)
{
	free(speech);
}

static const struct mb_speech_impl impl = {
	.name = "none",
	.render = render,
	.play = play,
	.stop = stop,
	.destroy = destroy,
};

struct mb_speech *mb_speech_none_create(void)
{
	struct mb_speech *speech = calloc(1, sizeof(*speech));
	if (!speech)
		return NULL;
	speech->impl = &impl;
	speech->rate_hz = 16000;
	return speech;
}

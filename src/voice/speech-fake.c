/* A voice for tests: a steady tone as long as the text would take, and a log of every call. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voice/speech.h"

#define FAKE_RATE_HZ 16000
#define FAKE_US_PER_CHAR 60000
#define FAKE_LEVEL 8000

struct fake {
	struct mb_speech base;
	char *log;
	size_t log_len;
};

static const struct mb_speech_impl impl;

static struct fake *fake_from(struct mb_speech *speech)
{
	return speech && speech->impl == &impl ? (struct fake *)speech : NULL;
}

static void log_line(struct fake *fake, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void log_line(struct fake *fake, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t add = strlen(line);
	char *grown = realloc(fake->log, fake->log_len + add + 2);
	if (!grown)
		return;
	fake->log = grown;
	memcpy(fake->log + fake->log_len, line, add);
	fake->log_len += add;
	fake->log[fake->log_len++] = '\n';
	fake->log[fake->log_len] = '\0';
}

static int render(struct mb_speech *speech, const char *text, int16_t **samples, size_t *len)
{
	struct fake *fake = fake_from(speech);
	log_line(fake, "render %s", text);
	size_t n = strlen(text) * FAKE_US_PER_CHAR * FAKE_RATE_HZ / 1000000;
	int16_t *buf = malloc((n ? n : 1) * sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	/* A square wave: loud enough to find, simple to check. */
	for (size_t i = 0; i < n; i++)
		buf[i] = (i / 20) % 2 ? FAKE_LEVEL : -FAKE_LEVEL;
	*samples = buf;
	*len = n;
	return 0;
}

static int play(struct mb_speech *speech, const int16_t *samples, size_t len)
{
	log_line(fake_from(speech), "play %zu", len);
	return 0;
}

static void stop(struct mb_speech *speech)
{
	log_line(fake_from(speech), "stop");
}

static void destroy(struct mb_speech *speech)
{
	struct fake *fake = fake_from(speech);
	free(fake->log);
	free(fake);
}

static const struct mb_speech_impl impl = {
	.name = "fake",
	.render = render,
	.play = play,
	.stop = stop,
	.destroy = destroy,
};

struct mb_speech *mb_speech_fake_create(void)
{
	struct fake *fake = calloc(1, sizeof(*fake));
	if (!fake)
		return NULL;
	fake->base.impl = &impl;
	fake->base.rate_hz = FAKE_RATE_HZ;
	return &fake->base;
}

const char *mb_speech_fake_log(struct mb_speech *speech)
{
	struct fake *fake = fake_from(speech);
	if (!fake)
		return NULL;
	return fake->log ? fake->log : "";
}

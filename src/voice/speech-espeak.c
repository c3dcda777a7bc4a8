/*
 * espeak-ng speech: synthesized in memory (its synchronous mode), so the
 * caller can measure and cut every phrase before anyone hears it; played
 * through libcanberra from a private WAV file, cancelled when the next
 * phrase starts.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <canberra.h>
#include <espeak-ng/espeak_ng.h>

#include "voice/speech.h"
#include "voice/wav.h"

#define PLAY_ID 1
/* Files played in turn, so the one being cancelled is never the one being written. */
#define PLAY_FILES 4

struct espeak {
	struct mb_speech base;
	/* libcanberra, or NULL without playback or a sound device. */
	ca_context *ca;
	char dir[256];
	unsigned next_file;
};

/* Where synthesis writes. */
struct sink {
	int16_t *buf;
	size_t len, cap;
	bool failed;
};

/*
 * espeak-ng's callback does not carry our pointer on every call (short
 * chunks come without the user data), and espeak-ng is one per process
 * anyway: the sink of the synthesis running now.
 */
static struct sink *current_sink;

static const struct mb_speech_impl impl;

static struct espeak *espeak_from(struct mb_speech *speech)
{
	return speech->impl == &impl ? (struct espeak *)speech : NULL;
}

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
	struct sink *sink = current_sink;
	if (!sink || !wav || n <= 0)
		return 0;
	if (sink->len + (size_t)n > sink->cap) {
		size_t cap = sink->cap ? sink->cap * 2 : 16384;
		while (cap < sink->len + (size_t)n)
			cap *= 2;
		int16_t *grown = realloc(sink->buf, cap * sizeof(*grown));
		if (!grown) {
			sink->failed = true;
			return 1;
		}
		sink->buf = grown;
		sink->cap = cap;
	}
	memcpy(sink->buf + sink->len, wav, (size_t)n * sizeof(*wav));
	sink->len += (size_t)n;
	return 0;
}

static int render(struct mb_speech *speech, const char *text, int16_t **samples, size_t *len)
{
	struct sink sink = { 0 };
	current_sink = &sink;
	espeak_ng_STATUS st = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
		espeakCHARS_UTF8, NULL, NULL);
	if (st == ENS_OK)
		st = espeak_ng_Synchronize();
	current_sink = NULL;
	if (st != ENS_OK || sink.failed) {
		free(sink.buf);
		return sink.failed ? -ENOMEM : -EIO;
	}
	*samples = sink.buf;
	*len = sink.len;
	return 0;
}

static int play(struct mb_speech *speech, const int16_t *samples, size_t len)
{
	struct espeak *es = espeak_from(speech);
	if (!es->ca)
		return -ENODEV;
	ca_context_cancel(es->ca, PLAY_ID);
	if (len == 0)
		return 0;
	char path[sizeof(es->dir) + 32];
	snprintf(path, sizeof(path), "%s/say-%u.wav", es->dir, es->next_file);
	es->next_file = (es->next_file + 1) % PLAY_FILES;
	int ret = mb_wav_save(path, samples, len, speech->rate_hz);
	if (ret < 0)
		return ret;
	int r = ca_context_play(es->ca, PLAY_ID, CA_PROP_MEDIA_FILENAME, path,
		CA_PROP_CANBERRA_CACHE_CONTROL, "never", CA_PROP_MEDIA_ROLE, "event",
		CA_PROP_APPLICATION_NAME, "movebreak", NULL);
	if (r != CA_SUCCESS) {
		/* Nothing to play on: say so once to the caller, then stay quiet. */
		ca_context_destroy(es->ca);
		es->ca = NULL;
		return -ENODEV;
	}
	return 0;
}

static void stop(struct mb_speech *speech)
{
	struct espeak *es = espeak_from(speech);
	if (es->ca)
		ca_context_cancel(es->ca, PLAY_ID);
}

static void remove_dir(const char *dir)
{
	if (!dir[0])
		return;
	for (unsigned i = 0; i < PLAY_FILES; i++) {
		char path[300];
		snprintf(path, sizeof(path), "%s/say-%u.wav", dir, i);
		unlink(path);
	}
	rmdir(dir);
}

static void destroy(struct mb_speech *speech)
{
	struct espeak *es = espeak_from(speech);
	if (es->ca)
		ca_context_destroy(es->ca);
	remove_dir(es->dir);
	espeak_ng_Terminate();
	free(es);
}

static const struct mb_speech_impl impl = {
	.name = "espeak-ng",
	.render = render,
	.play = play,
	.stop = stop,
	.destroy = destroy,
};

/*
 * Without a sound card or a sound server, every library down the line
 * prints its own failure; look first and keep quiet.
 */
static bool have_sound_device(void)
{
	const char *server = getenv("PULSE_SERVER");
	if (server && server[0])
		return true;
	const char *runtime = getenv("XDG_RUNTIME_DIR");
	if (runtime && runtime[0]) {
		static const char *const sockets[] = { "pulse/native", "pipewire-0" };
		for (size_t i = 0; i < 2; i++) {
			char path[512];
			snprintf(path, sizeof(path), "%s/%s", runtime, sockets[i]);
			if (access(path, F_OK) == 0)
				return true;
		}
	}
	DIR *d = opendir("/dev/snd");
	if (!d)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(d)))
		/* pcmC0D0p: a playback device; ...c is for capture. */
		found = strncmp(e->d_name, "pcm", 3) == 0 &&
			e->d_name[strlen(e->d_name) - 1] == 'p';
	closedir(d);
	return found;
}

/* True when some installed voice speaks language (as "en" or "en-gb"). */
static bool language_known(const char *language)
{
	const espeak_VOICE **voices = espeak_ListVoices(NULL);
	for (size_t i = 0; voices && voices[i]; i++) {
		/* languages: a priority byte, a name, a NUL; repeated; an empty name ends it. */
		for (const char *p = voices[i]->languages; p && p[0] && p[1];
			p += strlen(p + 1) + 2)
			if (strcasecmp(p + 1, language) == 0)
				return true;
	}
	return false;
}

static int choose_voice(const struct mb_speech_voice *voice, char *err, size_t err_len)
{
	const char *name = voice && voice->name && voice->name[0] ? voice->name : NULL;
	const char *language = voice && voice->language && voice->language[0] ? voice->language :
										NULL;
	if (language && !language_known(language)) {
		snprintf(err, err_len,
			"no espeak-ng voice speaks the language '%s' "
			"(languages look like en, en-gb or de)",
			language);
		return -EINVAL;
	}
	espeak_ng_STATUS st;
	if (name) {
		st = espeak_ng_SetVoiceByName(name);
		if (st != ENS_OK) {
			snprintf(err, err_len,
				"unknown espeak-ng voice '%s' "
				"(voice names look like en-us, en+f3 or de)",
				name);
			return -EINVAL;
		}
		return 0;
	}
	espeak_VOICE spec = { .languages = language ? language : "en" };
	st = espeak_ng_SetVoiceByProperties(&spec);
	if (st != ENS_OK) {
		snprintf(err, err_len, "espeak-ng found no voice for the language '%s'",
			spec.languages);
		return -EINVAL;
	}
	return 0;
}

struct mb_speech *mb_speech_espeak_create(const struct mb_speech_voice *voice, bool playback,
	int *error, char *err, size_t err_len)
{
	*error = 0;
	if (err_len)
		err[0] = '\0';
	struct espeak *es = calloc(1, sizeof(*es));
	if (!es) {
		*error = -ENOMEM;
		return NULL;
	}
	es->base.impl = &impl;
	espeak_ng_InitializePath(NULL);
	espeak_ng_ERROR_CONTEXT context = NULL;
	espeak_ng_STATUS st = espeak_ng_Initialize(&context);
	if (st == ENS_OK)
		st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
	if (st != ENS_OK) {
		char why[256];
		espeak_ng_GetStatusCodeMessage(st, why, sizeof(why));
		snprintf(err, err_len, "espeak-ng cannot start: %s", why);
		espeak_ng_ClearErrorContext(&context);
		free(es);
		*error = -EIO;
		return NULL;
	}
	espeak_SetSynthCallback(on_samples);
	es->base.rate_hz = espeak_ng_GetSampleRate();
	int ret = choose_voice(voice, err, err_len);
	if (ret < 0) {
		espeak_ng_Terminate();
		free(es);
		*error = ret;
		return NULL;
	}

	if (playback && have_sound_device()) {
		const char *runtime = getenv("XDG_RUNTIME_DIR");
		snprintf(es->dir, sizeof(es->dir), "%s/movebreak-say-XXXXXX",
			runtime && runtime[0] ? runtime : "/tmp");
		if (!mkdtemp(es->dir)) {
			es->dir[0] = '\0';
		} else if (ca_context_create(&es->ca) != CA_SUCCESS) {
			es->ca = NULL;
		} else if (ca_context_open(es->ca) != CA_SUCCESS) {
			ca_context_destroy(es->ca);
			es->ca = NULL;
		}
	}
	return &es->base;
}

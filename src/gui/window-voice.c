/* The break window's voice: one timer at the voice's next deadline, told of every cue change. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "app/exit.h"
#include "gui/window-voice.h"
#include "platform/clock.h"
#include "voice/speech.h"
#include "voice/voice.h"

static gboolean on_voice_timer(gpointer data);

/* Keep one timer armed at the voice's next deadline, and none when it has nothing to say. */
static void arm_voice(struct mb_window *w)
{
	int64_t at_us = w->voice ? mb_voice_next_deadline(w->voice) : INT64_MAX;
	if (w->voice_id && at_us == w->voice_at_us)
		return;
	if (w->voice_id) {
		g_source_remove(w->voice_id);
		w->voice_id = 0;
	}
	w->voice_at_us = at_us;
	if (at_us == INT64_MAX)
		return;
	int64_t delay_us = at_us - mb_clock_monotonic_us();
	guint delay_ms = delay_us <= 0         ? 0 :
		delay_us > INT64_C(3600000000) ? 3600000 :
						 (guint)((delay_us + 999) / 1000);
	w->voice_id = g_timeout_add(delay_ms, on_voice_timer, w);
}

static gboolean on_voice_timer(gpointer data)
{
	struct mb_window *w = data;
	w->voice_id = 0;
	int r = mb_voice_dispatch(w->voice, mb_clock_monotonic_us());
	if (r < 0 && !w->voice_warned) {
		if (r == -ENODEV)
			fprintf(stderr,
				"movebreak: no sound device; the break goes on without voice\n");
		else
			fprintf(stderr, "movebreak: the voice failed: %s\n", strerror(-r));
		w->voice_warned = true;
	}
	arm_voice(w);
	return G_SOURCE_REMOVE;
}

/* Tell the voice where the break is whenever the cue, the pause or a seek changes it. */
void mb_window_voice_sync(struct mb_window *w, size_t cue, int64_t offset_us, bool paused)
{
	if (!w->voice)
		return;
	if (paused == w->voiced_paused && cue == w->voiced_cue && !w->voice_resync)
		return;
	if (paused)
		mb_voice_pause(w->voice);
	else if (mb_voice_on_cue(w->voice, w->timeline, cue, offset_us, mb_clock_monotonic_us()) <
		0)
		fprintf(stderr, "movebreak: the voice is out of memory\n");
	w->voiced_paused = paused;
	w->voiced_cue = cue;
	w->voice_resync = false;
	arm_voice(w);
}

/*
 * Speak through espeak-ng, or, when MOVEBREAK_SPEECH_LOG names a file (for
 * tests), through the fake speech that logs what it would say. Returns an
 * exit code: 2 for a voice or language espeak-ng does not know.
 */
int mb_window_voice_start(struct mb_window *w, const char *name, const char *language, bool sound,
	double scale)
{
	const char *fake_log = getenv("MOVEBREAK_SPEECH_LOG");
	int error = 0;
	char why[256] = "";
	if (fake_log && fake_log[0]) {
		w->speech = mb_speech_fake_create();
	} else {
		struct mb_speech_voice which = {
			.name = name && name[0] ? name : NULL,
			.language = language && language[0] ? language : NULL,
		};
		w->speech = mb_speech_espeak_create(&which, true, &error, why, sizeof(why));
	}
	if (!w->speech) {
		fprintf(stderr, "movebreak now: %s\n", why[0] ? why : strerror(-error));
		return error == -EINVAL ? MB_EXIT_USAGE : MB_EXIT_FAILURE;
	}
	w->voice = mb_voice_create(w->speech,
		&(struct mb_voice_options){ .time_scale = scale, .step_sound = sound });
	if (!w->voice) {
		fprintf(stderr, "movebreak now: out of memory\n");
		return MB_EXIT_FAILURE;
	}
	w->voiced_cue = SIZE_MAX;
	/* Say before the window opens that nobody will hear it. */
	if (mb_speech_play(w->speech, NULL, 0) == -ENODEV) {
		fprintf(stderr, "movebreak: no sound device; the break goes on without voice\n");
		w->voice_warned = true;
	}
	return MB_EXIT_OK;
}

void mb_window_voice_stop(struct mb_window *w)
{
	if (w->voice_id)
		g_source_remove(w->voice_id);
	w->voice_id = 0;
	const char *fake_log = getenv("MOVEBREAK_SPEECH_LOG");
	if (w->speech && fake_log && fake_log[0]) {
		FILE *f = fopen(fake_log, "w");
		if (f) {
			fputs(mb_speech_fake_log(w->speech), f);
			fclose(f);
		}
	}
	mb_voice_destroy(w->voice);
	mb_speech_destroy(w->speech);
	w->voice = NULL;
	w->speech = NULL;
}

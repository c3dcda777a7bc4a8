/* Live voice and the audio track, over the fake speech: what is said when, cut, never queued. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/timeline.h"
#include "core/voiceline.h"
#include "parse/routine-yaml.h"
#include "voice/speech.h"
#include "voice/voice.h"

#define S(x) ((int64_t)1000000 * (x))
/* The fake speech: 60 ms a character at 16 kHz. */
#define FAKE_RATE 16000

static struct mb_routine *load_builtin(const char *name)
{
	const char *root = getenv("MB_SOURCE_ROOT");
	assert_non_null(root);
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/routines/%s.yaml", root, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[1 << 16];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	struct mb_diags diags = { 0 };
	struct mb_routine *r = mb_routine_parse(buf, len, &diags);
	assert_non_null(r);
	return r;
}

/* Lines of the fake's log since the last call, as one string. */
static const char *log_since(struct mb_speech *speech, size_t *seen)
{
	const char *log = mb_speech_fake_log(speech);
	const char *out = log + *seen;
	*seen = strlen(log);
	return out;
}

static size_t wall_press_hold(const struct mb_timeline *tl)
{
	for (size_t i = 0; i < tl->cues_len; i++)
		if (tl->cues[i].kind == MB_CUE_HOLD && tl->cues[i].dur_us >= S(5))
			return i;
	fail_msg("no 5 s hold");
	return 0;
}

static void render_fit_shortens_then_cuts(void **state)
{
	struct mb_speech *speech = mb_speech_fake_create();
	int16_t *s = NULL;
	size_t n = 0;
	/* 20 characters: 1.2 s. It fits in 2 s as is. */
	assert_int_equal(mb_speech_render_fit(speech, "Press into the wall.", "Press", S(2), &s,
				 &n),
		0);
	assert_int_equal(n, 20 * 60 * FAKE_RATE / 1000);
	free(s);
	/* In 0.5 s only the short form fits (0.3 s). */
	assert_int_equal(mb_speech_render_fit(speech, "Press into the wall.", "Press", S(1) / 2, &s,
				 &n),
		0);
	assert_int_equal(n, 5 * 60 * FAKE_RATE / 1000);
	free(s);
	/* In 0.1 s nothing fits: cut at the limit, fading to nothing. */
	assert_int_equal(mb_speech_render_fit(speech, "Press into the wall.", "Press", S(1) / 10,
				 &s, &n),
		0);
	assert_int_equal(n, FAKE_RATE / 10);
	assert_true(abs(s[n - 1]) < 100);
	free(s);
	assert_int_equal(mb_speech_render_fit(speech, "Press", NULL, 0, &s, &n), 0);
	assert_int_equal(n, 0);
	assert_null(s);
	mb_speech_destroy(speech);
}

static void a_hold_is_announced_then_counted_down_on_time(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.5);
	struct mb_speech *speech = mb_speech_fake_create();
	struct mb_voice *voice = mb_voice_create(speech,
		&(struct mb_voice_options){ .time_scale = 1.0, .step_sound = true });
	assert_non_null(voice);
	size_t seen = 0;
	size_t hold = wall_press_hold(tl);
	const struct mb_cue *c = &tl->cues[hold];
	int64_t now = S(1000);
	assert_int_equal(mb_voice_on_cue(voice, tl, hold, c->t_us, now), 0);
	assert_int_equal(mb_voice_next_deadline(voice), now);
	assert_int_equal(mb_voice_dispatch(voice, now), 0);
	const char *log = log_since(speech, &seen);
	assert_non_null(strstr(log, "render Hold"));
	assert_non_null(strstr(log, "play "));
	/* "three" falls due two seconds into the five. */
	int64_t three = now + c->dur_us - S(3);
	assert_int_equal(mb_voice_next_deadline(voice), three);
	assert_int_equal(mb_voice_dispatch(voice, three - 1), 0);
	assert_string_equal(log_since(speech, &seen), "");
	assert_int_equal(mb_voice_dispatch(voice, three), 0);
	assert_non_null(strstr(log_since(speech, &seen), "render three\n"));
	assert_int_equal(mb_voice_next_deadline(voice), three + S(1));
	/* Late by more than a second: only the latest number is said, none queued. */
	assert_int_equal(mb_voice_dispatch(voice, three + S(2) + 1000), 0);
	log = log_since(speech, &seen);
	assert_null(strstr(log, "render two"));
	assert_non_null(strstr(log, "render one\n"));
	assert_int_equal(mb_voice_next_deadline(voice), INT64_MAX);
	mb_voice_destroy(voice);
	mb_speech_destroy(speech);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

static void a_new_cue_cuts_off_and_pause_silences(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.5);
	struct mb_speech *speech = mb_speech_fake_create();
	struct mb_voice *voice = mb_voice_create(speech, NULL);
	size_t seen = 0;
	int64_t now = S(50);
	mb_voice_on_cue(voice, tl, 0, 0, now);
	mb_voice_dispatch(voice, now);
	log_since(speech, &seen);
	/* The next cue comes: whatever is playing stops at once. */
	now += tl->cues[1].t_us;
	mb_voice_on_cue(voice, tl, 1, tl->cues[1].t_us, now);
	assert_string_equal(log_since(speech, &seen), "stop\n");
	mb_voice_dispatch(voice, now);
	assert_non_null(strstr(log_since(speech, &seen), "play "));
	mb_voice_pause(voice);
	assert_string_equal(log_since(speech, &seen), "stop\n");
	assert_int_equal(mb_voice_next_deadline(voice), INT64_MAX);
	assert_int_equal(mb_voice_dispatch(voice, now + S(100)), 0);
	assert_string_equal(log_since(speech, &seen), "");
	mb_voice_destroy(voice);
	mb_speech_destroy(speech);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

static void resuming_mid_hold_keeps_the_countdown_only(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.5);
	struct mb_speech *speech = mb_speech_fake_create();
	/* No step sound: a resume in the same cue makes none anyway; this shows the words alone. */
	struct mb_voice *voice = mb_voice_create(speech,
		&(struct mb_voice_options){ .time_scale = 1.0, .step_sound = false });
	size_t seen = 0;
	size_t hold = wall_press_hold(tl);
	const struct mb_cue *c = &tl->cues[hold];
	int64_t now = S(7);
	mb_voice_on_cue(voice, tl, hold, c->t_us + S(1), now);
	/* The hold's words are not said again; "three" comes a second later. */
	assert_int_equal(mb_voice_next_deadline(voice), now + S(1));
	mb_voice_dispatch(voice, now + S(1));
	const char *log = log_since(speech, &seen);
	assert_null(strstr(log, "render Hold"));
	assert_non_null(strstr(log, "render three"));
	mb_voice_destroy(voice);
	mb_speech_destroy(speech);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

static void time_scale_shrinks_the_slots(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.5);
	struct mb_speech *speech = mb_speech_fake_create();
	struct mb_voice *voice = mb_voice_create(speech,
		&(struct mb_voice_options){ .time_scale = 10.0, .step_sound = false });
	size_t hold = wall_press_hold(tl);
	int64_t now = S(3);
	mb_voice_on_cue(voice, tl, hold, tl->cues[hold].t_us, now);
	/* Two seconds of timeline to "three" are a fifth of a second of clock. */
	mb_voice_dispatch(voice, now);
	assert_int_equal(mb_voice_next_deadline(voice), now + S(2) / 10);
	/* What plays fits the scaled slot: at most 1.9 s / 10. */
	assert_true(mb_voice_busy_until(voice) - now <= S(19) / 100 + 1000);
	mb_voice_destroy(voice);
	mb_speech_destroy(speech);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

static void the_track_is_the_plan_long_with_sound_at_cues(void **state)
{
	struct mb_routine *r = load_builtin("micro-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.5);
	struct mb_speech *speech = mb_speech_fake_create();
	int16_t *track = NULL;
	size_t len = 0;
	assert_int_equal(mb_voice_track_render(speech, tl, true, &track, &len), 0);
	assert_int_equal(len, (size_t)(tl->total_us * FAKE_RATE / 1000000));
	for (size_t i = 0; i + 1 < tl->cues_len; i++) {
		size_t at = (size_t)(tl->cues[i].t_us * FAKE_RATE / 1000000);
		size_t end = (size_t)(tl->cues[i + 1].t_us * FAKE_RATE / 1000000);
		int peak = 0;
		for (size_t k = at; k < at + FAKE_RATE / 10; k++)
			peak = abs(track[k]) > peak ? abs(track[k]) : peak;
		assert_true(peak > 1000);
		/* The gap before the next cue is silent: nothing ran over. */
		for (size_t k = end - FAKE_RATE / 20; k < end; k++)
			assert_int_equal(track[k], 0);
	}
	free(track);
	mb_speech_destroy(speech);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/* What a streamed track hands on: every block's size, and the samples for comparing. */
struct blocks {
	int16_t *samples;
	size_t len, cap, largest, count;
};

static int take_block(void *data, const int16_t *samples, size_t len)
{
	struct blocks *b = data;
	if (len > b->largest)
		b->largest = len;
	b->count++;
	if (b->samples) {
		assert_true(b->len + len <= b->cap);
		memcpy(b->samples + b->len, samples, len * sizeof(*samples));
	}
	b->len += len;
	return 0;
}

static void the_streamed_track_is_the_rendered_one(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.5);
	struct mb_speech *speech = mb_speech_fake_create();
	int16_t *track = NULL;
	size_t len = 0;
	assert_int_equal(mb_voice_track_render(speech, tl, true, &track, &len), 0);
	struct blocks b = { .samples = calloc(len, sizeof(int16_t)), .cap = len };
	assert_non_null(b.samples);
	assert_int_equal(mb_voice_track_stream(speech, tl, true, take_block, &b), 0);
	assert_int_equal(b.len, len);
	assert_int_equal(b.len, mb_voice_track_len(tl, FAKE_RATE));
	assert_memory_equal(b.samples, track, len * sizeof(int16_t));
	assert_true(b.count > 1);
	free(b.samples);
	free(track);
	mb_speech_destroy(speech);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/* The longest break there may be goes out in blocks of seconds, never the plan at once. */
static void a_half_hour_track_streams_in_small_blocks(void **state)
{
	static const char text[] =
		"name: long\ntitle: Long\nexercises:\n  - title: Wall sit\n"
		"    prepare: 0s\n    reps: 3\n    steps:\n      - hold: Stay\n        time: 10m\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = mb_routine_parse(text, strlen(text), &diags);
	assert_non_null(r);
	struct mb_timeline *tl = mb_timeline_create(r, 1.0);
	assert_int_equal(tl->total_us, MB_MAX_ROUTINE_US);
	struct mb_speech *speech = mb_speech_fake_create();
	struct blocks b = { 0 };
	assert_int_equal(mb_voice_track_stream(speech, tl, true, take_block, &b), 0);
	assert_int_equal(b.len, (size_t)(30 * 60 * FAKE_RATE));
	/* A window of a few seconds: 4 s here, far from the 28.8 million samples of the plan. */
	assert_true(b.largest <= (size_t)(4 * FAKE_RATE));
	mb_speech_destroy(speech);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(render_fit_shortens_then_cuts),
		cmocka_unit_test(a_hold_is_announced_then_counted_down_on_time),
		cmocka_unit_test(a_new_cue_cuts_off_and_pause_silences),
		cmocka_unit_test(resuming_mid_hold_keeps_the_countdown_only),
		cmocka_unit_test(time_scale_shrinks_the_slots),
		cmocka_unit_test(the_track_is_the_plan_long_with_sound_at_cues),
		cmocka_unit_test(the_streamed_track_is_the_rendered_one),
		cmocka_unit_test(a_half_hour_track_streams_in_small_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

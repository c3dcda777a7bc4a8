/* The voice line: every cue spoken in time, countdowns in holds, nothing queued past a cue. */
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

#define S(x) ((int64_t)MB_US_PER_S * (x))

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

struct fixture {
	struct mb_routine *routine;
	struct mb_timeline *tl;
	struct mb_voiceline *vl;
};

static void setup(struct fixture *fx, const char *name, double level,
	const struct mb_voiceline_options *opt)
{
	fx->routine = load_builtin(name);
	fx->tl = mb_timeline_create(fx->routine, level);
	assert_non_null(fx->tl);
	fx->vl = mb_voiceline_create(fx->tl, opt);
	assert_non_null(fx->vl);
}

static void teardown(struct fixture *fx)
{
	mb_voiceline_destroy(fx->vl);
	mb_timeline_destroy(fx->tl);
	mb_routine_destroy(fx->routine);
}

/* The utterance that starts exactly at t_us, or NULL. */
static const struct mb_utterance *said_at(const struct mb_voiceline *vl, int64_t t_us)
{
	size_t i = mb_voiceline_first_at(vl, t_us);
	return i < vl->len && vl->items[i].t_us == t_us ? &vl->items[i] : NULL;
}

static void check_fits(const struct mb_timeline *tl, const struct mb_voiceline *vl,
	const struct mb_voiceline_options *opt)
{
	assert_true(vl->len > 0);
	for (size_t i = 0; i < vl->len; i++) {
		const struct mb_utterance *u = &vl->items[i];
		assert_non_null(u->text);
		assert_non_null(u->short_text);
		assert_true(u->text[0] != '\0');
		assert_true(u->cue < tl->cues_len);
		const struct mb_cue *c = &tl->cues[u->cue];
		assert_true(u->t_us >= c->t_us);
		assert_true(u->max_us >= 0);
		int64_t end = u->t_us + u->max_us;
		if (c->kind == MB_CUE_DONE) {
			assert_int_equal(u->t_us, tl->total_us);
			assert_true(end <= tl->total_us + MB_VOICELINE_TAIL_US);
		} else {
			/* Never past the next cue's start: a long cue is shortened, not queued. */
			assert_true(end <= c->t_us + c->dur_us);
		}
		if (i + 1 < vl->len) {
			assert_true(u->t_us < vl->items[i + 1].t_us);
			assert_true(end + MB_VOICELINE_GAP_US <= vl->items[i + 1].t_us);
		}
		/* The phrase picked is estimated to fit, unless it is already the shortest. */
		if (mb_voiceline_estimate_us(opt, u->text) > u->max_us)
			assert_string_equal(u->text, u->short_text);
		assert_true(strlen(u->short_text) <= strlen(u->text));
	}
}

static void utterances_never_run_into_the_next_cue(void **state)
{
	const char *names[] = { "shoulder-reset", "micro-reset" };
	const double levels[] = { 0.0, 0.5, 1.0 };
	for (size_t n = 0; n < 2; n++) {
		for (size_t l = 0; l < 3; l++) {
			struct fixture fx;
			setup(&fx, names[n], levels[l], NULL);
			check_fits(fx.tl, fx.vl, NULL);
			teardown(&fx);
		}
	}
}

static void a_slow_voice_gets_shorter_phrases_not_a_queue(void **state)
{
	struct mb_voiceline_options slow = { .us_per_char = 200000 };
	struct fixture fast, fx;
	setup(&fast, "shoulder-reset", 0.5, NULL);
	setup(&fx, "shoulder-reset", 0.5, &slow);
	check_fits(fx.tl, fx.vl, &slow);
	/* Same moments, fewer words. */
	assert_int_equal(fx.vl->len, fast.vl->len);
	size_t shorter = 0;
	for (size_t i = 0; i < fx.vl->len; i++) {
		assert_int_equal(fx.vl->items[i].t_us, fast.vl->items[i].t_us);
		assert_true(strlen(fx.vl->items[i].text) <= strlen(fast.vl->items[i].text));
		shorter += strlen(fx.vl->items[i].text) < strlen(fast.vl->items[i].text);
	}
	assert_true(shorter > 10);
	/* The wall press instruction still starts with what to do. */
	const struct mb_utterance *u = said_at(fx.vl, fx.tl->spans[1].start_us);
	assert_non_null(u);
	assert_string_equal(u->short_text, "Wall press");
	teardown(&fast);
	teardown(&fx);
}

static void every_cue_start_is_spoken(void **state)
{
	struct fixture fx;
	setup(&fx, "shoulder-reset", 1.0, NULL);
	for (size_t i = 0; i < fx.tl->cues_len; i++) {
		const struct mb_utterance *u = said_at(fx.vl, fx.tl->cues[i].t_us);
		assert_non_null(u);
		assert_false(u->countdown);
		assert_int_equal(u->cue, i);
	}
	teardown(&fx);
}

static void holds_of_3s_or_more_count_down_three_two_one(void **state)
{
	struct fixture fx;
	setup(&fx, "shoulder-reset", 0.0, NULL);
	size_t holds = 0, short_holds = 0;
	for (size_t i = 0; i < fx.tl->cues_len; i++) {
		const struct mb_cue *c = &fx.tl->cues[i];
		if (c->kind != MB_CUE_HOLD)
			continue;
		int64_t end = c->t_us + c->dur_us;
		const struct mb_utterance *start = said_at(fx.vl, c->t_us);
		assert_non_null(start);
		assert_memory_equal(start->text, "Hold", 4);
		if (c->dur_us < S(3)) {
			/* A one-second hold has no room for a countdown. */
			assert_int_equal(mb_voiceline_first_at(fx.vl, c->t_us + 1),
				mb_voiceline_first_at(fx.vl, end));
			short_holds++;
			continue;
		}
		const char *words[] = { "three", "two", "one" };
		for (int k = 0; k < 3; k++) {
			const struct mb_utterance *u = said_at(fx.vl, end - S(3 - k));
			assert_non_null(u);
			assert_true(u->countdown);
			assert_string_equal(u->text, words[k]);
			assert_int_equal(u->cue, i);
		}
		/* The words at the start of the hold end before "three". */
		assert_true(start->t_us + start->max_us <= end - S(3));
		holds++;
	}
	assert_int_equal(holds, 5);
	assert_true(short_holds >= 5);
	teardown(&fx);
}

static void a_hold_paced_by_breaths_counts_down_too(void **state)
{
	struct fixture fx;
	setup(&fx, "shoulder-reset", 0.5, NULL);
	/* Upper-back expansion: breaths inside one hold. */
	size_t last = 0;
	for (size_t i = 0; i < fx.tl->cues_len; i++)
		if (fx.tl->cues[i].exercise == 4 && fx.tl->cues[i].hold_end_us)
			last = i;
	assert_true(last > 0);
	int64_t end = fx.tl->cues[last].hold_end_us;
	const struct mb_utterance *one = said_at(fx.vl, end - S(1));
	assert_non_null(one);
	assert_string_equal(one->text, "one");
	assert_non_null(said_at(fx.vl, end - S(3)));
	teardown(&fx);
}

static void breathe_in_and_out_alternate_with_the_pacer(void **state)
{
	struct fixture fx;
	setup(&fx, "shoulder-reset", 1.0, NULL);
	size_t in = 0, out = 0;
	enum mb_cue_kind prev = MB_CUE_DONE;
	for (size_t i = 0; i < fx.tl->cues_len; i++) {
		const struct mb_cue *c = &fx.tl->cues[i];
		if (c->kind != MB_CUE_BREATHE_IN && c->kind != MB_CUE_BREATHE_OUT)
			continue;
		const struct mb_utterance *u = said_at(fx.vl, c->t_us);
		assert_non_null(u);
		const char *word = c->kind == MB_CUE_BREATHE_IN ? "Breathe in" : "Breathe out";
		assert_memory_equal(u->text, word, strlen(word));
		/* In, out, in, out: the spoken words follow the pacer's cues. */
		if (prev == c->kind && i > 0 && fx.tl->cues[i - 1].exercise == c->exercise &&
			(fx.tl->cues[i - 1].kind == MB_CUE_BREATHE_IN ||
				fx.tl->cues[i - 1].kind == MB_CUE_BREATHE_OUT))
			fail_msg("two '%s' in a row at cue %zu", word, i);
		prev = c->kind;
		in += c->kind == MB_CUE_BREATHE_IN;
		out += c->kind == MB_CUE_BREATHE_OUT;
		/* After the first breath, only the pacer's words. */
		if (c->breath > 1)
			assert_string_equal(u->text, word);
	}
	assert_true(in >= 9);
	assert_int_equal(in, out);
	teardown(&fx);
}

static void switch_sides_is_spoken(void **state)
{
	struct fixture fx;
	setup(&fx, "shoulder-reset", 0.5, NULL);
	size_t switches = 0;
	for (size_t i = 0; i < fx.tl->cues_len; i++) {
		if (fx.tl->cues[i].kind != MB_CUE_SWITCH)
			continue;
		const struct mb_utterance *u = said_at(fx.vl, fx.tl->cues[i].t_us);
		assert_non_null(u);
		assert_memory_equal(u->text, "Switch sides", 12);
		assert_string_equal(u->short_text, "Switch sides");
		switches++;
	}
	assert_int_equal(switches, 1);
	teardown(&fx);
}

static void repeated_reps_are_counted_not_repeated(void **state)
{
	struct fixture fx;
	setup(&fx, "shoulder-reset", 0.5, NULL);
	/* Shoulder rolls: rep 2 says its number, not the whole instruction again. */
	size_t seen = 0;
	for (size_t i = 0; i < fx.tl->cues_len; i++) {
		const struct mb_cue *c = &fx.tl->cues[i];
		if (c->exercise != 3 || c->kind != MB_CUE_MOVE || c->rep != 2)
			continue;
		const struct mb_utterance *u = said_at(fx.vl, c->t_us);
		assert_non_null(u);
		assert_memory_equal(u->text, "Two", 3);
		assert_true(strlen(u->text) < strlen(c->text));
		seen++;
	}
	assert_int_equal(seen, 2);
	teardown(&fx);
}

static void the_closing_words_come_at_the_end(void **state)
{
	struct fixture fx;
	setup(&fx, "micro-reset", 0.5, NULL);
	const struct mb_utterance *u = &fx.vl->items[fx.vl->len - 1];
	assert_int_equal(u->t_us, fx.tl->total_us);
	assert_string_equal(u->text, fx.tl->cues[fx.tl->cues_len - 1].text);
	assert_int_equal(mb_voiceline_first_at(fx.vl, fx.tl->total_us + 1), fx.vl->len);
	assert_int_equal(mb_voiceline_first_at(fx.vl, 0), 0);
	teardown(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utterances_never_run_into_the_next_cue),
		cmocka_unit_test(a_slow_voice_gets_shorter_phrases_not_a_queue),
		cmocka_unit_test(every_cue_start_is_spoken),
		cmocka_unit_test(holds_of_3s_or_more_count_down_three_two_one),
		cmocka_unit_test(a_hold_paced_by_breaths_counts_down_too),
		cmocka_unit_test(breathe_in_and_out_alternate_with_the_pacer),
		cmocka_unit_test(switch_sides_is_spoken),
		cmocka_unit_test(repeated_reps_are_counted_not_repeated),
		cmocka_unit_test(the_closing_words_come_at_the_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Timeline, dose and playback: the invariants the coach relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/playback.h"
#include "core/timeline.h"
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
	if (!r)
		fail_msg("%s:%d:%d: %s", path, diags.items[0].line, diags.items[0].column,
			diags.items[0].message);
	return r;
}

/* Every cue starts where the one before ended; the done cue closes at the total. */
static void check_contiguous(const struct mb_timeline *tl)
{
	assert_true(tl->cues_len > 1);
	assert_int_equal(tl->cues[0].t_us, 0);
	int64_t sum = 0;
	for (size_t i = 0; i < tl->cues_len; i++) {
		const struct mb_cue *c = &tl->cues[i];
		assert_int_equal(c->t_us, sum);
		assert_true(c->dur_us >= 0);
		assert_non_null(c->text);
		assert_true(c->exercise >= 1 && c->exercise <= tl->spans_len);
		if (i > 0)
			assert_true(c->exercise >= tl->cues[i - 1].exercise);
		sum += c->dur_us;
	}
	const struct mb_cue *last = &tl->cues[tl->cues_len - 1];
	assert_int_equal(last->kind, MB_CUE_DONE);
	assert_int_equal(last->dur_us, 0);
	assert_int_equal(sum, tl->total_us);
	for (size_t i = 0; i + 1 < tl->cues_len; i++)
		assert_int_not_equal(tl->cues[i].kind, MB_CUE_DONE);
	/* Spans tile the break exercise by exercise. */
	int64_t at = 0;
	for (size_t k = 0; k < tl->spans_len; k++) {
		assert_int_equal(tl->spans[k].start_us, at);
		assert_int_equal(tl->cues[tl->spans[k].first_cue].exercise, k + 1);
		assert_int_equal(tl->cues[tl->spans[k].first_cue].kind, MB_CUE_PREPARE);
		at += tl->spans[k].dur_us;
	}
	assert_int_equal(at, tl->total_us);
}

static void timeline_cues_are_contiguous_at_every_level(void **state)
{
	const char *names[] = { "shoulder-reset", "micro-reset" };
	for (size_t n = 0; n < 2; n++) {
		struct mb_routine *r = load_builtin(names[n]);
		for (int i = 0; i <= 10; i++) {
			struct mb_timeline *tl = mb_timeline_create(r, i / 10.0);
			assert_non_null(tl);
			check_contiguous(tl);
			assert_int_equal(tl->total_us, mb_routine_total_us(r, i / 10.0));
			mb_timeline_destroy(tl);
		}
		mb_routine_destroy(r);
	}
}

static void shoulder_reset_lasts_3_to_5_minutes_at_every_m(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	for (int tenths = 5; tenths <= 200; tenths += 5) {
		double level = mb_dose_fit(r, S(6 * tenths));
		int64_t total = mb_routine_total_us(r, level);
		assert_in_range(total, S(180), S(300));
	}
	mb_routine_destroy(r);
}

static void dose_3_minutes_is_low_end_and_5_is_high_end(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	assert_int_equal(mb_routine_total_us(r, mb_dose_fit(r, S(180))),
		mb_routine_total_us(r, 0.0));
	assert_int_equal(mb_routine_total_us(r, mb_dose_fit(r, S(300))),
		mb_routine_total_us(r, 1.0));
	/* Every whole second in reach lands within two seconds of it. */
	int lo_s = (int)(mb_routine_total_us(r, 0.0) / MB_US_PER_S) + 2;
	int hi_s = (int)(mb_routine_total_us(r, 1.0) / MB_US_PER_S) - 2;
	for (int target = lo_s; target <= hi_s; target++) {
		int64_t total = mb_routine_total_us(r, mb_dose_fit(r, S(target)));
		assert_in_range(total, S(target - 2), S(target + 2));
	}
	mb_routine_destroy(r);
}

static void dose_total_never_shrinks_as_level_grows(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	int64_t prev = 0;
	for (int i = 0; i <= 100; i++) {
		int64_t t = mb_routine_total_us(r, i / 100.0);
		assert_true(t >= prev);
		prev = t;
	}
	mb_routine_destroy(r);
}

/* The dose fit returns the closest total there is, among the levels it tries. */
static void dose_fit_is_closest_reachable_total(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	for (int target = 150; target <= 330; target += 7) {
		int64_t got = llabs(mb_routine_total_us(r, mb_dose_fit(r, S(target))) - S(target));
		for (int i = 0; i <= 1000; i++)
			assert_true(got <= llabs(mb_routine_total_us(r, i / 1000.0) - S(target)));
	}
	mb_routine_destroy(r);
}

/* ---- The closed-form totals and the fit, against the timeline and an exhaustive search ---- */

#define FIT_STEPS 1000

/* A small deterministic generator, so a failure names a routine that can be made again. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static int64_t random_in(uint64_t *state, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(next_random(state) % (uint64_t)(hi - lo + 1));
}

static struct mb_range random_range(uint64_t *state, int64_t lo_min, int64_t lo_max, int64_t spread)
{
	int64_t lo = random_in(state, lo_min, lo_max);
	/* About a third of the ranges are fixed values. */
	int64_t hi = random_in(state, 0, 2) == 0 ? lo : lo + random_in(state, 0, spread);
	return (struct mb_range){ lo, hi };
}

/*
 * A routine built by hand within the loader's rules: every kind of step,
 * paced holds, both sides, zero-length prepare cues, durations with odd
 * microseconds so ranges of whole seconds do not divide evenly.
 */
static struct mb_routine *random_routine(uint64_t seed)
{
	uint64_t st = seed * 0x9e3779b97f4a7c15u + 1;
	struct mb_routine *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->name = "random";
	r->title = "Random";
	r->exercises_len = (size_t)random_in(&st, 1, 5);
	r->exercises = calloc(r->exercises_len, sizeof(*r->exercises));
	assert_non_null(r->exercises);
	for (size_t e = 0; e < r->exercises_len; e++) {
		struct mb_exercise *ex = &r->exercises[e];
		ex->title = "exercise";
		ex->prepare_us = random_in(&st, 0, 1) ? 0 : random_in(&st, S(1) / 2, S(8));
		ex->reps = random_range(&st, 1, 4, 6);
		ex->both_sides = random_in(&st, 0, 2) == 0;
		ex->switch_us = random_in(&st, S(1) / 2, S(5));
		ex->steps_len = (size_t)random_in(&st, 1, 6);
		ex->steps = calloc(ex->steps_len, sizeof(*ex->steps));
		assert_non_null(ex->steps);
		for (size_t i = 0; i < ex->steps_len; i++) {
			struct mb_step *step = &ex->steps[i];
			step->kind = (enum mb_step_kind)random_in(&st, MB_STEP_MOVE,
				MB_STEP_REVERSE);
			step->text = "step";
			step->reps = random_range(&st, 1, 3, 5);
			step->time_us = random_range(&st, S(1) / 2, S(6), S(20));
			if (step->kind == MB_STEP_BREATHE) {
				step->breaths = random_range(&st, 1, 4, 4);
				step->in_us = random_in(&st, S(1) / 2, S(5));
				step->out_us = random_in(&st, S(1) / 2, S(7));
			} else if (step->kind == MB_STEP_HOLD && random_in(&st, 0, 1)) {
				step->breaths = random_range(&st, 1, 3, 3);
				/* Room for two seconds a breath, as the loader asks. */
				int64_t need = 2 * S(1) * step->breaths.hi;
				if (step->time_us.lo < need)
					step->time_us.lo = need;
				if (step->time_us.hi < step->time_us.lo)
					step->time_us.hi = step->time_us.lo;
			}
		}
	}
	return r;
}

static void random_routine_destroy(struct mb_routine *r)
{
	for (size_t e = 0; e < r->exercises_len; e++)
		free(r->exercises[e].steps);
	free(r->exercises);
	free(r);
}

/* Build the timeline and compare it with the closed-form total and cue count. */
static void check_sums_match_timeline(const struct mb_routine *r, double level)
{
	struct mb_timeline *tl = mb_timeline_create(r, level);
	assert_non_null(tl);
	if (tl->total_us != mb_routine_total_us(r, level) ||
		tl->cues_len != mb_routine_cue_count(r, level))
		fail_msg("at level %.6f: the timeline has %zu cues and %lld us, the sums %llu and %lld",
			level, tl->cues_len, (long long)tl->total_us,
			(unsigned long long)mb_routine_cue_count(r, level),
			(long long)mb_routine_total_us(r, level));
	for (size_t k = 0; k < tl->spans_len; k++)
		assert_int_equal(tl->spans[k].dur_us, mb_exercise_total_us(r, k, level));
	mb_timeline_destroy(tl);
}

static void sums_match_the_timeline_at_every_level(void **state)
{
	const char *names[] = { "shoulder-reset", "micro-reset" };
	for (size_t n = 0; n < 2; n++) {
		struct mb_routine *r = load_builtin(names[n]);
		for (int i = 0; i <= FIT_STEPS; i++)
			check_sums_match_timeline(r, (double)i / FIT_STEPS);
		mb_routine_destroy(r);
	}
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct mb_routine *r = random_routine(seed);
		for (int i = 0; i <= FIT_STEPS; i += 9)
			check_sums_match_timeline(r, (double)i / FIT_STEPS);
		/* Levels between the fit's, and outside 0..1, too. */
		const double odd[] = { 1.0, 0.12345, 0.5000001, 0.999999, -0.5, 2.0 };
		for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
			check_sums_match_timeline(r, odd[i]);
		random_routine_destroy(r);
	}
}

/* The fit as it was first written: try every level, keep the first closest. */
static int fit_by_trying_every_level(const int64_t *totals, int64_t target_us)
{
	int best = 0;
	int64_t best_diff = INT64_MAX;
	for (int i = 0; i <= FIT_STEPS; i++) {
		int64_t diff = llabs(totals[i] - target_us);
		if (diff < best_diff) {
			best_diff = diff;
			best = i;
		}
	}
	return best;
}

static void check_fit_against_search(const struct mb_routine *r, const char *what)
{
	int64_t totals[FIT_STEPS + 1];
	for (int i = 0; i <= FIT_STEPS; i++)
		totals[i] = mb_routine_total_us(r, (double)i / FIT_STEPS);
	/* The hard targets: every total, one off either side, each midpoint (a tie), the ends. */
	int64_t targets[4 * (FIT_STEPS + 1) + 8];
	size_t n = 0;
	for (int i = 0; i <= FIT_STEPS; i++) {
		if (i > 0 && totals[i] == totals[i - 1])
			continue;
		targets[n++] = totals[i];
		targets[n++] = totals[i] - 1;
		targets[n++] = totals[i] + 1;
		if (i > 0)
			targets[n++] = totals[i - 1] + (totals[i] - totals[i - 1]) / 2;
	}
	targets[n++] = 0;
	targets[n++] = -S(60);
	targets[n++] = totals[FIT_STEPS] * 2;
	targets[n++] = S(180);
	targets[n++] = S(300);
	targets[n++] = INT64_C(1) << 40;
	for (size_t t = 0; t < n; t++) {
		int want = fit_by_trying_every_level(totals, targets[t]);
		double got = mb_dose_fit(r, targets[t]);
		if (got != (double)want / FIT_STEPS)
			fail_msg("%s: for %lld us the fit chose %.6f, trying every level %.6f",
				what, (long long)targets[t], got, (double)want / FIT_STEPS);
	}
}

static void dose_fit_matches_a_search_of_every_level(void **state)
{
	const char *names[] = { "shoulder-reset", "micro-reset" };
	for (size_t n = 0; n < 2; n++) {
		struct mb_routine *r = load_builtin(names[n]);
		check_fit_against_search(r, names[n]);
		mb_routine_destroy(r);
	}
	for (uint64_t seed = 1; seed <= 300; seed++) {
		struct mb_routine *r = random_routine(seed);
		char what[32];
		snprintf(what, sizeof(what), "random routine %llu", (unsigned long long)seed);
		check_fit_against_search(r, what);
		random_routine_destroy(r);
	}
}

/* The range's step-ups are spread, so even a routine of fixed values fits at level 0. */
static void dose_fit_of_fixed_routine_is_level_0(void **state)
{
	struct mb_routine *r = load_builtin("micro-reset");
	assert_true(mb_dose_fit(r, S(1)) == 0.0);
	assert_true(mb_dose_fit(r, S(3600)) == 0.0);
	mb_routine_destroy(r);
}

static size_t count_kind(const struct mb_timeline *tl, size_t exercise, enum mb_cue_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < tl->cues_len; i++)
		n += tl->cues[i].exercise == exercise && tl->cues[i].kind == kind;
	return n;
}

static void shoulder_blade_reps_count_5_to_10_with_two_phases(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *lo = mb_timeline_create(r, 0.0), *hi = mb_timeline_create(r, 1.0);
	assert_int_equal(count_kind(lo, 1, MB_CUE_HOLD), 5);
	assert_int_equal(count_kind(hi, 1, MB_CUE_HOLD), 10);
	assert_int_equal(count_kind(hi, 1, MB_CUE_MOVE), 20);
	/* Each rep is squeeze, hold, spread, all labelled with the same rep n of 10. */
	const struct mb_cue *c = &hi->cues[hi->spans[0].first_cue + 1];
	for (unsigned rep = 1; rep <= 10; rep++, c += 3) {
		assert_int_equal(c[0].kind, MB_CUE_MOVE);
		assert_int_equal(c[1].kind, MB_CUE_HOLD);
		assert_int_equal(c[2].kind, MB_CUE_MOVE);
		for (int k = 0; k < 3; k++) {
			assert_int_equal(c[k].rep, rep);
			assert_int_equal(c[k].of, 10);
		}
		assert_non_null(strstr(c[0].text, "toward each other"));
		assert_non_null(strstr(c[2].text, "apart"));
	}
	mb_timeline_destroy(lo);
	mb_timeline_destroy(hi);
	mb_routine_destroy(r);
}

static void wall_press_holds_5s_five_times_with_rest_between(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.5);
	size_t holds = 0;
	for (size_t i = 0; i < tl->cues_len; i++) {
		const struct mb_cue *c = &tl->cues[i];
		if (c->exercise != 2 || c->kind != MB_CUE_HOLD)
			continue;
		holds++;
		assert_int_equal(c->dur_us, S(5));
		assert_int_equal(c->hold_end_us, c->t_us + S(5));
		assert_int_equal(c->rep, holds);
		assert_int_equal(c->of, 5);
		assert_int_equal(tl->cues[i + 1].kind, MB_CUE_RELEASE);
		assert_int_equal(tl->cues[i + 2].kind, MB_CUE_REST);
	}
	assert_int_equal(holds, 5);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

static void shoulder_rolls_reverse_between_directions(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	size_t rev = 0, before = 0, after = 0;
	for (size_t i = 0; i < tl->cues_len; i++) {
		const struct mb_cue *c = &tl->cues[i];
		if (c->exercise != 3)
			continue;
		if (c->kind == MB_CUE_REVERSE)
			rev = i;
		else if (c->kind == MB_CUE_MOVE && !rev) {
			before++;
			assert_string_equal(c->direction, "backward");
		} else if (c->kind == MB_CUE_MOVE) {
			after++;
			assert_string_equal(c->direction, "forward");
			assert_int_equal(c->of, 3);
		}
	}
	assert_true(rev > 0);
	assert_int_equal(before, 3);
	assert_int_equal(after, 3);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

static void upper_back_hold_is_paced_as_three_breaths(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	for (int lv = 0; lv <= 1; lv++) {
		struct mb_timeline *tl = mb_timeline_create(r, lv);
		int64_t start = -1, sum = 0, end = 0;
		unsigned n = 0;
		for (size_t i = 0; i < tl->cues_len; i++) {
			const struct mb_cue *c = &tl->cues[i];
			if (c->exercise != 4 ||
				(c->kind != MB_CUE_BREATHE_IN && c->kind != MB_CUE_BREATHE_OUT))
				continue;
			if (start < 0)
				start = c->t_us;
			assert_int_equal(c->breaths, 3);
			assert_int_equal(c->kind, n % 2 ? MB_CUE_BREATHE_OUT : MB_CUE_BREATHE_IN);
			assert_int_equal(c->breath, n / 2 + 1);
			end = c->hold_end_us;
			sum += c->dur_us;
			n++;
		}
		assert_int_equal(n, 6);
		assert_int_equal(sum, lv ? S(30) : S(20));
		assert_int_equal(end, start + sum);
		mb_timeline_destroy(tl);
	}
	mb_routine_destroy(r);
}

static void neck_reset_runs_left_then_right_with_a_switch(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	enum mb_side seen = MB_SIDE_NONE;
	size_t switches = 0;
	for (size_t i = 0; i < tl->cues_len; i++) {
		const struct mb_cue *c = &tl->cues[i];
		if (c->exercise != 5 || c->kind == MB_CUE_PREPARE || c->kind == MB_CUE_DONE)
			continue;
		if (c->kind == MB_CUE_SWITCH) {
			switches++;
			assert_int_equal(seen, MB_SIDE_LEFT);
			assert_int_equal(c->side, MB_SIDE_RIGHT);
		}
		if (c->kind == MB_CUE_MOVE) {
			const char *want = c->side == MB_SIDE_LEFT ?
				"your left ear toward your left shoulder" :
				"your right ear toward your right shoulder";
			assert_non_null(strstr(c->text, want));
		}
		if (c->kind == MB_CUE_BREATHE_IN)
			assert_non_null(strstr(c->text,
				c->side == MB_SIDE_LEFT ? "right side" : "left side"));
		assert_null(strchr(c->text, '{'));
		seen = c->side;
	}
	assert_int_equal(switches, 1);
	assert_int_equal(seen, MB_SIDE_RIGHT);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

struct fill_case {
	const char *name, *text;
	enum mb_side side;
	const char *want;
};

static const struct fill_case fill_cases[] = {
	{ "left_side_fills_both_words", "your {side} ear toward your {side} shoulder, {other} hand",
		MB_SIDE_LEFT, "your left ear toward your left shoulder, right hand" },
	{ "right_side_swaps_them", "soften the {other} side, {side} hand", MB_SIDE_RIGHT,
		"soften the left side, right hand" },
	{ "no_side_reads_as_the_first_side_left", "your {side} ear, your {other} hand",
		MB_SIDE_NONE, "your left ear, your right hand" },
	{ "adjacent_placeholders_fill_each", "{side}{other}{side}", MB_SIDE_RIGHT,
		"rightleftright" },
	{ "other_braces_are_copied", "{sid} {x} {Side} { {side", MB_SIDE_LEFT,
		"{sid} {x} {Side} { {side" },
	{ "text_without_placeholders_is_copied", "Ease off the press", MB_SIDE_NONE,
		"Ease off the press" },
	{ "empty_text_stays_empty", "", MB_SIDE_LEFT, "" },
};

static void side_fill_gives_the_text_each_front_end_shows(void **state)
{
	for (size_t i = 0; i < sizeof(fill_cases) / sizeof(fill_cases[0]); i++) {
		const struct fill_case *c = &fill_cases[i];
		char buf[256];
		size_t n = mb_text_fill_side(c->text, c->side, buf, sizeof(buf));
		if (strcmp(buf, c->want) != 0 || n != strlen(c->want))
			fail_msg("%s: got '%s' (%zu), want '%s'", c->name, buf, n, c->want);
		assert_true(n <= strlen(c->text));
	}
}

static void side_fill_cuts_at_the_buffer_and_says_the_whole_length(void **state)
{
	const char *text = "your {side} ear toward your {side} shoulder";
	const char *want = "your left ear toward your left shoulder";
	assert_int_equal(mb_text_fill_side(text, MB_SIDE_LEFT, NULL, 0), strlen(want));
	char buf[12];
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(mb_text_fill_side(text, MB_SIDE_LEFT, buf, sizeof(buf)), strlen(want));
	assert_string_equal(buf, "your left e");
	/* A cut inside a placeholder's word keeps what fits of it. */
	assert_int_equal(mb_text_fill_side(text, MB_SIDE_LEFT, buf, 8), strlen(want));
	assert_string_equal(buf, "your le");
	char one[1] = { 'x' };
	mb_text_fill_side(text, MB_SIDE_RIGHT, one, 1);
	assert_int_equal(one[0], '\0');
}

/* The prepare cue comes before the sides: its set-up lines still read as words; so do directions. */
static void prepare_cue_of_a_two_sided_exercise_fills_its_setup(void **state)
{
	static const char yaml[] =
		"name: sides\n"
		"title: Sides\n"
		"exercises:\n"
		"  - title: Reach\n"
		"    sides: both\n"
		"    setup: Stand with your {side} foot ahead and your {other} hand free.\n"
		"    steps:\n"
		"      - move: Reach with your {side} hand\n"
		"        time: 2s\n"
		"        direction: toward the {other} wall\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = mb_routine_parse(yaml, sizeof(yaml) - 1, &diags);
	if (!r)
		fail_msg("%d:%d: %s", diags.items[0].line, diags.items[0].column,
			diags.items[0].message);
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	assert_non_null(tl);
	assert_int_equal(tl->cues[0].kind, MB_CUE_PREPARE);
	assert_int_equal(tl->cues[0].side, MB_SIDE_NONE);
	assert_string_equal(tl->cues[0].text,
		"Stand with your left foot ahead and your right hand free.");
	size_t moves = 0;
	for (size_t i = 0; i < tl->cues_len; i++) {
		const struct mb_cue *c = &tl->cues[i];
		assert_null(strchr(c->text, '{'));
		if (c->kind != MB_CUE_MOVE)
			continue;
		moves++;
		assert_string_equal(c->direction,
			c->side == MB_SIDE_LEFT ? "toward the right wall" : "toward the left wall");
	}
	assert_int_equal(moves, 2);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

static void cue_at_finds_running_cue_and_done_past_end(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.5);
	for (size_t i = 0; i + 1 < tl->cues_len; i++) {
		const struct mb_cue *c = &tl->cues[i];
		if (c->dur_us == 0)
			continue;
		assert_int_equal(mb_timeline_cue_at(tl, c->t_us), i);
		assert_int_equal(mb_timeline_cue_at(tl, c->t_us + c->dur_us - 1), i);
	}
	assert_int_equal(mb_timeline_cue_at(tl, -5), 0);
	assert_int_equal(mb_timeline_cue_at(tl, tl->total_us), tl->cues_len - 1);
	assert_int_equal(mb_timeline_cue_at(tl, tl->total_us + S(60)), tl->cues_len - 1);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/* A hand-built routine: an uneven hold split into breaths, and zero-length steps. */
static void odd_hold_splits_exactly_and_zero_length_cues_yield(void **state)
{
	struct mb_step steps[] = {
		{ .kind = MB_STEP_HOLD,
			.text = "hold",
			.time_us = { S(25), S(25) },
			.reps = { 1, 1 },
			.breaths = { 3, 3 } },
		{ .kind = MB_STEP_REST, .text = "rest", .time_us = { 0, 0 }, .reps = { 1, 1 } },
		{ .kind = MB_STEP_MOVE,
			.text = "move",
			.time_us = { S(1), S(1) },
			.reps = { 1, 1 } },
	};
	struct mb_exercise ex = { .title = "t",
		.prepare_us = 0,
		.reps = { 1, 1 },
		.steps = steps,
		.steps_len = 3 };
	struct mb_routine r = { .name = "x", .title = "x", .exercises = &ex, .exercises_len = 1 };
	struct mb_timeline *tl = mb_timeline_create(&r, 0.0);
	check_contiguous(tl);
	assert_int_equal(tl->total_us, S(26));
	/* prepare (0 s), 6 breath cues, rest (0 s), move, done. */
	assert_int_equal(tl->cues_len, 10);
	assert_int_equal(tl->cues[6].hold_end_us, S(25));
	assert_int_equal(mb_timeline_cue_at(tl, 0), 1);
	assert_int_equal(mb_timeline_cue_at(tl, S(25)), 8);
	mb_timeline_destroy(tl);
}

static void playback_pause_extends_by_exactly_the_pause(void **state)
{
	struct mb_playback pb;
	mb_playback_start(&pb, S(1000), 1.0);
	assert_int_equal(mb_playback_offset(&pb, S(1010)), S(10));
	assert_int_equal(mb_playback_deadline(&pb, S(60)), S(1060));
	mb_playback_pause(&pb, S(1010));
	assert_int_equal(mb_playback_offset(&pb, S(1100)), S(10));
	assert_int_equal(mb_playback_deadline(&pb, S(60)), INT64_MAX);
	mb_playback_resume(&pb, S(1100));
	assert_int_equal(mb_playback_offset(&pb, S(1100)), S(10));
	assert_int_equal(mb_playback_deadline(&pb, S(60)), S(1150));
	assert_int_equal(mb_playback_paused_us(&pb, S(1200)), S(90));
}

static void playback_scale_and_seek_keep_deadlines_absolute(void **state)
{
	struct mb_playback pb;
	mb_playback_start(&pb, 0, 60.0);
	assert_int_equal(mb_playback_offset(&pb, S(1)), S(60));
	/* A deadline reached exactly: offset at the deadline is at least the target. */
	int64_t d = mb_playback_deadline(&pb, S(7));
	assert_true(mb_playback_offset(&pb, d) >= S(7));
	assert_true(mb_playback_offset(&pb, d - 1) < S(7));
	mb_playback_seek(&pb, S(2), S(30));
	assert_int_equal(mb_playback_offset(&pb, S(2)), S(30));
	/* At a scale that does not divide, a seek never lands short of its target. */
	struct mb_playback odd;
	mb_playback_start(&odd, 0, 7.3);
	for (int64_t target = 1; target < S(300); target = target * 3 + 7) {
		mb_playback_seek(&odd, S(5), target);
		assert_true(mb_playback_offset(&odd, S(5)) >= target);
		assert_true(mb_playback_offset(&odd, S(5)) < target + 8);
	}
	mb_playback_pause(&pb, S(3));
	mb_playback_seek(&pb, S(4), S(5));
	assert_int_equal(mb_playback_offset(&pb, S(9)), S(5));
	mb_playback_resume(&pb, S(10));
	/* Integer microseconds of clock carry the offset to within one clock step. */
	assert_in_range(mb_playback_offset(&pb, S(11)), S(65) - 60, S(65) + 60);
	/* Many small wake-ups do not drift: the offset depends only on now. */
	struct mb_playback a;
	mb_playback_start(&a, 123, 1.0);
	for (int64_t t = 123; t < S(300); t += 999983)
		(void)mb_playback_offset(&a, t);
	assert_int_equal(mb_playback_offset(&a, S(300) + 123), S(300));
}

static void offsets_print_as_whole_minutes_and_seconds(void **state)
{
	char buf[32];
	assert_string_equal(mb_offset_format(0, buf, sizeof(buf)), "0:00");
	assert_string_equal(mb_offset_format(S(65), buf, sizeof(buf)), "1:05");
	/* Whole seconds, rounded: a paced breath's 1:56.7 prints as 1:57. */
	assert_string_equal(mb_offset_format(S(65) + 400000, buf, sizeof(buf)), "1:05");
	assert_string_equal(mb_offset_format(S(65) + 500000, buf, sizeof(buf)), "1:06");
	assert_string_equal(mb_offset_format(S(116) + 700000, buf, sizeof(buf)), "1:57");
	assert_string_equal(mb_offset_format(S(59) + 499999, buf, sizeof(buf)), "0:59");
	assert_string_equal(mb_offset_format(S(3599) + 990000, buf, sizeof(buf)), "60:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timeline_cues_are_contiguous_at_every_level),
		cmocka_unit_test(shoulder_reset_lasts_3_to_5_minutes_at_every_m),
		cmocka_unit_test(dose_3_minutes_is_low_end_and_5_is_high_end),
		cmocka_unit_test(dose_total_never_shrinks_as_level_grows),
		cmocka_unit_test(dose_fit_is_closest_reachable_total),
		cmocka_unit_test(sums_match_the_timeline_at_every_level),
		cmocka_unit_test(dose_fit_matches_a_search_of_every_level),
		cmocka_unit_test(dose_fit_of_fixed_routine_is_level_0),
		cmocka_unit_test(shoulder_blade_reps_count_5_to_10_with_two_phases),
		cmocka_unit_test(wall_press_holds_5s_five_times_with_rest_between),
		cmocka_unit_test(shoulder_rolls_reverse_between_directions),
		cmocka_unit_test(upper_back_hold_is_paced_as_three_breaths),
		cmocka_unit_test(neck_reset_runs_left_then_right_with_a_switch),
		cmocka_unit_test(side_fill_gives_the_text_each_front_end_shows),
		cmocka_unit_test(side_fill_cuts_at_the_buffer_and_says_the_whole_length),
		cmocka_unit_test(prepare_cue_of_a_two_sided_exercise_fills_its_setup),
		cmocka_unit_test(cue_at_finds_running_cue_and_done_past_end),
		cmocka_unit_test(odd_hold_splits_exactly_and_zero_length_cues_yield),
		cmocka_unit_test(playback_pause_extends_by_exactly_the_pause),
		cmocka_unit_test(playback_scale_and_seek_keep_deadlines_absolute),
		cmocka_unit_test(offsets_print_as_whole_minutes_and_seconds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

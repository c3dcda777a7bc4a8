/* Tests for per-day statistics: counts, prompt episodes, adherence, active time and streaks. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/stats.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN_US (INT64_C(60) * 1000000)
#define MAXD 8
#define MAXR 16

/* A row at minute `min` of day `day` (-1: the day before the first). */
struct row {
	int day;
	int min;
	enum mb_stats_event event;
	enum mb_stats_kind kind;
	bool by_hand;
};

struct span {
	int day, min, end_day, end_min, active_min;
};

struct want_day {
	unsigned done, micro, due, taken, postponed, skipped, partial, natural;
	int active_min;
	bool met;
};

struct stats_case {
	const char *name;
	/* Length of each day in hours; 0 ends the list. */
	int hours[MAXD];
	unsigned goal;
	struct row rows[MAXR];
	size_t nrows;
	struct span spans[4];
	size_t nspans;
	struct want_day want[MAXD];
	unsigned current_streak, best_streak;
};

#define P MB_STATS_PROMPTED
#define PP MB_STATS_POSTPONED
#define SK MB_STATS_SKIPPED
#define ST MB_STATS_STARTED
#define CO MB_STATS_COMPLETED
#define PA MB_STATS_PARTIAL
#define NA MB_STATS_NATURAL
#define MV MB_STATS_MOVEMENT
#define MI MB_STATS_MICRO

static const struct stats_case cases[] = {
	{ "goal_met_exactly_with_three_breaks", { 24 }, 3,
		{ { 0, 600, CO, MV, true }, { 0, 700, CO, MV, true }, { 0, 800, CO, MV, true } }, 3,
		{ { 0 } }, 0, { { .done = 3, .due = 3, .taken = 3, .met = true } }, 1, 1 },
	{ "goal_missed_by_one", { 24 }, 3, { { 0, 600, CO, MV, true }, { 0, 700, CO, MV, true } },
		2, { { 0 } }, 0, { { .done = 2, .due = 2, .taken = 2 } }, 0, 0 },
	{ "partial_breaks_do_not_count_toward_the_goal", { 24 }, 1, { { 0, 600, PA, MV, true } }, 1,
		{ { 0 } }, 0, { { .partial = 1 } }, 0, 0 },
	{ "postponed_prompt_counts_once_when_taken", { 24 }, 1,
		{ { 0, 600, P, MV, false }, { 0, 601, PP, MV, false }, { 0, 606, P, MV, false },
			{ 0, 607, PP, MV, false }, { 0, 612, P, MV, false },
			{ 0, 613, ST, MV, false }, { 0, 613, CO, MV, true } },
		7, { { 0 } }, 0,
		{ { .done = 1, .due = 1, .taken = 1, .postponed = 2, .met = true } }, 1, 1 },
	{ "skipped_prompt_is_due_not_taken", { 24 }, 1,
		{ { 0, 600, P, MV, false }, { 0, 601, SK, MV, false } }, 2, { { 0 } }, 0,
		{ { .due = 1, .skipped = 1 } }, 0, 0 },
	{ "unanswered_prompts_each_count", { 24 }, 1,
		{ { 0, 600, P, MV, false }, { 0, 700, P, MV, false } }, 2, { { 0 } }, 0,
		{ { .due = 2 } }, 0, 0 },
	{ "manual_break_through_daemon_counts_once_with_its_coach_row", { 24 }, 1,
		{ { 0, 600, ST, MV, true }, { 0, 600, CO, MV, true } }, 2, { { 0 } }, 0,
		{ { .done = 1, .due = 1, .taken = 1, .met = true } }, 1, 1 },
	{ "coach_row_long_after_start_is_a_second_break", { 24 }, 1,
		{ { 0, 600, ST, MV, false }, { 0, 700, CO, MV, true } }, 2, { { 0 } }, 0,
		{ { .done = 1, .due = 2, .taken = 1, .met = true } }, 1, 1 },
	{ "manual_break_started_then_skipped_is_neither_due_nor_taken", { 24 }, 1,
		{ { 0, 600, ST, MV, true }, { 0, 601, SK, MV, true } }, 2, { { 0 } }, 0,
		{ { .skipped = 1 } }, 0, 0 },
	{ "prompted_break_started_then_skipped_is_due_not_taken", { 24 }, 1,
		{ { 0, 600, P, MV, false }, { 0, 601, ST, MV, false }, { 0, 602, SK, MV, false } },
		3, { { 0 } }, 0, { { .due = 1, .skipped = 1 } }, 0, 0 },
	{ "started_break_cut_short_is_due_not_taken", { 24 }, 1,
		{ { 0, 600, P, MV, false }, { 0, 601, ST, MV, false }, { 0, 601, PA, MV, false } },
		3, { { 0 } }, 0, { { .due = 1, .partial = 1 } }, 0, 0 },
	{ "started_break_without_its_coach_row_is_not_taken", { 24 }, 1,
		{ { 0, 600, P, MV, false }, { 0, 601, ST, MV, false }, { 0, 700, P, MV, false } },
		3, { { 0 } }, 0, { { .due = 2 } }, 0, 0 },
	{ "manual_break_put_off_is_due_once_and_taken_later", { 24 }, 1,
		{ { 0, 600, ST, MV, true }, { 0, 601, PP, MV, false }, { 0, 606, P, MV, false },
			{ 0, 607, ST, MV, false }, { 0, 607, CO, MV, false } },
		5, { { 0 } }, 0,
		{ { .done = 1, .due = 1, .taken = 1, .postponed = 1, .met = true } }, 1, 1 },
	{ "break_by_hand_skipped_leaves_a_waiting_prompt_waiting", { 24 }, 1,
		{ { 0, 600, P, MV, false }, { 0, 601, SK, MV, true }, { 0, 603, CO, MV, true } }, 3,
		{ { 0 } }, 0, { { .done = 1, .due = 1, .taken = 1, .skipped = 1, .met = true } }, 1,
		1 },
	{ "break_taken_by_hand_answers_a_postponed_prompt", { 24 }, 1,
		{ { 0, 600, P, MV, false }, { 0, 601, PP, MV, false }, { 0, 603, CO, MV, true } },
		3, { { 0 } }, 0,
		{ { .done = 1, .due = 1, .taken = 1, .postponed = 1, .met = true } }, 1, 1 },
	{ "episode_postponed_past_midnight_counts_on_its_first_day", { 24, 24 }, 1,
		{ { 0, 1430, P, MV, false }, { 0, 1431, PP, MV, false }, { 1, 5, P, MV, false },
			{ 1, 6, ST, MV, false }, { 1, 6, CO, MV, true } },
		5, { { 0 } }, 0,
		{ { .due = 1, .taken = 1, .postponed = 1 }, { .done = 1, .met = true } }, 1, 1 },
	{ "episode_begun_before_the_first_day_is_not_counted", { 24 }, 1,
		{ { -1, 1430, P, MV, false }, { -1, 1431, PP, MV, false }, { 0, 5, P, MV, false },
			{ 0, 6, ST, MV, false } },
		4, { { 0 } }, 0, { { 0 } }, 0, 0 },
	{ "break_across_midnight_counts_on_its_start_day", { 24, 24 }, 1,
		{ { 0, 1438, CO, MV, true } }, 1, { { 0 } }, 0,
		{ { .done = 1, .due = 1, .taken = 1, .met = true }, { 0 } }, 1, 1 },
	{ "micro_resets_do_not_meet_the_goal", { 24 }, 1,
		{ { 0, 600, P, MI, false }, { 0, 600, ST, MI, false }, { 0, 600, CO, MI, false } },
		3, { { 0 } }, 0, { { .micro = 1, .due = 1, .taken = 1 } }, 0, 0 },
	{ "micro_and_movement_episodes_are_apart", { 24 }, 1,
		{ { 0, 600, P, MV, false }, { 0, 601, PP, MV, false }, { 0, 602, P, MI, false },
			{ 0, 603, ST, MI, false }, { 0, 604, CO, MI, false },
			{ 0, 610, P, MV, false }, { 0, 611, SK, MV, false } },
		7, { { 0 } }, 0,
		{ { .micro = 1, .due = 2, .taken = 1, .postponed = 1, .skipped = 1 } }, 0, 0 },
	{ "natural_breaks_are_counted", { 24 }, 1,
		{ { 0, 600, NA, MV, false }, { 0, 900, NA, MV, false } }, 2, { { 0 } }, 0,
		{ { .natural = 2 } }, 0, 0 },
	/* Europe/Berlin's last Sunday of March has 23 hours, October's 25. */
	{ "short_dst_day_ends_an_hour_early", { 23, 24 }, 1,
		{ { 0, 23 * 60 - 1, CO, MV, true }, { 0, 23 * 60, CO, MV, true } }, 2, { { 0 } }, 0,
		{ { .done = 1, .due = 1, .taken = 1, .met = true },
			{ .done = 1, .due = 1, .taken = 1, .met = true } },
		2, 2 },
	{ "long_dst_day_holds_its_25th_hour", { 25, 24 }, 1, { { 0, 24 * 60 + 30, CO, MV, true } },
		1, { { 0 } }, 0, { { .done = 1, .due = 1, .taken = 1, .met = true }, { 0 } }, 1,
		1 },
	{ "activity_across_midnight_is_shared", { 24, 24 }, 1, { { 0 } }, 0,
		{ { 0, 1380, 1, 60, 60 } }, 1, { { .active_min = 30 }, { .active_min = 30 } }, 0,
		0 },
	{ "activity_inside_a_day_counts_whole", { 24, 24 }, 1, { { 0 } }, 0,
		{ { 1, 600, 1, 700, 90 }, { 0, 60, 0, 61, 1 } }, 2,
		{ { .active_min = 1 }, { .active_min = 90 } }, 0, 0 },
	{ "activity_before_the_days_is_cut_off", { 24 }, 1, { { 0 } }, 0,
		{ { -1, 1380, 0, 60, 120 } }, 1, { { .active_min = 60 } }, 0, 0 },
	{ "streak_runs_through_yesterday_while_today_is_open", { 24, 24, 24, 24 }, 1,
		{ { 1, 600, CO, MV, true }, { 2, 600, CO, MV, true } }, 2, { { 0 } }, 0,
		{ { 0 }, { .done = 1, .due = 1, .taken = 1, .met = true },
			{ .done = 1, .due = 1, .taken = 1, .met = true }, { 0 } },
		2, 2 },
	{ "streak_broken_by_yesterday_is_zero", { 24, 24, 24 }, 1, { { 0, 600, CO, MV, true } }, 1,
		{ { 0 } }, 0, { { .done = 1, .due = 1, .taken = 1, .met = true }, { 0 }, { 0 } }, 0,
		1 },
	{ "streak_including_today", { 24, 24, 24, 24, 24 }, 1,
		{ { 0, 600, CO, MV, true }, { 0, 610, CO, MV, true }, { 2, 600, CO, MV, true },
			{ 3, 600, CO, MV, true }, { 4, 600, CO, MV, true } },
		5, { { 0 } }, 0,
		{ { .done = 2, .due = 2, .taken = 2, .met = true }, { 0 },
			{ .done = 1, .due = 1, .taken = 1, .met = true },
			{ .done = 1, .due = 1, .taken = 1, .met = true },
			{ .done = 1, .due = 1, .taken = 1, .met = true } },
		3, 3 },
	{ "best_streak_earlier_than_current", { 24, 24, 24, 24, 24, 24 }, 1,
		{ { 0, 600, CO, MV, true }, { 1, 600, CO, MV, true }, { 2, 600, CO, MV, true },
			{ 4, 600, CO, MV, true }, { 5, 600, CO, MV, true } },
		5, { { 0 } }, 0,
		{ { .done = 1, .due = 1, .taken = 1, .met = true },
			{ .done = 1, .due = 1, .taken = 1, .met = true },
			{ .done = 1, .due = 1, .taken = 1, .met = true }, { 0 },
			{ .done = 1, .due = 1, .taken = 1, .met = true },
			{ .done = 1, .due = 1, .taken = 1, .met = true } },
		2, 3 },
	{ "goal_zero_meets_every_day", { 24, 24 }, 0, { { 0 } }, 0, { { 0 } }, 0,
		{ { .met = true }, { .met = true } }, 2, 2 },
	{ "rows_after_the_last_day_are_ignored", { 24 }, 1, { { 0, 24 * 60, CO, MV, true } }, 1,
		{ { 0 } }, 0, { { 0 } }, 0, 0 },
};

static size_t count_days(const struct stats_case *c)
{
	size_t n = 0;
	while (n < MAXD && c->hours[n])
		n++;
	return n;
}

/* Day -1 is the day before bounds[0]. */
static int64_t at(const int64_t *bounds, int day, int min)
{
	int64_t base = day < 0 ? bounds[0] - INT64_C(24) * 60 * MIN_US : bounds[day];
	return base + (int64_t)min * MIN_US;
}

static void test_stats(void **state)
{
	const struct stats_case *c = *state;
	size_t ndays = count_days(c);
	int64_t bounds[MAXD + 1];
	/* Some Monday 00:00 UTC; the core never asks which. */
	bounds[0] = INT64_C(1774224000) * 1000000;
	for (size_t i = 0; i < ndays; i++)
		bounds[i + 1] = bounds[i] + (int64_t)c->hours[i] * 60 * MIN_US;
	struct mb_stats_row rows[MAXR];
	for (size_t i = 0; i < c->nrows; i++)
		rows[i] = (struct mb_stats_row){ at(bounds, c->rows[i].day, c->rows[i].min),
			c->rows[i].event, c->rows[i].kind, c->rows[i].by_hand };
	struct mb_stats_activity spans[4];
	for (size_t i = 0; i < c->nspans; i++)
		spans[i] = (struct mb_stats_activity){ at(bounds, c->spans[i].day, c->spans[i].min),
			at(bounds, c->spans[i].end_day, c->spans[i].end_min),
			(int64_t)c->spans[i].active_min * MIN_US };
	struct mb_stats_day days[MAXD];
	struct mb_stats_totals t;
	assert_int_equal(mb_stats_compute(bounds, ndays, rows, c->nrows, spans, c->nspans, c->goal,
				 days, &t),
		0);
	unsigned sum_done = 0, sum_due = 0, met = 0;
	for (size_t i = 0; i < ndays; i++) {
		const struct want_day *w = &c->want[i];
		const struct mb_stats_day *d = &days[i];
		assert_int_equal(d->start_us, bounds[i]);
		assert_int_equal(d->end_us, bounds[i + 1]);
		assert_int_equal(d->movement_done, w->done);
		assert_int_equal(d->micro_done, w->micro);
		assert_int_equal(d->due, w->due);
		assert_int_equal(d->taken, w->taken);
		assert_int_equal(d->postponed, w->postponed);
		assert_int_equal(d->skipped, w->skipped);
		assert_int_equal(d->partial, w->partial);
		assert_int_equal(d->natural, w->natural);
		assert_int_equal(d->active_us, (int64_t)w->active_min * MIN_US);
		assert_int_equal(d->met, w->met);
		sum_done += w->done;
		sum_due += w->due;
		met += w->met;
	}
	assert_int_equal(t.days, ndays);
	assert_int_equal(t.movement_done, sum_done);
	assert_int_equal(t.due, sum_due);
	assert_int_equal(t.days_met, met);
	assert_int_equal(t.goal, c->goal);
	assert_int_equal(t.current_streak, c->current_streak);
	assert_int_equal(t.best_streak, c->best_streak);
}

static void test_bounds_must_increase(void **state)
{
	int64_t bounds[3] = { 100, 200, 200 };
	struct mb_stats_day days[2];
	assert_int_equal(mb_stats_compute(bounds, 2, NULL, 0, NULL, 0, 1, days, NULL), -EINVAL);
	assert_int_equal(mb_stats_compute(bounds, 0, NULL, 0, NULL, 0, 1, days, NULL), -EINVAL);
}

static void test_adherence_rounds_and_says_when_nothing_was_due(void **state)
{
	assert_int_equal(mb_stats_adherence_permille(0, 0), -1);
	assert_int_equal(mb_stats_adherence_permille(5, 6), 833);
	assert_int_equal(mb_stats_adherence_permille(2, 3), 667);
	assert_int_equal(mb_stats_adherence_permille(3, 3), 1000);
	assert_int_equal(mb_stats_adherence_permille(0, 7), 0);
}

int main(void)
{
	struct CMUnitTest tests[LEN(cases) + 2];
	size_t n = 0;
	for (size_t i = 0; i < LEN(cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = cases[i].name,
			.test_func = test_stats,
			.initial_state = (void *)&cases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_bounds_must_increase);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_adherence_rounds_and_says_when_nothing_was_due);
	return _cmocka_run_group_tests("core-stats", tests, n, NULL, NULL);
}

/* Tests for calendar day numbers and where a challenge stands: phase, day k, streaks, summary. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/challenge.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

struct date_case {
	const char *name;
	const char *text;
	int ret;
	/* Days since 1970-01-01 on success; weekday, Monday 0. */
	int64_t days;
	unsigned weekday;
};

static const struct date_case date_cases[] = {
	{ "date_epoch_is_day_zero_a_thursday", "1970-01-01", 0, 0, 3 },
	{ "date_leap_day_2024_parses", "2024-02-29", 0, 19782, 3 },
	{ "date_dst_sunday_2026_03_29", "2026-03-29", 0, 20541, 6 },
	{ "date_dst_sunday_2026_10_25", "2026-10-25", 0, 20751, 6 },
	{ "date_year_end_2026", "2026-12-31", 0, 20818, 3 },
	{ "date_feb_29_in_common_year_is_invalid", "2026-02-29", -EINVAL, 0, 0 },
	{ "date_april_31_is_invalid", "2026-04-31", -EINVAL, 0, 0 },
	{ "date_month_13_is_invalid", "2026-13-01", -EINVAL, 0, 0 },
	{ "date_day_zero_is_invalid", "2026-01-00", -EINVAL, 0, 0 },
	{ "date_short_month_is_invalid", "2026-3-01", -EINVAL, 0, 0 },
	{ "date_trailing_text_is_invalid", "2026-03-01x", -EINVAL, 0, 0 },
	{ "date_slashes_are_invalid", "2026/03/01", -EINVAL, 0, 0 },
	{ "date_before_1970_is_out_of_range", "1969-12-31", -ERANGE, 0, 0 },
	{ "date_before_1970_that_never_was_is_invalid", "1969-02-30", -EINVAL, 0, 0 },
	{ "date_empty_is_invalid", "", -EINVAL, 0, 0 },
	{ "date_word_is_invalid", "tomorrow!!", -EINVAL, 0, 0 },
};

static void test_date(void **state)
{
	const struct date_case *c = *state;
	int64_t days = -1;
	assert_int_equal(mb_date_parse(c->text, &days), c->ret);
	if (c->ret < 0)
		return;
	assert_int_equal(days, c->days);
	assert_int_equal(mb_date_weekday(days), c->weekday);
	char back[16];
	mb_date_format(days, back, sizeof(back));
	assert_string_equal(back, c->text);
}

static void test_next_monday(void **state)
{
	int64_t mon;
	assert_int_equal(mb_date_parse("2026-03-23", &mon), 0);
	assert_int_equal(mb_date_weekday(mon), 0);
	/* A Monday gives the next week's; every other day the coming one. */
	assert_int_equal(mb_date_next_monday(mon), mon + 7);
	for (int64_t d = 1; d < 7; d++)
		assert_int_equal(mb_date_next_monday(mon + d), mon + 7);
}

static void test_dates_round_trip_over_centuries(void **state)
{
	for (int64_t d = -800000; d < 800000; d += 97) {
		int y;
		unsigned m, dd;
		mb_date_civil(d, &y, &m, &dd);
		assert_int_equal(mb_date_days(y, m, dd), d);
	}
}

#define MAXDAYS 12

struct challenge_case {
	const char *name;
	unsigned days, goal;
	/* today - start_day; stop_day - start_day when stopped. */
	int today;
	bool stopped;
	int stop;
	unsigned done[MAXDAYS];
	enum mb_challenge_phase phase;
	unsigned day;
	int64_t starts_in;
	unsigned today_done;
	bool today_met;
	unsigned met, missed, current, best;
	const char *line;
	const char *summary;
};

static const struct challenge_case challenge_cases[] = {
	{ "upcoming_challenge_starts_in_three_days", 10, 3, -3, false, 0, { 0 },
		MB_CHALLENGE_UPCOMING, 0, 3, 0, false, 0, 0, 0, 0, "Challenge starts in 3 days",
		NULL },
	{ "upcoming_challenge_starts_tomorrow", 10, 3, -1, false, 0, { 0 }, MB_CHALLENGE_UPCOMING,
		0, 1, 0, false, 0, 0, 0, 0, "Challenge starts in 1 day", NULL },
	{ "first_day_with_nothing_done_is_not_missed", 10, 3, 0, false, 0, { 0 },
		MB_CHALLENGE_RUNNING, 1, 0, 0, false, 0, 0, 0, 0,
		"Challenge day 1 of 10: 0 of 3 breaks done", NULL },
	{ "goal_met_exactly_today_extends_the_streak", 10, 3, 3, false, 0, { 3, 4, 0, 3 },
		MB_CHALLENGE_RUNNING, 4, 0, 3, true, 3, 1, 1, 2,
		"Challenge day 4 of 10: 3 of 3 breaks done", NULL },
	{ "open_today_keeps_yesterdays_streak", 10, 3, 4, false, 0, { 0, 3, 3, 5, 2 },
		MB_CHALLENGE_RUNNING, 5, 0, 2, false, 3, 1, 3, 3,
		"Challenge day 5 of 10: 2 of 3 breaks done", NULL },
	{ "ended_challenge_counts_every_day", 5, 2, 9, false, 0, { 2, 2, 0, 2, 1 },
		MB_CHALLENGE_ENDED, 5, 0, 0, false, 3, 2, 0, 2, "",
		"5 days from 2026-03-23: goal of 2 movement breaks met on 3 days, missed on 2; "
		"best streak 2 days" },
	{ "ended_challenge_all_met", 3, 1, 3, false, 0, { 1, 1, 1 }, MB_CHALLENGE_ENDED, 3, 0, 0,
		false, 3, 0, 3, 3, "",
		"3 days from 2026-03-23: goal of 1 movement break met on 3 days, missed on 0; "
		"best streak 3 days" },
	{ "last_day_still_running", 3, 1, 2, false, 0, { 1, 1, 0 }, MB_CHALLENGE_RUNNING, 3, 0, 0,
		false, 2, 0, 2, 2, "Challenge day 3 of 3: 0 of 1 break done", NULL },
	{ "stopped_challenge_counts_to_its_stop_day", 30, 3, 20, true, 4, { 3, 0, 3, 3, 1 },
		MB_CHALLENGE_STOPPED, 5, 0, 0, false, 3, 1, 2, 2, "",
		"30 days from 2026-03-23, stopped on day 5: goal of 3 movement breaks met on 3 days, "
		"missed on 1; best streak 2 days" },
	{ "stopped_before_it_began", 30, 3, 0, true, -2, { 0 }, MB_CHALLENGE_STOPPED, 0, 0, 0,
		false, 0, 0, 0, 0, "",
		"30 days from 2026-03-23, stopped on day 0: goal of 3 movement breaks met on 0 days, "
		"missed on 0; best streak 0 days" },
};

static void test_challenge(void **state)
{
	const struct challenge_case *c = *state;
	int64_t start;
	assert_int_equal(mb_date_parse("2026-03-23", &start), 0);
	struct mb_challenge ch = {
		.start_day = start,
		.days = c->days,
		.goal = c->goal,
		.stopped = c->stopped,
		.stop_day = start + c->stop,
	};
	int64_t today = start + c->today;
	unsigned span = mb_challenge_span(&ch, today);
	assert_true(span <= MAXDAYS);
	struct mb_challenge_status st;
	assert_int_equal(mb_challenge_evaluate(&ch, today, c->done, span, &st), 0);
	assert_int_equal(st.phase, c->phase);
	assert_int_equal(st.day, c->day);
	assert_int_equal(st.starts_in, c->starts_in);
	assert_int_equal(st.today_done, c->today_done);
	assert_int_equal(st.today_met, c->today_met);
	assert_int_equal(st.days_met, c->met);
	assert_int_equal(st.days_missed, c->missed);
	assert_int_equal(st.current_streak, c->current);
	assert_int_equal(st.best_streak, c->best);
	char buf[256];
	mb_challenge_line(&ch, &st, buf, sizeof(buf));
	assert_string_equal(buf, c->line);
	if (c->summary) {
		mb_challenge_summary(&ch, &st, buf, sizeof(buf));
		assert_string_equal(buf, c->summary);
	}
}

static void test_zero_goal_is_refused(void **state)
{
	struct mb_challenge ch = { .start_day = 100, .days = 30, .goal = 0 };
	struct mb_challenge_status st;
	assert_int_equal(mb_challenge_evaluate(&ch, 100, NULL, 0, &st), -EINVAL);
	ch.goal = 3;
	ch.days = 0;
	assert_int_equal(mb_challenge_evaluate(&ch, 100, NULL, 0, &st), -EINVAL);
}

int main(void)
{
	struct CMUnitTest tests[LEN(date_cases) + LEN(challenge_cases) + 3];
	size_t n = 0;
	for (size_t i = 0; i < LEN(date_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = date_cases[i].name,
			.test_func = test_date,
			.initial_state = (void *)&date_cases[i] };
	for (size_t i = 0; i < LEN(challenge_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = challenge_cases[i].name,
			.test_func = test_challenge,
			.initial_state = (void *)&challenge_cases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_next_monday);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_dates_round_trip_over_centuries);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_zero_goal_is_refused);
	return _cmocka_run_group_tests("core-challenge", tests, n, NULL, NULL);
}

/* Tests for the coaching state every coach shares: pause, skips, the end, and what a cue shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/coaching.h"

#define S(x) ((int64_t)MB_US_PER_S * (x))

/*
 * Two exercises on a virtual clock: exercise 1 is a 5 s move and a 10 s hold
 * (0..15 s); exercise 2 is a breath in of 4 s and out of 4 s inside a paced
 * hold (15..23 s); then the done cue at 23 s.
 */
static struct mb_cue cues[] = {
	{ .t_us = S(0), .dur_us = S(5), .kind = MB_CUE_MOVE, .exercise = 1, .rep = 1, .of = 2 },
	{ .t_us = S(5), .dur_us = S(10), .kind = MB_CUE_HOLD, .exercise = 1, .rep = 1, .of = 2 },
	{ .t_us = S(15),
		.dur_us = S(4),
		.kind = MB_CUE_BREATHE_IN,
		.exercise = 2,
		.breath = 1,
		.breaths = 1,
		.side = MB_SIDE_LEFT,
		.hold_end_us = S(23) },
	{ .t_us = S(19),
		.dur_us = S(4),
		.kind = MB_CUE_BREATHE_OUT,
		.exercise = 2,
		.breath = 1,
		.breaths = 1,
		.side = MB_SIDE_LEFT,
		.hold_end_us = S(23) },
	{ .t_us = S(23), .dur_us = 0, .kind = MB_CUE_DONE, .exercise = 2 },
};
static struct mb_span spans[] = {
	{ .start_us = S(0), .dur_us = S(15), .first_cue = 0 },
	{ .start_us = S(15), .dur_us = S(8), .first_cue = 2 },
};
static const struct mb_timeline timeline = {
	.cues = cues,
	.cues_len = 5,
	.spans = spans,
	.spans_len = 2,
	.total_us = S(23),
};

/* The clock starts at an arbitrary monotonic time, as a real one does. */
#define T0 S(1000)

static void running_break_ends_once_at_its_total(void **state)
{
	struct mb_coaching c;
	mb_coaching_start(&c, &timeline, T0, 1.0);
	assert_false(mb_coaching_update(&c, T0 + S(22)));
	assert_int_equal(mb_coaching_exercises_done(&c), 1);
	assert_true(mb_coaching_update(&c, T0 + S(23)));
	assert_false(mb_coaching_update(&c, T0 + S(24)));
	assert_true(c.finished);
	assert_int_equal(mb_coaching_exercises_done(&c), 2);
	assert_int_equal(mb_coaching_active_us(&c, T0 + S(60)), S(23));
}

static void offset_stops_at_total_until_the_end_is_seen(void **state)
{
	struct mb_coaching c;
	mb_coaching_start(&c, &timeline, T0, 1.0);
	assert_int_equal(mb_coaching_offset(&c, T0 + S(30)), S(23));
	mb_coaching_update(&c, T0 + S(30));
	/* After the end the clock runs on, for a closing screen. */
	assert_int_equal(mb_coaching_offset(&c, T0 + S(31)), S(31));
}

static void pause_extends_the_break_by_exactly_the_pause(void **state)
{
	struct mb_coaching c;
	mb_coaching_start(&c, &timeline, T0, 1.0);
	assert_true(mb_coaching_toggle_pause(&c, T0 + S(3)));
	assert_int_equal(mb_coaching_offset(&c, T0 + S(10)), S(3));
	assert_false(mb_coaching_update(&c, T0 + S(100)));
	assert_false(mb_coaching_toggle_pause(&c, T0 + S(100)));
	assert_false(mb_coaching_update(&c, T0 + S(119)));
	assert_true(mb_coaching_update(&c, T0 + S(120)));
	assert_int_equal(mb_coaching_active_us(&c, T0 + S(200)), S(23));
}

static void time_scale_runs_the_timeline_faster(void **state)
{
	struct mb_coaching c;
	mb_coaching_start(&c, &timeline, T0, 20.0);
	assert_int_equal(mb_coaching_offset(&c, T0 + S(1)), S(20));
	assert_true(mb_coaching_update(&c, T0 + S(23) / 20 + 1));
	/* Active time is clock time, not timeline time. */
	assert_int_equal(mb_coaching_active_us(&c, T0 + S(5)), S(23) / 20 + 1);
}

static void next_goes_to_the_next_cue_and_counts_exercises_passed(void **state)
{
	struct mb_coaching c;
	mb_coaching_start(&c, &timeline, T0, 1.0);
	mb_coaching_next(&c, T0 + S(1));
	assert_int_equal(mb_coaching_offset(&c, T0 + S(1)), S(5));
	mb_coaching_next(&c, T0 + S(1));
	mb_coaching_update(&c, T0 + S(1));
	assert_int_equal(mb_coaching_offset(&c, T0 + S(1)), S(15));
	assert_int_equal(mb_coaching_exercises_done(&c), 1);
}

static void next_while_paused_stays_paused_and_skips_to_the_end(void **state)
{
	struct mb_coaching c;
	mb_coaching_start(&c, &timeline, T0, 1.0);
	mb_coaching_update(&c, T0 + S(20));
	mb_coaching_toggle_pause(&c, T0 + S(20));
	mb_coaching_next(&c, T0 + S(21));
	mb_coaching_next(&c, T0 + S(21));
	assert_true(c.playback.paused);
	/* At the end the clock runs again, so the closing screen is not frozen. */
	assert_true(mb_coaching_update(&c, T0 + S(21)));
	assert_false(c.playback.paused);
	assert_int_equal(mb_coaching_active_us(&c, T0 + S(30)), S(20));
}

static void back_restarts_the_cue_or_goes_to_the_one_before_just_after_a_change(void **state)
{
	struct mb_coaching c;
	mb_coaching_start(&c, &timeline, T0, 1.0);
	/* 4 s into the hold: back to its start. */
	mb_coaching_back(&c, T0 + S(9));
	assert_int_equal(mb_coaching_offset(&c, T0 + S(9)), S(5));
	/* Right after its start: back to the move before. */
	mb_coaching_back(&c, T0 + S(10));
	assert_int_equal(mb_coaching_offset(&c, T0 + S(10)), S(0));
	/* At the first cue there is nothing before. */
	mb_coaching_back(&c, T0 + S(10));
	assert_int_equal(mb_coaching_offset(&c, T0 + S(10)), S(0));
}

static void countdown_rounds_up_and_says_when_it_next_drops(void **state)
{
	int64_t next = INT64_MAX;
	assert_int_equal(mb_countdown_s(S(15), S(5), &next), 10);
	assert_int_equal(next, S(6));
	next = INT64_MAX;
	assert_int_equal(mb_countdown_s(S(15), S(14) + 1, &next), 1);
	assert_int_equal(next, S(15));
	next = S(1);
	assert_int_equal(mb_countdown_s(S(15), S(15), &next), 0);
	assert_int_equal(next, S(1));
}

static void hold_end_covers_hold_cues_and_paced_holds_only(void **state)
{
	assert_int_equal(mb_cue_hold_end_us(&cues[0]), -1);
	assert_int_equal(mb_cue_hold_end_us(&cues[1]), S(15));
	assert_int_equal(mb_cue_hold_end_us(&cues[2]), S(23));
	assert_int_equal(mb_cue_hold_end_us(&cues[3]), S(23));
}

static void breath_fill_grows_in_and_shrinks_out(void **state)
{
	assert_true(mb_cue_breath_fill(&cues[0], S(1)) < 0);
	assert_true(mb_cue_breath_fill(&cues[2], S(15)) == 0.0);
	assert_true(mb_cue_breath_fill(&cues[2], S(17)) == 0.5);
	assert_true(mb_cue_breath_fill(&cues[3], S(19)) == 1.0);
	assert_true(mb_cue_breath_fill(&cues[3], S(22)) == 0.25);
}

static void details_join_the_counters_that_apply(void **state)
{
	char buf[128];
	assert_string_equal(mb_cue_details(&cues[0], " | ", buf, sizeof(buf)), "rep 1 of 2");
	assert_string_equal(mb_cue_details(&cues[2], " | ", buf, sizeof(buf)),
		"breath 1 of 1 | left side");
	assert_string_equal(mb_cue_details(&cues[4], " | ", buf, sizeof(buf)), "");
	char tiny[6];
	assert_string_equal(mb_cue_details(&cues[0], " | ", tiny, sizeof(tiny)), "rep 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(running_break_ends_once_at_its_total),
		cmocka_unit_test(offset_stops_at_total_until_the_end_is_seen),
		cmocka_unit_test(pause_extends_the_break_by_exactly_the_pause),
		cmocka_unit_test(time_scale_runs_the_timeline_faster),
		cmocka_unit_test(next_goes_to_the_next_cue_and_counts_exercises_passed),
		cmocka_unit_test(next_while_paused_stays_paused_and_skips_to_the_end),
		cmocka_unit_test(
			back_restarts_the_cue_or_goes_to_the_one_before_just_after_a_change),
		cmocka_unit_test(countdown_rounds_up_and_says_when_it_next_drops),
		cmocka_unit_test(hold_end_covers_hold_cues_and_paced_holds_only),
		cmocka_unit_test(breath_fill_grows_in_and_shrinks_out),
		cmocka_unit_test(details_join_the_counters_that_apply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

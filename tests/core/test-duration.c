/* Tests for reading and writing durations, duration ranges and counts, and picking values in ranges. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/duration.h"
#include "core/routine.h"

#define S(x) ((int64_t)(1000000.0 * (x) + 0.5))

enum parser {
	PARSE_DURATION,
	PARSE_DURATION_RANGE,
	PARSE_COUNT_RANGE,
};

struct parse_case {
	const char *name;
	enum parser parser;
	const char *text;
	int ret;
	/* Expected value on success, expected error offset on failure. */
	int64_t lo, hi;
	size_t error_at;
};

static const struct parse_case parse_cases[] = {
	{ "duration_seconds_parse", PARSE_DURATION, "90s", 0, S(90), S(90), 0 },
	{ "duration_minutes_parse", PARSE_DURATION, "5m", 0, S(300), S(300), 0 },
	{ "duration_hours_and_minutes_parse", PARSE_DURATION, "1h30m", 0, S(5400), S(5400), 0 },
	{ "duration_hours_and_seconds_skip_minutes", PARSE_DURATION, "1h5s", 0, S(3605), S(3605),
		0 },
	{ "duration_fraction_of_second_parses", PARSE_DURATION, "1.5s", 0, S(1.5), S(1.5), 0 },
	{ "duration_fraction_of_minute_parses", PARSE_DURATION, "0.5m", 0, S(30), S(30), 0 },
	{ "duration_fraction_rounds_to_microsecond", PARSE_DURATION, "1.0000005s", 0, 1000001,
		1000001, 0 },
	{ "duration_long_fraction_is_truncated_safely", PARSE_DURATION, "1.123456789123456789h", 0,
		4044444440, 4044444440, 0 },
	{ "duration_bare_number_is_seconds", PARSE_DURATION, "90", 0, S(90), S(90), 0 },
	{ "duration_zero_parses", PARSE_DURATION, "0", 0, 0, 0, 0 },
	{ "duration_empty_is_invalid_at_0", PARSE_DURATION, "", -EINVAL, 0, 0, 0 },
	{ "duration_word_is_invalid_at_0", PARSE_DURATION, "abc", -EINVAL, 0, 0, 0 },
	{ "duration_negative_is_invalid_at_0", PARSE_DURATION, "-5s", -EINVAL, 0, 0, 0 },
	{ "duration_plus_sign_is_invalid_at_0", PARSE_DURATION, "+5s", -EINVAL, 0, 0, 0 },
	{ "duration_unknown_unit_is_invalid_at_unit", PARSE_DURATION, "5x", -EINVAL, 0, 0, 1 },
	{ "duration_uppercase_unit_is_invalid", PARSE_DURATION, "5S", -EINVAL, 0, 0, 1 },
	{ "duration_missing_last_unit_is_invalid", PARSE_DURATION, "1h30", -EINVAL, 0, 0, 2 },
	{ "duration_units_out_of_order_are_invalid", PARSE_DURATION, "30m1h", -EINVAL, 0, 0, 4 },
	{ "duration_repeated_unit_is_invalid", PARSE_DURATION, "5s5s", -EINVAL, 0, 0, 3 },
	{ "duration_dot_without_digits_is_invalid", PARSE_DURATION, "1.s", -EINVAL, 0, 0, 2 },
	{ "duration_leading_dot_is_invalid", PARSE_DURATION, ".5s", -EINVAL, 0, 0, 0 },
	{ "duration_inner_space_is_invalid", PARSE_DURATION, "5 s", -EINVAL, 0, 0, 1 },
	{ "duration_exponent_is_invalid", PARSE_DURATION, "1e3", -EINVAL, 0, 0, 1 },
	{ "duration_range_text_is_not_a_duration", PARSE_DURATION, "20-30s", -EINVAL, 0, 0, 2 },
	{ "duration_too_many_digits_is_out_of_range", PARSE_DURATION, "99999999999999999999s",
		-ERANGE, 0, 0, 0 },
	{ "duration_too_many_hours_is_out_of_range", PARSE_DURATION, "9999999999999h", -ERANGE, 0,
		0, 0 },
	{ "duration_sum_overflow_is_out_of_range", PARSE_DURATION, "2562047788h999m", -ERANGE, 0, 0,
		11 },

	{ "range_shared_unit_parses", PARSE_DURATION_RANGE, "20-30s", 0, S(20), S(30), 0 },
	{ "range_both_units_parse", PARSE_DURATION_RANGE, "20s-30s", 0, S(20), S(30), 0 },
	{ "range_single_value_is_fixed", PARSE_DURATION_RANGE, "25s", 0, S(25), S(25), 0 },
	{ "range_bare_numbers_are_seconds", PARSE_DURATION_RANGE, "5-10", 0, S(5), S(10), 0 },
	{ "range_bare_low_end_takes_minutes", PARSE_DURATION_RANGE, "1-2m", 0, S(60), S(120), 0 },
	{ "range_bare_low_end_before_compound_is_seconds", PARSE_DURATION_RANGE, "30-1m30s", 0,
		S(30), S(90), 0 },
	{ "range_spaces_around_dash_are_allowed", PARSE_DURATION_RANGE, "20 - 30s", 0, S(20), S(30),
		0 },
	{ "range_fractions_parse", PARSE_DURATION_RANGE, "1.5-2.5s", 0, S(1.5), S(2.5), 0 },
	{ "range_equal_ends_parse", PARSE_DURATION_RANGE, "5-5s", 0, S(5), S(5), 0 },
	{ "range_going_down_is_invalid_at_high_end", PARSE_DURATION_RANGE, "30-20s", -EINVAL, 0, 0,
		3 },
	{ "range_bare_high_end_below_low_is_invalid", PARSE_DURATION_RANGE, "1m-30", -EINVAL, 0, 0,
		3 },
	{ "range_negative_low_end_is_invalid_at_0", PARSE_DURATION_RANGE, "-5-10s", -EINVAL, 0, 0,
		0 },
	{ "range_lone_dash_is_invalid", PARSE_DURATION_RANGE, "-", -EINVAL, 0, 0, 0 },
	{ "range_missing_high_end_is_invalid", PARSE_DURATION_RANGE, "5-", -EINVAL, 0, 0, 2 },
	{ "range_negative_high_end_is_invalid", PARSE_DURATION_RANGE, "5--3", -EINVAL, 0, 0, 2 },
	{ "range_bad_high_end_is_invalid_there", PARSE_DURATION_RANGE, "20s-x", -EINVAL, 0, 0, 4 },
	{ "range_empty_is_invalid", PARSE_DURATION_RANGE, "", -EINVAL, 0, 0, 0 },
	{ "range_huge_high_end_is_out_of_range", PARSE_DURATION_RANGE, "1-99999999999999999999",
		-ERANGE, 0, 0, 2 },

	{ "count_single_parses", PARSE_COUNT_RANGE, "5", 0, 5, 5, 0 },
	{ "count_range_parses", PARSE_COUNT_RANGE, "5-10", 0, 5, 10, 0 },
	{ "count_zero_parses", PARSE_COUNT_RANGE, "0", 0, 0, 0, 0 },
	{ "count_range_with_spaces_parses", PARSE_COUNT_RANGE, "5 - 10", 0, 5, 10, 0 },
	{ "count_empty_is_invalid", PARSE_COUNT_RANGE, "", -EINVAL, 0, 0, 0 },
	{ "count_fraction_is_invalid_at_dot", PARSE_COUNT_RANGE, "5.5", -EINVAL, 0, 0, 1 },
	{ "count_negative_is_invalid_at_0", PARSE_COUNT_RANGE, "-1", -EINVAL, 0, 0, 0 },
	{ "count_going_down_is_invalid_at_high_end", PARSE_COUNT_RANGE, "10-5", -EINVAL, 0, 0, 3 },
	{ "count_with_unit_is_invalid_at_unit", PARSE_COUNT_RANGE, "5s", -EINVAL, 0, 0, 1 },
	{ "count_word_is_invalid", PARSE_COUNT_RANGE, "five", -EINVAL, 0, 0, 0 },
	{ "count_missing_high_end_is_invalid", PARSE_COUNT_RANGE, "5-", -EINVAL, 0, 0, 2 },
	{ "count_huge_is_out_of_range", PARSE_COUNT_RANGE, "99999999999999999999", -ERANGE, 0, 0,
		0 },
};

static void test_parse(void **state)
{
	const struct parse_case *c = *state;
	struct mb_range range = { -1, -1 };
	size_t error_at = 12345;
	int ret;
	switch (c->parser) {
	case PARSE_DURATION:
		ret = mb_duration_parse(c->text, &range.lo, &error_at);
		range.hi = range.lo;
		break;
	case PARSE_DURATION_RANGE:
		ret = mb_duration_range_parse(c->text, &range, &error_at);
		break;
	default:
		ret = mb_count_range_parse(c->text, &range, &error_at);
		break;
	}
	assert_int_equal(ret, c->ret);
	if (ret == 0) {
		assert_int_equal(range.lo, c->lo);
		assert_int_equal(range.hi, c->hi);
	} else {
		assert_int_equal(error_at, c->error_at);
	}
}

struct format_case {
	const char *name;
	int64_t us;
	size_t len;
	const char *want;
};

static const struct format_case format_cases[] = {
	{ "format_minutes_pad_seconds", S(245), 32, "4m05s" },
	{ "format_under_a_minute_is_seconds", S(30), 32, "30s" },
	{ "format_hours_pad_minutes_and_drop_zero_seconds", S(3720), 32, "1h02m" },
	{ "format_zero_is_0s", 0, 32, "0s" },
	{ "format_whole_minutes_drop_seconds", S(300), 32, "5m" },
	{ "format_whole_hour_is_1h", S(3600), 32, "1h" },
	{ "format_hour_with_seconds_keeps_all_parts", S(3605), 32, "1h00m05s" },
	{ "format_half_second_rounds_up", S(1.5), 32, "2s" },
	{ "format_under_half_second_rounds_down", 1499999, 32, "1s" },
	{ "format_rounding_carries_into_minutes", 59500000, 32, "1m" },
	{ "format_negative_has_sign", -S(90), 32, "-1m30s" },
	{ "format_tiny_negative_is_unsigned_zero", -200000, 32, "0s" },
	{ "format_short_buffer_truncates", S(245), 3, "4m" },
	{ "format_most_negative_does_not_overflow", INT64_MIN, 32, "-2562047788h00m55s" },
	{ "format_largest_does_not_overflow", INT64_MAX, 32, "2562047788h00m55s" },
};

static void test_format(void **state)
{
	const struct format_case *c = *state;
	char buf[32];
	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(mb_duration_format(c->us, buf, c->len), buf);
	assert_string_equal(buf, c->want);
}

static void test_format_zero_length_buffer_is_untouched(void **state)
{
	char buf[4] = "abc";
	mb_duration_format(S(5), buf, 0);
	assert_string_equal(buf, "abc");
}

struct range_case {
	const char *name;
	bool us;
	struct mb_range range;
	double level;
	double offset;
	int64_t want;
};

static const struct range_case range_cases[] = {
	{ "range_at_low_level_is_lo", false, { 5, 10 }, 0.0, 0.5, 5 },
	{ "range_at_high_level_is_hi", false, { 5, 10 }, 1.0, 0.5, 10 },
	{ "range_at_half_rounds_to_nearest", false, { 5, 10 }, 0.5, 0.5, 8 },
	{ "range_at_below_zero_clamps_to_lo", false, { 5, 10 }, -1.0, 0.5, 5 },
	{ "range_at_above_one_clamps_to_hi", false, { 5, 10 }, 2.0, 0.5, 10 },
	{ "range_at_nan_is_lo", false, { 5, 10 }, NAN, 0.5, 5 },
	{ "range_at_fixed_is_the_value", false, { 3, 3 }, 0.7, 0.5, 3 },
	{ "range_at_us_rounds_to_whole_seconds", true, { S(1), S(4) }, 0.5, 0.5, S(3) },
	{ "range_at_us_high_end_is_hi", true, { S(20), S(30) }, 1.0, 0.5, S(30) },
	{ "range_at_us_low_end_is_lo", true, { S(20), S(30) }, 0.0, 0.5, S(20) },
	{ "range_at_us_fixed_fraction_stays_exact", true, { S(1.5), S(1.5) }, 0.5, 0.5, S(1.5) },
	{ "range_at_us_fractional_range_steps_to_hi", true, { S(1.2), S(1.4) }, 1.0, 0.5, S(1.4) },
	{ "range_at_us_fractional_range_low_is_lo", true, { S(1.2), S(1.4) }, 0.0, 0.5, S(1.2) },
	{ "range_at_offset_zero_steps_up_late", false, { 5, 10 }, 0.59, 0.0, 7 },
	{ "range_at_offset_near_one_steps_up_early", false, { 5, 10 }, 0.02, 0.95, 6 },
	{ "range_at_offset_never_passes_hi", false, { 5, 10 }, 1.0, 0.99, 10 },
	{ "range_at_us_offset_steps_whole_seconds", true, { S(20), S(30) }, 0.25, 0.9, S(23) },
};

static void test_range(void **state)
{
	const struct range_case *c = *state;
	int64_t got = c->us ? mb_range_at_us(c->range, c->level, c->offset) :
			      mb_range_at(c->range, c->level, c->offset);
	assert_int_equal(got, c->want);
}

static void test_step_kind_names_match_the_file_format(void **state)
{
	assert_string_equal(mb_step_kind_name(MB_STEP_MOVE), "move");
	assert_string_equal(mb_step_kind_name(MB_STEP_HOLD), "hold");
	assert_string_equal(mb_step_kind_name(MB_STEP_RELEASE), "release");
	assert_string_equal(mb_step_kind_name(MB_STEP_REST), "rest");
	assert_string_equal(mb_step_kind_name(MB_STEP_BREATHE), "breathe");
	assert_string_equal(mb_step_kind_name(MB_STEP_SWITCH), "switch");
	assert_string_equal(mb_step_kind_name(MB_STEP_REVERSE), "reverse");
	assert_string_equal(mb_step_kind_name((enum mb_step_kind)99), "unknown");
}

static void test_destroy_null_routine_is_harmless(void **state)
{
	mb_routine_destroy(NULL);
}

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

int main(void)
{
	struct CMUnitTest tests[LEN(parse_cases) + LEN(format_cases) + LEN(range_cases) + 3];
	size_t n = 0;
	for (size_t i = 0; i < LEN(parse_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = parse_cases[i].name,
			.test_func = test_parse,
			.initial_state = (void *)&parse_cases[i] };
	for (size_t i = 0; i < LEN(format_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = format_cases[i].name,
			.test_func = test_format,
			.initial_state = (void *)&format_cases[i] };
	for (size_t i = 0; i < LEN(range_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = range_cases[i].name,
			.test_func = test_range,
			.initial_state = (void *)&range_cases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_format_zero_length_buffer_is_untouched);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_step_kind_names_match_the_file_format);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_destroy_null_routine_is_harmless);
	return _cmocka_run_group_tests("core-duration", tests, n, NULL, NULL);
}

/* Tests for the program model: the plan of a day, and which routine of a day comes next. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/program.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* One day with these routines, for the next-routine cases. */
static struct mb_program_day day_of(const char *const *routines, size_t len)
{
	return (struct mb_program_day){ .day = 1, .routines = routines, .routines_len = len };
}

struct next_case {
	const char *name;
	const char *routines[4];
	size_t routines_len;
	const char *done[8];
	size_t done_len;
	size_t next, done_count;
};

static const struct next_case next_cases[] = {
	{ "nothing_done_offers_the_first", { "a", "b", "c" }, 3, { 0 }, 0, 0, 0 },
	{ "first_done_offers_the_second", { "a", "b", "c" }, 3, { "a" }, 1, 1, 1 },
	{ "second_done_out_of_order_offers_the_first", { "a", "b", "c" }, 3, { "b" }, 1, 0, 1 },
	{ "first_two_done_offers_the_third", { "a", "b", "c" }, 3, { "b", "a" }, 2, 2, 2 },
	{ "routines_of_other_days_are_ignored", { "a", "b", "c" }, 3, { "x", "a", "y" }, 3, 1, 1 },
	{ "all_done_starts_over_at_the_first", { "a", "b", "c" }, 3, { "a", "b", "c" }, 3, 0, 3 },
	{ "second_round_goes_in_order", { "a", "b", "c" }, 3, { "a", "b", "c", "a" }, 4, 1, 3 },
	{ "a_routine_done_twice_counts_once_a_round", { "a", "b" }, 2, { "a", "a" }, 2, 1, 1 },
	{ "a_routine_named_twice_needs_two_completions", { "a", "b", "a" }, 3, { "a", "b" }, 2, 2,
		2 },
	{ "a_routine_named_twice_done_twice_offers_the_other", { "a", "b", "a" }, 3, { "a", "a" },
		2, 1, 2 },
	{ "one_routine_day_always_offers_it", { "a" }, 1, { "a", "a", "a" }, 3, 0, 1 },
};

static void test_next(void **state)
{
	const struct next_case *c = *state;
	struct mb_program_day day = day_of(c->routines, c->routines_len);
	assert_int_equal(mb_program_next(&day, c->done, c->done_len), c->next);
	assert_int_equal(mb_program_done_count(&day, c->done, c->done_len), c->done_count);
}

static void test_empty_day_offers_index_zero(void **state)
{
	struct mb_program_day day = { .day = 1 };
	assert_int_equal(mb_program_next(&day, NULL, 0), 0);
	assert_int_equal(mb_program_done_count(&day, NULL, 0), 0);
}

/* A program of a single day, then a block of three days, then one more day. */
static struct mb_program *three_blocks(void)
{
	static const unsigned days[] = { 1, 3, 1 };
	static const double minutes[] = { 2, 3, 5 };
	static const char *const names[] = { "one", "block", "last" };
	struct mb_program *p = calloc(1, sizeof(*p));
	assert_non_null(p);
	p->name = strdup("three");
	p->title = strdup("Three blocks");
	p->blocks = calloc(3, sizeof(*p->blocks));
	assert_non_null(p->blocks);
	for (size_t i = 0; i < 3; i++) {
		struct mb_program_block *b = &p->blocks[i];
		b->days = days[i];
		b->minutes = minutes[i];
		b->routines = calloc(1, sizeof(*b->routines));
		assert_non_null(b->routines);
		b->routines[0] = strdup(names[i]);
		b->routines_len = 1;
		p->blocks_len++;
		p->days += days[i];
	}
	return p;
}

static void test_days_follow_the_blocks(void **state)
{
	struct mb_program *p = three_blocks();
	struct mb_program_day day;
	static const char *const want[] = { "one", "block", "block", "block", "last" };
	static const double want_minutes[] = { 2, 3, 3, 3, 5 };
	for (unsigned d = 1; d <= 5; d++) {
		assert_true(mb_program_day(p, d, &day));
		assert_int_equal(day.day, d);
		assert_int_equal(day.routines_len, 1);
		assert_string_equal(day.routines[0], want[d - 1]);
		assert_true(day.minutes == want_minutes[d - 1]);
	}
	assert_int_equal(p->days, 5);
	mb_program_destroy(p);
}

static void test_day_zero_and_past_the_end_have_no_plan(void **state)
{
	struct mb_program *p = three_blocks();
	struct mb_program_day day;
	assert_false(mb_program_day(p, 0, &day));
	assert_false(mb_program_day(p, 6, &day));
	assert_false(mb_program_day(NULL, 1, &day));
	mb_program_destroy(p);
}

static void test_destroy_is_null_safe(void **state)
{
	mb_program_destroy(NULL);
}

int main(void)
{
	struct CMUnitTest tests[LEN(next_cases) + 4];
	size_t n = 0;
	for (size_t i = 0; i < LEN(next_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = next_cases[i].name,
			.test_func = test_next,
			.initial_state = (void *)&next_cases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_empty_day_offers_index_zero);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_days_follow_the_blocks);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_day_zero_and_past_the_end_have_no_plan);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_destroy_is_null_safe);
	return _cmocka_run_group_tests("core-program", tests, n, NULL, NULL);
}

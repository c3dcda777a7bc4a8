/* Tests for the program file loader: good files give their days, bad ones a problem at its place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/program-yaml.h"
#include "routine-fixture.h"

#define P_HEAD "name: p\ntitle: P\n"
#define P_DAYS "days:\n"
#define P_ONE_DAY "  - {routines: [shoulder-reset], minutes: 3}\n"

/* Parse a copy of exactly len bytes, so ASan catches any read past the end. */
static struct mb_program *parse(const char *text, size_t len, struct mb_diags *diags)
{
	char *copy = malloc(len > 0 ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	struct mb_program *p = mb_program_parse(copy, len, diags);
	free(copy);
	return p;
}

struct bad_case {
	const char *name;
	const char *text;
	int line, column;
	const char *message;
};

static const struct bad_case bad_cases[] = {
	{ "empty_file_holds_no_program", "", 1, 1, "holds no program" },
	{ "list_at_the_top_is_not_a_program", "- a\n", 1, 1,
		"expected a mapping with name, title and days" },
	{ "missing_days_is_named", P_HEAD, 1, 1, "the program is missing 'days'" },
	{ "missing_title_is_named", "name: p\n" P_DAYS P_ONE_DAY, 1, 1,
		"the program is missing 'title'" },
	{ "misspelled_top_key_suggests_days", P_HEAD "dyas:\n" P_ONE_DAY, 3, 1,
		"unknown key 'dyas' in the program; did you mean 'days'?" },
	{ "bad_name_is_refused", "name: Desk 30\ntitle: P\n" P_DAYS P_ONE_DAY, 1, 7,
		"'name' must be 1 to 40 lowercase letters" },
	{ "days_as_text_is_not_a_list", P_HEAD "days: thirty\n", 3, 7,
		"expected a list for 'days' in the program, got 'thirty'" },
	{ "empty_days_is_refused", P_HEAD "days: []\n", 3, 7, "'days' in the program is empty" },
	{ "day_as_text_is_not_a_mapping", P_HEAD P_DAYS "  - shoulder-reset\n", 4, 5,
		"expected a mapping like {routines: [shoulder-reset], minutes: 3} for entry 1 of "
		"'days' (day 1), got 'shoulder-reset'" },
	{ "day_without_routines_is_named", P_HEAD P_DAYS "  - {minutes: 3}\n", 4, 5,
		"entry 1 of 'days' (day 1) is missing 'routines'" },
	{ "day_without_minutes_is_named", P_HEAD P_DAYS "  - {routines: [a]}\n", 4, 5,
		"entry 1 of 'days' (day 1) is missing 'minutes'" },
	{ "misspelled_routine_key_suggests_routines",
		P_HEAD P_DAYS "  - {routine: [a], minutes: 3}\n", 4, 6,
		"unknown key 'routine' in entry 1 of 'days' (day 1); did you mean 'routines'?" },
	{ "routines_as_text_is_not_a_list", P_HEAD P_DAYS "  - {routines: a, minutes: 3}\n", 4, 16,
		"expected a list for 'routines' in entry 1 of 'days' (day 1), got 'a'" },
	{ "empty_routines_is_refused", P_HEAD P_DAYS "  - {routines: [], minutes: 3}\n", 4, 16,
		"'routines' in entry 1 of 'days' (day 1) is empty" },
	{ "too_many_routines_are_refused",
		P_HEAD P_DAYS "  - {routines: [a, b, c, d, e, f, g, h, i], minutes: 3}\n", 4, 16,
		"has 9 entries; the limit is 8" },
	{ "routine_name_with_capitals_is_refused",
		P_HEAD P_DAYS "  - {routines: [Neck], minutes: 3}\n", 4, 17,
		"'routines' must be 1 to 40 lowercase letters" },
	{ "routine_as_list_is_not_a_name", P_HEAD P_DAYS "  - {routines: [[a]], minutes: 3}\n", 4,
		17, "expected a string for 'routines', got a list" },
	{ "minutes_as_word_is_refused", P_HEAD P_DAYS "  - {routines: [a], minutes: three}\n", 4,
		30,
		"expected a number of minutes like 3 or 2.5 for 'minutes' of entry 1 of 'days' (day "
		"1), got 'three'" },
	{ "minutes_with_a_unit_is_refused", P_HEAD P_DAYS "  - {routines: [a], minutes: 3m}\n", 4,
		30, "expected a number of minutes like 3 or 2.5" },
	{ "minutes_with_two_decimals_is_refused",
		P_HEAD P_DAYS "  - {routines: [a], minutes: 2.25}\n", 4, 30,
		"expected a number of minutes like 3 or 2.5" },
	{ "zero_minutes_is_refused", P_HEAD P_DAYS "  - {routines: [a], minutes: 0}\n", 4, 30,
		"'minutes' of entry 1 of 'days' (day 1) must be from 0.5 to 30, got '0'" },
	{ "an_hour_is_refused", P_HEAD P_DAYS "  - {routines: [a], minutes: 60}\n", 4, 30,
		"must be from 0.5 to 30, got '60'" },
	{ "zero_days_in_a_block_is_refused",
		P_HEAD P_DAYS "  - {days: 0, routines: [a], minutes: 3}\n", 4, 12,
		"'days' must be at least 1" },
	{ "a_range_of_days_is_refused",
		P_HEAD P_DAYS "  - {days: 3-5, routines: [a], minutes: 3}\n", 4, 12,
		"is one number of days, not a range" },
	{ "second_entry_names_its_day",
		P_HEAD P_DAYS "  - {days: 7, routines: [a], minutes: 3}\n"
			      "  - {routines: [a]}\n",
		5, 5, "entry 2 of 'days' (day 8) is missing 'minutes'" },
	{ "a_block_names_its_days", P_HEAD P_DAYS P_ONE_DAY "  - {days: 7, routines: [a]}\n", 5, 5,
		"entry 2 of 'days' (days 2-8) is missing 'minutes'" },
	{ "more_than_366_days_is_refused",
		P_HEAD P_DAYS "  - {days: 300, routines: [a], minutes: 3}\n"
			      "  - {days: 67, routines: [a], minutes: 3}\n",
		5, 5, "the program reaches day 367 here; a program lasts at most 366 days" },
	{ "anchor_is_refused", P_HEAD P_DAYS "  - &d {routines: [a], minutes: 3}\n", 4, 5,
		"anchor" },
};

static void test_bad(void **state)
{
	const struct bad_case *c = *state;
	struct mb_diags diags = { 0 };
	struct mb_program *p = parse(c->text, strlen(c->text), &diags);
	if (p != NULL || diags.len == 0)
		fail_msg("expected a problem, got none");
	const struct mb_diag *d = &diags.items[0];
	if (d->line != c->line || d->column != c->column || !strstr(d->message, c->message)) {
		routine_fixture_print_diags(&diags);
		fail_msg("expected %d:%d: ...%s...", c->line, c->column, c->message);
	}
}

static void test_every_problem_of_a_file_is_reported(void **state)
{
	const char *text = "name: P\ntitle: P\ndays:\n"
			   "  - {routines: [a], minutes: x}\n"
			   "  - {routines: [B], minutes: 3}\n";
	struct mb_diags diags = { 0 };
	assert_null(parse(text, strlen(text), &diags));
	assert_int_equal(diags.len, 3);
	assert_int_equal(diags.items[0].line, 1);
	assert_int_equal(diags.items[1].line, 4);
	assert_int_equal(diags.items[2].line, 5);
}

static void test_days_and_blocks_expand(void **state)
{
	const char *text = "name: mix\ntitle: Mix\nsummary: Two shapes.\ndays:\n"
			   "  - {routines: [a, b], minutes: 2.5}\n"
			   "  - days: 3\n"
			   "    routines: [c]\n"
			   "    minutes: 5\n";
	struct mb_diags diags = { 0 };
	struct mb_program *p = parse(text, strlen(text), &diags);
	if (p == NULL)
		routine_fixture_print_diags(&diags);
	assert_non_null(p);
	assert_string_equal(p->name, "mix");
	assert_string_equal(p->title, "Mix");
	assert_string_equal(p->summary, "Two shapes.");
	assert_int_equal(p->days, 4);
	assert_int_equal(p->blocks_len, 2);
	assert_int_equal(p->blocks[1].line, 6);
	struct mb_program_day day;
	assert_true(mb_program_day(p, 1, &day));
	assert_int_equal(day.routines_len, 2);
	assert_string_equal(day.routines[1], "b");
	assert_true(day.minutes == 2.5);
	assert_true(mb_program_day(p, 4, &day));
	assert_string_equal(day.routines[0], "c");
	assert_true(day.minutes == 5);
	assert_false(mb_program_day(p, 5, &day));
	mb_program_destroy(p);
}

static void test_routines_need_not_exist(void **state)
{
	const char *text = P_HEAD P_DAYS "  - {routines: [no-such-routine-yet], minutes: 3}\n";
	struct mb_program *p = parse(text, strlen(text), NULL);
	assert_non_null(p);
	mb_program_destroy(p);
}

/* desk-30 as the issue asks: thirty days that build up and rotate at least six routines. */
static void test_desk_30_builds_up_and_rotates(void **state)
{
	const char *root = getenv("MB_SOURCE_ROOT");
	if (root == NULL) {
		print_message("MB_SOURCE_ROOT is not set; run this through meson test\n");
		skip();
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/programs/desk-30.yaml", root);
	size_t len = 0;
	char *buf = routine_fixture_read_file(path, &len);
	assert_non_null(buf);
	struct mb_diags diags = { 0 };
	struct mb_program *p = parse(buf, len, &diags);
	free(buf);
	if (p == NULL)
		routine_fixture_print_diags(&diags);
	assert_non_null(p);
	assert_string_equal(p->name, "desk-30");
	assert_string_equal(p->title, "Desk 30: a month of movement breaks");
	assert_int_equal(p->days, 30);
	const char *seen[64];
	size_t nseen = 0;
	struct mb_program_day day;
	for (unsigned d = 1; d <= 30; d++) {
		assert_true(mb_program_day(p, d, &day));
		if (d <= 7)
			assert_true(day.minutes >= 2 && day.minutes <= 3);
		if (d >= 22)
			assert_true(day.minutes == 5);
		for (size_t i = 0; i < day.routines_len; i++) {
			size_t j = 0;
			while (j < nseen && strcmp(seen[j], day.routines[i]) != 0)
				j++;
			if (j == nseen && nseen < 64)
				seen[nseen++] = day.routines[i];
		}
	}
	assert_true(nseen >= 6);
	mb_program_destroy(p);
}

int main(void)
{
	struct CMUnitTest tests[LEN(bad_cases) + 4];
	size_t n = 0;
	for (size_t i = 0; i < LEN(bad_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = bad_cases[i].name,
			.test_func = test_bad,
			.initial_state = (void *)&bad_cases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_every_problem_of_a_file_is_reported);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_days_and_blocks_expand);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_routines_need_not_exist);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_desk_30_builds_up_and_rotates);
	return _cmocka_run_group_tests("parse-program-yaml", tests, n, NULL, NULL);
}

/* Tests for the routine file loader: each bad file is refused with its problem at its place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/routine-yaml.h"
#include "routine-fixture.h"

struct bad_case {
	const char *name;
	const char *text;
	/* Length of text when it holds NUL bytes; 0 means strlen. */
	size_t len;
	int line, column;
	const char *message;
};

static const struct bad_case bad_cases[] = {
	{ "empty_input_is_rejected", "", 0, 1, 1, "holds no routine" },
	{ "comment_only_input_is_rejected", "# nothing\n", 0, 1, 1, "holds no routine" },
	{ "bare_document_marker_is_rejected", "---\n", 0, 2, 1, "holds no routine" },
	{ "top_level_list_is_not_a_mapping", "- a\n- b\n", 0, 1, 1,
		"expected a mapping with name, title and exercises" },
	{ "top_level_text_is_not_a_mapping", "hello\n", 0, 1, 1, "got 'hello'" },
	{ "second_document_is_rejected", GOOD "---\n" GOOD, 0, 7, 1, "a second one starts here" },
	{ "syntax_error_is_reported_with_position", "name: [t\n", 0, 2, 1, "invalid YAML" },
	{ "tab_indentation_is_explained", "name: t\n\ttitle: T\n", 0, 2, 1, "not tabs" },
	{ "tab_before_a_list_entry_is_explained", "name: t\nexercises:\n\t- title: E\n", 0, 3, 1,
		"cannot start any token (indent with spaces, not tabs)" },
	{ "reserved_at_sign_asks_for_quotes", "name: t\ntitle: @home\n", 0, 2, 8,
		"text cannot start with '@'; put it in quotes" },
	{ "unknown_top_level_key_suggests_nearest", HEAD "tittle: X\n" EXERCISE STEPS ONE_STEP, 0,
		3, 1, "unknown key 'tittle' in the routine; did you mean 'title'?" },
	{ "unknown_step_key_lists_allowed_keys", GOOD "        colour: red\n", 0, 7, 9,
		"unknown key 'colour' in step 1 of exercise 1; expected one of: move, hold" },
	{ "unknown_exercise_key_suggests_nearest", HEAD EXERCISE "    repz: 3\n" STEPS ONE_STEP, 0,
		5, 5, "did you mean 'reps'?" },
	{ "non_text_key_is_rejected", GOOD "? [a]\n: b\n", 0, 7, 3, "expected a key name" },
	{ "missing_name_points_at_the_mapping", "title: T\n" EXERCISE STEPS ONE_STEP, 0, 1, 1,
		"the routine is missing 'name'" },
	{ "missing_exercises_is_rejected", HEAD, 0, 1, 1, "missing 'exercises'" },
	{ "missing_exercise_title_points_at_exercise", HEAD "exercises:\n  - steps:\n" ONE_STEP, 0,
		4, 5, "exercise 1 is missing 'title'" },
	{ "missing_steps_is_rejected", HEAD EXERCISE, 0, 4, 5, "exercise 1 is missing 'steps'" },
	{ "duplicate_key_is_rejected", HEAD "title: U\n" EXERCISE STEPS ONE_STEP, 0, 3, 1,
		"duplicate key 'title' in the routine; it was first given at line 2" },
	{ "invalid_name_is_rejected", "name: Shoulder Reset\ntitle: T\n" EXERCISE STEPS ONE_STEP, 0,
		1, 7, "'name' must be 1 to 40 lowercase letters" },
	{ "name_starting_with_digit_is_rejected", "name: 1x\ntitle: T\n" EXERCISE STEPS ONE_STEP, 0,
		1, 7, "starting with a letter" },
	{ "name_over_40_chars_is_rejected",
		"name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\ntitle: T\n" EXERCISE STEPS
			ONE_STEP,
		0, 1, 7, "1 to 40" },
	{ "title_as_list_is_not_a_string", "name: t\ntitle: [a]\n" EXERCISE STEPS ONE_STEP, 0, 2, 8,
		"expected a string for 'title', got a list" },
	{ "empty_title_value_is_nothing", "name: t\ntitle:\n" EXERCISE STEPS ONE_STEP, 0, 2, 7,
		"expected a string for 'title', got nothing" },
	{ "empty_quoted_title_is_rejected", "name: t\ntitle: ''\n" EXERCISE STEPS ONE_STEP, 0, 2, 8,
		"'title' must not be empty" },
	{ "exercises_as_text_is_not_a_list", HEAD "exercises: lots\n", 0, 3, 12,
		"expected a list for 'exercises' in the routine, got 'lots'" },
	{ "empty_exercise_list_is_rejected", HEAD "exercises: []\n", 0, 3, 12,
		"'exercises' in the routine is empty" },
	{ "empty_step_list_is_rejected", HEAD EXERCISE "    steps: []\n", 0, 5, 12,
		"'steps' in exercise 1 is empty" },
	{ "exercise_as_text_is_not_a_mapping", HEAD "exercises:\n  - stretch\n", 0, 4, 5,
		"expected a mapping for exercise 1, got 'stretch'" },
	{ "step_as_text_is_not_a_mapping", HEAD EXERCISE STEPS "      - move\n", 0, 6, 9,
		"expected a mapping for step 1 of exercise 1" },
	{ "step_without_kind_is_rejected", HEAD EXERCISE STEPS "      - time: 3s\n", 0, 6, 9,
		"step 1 of exercise 1 needs one of move, hold" },
	{ "step_with_two_kinds_is_rejected", GOOD "        hold: Stay\n", 0, 7, 9,
		"has both 'move' and 'hold'" },
	{ "step_text_as_mapping_is_not_a_string", HEAD EXERCISE STEPS "      - move: {a: b}\n", 0,
		6, 15, "expected a string for 'move', got a mapping" },
	{ "word_duration_is_rejected", GOOD "        time: abc\n", 0, 7, 15,
		"expected a duration like 5s or 20-30s for 'time', got 'abc'" },
	{ "bad_unit_points_at_the_unit", GOOD "        time: 5x\n", 0, 7, 16, "got '5x'" },
	{ "negative_duration_is_rejected", GOOD "        time: -5s\n", 0, 7, 15,
		"'time' cannot be negative" },
	{ "zero_step_time_is_rejected", GOOD "        time: 0s\n", 0, 7, 15,
		"'time' of step 1 of exercise 1 must be at least 0.5s, got '0s'" },
	{ "step_under_half_a_second_names_the_step",
		HEAD EXERCISE STEPS ONE_STEP ONE_STEP "        time: 0.001s\n", 0, 8, 15,
		"'time' of step 2 of exercise 1 must be at least 0.5s, got '0.001s'" },
	{ "step_range_starting_under_half_a_second_is_rejected", GOOD "        time: 0.2-3s\n", 0,
		7, 15, "'time' of step 1 of exercise 1 must be at least 0.5s, got '0.2-3s'" },
	{ "prepare_under_half_a_second_is_rejected",
		HEAD EXERCISE "    prepare: 0.2s\n" STEPS ONE_STEP, 0, 5, 14,
		"'prepare' of exercise 1 must be 0s or at least 0.5s, got '0.2s'" },
	{ "zero_switch_time_is_rejected",
		HEAD EXERCISE "    sides: both\n    switch_time: 0s\n" STEPS ONE_STEP, 0, 6, 18,
		"'switch_time' of exercise 1 must be at least 0.5s, got '0s'" },
	{ "breath_under_half_a_second_is_rejected",
		HEAD EXERCISE STEPS "      - breathe: b\n"
				    "        in: 0.1s\n",
		0, 7, 13, "'in' of step 1 of exercise 1 must be at least 0.5s, got '0.1s'" },
	{ "reversed_range_is_rejected", GOOD "        time: 30-20s\n", 0, 7, 18,
		"the range '30-20s' for 'time' goes down" },
	{ "step_time_over_10m_is_rejected", GOOD "        time: 11m\n", 0, 7, 15,
		"'time' of 11m is longer than the limit of 10m" },
	{ "huge_duration_is_out_of_range", GOOD "        time: 99999999999999999999s\n", 0, 7, 15,
		"far too large" },
	{ "prepare_range_is_not_a_duration", HEAD EXERCISE "    prepare: 5-10s\n" STEPS ONE_STEP, 0,
		5, 15, "expected a duration like 5s or 1m30s for 'prepare'" },
	{ "step_reps_over_100_is_rejected", GOOD "        reps: 101\n", 0, 7, 15,
		"'reps' of 101 is more than the limit of 100" },
	{ "zero_reps_is_rejected", HEAD EXERCISE "    reps: 0-3\n" STEPS ONE_STEP, 0, 5, 11,
		"'reps' must be at least 1" },
	{ "fractional_reps_are_rejected", GOOD "        reps: 2.5\n", 0, 7, 16,
		"expected a number like 5 or 5-10 for 'reps', got '2.5'" },
	{ "breaths_over_30_are_rejected",
		HEAD EXERCISE STEPS "      - breathe: b\n"
				    "        breaths: 31\n",
		0, 7, 18, "'breaths' of 31 is more than the limit of 30" },
	{ "breaths_on_a_move_are_rejected", GOOD "        breaths: 3\n", 0, 7, 9,
		"'breaths' only applies to hold and breathe steps" },
	{ "time_on_breathe_is_rejected",
		HEAD EXERCISE STEPS "      - breathe: b\n"
				    "        time: 5s\n",
		0, 7, 9, "'time' does not apply to a breathe step" },
	{ "in_on_a_hold_is_rejected", HEAD EXERCISE STEPS "      - hold: h\n        in: 4s\n", 0, 7,
		9, "'in' only applies to breathe steps" },
	{ "zero_breath_length_is_rejected",
		HEAD EXERCISE STEPS "      - breathe: b\n"
				    "        out: 0\n",
		0, 7, 14, "'out' of step 1 of exercise 1 must be at least 0.5s" },
	{ "hold_too_short_for_its_breaths_is_rejected",
		HEAD EXERCISE STEPS "      - hold: h\n"
				    "        time: 5s\n        breaths: 3\n",
		0, 8, 18, "a hold of 5s is too short for 3 breaths" },
	{ "hold_range_too_short_at_low_end_is_rejected",
		HEAD EXERCISE STEPS "      - hold: h\n"
				    "        time: 3-20s\n        breaths: 2-3\n",
		0, 8, 18, "a hold of 3s is too short for 2 breaths" },
	{ "side_placeholder_without_sides_points_at_it",
		HEAD EXERCISE STEPS "      - move: Turn {side}\n", 0, 6, 20,
		"{side} in 'move' needs 'sides: both'" },
	{ "other_placeholder_in_setup_without_sides_is_rejected",
		HEAD EXERCISE "    setup: [\"Face {other}\"]\n" STEPS ONE_STEP, 0, 5, 19,
		"{other} in 'setup'" },
	{ "unknown_placeholder_is_rejected",
		HEAD EXERCISE "    sides: both\n" STEPS "      - move: Turn {left}\n", 0, 7, 20,
		"unknown placeholder '{left}'" },
	{ "unclosed_placeholder_is_rejected", GOOD "        direction: up {side\n", 0, 7, 23,
		"'{' in 'direction' is never closed" },
	{ "placeholder_in_title_is_rejected",
		HEAD "exercises:\n  - title: Reach {side}\n"
		     "    sides: both\n" STEPS ONE_STEP,
		0, 4, 18, "'title' cannot use {side}" },
	{ "placeholder_in_routine_summary_is_rejected",
		HEAD "summary: '{side}'\n" EXERCISE STEPS ONE_STEP, 0, 3, 11,
		"'summary' cannot use {side}" },
	{ "misspelled_area_suggests_the_nearest",
		HEAD "areas: [neck, sholders]\n" EXERCISE STEPS ONE_STEP, 0, 3, 15,
		"unknown area 'sholders'; did you mean 'shoulders'?" },
	{ "unknown_area_lists_the_words", HEAD "areas: [feet]\n" EXERCISE STEPS ONE_STEP, 0, 3, 9,
		"unknown area 'feet'; expected one of: neck, shoulders, upper-back, chest, wrists, "
		"lower-back, hips, legs, eyes, breath" },
	{ "repeated_area_points_at_the_first",
		HEAD "areas:\n  - neck\n  - hips\n  - neck\n" EXERCISE STEPS ONE_STEP, 0, 6, 5,
		"'areas' names 'neck' twice; it was first given at line 4, column 5" },
	{ "areas_as_text_asks_for_a_list", HEAD "areas: neck, shoulders\n" EXERCISE STEPS ONE_STEP,
		0, 3, 8,
		"'areas' is a list of words such as [neck, shoulders], got 'neck, shoulders'" },
	{ "area_as_mapping_is_not_a_word", HEAD "areas: [{neck: 1}]\n" EXERCISE STEPS ONE_STEP, 0,
		3, 9, "expected an area word like neck for 'areas', got a mapping" },
	{ "area_in_capitals_is_not_a_word", HEAD "areas: [Neck]\n" EXERCISE STEPS ONE_STEP, 0, 3, 9,
		"unknown area 'Neck'; did you mean 'neck'?" },
	{ "unknown_sides_value_is_rejected", HEAD EXERCISE "    sides: left\n" STEPS ONE_STEP, 0, 5,
		12, "'sides' must be 'both' or 'none', got 'left'" },
	{ "switch_without_sides_is_rejected",
		HEAD EXERCISE "    switch: Other side\n" STEPS ONE_STEP, 0, 5, 5,
		"'switch' only applies to an exercise with 'sides: both'" },
	{ "switch_time_with_sides_none_is_rejected",
		HEAD EXERCISE "    sides: none\n"
			      "    switch_time: 2s\n" STEPS ONE_STEP,
		0, 6, 5, "'switch_time' only applies" },
	{ "setup_mapping_is_not_a_list", HEAD EXERCISE "    setup: {a: b}\n" STEPS ONE_STEP, 0, 5,
		12, "expected a list for 'setup' in exercise 1, got a mapping" },
	{ "too_many_setup_lines_are_rejected",
		HEAD EXERCISE "    setup: [a, b, c, d, e, f, g, h, i, "
			      "j, k, l, m, n, o, p, q]\n" STEPS ONE_STEP,
		0, 5, 12, "'setup' in exercise 1 has 17 entries; the limit is 16" },
	{ "variant_without_text_is_rejected",
		GOOD "    variants:\n      - name: easy\n"
		     "        title: Easy\n",
		0, 8, 9, "variant 1 of exercise 1 is missing 'text'" },
	{ "repeated_variant_name_is_rejected",
		GOOD "    variants:\n"
		     "      - {name: easy, title: A, text: a}\n"
		     "      - {name: easy, title: B, text: b}\n",
		0, 9, 16, "variant 2 of exercise 1 repeats the name 'easy' of variant 1" },
	{ "routine_longer_than_half_an_hour_is_rejected",
		HEAD EXERCISE "    reps: 20\n" STEPS "      - hold: h\n        time: 10m\n", 0, 4,
		5, "the routine can take up to 3h20m05s at its longest; the limit is 30m" },
	{ "routine_over_half_an_hour_by_its_switch_is_rejected",
		HEAD EXERCISE "    reps: 3\n"
			      "    prepare: 0s\n    sides: both\n    switch_time: 5s\n" STEPS
			      "      - hold: h\n        time: 2-5m\n",
		0, 4, 5, "up to 30m05s at its longest" },
	{ "longest_exercise_is_named_when_the_routine_is_too_long",
		HEAD EXERCISE STEPS ONE_STEP
		"  - title: F\n    reps: 4\n    steps:\n      - hold: h\n        time: 8m\n",
		0, 7, 5, "exercise 2 alone takes 32m05s" },
	{ "routine_of_2001_cues_is_rejected",
		HEAD EXERCISE STEPS
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 100}\n"
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 100}\n"
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 100}\n"
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 100}\n"
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 100}\n"
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 100}\n"
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 100}\n"
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 100}\n"
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 100}\n"
		"      - {move: m, time: 0.5s, reps: 100}\n      - {move: m, time: 0.5s, reps: 99}\n",
		0, 4, 5, "at its longest the routine has 2001 cues, more than the limit of 2000" },
	{ "many_reps_of_many_step_reps_are_too_many_cues",
		HEAD EXERCISE "    reps: 1-100\n"
			      "    sides: both\n" STEPS "      - move: m\n        reps: 1-100\n"
			      "  - title: F\n    steps: [move: m]\n",
		0, 4, 5,
		"has 20005 cues, more than the limit of 2000; exercise 1 alone has 20002" },
	{ "paced_breaths_count_as_two_cues_each",
		HEAD EXERCISE "    reps: 100\n" STEPS
			      "      - hold: h\n        time: 1m\n        breaths: 10\n",
		0, 4, 5, "has 2002 cues" },
	{ "anchor_is_rejected", "name: &n t\ntitle: T\n" EXERCISE STEPS ONE_STEP, 0, 1, 7,
		"anchors and aliases are not supported" },
	{ "alias_is_rejected", HEAD "summary: *n\n" EXERCISE STEPS ONE_STEP, 0, 3, 10,
		"anchors and aliases are not supported" },
	{ "tag_is_rejected", "name: !!str t\ntitle: T\n" EXERCISE STEPS ONE_STEP, 0, 1, 7,
		"tags such as 'tag:yaml.org,2002:str' are not supported" },
	{ "invalid_utf8_points_at_the_byte", "name: t\ntitle: caf\xe9\n", 0, 2, 11,
		"not valid UTF-8 text (byte 0xe9)" },
	{ "overlong_utf8_is_rejected", "name: \xc0\xaf\n", 0, 1, 7, "not valid UTF-8" },
	{ "utf16_surrogate_in_utf8_is_rejected", "name: \xed\xa0\x80\n", 0, 1, 7,
		"not valid UTF-8" },
	{ "nul_byte_is_rejected", "name: t\0\ntitle: T\n", 17, 1, 8, "contains a NUL byte" },
	{ "problem_after_a_byte_order_mark_keeps_its_column", "\xef\xbb\xbfname: [t\n", 0, 2, 1,
		"invalid YAML" },
	{ "byte_order_mark_does_not_shift_columns",
		"\xef\xbb\xbf"
		"name: t\ntitle: T\nfoo: 1\n" EXERCISE STEPS ONE_STEP,
		0, 3, 1, "unknown key 'foo' in the routine" },
	{ "utf16_file_is_named_as_such", "\xff\xfen\0a\0", 6, 1, 1, "the file is UTF-16 text" },
	{ "binary_header_is_rejected",
		"\x7f"
		"ELF\x02\x01\x01",
		7, 1, 1, "control character U+007F" },
	{ "escaped_control_character_is_rejected",
		"name: t\ntitle: \"a\\eb\"\n" EXERCISE STEPS ONE_STEP, 0, 2, 8,
		"text must not contain control characters (found U+001B)" },
	{ "escaped_nul_is_rejected", "name: t\ntitle: \"a\\0b\"\n" EXERCISE STEPS ONE_STEP, 0, 2, 8,
		"found U+0000" },
	{ "escaped_c1_control_is_rejected", "name: t\ntitle: \"a\\x9bb\"\n" EXERCISE STEPS ONE_STEP,
		0, 2, 8, "found U+009B" },
	{ "escaped_control_in_unknown_key_is_not_echoed", GOOD "\"a\\eb\\rc\": x\n", 0, 7, 1,
		"found U+001B" },
	{ "nesting_over_32_levels_is_rejected",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
		0, 1, 33, "nested deeper than 32 levels" },
	/* Poses: named from the library, or angles given as a mapping. */
	{ "unknown_pose_name_suggests_nearest", GOOD "        pose: wall-pres\n", 0, 7, 15,
		"unknown pose 'wall-pres'; did you mean 'wall-press'?" },
	{ "unknown_pose_name_points_to_the_library", GOOD "        pose: banana\n", 0, 7, 15,
		"unknown pose 'banana'; name a built-in pose" },
	{ "unknown_pose_in_a_list_is_pointed_at", GOOD "        pose: [shrug, banana]\n", 0, 7, 23,
		"unknown pose 'banana'" },
	{ "pose_angle_out_of_range_is_rejected", GOOD "        pose: {head_tilt: 90}\n", 0, 7, 27,
		"'head_tilt' must be a number of degrees from -60 to 60, got '90'" },
	{ "pose_angle_must_be_a_number", GOOD "        pose: {head_turn: left}\n", 0, 7, 27,
		"'head_turn' must be a number of degrees from -80 to 80, got 'left'" },
	{ "unknown_pose_key_suggests_nearest", GOOD "        pose: {head_tlt: 10}\n", 0, 7, 16,
		"unknown key 'head_tlt' in a pose; did you mean 'head_tilt'?" },
	{ "pose_word_must_be_known", GOOD "        pose: {arms: sideways}\n", 0, 7, 22,
		"'arms' must be down, forward, up, out, wall or goalpost, got 'sideways'" },
	{ "shoulders_cannot_go_up_and_down", GOOD "        pose: {shoulders: up-down}\n", 0, 7, 27,
		"'shoulders' must be relaxed, up, down, back or forward" },
	{ "pose_list_on_a_hold_is_rejected",
		HEAD EXERCISE STEPS "      - hold: h\n        pose: [shrug, standing]\n", 0, 7, 15,
		"a list of poses only applies to move, release and reverse steps" },
	{ "pose_list_of_five_is_too_long",
		GOOD "        pose: [shrug, shrug, shrug, shrug, shrug]\n", 0, 7, 15,
		"has 5 entries; the limit is 4" },
	{ "unknown_view_is_rejected", HEAD EXERCISE "    view: top\n" STEPS ONE_STEP, 0, 5, 11,
		"'view' must be front, back or side, got 'top'" },
	{ "exercise_pose_is_checked", HEAD EXERCISE "    pose: {like: nope}\n" STEPS ONE_STEP, 0, 5,
		18, "unknown pose 'nope'" },
};

static void assert_printable(const char *message)
{
	for (const char *c = message; *c != '\0'; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			fail_msg("control character 0x%02x in '%s'", (unsigned char)*c, message);
	}
}

static void test_bad(void **state)
{
	const struct bad_case *c = *state;
	size_t len = c->len > 0 ? c->len : strlen(c->text);
	struct mb_diags diags = { 0 };
	struct mb_routine *r = routine_fixture_parse(c->text, len, &diags);
	routine_fixture_print_diags(&diags);
	assert_null(r);
	assert_true(diags.len >= 1);
	assert_int_equal(diags.items[0].line, c->line);
	assert_int_equal(diags.items[0].column, c->column);
	if (strstr(diags.items[0].message, c->message) == NULL)
		fail_msg("message '%s' lacks '%s'", diags.items[0].message, c->message);
	for (size_t i = 0; i < diags.len; i++)
		assert_printable(diags.items[i].message);
}

int main(void)
{
	struct CMUnitTest tests[LEN(bad_cases)];
	for (size_t i = 0; i < LEN(bad_cases); i++)
		tests[i] = (struct CMUnitTest){ .name = bad_cases[i].name,
			.test_func = test_bad,
			.initial_state = (void *)&bad_cases[i] };
	return _cmocka_run_group_tests("parse-routine-yaml-bad", tests, LEN(bad_cases), NULL, NULL);
}

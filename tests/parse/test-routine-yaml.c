/* Tests for the routine file loader: the built-in files load as written, and bad files say where and why. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/duration.h"
#include "core/timeline.h"
#include "parse/routine-yaml.h"

#define S(x) ((int64_t)((x) * 1000000.0 + 0.5))
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A minimal good routine, cut so cases can add lines at each level. */
#define HEAD "name: t\ntitle: T\n"
#define EXERCISE "exercises:\n  - title: E\n"
#define STEPS "    steps:\n"
#define ONE_STEP "      - move: Go\n"
#define GOOD HEAD EXERCISE STEPS ONE_STEP

/*
 * Parse a copy of the bytes in a buffer of exactly their length, so ASan
 * catches any read past the end: files are not NUL-terminated.
 */
static struct mb_routine *parse_exact(const char *text, size_t len, struct mb_diags *diags)
{
	char *copy = malloc(len > 0 ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	struct mb_routine *routine = mb_routine_parse(copy, len, diags);
	free(copy);
	return routine;
}

static char *read_whole_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

static void print_diags(const struct mb_diags *diags)
{
	for (size_t i = 0; i < diags->len; i++)
		print_message("  %d:%d: %s\n", diags->items[i].line, diags->items[i].column,
			diags->items[i].message);
}

/* Load a file of the source tree; the test is skipped, visibly, outside `meson test`. */
static struct mb_routine *load_source_file(const char *rel, struct mb_diags *diags)
{
	const char *root = getenv("MB_SOURCE_ROOT");
	if (root == NULL) {
		print_message("MB_SOURCE_ROOT is not set; run this through meson test\n");
		skip();
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	size_t len = 0;
	char *buf = read_whole_file(path, &len);
	if (buf == NULL)
		fail_msg("cannot read %s", path);
	struct mb_routine *routine = parse_exact(buf, len, diags);
	free(buf);
	return routine;
}

static void assert_step(const struct mb_step *step, enum mb_step_kind kind, int64_t lo_us,
		int64_t hi_us)
{
	assert_int_equal(step->kind, kind);
	assert_int_equal(step->time_us.lo, lo_us);
	assert_int_equal(step->time_us.hi, hi_us);
}

static void test_shoulder_reset_loads_all_five_exercises(void **state)
{
	struct mb_diags diags = { 0 };
	struct mb_routine *r = load_source_file("data/routines/shoulder-reset.yaml", &diags);
	print_diags(&diags);
	assert_non_null(r);
	assert_int_equal(diags.len, 0);
	assert_string_equal(r->name, "shoulder-reset");
	assert_string_equal(r->title, "Shoulder reset");
	assert_non_null(r->summary);
	/* Folded scalars join their lines with spaces. */
	assert_non_null(strstr(r->summary, "move your shoulder blades, take the load"));
	assert_int_equal(r->exercises_len, 5);

	const struct mb_exercise *ex = &r->exercises[0];
	assert_string_equal(ex->title, "Shoulder-blade awareness");
	assert_int_equal(ex->line, 11);
	assert_int_equal(ex->column, 5);
	assert_non_null(ex->purpose);
	assert_int_equal(ex->setup_len, 2);
	assert_string_equal(ex->setup[0], "Sit or stand tall with both feet flat on the floor.");
	assert_string_equal(ex->setup[1], "Let your arms rest at your sides.");
	assert_int_equal(ex->prepare_us, S(5));
	assert_int_equal(ex->reps.lo, 5);
	assert_int_equal(ex->reps.hi, 10);
	assert_false(ex->both_sides);
	assert_int_equal(ex->steps_len, 3);
	assert_step(&ex->steps[0], MB_STEP_MOVE, S(2), S(2));
	assert_step(&ex->steps[1], MB_STEP_HOLD, S(1), S(1));
	assert_step(&ex->steps[2], MB_STEP_MOVE, S(2), S(2));
	assert_int_equal(ex->steps[0].line, 23);
	assert_int_equal(ex->steps[0].column, 9);
	assert_int_equal(ex->steps[1].breaths.lo, 0);
	assert_int_equal(ex->steps[1].breaths.hi, 0);
	assert_int_equal(ex->steps[0].reps.lo, 1);
	assert_int_equal(ex->steps[0].reps.hi, 1);
	assert_null(ex->steps[0].direction);
	assert_int_equal(ex->variants_len, 0);

	ex = &r->exercises[1];
	assert_string_equal(ex->title, "Wall press");
	assert_int_equal(ex->prepare_us, S(6));
	assert_int_equal(ex->reps.lo, 5);
	assert_int_equal(ex->reps.hi, 5);
	assert_int_equal(ex->steps_len, 3);
	assert_step(&ex->steps[0], MB_STEP_HOLD, S(5), S(5));
	assert_step(&ex->steps[1], MB_STEP_RELEASE, S(2), S(2));
	assert_step(&ex->steps[2], MB_STEP_REST, S(1), S(4));

	ex = &r->exercises[2];
	assert_string_equal(ex->title, "Shoulder rolls");
	assert_int_equal(ex->setup_len, 1);
	assert_int_equal(ex->steps_len, 3);
	assert_step(&ex->steps[0], MB_STEP_MOVE, S(4), S(4));
	assert_string_equal(ex->steps[0].direction, "backward");
	assert_int_equal(ex->steps[0].reps.lo, 3);
	assert_int_equal(ex->steps[0].reps.hi, 6);
	assert_step(&ex->steps[1], MB_STEP_REVERSE, S(3), S(3));
	assert_string_equal(ex->steps[1].text, "Change direction");
	assert_string_equal(ex->steps[2].direction, "forward");

	ex = &r->exercises[3];
	assert_string_equal(ex->title, "Upper-back expansion");
	assert_step(&ex->steps[1], MB_STEP_HOLD, S(20), S(30));
	assert_int_equal(ex->steps[1].breaths.lo, 3);
	assert_int_equal(ex->steps[1].breaths.hi, 3);
	assert_int_equal(ex->reps.lo, 1);
	assert_int_equal(ex->reps.hi, 1);

	ex = &r->exercises[4];
	assert_string_equal(ex->title, "Neck and shoulder reset");
	assert_true(ex->both_sides);
	assert_string_equal(ex->switch_text,
		"Bring your head back to the middle, ready for the other side");
	assert_int_equal(ex->switch_us, S(3));
	assert_int_equal(ex->steps_len, 3);
	assert_string_equal(ex->steps[0].text,
		"Slowly tilt your head, your {side} ear toward your {side} shoulder");
	/* The side bend is held as a few paced breaths. */
	assert_step(&ex->steps[1], MB_STEP_HOLD, S(16), S(24));
	assert_int_equal(ex->steps[1].breaths.lo, 3);
	assert_int_equal(ex->steps[1].breaths.hi, 3);
	assert_non_null(strstr(ex->steps[1].text, "{other} side"));
	assert_int_equal(ex->variants_len, 1);
	assert_string_equal(ex->variants[0].name, "deeper");
	assert_string_equal(ex->variants[0].title, "Deeper stretch");
	assert_non_null(strstr(ex->variants[0].text, "{other} hand"));

	mb_routine_destroy(r);
}

static void test_micro_reset_loads_one_exercise(void **state)
{
	struct mb_diags diags = { 0 };
	struct mb_routine *r = load_source_file("data/routines/micro-reset.yaml", &diags);
	print_diags(&diags);
	assert_non_null(r);
	assert_string_equal(r->name, "micro-reset");
	assert_int_equal(r->exercises_len, 1);
	const struct mb_exercise *ex = &r->exercises[0];
	assert_int_equal(ex->prepare_us, S(3));
	assert_int_equal(ex->steps_len, 3);
	assert_step(&ex->steps[0], MB_STEP_MOVE, S(4), S(4));
	assert_int_equal(ex->steps[0].reps.hi, 3);
	assert_step(&ex->steps[1], MB_STEP_REVERSE, S(2), S(2));
	assert_string_equal(ex->steps[2].direction, "forward");
	mb_routine_destroy(r);
}

/* The example in the format reference is what people copy: it must load as printed. */
static void test_documented_example_loads(void **state)
{
	const char *root = getenv("MB_SOURCE_ROOT");
	if (root == NULL)
		skip();
	char path[4096];
	snprintf(path, sizeof(path), "%s/doc/routine-format.md", root);
	size_t len = 0;
	char *doc = read_whole_file(path, &len);
	assert_non_null(doc);
	doc = realloc(doc, len + 1);
	assert_non_null(doc);
	doc[len] = '\0';
	const char *start = strstr(doc, "```yaml\n");
	assert_non_null(start);
	start += strlen("```yaml\n");
	const char *end = strstr(start, "\n```");
	assert_non_null(end);
	struct mb_diags diags = { 0 };
	struct mb_routine *r = parse_exact(start, (size_t)(end - start) + 1, &diags);
	print_diags(&diags);
	assert_non_null(r);
	assert_string_equal(r->name, "desk-opener");
	assert_int_equal(r->exercises_len, 2);
	assert_true(r->exercises[1].both_sides);
	assert_int_equal(r->exercises[1].view, MB_VIEW_FRONT);
	assert_int_equal(r->exercises[1].steps[0].poses_len, 1);
	assert_true(r->exercises[1].steps[0].poses[0].head_tilt_deg > 0);
	mb_routine_destroy(r);
	free(doc);
}

static void test_defaults_fill_unwritten_values(void **state)
{
	static const char text[] = HEAD EXERCISE STEPS
		"      - move: m\n"
		"      - hold: h\n"
		"      - release: r\n"
		"      - rest: x\n"
		"      - breathe: b\n"
		"      - switch: s\n"
		"      - reverse: v\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = parse_exact(text, strlen(text), &diags);
	print_diags(&diags);
	assert_non_null(r);
	assert_null(r->summary);
	const struct mb_exercise *ex = &r->exercises[0];
	assert_null(ex->purpose);
	assert_int_equal(ex->setup_len, 0);
	assert_int_equal(ex->prepare_us, S(5));
	assert_int_equal(ex->reps.lo, 1);
	assert_int_equal(ex->reps.hi, 1);
	assert_false(ex->both_sides);
	assert_string_equal(ex->switch_text, "Switch sides");
	assert_int_equal(ex->switch_us, S(3));
	assert_int_equal(ex->steps_len, 7);
	assert_step(&ex->steps[0], MB_STEP_MOVE, S(3), S(3));
	assert_step(&ex->steps[1], MB_STEP_HOLD, S(5), S(5));
	assert_int_equal(ex->steps[1].breaths.hi, 0);
	assert_step(&ex->steps[2], MB_STEP_RELEASE, S(2), S(2));
	assert_step(&ex->steps[3], MB_STEP_REST, S(3), S(3));
	assert_int_equal(ex->steps[4].kind, MB_STEP_BREATHE);
	assert_int_equal(ex->steps[4].breaths.lo, 3);
	assert_int_equal(ex->steps[4].breaths.hi, 3);
	assert_int_equal(ex->steps[4].in_us, S(4));
	assert_int_equal(ex->steps[4].out_us, S(4));
	assert_step(&ex->steps[5], MB_STEP_SWITCH, S(3), S(3));
	assert_step(&ex->steps[6], MB_STEP_REVERSE, S(3), S(3));
	assert_int_equal(ex->steps[6].line, 12);
	assert_int_equal(ex->steps[6].column, 9);
	mb_routine_destroy(r);
}

static void test_setup_as_one_string_and_quoted_values_load(void **state)
{
	static const char text[] = "---\n" HEAD
		"summary: 'A \"quoted\" summary'\n"
		EXERCISE
		"    setup: Stand tall.\n"
		"    sides: none\n"
		"    prepare: 0s\n"
		"    reps: \"2 - 3\"\n"
		STEPS
		"      - breathe: \"In and out: \\u00e9\"\n"
		"        breaths: 1-2\n"
		"        in: 1.5s\n"
		"        out: 6\n"
		"      - hold: h\n"
		"        time: 4-6s\n"
		"        breaths: 2-3\n"
		"...\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = parse_exact(text, strlen(text), &diags);
	print_diags(&diags);
	assert_non_null(r);
	assert_string_equal(r->summary, "A \"quoted\" summary");
	const struct mb_exercise *ex = &r->exercises[0];
	assert_int_equal(ex->setup_len, 1);
	assert_string_equal(ex->setup[0], "Stand tall.");
	assert_int_equal(ex->prepare_us, 0);
	assert_int_equal(ex->reps.lo, 2);
	assert_int_equal(ex->reps.hi, 3);
	assert_string_equal(ex->steps[0].text, "In and out: \xc3\xa9");
	assert_int_equal(ex->steps[0].in_us, S(1.5));
	assert_int_equal(ex->steps[0].out_us, S(6));
	assert_int_equal(ex->steps[1].breaths.lo, 2);
	mb_routine_destroy(r);
}

static void test_routine_of_exactly_half_an_hour_loads(void **state)
{
	static const char text[] = HEAD EXERCISE "    reps: 3\n    prepare: 0s\n" STEPS
		"      - hold: h\n        time: 5-10m\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = parse_exact(text, strlen(text), &diags);
	print_diags(&diags);
	assert_non_null(r);
	assert_int_equal(mb_routine_total_us(r, 1.0), MB_MAX_ROUTINE_US);
	mb_routine_destroy(r);
}

/* 1 prepare cue, 54 x 37 moves and the done cue: exactly the limit. */
static void test_routine_of_exactly_2000_cues_loads(void **state)
{
	static const char text[] = HEAD EXERCISE "    reps: 20-54\n" STEPS
		"      - move: m\n        time: 0.5s\n        reps: 1-37\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = parse_exact(text, strlen(text), &diags);
	print_diags(&diags);
	assert_non_null(r);
	assert_int_equal(mb_routine_cue_count(r, 1.0), MB_MAX_CUES);
	struct mb_timeline *tl = mb_timeline_create(r, 1.0);
	assert_non_null(tl);
	assert_int_equal(tl->cues_len, MB_MAX_CUES);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/* The shortest cue there may be, and a prepare of none. */
static void test_half_second_steps_and_no_prepare_load(void **state)
{
	static const char text[] = HEAD EXERCISE "    prepare: 0s\n    sides: both\n"
		"    switch_time: 0.5s\n" STEPS "      - move: m\n        time: 0.5s\n"
		"      - breathe: b\n        in: 0.5s\n        out: 0.5\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = parse_exact(text, strlen(text), &diags);
	print_diags(&diags);
	assert_non_null(r);
	assert_int_equal(r->exercises[0].prepare_us, 0);
	assert_int_equal(r->exercises[0].switch_us, MB_MIN_STEP_US);
	assert_int_equal(r->exercises[0].steps[0].time_us.lo, MB_MIN_STEP_US);
	assert_int_equal(r->exercises[0].steps[1].in_us, MB_MIN_STEP_US);
	mb_routine_destroy(r);
}

/* A UTF-8 byte-order mark is skipped; the positions of what follows are as without it. */
static void test_byte_order_mark_is_skipped(void **state)
{
	static const char text[] = "\xef\xbb\xbf" GOOD "        time: 4s\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = parse_exact(text, strlen(text), &diags);
	print_diags(&diags);
	assert_non_null(r);
	assert_string_equal(r->name, "t");
	assert_int_equal(r->exercises[0].line, 4);
	assert_int_equal(r->exercises[0].column, 5);
	assert_int_equal(r->exercises[0].steps[0].line, 6);
	assert_int_equal(r->exercises[0].steps[0].column, 9);
	mb_routine_destroy(r);
}

static void test_null_diags_still_returns_null_on_error(void **state)
{
	assert_null(mb_routine_parse("name: [", 7, NULL));
	assert_null(mb_routine_parse(NULL, 0, NULL));
	struct mb_routine *r = mb_routine_parse(GOOD, strlen(GOOD), NULL);
	assert_non_null(r);
	mb_routine_destroy(r);
}

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
	{ "second_document_is_rejected", GOOD "---\n" GOOD, 0, 7, 1,
		"a second one starts here" },
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
	{ "missing_exercise_title_points_at_exercise", HEAD "exercises:\n  - steps:\n" ONE_STEP,
		0, 4, 5, "exercise 1 is missing 'title'" },
	{ "missing_steps_is_rejected", HEAD EXERCISE, 0, 4, 5, "exercise 1 is missing 'steps'" },
	{ "duplicate_key_is_rejected", HEAD "title: U\n" EXERCISE STEPS ONE_STEP, 0, 3, 1,
		"duplicate key 'title' in the routine; it was first given at line 2" },
	{ "invalid_name_is_rejected", "name: Shoulder Reset\ntitle: T\n" EXERCISE STEPS ONE_STEP,
		0, 1, 7, "'name' must be 1 to 40 lowercase letters" },
	{ "name_starting_with_digit_is_rejected", "name: 1x\ntitle: T\n" EXERCISE STEPS ONE_STEP,
		0, 1, 7, "starting with a letter" },
	{ "name_over_40_chars_is_rejected",
		"name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\ntitle: T\n" EXERCISE STEPS ONE_STEP,
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
	{ "step_text_as_mapping_is_not_a_string", HEAD EXERCISE STEPS "      - move: {a: b}\n", 0, 6,
		15, "expected a string for 'move', got a mapping" },
	{ "word_duration_is_rejected", GOOD "        time: abc\n", 0, 7, 15,
		"expected a duration like 5s or 20-30s for 'time', got 'abc'" },
	{ "bad_unit_points_at_the_unit", GOOD "        time: 5x\n", 0, 7, 16, "got '5x'" },
	{ "negative_duration_is_rejected", GOOD "        time: -5s\n", 0, 7, 15,
		"'time' cannot be negative" },
	{ "zero_step_time_is_rejected", GOOD "        time: 0s\n", 0, 7, 15,
		"'time' of step 1 of exercise 1 must be at least 0.5s, got '0s'" },
	{ "step_under_half_a_second_names_the_step", HEAD EXERCISE STEPS ONE_STEP ONE_STEP
		"        time: 0.001s\n", 0, 8, 15,
		"'time' of step 2 of exercise 1 must be at least 0.5s, got '0.001s'" },
	{ "step_range_starting_under_half_a_second_is_rejected", GOOD "        time: 0.2-3s\n", 0,
		7, 15, "'time' of step 1 of exercise 1 must be at least 0.5s, got '0.2-3s'" },
	{ "prepare_under_half_a_second_is_rejected", HEAD EXERCISE "    prepare: 0.2s\n" STEPS
		ONE_STEP, 0, 5, 14, "'prepare' of exercise 1 must be 0s or at least 0.5s, got '0.2s'" },
	{ "zero_switch_time_is_rejected", HEAD EXERCISE "    sides: both\n    switch_time: 0s\n"
		STEPS ONE_STEP, 0, 6, 18, "'switch_time' of exercise 1 must be at least 0.5s, got '0s'" },
	{ "breath_under_half_a_second_is_rejected", HEAD EXERCISE STEPS "      - breathe: b\n"
		"        in: 0.1s\n", 0, 7, 13,
		"'in' of step 1 of exercise 1 must be at least 0.5s, got '0.1s'" },
	{ "reversed_range_is_rejected", GOOD "        time: 30-20s\n", 0, 7, 18,
		"the range '30-20s' for 'time' goes down" },
	{ "step_time_over_10m_is_rejected", GOOD "        time: 11m\n", 0, 7, 15,
		"'time' of 11m is longer than the limit of 10m" },
	{ "huge_duration_is_out_of_range", GOOD "        time: 99999999999999999999s\n", 0, 7, 15,
		"far too large" },
	{ "prepare_range_is_not_a_duration", HEAD EXERCISE "    prepare: 5-10s\n" STEPS ONE_STEP,
		0, 5, 15, "expected a duration like 5s or 1m30s for 'prepare'" },
	{ "step_reps_over_100_is_rejected", GOOD "        reps: 101\n", 0, 7, 15,
		"'reps' of 101 is more than the limit of 100" },
	{ "zero_reps_is_rejected", HEAD EXERCISE "    reps: 0-3\n" STEPS ONE_STEP, 0, 5, 11,
		"'reps' must be at least 1" },
	{ "fractional_reps_are_rejected", GOOD "        reps: 2.5\n", 0, 7, 16,
		"expected a number like 5 or 5-10 for 'reps', got '2.5'" },
	{ "breaths_over_30_are_rejected", HEAD EXERCISE STEPS "      - breathe: b\n"
		"        breaths: 31\n", 0, 7, 18, "'breaths' of 31 is more than the limit of 30" },
	{ "breaths_on_a_move_are_rejected", GOOD "        breaths: 3\n", 0, 7, 9,
		"'breaths' only applies to hold and breathe steps" },
	{ "time_on_breathe_is_rejected", HEAD EXERCISE STEPS "      - breathe: b\n"
		"        time: 5s\n", 0, 7, 9, "'time' does not apply to a breathe step" },
	{ "in_on_a_hold_is_rejected", HEAD EXERCISE STEPS "      - hold: h\n        in: 4s\n", 0,
		7, 9, "'in' only applies to breathe steps" },
	{ "zero_breath_length_is_rejected", HEAD EXERCISE STEPS "      - breathe: b\n"
		"        out: 0\n", 0, 7, 14, "'out' of step 1 of exercise 1 must be at least 0.5s" },
	{ "hold_too_short_for_its_breaths_is_rejected", HEAD EXERCISE STEPS "      - hold: h\n"
		"        time: 5s\n        breaths: 3\n", 0, 8, 18,
		"a hold of 5s is too short for 3 breaths" },
	{ "hold_range_too_short_at_low_end_is_rejected", HEAD EXERCISE STEPS "      - hold: h\n"
		"        time: 3-20s\n        breaths: 2-3\n", 0, 8, 18,
		"a hold of 3s is too short for 2 breaths" },
	{ "side_placeholder_without_sides_points_at_it", HEAD EXERCISE STEPS
		"      - move: Turn {side}\n", 0, 6, 20, "{side} in 'move' needs 'sides: both'" },
	{ "other_placeholder_in_setup_without_sides_is_rejected", HEAD EXERCISE
		"    setup: [\"Face {other}\"]\n" STEPS ONE_STEP, 0, 5, 19, "{other} in 'setup'" },
	{ "unknown_placeholder_is_rejected", HEAD EXERCISE "    sides: both\n" STEPS
		"      - move: Turn {left}\n", 0, 7, 20, "unknown placeholder '{left}'" },
	{ "unclosed_placeholder_is_rejected", GOOD "        direction: up {side\n", 0, 7, 23,
		"'{' in 'direction' is never closed" },
	{ "placeholder_in_title_is_rejected", HEAD "exercises:\n  - title: Reach {side}\n"
		"    sides: both\n" STEPS ONE_STEP, 0, 4, 18, "'title' cannot use {side}" },
	{ "placeholder_in_routine_summary_is_rejected", HEAD "summary: '{side}'\n" EXERCISE
		STEPS ONE_STEP, 0, 3, 11, "'summary' cannot use {side}" },
	{ "unknown_sides_value_is_rejected", HEAD EXERCISE "    sides: left\n" STEPS ONE_STEP, 0,
		5, 12, "'sides' must be 'both' or 'none', got 'left'" },
	{ "switch_without_sides_is_rejected", HEAD EXERCISE "    switch: Other side\n" STEPS
		ONE_STEP, 0, 5, 5, "'switch' only applies to an exercise with 'sides: both'" },
	{ "switch_time_with_sides_none_is_rejected", HEAD EXERCISE "    sides: none\n"
		"    switch_time: 2s\n" STEPS ONE_STEP, 0, 6, 5, "'switch_time' only applies" },
	{ "setup_mapping_is_not_a_list", HEAD EXERCISE "    setup: {a: b}\n" STEPS ONE_STEP, 0, 5,
		12, "expected a list for 'setup' in exercise 1, got a mapping" },
	{ "too_many_setup_lines_are_rejected", HEAD EXERCISE "    setup: [a, b, c, d, e, f, g, h, i, "
		"j, k, l, m, n, o, p, q]\n" STEPS ONE_STEP, 0, 5, 12,
		"'setup' in exercise 1 has 17 entries; the limit is 16" },
	{ "variant_without_text_is_rejected", GOOD "    variants:\n      - name: easy\n"
		"        title: Easy\n", 0, 8, 9, "variant 1 of exercise 1 is missing 'text'" },
	{ "repeated_variant_name_is_rejected", GOOD "    variants:\n"
		"      - {name: easy, title: A, text: a}\n"
		"      - {name: easy, title: B, text: b}\n", 0, 9, 16,
		"variant 2 of exercise 1 repeats the name 'easy' of variant 1" },
	{ "routine_longer_than_half_an_hour_is_rejected", HEAD EXERCISE "    reps: 20\n" STEPS
		"      - hold: h\n        time: 10m\n", 0, 4, 5,
		"the routine can take up to 3h20m05s at its longest; the limit is 30m" },
	{ "routine_over_half_an_hour_by_its_switch_is_rejected", HEAD EXERCISE "    reps: 3\n"
		"    prepare: 0s\n    sides: both\n    switch_time: 5s\n" STEPS
		"      - hold: h\n        time: 2-5m\n", 0, 4, 5, "up to 30m05s at its longest" },
	{ "longest_exercise_is_named_when_the_routine_is_too_long", HEAD EXERCISE STEPS ONE_STEP
		"  - title: F\n    reps: 4\n    steps:\n      - hold: h\n        time: 8m\n", 0, 7, 5,
		"exercise 2 alone takes 32m05s" },
	{ "routine_of_2001_cues_is_rejected", HEAD EXERCISE STEPS
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
	{ "many_reps_of_many_step_reps_are_too_many_cues", HEAD EXERCISE "    reps: 1-100\n"
		"    sides: both\n" STEPS "      - move: m\n        reps: 1-100\n"
		"  - title: F\n    steps: [move: m]\n", 0, 4, 5,
		"has 20005 cues, more than the limit of 2000; exercise 1 alone has 20002" },
	{ "paced_breaths_count_as_two_cues_each", HEAD EXERCISE "    reps: 100\n" STEPS
		"      - hold: h\n        time: 1m\n        breaths: 10\n", 0, 4, 5,
		"has 2002 cues" },
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
	{ "problem_after_a_byte_order_mark_keeps_its_column", "\xef\xbb\xbfname: [t\n", 0, 2,
		1, "invalid YAML" },
	{ "byte_order_mark_does_not_shift_columns", "\xef\xbb\xbf" "name: t\ntitle: T\nfoo: 1\n"
		EXERCISE STEPS ONE_STEP, 0, 3, 1, "unknown key 'foo' in the routine" },
	{ "utf16_file_is_named_as_such", "\xff\xfen\0a\0", 6, 1, 1,
		"the file is UTF-16 text" },
	{ "binary_header_is_rejected", "\x7f" "ELF\x02\x01\x01", 7, 1, 1,
		"control character U+007F" },
	{ "escaped_control_character_is_rejected", "name: t\ntitle: \"a\\eb\"\n" EXERCISE STEPS
		ONE_STEP, 0, 2, 8, "text must not contain control characters (found U+001B)" },
	{ "escaped_nul_is_rejected", "name: t\ntitle: \"a\\0b\"\n" EXERCISE STEPS ONE_STEP, 0, 2, 8,
		"found U+0000" },
	{ "escaped_c1_control_is_rejected", "name: t\ntitle: \"a\\x9bb\"\n" EXERCISE STEPS ONE_STEP, 0,
		2, 8, "found U+009B" },
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
	{ "unknown_pose_in_a_list_is_pointed_at", GOOD "        pose: [shrug, banana]\n", 0, 7,
		23, "unknown pose 'banana'" },
	{ "pose_angle_out_of_range_is_rejected", GOOD "        pose: {head_tilt: 90}\n", 0, 7,
		27, "'head_tilt' must be a number of degrees from -60 to 60, got '90'" },
	{ "pose_angle_must_be_a_number", GOOD "        pose: {head_turn: left}\n", 0, 7, 27,
		"'head_turn' must be a number of degrees from -80 to 80, got 'left'" },
	{ "unknown_pose_key_suggests_nearest", GOOD "        pose: {head_tlt: 10}\n", 0, 7, 16,
		"unknown key 'head_tlt' in a pose; did you mean 'head_tilt'?" },
	{ "pose_word_must_be_known", GOOD "        pose: {arms: sideways}\n", 0, 7, 22,
		"'arms' must be down, forward, up, out or wall, got 'sideways'" },
	{ "shoulders_cannot_go_up_and_down", GOOD "        pose: {shoulders: up-down}\n", 0, 7,
		27, "'shoulders' must be relaxed, up, down, back or forward" },
	{ "pose_list_on_a_hold_is_rejected",
		HEAD EXERCISE STEPS "      - hold: h\n        pose: [shrug, standing]\n", 0, 7, 15,
		"a list of poses only applies to move, release and reverse steps" },
	{ "pose_list_of_five_is_too_long",
		GOOD "        pose: [shrug, shrug, shrug, shrug, shrug]\n", 0, 7, 15,
		"has 5 entries; the limit is 4" },
	{ "unknown_view_is_rejected", HEAD EXERCISE "    view: top\n" STEPS ONE_STEP, 0, 5, 11,
		"'view' must be front, back or side, got 'top'" },
	{ "exercise_pose_is_checked", HEAD EXERCISE "    pose: {like: nope}\n" STEPS ONE_STEP, 0,
		5, 18, "unknown pose 'nope'" },
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
	struct mb_routine *r = parse_exact(c->text, len, &diags);
	print_diags(&diags);
	assert_null(r);
	assert_true(diags.len >= 1);
	assert_int_equal(diags.items[0].line, c->line);
	assert_int_equal(diags.items[0].column, c->column);
	if (strstr(diags.items[0].message, c->message) == NULL)
		fail_msg("message '%s' lacks '%s'", diags.items[0].message, c->message);
	for (size_t i = 0; i < diags.len; i++)
		assert_printable(diags.items[i].message);
}

static void test_several_problems_are_reported_together(void **state)
{
	static const char text[] = HEAD "colour: red\n" EXERCISE STEPS
		"      - move: Go\n"
		"        time: soon\n"
		"      - hold: h\n"
		"        reps: many\n";
	struct mb_diags diags = { 0 };
	assert_null(parse_exact(text, strlen(text), &diags));
	print_diags(&diags);
	assert_int_equal(diags.len, 3);
	assert_int_equal(diags.items[0].line, 3);
	assert_int_equal(diags.items[1].line, 8);
	assert_int_equal(diags.items[2].line, 10);
}

/* A typo is one problem: the key it stands for is not also reported missing, nor its effects. */
static void test_misspelled_key_is_reported_once(void **state)
{
	static const char *const texts[] = {
		HEAD "exercises:\n  - titel: E\n" STEPS ONE_STEP,
		HEAD EXERCISE STEPS "      - mvoe: Go\n",
		HEAD EXERCISE "    stesp:\n" ONE_STEP,
		GOOD "    variants:\n      - {name: easy, title: Easy, txet: t}\n",
		HEAD EXERCISE STEPS "      - hold: h\n        time: 5\n        breaths: 3\n",
		HEAD EXERCISE STEPS "      - hold: h\n        time: x\n        breaths: 3\n",
	};
	for (size_t i = 0; i < LEN(texts); i++) {
		struct mb_diags diags = { 0 };
		assert_null(parse_exact(texts[i], strlen(texts[i]), &diags));
		print_diags(&diags);
		assert_int_equal(diags.len, 1);
	}
}

static void test_many_problems_are_capped_and_counted(void **state)
{
	/* One unknown key per line: far more problems than the list holds. */
	size_t keys = 1000, cap = keys * 16 + 64, n = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	n += (size_t)snprintf(text + n, cap - n, "%s", GOOD);
	for (size_t i = 0; i < keys; i++)
		n += (size_t)snprintf(text + n, cap - n, "k%zu: x\n", i);
	struct mb_diags diags = { 0 };
	assert_null(parse_exact(text, n, &diags));
	assert_int_equal(diags.len, MB_DIAG_MAX);
	assert_int_equal(diags.len + diags.dropped, keys);
	free(text);
}

static void test_oversized_input_is_refused_before_parsing(void **state)
{
	size_t len = MB_ROUTINE_MAX_BYTES + 1;
	char *text = malloc(len);
	assert_non_null(text);
	memset(text, '#', len);
	struct mb_diags diags = { 0 };
	assert_null(mb_routine_parse(text, len, &diags));
	assert_int_equal(diags.len, 1);
	assert_int_equal(diags.items[0].line, 0);
	assert_non_null(strstr(diags.items[0].message, "at most 256 KiB"));
	free(text);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The deep input must be refused early, not built and then walked: no stack overflow, no delay. */
static void run_deep(char open, char close, bool block)
{
	size_t depth = 100000, len = 0;
	char *text = malloc(depth * 4 + 16);
	assert_non_null(text);
	for (size_t i = 0; i < depth; i++) {
		if (block) {
			text[len++] = '-';
			text[len++] = ' ';
		} else {
			text[len++] = open;
		}
	}
	for (size_t i = 0; !block && i < depth; i++)
		text[len++] = close;
	text[len++] = 'x';
	text[len++] = '\n';
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct mb_diags diags = { 0 };
	assert_null(parse_exact(text, len, &diags));
	double took = seconds_since(&start);
	print_diags(&diags);
	assert_int_equal(diags.len, 1);
	assert_int_equal(diags.items[0].line, 1);
	assert_int_equal(diags.items[0].column, block ? 65 : 33);
	assert_non_null(strstr(diags.items[0].message, "nested deeper than 32 levels"));
	assert_true(took < 1.0);
	free(text);
}

static void test_100000_deep_flow_lists_are_refused_quickly(void **state)
{
	run_deep('[', ']', false);
}

static void test_100000_deep_flow_mappings_are_refused_quickly(void **state)
{
	run_deep('{', '}', false);
}

static void test_100000_deep_block_lists_are_refused_quickly(void **state)
{
	run_deep(0, 0, true);
}

/* Texts are checked in one pass: a file of braces must not cost a scan per brace. */
static void test_text_full_of_braces_is_checked_quickly(void **state)
{
	static const char *const units[] = { "{", "{x}", "{side}" };
	for (size_t u = 0; u < LEN(units); u++) {
		size_t cap = MB_ROUTINE_MAX_BYTES, n = 0;
		char *text = malloc(cap);
		assert_non_null(text);
		n += (size_t)snprintf(text, cap, "name: t\ntitle: T\nsummary: '");
		while (n + strlen(units[u]) + 2 < cap) {
			memcpy(text + n, units[u], strlen(units[u]));
			n += strlen(units[u]);
		}
		text[n++] = '}';
		text[n++] = '\'';
		struct timespec start;
		clock_gettime(CLOCK_MONOTONIC, &start);
		struct mb_diags diags = { 0 };
		assert_null(parse_exact(text, n, &diags));
		assert_true(seconds_since(&start) < 1.0);
		assert_int_equal(diags.items[0].line, 3);
		assert_int_equal(diags.items[0].column, 11);
		free(text);
	}
}

static void test_too_many_exercises_are_rejected(void **state)
{
	size_t cap = 64 * 1024, n = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	n += (size_t)snprintf(text + n, cap - n, "%sexercises:\n", HEAD);
	for (int i = 0; i <= MB_MAX_EXERCISES; i++)
		n += (size_t)snprintf(text + n, cap - n, "  - {title: E, steps: [move: Go]}\n");
	struct mb_diags diags = { 0 };
	assert_null(parse_exact(text, n, &diags));
	print_diags(&diags);
	assert_int_equal(diags.len, 1);
	assert_int_equal(diags.items[0].line, 4);
	assert_non_null(strstr(diags.items[0].message, "has 65 entries; the limit is 64"));
	free(text);
}

static void test_too_many_steps_are_rejected(void **state)
{
	size_t cap = 64 * 1024, n = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	n += (size_t)snprintf(text + n, cap - n, "%s%s%s", HEAD, EXERCISE, STEPS);
	for (int i = 0; i <= MB_MAX_STEPS; i++)
		n += (size_t)snprintf(text + n, cap - n, "%s", ONE_STEP);
	struct mb_diags diags = { 0 };
	assert_null(parse_exact(text, n, &diags));
	print_diags(&diags);
	assert_int_equal(diags.len, 1);
	assert_non_null(strstr(diags.items[0].message, "has 129 entries; the limit is 128"));
	free(text);
}

/* Aliases are refused before they could be expanded, so a billion laughs costs nothing. */
static void test_billion_laughs_is_refused(void **state)
{
	static const char text[] =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
	struct mb_diags diags = { 0 };
	assert_null(parse_exact(text, strlen(text), &diags));
	assert_int_equal(diags.len, 1);
	assert_int_equal(diags.items[0].line, 1);
	assert_int_equal(diags.items[0].column, 4);
}

/* The example files the CLI test runs `movebreak routines check` on. */
struct file_case {
	const char *name;
	const char *path;
	int line, column;
	const char *message;
};

static const struct file_case file_cases[] = {
	{ "file_unknown_key_is_rejected", "tests/data/routines/bad-unknown-key.yaml", 15, 9,
		"unknown key 'hodl' in step 3 of exercise 1; did you mean 'hold'?" },
	{ "file_bad_duration_is_rejected", "tests/data/routines/bad-duration.yaml", 12, 15,
		"expected a duration like 5s or 20-30s for 'time', got 'twenty seconds'" },
	{ "file_empty_is_rejected", "tests/data/routines/bad-empty.yaml", 1, 1,
		"the file holds no routine" },
	{ "file_invalid_utf8_is_rejected", "tests/data/routines/bad-utf8.yaml", 4, 13,
		"not valid UTF-8 text (byte 0xe9)" },
	{ "file_binary_is_rejected", "tests/data/routines/bad-binary.bin", 1, 1,
		"control character U+007F" },
	{ "file_deep_nesting_is_rejected", "tests/data/routines/bad-deep.yaml", 4, 43,
		"nested deeper than 32 levels" },
	{ "file_sides_placeholder_is_rejected", "tests/data/routines/bad-side-placeholder.yaml", 10,
		43, "{side} in 'move' needs 'sides: both'" },
	{ "file_missing_steps_is_rejected", "tests/data/routines/bad-missing-steps.yaml", 6, 5,
		"exercise 1 is missing 'steps'" },
	{ "file_alias_is_rejected", "tests/data/routines/bad-alias.yaml", 4, 10,
		"anchors and aliases are not supported" },
	{ "file_tiny_steps_are_rejected", "tests/data/routines/bad-tiny-steps.yaml", 11, 15,
		"'time' of step 1 of exercise 1 must be at least 0.5s, got '0.001s'" },
	{ "file_too_many_cues_are_rejected", "tests/data/routines/bad-many-cues.yaml", 6, 5,
		"at its longest the routine has 20203 cues, more than the limit of 2000" },
};

static void test_file(void **state)
{
	const struct file_case *c = *state;
	struct mb_diags diags = { 0 };
	struct mb_routine *r = load_source_file(c->path, &diags);
	print_diags(&diags);
	assert_null(r);
	assert_true(diags.len >= 1);
	assert_int_equal(diags.items[0].line, c->line);
	assert_int_equal(diags.items[0].column, c->column);
	if (strstr(diags.items[0].message, c->message) == NULL)
		fail_msg("message '%s' lacks '%s'", diags.items[0].message, c->message);
}

static const struct CMUnitTest fixed_tests[] = {
	cmocka_unit_test(test_shoulder_reset_loads_all_five_exercises),
	cmocka_unit_test(test_micro_reset_loads_one_exercise),
	cmocka_unit_test(test_documented_example_loads),
	cmocka_unit_test(test_defaults_fill_unwritten_values),
	cmocka_unit_test(test_setup_as_one_string_and_quoted_values_load),
	cmocka_unit_test(test_routine_of_exactly_half_an_hour_loads),
	cmocka_unit_test(test_routine_of_exactly_2000_cues_loads),
	cmocka_unit_test(test_half_second_steps_and_no_prepare_load),
	cmocka_unit_test(test_byte_order_mark_is_skipped),
	cmocka_unit_test(test_null_diags_still_returns_null_on_error),
	cmocka_unit_test(test_several_problems_are_reported_together),
	cmocka_unit_test(test_misspelled_key_is_reported_once),
	cmocka_unit_test(test_many_problems_are_capped_and_counted),
	cmocka_unit_test(test_oversized_input_is_refused_before_parsing),
	cmocka_unit_test(test_100000_deep_flow_lists_are_refused_quickly),
	cmocka_unit_test(test_100000_deep_flow_mappings_are_refused_quickly),
	cmocka_unit_test(test_100000_deep_block_lists_are_refused_quickly),
	cmocka_unit_test(test_text_full_of_braces_is_checked_quickly),
	cmocka_unit_test(test_too_many_exercises_are_rejected),
	cmocka_unit_test(test_too_many_steps_are_rejected),
	cmocka_unit_test(test_billion_laughs_is_refused),
};

int main(void)
{
	struct CMUnitTest tests[LEN(fixed_tests) + LEN(bad_cases) + LEN(file_cases)];
	size_t n = 0;
	for (size_t i = 0; i < LEN(fixed_tests); i++)
		tests[n++] = fixed_tests[i];
	for (size_t i = 0; i < LEN(bad_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = bad_cases[i].name, .test_func = test_bad,
			.initial_state = (void *)&bad_cases[i] };
	for (size_t i = 0; i < LEN(file_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = file_cases[i].name, .test_func = test_file,
			.initial_state = (void *)&file_cases[i] };
	return _cmocka_run_group_tests("parse-routine-yaml", tests, n, NULL, NULL);
}

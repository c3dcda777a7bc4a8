/* Tests for the routine file loader: the built-in files load as written, and bad ones say why. */
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
#include "routine-fixture.h"

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
	struct mb_routine *r = routine_fixture_load("data/routines/shoulder-reset.yaml", &diags);
	routine_fixture_print_diags(&diags);
	assert_non_null(r);
	assert_int_equal(diags.len, 0);
	assert_string_equal(r->name, "shoulder-reset");
	assert_string_equal(r->title, "Shoulder reset");
	assert_int_equal(r->areas_len, 3);
	assert_int_equal(r->areas[0], MB_AREA_SHOULDERS);
	assert_int_equal(r->areas[1], MB_AREA_UPPER_BACK);
	assert_int_equal(r->areas[2], MB_AREA_NECK);
	assert_non_null(r->summary);
	/* Folded scalars join their lines with spaces. */
	assert_non_null(strstr(r->summary, "move your shoulder blades, take the load"));
	assert_int_equal(r->exercises_len, 5);

	const struct mb_exercise *ex = &r->exercises[0];
	assert_string_equal(ex->title, "Shoulder-blade awareness");
	assert_int_equal(ex->line, 12);
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
	assert_int_equal(ex->steps[0].line, 24);
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
	/* A rest long enough for a breath out, even at the lowest dose. */
	assert_step(&ex->steps[2], MB_STEP_REST, S(3), S(4));

	ex = &r->exercises[2];
	assert_string_equal(ex->title, "Shoulder rolls");
	assert_int_equal(ex->setup_len, 1);
	assert_int_equal(ex->steps_len, 3);
	assert_step(&ex->steps[0], MB_STEP_MOVE, S(4), S(4));
	assert_string_equal(ex->steps[0].direction, "backward");
	assert_int_equal(ex->steps[0].reps.lo, 3);
	assert_int_equal(ex->steps[0].reps.hi, 6);
	assert_step(&ex->steps[1], MB_STEP_REVERSE, S(2), S(2));
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
	/* The side bend is held as a few paced breaths, slow ones at every dose. */
	assert_step(&ex->steps[1], MB_STEP_HOLD, S(16), S(28));
	assert_int_equal(ex->steps[1].breaths.lo, 2);
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
	struct mb_routine *r = routine_fixture_load("data/routines/micro-reset.yaml", &diags);
	routine_fixture_print_diags(&diags);
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
	char *doc = routine_fixture_read_file(path, &len);
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
	struct mb_routine *r = routine_fixture_parse(start, (size_t)(end - start) + 1, &diags);
	routine_fixture_print_diags(&diags);
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
	static const char text[] = HEAD EXERCISE STEPS "      - move: m\n"
						       "      - hold: h\n"
						       "      - release: r\n"
						       "      - rest: x\n"
						       "      - breathe: b\n"
						       "      - switch: s\n"
						       "      - reverse: v\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = routine_fixture_parse(text, strlen(text), &diags);
	routine_fixture_print_diags(&diags);
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
	static const char text[] = "---\n" HEAD "summary: 'A \"quoted\" summary'\n" EXERCISE
				   "    setup: Stand tall.\n"
				   "    sides: none\n"
				   "    prepare: 0s\n"
				   "    reps: \"2 - 3\"\n" STEPS
				   "      - breathe: \"In and out: \\u00e9\"\n"
				   "        breaths: 1-2\n"
				   "        in: 1.5s\n"
				   "        out: 6\n"
				   "      - hold: h\n"
				   "        time: 4-6s\n"
				   "        breaths: 2-3\n"
				   "...\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = routine_fixture_parse(text, strlen(text), &diags);
	routine_fixture_print_diags(&diags);
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
	struct mb_routine *r = routine_fixture_parse(text, strlen(text), &diags);
	routine_fixture_print_diags(&diags);
	assert_non_null(r);
	assert_int_equal(mb_routine_total_us(r, 1.0), MB_MAX_ROUTINE_US);
	mb_routine_destroy(r);
}

/* 1 prepare cue, 54 x 37 moves and the done cue: exactly the limit. */
static void test_routine_of_exactly_2000_cues_loads(void **state)
{
	static const char text[] = HEAD EXERCISE
		"    reps: 20-54\n" STEPS
		"      - move: m\n        time: 0.5s\n        reps: 1-37\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = routine_fixture_parse(text, strlen(text), &diags);
	routine_fixture_print_diags(&diags);
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
	static const char text[] = HEAD EXERCISE
		"    prepare: 0s\n    sides: both\n"
		"    switch_time: 0.5s\n" STEPS "      - move: m\n        time: 0.5s\n"
		"      - breathe: b\n        in: 0.5s\n        out: 0.5\n";
	struct mb_diags diags = { 0 };
	struct mb_routine *r = routine_fixture_parse(text, strlen(text), &diags);
	routine_fixture_print_diags(&diags);
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
	struct mb_routine *r = routine_fixture_parse(text, strlen(text), &diags);
	routine_fixture_print_diags(&diags);
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

static void test_several_problems_are_reported_together(void **state)
{
	static const char text[] = HEAD "colour: red\n" EXERCISE STEPS "      - move: Go\n"
					"        time: soon\n"
					"      - hold: h\n"
					"        reps: many\n";
	struct mb_diags diags = { 0 };
	assert_null(routine_fixture_parse(text, strlen(text), &diags));
	routine_fixture_print_diags(&diags);
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
		assert_null(routine_fixture_parse(texts[i], strlen(texts[i]), &diags));
		routine_fixture_print_diags(&diags);
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
	assert_null(routine_fixture_parse(text, n, &diags));
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
	assert_null(routine_fixture_parse(text, len, &diags));
	double took = seconds_since(&start);
	routine_fixture_print_diags(&diags);
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
		assert_null(routine_fixture_parse(text, n, &diags));
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
	assert_null(routine_fixture_parse(text, n, &diags));
	routine_fixture_print_diags(&diags);
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
	assert_null(routine_fixture_parse(text, n, &diags));
	routine_fixture_print_diags(&diags);
	assert_int_equal(diags.len, 1);
	assert_non_null(strstr(diags.items[0].message, "has 129 entries; the limit is 128"));
	free(text);
}

/* Areas keep the order the file gives; an empty list or a bare key names none. */
static void test_areas_load_in_order_and_may_be_empty(void **state)
{
	static const char *const texts[] = {
		HEAD "areas: [eyes, breath, lower-back]\n" EXERCISE STEPS ONE_STEP,
		HEAD "areas:\n  - wrists\n" EXERCISE STEPS ONE_STEP,
		HEAD "areas: []\n" EXERCISE STEPS ONE_STEP,
		HEAD "areas:\n" EXERCISE STEPS ONE_STEP,
		GOOD,
	};
	static const size_t lens[] = { 3, 1, 0, 0, 0 };
	for (size_t i = 0; i < LEN(texts); i++) {
		struct mb_diags diags = { 0 };
		struct mb_routine *r = routine_fixture_parse(texts[i], strlen(texts[i]), &diags);
		routine_fixture_print_diags(&diags);
		assert_non_null(r);
		assert_int_equal(r->areas_len, lens[i]);
		if (i == 0) {
			assert_int_equal(r->areas[0], MB_AREA_EYES);
			assert_int_equal(r->areas[1], MB_AREA_BREATH);
			assert_int_equal(r->areas[2], MB_AREA_LOWER_BACK);
		} else if (i == 1) {
			assert_int_equal(r->areas[0], MB_AREA_WRISTS);
		}
		mb_routine_destroy(r);
	}
}

/* Every area is a word a file can write, and the words end where the areas do. */
static void test_every_area_has_a_word_that_loads(void **state)
{
	for (size_t a = 0; a < MB_AREA_COUNT; a++) {
		char text[256];
		const char *word = mb_area_name(a);
		assert_non_null(word);
		int n = snprintf(text, sizeof(text), HEAD "areas: [%s]\n" EXERCISE STEPS ONE_STEP,
			word);
		struct mb_diags diags = { 0 };
		struct mb_routine *r = routine_fixture_parse(text, (size_t)n, &diags);
		routine_fixture_print_diags(&diags);
		assert_non_null(r);
		assert_int_equal(r->areas_len, 1);
		assert_int_equal(r->areas[0], a);
		mb_routine_destroy(r);
	}
	assert_null(mb_area_name(MB_AREA_COUNT));
}

/* All ten areas at once fill the model's array exactly. */
static void test_all_ten_areas_load(void **state)
{
	static const char text[] = HEAD
		"areas: [neck, shoulders, upper-back, chest, wrists, "
		"lower-back, hips, legs, eyes, breath]\n" EXERCISE STEPS ONE_STEP;
	struct mb_diags diags = { 0 };
	struct mb_routine *r = routine_fixture_parse(text, strlen(text), &diags);
	routine_fixture_print_diags(&diags);
	assert_non_null(r);
	assert_int_equal(r->areas_len, MB_AREA_COUNT);
	for (size_t a = 0; a < MB_AREA_COUNT; a++)
		assert_int_equal(r->areas[a], a);
	mb_routine_destroy(r);
}

/* Every built-in names its areas. */
static void test_builtins_name_their_areas(void **state)
{
	static const char *const names[] = { "shoulder-reset", "micro-reset", "neck-release",
		"wrist-care", "chest-opener", "upper-back-extension", "seated-twist", "hip-opener",
		"leg-pump", "eye-rest", "breathing-reset", "posture-reset" };
	for (size_t i = 0; i < LEN(names); i++) {
		char path[96];
		snprintf(path, sizeof(path), "data/routines/%s.yaml", names[i]);
		struct mb_diags diags = { 0 };
		struct mb_routine *r = routine_fixture_load(path, &diags);
		routine_fixture_print_diags(&diags);
		assert_non_null(r);
		assert_string_equal(r->name, names[i]);
		assert_true(r->areas_len >= 1);
		mb_routine_destroy(r);
	}
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
	assert_null(routine_fixture_parse(text, strlen(text), &diags));
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
	{ "file_unknown_area_is_rejected", "tests/data/routines/bad-areas-unknown.yaml", 5, 15,
		"unknown area 'uper-back'; did you mean 'upper-back'?" },
	{ "file_repeated_area_is_rejected", "tests/data/routines/bad-areas-repeated.yaml", 8, 5,
		"'areas' names 'shoulders' twice; it was first given at line 6, column 5" },
};

static void test_file(void **state)
{
	const struct file_case *c = *state;
	struct mb_diags diags = { 0 };
	struct mb_routine *r = routine_fixture_load(c->path, &diags);
	routine_fixture_print_diags(&diags);
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
	cmocka_unit_test(test_areas_load_in_order_and_may_be_empty),
	cmocka_unit_test(test_every_area_has_a_word_that_loads),
	cmocka_unit_test(test_all_ten_areas_load),
	cmocka_unit_test(test_builtins_name_their_areas),
};

int main(void)
{
	struct CMUnitTest tests[LEN(fixed_tests) + LEN(file_cases)];
	size_t n = 0;
	for (size_t i = 0; i < LEN(fixed_tests); i++)
		tests[n++] = fixed_tests[i];
	for (size_t i = 0; i < LEN(file_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = file_cases[i].name,
			.test_func = test_file,
			.initial_state = (void *)&file_cases[i] };
	return _cmocka_run_group_tests("parse-routine-yaml", tests, n, NULL, NULL);
}

/* Tests for the typed YAML readers: good values are read, bad ones get one problem at their place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/yaml-read.h"
#include "parse/yaml-tree.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define S(x) ((int64_t)(1000000.0 * (x) + 0.5))

/* One loaded document and the report its readers add to. */
struct doc {
	struct mb_diags diags;
	struct mb_yaml_report report;
	struct mb_yaml_tree *tree;
};

static void doc_load(struct doc *doc, const char *text)
{
	static const struct mb_yaml_limits limits = { .file_kind = "a file", .max_bytes = 4096 };
	memset(doc, 0, sizeof(*doc));
	mb_yaml_report_init(&doc->report, &doc->diags);
	doc->tree = mb_yaml_tree_load(&doc->report, text, strlen(text), &limits);
	assert_non_null(doc->tree);
	assert_int_equal(doc->diags.len, 0);
}

static void doc_finish(struct doc *doc)
{
	mb_yaml_tree_destroy(doc->tree);
}

/* The value of key in the root mapping. */
static const struct mb_yaml_node *value(const struct doc *doc, const char *key)
{
	const struct mb_yaml_node *root = mb_yaml_tree_root(doc->tree);
	for (const struct mb_yaml_node *k = root->first; k != NULL; k = k->next->next) {
		if (strcmp(k->value, key) == 0)
			return k->next;
	}
	fail_msg("no key '%s'", key);
	return NULL;
}

/* The one problem the last read added, at line:column. */
static void assert_problem(struct doc *doc, int line, int column, const char *message)
{
	for (size_t i = 0; i < doc->diags.len; i++)
		print_message("  %d:%d: %s\n", doc->diags.items[i].line, doc->diags.items[i].column,
			doc->diags.items[i].message);
	assert_int_equal(doc->diags.len, 1);
	assert_int_equal(doc->diags.items[0].line, line);
	assert_int_equal(doc->diags.items[0].column, column);
	assert_string_equal(doc->diags.items[0].message, message);
	doc->diags.len = 0;
}

static void assert_no_problem(const struct doc *doc)
{
	for (size_t i = 0; i < doc->diags.len; i++)
		print_message("  %d:%d: %s\n", doc->diags.items[i].line, doc->diags.items[i].column,
			doc->diags.items[i].message);
	assert_int_equal(doc->diags.len, 0);
}

static const char *const view_words[] = { "front", "back", "side" };
static const struct mb_yaml_words views = { .words = view_words, .len = 3 };
static const char *const side_words[] = { "both", "none" };
static const struct mb_yaml_words sides = { .words = side_words, .len = 2, .quote = true };

static void test_closed_list_reads_its_words(void **state)
{
	struct doc doc;
	doc_load(&doc, "a: side\nb: 'front'\n");
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "a"), &views, "view"), 2);
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "b"), &views, "view"), 0);
	assert_no_problem(&doc);
	doc_finish(&doc);
}

static void test_closed_list_names_all_its_words(void **state)
{
	struct doc doc;
	doc_load(&doc, "a: top\nb:\nc: [x]\nd: Front\ne: none\n");
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "a"), &views, "view"), -1);
	assert_problem(&doc, 1, 4, "'view' must be front, back or side, got 'top'");
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "b"), &views, "view"), -1);
	assert_problem(&doc, 2, 3, "'view' must be front, back or side, got nothing");
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "c"), &views, "view"), -1);
	assert_problem(&doc, 3, 4, "'view' must be front, back or side, got a list");
	/* Words are compared exactly. */
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "d"), &views, "view"), -1);
	assert_problem(&doc, 4, 4, "'view' must be front, back or side, got 'Front'");
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "e"), &sides, "sides"), 1);
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "a"), &sides, "sides"), -1);
	assert_problem(&doc, 1, 4, "'sides' must be 'both' or 'none', got 'top'");
	doc_finish(&doc);
}

/* The tree has already said the text holds a NUL; the word before it is still no word. */
static void test_word_with_an_escaped_nul_is_no_word(void **state)
{
	struct doc doc;
	memset(&doc, 0, sizeof(doc));
	static const struct mb_yaml_limits limits = { .file_kind = "a file", .max_bytes = 4096 };
	mb_yaml_report_init(&doc.report, &doc.diags);
	doc.tree = mb_yaml_tree_load(&doc.report, "a: \"both\\0\"\n", 12, &limits);
	assert_non_null(doc.tree);
	assert_problem(&doc, 1, 4, "text must not contain control characters (found U+0000)");
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "a"), &sides, "sides"), -1);
	assert_problem(&doc, 1, 4, "'sides' must be 'both' or 'none', got 'both?'");
	doc_finish(&doc);
}

static const char *letter(size_t i)
{
	static const char *const letters[] = { "alpha", "bravo", "charlie" };
	return i < LEN(letters) ? letters[i] : NULL;
}

static const struct mb_yaml_words letters = {
	.word_at = letter,
	.noun = "letter",
	.max_edits = 2,
	.hint = "spell it as pilots do",
	.expected = "a letter like alpha",
};

static void test_open_list_suggests_the_nearest_word(void **state)
{
	struct doc doc;
	doc_load(&doc, "a: charlie\nb: brovo\nc: zulu\nd: {x: 1}\n");
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "a"), &letters, "l"), 2);
	assert_no_problem(&doc);
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "b"), &letters, "l"), -1);
	assert_problem(&doc, 2, 4, "unknown letter 'brovo'; did you mean 'bravo'?");
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "c"), &letters, "l"), -1);
	assert_problem(&doc, 3, 4, "unknown letter 'zulu'; spell it as pilots do");
	assert_int_equal(mb_yaml_read_enum(&doc.report, value(&doc, "d"), &letters, "l"), -1);
	assert_problem(&doc, 4, 4, "expected a letter like alpha for 'l', got a mapping");
	doc_finish(&doc);
}

static void test_words_are_found_and_joined(void **state)
{
	assert_int_equal(mb_yaml_words_find(&views, "back", 4), 1);
	assert_int_equal(mb_yaml_words_find(&views, "backs", 4), 1);
	assert_int_equal(mb_yaml_words_find(&views, "bac", 3), -1);
	assert_int_equal(mb_yaml_words_find(&letters, "bravo", 5), 1);
	assert_null(mb_yaml_words_get(&views, 3));
	assert_null(mb_yaml_words_get(&letters, 3));
	char out[64];
	assert_string_equal(mb_yaml_words_join(&views, " or ", out, sizeof(out)),
		"front, back or side");
	assert_string_equal(mb_yaml_words_join(&letters, ", ", out, sizeof(out)),
		"alpha, bravo, charlie");
	assert_string_equal(mb_yaml_words_join(&sides, " or ", out, sizeof(out)),
		"'both' or 'none'");
	/* Too long for the room: cut, still terminated. */
	assert_string_equal(mb_yaml_words_join(&views, " or ", out, 9), "front, b");
}

enum key {
	KEY_NAME,
	KEY_TIME,
	KEY_IN,
	KEYS,
};
static const char *const key_words[] = { [KEY_NAME] = "name", [KEY_TIME] = "time", [KEY_IN] = "in" };
static const struct mb_yaml_words keys = {
	.words = key_words,
	.len = KEYS,
	.noun = "key",
	.max_edits = 2,
};

static void test_fields_are_found_by_key(void **state)
{
	struct doc doc;
	doc_load(&doc, "time: 5s\nname: x\n");
	const struct mb_yaml_node *key_nodes[KEYS], *values[KEYS];
	const struct mb_yaml_node *root = mb_yaml_tree_root(doc.tree);
	assert_int_equal(mb_yaml_read_fields(&doc.report, root, "the thing", &keys, key_nodes,
				 values),
		0);
	assert_no_problem(&doc);
	assert_string_equal(values[KEY_NAME]->value, "x");
	assert_int_equal(key_nodes[KEY_TIME]->line, 1);
	assert_null(values[KEY_IN]);
	assert_null(key_nodes[KEY_IN]);
	assert_true(mb_yaml_require(&doc.report, root, "the thing", &keys, values, 0, KEY_NAME));
	assert_false(mb_yaml_require(&doc.report, root, "the thing", &keys, values, 0, KEY_IN));
	assert_problem(&doc, 1, 1, "the thing is missing 'in'");
	doc_finish(&doc);
}

static void test_bad_keys_are_each_reported(void **state)
{
	struct doc doc;
	doc_load(&doc, "tme: 5s\nname: x\nname: y\n[a]: 1\nhue: 2\nx: 3\n");
	const struct mb_yaml_node *key_nodes[KEYS], *values[KEYS];
	const struct mb_yaml_node *root = mb_yaml_tree_root(doc.tree);
	uint32_t misspelled = mb_yaml_read_fields(&doc.report, root, "the thing", &keys, key_nodes,
		values);
	for (size_t i = 0; i < doc.diags.len; i++)
		print_message("  %d:%d: %s\n", doc.diags.items[i].line, doc.diags.items[i].column,
			doc.diags.items[i].message);
	assert_int_equal(doc.diags.len, 5);
	assert_string_equal(doc.diags.items[0].message,
		"unknown key 'tme' in the thing; did you mean 'time'?");
	assert_string_equal(doc.diags.items[1].message,
		"duplicate key 'name' in the thing; it was first given at line 2");
	assert_int_equal(doc.diags.items[1].line, 3);
	assert_string_equal(doc.diags.items[2].message,
		"expected a key name in the thing, got a list");
	assert_string_equal(doc.diags.items[3].message,
		"unknown key 'hue' in the thing; expected one of: name, time, in");
	/* One letter is two edits from "in": too far for a word that short. */
	assert_string_equal(doc.diags.items[4].message,
		"unknown key 'x' in the thing; expected one of: name, time, in");
	assert_int_equal(misspelled, UINT32_C(1) << KEY_TIME);
	/* The first value is kept; the key suggested is not also called missing. */
	assert_string_equal(values[KEY_NAME]->value, "x");
	doc.diags.len = 0;
	assert_false(mb_yaml_require(&doc.report, root, "the thing", &keys, values, misspelled,
		KEY_TIME));
	assert_no_problem(&doc);
	doc_finish(&doc);
}

static void test_lists_and_mappings_are_expected(void **state)
{
	struct doc doc;
	doc_load(&doc, "l: [1, 2, 3]\ne: []\nm: {a: 1}\ns: text\n");
	assert_true(mb_yaml_expect_list(&doc.report, value(&doc, "l"), "l", "the thing", 3));
	assert_true(mb_yaml_expect_mapping(&doc.report, value(&doc, "m"), "the thing"));
	assert_no_problem(&doc);
	assert_false(mb_yaml_expect_list(&doc.report, value(&doc, "l"), "l", "the thing", 2));
	assert_problem(&doc, 1, 4, "'l' in the thing has 3 entries; the limit is 2");
	assert_false(mb_yaml_expect_list(&doc.report, value(&doc, "e"), "e", "the thing", 2));
	assert_problem(&doc, 2, 4, "'e' in the thing is empty; give at least one");
	assert_false(mb_yaml_expect_list(&doc.report, value(&doc, "s"), "s", "the thing", 2));
	assert_problem(&doc, 4, 4, "expected a list for 's' in the thing, got 'text'");
	assert_false(mb_yaml_expect_mapping(&doc.report, value(&doc, "l"), "the thing"));
	assert_problem(&doc, 1, 4, "expected a mapping for the thing, got a list");
	doc_finish(&doc);
}

static void test_text_and_names_are_checked(void **state)
{
	struct doc doc;
	doc_load(&doc, "t: Some text\ne: ''\nn: ~\nl: [a]\nok: desk-reset-2\nbad: Desk\n");
	assert_string_equal(mb_yaml_read_text(&doc.report, value(&doc, "t"), "t"), "Some text");
	assert_true(mb_yaml_check_name(&doc.report, value(&doc, "ok"), "ok", 40));
	assert_no_problem(&doc);
	assert_null(mb_yaml_read_text(&doc.report, value(&doc, "e"), "e"));
	assert_problem(&doc, 2, 4, "'e' must not be empty");
	assert_null(mb_yaml_read_text(&doc.report, value(&doc, "n"), "n"));
	assert_problem(&doc, 3, 4, "expected a string for 'n', got nothing");
	assert_null(mb_yaml_read_text(&doc.report, value(&doc, "l"), "l"));
	assert_problem(&doc, 4, 4, "expected a string for 'l', got a list");
	assert_false(mb_yaml_check_name(&doc.report, value(&doc, "bad"), "bad", 40));
	assert_problem(&doc, 6, 6,
		"'bad' must be 1 to 40 lowercase letters, digits or '-', "
		"starting with a letter; got 'Desk'");
	assert_false(mb_yaml_check_name(&doc.report, value(&doc, "ok"), "ok", 5));
	assert_problem(&doc, 5, 5,
		"'ok' must be 1 to 5 lowercase letters, digits or '-', "
		"starting with a letter; got 'desk-reset-2'");
	doc_finish(&doc);
}

static void test_durations_and_counts_are_read(void **state)
{
	struct doc doc;
	doc_load(&doc, "d: 1m30s\nb: 2.5\nr: 20-30s\nc: 5-10\none: 3\n");
	int64_t us = 0;
	struct mb_range range = { 0, 0 };
	assert_true(mb_yaml_read_duration(&doc.report, value(&doc, "d"), "d", &us));
	assert_int_equal(us, S(90));
	assert_true(mb_yaml_read_duration(&doc.report, value(&doc, "b"), "b", &us));
	assert_int_equal(us, S(2.5));
	assert_true(mb_yaml_read_duration_range(&doc.report, value(&doc, "r"), "r", &range));
	assert_int_equal(range.lo, S(20));
	assert_int_equal(range.hi, S(30));
	assert_true(mb_yaml_read_count(&doc.report, value(&doc, "c"), "c", 1, 10, &range));
	assert_int_equal(range.lo, 5);
	assert_int_equal(range.hi, 10);
	assert_true(mb_yaml_read_count(&doc.report, value(&doc, "one"), "one", 1, 10, &range));
	assert_int_equal(range.lo, 3);
	assert_int_equal(range.hi, 3);
	assert_no_problem(&doc);
	doc_finish(&doc);
}

struct number_case {
	const char *name;
	/* "duration", "range" or "count" (from 1 to 10) */
	const char *kind;
	const char *text;
	int column;
	const char *message;
};

static const struct number_case number_cases[] = {
	{ "word_is_no_duration", "duration", "soon", 4,
		"expected a duration like 5s or 1m30s for 'v', got 'soon'" },
	{ "bad_unit_points_at_the_unit", "duration", "5x", 5,
		"expected a duration like 5s or 1m30s for 'v', got '5x'" },
	{ "quoted_bad_unit_points_inside_the_quotes", "duration", "'5x'", 6,
		"expected a duration like 5s or 1m30s for 'v', got '5x'" },
	{ "negative_duration_is_refused", "duration", "-5s", 4, "'v' cannot be negative: '-5s'" },
	{ "huge_duration_is_refused", "duration", "99999999999999h", 4,
		"'v' is far too large: '99999999999999h'" },
	{ "escaped_nul_hides_nothing", "duration", "\"5\\0s\"", 4,
		"expected a duration like 5s or 1m30s for 'v', got '5?s'" },
	{ "list_is_no_range", "range", "[1, 2]", 4,
		"expected a duration like 5s or 20-30s for 'v', got a list" },
	{ "range_going_down_is_refused", "range", "30-20s", 7,
		"the range '30-20s' for 'v' goes down; write the smaller value first" },
	{ "nothing_is_no_count", "count", "~", 4,
		"expected a number like 5 or 5-10 for 'v', got nothing" },
	{ "count_over_the_limit_is_refused", "count", "5-11", 4,
		"'v' of 11 is more than the limit of 10" },
	{ "count_under_the_limit_is_refused", "count", "0-3", 4, "'v' must be at least 1" },
	{ "fraction_is_no_count", "count", "1.5", 5,
		"expected a number like 5 or 5-10 for 'v', got '1.5'" },
};

static void test_number(void **state)
{
	const struct number_case *c = *state;
	char text[64];
	snprintf(text, sizeof(text), "v: %s\n", c->text);
	struct doc doc;
	memset(&doc, 0, sizeof(doc));
	static const struct mb_yaml_limits limits = { .file_kind = "a file", .max_bytes = 4096 };
	mb_yaml_report_init(&doc.report, &doc.diags);
	doc.tree = mb_yaml_tree_load(&doc.report, text, strlen(text), &limits);
	assert_non_null(doc.tree);
	/* An escaped NUL is reported by the tree first; only the reader's problem counts here. */
	doc.diags.len = 0;
	const struct mb_yaml_node *node = value(&doc, "v");
	int64_t us = -1;
	struct mb_range range = { -1, -1 };
	bool ok;
	if (strcmp(c->kind, "duration") == 0)
		ok = mb_yaml_read_duration(&doc.report, node, "v", &us);
	else if (strcmp(c->kind, "range") == 0)
		ok = mb_yaml_read_duration_range(&doc.report, node, "v", &range);
	else
		ok = mb_yaml_read_count(&doc.report, node, "v", 1, 10, &range);
	assert_false(ok);
	/* A value not read leaves the output alone. */
	assert_int_equal(us, -1);
	assert_int_equal(range.lo, -1);
	assert_int_equal(range.hi, -1);
	assert_problem(&doc, 1, c->column, c->message);
	doc_finish(&doc);
}

static void test_bools_are_yaml_words_unquoted(void **state)
{
	struct doc doc;
	doc_load(&doc, "a: true\nb: False\nc: TRUE\nd: 'true'\ne: yes\n");
	bool v = false;
	assert_true(mb_yaml_read_bool(&doc.report, value(&doc, "a"), "a", &v));
	assert_true(v);
	assert_true(mb_yaml_read_bool(&doc.report, value(&doc, "b"), "b", &v));
	assert_false(v);
	assert_true(mb_yaml_read_bool(&doc.report, value(&doc, "c"), "c", &v));
	assert_true(v);
	assert_no_problem(&doc);
	assert_false(mb_yaml_read_bool(&doc.report, value(&doc, "d"), "d", &v));
	assert_problem(&doc, 4, 4, "expected true or false for 'd', got 'true'");
	assert_false(mb_yaml_read_bool(&doc.report, value(&doc, "e"), "e", &v));
	assert_problem(&doc, 5, 4, "expected true or false for 'e', got 'yes'");
	doc_finish(&doc);
}

static const struct CMUnitTest fixed_tests[] = {
	cmocka_unit_test(test_closed_list_reads_its_words),
	cmocka_unit_test(test_closed_list_names_all_its_words),
	cmocka_unit_test(test_word_with_an_escaped_nul_is_no_word),
	cmocka_unit_test(test_open_list_suggests_the_nearest_word),
	cmocka_unit_test(test_words_are_found_and_joined),
	cmocka_unit_test(test_fields_are_found_by_key),
	cmocka_unit_test(test_bad_keys_are_each_reported),
	cmocka_unit_test(test_lists_and_mappings_are_expected),
	cmocka_unit_test(test_text_and_names_are_checked),
	cmocka_unit_test(test_durations_and_counts_are_read),
	cmocka_unit_test(test_bools_are_yaml_words_unquoted),
};

int main(void)
{
	struct CMUnitTest tests[LEN(fixed_tests) + LEN(number_cases)];
	size_t n = 0;
	for (size_t i = 0; i < LEN(fixed_tests); i++)
		tests[n++] = fixed_tests[i];
	for (size_t i = 0; i < LEN(number_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = number_cases[i].name,
			.test_func = test_number,
			.initial_state = (void *)&number_cases[i] };
	return _cmocka_run_group_tests("parse-yaml-read", tests, n, NULL, NULL);
}

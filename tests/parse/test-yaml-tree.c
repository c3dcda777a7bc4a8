/* Tests for the YAML tree: nodes keep their places, and every refused file says where and why. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/yaml-tree.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A noun no routine file uses, so the messages show the tree takes it from its caller. */
static const struct mb_yaml_limits limits = { .file_kind = "a test file", .max_bytes = 2048 };

/* Load a copy of exactly len bytes, so ASan catches any read past the end. */
static struct mb_yaml_tree *load(const char *text, size_t len, struct mb_diags *diags)
{
	char *copy = malloc(len > 0 ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	struct mb_yaml_report report;
	mb_yaml_report_init(&report, diags);
	struct mb_yaml_tree *tree = mb_yaml_tree_load(&report, copy, len, &limits);
	assert_false(report.out_of_memory);
	/* No tree without a reason; a tree may come with problems (see test_refused). */
	if (tree == NULL)
		assert_true(mb_yaml_report_failed(&report));
	free(copy);
	return tree;
}

/* The value of key in a mapping, or NULL. */
static const struct mb_yaml_node *get(const struct mb_yaml_node *map, const char *key)
{
	assert_int_equal(map->type, MB_YAML_MAPPING);
	for (const struct mb_yaml_node *k = map->first; k != NULL; k = k->next->next) {
		if (k->type == MB_YAML_SCALAR && strcmp(k->value, key) == 0)
			return k->next;
	}
	return NULL;
}

static void assert_at(const struct mb_yaml_node *node, int line, int column)
{
	assert_non_null(node);
	assert_int_equal(node->line, line);
	assert_int_equal(node->column, column);
}

static void test_nodes_keep_their_type_text_and_place(void **state)
{
	static const char text[] = "name: plain text\n"
				   "list:\n"
				   "  - one\n"
				   "  - {a: 'quoted', b: [x, \"y\"]}\n"
				   "empty:\n";
	struct mb_diags diags = { 0 };
	struct mb_yaml_tree *tree = load(text, strlen(text), &diags);
	assert_non_null(tree);
	assert_int_equal(diags.len, 0);
	const struct mb_yaml_node *root = mb_yaml_tree_root(tree);
	assert_at(root, 1, 1);
	assert_int_equal(root->count, 6);

	const struct mb_yaml_node *name = get(root, "name");
	assert_at(name, 1, 7);
	assert_int_equal(name->type, MB_YAML_SCALAR);
	assert_string_equal(name->value, "plain text");
	assert_int_equal(name->len, 10);
	assert_true(name->plain);
	assert_true(name->exact);
	assert_int_equal(name->text_column, 7);

	const struct mb_yaml_node *list = get(root, "list");
	assert_at(list, 3, 3);
	assert_int_equal(list->type, MB_YAML_SEQUENCE);
	assert_int_equal(list->count, 2);
	assert_string_equal(list->first->value, "one");
	const struct mb_yaml_node *flow = list->first->next;
	assert_at(flow, 4, 5);
	assert_ptr_equal(flow, list->last);
	assert_null(flow->next);

	const struct mb_yaml_node *a = get(flow, "a");
	assert_at(a, 4, 9);
	assert_false(a->plain);
	assert_true(a->exact);
	/* The text starts after the quote. */
	assert_int_equal(a->text_column, 10);
	assert_int_equal(mb_yaml_node_column(a, 3), 13);

	const struct mb_yaml_node *b = get(flow, "b");
	assert_int_equal(b->type, MB_YAML_SEQUENCE);
	assert_string_equal(b->last->value, "y");
	assert_at(b->last, 4, 26);

	const struct mb_yaml_node *empty = get(root, "empty");
	assert_true(mb_yaml_node_is_null(empty));
	mb_yaml_tree_destroy(tree);
}

static void test_folded_text_points_at_its_start(void **state)
{
	static const char text[] = "a: >-\n  one\n  two\n";
	struct mb_diags diags = { 0 };
	struct mb_yaml_tree *tree = load(text, strlen(text), &diags);
	assert_non_null(tree);
	const struct mb_yaml_node *a = get(mb_yaml_tree_root(tree), "a");
	assert_string_equal(a->value, "one two");
	assert_false(a->exact);
	assert_int_equal(mb_yaml_node_column(a, 4), a->column);
	mb_yaml_tree_destroy(tree);
}

static void test_empty_file_has_no_root(void **state)
{
	struct mb_diags diags = { 0 };
	struct mb_yaml_tree *tree = load("", 0, &diags);
	assert_non_null(tree);
	assert_null(mb_yaml_tree_root(tree));
	mb_yaml_tree_destroy(tree);

	struct mb_yaml_report report;
	mb_yaml_report_init(&report, &diags);
	tree = mb_yaml_tree_load(&report, NULL, 0, &limits);
	assert_non_null(tree);
	assert_null(mb_yaml_tree_root(tree));
	mb_yaml_tree_destroy(tree);
	assert_int_equal(diags.len, 0);
}

static void test_bare_document_is_a_null_root(void **state)
{
	struct mb_diags diags = { 0 };
	struct mb_yaml_tree *tree = load("---\n", 4, &diags);
	assert_non_null(tree);
	assert_true(mb_yaml_node_is_null(mb_yaml_tree_root(tree)));
	assert_at(mb_yaml_tree_root(tree), 2, 1);
	mb_yaml_tree_destroy(tree);
}

/* Repeated keys are the readers' to report: only they know which keys count. */
static void test_repeated_keys_are_kept_in_order(void **state)
{
	struct mb_diags diags = { 0 };
	struct mb_yaml_tree *tree = load("a: 1\na: 2\n", 10, &diags);
	assert_non_null(tree);
	const struct mb_yaml_node *root = mb_yaml_tree_root(tree);
	assert_int_equal(root->count, 4);
	assert_string_equal(root->first->next->value, "1");
	assert_string_equal(root->last->value, "2");
	mb_yaml_tree_destroy(tree);
}

static void test_byte_order_mark_keeps_columns(void **state)
{
	static const char text[] = "\xef\xbb\xbf"
				   "a: b\n";
	struct mb_diags diags = { 0 };
	struct mb_yaml_tree *tree = load(text, strlen(text), &diags);
	assert_non_null(tree);
	assert_at(get(mb_yaml_tree_root(tree), "a"), 1, 4);
	mb_yaml_tree_destroy(tree);
}

struct refused_case {
	const char *name;
	const char *text;
	/* Length of text when it holds NUL bytes; 0 means strlen. */
	size_t len;
	int line, column;
	const char *message;
};

static const struct refused_case refused_cases[] = {
	{ "alias_is_refused", "a: &x 1\nb: *x\n", 0, 1, 4,
		"anchors and aliases are not supported" },
	{ "alias_alone_is_refused", "a: [*x]\n", 0, 1, 5, "anchors and aliases are not supported" },
	{ "tag_is_refused", "a: !!int 1\n", 0, 1, 4,
		"tags such as 'tag:yaml.org,2002:int' are not supported" },
	{ "local_tag_is_refused", "a: !thing {b: 1}\n", 0, 1, 4, "tags such as '!thing'" },
	{ "second_document_is_refused", "a: 1\n---\nb: 2\n", 0, 2, 1,
		"a test file holds one document, but a second one starts here" },
	{ "nesting_of_33_is_refused",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n", 0, 1, 33,
		"lists and mappings are nested deeper than 32 levels" },
	{ "syntax_error_says_where", "a: [b\n", 0, 2, 1, "invalid YAML: " },
	{ "tab_indent_is_explained", "a:\n\tb: 1\n", 0, 2, 1, "(indent with spaces, not tabs)" },
	{ "reserved_backquote_asks_for_quotes", "a: `b`\n", 0, 1, 4,
		"invalid YAML: text cannot start with '`'; put it in quotes" },
	{ "utf16_is_refused", "\xfe\xff\0a", 4, 1, 1, "the file is UTF-16 text" },
	{ "latin1_is_refused_at_its_byte", "a: b\nc: caf\xe9\n", 0, 2, 7,
		"the file is not valid UTF-8 text (byte 0xe9); save it as UTF-8" },
	{ "nul_byte_is_refused", "a: b\0", 5, 1, 5,
		"the file contains a NUL byte; a test file must be plain text" },
	{ "escape_character_is_refused", "a: \x1b[31m\n", 0, 1, 4,
		"the file contains the control character U+001B; a test file must be plain text" },
	{ "escaped_control_in_text_is_refused", "a: \"x\\by\"\n", 0, 1, 4,
		"text must not contain control characters (found U+0008)" },
	{ "escaped_c1_control_in_a_key_is_refused", "\"a\\x9b\": 1\n", 0, 1, 1,
		"text must not contain control characters (found U+009B)" },
};

static void test_refused(void **state)
{
	const struct refused_case *c = *state;
	struct mb_diags diags = { 0 };
	struct mb_yaml_tree *tree = load(c->text, c->len > 0 ? c->len : strlen(c->text), &diags);
	for (size_t i = 0; i < diags.len; i++)
		print_message("  %d:%d: %s\n", diags.items[i].line, diags.items[i].column,
			diags.items[i].message);
	/* A control character put in by an escape is reported, and the tree still built. */
	bool escaped = strstr(c->message, "text must not contain") != NULL;
	if (escaped)
		assert_non_null(tree);
	else
		assert_null(tree);
	mb_yaml_tree_destroy(tree);
	assert_int_equal(diags.len, 1);
	assert_int_equal(diags.items[0].line, c->line);
	assert_int_equal(diags.items[0].column, c->column);
	if (strstr(diags.items[0].message, c->message) == NULL)
		fail_msg("message '%s' lacks '%s'", diags.items[0].message, c->message);
}

static void test_escaped_control_still_fails_the_load(void **state)
{
	struct mb_diags diags = { 0 };
	struct mb_yaml_report report;
	mb_yaml_report_init(&report, &diags);
	struct mb_yaml_tree *tree = mb_yaml_tree_load(&report, "a: \"\\e\"\n", 8, &limits);
	assert_non_null(tree);
	assert_true(mb_yaml_report_failed(&report));
	mb_yaml_tree_destroy(tree);
}

static void test_file_over_the_limit_is_refused_unread(void **state)
{
	size_t len = limits.max_bytes + 1;
	char *text = malloc(len);
	assert_non_null(text);
	/* Bytes that would fail every later check: only the size is reported. */
	memset(text, 0xff, len);
	struct mb_diags diags = { 0 };
	assert_null(load(text, len, &diags));
	assert_int_equal(diags.len, 1);
	assert_int_equal(diags.items[0].line, 0);
	assert_string_equal(diags.items[0].message,
		"the file is 2049 bytes; a test file may be at most 2 KiB");
	free(text);
}

static void test_report_counts_only_its_own_problems(void **state)
{
	struct mb_diags diags = { 0 };
	mb_diags_add(&diags, 1, 1, "from before");
	struct mb_yaml_report report;
	mb_yaml_report_init(&report, &diags);
	assert_int_equal(mb_yaml_report_count(&report), 1);
	assert_false(mb_yaml_report_failed(&report));
	for (int i = 0; i < MB_DIAG_MAX + 5; i++)
		mb_yaml_report_add(&report, 2, i + 1, "problem %d", i);
	assert_true(mb_yaml_report_failed(&report));
	assert_int_equal(diags.len, MB_DIAG_MAX);
	assert_int_equal(diags.dropped, 6);
	assert_int_equal(mb_yaml_report_count(&report), MB_DIAG_MAX + 6);
	assert_string_equal(diags.items[1].message, "problem 0");
}

static void test_describe_says_what_a_node_is(void **state)
{
	static const char text[] = "n: ~\nl: []\nm: {}\ns: 'it''s'\nq: ''\n"
				   "long: abcdefghijklmnopqrstuvwxyz0123456789\n";
	struct mb_diags diags = { 0 };
	struct mb_yaml_tree *tree = load(text, strlen(text), &diags);
	assert_non_null(tree);
	const struct mb_yaml_node *root = mb_yaml_tree_root(tree);
	char got[MB_YAML_QUOTE_SIZE];
	assert_string_equal(mb_yaml_node_describe(get(root, "n"), got, sizeof(got)), "nothing");
	assert_string_equal(mb_yaml_node_describe(get(root, "l"), got, sizeof(got)), "a list");
	assert_string_equal(mb_yaml_node_describe(get(root, "m"), got, sizeof(got)), "a mapping");
	assert_string_equal(mb_yaml_node_describe(get(root, "s"), got, sizeof(got)), "'it's'");
	/* Quoted, empty text is text, not nothing. */
	assert_string_equal(mb_yaml_node_describe(get(root, "q"), got, sizeof(got)), "''");
	assert_string_equal(mb_yaml_node_describe(get(root, "long"), got, sizeof(got)),
		"'abcdefghijklmnopqrstuvwxyz012345...'");
	mb_yaml_tree_destroy(tree);
}

static void test_null_words_are_null_only_unquoted(void **state)
{
	static const char text[] = "a: null\nb: Null\nc: NULL\nd: ~\ne: 'null'\nf: nil\n";
	struct mb_diags diags = { 0 };
	struct mb_yaml_tree *tree = load(text, strlen(text), &diags);
	assert_non_null(tree);
	const struct mb_yaml_node *root = mb_yaml_tree_root(tree);
	assert_true(mb_yaml_node_is_null(get(root, "a")));
	assert_true(mb_yaml_node_is_null(get(root, "b")));
	assert_true(mb_yaml_node_is_null(get(root, "c")));
	assert_true(mb_yaml_node_is_null(get(root, "d")));
	assert_false(mb_yaml_node_is_null(get(root, "e")));
	assert_false(mb_yaml_node_is_null(get(root, "f")));
	assert_false(mb_yaml_node_is_null(root));
	mb_yaml_tree_destroy(tree);
}

static void test_excerpt_is_one_printable_line(void **state)
{
	char out[MB_YAML_QUOTE_SIZE];
	assert_string_equal(mb_yaml_excerpt("a\tb\nc\x1b"
					    "d\x7f",
				    8, out, sizeof(out)),
		"a b c?d?");
	/* A C1 control (U+009B) is two bytes and one '?'. */
	assert_string_equal(mb_yaml_excerpt("x\xc2\x9by", 4, out, sizeof(out)), "x?y");
	/* 33 characters of two bytes each: cut after 32, never inside one. */
	char text[67];
	for (int i = 0; i < 33; i++)
		memcpy(text + 2 * i, "\xc3\xa9", 2);
	mb_yaml_excerpt(text, 66, out, sizeof(out));
	assert_int_equal(strlen(out), 64 + 3);
	assert_string_equal(out + 64, "...");
	/* A byte that cannot start a character ends the excerpt there. */
	assert_string_equal(mb_yaml_excerpt("ab\x80"
					    "cd",
				    5, out, sizeof(out)),
		"ab...");
}

static void test_destroy_takes_null(void **state)
{
	mb_yaml_tree_destroy(NULL);
}

static const struct CMUnitTest fixed_tests[] = {
	cmocka_unit_test(test_nodes_keep_their_type_text_and_place),
	cmocka_unit_test(test_folded_text_points_at_its_start),
	cmocka_unit_test(test_empty_file_has_no_root),
	cmocka_unit_test(test_bare_document_is_a_null_root),
	cmocka_unit_test(test_repeated_keys_are_kept_in_order),
	cmocka_unit_test(test_byte_order_mark_keeps_columns),
	cmocka_unit_test(test_escaped_control_still_fails_the_load),
	cmocka_unit_test(test_file_over_the_limit_is_refused_unread),
	cmocka_unit_test(test_report_counts_only_its_own_problems),
	cmocka_unit_test(test_describe_says_what_a_node_is),
	cmocka_unit_test(test_null_words_are_null_only_unquoted),
	cmocka_unit_test(test_excerpt_is_one_printable_line),
	cmocka_unit_test(test_destroy_takes_null),
};

int main(void)
{
	struct CMUnitTest tests[LEN(fixed_tests) + LEN(refused_cases)];
	size_t n = 0;
	for (size_t i = 0; i < LEN(fixed_tests); i++)
		tests[n++] = fixed_tests[i];
	for (size_t i = 0; i < LEN(refused_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = refused_cases[i].name,
			.test_func = test_refused,
			.initial_state = (void *)&refused_cases[i] };
	return _cmocka_run_group_tests("parse-yaml-tree", tests, n, NULL, NULL);
}

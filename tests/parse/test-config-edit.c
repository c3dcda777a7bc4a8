/* Tests for editing config.ini's text: each case sets keys and says the whole text that results. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/config-edit.h"
#include "parse/config-ini.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

struct edit_case {
	const char *name, *text;
	struct mb_config_change changes[3];
	const char *want;
};

static const struct edit_case cases[] = {
	{ "edit_value_in_place_keeps_the_comment_at_its_column",
		"[movement]\nevery = 50m              ; a movement break\n",
		{ { "movement", "every", "20m" } },
		"[movement]\nevery = 20m              ; a movement break\n" },
	{ "edit_longer_value_pushes_the_comment_keeping_one_space",
		"[movement]\nevery = 5m ; often\n", { { "movement", "every", "1h30m" } },
		"[movement]\nevery = 1h30m ; often\n" },
	{ "edit_shorter_value_keeps_the_comment_column", "[movement]\nevery = 1h30m ; x\n",
		{ { "movement", "every", "5m" } }, "[movement]\nevery = 5m    ; x\n" },
	{ "edit_keeps_indentation_and_spacing_without_spaces", "[dnd]\n  calls=on\n",
		{ { "dnd", "calls", "off" } }, "[dnd]\n  calls=off\n" },
	{ "edit_keeps_comments_order_and_unknown_lines",
		"; my settings\n[tray]\nenabled = true\n\n[movement]\n# often\nevery = 50m\n"
		"routine = shoulder-reset\n",
		{ { "movement", "every", "20m" } },
		"; my settings\n[tray]\nenabled = true\n\n[movement]\n# often\nevery = 20m\n"
		"routine = shoulder-reset\n" },
	{ "edit_empty_value_before_a_comment_gets_its_value",
		"[schedule]\ndays =        ; working days\n", { { "schedule", "days", "mon-fri" } },
		"[schedule]\ndays = mon-fri ; working days\n" },
	{ "edit_value_emptied_keeps_the_comment", "[schedule]\ndays = mon-fri ; working days\n",
		{ { "schedule", "days", "" } }, "[schedule]\ndays =         ; working days\n" },
	/* Found by fuzz-config-edit: the tab after '=' already lets the ';' start a comment. */
	{ "edit_value_emptied_before_a_tab_and_comment_stays_put_when_done_again",
		"[schedule]\ndays =mon\t;\t\n", { { "schedule", "days", "" } },
		"[schedule]\ndays =\t;\t\n" },
	{ "edit_missing_key_goes_after_the_last_key_of_its_section",
		"[movement]\nevery = 50m\n\n; micro\n[micro]\nevery = 20m\n",
		{ { "movement", "routine", "rotate" } },
		"[movement]\nevery = 50m\nroutine = rotate\n\n; micro\n[micro]\nevery = 20m\n" },
	{ "edit_missing_key_in_an_empty_section_goes_after_its_header",
		"[dnd] ; hold prompts\n\n[movement]\nevery = 5m\n", { { "dnd", "calls", "false" } },
		"[dnd] ; hold prompts\ncalls = false\n\n[movement]\nevery = 5m\n" },
	{ "edit_missing_section_goes_at_the_end_after_a_blank_line", "[movement]\nevery = 50m\n",
		{ { "stats", "goal", "4" }, { "stats", "goal", "5" }, { "voice", "sound", "no" } },
		"[movement]\nevery = 50m\n\n[stats]\ngoal = 5\n\n[voice]\nsound = no\n" },
	{ "edit_file_without_final_newline", "[movement]\nevery = 50m",
		{ { "movement", "every", "25m" }, { "movement", "routine", "rotate" } },
		"[movement]\nevery = 25m\nroutine = rotate\n" },
	{ "edit_file_without_final_newline_gets_a_new_section", "[movement]\nevery = 50m",
		{ { "micro", "every", "0" } }, "[movement]\nevery = 50m\n\n[micro]\nevery = 0\n" },
	{ "edit_crlf_file_keeps_crlf_in_new_lines", "[movement]\r\nevery = 50m\r\n",
		{ { "movement", "every", "10m" }, { "movement", "routine", "rotate" },
			{ "micro", "every", "0" } },
		"[movement]\r\nevery = 10m\r\nroutine = rotate\r\n\r\n[micro]\r\nevery = 0\r\n" },
	{ "edit_empty_file_gets_the_section", "", { { "movement", "every", "20m" } },
		"[movement]\nevery = 20m\n" },
	{ "edit_later_change_to_a_key_wins", "[movement]\nevery = 50m\n",
		{ { "movement", "every", "10m" }, { "movement", "every", "30m" } },
		"[movement]\nevery = 30m\n" },
	{ "edit_new_key_copies_the_spacing_around_equals", "[prompt]\nlull=3s\n",
		{ { "prompt", "remind", "0" } }, "[prompt]\nlull=3s\nremind=0\n" },
	{ "edit_section_opened_twice_adds_to_the_last", "[dnd]\ncalls = on\n[movement]\n[dnd]\n",
		{ { "dnd", "desktop", "off" } },
		"[dnd]\ncalls = on\n[movement]\n[dnd]\ndesktop = off\n" },
	{ "edit_byte_order_mark_is_kept", "\xef\xbb\xbf[movement]\nevery = 50m\n",
		{ { "movement", "every", "1h" } }, "\xef\xbb\xbf[movement]\nevery = 1h\n" },
	{ "edit_key_of_the_same_name_in_another_section_is_left_alone",
		"[micro]\nevery = 20m\n[movement]\nevery = 50m\n", { { "micro", "every", "0" } },
		"[micro]\nevery = 0\n[movement]\nevery = 50m\n" },
};

static size_t count_changes(const struct edit_case *c)
{
	size_t n = 0;
	while (n < LEN(c->changes) && c->changes[n].section)
		n++;
	return n;
}

static void test_edit(void **state)
{
	const struct edit_case *c = *state;
	char *out = NULL;
	size_t out_len = 0;
	size_t n = count_changes(c);
	assert_int_equal(mb_config_ini_edit(c->text, strlen(c->text), c->changes, n, &out, &out_len,
				 NULL),
		0);
	char *got = strndup(out, out_len);
	assert_non_null(got);
	assert_string_equal(got, c->want);
	/* The edited text reads back as the change says, and a second edit changes nothing. */
	struct mb_config cfg;
	mb_config_init(&cfg);
	struct mb_diags diags = { 0 };
	if (strstr(c->text, "[tray]") == NULL)
		assert_int_equal(mb_config_ini_parse(&cfg, out, out_len, &diags), 0);
	char *again = NULL;
	size_t again_len = 0;
	assert_int_equal(mb_config_ini_edit(out, out_len, c->changes, n, &again, &again_len, NULL),
		0);
	assert_int_equal(again_len, out_len);
	assert_memory_equal(again, out, out_len);
	free(again);
	free(got);
	free(out);
}

static void test_rewritten_lines(void **state)
{
	(void)state;
	static const char text[] = "[movement]\nevery = 50m\n[micro]\nevery = 20m\n";
	struct mb_config_change changes[] = {
		{ "micro", "every", "0" },
		{ "micro", "routine", "micro-reset" },
	};
	int rewritten[2] = { -1, -1 };
	char *out;
	size_t len;
	assert_int_equal(mb_config_ini_edit(text, strlen(text), changes, 2, &out, &len, rewritten),
		0);
	assert_int_equal(rewritten[0], 4);
	assert_int_equal(rewritten[1], 0);
	free(out);
}

static void test_classify(void **state)
{
	(void)state;
	static const char text[] = "; c\n[dnd]\ncalls = on\n  more\nx\n";
	char section[64], key[64];
	assert_int_equal(mb_config_line_classify(text, strlen(text), 1, section, key),
		MB_CONFIG_LINE_COMMENT);
	assert_int_equal(mb_config_line_classify(text, strlen(text), 2, section, key),
		MB_CONFIG_LINE_SECTION);
	assert_string_equal(section, "dnd");
	assert_int_equal(mb_config_line_classify(text, strlen(text), 3, section, key),
		MB_CONFIG_LINE_KEY);
	assert_string_equal(key, "calls");
	assert_int_equal(mb_config_line_classify(text, strlen(text), 4, section, key),
		MB_CONFIG_LINE_CONTINUED);
	assert_int_equal(mb_config_line_classify(text, strlen(text), 5, section, key),
		MB_CONFIG_LINE_OTHER);
}

int main(void)
{
	struct CMUnitTest tests[LEN(cases) + 2];
	for (size_t i = 0; i < LEN(cases); i++)
		tests[i] = (struct CMUnitTest){ .name = cases[i].name,
			.test_func = test_edit,
			.initial_state = (void *)&cases[i] };
	tests[LEN(cases)] = (struct CMUnitTest){ .name = "edit_says_which_line_each_change_rewrote",
		.test_func = test_rewritten_lines };
	tests[LEN(cases) + 1] = (struct CMUnitTest){ .name = "classify_lines_as_libinih_reads_them",
		.test_func = test_classify };
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Tests for the export document's checks and repairs, and the text escapers of the command line. */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/challenge.h"
#include "core/date.h"
#include "core/text.h"
#include "parse/history-json.h"
#include "parse/json.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- mb_text_printable ---- */

static const struct {
	const char *name, *in, *out;
} printable_cases[] = {
	{ "plain ASCII stays", "shoulder-reset", "shoulder-reset" },
	{ "non-ASCII letters stay", "Schulter \xc3\xbc \xe2\x82\xac",
		"Schulter \xc3\xbc \xe2\x82\xac" },
	{ "OSC 52 is shown, not sent", "x\x1b]52;c;aGk=\x07", "x\\x1b]52;c;aGk=\\x07" },
	{ "newline, tab and return read as such", "a\nb\tc\rd", "a\\nb\\tc\\rd" },
	{ "DEL", "a\x7f", "a\\x7f" },
	{ "C1 CSI as its code point",
		"a\xc2\x9b"
		"31m",
		"a\\u009b31m" },
	{ "a byte that is not UTF-8",
		"A\xff"
		"B",
		"A\\xffB" },
	{ "an overlong slash", "\xc0\xaf", "\\xc0\\xaf" },
	{ "a surrogate", "\xed\xa0\x80", "\\xed\\xa0\\x80" },
	{ "a truncated sequence", "ab\xe2\x82", "ab\\xe2\\x82" },
	{ "right-to-left override",
		"abc\xe2\x80\xae"
		"def",
		"abc\\u202edef" },
	{ "line separator",
		"a\xe2\x80\xa8"
		"b",
		"a\\u2028b" },
	{ "backslashes stay", "a\\x1b", "a\\x1b" },
};

static void test_printable_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < LEN(printable_cases); i++) {
		char out[128];
		const char *got = mb_text_printable(printable_cases[i].in, out, sizeof(out));
		if (strcmp(got, printable_cases[i].out) != 0)
			fail_msg("%s: got '%s', want '%s'", printable_cases[i].name, got,
				printable_cases[i].out);
	}
}

static void test_printable_cut_before_a_partial_escape(void **state)
{
	(void)state;
	char out[6];
	/* "ab" fits, "\x1b" (4) would need 7 with the NUL: it is left out whole. */
	assert_string_equal(mb_text_printable("ab\x1b"
					      "cd",
				    out, sizeof(out)),
		"ab");
	char euro[4];
	assert_string_equal(mb_text_printable("a\xe2\x82\xac", euro, sizeof(euro)), "a");
	char one[1];
	assert_string_equal(mb_text_printable("abc", one, sizeof(one)), "");
	char null[4];
	assert_string_equal(mb_text_printable(NULL, null, sizeof(null)), "");
}

static void test_printable_size_always_fits(void **state)
{
	(void)state;
	char in[64];
	for (size_t i = 0; i < sizeof(in) - 1; i++)
		in[i] = (char)(i % 2 ? 0xff : 0x1b);
	in[sizeof(in) - 1] = '\0';
	char out[MB_TEXT_PRINTABLE_SIZE(sizeof(in) - 1)];
	mb_text_printable(in, out, sizeof(out));
	assert_int_equal(strlen(out), 4 * (sizeof(in) - 1));
}

/* ---- mb_json_string ---- */

static char *json_of(const char *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	mb_json_string(f, s);
	fclose(f);
	return text;
}

static void test_json_string_escapes_what_a_terminal_acts_on(void **state)
{
	(void)state;
	char *text = json_of("q\"\\\n\x1b]52\x07\x7f\xc2\x85\xe2\x80\xae\xff \xc3\xbc");
	assert_string_equal(text,
		"\"q\\\"\\\\\\n\\u001b]52\\u0007\\u007f\\u0085\\u202e\\ufffd "
		"\xc3\xbc\"");
	free(text);
	text = json_of(NULL);
	assert_string_equal(text, "null");
	free(text);
}

/* ---- a break's span ---- */

static struct mb_break_record span(int64_t start, int64_t end, int64_t active)
{
	return (struct mb_break_record){ .start_us = start, .end_us = end, .active_us = active };
}

static void test_span_of_the_issue_is_repaired_to_active_time(void **state)
{
	(void)state;
	struct mb_break_record r = span(1760000000000000, 1760000000000000 - 7197099379, 245000000);
	assert_true(mb_history_break_clock_set_back(&r));
	assert_int_equal(mb_history_break_end(&r), 1760000000000000 + 245000000);
}

static void test_span_slack_is_one_second(void **state)
{
	(void)state;
	struct mb_break_record within = span(0, 600000000 - MB_HISTORY_CLOCK_SLACK_US, 600000000);
	assert_false(mb_history_break_clock_set_back(&within));
	assert_int_equal(mb_history_break_end(&within), within.end_us);
	struct mb_break_record past = span(0, 600000000 - MB_HISTORY_CLOCK_SLACK_US - 1, 600000000);
	assert_true(mb_history_break_clock_set_back(&past));
	/* An end before the start is a step however small. */
	struct mb_break_record before = span(10, 9, 0);
	assert_true(mb_history_break_clock_set_back(&before));
	assert_int_equal(mb_history_break_end(&before), 10);
	/* A clock set forward, a pause: longer than active is how a break is. */
	struct mb_break_record longer = span(0, 900000000, 240000000);
	assert_false(mb_history_break_clock_set_back(&longer));
}

static void test_span_end_saturates(void **state)
{
	(void)state;
	struct mb_break_record r = span(INT64_MAX - 5, INT64_MAX - 10, 20000000);
	assert_int_equal(mb_history_break_end(&r), INT64_MAX);
	struct mb_break_record negative = span(100, 50, -7);
	assert_int_equal(mb_history_break_end(&negative), 100);
	struct mb_break_record wide = span(INT64_MIN, INT64_MAX, INT64_MAX);
	assert_false(mb_history_break_clock_set_back(&wide));
}

/* ---- parsing ---- */

#define HEAD "{\n\"format\":\"movebreak-history\",\n\"version\":1,\n"
#define BREAK(start, end, active, outcome) \
	"{\"start_us\":" #start ",\"end_us\":" #end ",\"active_us\":" #active \
	",\"planned_us\":240000000,\"kind\":\"movement\",\"outcome\":\"" outcome "\"," \
	"\"source\":\"manual\",\"routine\":\"r\",\"exercises_done\":1,\"exercises_total\":5}"

static void test_parse_repairs_and_locates_each(void **state)
{
	(void)state;
	static const char doc[] = HEAD "\"breaks\":[\n" BREAK(1000000000, 999000000, 5000000,
		"completed") ",\n" BREAK(2000000000, 2005000000, 5000000,
		"partial") ",\n" BREAK(3000000000, 3001000000, 9000000,
		"skipped") ",\n" BREAK(4000000000, 3990000000, 7000000, "natural") "\n]}\n";
	struct mb_history_json out;
	struct mb_diag diag;
	assert_int_equal(mb_history_json_parse(doc, strlen(doc), &out, &diag), 0);
	assert_int_equal(out.repairs_len, 3);
	static const size_t index[] = { 0, 2, 3 };
	for (size_t i = 0; i < 3; i++) {
		const struct mb_history_json_repair *rep = &out.repairs[i];
		assert_int_equal(rep->index, index[i]);
		assert_int_equal(rep->line, 5 + (int)index[i]);
		int column = (int)strlen("{\"start_us\":1000000000,\"end_us\":") + 1;
		assert_int_equal(rep->column, column);
		const struct mb_break_record *b = &out.bundle.breaks[index[i]];
		assert_int_equal(b->end_us, b->start_us + b->active_us);
	}
	assert_true(out.repairs[0].before_start);
	assert_false(out.repairs[1].before_start);
	assert_int_equal(out.repairs[0].end_us, 999000000);
	assert_int_equal(out.bundle.breaks[1].end_us, 2005000000);
	mb_history_json_finish(&out);
}

static const struct {
	const char *name, *doc, *message;
	int line, column;
} refused[] = {
	{ "a started row with its end before its start",
		HEAD "\"breaks\":[\n" BREAK(10, 9, 0, "started") "]}",
		"breaks[0].end_us: before start_us; a started row is written at one moment", 5,
		25 },
	{ "a prompted row with more active time than span",
		HEAD "\"breaks\":[\n" BREAK(10, 10, 5000000, "prompted") "]}",
		"breaks[0].active_us: longer than the break", 5, 40 },
	{ "the same break twice, named by both indices",
		HEAD "\"breaks\":[\n" BREAK(1, 2, 0, "completed") ",\n" BREAK(3, 4, 0,
			"completed") ",\n" BREAK(1, 2, 0, "completed") "]}",
		"breaks[2] is the same as breaks[0] (line 5); a record is imported once: remove one",
		7, 1 },
	{ "a repaired break the same as one that needed no repair",
		HEAD "\"breaks\":[\n" BREAK(0, 5000000, 5000000, "completed") ",\n" BREAK(0,
			-9000000, 5000000, "completed") "]}",
		"breaks[1] is the same as breaks[0]", 6, 1 },
	{ "an escaped ESC in a member's name is shown escaped",
		HEAD "\"breaks\":[],\"\\u001b[2J\":1}", "\\x1b[2J: unknown member", 4, 25 },
	{ "a NUL escape in text is a control character with its member",
		HEAD "\"challenges\":[{\"start_date\":\"2024-05-01\",\"days\":1,\"goal\":1,"
		     "\"created_us\":0,\"stopped_us\":0,\"summary\":\"a\\u0000b\"}]}",
		"challenges[0].summary: holds the control character U+0000", 4, 100 },
	{ "29 February of a year that has none",
		HEAD "\"challenges\":[{\"start_date\":\"2025-02-29\",\"days\":1,\"goal\":1,"
		     "\"created_us\":0,\"stopped_us\":0,\"summary\":\"\"}]}",
		"challenges[0].start_date: \"2025-02-29\" is not a date", 4, 29 },
};

static void test_parse_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < LEN(refused); i++) {
		struct mb_history_json out;
		struct mb_diag diag;
		int r = mb_history_json_parse(refused[i].doc, strlen(refused[i].doc), &out, &diag);
		if (r != -EINVAL || strstr(diag.message, refused[i].message) == NULL ||
			diag.line != refused[i].line || diag.column != refused[i].column)
			fail_msg("%s: %d at %d:%d: %s", refused[i].name, r, diag.line, diag.column,
				diag.message);
		assert_null(out.bundle.breaks);
		assert_null(out.repairs);
	}
}

static void test_parse_accepts_the_largest_days_and_goal(void **state)
{
	(void)state;
	char doc[512];
	snprintf(doc, sizeof(doc),
		HEAD
		"\"challenges\":[{\"start_date\":\"2024-02-29\","
		"\"days\":%d,\"goal\":%d,\"created_us\":5,\"stopped_us\":5,\"summary\":\"\"}]}",
		MB_CHALLENGE_DAYS_MAX, MB_CHALLENGE_GOAL_MAX);
	struct mb_history_json out;
	struct mb_diag diag;
	assert_int_equal(mb_history_json_parse(doc, strlen(doc), &out, &diag), 0);
	mb_history_json_finish(&out);
	snprintf(doc, sizeof(doc),
		HEAD "\"challenges\":[{\"start_date\":\"2024-02-29\","
		     "\"days\":%d,\"goal\":1,\"created_us\":5,\"stopped_us\":5,\"summary\":\"\"}]}",
		MB_CHALLENGE_DAYS_MAX + 1);
	assert_int_equal(mb_history_json_parse(doc, strlen(doc), &out, &diag), -EINVAL);
	assert_string_equal(diag.message, "challenges[0].days: 367 is out of range [1, 366]");
}

/* ---- challenges under way ---- */

#define CHALLENGE(date, days, created, stopped) \
	"{\"start_date\":\"" date "\",\"days\":" #days ",\"goal\":3,\"created_us\":" #created \
	",\"stopped_us\":" #stopped ",\"summary\":\"\"}"

static void test_challenges_under_way(void **state)
{
	(void)state;
	static const char doc[] = HEAD "\"challenges\":[\n" CHALLENGE("2026-01-05", 30, 100,
		0) ",\n" CHALLENGE("2026-02-09", 30, 200, 0) ",\n" CHALLENGE("2026-03-02", 30, 300,
		400) "\n]}";
	struct mb_history_json out;
	struct mb_diag diag;
	assert_int_equal(mb_history_json_parse(doc, strlen(doc), &out, &diag), 0);
	int64_t day;
	/* Both ran their course with stopped_us 0: nothing under way after 2026-03-10. */
	assert_int_equal(mb_date_parse("2026-03-11", &day), 0);
	assert_int_equal(mb_history_json_check_challenges(doc, strlen(doc), &out, day, NULL, 0,
				 &diag),
		0);
	/* On 2026-02-01 the first is under way, the second is coming: two at once. */
	assert_int_equal(mb_date_parse("2026-02-01", &day), 0);
	assert_int_equal(mb_history_json_check_challenges(doc, strlen(doc), &out, day, NULL, 0,
				 &diag),
		-EINVAL);
	assert_int_equal(diag.line, 6);
	assert_string_equal(diag.message,
		"challenges[1].stopped_us: 0, under way, and so is "
		"challenges[0] (from 2026-01-05): one runs at a time; set the stopped_us of the "
		"one given up");
	/* On 2026-03-01 the second alone; a different stored one under way is a conflict... */
	assert_int_equal(mb_date_parse("2026-03-01", &day), 0);
	struct mb_challenge_record stored[] = {
		{ .start_date = "2026-02-20", .days = 30, .goal = 2, .created_us = 150 },
		{ .start_date = "2026-02-20",
			.days = 30,
			.goal = 2,
			.created_us = 160,
			.stopped_us = 170 },
	};
	assert_int_equal(mb_history_json_check_challenges(doc, strlen(doc), &out, day, stored, 2,
				 &diag),
		-EINVAL);
	assert_non_null(strstr(diag.message,
		"challenges[1].stopped_us: 0, under way, and so is "
		"the history's challenge from 2026-02-20"));
	/* ...a stopped one is not, and the same challenge stored already is no conflict. */
	assert_int_equal(mb_history_json_check_challenges(doc, strlen(doc), &out, day, stored + 1,
				 1, &diag),
		0);
	stored[0].created_us = 200;
	assert_int_equal(mb_history_json_check_challenges(doc, strlen(doc), &out, day, stored, 2,
				 &diag),
		0);
	mb_history_json_finish(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printable_cases),
		cmocka_unit_test(test_printable_cut_before_a_partial_escape),
		cmocka_unit_test(test_printable_size_always_fits),
		cmocka_unit_test(test_json_string_escapes_what_a_terminal_acts_on),
		cmocka_unit_test(test_span_of_the_issue_is_repaired_to_active_time),
		cmocka_unit_test(test_span_slack_is_one_second),
		cmocka_unit_test(test_span_end_saturates),
		cmocka_unit_test(test_parse_repairs_and_locates_each),
		cmocka_unit_test(test_parse_refusals),
		cmocka_unit_test(test_parse_accepts_the_largest_days_and_goal),
		cmocka_unit_test(test_challenges_under_way),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

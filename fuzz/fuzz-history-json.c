/* libFuzzer target for `movebreak import`: any bytes give a checked history or a located refusal. */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/challenge.h"
#include "core/date.h"
#include "core/text.h"
#include "parse/history-json.h"
#include "parse/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			__builtin_trap(); \
	} while (0)

static char *export(const struct mb_store_bundle *b, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f)
		return NULL;
	CHECK(mb_history_json_write(f, b) == 0);
	fclose(f);
	return text;
}

static bool same(const struct mb_store_bundle *a, const struct mb_store_bundle *b)
{
	return a->breaks_len == b->breaks_len && a->activity_len == b->activity_len &&
		a->challenges_len == b->challenges_len &&
		(!a->breaks_len ||
			!memcmp(a->breaks, b->breaks, a->breaks_len * sizeof(*a->breaks))) &&
		(!a->activity_len ||
			!memcmp(a->activity, b->activity,
				a->activity_len * sizeof(*a->activity))) &&
		(!a->challenges_len ||
			!memcmp(a->challenges, b->challenges,
				a->challenges_len * sizeof(*a->challenges)));
}

/* UTF-8 throughout, and nothing a terminal acts on. */
static bool plain(const char *s, size_t n, bool printable)
{
	while (n > 0) {
		uint32_t cp;
		size_t len = mb_utf8_decode(s, n, &cp);
		if (len == 0 || (printable ? !mb_text_is_printable(cp) : mb_text_is_control(cp)))
			return false;
		s += len;
		n -= len;
	}
	return true;
}

/* The terminal escaper on s: whole, it is plain; cut short, a prefix of the whole, cut whole. */
static void check_escaper(const char *s)
{
	size_t n = strlen(s), size = MB_TEXT_PRINTABLE_SIZE(n);
	char *full = malloc(size);
	if (!full)
		return;
	mb_text_printable(s, full, size);
	size_t len = strlen(full);
	CHECK(len < size && plain(full, len, true));
	char small[8];
	mb_text_printable(s, small, sizeof(small));
	CHECK(strncmp(small, full, strlen(small)) == 0 && plain(small, strlen(small), true));
	free(full);
}

/*
 * A string as history --json writes it: plain to a terminal, and JSON; when
 * s is text (exact), the same text to jansson.
 */
static void check_json_string(const char *s, bool exact)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return;
	mb_json_string(f, s);
	fclose(f);
	CHECK(plain(text, len, true));
	json_error_t jerr;
	json_t *v = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
	if (v)
		CHECK(json_is_string(v) && (!exact || strcmp(json_string_value(v), s) == 0));
	else
		CHECK(json_error_code(&jerr) == json_error_out_of_memory);
	json_decref(v);
	free(text);
}

static void check_text(const char *s)
{
	CHECK(plain(s, strlen(s), false));
	check_escaper(s);
	check_json_string(s, true);
}

/* What mb_history_json_parse() accepted is what the store may take, and what it said. */
static void check_accepted(const struct mb_history_json *doc, int lines)
{
	const struct mb_store_bundle *b = &doc->bundle;
	for (size_t i = 0; i < b->breaks_len; i++) {
		const struct mb_break_record *r = &b->breaks[i];
		CHECK(r->end_us >= r->start_us && !mb_history_break_clock_set_back(r) &&
			mb_history_break_end(r) == r->end_us && r->active_us >= 0 &&
			r->planned_us >= 0 && r->exercises_done <= r->exercises_total &&
			strcmp(mb_outcome_name(r->outcome), "unknown") != 0);
		check_text(r->routine);
		for (size_t j = 0; j < i && b->breaks_len <= 64; j++)
			CHECK(mb_history_break_cmp(&b->breaks[j], r) != 0);
	}
	for (size_t i = 0; i < doc->repairs_len; i++) {
		const struct mb_history_json_repair *rep = &doc->repairs[i];
		CHECK(rep->index < b->breaks_len &&
			(i == 0 || rep->index > doc->repairs[i - 1].index));
		CHECK(rep->line >= 1 && rep->line <= lines && rep->column >= 1);
		const struct mb_break_record *r = &b->breaks[rep->index];
		CHECK(r->end_us == r->start_us + r->active_us && rep->end_us != r->end_us &&
			rep->before_start == (rep->end_us < r->start_us));
	}
	for (size_t i = 0; i < b->activity_len; i++) {
		const struct mb_activity_record *a = &b->activity[i];
		CHECK(a->end_us >= a->start_us && a->active_us >= 0 &&
			(uint64_t)a->active_us <= (uint64_t)a->end_us - (uint64_t)a->start_us);
		for (size_t j = 0; j < i && b->activity_len <= 64; j++)
			CHECK(b->activity[j].start_us != a->start_us);
	}
	for (size_t i = 0; i < b->challenges_len; i++) {
		const struct mb_challenge_record *c = &b->challenges[i];
		int64_t day;
		CHECK(mb_date_parse(c->start_date, &day) == 0);
		CHECK(c->days >= 1 && c->days <= MB_CHALLENGE_DAYS_MAX && c->goal >= 1 &&
			c->goal <= MB_CHALLENGE_GOAL_MAX);
		CHECK(c->stopped_us == 0 || c->stopped_us >= c->created_us);
		check_text(c->start_date);
		check_text(c->summary);
		for (size_t j = 0; j < i && b->challenges_len <= 64; j++)
			CHECK(b->challenges[j].created_us != c->created_us);
	}
}

/*
 * On the first day of each challenge: at most one is under way once the file
 * alone is accepted, and checked against its own challenges as the stored
 * ones, the file agrees with itself.
 */
static void check_under_way(const char *buf, size_t len, const struct mb_history_json *doc)
{
	const struct mb_store_bundle *b = &doc->bundle;
	for (size_t i = 0; i < b->challenges_len && i < 8; i++) {
		int64_t today;
		if (mb_date_parse(b->challenges[i].start_date, &today) < 0)
			continue;
		struct mb_diag diag;
		int alone = mb_history_json_check_challenges(buf, len, doc, today, NULL, 0, &diag);
		CHECK(alone == 0 ||
			(alone == -EINVAL && diag.line >= 1 &&
				plain(diag.message, strlen(diag.message), false)));
		int against = mb_history_json_check_challenges(buf, len, doc, today, b->challenges,
			b->challenges_len, &diag);
		CHECK(against == alone);
		size_t running = 0;
		for (size_t k = 0; k < b->challenges_len; k++) {
			int64_t start;
			const struct mb_challenge_record *c = &b->challenges[k];
			running += c->stopped_us == 0 &&
				mb_date_parse(c->start_date, &start) == 0 &&
				today - start < (int64_t)c->days;
		}
		CHECK((running <= 1) == (alone == 0));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The escapers take any bytes, and leave nothing a terminal would act on. */
	char *raw = malloc(size + 1);
	if (!raw)
		return 0;
	memcpy(raw, data, size);
	raw[size] = '\0';
	check_escaper(raw);
	check_json_string(raw, false);
	free(raw);

	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	struct mb_history_json doc;
	struct mb_diag diag;
	int ret = mb_history_json_parse((const char *)data, size, &doc, &diag);
	if (ret == -ENOMEM)
		return 0;
	if (ret < 0) {
		/* A refusal says what and where, on a line that exists, in plain text. */
		CHECK(ret == -EINVAL && diag.message[0] != '\0' && diag.line >= 0 &&
			diag.line <= lines && (diag.line == 0 || diag.column >= 1) &&
			memchr(diag.message, '\0', sizeof(diag.message)) != NULL);
		CHECK(!doc.bundle.breaks && !doc.bundle.activity && !doc.bundle.challenges &&
			!doc.repairs);
		for (const unsigned char *p = (const unsigned char *)diag.message; *p; p++)
			CHECK(*p >= 0x20 && *p != 0x7f &&
				!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f));
		check_escaper(diag.message);
		return 0;
	}
	check_accepted(&doc, lines);
	check_under_way((const char *)data, size, &doc);

	/* Exported and read back: the same records, nothing to repair, then the same text. */
	size_t len1 = 0, len2 = 0;
	char *text1 = export(&doc.bundle, &len1);
	if (!text1) {
		mb_history_json_finish(&doc);
		return 0;
	}
	struct mb_history_json again;
	ret = mb_history_json_parse(text1, len1, &again, &diag);
	if (ret == -ENOMEM) {
		free(text1);
		mb_history_json_finish(&doc);
		return 0;
	}
	CHECK(ret == 0 && again.repairs_len == 0 && same(&doc.bundle, &again.bundle));
	char *text2 = export(&again.bundle, &len2);
	CHECK(!text2 || (len1 == len2 && memcmp(text1, text2, len1) == 0));
	free(text1);
	free(text2);
	mb_history_json_finish(&again);
	mb_history_json_finish(&doc);
	return 0;
}

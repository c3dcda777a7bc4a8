/* The export document's checks: a break's span and its repair, records twice, raw bytes. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/text.h"
#include "parse/history-json-internal.h"

/* ---- a break's span ---- */

bool mb_history_break_clock_set_back(const struct mb_break_record *r)
{
	if (r->end_us < r->start_us)
		return true;
	if (r->active_us <= MB_HISTORY_CLOCK_SLACK_US)
		return false;
	/* end - start need not fit in int64_t; in uint64_t it does, as end >= start. */
	uint64_t span = (uint64_t)r->end_us - (uint64_t)r->start_us;
	return span < (uint64_t)(r->active_us - MB_HISTORY_CLOCK_SLACK_US);
}

int64_t mb_history_break_end(const struct mb_break_record *r)
{
	if (!mb_history_break_clock_set_back(r))
		return r->end_us;
	int64_t active = r->active_us > 0 ? r->active_us : 0;
	return r->start_us > INT64_MAX - active ? INT64_MAX : r->start_us + active;
}

/* The rows whose two ends a coach or a natural break measured across a span of time. */
static bool outcome_spans(enum mb_outcome outcome)
{
	return outcome == MB_OUTCOME_COMPLETED || outcome == MB_OUTCOME_PARTIAL ||
		outcome == MB_OUTCOME_SKIPPED || outcome == MB_OUTCOME_NATURAL;
}

static int add_repair(struct mb_history_reader *r, const struct mb_break_record *b)
{
	if (r->repairs_len == r->repairs_cap) {
		size_t cap = r->repairs_cap ? r->repairs_cap * 2 : 8;
		struct mb_history_json_repair *grown = realloc(r->repairs, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		r->repairs = grown;
		r->repairs_cap = cap;
	}
	r->repairs[r->repairs_len++] = (struct mb_history_json_repair){
		.index = r->index,
		.end_us = b->end_us,
		.before_start = b->end_us < b->start_us,
	};
	return 0;
}

/*
 * Checked after every other member, so only a row that is sound apart from
 * its end is repaired: a clock set back during a break moved its end, and
 * nothing else.
 */
int mb_history_reader_check_span(struct mb_history_reader *r, struct mb_break_record *b)
{
	if (!mb_history_break_clock_set_back(b))
		return 0;
	const char *outcome = mb_outcome_name(b->outcome);
	if (!outcome_spans(b->outcome) && b->end_us < b->start_us)
		return mb_history_reader_fail(r, "end_us",
			"before start_us; a %s row is written "
			"at one moment, so no clock change explains it",
			outcome);
	if (!outcome_spans(b->outcome))
		return mb_history_reader_fail(r, "active_us",
			"longer than the break from start_us "
			"to end_us; a %s row is written at one moment",
			outcome);
	if (b->start_us > INT64_MAX - b->active_us)
		return mb_history_reader_fail(r, "active_us",
			"longer than the break, and start_us "
			"+ active_us is past the largest time");
	int ret = add_repair(r, b);
	if (ret == 0)
		b->end_us = mb_history_break_end(b);
	return ret;
}

/* ---- the same record twice ---- */

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

int mb_history_break_cmp(const void *x, const void *y)
{
	const struct mb_break_record *a = x, *b = y;
	int c = CMP(a->start_us, b->start_us);
	if (!c)
		c = CMP(a->end_us, b->end_us);
	if (!c)
		c = CMP(a->active_us, b->active_us);
	if (!c)
		c = CMP(a->planned_us, b->planned_us);
	if (!c)
		c = strcmp(a->routine, b->routine);
	if (!c)
		c = CMP(a->exercises_done, b->exercises_done);
	if (!c)
		c = CMP(a->exercises_total, b->exercises_total);
	if (!c)
		c = CMP(a->outcome, b->outcome);
	if (!c)
		c = CMP(a->source, b->source);
	if (!c)
		c = CMP(a->kind, b->kind);
	if (!c)
		c = CMP(a->demo, b->demo);
	return c;
}

static int cmp_activity(const void *x, const void *y)
{
	const struct mb_activity_record *a = x, *b = y;
	return CMP(a->start_us, b->start_us);
}

static int cmp_challenge(const void *x, const void *y)
{
	const struct mb_challenge_record *a = x, *b = y;
	return CMP(a->created_us, b->created_us);
}

/* Equal in every member, not only in the one the store knows a challenge by. */
static int cmp_challenge_all(const struct mb_challenge_record *a,
	const struct mb_challenge_record *b)
{
	int c = cmp_challenge(a, b);
	if (!c)
		c = strcmp(a->start_date, b->start_date);
	if (!c)
		c = CMP(a->days, b->days);
	if (!c)
		c = CMP(a->goal, b->goal);
	if (!c)
		c = CMP(a->stopped_us, b->stopped_us);
	if (!c)
		c = strcmp(a->summary, b->summary);
	if (!c)
		c = strcmp(a->program, b->program);
	return c;
}

static bool same_activity(const struct mb_activity_record *a, const struct mb_activity_record *b)
{
	return a->start_us == b->start_us && a->end_us == b->end_us && a->active_us == b->active_us;
}

/*
 * Records are sorted by pointer, so a comparison sees both records and the
 * last tie-break, the address, keeps each run of equal records in file
 * order: its first is the earliest.
 */
#define SORT_BY(name, cmp) \
	static int name(const void *x, const void *y) \
	{ \
		const char *a = *(const char *const *)x, *b = *(const char *const *)y; \
		int c = cmp(a, b); \
		return c ? c : CMP(a, b); \
	}

SORT_BY(sort_break, mb_history_break_cmp)
SORT_BY(sort_activity, cmp_activity)
SORT_BY(sort_challenge, cmp_challenge)

/*
 * The first record, in file order, that has an equal before it: *later and
 * *earlier are their indices. Returns 1 when there is one, 0 when not, or
 * -ENOMEM.
 */
static int find_same(const void *items, size_t n, size_t elem,
	int (*cmp)(const void *, const void *), int (*sort)(const void *, const void *),
	size_t *earlier, size_t *later)
{
	if (n < 2)
		return 0;
	const char **p = malloc(n * sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		p[i] = (const char *)items + i * elem;
	qsort(p, n, sizeof(*p), sort);
	size_t first = 0;
	*later = SIZE_MAX;
	for (size_t i = 1; i < n; i++) {
		if (cmp(p[first], p[i]) != 0) {
			first = i;
			continue;
		}
		size_t j = (size_t)(p[i] - (const char *)items) / elem;
		if (j < *later) {
			*later = j;
			*earlier = (size_t)(p[first] - (const char *)items) / elem;
		}
	}
	free(p);
	return *later != SIZE_MAX;
}

/* Refuse record later of top for being the same as record earlier; by: the member compared. */
static int fail_same(struct mb_history_reader *r, const char *top, size_t earlier, size_t later,
	const char *by)
{
	int line, col;
	mb_history_json_locate(r->buf, r->len, top, earlier, NULL, &line, &col);
	r->top = top;
	r->index = later;
	mb_history_reader_place(r, NULL);
	mb_history_json_message(r->diag,
		"%s[%zu] is the same as %s[%zu]%s%s (line %d); a record "
		"is imported once: remove one",
		top, later, top, earlier, by ? " by " : "", by ? by : "", line);
	return -EINVAL;
}

/*
 * The store leaves out a record equal to one it held before the import and
 * takes in all the rest, so two equal records in one file would both land:
 * a file is refused for that here instead. Breaks compare after repair, as
 * they would be stored.
 */
int mb_history_reader_check_same(struct mb_history_reader *r, const struct mb_store_bundle *b)
{
	size_t earlier = 0, later = 0;
	int ret = find_same(b->breaks, b->breaks_len, sizeof(*b->breaks), mb_history_break_cmp,
		sort_break, &earlier, &later);
	if (ret > 0)
		return fail_same(r, "breaks", earlier, later, NULL);
	if (ret == 0)
		ret = find_same(b->activity, b->activity_len, sizeof(*b->activity), cmp_activity,
			sort_activity, &earlier, &later);
	if (ret > 0)
		return fail_same(r, "activity", earlier, later,
			same_activity(&b->activity[earlier], &b->activity[later]) ? NULL :
										    "start_us");
	if (ret == 0)
		ret = find_same(b->challenges, b->challenges_len, sizeof(*b->challenges),
			cmp_challenge, sort_challenge, &earlier, &later);
	if (ret > 0)
		return fail_same(r, "challenges", earlier, later,
			cmp_challenge_all(&b->challenges[earlier], &b->challenges[later]) ?
				"created_us" :
				NULL);
	return ret;
}

/* ---- the text before it is parsed ---- */

/*
 * Bytes that are not UTF-8, and control characters that JSON's grammar
 * leaves to the parser, are found before jansson sees the text: its
 * message for them names no member, and a raw DEL or C1 character in a
 * string it would accept.
 */
int mb_history_reader_check_bytes(struct mb_history_reader *r)
{
	bool in_string = false, escaped = false;
	for (size_t i = 0; i < r->len;) {
		uint32_t cp = 0;
		size_t width = mb_utf8_decode(r->buf + i, r->len - i, &cp);
		const char *what = NULL;
		char detail[96];
		if (width == 0) {
			snprintf(detail, sizeof(detail),
				"not UTF-8 (byte 0x%02x); an export is "
				"UTF-8 text",
				(unsigned char)r->buf[i]);
			what = detail;
		} else if (mb_text_is_control(cp) &&
			(in_string || !(cp == '\t' || cp == '\n' || cp == '\r'))) {
			const char *where = in_string ? " in text; history text is plain text" : "";
			snprintf(detail, sizeof(detail), "the control character U+%04X%s",
				(unsigned)cp, where);
			what = detail;
		}
		if (what) {
			char path[160];
			mb_history_json_path_at(r->buf, r->len, i, path, sizeof(path));
			mb_history_json_position(r->buf, r->len, i, &r->diag->line,
				&r->diag->column);
			mb_history_json_message(r->diag, "%s%s%s", path, path[0] ? ": " : "", what);
			return -EINVAL;
		}
		if (escaped)
			escaped = false;
		else if (in_string && cp == '\\')
			escaped = true;
		else if (cp == '"')
			in_string = !in_string;
		i += width;
	}
	return 0;
}

/* ---- challenges under way ---- */

/* Under way on day today, as mb_challenge_find_current() sees it: not stopped, not over. */
static bool under_way(const struct mb_challenge_record *c, int64_t today)
{
	int64_t start;
	return c->stopped_us == 0 && c->days > 0 && c->goal > 0 &&
		mb_date_parse(c->start_date, &start) == 0 && today - start < (int64_t)c->days;
}

int mb_history_json_check_challenges(const char *buf, size_t len, const struct mb_history_json *doc,
	int64_t today, const struct mb_challenge_record *stored, size_t stored_len,
	struct mb_diag *diag)
{
	*diag = (struct mb_diag){ 0 };
	struct mb_history_reader r = { .buf = buf, .len = len, .diag = diag, .top = "challenges" };
	const struct mb_challenge_record *c = doc->bundle.challenges;
	size_t first = SIZE_MAX;
	for (size_t i = 0; i < doc->bundle.challenges_len; i++) {
		if (!under_way(&c[i], today))
			continue;
		if (first == SIZE_MAX) {
			first = i;
			continue;
		}
		r.index = i;
		return mb_history_reader_fail(&r, "stopped_us",
			"0, under way, and so is "
			"challenges[%zu] (from %s): one runs at a time; set the stopped_us of the "
			"one given up",
			first, c[first].start_date);
	}
	if (first == SIZE_MAX)
		return 0;
	for (size_t k = 0; k < stored_len; k++)
		if (stored[k].created_us == c[first].created_us)
			return 0;
	for (size_t k = 0; k < stored_len; k++) {
		if (!under_way(&stored[k], today))
			continue;
		r.index = first;
		return mb_history_reader_fail(&r, "stopped_us",
			"0, under way, and so is the "
			"history's challenge from %s: stop that one ('movebreak challenge stop') "
			"or set this one's stopped_us",
			stored[k].start_date);
	}
	return 0;
}

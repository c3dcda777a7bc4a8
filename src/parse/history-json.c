/* The history's export document read with jansson and checked, each problem located. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/challenge.h"
#include "core/date.h"
#include "core/text.h"
#include "parse/history-json-internal.h"

void mb_history_json_message(struct mb_diag *diag, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(diag->message, sizeof(diag->message), fmt, ap);
	va_end(ap);
}

void mb_history_reader_place(struct mb_history_reader *r, const char *field)
{
	/* Outside the arrays, field is a member of the document itself. */
	if (r->top)
		mb_history_json_locate(r->buf, r->len, r->top, r->index, field, &r->diag->line,
			&r->diag->column);
	else
		mb_history_json_locate(r->buf, r->len, field, SIZE_MAX, NULL, &r->diag->line,
			&r->diag->column);
}

int mb_history_reader_fail(struct mb_history_reader *r, const char *field, const char *fmt, ...)
{
	mb_history_reader_place(r, field);
	char what[192], name[MB_TEXT_PRINTABLE_SIZE(48)] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* An unknown member's name is the file's text: shown, never acted on. */
	if (field)
		mb_history_json_append_path(name, sizeof(name), "", field, strlen(field));
	if (r->top && r->index != SIZE_MAX && field)
		mb_history_json_message(r->diag, "%s[%zu].%s: %s", r->top, r->index, name, what);
	else if (r->top && r->index != SIZE_MAX)
		mb_history_json_message(r->diag, "%s[%zu]: %s", r->top, r->index, what);
	else if (field)
		mb_history_json_message(r->diag, "%s: %s", name, what);
	else
		mb_history_json_message(r->diag, "%s", what);
	return -EINVAL;
}

/* Every member of obj is one of the NULL-terminated names. */
static int check_members(struct mb_history_reader *r, json_t *obj, const char *const *names)
{
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value)
	{
		bool known = false;
		for (const char *const *n = names; *n && !known; n++)
			known = strcmp(key, *n) == 0;
		if (!known) {
			/* The member's value is where the reader's eye goes; name it in the text. */
			return mb_history_reader_fail(r, key,
				"unknown member (a typo, or a newer movebreak's file?)");
		}
	}
	return 0;
}

static int get_int(struct mb_history_reader *r, json_t *obj, const char *field, int64_t min,
	int64_t max, int64_t *out)
{
	json_t *v = json_object_get(obj, field);
	if (!v)
		return mb_history_reader_fail(r, NULL, "missing \"%s\"", field);
	if (!json_is_integer(v))
		return mb_history_reader_fail(r, field, "must be a whole number");
	json_int_t n = json_integer_value(v);
	if (n < min || n > max)
		return mb_history_reader_fail(r, field,
			"%lld is out of range [%" PRId64 ", %" PRId64 "]", (long long)n, min, max);
	*out = (int64_t)n;
	return 0;
}

static int get_unsigned(struct mb_history_reader *r, json_t *obj, const char *field, unsigned min,
	unsigned max, unsigned *out)
{
	int64_t n = 0;
	int ret = get_int(r, obj, field, min, max, &n);
	if (ret == 0)
		*out = (unsigned)n;
	return ret;
}

/*
 * A string value holds text that can be shown: the escapes JSON allows can
 * put any character into it, and a control character in a routine name
 * would reach the terminal of whoever lists the history.
 */
static int check_text(struct mb_history_reader *r, const char *field, json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	while (n > 0) {
		uint32_t cp = 0;
		size_t len = mb_utf8_decode(s, n, &cp);
		if (len == 0)
			return mb_history_reader_fail(r, field, "not UTF-8 text");
		if (mb_text_is_control(cp))
			return mb_history_reader_fail(r, field,
				"holds the control character "
				"U+%04X; history text is plain text",
				(unsigned)cp);
		s += len;
		n -= len;
	}
	return 0;
}

static int get_string(struct mb_history_reader *r, json_t *obj, const char *field, char *out,
	size_t size)
{
	json_t *v = json_object_get(obj, field);
	if (!v)
		return mb_history_reader_fail(r, NULL, "missing \"%s\"", field);
	if (!json_is_string(v))
		return mb_history_reader_fail(r, field, "must be a string");
	int ret = check_text(r, field, v);
	if (ret < 0)
		return ret;
	size_t len = json_string_length(v);
	if (len >= size)
		return mb_history_reader_fail(r, field, "too long: %zu bytes, at most %zu", len,
			size - 1);
	memcpy(out, json_string_value(v), len + 1);
	return 0;
}

/* An optional true or false: absent reads as false (exports made before it was written). */
static int get_optional_bool(struct mb_history_reader *r, json_t *obj, const char *field, bool *out)
{
	json_t *v = json_object_get(obj, field);
	*out = false;
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return mb_history_reader_fail(r, field, "must be true or false");
	*out = json_is_true(v);
	return 0;
}

/* The readable copies of the times: optional, strings (or null where allowed), not read. */
static int check_optional_text(struct mb_history_reader *r, json_t *obj, const char *field,
	bool null_ok)
{
	json_t *v = json_object_get(obj, field);
	if (!v || (null_ok && json_is_null(v)))
		return 0;
	if (json_is_string(v))
		return check_text(r, field, v);
	return mb_history_reader_fail(r, field,
		null_ok ? "must be a string or null" : "must be a string");
}

/* A record's times: "start_us" and "end_us", and their optional ISO-8601 copies. */
static int read_times(struct mb_history_reader *r, json_t *obj, int64_t *start_us, int64_t *end_us)
{
	int ret = check_optional_text(r, obj, "start", false);
	if (ret == 0)
		ret = check_optional_text(r, obj, "end", false);
	if (ret == 0)
		ret = get_int(r, obj, "start_us", INT64_MIN, INT64_MAX, start_us);
	if (ret == 0)
		ret = get_int(r, obj, "end_us", INT64_MIN, INT64_MAX, end_us);
	return ret;
}

static int read_break(struct mb_history_reader *r, json_t *obj, struct mb_break_record *b)
{
	static const char *const members[] = { "start", "start_us", "end", "end_us", "active_us",
		"planned_us", "kind", "outcome", "source", "routine", "exercises_done",
		"exercises_total", "demo", NULL };
	/* Room for a wrong name to be quoted back, not only for the right ones. */
	char kind[48], outcome[48], source[48];
	int ret = check_members(r, obj, members);
	if (ret == 0)
		ret = read_times(r, obj, &b->start_us, &b->end_us);
	if (ret == 0)
		ret = get_int(r, obj, "active_us", 0, INT64_MAX, &b->active_us);
	if (ret == 0)
		ret = get_int(r, obj, "planned_us", 0, INT64_MAX, &b->planned_us);
	if (ret == 0)
		ret = get_string(r, obj, "kind", kind, sizeof(kind));
	if (ret == 0 && !mb_break_kind_from_name(kind, &b->kind))
		ret = mb_history_reader_fail(r, "kind", "\"%s\" is not movement or micro", kind);
	if (ret == 0)
		ret = get_string(r, obj, "outcome", outcome, sizeof(outcome));
	if (ret == 0 && !mb_outcome_from_name(outcome, &b->outcome))
		ret = mb_history_reader_fail(r, "outcome",
			"\"%s\" is not an outcome (completed, "
			"partial, skipped, prompted, postponed, started, natural)",
			outcome);
	if (ret == 0)
		ret = get_string(r, obj, "source", source, sizeof(source));
	if (ret == 0 && !mb_source_from_name(source, &b->source))
		ret = mb_history_reader_fail(r, "source", "\"%s\" is not manual or prompt", source);
	if (ret == 0)
		ret = get_string(r, obj, "routine", b->routine, sizeof(b->routine));
	if (ret == 0)
		ret = get_unsigned(r, obj, "exercises_done", 0, UINT_MAX, &b->exercises_done);
	if (ret == 0)
		ret = get_unsigned(r, obj, "exercises_total", 0, UINT_MAX, &b->exercises_total);
	if (ret == 0 && b->exercises_done > b->exercises_total)
		ret = mb_history_reader_fail(r, "exercises_done",
			"%u is more than exercises_total (%u)", b->exercises_done,
			b->exercises_total);
	if (ret == 0)
		ret = get_optional_bool(r, obj, "demo", &b->demo);
	if (ret == 0)
		ret = mb_history_reader_check_span(r, b);
	return ret;
}

static int read_activity(struct mb_history_reader *r, json_t *obj, struct mb_activity_record *a)
{
	static const char *const members[] = { "start", "start_us", "end", "end_us", "active_us",
		NULL };
	int ret = check_members(r, obj, members);
	if (ret == 0)
		ret = read_times(r, obj, &a->start_us, &a->end_us);
	/* The daemon writes a stretch's end as its start plus a boot-time span: never crossed. */
	if (ret == 0 && a->end_us < a->start_us)
		ret = mb_history_reader_fail(r, "end_us", "before start_us");
	/* end - start may not fit: compare in the unsigned range, where it does. */
	if (ret == 0)
		ret = get_int(r, obj, "active_us", 0, INT64_MAX, &a->active_us);
	if (ret == 0 && (uint64_t)a->active_us > (uint64_t)a->end_us - (uint64_t)a->start_us)
		ret = mb_history_reader_fail(r, "active_us",
			"longer than the stretch from start_us to end_us");
	return ret;
}

static int read_challenge(struct mb_history_reader *r, json_t *obj, struct mb_challenge_record *c)
{
	static const char *const members[] = { "start_date", "days", "goal", "created",
		"created_us", "stopped", "stopped_us", "summary", "program", NULL };
	int64_t day;
	int ret = check_members(r, obj, members);
	if (ret == 0)
		ret = get_string(r, obj, "start_date", c->start_date, sizeof(c->start_date));
	if (ret == 0 && mb_date_parse(c->start_date, &day) < 0)
		ret = mb_history_reader_fail(r, "start_date",
			"\"%s\" is not a date YYYY-MM-DD "
			"(a real one, 1970 to 9999)",
			c->start_date);
	/* What `movebreak challenge start` accepts; the challenge's rules count on it. */
	if (ret == 0)
		ret = get_unsigned(r, obj, "days", 1, MB_CHALLENGE_DAYS_MAX, &c->days);
	if (ret == 0)
		ret = get_unsigned(r, obj, "goal", 1, MB_CHALLENGE_GOAL_MAX, &c->goal);
	if (ret == 0)
		ret = check_optional_text(r, obj, "created", false);
	if (ret == 0)
		ret = check_optional_text(r, obj, "stopped", true);
	if (ret == 0)
		ret = get_int(r, obj, "created_us", INT64_MIN, INT64_MAX, &c->created_us);
	if (ret == 0)
		ret = get_int(r, obj, "stopped_us", 0, INT64_MAX, &c->stopped_us);
	if (ret == 0 && c->stopped_us != 0 && c->stopped_us < c->created_us)
		ret = mb_history_reader_fail(r, "stopped_us",
			"before created_us (0 is for a challenge not stopped)");
	if (ret == 0)
		ret = get_string(r, obj, "summary", c->summary, sizeof(c->summary));
	/* Optional: exports from before schema 4 follow no program. */
	c->program[0] = '\0';
	if (ret == 0 && json_object_get(obj, "program"))
		ret = get_string(r, obj, "program", c->program, sizeof(c->program));
	return ret;
}

/* Read root[name], an array of objects, into a new array of elem-sized records. */
static int read_array(struct mb_history_reader *r, json_t *root, const char *name, size_t elem,
	int (*read_one)(struct mb_history_reader *r, json_t *obj, void *rec), void **out,
	size_t *len)
{
	json_t *arr = json_object_get(root, name);
	r->top = name;
	r->index = SIZE_MAX;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return mb_history_reader_fail(r, NULL, "%s must be an array", name);
	size_t n = json_array_size(arr);
	if (n == 0)
		return 0;
	char *items = calloc(n, elem);
	if (!items)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		r->index = i;
		json_t *obj = json_array_get(arr, i);
		int ret = json_is_object(obj) ?
			read_one(r, obj, items + i * elem) :
			mb_history_reader_fail(r, NULL, "must be an object");
		if (ret < 0) {
			free(items);
			return ret;
		}
	}
	*out = items;
	*len = n;
	return 0;
}

static int read_break_any(struct mb_history_reader *r, json_t *obj, void *rec)
{
	return read_break(r, obj, rec);
}

static int read_activity_any(struct mb_history_reader *r, json_t *obj, void *rec)
{
	return read_activity(r, obj, rec);
}

static int read_challenge_any(struct mb_history_reader *r, json_t *obj, void *rec)
{
	return read_challenge(r, obj, rec);
}

static int read_root(struct mb_history_reader *r, json_t *root, struct mb_store_bundle *b)
{
	static const char *const members[] = { "format", "version", "breaks", "activity",
		"challenges", NULL };
	r->top = NULL;
	r->index = SIZE_MAX;
	if (!json_is_object(root))
		return mb_history_reader_fail(r, NULL, "expected an object with \"format\": \"%s\"",
			MB_HISTORY_JSON_FORMAT);
	int ret = check_members(r, root, members);
	if (ret < 0)
		return ret;
	json_t *format = json_object_get(root, "format");
	if (!format)
		return mb_history_reader_fail(r, NULL, "missing \"format\": \"%s\"",
			MB_HISTORY_JSON_FORMAT);
	if (!json_is_string(format) || strcmp(json_string_value(format), MB_HISTORY_JSON_FORMAT))
		return mb_history_reader_fail(r, "format",
			"not a movebreak history (expected \"%s\")", MB_HISTORY_JSON_FORMAT);
	int64_t version = 0;
	ret = get_int(r, root, "version", 1, INT_MAX, &version);
	if (ret < 0)
		return ret;
	if (version > MB_HISTORY_JSON_VERSION)
		return mb_history_reader_fail(r, "version",
			"version %" PRId64 " was written by a "
			"newer movebreak; this one reads version %d",
			version, MB_HISTORY_JSON_VERSION);
	ret = read_array(r, root, "breaks", sizeof(*b->breaks), read_break_any, (void **)&b->breaks,
		&b->breaks_len);
	if (ret == 0)
		ret = read_array(r, root, "activity", sizeof(*b->activity), read_activity_any,
			(void **)&b->activity, &b->activity_len);
	if (ret == 0)
		ret = read_array(r, root, "challenges", sizeof(*b->challenges), read_challenge_any,
			(void **)&b->challenges, &b->challenges_len);
	return ret;
}

void mb_history_json_finish(struct mb_history_json *doc)
{
	if (!doc)
		return;
	free(doc->bundle.breaks);
	free(doc->bundle.activity);
	free(doc->bundle.challenges);
	free(doc->repairs);
	*doc = (struct mb_history_json){ 0 };
}

int mb_history_json_parse(const char *buf, size_t len, struct mb_history_json *doc,
	struct mb_diag *diag)
{
	*doc = (struct mb_history_json){ 0 };
	*diag = (struct mb_diag){ 0 };
	struct mb_history_reader r = { .buf = buf, .len = len, .diag = diag };
	int ret = mb_history_reader_check_bytes(&r);
	if (ret < 0)
		return ret;
	json_error_t jerr;
	/* NUL is let through to be refused, with its member, as the control character it is. */
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!root) {
		if (json_error_code(&jerr) == json_error_out_of_memory)
			return -ENOMEM;
		diag->line = jerr.line > 0 ? jerr.line : 0;
		diag->column = diag->line ? (jerr.column > 0 ? jerr.column : 1) : 0;
		/* jansson may quote the text it stopped at. */
		char shown[MB_TEXT_PRINTABLE_SIZE(sizeof(jerr.text))];
		mb_history_json_message(diag, "%s",
			mb_text_printable(jerr.text, shown, sizeof(shown)));
		return -EINVAL;
	}
	ret = read_root(&r, root, &doc->bundle);
	json_decref(root);
	if (ret == 0)
		ret = mb_history_reader_check_same(&r, &doc->bundle);
	doc->repairs = r.repairs;
	doc->repairs_len = r.repairs_len;
	if (ret == 0)
		mb_history_json_locate_repairs(buf, len, doc->repairs, doc->repairs_len);
	if (ret < 0)
		mb_history_json_finish(doc);
	return ret;
}

/* The history's export document: written by hand, read with jansson, problems located. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli/history-json.h"

/* ---- writing ---- */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp, min;
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, cp = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, cp = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past Unicode are not text. */
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static void write_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	fputc('"', out);
	while (n > 0) {
		size_t len = utf8_len(s, n);
		if (len == 0) {
			fputs("\\ufffd", out);
			len = 1;
		} else if (*s == '"' || *s == '\\') {
			fprintf(out, "\\%c", *s);
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(out, "\\u%04x", *s);
		} else {
			fwrite(s, 1, len, out);
		}
		s += len;
		n -= len;
	}
	fputc('"', out);
}

/* "NAME":"YYYY-MM-DDTHH:MM:SS.ffffffZ","NAME_us":N */
static void write_time(FILE *out, const char *name, int64_t us)
{
	int64_t sec = us / 1000000, frac = us % 1000000;
	if (frac < 0) {
		sec--;
		frac += 1000000;
	}
	time_t t = (time_t)sec;
	struct tm tm;
	char date[64] = "";
	if (gmtime_r(&t, &tm))
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "\"%s\":\"%s.%06" PRId64 "Z\",\"%s_us\":%" PRId64, name, date, frac, name, us);
}

static void write_break(FILE *out, const struct mb_break_record *r)
{
	fputc('{', out);
	write_time(out, "start", r->start_us);
	fputc(',', out);
	write_time(out, "end", r->end_us);
	fprintf(out, ",\"active_us\":%" PRId64 ",\"planned_us\":%" PRId64 ",\"kind\":\"%s\","
		"\"outcome\":\"%s\",\"source\":\"%s\",\"routine\":", r->active_us, r->planned_us,
		mb_break_kind_name(r->kind), mb_outcome_name(r->outcome), mb_source_name(r->source));
	write_string(out, r->routine);
	fprintf(out, ",\"exercises_done\":%u,\"exercises_total\":%u}", r->exercises_done,
		r->exercises_total);
}

static void write_activity(FILE *out, const struct mb_activity_record *a)
{
	fputc('{', out);
	write_time(out, "start", a->start_us);
	fputc(',', out);
	write_time(out, "end", a->end_us);
	fprintf(out, ",\"active_us\":%" PRId64 "}", a->active_us);
}

static void write_challenge(FILE *out, const struct mb_challenge_record *c)
{
	fputs("{\"start_date\":", out);
	write_string(out, c->start_date);
	fprintf(out, ",\"days\":%u,\"goal\":%u,", c->days, c->goal);
	write_time(out, "created", c->created_us);
	/* Not stopped: null beside 0, rather than a date in 1970. */
	if (c->stopped_us) {
		fputc(',', out);
		write_time(out, "stopped", c->stopped_us);
	} else {
		fputs(",\"stopped\":null,\"stopped_us\":0", out);
	}
	fputs(",\"summary\":", out);
	write_string(out, c->summary);
	fputc('}', out);
}

int mb_history_json_write(FILE *out, const struct mb_store_bundle *b)
{
	fprintf(out, "{\n\"format\":\"%s\",\n\"version\":%d,\n\"breaks\":[", MB_HISTORY_JSON_FORMAT,
		MB_HISTORY_JSON_VERSION);
	for (size_t i = 0; i < b->breaks_len; i++) {
		fputs(i ? ",\n" : "\n", out);
		write_break(out, &b->breaks[i]);
	}
	fputs("\n],\n\"activity\":[", out);
	for (size_t i = 0; i < b->activity_len; i++) {
		fputs(i ? ",\n" : "\n", out);
		write_activity(out, &b->activity[i]);
	}
	fputs("\n],\n\"challenges\":[", out);
	for (size_t i = 0; i < b->challenges_len; i++) {
		fputs(i ? ",\n" : "\n", out);
		write_challenge(out, &b->challenges[i]);
	}
	fputs("\n]\n}\n", out);
	return ferror(out) ? -EIO : 0;
}

/* ---- locating a value in the text ---- */

/*
 * jansson keeps no positions for values, so a problem found after parsing
 * is placed by walking the text (valid JSON by then) to the value it
 * concerns. Lines and columns count as jansson's do: characters, from 1.
 */
struct cursor {
	const char *p, *end;
	int line, col;
};

static void step(struct cursor *c)
{
	if (c->p >= c->end)
		return;
	unsigned char ch = (unsigned char)*c->p++;
	if (ch == '\n') {
		c->line++;
		c->col = 0;
	} else if ((ch & 0xc0) != 0x80) {
		c->col++;
	}
}

static bool at(const struct cursor *c, char ch)
{
	return c->p < c->end && *c->p == ch;
}

static void skip_ws(struct cursor *c)
{
	while (at(c, ' ') || at(c, '\t') || at(c, '\r') || at(c, '\n'))
		step(c);
}

/* At a '"': move past the closing quote; *raw, *raw_len get the text between. */
static void skip_string(struct cursor *c, const char **raw, size_t *raw_len)
{
	step(c);
	const char *start = c->p;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\')
			step(c);
		step(c);
	}
	if (raw) {
		*raw = start;
		*raw_len = (size_t)(c->p - start);
	}
	step(c);
}

static void skip_value(struct cursor *c)
{
	int depth = 0;
	do {
		if (c->p >= c->end)
			return;
		char ch = *c->p;
		if (ch == '"') {
			skip_string(c, NULL, NULL);
		} else if (ch == '{' || ch == '[') {
			depth++;
			step(c);
		} else if (ch == '}' || ch == ']') {
			depth--;
			step(c);
		} else if (depth == 0) {
			while (c->p < c->end && !strchr(",]} \t\r\n", *c->p))
				step(c);
			return;
		} else {
			step(c);
		}
	} while (depth > 0);
}

static void skip_comma(struct cursor *c)
{
	skip_ws(c);
	if (at(c, ','))
		step(c);
}

/* At a '{': move to the value of member key; false (somewhere inside) when there is none. */
static bool find_member(struct cursor *c, const char *key)
{
	step(c);
	for (;;) {
		skip_ws(c);
		if (!at(c, '"'))
			return false;
		const char *raw;
		size_t raw_len;
		skip_string(c, &raw, &raw_len);
		skip_ws(c);
		step(c);
		skip_ws(c);
		if (raw_len == strlen(key) && memcmp(raw, key, raw_len) == 0)
			return true;
		skip_value(c);
		skip_comma(c);
	}
}

/* At a '[': move to element index. */
static bool find_element(struct cursor *c, size_t index)
{
	step(c);
	for (size_t i = 0;; i++) {
		skip_ws(c);
		if (c->p >= c->end || at(c, ']'))
			return false;
		if (i == index)
			return true;
		skip_value(c);
		skip_comma(c);
	}
}

/*
 * Where root[top][index][field] begins; as deep as the path exists (a
 * missing field puts it at its record). top NULL: the document; index
 * SIZE_MAX: the member top itself; field NULL: the record.
 */
static void locate(const char *buf, size_t len, const char *top, size_t index, const char *field,
	int *line, int *col)
{
	struct cursor c = { .p = buf, .end = buf + len, .line = 1, .col = 0 };
	skip_ws(&c);
	struct cursor best = c;
	if (top && at(&c, '{') && find_member(&c, top)) {
		best = c;
		if (index != SIZE_MAX && at(&c, '[') && find_element(&c, index)) {
			best = c;
			if (field && at(&c, '{') && find_member(&c, field))
				best = c;
		}
	}
	*line = best.line;
	*col = best.col + 1;
}

/* ---- reading ---- */

struct reader {
	const char *buf;
	size_t len;
	struct mb_diag *diag;
	/* The record being read: its array's name and index. */
	const char *top;
	size_t index;
};

static int fail(struct reader *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct reader *r, const char *field, const char *fmt, ...)
{
	/* Outside the arrays, field is a member of the document itself. */
	if (r->top)
		locate(r->buf, r->len, r->top, r->index, field, &r->diag->line, &r->diag->column);
	else
		locate(r->buf, r->len, field, SIZE_MAX, NULL, &r->diag->line, &r->diag->column);
	char what[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (r->top && r->index != SIZE_MAX && field)
		snprintf(r->diag->message, sizeof(r->diag->message), "%s[%zu].%s: %s", r->top,
			r->index, field, what);
	else if (r->top && r->index != SIZE_MAX)
		snprintf(r->diag->message, sizeof(r->diag->message), "%s[%zu]: %s", r->top,
			r->index, what);
	else if (field)
		snprintf(r->diag->message, sizeof(r->diag->message), "%s: %s", field, what);
	else
		snprintf(r->diag->message, sizeof(r->diag->message), "%s", what);
	return -EINVAL;
}

/* Every member of obj is one of the NULL-terminated names. */
static int check_members(struct reader *r, json_t *obj, const char *const *names)
{
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value) {
		bool known = false;
		for (const char *const *n = names; *n && !known; n++)
			known = strcmp(key, *n) == 0;
		if (!known) {
			/* The member's value is where the reader's eye goes; name it in the text. */
			return fail(r, key, "unknown member (a typo, or a newer movebreak's file?)");
		}
	}
	return 0;
}

static int get_int(struct reader *r, json_t *obj, const char *field, int64_t min, int64_t max,
	int64_t *out)
{
	json_t *v = json_object_get(obj, field);
	if (!v)
		return fail(r, NULL, "missing \"%s\"", field);
	if (!json_is_integer(v))
		return fail(r, field, "must be a whole number");
	json_int_t n = json_integer_value(v);
	if (n < min || n > max)
		return fail(r, field, "%lld is out of range [%" PRId64 ", %" PRId64 "]", (long long)n,
			min, max);
	*out = (int64_t)n;
	return 0;
}

static int get_unsigned(struct reader *r, json_t *obj, const char *field, unsigned min,
	unsigned *out)
{
	int64_t n = 0;
	int ret = get_int(r, obj, field, min, UINT_MAX, &n);
	if (ret == 0)
		*out = (unsigned)n;
	return ret;
}

static int get_string(struct reader *r, json_t *obj, const char *field, char *out, size_t size)
{
	json_t *v = json_object_get(obj, field);
	if (!v)
		return fail(r, NULL, "missing \"%s\"", field);
	if (!json_is_string(v))
		return fail(r, field, "must be a string");
	size_t len = json_string_length(v);
	if (len >= size)
		return fail(r, field, "too long: %zu bytes, at most %zu", len, size - 1);
	memcpy(out, json_string_value(v), len + 1);
	return 0;
}

/* The readable copies of the times: optional, strings (or null where allowed), not read. */
static int check_optional_text(struct reader *r, json_t *obj, const char *field, bool null_ok)
{
	json_t *v = json_object_get(obj, field);
	if (!v || json_is_string(v) || (null_ok && json_is_null(v)))
		return 0;
	return fail(r, field, null_ok ? "must be a string or null" : "must be a string");
}

static bool kind_from_name(const char *name, enum mb_break_kind *out)
{
	if (strcmp(name, mb_break_kind_name(MB_BREAK_MOVEMENT)) == 0)
		*out = MB_BREAK_MOVEMENT;
	else if (strcmp(name, mb_break_kind_name(MB_BREAK_MICRO)) == 0)
		*out = MB_BREAK_MICRO;
	else
		return false;
	return true;
}

/* A record's times: "start_us" and "end_us" in order, and their optional ISO-8601 copies. */
static int read_span(struct reader *r, json_t *obj, int64_t *start_us, int64_t *end_us)
{
	int ret = check_optional_text(r, obj, "start", false);
	if (ret == 0)
		ret = check_optional_text(r, obj, "end", false);
	if (ret == 0)
		ret = get_int(r, obj, "start_us", INT64_MIN, INT64_MAX, start_us);
	if (ret == 0)
		ret = get_int(r, obj, "end_us", INT64_MIN, INT64_MAX, end_us);
	if (ret == 0 && *end_us < *start_us)
		ret = fail(r, "end_us", "before start_us");
	return ret;
}

static int read_break(struct reader *r, json_t *obj, struct mb_break_record *b)
{
	static const char *const members[] = { "start", "start_us", "end", "end_us", "active_us",
		"planned_us", "kind", "outcome", "source", "routine", "exercises_done",
		"exercises_total", NULL };
	char kind[16], outcome[16], source[16];
	int ret = check_members(r, obj, members);
	if (ret == 0)
		ret = read_span(r, obj, &b->start_us, &b->end_us);
	if (ret == 0)
		ret = get_int(r, obj, "active_us", 0, INT64_MAX, &b->active_us);
	if (ret == 0)
		ret = get_int(r, obj, "planned_us", 0, INT64_MAX, &b->planned_us);
	if (ret == 0)
		ret = get_string(r, obj, "kind", kind, sizeof(kind));
	if (ret == 0 && !kind_from_name(kind, &b->kind))
		ret = fail(r, "kind", "\"%s\" is not movement or micro", kind);
	if (ret == 0)
		ret = get_string(r, obj, "outcome", outcome, sizeof(outcome));
	if (ret == 0 && !mb_outcome_from_name(outcome, &b->outcome))
		ret = fail(r, "outcome", "\"%s\" is not an outcome (completed, partial, skipped, "
			"prompted, postponed, started, natural)", outcome);
	if (ret == 0)
		ret = get_string(r, obj, "source", source, sizeof(source));
	if (ret == 0 && !mb_source_from_name(source, &b->source))
		ret = fail(r, "source", "\"%s\" is not manual or prompt", source);
	if (ret == 0)
		ret = get_string(r, obj, "routine", b->routine, sizeof(b->routine));
	if (ret == 0)
		ret = get_unsigned(r, obj, "exercises_done", 0, &b->exercises_done);
	if (ret == 0)
		ret = get_unsigned(r, obj, "exercises_total", 0, &b->exercises_total);
	return ret;
}

static int read_activity(struct reader *r, json_t *obj, struct mb_activity_record *a)
{
	static const char *const members[] = { "start", "start_us", "end", "end_us", "active_us",
		NULL };
	int ret = check_members(r, obj, members);
	if (ret == 0)
		ret = read_span(r, obj, &a->start_us, &a->end_us);
	/* end - start may not fit: compare in the unsigned range, where it does. */
	if (ret == 0)
		ret = get_int(r, obj, "active_us", 0, INT64_MAX, &a->active_us);
	if (ret == 0 && (uint64_t)a->active_us > (uint64_t)a->end_us - (uint64_t)a->start_us)
		ret = fail(r, "active_us", "longer than the stretch from start_us to end_us");
	return ret;
}

static bool date_valid(const char *d)
{
	if (strlen(d) != 10)
		return false;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return false;
	}
	int month = (d[5] - '0') * 10 + (d[6] - '0');
	int day = (d[8] - '0') * 10 + (d[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static int read_challenge(struct reader *r, json_t *obj, struct mb_challenge_record *c)
{
	static const char *const members[] = { "start_date", "days", "goal", "created",
		"created_us", "stopped", "stopped_us", "summary", NULL };
	int ret = check_members(r, obj, members);
	if (ret == 0)
		ret = get_string(r, obj, "start_date", c->start_date, sizeof(c->start_date));
	if (ret == 0 && !date_valid(c->start_date))
		ret = fail(r, "start_date", "\"%s\" is not a date YYYY-MM-DD", c->start_date);
	if (ret == 0)
		ret = get_unsigned(r, obj, "days", 1, &c->days);
	if (ret == 0)
		ret = get_unsigned(r, obj, "goal", 1, &c->goal);
	if (ret == 0)
		ret = check_optional_text(r, obj, "created", false);
	if (ret == 0)
		ret = check_optional_text(r, obj, "stopped", true);
	if (ret == 0)
		ret = get_int(r, obj, "created_us", INT64_MIN, INT64_MAX, &c->created_us);
	if (ret == 0)
		ret = get_int(r, obj, "stopped_us", 0, INT64_MAX, &c->stopped_us);
	if (ret == 0)
		ret = get_string(r, obj, "summary", c->summary, sizeof(c->summary));
	return ret;
}

/* Read root[name], an array of objects, into a new array of elem-sized records. */
static int read_array(struct reader *r, json_t *root, const char *name, size_t elem,
	int (*read_one)(struct reader *r, json_t *obj, void *rec), void **out, size_t *len)
{
	json_t *arr = json_object_get(root, name);
	r->top = name;
	r->index = SIZE_MAX;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return fail(r, NULL, "%s must be an array", name);
	size_t n = json_array_size(arr);
	if (n == 0)
		return 0;
	char *items = calloc(n, elem);
	if (!items)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		r->index = i;
		json_t *obj = json_array_get(arr, i);
		int ret = json_is_object(obj) ? read_one(r, obj, items + i * elem) :
			fail(r, NULL, "must be an object");
		if (ret < 0) {
			free(items);
			return ret;
		}
	}
	*out = items;
	*len = n;
	return 0;
}

static int read_break_any(struct reader *r, json_t *obj, void *rec)
{
	return read_break(r, obj, rec);
}

static int read_activity_any(struct reader *r, json_t *obj, void *rec)
{
	return read_activity(r, obj, rec);
}

static int read_challenge_any(struct reader *r, json_t *obj, void *rec)
{
	return read_challenge(r, obj, rec);
}

static int read_root(struct reader *r, json_t *root, struct mb_store_bundle *b)
{
	static const char *const members[] = { "format", "version", "breaks", "activity",
		"challenges", NULL };
	r->top = NULL;
	r->index = SIZE_MAX;
	if (!json_is_object(root))
		return fail(r, NULL, "expected an object with \"format\": \"%s\"",
			MB_HISTORY_JSON_FORMAT);
	int ret = check_members(r, root, members);
	if (ret < 0)
		return ret;
	json_t *format = json_object_get(root, "format");
	if (!format)
		return fail(r, NULL, "missing \"format\": \"%s\"", MB_HISTORY_JSON_FORMAT);
	if (!json_is_string(format) || strcmp(json_string_value(format), MB_HISTORY_JSON_FORMAT))
		return fail(r, "format", "not a movebreak history (expected \"%s\")",
			MB_HISTORY_JSON_FORMAT);
	int64_t version = 0;
	ret = get_int(r, root, "version", 1, INT_MAX, &version);
	if (ret < 0)
		return ret;
	if (version > MB_HISTORY_JSON_VERSION)
		return fail(r, "version", "version %" PRId64 " was written by a newer movebreak; "
			"this one reads version %d", version, MB_HISTORY_JSON_VERSION);
	ret = read_array(r, root, "breaks", sizeof(*b->breaks), read_break_any,
		(void **)&b->breaks, &b->breaks_len);
	if (ret == 0)
		ret = read_array(r, root, "activity", sizeof(*b->activity), read_activity_any,
			(void **)&b->activity, &b->activity_len);
	if (ret == 0)
		ret = read_array(r, root, "challenges", sizeof(*b->challenges), read_challenge_any,
			(void **)&b->challenges, &b->challenges_len);
	return ret;
}

void mb_history_json_bundle_free(struct mb_store_bundle *b)
{
	if (!b)
		return;
	free(b->breaks);
	free(b->activity);
	free(b->challenges);
	*b = (struct mb_store_bundle){ 0 };
}

int mb_history_json_parse(const char *buf, size_t len, struct mb_store_bundle *bundle,
	struct mb_diag *diag)
{
	*bundle = (struct mb_store_bundle){ 0 };
	*diag = (struct mb_diag){ 0 };
	json_error_t jerr;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (json_error_code(&jerr) == json_error_out_of_memory)
			return -ENOMEM;
		diag->line = jerr.line > 0 ? jerr.line : 0;
		diag->column = diag->line ? (jerr.column > 0 ? jerr.column : 1) : 0;
		snprintf(diag->message, sizeof(diag->message), "%s", jerr.text);
		return -EINVAL;
	}
	struct reader r = { .buf = buf, .len = len, .diag = diag };
	int ret = read_root(&r, root, bundle);
	json_decref(root);
	if (ret < 0)
		mb_history_json_bundle_free(bundle);
	return ret;
}

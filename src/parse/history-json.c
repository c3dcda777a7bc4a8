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

#include "core/challenge.h"
#include "core/date.h"
#include "core/text.h"
#include "parse/history-json.h"
#include "parse/json.h"

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

/* ---- writing ---- */

static void write_string(FILE *out, const char *str)
{
	mb_json_string(out, str);
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

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The \uXXXX at raw[i] (at least 6 bytes left), or -1. */
static long read_u_escape(const char *raw, size_t len, size_t i)
{
	if (i + 6 > len || raw[i] != '\\' || raw[i + 1] != 'u')
		return -1;
	long v = 0;
	for (size_t k = i + 2; k < i + 6; k++) {
		int d = hex_digit(raw[k]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * Whether the text of a member name, escapes and all, reads as key: the
 * name jansson gives a member is decoded, and the one to find in the text
 * may be written with escapes.
 */
static bool key_equals(const char *raw, size_t len, const char *key)
{
	size_t k = 0, key_len = strlen(key);
	for (size_t i = 0; i < len;) {
		char out[4];
		size_t n = 1;
		if (raw[i] != '\\') {
			out[0] = raw[i++];
		} else if (i + 1 < len && raw[i + 1] != 'u') {
			const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
			const char *at_esc = strchr(from, raw[i + 1]);
			if (!at_esc || !*at_esc)
				return false;
			out[0] = to[at_esc - from];
			i += 2;
		} else {
			long cp = read_u_escape(raw, len, i);
			if (cp < 0)
				return false;
			i += 6;
			long low = cp >= 0xd800 && cp <= 0xdbff ? read_u_escape(raw, len, i) : -1;
			if (low >= 0xdc00 && low <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
				i += 6;
			}
			if (cp < 0x80) {
				out[0] = (char)cp;
			} else if (cp < 0x800) {
				out[0] = (char)(0xc0 | (cp >> 6));
				out[1] = (char)(0x80 | (cp & 0x3f));
				n = 2;
			} else if (cp < 0x10000) {
				out[0] = (char)(0xe0 | (cp >> 12));
				out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
				out[2] = (char)(0x80 | (cp & 0x3f));
				n = 3;
			} else {
				out[0] = (char)(0xf0 | (cp >> 18));
				out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
				out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
				out[3] = (char)(0x80 | (cp & 0x3f));
				n = 4;
			}
		}
		if (k + n > key_len || memcmp(key + k, out, n) != 0)
			return false;
		k += n;
	}
	return k == key_len;
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
		if (key_equals(raw, raw_len, key))
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

/* Line and column of byte off, counted as the cursor counts them. */
static void position_of(const char *buf, size_t len, size_t off, int *line, int *col)
{
	struct cursor c = { .p = buf, .end = buf + (off < len ? off : len), .line = 1, .col = 0 };
	while (c.p < c.end)
		step(&c);
	*line = c.line;
	*col = c.col + 1;
}

/* Append text to out (size bytes, NUL-terminated), escaped for a terminal. */
static void append_path(char *out, size_t size, const char *sep, const char *text, size_t text_len)
{
	char raw[48], shown[MB_TEXT_PRINTABLE_SIZE(sizeof(raw))];
	int n = (int)(text_len < sizeof(raw) ? text_len : sizeof(raw) - 1);
	snprintf(raw, sizeof(raw), "%.*s", n, text);
	size_t used = strlen(out);
	if (used < size)
		snprintf(out + used, size - used, "%s%s", sep,
			mb_text_printable(raw, shown, sizeof(shown)));
}

/*
 * The path of the innermost member or element whose value holds byte off
 * ("breaks[3].routine"), "" at the top. The text has not been parsed yet,
 * so this walks it as far as it goes and stops at anything unexpected.
 */
static void path_at(const char *buf, size_t len, size_t off, char *out, size_t size)
{
	struct cursor c = { .p = buf, .end = buf + len, .line = 1, .col = 0 };
	const char *target = buf + off;
	out[0] = '\0';
	skip_ws(&c);
	for (int depth = 0; depth < 8; depth++) {
		bool object = at(&c, '{');
		if (!object && !at(&c, '['))
			return;
		step(&c);
		bool found = false;
		for (size_t i = 0; !found; i++) {
			skip_ws(&c);
			const char *key = NULL;
			size_t key_len = 0;
			if (object) {
				if (!at(&c, '"'))
					return;
				skip_string(&c, &key, &key_len);
				if (target < c.p) {
					/* Inside the name of a member. */
					append_path(out, size, out[0] ? "." : "", key, key_len);
					return;
				}
				skip_ws(&c);
				if (!at(&c, ':'))
					return;
				step(&c);
				skip_ws(&c);
			} else if (c.p >= c.end || at(&c, ']')) {
				return;
			}
			struct cursor value = c;
			skip_value(&c);
			if (c.p == value.p && c.p < c.end)
				step(&c);
			if (target < c.p || c.p >= c.end) {
				if (object) {
					append_path(out, size, out[0] ? "." : "", key, key_len);
				} else {
					char index[24];
					snprintf(index, sizeof(index), "[%zu]", i);
					append_path(out, size, "", index, strlen(index));
				}
				c = value;
				found = true;
			} else {
				skip_comma(&c);
			}
		}
	}
}

/* Where each repaired break's end_us is: one walk over the breaks, the repairs in order. */
static void locate_repairs(const char *buf, size_t len, struct mb_history_json_repair *reps,
	size_t n)
{
	struct cursor c = { .p = buf, .end = buf + len, .line = 1, .col = 0 };
	skip_ws(&c);
	for (size_t k = 0; k < n; k++) {
		reps[k].line = c.line;
		reps[k].column = c.col + 1;
	}
	if (!at(&c, '{') || !find_member(&c, "breaks") || !at(&c, '['))
		return;
	step(&c);
	for (size_t i = 0, k = 0; k < n; i++) {
		skip_ws(&c);
		if (c.p >= c.end || at(&c, ']'))
			return;
		if (i == reps[k].index) {
			struct cursor m = c, best = c;
			if (at(&m, '{') && find_member(&m, "end_us"))
				best = m;
			reps[k].line = best.line;
			reps[k].column = best.col + 1;
			k++;
		}
		skip_value(&c);
		skip_comma(&c);
	}
}


/* ---- reading ---- */

struct reader {
	const char *buf;
	size_t len;
	struct mb_diag *diag;
	/* The record being read: its array's name and index. */
	const char *top;
	size_t index;
	/* The breaks repaired so far. */
	struct mb_history_json_repair *repairs;
	size_t repairs_len, repairs_cap;
};

/* Set diag's message; a message too long for it is cut. */
static void set_message(struct mb_diag *diag, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_message(struct mb_diag *diag, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(diag->message, sizeof(diag->message), fmt, ap);
	va_end(ap);
}

/* Locate top[index][field] (as the reader's top and index say) for a message. */
static void place(struct reader *r, const char *field)
{
	/* Outside the arrays, field is a member of the document itself. */
	if (r->top)
		locate(r->buf, r->len, r->top, r->index, field, &r->diag->line, &r->diag->column);
	else
		locate(r->buf, r->len, field, SIZE_MAX, NULL, &r->diag->line, &r->diag->column);
}

static int fail(struct reader *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct reader *r, const char *field, const char *fmt, ...)
{
	place(r, field);
	char what[192], name[MB_TEXT_PRINTABLE_SIZE(48)] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* An unknown member's name is the file's text: shown, never acted on. */
	if (field)
		append_path(name, sizeof(name), "", field, strlen(field));
	if (r->top && r->index != SIZE_MAX && field)
		set_message(r->diag, "%s[%zu].%s: %s", r->top,
			r->index, name, what);
	else if (r->top && r->index != SIZE_MAX)
		set_message(r->diag, "%s[%zu]: %s", r->top,
			r->index, what);
	else if (field)
		set_message(r->diag, "%s: %s", name, what);
	else
		set_message(r->diag, "%s", what);
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
static int check_text(struct reader *r, const char *field, json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	while (n > 0) {
		uint32_t cp = 0;
		size_t len = mb_utf8_decode(s, n, &cp);
		if (len == 0)
			return fail(r, field, "not UTF-8 text");
		if (mb_text_is_control(cp))
			return fail(r, field, "holds the control character U+%04X; history text is "
				"plain text", (unsigned)cp);
		s += len;
		n -= len;
	}
	return 0;
}

static int get_string(struct reader *r, json_t *obj, const char *field, char *out, size_t size)
{
	json_t *v = json_object_get(obj, field);
	if (!v)
		return fail(r, NULL, "missing \"%s\"", field);
	if (!json_is_string(v))
		return fail(r, field, "must be a string");
	int ret = check_text(r, field, v);
	if (ret < 0)
		return ret;
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
	if (!v || (null_ok && json_is_null(v)))
		return 0;
	if (json_is_string(v))
		return check_text(r, field, v);
	return fail(r, field, null_ok ? "must be a string or null" : "must be a string");
}

/* A record's times: "start_us" and "end_us", and their optional ISO-8601 copies. */
static int read_times(struct reader *r, json_t *obj, int64_t *start_us, int64_t *end_us)
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

/* The rows whose two ends a coach or a natural break measured across a span of time. */
static bool outcome_spans(enum mb_outcome outcome)
{
	return outcome == MB_OUTCOME_COMPLETED || outcome == MB_OUTCOME_PARTIAL ||
		outcome == MB_OUTCOME_SKIPPED || outcome == MB_OUTCOME_NATURAL;
}

static int add_repair(struct reader *r, const struct mb_break_record *b)
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
static int check_span(struct reader *r, struct mb_break_record *b)
{
	if (!mb_history_break_clock_set_back(b))
		return 0;
	const char *outcome = mb_outcome_name(b->outcome);
	if (!outcome_spans(b->outcome) && b->end_us < b->start_us)
		return fail(r, "end_us", "before start_us; a %s row is written at one moment, so "
			"no clock change explains it", outcome);
	if (!outcome_spans(b->outcome))
		return fail(r, "active_us", "longer than the break from start_us to end_us; a %s "
			"row is written at one moment", outcome);
	if (b->start_us > INT64_MAX - b->active_us)
		return fail(r, "active_us", "longer than the break, and start_us + active_us is "
			"past the largest time");
	int ret = add_repair(r, b);
	if (ret == 0)
		b->end_us = mb_history_break_end(b);
	return ret;
}

static int read_break(struct reader *r, json_t *obj, struct mb_break_record *b)
{
	static const char *const members[] = { "start", "start_us", "end", "end_us", "active_us",
		"planned_us", "kind", "outcome", "source", "routine", "exercises_done",
		"exercises_total", NULL };
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
		ret = get_unsigned(r, obj, "exercises_done", 0, UINT_MAX, &b->exercises_done);
	if (ret == 0)
		ret = get_unsigned(r, obj, "exercises_total", 0, UINT_MAX, &b->exercises_total);
	if (ret == 0 && b->exercises_done > b->exercises_total)
		ret = fail(r, "exercises_done", "%u is more than exercises_total (%u)",
			b->exercises_done, b->exercises_total);
	if (ret == 0)
		ret = check_span(r, b);
	return ret;
}

static int read_activity(struct reader *r, json_t *obj, struct mb_activity_record *a)
{
	static const char *const members[] = { "start", "start_us", "end", "end_us", "active_us",
		NULL };
	int ret = check_members(r, obj, members);
	if (ret == 0)
		ret = read_times(r, obj, &a->start_us, &a->end_us);
	/* The daemon writes a stretch's end as its start plus a boot-time span: never crossed. */
	if (ret == 0 && a->end_us < a->start_us)
		ret = fail(r, "end_us", "before start_us");
	/* end - start may not fit: compare in the unsigned range, where it does. */
	if (ret == 0)
		ret = get_int(r, obj, "active_us", 0, INT64_MAX, &a->active_us);
	if (ret == 0 && (uint64_t)a->active_us > (uint64_t)a->end_us - (uint64_t)a->start_us)
		ret = fail(r, "active_us", "longer than the stretch from start_us to end_us");
	return ret;
}

static int read_challenge(struct reader *r, json_t *obj, struct mb_challenge_record *c)
{
	static const char *const members[] = { "start_date", "days", "goal", "created",
		"created_us", "stopped", "stopped_us", "summary", NULL };
	int64_t day;
	int ret = check_members(r, obj, members);
	if (ret == 0)
		ret = get_string(r, obj, "start_date", c->start_date, sizeof(c->start_date));
	if (ret == 0 && mb_date_parse(c->start_date, &day) < 0)
		ret = fail(r, "start_date", "\"%s\" is not a date YYYY-MM-DD (a real one, 1970 to "
			"9999)", c->start_date);
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
		ret = fail(r, "stopped_us", "before created_us (0 is for a challenge not stopped)");
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
static int fail_same(struct reader *r, const char *top, size_t earlier, size_t later,
	const char *by)
{
	int line, col;
	locate(r->buf, r->len, top, earlier, NULL, &line, &col);
	r->top = top;
	r->index = later;
	place(r, NULL);
	set_message(r->diag, "%s[%zu] is the same as %s[%zu]%s%s (line %d); a record is imported "
		"once: remove one", top, later, top, earlier, by ? " by " : "", by ? by : "", line);
	return -EINVAL;
}

/*
 * The store leaves out a record equal to one it held before the import and
 * takes in all the rest, so two equal records in one file would both land:
 * a file is refused for that here instead. Breaks compare after repair, as
 * they would be stored.
 */
static int check_same(struct reader *r, const struct mb_store_bundle *b)
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
				"created_us" : NULL);
	return ret;
}

/* ---- the text before it is parsed ---- */

/*
 * Bytes that are not UTF-8, and control characters that JSON's grammar
 * leaves to the parser, are found before jansson sees the text: its
 * message for them names no member, and a raw DEL or C1 character in a
 * string it would accept.
 */
static int check_bytes(struct reader *r)
{
	bool in_string = false, escaped = false;
	for (size_t i = 0; i < r->len;) {
		uint32_t cp = 0;
		size_t width = mb_utf8_decode(r->buf + i, r->len - i, &cp);
		const char *what = NULL;
		char detail[96];
		if (width == 0) {
			snprintf(detail, sizeof(detail), "not UTF-8 (byte 0x%02x); an export is "
				"UTF-8 text", (unsigned char)r->buf[i]);
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
			path_at(r->buf, r->len, i, path, sizeof(path));
			position_of(r->buf, r->len, i, &r->diag->line, &r->diag->column);
			set_message(r->diag, "%s%s%s", path,
				path[0] ? ": " : "", what);
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

/* ---- the document ---- */

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
	struct reader r = { .buf = buf, .len = len, .diag = diag };
	int ret = check_bytes(&r);
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
		set_message(diag, "%s", mb_text_printable(jerr.text, shown, sizeof(shown)));
		return -EINVAL;
	}
	ret = read_root(&r, root, &doc->bundle);
	json_decref(root);
	if (ret == 0)
		ret = check_same(&r, &doc->bundle);
	doc->repairs = r.repairs;
	doc->repairs_len = r.repairs_len;
	if (ret == 0)
		locate_repairs(buf, len, doc->repairs, doc->repairs_len);
	if (ret < 0)
		mb_history_json_finish(doc);
	return ret;
}

/* Under way on day today, as mb_challenge_find_current() sees it: not stopped, not over. */
static bool under_way(const struct mb_challenge_record *c, int64_t today)
{
	int64_t start;
	return c->stopped_us == 0 && c->days > 0 && c->goal > 0 &&
		mb_date_parse(c->start_date, &start) == 0 && today - start < (int64_t)c->days;
}

int mb_history_json_check_challenges(const char *buf, size_t len,
	const struct mb_history_json *doc, int64_t today,
	const struct mb_challenge_record *stored, size_t stored_len, struct mb_diag *diag)
{
	*diag = (struct mb_diag){ 0 };
	struct reader r = { .buf = buf, .len = len, .diag = diag, .top = "challenges" };
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
		return fail(&r, "stopped_us", "0, under way, and so is challenges[%zu] (from %s): "
			"one runs at a time; set the stopped_us of the one given up", first,
			c[first].start_date);
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
		return fail(&r, "stopped_us", "0, under way, and so is the history's challenge "
			"from %s: stop that one ('movebreak challenge stop') or set this one's "
			"stopped_us", stored[k].start_date);
	}
	return 0;
}

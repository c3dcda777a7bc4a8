/* Where a value is in the export document's text: jansson keeps no positions for values. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "parse/history-json-internal.h"

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
	return c >= '0' && c <= '9'  ? c - '0' :
		c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 :
				       -1;
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

void mb_history_json_locate(const char *buf, size_t len, const char *top, size_t index,
	const char *field, int *line, int *col)
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

void mb_history_json_position(const char *buf, size_t len, size_t off, int *line, int *col)
{
	struct cursor c = { .p = buf, .end = buf + (off < len ? off : len), .line = 1, .col = 0 };
	while (c.p < c.end)
		step(&c);
	*line = c.line;
	*col = c.col + 1;
}

void mb_history_json_append_path(char *out, size_t size, const char *sep, const char *text,
	size_t text_len)
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
void mb_history_json_path_at(const char *buf, size_t len, size_t off, char *out, size_t size)
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
					mb_history_json_append_path(out, size, out[0] ? "." : "",
						key, key_len);
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
					mb_history_json_append_path(out, size, out[0] ? "." : "",
						key, key_len);
				} else {
					char index[24];
					snprintf(index, sizeof(index), "[%zu]", i);
					mb_history_json_append_path(out, size, "", index,
						strlen(index));
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
void mb_history_json_locate_repairs(const char *buf, size_t len,
	struct mb_history_json_repair *reps, size_t n)
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

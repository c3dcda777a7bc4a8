/* Editing config.ini's text: lines read as libinih reads them, only the changed values rewritten. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/config-edit.h"

#define BOM "\xef\xbb\xbf"
#define NAME_MAX_LEN 64

/*
 * One line of the text. Offsets are into the whole buffer; content ends
 * before the line's '\n' (and a '\r' before it), next is where the next
 * line begins.
 */
struct line {
	size_t start, content_end, next;
	enum mb_config_line_kind kind;
	/* The section the line is in (a header: the one it opens). */
	char section[NAME_MAX_LEN];
	/* A key line: its name and where the name ends, the '=' (or ':') sits, the value lies. */
	char key[NAME_MAX_LEN];
	size_t name_end, delim, value_start, value_end;
	/* Where a comment after the value begins (content_end when there is none). */
	size_t comment;
};

/* libinih trims with isspace() in the C locale. */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The first of chars (or, with chars NULL, none) in [pos, end), or a ';'
 * after a space, which starts a comment: libinih's find_chars_or_comment().
 */
static size_t find_chars_or_comment(const char *buf, size_t pos, size_t end, const char *chars)
{
	bool was_space = false;
	for (; pos < end; pos++) {
		char c = buf[pos];
		if (chars && strchr(chars, c))
			break;
		if (was_space && c == ';')
			break;
		was_space = is_space(c);
	}
	return pos;
}

static void copy_name(char dst[NAME_MAX_LEN], const char *src, size_t len)
{
	if (len >= NAME_MAX_LEN)
		len = NAME_MAX_LEN - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Read the line at pos; section is the one in force and *prev_key says a key came before. */
static size_t read_line(const char *buf, size_t len, size_t pos, bool first, struct line *l,
	char section[NAME_MAX_LEN], bool *prev_key)
{
	*l = (struct line){ .start = pos };
	const char *nl = memchr(buf + pos, '\n', len - pos);
	size_t end = nl ? (size_t)(nl - buf) : len;
	l->next = nl ? end + 1 : len;
	l->content_end = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
	size_t s = pos;
	if (first && len - pos >= 3 && memcmp(buf + pos, BOM, 3) == 0)
		s += 3;
	size_t e = end;
	while (e > s && is_space(buf[e - 1]))
		e--;
	size_t text = s;
	while (text < e && is_space(buf[text]))
		text++;
	memcpy(l->section, section, NAME_MAX_LEN);
	l->comment = l->content_end;
	if (text == e) {
		l->kind = MB_CONFIG_LINE_BLANK;
	} else if (buf[text] == ';' || buf[text] == '#') {
		l->kind = MB_CONFIG_LINE_COMMENT;
	} else if (*prev_key && text > pos) {
		l->kind = MB_CONFIG_LINE_CONTINUED;
	} else if (buf[text] == '[') {
		size_t close = find_chars_or_comment(buf, text + 1, e, "]");
		if (close < e) {
			l->kind = MB_CONFIG_LINE_SECTION;
			copy_name(section, buf + text + 1, close - text - 1);
			memcpy(l->section, section, NAME_MAX_LEN);
			*prev_key = false;
		} else {
			l->kind = MB_CONFIG_LINE_OTHER;
		}
	} else {
		size_t delim = find_chars_or_comment(buf, text, e, "=:");
		if (delim < e && (buf[delim] == '=' || buf[delim] == ':')) {
			l->kind = MB_CONFIG_LINE_KEY;
			l->delim = delim;
			size_t name_end = delim;
			while (name_end > text && is_space(buf[name_end - 1]))
				name_end--;
			l->name_end = name_end;
			copy_name(l->key, buf + text, name_end - text);
			l->comment = find_chars_or_comment(buf, delim + 1, l->content_end, NULL);
			size_t v = delim + 1, ve = l->comment;
			while (v < ve && is_space(buf[v]))
				v++;
			while (ve > v && is_space(buf[ve - 1]))
				ve--;
			l->value_start = v;
			l->value_end = ve;
			*prev_key = true;
		} else {
			l->kind = MB_CONFIG_LINE_OTHER;
		}
	}
	return l->next;
}

/* Split the whole text into lines; *count of them into a malloc'd array (NULL when empty). */
static int read_lines(const char *buf, size_t len, struct line **out, size_t *count)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\n';
	if (len > 0 && buf[len - 1] != '\n')
		n++;
	*out = NULL;
	*count = 0;
	if (n == 0)
		return 0;
	struct line *lines = calloc(n, sizeof(*lines));
	if (!lines)
		return -ENOMEM;
	char section[NAME_MAX_LEN] = "";
	bool prev_key = false;
	size_t pos = 0;
	for (size_t i = 0; i < n; i++)
		pos = read_line(buf, len, pos, i == 0, &lines[i], section, &prev_key);
	*out = lines;
	*count = n;
	return 0;
}

enum mb_config_line_kind mb_config_line_classify(const char *buf, size_t len, int line,
	char section[64], char key[64])
{
	section[0] = key[0] = '\0';
	char current[NAME_MAX_LEN] = "";
	bool prev_key = false;
	size_t pos = 0;
	struct line l;
	for (int i = 1; pos < len; i++) {
		pos = read_line(buf, len, pos, i == 1, &l, current, &prev_key);
		if (i == line) {
			memcpy(section, l.section, NAME_MAX_LEN);
			memcpy(key, l.key, NAME_MAX_LEN);
			return l.kind;
		}
	}
	return MB_CONFIG_LINE_BLANK;
}

int mb_config_ini_value(const char *buf, size_t len, const char *section, const char *key,
	char *out, size_t out_len)
{
	struct line *lines;
	size_t count;
	if (read_lines(buf, len, &lines, &count) < 0)
		return -ENOMEM;
	int found = 0;
	for (size_t j = 0; j < count && !found; j++) {
		const struct line *l = &lines[j];
		if (l->kind != MB_CONFIG_LINE_KEY || strcmp(l->section, section) != 0 ||
			strcmp(l->key, key) != 0)
			continue;
		size_t n = l->value_end - l->value_start;
		if (out_len > 0) {
			n = n < out_len - 1 ? n : out_len - 1;
			memcpy(out, buf + l->value_start, n);
			out[n] = '\0';
		}
		found = (int)j + 1;
	}
	free(lines);
	return found;
}

struct text {
	char *buf;
	size_t len, cap;
	bool failed;
};

static void put(struct text *t, const char *s, size_t n)
{
	if (t->failed || n == 0)
		return;
	if (t->len + n > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		while (cap < t->len + n)
			cap *= 2;
		char *grown = realloc(t->buf, cap);
		if (!grown) {
			t->failed = true;
			return;
		}
		t->buf = grown;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
}

static void put_str(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* The text of one key line whose value is replaced by value. */
static void put_rewritten(struct text *t, const char *buf, const struct line *l, const char *value)
{
	size_t new_len = strlen(value);
	size_t prefix_end = l->value_start, old_len = l->value_end - l->value_start;
	bool add_space = false;
	if (old_len == 0) {
		/* "key =" or "key = ; comment": the value goes one space after the '='. */
		prefix_end = l->delim + 1;
		if (prefix_end < l->comment && is_blank(buf[prefix_end]))
			prefix_end++;
		else if (new_len > 0 && l->delim > l->start && is_blank(buf[l->delim - 1]))
			add_space = true;
	}
	put(t, buf + l->start, prefix_end - l->start);
	if (add_space)
		put_str(t, " ");
	put_str(t, value);
	/* With no value written, the '=' part may already end in the blank a comment needs. */
	bool blank_before = new_len == 0 && !add_space && is_blank(buf[prefix_end - 1]);
	size_t gap_start = old_len == 0 ? prefix_end : l->value_end;
	size_t gap = l->comment - gap_start;
	bool spaces_only = true;
	for (size_t i = gap_start; i < l->comment; i++)
		spaces_only = spaces_only && buf[i] == ' ';
	if (l->comment < l->content_end && spaces_only) {
		/* Keep the comment at its column while the value leaves room, one space at least. */
		size_t room = gap + old_len, written = new_len + (add_space ? 1 : 0);
		size_t want = room > written ? room - written : blank_before ? 0 : 1;
		for (size_t i = 0; i < want; i++)
			put_str(t, " ");
	} else if (l->comment < l->content_end && gap == 0 && !blank_before) {
		/* A ';' starts a comment only after a blank. */
		put_str(t, " ");
	} else {
		put(t, buf + gap_start, gap);
	}
	put(t, buf + l->comment, l->next - l->comment);
}

static bool same_key(const struct mb_config_change *a, const struct mb_config_change *b)
{
	return strcmp(a->section, b->section) == 0 && strcmp(a->key, b->key) == 0;
}

/* A change that a later one to the same key overrides is not written. */
static bool overridden(const struct mb_config_change *changes, size_t n, size_t i)
{
	for (size_t j = i + 1; j < n; j++)
		if (same_key(&changes[i], &changes[j]))
			return true;
	return false;
}

/* The line ending new lines use: the first line's, LF when there is none. */
static const char *line_ending(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	return nl && nl > buf && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* "key = value" in the spacing of the key line near it (its text from the name's end to the value). */
static void put_new_key(struct text *t, const char *buf, const struct line *style,
	const struct mb_config_change *c, const char *eol)
{
	put_str(t, c->key);
	size_t before = t->len;
	if (style)
		put(t, buf + style->name_end, style->value_start - style->name_end);
	else
		put_str(t, " = ");
	put_str(t, c->value);
	if (c->value[0] == '\0')
		while (t->len > before + 1 && is_blank(t->buf[t->len - 1]))
			t->len--;
	put_str(t, eol);
}

/* The key line whose spacing new keys copy: the one at the anchor, else the file's first. */
static const struct line *spacing_of(const struct line *lines, size_t count, size_t anchor)
{
	if (anchor < count && lines[anchor].kind == MB_CONFIG_LINE_KEY &&
		lines[anchor].value_end > lines[anchor].value_start)
		return &lines[anchor];
	for (size_t i = 0; i < count; i++)
		if (lines[i].kind == MB_CONFIG_LINE_KEY &&
			lines[i].value_end > lines[i].value_start &&
			lines[i].comment == lines[i].content_end)
			return &lines[i];
	return NULL;
}

int mb_config_ini_edit(const char *buf, size_t len, const struct mb_config_change *changes,
	size_t n, char **out, size_t *out_len, int *rewritten)
{
	struct line *lines;
	size_t count;
	if (read_lines(buf, len, &lines, &count) < 0)
		return -ENOMEM;
	/* For each change: the line it rewrites, else the line it goes after, else SIZE_MAX. */
	size_t *at = calloc(n ? n : 1, sizeof(*at));
	bool *replace = calloc(n ? n : 1, sizeof(*replace));
	struct text t = { 0 };
	if (!at || !replace) {
		t.failed = true;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		at[i] = SIZE_MAX;
		size_t header = SIZE_MAX, last_key = SIZE_MAX;
		for (size_t j = 0; j < count; j++) {
			const struct line *l = &lines[j];
			if (strcmp(l->section, changes[i].section) != 0)
				continue;
			if (l->kind == MB_CONFIG_LINE_SECTION) {
				header = j;
				last_key = SIZE_MAX;
			} else if (l->kind == MB_CONFIG_LINE_KEY && header != SIZE_MAX) {
				last_key = j;
				if (strcmp(l->key, changes[i].key) == 0 && !replace[i]) {
					at[i] = j;
					replace[i] = true;
				}
			} else if (l->kind == MB_CONFIG_LINE_CONTINUED && last_key != SIZE_MAX) {
				last_key = j;
			}
		}
		if (!replace[i])
			at[i] = last_key != SIZE_MAX ? last_key : header;
		if (rewritten)
			rewritten[i] = replace[i] ? (int)at[i] + 1 : 0;
	}
	const char *eol = line_ending(buf, len);
	for (size_t j = 0; j < count; j++) {
		const struct line *l = &lines[j];
		size_t replaced_by = SIZE_MAX;
		for (size_t i = 0; i < n; i++)
			if (replace[i] && at[i] == j)
				replaced_by = i;
		if (replaced_by != SIZE_MAX)
			put_rewritten(&t, buf, l, changes[replaced_by].value);
		else
			put(&t, buf + l->start, l->next - l->start);
		bool ended = l->next > l->start && buf[l->next - 1] == '\n';
		for (size_t i = 0; i < n; i++) {
			if (replace[i] || at[i] != j || overridden(changes, n, i))
				continue;
			if (!ended)
				put_str(&t, eol);
			ended = true;
			put_new_key(&t, buf, spacing_of(lines, count, j), &changes[i], eol);
		}
	}
	/* Sections that are not there yet go at the end, each after a blank line. */
	for (size_t i = 0; i < n; i++) {
		if (at[i] != SIZE_MAX || overridden(changes, n, i))
			continue;
		bool first_of_section = true;
		for (size_t k = 0; k < i; k++)
			if (at[k] == SIZE_MAX &&
				strcmp(changes[k].section, changes[i].section) == 0 &&
				!overridden(changes, n, k))
				first_of_section = false;
		if (!first_of_section)
			continue;
		if (t.len > 0 && t.buf[t.len - 1] != '\n')
			put_str(&t, eol);
		bool blank_before = t.len == 0 || (t.len >= 2 && t.buf[t.len - 2] == '\n') ||
			(t.len >= 3 && memcmp(t.buf + t.len - 3, "\n\r\n", 3) == 0);
		if (!blank_before)
			put_str(&t, eol);
		put_str(&t, "[");
		put_str(&t, changes[i].section);
		put_str(&t, "]");
		put_str(&t, eol);
		for (size_t k = i; k < n; k++)
			if (at[k] == SIZE_MAX &&
				strcmp(changes[k].section, changes[i].section) == 0 &&
				!overridden(changes, n, k))
				put_new_key(&t, buf, spacing_of(lines, count, count), &changes[k],
					eol);
	}
out:
	free(lines);
	free(at);
	free(replace);
	if (t.failed) {
		free(t.buf);
		return -ENOMEM;
	}
	if (!t.buf)
		t.buf = malloc(1);
	if (!t.buf)
		return -ENOMEM;
	*out = t.buf;
	*out_len = t.len;
	return 0;
}

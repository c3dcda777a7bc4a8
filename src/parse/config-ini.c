/* The config.ini loader: libinih splits the lines, the core config checks every key and value. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "parse/config-ini.h"

#define BOM "\xef\xbb\xbf"

/*
 * libinih does not tell its handler the line number, so the reader it pulls
 * lines from counts them: the handler always runs for the line read last.
 */
struct source {
	const char *buf;
	size_t len, pos;
	int line;
	struct mb_config *cfg;
	struct mb_diags *diags;
	/* The unknown section reported last, so its keys do not repeat the complaint. */
	char reported[64];
	/* The line read last began with a space or tab: libinih takes it to continue a value. */
	bool indented;
	/* The line each key (by mb_config_key_index) was set on, 0 while unset. */
	int *set_on;
	/* The key set last in this section, or -1: an indented line after it continues it. */
	int last_key;
	bool failed;
};

static void problem(struct source *src, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct source *src, const char *fmt, ...)
{
	char message[sizeof(src->diags->items[0].message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	/* Section and key names are quoted as written; control bytes must not reach a terminal. */
	for (unsigned char *p = (unsigned char *)message; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	mb_diags_add(src->diags, src->line, 0, "%s", message);
	src->failed = true;
}

/* An unknown section is reported at its header, which the handler never sees when it is empty. */
static void check_section_header(struct source *src, const char *text, size_t len)
{
	if (src->line == 1 && len >= 3 && memcmp(text, BOM, 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (len == 0 || text[0] != '[')
		return;
	src->last_key = -1;
	const char *close = memchr(text, ']', len);
	if (!close)
		return;
	char name[sizeof(src->reported)];
	size_t n = (size_t)(close - text - 1);
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, text + 1, n);
	name[n] = '\0';
	if (!mb_config_has_section(name)) {
		problem(src, "unknown section [%s]", name);
		memcpy(src->reported, name, n + 1);
	}
}

static char *read_line(char *str, int num, void *stream)
{
	struct source *src = stream;
	if (src->pos >= src->len || num < 2)
		return NULL;
	const char *start = src->buf + src->pos;
	size_t rest = src->len - src->pos;
	const char *nl = memchr(start, '\n', rest);
	size_t text_len = nl ? (size_t)(nl - start) : rest;
	src->pos += nl ? text_len + 1 : text_len;
	src->line++;
	str[0] = '\0';
	/* A line cut short would be read as something else; refuse it whole instead. */
	if (text_len > (size_t)num - 2) {
		problem(src, "the line is longer than %d characters", num - 2);
		return str;
	}
	if (memchr(start, '\0', text_len)) {
		problem(src, "a NUL byte is not text");
		return str;
	}
	memcpy(str, start, text_len);
	str[text_len] = '\0';
	src->indented = text_len > 0 && (start[0] == ' ' || start[0] == '\t');
	check_section_header(src, start, text_len);
	return str;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct source *src = user;
	if (section[0] == '\0') {
		problem(src, "'%s' is outside any section; put it under one such as [movement]",
			name);
		return 1;
	}
	if (!mb_config_has_section(section)) {
		if (strcmp(src->reported, section) != 0) {
			problem(src, "unknown section [%s]", section);
			snprintf(src->reported, sizeof(src->reported), "%s", section);
		}
		return 1;
	}
	/* Set twice, the last would win unseen, as it would for a line libinih joins on. */
	int key = mb_config_key_index(section, name);
	bool continued = src->indented && key >= 0 && key == src->last_key;
	src->last_key = key;
	if (continued) {
		problem(src,
			"an indented line is read as more of %s.%s; begin each key at the start"
			" of its line",
			section, name);
		return 1;
	}
	if (key >= 0 && src->set_on[key]) {
		problem(src, "%s.%s is set twice, on line %d and here; keep one", section, name,
			src->set_on[key]);
		return 1;
	}
	if (key >= 0)
		src->set_on[key] = src->line;
	char err[160];
	int ret = mb_config_set(src->cfg, section, name, value, err, sizeof(err));
	if (ret == -ENOENT)
		problem(src, "%s", err);
	else if (ret < 0)
		problem(src, "%s.%s: %s", section, name, err);
	else if (key == mb_config_key_index("movement", "routine"))
		src->cfg->movement_routine_line = src->line;
	else if (key == mb_config_key_index("micro", "routine"))
		src->cfg->micro_routine_line = src->line;
	/* Keep going whatever happened, so one run lists every problem. */
	return 1;
}

/* Problems come from the reader, the handler and the parser's end result: put them in line order. */
static void sort_by_line(struct mb_diags *diags, size_t from)
{
	for (size_t i = from + 1; i < diags->len; i++) {
		struct mb_diag d = diags->items[i];
		size_t j = i;
		for (; j > from && diags->items[j - 1].line > d.line; j--)
			diags->items[j] = diags->items[j - 1];
		diags->items[j] = d;
	}
}

int mb_config_ini_parse(struct mb_config *cfg, const char *buf, size_t len, struct mb_diags *diags)
{
	if (len > MB_CONFIG_MAX_BYTES) {
		mb_diags_add(diags, 0, 0, "the file is larger than %d KiB",
			MB_CONFIG_MAX_BYTES / 1024);
		return -EINVAL;
	}
	struct source src = {
		.buf = buf,
		.len = len,
		.cfg = cfg,
		.diags = diags,
		.set_on = calloc(mb_config_key_count(), sizeof(int)),
		.last_key = -1,
	};
	if (!src.set_on)
		return -ENOMEM;
	size_t first = diags->len;
	int ret = ini_parse_stream(read_line, &src, on_key, &src);
	free(src.set_on);
	if (ret == -2)
		return -ENOMEM;
	if (ret > 0) {
		/* libinih names only the first line it could not read at all. */
		struct source at = src;
		at.line = ret;
		problem(&at, "expected 'key = value', a [section] or a comment");
		src.failed = true;
	}
	sort_by_line(diags, first);
	return src.failed ? -EINVAL : 0;
}

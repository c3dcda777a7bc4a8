/* Editing config.ini's text in place: set keys, keep every other byte as it was. */
#ifndef MB_PARSE_CONFIG_EDIT_H
#define MB_PARSE_CONFIG_EDIT_H

#include <stdbool.h>
#include <stddef.h>

/** One key to set: section.key = value. The strings belong to the caller. */
struct mb_config_change {
	const char *section, *key, *value;
};

/** What a line of config.ini is, as libinih reads it. */
enum mb_config_line_kind {
	MB_CONFIG_LINE_BLANK,
	MB_CONFIG_LINE_COMMENT,
	MB_CONFIG_LINE_SECTION,
	MB_CONFIG_LINE_KEY,
	/* An indented line after a key, which libinih joins to that key's value. */
	MB_CONFIG_LINE_CONTINUED,
	/* Anything else: libinih reports it as an error. */
	MB_CONFIG_LINE_OTHER,
};

/**
 * Say what line number line (from 1) of buf (len bytes) is, and for a key
 * line or a section header copy the section it belongs to (and the key) into
 * section and key (each at least 64 bytes; longer names are cut). Returns
 * the kind, or MB_CONFIG_LINE_BLANK past the last line.
 */
enum mb_config_line_kind mb_config_line_classify(const char *buf, size_t len, int line,
	char section[64], char key[64]);

/**
 * Copy the value section.key has in buf (as written, without a comment) to
 * out. Returns the line (from 1) it is set on, 0 when it is not set, or
 * -ENOMEM.
 */
int mb_config_ini_value(const char *buf, size_t len, const char *section, const char *key,
	char *out, size_t out_len);

/**
 * Apply changes[0..n) to the text buf (len bytes) into a new malloc'd text
 * *out (*out_len bytes, not NUL-terminated; the caller frees it). A key
 * already there has its value replaced in place, keeping its indentation,
 * the spaces around '=' and any comment after it (at its column when the
 * new value leaves room); a missing key is added after the last key of its
 * section, and a missing section at the end of the file. New lines end as
 * the file's first line does (CRLF or LF). A later change to the same key
 * wins. Values are written as given: the caller checks them first
 * (mb_settings_check). When rewritten is not NULL, rewritten[i] is set to
 * the line (from 1) that change i replaced, or 0 when it added one. Returns
 * 0 or -ENOMEM.
 */
int mb_config_ini_edit(const char *buf, size_t len, const struct mb_config_change *changes,
	size_t n, char **out, size_t *out_len, int *rewritten);

#endif

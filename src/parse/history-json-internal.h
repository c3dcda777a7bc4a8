/* The export document's reader, shared by its files (history-json*.c); nothing else includes it. */
#ifndef MB_PARSE_HISTORY_JSON_INTERNAL_H
#define MB_PARSE_HISTORY_JSON_INTERNAL_H

#include <stddef.h>

#include "core/diag.h"
#include "core/history.h"
#include "parse/history-json.h"

/* An export document being read: its text, where a problem goes, what was repaired. */
struct mb_history_reader {
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

/* ---- locating a value in the text (history-json-locate.c) ---- */

/**
 * Where root[top][index][field] begins in buf (len bytes of valid JSON), as
 * 1-based *line and *col; as deep as the path exists (a missing field puts
 * it at its record). top NULL: the document; index SIZE_MAX: the member top
 * itself; field NULL: the record.
 */
void mb_history_json_locate(const char *buf, size_t len, const char *top, size_t index,
	const char *field, int *line, int *col);

/** Line and column (1-based, in characters) of byte off of buf. */
void mb_history_json_position(const char *buf, size_t len, size_t off, int *line, int *col);

/**
 * Append sep and the first bytes of text (text_len of them, at most 47) to
 * out (size bytes, NUL-terminated), escaped for a terminal.
 */
void mb_history_json_append_path(char *out, size_t size, const char *sep, const char *text,
	size_t text_len);

/**
 * The path of the innermost member or element whose value holds byte off
 * of buf ("breaks[3].routine") into out (size bytes), "" at the top. buf
 * need not be valid JSON: the walk stops at anything unexpected.
 */
void mb_history_json_path_at(const char *buf, size_t len, size_t off, char *out, size_t size);

/** Fill the line and column of each repaired break's end_us (reps[0..n), in index order). */
void mb_history_json_locate_repairs(const char *buf, size_t len,
	struct mb_history_json_repair *reps, size_t n);

/* ---- reading (history-json.c) ---- */

/** Set diag's message, printf-style; a message too long for it is cut. */
void mb_history_json_message(struct mb_diag *diag, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Put r->diag's line and column at top[index][field], as r's top and index say. */
void mb_history_reader_place(struct mb_history_reader *r, const char *field);

/**
 * Refuse the value field of the record being read (NULL: the record): its
 * place and "top[index].field: MESSAGE" in r->diag. Returns -EINVAL.
 */
int mb_history_reader_fail(struct mb_history_reader *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- checking and repairing (history-json-check.c) ---- */

/**
 * Check break b, read whole, for a wall clock set back while it ran, and
 * repair it (end_us, noted in r->repairs) when it is a row a coach or a
 * natural break timed. Returns 0, -EINVAL (refused, in r->diag) or -ENOMEM.
 */
int mb_history_reader_check_span(struct mb_history_reader *r, struct mb_break_record *b);

/**
 * Refuse a record that is the same as one before it in the file, as
 * mb_store_import() compares them. Returns 0, -EINVAL or -ENOMEM.
 */
int mb_history_reader_check_same(struct mb_history_reader *r, const struct mb_store_bundle *b);

/**
 * Refuse bytes that are not UTF-8, and control characters outside the
 * whitespace JSON allows between values, before the text is parsed.
 * Returns 0 or -EINVAL.
 */
int mb_history_reader_check_bytes(struct mb_history_reader *r);

#endif

/* Small JSON writing helpers for the command-line output. */
#ifndef MB_PARSE_JSON_H
#define MB_PARSE_JSON_H

#include <stdint.h>
#include <stdio.h>

/**
 * Write s as a JSON string literal, quotes included; NULL writes null. What
 * mb_text_is_printable() refuses is written as a \uXXXX escape (\n, \t and
 * \r as those), so the output is plain to a terminal too, and each byte
 * that is not UTF-8 as \ufffd.
 */
void mb_json_string(FILE *out, const char *s);

/** Write microseconds as a JSON number of seconds, with at most 3 decimals and no trailing zeros. */
void mb_json_seconds(FILE *out, int64_t us);

#endif

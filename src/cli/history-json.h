/* The history as one JSON document: what `movebreak export` writes and `movebreak import` reads. */
#ifndef MB_CLI_HISTORY_JSON_H
#define MB_CLI_HISTORY_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"
#include "platform/store.h"

/* The "format" member every export carries, and the version this build writes and reads. */
#define MB_HISTORY_JSON_FORMAT "movebreak-history"
#define MB_HISTORY_JSON_VERSION 1

/* Import files larger than this are refused before parsing. */
#define MB_HISTORY_JSON_MAX_BYTES (256u * 1024 * 1024)

/**
 * Write bundle to out as the export document (see README "Backup and
 * moving machines" for the fields): one object with "format", "version",
 * "breaks", "activity" and "challenges", one record per line, oldest first
 * as given. Times are integers of microseconds since the epoch (UTC) in the
 * *_us members, beside ISO 8601 UTC strings for people to read. Strings
 * that are not UTF-8 are written with U+FFFD in place of bad bytes.
 * Returns 0 or -EIO when writing failed.
 */
int mb_history_json_write(FILE *out, const struct mb_store_bundle *bundle);

/**
 * Parse an export document of len bytes (need not be NUL-terminated) into
 * *bundle (arrays owned by the caller: mb_history_json_bundle_free()). The
 * *_us members are what counts; the ISO strings beside them are optional
 * and not read. On bad input returns -EINVAL with the first problem in
 * *diag (1-based line and column of the offending value, or of the
 * syntax error) and *bundle empty; -ENOMEM when out of memory.
 */
int mb_history_json_parse(const char *buf, size_t len, struct mb_store_bundle *bundle,
	struct mb_diag *diag);

/** Free the arrays of a bundle that mb_history_json_parse() filled and empty it. NULL-safe. */
void mb_history_json_bundle_free(struct mb_store_bundle *bundle);

#endif

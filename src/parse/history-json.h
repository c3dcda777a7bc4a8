/* The history as one JSON document: what `movebreak export` writes and `movebreak import` reads. */
#ifndef MB_PARSE_HISTORY_JSON_H
#define MB_PARSE_HISTORY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/history.h"

/* The "format" member every export carries, and the version this build writes and reads. */
#define MB_HISTORY_JSON_FORMAT "movebreak-history"
#define MB_HISTORY_JSON_VERSION 1

/* Import files larger than this are refused before parsing. */
#define MB_HISTORY_JSON_MAX_BYTES (256u * 1024 * 1024)

/*
 * How much shorter than its active time a break's span may be and still be
 * taken as it is: two clocks read one after the other (the daemon turns a
 * natural break's boot-time ends into wall time one at a time) disagree by
 * microseconds, by milliseconds on a busy machine. A wall clock set back
 * during a break takes seconds to hours off the span.
 */
#define MB_HISTORY_CLOCK_SLACK_US 1000000

/**
 * Whether the times of break r show the wall clock set back while it ran:
 * end_us before start_us, or end_us - start_us shorter than active_us by
 * more than MB_HISTORY_CLOCK_SLACK_US. Coaches before the boot-time fix
 * took both ends from the wall clock, so their rows can look like this.
 */
bool mb_history_break_clock_set_back(const struct mb_break_record *r);

/**
 * The end of break r as movebreak shows and imports it: end_us, or for a
 * row mb_history_break_clock_set_back() flags, start_us + max(active_us, 0)
 * (at most INT64_MAX). active_us is measured on the monotonic clock with
 * pauses left out, so it is the truest length such a row still has.
 */
int64_t mb_history_break_end(const struct mb_break_record *r);

/**
 * Order breaks a and b by every member but id (start_us first), as qsort()
 * wants: 0 when mb_store_import() counts them as the same break.
 */
int mb_history_break_cmp(const void *a, const void *b);

/**
 * Write bundle to out as the export document (see README "Backup and
 * moving machines" for the fields): one object with "format", "version",
 * "breaks", "activity" and "challenges", one record per line, oldest first
 * as given. Records are written as they are stored, a break whose clock was
 * set back included: import repairs it. Times are integers of microseconds
 * since the epoch (UTC) in the *_us members, beside ISO 8601 UTC strings for
 * people to read. Strings go through mb_json_string(). Returns 0 or -EIO
 * when writing failed.
 */
int mb_history_json_write(FILE *out, const struct mb_store_bundle *bundle);

/** A break whose end mb_history_json_parse() took as its start plus its active time. */
struct mb_history_json_repair {
	/* Its index in breaks[], and where its end_us is in the text (1-based). */
	size_t index;
	int line, column;
	/* end_us as the file had it. */
	int64_t end_us;
	/* The file's end came before the start; else the span was shorter than the active time. */
	bool before_start;
};

/** An export document as mb_history_json_parse() read it. */
struct mb_history_json {
	/* The records to import; breaks that were repaired carry their new end. */
	struct mb_store_bundle bundle;
	/* The breaks repaired, in the order of breaks[]. */
	struct mb_history_json_repair *repairs;
	size_t repairs_len;
};

/**
 * Parse and check an export document of len bytes (need not be
 * NUL-terminated) into *doc (owned by the caller: mb_history_json_finish()).
 * The *_us members are what counts; the ISO strings beside them are
 * optional and not read.
 *
 * Refused, with the JSON path of the value (breaks[3].routine) in the
 * message: text that is not UTF-8 or holds a control character (C0, DEL,
 * C1) in any string, unknown members, kinds, outcomes and sources, dates
 * that are not calendar dates, challenge days and goals past what
 * `movebreak challenge start` allows, a challenge stopped before it was
 * created, exercises_done over exercises_total, a stretch of activity
 * shorter than its active time, and a record the same as one before it in
 * the file (breaks in every member, activity by start_us, challenges by
 * created_us, as mb_store_import() compares them).
 *
 * A break that mb_history_break_clock_set_back() flags is repaired (end_us
 * taken as mb_history_break_end()) and listed in doc->repairs when it is a
 * row a coach or a natural break timed (completed, partial, skipped,
 * natural); the daemon's prompted, postponed and started rows mark one
 * moment from one clock reading, so no clock change explains them and they
 * are refused, as is a repair that would end past the largest time.
 *
 * On bad input returns -EINVAL with the first problem in *diag (1-based
 * line and column of the offending value or byte, or of the syntax error)
 * and *doc empty; -ENOMEM when out of memory.
 */
int mb_history_json_parse(const char *buf, size_t len, struct mb_history_json *doc,
	struct mb_diag *diag);

/**
 * Check the challenges of doc (parsed from buf, len) against the day today
 * (a day number, see core/challenge.h) and the challenges stored already
 * (stored_len of them; NULL and 0 for the file alone). One challenge is under
 * way at a time, as `movebreak challenge start` keeps it: not stopped and
 * not over by today (a challenge that ran its course keeps stopped_us 0,
 * and is not under way). Refused: two challenges in the file under way, or
 * one under way that is not stored yet (by created_us) while a different
 * one stored is. Returns 0, or -EINVAL with the problem in *diag.
 */
int mb_history_json_check_challenges(const char *buf, size_t len, const struct mb_history_json *doc,
	int64_t today, const struct mb_challenge_record *stored, size_t stored_len,
	struct mb_diag *diag);

/** Free what mb_history_json_parse() filled in and empty *doc. NULL-safe. */
void mb_history_json_finish(struct mb_history_json *doc);

#endif

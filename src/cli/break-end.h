/* The end of a coached break, the same for every coach: its history row and its summary line. */
#ifndef MB_CLI_BREAK_END_H
#define MB_CLI_BREAK_END_H

#include <stdbool.h>
#include <stdio.h>

#include "coach/coach.h"
#include "core/timeline.h"
#include "platform/store.h"

/**
 * Open the history for a break about to be coached by `movebreak CMD`, or,
 * when record is false or the history cannot be opened, a store that keeps
 * nothing (after a warning on stderr saying why the break will not be
 * recorded). Returns the store, owned by the caller, or NULL when out of memory.
 */
struct mb_store *mb_break_store_open(const char *cmd, bool record);

/**
 * Write the break that result describes to store (completed, skipped, or
 * partial when cut short; a failure is a warning on stderr) and print the
 * one-line summary to out, ending in "Recorded." unless no_record.
 */
void mb_break_finish(struct mb_store *store, const struct mb_timeline *timeline,
	const struct mb_coach_result *result, enum mb_source source, bool no_record, FILE *out);

#endif

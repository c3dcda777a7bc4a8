/* The end of a coached break: one history row and one summary line, whatever coach ran it. */
#include <stdio.h>
#include <string.h>

#include "cli/break-end.h"
#include "cli/history.h"
#include "core/duration.h"

struct mb_store *mb_break_store_open(const char *cmd, bool record)
{
	if (!record)
		return mb_store_none_create();
	char err[512];
	struct mb_store *store = mb_cli_history_open(cmd, err, sizeof(err));
	if (store)
		return store;
	fprintf(stderr, "movebreak %s: warning: this break will not be recorded: %s\n", cmd, err);
	return mb_store_none_create();
}

void mb_break_finish(struct mb_store *store, const struct mb_timeline *timeline,
	const struct mb_coach_result *result, enum mb_source source, bool no_record, FILE *out)
{
	/*
	 * The boot-time clock runs on through pauses and sleep, so it is never
	 * behind the active time but for the microseconds between two readings.
	 */
	int64_t elapsed_us = result->end_boot_us - result->start_boot_us;
	if (elapsed_us < result->active_us)
		elapsed_us = result->active_us;
	struct mb_break_record rec = {
		.start_us = result->start_wall_us,
		.end_us = result->start_wall_us + elapsed_us,
		.active_us = result->active_us,
		.planned_us = timeline->total_us,
		.exercises_done = (unsigned)result->exercises_done,
		.exercises_total = (unsigned)timeline->spans_len,
		.outcome = result->completed ? MB_OUTCOME_COMPLETED :
			result->skipped ? MB_OUTCOME_SKIPPED : MB_OUTCOME_PARTIAL,
		.source = source,
		.kind = mb_cli_break_kind(timeline->routine->name),
	};
	snprintf(rec.routine, sizeof(rec.routine), "%s", timeline->routine->name);
	int r = mb_store_add(store, &rec);
	if (r < 0)
		fprintf(stderr, "movebreak: warning: could not record this break: %s\n", strerror(-r));

	char took[32];
	mb_duration_format(result->active_us, took, sizeof(took));
	if (result->completed)
		fprintf(out, "Break complete: %s, %zu of %zu exercises.%s\n", took,
			result->exercises_done, timeline->spans_len, no_record ? "" : " Recorded.");
	else if (result->skipped)
		fprintf(out, "Break skipped: %s, %zu of %zu exercises.%s\n", took,
			result->exercises_done, timeline->spans_len,
			no_record ? "" : " Recorded as skipped.");
	else
		fprintf(out, "Break ended early: %s, %zu of %zu exercises.%s\n", took,
			result->exercises_done, timeline->spans_len,
			no_record ? "" : " Recorded as partial.");
	fflush(out);
}

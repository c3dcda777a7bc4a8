/* The end of a coached break: one history row and one summary line, whatever coach ran it. */
#include <stdio.h>
#include <string.h>

#include <systemd/sd-bus.h>

#include "app/break-end.h"
#include "app/daemon-client.h"
#include "app/history.h"
#include "core/duration.h"

void mb_break_log_init(struct mb_break_log *log, const char *cmd, bool record)
{
	*log = (struct mb_break_log){ .off = !record, .source = MB_SOURCE_MANUAL, .time_scale = 1 };
	if (!record)
		return;
	char err[sizeof(log->why_not)];
	log->store = mb_cli_history_open(cmd, err, sizeof(err));
	if (log->store)
		return;
	snprintf(log->why_not, sizeof(log->why_not), "%s", err);
	fprintf(stderr, "movebreak %s: warning: this break will not be recorded: %s\n", cmd, err);
}

void mb_break_log_why_not(const struct mb_break_log *log, char *buf, size_t len)
{
	size_t n = strlen(log->why_not);
	snprintf(buf, len, "Not recorded: %s%s", log->why_not,
		n && log->why_not[n - 1] == '.' ? "" : ".");
}

void mb_break_log_begin(struct mb_break_log *log, const char *routine, double time_scale)
{
	log->kind = mb_cli_break_kind(routine);
	log->time_scale = time_scale;
	log->demo = time_scale != 1.0;
	/* What the history will not have, the daemon does not count either. */
	if (log->demo || log->off || sd_bus_open_user(&log->daemon) < 0)
		return;
	sd_bus_message *reply = NULL;
	char why[256];
	const char *source = NULL;
	int r = mb_daemon_call(log->daemon, "BreakBegan", false, &reply, why, sizeof(why), "s",
		mb_break_kind_name(log->kind));
	if (r >= 0)
		r = sd_bus_message_read(reply, "s", &source);
	if (r >= 0)
		mb_source_from_name(source, &log->source);
	sd_bus_message_unref(reply);
	if (r < 0)
		log->daemon = sd_bus_flush_close_unref(log->daemon);
}

bool mb_break_log_write(struct mb_break_log *log, const struct mb_timeline *timeline,
	const struct mb_break_result *result, enum mb_source source, FILE *out)
{
	/*
	 * The boot-time clock runs on through pauses and sleep, so it is never
	 * behind the active time but for the microseconds between two readings.
	 */
	int64_t elapsed_us = result->end_boot_us - result->start_boot_us;
	if (elapsed_us < result->active_us)
		elapsed_us = result->active_us;
	/* Stepped through to the end in less than half its time, the break was not done. */
	bool hurried = result->completed &&
		(double)result->active_us * log->time_scale < (double)timeline->total_us / 2;
	bool completed = result->completed && !hurried;
	struct mb_break_record rec = {
		.start_us = result->start_wall_us,
		.end_us = result->start_wall_us + elapsed_us,
		.active_us = result->active_us,
		.planned_us = timeline->total_us,
		.exercises_done = (unsigned)result->exercises_done,
		.exercises_total = (unsigned)timeline->spans_len,
		.outcome = completed    ? MB_OUTCOME_COMPLETED :
			result->skipped ? MB_OUTCOME_SKIPPED :
					  MB_OUTCOME_PARTIAL,
		.source = log->daemon ? log->source : source,
		.kind = mb_cli_break_kind(timeline->routine->name),
		.demo = log->demo,
	};
	snprintf(rec.routine, sizeof(rec.routine), "%s", timeline->routine->name);
	log->outcome = rec.outcome;
	log->hurried = hurried;
	bool recorded = false;
	if (log->store) {
		int r = mb_store_add(log->store, &rec);
		if (r < 0)
			mb_cli_history_error(log->store, r, log->why_not, sizeof(log->why_not));
		recorded = r == 0;
	}
	if (log->daemon) {
		char why[256];
		mb_daemon_call(log->daemon, "BreakEnded", false, NULL, why, sizeof(why), "ss",
			mb_break_kind_name(rec.kind), mb_outcome_name(rec.outcome));
	}

	char took[32], demo[96] = "", tail[sizeof(log->why_not) + 32] = "";
	mb_duration_format(result->active_us, took, sizeof(took));
	if (log->demo)
		snprintf(demo, sizeof(demo), " (a demo at %g times the speed: not counted)",
			log->time_scale);
	if (recorded && rec.outcome == MB_OUTCOME_COMPLETED)
		snprintf(tail, sizeof(tail), " Recorded.");
	else if (recorded && rec.outcome == MB_OUTCOME_SKIPPED)
		snprintf(tail, sizeof(tail), " Recorded as skipped.");
	else if (recorded)
		snprintf(tail, sizeof(tail), " Recorded as partial.");
	else if (!log->off) {
		tail[0] = ' ';
		mb_break_log_why_not(log, tail + 1, sizeof(tail) - 1);
	}
	const char *what = "Break ended early";
	if (completed)
		what = "Break complete";
	else if (hurried)
		what = "Break stepped through in under half its time";
	else if (result->skipped)
		what = "Break skipped";
	fprintf(out, "%s: %s%s, %zu of %zu exercises.%s\n", what, took, demo,
		result->exercises_done, timeline->spans_len, tail);
	fflush(out);
	return recorded;
}

void mb_break_log_finish(struct mb_break_log *log)
{
	mb_store_destroy(log->store);
	log->store = NULL;
	log->daemon = sd_bus_flush_close_unref(log->daemon);
}

/* The end of a coached break, the same for every coach: its history row and its summary line. */
#ifndef MB_APP_BREAK_END_H
#define MB_APP_BREAK_END_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/timeline.h"
#include "platform/store.h"

struct sd_bus;

/** How a coached break went. */
struct mb_break_result {
	/*
	 * Wall-clock start, microseconds since the epoch: where the break sits in
	 * the history. Its end is start_wall_us + (end_boot_us - start_boot_us),
	 * measured on the boot-time clock, so stepping the wall clock during a
	 * break (NTP, a new time zone) cannot make it end before it began.
	 */
	int64_t start_wall_us;
	int64_t start_boot_us, end_boot_us;
	/* Clock time spent in the break, pauses excluded (not scaled). */
	int64_t active_us;
	/* Exercises whose end the break reached (by time or by skipping ahead). */
	size_t exercises_done;
	/* True when the break ran to its done cue; false when the user quit. */
	bool completed;
	/* True when the user chose to skip the break rather than end it early. */
	bool skipped;
};

/** Where a coached break is written, and, when it is not, why. */
struct mb_break_log {
	/* The history, or NULL when the break is not being recorded. */
	struct mb_store *store;
	/* The user asked not to record (--no-record). */
	bool off;
	/*
	 * Why the break is not (or was not) recorded, when the user did not ask
	 * for that: the history cannot be opened or the row cannot be written.
	 * "" while it is being recorded.
	 */
	char why_not[512];
	/*
	 * The running daemon that follows the break, told by
	 * mb_break_log_begin(): the connection it watches, and the source it
	 * counts the break as started by. NULL when no daemon runs, or for a demo.
	 */
	struct sd_bus *daemon;
	enum mb_source source;
	enum mb_break_kind kind;
	/* The time scale the break runs at; at any other than 1 it is a demo, shown, not taken. */
	double time_scale;
	bool demo;
	/* What mb_break_log_write() made of the break, for a coach's closing words. */
	enum mb_outcome outcome;
	bool hurried;
};

/**
 * Open the history for a break about to be coached by `movebreak CMD`,
 * unless record is false. When it cannot be opened, warn on stderr that the
 * break will not be recorded and why, and keep the reason in log->why_not.
 * Release with mb_break_log_finish().
 */
void mb_break_log_init(struct mb_break_log *log, const char *cmd, bool record);

/**
 * The break of routine begins, at time_scale (1 is a real break, anything
 * else a demo): tell a running daemon, which then counts it as the break
 * under way, prompts nothing meanwhile, and answers whether it answers a
 * prompt or was started by hand. The connection stays open for the break,
 * so the daemon sees a coach that goes away without ending it. A demo, a
 * break not recorded (--no-record), or no daemon, tells nothing.
 */
void mb_break_log_begin(struct mb_break_log *log, const char *routine, double time_scale);

/**
 * Write the break that result describes (completed, skipped, or partial when
 * cut short; a break run to its end in less than half its planned time, by
 * stepping through it, is partial too) and print the one-line summary to
 * out, which says truly whether the row was written: "Recorded.", or "Not
 * recorded: REASON." (nothing with --no-record). Returns true when the row
 * was written.
 */
bool mb_break_log_write(struct mb_break_log *log, const struct mb_timeline *timeline,
	const struct mb_break_result *result, enum mb_source source, FILE *out);

/** The sentence "Not recorded: REASON." for a break that was not, into buf. */
void mb_break_log_why_not(const struct mb_break_log *log, char *buf, size_t len);

/** Close the history and the daemon's connection. */
void mb_break_log_finish(struct mb_break_log *log);

#endif

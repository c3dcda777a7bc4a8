/* The N-day challenge: calendar dates, where a challenge stands, its summary and prompt line. */
#ifndef MB_CORE_CHALLENGE_H
#define MB_CORE_CHALLENGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

#define MB_CHALLENGE_DAYS_DEFAULT 30
#define MB_CHALLENGE_DAYS_MAX 366
#define MB_CHALLENGE_GOAL_DEFAULT 3
#define MB_CHALLENGE_GOAL_MAX 100

/** A challenge as kept in the history. */
struct mb_challenge {
	int64_t start_day;
	unsigned days, goal;
	/* Stopped by hand on stop_day before it ended. */
	bool stopped;
	int64_t stop_day;
};

enum mb_challenge_phase {
	MB_CHALLENGE_UPCOMING,
	MB_CHALLENGE_RUNNING,
	MB_CHALLENGE_ENDED,
	MB_CHALLENGE_STOPPED,
};

/** Where a challenge stands on a given day. */
struct mb_challenge_status {
	enum mb_challenge_phase phase;
	/* Day k of N, from 1 (running); the last day counted once ended or stopped; 0 upcoming. */
	unsigned day;
	/* Days until the first day (upcoming), else 0. */
	int64_t starts_in;
	/* Completed movement breaks on the challenge day that is today (running), else 0. */
	unsigned today_done;
	bool today_met;
	/*
	 * Days counted so far: met the goal, and missed it. A running
	 * challenge's today is not missed before it is over, nor is the day a
	 * challenge was stopped on.
	 */
	unsigned days_met, days_missed;
	/* Met days in a row up to the last day counted (or the day before, if that day is open). */
	unsigned current_streak, best_streak;
};

/**
 * The last challenge day (0-based) that counts on day today, plus one: how
 * many entries mb_challenge_evaluate wants in done[]. 0 before the start.
 */
unsigned mb_challenge_span(const struct mb_challenge *c, int64_t today);

/**
 * Work out where challenge c stands on day today. done[i] is the number of
 * completed movement breaks on challenge day i (0-based), for i below ndone;
 * missing days count as 0. Returns 0 or -EINVAL (no days, or a goal of 0).
 */
int mb_challenge_evaluate(const struct mb_challenge *c, int64_t today, const unsigned *done,
	size_t ndone, struct mb_challenge_status *st);

/**
 * The one-line summary kept with a finished or stopped challenge, such as
 * "30 days from 2026-03-02: goal of 3 movement breaks met on 24 days, missed
 * on 6; best streak 12 days". Returns what snprintf returns.
 */
int mb_challenge_summary(const struct mb_challenge *c, const struct mb_challenge_status *st,
	char *out, size_t len);

/**
 * The line for prompts and status: "Challenge day 12 of 30: 2 of 3 breaks
 * done", "Challenge starts in 3 days", or "" when it is over.
 * Returns what snprintf returns.
 */
int mb_challenge_line(const struct mb_challenge *c, const struct mb_challenge_status *st, char *out,
	size_t len);

#endif

/* Statistics and challenges from the history: local days, loading rows, the current challenge. */
#ifndef MB_APP_STATS_DATA_H
#define MB_APP_STATS_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/challenge.h"
#include "core/stats.h"
#include "platform/store.h"

/* The most days `stats --days` shows. */
#define MB_STATS_DAYS_MAX 3660
/*
 * How far before the days shown the current streak is followed. Each day
 * back costs reading that day's rows, so an endless streak stops here.
 */
#define MB_STATS_STREAK_BACK_DAYS 384

/**
 * Today's local day number and the wall clock in microseconds. When
 * MOVEBREAK_TODAY=YYYY-MM-DD is set (a testing aid), today is that date and
 * the clock reads local noon of it. Returns 0, or -EINVAL with a message in
 * err when MOVEBREAK_TODAY is not a date.
 */
int mb_stats_now(int64_t *today, int64_t *now_us, char *err, size_t err_len);

/**
 * Local midnight of day number day, in wall-clock microseconds, through
 * mktime (so the TZ rules, DST included, decide). Returns 0 or -ERANGE.
 */
int mb_stats_local_midnight(int64_t day, int64_t *us);

/** The local day number a wall-clock time falls on. */
int64_t mb_stats_local_day(int64_t us);

/**
 * Compute days[0..ndays) starting at local day first_day from the store
 * (breaks, activity) against goal; totals may be NULL. Returns 0 or a
 * negative errno.
 */
int mb_stats_load(struct mb_store *store, int64_t first_day, size_t ndays, unsigned goal,
	struct mb_stats_day *days, struct mb_stats_totals *totals);

/**
 * Local day `day`'s completed breaks (movement and micro together), its
 * completed movement breaks and its natural breaks, counted from the
 * history's rows as `stats` counts them. Returns 0, or a negative errno
 * with the counts 0.
 */
int mb_stats_day_counts(struct mb_store *store, int64_t day, unsigned *done, unsigned *movement,
	unsigned *natural);

/**
 * Follow the current streak back past the first day shown: when every day
 * from first_day (days[0]) to the streak's end met the goal, read earlier
 * days in blocks until one missed it, adding them to totals->current_streak
 * and raising totals->best_streak to match. The cost grows with the streak,
 * not with the history; after MB_STATS_STREAK_BACK_DAYS days it stops with
 * *capped set (the streak is at least that long). Returns 0 or a negative
 * errno.
 */
int mb_stats_extend_streak(struct mb_store *store, int64_t first_day,
	const struct mb_stats_day *days, size_t ndays, struct mb_stats_totals *totals,
	bool *capped);

/**
 * The daily goal from config.ini's [stats] goal (default 3). A missing file
 * gives the default; problems in the file are printed to stderr as warnings
 * of `movebreak CMD` and the good keys still apply.
 */
unsigned mb_stats_config_goal(const char *cmd);

/**
 * Turn a stored challenge into the core's form; today and now_us decide
 * which local day a stop falls on. Returns 0 or -EINVAL for a bad date.
 */
int mb_challenge_from_record(const struct mb_challenge_record *rec, struct mb_challenge *c);

/**
 * Evaluate challenge c on day today from the store: loads its days (at most
 * up to today) into the status. done, if not NULL, receives a malloc'd
 * array of completed movement breaks per challenge day (*ndone entries) that
 * the caller frees. Returns 0 or a negative errno.
 */
int mb_challenge_load_status(struct mb_store *store, const struct mb_challenge *c, int64_t today,
	struct mb_challenge_status *st, unsigned **done, size_t *ndone);

/**
 * Find the challenge that is upcoming or running on day today (not stopped,
 * not yet over) into *rec and *c. Returns 1 when there is one, 0 when not,
 * or a negative errno.
 */
int mb_challenge_find_current(struct mb_store *store, int64_t today,
	struct mb_challenge_record *rec, struct mb_challenge *c);

/**
 * The daily goal that counts today: the running challenge's goal, else
 * config_goal (stats.goal). *from_challenge (if not NULL) says which.
 */
unsigned mb_stats_goal(struct mb_store *store, int64_t today, unsigned config_goal,
	bool *from_challenge);

/**
 * The habit as the daemon's prompt tells it, read from the history once
 * (two queries) and then brought up to date with today's count alone.
 */
struct mb_habit {
	/* The local day it was read for, and the daily goal that counts on it. */
	int64_t day;
	unsigned goal;
	/* The challenge upcoming or under way, if any. */
	bool has_challenge;
	struct mb_challenge challenge;
	/* Its row, with the program it follows ("" for none). */
	struct mb_challenge_record record;
	/* Completed movement breaks on each challenge day up to today (malloc'd). */
	unsigned *done;
	size_t ndone;
	/* Days in a row up to yesterday that met the goal; capped: at least that many. */
	unsigned streak_before;
	bool streak_capped;
};

/**
 * Read the habit for local day today from the store: the current challenge
 * and the days before today, against the running challenge's goal, else
 * config_goal. h must be zeroed before its first load. Returns 0 or a
 * negative errno. Free with mb_habit_finish().
 */
int mb_habit_load(struct mb_habit *h, struct mb_store *store, int64_t today, unsigned config_goal);

/** Free what mb_habit_load() allocated. */
void mb_habit_finish(struct mb_habit *h);

/**
 * The challenge line ("Challenge day 12 of 30: 2 of 3 breaks done") and
 * the streak line ("Streak: 4 days in a row at 3 movement breaks a day")
 * with movement_today completed movement breaks today; "" when there is no
 * challenge, or no streak.
 */
void mb_habit_lines(const struct mb_habit *h, unsigned movement_today, char *challenge,
	size_t challenge_len, char *streak, size_t streak_len);

#endif

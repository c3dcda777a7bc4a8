/* Per-day break statistics, adherence and goal streaks, from history rows and day boundaries. */
#ifndef MB_CORE_STATS_H
#define MB_CORE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/episode.h"

/* What a history row says happened; the front end maps the store's outcomes onto these. */
enum mb_stats_event {
	/* The coach's rows: a break run to its end, or cut short. */
	MB_STATS_COMPLETED,
	MB_STATS_PARTIAL,
	/* The daemon's rows about a prompt: offered, put off, skipped, started. */
	MB_STATS_PROMPTED,
	MB_STATS_POSTPONED,
	MB_STATS_SKIPPED,
	MB_STATS_STARTED,
	/* The user walked away long enough for it to count as a break. */
	MB_STATS_NATURAL,
};

enum mb_stats_kind {
	MB_STATS_MOVEMENT,
	MB_STATS_MICRO,
};

/** One history row as the statistics need it. Times are wall-clock microseconds (UTC). */
struct mb_stats_row {
	int64_t start_us;
	enum mb_stats_event event;
	enum mb_stats_kind kind;
	/* Started by hand (`movebreak now`, `movebreak break`) rather than from a prompt. */
	bool by_hand;
};

/** A span of keyboard and mouse activity: active_us of activity between start_us and end_us. */
struct mb_stats_activity {
	int64_t start_us, end_us, active_us;
};

/*
 * A coach's row this soon after the daemon's STARTED row of the same kind is
 * that break's own row, not a second break taken by hand. A started break
 * with no such row was not taken. The episodes are followed by the walker
 * in core/episode.h, which `movebreak history` folds its rows with too.
 */
#define MB_STATS_MATCH_US MB_EPISODE_MATCH_US

/** The figures of one local day [start_us, end_us). */
struct mb_stats_day {
	int64_t start_us, end_us;
	/* COMPLETED rows of each kind. */
	unsigned movement_done, micro_done;
	/* PARTIAL, SKIPPED, POSTPONED and NATURAL rows. */
	unsigned partial, skipped, postponed, natural;
	/*
	 * due: prompt episodes that began this day (a prompt and its re-prompts
	 * after postponing count once), plus breaks started by hand that were
	 * completed or put off. taken: those of them that a completed break
	 * answered; a break started and then skipped, cut short or never
	 * finished is not taken.
	 */
	unsigned due, taken;
	/* Keyboard and mouse activity inside the day. */
	int64_t active_us;
	/* movement_done reached the goal. */
	bool met;
};

/** Sums over the days, and the streaks of days that met the goal. */
struct mb_stats_totals {
	unsigned days;
	unsigned movement_done, micro_done, partial, skipped, postponed, natural;
	unsigned due, taken;
	int64_t active_us;
	unsigned days_met;
	/*
	 * Days in a row that met the goal, ending with the last day, or with the
	 * day before when the last day (today, still running) has not met it yet.
	 */
	unsigned current_streak;
	/* The longest run of met days among the days given. */
	unsigned best_streak;
	unsigned goal;
};

/**
 * Fill days[0..ndays) from history rows. bounds_us holds ndays + 1 strictly
 * increasing day boundaries (local midnights, computed by the caller, so
 * days of 23 or 25 hours are handled there); day i is [bounds_us[i],
 * bounds_us[i + 1]). rows must be sorted by start_us, oldest first; a row
 * counts on the day it starts. Rows before bounds_us[0] are read only to
 * follow prompt episodes begun earlier; rows at or after bounds_us[ndays]
 * are ignored. An activity span is shared among the days it overlaps in
 * proportion to the overlap. goal is the daily number of completed movement
 * breaks; 0 means every day meets it. totals may be NULL.
 * Returns 0, or -EINVAL when ndays is 0 or the bounds do not increase.
 */
int mb_stats_compute(const int64_t *bounds_us, size_t ndays, const struct mb_stats_row *rows,
	size_t nrows, const struct mb_stats_activity *activity, size_t nactivity, unsigned goal,
	struct mb_stats_day *days, struct mb_stats_totals *totals);

/** Sum days[0..ndays) and find the streaks; used by mb_stats_compute. */
void mb_stats_total(const struct mb_stats_day *days, size_t ndays, unsigned goal,
	struct mb_stats_totals *totals);

/**
 * Adherence in tenths of a percent (taken * 1000 / due, rounded), or -1 when
 * nothing was due.
 */
int mb_stats_adherence_permille(unsigned taken, unsigned due);

#endif

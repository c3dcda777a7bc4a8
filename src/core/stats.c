/* Per-day break statistics: counts, prompt episodes, adherence, active time and goal streaks. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/episode.h"
#include "core/stats.h"

#define KINDS 2

/* The day row time t falls on, given the day it can be no earlier than; -1 before the days. */
static long day_of(const int64_t *bounds_us, size_t ndays, int64_t t_us, size_t *cursor)
{
	if (t_us < bounds_us[0])
		return -1;
	while (*cursor < ndays && t_us >= bounds_us[*cursor + 1])
		(*cursor)++;
	return *cursor < ndays ? (long)*cursor : (long)ndays;
}

/* The history's outcome that a statistics event stands for. */
static enum mb_outcome outcome_of(enum mb_stats_event event)
{
	switch (event) {
	case MB_STATS_COMPLETED:
		return MB_OUTCOME_COMPLETED;
	case MB_STATS_PARTIAL:
		return MB_OUTCOME_PARTIAL;
	case MB_STATS_PROMPTED:
		return MB_OUTCOME_PROMPTED;
	case MB_STATS_POSTPONED:
		return MB_OUTCOME_POSTPONED;
	case MB_STATS_SKIPPED:
		return MB_OUTCOME_SKIPPED;
	case MB_STATS_STARTED:
		return MB_OUTCOME_STARTED;
	case MB_STATS_NATURAL:
		break;
	}
	return MB_OUTCOME_NATURAL;
}

/* Share each span's activity among the days it overlaps, in proportion to the overlap. */
static void add_activity(const int64_t *bounds_us, size_t ndays,
	const struct mb_stats_activity *activity, size_t nactivity, struct mb_stats_day *days)
{
	for (size_t i = 0; i < nactivity; i++) {
		const struct mb_stats_activity *a = &activity[i];
		if (a->active_us <= 0 || a->end_us < a->start_us)
			continue;
		if (a->end_us == a->start_us) {
			/* A point carries its activity whole to the day it falls on. */
			for (size_t d = 0; d < ndays; d++)
				if (a->start_us >= bounds_us[d] && a->start_us < bounds_us[d + 1])
					days[d].active_us += a->active_us;
			continue;
		}
		/* Binary search for the first day the span can touch. */
		size_t lo = 0, hi = ndays;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (bounds_us[mid + 1] <= a->start_us)
				lo = mid + 1;
			else
				hi = mid;
		}
		double span = (double)(a->end_us - a->start_us);
		for (size_t d = lo; d < ndays && bounds_us[d] < a->end_us; d++) {
			int64_t from = a->start_us > bounds_us[d] ? a->start_us : bounds_us[d];
			int64_t to = a->end_us < bounds_us[d + 1] ? a->end_us : bounds_us[d + 1];
			if (to <= from)
				continue;
			/* In double: the product of two day-long spans overflows 64 bits. */
			double share = (double)a->active_us * (double)(to - from) / span;
			days[d].active_us += (int64_t)(share + 0.5);
		}
	}
}

int mb_stats_compute(const int64_t *bounds_us, size_t ndays, const struct mb_stats_row *rows,
	size_t nrows, const struct mb_stats_activity *activity, size_t nactivity, unsigned goal,
	struct mb_stats_day *days, struct mb_stats_totals *totals)
{
	if (ndays == 0 || !bounds_us || !days)
		return -EINVAL;
	for (size_t i = 0; i < ndays; i++)
		if (bounds_us[i + 1] <= bounds_us[i])
			return -EINVAL;
	memset(days, 0, ndays * sizeof(*days));
	for (size_t i = 0; i < ndays; i++) {
		days[i].start_us = bounds_us[i];
		days[i].end_us = bounds_us[i + 1];
	}

	struct mb_episode_walker walker;
	mb_episode_walker_init(&walker);
	/* The day each kind's episode under way began on, or -1 before the first day. */
	long episode_day[KINDS] = { -1, -1 };
	size_t cursor = 0;
	for (size_t i = 0; i < nrows; i++) {
		const struct mb_stats_row *r = &rows[i];
		long day = day_of(bounds_us, ndays, r->start_us, &cursor);
		if (day >= (long)ndays)
			break;
		unsigned k = r->kind == MB_STATS_MICRO ? 1 : 0;
		struct mb_episode_row row = {
			.start_us = r->start_us,
			.outcome = outcome_of(r->event),
			.kind = k == 1 ? MB_BREAK_MICRO : MB_BREAK_MOVEMENT,
			.by_hand = r->by_hand,
		};
		struct mb_episode_step step = mb_episode_walker_feed(&walker, &row);
		/* An episode counts on the day it began: a prompt put off past midnight too. */
		if (step.role == MB_EPISODE_OPENS)
			episode_day[k] = day;
		if (episode_day[k] >= 0 && step.due)
			days[episode_day[k]].due++;
		if (episode_day[k] >= 0 && step.taken)
			days[episode_day[k]].taken++;
		if (day < 0)
			continue;
		struct mb_stats_day *today = &days[day];
		switch (r->event) {
		case MB_STATS_COMPLETED:
			if (k == 1)
				today->micro_done++;
			else
				today->movement_done++;
			break;
		case MB_STATS_PARTIAL:
			today->partial++;
			break;
		case MB_STATS_POSTPONED:
			today->postponed++;
			break;
		case MB_STATS_SKIPPED:
			today->skipped++;
			break;
		case MB_STATS_NATURAL:
			today->natural++;
			break;
		case MB_STATS_PROMPTED:
		case MB_STATS_STARTED:
			break;
		}
	}

	add_activity(bounds_us, ndays, activity, nactivity, days);
	for (size_t i = 0; i < ndays; i++)
		days[i].met = goal == 0 || days[i].movement_done >= goal;
	if (totals)
		mb_stats_total(days, ndays, goal, totals);
	return 0;
}

void mb_stats_total(const struct mb_stats_day *days, size_t ndays, unsigned goal,
	struct mb_stats_totals *totals)
{
	memset(totals, 0, sizeof(*totals));
	totals->days = (unsigned)ndays;
	totals->goal = goal;
	unsigned run = 0;
	for (size_t i = 0; i < ndays; i++) {
		const struct mb_stats_day *d = &days[i];
		totals->movement_done += d->movement_done;
		totals->micro_done += d->micro_done;
		totals->partial += d->partial;
		totals->skipped += d->skipped;
		totals->postponed += d->postponed;
		totals->natural += d->natural;
		totals->due += d->due;
		totals->taken += d->taken;
		totals->active_us += d->active_us;
		if (d->met) {
			totals->days_met++;
			run++;
			if (run > totals->best_streak)
				totals->best_streak = run;
		} else {
			run = 0;
		}
	}
	/* Today is still running: not having met the goal yet does not break the streak. */
	size_t end = ndays;
	if (end > 0 && !days[end - 1].met)
		end--;
	unsigned current = 0;
	while (end > 0 && days[end - 1].met) {
		current++;
		end--;
	}
	totals->current_streak = current;
}

int mb_stats_adherence_permille(unsigned taken, unsigned due)
{
	if (due == 0)
		return -1;
	return (int)(((uint64_t)taken * 1000 + due / 2) / due);
}

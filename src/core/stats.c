/* Per-day break statistics: counts, prompt episodes, adherence, active time and goal streaks. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/stats.h"

#define KINDS 2

/* Where a kind's break stands while the rows are read in order. */
enum episode_state {
	EPISODE_NONE,
	/* Offered and not answered yet. */
	EPISODE_OPEN,
	/* Put off: the next prompt of this kind is the same episode coming back. */
	EPISODE_POSTPONED,
	/* Started by the daemon; its coach's row tells how it went. */
	EPISODE_STARTED,
};

struct episode {
	enum episode_state state;
	/* The day the episode began on, or -1 before the first day. */
	long day;
	/* The episode is counted due (a prompt offered it); a break started by hand is not, yet. */
	bool due;
	/* EPISODE_STARTED: when. */
	int64_t started_us;
};

/* The day row time t falls on, given the day it can be no earlier than; -1 before the days. */
static long day_of(const int64_t *bounds_us, size_t ndays, int64_t t_us, size_t *cursor)
{
	if (t_us < bounds_us[0])
		return -1;
	while (*cursor < ndays && t_us >= bounds_us[*cursor + 1])
		(*cursor)++;
	return *cursor < ndays ? (long)*cursor : (long)ndays;
}

/* Begin an episode on day, counted due at once when a prompt offered it. */
static void open_episode(struct episode *ep, struct mb_stats_day *days, long day, bool due)
{
	ep->day = day;
	ep->due = due;
	if (due && day >= 0)
		days[day].due++;
}

/* A completed break answers the episode: due (if it was not yet) and taken. */
static void take_episode(struct episode *ep, struct mb_stats_day *days)
{
	if (ep->day >= 0) {
		if (!ep->due)
			days[ep->day].due++;
		days[ep->day].taken++;
	}
	ep->state = EPISODE_NONE;
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

	struct episode episodes[KINDS] = { { .day = -1 }, { .day = -1 } };
	size_t cursor = 0;
	for (size_t i = 0; i < nrows; i++) {
		const struct mb_stats_row *r = &rows[i];
		long day = day_of(bounds_us, ndays, r->start_us, &cursor);
		if (day >= (long)ndays)
			break;
		unsigned k = r->kind == MB_STATS_MICRO ? 1 : 0;
		struct episode *ep = &episodes[k];
		struct mb_stats_day *today = day >= 0 ? &days[day] : NULL;
		/*
		 * A started break is answered by its coach's row soon after; any
		 * other row means it never finished, so it stays untaken.
		 */
		bool own_row = ep->state == EPISODE_STARTED &&
			r->start_us - ep->started_us <= MB_STATS_MATCH_US;
		if (ep->state == EPISODE_STARTED && !own_row)
			ep->state = EPISODE_NONE;
		switch (r->event) {
		case MB_STATS_PROMPTED:
			if (ep->state != EPISODE_POSTPONED)
				open_episode(ep, days, day, true);
			ep->state = EPISODE_OPEN;
			break;
		case MB_STATS_POSTPONED:
			if (today)
				today->postponed++;
			/* Put off, it will be offered again: it is due from now, once. */
			if (ep->state == EPISODE_NONE)
				open_episode(ep, days, day, true);
			else if (!ep->due)
				open_episode(ep, days, ep->day, true);
			ep->state = EPISODE_POSTPONED;
			break;
		case MB_STATS_SKIPPED:
			if (today)
				today->skipped++;
			/*
			 * A prompt whose own row is missing was due; a break begun by
			 * hand was not, and skipping one leaves a waiting prompt waiting.
			 */
			if (ep->state == EPISODE_NONE && !r->by_hand)
				open_episode(ep, days, day, true);
			if (!r->by_hand || ep->state == EPISODE_STARTED || ep->state == EPISODE_NONE)
				ep->state = EPISODE_NONE;
			break;
		case MB_STATS_STARTED:
			/* A break started while its prompt waits answers the prompt, even by hand. */
			if (ep->state == EPISODE_NONE || ep->state == EPISODE_STARTED)
				open_episode(ep, days, day, !r->by_hand);
			ep->state = EPISODE_STARTED;
			ep->started_us = r->start_us;
			break;
		case MB_STATS_COMPLETED:
			if (today) {
				if (k == 1)
					today->micro_done++;
				else
					today->movement_done++;
			}
			/* Its own started break, a waiting prompt, or a break by hand. */
			if (ep->state == EPISODE_NONE)
				open_episode(ep, days, day, false);
			take_episode(ep, days);
			break;
		case MB_STATS_PARTIAL:
			if (today)
				today->partial++;
			/* Cut short: a started break ends untaken; a waiting prompt still waits. */
			if (own_row)
				ep->state = EPISODE_NONE;
			break;
		case MB_STATS_NATURAL:
			if (today)
				today->natural++;
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

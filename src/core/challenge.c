/* The N-day challenge: calendar day numbers, progress, streaks, summary and prompt line. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/challenge.h"

unsigned mb_challenge_span(const struct mb_challenge *c, int64_t today)
{
	int64_t last = today;
	if (c->stopped && c->stop_day < last)
		last = c->stop_day;
	if (last < c->start_day)
		return 0;
	int64_t n = last - c->start_day + 1;
	return n > (int64_t)c->days ? c->days : (unsigned)n;
}

int mb_challenge_evaluate(const struct mb_challenge *c, int64_t today, const unsigned *done,
	size_t ndone, struct mb_challenge_status *st)
{
	if (c->days == 0 || c->goal == 0)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	unsigned span = mb_challenge_span(c, today);
	if (c->stopped && c->stop_day <= today)
		st->phase = MB_CHALLENGE_STOPPED;
	else if (today < c->start_day)
		st->phase = MB_CHALLENGE_UPCOMING;
	else if (today - c->start_day >= (int64_t)c->days)
		st->phase = MB_CHALLENGE_ENDED;
	else
		st->phase = MB_CHALLENGE_RUNNING;
	if (st->phase == MB_CHALLENGE_UPCOMING)
		st->starts_in = c->start_day - today;
	/* The last day counted is still open while it is today, or when the challenge stopped on it. */
	bool last_open = st->phase == MB_CHALLENGE_RUNNING || st->phase == MB_CHALLENGE_STOPPED;
	st->day = span;

	unsigned run = 0;
	for (unsigned i = 0; i < span; i++) {
		unsigned n = i < ndone ? done[i] : 0;
		bool met = n >= c->goal;
		if (met) {
			st->days_met++;
			run++;
			if (run > st->best_streak)
				st->best_streak = run;
		} else {
			run = 0;
			if (!(last_open && i + 1 == span))
				st->days_missed++;
		}
	}
	unsigned end = span;
	if (last_open && end > 0 && !(end - 1 < ndone && done[end - 1] >= c->goal))
		end--;
	while (end > 0 && end - 1 < ndone && done[end - 1] >= c->goal) {
		st->current_streak++;
		end--;
	}
	if (st->phase == MB_CHALLENGE_RUNNING && span > 0) {
		st->today_done = span - 1 < ndone ? done[span - 1] : 0;
		st->today_met = st->today_done >= c->goal;
	}
	return 0;
}

static const char *plural(unsigned n)
{
	return n == 1 ? "" : "s";
}

int mb_challenge_summary(const struct mb_challenge *c, const struct mb_challenge_status *st,
	char *out, size_t len)
{
	char start[16];
	mb_date_format(c->start_day, start, sizeof(start));
	char stopped[48] = "";
	if (st->phase == MB_CHALLENGE_STOPPED)
		snprintf(stopped, sizeof(stopped), ", stopped on day %u", st->day);
	return snprintf(out, len,
		"%u days from %s%s: goal of %u movement break%s met on %u "
		"day%s, missed on %u; best streak %u day%s",
		c->days, start, stopped, c->goal, plural(c->goal), st->days_met,
		plural(st->days_met), st->days_missed, st->best_streak, plural(st->best_streak));
}

int mb_challenge_line(const struct mb_challenge *c, const struct mb_challenge_status *st, char *out,
	size_t len)
{
	switch (st->phase) {
	case MB_CHALLENGE_UPCOMING:
		return snprintf(out, len, "Challenge starts in %lld day%s",
			(long long)st->starts_in, st->starts_in == 1 ? "" : "s");
	case MB_CHALLENGE_RUNNING:
		return snprintf(out, len, "Challenge day %u of %u: %u of %u break%s done", st->day,
			c->days, st->today_done, c->goal, plural(c->goal));
	case MB_CHALLENGE_ENDED:
	case MB_CHALLENGE_STOPPED:
		break;
	}
	if (len)
		out[0] = '\0';
	return 0;
}

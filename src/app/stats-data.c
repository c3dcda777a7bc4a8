/* Statistics and challenges from the history: local day boundaries, rows for the core, goals. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/settings.h"
#include "app/stats-data.h"

#define US_PER_S INT64_C(1000000)

/* Local time of a day number at the given hour; mktime picks the offset DST gives it. */
static int local_time_of(int64_t day, int hour, int64_t *us)
{
	int y;
	unsigned m, d;
	mb_date_civil(day, &y, &m, &d);
	struct tm tm = {
		.tm_year = y - 1900,
		.tm_mon = (int)m - 1,
		.tm_mday = (int)d,
		.tm_hour = hour,
		.tm_isdst = -1,
	};
	errno = 0;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 && errno)
		return -ERANGE;
	*us = (int64_t)t * US_PER_S;
	return 0;
}

int mb_stats_local_midnight(int64_t day, int64_t *us)
{
	/*
	 * Where a DST change skips midnight itself, mktime moves it to the first
	 * time that exists, so days still tile the timeline.
	 */
	return local_time_of(day, 0, us);
}

int64_t mb_stats_local_day(int64_t us)
{
	time_t t = (time_t)(us / US_PER_S - (us % US_PER_S < 0));
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return 0;
	return mb_date_days(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
}

int mb_stats_now(int64_t *today, int64_t *now_us, char *err, size_t err_len)
{
	const char *pinned = getenv("MOVEBREAK_TODAY");
	if (pinned && *pinned) {
		if (mb_date_parse(pinned, today) < 0) {
			snprintf(err, err_len, "MOVEBREAK_TODAY='%s' is not a date (YYYY-MM-DD)",
				pinned);
			return -EINVAL;
		}
		return local_time_of(*today, 12, now_us);
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	*now_us = (int64_t)ts.tv_sec * US_PER_S + ts.tv_nsec / 1000;
	*today = mb_stats_local_day(*now_us);
	return 0;
}

static enum mb_stats_event event_of(enum mb_outcome outcome)
{
	switch (outcome) {
	case MB_OUTCOME_COMPLETED:
		return MB_STATS_COMPLETED;
	case MB_OUTCOME_PARTIAL:
		return MB_STATS_PARTIAL;
	case MB_OUTCOME_SKIPPED:
		return MB_STATS_SKIPPED;
	case MB_OUTCOME_PROMPTED:
		return MB_STATS_PROMPTED;
	case MB_OUTCOME_POSTPONED:
		return MB_STATS_POSTPONED;
	case MB_OUTCOME_STARTED:
		return MB_STATS_STARTED;
	case MB_OUTCOME_NATURAL:
		break;
	}
	return MB_STATS_NATURAL;
}

/*
 * The days from the store; activity only when asked, since reading it is a
 * query of its own and streaks and challenges count breaks alone.
 */
static int load_days(struct mb_store *store, int64_t first_day, size_t ndays, unsigned goal,
	bool with_activity, struct mb_stats_day *days, struct mb_stats_totals *totals)
{
	if (ndays == 0)
		return -EINVAL;
	int64_t *bounds = malloc((ndays + 1) * sizeof(*bounds));
	if (!bounds)
		return -ENOMEM;
	int r = 0;
	for (size_t i = 0; i <= ndays && r == 0; i++)
		r = mb_stats_local_midnight(first_day + (int64_t)i, &bounds[i]);
	struct mb_break_record *recs = NULL;
	struct mb_activity_record *acts = NULL;
	struct mb_stats_row *rows = NULL;
	struct mb_stats_activity *spans = NULL;
	size_t nrecs = 0, nacts = 0;
	/* A day earlier too, to follow a prompt put off across the first midnight. */
	if (r == 0)
		r = mb_store_breaks_between(store, bounds[0] - MB_DAY_US, bounds[ndays], &recs,
			&nrecs);
	if (r >= 0 && with_activity)
		r = mb_store_activity_between(store, bounds[0], bounds[ndays], &acts, &nacts);
	if (r < 0)
		goto out;
	rows = calloc(nrecs ? nrecs : 1, sizeof(*rows));
	spans = calloc(nacts ? nacts : 1, sizeof(*spans));
	if (!rows || !spans) {
		r = -ENOMEM;
		goto out;
	}
	/* A demo was shown, not taken: no count, streak or challenge includes it. */
	size_t nrows = 0;
	for (size_t i = 0; i < nrecs; i++) {
		if (recs[i].demo)
			continue;
		rows[nrows].start_us = recs[i].start_us;
		rows[nrows].event = event_of(recs[i].outcome);
		rows[nrows].kind = recs[i].kind == MB_BREAK_MICRO ? MB_STATS_MICRO :
								    MB_STATS_MOVEMENT;
		rows[nrows].by_hand = recs[i].source == MB_SOURCE_MANUAL;
		nrows++;
	}
	for (size_t i = 0; i < nacts; i++) {
		spans[i].start_us = acts[i].start_us;
		spans[i].end_us = acts[i].end_us;
		spans[i].active_us = acts[i].active_us;
	}
	r = mb_stats_compute(bounds, ndays, rows, nrows, spans, nacts, goal, days, totals);
out:
	free(bounds);
	free(recs);
	free(acts);
	free(rows);
	free(spans);
	return r < 0 ? r : 0;
}

int mb_stats_load(struct mb_store *store, int64_t first_day, size_t ndays, unsigned goal,
	struct mb_stats_day *days, struct mb_stats_totals *totals)
{
	return load_days(store, first_day, ndays, goal, true, days, totals);
}

int mb_stats_day_counts(struct mb_store *store, int64_t day, unsigned *done, unsigned *movement,
	unsigned *natural)
{
	*done = *movement = *natural = 0;
	struct mb_stats_day counts;
	int r = load_days(store, day, 1, 0, false, &counts, NULL);
	if (r < 0)
		return r;
	*done = counts.movement_done + counts.micro_done;
	*movement = counts.movement_done;
	*natural = counts.natural;
	return 0;
}

int mb_stats_extend_streak(struct mb_store *store, int64_t first_day,
	const struct mb_stats_day *days, size_t ndays, struct mb_stats_totals *totals, bool *capped)
{
	*capped = false;
	/* Today still open does not end the streak, so it may start a day earlier. */
	size_t reach = ndays > 0 && !days[ndays - 1].met ? ndays - 1 : ndays;
	if (totals->goal == 0 || reach == 0 || totals->current_streak < reach)
		return 0;
	enum {
		BLOCK = 64
	};
	struct mb_stats_day block[BLOCK];
	int64_t end = first_day;
	*capped = true;
	for (unsigned back = 0; back < MB_STATS_STREAK_BACK_DAYS; back += BLOCK) {
		int r = load_days(store, end - BLOCK, BLOCK, totals->goal, false, block, NULL);
		if (r < 0)
			return r;
		size_t i = BLOCK;
		while (i > 0 && block[i - 1].met)
			i--;
		totals->current_streak += (unsigned)(BLOCK - i);
		if (i > 0) {
			*capped = false;
			break;
		}
		end -= BLOCK;
	}
	if (totals->current_streak > totals->best_streak)
		totals->best_streak = totals->current_streak;
	return 0;
}

unsigned mb_stats_config_goal(const char *cmd)
{
	struct mb_config cfg;
	struct mb_diags diags = { 0 };
	char path[4096] = "config.ini";
	int r = mb_settings_load(NULL, false, &cfg, &diags, path, sizeof(path));
	if (r < 0 && r != -ENOMEM) {
		char prefix[64];
		snprintf(prefix, sizeof(prefix), "movebreak %s: warning: ", cmd);
		mb_diags_print(stderr, prefix, path, &diags);
	}
	return cfg.stats_goal;
}

int mb_challenge_from_record(const struct mb_challenge_record *rec, struct mb_challenge *c)
{
	memset(c, 0, sizeof(*c));
	if (mb_date_parse(rec->start_date, &c->start_day) < 0 || rec->days == 0 || rec->goal == 0)
		return -EINVAL;
	c->days = rec->days;
	c->goal = rec->goal;
	c->stopped = rec->stopped_us != 0;
	if (c->stopped)
		c->stop_day = mb_stats_local_day(rec->stopped_us);
	return 0;
}

int mb_challenge_load_status(struct mb_store *store, const struct mb_challenge *c, int64_t today,
	struct mb_challenge_status *st, unsigned **done, size_t *ndone)
{
	unsigned span = mb_challenge_span(c, today);
	unsigned *counts = calloc(span ? span : 1, sizeof(*counts));
	if (!counts)
		return -ENOMEM;
	int r = 0;
	if (span > 0) {
		struct mb_stats_day *days = calloc(span, sizeof(*days));
		r = days ? load_days(store, c->start_day, span, c->goal, false, days, NULL) :
			   -ENOMEM;
		for (unsigned i = 0; r == 0 && i < span; i++)
			counts[i] = days[i].movement_done;
		free(days);
	}
	if (r == 0)
		r = mb_challenge_evaluate(c, today, counts, span, st);
	if (r == 0 && done) {
		*done = counts;
		*ndone = span;
	} else {
		free(counts);
	}
	return r;
}

int mb_challenge_find_current(struct mb_store *store, int64_t today,
	struct mb_challenge_record *rec, struct mb_challenge *c)
{
	struct mb_challenge_record *all = NULL;
	size_t len = 0;
	int r = mb_store_challenges(store, &all, &len);
	if (r < 0)
		return r;
	int found = 0;
	/* Newest first: only one can be current, but an old file may hold more. */
	for (size_t i = len; i-- > 0;) {
		struct mb_challenge cand;
		if (mb_challenge_from_record(&all[i], &cand) < 0 || cand.stopped ||
			today - cand.start_day >= (int64_t)cand.days)
			continue;
		*rec = all[i];
		*c = cand;
		found = 1;
		break;
	}
	free(all);
	return found;
}

unsigned mb_stats_goal(struct mb_store *store, int64_t today, unsigned config_goal,
	bool *from_challenge)
{
	struct mb_challenge_record rec;
	struct mb_challenge c;
	bool running = mb_challenge_find_current(store, today, &rec, &c) == 1 &&
		today >= c.start_day;
	if (from_challenge)
		*from_challenge = running;
	return running ? c.goal : config_goal;
}

/* Days of history the habit is read over: the longest streak followed, and any challenge. */
#define HABIT_DAYS (MB_STATS_STREAK_BACK_DAYS + 14)
_Static_assert(HABIT_DAYS >= MB_CHALLENGE_DAYS_MAX, "a whole challenge fits the habit's days");

int mb_habit_load(struct mb_habit *h, struct mb_store *store, int64_t today, unsigned config_goal)
{
	mb_habit_finish(h);
	*h = (struct mb_habit){ .day = today, .goal = config_goal };
	int r = mb_challenge_find_current(store, today, &h->record, &h->challenge);
	if (r < 0)
		return r;
	h->has_challenge = r == 1;
	if (h->has_challenge && today >= h->challenge.start_day)
		h->goal = h->challenge.goal;
	struct mb_stats_day *days = calloc(HABIT_DAYS, sizeof(*days));
	if (!days)
		return -ENOMEM;
	int64_t first = today - (HABIT_DAYS - 1);
	r = load_days(store, first, HABIT_DAYS, h->goal, false, days, NULL);
	if (r == 0) {
		/* Met days in a row up to yesterday: today is added as it goes. */
		size_t i = HABIT_DAYS - 1;
		while (i > 0 && days[i - 1].met)
			i--;
		h->streak_before = (unsigned)(HABIT_DAYS - 1 - i);
		h->streak_capped = i == 0 && h->goal > 0;
	}
	if (r == 0 && h->has_challenge && today >= h->challenge.start_day) {
		unsigned span = mb_challenge_span(&h->challenge, today);
		h->done = calloc(span ? span : 1, sizeof(*h->done));
		if (!h->done)
			r = -ENOMEM;
		for (unsigned k = 0; r == 0 && k < span; k++) {
			int64_t at = h->challenge.start_day + k - first;
			h->done[k] = at >= 0 && at < HABIT_DAYS ? days[at].movement_done : 0;
		}
		h->ndone = span;
	}
	free(days);
	return r;
}

void mb_habit_finish(struct mb_habit *h)
{
	free(h->done);
	h->done = NULL;
	h->ndone = 0;
}

void mb_habit_lines(const struct mb_habit *h, unsigned movement_today, char *challenge,
	size_t challenge_len, char *streak, size_t streak_len)
{
	if (challenge_len)
		challenge[0] = '\0';
	if (streak_len)
		streak[0] = '\0';
	if (h->has_challenge) {
		struct mb_challenge_status st;
		/* Today's entry is what the daemon counted since the habit was read. */
		if (h->ndone > 0)
			h->done[h->ndone - 1] = movement_today;
		if (mb_challenge_evaluate(&h->challenge, h->day, h->done, h->ndone, &st) == 0)
			mb_challenge_line(&h->challenge, &st, challenge, challenge_len);
	}
	unsigned run = h->streak_before + (h->goal == 0 || movement_today >= h->goal ? 1 : 0);
	if (run > 0 && h->goal > 0)
		snprintf(streak, streak_len,
			"Streak: %u%s day%s in a row at %u movement break%s a day", run,
			h->streak_capped ? "+" : "", run == 1 ? "" : "s", h->goal,
			h->goal == 1 ? "" : "s");
}

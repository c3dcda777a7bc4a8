/* Prompt episodes: the walk over the history's rows that stats and `history` share, and the fold. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/episode.h"

void mb_episode_walker_init(struct mb_episode_walker *walker)
{
	*walker = (struct mb_episode_walker){ 0 };
	for (size_t k = 0; k < 2; k++)
		walker->kinds[k].state = MB_EPISODE_NONE;
}

struct mb_episode_step mb_episode_walker_feed(struct mb_episode_walker *walker,
	const struct mb_episode_row *row)
{
	struct mb_episode_step step = { .role = MB_EPISODE_JOINS };
	struct mb_episode_track *ep = &walker->kinds[row->kind == MB_BREAK_MICRO ? 1 : 0];
	/*
	 * A started break is answered by its coach's row soon after; any other
	 * row means it never finished, so it stays untaken.
	 */
	bool own_row = ep->state == MB_EPISODE_STARTED &&
		row->start_us - ep->started_us <= MB_EPISODE_MATCH_US;
	if (ep->state == MB_EPISODE_STARTED && !own_row)
		ep->state = MB_EPISODE_NONE;
	switch (row->outcome) {
	case MB_OUTCOME_PROMPTED:
		/* A prompt after postponing is the same episode coming back. */
		if (ep->state != MB_EPISODE_POSTPONED) {
			step.role = MB_EPISODE_OPENS;
			step.due = true;
			ep->due = true;
		}
		ep->state = MB_EPISODE_OPEN;
		step.settled = true;
		break;
	case MB_OUTCOME_POSTPONED:
		/* Put off, it will be offered again: it is due from now, once. */
		if (ep->state == MB_EPISODE_NONE)
			step.role = MB_EPISODE_OPENS;
		step.due = !ep->due || step.role == MB_EPISODE_OPENS;
		ep->due = true;
		ep->state = MB_EPISODE_POSTPONED;
		step.settled = true;
		break;
	case MB_OUTCOME_SKIPPED:
		/*
		 * A prompt whose own row is missing was due; a break begun by hand
		 * was not, and skipping one leaves a waiting prompt waiting.
		 */
		if (ep->state == MB_EPISODE_NONE && !row->by_hand) {
			step.role = MB_EPISODE_OPENS;
			step.due = true;
			ep->due = true;
		} else if (row->by_hand && ep->state != MB_EPISODE_STARTED) {
			step.role = MB_EPISODE_ALONE;
		}
		if (step.role != MB_EPISODE_ALONE) {
			step.ends = true;
			ep->state = MB_EPISODE_NONE;
		}
		step.settled = !row->by_hand;
		break;
	case MB_OUTCOME_STARTED:
		/* A break started while its prompt waits answers the prompt, even by hand. */
		if (ep->state == MB_EPISODE_NONE || ep->state == MB_EPISODE_STARTED) {
			step.role = MB_EPISODE_OPENS;
			step.due = !row->by_hand;
			ep->due = !row->by_hand;
		}
		ep->state = MB_EPISODE_STARTED;
		ep->started_us = row->start_us;
		step.settled = true;
		break;
	case MB_OUTCOME_COMPLETED:
		/* Its own started break, a waiting prompt, or a break by hand. */
		if (ep->state == MB_EPISODE_NONE) {
			step.role = MB_EPISODE_OPENS;
			ep->due = false;
		}
		step.due = !ep->due;
		step.taken = true;
		step.ends = true;
		ep->state = MB_EPISODE_NONE;
		step.settled = true;
		break;
	case MB_OUTCOME_PARTIAL:
		/* Cut short: a started break ends untaken; a waiting prompt still waits. */
		if (own_row) {
			step.ends = true;
			ep->state = MB_EPISODE_NONE;
		} else {
			step.role = MB_EPISODE_ALONE;
		}
		break;
	case MB_OUTCOME_NATURAL:
		step.role = MB_EPISODE_ALONE;
		break;
	}
	return step;
}

static struct mb_episode_row row_of(const struct mb_break_record *r)
{
	return (struct mb_episode_row){
		.start_us = r->start_us,
		.outcome = r->outcome,
		.kind = r->kind,
		.by_hand = r->source == MB_SOURCE_MANUAL,
	};
}

/* Start entry e with row i; counts it with add_row(). */
static void begin_entry(struct mb_episode *e, const struct mb_break_record *rows, size_t i,
	bool whole)
{
	*e = (struct mb_episode){
		.first = i,
		.last = i,
		.kind = rows[i].kind,
		.source = rows[i].source,
		.outcome = rows[i].outcome,
		.whole = whole,
		.demo = rows[i].demo,
	};
}

static void add_row(struct mb_episode *e, const struct mb_break_record *rows, size_t i)
{
	e->last = i;
	e->rows++;
	e->outcome = rows[i].outcome;
	if (rows[i].outcome == MB_OUTCOME_PROMPTED)
		e->prompts++;
	else if (rows[i].outcome == MB_OUTCOME_POSTPONED)
		e->postpones++;
}

int mb_episode_fold(const struct mb_break_record *rows, size_t nrows, bool from_start,
	struct mb_episode *out, size_t max, size_t *row_episode)
{
	if (nrows > 0 && (!rows || (!out && max > 0)))
		return -EINVAL;
	if (nrows > INT_MAX)
		return -EOVERFLOW;
	struct mb_episode_walker walker;
	mb_episode_walker_init(&walker);
	/* Per kind: the entry its rows join now (SIZE_MAX: none), and whether it has settled. */
	size_t current[2] = { SIZE_MAX, SIZE_MAX };
	bool settled[2] = { from_start, from_start };
	size_t n = 0;
	for (size_t i = 0; i < nrows; i++) {
		const struct mb_break_record *r = &rows[i];
		unsigned k = r->kind == MB_BREAK_MICRO ? 1 : 0;
		/* A demo was shown, not taken: it answers no prompt and stands alone. */
		if (r->demo) {
			if (n == max)
				return -ENOSPC;
			begin_entry(&out[n], rows, i, true);
			add_row(&out[n], rows, i);
			if (row_episode)
				row_episode[i] = n;
			n++;
			continue;
		}
		struct mb_episode_row row = row_of(r);
		struct mb_episode_step step = mb_episode_walker_feed(&walker, &row);
		size_t at;
		/* The walk starts here, so every episode it joins it saw open. */
		if (step.role == MB_EPISODE_JOINS && current[k] != SIZE_MAX) {
			at = current[k];
		} else {
			if (n == max)
				return -ENOSPC;
			at = n++;
			begin_entry(&out[at], rows, i,
				settled[k] || r->outcome == MB_OUTCOME_NATURAL);
			if (step.role != MB_EPISODE_ALONE)
				current[k] = at;
		}
		add_row(&out[at], rows, i);
		if (step.ends)
			current[k] = SIZE_MAX;
		if (row_episode)
			row_episode[i] = at;
		if (step.settled)
			settled[k] = true;
	}
	return (int)n;
}

/* "once", "twice", "N times". */
static void times(unsigned n, char *buf, size_t len)
{
	if (n == 1)
		snprintf(buf, len, "once");
	else if (n == 2)
		snprintf(buf, len, "twice");
	else
		snprintf(buf, len, "%u times", n);
}

const char *mb_episode_describe(const struct mb_episode *episode, char *buf, size_t len)
{
	const char *end = "";
	switch (episode->outcome) {
	case MB_OUTCOME_COMPLETED:
		end = "completed";
		break;
	case MB_OUTCOME_PARTIAL:
		end = "cut short";
		break;
	case MB_OUTCOME_SKIPPED:
		end = "skipped";
		break;
	case MB_OUTCOME_NATURAL:
		end = "natural break";
		break;
	case MB_OUTCOME_PROMPTED:
		end = episode->postpones ? "not answered" : "prompted, not answered";
		break;
	case MB_OUTCOME_STARTED:
		end = "started, no end recorded";
		break;
	case MB_OUTCOME_POSTPONED:
		/* Put off and not offered again: the postpones say it all. */
		break;
	}
	if (episode->demo) {
		snprintf(buf, len, "demo, %s", end[0] ? end : "postponed");
		return buf;
	}
	if (episode->postpones == 0) {
		snprintf(buf, len, "%s", end[0] ? end : "postponed");
		return buf;
	}
	char count[24];
	times(episode->postpones, count, sizeof(count));
	snprintf(buf, len, "postponed %s%s%s", count, end[0] ? ", then " : "", end);
	return buf;
}

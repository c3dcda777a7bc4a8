/* A break's prompt episode followed through the history's rows, and the rows of each break folded. */
#ifndef MB_CORE_EPISODE_H
#define MB_CORE_EPISODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/history.h"

/*
 * A coach's row this soon after the daemon's STARTED row of the same kind is
 * that break's own row, not a second break taken by hand. A started break
 * with no such row was not taken.
 */
#define MB_EPISODE_MATCH_US (INT64_C(15) * 60 * 1000000)

/** One history row as the walker needs it. start_us is wall-clock microseconds (UTC). */
struct mb_episode_row {
	int64_t start_us;
	enum mb_outcome outcome;
	enum mb_break_kind kind;
	/* Started by hand (source manual) rather than from a prompt. */
	bool by_hand;
};

/** What a row is to the prompt episode of its kind. */
enum mb_episode_role {
	/*
	 * A row of its own, in no episode: a natural break, and a break by hand
	 * cut short or skipped while no break of the daemon's was under way.
	 */
	MB_EPISODE_ALONE,
	/* Begins an episode; the kind's episode before it, if any, is over. */
	MB_EPISODE_OPENS,
	/* Belongs to the kind's episode under way. */
	MB_EPISODE_JOINS,
};

/** What one row did, as mb_episode_walker_feed() tells it. */
struct mb_episode_step {
	enum mb_episode_role role;
	/* The episode counts as due from this row on; once an episode. */
	bool due;
	/* A completed break answered the episode with this row. */
	bool taken;
	/* The episode is over after this row: answered, skipped or cut short. */
	bool ends;
	/*
	 * What the walker holds for this kind after the row does not depend on
	 * the rows before it, so the roles and ends of the rows after it come
	 * out the same wherever the walk began (the due flags may not).
	 */
	bool settled;
};

/* Where a kind's break stands while the rows are read in order. */
enum mb_episode_state {
	MB_EPISODE_NONE,
	/* Offered and not answered yet. */
	MB_EPISODE_OPEN,
	/* Put off: the next prompt of this kind is the same episode coming back. */
	MB_EPISODE_POSTPONED,
	/* Started by the daemon; its coach's row tells how it went. */
	MB_EPISODE_STARTED,
};

/* One kind's episode, as the walker holds it. */
struct mb_episode_track {
	enum mb_episode_state state;
	/* The episode under way is counted due. */
	bool due;
	/* MB_EPISODE_STARTED: the start of its STARTED row. */
	int64_t started_us;
};

/**
 * The prompt episodes of both kinds while rows are read oldest first: a
 * prompt and its re-prompts after postponing, until the break is started
 * and its coach's row comes (within MB_EPISODE_MATCH_US), or it is skipped.
 * Plain data, owned by the caller; mb_episode_walker_init() starts it.
 */
struct mb_episode_walker {
	/* Movement breaks, then micro-resets. */
	struct mb_episode_track kinds[2];
};

/** Start a walk: no episode under way of either kind. */
void mb_episode_walker_init(struct mb_episode_walker *walker);

/**
 * Read the next row (rows come oldest first: by start_us, then as stored)
 * and say what it is to its kind's episode. The rules, with "by hand" the
 * row's by_hand:
 *
 * - Any row of a kind whose started break has had no row of its own within
 *   MB_EPISODE_MATCH_US ends that episode, untaken, before the row counts.
 * - PROMPTED continues a postponed episode, else opens one, due.
 * - POSTPONED continues the episode under way (due from now, once), or
 *   opens one, due.
 * - STARTED answers a waiting or postponed prompt (even by hand), else opens
 *   an episode, due unless by hand.
 * - COMPLETED answers the episode under way, or opens one of its own; either
 *   way the episode is due and taken, and ends.
 * - PARTIAL ends a started break untaken; otherwise it stands alone.
 * - SKIPPED ends the episode under way, or is an episode of its own, due,
 *   when no prompt row came before it; by hand it stands alone unless a
 *   started break is under way, so a waiting prompt goes on waiting.
 * - NATURAL stands alone.
 */
struct mb_episode_step mb_episode_walker_feed(struct mb_episode_walker *walker,
	const struct mb_episode_row *row);

/** One break as `movebreak history` lists it: the rows of one episode, or one row alone. */
struct mb_episode {
	/*
	 * Indices into the rows given: the first and last of its rows. The last
	 * says how the break went, and with a completed, partial, skipped or
	 * natural outcome its times, routine and exercises are the break's.
	 */
	size_t first, last;
	/* How many rows were folded into it. */
	size_t rows;
	enum mb_break_kind kind;
	/* What began the break: the source of its first row. */
	enum mb_source source;
	/*
	 * The outcome of its last row: completed, partial, skipped or natural;
	 * prompted (offered and not answered), postponed (put off, and not
	 * offered again), started (no row of its coach came).
	 */
	enum mb_outcome outcome;
	/* Its PROMPTED and POSTPONED rows. */
	unsigned prompts, postpones;
	/* No row before the ones given could change it (see mb_episode_fold()). */
	bool whole;
	/* A demo (coached at another time scale): an entry of its own, in no episode. */
	bool demo;
};

/**
 * Fold rows[0..nrows), oldest first (by start_us, then id, as the store gives
 * them), into one entry per break, with the walker's rules: an episode's
 * rows become one entry, and a row alone is one entry. Entries go into
 * out[0..max) in the order of their first rows; nrows entries are always
 * enough. row_episode, when not NULL, has room for nrows and receives the
 * index in out of the entry each row went into.
 *
 * from_start says the rows begin with the history's first row. When they do
 * not, an entry is whole only when an earlier row of its kind among those
 * given settled the walker (see struct mb_episode_step), or when it is a
 * natural break; an entry that is not whole may have begun before the rows
 * given. With from_start every entry is whole.
 *
 * Returns the number of entries, -ENOSPC when max is too small, or -EINVAL
 * for a NULL buffer with a count; more than INT_MAX rows is -EOVERFLOW.
 */
int mb_episode_fold(const struct mb_break_record *rows, size_t nrows, bool from_start,
	struct mb_episode *out, size_t max, size_t *row_episode);

/**
 * What happened to the break, in words, into buf (len bytes): "completed",
 * "cut short", "skipped", "natural break", "prompted, not answered",
 * "started, no end recorded", and with postpones before it "postponed
 * twice, then completed" or "postponed once" (put off and not offered
 * again). Returns buf.
 */
const char *mb_episode_describe(const struct mb_episode *episode, char *buf, size_t len);

#endif

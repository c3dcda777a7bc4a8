/* The history's records: breaks, stretches of activity and challenges, as plain values. */
#ifndef MB_CORE_HISTORY_H
#define MB_CORE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The two kinds of break. */
enum mb_break_kind {
	MB_BREAK_MOVEMENT,
	MB_BREAK_MICRO,
};

enum mb_outcome {
	MB_OUTCOME_COMPLETED,
	MB_OUTCOME_PARTIAL,
	MB_OUTCOME_SKIPPED,
	/*
	 * What the daemon writes as a prompt is answered: offered (and not
	 * answered before the daemon stopped or the prompt was taken back),
	 * put off, and taken. A taken break's coach writes its own row.
	 */
	MB_OUTCOME_PROMPTED,
	MB_OUTCOME_POSTPONED,
	MB_OUTCOME_STARTED,
	/*
	 * A natural break the scheduler credited: the user was idle at least
	 * idle.natural_break, or the machine slept long. start_us/end_us are
	 * the idle spell (active_us its length), routine is "", kind movement,
	 * source manual (nobody prompted it). Appended last so the values above
	 * keep their numbers.
	 */
	MB_OUTCOME_NATURAL,
};

enum mb_source {
	/* Started by hand: `movebreak now`, `movebreak break`. */
	MB_SOURCE_MANUAL,
	/* Started from a prompt of the scheduler. */
	MB_SOURCE_PROMPT,
};

/** One break as it is recorded. Times are wall-clock microseconds since the epoch (UTC). */
struct mb_break_record {
	int64_t id;
	int64_t start_us, end_us;
	/* Time actually spent in the break, pauses excluded. */
	int64_t active_us;
	/* Planned length of the break at the dose it was run with. */
	int64_t planned_us;
	char routine[64];
	unsigned exercises_done, exercises_total;
	enum mb_outcome outcome;
	enum mb_source source;
	/* Movement or micro break. Rows from before schema 2: "micro-reset" is micro. */
	enum mb_break_kind kind;
	/*
	 * Coached at a time scale other than 1 (`--time-scale`): shown, not
	 * taken. Kept in the history, left out of every count. Schema 3.
	 */
	bool demo;
};

/**
 * One stretch of activity: from the first input after idle (or a resume, or
 * the end of a break) to the last input before idle, a suspend, a break or
 * the daemon stopping. Wall-clock microseconds since the epoch (UTC). A
 * stretch crossing midnight is stored whole; readers split it.
 */
struct mb_activity_record {
	int64_t start_us, end_us;
	/* Time counted as active within [start_us, end_us]. */
	int64_t active_us;
};

/** A habit challenge: `movebreak challenge`. */
struct mb_challenge_record {
	/* Set by mb_store_challenge_add(). */
	int64_t id;
	/* First day, YYYY-MM-DD in local time. */
	char start_date[11];
	/* Length in days, and the goal (breaks a day). */
	unsigned days, goal;
	/* Wall-clock microseconds since the epoch (UTC); stopped_us is 0 while not stopped. */
	int64_t created_us, stopped_us;
	/* A line describing how it went, filled when it ended, else "". */
	char summary[256];
	/* The program it follows (`--program NAME`), or "" for none. Schema 4. */
	char program[64];
};

/** Everything a store holds, as `movebreak export` writes it and `import` reads it. */
struct mb_store_bundle {
	struct mb_break_record *breaks;
	size_t breaks_len;
	struct mb_activity_record *activity;
	size_t activity_len;
	struct mb_challenge_record *challenges;
	size_t challenges_len;
};

/** "movement" or "micro". */
const char *mb_break_kind_name(enum mb_break_kind brk);

/** Set *out to the kind mb_break_kind_name() calls name; false (and *out untouched) if none. */
bool mb_break_kind_from_name(const char *name, enum mb_break_kind *out);

/** "completed", "partial", ...: the outcome's name in the history and in JSON. */
const char *mb_outcome_name(enum mb_outcome outcome);

/** "manual" or "prompt". */
const char *mb_source_name(enum mb_source source);

/** Set *out to the outcome mb_outcome_name() calls name; false (and *out untouched) if none. */
bool mb_outcome_from_name(const char *name, enum mb_outcome *out);

/** Set *out to the source mb_source_name() calls name; false (and *out untouched) if none. */
bool mb_source_from_name(const char *name, enum mb_source *out);

#endif

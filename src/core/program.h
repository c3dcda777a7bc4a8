/* The program model: a guided plan of days, each naming the routines of its breaks and their minutes. */
#ifndef MB_CORE_PROGRAM_H
#define MB_CORE_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Limits that keep a program readable and its loader safe
 * (doc/program-format.md gives them to writers). A program lasts as long as
 * a challenge may; a day names a handful of routines; a break lasts from
 * half a minute to the half hour a routine may take.
 */
#define MB_PROGRAM_DAYS_MAX 366
#define MB_PROGRAM_BLOCKS_MAX 366
#define MB_PROGRAM_DAY_ROUTINES_MAX 8
#define MB_PROGRAM_MINUTES_MIN 0.5
#define MB_PROGRAM_MINUTES_MAX 30.0

/** A run of days with the same plan: `{days: 7, routines: [a, b], minutes: 3}`. */
struct mb_program_block {
	/* How many days in a row follow this plan, at least 1. */
	unsigned days;
	/* The routines of a day's breaks, by name, in the order they are offered. */
	char **routines;
	size_t routines_len;
	/* The minutes each break is fitted to. */
	double minutes;
	/* Where the block starts in its file, 1-based. */
	int line, column;
};

/** A program as its file says it. Owned by whoever made it; free with mb_program_destroy(). */
struct mb_program {
	char *name, *title;
	/* NULL when the file has none. */
	char *summary;
	struct mb_program_block *blocks;
	size_t blocks_len;
	/* The days of every block together: the program's length. */
	unsigned days;
};

/** One day of a program: its routines and minutes, pointing into the program. */
struct mb_program_day {
	/* 1-based. */
	unsigned day;
	const char *const *routines;
	size_t routines_len;
	double minutes;
};

/** Free a program and everything in it. NULL-safe. */
void mb_program_destroy(struct mb_program *program);

/**
 * The plan of day `day` (1-based) into *out, whose pointers live as long as
 * the program. Returns true, or false when day is 0 or past the last day.
 */
bool mb_program_day(const struct mb_program *program, unsigned day, struct mb_program_day *out);

/**
 * Which of the day's routines comes next, given the names of the routines
 * completed today (done_len of them, in any order; names that are not the
 * day's are ignored). The next is the first routine of the day not yet
 * completed today; once each has been, the day starts over from the first,
 * so a second round goes the same way. A routine named twice in a day needs
 * two completions. Returns an index into day->routines (0 when the day has
 * none).
 */
size_t mb_program_next(const struct mb_program_day *day, const char *const *done, size_t done_len);

/**
 * How many of the day's routines have been completed today, once each at
 * most for each time the day names them (so at most day->routines_len).
 */
size_t mb_program_done_count(const struct mb_program_day *day, const char *const *done,
	size_t done_len);

#endif

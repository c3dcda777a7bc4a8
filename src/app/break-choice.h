/* Which routine a break runs: the day's next routine of a program, else the settings' choice. */
#ifndef MB_APP_BREAK_CHOICE_H
#define MB_APP_BREAK_CHOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/now-options.h"
#include "core/challenge.h"
#include "core/config.h"
#include "core/history.h"
#include "core/program.h"
#include "platform/store.h"

/**
 * Where a challenge that follows a program stands today: the day's plan and
 * what of it was done. Filled by mb_program_today_load(); free with
 * mb_program_today_finish().
 */
struct mb_program_today {
	/* A running challenge follows a program, and the program has a plan for today. */
	bool active;
	/* The program's name as the challenge keeps it ("" when none). */
	char name[64];
	/* The program, loaded (NULL when there is none or it cannot be loaded). */
	struct mb_program *program;
	/* Day k of N of the challenge, and today's plan (pointing into program). */
	unsigned day, days;
	struct mb_program_day plan;
	/* The routines of today's completed movement breaks, oldest first (malloc'd). */
	char (*done)[64];
	size_t done_len;
	/* Which of plan.routines comes next, passing over those not installed. */
	size_t next;
	/* False when none of today's routines is installed. */
	bool next_installed;
	/* Why the program could not be followed, for a warning ("" when it could). */
	char problem[256];
};

/**
 * Read today's plan: the challenge running on local day today, its program
 * (loaded by name, problems not printed but kept in t->problem), and the
 * completed movement breaks of today from store. Returns 0 (t->active says
 * whether a program applies) or a negative errno from the store.
 */
int mb_program_today_load(struct mb_program_today *t, struct mb_store *store, int64_t today);

/**
 * As mb_program_today_load(), with the current challenge already read (rec
 * and c as mb_challenge_find_current() gives them; rec NULL when there is
 * none), so that only today's breaks are read, and only when it follows a
 * program.
 */
int mb_program_today_from(struct mb_program_today *t, struct mb_store *store, int64_t today,
	const struct mb_challenge_record *rec, const struct mb_challenge *c);

/** Free what mb_program_today_load() allocated. NULL-safe. */
void mb_program_today_finish(struct mb_program_today *t);

/** The routine a break runs, and, when a program chose it, the program's minutes and day. */
struct mb_break_choice {
	char routine[MB_CONFIG_NAME_MAX];
	/* The program day's minutes; 0 when no program chose the routine. */
	double minutes;
	/* "Day 5 of 30" when a program chose the routine, else "". */
	char day_line[32];
	/* A warning to show, such as a program that names no installed routine; "" for none. */
	char warning[320];
};

/**
 * Choose the routine of the next break of kind brk on local day today: for
 * a movement break while a challenge follows a program, the day's next
 * routine (see mb_program_next(), passing over routines not installed) at
 * the day's minutes; otherwise the routine the settings name for brk.
 * store may be NULL (no history: the settings decide). Returns 0, or a
 * negative errno from the store, with out filled from the settings anyway.
 */
int mb_break_choose(struct mb_store *store, const struct mb_config *cfg, enum mb_break_kind brk,
	int64_t today, struct mb_break_choice *out);

/**
 * As mb_break_choose(), with the current challenge already read (rec and c
 * as mb_challenge_find_current() gives them; rec NULL when there is none),
 * as the daemon has it from the habit its prompt tells of.
 */
int mb_break_choose_from(struct mb_store *store, const struct mb_config *cfg,
	enum mb_break_kind brk, int64_t today, const struct mb_challenge_record *rec,
	const struct mb_challenge *c, struct mb_break_choice *out);

/**
 * What `movebreak now` (and its window) coaches: the routine named on the
 * command line as it is; else the daemon's MOVEBREAK_ROUTINE or the choice
 * of mb_break_choose() for the kind MOVEBREAK_BREAK names (movement unless
 * it says micro), from the user's settings and history. When a program
 * chose the routine, out->minutes and out->day_line say so; --minutes still
 * wins (the caller decides). Warnings are printed to stderr as "movebreak
 * CMD: warning: ...".
 */
void mb_now_choose(const char *cmd, const struct mb_now_request *req, struct mb_break_choice *out);

/** "Day 5 of 30 · Neck release" for a program's break, else title itself, into out. */
const char *mb_break_choice_title(const struct mb_break_choice *choice, const char *title,
	char *out, size_t len);

#endif

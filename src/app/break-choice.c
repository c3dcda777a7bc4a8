/* Which routine a break runs: a program's day, else the settings; one place for now and the daemon. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/break-choice.h"
#include "app/catalog.h"
#include "app/programs.h"
#include "app/settings.h"
#include "app/stats-data.h"
#include "platform/paths.h"

void mb_program_today_finish(struct mb_program_today *t)
{
	if (t == NULL)
		return;
	mb_program_destroy(t->program);
	free(t->done);
	memset(t, 0, sizeof(*t));
}

/* The routines of the completed, real movement breaks of local day `day`, oldest first. */
static int load_done(struct mb_store *store, int64_t day, struct mb_program_today *t)
{
	int64_t from_us, to_us;
	if (mb_stats_local_midnight(day, &from_us) < 0 ||
		mb_stats_local_midnight(day + 1, &to_us) < 0)
		return -ERANGE;
	struct mb_break_record *rows = NULL;
	size_t len = 0;
	int r = mb_store_breaks_between(store, from_us, to_us, &rows, &len);
	if (r < 0)
		return r;
	t->done = calloc(len ? len : 1, sizeof(*t->done));
	if (t->done == NULL) {
		free(rows);
		return -ENOMEM;
	}
	for (size_t i = 0; i < len; i++) {
		const struct mb_break_record *b = &rows[i];
		if (b->outcome != MB_OUTCOME_COMPLETED || b->demo || b->kind != MB_BREAK_MOVEMENT)
			continue;
		snprintf(t->done[t->done_len++], sizeof(t->done[0]), "%s", b->routine);
	}
	free(rows);
	return 0;
}

int mb_program_today_load(struct mb_program_today *t, struct mb_store *store, int64_t today)
{
	memset(t, 0, sizeof(*t));
	struct mb_challenge_record rec;
	struct mb_challenge c;
	int r = mb_challenge_find_current(store, today, &rec, &c);
	if (r < 0)
		return r;
	return mb_program_today_from(t, store, today, r == 1 ? &rec : NULL, &c);
}

int mb_program_today_from(struct mb_program_today *t, struct mb_store *store, int64_t today,
	const struct mb_challenge_record *found, const struct mb_challenge *challenge)
{
	memset(t, 0, sizeof(*t));
	if (found == NULL || found->program[0] == '\0')
		return 0;
	const struct mb_challenge_record rec = *found;
	const struct mb_challenge c = *challenge;
	int r;
	snprintf(t->name, sizeof(t->name), "%s", rec.program);
	t->days = c.days;
	if (today < c.start_day)
		return 0;
	t->day = (unsigned)(today - c.start_day + 1);
	int code = 0;
	t->program = mb_programs_load(rec.program, true, &code);
	if (t->program == NULL) {
		snprintf(t->problem, sizeof(t->problem),
			"the challenge follows the program '%s', which cannot be loaded "
			"(see 'movebreak programs show %s')",
			rec.program, rec.program);
		return 0;
	}
	if (!mb_program_day(t->program, t->day, &t->plan)) {
		snprintf(t->problem, sizeof(t->problem),
			"the program '%s' has no day %u (it has %u days now)", rec.program, t->day,
			t->program->days);
		return 0;
	}
	r = load_done(store, today, t);
	if (r < 0)
		return r;
	t->active = true;
	const char **done = calloc(t->done_len ? t->done_len : 1, sizeof(*done));
	if (done == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < t->done_len; i++)
		done[i] = t->done[i];
	size_t next = mb_program_next(&t->plan, done, t->done_len);
	free(done);
	/* A routine not installed is passed over: the day's next one that is, in turn. */
	for (size_t k = 0; k < t->plan.routines_len; k++) {
		size_t i = (next + k) % t->plan.routines_len;
		if (mb_catalog_exists(t->plan.routines[i])) {
			t->next = i;
			t->next_installed = true;
			break;
		}
	}
	if (!t->next_installed)
		snprintf(t->problem, sizeof(t->problem),
			"day %u of the program '%s' names no routine that is installed", t->day,
			rec.program);
	else if (t->next != next)
		snprintf(t->problem, sizeof(t->problem),
			"the routine '%s' of day %u of '%s' is not installed; offering '%s' instead",
			t->plan.routines[next], t->day, rec.program, t->plan.routines[t->next]);
	return 0;
}

/* How far back the rotation looks for the last break of a kind that ran. */
#define ROTATION_LOOK_BACK 256

/*
 * The next routine of a rotation: the one after the last that ran (a break
 * the coach completed, cut short or skipped, not a demo; the daemon's own
 * rows only offer), else the first.
 */
static int rotate(struct mb_store *store, enum mb_break_kind brk, char names[][MB_CONFIG_NAME_MAX],
	size_t n, size_t *next)
{
	*next = 0;
	if (store == NULL || n < 2)
		return 0;
	struct mb_break_record *rows = calloc(ROTATION_LOOK_BACK, sizeof(*rows));
	if (rows == NULL)
		return -ENOMEM;
	int got = mb_store_recent(store, rows, ROTATION_LOOK_BACK);
	for (int i = 0; i < got; i++) {
		const struct mb_break_record *b = &rows[i];
		bool ran = b->outcome == MB_OUTCOME_COMPLETED || b->outcome == MB_OUTCOME_PARTIAL ||
			b->outcome == MB_OUTCOME_SKIPPED;
		if (!ran || b->demo || b->kind != brk)
			continue;
		size_t k = 0;
		while (k < n && strcmp(names[k], b->routine) != 0)
			k++;
		if (k < n) {
			*next = (k + 1) % n;
			break;
		}
	}
	free(rows);
	return got < 0 ? got : 0;
}

int mb_break_choose_from(struct mb_store *store, const struct mb_config *cfg,
	enum mb_break_kind brk, int64_t today, const struct mb_challenge_record *rec,
	const struct mb_challenge *c, struct mb_break_choice *out)
{
	memset(out, 0, sizeof(*out));
	char names[MB_CONFIG_ROUTINES_MAX][MB_CONFIG_NAME_MAX];
	size_t n = mb_catalog_rotation(cfg, brk, names, MB_CONFIG_ROUTINES_MAX), next = 0;
	int rr = rotate(store, brk, names, n, &next);
	/* next < n, as rotate() says; the bound keeps -O3 from guessing past one name. */
	snprintf(out->routine, sizeof(out->routine), "%.*s", MB_CONFIG_NAME_MAX - 1, names[next]);
	if (store == NULL || brk != MB_BREAK_MOVEMENT)
		return rr;
	struct mb_program_today t;
	int r = mb_program_today_from(&t, store, today, rec, c);
	if (r == 0 && t.problem[0])
		snprintf(out->warning, sizeof(out->warning), "%s", t.problem);
	if (r == 0 && t.active && t.next_installed) {
		snprintf(out->routine, sizeof(out->routine), "%s", t.plan.routines[t.next]);
		out->minutes = t.plan.minutes;
		snprintf(out->day_line, sizeof(out->day_line), "Day %u of %u", t.day, t.days);
	}
	mb_program_today_finish(&t);
	return r < 0 ? r : rr;
}

int mb_break_choose(struct mb_store *store, const struct mb_config *cfg, enum mb_break_kind brk,
	int64_t today, struct mb_break_choice *out)
{
	struct mb_challenge_record rec;
	struct mb_challenge c;
	int r = store && brk == MB_BREAK_MOVEMENT ?
		mb_challenge_find_current(store, today, &rec, &c) :
		0;
	if (r < 0) {
		mb_break_choose_from(store, cfg, brk, today, NULL, NULL, out);
		return r;
	}
	return mb_break_choose_from(store, cfg, brk, today, r == 1 ? &rec : NULL, &c, out);
}

/* The history for reading the plan: the schema checked only, nothing printed. */
static struct mb_store *open_history(void)
{
	char path[4096], aside[4200], err[512];
	if (mb_paths_history_db(path, sizeof(path)) < 0)
		return NULL;
	return mb_store_sqlite_open_checked(path, MB_STORE_CHECK_SCHEMA, aside, sizeof(aside), err,
		sizeof(err));
}

void mb_now_choose(const char *cmd, const struct mb_now_request *req, struct mb_break_choice *out)
{
	memset(out, 0, sizeof(*out));
	if (req->routine_named) {
		snprintf(out->routine, sizeof(out->routine), "%s", req->routine);
		return;
	}
	const char *env_kind = getenv("MOVEBREAK_BREAK");
	enum mb_break_kind brk = MB_BREAK_MOVEMENT;
	if (env_kind && !mb_break_kind_from_name(env_kind, &brk))
		brk = MB_BREAK_MOVEMENT;
	/* Problems in the file are the daemon's to report; good keys still apply. */
	struct mb_config cfg;
	struct mb_diags diags = { 0 };
	mb_settings_load(NULL, false, &cfg, &diags, NULL, 0);
	int64_t today = 0, now_us = 0;
	char err[128];
	struct mb_store *store = mb_stats_now(&today, &now_us, err, sizeof(err)) == 0 ?
		open_history() :
		NULL;
	int r = mb_break_choose(store, &cfg, brk, today, out);
	mb_store_destroy(store);
	if (r < 0)
		fprintf(stderr, "movebreak %s: warning: cannot read the challenge's program: %s\n",
			cmd, strerror(-r));
	else if (out->warning[0])
		fprintf(stderr, "movebreak %s: warning: %s\n", cmd, out->warning);
	/* The daemon names the routine it offered; the program's day applies when it is that one. */
	if (req->routine && strcmp(req->routine, out->routine) != 0) {
		snprintf(out->routine, sizeof(out->routine), "%s", req->routine);
		out->minutes = 0;
		out->day_line[0] = '\0';
	}
}

const char *mb_break_choice_title(const struct mb_break_choice *choice, const char *title,
	char *out, size_t len)
{
	if (choice->day_line[0])
		snprintf(out, len, "%s \xc2\xb7 %s", choice->day_line, title ? title : "");
	else
		snprintf(out, len, "%s", title ? title : "");
	return out;
}

/* The SQLite store's rows: breaks, stretches of activity and challenges, written and read. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/store-sqlite-internal.h"

int mb_sqlite_prepare(struct mb_sqlite_store *store)
{
	int rc = sqlite3_prepare_v2(store->db,
		"INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,"
		" exercises_done, exercises_total, outcome, source, kind, demo)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		-1, &store->insert, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(store->db,
			"SELECT " MB_SQLITE_BREAK_COLUMNS
			" FROM breaks ORDER BY start_us DESC, id DESC LIMIT ?",
			-1, &store->recent, NULL);
	/* The daemon writes one per stretch of activity: keep it ready. */
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(store->db,
			"INSERT INTO activity (start_us, end_us, active_us) VALUES (?, ?, ?)", -1,
			&store->insert_activity, NULL);
	return rc;
}

int mb_sqlite_bind_break(sqlite3_stmt *stmt, int first, const struct mb_break_record *record)
{
	int i = first;
	int rc = sqlite3_bind_int64(stmt, i++, record->start_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, i++, record->end_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, i++, record->active_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, i++, record->planned_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, i++, record->routine,
			(int)strnlen(record->routine, sizeof(record->routine)), SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, i++, record->exercises_done);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, i++, record->exercises_total);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, i++, mb_outcome_name(record->outcome), -1,
			SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, i++, mb_source_name(record->source), -1,
			SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, i++, mb_break_kind_name(record->kind), -1,
			SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(stmt, i++, record->demo ? 1 : 0);
	return rc;
}

int mb_sqlite_add(struct mb_store *base, struct mb_break_record *record)
{
	struct mb_sqlite_store *store = mb_sqlite_downcast(base);
	int r = mb_sqlite_begin_write(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt = store->insert;
	sqlite3_reset(stmt);
	int rc = mb_sqlite_bind_break(stmt, 1, record);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		record->id = sqlite3_last_insert_rowid(store->db);
	else
		r = mb_sqlite_fail(store, rc, "write");
	mb_sqlite_end_write(store);
	return r;
}

/* Fill r from a row of MB_SQLITE_BREAK_COLUMNS. Returns 0 or -EBADMSG. */
static int read_break(sqlite3_stmt *stmt, struct mb_break_record *r)
{
	*r = (struct mb_break_record){
		.id = sqlite3_column_int64(stmt, 0),
		.start_us = sqlite3_column_int64(stmt, 1),
		.end_us = sqlite3_column_int64(stmt, 2),
		.active_us = sqlite3_column_int64(stmt, 3),
		.planned_us = sqlite3_column_int64(stmt, 4),
		.exercises_done = (unsigned)sqlite3_column_int64(stmt, 6),
		.exercises_total = (unsigned)sqlite3_column_int64(stmt, 7),
		.demo = sqlite3_column_int(stmt, 11) != 0,
	};
	const char *routine = (const char *)sqlite3_column_text(stmt, 5);
	snprintf(r->routine, sizeof(r->routine), "%s", routine ? routine : "");
	/* Only a newer schema writes other names, and those files are refused at open. */
	if (!mb_outcome_from_name((const char *)sqlite3_column_text(stmt, 8), &r->outcome) ||
		!mb_source_from_name((const char *)sqlite3_column_text(stmt, 9), &r->source) ||
		!mb_break_kind_from_name((const char *)sqlite3_column_text(stmt, 10), &r->kind))
		return -EBADMSG;
	return 0;
}

/* A row holding a name read_break() does not know. */
static int fail_row(struct mb_sqlite_store *store)
{
	mb_sqlite_set_error(store,
		"cannot read %s: a break has an outcome, source or kind this "
		"movebreak does not know",
		store->path);
	return -EBADMSG;
}

int mb_sqlite_recent(struct mb_store *base, struct mb_break_record *out, size_t max)
{
	struct mb_sqlite_store *store = mb_sqlite_downcast(base);
	int r = mb_sqlite_begin_read(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt = store->recent;
	if (max > INT_MAX)
		max = INT_MAX;
	sqlite3_reset(stmt);
	int rc = sqlite3_bind_int64(stmt, 1, (sqlite3_int64)max);
	size_t n = 0;
	while (rc == SQLITE_OK && n < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (read_break(stmt, &out[n]) < 0) {
			sqlite3_reset(stmt);
			return fail_row(store);
		}
		n++;
		rc = SQLITE_OK;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		return mb_sqlite_fail(store, rc, "read");
	return (int)n;
}

/* Turns one result row into the element at item; 0 or a negative errno. */
typedef int (*read_row_fn)(sqlite3_stmt *stmt, void *item);

/*
 * Step stmt to the end, growing a malloc'd array of elem-sized items. On
 * success hands it to *out and *len and returns the count; on failure frees
 * it. Finalizes stmt either way.
 */
static int collect(struct mb_sqlite_store *store, sqlite3_stmt *stmt, size_t elem,
	read_row_fn read_row, void *out, size_t *len)
{
	char *items = NULL;
	size_t n = 0, cap = 0;
	int r = 0, rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == INT_MAX) {
			r = -EOVERFLOW;
			break;
		}
		if (n == cap) {
			size_t more = cap ? cap * 2 : 64;
			char *p = realloc(items, more * elem);
			if (!p) {
				r = -ENOMEM;
				break;
			}
			items = p;
			cap = more;
		}
		r = read_row(stmt, items + n * elem);
		if (r < 0) {
			fail_row(store);
			break;
		}
		n++;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = mb_sqlite_fail(store, rc, "read");
	else if (r == -ENOMEM || r == -EOVERFLOW)
		mb_sqlite_set_error(store, "cannot read %s: %s", store->path, strerror(-r));
	sqlite3_finalize(stmt);
	if (r < 0 || n == 0) {
		free(items);
		return r;
	}
	*(void **)out = items;
	*len = n;
	return (int)n;
}

static int read_break_row(sqlite3_stmt *stmt, void *item)
{
	return read_break(stmt, item);
}

/*
 * Run sql in a read transaction with the int64 arguments ?1 .. ?n bound, and
 * collect its rows as collect() does. Returns the count or a negative errno.
 */
static int select_rows(struct mb_sqlite_store *store, const char *sql, int n, const int64_t *args,
	size_t elem, read_row_fn read_row, void *out, size_t *len)
{
	int r = mb_sqlite_begin_read(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
	for (int i = 0; rc == SQLITE_OK && i < n; i++)
		rc = sqlite3_bind_int64(stmt, i + 1, args[i]);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return mb_sqlite_fail(store, rc, "read");
	}
	return collect(store, stmt, elem, read_row, out, len);
}

int mb_sqlite_breaks_between(struct mb_store *base, int64_t from_us, int64_t to_us,
	struct mb_break_record **out, size_t *len)
{
	const int64_t args[] = { from_us, to_us };
	return select_rows(mb_sqlite_downcast(base),
		"SELECT " MB_SQLITE_BREAK_COLUMNS
		" FROM breaks WHERE start_us >= ?1 AND start_us < ?2 ORDER BY start_us, id",
		2, args, sizeof(**out), read_break_row, out, len);
}

int mb_sqlite_activity_add(struct mb_store *base, const struct mb_activity_record *record)
{
	struct mb_sqlite_store *store = mb_sqlite_downcast(base);
	int r = mb_sqlite_begin_write(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt = store->insert_activity;
	sqlite3_reset(stmt);
	int rc = sqlite3_bind_int64(stmt, 1, record->start_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 2, record->end_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 3, record->active_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		r = mb_sqlite_fail(store, rc, "write");
	mb_sqlite_end_write(store);
	return r;
}

static int read_activity_row(sqlite3_stmt *stmt, void *item)
{
	struct mb_activity_record *a = item;
	*a = (struct mb_activity_record){
		.start_us = sqlite3_column_int64(stmt, 0),
		.end_us = sqlite3_column_int64(stmt, 1),
		.active_us = sqlite3_column_int64(stmt, 2),
	};
	return 0;
}

int mb_sqlite_activity_between(struct mb_store *base, int64_t from_us, int64_t to_us,
	struct mb_activity_record **out, size_t *len)
{
	const int64_t args[] = { from_us, to_us };
	return select_rows(mb_sqlite_downcast(base),
		"SELECT start_us, end_us, active_us FROM activity"
		" WHERE start_us < ?2 AND (end_us > ?1 OR (end_us = start_us AND start_us >= ?1))"
		" ORDER BY start_us, id",
		2, args, sizeof(**out), read_activity_row, out, len);
}

int mb_sqlite_bind_challenge(sqlite3_stmt *stmt, const struct mb_challenge_record *rec)
{
	int rc = sqlite3_bind_text(stmt, 1, rec->start_date,
		(int)strnlen(rec->start_date, sizeof(rec->start_date)), SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 2, rec->days);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 3, rec->goal);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 4, rec->created_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 5, rec->stopped_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 6, rec->summary,
			(int)strnlen(rec->summary, sizeof(rec->summary)), SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 7, rec->program,
			(int)strnlen(rec->program, sizeof(rec->program)), SQLITE_TRANSIENT);
	return rc;
}

int mb_sqlite_challenge_add(struct mb_store *base, struct mb_challenge_record *rec)
{
	struct mb_sqlite_store *store = mb_sqlite_downcast(base);
	int r = mb_sqlite_begin_write(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store->db,
		MB_SQLITE_CHALLENGE_INSERT " VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = mb_sqlite_bind_challenge(stmt, rec);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		rec->id = sqlite3_last_insert_rowid(store->db);
	else
		r = mb_sqlite_fail(store, rc, "write");
	mb_sqlite_end_write(store);
	return r;
}

int mb_sqlite_challenge_update(struct mb_store *base, const struct mb_challenge_record *rec)
{
	struct mb_sqlite_store *store = mb_sqlite_downcast(base);
	int r = mb_sqlite_begin_write(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store->db,
		"UPDATE challenges SET start_date = ?1, days = ?2, goal = ?3, created_us = ?4,"
		" stopped_us = ?5, summary = ?6, program = ?7 WHERE id = ?8",
		-1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = mb_sqlite_bind_challenge(stmt, rec);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 8, rec->id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		r = mb_sqlite_fail(store, rc, "write");
	else if (sqlite3_changes(store->db) == 0)
		r = -ENOENT;
	mb_sqlite_end_write(store);
	return r;
}

static int read_challenge_row(sqlite3_stmt *stmt, void *item)
{
	struct mb_challenge_record *c = item;
	*c = (struct mb_challenge_record){
		.id = sqlite3_column_int64(stmt, 0),
		.days = (unsigned)sqlite3_column_int64(stmt, 2),
		.goal = (unsigned)sqlite3_column_int64(stmt, 3),
		.created_us = sqlite3_column_int64(stmt, 4),
		.stopped_us = sqlite3_column_int64(stmt, 5),
	};
	const char *date = (const char *)sqlite3_column_text(stmt, 1);
	const char *summary = (const char *)sqlite3_column_text(stmt, 6);
	const char *program = (const char *)sqlite3_column_text(stmt, 7);
	snprintf(c->start_date, sizeof(c->start_date), "%s", date ? date : "");
	snprintf(c->summary, sizeof(c->summary), "%s", summary ? summary : "");
	snprintf(c->program, sizeof(c->program), "%s", program ? program : "");
	return 0;
}

int mb_sqlite_challenges(struct mb_store *base, struct mb_challenge_record **out, size_t *len)
{
	return select_rows(mb_sqlite_downcast(base),
		"SELECT id, start_date, days, goal, created_us, stopped_us, summary, program"
		" FROM challenges ORDER BY created_us, id",
		0, NULL, sizeof(**out), read_challenge_row, out, len);
}

int mb_sqlite_data_version(struct mb_store *base, int64_t *version)
{
	struct mb_sqlite_store *store = mb_sqlite_downcast(base);
	int value = 0;
	int rc = mb_sqlite_read_int(store->db, "PRAGMA data_version", &value);
	if (rc != SQLITE_OK)
		return mb_sqlite_fail(store, rc, "read");
	*version = value;
	return 0;
}

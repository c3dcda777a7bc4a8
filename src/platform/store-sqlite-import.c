/* Import into the SQLite store: one transaction, leaving out the rows already there. */
#include <stdint.h>

#include "platform/store-sqlite-internal.h"

static int max_id(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Step a prepared INSERT once and count what it added. */
static int step_insert(sqlite3 *db, sqlite3_stmt *stmt, int *added)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		*added += sqlite3_changes(db);
		rc = SQLITE_OK;
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc;
}

/*
 * Compare only with rows there before the import (id <= the largest id
 * then), so identical rows inside one file all arrive, and a second import
 * of that file finds every one of them.
 */
int mb_sqlite_import(struct mb_store *base, const struct mb_store_bundle *bundle)
{
	struct mb_sqlite_store *store = mb_sqlite_downcast(base);
	int r = mb_sqlite_begin_write(store);
	if (r < 0)
		return r;
	sqlite3 *db = store->db;
	sqlite3_stmt *brk = NULL, *act = NULL, *chal = NULL;
	int64_t brk_max = 0, act_max = 0, chal_max = 0;
	int added = 0;
	int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = max_id(db, "SELECT COALESCE(MAX(id), 0) FROM breaks", &brk_max);
	if (rc == SQLITE_OK)
		rc = max_id(db, "SELECT COALESCE(MAX(id), 0) FROM activity", &act_max);
	if (rc == SQLITE_OK)
		rc = max_id(db, "SELECT COALESCE(MAX(id), 0) FROM challenges", &chal_max);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			"INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,"
			" exercises_done, exercises_total, outcome, source, kind, demo)"
			" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 WHERE NOT EXISTS ("
			" SELECT 1 FROM breaks WHERE id <= ?12 AND start_us = ?1 AND end_us = ?2"
			" AND active_us = ?3 AND planned_us = ?4 AND routine = ?5"
			" AND exercises_done = ?6 AND exercises_total = ?7 AND outcome = ?8"
			" AND source = ?9 AND kind = ?10 AND demo = ?11)",
			-1, &brk, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			"INSERT INTO activity (start_us, end_us, active_us)"
			" SELECT ?1, ?2, ?3 WHERE NOT EXISTS ("
			" SELECT 1 FROM activity WHERE id <= ?4 AND start_us = ?1)",
			-1, &act, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			MB_SQLITE_CHALLENGE_INSERT
			" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS ("
			" SELECT 1 FROM challenges WHERE id <= ?8 AND created_us = ?4)",
			-1, &chal, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < bundle->breaks_len; i++) {
		rc = mb_sqlite_bind_break(brk, 1, &bundle->breaks[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(brk, 12, brk_max);
		if (rc == SQLITE_OK)
			rc = step_insert(db, brk, &added);
	}
	for (size_t i = 0; rc == SQLITE_OK && i < bundle->activity_len; i++) {
		const struct mb_activity_record *a = &bundle->activity[i];
		rc = sqlite3_bind_int64(act, 1, a->start_us);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(act, 2, a->end_us);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(act, 3, a->active_us);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(act, 4, act_max);
		if (rc == SQLITE_OK)
			rc = step_insert(db, act, &added);
	}
	for (size_t i = 0; rc == SQLITE_OK && i < bundle->challenges_len; i++) {
		rc = mb_sqlite_bind_challenge(chal, &bundle->challenges[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(chal, 8, chal_max);
		if (rc == SQLITE_OK)
			rc = step_insert(db, chal, &added);
	}
	sqlite3_finalize(brk);
	sqlite3_finalize(act);
	sqlite3_finalize(chal);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		r = mb_sqlite_fail(store, rc, "write");
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	mb_sqlite_end_write(store);
	return r < 0 ? r : added;
}

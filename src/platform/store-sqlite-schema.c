/* The SQLite store's schema: its version, the migrations to it, and what a history holds. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "platform/store-sqlite-internal.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Each step takes the schema from version i to i + 1 and runs inside its own
 * transaction. Never edit a released step: add a new one, so every existing
 * file walks the same path to the current version.
 */
static int migrate_to_1(sqlite3 *db)
{
	return sqlite3_exec(db,
		"CREATE TABLE breaks ("
		" id INTEGER PRIMARY KEY,"
		" start_us INTEGER NOT NULL,"
		" end_us INTEGER NOT NULL,"
		" active_us INTEGER NOT NULL,"
		" planned_us INTEGER NOT NULL,"
		" routine TEXT NOT NULL,"
		" exercises_done INTEGER NOT NULL,"
		" exercises_total INTEGER NOT NULL,"
		" outcome TEXT NOT NULL,"
		" source TEXT NOT NULL);"
		"CREATE INDEX breaks_start_us ON breaks(start_us);",
		NULL, NULL, NULL);
}

/*
 * 2: the kind of each break (old rows: the micro-reset routine was the only
 * micro break), stretches of activity, and habit challenges.
 */
static int migrate_to_2(sqlite3 *db)
{
	return sqlite3_exec(db,
		"ALTER TABLE breaks ADD COLUMN kind TEXT NOT NULL DEFAULT 'movement';"
		"UPDATE breaks SET kind = 'micro' WHERE routine = 'micro-reset';"
		"CREATE TABLE activity ("
		" id INTEGER PRIMARY KEY,"
		" start_us INTEGER NOT NULL,"
		" end_us INTEGER NOT NULL,"
		" active_us INTEGER NOT NULL);"
		"CREATE INDEX activity_start_us ON activity(start_us);"
		"CREATE INDEX activity_end_us ON activity(end_us);"
		"CREATE TABLE challenges ("
		" id INTEGER PRIMARY KEY,"
		" start_date TEXT NOT NULL,"
		" days INTEGER NOT NULL,"
		" goal INTEGER NOT NULL,"
		" created_us INTEGER NOT NULL,"
		" stopped_us INTEGER NOT NULL DEFAULT 0,"
		" summary TEXT NOT NULL DEFAULT '');"
		"CREATE INDEX challenges_created_us ON challenges(created_us);",
		NULL, NULL, NULL);
}

/* 3: demo breaks, coached at another time scale, which no count includes. */
static int migrate_to_3(sqlite3 *db)
{
	return sqlite3_exec(db, "ALTER TABLE breaks ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;",
		NULL, NULL, NULL);
}

/* 4: the program a challenge follows ('' for none). */
static int migrate_to_4(sqlite3 *db)
{
	return sqlite3_exec(db,
		"ALTER TABLE challenges ADD COLUMN program TEXT NOT NULL DEFAULT '';", NULL, NULL,
		NULL);
}

static int (*const migrations[])(sqlite3 *db) = {
	migrate_to_1,
	migrate_to_2,
	migrate_to_3,
	migrate_to_4,
};

_Static_assert(LEN(migrations) == MB_SQLITE_SCHEMA_VERSION,
	"MB_SQLITE_SCHEMA_VERSION counts the migrations");

/* The tables the steps make, and the version that brought each. */
static const struct {
	const char *name;
	int since;
} tables[] = {
	{ "breaks", 1 },
	{ "activity", 2 },
	{ "challenges", 2 },
};

int mb_sqlite_read_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* First column of the one row sql gives, as text compared with want. */
static int read_is(sqlite3 *db, const char *sql, const char *want, bool *is)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(stmt, 0);
		*is = text && strcmp((const char *)text, want) == 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * Switch db to WAL. Processes setting up one new file at once collide here:
 * the switch reads the file and then asks for the write lock, and SQLite
 * answers a reader asking for it with SQLITE_BUSY at once, without waiting.
 * By the time it looks again the other one has switched the file.
 */
int mb_sqlite_set_wal(sqlite3 *db, bool *wal)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int rc = read_is(db, "PRAGMA journal_mode", "wal", wal);
		if (rc == SQLITE_OK && !*wal)
			rc = read_is(db, "PRAGMA journal_mode = WAL", "wal", wal);
		clock_gettime(CLOCK_MONOTONIC, &now);
		int64_t waited_ms = (now.tv_sec - start.tv_sec) * 1000 +
			(now.tv_nsec - start.tv_nsec) / 1000000;
		if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= MB_SQLITE_BUSY_TIMEOUT_MS)
			return rc;
		sqlite3_sleep(5);
	}
}

/* PRAGMA quick_check answers one row "ok", or rows describing what is wrong. */
int mb_sqlite_quick_check(sqlite3 *db, bool *ok)
{
	return read_is(db, "PRAGMA quick_check(1)", "ok", ok);
}

/*
 * Read the schema version and whether the file's tables are a history's, in
 * one read transaction, so a migration another process commits meanwhile is
 * seen whole or not at all. A file that is not a history gets the reason in
 * foreign ("" when it is one): at version 0 anything in its schema, else a
 * table no step made or a table its version should have and has not.
 */
int mb_sqlite_read_schema(sqlite3 *db, int *version, char *foreign, size_t foreign_len)
{
	foreign[0] = '\0';
	int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = mb_sqlite_read_int(db, "PRAGMA user_version", version);
	sqlite3_stmt *stmt = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			"SELECT type, name FROM sqlite_master"
			" WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
			-1, &stmt, NULL);
	bool seen[LEN(tables)] = { false };
	while (rc == SQLITE_OK && !foreign[0] && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		const char *type = (const char *)sqlite3_column_text(stmt, 0);
		const char *name = (const char *)sqlite3_column_text(stmt, 1);
		if (!type || !name)
			continue;
		if (*version == 0) {
			snprintf(foreign, foreign_len, "it has a %s \"%s\"", type, name);
			break;
		}
		if (strcmp(type, "table") != 0 || *version > MB_SQLITE_SCHEMA_VERSION)
			continue;
		size_t i = 0;
		while (i < LEN(tables) && strcmp(name, tables[i].name) != 0)
			i++;
		if (i == LEN(tables))
			snprintf(foreign, foreign_len, "it has a table \"%s\"", name);
		else
			seen[i] = true;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(stmt);
	for (size_t i = 0; rc == SQLITE_OK && !foreign[0] && i < LEN(tables); i++)
		if (*version >= tables[i].since && *version <= MB_SQLITE_SCHEMA_VERSION && !seen[i])
			snprintf(foreign, foreign_len, "it has no table \"%s\"", tables[i].name);
	sqlite3_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Walk the steps from the file's version to ours, each under the write lock. */
int mb_sqlite_migrate(struct mb_sqlite_store *store)
{
	sqlite3 *db = store->db;
	for (;;) {
		/*
		 * IMMEDIATE takes the write lock before reading the version again, so
		 * two processes opening a new file at once cannot both run a step.
		 */
		int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return mb_sqlite_fail(store, rc, "update the schema of");
		int version = 0;
		rc = mb_sqlite_read_int(db, "PRAGMA user_version", &version);
		if (rc == SQLITE_OK && version == MB_SQLITE_SCHEMA_VERSION) {
			rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			if (rc != SQLITE_OK)
				return mb_sqlite_fail(store, rc, "update the schema of");
			return 0;
		}
		if (rc == SQLITE_OK && (version < 0 || version > MB_SQLITE_SCHEMA_VERSION)) {
			/* Open checked the version; only another writer racing us gets here. */
			mb_sqlite_set_error(store, "%s changed to schema version %d while opening",
				store->path, version);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -EBUSY;
		}
		if (rc == SQLITE_OK)
			rc = migrations[version](db);
		/* Pragmas take no parameters; the value is our own integer. */
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version + 1);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			char why[512];
			int r = mb_sqlite_describe(store, rc, why, sizeof(why));
			mb_sqlite_set_error(store,
				"cannot update the schema of %s from version %d to %d: %s",
				store->path, version, version + 1, why);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return r;
		}
	}
}

/* The history store on SQLite: one file, WAL journal, schema versioned by migrations. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "platform/paths.h"
#include "platform/store.h"

/* Long enough to ride out another movebreak process writing a break. */
#define BUSY_TIMEOUT_MS 5000

struct sqlite_store {
	struct mb_store base;
	sqlite3 *db;
	sqlite3_stmt *insert, *recent;
};

static const struct mb_store_impl impl;

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

static int (*const migrations[])(sqlite3 *db) = {
	migrate_to_1,
};

#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

enum open_result {
	OPEN_OK,
	OPEN_FAILED,
	/* The file is not a database or fails its integrity check. */
	OPEN_CORRUPT,
};

static void set_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t len, const char *fmt, ...)
{
	if (!err || len == 0)
		return;
	va_list args;
	va_start(args, fmt);
	vsnprintf(err, len, fmt, args);
	va_end(args);
}

static bool is_corrupt(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static int errno_from(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_READONLY:
		return -EROFS;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return -EACCES;
	case SQLITE_TOOBIG:
	case SQLITE_RANGE:
		return -EINVAL;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return -EBADMSG;
	default:
		return -EIO;
	}
}

/* Describe the last failure, with the system's reason when SQLite has one. */
static void set_db_err(char *err, size_t len, sqlite3 *db, const char *what, const char *path)
{
	int sys = db ? sqlite3_system_errno(db) : 0;
	const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
	if (sys)
		set_err(err, len, "cannot %s %s: %s (%s)", what, path, msg, strerror(sys));
	else
		set_err(err, len, "cannot %s %s: %s", what, path, msg);
}

static int read_int(sqlite3 *db, const char *sql, int *out)
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

/* PRAGMA quick_check answers one row "ok", or rows describing what is wrong. */
static int quick_check(sqlite3 *db, bool *ok)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(stmt, 0);
		*ok = text && strcmp((const char *)text, "ok") == 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int migrate(sqlite3 *db, char *err, size_t err_len, const char *path)
{
	for (;;) {
		/*
		 * IMMEDIATE takes the write lock before reading the version, so two
		 * processes opening a new file at once cannot both run a step.
		 */
		int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		int version = 0;
		if (rc == SQLITE_OK)
			rc = read_int(db, "PRAGMA user_version", &version);
		if (rc == SQLITE_OK && version == SCHEMA_VERSION) {
			rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			if (rc == SQLITE_OK)
				return 0;
		} else if (rc == SQLITE_OK && (version < 0 || version > SCHEMA_VERSION)) {
			/* Open checked the version; only another writer racing us gets here. */
			set_err(err, err_len, "%s changed to schema version %d while opening",
				path, version);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		} else if (rc == SQLITE_OK) {
			rc = migrations[version](db);
			/* Pragmas take no parameters; the value is our own integer. */
			char sql[64];
			snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version + 1);
			if (rc == SQLITE_OK)
				rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
			if (rc == SQLITE_OK)
				rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		}
		if (rc != SQLITE_OK) {
			set_err(err, err_len, "cannot update the schema of %s from version %d: %s",
				path, version, sqlite3_errmsg(db));
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
}

/*
 * Look for SQLite's magic ourselves: SQLite opens a -wal and -shm it finds
 * beside any file before it reads the header, and would rewrite them.
 */
static bool has_foreign_header(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[sizeof(magic)];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false; /* Missing or unreadable: SQLite creates it or says why. */
	ssize_t n = read(fd, head, sizeof(head));
	close(fd);
	/* An empty file is a valid empty database. */
	return n > 0 && ((size_t)n < sizeof(head) || memcmp(head, magic, sizeof(head)) != 0);
}

/* Open path, check it, migrate it and prepare the statements. */
static enum open_result try_open(struct sqlite_store *store, const char *path, char *err,
	size_t err_len)
{
	if (has_foreign_header(path))
		return OPEN_CORRUPT;
	int rc = sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
		NULL);
	if (rc != SQLITE_OK) {
		set_db_err(err, err_len, store->db, "open", path);
		return OPEN_FAILED;
	}
	sqlite3_busy_timeout(store->db, BUSY_TIMEOUT_MS);

	/* Cheap at this size (no index cross-checks), and it finds truncation and torn pages. */
	bool ok = false;
	rc = quick_check(store->db, &ok);
	if (is_corrupt(rc) || (rc == SQLITE_OK && !ok))
		return OPEN_CORRUPT;
	if (rc != SQLITE_OK) {
		set_db_err(err, err_len, store->db, "read", path);
		return OPEN_FAILED;
	}

	/* A newer movebreak's file is healthy: leave it untouched for that version. */
	int version = 0;
	rc = read_int(store->db, "PRAGMA user_version", &version);
	if (rc != SQLITE_OK) {
		set_db_err(err, err_len, store->db, "read", path);
		return OPEN_FAILED;
	}
	if (version < 0) {
		set_err(err, err_len, "%s has history schema version %d, which movebreak never wrote",
			path, version);
		return OPEN_FAILED;
	}
	if (version > SCHEMA_VERSION) {
		set_err(err, err_len, "%s has history schema version %d, newer than this movebreak "
			"understands (%d); not writing to it, update movebreak to use it",
			path, version, SCHEMA_VERSION);
		return OPEN_FAILED;
	}

	/* WAL lets the daemon write while a `movebreak history` reads. */
	rc = sqlite3_exec(store->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		set_db_err(err, err_len, store->db, "set up", path);
		return OPEN_FAILED;
	}
	if (migrate(store->db, err, err_len, path) < 0)
		return OPEN_FAILED;

	rc = sqlite3_prepare_v2(store->db,
		"INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,"
		" exercises_done, exercises_total, outcome, source)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		-1, &store->insert, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(store->db,
			"SELECT id, start_us, end_us, active_us, planned_us, routine,"
			" exercises_done, exercises_total, outcome, source"
			" FROM breaks ORDER BY start_us DESC, id DESC LIMIT ?",
			-1, &store->recent, NULL);
	if (rc != SQLITE_OK) {
		set_db_err(err, err_len, store->db, "prepare statements for", path);
		return OPEN_FAILED;
	}
	return OPEN_OK;
}

static void close_db(struct sqlite_store *store)
{
	sqlite3_finalize(store->insert);
	sqlite3_finalize(store->recent);
	sqlite3_close(store->db);
	store->insert = store->recent = NULL;
	store->db = NULL;
}

static bool path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 || errno != ENOENT;
}

/*
 * Rename a damaged file and its journals to path.corrupt-YYYYMMDD-HHMMSS[-N]
 * so nothing is lost and a fresh database can take its place. The journals
 * belong to the damaged file; left behind, SQLite would delete them or apply
 * them to the new one.
 */
static int move_aside(const char *path, char *aside, size_t aside_len)
{
	static const char *const companions[] = { "-wal", "-shm", "-journal" };
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) || strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm) == 0)
		return -EINVAL;

	int n = snprintf(aside, aside_len, "%s.corrupt-%s", path, stamp);
	for (int i = 1; n >= 0 && (size_t)n < aside_len && path_exists(aside); i++) {
		if (i > 999)
			return -EEXIST;
		n = snprintf(aside, aside_len, "%s.corrupt-%s-%d", path, stamp, i);
	}
	if (n < 0 || (size_t)n >= aside_len)
		return -ENAMETOOLONG;
	if (rename(path, aside) < 0)
		return -errno;

	for (size_t i = 0; i < sizeof(companions) / sizeof(companions[0]); i++) {
		char from[PATH_MAX], to[PATH_MAX];
		if (snprintf(from, sizeof(from), "%s%s", path, companions[i]) >= (int)sizeof(from) ||
			snprintf(to, sizeof(to), "%s%s", aside, companions[i]) >= (int)sizeof(to))
			return -ENAMETOOLONG;
		if (rename(from, to) < 0 && errno != ENOENT)
			return -errno;
	}
	return 0;
}

static struct sqlite_store *downcast(struct mb_store *store)
{
	assert(store->impl == &impl);
	return (struct sqlite_store *)store;
}

struct mb_store *mb_store_sqlite_open(const char *path, char *moved_aside, size_t moved_len,
	char *err, size_t err_len)
{
	if (moved_aside && moved_len)
		moved_aside[0] = '\0';
	if (err && err_len)
		err[0] = '\0';

	char dir[PATH_MAX];
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir)) {
		set_err(err, err_len, "history path too long: %s", path);
		return NULL;
	}
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		int r = mb_paths_mkdir_p(dir);
		if (r < 0) {
			set_err(err, err_len, "cannot create directory %s: %s", dir, strerror(-r));
			return NULL;
		}
	}

	struct sqlite_store *store = calloc(1, sizeof(*store));
	if (!store) {
		set_err(err, err_len, "out of memory");
		return NULL;
	}
	store->base.impl = &impl;

	enum open_result res = try_open(store, path, err, err_len);
	if (res == OPEN_CORRUPT) {
		/* Leave the damaged file's WAL as it is rather than checkpoint it on close. */
		if (store->db)
			sqlite3_db_config(store->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		close_db(store);
		char aside[PATH_MAX + 64];
		int r = move_aside(path, aside, sizeof(aside));
		if (r < 0) {
			set_err(err, err_len, "%s is damaged and could not be moved aside: %s",
				path, strerror(-r));
			goto fail;
		}
		if (moved_aside && moved_len)
			snprintf(moved_aside, moved_len, "%s", aside);
		res = try_open(store, path, err, err_len);
		if (res == OPEN_CORRUPT)
			set_err(err, err_len, "the new database at %s failed its check too", path);
	}
	if (res != OPEN_OK)
		goto fail;
	return &store->base;

fail:
	close_db(store);
	free(store);
	return NULL;
}

static int add(struct mb_store *base, struct mb_break_record *record)
{
	struct sqlite_store *store = downcast(base);
	sqlite3_stmt *stmt = store->insert;
	sqlite3_reset(stmt);
	int rc = sqlite3_bind_int64(stmt, 1, record->start_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 2, record->end_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 3, record->active_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 4, record->planned_us);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 5, record->routine,
			(int)strnlen(record->routine, sizeof(record->routine)), SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 6, record->exercises_done);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 7, record->exercises_total);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 8, mb_outcome_name(record->outcome), -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 9, mb_source_name(record->source), -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return errno_from(rc);
	record->id = sqlite3_last_insert_rowid(store->db);
	return 0;
}

/* Map stored text back to an enum value through the names we write. */
static bool parse_outcome(const char *text, enum mb_outcome *out)
{
	for (enum mb_outcome o = MB_OUTCOME_COMPLETED; o <= MB_OUTCOME_STARTED; o++) {
		if (text && strcmp(text, mb_outcome_name(o)) == 0) {
			*out = o;
			return true;
		}
	}
	return false;
}

static bool parse_source(const char *text, enum mb_source *out)
{
	for (enum mb_source s = MB_SOURCE_MANUAL; s <= MB_SOURCE_PROMPT; s++) {
		if (text && strcmp(text, mb_source_name(s)) == 0) {
			*out = s;
			return true;
		}
	}
	return false;
}

static int recent(struct mb_store *base, struct mb_break_record *out, size_t max)
{
	struct sqlite_store *store = downcast(base);
	sqlite3_stmt *stmt = store->recent;
	if (max > INT_MAX)
		max = INT_MAX;
	sqlite3_reset(stmt);
	int rc = sqlite3_bind_int64(stmt, 1, (sqlite3_int64)max);
	size_t n = 0;
	while (rc == SQLITE_OK && n < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct mb_break_record *r = &out[n];
		*r = (struct mb_break_record){
			.id = sqlite3_column_int64(stmt, 0),
			.start_us = sqlite3_column_int64(stmt, 1),
			.end_us = sqlite3_column_int64(stmt, 2),
			.active_us = sqlite3_column_int64(stmt, 3),
			.planned_us = sqlite3_column_int64(stmt, 4),
			.exercises_done = (unsigned)sqlite3_column_int64(stmt, 6),
			.exercises_total = (unsigned)sqlite3_column_int64(stmt, 7),
		};
		const char *routine = (const char *)sqlite3_column_text(stmt, 5);
		snprintf(r->routine, sizeof(r->routine), "%s", routine ? routine : "");
		/* Only a newer schema writes other names, and those files are refused at open. */
		if (!parse_outcome((const char *)sqlite3_column_text(stmt, 8), &r->outcome) ||
			!parse_source((const char *)sqlite3_column_text(stmt, 9), &r->source)) {
			sqlite3_reset(stmt);
			return -EBADMSG;
		}
		n++;
		rc = SQLITE_OK;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		return errno_from(rc);
	return (int)n;
}

static void destroy(struct mb_store *base)
{
	struct sqlite_store *store = downcast(base);
	close_db(store);
	free(store);
}

static const struct mb_store_impl impl = {
	.name = "sqlite",
	.add = add,
	.recent = recent,
	.destroy = destroy,
};

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
	sqlite3_stmt *insert, *recent, *insert_activity;
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

static int (*const migrations[])(sqlite3 *db) = {
	migrate_to_1,
	migrate_to_2,
};

/* The columns read_break() expects, in its order. */
#define BREAK_COLUMNS "id, start_us, end_us, active_us, planned_us, routine," \
	" exercises_done, exercises_total, outcome, source, kind"

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
static enum open_result try_open(struct sqlite_store *store, const char *path,
	enum mb_store_check check, char *err, size_t err_len)
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

	/*
	 * quick_check skips the index cross-checks but still reads every page: it
	 * finds truncation and torn pages. Reading the schema finds a broken header.
	 */
	bool ok = true;
	if (check == MB_STORE_CHECK_PAGES)
		rc = quick_check(store->db, &ok);
	else
		rc = sqlite3_exec(store->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
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
		" exercises_done, exercises_total, outcome, source, kind)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		-1, &store->insert, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(store->db,
			"SELECT " BREAK_COLUMNS
			" FROM breaks ORDER BY start_us DESC, id DESC LIMIT ?",
			-1, &store->recent, NULL);
	/* The daemon writes one per stretch of activity: keep it ready. */
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(store->db,
			"INSERT INTO activity (start_us, end_us, active_us) VALUES (?, ?, ?)",
			-1, &store->insert_activity, NULL);
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
	sqlite3_finalize(store->insert_activity);
	sqlite3_close(store->db);
	store->insert = store->recent = store->insert_activity = NULL;
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
	return mb_store_sqlite_open_checked(path, MB_STORE_CHECK_PAGES, moved_aside, moved_len,
		err, err_len);
}

struct mb_store *mb_store_sqlite_open_checked(const char *path, enum mb_store_check check,
	char *moved_aside, size_t moved_len, char *err, size_t err_len)
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

	enum open_result res = try_open(store, path, check, err, err_len);
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
		res = try_open(store, path, check, err, err_len);
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

/* Bind a break's fields as ?first .. ?first+9, in the order of the INSERT's columns. */
static int bind_break(sqlite3_stmt *stmt, int first, const struct mb_break_record *record)
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
		rc = sqlite3_bind_text(stmt, i++, mb_outcome_name(record->outcome), -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, i++, mb_source_name(record->source), -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, i++, mb_break_kind_name(record->kind), -1, SQLITE_STATIC);
	return rc;
}

static int add(struct mb_store *base, struct mb_break_record *record)
{
	struct sqlite_store *store = downcast(base);
	sqlite3_stmt *stmt = store->insert;
	sqlite3_reset(stmt);
	int rc = bind_break(stmt, 1, record);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return errno_from(rc);
	record->id = sqlite3_last_insert_rowid(store->db);
	return 0;
}

static bool parse_kind(const char *text, enum mb_break_kind *out)
{
	static const enum mb_break_kind kinds[] = { MB_BREAK_MOVEMENT, MB_BREAK_MICRO };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (text && strcmp(text, mb_break_kind_name(kinds[i])) == 0) {
			*out = kinds[i];
			return true;
		}
	}
	return false;
}

/* Fill r from a row of BREAK_COLUMNS. Returns 0 or -EBADMSG. */
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
	};
	const char *routine = (const char *)sqlite3_column_text(stmt, 5);
	snprintf(r->routine, sizeof(r->routine), "%s", routine ? routine : "");
	/* Only a newer schema writes other names, and those files are refused at open. */
	if (!mb_outcome_from_name((const char *)sqlite3_column_text(stmt, 8), &r->outcome) ||
		!mb_source_from_name((const char *)sqlite3_column_text(stmt, 9), &r->source) ||
		!parse_kind((const char *)sqlite3_column_text(stmt, 10), &r->kind))
		return -EBADMSG;
	return 0;
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
		if (read_break(stmt, &out[n]) < 0) {
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

/* Turns one result row into the element at item; 0 or a negative errno. */
typedef int (*read_row_fn)(sqlite3_stmt *stmt, void *item);

/*
 * Step stmt to the end, growing a malloc'd array of elem-sized items. On
 * success hands it to *out and *len and returns the count; on failure frees
 * it. Finalizes stmt either way.
 */
static int collect(sqlite3_stmt *stmt, size_t elem, read_row_fn read_row, void *out, size_t *len)
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
		if (r < 0)
			break;
		n++;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = errno_from(rc);
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

/* Prepare sql and bind the int64 arguments ?1 .. ?n. Returns an SQLite code. */
static int prepare_with(sqlite3 *db, const char *sql, sqlite3_stmt **stmt, int n,
	const int64_t *args)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, stmt, NULL);
	for (int i = 0; rc == SQLITE_OK && i < n; i++)
		rc = sqlite3_bind_int64(*stmt, i + 1, args[i]);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(*stmt);
		*stmt = NULL;
	}
	return rc;
}

static int breaks_between(struct mb_store *base, int64_t from_us, int64_t to_us,
	struct mb_break_record **out, size_t *len)
{
	struct sqlite_store *store = downcast(base);
	sqlite3_stmt *stmt;
	const int64_t args[] = { from_us, to_us };
	int rc = prepare_with(store->db,
		"SELECT " BREAK_COLUMNS " FROM breaks WHERE start_us >= ?1 AND start_us < ?2"
		" ORDER BY start_us, id", &stmt, 2, args);
	if (rc != SQLITE_OK)
		return errno_from(rc);
	return collect(stmt, sizeof(**out), read_break_row, out, len);
}

static int activity_add(struct mb_store *base, const struct mb_activity_record *record)
{
	struct sqlite_store *store = downcast(base);
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
	return rc == SQLITE_DONE ? 0 : errno_from(rc);
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

static int activity_between(struct mb_store *base, int64_t from_us, int64_t to_us,
	struct mb_activity_record **out, size_t *len)
{
	struct sqlite_store *store = downcast(base);
	sqlite3_stmt *stmt;
	const int64_t args[] = { from_us, to_us };
	int rc = prepare_with(store->db,
		"SELECT start_us, end_us, active_us FROM activity"
		" WHERE start_us < ?2 AND (end_us > ?1 OR (end_us = start_us AND start_us >= ?1))"
		" ORDER BY start_us, id", &stmt, 2, args);
	if (rc != SQLITE_OK)
		return errno_from(rc);
	return collect(stmt, sizeof(**out), read_activity_row, out, len);
}

/* Bind a challenge's fields but id as ?1 .. ?6, in the order of the columns. */
static int bind_challenge(sqlite3_stmt *stmt, const struct mb_challenge_record *rec)
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
	return rc;
}

#define CHALLENGE_INSERT "INSERT INTO challenges (start_date, days, goal, created_us," \
	" stopped_us, summary)"

static int challenge_add(struct mb_store *base, struct mb_challenge_record *rec)
{
	struct sqlite_store *store = downcast(base);
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store->db, CHALLENGE_INSERT " VALUES (?, ?, ?, ?, ?, ?)", -1,
		&stmt, NULL);
	if (rc == SQLITE_OK)
		rc = bind_challenge(stmt, rec);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return errno_from(rc);
	rec->id = sqlite3_last_insert_rowid(store->db);
	return 0;
}

static int challenge_update(struct mb_store *base, const struct mb_challenge_record *rec)
{
	struct sqlite_store *store = downcast(base);
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store->db,
		"UPDATE challenges SET start_date = ?1, days = ?2, goal = ?3, created_us = ?4,"
		" stopped_us = ?5, summary = ?6 WHERE id = ?7", -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = bind_challenge(stmt, rec);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 7, rec->id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return errno_from(rc);
	return sqlite3_changes(store->db) > 0 ? 0 : -ENOENT;
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
	snprintf(c->start_date, sizeof(c->start_date), "%s", date ? date : "");
	snprintf(c->summary, sizeof(c->summary), "%s", summary ? summary : "");
	return 0;
}

static int challenges(struct mb_store *base, struct mb_challenge_record **out, size_t *len)
{
	struct sqlite_store *store = downcast(base);
	sqlite3_stmt *stmt;
	int rc = prepare_with(store->db,
		"SELECT id, start_date, days, goal, created_us, stopped_us, summary"
		" FROM challenges ORDER BY created_us, id", &stmt, 0, NULL);
	if (rc != SQLITE_OK)
		return errno_from(rc);
	return collect(stmt, sizeof(**out), read_challenge_row, out, len);
}

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
static int import(struct mb_store *base, const struct mb_store_bundle *bundle)
{
	struct sqlite_store *store = downcast(base);
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
			" exercises_done, exercises_total, outcome, source, kind)"
			" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE NOT EXISTS ("
			" SELECT 1 FROM breaks WHERE id <= ?11 AND start_us = ?1 AND end_us = ?2"
			" AND active_us = ?3 AND planned_us = ?4 AND routine = ?5"
			" AND exercises_done = ?6 AND exercises_total = ?7 AND outcome = ?8"
			" AND source = ?9 AND kind = ?10)", -1, &brk, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			"INSERT INTO activity (start_us, end_us, active_us)"
			" SELECT ?1, ?2, ?3 WHERE NOT EXISTS ("
			" SELECT 1 FROM activity WHERE id <= ?4 AND start_us = ?1)", -1, &act, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			CHALLENGE_INSERT " SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS ("
			" SELECT 1 FROM challenges WHERE id <= ?7 AND created_us = ?4)", -1, &chal,
			NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < bundle->breaks_len; i++) {
		rc = bind_break(brk, 1, &bundle->breaks[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(brk, 11, brk_max);
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
		rc = bind_challenge(chal, &bundle->challenges[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(chal, 7, chal_max);
		if (rc == SQLITE_OK)
			rc = step_insert(db, chal, &added);
	}
	sqlite3_finalize(brk);
	sqlite3_finalize(act);
	sqlite3_finalize(chal);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int r = errno_from(rc);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return r;
	}
	return added;
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
	.breaks_between = breaks_between,
	.activity_add = activity_add,
	.activity_between = activity_between,
	.challenge_add = challenge_add,
	.challenge_update = challenge_update,
	.challenges = challenges,
	.import = import,
	.destroy = destroy,
};

/* The SQLite store's parts, shared by its files (store-sqlite*.c); nothing else includes it. */
#ifndef MB_PLATFORM_STORE_SQLITE_INTERNAL_H
#define MB_PLATFORM_STORE_SQLITE_INTERNAL_H

#include <assert.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <sqlite3.h>

#include "platform/store.h"

/* Long enough to ride out another movebreak process writing a break. */
#define MB_SQLITE_BUSY_TIMEOUT_MS 5000

/* The version the migrations in store-sqlite-schema.c bring a file to: one per step. */
#define MB_SQLITE_SCHEMA_VERSION 4

/* The columns of a break row, in the order the row readers expect them. */
#define MB_SQLITE_BREAK_COLUMNS \
	"id, start_us, end_us, active_us, planned_us, routine," \
	" exercises_done, exercises_total, outcome, source, kind, demo"

/* An INSERT of a challenge's fields but id, in mb_sqlite_bind_challenge()'s order. */
#define MB_SQLITE_CHALLENGE_INSERT \
	"INSERT INTO challenges (start_date, days, goal, created_us," \
	" stopped_us, summary, program)"

/* One file, whatever name it has now. */
struct mb_sqlite_file_id {
	dev_t dev;
	ino_t ino;
};

struct mb_sqlite_store {
	struct mb_store base;
	sqlite3 *db;
	sqlite3_stmt *insert, *recent, *insert_activity;
	char *path;
	enum mb_store_check check;
	/*
	 * path + ".lock": shared while a process opens, writes or closes the
	 * history, exclusive while one moves a damaged file aside. -1 where it
	 * cannot be opened (a read-only directory, where nothing can be moved).
	 */
	int lock_fd;
	/* The file db has open. */
	struct mb_sqlite_file_id id;
	/* The file could only be opened for reading. */
	bool read_only;
	/* Why the last call failed, for mb_store_last_error(). */
	char error[PATH_MAX + 256];
};

/* The store's table of functions (store-sqlite.c). */
extern const struct mb_store_impl mb_sqlite_impl;

/** The SQLite store that store is; asserts that it is one. */
static inline struct mb_sqlite_store *mb_sqlite_downcast(struct mb_store *store)
{
	assert(store->impl == &mb_sqlite_impl);
	return (struct mb_sqlite_store *)store;
}

/* ---- why a call failed (store-sqlite-error.c) ---- */

/** printf into err (len bytes); nothing when err is NULL or len 0. */
void mb_sqlite_set_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* printf into store->error, the text mb_store_last_error() gives. */
#define mb_sqlite_set_error(store, ...) \
	mb_sqlite_set_err((store)->error, sizeof((store)->error), __VA_ARGS__)

/** The directory path is in, into dir (len bytes): "." for a bare name, "/" at the root. */
void mb_sqlite_dir_of(const char *path, char *dir, size_t len);

/**
 * Why path cannot be written, as a negative errno and words in *why: the
 * file system, the disk, the file's mode, its directory's. sys is what the
 * system or SQLite said (0 when nothing). *why is NULL when none of these is
 * it; it points to static text otherwise.
 */
int mb_sqlite_why_unwritable(const char *path, int sys, const char **why);

/**
 * The reason for a failed SQLite call (code rc) on store: returns a negative
 * errno and writes words into why (len bytes).
 */
int mb_sqlite_describe(struct mb_sqlite_store *store, int rc, char *why, size_t len);

/**
 * Record a failed SQLite call in store->error as "cannot VERB PATH: reason".
 * Returns the negative errno mb_sqlite_describe() gives.
 */
int mb_sqlite_fail(struct mb_sqlite_store *store, int rc, const char *verb);

/* ---- the schema and its migrations (store-sqlite-schema.c) ---- */

/** The first column of the one row sql gives, as an int, into *out. Returns an SQLite code. */
int mb_sqlite_read_int(sqlite3 *db, const char *sql, int *out);

/**
 * Switch db to WAL, waiting out other processes switching the same new file
 * (up to MB_SQLITE_BUSY_TIMEOUT_MS). *wal says whether it is in WAL now.
 * Returns an SQLite code.
 */
int mb_sqlite_set_wal(sqlite3 *db, bool *wal);

/** PRAGMA quick_check: *ok is true when every page reads sound. Returns an SQLite code. */
int mb_sqlite_quick_check(sqlite3 *db, bool *ok);

/**
 * Read the schema version into *version and, in one read transaction,
 * whether the file's tables are a history's: a file that is not one gets
 * the reason in foreign (foreign_len bytes), else "". Returns an SQLite code.
 */
int mb_sqlite_read_schema(sqlite3 *db, int *version, char *foreign, size_t foreign_len);

/**
 * Walk the migrations from the file's version to MB_SQLITE_SCHEMA_VERSION,
 * each step in its own transaction under the write lock. Returns 0, or a
 * negative errno with the reason in store->error.
 */
int mb_sqlite_migrate(struct mb_sqlite_store *store);

/* ---- opening, locking and moving a damaged file aside (store-sqlite-open.c) ---- */

/** Take (LOCK_SH, LOCK_EX) or drop (LOCK_UN) the lock file's flock; no-op without one. */
void mb_sqlite_lock(struct mb_sqlite_store *store, int op);

/** Open (creating, mode 0600) path + ".lock"; returns its descriptor, or -1. */
int mb_sqlite_open_lock(const char *path);

/**
 * Open the history at store->path, moving a damaged one aside (its new name
 * into moved_aside, moved_len bytes, when not NULL); a process that finds it
 * moved by another opens the new one. Called and returns under the shared
 * lock. Returns 0, or -1 with the reason in store->error.
 */
int mb_sqlite_open_locked(struct mb_sqlite_store *store, char *moved_aside, size_t moved_len);

/** Finalize the prepared statements and close the database. store->db is NULL after. */
void mb_sqlite_close_db(struct mb_sqlite_store *store);

/**
 * Before a write: take the shared lock, so the file is not moved aside
 * under it, and make store->db the file now at the path. Returns 0 with the
 * lock held (mb_sqlite_end_write() releases it), or a negative errno with
 * the reason in store->error and the lock released.
 */
int mb_sqlite_begin_write(struct mb_sqlite_store *store);

/** Release the lock mb_sqlite_begin_write() took. */
void mb_sqlite_end_write(struct mb_sqlite_store *store);

/**
 * Before a read: clears store->error, and a store whose reopening failed
 * tries again. Returns 0 or a negative errno.
 */
int mb_sqlite_begin_read(struct mb_sqlite_store *store);

/* ---- reading and writing rows (store-sqlite-rows.c) ---- */

/**
 * Prepare the statements kept ready on store->db: the break and activity
 * INSERTs and the newest breaks. Returns an SQLite code.
 */
int mb_sqlite_prepare(struct mb_sqlite_store *store);

/**
 * Bind a break's fields as ?first .. ?first+9, in the order of the INSERT's
 * columns. Returns an SQLite code.
 */
int mb_sqlite_bind_break(sqlite3_stmt *stmt, int first, const struct mb_break_record *record);

/** Bind a challenge's fields but id as ?1 .. ?6, in the order of the columns. */
int mb_sqlite_bind_challenge(sqlite3_stmt *stmt, const struct mb_challenge_record *rec);

/** The store's add, as struct mb_store_impl describes it. */
int mb_sqlite_add(struct mb_store *base, struct mb_break_record *record);

/** The store's recent. */
int mb_sqlite_recent(struct mb_store *base, struct mb_break_record *out, size_t max);

/** The store's breaks_between. */
int mb_sqlite_breaks_between(struct mb_store *base, int64_t from_us, int64_t to_us,
	struct mb_break_record **out, size_t *len);

/** The store's activity_add. */
int mb_sqlite_activity_add(struct mb_store *base, const struct mb_activity_record *record);

/** The store's activity_between. */
int mb_sqlite_activity_between(struct mb_store *base, int64_t from_us, int64_t to_us,
	struct mb_activity_record **out, size_t *len);

/** The store's challenge_add. */
int mb_sqlite_challenge_add(struct mb_store *base, struct mb_challenge_record *rec);

/** The store's challenge_update. */
int mb_sqlite_challenge_update(struct mb_store *base, const struct mb_challenge_record *rec);

/** The store's challenges. */
int mb_sqlite_challenges(struct mb_store *base, struct mb_challenge_record **out, size_t *len);

/** The store's data_version, as mb_store_data_version() describes it. */
int mb_sqlite_data_version(struct mb_store *base, int64_t *version);

/* ---- import (store-sqlite-import.c) ---- */

/** The store's import, as mb_store_import() describes it. */
int mb_sqlite_import(struct mb_store *base, const struct mb_store_bundle *bundle);

#endif

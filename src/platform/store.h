/* The history store: where finished, cut-short and skipped breaks are kept. */
#ifndef MB_PLATFORM_STORE_H
#define MB_PLATFORM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/history.h"

struct mb_store;

/** What every store implementation provides. */
struct mb_store_impl {
	const char *name;
	/** Append a record; sets record->id on success. Returns 0 or a negative errno. */
	int (*add)(struct mb_store *store, struct mb_break_record *record);
	/**
	 * Fill out with up to max records, newest first. Returns the number
	 * filled or a negative errno.
	 */
	int (*recent)(struct mb_store *store, struct mb_break_record *out, size_t max);
	/** See mb_store_breaks_between(). */
	int (*breaks_between)(struct mb_store *store, int64_t from_us, int64_t to_us,
		struct mb_break_record **out, size_t *len);
	/** See mb_store_activity_add(). */
	int (*activity_add)(struct mb_store *store, const struct mb_activity_record *record);
	/** See mb_store_activity_between(). */
	int (*activity_between)(struct mb_store *store, int64_t from_us, int64_t to_us,
		struct mb_activity_record **out, size_t *len);
	/** See mb_store_challenge_add(). */
	int (*challenge_add)(struct mb_store *store, struct mb_challenge_record *rec);
	/** See mb_store_challenge_update(). */
	int (*challenge_update)(struct mb_store *store, const struct mb_challenge_record *rec);
	/** See mb_store_challenges(). */
	int (*challenges)(struct mb_store *store, struct mb_challenge_record **out, size_t *len);
	/** See mb_store_import(). */
	int (*import)(struct mb_store *store, const struct mb_store_bundle *bundle);
	/** See mb_store_data_version(); NULL where nobody else can write. */
	int (*data_version)(struct mb_store *store, int64_t *version);
	/** See mb_store_last_error(); NULL where failures need no more than their errno. */
	const char *(*last_error)(struct mb_store *store);
	void (*destroy)(struct mb_store *store);
};

/** Base of every store; implementations embed it first. */
struct mb_store {
	const struct mb_store_impl *impl;
};

/** How much of the history file an open reads to find damage before use. */
enum mb_store_check {
	/*
	 * Every page (PRAGMA quick_check): finds torn and truncated files at
	 * once, at a cost that grows with the history (about 40 ms for ten
	 * dense years). For the writers: the daemon, the coach, import.
	 */
	MB_STORE_CHECK_PAGES,
	/*
	 * The header and the schema only, at a fixed cost; damage deeper in
	 * shows as a read error of the command. For commands that only read.
	 */
	MB_STORE_CHECK_SCHEMA,
};

/**
 * Open the SQLite history at path, creating it (mode 0600) and its directory
 * (0700) as needed, and migrate its schema to the current version. Checks
 * every page (MB_STORE_CHECK_PAGES).
 *
 * A file that is not a usable database is renamed aside with its -wal, -shm
 * and -journal, to path + ".corrupt-YYYYMMDD-HHMMSS" (or "...-N" when that
 * name is taken; no name is ever replaced), and a fresh history created;
 * *moved_aside (if not NULL) receives the new name, else "". Any number of
 * processes may open one damaged file at once: they take turns on a lock
 * (flock on path + ".lock"), only the file found damaged is moved, once, and
 * the others open the new history without moving anything.
 *
 * Refused and left as they are: a directory at path, a file from a newer
 * schema, and an SQLite database that is not a movebreak history (a schema
 * at version 0 that is not empty, or tables that are not ours). A history
 * file that this process may not write is refused too, unless check is
 * MB_STORE_CHECK_SCHEMA (see there).
 *
 * The user's own files that group or others may read (older versions made
 * them 0644) are tightened to 0600 when opened for writing.
 *
 * Returns NULL on failure with the reason in err, naming the path: "cannot
 * write PATH: the file is read-only", "...: the file system is read-only",
 * "...: the disk is full", "cannot use PATH: a directory is at the history
 * path", "PATH has history schema version N, newer than ...".
 */
struct mb_store *mb_store_sqlite_open(const char *path, char *moved_aside, size_t moved_len,
	char *err, size_t err_len);

/**
 * mb_store_sqlite_open(), checking as much of the file as check says.
 * Opening takes no write lock when the schema is current. With
 * MB_STORE_CHECK_SCHEMA, a history this process cannot write (a read-only
 * file, directory or file system) opens read-only when its schema is
 * current: reads work, and writes fail (-EACCES or -EROFS) with the reason
 * in mb_store_last_error().
 */
struct mb_store *mb_store_sqlite_open_checked(const char *path, enum mb_store_check check,
	char *moved_aside, size_t moved_len, char *err, size_t err_len);

/** A store that keeps nothing (`--no-record`). */
struct mb_store *mb_store_none_create(void);

/**
 * Append a record through the store's implementation. NULL store: -EINVAL.
 * On the SQLite store, this and every other write first checks that the file
 * is still the one at the path: when another process moved it aside as
 * damaged, the store opens the new history and writes there.
 */
int mb_store_add(struct mb_store *store, struct mb_break_record *record);

/** Read up to max records, newest first. */
int mb_store_recent(struct mb_store *store, struct mb_break_record *out, size_t max);

/**
 * Breaks whose start_us lies in [from_us, to_us), oldest first (by start_us,
 * then id). On success *out is a malloc'd array the caller frees with
 * free() (NULL when there are none) and *len its length. Returns the count
 * (as int; more than INT_MAX rows is -EOVERFLOW) or a negative errno, with
 * *out NULL and *len 0.
 */
int mb_store_breaks_between(struct mb_store *store, int64_t from_us, int64_t to_us,
	struct mb_break_record **out, size_t *len);

/**
 * Record one stretch of activity (one INSERT). start_us <= end_us and
 * 0 <= active_us <= end_us - start_us, else -EINVAL. Returns 0 or a
 * negative errno.
 */
int mb_store_activity_add(struct mb_store *store, const struct mb_activity_record *record);

/**
 * Stretches of activity overlapping [from_us, to_us) (start_us < to_us and
 * end_us > from_us; a stretch of zero length counts when start_us is in
 * the range), oldest first, whole (not clipped to the range). *out and *len
 * and the return value as mb_store_breaks_between().
 */
int mb_store_activity_between(struct mb_store *store, int64_t from_us, int64_t to_us,
	struct mb_activity_record **out, size_t *len);

/**
 * Add a challenge; sets rec->id. start_date must be YYYY-MM-DD, else
 * -EINVAL. Returns 0 or a negative errno.
 */
int mb_store_challenge_add(struct mb_store *store, struct mb_challenge_record *rec);

/**
 * Replace the challenge with rec->id by rec (every field but id). Returns 0,
 * -ENOENT when there is no such challenge, or another negative errno.
 */
int mb_store_challenge_update(struct mb_store *store, const struct mb_challenge_record *rec);

/**
 * Every challenge, oldest first (by created_us, then id). *out and *len and
 * the return value as mb_store_breaks_between().
 */
int mb_store_challenges(struct mb_store *store, struct mb_challenge_record **out, size_t *len);

/**
 * Merge a bundle (ids ignored) in one transaction: a record equal to one
 * already stored before this call is left out, so importing the same file
 * twice changes nothing. Equal means: breaks by every field but id;
 * activity by start_us; challenges by created_us. On failure nothing is
 * written. Returns the number of records added or a negative errno.
 */
int mb_store_import(struct mb_store *store, const struct mb_store_bundle *bundle);

/**
 * A number that changes whenever another process (or another open store)
 * has written to the history since the last call: SQLite's data_version.
 * Returns 0 with *version set, or a negative errno (-ENOSYS for a store
 * nobody else writes to).
 */
int mb_store_data_version(struct mb_store *store, int64_t *version);

/**
 * Why the last call on store failed, as a sentence naming the history file
 * ("cannot write PATH: the disk is full", "cannot read PATH: the history
 * file is damaged"), to print after a negative return. "" when the last call
 * succeeded or the store has nothing to add to the errno (none, fake, NULL).
 * The text stays valid until the next call on store.
 */
const char *mb_store_last_error(struct mb_store *store);

/** Close the store. NULL-safe. */
void mb_store_destroy(struct mb_store *store);

#endif

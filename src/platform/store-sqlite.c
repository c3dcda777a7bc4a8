/* The history store on SQLite: one file, WAL journal, schema versioned by migrations. */
#define _GNU_SOURCE /* renameat2, RENAME_NOREPLACE, AT_EACCESS */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "platform/paths.h"
#include "platform/store.h"

/* Long enough to ride out another movebreak process writing a break. */
#define BUSY_TIMEOUT_MS 5000
/* Opens that may find the damaged file already moved aside by another process. */
#define OPEN_ATTEMPTS 8

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* One file, whatever name it has now. */
struct file_id {
	dev_t dev;
	ino_t ino;
};

struct sqlite_store {
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
	struct file_id id;
	/* The file could only be opened for reading. */
	bool read_only;
	/* Why the last call failed, for mb_store_last_error(). */
	char error[PATH_MAX + 256];
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

/* The tables the steps make, and the version that brought each. */
static const struct {
	const char *name;
	int since;
} tables[] = {
	{ "breaks", 1 },
	{ "activity", 2 },
	{ "challenges", 2 },
};

/* The columns read_break() expects, in its order. */
#define BREAK_COLUMNS "id, start_us, end_us, active_us, planned_us, routine," \
	" exercises_done, exercises_total, outcome, source, kind"

#define SCHEMA_VERSION ((int)LEN(migrations))

/* The companions SQLite keeps beside a database; they belong to that file. */
static const char *const companions[] = { "-wal", "-shm", "-journal" };

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

#define set_error(store, ...) set_err((store)->error, sizeof((store)->error), __VA_ARGS__)

static bool is_corrupt(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static bool same_file(const struct stat *st, const struct file_id *id)
{
	return st->st_dev == id->dev && st->st_ino == id->ino;
}

/* path with suffix appended, or false when it does not fit. */
static bool join(char *buf, size_t len, const char *path, const char *suffix)
{
	int n = snprintf(buf, len, "%s%s", path, suffix);
	return n >= 0 && (size_t)n < len;
}

/* The directory path is in ("." for a bare name). */
static void dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, len, ".");
	else if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

static bool fs_read_only(const char *path)
{
	char dir[PATH_MAX];
	struct statvfs fs;
	dir_of(path, dir, sizeof(dir));
	return statvfs(dir, &fs) == 0 && (fs.f_flag & ST_RDONLY);
}

/*
 * Why a write that SQLite says did not fit failed, when it kept no errno: a
 * disk without room, or else the process's file size limit (ulimit -f),
 * which SQLite reports as SQLITE_FULL for a short write and as an I/O error
 * for one refused outright. 0 when neither.
 */
static int full_errno(const char *path)
{
	char dir[PATH_MAX];
	struct statvfs fs;
	struct rlimit lim;
	dir_of(path, dir, sizeof(dir));
	if (statvfs(dir, &fs) == 0 && (unsigned long long)fs.f_bavail * fs.f_frsize < 1024 * 1024)
		return ENOSPC;
	if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
		return EFBIG;
	return 0;
}

/*
 * Why path cannot be written, as a negative errno and words: the file
 * system, the disk, the file's mode, its directory's. sys is what the system
 * or SQLite said (0 when nothing). NULL words when none of these is it.
 */
static int why_unwritable(const char *path, int sys, const char **why)
{
	char dir[PATH_MAX];
	struct stat st;
	dir_of(path, dir, sizeof(dir));
	if (sys == EROFS || fs_read_only(path)) {
		*why = "the file system is read-only";
		return -EROFS;
	}
	switch (sys) {
	case ENOSPC:
		*why = "the disk is full";
		return -ENOSPC;
	case EDQUOT:
		*why = "the disk quota is used up";
		return -EDQUOT;
	case EFBIG:
		*why = "the file has reached the size limit of this process (ulimit -f)";
		return -EFBIG;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		*why = "a directory is at the history path";
		return -EISDIR;
	}
	if (stat(path, &st) == 0 && faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) < 0 &&
		errno == EACCES) {
		*why = "the file is read-only";
		return -EACCES;
	}
	/* Writing needs the -wal and -shm beside the file, made in the directory. */
	if (faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) < 0 && errno == EACCES) {
		*why = "its directory is not writable";
		return -EACCES;
	}
	*why = NULL;
	return sys ? -sys : -EACCES;
}

/*
 * The reason for a failed SQLite call on store: a negative errno and words
 * in why (which has room for len bytes).
 */
static int describe(struct sqlite_store *store, int rc, char *why, size_t len)
{
	int sys = store->db ? sqlite3_system_errno(store->db) : 0;
	const char *msg = store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc);
	const char *words = NULL;
	int r;
	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		words = "the history file is damaged";
		r = -EBADMSG;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(why, len, "another movebreak process held the history for %d s; try again",
			BUSY_TIMEOUT_MS / 1000);
		return -EBUSY;
	case SQLITE_NOMEM:
		words = "out of memory";
		r = -ENOMEM;
		break;
	case SQLITE_FULL:
		sys = full_errno(store->path);
		r = why_unwritable(store->path, sys ? sys : ENOSPC, &words);
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
	case SQLITE_CANTOPEN:
		r = why_unwritable(store->path, sys, &words);
		break;
	case SQLITE_IOERR:
		if (sys == 0 && store->db && sqlite3_extended_errcode(store->db) == SQLITE_IOERR_WRITE)
			sys = full_errno(store->path);
		if (sys == ENOSPC || sys == EDQUOT || sys == EFBIG || sys == EROFS)
			r = why_unwritable(store->path, sys, &words);
		else
			r = sys ? -sys : -EIO;
		break;
	case SQLITE_TOOBIG:
	case SQLITE_RANGE:
		r = -EINVAL;
		break;
	default:
		r = -EIO;
		break;
	}
	if (words)
		snprintf(why, len, "%s", words);
	else if (sys)
		snprintf(why, len, "%s (%s)", msg, strerror(sys));
	else
		snprintf(why, len, "%s", msg);
	return r;
}

/* Record a failed SQLite call as "cannot VERB PATH: reason"; returns the negative errno. */
static int fail(struct sqlite_store *store, int rc, const char *verb)
{
	char why[512];
	int r = describe(store, rc, why, sizeof(why));
	set_error(store, "cannot %s %s: %s", verb, store->path, why);
	return r;
}

static int print_statement(unsigned type, void *data, void *stmt, void *sql)
{
	char *expanded = sqlite3_expanded_sql(stmt);
	fprintf(stderr, "movebreak: sql: %s\n", expanded ? expanded : (const char *)sql);
	sqlite3_free(expanded);
	return 0;
}

/*
 * MOVEBREAK_SQL_TRACE set: every statement run, on stderr, for bench/daemon.py
 * and the test that counts what one prompt costs.
 */
static void trace_statements(sqlite3 *db)
{
	const char *trace = getenv("MOVEBREAK_SQL_TRACE");
	if (trace && trace[0])
		sqlite3_trace_v2(db, SQLITE_TRACE_STMT, print_statement, NULL);
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
static int set_wal(sqlite3 *db, bool *wal)
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
		if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS)
			return rc;
		sqlite3_sleep(5);
	}
}

/* PRAGMA quick_check answers one row "ok", or rows describing what is wrong. */
static int quick_check(sqlite3 *db, bool *ok)
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
static int read_schema(sqlite3 *db, int *version, char *foreign, size_t foreign_len)
{
	foreign[0] = '\0';
	int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = read_int(db, "PRAGMA user_version", version);
	sqlite3_stmt *stmt = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "SELECT type, name FROM sqlite_master"
			" WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", -1, &stmt, NULL);
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
		if (strcmp(type, "table") != 0 || *version > SCHEMA_VERSION)
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
		if (*version >= tables[i].since && *version <= SCHEMA_VERSION && !seen[i])
			snprintf(foreign, foreign_len, "it has no table \"%s\"", tables[i].name);
	sqlite3_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Walk the steps from the file's version to ours, each under the write lock. */
static int migrate(struct sqlite_store *store)
{
	sqlite3 *db = store->db;
	for (;;) {
		/*
		 * IMMEDIATE takes the write lock before reading the version again, so
		 * two processes opening a new file at once cannot both run a step.
		 */
		int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return fail(store, rc, "update the schema of");
		int version = 0;
		rc = read_int(db, "PRAGMA user_version", &version);
		if (rc == SQLITE_OK && version == SCHEMA_VERSION) {
			rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			return rc == SQLITE_OK ? 0 : fail(store, rc, "update the schema of");
		}
		if (rc == SQLITE_OK && (version < 0 || version > SCHEMA_VERSION)) {
			/* Open checked the version; only another writer racing us gets here. */
			set_error(store, "%s changed to schema version %d while opening",
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
			int r = describe(store, rc, why, sizeof(why));
			set_error(store, "cannot update the schema of %s from version %d to %d: %s",
				store->path, version, version + 1, why);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return r;
		}
	}
}

/*
 * The first bytes of path and its size, read through SQLite's own file
 * layer: an open() and close() of our own would drop the POSIX locks that
 * another connection of this process holds on the same file.
 */
static int read_head(const char *path, unsigned char *head, int len, sqlite3_int64 *size)
{
	sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
	sqlite3_filename name = sqlite3_create_filename(path, "", "", 0, NULL);
	sqlite3_file *file = vfs && name ? sqlite3_malloc(vfs->szOsFile) : NULL;
	if (!file) {
		sqlite3_free_filename(name);
		return SQLITE_NOMEM;
	}
	memset(file, 0, (size_t)vfs->szOsFile);
	memset(head, 0, (size_t)len);
	int flags = 0;
	int rc = vfs->xOpen(vfs, name, file, SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READONLY, &flags);
	if (rc == SQLITE_OK)
		rc = file->pMethods->xFileSize(file, size);
	if (rc == SQLITE_OK) {
		rc = file->pMethods->xRead(file, head, len, 0);
		if (rc == SQLITE_IOERR_SHORT_READ)
			rc = SQLITE_OK;
	}
	/* xOpen leaves pMethods NULL when there is nothing to close. */
	if (file->pMethods)
		file->pMethods->xClose(file);
	sqlite3_free(file);
	sqlite3_free_filename(name);
	return rc;
}

static off_t companion_size(const char *path, const char *suffix)
{
	char name[PATH_MAX];
	struct stat st;
	if (!join(name, sizeof(name), path, suffix) || stat(name, &st) < 0)
		return -1;
	return st.st_size;
}

/*
 * Judge the bytes SQLite would trip over before it reads the header: it opens
 * a -wal and -shm it finds beside any file and would rewrite them, and it
 * deletes a -wal beside an empty file.
 */
static enum open_result check_bytes(struct sqlite_store *store)
{
	static const char magic[16] = "SQLite format 3";
	const char *path = store->path;
	/*
	 * The -wal first: SQLite writes page 1 of a new history before it makes
	 * the -wal, so a -wal with bytes and then an empty file is never a
	 * history some process is setting up.
	 */
	bool wal_bytes = companion_size(path, "-wal") > 0;
	struct stat st;
	if (stat(path, &st) < 0) {
		set_error(store, "cannot read %s: %s", path, strerror(errno));
		return OPEN_FAILED;
	}
	if (st.st_size == 0)
		return wal_bytes ? OPEN_CORRUPT : OPEN_OK;
	if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) < 0) {
		set_error(store, "cannot read %s: %s", path, strerror(errno));
		return OPEN_FAILED;
	}
	unsigned char head[sizeof(magic)];
	sqlite3_int64 size = 0;
	int rc = read_head(path, head, (int)sizeof(head), &size);
	if (rc != SQLITE_OK) {
		set_error(store, "cannot read %s: %s", path, sqlite3_errstr(rc));
		return OPEN_FAILED;
	}
	return size < (sqlite3_int64)sizeof(magic) || memcmp(head, magic, sizeof(magic)) != 0 ?
		OPEN_CORRUPT : OPEN_OK;
}

/*
 * A history tells when its owner moved and rested: keep it to the owner, as
 * the directory already is. Tightens the user's own files only.
 */
static void make_private(const char *path, const char *suffix)
{
	char name[PATH_MAX];
	struct stat st;
	if (join(name, sizeof(name), path, suffix) && stat(name, &st) == 0 &&
		S_ISREG(st.st_mode) && st.st_uid == geteuid() && (st.st_mode & 077))
		chmod(name, st.st_mode & 0700);
}

/* "file:PATH?immutable=1" with PATH percent-encoded, or NULL without memory. */
static char *immutable_uri(const char *path)
{
	static const char keep[] = "/-._~";
	size_t len = strlen(path);
	char *uri = malloc(sizeof("file://") + 3 * len + sizeof("?immutable=1"));
	if (!uri)
		return NULL;
	/* An absolute path gets an empty authority, so "//x" stays a path. */
	char *p = uri + sprintf(uri, "%s", path[0] == '/' ? "file://" : "file:");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			(c && strchr(keep, c)))
			*p++ = (char)c;
		else
			p += sprintf(p, "%%%02X", c);
	}
	strcpy(p, "?immutable=1");
	return uri;
}

/* Check the open file as much as store->check says, and read its schema. */
static int check_db(struct sqlite_store *store, bool *ok, int *version, char *foreign,
	size_t foreign_len)
{
	*ok = true;
	int rc = SQLITE_OK;
	/*
	 * quick_check skips the index cross-checks but still reads every page: it
	 * finds truncation and torn pages. Reading the schema finds a broken header.
	 */
	if (store->check == MB_STORE_CHECK_PAGES)
		rc = quick_check(store->db, ok);
	if (rc == SQLITE_OK && *ok)
		rc = read_schema(store->db, version, foreign, foreign_len);
	return rc;
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

/* Leave a file we will not use as it is: no checkpoint of its WAL into it on close. */
static void close_untouched(struct sqlite_store *store)
{
	if (store->db)
		sqlite3_db_config(store->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	close_db(store);
}

/*
 * Open the file at the path (creating it), check it, migrate it and prepare
 * the statements. Called under the shared lock, so the file cannot be
 * moved aside meanwhile: the one checked is the one SQLite opens.
 */
static enum open_result try_open(struct sqlite_store *store)
{
	const char *path = store->path;
	const char *why;
	struct stat st;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT) {
			set_error(store, "cannot read %s: %s", path, strerror(errno));
			return OPEN_FAILED;
		}
		/* Made here rather than by SQLite, to be private: its -wal and -shm take its mode. */
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			int e = errno;
			why_unwritable(path, e, &why);
			set_error(store, "cannot create %s: %s", path, why ? why : strerror(e));
			return OPEN_FAILED;
		}
		if (fd >= 0)
			close(fd);
		if (stat(path, &st) < 0) {
			set_error(store, "cannot read %s: %s", path, strerror(errno));
			return OPEN_FAILED;
		}
	}
	if (S_ISDIR(st.st_mode)) {
		set_error(store, "cannot use %s: a directory is at the history path", path);
		return OPEN_FAILED;
	}
	if (!S_ISREG(st.st_mode)) {
		set_error(store, "cannot use %s: it is not a regular file", path);
		return OPEN_FAILED;
	}
	store->id = (struct file_id){ .dev = st.st_dev, .ino = st.st_ino };
	enum open_result res = check_bytes(store);
	if (res != OPEN_OK)
		return res;

	bool writable = faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0;
	if (writable) {
		make_private(path, "");
		make_private(path, "-wal");
		make_private(path, "-shm");
	}
	int rc = sqlite3_open_v2(path, &store->db,
		writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		fail(store, rc, "open");
		return OPEN_FAILED;
	}
	sqlite3_busy_timeout(store->db, BUSY_TIMEOUT_MS);
	trace_statements(store->db);

	bool ok;
	int version = 0;
	char foreign[160];
	rc = check_db(store, &ok, &version, foreign, sizeof(foreign));
	int base = rc & 0xff;
	if ((base == SQLITE_READONLY || base == SQLITE_CANTOPEN) && companion_size(path, "-wal") <= 0) {
		/*
		 * Reading a WAL file needs a -shm that this process cannot make (a
		 * read-only directory or file system). Without a -wal holding
		 * anything, the file alone is the whole history: read it as it is.
		 */
		char *uri = immutable_uri(path);
		close_db(store);
		rc = uri ? sqlite3_open_v2(uri, &store->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
			NULL) : SQLITE_NOMEM;
		free(uri);
		if (rc == SQLITE_OK)
			rc = check_db(store, &ok, &version, foreign, sizeof(foreign));
	}
	if (is_corrupt(rc) || (rc == SQLITE_OK && !ok))
		return OPEN_CORRUPT;
	if (rc != SQLITE_OK) {
		fail(store, rc, "read");
		return OPEN_FAILED;
	}

	/* A newer movebreak's file is healthy: leave it untouched for that version. */
	if (version < 0) {
		set_error(store, "%s has history schema version %d, which movebreak never wrote",
			path, version);
		return OPEN_FAILED;
	}
	if (version > SCHEMA_VERSION) {
		set_error(store, "%s has history schema version %d, newer than this movebreak "
			"understands (%d); not writing to it, update movebreak to use it",
			path, version, SCHEMA_VERSION);
		return OPEN_FAILED;
	}
	if (foreign[0]) {
		set_error(store, "%s is an SQLite database but not a movebreak history (%s); "
			"leaving it untouched: move it away to start a history there", path, foreign);
		return OPEN_FAILED;
	}

	store->read_only = sqlite3_db_readonly(store->db, "main") == 1;
	if (store->read_only && (store->check == MB_STORE_CHECK_PAGES || version < SCHEMA_VERSION)) {
		int r = why_unwritable(path, 0, &why);
		if (version < SCHEMA_VERSION)
			set_error(store, "cannot update the schema of %s from version %d: %s", path,
				version, why ? why : strerror(-r));
		else
			set_error(store, "cannot write %s: %s", path, why ? why : strerror(-r));
		return OPEN_FAILED;
	}
	if (version < SCHEMA_VERSION && store->check == MB_STORE_CHECK_SCHEMA) {
		/* A step writes: see every page first, so a damaged file is moved aside as it was. */
		rc = quick_check(store->db, &ok);
		if (is_corrupt(rc) || (rc == SQLITE_OK && !ok))
			return OPEN_CORRUPT;
		if (rc != SQLITE_OK) {
			fail(store, rc, "read");
			return OPEN_FAILED;
		}
	}
	/* WAL lets the daemon write while a `movebreak history` reads. */
	bool wal = true;
	if (!store->read_only)
		rc = set_wal(store->db, &wal);
	if (rc != SQLITE_OK) {
		fail(store, rc, "set up");
		return OPEN_FAILED;
	}
	if (!wal) {
		set_error(store, "cannot set up %s: SQLite would not switch it to WAL", path);
		return OPEN_FAILED;
	}
	/* Reading needs no write lock: only a file behind our version takes it. */
	if (version < SCHEMA_VERSION && migrate(store) < 0)
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
		fail(store, rc, "prepare statements for");
		return OPEN_FAILED;
	}
	return OPEN_OK;
}

static void lock(struct sqlite_store *store, int op)
{
	/* Where flock fails (ENOLCK on some network file systems) we go on unlocked. */
	if (store->lock_fd >= 0)
		while (flock(store->lock_fd, op) < 0 && errno == EINTR)
			;
}

static int open_lock(const char *path)
{
	char name[PATH_MAX];
	if (!join(name, sizeof(name), path, ".lock"))
		return -1;
	int fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		fd = open(name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_uid == geteuid() && (st.st_mode & 077))
		fchmod(fd, st.st_mode & 0700);
	return fd;
}

static bool name_taken(const char *name)
{
	struct stat st;
	return lstat(name, &st) == 0 || errno != ENOENT;
}

/* rename() that never replaces what is at to: -EEXIST instead. */
static int rename_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	/* A file system without RENAME_NOREPLACE: a new link never replaces either. */
	if (link(from, to) == 0)
		return unlink(from) == 0 ? 0 : -errno;
	if (errno != EPERM && errno != EOPNOTSUPP)
		return -errno;
	/* No hard links either (FAT): only movebreak makes these names, and it holds the lock. */
	if (name_taken(to))
		return -EEXIST;
	return rename(from, to) == 0 ? 0 : -errno;
}

/*
 * Rename the damaged file and its companions to
 * path.corrupt-YYYYMMDD-HHMMSS[-N], a name free for all of them, so nothing is
 * lost and a fresh history can take its place. The companions belong to
 * the damaged file; left behind, SQLite would delete them or apply them to
 * the new one. Returns 0 with the name in aside, or a negative errno with
 * the reason in store->error.
 */
static int move_aside(struct sqlite_store *store, char *aside, size_t aside_len)
{
	const char *path = store->path;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) || strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm) == 0)
		return -EINVAL;
	for (int i = 0; i <= 999; i++) {
		int n = i ? snprintf(aside, aside_len, "%s.corrupt-%s-%d", path, stamp, i) :
			snprintf(aside, aside_len, "%s.corrupt-%s", path, stamp);
		if (n < 0 || (size_t)n + sizeof("-journal") > aside_len ||
			(size_t)n + sizeof("-journal") > PATH_MAX)
			return -ENAMETOOLONG;
		bool taken = name_taken(aside);
		for (size_t c = 0; !taken && c < LEN(companions); c++) {
			char name[PATH_MAX];
			taken = !join(name, sizeof(name), aside, companions[c]) || name_taken(name);
		}
		if (taken)
			continue;
		int r = rename_noreplace(path, aside);
		if (r == -EEXIST)
			continue;
		if (r < 0)
			return r;
		for (size_t c = 0; c < LEN(companions); c++) {
			char from[PATH_MAX], to[PATH_MAX];
			if (!join(from, sizeof(from), path, companions[c]) ||
				!join(to, sizeof(to), aside, companions[c]))
				return -ENAMETOOLONG;
			r = rename_noreplace(from, to);
			if (r < 0 && r != -ENOENT) {
				set_error(store, "%s is damaged; it was moved aside to %s, but %s "
					"could not follow it: %s", path, aside, from, strerror(-r));
				return r;
			}
		}
		return 0;
	}
	return -EEXIST;
}

/*
 * Move the damaged file aside, unless another process did first: under the
 * exclusive lock, only when the file at the path is still the one found
 * damaged. Returns 1 when moved (the name in aside), 0 when it was gone
 * already, or a negative errno. Called and returns under the shared lock.
 */
static int move_if_same(struct sqlite_store *store, const struct file_id *damaged,
	char *aside, size_t aside_len)
{
	lock(store, LOCK_EX);
	struct stat st;
	int r = 0;
	if (stat(store->path, &st) == 0 && same_file(&st, damaged)) {
		r = move_aside(store, aside, aside_len);
		if (r == 0)
			r = 1;
	}
	lock(store, LOCK_SH);
	return r;
}

/*
 * Open the history at the path, moving a damaged one aside; a process that
 * finds it moved by another opens the new one. Called and returns under the
 * shared lock. Returns 0, or -1 with the reason in store->error.
 */
static int open_locked(struct sqlite_store *store, char *moved_aside, size_t moved_len)
{
	bool moved = false;
	for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
		store->read_only = false;
		enum open_result res = try_open(store);
		if (res == OPEN_OK)
			return 0;
		struct file_id damaged = store->id;
		close_untouched(store);
		if (res == OPEN_FAILED)
			return -1;
		if (moved) {
			set_error(store, "the new history at %s failed its check too", store->path);
			return -1;
		}
		char aside[PATH_MAX];
		store->error[0] = '\0';
		int r = move_if_same(store, &damaged, aside, sizeof(aside));
		if (r < 0) {
			if (!store->error[0])
				set_error(store, "%s is damaged and could not be moved aside: %s",
					store->path, strerror(-r));
			return -1;
		}
		if (r > 0) {
			moved = true;
			if (moved_aside && moved_len)
				snprintf(moved_aside, moved_len, "%s", aside);
		}
	}
	set_error(store, "cannot open %s: other processes kept moving damaged files aside",
		store->path);
	return -1;
}

/*
 * Under the shared lock: make db the file at the path. When another process
 * moved this one aside (it found it damaged), open the new one, so what is
 * written lands in the history.
 */
static int reopen_if_moved(struct sqlite_store *store)
{
	struct stat st;
	if (store->db && stat(store->path, &st) == 0 && same_file(&st, &store->id))
		return 0;
	close_untouched(store);
	return open_locked(store, NULL, 0) < 0 ? -EIO : 0;
}

/*
 * Before a write: the shared lock, so the file is not moved aside under it,
 * and the file now at the path. Returns 0 (the lock held; end_write()
 * releases it) or a negative errno with the reason in store->error.
 */
static int begin_write(struct sqlite_store *store)
{
	store->error[0] = '\0';
	lock(store, LOCK_SH);
	int r = reopen_if_moved(store);
	if (r == 0 && store->read_only) {
		const char *why;
		r = why_unwritable(store->path, 0, &why);
		set_error(store, "cannot write %s: %s", store->path, why ? why : strerror(-r));
	}
	if (r < 0)
		lock(store, LOCK_UN);
	return r;
}

static void end_write(struct sqlite_store *store)
{
	lock(store, LOCK_UN);
}

/* Before a read: a store whose reopening failed tries again. */
static int begin_read(struct sqlite_store *store)
{
	store->error[0] = '\0';
	if (store->db)
		return 0;
	lock(store, LOCK_SH);
	int r = reopen_if_moved(store);
	lock(store, LOCK_UN);
	return r;
}

static struct sqlite_store *downcast(struct mb_store *store)
{
	assert(store->impl == &impl);
	return (struct sqlite_store *)store;
}

static void free_store(struct sqlite_store *store)
{
	lock(store, LOCK_SH);
	close_db(store);
	lock(store, LOCK_UN);
	if (store->lock_fd >= 0)
		close(store->lock_fd);
	free(store->path);
	free(store);
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
	/* Room for the longest name made from it: path.corrupt-YYYYMMDD-HHMMSS-999-journal. */
	if (strlen(path) + 64 >= sizeof(dir)) {
		set_err(err, err_len, "history path too long: %s", path);
		return NULL;
	}
	dir_of(path, dir, sizeof(dir));
	if (strchr(path, '/') && strcmp(dir, "/") != 0) {
		int r = mb_paths_mkdir_p(dir);
		if (r < 0) {
			set_err(err, err_len, "cannot create directory %s: %s", dir, strerror(-r));
			return NULL;
		}
	}

	struct sqlite_store *store = calloc(1, sizeof(*store));
	if (store)
		store->path = strdup(path);
	if (!store || !store->path) {
		free(store);
		set_err(err, err_len, "out of memory");
		return NULL;
	}
	store->base.impl = &impl;
	store->check = check;
	store->lock_fd = open_lock(path);

	lock(store, LOCK_SH);
	int r = open_locked(store, moved_aside, moved_len);
	lock(store, LOCK_UN);
	if (r < 0) {
		set_err(err, err_len, "%s", store->error);
		free_store(store);
		return NULL;
	}
	store->error[0] = '\0';
	return &store->base;
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
	int r = begin_write(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt = store->insert;
	sqlite3_reset(stmt);
	int rc = bind_break(stmt, 1, record);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		record->id = sqlite3_last_insert_rowid(store->db);
	else
		r = fail(store, rc, "write");
	end_write(store);
	return r;
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
		!mb_break_kind_from_name((const char *)sqlite3_column_text(stmt, 10), &r->kind))
		return -EBADMSG;
	return 0;
}

/* A row holding a name read_break() does not know. */
static int fail_row(struct sqlite_store *store)
{
	set_error(store, "cannot read %s: a break has an outcome, source or kind this movebreak "
		"does not know", store->path);
	return -EBADMSG;
}

static int recent(struct mb_store *base, struct mb_break_record *out, size_t max)
{
	struct sqlite_store *store = downcast(base);
	int r = begin_read(store);
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
		return fail(store, rc, "read");
	return (int)n;
}

/* Turns one result row into the element at item; 0 or a negative errno. */
typedef int (*read_row_fn)(sqlite3_stmt *stmt, void *item);

/*
 * Step stmt to the end, growing a malloc'd array of elem-sized items. On
 * success hands it to *out and *len and returns the count; on failure frees
 * it. Finalizes stmt either way.
 */
static int collect(struct sqlite_store *store, sqlite3_stmt *stmt, size_t elem,
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
		r = fail(store, rc, "read");
	else if (r == -ENOMEM || r == -EOVERFLOW)
		set_error(store, "cannot read %s: %s", store->path, strerror(-r));
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
	int r = begin_read(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt;
	const int64_t args[] = { from_us, to_us };
	int rc = prepare_with(store->db,
		"SELECT " BREAK_COLUMNS " FROM breaks WHERE start_us >= ?1 AND start_us < ?2"
		" ORDER BY start_us, id", &stmt, 2, args);
	if (rc != SQLITE_OK)
		return fail(store, rc, "read");
	return collect(store, stmt, sizeof(**out), read_break_row, out, len);
}

static int activity_add(struct mb_store *base, const struct mb_activity_record *record)
{
	struct sqlite_store *store = downcast(base);
	int r = begin_write(store);
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
		r = fail(store, rc, "write");
	end_write(store);
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

static int activity_between(struct mb_store *base, int64_t from_us, int64_t to_us,
	struct mb_activity_record **out, size_t *len)
{
	struct sqlite_store *store = downcast(base);
	int r = begin_read(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt;
	const int64_t args[] = { from_us, to_us };
	int rc = prepare_with(store->db,
		"SELECT start_us, end_us, active_us FROM activity"
		" WHERE start_us < ?2 AND (end_us > ?1 OR (end_us = start_us AND start_us >= ?1))"
		" ORDER BY start_us, id", &stmt, 2, args);
	if (rc != SQLITE_OK)
		return fail(store, rc, "read");
	return collect(store, stmt, sizeof(**out), read_activity_row, out, len);
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
	int r = begin_write(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(store->db, CHALLENGE_INSERT " VALUES (?, ?, ?, ?, ?, ?)", -1,
		&stmt, NULL);
	if (rc == SQLITE_OK)
		rc = bind_challenge(stmt, rec);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		rec->id = sqlite3_last_insert_rowid(store->db);
	else
		r = fail(store, rc, "write");
	end_write(store);
	return r;
}

static int challenge_update(struct mb_store *base, const struct mb_challenge_record *rec)
{
	struct sqlite_store *store = downcast(base);
	int r = begin_write(store);
	if (r < 0)
		return r;
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
		r = fail(store, rc, "write");
	else if (sqlite3_changes(store->db) == 0)
		r = -ENOENT;
	end_write(store);
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
	snprintf(c->start_date, sizeof(c->start_date), "%s", date ? date : "");
	snprintf(c->summary, sizeof(c->summary), "%s", summary ? summary : "");
	return 0;
}

static int challenges(struct mb_store *base, struct mb_challenge_record **out, size_t *len)
{
	struct sqlite_store *store = downcast(base);
	int r = begin_read(store);
	if (r < 0)
		return r;
	sqlite3_stmt *stmt;
	int rc = prepare_with(store->db,
		"SELECT id, start_date, days, goal, created_us, stopped_us, summary"
		" FROM challenges ORDER BY created_us, id", &stmt, 0, NULL);
	if (rc != SQLITE_OK)
		return fail(store, rc, "read");
	return collect(store, stmt, sizeof(**out), read_challenge_row, out, len);
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
	int r = begin_write(store);
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
		r = fail(store, rc, "write");
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	end_write(store);
	return r < 0 ? r : added;
}

static int data_version(struct mb_store *base, int64_t *version)
{
	struct sqlite_store *store = downcast(base);
	int value = 0;
	int rc = read_int(store->db, "PRAGMA data_version", &value);
	if (rc != SQLITE_OK)
		return fail(store, rc, "read");
	*version = value;
	return 0;
}

static const char *last_error(struct mb_store *base)
{
	return downcast(base)->error;
}

static void destroy(struct mb_store *base)
{
	free_store(downcast(base));
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
	.data_version = data_version,
	.last_error = last_error,
	.destroy = destroy,
};

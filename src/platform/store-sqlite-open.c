/* Opening the SQLite history: checks before use, the lock, and moving a damaged file aside. */
#define _GNU_SOURCE /* renameat2, RENAME_NOREPLACE, AT_EACCESS */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "platform/store-sqlite-internal.h"

/* Opens that may find the damaged file already moved aside by another process. */
#define OPEN_ATTEMPTS 8

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The companions SQLite keeps beside a database; they belong to that file. */
static const char *const companions[] = { "-wal", "-shm", "-journal" };

enum open_result {
	OPEN_OK,
	OPEN_FAILED,
	/* The file is not a database or fails its integrity check. */
	OPEN_CORRUPT,
};

static bool is_corrupt(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static bool same_file(const struct stat *st, const struct mb_sqlite_file_id *id)
{
	return st->st_dev == id->dev && st->st_ino == id->ino;
}

/* path with suffix appended, or false when it does not fit. */
static bool join(char *buf, size_t len, const char *path, const char *suffix)
{
	int n = snprintf(buf, len, "%s%s", path, suffix);
	return n >= 0 && (size_t)n < len;
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

/*
 * Judge the bytes SQLite would trip over before it reads the header: it opens
 * a -wal and -shm it finds beside any file and would rewrite them, and it
 * deletes a -wal beside an empty file.
 */
static enum open_result check_bytes(struct mb_sqlite_store *store)
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
		mb_sqlite_set_error(store, "cannot read %s: %s", path, strerror(errno));
		return OPEN_FAILED;
	}
	if (st.st_size == 0)
		return wal_bytes ? OPEN_CORRUPT : OPEN_OK;
	if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) < 0) {
		mb_sqlite_set_error(store, "cannot read %s: %s", path, strerror(errno));
		return OPEN_FAILED;
	}
	unsigned char head[sizeof(magic)];
	sqlite3_int64 size = 0;
	int rc = read_head(path, head, (int)sizeof(head), &size);
	if (rc != SQLITE_OK) {
		mb_sqlite_set_error(store, "cannot read %s: %s", path, sqlite3_errstr(rc));
		return OPEN_FAILED;
	}
	return size < (sqlite3_int64)sizeof(magic) || memcmp(head, magic, sizeof(magic)) != 0 ?
		OPEN_CORRUPT :
		OPEN_OK;
}

/*
 * A history tells when its owner moved and rested: keep it to the owner, as
 * the directory already is. Tightens the user's own files only.
 */
static void make_private(const char *path, const char *suffix)
{
	char name[PATH_MAX];
	struct stat st;
	if (join(name, sizeof(name), path, suffix) && stat(name, &st) == 0 && S_ISREG(st.st_mode) &&
		st.st_uid == geteuid() && (st.st_mode & 077))
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
static int check_db(struct mb_sqlite_store *store, bool *ok, int *version, char *foreign,
	size_t foreign_len)
{
	*ok = true;
	int rc = SQLITE_OK;
	/*
	 * quick_check skips the index cross-checks but still reads every page: it
	 * finds truncation and torn pages. Reading the schema finds a broken header.
	 */
	if (store->check == MB_STORE_CHECK_PAGES)
		rc = mb_sqlite_quick_check(store->db, ok);
	if (rc == SQLITE_OK && *ok)
		rc = mb_sqlite_read_schema(store->db, version, foreign, foreign_len);
	return rc;
}

void mb_sqlite_close_db(struct mb_sqlite_store *store)
{
	sqlite3_finalize(store->insert);
	sqlite3_finalize(store->recent);
	sqlite3_finalize(store->insert_activity);
	sqlite3_close(store->db);
	store->insert = store->recent = store->insert_activity = NULL;
	store->db = NULL;
}

/* Leave a file we will not use as it is: no checkpoint of its WAL into it on close. */
static void close_untouched(struct mb_sqlite_store *store)
{
	if (store->db)
		sqlite3_db_config(store->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	mb_sqlite_close_db(store);
}

/*
 * Open the file at the path (creating it), check it, migrate it and prepare
 * the statements. Called under the shared lock, so the file cannot be
 * moved aside meanwhile: the one checked is the one SQLite opens.
 */
static enum open_result try_open(struct mb_sqlite_store *store)
{
	const char *path = store->path;
	const char *why;
	struct stat st;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT) {
			mb_sqlite_set_error(store, "cannot read %s: %s", path, strerror(errno));
			return OPEN_FAILED;
		}
		/* Made here rather than by SQLite, to be private: its -wal and -shm take its mode. */
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			int e = errno;
			mb_sqlite_why_unwritable(path, e, &why);
			mb_sqlite_set_error(store, "cannot create %s: %s", path,
				why ? why : strerror(e));
			return OPEN_FAILED;
		}
		if (fd >= 0)
			close(fd);
		if (stat(path, &st) < 0) {
			mb_sqlite_set_error(store, "cannot read %s: %s", path, strerror(errno));
			return OPEN_FAILED;
		}
	}
	if (S_ISDIR(st.st_mode)) {
		mb_sqlite_set_error(store, "cannot use %s: a directory is at the history path",
			path);
		return OPEN_FAILED;
	}
	if (!S_ISREG(st.st_mode)) {
		mb_sqlite_set_error(store, "cannot use %s: it is not a regular file", path);
		return OPEN_FAILED;
	}
	store->id = (struct mb_sqlite_file_id){ .dev = st.st_dev, .ino = st.st_ino };
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
		mb_sqlite_fail(store, rc, "open");
		return OPEN_FAILED;
	}
	sqlite3_busy_timeout(store->db, MB_SQLITE_BUSY_TIMEOUT_MS);
	trace_statements(store->db);

	bool ok;
	int version = 0;
	char foreign[160];
	rc = check_db(store, &ok, &version, foreign, sizeof(foreign));
	int base = rc & 0xff;
	if ((base == SQLITE_READONLY || base == SQLITE_CANTOPEN) &&
		companion_size(path, "-wal") <= 0) {
		/*
		 * Reading a WAL file needs a -shm that this process cannot make (a
		 * read-only directory or file system). Without a -wal holding
		 * anything, the file alone is the whole history: read it as it is.
		 */
		char *uri = immutable_uri(path);
		mb_sqlite_close_db(store);
		rc = uri ? sqlite3_open_v2(uri, &store->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
				   NULL) :
			   SQLITE_NOMEM;
		free(uri);
		if (rc == SQLITE_OK)
			rc = check_db(store, &ok, &version, foreign, sizeof(foreign));
	}
	if (is_corrupt(rc) || (rc == SQLITE_OK && !ok))
		return OPEN_CORRUPT;
	if (rc != SQLITE_OK) {
		mb_sqlite_fail(store, rc, "read");
		return OPEN_FAILED;
	}

	/* A newer movebreak's file is healthy: leave it untouched for that version. */
	if (version < 0) {
		mb_sqlite_set_error(store,
			"%s has history schema version %d, which movebreak "
			"never wrote",
			path, version);
		return OPEN_FAILED;
	}
	if (version > MB_SQLITE_SCHEMA_VERSION) {
		mb_sqlite_set_error(store,
			"%s has history schema version %d, newer than this "
			"movebreak understands (%d); not writing to it, update movebreak to use it",
			path, version, MB_SQLITE_SCHEMA_VERSION);
		return OPEN_FAILED;
	}
	if (foreign[0]) {
		mb_sqlite_set_error(store,
			"%s is an SQLite database but not a movebreak history "
			"(%s); leaving it untouched: move it away to start a history there",
			path, foreign);
		return OPEN_FAILED;
	}

	store->read_only = sqlite3_db_readonly(store->db, "main") == 1;
	if (store->read_only &&
		(store->check == MB_STORE_CHECK_PAGES || version < MB_SQLITE_SCHEMA_VERSION)) {
		int r = mb_sqlite_why_unwritable(path, 0, &why);
		if (version < MB_SQLITE_SCHEMA_VERSION)
			mb_sqlite_set_error(store,
				"cannot update the schema of %s from version %d: %s", path, version,
				why ? why : strerror(-r));
		else
			mb_sqlite_set_error(store, "cannot write %s: %s", path,
				why ? why : strerror(-r));
		return OPEN_FAILED;
	}
	if (version < MB_SQLITE_SCHEMA_VERSION && store->check == MB_STORE_CHECK_SCHEMA) {
		/* A step writes: see every page first, so a damaged file is moved aside as it was. */
		rc = mb_sqlite_quick_check(store->db, &ok);
		if (is_corrupt(rc) || (rc == SQLITE_OK && !ok))
			return OPEN_CORRUPT;
		if (rc != SQLITE_OK) {
			mb_sqlite_fail(store, rc, "read");
			return OPEN_FAILED;
		}
	}
	/* WAL lets the daemon write while a `movebreak history` reads. */
	bool wal = true;
	if (!store->read_only)
		rc = mb_sqlite_set_wal(store->db, &wal);
	if (rc != SQLITE_OK) {
		mb_sqlite_fail(store, rc, "set up");
		return OPEN_FAILED;
	}
	if (!wal) {
		mb_sqlite_set_error(store, "cannot set up %s: SQLite would not switch it to WAL",
			path);
		return OPEN_FAILED;
	}
	/* Reading needs no write lock: only a file behind our version takes it. */
	if (version < MB_SQLITE_SCHEMA_VERSION && mb_sqlite_migrate(store) < 0)
		return OPEN_FAILED;

	rc = mb_sqlite_prepare(store);
	if (rc != SQLITE_OK) {
		mb_sqlite_fail(store, rc, "prepare statements for");
		return OPEN_FAILED;
	}
	return OPEN_OK;
}

void mb_sqlite_lock(struct mb_sqlite_store *store, int op)
{
	/* Where flock fails (ENOLCK on some network file systems) we go on unlocked. */
	if (store->lock_fd >= 0)
		while (flock(store->lock_fd, op) < 0 && errno == EINTR)
			;
}

int mb_sqlite_open_lock(const char *path)
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
static int move_aside(struct mb_sqlite_store *store, char *aside, size_t aside_len)
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
				mb_sqlite_set_error(store,
					"%s is damaged; it was moved aside "
					"to %s, but %s could not follow it: %s",
					path, aside, from, strerror(-r));
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
static int move_if_same(struct mb_sqlite_store *store, const struct mb_sqlite_file_id *damaged,
	char *aside, size_t aside_len)
{
	mb_sqlite_lock(store, LOCK_EX);
	struct stat st;
	int r = 0;
	if (stat(store->path, &st) == 0 && same_file(&st, damaged)) {
		r = move_aside(store, aside, aside_len);
		if (r == 0)
			r = 1;
	}
	mb_sqlite_lock(store, LOCK_SH);
	return r;
}

/*
 * Open the history at the path, moving a damaged one aside; a process that
 * finds it moved by another opens the new one. Called and returns under the
 * shared lock. Returns 0, or -1 with the reason in store->error.
 */
int mb_sqlite_open_locked(struct mb_sqlite_store *store, char *moved_aside, size_t moved_len)
{
	bool moved = false;
	for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
		store->read_only = false;
		enum open_result res = try_open(store);
		if (res == OPEN_OK)
			return 0;
		struct mb_sqlite_file_id damaged = store->id;
		close_untouched(store);
		if (res == OPEN_FAILED)
			return -1;
		if (moved) {
			mb_sqlite_set_error(store, "the new history at %s failed its check too",
				store->path);
			return -1;
		}
		char aside[PATH_MAX];
		store->error[0] = '\0';
		int r = move_if_same(store, &damaged, aside, sizeof(aside));
		if (r < 0) {
			if (!store->error[0])
				mb_sqlite_set_error(store,
					"%s is damaged and could not be "
					"moved aside: %s",
					store->path, strerror(-r));
			return -1;
		}
		if (r > 0) {
			moved = true;
			if (moved_aside && moved_len)
				snprintf(moved_aside, moved_len, "%s", aside);
		}
	}
	mb_sqlite_set_error(store,
		"cannot open %s: other processes kept moving damaged files aside", store->path);
	return -1;
}

/*
 * Under the shared lock: make db the file at the path. When another process
 * moved this one aside (it found it damaged), open the new one, so what is
 * written lands in the history.
 */
static int reopen_if_moved(struct mb_sqlite_store *store)
{
	struct stat st;
	if (store->db && stat(store->path, &st) == 0 && same_file(&st, &store->id))
		return 0;
	close_untouched(store);
	return mb_sqlite_open_locked(store, NULL, 0) < 0 ? -EIO : 0;
}

/*
 * Before a write: the shared lock, so the file is not moved aside under it,
 * and the file now at the path. Returns 0 (the lock held; mb_sqlite_end_write()
 * releases it) or a negative errno with the reason in store->error.
 */
int mb_sqlite_begin_write(struct mb_sqlite_store *store)
{
	store->error[0] = '\0';
	mb_sqlite_lock(store, LOCK_SH);
	int r = reopen_if_moved(store);
	if (r == 0 && store->read_only) {
		const char *why;
		r = mb_sqlite_why_unwritable(store->path, 0, &why);
		mb_sqlite_set_error(store, "cannot write %s: %s", store->path,
			why ? why : strerror(-r));
	}
	if (r < 0)
		mb_sqlite_lock(store, LOCK_UN);
	return r;
}

void mb_sqlite_end_write(struct mb_sqlite_store *store)
{
	mb_sqlite_lock(store, LOCK_UN);
}

/* Before a read: a store whose reopening failed tries again. */
int mb_sqlite_begin_read(struct mb_sqlite_store *store)
{
	store->error[0] = '\0';
	if (store->db)
		return 0;
	mb_sqlite_lock(store, LOCK_SH);
	int r = reopen_if_moved(store);
	mb_sqlite_lock(store, LOCK_UN);
	return r;
}

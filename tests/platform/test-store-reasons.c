/*
 * The SQLite history's private files and its reasons for failing: a read-only file, directory
 * or file system, a full disk, a directory at the path, a newer schema, another process
 * holding the write lock, damage found while reading. On real files; what needs another user
 * or its own mounts runs in a child (as nobody, or in a private mount namespace).
 */
#define _GNU_SOURCE /* unshare, CLONE_NEWNS, setgroups */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "platform/store.h"
#include "store-fixture.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
/* nobody and nogroup on Debian. */
#define NOBODY 65534
/* A child's exit status meaning "cannot run here": the test skips, saying why. */
#define CHILD_SKIP 77

static struct mb_break_record make_record(int i)
{
	struct mb_break_record r = {
		.start_us = 1714742400000000 + (int64_t)i * 3600000000,
		.active_us = 200000000,
		.planned_us = 240000000,
		.exercises_done = 5,
		.exercises_total = 5,
	};
	r.end_us = r.start_us + r.active_us;
	snprintf(r.routine, sizeof(r.routine), "routine-%d-with-a-name-long-enough-to-fill-pages",
		i);
	return r;
}

/* A closed history at path with n breaks. */
static void make_history(const char *path, int n)
{
	char err[512];
	struct mb_store *store = mb_store_sqlite_open(path, NULL, 0, err, sizeof(err));
	if (!store)
		fail_msg("open %s: %s", path, err);
	for (int i = 0; i < n; i++) {
		struct mb_break_record rec = make_record(i);
		assert_int_equal(mb_store_add(store, &rec), 0);
	}
	mb_store_destroy(store);
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		fail_msg("%s: %s", path, strerror(errno));
	return st.st_mode & 07777;
}

/*
 * Checks inside a child, where cmocka's failures cannot reach the parent: the
 * first one that fails says why in the pipe and ends the child.
 */
static int child_out = -1;

static void child_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void child_fail(const char *fmt, ...)
{
	char why[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (n > 0 && write(child_out, why, strlen(why)) < 0)
		_exit(2);
	_exit(1);
}

static void child_skip(const char *why)
{
	if (write(child_out, why, strlen(why)) < 0)
		_exit(2);
	_exit(CHILD_SKIP);
}

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) \
			child_fail(__VA_ARGS__); \
	} while (0)

/* err must name the path and say why. */
#define CHECK_ERR(err, path, why) \
	CHECK(strstr((err), (path)) && strstr((err), (why)), \
		"line %d: wanted '%s' naming %s, got: %s", __LINE__, (why), (path), (err))

static int chown_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return lchown(path, NOBODY, NOBODY) < 0 ? -1 : 0;
}

/* Become nobody when root; anyone else already meets permissions. */
static void drop_root(const char *dir)
{
	if (geteuid() != 0)
		return;
	/* The files stay where they are; nobody owns them, as a user owns their own. */
	if (nftw(dir, chown_entry, 16, FTW_PHYS) != 0)
		child_fail("cannot give %s to nobody: %s", dir, strerror(errno));
	if (setgroups(0, NULL) < 0 || setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
		child_skip("cannot become nobody");
}

/* A private mount namespace with a small tmpfs at dir; skips where that needs more rights. */
static void mount_tmpfs(const char *dir, const char *options)
{
	if (unshare(CLONE_NEWNS) < 0)
		child_skip("no private mount namespace here (needs root)");
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		child_skip("cannot make the mounts private");
	if (mount("tmpfs", dir, "tmpfs", 0, options) < 0)
		child_skip("cannot mount a tmpfs");
}

/* Run body(fx) in a child; its failure fails the test, its CHILD_SKIP skips it. */
static void in_child(struct store_fixture *fx, void (*body)(struct store_fixture *fx))
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		child_out = fds[1];
		body(fx);
		_exit(0);
	}
	close(fds[1]);
	char why[2048];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof(why) - 1 && (n = read(fds[0], why + len, sizeof(why) - 1 - len)) > 0)
		len += (size_t)n;
	why[len] = '\0';
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == CHILD_SKIP) {
		printf("skipped: %s\n", why);
		skip();
	}
	if (WEXITSTATUS(status) != 0)
		fail_msg("%s", why[0] ? why : "the child failed");
}

static struct mb_store *open_as(const char *path, enum mb_store_check check, char *err, size_t len)
{
	err[0] = 'x';
	return mb_store_sqlite_open_checked(path, check, NULL, 0, err, len);
}

static void sqlite_new_history_files_are_private(void **state)
{
	struct store_fixture *fx = *state;
	/* The mode a process asks for is cut by its umask; ours asks for 0600, not 0644. */
	mode_t old = umask(022);
	char err[512];
	struct mb_store *store = open_as(fx->db, MB_STORE_CHECK_PAGES, err, sizeof(err));
	assert_non_null(store);
	struct mb_break_record rec = make_record(1);
	assert_int_equal(mb_store_add(store, &rec), 0);
	/* While open, the -wal and -shm are there. */
	static const char *const names[] = { "", "-wal", "-shm", ".lock" };
	for (size_t i = 0; i < LEN(names); i++) {
		char path[PATH_MAX + 8];
		snprintf(path, sizeof(path), "%s%s", fx->db, names[i]);
		if (mode_of(path) != 0600)
			fail_msg("%s has mode %04o, not 0600", path, (unsigned)mode_of(path));
	}
	mb_store_destroy(store);
	umask(old);
}

/* Older versions left 0644 files: the owner's files are tightened once opened for writing. */
static void sqlite_readable_history_files_are_tightened_on_open(void **state)
{
	struct store_fixture *fx = *state;
	make_history(fx->db, 3);
	char wal[PATH_MAX + 8], lock[PATH_MAX + 8];
	snprintf(wal, sizeof(wal), "%s-wal", fx->db);
	snprintf(lock, sizeof(lock), "%s.lock", fx->db);
	store_fixture_write_file(wal, "", 0);
	assert_int_equal(chmod(fx->db, 0644), 0);
	assert_int_equal(chmod(wal, 0664), 0);
	assert_int_equal(chmod(lock, 0644), 0);
	char err[512];
	struct mb_store *store = open_as(fx->db, MB_STORE_CHECK_SCHEMA, err, sizeof(err));
	assert_non_null(store);
	assert_int_equal(mode_of(fx->db), 0600);
	assert_int_equal(mode_of(wal), 0600);
	assert_int_equal(mode_of(lock), 0600);
	mb_store_destroy(store);
}

static void read_only_file_body(struct store_fixture *fx)
{
	drop_root(fx->dir);
	char err[1024];
	/* A writer is told at once. */
	struct mb_store *store = open_as(fx->db, MB_STORE_CHECK_PAGES, err, sizeof(err));
	CHECK(!store, "a writer opened a read-only history");
	CHECK_ERR(err, fx->db, "cannot write");
	CHECK_ERR(err, fx->db, "the file is read-only");
	/* A reader reads it; its writes fail with the same reason. */
	store = open_as(fx->db, MB_STORE_CHECK_SCHEMA, err, sizeof(err));
	CHECK(store, "a reader could not open a read-only history: %s", err);
	struct mb_break_record out[8];
	int n = mb_store_recent(store, out, LEN(out));
	CHECK(n == 3, "read %d breaks, not 3 (%s)", n, mb_store_last_error(store));
	CHECK(strcmp(mb_store_last_error(store), "") == 0, "an error after a good read: %s",
		mb_store_last_error(store));
	struct mb_break_record rec = make_record(9);
	int r = mb_store_add(store, &rec);
	CHECK(r == -EACCES, "add gave %d, not -EACCES", r);
	CHECK_ERR(mb_store_last_error(store), fx->db, "cannot write");
	CHECK_ERR(mb_store_last_error(store), fx->db, "the file is read-only");
	struct mb_challenge_record c = { .start_date = "2024-05-01", .days = 30, .goal = 3 };
	r = mb_store_challenge_add(store, &c);
	CHECK(r == -EACCES, "challenge_add gave %d, not -EACCES", r);
	CHECK_ERR(mb_store_last_error(store), fx->db, "the file is read-only");
	mb_store_destroy(store);
}

/* The user's own file, chmod 0444: reading works, writing says why it cannot. */
static void sqlite_read_only_file_is_read_and_not_written(void **state)
{
	struct store_fixture *fx = *state;
	make_history(fx->db, 3);
	assert_int_equal(chmod(fx->db, 0444), 0);
	in_child(fx, read_only_file_body);
}

static void read_only_directory_body(struct store_fixture *fx)
{
	drop_root(fx->dir);
	if (chmod(fx->dir, 0500) < 0)
		child_fail("chmod %s: %s", fx->dir, strerror(errno));
	char err[1024];
	/* No -shm can be made beside it: the file alone is the history, read as it is. */
	struct mb_store *store = open_as(fx->db, MB_STORE_CHECK_SCHEMA, err, sizeof(err));
	CHECK(store, "a reader could not open a history in a read-only directory: %s", err);
	struct mb_break_record out[8];
	int n = mb_store_recent(store, out, LEN(out));
	CHECK(n == 3, "read %d breaks, not 3 (%s)", n, mb_store_last_error(store));
	mb_store_destroy(store);
	store = open_as(fx->db, MB_STORE_CHECK_PAGES, err, sizeof(err));
	CHECK(!store, "a writer opened a history in a read-only directory");
	CHECK_ERR(err, fx->db, "its directory is not writable");
	/* A new history there cannot be made, and says so. */
	char other[PATH_MAX + 16];
	snprintf(other, sizeof(other), "%s/other.db", fx->dir);
	store = open_as(other, MB_STORE_CHECK_SCHEMA, err, sizeof(err));
	CHECK(!store, "a history was made in a read-only directory");
	CHECK_ERR(err, other, "cannot create");
}

/* A writable file in a directory that is not: writers need the -wal and -shm there. */
static void sqlite_history_in_read_only_directory_is_read_and_not_written(void **state)
{
	struct store_fixture *fx = *state;
	make_history(fx->db, 3);
	in_child(fx, read_only_directory_body);
}

static void read_only_migration_body(struct store_fixture *fx)
{
	drop_root(fx->dir);
	char err[1024];
	struct mb_store *store = open_as(fx->db, MB_STORE_CHECK_SCHEMA, err, sizeof(err));
	CHECK(!store, "a version 1 history that cannot be written was opened");
	CHECK_ERR(err, fx->db, "from version 1");
	CHECK_ERR(err, fx->db, "the file is read-only");
}

static void sqlite_read_only_file_behind_our_schema_says_why_it_cannot_update(void **state)
{
	struct store_fixture *fx = *state;
	store_fixture_exec(fx->db,
		"CREATE TABLE breaks (id INTEGER PRIMARY KEY, start_us INTEGER NOT NULL,"
		" end_us INTEGER NOT NULL, active_us INTEGER NOT NULL, planned_us INTEGER NOT NULL,"
		" routine TEXT NOT NULL, exercises_done INTEGER NOT NULL,"
		" exercises_total INTEGER NOT NULL, outcome TEXT NOT NULL, source TEXT NOT NULL);"
		"PRAGMA user_version = 1;");
	assert_int_equal(chmod(fx->db, 0444), 0);
	in_child(fx, read_only_migration_body);
}

static void read_only_fs_body(struct store_fixture *fx)
{
	char mnt[PATH_MAX], path[PATH_MAX + 16];
	snprintf(mnt, sizeof(mnt), "%s/mnt", fx->dir);
	snprintf(path, sizeof(path), "%s/history.db", mnt);
	mount_tmpfs(mnt, "size=1m,mode=0700");
	char err[1024];
	struct mb_store *store = open_as(path, MB_STORE_CHECK_PAGES, err, sizeof(err));
	CHECK(store, "open on the tmpfs: %s", err);
	for (int i = 0; i < 3; i++) {
		struct mb_break_record rec = make_record(i);
		CHECK(mb_store_add(store, &rec) == 0, "add: %s", mb_store_last_error(store));
	}
	mb_store_destroy(store);
	if (mount("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL) < 0)
		child_skip("cannot remount the tmpfs read-only");

	store = open_as(path, MB_STORE_CHECK_PAGES, err, sizeof(err));
	CHECK(!store, "a writer opened a history on a read-only file system");
	CHECK_ERR(err, path, "cannot write");
	CHECK_ERR(err, path, "the file system is read-only");
	store = open_as(path, MB_STORE_CHECK_SCHEMA, err, sizeof(err));
	CHECK(store, "a reader could not open a history on a read-only file system: %s", err);
	struct mb_break_record out[8];
	int n = mb_store_recent(store, out, LEN(out));
	CHECK(n == 3, "read %d breaks, not 3 (%s)", n, mb_store_last_error(store));
	struct mb_activity_record act = { 1, 2, 1 };
	int r = mb_store_activity_add(store, &act);
	CHECK(r == -EROFS, "activity_add gave %d, not -EROFS", r);
	CHECK_ERR(mb_store_last_error(store), path, "the file system is read-only");
	mb_store_destroy(store);
}

static void sqlite_read_only_file_system_is_read_and_not_written(void **state)
{
	struct store_fixture *fx = *state;
	char mnt[PATH_MAX];
	snprintf(mnt, sizeof(mnt), "%s/mnt", fx->dir);
	assert_int_equal(mkdir(mnt, 0700), 0);
	in_child(fx, read_only_fs_body);
}

/* Fill the file system dir is on, up to the last block. */
static void fill_disk(const char *dir)
{
	char filler[PATH_MAX + 16];
	snprintf(filler, sizeof(filler), "%s/filler", dir);
	int fd = open(filler, O_WRONLY | O_CREAT | O_APPEND, 0600);
	CHECK(fd >= 0, "cannot make %s: %s", filler, strerror(errno));
	static const char block[4096];
	size_t chunk = sizeof(block);
	/* Smaller and smaller writes take the last partial block too. */
	while (chunk > 0) {
		if (write(fd, block, chunk) < 0) {
			CHECK(errno == ENOSPC, "filling: %s", strerror(errno));
			chunk /= 2;
		}
	}
	close(fd);
}

static void full_disk_body(struct store_fixture *fx)
{
	char mnt[PATH_MAX], path[PATH_MAX + 16], late[PATH_MAX + 16];
	snprintf(mnt, sizeof(mnt), "%s/mnt", fx->dir);
	snprintf(path, sizeof(path), "%s/history.db", mnt);
	snprintf(late, sizeof(late), "%s/late.db", mnt);
	mount_tmpfs(mnt, "size=512k,mode=0700");
	char err[1024];
	/* One history open before the disk fills up, written until it cannot be. */
	struct mb_store *store = open_as(path, MB_STORE_CHECK_PAGES, err, sizeof(err));
	CHECK(store, "open on the tmpfs: %s", err);
	fill_disk(mnt);
	int r = 0;
	for (int i = 0; i < 100000 && r == 0; i++) {
		struct mb_break_record rec = make_record(i);
		r = mb_store_add(store, &rec);
	}
	CHECK(r == -ENOSPC, "adding on a full disk gave %d, not -ENOSPC", r);
	CHECK_ERR(mb_store_last_error(store), path, "cannot write");
	CHECK_ERR(mb_store_last_error(store), path, "the disk is full");
	mb_store_destroy(store);
	/* And a new one cannot be set up. */
	store = open_as(late, MB_STORE_CHECK_PAGES, err, sizeof(err));
	CHECK(!store, "a new history was set up on a full disk");
	CHECK_ERR(err, late, "the disk is full");
}

/* A small tmpfs in a private mount namespace (root only: skips otherwise). */
static void sqlite_full_disk_says_the_disk_is_full(void **state)
{
	struct store_fixture *fx = *state;
	char mnt[PATH_MAX];
	snprintf(mnt, sizeof(mnt), "%s/mnt", fx->dir);
	assert_int_equal(mkdir(mnt, 0700), 0);
	in_child(fx, full_disk_body);
}

static void file_size_limit_body(struct store_fixture *fx)
{
	char err[1024];
	struct mb_store *store = open_as(fx->db, MB_STORE_CHECK_PAGES, err, sizeof(err));
	CHECK(store, "open: %s", err);
	/*
	 * Without the rights to mount a small file system, RLIMIT_FSIZE makes a
	 * file full: writes past it fail (EFBIG, or short, which SQLite reports as
	 * SQLITE_FULL). The signal it sends would end the process.
	 */
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit lim = { 64 * 1024, 64 * 1024 };
	CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0, "setrlimit: %s", strerror(errno));
	int r = 0;
	for (int i = 0; i < 100000 && r == 0; i++) {
		struct mb_break_record rec = make_record(i);
		r = mb_store_add(store, &rec);
	}
	CHECK(r == -EFBIG, "adding past the file size limit gave %d, not -EFBIG: %s", r,
		mb_store_last_error(store));
	CHECK_ERR(mb_store_last_error(store), fx->db, "cannot write");
	CHECK_ERR(mb_store_last_error(store), fx->db, "size limit");
	mb_store_destroy(store);
}

static void sqlite_file_size_limit_says_so(void **state)
{
	struct store_fixture *fx = *state;
	in_child(fx, file_size_limit_body);
}

static void sqlite_directory_at_the_path_says_so(void **state)
{
	struct store_fixture *fx = *state;
	assert_int_equal(mkdir(fx->db, 0700), 0);
	char err[1024];
	for (int check = 0; check < 2; check++) {
		assert_null(open_as(fx->db, check ? MB_STORE_CHECK_SCHEMA : MB_STORE_CHECK_PAGES,
			err, sizeof(err)));
		assert_non_null(strstr(err, fx->db));
		assert_non_null(strstr(err, "a directory is at the history path"));
	}
}

static void sqlite_newer_schema_names_the_path_and_version(void **state)
{
	struct store_fixture *fx = *state;
	make_history(fx->db, 1);
	store_fixture_exec(fx->db, "PRAGMA user_version = 7;");
	char err[1024];
	for (int check = 0; check < 2; check++) {
		assert_null(open_as(fx->db, check ? MB_STORE_CHECK_SCHEMA : MB_STORE_CHECK_PAGES,
			err, sizeof(err)));
		assert_non_null(strstr(err, fx->db));
		assert_non_null(strstr(err, "version 7, newer"));
	}
}

/* Another connection holding the write lock, as a movebreak writing a long import would. */
static sqlite3 *hold_write_lock(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(db,
			"BEGIN IMMEDIATE;"
			"INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,"
			" exercises_done, exercises_total, outcome, source)"
			" VALUES (1, 2, 1, 1, 'uncommitted', 1, 1, 'completed', 'manual');",
			NULL, NULL, NULL),
		SQLITE_OK);
	return db;
}

/* Opening a current history only reads: a writer busy meanwhile holds nobody up. */
static void sqlite_open_of_current_history_needs_no_write_lock(void **state)
{
	struct store_fixture *fx = *state;
	make_history(fx->db, 2);
	sqlite3 *writer = hold_write_lock(fx->db);
	char err[1024];
	for (int check = 0; check < 2; check++) {
		struct mb_store *store = open_as(fx->db,
			check ? MB_STORE_CHECK_SCHEMA : MB_STORE_CHECK_PAGES, err, sizeof(err));
		if (!store)
			fail_msg("open while another process writes: %s", err);
		struct mb_break_record out[4];
		assert_int_equal(mb_store_recent(store, out, LEN(out)), 2);
		mb_store_destroy(store);
	}
	sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(writer);
}

/* A migration that waits out the busy timeout says so, not "from version 0". */
static void sqlite_migration_held_up_by_another_writer_says_so(void **state)
{
	struct store_fixture *fx = *state;
	store_fixture_exec(fx->db,
		"PRAGMA journal_mode = WAL;"
		"CREATE TABLE breaks (id INTEGER PRIMARY KEY, start_us INTEGER NOT NULL,"
		" end_us INTEGER NOT NULL, active_us INTEGER NOT NULL, planned_us INTEGER NOT NULL,"
		" routine TEXT NOT NULL, exercises_done INTEGER NOT NULL,"
		" exercises_total INTEGER NOT NULL, outcome TEXT NOT NULL, source TEXT NOT NULL);"
		"PRAGMA user_version = 1;");
	sqlite3 *writer = hold_write_lock(fx->db);
	char err[1024];
	assert_null(open_as(fx->db, MB_STORE_CHECK_SCHEMA, err, sizeof(err)));
	assert_non_null(strstr(err, fx->db));
	assert_non_null(strstr(err, "another movebreak process held the history for 5 s"));
	assert_null(strstr(err, "version 0"));
	sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(writer);
}

/* Damage past the schema shows when reading: "damaged", not strerror(EBADMSG). */
static void sqlite_damage_found_while_reading_says_the_file_is_damaged(void **state)
{
	struct store_fixture *fx = *state;
	make_history(fx->db, 400);
	struct stat st;
	assert_int_equal(stat(fx->db, &st), 0);
	assert_true(st.st_size > 8 * 4096);
	/* Every page but the first (the schema's) is garbage. */
	int fd = open(fx->db, O_WRONLY);
	assert_true(fd >= 0);
	static unsigned char junk[4096];
	memset(junk, 0xab, sizeof(junk));
	for (off_t at = 4096; at < st.st_size; at += 4096)
		assert_int_equal(pwrite(fd, junk, sizeof(junk), at), (ssize_t)sizeof(junk));
	close(fd);
	char err[1024];
	struct mb_store *store = open_as(fx->db, MB_STORE_CHECK_SCHEMA, err, sizeof(err));
	if (!store)
		fail_msg("the schema check should pass: %s", err);
	struct mb_break_record out[4];
	assert_int_equal(mb_store_recent(store, out, LEN(out)), -EBADMSG);
	const char *why = mb_store_last_error(store);
	assert_non_null(strstr(why, fx->db));
	assert_non_null(strstr(why, "the history file is damaged"));
	mb_store_destroy(store);
}

/*
 * A store open on a file another process then moves aside (it found it
 * damaged) writes its next break into the new history, and leaves the
 * damaged bytes alone.
 */
static void sqlite_store_whose_file_was_moved_aside_writes_to_the_new_one(void **state)
{
	struct store_fixture *fx = *state;
	make_history(fx->db, 400);
	char err[1024], aside[PATH_MAX + 64];
	struct mb_store *early = open_as(fx->db, MB_STORE_CHECK_SCHEMA, err, sizeof(err));
	assert_non_null(early);
	struct stat st;
	assert_int_equal(stat(fx->db, &st), 0);
	assert_int_equal(truncate(fx->db, st.st_size / 2), 0);
	size_t len;
	unsigned char *damaged = store_fixture_read_file(fx->db, &len);
	struct mb_store *late = mb_store_sqlite_open(fx->db, aside, sizeof(aside), err,
		sizeof(err));
	if (!late)
		fail_msg("open: %s", err);
	assert_true(aside[0] != '\0');

	struct mb_break_record rec = make_record(1000);
	assert_int_equal(mb_store_add(early, &rec), 0);
	struct mb_break_record out[4];
	assert_int_equal(mb_store_recent(late, out, LEN(out)), 1);
	assert_string_equal(out[0].routine, rec.routine);
	mb_store_destroy(early);
	mb_store_destroy(late);
	size_t kept_len;
	unsigned char *kept = store_fixture_read_file(aside, &kept_len);
	assert_int_equal(kept_len, len);
	assert_memory_equal(kept, damaged, len);
	free(kept);
	free(damaged);
}

/* An empty file with a -wal that has bytes: SQLite would delete the -wal; it is kept. */
static void sqlite_wal_beside_an_empty_file_is_moved_aside_with_it(void **state)
{
	struct store_fixture *fx = *state;
	char wal[PATH_MAX + 8], moved[PATH_MAX + 80], aside[PATH_MAX + 64];
	snprintf(wal, sizeof(wal), "%s-wal", fx->db);
	store_fixture_write_file(fx->db, "", 0);
	store_fixture_write_file(wal, "orphan frames", 13);
	char err[1024];
	struct mb_store *store = mb_store_sqlite_open(fx->db, aside, sizeof(aside), err,
		sizeof(err));
	if (!store)
		fail_msg("open: %s", err);
	assert_true(aside[0] != '\0');
	snprintf(moved, sizeof(moved), "%s-wal", aside);
	struct stat st;
	assert_int_equal(stat(moved, &st), 0);
	assert_int_equal(st.st_size, 13);
	assert_int_equal(stat(aside, &st), 0);
	assert_int_equal(st.st_size, 0);
	mb_store_destroy(store);
}

#define FX(f) cmocka_unit_test_setup_teardown(f, store_fixture_setup, store_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX(sqlite_new_history_files_are_private),
		FX(sqlite_readable_history_files_are_tightened_on_open),
		FX(sqlite_read_only_file_is_read_and_not_written),
		FX(sqlite_history_in_read_only_directory_is_read_and_not_written),
		FX(sqlite_read_only_file_behind_our_schema_says_why_it_cannot_update),
		FX(sqlite_read_only_file_system_is_read_and_not_written),
		FX(sqlite_full_disk_says_the_disk_is_full),
		FX(sqlite_file_size_limit_says_so),
		FX(sqlite_directory_at_the_path_says_so),
		FX(sqlite_newer_schema_names_the_path_and_version),
		FX(sqlite_open_of_current_history_needs_no_write_lock),
		FX(sqlite_migration_held_up_by_another_writer_says_so),
		FX(sqlite_damage_found_while_reading_says_the_file_is_damaged),
		FX(sqlite_store_whose_file_was_moved_aside_writes_to_the_new_one),
		FX(sqlite_wal_beside_an_empty_file_is_moved_aside_with_it),
	};
	return cmocka_run_group_tests_name("platform-store-reasons", tests, NULL, NULL);
}

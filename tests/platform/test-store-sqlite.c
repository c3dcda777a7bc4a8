/* Tests for the history stores (SQLite on real files, none, fake) and the XDG paths. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "platform/paths.h"
#include "platform/store.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A private directory per test, with the database path inside it. */
struct fixture {
	/* Short enough that every path built from it fits PATH_MAX. */
	char dir[1024];
	char db[PATH_MAX];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof(fx->dir), "%s/mb-store-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof(fx->db), "%s/history.db", fx->dir);
	*state = fx;
	return 0;
}

static int make_writable(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	if (flag == FTW_D || flag == FTW_DNR)
		chmod(path, 0700);
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	/* A test may have locked a directory; open everything up before removing it. */
	nftw(fx->dir, make_writable, 16, FTW_PHYS);
	int r = nftw(fx->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return r;
}

static struct mb_break_record make_record(int i)
{
	struct mb_break_record r = {
		.start_us = 1714742400000000 + (int64_t)i * 3600000000 + 123456,
		.active_us = 200000000 + i * 1000001,
		.planned_us = 240000000 + i,
		.exercises_done = (unsigned)abs(i % 6),
		.exercises_total = 5,
		.outcome = (enum mb_outcome)abs(i % 3),
		.source = (enum mb_source)abs(i % 2),
	};
	r.end_us = r.start_us + r.active_us + 7;
	snprintf(r.routine, sizeof(r.routine), "routine-%d", i);
	return r;
}

static void assert_record_equal(const struct mb_break_record *a, const struct mb_break_record *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->start_us, b->start_us);
	assert_int_equal(a->end_us, b->end_us);
	assert_int_equal(a->active_us, b->active_us);
	assert_int_equal(a->planned_us, b->planned_us);
	assert_string_equal(a->routine, b->routine);
	assert_int_equal(a->exercises_done, b->exercises_done);
	assert_int_equal(a->exercises_total, b->exercises_total);
	assert_int_equal(a->outcome, b->outcome);
	assert_int_equal(a->source, b->source);
	assert_int_equal(a->kind, b->kind);
}

static struct mb_store *open_ok(const char *path, char *aside, size_t aside_len)
{
	char err[512] = "x";
	struct mb_store *store = mb_store_sqlite_open(path, aside, aside_len, err, sizeof(err));
	if (!store)
		fail_msg("open %s: %s", path, err);
	assert_string_equal(err, "");
	return store;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Read a whole file; the caller frees. */
static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot read %s: %s", path, strerror(errno));
	unsigned char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	return buf;
}

static void assert_file_bytes(const char *path, const unsigned char *want, size_t want_len)
{
	size_t len;
	unsigned char *got = read_file(path, &len);
	assert_int_equal(len, want_len);
	assert_memory_equal(got, want, want_len);
	free(got);
}

/* Deterministic noise that cannot start with SQLite's magic header. */
static void fill_noise(unsigned char *buf, size_t len)
{
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
	buf[0] = 'X';
}

/* Count the files in dir named like "history.db.corrupt-*" (journals excluded). */
static int count_asides(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (strncmp(e->d_name, "history.db.corrupt-", 19) == 0 &&
			!(len > 4 && strcmp(e->d_name + len - 4, "-wal") == 0) &&
			!(len > 4 && strcmp(e->d_name + len - 4, "-shm") == 0))
			n++;
	}
	closedir(d);
	return n;
}

/* "PATH.corrupt-YYYYMMDD-HHMMSS" optionally followed by "-N". */
static void assert_aside_name(const char *path, const char *aside)
{
	size_t len = strlen(path);
	assert_memory_equal(aside, path, len);
	const char *rest = aside + len;
	assert_memory_equal(rest, ".corrupt-", 9);
	rest += 9;
	for (int i = 0; i < 15; i++) {
		if (i == 8)
			assert_int_equal(rest[i], '-');
		else
			assert_true(rest[i] >= '0' && rest[i] <= '9');
	}
}

static sqlite3 *open_raw(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	return db;
}

static void exec_raw(const char *path, const char *sql)
{
	sqlite3 *db = open_raw(path);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

/* First column of the first row of sql, as text, into buf. */
static const char *query_raw(const char *path, const char *sql, char *buf, size_t len)
{
	sqlite3 *db = open_raw(path);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(buf, len, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return buf;
}

static void assert_store_fresh_and_usable(struct mb_store *store)
{
	struct mb_break_record out[2];
	assert_int_equal(mb_store_recent(store, out, LEN(out)), 0);
	struct mb_break_record rec = make_record(1);
	assert_int_equal(mb_store_add(store, &rec), 0);
	assert_int_equal(mb_store_recent(store, out, LEN(out)), 1);
	assert_record_equal(&out[0], &rec);
}

static void sqlite_add_then_recent_returns_newest_first_with_all_fields(void **state)
{
	struct fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	/* Added out of time order, with a tie on start_us that the id breaks. */
	struct mb_break_record recs[] = { make_record(2), make_record(0), make_record(5),
		make_record(2) };
	recs[3].outcome = MB_OUTCOME_SKIPPED;
	snprintf(recs[3].routine, sizeof(recs[3].routine), "%s", "a \"quoted\" name, ü");
	for (size_t i = 0; i < LEN(recs); i++) {
		recs[i].id = -1;
		assert_int_equal(mb_store_add(store, &recs[i]), 0);
		assert_true(recs[i].id > 0);
	}
	struct mb_break_record out[8];
	assert_int_equal(mb_store_recent(store, out, LEN(out)), 4);
	assert_record_equal(&out[0], &recs[2]);
	assert_record_equal(&out[1], &recs[3]);
	assert_record_equal(&out[2], &recs[0]);
	assert_record_equal(&out[3], &recs[1]);
	mb_store_destroy(store);
}

static void sqlite_daemon_outcomes_read_back(void **state)
{
	struct fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	const enum mb_outcome outcomes[] = { MB_OUTCOME_PROMPTED, MB_OUTCOME_POSTPONED,
		MB_OUTCOME_STARTED };
	struct mb_break_record recs[LEN(outcomes)];
	for (size_t i = 0; i < LEN(outcomes); i++) {
		recs[i] = make_record((int)i);
		recs[i].outcome = outcomes[i];
		recs[i].source = MB_SOURCE_PROMPT;
		assert_int_equal(mb_store_add(store, &recs[i]), 0);
	}
	struct mb_break_record out[4];
	assert_int_equal(mb_store_recent(store, out, LEN(out)), 3);
	for (size_t i = 0; i < LEN(outcomes); i++)
		assert_record_equal(&out[i], &recs[LEN(outcomes) - 1 - i]);
	mb_store_destroy(store);
}

static void sqlite_recent_returns_at_most_max(void **state)
{
	struct fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	for (int i = 0; i < 5; i++) {
		struct mb_break_record rec = make_record(i);
		assert_int_equal(mb_store_add(store, &rec), 0);
	}
	struct mb_break_record out[2];
	assert_int_equal(mb_store_recent(store, out, 2), 2);
	assert_string_equal(out[0].routine, "routine-4");
	assert_string_equal(out[1].routine, "routine-3");
	assert_int_equal(mb_store_recent(store, out, 0), 0);
	mb_store_destroy(store);
}

static void sqlite_reopen_keeps_records(void **state)
{
	struct fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	struct mb_break_record a = make_record(1), b = make_record(2);
	assert_int_equal(mb_store_add(store, &a), 0);
	assert_int_equal(mb_store_add(store, &b), 0);
	mb_store_destroy(store);

	char aside[PATH_MAX + 64] = "x";
	store = open_ok(fx->db, aside, sizeof(aside));
	assert_string_equal(aside, "");
	struct mb_break_record out[4];
	assert_int_equal(mb_store_recent(store, out, LEN(out)), 2);
	assert_record_equal(&out[0], &b);
	assert_record_equal(&out[1], &a);
	mb_store_destroy(store);
}

static void sqlite_new_database_is_in_wal_mode(void **state)
{
	struct fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	char buf[32];
	assert_string_equal(query_raw(fx->db, "PRAGMA journal_mode", buf, sizeof(buf)), "wal");
	mb_store_destroy(store);
}

static void sqlite_new_database_has_schema_version_2(void **state)
{
	struct fixture *fx = *state;
	mb_store_destroy(open_ok(fx->db, NULL, 0));
	char buf[256];
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "2");
	/* The range queries walk these. */
	assert_string_equal(query_raw(fx->db, "SELECT group_concat(name, ' ') FROM (SELECT name"
		" FROM sqlite_master WHERE type = 'index' ORDER BY name)", buf, sizeof(buf)),
		"activity_end_us activity_start_us breaks_start_us challenges_created_us");
}

static void sqlite_missing_directories_are_created_private(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX], dir[PATH_MAX];
	snprintf(path, sizeof(path), "%s/a/b/history.db", fx->dir);
	mb_store_destroy(open_ok(path, NULL, 0));
	struct stat st;
	snprintf(dir, sizeof(dir), "%s/a", fx->dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(dir, sizeof(dir), "%s/a/b", fx->dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
}

static void sqlite_random_bytes_file_is_moved_aside_intact(void **state)
{
	struct fixture *fx = *state;
	unsigned char noise[8192];
	fill_noise(noise, sizeof(noise));
	write_file(fx->db, noise, sizeof(noise));

	char aside[PATH_MAX + 64];
	struct mb_store *store = open_ok(fx->db, aside, sizeof(aside));
	assert_aside_name(fx->db, aside);
	assert_file_bytes(aside, noise, sizeof(noise));
	assert_int_equal(count_asides(fx->dir), 1);
	assert_store_fresh_and_usable(store);
	mb_store_destroy(store);
}

static void sqlite_truncated_database_is_moved_aside_intact(void **state)
{
	struct fixture *fx = *state;
	/* Enough rows for many pages, so half the file loses real b-tree pages. */
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	for (int i = 0; i < 400; i++) {
		struct mb_break_record rec = make_record(i);
		assert_int_equal(mb_store_add(store, &rec), 0);
	}
	/* Closing the last connection checkpoints the WAL into the main file. */
	mb_store_destroy(store);
	struct stat st;
	assert_int_equal(stat(fx->db, &st), 0);
	assert_true(st.st_size > 8 * 4096);
	assert_int_equal(truncate(fx->db, st.st_size / 2), 0);
	size_t len;
	unsigned char *truncated = read_file(fx->db, &len);
	/* A stale WAL beside a file with a real header is opened by SQLite; it must survive. */
	char wal[PATH_MAX + 8], moved[PATH_MAX + 80];
	snprintf(wal, sizeof(wal), "%s-wal", fx->db);
	write_file(wal, "stale wal", 9);

	char aside[PATH_MAX + 64];
	store = open_ok(fx->db, aside, sizeof(aside));
	assert_aside_name(fx->db, aside);
	assert_file_bytes(aside, truncated, len);
	snprintf(moved, sizeof(moved), "%s-wal", aside);
	assert_file_bytes(moved, (const unsigned char *)"stale wal", 9);
	assert_store_fresh_and_usable(store);
	mb_store_destroy(store);
	free(truncated);
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	unsigned char *data = read_file(from, &len);
	write_file(to, data, len);
	free(data);
}

static void sqlite_truncated_database_with_live_wal_is_moved_without_checkpoint(void **state)
{
	struct fixture *fx = *state;
	/* Build a file whose main part is checkpointed and whose WAL holds newer pages. */
	char live[PATH_MAX], live_wal[PATH_MAX + 8], wal[PATH_MAX + 8];
	snprintf(live, sizeof(live), "%s/live.db", fx->dir);
	snprintf(live_wal, sizeof(live_wal), "%s-wal", live);
	snprintf(wal, sizeof(wal), "%s-wal", fx->db);
	struct mb_store *store = open_ok(live, NULL, 0);
	for (int i = 0; i < 400; i++) {
		struct mb_break_record rec = make_record(i);
		assert_int_equal(mb_store_add(store, &rec), 0);
	}
	mb_store_destroy(store);
	sqlite3 *db = open_raw(live);
	assert_int_equal(sqlite3_exec(db, "PRAGMA wal_autocheckpoint = 0;"
		"UPDATE breaks SET routine = 'changed' WHERE id = 1;", NULL, NULL, NULL),
		SQLITE_OK);
	/* Copy while the writer is open, as a crash would leave them. */
	copy_file(live, fx->db);
	copy_file(live_wal, wal);
	sqlite3_close(db);

	struct stat st;
	assert_int_equal(stat(fx->db, &st), 0);
	assert_int_equal(truncate(fx->db, st.st_size / 2), 0);
	size_t len, wal_len;
	unsigned char *main_bytes = read_file(fx->db, &len);
	unsigned char *wal_bytes = read_file(wal, &wal_len);
	assert_true(wal_len > 32);

	char aside[PATH_MAX + 64], moved[PATH_MAX + 80];
	store = open_ok(fx->db, aside, sizeof(aside));
	assert_aside_name(fx->db, aside);
	assert_file_bytes(aside, main_bytes, len);
	snprintf(moved, sizeof(moved), "%s-wal", aside);
	assert_file_bytes(moved, wal_bytes, wal_len);
	assert_store_fresh_and_usable(store);
	mb_store_destroy(store);
	free(main_bytes);
	free(wal_bytes);
}

static void sqlite_corrupt_file_takes_its_journals_along(void **state)
{
	struct fixture *fx = *state;
	unsigned char noise[2048];
	fill_noise(noise, sizeof(noise));
	write_file(fx->db, noise, sizeof(noise));
	char wal[PATH_MAX + 8], shm[PATH_MAX + 8];
	snprintf(wal, sizeof(wal), "%s-wal", fx->db);
	snprintf(shm, sizeof(shm), "%s-shm", fx->db);
	write_file(wal, "old wal", 7);
	write_file(shm, "old shm", 7);

	char aside[PATH_MAX + 64], moved[PATH_MAX + 80];
	struct mb_store *store = open_ok(fx->db, aside, sizeof(aside));
	snprintf(moved, sizeof(moved), "%s-wal", aside);
	assert_file_bytes(moved, (const unsigned char *)"old wal", 7);
	snprintf(moved, sizeof(moved), "%s-shm", aside);
	assert_file_bytes(moved, (const unsigned char *)"old shm", 7);
	assert_store_fresh_and_usable(store);
	mb_store_destroy(store);
}

static void sqlite_corrupt_file_whose_aside_name_is_taken_gets_a_number(void **state)
{
	struct fixture *fx = *state;
	/* Occupy the names for the next few seconds so the clock cannot dodge the clash. */
	time_t now = time(NULL);
	for (int i = 0; i < 3; i++) {
		time_t t = now + i;
		struct tm tm;
		char stamp[32], taken[PATH_MAX + 64];
		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		snprintf(taken, sizeof(taken), "%s.corrupt-%s", fx->db, stamp);
		write_file(taken, "earlier", 7);
	}
	unsigned char noise[1024];
	fill_noise(noise, sizeof(noise));
	write_file(fx->db, noise, sizeof(noise));

	char aside[PATH_MAX + 64];
	struct mb_store *store = open_ok(fx->db, aside, sizeof(aside));
	assert_aside_name(fx->db, aside);
	size_t len = strlen(aside);
	assert_string_equal(aside + len - 2, "-1");
	assert_file_bytes(aside, noise, sizeof(noise));
	assert_int_equal(count_asides(fx->dir), 4);
	mb_store_destroy(store);
}

static void sqlite_newer_schema_is_refused_and_left_in_place(void **state)
{
	struct fixture *fx = *state;
	exec_raw(fx->db, "CREATE TABLE breaks (id INTEGER PRIMARY KEY, future TEXT);"
		"INSERT INTO breaks (future) VALUES ('keep me');"
		"PRAGMA user_version = 99;");
	size_t len;
	unsigned char *before = read_file(fx->db, &len);

	char aside[PATH_MAX + 64] = "x", err[512] = "";
	struct mb_store *store = mb_store_sqlite_open(fx->db, aside, sizeof(aside), err,
		sizeof(err));
	assert_null(store);
	assert_string_equal(aside, "");
	assert_non_null(strstr(err, "99"));
	assert_non_null(strstr(err, "newer"));
	assert_int_equal(count_asides(fx->dir), 0);
	assert_file_bytes(fx->db, before, len);
	free(before);
}

static void sqlite_unwritable_directory_returns_null_with_reason(void **state)
{
	struct fixture *fx = *state;
	char dir[PATH_MAX], path[PATH_MAX + 16];
	snprintf(dir, sizeof(dir), "%s/locked", fx->dir);
	assert_int_equal(mkdir(dir, 0555), 0);
	snprintf(path, sizeof(path), "%s/history.db", dir);
	if (geteuid() != 0) {
		char err[512] = "";
		assert_null(mb_store_sqlite_open(path, NULL, 0, err, sizeof(err)));
		assert_non_null(strstr(err, path));
		return;
	}
	/* Root writes anywhere, so the attempt is made by a child running as nobody. */
	assert_int_equal(chmod(fx->dir, 0755), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char err[512] = "";
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		struct mb_store *store = mb_store_sqlite_open(path, NULL, 0, err, sizeof(err));
		_exit(store ? 1 : strstr(err, path) ? 0 : 2);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void sqlite_directory_below_a_file_returns_null_with_reason(void **state)
{
	struct fixture *fx = *state;
	char file[PATH_MAX], path[PATH_MAX + 32];
	snprintf(file, sizeof(file), "%s/plain", fx->dir);
	write_file(file, "x", 1);
	snprintf(path, sizeof(path), "%s/sub/history.db", file);
	char err[512] = "";
	assert_null(mb_store_sqlite_open(path, NULL, 0, err, sizeof(err)));
	assert_non_null(strstr(err, strerror(ENOTDIR)));
	assert_non_null(strstr(err, file));
}

static void sqlite_path_that_is_a_directory_is_refused_not_moved(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(mkdir(fx->db, 0700), 0);
	char aside[PATH_MAX + 64] = "x", err[512] = "";
	assert_null(mb_store_sqlite_open(fx->db, aside, sizeof(aside), err, sizeof(err)));
	assert_string_equal(aside, "");
	assert_true(err[0] != '\0');
	struct stat st;
	assert_int_equal(stat(fx->db, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(count_asides(fx->dir), 0);
}

static void none_store_add_succeeds_and_keeps_nothing(void **state)
{
	struct mb_store *store = mb_store_none_create();
	assert_non_null(store);
	assert_string_equal(store->impl->name, "none");
	struct mb_break_record rec = make_record(1), out[2];
	assert_int_equal(mb_store_add(store, &rec), 0);
	assert_int_equal(mb_store_recent(store, out, LEN(out)), 0);
	mb_store_destroy(store);
}

static void fake_store_returns_newest_first_like_sqlite(void **state)
{
	struct mb_store *store = mb_store_fake_create();
	assert_non_null(store);
	assert_string_equal(store->impl->name, "fake");
	struct mb_break_record recs[] = { make_record(2), make_record(0), make_record(5),
		make_record(2) };
	for (size_t i = 0; i < LEN(recs); i++) {
		assert_int_equal(mb_store_add(store, &recs[i]), 0);
		assert_int_equal(recs[i].id, (int64_t)i + 1);
	}
	/* More than the fake's first allocation, to cover growing. */
	for (int i = 10; i < 40; i++) {
		struct mb_break_record rec = make_record(-i);
		assert_int_equal(mb_store_add(store, &rec), 0);
	}
	struct mb_break_record out[3];
	assert_int_equal(mb_store_recent(store, out, LEN(out)), 3);
	assert_record_equal(&out[0], &recs[2]);
	assert_record_equal(&out[1], &recs[3]);
	assert_record_equal(&out[2], &recs[0]);
	struct mb_break_record all[64];
	assert_int_equal(mb_store_recent(store, all, LEN(all)), 34);
	assert_string_equal(all[33].routine, "routine--39");
	mb_store_destroy(store);
}

static void store_calls_on_null_store_return_einval(void **state)
{
	struct mb_break_record rec = make_record(1);
	assert_int_equal(mb_store_add(NULL, &rec), -EINVAL);
	assert_int_equal(mb_store_recent(NULL, &rec, 1), -EINVAL);
	mb_store_destroy(NULL);
}

static void outcome_and_source_names_match_the_stored_text(void **state)
{
	assert_string_equal(mb_outcome_name(MB_OUTCOME_COMPLETED), "completed");
	assert_string_equal(mb_outcome_name(MB_OUTCOME_PARTIAL), "partial");
	assert_string_equal(mb_outcome_name(MB_OUTCOME_SKIPPED), "skipped");
	assert_string_equal(mb_outcome_name(MB_OUTCOME_PROMPTED), "prompted");
	assert_string_equal(mb_outcome_name(MB_OUTCOME_POSTPONED), "postponed");
	assert_string_equal(mb_outcome_name(MB_OUTCOME_STARTED), "started");
	assert_string_equal(mb_source_name(MB_SOURCE_MANUAL), "manual");
	assert_string_equal(mb_source_name(MB_SOURCE_PROMPT), "prompt");
}

enum paths_fn {
	CONFIG_DIR,
	DATA_DIR,
	HISTORY_DB,
};

struct paths_case {
	const char *name;
	enum paths_fn fn;
	/* NULL unsets the variable. */
	const char *xdg_config, *xdg_data, *home;
	size_t buf_len;
	int ret;
	const char *want;
};

static const struct paths_case paths_cases[] = {
	{ "paths_config_dir_uses_absolute_xdg_config_home", CONFIG_DIR, "/x/cfg", NULL, "/h",
		256, 0, "/x/cfg/movebreak" },
	{ "paths_config_dir_defaults_to_home_dot_config", CONFIG_DIR, NULL, NULL, "/h",
		256, 0, "/h/.config/movebreak" },
	{ "paths_config_dir_ignores_relative_xdg_value", CONFIG_DIR, "rel/cfg", NULL, "/h",
		256, 0, "/h/.config/movebreak" },
	{ "paths_config_dir_treats_empty_xdg_as_unset", CONFIG_DIR, "", NULL, "/h",
		256, 0, "/h/.config/movebreak" },
	{ "paths_data_dir_uses_absolute_xdg_data_home", DATA_DIR, NULL, "/x/data", "/h",
		256, 0, "/x/data/movebreak" },
	{ "paths_data_dir_defaults_to_home_local_share", DATA_DIR, NULL, NULL, "/h",
		256, 0, "/h/.local/share/movebreak" },
	{ "paths_data_dir_ignores_relative_xdg_value", DATA_DIR, NULL, "./data", "/h",
		256, 0, "/h/.local/share/movebreak" },
	{ "paths_data_dir_drops_trailing_slashes", DATA_DIR, NULL, "/x/data//", "/h",
		256, 0, "/x/data/movebreak" },
	{ "paths_history_db_is_in_data_dir", HISTORY_DB, "/x/cfg", "/x/data", "/h",
		256, 0, "/x/data/movebreak/history.db" },
	{ "paths_history_db_in_root_xdg_has_no_double_slash", HISTORY_DB, NULL, "/", "/h",
		256, 0, "/movebreak/history.db" },
	{ "paths_without_xdg_or_home_are_enoent", HISTORY_DB, NULL, NULL, NULL,
		256, -ENOENT, NULL },
	{ "paths_with_relative_xdg_and_no_home_are_enoent", DATA_DIR, NULL, "data", NULL,
		256, -ENOENT, NULL },
	{ "paths_too_long_for_buffer_are_enametoolong", HISTORY_DB, NULL, "/x/data", "/h",
		28, -ENAMETOOLONG, NULL },
	{ "paths_exactly_fitting_buffer_succeed", HISTORY_DB, NULL, "/x/data", "/h",
		29, 0, "/x/data/movebreak/history.db" },
};

static void set_or_unset(const char *name, const char *value)
{
	if (value)
		assert_int_equal(setenv(name, value, 1), 0);
	else
		assert_int_equal(unsetenv(name), 0);
}

static void test_paths(void **state)
{
	const struct paths_case *c = *state;
	set_or_unset("XDG_CONFIG_HOME", c->xdg_config);
	set_or_unset("XDG_DATA_HOME", c->xdg_data);
	set_or_unset("HOME", c->home);
	char buf[256];
	assert_true(c->buf_len <= sizeof(buf));
	int r;
	switch (c->fn) {
	case CONFIG_DIR:
		r = mb_paths_config_dir(buf, c->buf_len);
		break;
	case DATA_DIR:
		r = mb_paths_data_dir(buf, c->buf_len);
		break;
	case HISTORY_DB:
	default:
		r = mb_paths_history_db(buf, c->buf_len);
		break;
	}
	assert_int_equal(r, c->ret);
	if (c->want)
		assert_string_equal(buf, c->want);
}

static void paths_mkdir_p_creates_parents_and_accepts_existing(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/one/two/three/", fx->dir);
	assert_int_equal(mb_paths_mkdir_p(path), 0);
	assert_int_equal(mb_paths_mkdir_p(path), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
}

static void paths_mkdir_p_over_a_file_is_enotdir(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/file", fx->dir);
	write_file(path, "x", 1);
	assert_int_equal(mb_paths_mkdir_p(path), -ENOTDIR);
	strncat(path, "/below", sizeof(path) - strlen(path) - 1);
	assert_int_equal(mb_paths_mkdir_p(path), -ENOTDIR);
	assert_int_equal(mb_paths_mkdir_p(""), -EINVAL);
}

#define FX(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest fixed[] = {
		FX(sqlite_add_then_recent_returns_newest_first_with_all_fields),
		FX(sqlite_recent_returns_at_most_max),
		FX(sqlite_daemon_outcomes_read_back),
		FX(sqlite_reopen_keeps_records),
		FX(sqlite_new_database_is_in_wal_mode),
		FX(sqlite_new_database_has_schema_version_2),
		FX(sqlite_missing_directories_are_created_private),
		FX(sqlite_random_bytes_file_is_moved_aside_intact),
		FX(sqlite_truncated_database_is_moved_aside_intact),
		FX(sqlite_truncated_database_with_live_wal_is_moved_without_checkpoint),
		FX(sqlite_corrupt_file_takes_its_journals_along),
		FX(sqlite_corrupt_file_whose_aside_name_is_taken_gets_a_number),
		FX(sqlite_newer_schema_is_refused_and_left_in_place),
		FX(sqlite_unwritable_directory_returns_null_with_reason),
		FX(sqlite_directory_below_a_file_returns_null_with_reason),
		FX(sqlite_path_that_is_a_directory_is_refused_not_moved),
		FX(paths_mkdir_p_creates_parents_and_accepts_existing),
		FX(paths_mkdir_p_over_a_file_is_enotdir),
		cmocka_unit_test(none_store_add_succeeds_and_keeps_nothing),
		cmocka_unit_test(fake_store_returns_newest_first_like_sqlite),
		cmocka_unit_test(store_calls_on_null_store_return_einval),
		cmocka_unit_test(outcome_and_source_names_match_the_stored_text),
	};
	struct CMUnitTest tests[LEN(fixed) + LEN(paths_cases)];
	size_t n = 0;
	for (size_t i = 0; i < LEN(fixed); i++)
		tests[n++] = fixed[i];
	for (size_t i = 0; i < LEN(paths_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = paths_cases[i].name,
			.test_func = test_paths, .initial_state = (void *)&paths_cases[i] };
	return _cmocka_run_group_tests("platform-store-sqlite", tests, n, NULL, NULL);
}

/* Tests for the history stores (SQLite on real files, none, fake) and the XDG paths. */
#include <dirent.h>
#include <errno.h>
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
#include "store-fixture.h"
#include "tests/fakes/fakes.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

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
	assert_int_equal(a->demo, b->demo);
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

static void assert_file_bytes(const char *path, const unsigned char *want, size_t want_len)
{
	size_t len;
	unsigned char *got = store_fixture_read_file(path, &len);
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
	struct store_fixture *fx = *state;
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
	struct store_fixture *fx = *state;
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
	struct store_fixture *fx = *state;
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
	struct store_fixture *fx = *state;
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
	struct store_fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	char buf[32];
	assert_string_equal(query_raw(fx->db, "PRAGMA journal_mode", buf, sizeof(buf)), "wal");
	mb_store_destroy(store);
}

static void sqlite_new_database_has_schema_version_4(void **state)
{
	struct store_fixture *fx = *state;
	mb_store_destroy(open_ok(fx->db, NULL, 0));
	char buf[256];
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "4");
	/* The range queries walk these. */
	assert_string_equal(query_raw(fx->db,
				    "SELECT group_concat(name, ' ') FROM (SELECT name"
				    " FROM sqlite_master WHERE type = 'index' ORDER BY name)",
				    buf, sizeof(buf)),
		"activity_end_us activity_start_us breaks_start_us challenges_created_us");
}

static void sqlite_missing_directories_are_created_private(void **state)
{
	struct store_fixture *fx = *state;
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
	struct store_fixture *fx = *state;
	unsigned char noise[8192];
	fill_noise(noise, sizeof(noise));
	store_fixture_write_file(fx->db, noise, sizeof(noise));

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
	struct store_fixture *fx = *state;
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
	unsigned char *truncated = store_fixture_read_file(fx->db, &len);
	/* A stale WAL beside a file with a real header is opened by SQLite; it must survive. */
	char wal[PATH_MAX + 8], moved[PATH_MAX + 80];
	snprintf(wal, sizeof(wal), "%s-wal", fx->db);
	store_fixture_write_file(wal, "stale wal", 9);

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

/* The schema-only check keeps a healthy history, finds a broken header and reads no further. */
static void sqlite_schema_check_opens_healthy_and_moves_broken_header(void **state)
{
	struct store_fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	for (int i = 0; i < 50; i++) {
		struct mb_break_record rec = make_record(i);
		assert_int_equal(mb_store_add(store, &rec), 0);
	}
	mb_store_destroy(store);

	char err[512], aside[PATH_MAX + 64];
	store = mb_store_sqlite_open_checked(fx->db, MB_STORE_CHECK_SCHEMA, aside, sizeof(aside),
		err, sizeof(err));
	assert_non_null(store);
	assert_string_equal(aside, "");
	struct mb_break_record out[60];
	assert_int_equal(mb_store_recent(store, out, 60), 50);
	mb_store_destroy(store);

	/* The magic stays, the page size after it does not: SQLite calls it not a database. */
	size_t len;
	unsigned char *bytes = store_fixture_read_file(fx->db, &len);
	memset(bytes + 16, 0xff, 84);
	store_fixture_write_file(fx->db, bytes, len);
	store = mb_store_sqlite_open_checked(fx->db, MB_STORE_CHECK_SCHEMA, aside, sizeof(aside),
		err, sizeof(err));
	assert_non_null(store);
	assert_aside_name(fx->db, aside);
	assert_file_bytes(aside, bytes, len);
	assert_store_fresh_and_usable(store);
	mb_store_destroy(store);
	free(bytes);
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	unsigned char *data = store_fixture_read_file(from, &len);
	store_fixture_write_file(to, data, len);
	free(data);
}

static void sqlite_truncated_database_with_live_wal_is_moved_without_checkpoint(void **state)
{
	struct store_fixture *fx = *state;
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
	assert_int_equal(sqlite3_exec(db,
				 "PRAGMA wal_autocheckpoint = 0;"
				 "UPDATE breaks SET routine = 'changed' WHERE id = 1;",
				 NULL, NULL, NULL),
		SQLITE_OK);
	/* Copy while the writer is open, as a crash would leave them. */
	copy_file(live, fx->db);
	copy_file(live_wal, wal);
	sqlite3_close(db);

	struct stat st;
	assert_int_equal(stat(fx->db, &st), 0);
	assert_int_equal(truncate(fx->db, st.st_size / 2), 0);
	size_t len, wal_len;
	unsigned char *main_bytes = store_fixture_read_file(fx->db, &len);
	unsigned char *wal_bytes = store_fixture_read_file(wal, &wal_len);
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
	struct store_fixture *fx = *state;
	unsigned char noise[2048];
	fill_noise(noise, sizeof(noise));
	store_fixture_write_file(fx->db, noise, sizeof(noise));
	char wal[PATH_MAX + 8], shm[PATH_MAX + 8];
	snprintf(wal, sizeof(wal), "%s-wal", fx->db);
	snprintf(shm, sizeof(shm), "%s-shm", fx->db);
	store_fixture_write_file(wal, "old wal", 7);
	store_fixture_write_file(shm, "old shm", 7);

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
	struct store_fixture *fx = *state;
	/* Occupy the names for the next few seconds so the clock cannot dodge the clash. */
	time_t now = time(NULL);
	for (int i = 0; i < 3; i++) {
		time_t t = now + i;
		struct tm tm;
		char stamp[32], taken[PATH_MAX + 64];
		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		snprintf(taken, sizeof(taken), "%s.corrupt-%s", fx->db, stamp);
		store_fixture_write_file(taken, "earlier", 7);
	}
	unsigned char noise[1024];
	fill_noise(noise, sizeof(noise));
	store_fixture_write_file(fx->db, noise, sizeof(noise));

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
	struct store_fixture *fx = *state;
	store_fixture_exec(fx->db,
		"CREATE TABLE breaks (id INTEGER PRIMARY KEY, future TEXT);"
		"INSERT INTO breaks (future) VALUES ('keep me');"
		"PRAGMA user_version = 99;");
	size_t len;
	unsigned char *before = store_fixture_read_file(fx->db, &len);

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
	struct store_fixture *fx = *state;
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
	struct store_fixture *fx = *state;
	char file[PATH_MAX], path[PATH_MAX + 32];
	snprintf(file, sizeof(file), "%s/plain", fx->dir);
	store_fixture_write_file(file, "x", 1);
	snprintf(path, sizeof(path), "%s/sub/history.db", file);
	char err[512] = "";
	assert_null(mb_store_sqlite_open(path, NULL, 0, err, sizeof(err)));
	assert_non_null(strstr(err, strerror(ENOTDIR)));
	assert_non_null(strstr(err, file));
}

static void sqlite_path_that_is_a_directory_is_refused_not_moved(void **state)
{
	struct store_fixture *fx = *state;
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

/* ---- schema 2: kinds, natural breaks, activity, challenges, import ---- */

static void sqlite_kinds_and_natural_breaks_read_back(void **state)
{
	struct store_fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	struct mb_break_record micro = make_record(1), natural = make_record(2);
	micro.kind = MB_BREAK_MICRO;
	natural.kind = MB_BREAK_MOVEMENT;
	natural.outcome = MB_OUTCOME_NATURAL;
	natural.routine[0] = '\0';
	assert_int_equal(mb_store_add(store, &micro), 0);
	assert_int_equal(mb_store_add(store, &natural), 0);
	struct mb_break_record out[4];
	assert_int_equal(mb_store_recent(store, out, LEN(out)), 2);
	assert_record_equal(&out[0], &natural);
	assert_record_equal(&out[1], &micro);
	mb_store_destroy(store);
	char buf[64];
	assert_string_equal(query_raw(fx->db,
				    "SELECT group_concat(kind || '/' || outcome, ' ')"
				    " FROM breaks",
				    buf, sizeof(buf)),
		"micro/partial movement/natural");
}

/* Earlier outcomes keep their numbers: stored rows and other builds depend on them. */
static void outcome_values_are_stable_and_natural_is_last(void **state)
{
	assert_int_equal(MB_OUTCOME_COMPLETED, 0);
	assert_int_equal(MB_OUTCOME_STARTED, 5);
	assert_int_equal(MB_OUTCOME_NATURAL, 6);
	assert_string_equal(mb_outcome_name(MB_OUTCOME_NATURAL), "natural");
	assert_string_equal(mb_break_kind_name(MB_BREAK_MOVEMENT), "movement");
	assert_string_equal(mb_break_kind_name(MB_BREAK_MICRO), "micro");
	for (enum mb_outcome o = MB_OUTCOME_COMPLETED; o <= MB_OUTCOME_NATURAL; o++) {
		enum mb_outcome back = MB_OUTCOME_STARTED;
		assert_true(mb_outcome_from_name(mb_outcome_name(o), &back));
		assert_int_equal(back, o);
	}
	enum mb_outcome o;
	enum mb_source src;
	assert_false(mb_outcome_from_name("Completed", &o));
	assert_false(mb_outcome_from_name(NULL, &o));
	assert_true(mb_source_from_name("prompt", &src));
	assert_int_equal(src, MB_SOURCE_PROMPT);
	assert_false(mb_source_from_name("idle", &src));
}

/* Breaks at from - 1, from, from + 1, to - 1, to, added out of order. */
static void check_breaks_between_edges(struct mb_store *store)
{
	const int64_t from = 1714780800000000, to = from + 86400000000;
	const int64_t at[] = { to - 1, from, to, from - 1, from + 1, from };
	struct mb_break_record recs[LEN(at)];
	for (size_t i = 0; i < LEN(at); i++) {
		recs[i] = make_record((int)i);
		recs[i].start_us = at[i];
		recs[i].end_us = at[i] + 5;
		assert_int_equal(mb_store_add(store, &recs[i]), 0);
	}
	struct mb_break_record *out = (void *)1;
	size_t len = 99;
	assert_int_equal(mb_store_breaks_between(store, from, to, &out, &len), 4);
	assert_int_equal(len, 4);
	/* Oldest first; the tie at from goes by id. */
	assert_record_equal(&out[0], &recs[1]);
	assert_record_equal(&out[1], &recs[5]);
	assert_record_equal(&out[2], &recs[4]);
	assert_record_equal(&out[3], &recs[0]);
	free(out);

	out = (void *)1;
	len = 99;
	assert_int_equal(mb_store_breaks_between(store, from, from, &out, &len), 0);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(mb_store_breaks_between(store, to, from, &out, &len), 0);
	assert_null(out);
	assert_int_equal(mb_store_breaks_between(store, INT64_MIN, INT64_MAX, &out, &len), 6);
	assert_int_equal(out[0].start_us, from - 1);
	assert_int_equal(out[5].start_us, to);
	free(out);
	assert_int_equal(mb_store_breaks_between(store, from, to, NULL, &len), -EINVAL);
	assert_int_equal(mb_store_breaks_between(NULL, from, to, &out, &len), -EINVAL);
	assert_null(out);
}

static void sqlite_breaks_between_takes_start_in_half_open_range(void **state)
{
	struct store_fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	check_breaks_between_edges(store);
	mb_store_destroy(store);
}

static void fake_breaks_between_takes_start_in_half_open_range(void **state)
{
	struct mb_store *store = mb_store_fake_create();
	check_breaks_between_edges(store);
	mb_store_destroy(store);
}

static void check_activity_between_overlap(struct mb_store *store)
{
	const int64_t from = 1714780800000000, to = from + 3600000000;
	const struct mb_activity_record recs[] = {
		/* Ends where the range begins: out. */
		{ from - 100, from, 100 },
		/* Crosses the start: in, whole. */
		{ from - 100, from + 100, 150 },
		/* Zero length at from: in; at to: out. */
		{ from, from, 0 },
		{ to, to, 0 },
		/* Inside, and across the end. */
		{ from + 500, from + 900, 400 },
		{ to - 1, to + 1000, 1000 },
		/* Covers the whole range. */
		{ from - 5000, to + 5000, 9000 },
		/* Starts where the range ends: out. */
		{ to, to + 10, 10 },
	};
	for (size_t i = 0; i < LEN(recs); i++)
		assert_int_equal(mb_store_activity_add(store, &recs[i]), 0);
	struct mb_activity_record *out = NULL;
	size_t len = 0;
	assert_int_equal(mb_store_activity_between(store, from, to, &out, &len), 5);
	assert_int_equal(len, 5);
	const struct mb_activity_record want[] = { recs[6], recs[1], recs[2], recs[4], recs[5] };
	for (size_t i = 0; i < LEN(want); i++) {
		assert_int_equal(out[i].start_us, want[i].start_us);
		assert_int_equal(out[i].end_us, want[i].end_us);
		assert_int_equal(out[i].active_us, want[i].active_us);
	}
	free(out);
	assert_int_equal(mb_store_activity_between(store, to + 6000, to + 7000, &out, &len), 0);
	assert_null(out);
	assert_int_equal(len, 0);

	/* Nonsense stretches are refused rather than stored. */
	const struct mb_activity_record bad[] = { { 10, 5, 0 }, { 0, 10, 11 }, { 0, 10, -1 },
		{ INT64_MAX, INT64_MIN, 0 } };
	for (size_t i = 0; i < LEN(bad); i++)
		assert_int_equal(mb_store_activity_add(store, &bad[i]), -EINVAL);
	assert_int_equal(mb_store_activity_add(store, NULL), -EINVAL);
	/* The whole range of time is a stretch too; its length does not fit an int64_t. */
	const struct mb_activity_record all = { INT64_MIN, INT64_MAX, INT64_MAX };
	assert_int_equal(mb_store_activity_add(store, &all), 0);
}

static void sqlite_activity_between_returns_overlapping_stretches_whole(void **state)
{
	struct store_fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	check_activity_between_overlap(store);
	mb_store_destroy(store);
}

static void fake_activity_between_returns_overlapping_stretches_whole(void **state)
{
	struct mb_store *store = mb_store_fake_create();
	check_activity_between_overlap(store);
	mb_store_destroy(store);
}

static struct mb_challenge_record make_challenge(int i)
{
	struct mb_challenge_record c = {
		.id = -1,
		.days = 7 + (unsigned)i,
		.goal = 3,
		.created_us = 1714742400000000 + (int64_t)i * 1000,
	};
	snprintf(c.start_date, sizeof(c.start_date), "2024-05-%02u", 1 + (unsigned)i % 28);
	/* Every other one follows a program. */
	if (i % 2)
		snprintf(c.program, sizeof(c.program), "desk-30");
	return c;
}

static void assert_challenge_equal(const struct mb_challenge_record *a,
	const struct mb_challenge_record *b)
{
	assert_int_equal(a->id, b->id);
	assert_string_equal(a->start_date, b->start_date);
	assert_int_equal(a->days, b->days);
	assert_int_equal(a->goal, b->goal);
	assert_int_equal(a->created_us, b->created_us);
	assert_int_equal(a->stopped_us, b->stopped_us);
	assert_string_equal(a->summary, b->summary);
	assert_string_equal(a->program, b->program);
}

static void check_challenges(struct mb_store *store)
{
	struct mb_challenge_record *out = (void *)1;
	size_t len = 9;
	assert_int_equal(mb_store_challenges(store, &out, &len), 0);
	assert_null(out);
	assert_int_equal(len, 0);

	struct mb_challenge_record a = make_challenge(2), b = make_challenge(1);
	assert_int_equal(mb_store_challenge_add(store, &a), 0);
	assert_int_equal(mb_store_challenge_add(store, &b), 0);
	assert_true(a.id > 0 && b.id > 0 && a.id != b.id);

	a.stopped_us = a.created_us + 86400000000;
	snprintf(a.summary, sizeof(a.summary), "%s", "5 of 7 days at 3 breaks, \"kept\" ü");
	assert_int_equal(mb_store_challenge_update(store, &a), 0);
	assert_int_equal(mb_store_challenges(store, &out, &len), 2);
	assert_int_equal(len, 2);
	/* Oldest first by created_us. */
	assert_challenge_equal(&out[0], &b);
	assert_challenge_equal(&out[1], &a);
	free(out);

	struct mb_challenge_record ghost = make_challenge(3);
	ghost.id = a.id + b.id + 100;
	assert_int_equal(mb_store_challenge_update(store, &ghost), -ENOENT);
	struct mb_challenge_record bad = make_challenge(4);
	snprintf(bad.start_date, sizeof(bad.start_date), "%s", "2024-13-01");
	assert_int_equal(mb_store_challenge_add(store, &bad), -EINVAL);
	snprintf(bad.start_date, sizeof(bad.start_date), "%s", "2024-5-1");
	assert_int_equal(mb_store_challenge_add(store, &bad), -EINVAL);
	assert_int_equal(mb_store_challenges(store, &out, &len), 2);
	free(out);
}

static void sqlite_challenges_add_update_and_list_oldest_first(void **state)
{
	struct store_fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	check_challenges(store);
	mb_store_destroy(store);
	/* And they are still there for the next process. */
	store = open_ok(fx->db, NULL, 0);
	struct mb_challenge_record *out;
	size_t len;
	assert_int_equal(mb_store_challenges(store, &out, &len), 2);
	assert_string_equal(out[1].summary, "5 of 7 days at 3 breaks, \"kept\" ü");
	free(out);
	mb_store_destroy(store);
}

static void fake_challenges_add_update_and_list_oldest_first(void **state)
{
	struct mb_store *store = mb_store_fake_create();
	check_challenges(store);
	mb_store_destroy(store);
}

/* A bundle of everything, with an identical pair of breaks and an identical pair of stretches. */
struct bundle_data {
	struct mb_break_record breaks[4];
	struct mb_activity_record activity[3];
	struct mb_challenge_record challenges[2];
	struct mb_store_bundle bundle;
};

static void make_bundle(struct bundle_data *b)
{
	for (int i = 0; i < 3; i++)
		b->breaks[i] = make_record(i + 10);
	b->breaks[1].kind = MB_BREAK_MICRO;
	b->breaks[2].outcome = MB_OUTCOME_NATURAL;
	b->breaks[3] = b->breaks[0];
	b->activity[0] = (struct mb_activity_record){ 1000, 5000, 4000 };
	b->activity[1] = (struct mb_activity_record){ 9000, 9500, 100 };
	b->activity[2] = b->activity[0];
	b->challenges[0] = make_challenge(1);
	b->challenges[1] = make_challenge(2);
	b->challenges[1].stopped_us = 77;
	snprintf(b->challenges[1].summary, sizeof(b->challenges[1].summary), "done");
	b->bundle = (struct mb_store_bundle){
		.breaks = b->breaks,
		.breaks_len = LEN(b->breaks),
		.activity = b->activity,
		.activity_len = LEN(b->activity),
		.challenges = b->challenges,
		.challenges_len = LEN(b->challenges),
	};
}

static void check_import_twice_changes_nothing(struct mb_store *store)
{
	/* What was there before stays, and is not duplicated by an equal import row. */
	struct mb_break_record existing = make_record(10);
	assert_int_equal(mb_store_add(store, &existing), 0);

	struct bundle_data b;
	make_bundle(&b);
	/* breaks[0] and [3] equal the existing row: left out; activity [0] and [2] both in. */
	assert_int_equal(mb_store_import(store, &b.bundle), 2 + 3 + 2);
	struct mb_break_record *brk;
	struct mb_activity_record *act;
	struct mb_challenge_record *chal;
	size_t nb, na, nc;
	assert_int_equal(mb_store_breaks_between(store, INT64_MIN, INT64_MAX, &brk, &nb), 3);
	assert_int_equal(mb_store_activity_between(store, INT64_MIN, INT64_MAX, &act, &na), 3);
	assert_int_equal(mb_store_challenges(store, &chal, &nc), 2);
	assert_int_equal(brk[1].kind, MB_BREAK_MICRO);
	assert_int_equal(brk[2].outcome, MB_OUTCOME_NATURAL);
	assert_string_equal(chal[1].summary, "done");
	assert_int_equal(chal[1].stopped_us, 77);

	assert_int_equal(mb_store_import(store, &b.bundle), 0);
	struct mb_break_record *brk2;
	struct mb_activity_record *act2;
	struct mb_challenge_record *chal2;
	assert_int_equal(mb_store_breaks_between(store, INT64_MIN, INT64_MAX, &brk2, &nb), 3);
	assert_int_equal(mb_store_activity_between(store, INT64_MIN, INT64_MAX, &act2, &na), 3);
	assert_int_equal(mb_store_challenges(store, &chal2, &nc), 2);
	for (size_t i = 0; i < 3; i++)
		assert_record_equal(&brk[i], &brk2[i]);
	assert_memory_equal(act, act2, 3 * sizeof(*act));
	for (size_t i = 0; i < 2; i++)
		assert_challenge_equal(&chal[i], &chal2[i]);
	free(brk);
	free(act);
	free(chal);
	free(brk2);
	free(act2);
	free(chal2);

	/* A bad record anywhere refuses the whole bundle before anything is written. */
	make_bundle(&b);
	b.activity[1].active_us = 1000000;
	b.breaks[0].start_us = 1;
	assert_int_equal(mb_store_import(store, &b.bundle), -EINVAL);
	assert_int_equal(mb_store_breaks_between(store, 0, 2, &brk, &nb), 0);
}

static void sqlite_import_twice_changes_nothing(void **state)
{
	struct store_fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	check_import_twice_changes_nothing(store);
	mb_store_destroy(store);
}

static void fake_import_twice_changes_nothing(void **state)
{
	struct mb_store *store = mb_store_fake_create();
	check_import_twice_changes_nothing(store);
	mb_store_destroy(store);
}

/* A failure half way through rolls back what the import had written so far. */
static void sqlite_import_failing_half_way_writes_nothing(void **state)
{
	struct store_fixture *fx = *state;
	mb_store_destroy(open_ok(fx->db, NULL, 0));
	store_fixture_exec(fx->db,
		"CREATE TRIGGER refuse BEFORE INSERT ON challenges"
		" WHEN NEW.summary = 'done' BEGIN SELECT RAISE(ABORT, 'refused'); END;");
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	struct bundle_data b;
	make_bundle(&b);
	assert_true(mb_store_import(store, &b.bundle) < 0);
	mb_store_destroy(store);
	char buf[64];
	assert_string_equal(
		query_raw(fx->db,
			"SELECT (SELECT count(*) FROM breaks) ||"
			" (SELECT count(*) FROM activity) || (SELECT count(*) FROM challenges)",
			buf, sizeof(buf)),
		"000");
}

static void none_store_new_calls_keep_nothing(void **state)
{
	struct mb_store *store = mb_store_none_create();
	struct mb_activity_record act = { 1, 2, 1 };
	assert_int_equal(mb_store_activity_add(store, &act), 0);
	struct mb_challenge_record c = make_challenge(1);
	assert_int_equal(mb_store_challenge_add(store, &c), 0);
	assert_int_equal(c.id, 0);
	struct mb_break_record *brk = (void *)1;
	struct mb_activity_record *acts = (void *)1;
	struct mb_challenge_record *chal = (void *)1;
	size_t n = 5;
	assert_int_equal(mb_store_breaks_between(store, INT64_MIN, INT64_MAX, &brk, &n), 0);
	assert_null(brk);
	assert_int_equal(n, 0);
	assert_int_equal(mb_store_activity_between(store, INT64_MIN, INT64_MAX, &acts, &n), 0);
	assert_null(acts);
	assert_int_equal(mb_store_challenges(store, &chal, &n), 0);
	assert_null(chal);
	struct bundle_data b;
	make_bundle(&b);
	assert_int_equal(mb_store_import(store, &b.bundle), 0);
	mb_store_destroy(store);
}

/* Run a file of SQL against a new database at path, as an earlier movebreak left it. */
static void load_sql_fixture(const char *path, const char *name)
{
	const char *root = getenv("MB_SOURCE_ROOT");
	char fixture[PATH_MAX];
	snprintf(fixture, sizeof(fixture), "%s/tests/data/store/%s", root ? root : ".", name);
	size_t len;
	unsigned char *sql = store_fixture_read_file(fixture, &len);
	char *text = malloc(len + 1);
	assert_non_null(text);
	memcpy(text, sql, len);
	text[len] = '\0';
	store_fixture_exec(path, text);
	free(text);
	free(sql);
}

/* Version 2 to 3: every break there is a real one, not a demo; a demo added now reads back. */
static void sqlite_migrates_version_2_with_every_break_real(void **state)
{
	struct store_fixture *fx = *state;
	load_sql_fixture(fx->db, "v1.sql");
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	mb_store_destroy(store);
	store_fixture_exec(fx->db,
		"ALTER TABLE breaks DROP COLUMN demo;"
		"ALTER TABLE challenges DROP COLUMN program; PRAGMA user_version = 2;");
	char buf[256];
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "2");
	store = open_ok(fx->db, NULL, 0);
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "4");
	struct mb_break_record *out;
	size_t len;
	assert_int_equal(mb_store_breaks_between(store, INT64_MIN, INT64_MAX, &out, &len), 9);
	for (size_t i = 0; i < len; i++)
		assert_false(out[i].demo);
	free(out);
	struct mb_break_record demo = make_record(40);
	demo.demo = true;
	assert_int_equal(mb_store_add(store, &demo), 0);
	struct mb_break_record back[1];
	assert_int_equal(mb_store_recent(store, back, 1), 1);
	assert_true(back[0].demo);
	assert_record_equal(&back[0], &demo);
	mb_store_destroy(store);
}

/* Version 3 to 4: a challenge from before follows no program; one added now keeps its program. */
static void sqlite_migrates_version_3_with_challenges_following_no_program(void **state)
{
	struct store_fixture *fx = *state;
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	mb_store_destroy(store);
	store_fixture_exec(fx->db,
		"ALTER TABLE challenges DROP COLUMN program;"
		"INSERT INTO challenges (start_date, days, goal, created_us)"
		" VALUES ('2024-05-06', 30, 3, 1714742400000000);"
		"PRAGMA user_version = 3;");
	char buf[256];
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "3");
	store = open_ok(fx->db, NULL, 0);
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "4");
	struct mb_challenge_record *out;
	size_t len;
	assert_int_equal(mb_store_challenges(store, &out, &len), 1);
	assert_int_equal(len, 1);
	assert_string_equal(out[0].start_date, "2024-05-06");
	assert_string_equal(out[0].program, "");
	free(out);
	struct mb_challenge_record c = make_challenge(1);
	assert_int_equal(mb_store_challenge_add(store, &c), 0);
	snprintf(c.summary, sizeof(c.summary), "stopped");
	assert_int_equal(mb_store_challenge_update(store, &c), 0);
	assert_int_equal(mb_store_challenges(store, &out, &len), 2);
	assert_int_equal(len, 2);
	assert_challenge_equal(&out[1], &c);
	free(out);
	mb_store_destroy(store);
}

static void sqlite_migrates_version_1_keeping_rows_and_setting_kinds(void **state)
{
	struct store_fixture *fx = *state;
	load_sql_fixture(fx->db, "v1.sql");
	char buf[256];
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "1");

	struct mb_store *store = open_ok(fx->db, NULL, 0);
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "4");
	struct mb_break_record *out;
	size_t len;
	assert_int_equal(mb_store_breaks_between(store, INT64_MIN, INT64_MAX, &out, &len), 9);
	static const struct {
		const char *routine;
		enum mb_outcome outcome;
		enum mb_source source;
		enum mb_break_kind kind;
	} want[] = {
		{ "shoulder-reset", MB_OUTCOME_COMPLETED, MB_SOURCE_MANUAL, MB_BREAK_MOVEMENT },
		{ "micro-reset", MB_OUTCOME_COMPLETED, MB_SOURCE_PROMPT, MB_BREAK_MICRO },
		{ "shoulder-reset", MB_OUTCOME_PARTIAL, MB_SOURCE_MANUAL, MB_BREAK_MOVEMENT },
		{ "micro-reset", MB_OUTCOME_SKIPPED, MB_SOURCE_PROMPT, MB_BREAK_MICRO },
		{ "micro-reset", MB_OUTCOME_PROMPTED, MB_SOURCE_PROMPT, MB_BREAK_MICRO },
		{ "shoulder-reset", MB_OUTCOME_POSTPONED, MB_SOURCE_PROMPT, MB_BREAK_MOVEMENT },
		{ "shoulder-reset", MB_OUTCOME_STARTED, MB_SOURCE_PROMPT, MB_BREAK_MOVEMENT },
		{ "/home/u/my routines/desk \"stretch\".yaml", MB_OUTCOME_COMPLETED,
			MB_SOURCE_MANUAL, MB_BREAK_MOVEMENT },
		/* Only the exact name was the micro routine. */
		{ "micro-reset-long", MB_OUTCOME_PARTIAL, MB_SOURCE_MANUAL, MB_BREAK_MOVEMENT },
	};
	for (size_t i = 0; i < LEN(want); i++) {
		assert_int_equal(out[i].id, (int64_t)i + 1);
		assert_int_equal(out[i].start_us, 1714742400000000 + (int64_t)i * 3600000000);
		assert_int_equal(out[i].active_us, 180000000 + (int64_t)i);
		assert_int_equal(out[i].end_us, out[i].start_us + out[i].active_us + 1000);
		assert_int_equal(out[i].planned_us, 240000000);
		assert_int_equal(out[i].exercises_done, i % 5);
		assert_int_equal(out[i].exercises_total, 5);
		assert_string_equal(out[i].routine, want[i].routine);
		assert_int_equal(out[i].outcome, want[i].outcome);
		assert_int_equal(out[i].source, want[i].source);
		assert_int_equal(out[i].kind, want[i].kind);
	}
	free(out);
	/* The new tables are there and work; new rows follow the old ones. */
	struct mb_activity_record act = { 5, 10, 5 };
	assert_int_equal(mb_store_activity_add(store, &act), 0);
	struct mb_challenge_record c = make_challenge(0);
	assert_int_equal(mb_store_challenge_add(store, &c), 0);
	struct mb_break_record rec = make_record(20);
	assert_int_equal(mb_store_add(store, &rec), 0);
	assert_int_equal(rec.id, 10);
	mb_store_destroy(store);
	assert_string_equal(query_raw(fx->db, "PRAGMA journal_mode", buf, sizeof(buf)), "wal");

	/* Opening again runs no step twice. */
	store = open_ok(fx->db, NULL, 0);
	assert_int_equal(mb_store_breaks_between(store, INT64_MIN, INT64_MAX, &out, &len), 10);
	free(out);
	mb_store_destroy(store);
}

/* Version 0 and nothing in it: a file SQLite made but no movebreak wrote to. */
static void sqlite_migrates_empty_version_0_files(void **state)
{
	struct store_fixture *fx = *state;
	store_fixture_write_file(fx->db, "", 0);
	struct mb_store *store = open_ok(fx->db, NULL, 0);
	assert_int_equal(count_asides(fx->dir), 0);
	assert_store_fresh_and_usable(store);
	mb_store_destroy(store);
	char buf[32];
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "4");

	/* A real SQLite header with an empty schema: what `sqlite3 FILE 'VACUUM'` leaves. */
	char other[PATH_MAX + 16];
	snprintf(other, sizeof(other), "%s/v0.db", fx->dir);
	store_fixture_exec(other, "PRAGMA page_size = 1024; VACUUM;");
	struct stat st;
	assert_int_equal(stat(other, &st), 0);
	assert_true(st.st_size > 0);
	store = open_ok(other, NULL, 0);
	assert_store_fresh_and_usable(store);
	mb_store_destroy(store);
	assert_string_equal(query_raw(other, "PRAGMA user_version", buf, sizeof(buf)), "4");
}

struct foreign_case {
	const char *name;
	const char *sql;
	/* In the message: what gave the file away. */
	const char *why;
};

static const struct foreign_case foreign_cases[] = {
	{ "sqlite_foreign_table_at_version_0_is_refused_untouched",
		"CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept');",
		"table \"notes\"" },
	{ "sqlite_foreign_view_at_version_0_is_refused_untouched",
		"CREATE VIEW answer AS SELECT 42;", "view \"answer\"" },
	{ "sqlite_history_with_a_foreign_table_is_refused_untouched",
		"CREATE TABLE breaks (id INTEGER PRIMARY KEY); CREATE TABLE photos (x);"
		"PRAGMA user_version = 1;",
		"table \"photos\"" },
	{ "sqlite_history_missing_a_table_of_its_version_is_refused_untouched",
		"CREATE TABLE breaks (id INTEGER PRIMARY KEY); PRAGMA user_version = 2;",
		"no table \"activity\"" },
};

/* Another program's SQLite file: refused by name, and not a byte of it changed. */
static void test_foreign(void **state)
{
	struct store_fixture *fx = *state;
	const struct foreign_case *c = fx->param;
	store_fixture_exec(fx->db, c->sql);
	size_t len;
	unsigned char *before = store_fixture_read_file(fx->db, &len);
	for (int check = 0; check < 2; check++) {
		char aside[PATH_MAX + 64] = "x", err[1024] = "";
		struct mb_store *store = mb_store_sqlite_open_checked(fx->db,
			check ? MB_STORE_CHECK_SCHEMA : MB_STORE_CHECK_PAGES, aside, sizeof(aside),
			err, sizeof(err));
		assert_null(store);
		assert_string_equal(aside, "");
		assert_non_null(strstr(err, fx->db));
		assert_non_null(strstr(err, "not a movebreak history"));
		if (!strstr(err, c->why))
			fail_msg("the message does not say '%s': %s", c->why, err);
		assert_file_bytes(fx->db, before, len);
		char wal[PATH_MAX + 8];
		snprintf(wal, sizeof(wal), "%s-wal", fx->db);
		assert_int_equal(access(wal, F_OK), -1);
		assert_int_equal(count_asides(fx->dir), 0);
	}
	free(before);
}

/* A migration that fails part way leaves the file at its old version, rows intact. */
static void sqlite_failed_migration_leaves_version_1_intact(void **state)
{
	struct store_fixture *fx = *state;
	load_sql_fixture(fx->db, "v1.sql");
	/* A table in the way of step 2. */
	store_fixture_exec(fx->db, "CREATE TABLE challenges (x);");
	char err[512] = "";
	assert_null(mb_store_sqlite_open(fx->db, NULL, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "version 1"));
	char buf[64];
	assert_string_equal(query_raw(fx->db, "PRAGMA user_version", buf, sizeof(buf)), "1");
	assert_string_equal(query_raw(fx->db, "SELECT count(*) FROM breaks", buf, sizeof(buf)),
		"9");
	assert_string_equal(query_raw(fx->db,
				    "SELECT count(*) FROM pragma_table_info('breaks')"
				    " WHERE name = 'kind'",
				    buf, sizeof(buf)),
		"0");
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
	{ "paths_config_dir_uses_absolute_xdg_config_home", CONFIG_DIR, "/x/cfg", NULL, "/h", 256,
		0, "/x/cfg/movebreak" },
	{ "paths_config_dir_defaults_to_home_dot_config", CONFIG_DIR, NULL, NULL, "/h", 256, 0,
		"/h/.config/movebreak" },
	{ "paths_config_dir_ignores_relative_xdg_value", CONFIG_DIR, "rel/cfg", NULL, "/h", 256, 0,
		"/h/.config/movebreak" },
	{ "paths_config_dir_treats_empty_xdg_as_unset", CONFIG_DIR, "", NULL, "/h", 256, 0,
		"/h/.config/movebreak" },
	{ "paths_data_dir_uses_absolute_xdg_data_home", DATA_DIR, NULL, "/x/data", "/h", 256, 0,
		"/x/data/movebreak" },
	{ "paths_data_dir_defaults_to_home_local_share", DATA_DIR, NULL, NULL, "/h", 256, 0,
		"/h/.local/share/movebreak" },
	{ "paths_data_dir_ignores_relative_xdg_value", DATA_DIR, NULL, "./data", "/h", 256, 0,
		"/h/.local/share/movebreak" },
	{ "paths_data_dir_drops_trailing_slashes", DATA_DIR, NULL, "/x/data//", "/h", 256, 0,
		"/x/data/movebreak" },
	{ "paths_history_db_is_in_data_dir", HISTORY_DB, "/x/cfg", "/x/data", "/h", 256, 0,
		"/x/data/movebreak/history.db" },
	{ "paths_history_db_in_root_xdg_has_no_double_slash", HISTORY_DB, NULL, "/", "/h", 256, 0,
		"/movebreak/history.db" },
	{ "paths_without_xdg_or_home_are_enoent", HISTORY_DB, NULL, NULL, NULL, 256, -ENOENT,
		NULL },
	{ "paths_with_relative_xdg_and_no_home_are_enoent", DATA_DIR, NULL, "data", NULL, 256,
		-ENOENT, NULL },
	{ "paths_too_long_for_buffer_are_enametoolong", HISTORY_DB, NULL, "/x/data", "/h", 28,
		-ENAMETOOLONG, NULL },
	{ "paths_exactly_fitting_buffer_succeed", HISTORY_DB, NULL, "/x/data", "/h", 29, 0,
		"/x/data/movebreak/history.db" },
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
	struct store_fixture *fx = *state;
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
	struct store_fixture *fx = *state;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/file", fx->dir);
	store_fixture_write_file(path, "x", 1);
	assert_int_equal(mb_paths_mkdir_p(path), -ENOTDIR);
	strncat(path, "/below", sizeof(path) - strlen(path) - 1);
	assert_int_equal(mb_paths_mkdir_p(path), -ENOTDIR);
	assert_int_equal(mb_paths_mkdir_p(""), -EINVAL);
}

#define FX(f) cmocka_unit_test_setup_teardown(f, store_fixture_setup, store_fixture_teardown)

int main(void)
{
	const struct CMUnitTest fixed[] = {
		FX(sqlite_add_then_recent_returns_newest_first_with_all_fields),
		FX(sqlite_recent_returns_at_most_max),
		FX(sqlite_daemon_outcomes_read_back),
		FX(sqlite_reopen_keeps_records),
		FX(sqlite_new_database_is_in_wal_mode),
		FX(sqlite_new_database_has_schema_version_4),
		FX(sqlite_migrates_version_2_with_every_break_real),
		FX(sqlite_missing_directories_are_created_private),
		FX(sqlite_random_bytes_file_is_moved_aside_intact),
		FX(sqlite_truncated_database_is_moved_aside_intact),
		FX(sqlite_schema_check_opens_healthy_and_moves_broken_header),
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
		FX(sqlite_kinds_and_natural_breaks_read_back),
		cmocka_unit_test(outcome_values_are_stable_and_natural_is_last),
		FX(sqlite_breaks_between_takes_start_in_half_open_range),
		cmocka_unit_test(fake_breaks_between_takes_start_in_half_open_range),
		FX(sqlite_activity_between_returns_overlapping_stretches_whole),
		cmocka_unit_test(fake_activity_between_returns_overlapping_stretches_whole),
		FX(sqlite_challenges_add_update_and_list_oldest_first),
		cmocka_unit_test(fake_challenges_add_update_and_list_oldest_first),
		FX(sqlite_import_twice_changes_nothing),
		cmocka_unit_test(fake_import_twice_changes_nothing),
		FX(sqlite_import_failing_half_way_writes_nothing),
		cmocka_unit_test(none_store_new_calls_keep_nothing),
		FX(sqlite_migrates_version_1_keeping_rows_and_setting_kinds),
		FX(sqlite_migrates_version_3_with_challenges_following_no_program),
		FX(sqlite_migrates_empty_version_0_files),
		FX(sqlite_failed_migration_leaves_version_1_intact),
	};
	struct CMUnitTest tests[LEN(fixed) + LEN(paths_cases) + LEN(foreign_cases)];
	size_t n = 0;
	for (size_t i = 0; i < LEN(fixed); i++)
		tests[n++] = fixed[i];
	for (size_t i = 0; i < LEN(foreign_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = foreign_cases[i].name,
			.test_func = test_foreign,
			.setup_func = store_fixture_setup,
			.teardown_func = store_fixture_teardown,
			.initial_state = (void *)&foreign_cases[i] };
	for (size_t i = 0; i < LEN(paths_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = paths_cases[i].name,
			.test_func = test_paths,
			.initial_state = (void *)&paths_cases[i] };
	return _cmocka_run_group_tests("platform-store-sqlite", tests, n, NULL, NULL);
}

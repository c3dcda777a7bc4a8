/*
 * Processes racing to open one damaged history and record a break, as `movebreak now` and
 * `movebreak history` started together do: every break must land in the new history, the
 * damaged bytes must survive under one aside name, nothing else may be moved aside, and no
 * process may fail.
 */
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
#include <unistd.h>

#include <cmocka.h>

#include "platform/store.h"
#include "store-fixture.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_PROCS 16
#define STALE_WAL "stale wal"

struct race_case {
	const char *name;
	int procs;
	/* Enough trials that the unlocked rename of old failed in nearly every run. */
	int trials;
};

static const struct race_case race_cases[] = {
	{ "race_of_2_processes_on_a_damaged_history_records_every_break", 2, 60 },
	{ "race_of_8_processes_on_a_damaged_history_records_every_break", 8, 25 },
};

/* A history of many pages, cut in half: every open's check finds it damaged. */
static unsigned char *make_damaged(const char *dir, size_t *len)
{
	char path[PATH_MAX], err[512];
	snprintf(path, sizeof(path), "%s/source.db", dir);
	struct mb_store *store = mb_store_sqlite_open(path, NULL, 0, err, sizeof(err));
	if (!store)
		fail_msg("open %s: %s", path, err);
	for (int i = 0; i < 400; i++) {
		struct mb_break_record rec = {
			.start_us = 1714742400000000 + (int64_t)i * 3600000000,
			.end_us = 1714742400000000 + (int64_t)i * 3600000000 + 60000000,
			.active_us = 60000000,
			.planned_us = 60000000,
			.exercises_total = 5,
		};
		snprintf(rec.routine, sizeof(rec.routine), "old-%d-padding-padding-padding", i);
		assert_int_equal(mb_store_add(store, &rec), 0);
	}
	/* The last connection to close checkpoints the WAL into the file. */
	mb_store_destroy(store);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 16 * 4096);
	assert_int_equal(truncate(path, st.st_size / 2), 0);
	unsigned char *bytes = store_fixture_read_file(path, len);
	assert_int_equal(unlink(path), 0);
	return bytes;
}

/* One racer: wait for the start, open, add a break named after itself, close. */
static void racer(int index, const char *path, int start_fd)
{
	char byte;
	/* Everyone leaves this read at once, when the parent closes the pipe. */
	if (read(start_fd, &byte, 1) != 0)
		_exit(3);
	char err[512];
	struct mb_store *store = mb_store_sqlite_open_checked(path,
		index % 2 ? MB_STORE_CHECK_SCHEMA : MB_STORE_CHECK_PAGES, NULL, 0, err,
		sizeof(err));
	if (!store) {
		fprintf(stderr, "racer %d: open: %s\n", index, err);
		_exit(1);
	}
	struct mb_break_record rec = {
		.start_us = 1800000000000000 + index,
		.end_us = 1800000000000000 + index + 1,
		.outcome = MB_OUTCOME_COMPLETED,
		.kind = MB_BREAK_MICRO,
	};
	snprintf(rec.routine, sizeof(rec.routine), "racer-%d", index);
	int r = mb_store_add(store, &rec);
	if (r < 0) {
		fprintf(stderr, "racer %d: add: %s\n", index, strerror(-r));
		_exit(2);
	}
	mb_store_destroy(store);
	_exit(0);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* One trial; returns "" when all went well, else what went wrong. */
static const char *run_trial(const char *dir, int procs, const unsigned char *damaged,
	size_t damaged_len, char *why, size_t why_len)
{
	char path[PATH_MAX + 16], wal[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/history.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	store_fixture_write_file(path, damaged, damaged_len);
	/* A companion that must travel with the damaged file. */
	store_fixture_write_file(wal, STALE_WAL, strlen(STALE_WAL));

	int start[2];
	assert_int_equal(pipe(start), 0);
	fflush(NULL);
	pid_t pids[MAX_PROCS];
	for (int i = 0; i < procs; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			close(start[1]);
			racer(i, path, start[0]);
		}
	}
	close(start[0]);
	close(start[1]);
	why[0] = '\0';
	for (int i = 0; i < procs; i++) {
		int status;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		if ((!WIFEXITED(status) || WEXITSTATUS(status) != 0) && !why[0])
			snprintf(why, why_len, "racer %d failed (status %#x)", i, status);
	}
	if (why[0])
		return why;

	/* Every break in the history at the path, once. */
	char err[512];
	struct mb_store *store = mb_store_sqlite_open(path, NULL, 0, err, sizeof(err));
	if (!store) {
		snprintf(why, why_len, "the history does not open afterwards: %s", err);
		return why;
	}
	struct mb_break_record out[MAX_PROCS + 1];
	int n = mb_store_recent(store, out, LEN(out));
	mb_store_destroy(store);
	unsigned seen = 0;
	for (int i = 0; i < n; i++) {
		int k = -1;
		if (sscanf(out[i].routine, "racer-%d", &k) == 1 && k >= 0 && k < procs)
			seen |= 1u << k;
	}
	if (n != procs || seen != (1u << procs) - 1) {
		snprintf(why, why_len, "the history holds %d breaks (mask %#x), not the %d racers'",
			n, seen, procs);
		return why;
	}

	/* One file moved aside, holding the damaged bytes; its wal beside it; nothing else. */
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int asides = 0, others = 0;
	char aside_name[256] = "";
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
			strcmp(name, "history.db") == 0 || strcmp(name, "history.db-wal") == 0 ||
			strcmp(name, "history.db-shm") == 0 || strcmp(name, "history.db.lock") == 0)
			continue;
		if (strncmp(name, "history.db.corrupt-", 19) != 0) {
			others++;
			continue;
		}
		if (ends_with(name, "-wal") || ends_with(name, "-shm") ||
			ends_with(name, "-journal"))
			continue;
		asides++;
		snprintf(aside_name, sizeof(aside_name), "%s", name);
	}
	closedir(d);
	if (asides != 1 || others != 0) {
		snprintf(why, why_len, "%d files moved aside and %d other files, not 1 and 0",
			asides, others);
		return why;
	}
	char aside[PATH_MAX + 512], aside_wal[PATH_MAX + 512];
	snprintf(aside, sizeof(aside), "%s/%s", dir, aside_name);
	snprintf(aside_wal, sizeof(aside_wal), "%s/%s-wal", dir, aside_name);
	if (!store_fixture_file_is(aside, damaged, damaged_len)) {
		snprintf(why, why_len, "%s does not hold the damaged bytes", aside_name);
		return why;
	}
	if (access(aside_wal, F_OK) != 0 ||
		!store_fixture_file_is(aside_wal, (const unsigned char *)STALE_WAL,
			strlen(STALE_WAL))) {
		snprintf(why, why_len, "%s-wal does not hold the damaged file's -wal", aside_name);
		return why;
	}
	return why;
}

static void test_race(void **state)
{
	const struct race_case *c = *state;
	assert_true(c->procs <= MAX_PROCS);
	/* Short enough that every name made inside fits PATH_MAX. */
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/mb-race-XXXXXX", store_fixture_tmp_dir());
	assert_non_null(mkdtemp(dir));
	size_t damaged_len;
	unsigned char *damaged = make_damaged(dir, &damaged_len);
	int failed = 0;
	const char *first = NULL;
	char why[1024], first_why[1024];
	for (int t = 0; t < c->trials; t++) {
		char trial[1100];
		snprintf(trial, sizeof(trial), "%s/%d", dir, t);
		assert_int_equal(mkdir(trial, 0700), 0);
		const char *w = run_trial(trial, c->procs, damaged, damaged_len, why, sizeof(why));
		if (w[0]) {
			if (!failed++) {
				snprintf(first_why, sizeof(first_why), "trial %d: %s", t, w);
				first = first_why;
			}
		} else {
			store_fixture_remove_tree(trial);
		}
	}
	free(damaged);
	if (failed)
		fail_msg("%d of %d trials with %d processes failed; first, %s (files kept in %s)",
			failed, c->trials, c->procs, first, dir);
	printf("%d trials of %d processes: every break recorded, the damaged file kept once\n",
		c->trials, c->procs);
	store_fixture_remove_tree(dir);
}

int main(void)
{
	struct CMUnitTest tests[LEN(race_cases)];
	for (size_t i = 0; i < LEN(race_cases); i++)
		tests[i] = (struct CMUnitTest){ .name = race_cases[i].name,
			.test_func = test_race,
			.initial_state = (void *)&race_cases[i] };
	return _cmocka_run_group_tests("platform-store-race", tests, LEN(tests), NULL, NULL);
}

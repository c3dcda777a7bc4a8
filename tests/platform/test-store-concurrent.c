/*
 * Two processes on one real SQLite history, as the daemon and a `movebreak stats` would be:
 * a writer adding batches (imports, one transaction each) and single rows in a loop, and a
 * reader opening the file again and again and querying ranges meanwhile. Neither may see
 * SQLITE_BUSY (-EBUSY) or any other error, and the reader must only ever see whole batches,
 * in order, growing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "platform/store.h"

#define ROUNDS 150
#define BATCH 8
#define BASE_US 1714742400000000
/* Single rows go far after the batches, so the two never share a range. */
#define SINGLE_US (BASE_US + 1000000000000)
#define REOPEN_EVERY 10

static void die(const char *who, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void die(const char *who, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", who);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	_exit(1);
}

static struct mb_store *open_or_die(const char *who, const char *path)
{
	char err[512];
	struct mb_store *store = mb_store_sqlite_open(path, NULL, 0, err, sizeof(err));
	if (!store)
		die(who, "open: %s", err);
	return store;
}

/* The reader says when it has the file open and has read it once; the writer waits for that. */
static int ready[2];

static void writer(const char *path)
{
	struct mb_store *store = open_or_die("writer", path);
	char byte;
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1)
		die("writer", "the reader never got going");
	struct mb_break_record breaks[BATCH];
	struct mb_activity_record acts[BATCH];
	for (int i = 0; i < ROUNDS; i++) {
		for (int j = 0; j < BATCH; j++) {
			int64_t t = BASE_US + (int64_t)(i * BATCH + j);
			breaks[j] = (struct mb_break_record){
				.start_us = t,
				.end_us = t + 1,
				.active_us = 1,
				.planned_us = 2,
				.outcome = MB_OUTCOME_COMPLETED,
				.kind = MB_BREAK_MOVEMENT,
			};
			snprintf(breaks[j].routine, sizeof(breaks[j].routine), "batch-%d", i);
			acts[j] = (struct mb_activity_record){ t, t + 1, 1 };
		}
		struct mb_store_bundle bundle = {
			.breaks = breaks,
			.breaks_len = BATCH,
			.activity = acts,
			.activity_len = BATCH,
		};
		int r = mb_store_import(store, &bundle);
		if (r != 2 * BATCH)
			die("writer", "import %d: %d (%s)", i, r, r < 0 ? strerror(-r) : "count");
		struct mb_break_record single = {
			.start_us = SINGLE_US + i,
			.end_us = SINGLE_US + i,
			.outcome = MB_OUTCOME_NATURAL,
			.kind = MB_BREAK_MOVEMENT,
		};
		r = mb_store_add(store, &single);
		if (r < 0)
			die("writer", "add %d: %s", i, strerror(-r));
		struct mb_activity_record stretch = { SINGLE_US + i, SINGLE_US + i + 1, 1 };
		r = mb_store_activity_add(store, &stretch);
		if (r < 0)
			die("writer", "activity add %d: %s", i, strerror(-r));
		/* A daemon's pace, roughly: leave the reader time to see states in between. */
		usleep(2000);
	}
	mb_store_destroy(store);
	_exit(0);
}

static void reader(const char *path)
{
	const int64_t from = BASE_US, to = BASE_US + ROUNDS * BATCH;
	struct mb_store *store = open_or_die("reader", path);
	size_t last_breaks = 0, last_acts = 0;
	unsigned long queries = 0, reopens = 0, partial = 0;
	close(ready[0]);
	time_t give_up = time(NULL) + 120;
	while (last_breaks < (size_t)(ROUNDS * BATCH) || last_acts < (size_t)(ROUNDS * BATCH)) {
		if (time(NULL) > give_up)
			die("reader", "the writer's rows did not all arrive (%zu, %zu)",
				last_breaks, last_acts);
		struct mb_break_record *brk;
		struct mb_activity_record *act;
		size_t nb, na;
		int r = mb_store_breaks_between(store, from, to, &brk, &nb);
		if (r < 0)
			die("reader", "breaks_between: %s", strerror(-r));
		/* Whole batches only, oldest first, nothing missing, never fewer than before. */
		if (nb % BATCH != 0 || nb < last_breaks)
			die("reader", "saw %zu breaks after %zu", nb, last_breaks);
		for (size_t k = 0; k < nb; k++) {
			if (brk[k].start_us != from + (int64_t)k ||
				brk[k].kind != MB_BREAK_MOVEMENT ||
				brk[k].outcome != MB_OUTCOME_COMPLETED)
				die("reader", "break %zu is out of place: start %lld", k,
					(long long)brk[k].start_us);
		}
		free(brk);
		r = mb_store_activity_between(store, from, to, &act, &na);
		if (r < 0)
			die("reader", "activity_between: %s", strerror(-r));
		/* The activity of a batch arrives in the same transaction as its breaks. */
		if (na % BATCH != 0 || na < nb || na < last_acts)
			die("reader", "saw %zu stretches with %zu breaks (before: %zu)", na, nb,
				last_acts);
		for (size_t k = 0; k < na; k++)
			if (act[k].start_us != from + (int64_t)k)
				die("reader", "stretch %zu is out of place", k);
		free(act);
		if (queries == 0 && write(ready[1], "", 1) != 1)
			die("reader", "cannot signal the writer");
		partial += nb > 0 && nb < (size_t)(ROUNDS * BATCH);
		last_breaks = nb;
		last_acts = na;
		queries++;
		/* Each `movebreak stats` opens the file anew, migration check included. */
		if (queries % REOPEN_EVERY == 0) {
			mb_store_destroy(store);
			store = open_or_die("reader", path);
			reopens++;
		}
	}
	mb_store_destroy(store);
	printf("reader: %lu range queries, %lu opens, %lu of them mid-way through the writing\n",
		queries, reopens, partial);
	fflush(stdout);
	/* Seeing only the start and the end would mean the two never overlapped: no test. */
	if (partial == 0)
		die("reader", "never saw the writer part way");
	_exit(0);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char template[1024];
	snprintf(template, sizeof(template), "%s/mb-concurrent-XXXXXX",
		tmp && tmp[0] ? tmp : "/tmp");
	char *d = mkdtemp(template);
	if (!d) {
		perror(template);
		return 1;
	}
	char path[1100];
	snprintf(path, sizeof(path), "%s/history.db", d);

	if (pipe(ready) < 0) {
		perror("pipe");
		return 1;
	}
	fflush(NULL);
	/* Both start on a file that does not exist yet: their migrations race too. */
	pid_t pids[2];
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("fork");
			return 1;
		}
		if (pids[i] == 0) {
			if (i == 0)
				writer(path);
			else
				reader(path);
		}
	}
	close(ready[0]);
	close(ready[1]);
	int failed = 0;
	for (int i = 0; i < 2; i++) {
		int status;
		if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) ||
			WEXITSTATUS(status) != 0) {
			fprintf(stderr, "%s failed\n", i == 0 ? "writer" : "reader");
			failed = 1;
		}
	}

	/* And afterwards, in a third process's view (this one): everything, once. */
	if (!failed) {
		struct mb_store *store = open_or_die("check", path);
		struct mb_break_record *brk;
		size_t n;
		int r = mb_store_breaks_between(store, INT64_MIN, INT64_MAX, &brk, &n);
		if (r != ROUNDS * BATCH + ROUNDS) {
			fprintf(stderr, "check: %d breaks, want %d\n", r, ROUNDS * BATCH + ROUNDS);
			failed = 1;
		}
		free(brk);
		mb_store_destroy(store);
	}
	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", d);
	if (!failed)
		printf("ok: %d batches and %d single rows, no errors on either side\n", ROUNDS,
			ROUNDS);
	return failed;
}

/*
 * libFuzzer target for opening a damaged history: any bytes as history.db (and a -wal)
 * open, move aside or refuse cleanly, and a file moved aside keeps every byte.
 *
 * Input: one flags byte; with bit 0 set, two bytes (little-endian) give the length of
 * history.db, which follows, and the rest is its -wal; without it, the rest is history.db.
 */
#define _GNU_SOURCE /* mkdtemp */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[PATH_MAX - 128];
static char path[PATH_MAX - 64];

static void empty_dir(void)
{
	DIR *d = opendir(dir);
	if (!d)
		__builtin_trap();
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char name[PATH_MAX];
		snprintf(name, sizeof(name), "%s/%s", dir, e->d_name);
		if (unlink(name) < 0)
			__builtin_trap();
	}
	closedir(d);
}

/* At the end of a run (libFuzzer exits through exit()), the directory goes too. */
static void remove_dir(void)
{
	empty_dir();
	rmdir(dir);
}

static void write_bytes(const char *name, const uint8_t *bytes, size_t len)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (len && write(fd, bytes, len) != (ssize_t)len) || close(fd) < 0)
		__builtin_trap();
}

/* The whole file, or NULL with *len 0 when there is none. */
static uint8_t *read_bytes(const char *name, size_t *len)
{
	*len = 0;
	int fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) < 0)
		__builtin_trap();
	uint8_t *buf = malloc((size_t)st.st_size + 1);
	ssize_t n = buf ? read(fd, buf, (size_t)st.st_size) : -1;
	if (n != st.st_size)
		__builtin_trap();
	close(fd);
	*len = (size_t)n;
	return buf;
}

static bool same(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
	return a_len == b_len && (a_len == 0 || memcmp(a, b, a_len) == 0);
}

/* One open: what was at the path before it, if moved aside, is exactly what the aside holds. */
static void open_and_use(enum mb_store_check check)
{
	char wal[PATH_MAX];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	size_t main_len, wal_len;
	uint8_t *main_bytes = read_bytes(path, &main_len);
	uint8_t *wal_bytes = read_bytes(wal, &wal_len);
	bool had_wal = wal_bytes != NULL;

	char aside[PATH_MAX], err[PATH_MAX + 256];
	struct mb_store *store = mb_store_sqlite_open_checked(path, check, aside, sizeof(aside),
		err, sizeof(err));
	if (!store && err[0] == '\0')
		__builtin_trap();
	if (aside[0]) {
		size_t len;
		uint8_t *kept = read_bytes(aside, &len);
		if (!kept && main_len == 0)
			__builtin_trap(); /* The empty file must be there too. */
		if (!same(kept, len, main_bytes, main_len))
			__builtin_trap();
		free(kept);
		char aside_wal[PATH_MAX + 8];
		snprintf(aside_wal, sizeof(aside_wal), "%s-wal", aside);
		kept = read_bytes(aside_wal, &len);
		/* SQLite may have made an empty -wal beside a damaged file; it adds no bytes. */
		if (had_wal ? !same(kept, len, wal_bytes, wal_len) : len != 0)
			__builtin_trap();
		free(kept);
	}
	if (store) {
		struct mb_break_record rec = {
			.start_us = 1714742400000000,
			.end_us = 1714742460000000,
			.active_us = 60000000,
			.planned_us = 60000000,
			.exercises_total = 1,
			.routine = "fuzz",
		};
		int r = mb_store_add(store, &rec);
		if (r < 0 && mb_store_last_error(store)[0] == '\0')
			__builtin_trap();
		struct mb_break_record out[4];
		int n = mb_store_recent(store, out, 4);
		if (n < 0 && mb_store_last_error(store)[0] == '\0')
			__builtin_trap();
		if (n > 4)
			__builtin_trap();
		mb_store_destroy(store);
	}
	free(main_bytes);
	free(wal_bytes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0]) {
		/* A tmpfs where there is one: SQLite syncs on every commit. */
		const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
		snprintf(dir, sizeof(dir), "%s/mb-fuzz-store-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
		if (!mkdtemp(dir))
			__builtin_trap();
		snprintf(path, sizeof(path), "%s/history.db", dir);
		atexit(remove_dir);
	}
	if (size < 1)
		return 0;
	uint8_t flags = data[0];
	const uint8_t *main_bytes = data + 1, *wal_bytes = NULL;
	size_t main_len = size - 1, wal_len = 0;
	if (flags & 1) {
		if (size < 3)
			return 0;
		size_t n = (size_t)data[1] | (size_t)data[2] << 8;
		main_bytes = data + 3;
		main_len = n < size - 3 ? n : size - 3;
		wal_bytes = main_bytes + main_len;
		wal_len = size - 3 - main_len;
	}
	empty_dir();
	write_bytes(path, main_bytes, main_len);
	if (wal_bytes) {
		char wal[PATH_MAX];
		snprintf(wal, sizeof(wal), "%s-wal", path);
		write_bytes(wal, wal_bytes, wal_len);
	}
	open_and_use(MB_STORE_CHECK_PAGES);
	open_and_use(MB_STORE_CHECK_SCHEMA);
	return 0;
}

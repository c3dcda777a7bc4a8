/* The store tests' shared fixture: temporary directories, whole files and raw SQL. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store-fixture.h"

const char *store_fixture_tmp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	return tmp && tmp[0] ? tmp : "/tmp";
}

int store_fixture_setup(void **state)
{
	struct store_fixture *fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "%s/mb-store-XXXXXX", store_fixture_tmp_dir());
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof(fx->db), "%s/history.db", fx->dir);
	fx->param = *state;
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

int store_fixture_remove_tree(const char *dir)
{
	/* A test may have locked a directory; open everything up before removing it. */
	nftw(dir, make_writable, 16, FTW_PHYS);
	return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int store_fixture_teardown(void **state)
{
	struct store_fixture *fx = *state;
	int r = store_fixture_remove_tree(fx->dir);
	free(fx);
	return r;
}

void store_fixture_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

unsigned char *store_fixture_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot read %s: %s", path, strerror(errno));
	unsigned char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
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

bool store_fixture_file_is(const char *path, const unsigned char *want, size_t want_len)
{
	size_t len;
	unsigned char *got = store_fixture_read_file(path, &len);
	bool same = len == want_len && memcmp(got, want, len) == 0;
	free(got);
	return same;
}

void store_fixture_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

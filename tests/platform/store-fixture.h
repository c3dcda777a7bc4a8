/* What the history store's tests share: a private directory per test, whole files, raw SQL. */
#ifndef MB_TESTS_STORE_FIXTURE_H
#define MB_TESTS_STORE_FIXTURE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* A private directory per test, with the database path inside it. */
struct store_fixture {
	/* Short enough that every path built from it fits PATH_MAX. */
	char dir[1024];
	char db[PATH_MAX];
	/* A table-driven test's case: the CMUnitTest's initial_state. */
	const void *param;
};

/** cmocka setup: a fresh directory under $TMPDIR (or /tmp); *state becomes the fixture. */
int store_fixture_setup(void **state);

/** cmocka teardown: the directory and all in it removed, locked folders included. */
int store_fixture_teardown(void **state);

/** Remove the tree at dir, whatever its modes. Returns 0 or -1. */
int store_fixture_remove_tree(const char *dir);

/** $TMPDIR, or /tmp when it is not set. */
const char *store_fixture_tmp_dir(void);

/** Write len bytes of data as the whole file at path; fails the test when it cannot. */
void store_fixture_write_file(const char *path, const void *data, size_t len);

/** The whole file at path in a new buffer (the caller frees), *len its length. */
unsigned char *store_fixture_read_file(const char *path, size_t *len);

/** Whether the file at path holds exactly want_len bytes of want. */
bool store_fixture_file_is(const char *path, const unsigned char *want, size_t want_len);

/** Run sql on the database at path with SQLite itself; fails the test on an error. */
void store_fixture_exec(const char *path, const char *sql);

#endif

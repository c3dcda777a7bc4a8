/* The history store on SQLite: one file, WAL journal, schema versioned by migrations. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "platform/paths.h"
#include "platform/store-sqlite-internal.h"

static void free_store(struct mb_sqlite_store *store)
{
	mb_sqlite_lock(store, LOCK_SH);
	mb_sqlite_close_db(store);
	mb_sqlite_lock(store, LOCK_UN);
	if (store->lock_fd >= 0)
		close(store->lock_fd);
	free(store->path);
	free(store);
}

struct mb_store *mb_store_sqlite_open(const char *path, char *moved_aside, size_t moved_len,
	char *err, size_t err_len)
{
	return mb_store_sqlite_open_checked(path, MB_STORE_CHECK_PAGES, moved_aside, moved_len, err,
		err_len);
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
		mb_sqlite_set_err(err, err_len, "history path too long: %s", path);
		return NULL;
	}
	mb_sqlite_dir_of(path, dir, sizeof(dir));
	if (strchr(path, '/') && strcmp(dir, "/") != 0) {
		int r = mb_paths_mkdir_p(dir);
		if (r < 0) {
			mb_sqlite_set_err(err, err_len, "cannot create directory %s: %s", dir,
				strerror(-r));
			return NULL;
		}
	}

	struct mb_sqlite_store *store = calloc(1, sizeof(*store));
	if (store)
		store->path = strdup(path);
	if (!store || !store->path) {
		free(store);
		mb_sqlite_set_err(err, err_len, "out of memory");
		return NULL;
	}
	store->base.impl = &mb_sqlite_impl;
	store->check = check;
	store->lock_fd = mb_sqlite_open_lock(path);

	mb_sqlite_lock(store, LOCK_SH);
	int r = mb_sqlite_open_locked(store, moved_aside, moved_len);
	mb_sqlite_lock(store, LOCK_UN);
	if (r < 0) {
		mb_sqlite_set_err(err, err_len, "%s", store->error);
		free_store(store);
		return NULL;
	}
	store->error[0] = '\0';
	return &store->base;
}

static const char *last_error(struct mb_store *base)
{
	return mb_sqlite_downcast(base)->error;
}

static void destroy(struct mb_store *base)
{
	free_store(mb_sqlite_downcast(base));
}

const struct mb_store_impl mb_sqlite_impl = {
	.name = "sqlite",
	.add = mb_sqlite_add,
	.recent = mb_sqlite_recent,
	.breaks_between = mb_sqlite_breaks_between,
	.activity_add = mb_sqlite_activity_add,
	.activity_between = mb_sqlite_activity_between,
	.challenge_add = mb_sqlite_challenge_add,
	.challenge_update = mb_sqlite_challenge_update,
	.challenges = mb_sqlite_challenges,
	.import = mb_sqlite_import,
	.data_version = mb_sqlite_data_version,
	.last_error = last_error,
	.destroy = destroy,
};

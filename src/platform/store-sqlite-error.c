/* Why a call on the SQLite store failed, as an errno and a sentence naming the file. */
#define _GNU_SOURCE /* AT_EACCESS */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "platform/store-sqlite-internal.h"

void mb_sqlite_set_err(char *err, size_t len, const char *fmt, ...)
{
	if (!err || len == 0)
		return;
	va_list args;
	va_start(args, fmt);
	vsnprintf(err, len, fmt, args);
	va_end(args);
}

void mb_sqlite_dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, len, ".");
	else if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

static bool fs_read_only(const char *path)
{
	char dir[PATH_MAX];
	struct statvfs fs;
	mb_sqlite_dir_of(path, dir, sizeof(dir));
	return statvfs(dir, &fs) == 0 && (fs.f_flag & ST_RDONLY);
}

/*
 * Why a write that SQLite says did not fit failed, when it kept no errno: a
 * disk without room, or else the process's file size limit (ulimit -f),
 * which SQLite reports as SQLITE_FULL for a short write and as an I/O error
 * for one refused outright. 0 when neither.
 */
static int full_errno(const char *path)
{
	char dir[PATH_MAX];
	struct statvfs fs;
	struct rlimit lim;
	mb_sqlite_dir_of(path, dir, sizeof(dir));
	if (statvfs(dir, &fs) == 0 && (unsigned long long)fs.f_bavail * fs.f_frsize < 1024 * 1024)
		return ENOSPC;
	if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
		return EFBIG;
	return 0;
}

int mb_sqlite_why_unwritable(const char *path, int sys, const char **why)
{
	char dir[PATH_MAX];
	struct stat st;
	mb_sqlite_dir_of(path, dir, sizeof(dir));
	if (sys == EROFS || fs_read_only(path)) {
		*why = "the file system is read-only";
		return -EROFS;
	}
	switch (sys) {
	case ENOSPC:
		*why = "the disk is full";
		return -ENOSPC;
	case EDQUOT:
		*why = "the disk quota is used up";
		return -EDQUOT;
	case EFBIG:
		*why = "the file has reached the size limit of this process (ulimit -f)";
		return -EFBIG;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		*why = "a directory is at the history path";
		return -EISDIR;
	}
	if (stat(path, &st) == 0 && faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) < 0 &&
		errno == EACCES) {
		*why = "the file is read-only";
		return -EACCES;
	}
	/* Writing needs the -wal and -shm beside the file, made in the directory. */
	if (faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) < 0 && errno == EACCES) {
		*why = "its directory is not writable";
		return -EACCES;
	}
	*why = NULL;
	return sys ? -sys : -EACCES;
}

int mb_sqlite_describe(struct mb_sqlite_store *store, int rc, char *why, size_t len)
{
	int sys = store->db ? sqlite3_system_errno(store->db) : 0;
	const char *msg = store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc);
	const char *words = NULL;
	int r;
	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		words = "the history file is damaged";
		r = -EBADMSG;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(why, len, "another movebreak process held the history for %d s; try again",
			MB_SQLITE_BUSY_TIMEOUT_MS / 1000);
		return -EBUSY;
	case SQLITE_NOMEM:
		words = "out of memory";
		r = -ENOMEM;
		break;
	case SQLITE_FULL:
		sys = full_errno(store->path);
		r = mb_sqlite_why_unwritable(store->path, sys ? sys : ENOSPC, &words);
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
	case SQLITE_CANTOPEN:
		r = mb_sqlite_why_unwritable(store->path, sys, &words);
		break;
	case SQLITE_IOERR:
		if (sys == 0 && store->db &&
			sqlite3_extended_errcode(store->db) == SQLITE_IOERR_WRITE)
			sys = full_errno(store->path);
		if (sys == ENOSPC || sys == EDQUOT || sys == EFBIG || sys == EROFS)
			r = mb_sqlite_why_unwritable(store->path, sys, &words);
		else
			r = sys ? -sys : -EIO;
		break;
	case SQLITE_TOOBIG:
	case SQLITE_RANGE:
		r = -EINVAL;
		break;
	default:
		r = -EIO;
		break;
	}
	if (words)
		snprintf(why, len, "%s", words);
	else if (sys)
		snprintf(why, len, "%s (%s)", msg, strerror(sys));
	else
		snprintf(why, len, "%s", msg);
	return r;
}

int mb_sqlite_fail(struct mb_sqlite_store *store, int rc, const char *verb)
{
	char why[512];
	int r = mb_sqlite_describe(store, rc, why, sizeof(why));
	mb_sqlite_set_error(store, "cannot %s %s: %s", verb, store->path, why);
	return r;
}

/* Where movebreak keeps its configuration and history, per the XDG base directories. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "platform/paths.h"

/*
 * Resolve one base directory: the XDG variable when it holds an absolute
 * path (the specification says relative values are invalid and must be
 * ignored), else HOME plus the specification's default.
 */
static int resolve_app_dir(const char *xdg_var, const char *home_default, const char *leaf,
	char *buf, size_t len)
{
	const char *base = getenv(xdg_var);
	const char *sub = "";
	if (!base || base[0] != '/') {
		base = getenv("HOME");
		if (!base || !base[0])
			return -ENOENT;
		sub = home_default;
	}
	/* Drop trailing slashes so the result has none doubled ("/" keeps working). */
	size_t base_len = strlen(base);
	while (base_len > 1 && base[base_len - 1] == '/')
		base_len--;
	if (base_len == 1 && base[0] == '/')
		base_len = 0;
	int n = snprintf(buf, len, "%.*s%s/movebreak%s", (int)base_len, base, sub, leaf);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int mb_paths_config_dir(char *buf, size_t len)
{
	return resolve_app_dir("XDG_CONFIG_HOME", "/.config", "", buf, len);
}

int mb_paths_data_dir(char *buf, size_t len)
{
	return resolve_app_dir("XDG_DATA_HOME", "/.local/share", "", buf, len);
}

int mb_paths_history_db(char *buf, size_t len)
{
	return resolve_app_dir("XDG_DATA_HOME", "/.local/share", "/history.db", buf, len);
}

int mb_paths_mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);
	if (len == 0)
		return -EINVAL;
	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);

	/* Create each prefix in turn; existing ones are fine, the final check says if it worked. */
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -errno;
		*p = c;
		if (c == '\0')
			break;
	}
	struct stat st;
	if (stat(path, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/* Changing config.ini: a value checked by the daemon's own parser, the file rewritten atomically. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/catalog.h"
#include "app/readfile.h"
#include "app/settings.h"
#include "parse/config-edit.h"
#include "parse/config-ini.h"
#include "platform/paths.h"

static void say(char *err, size_t err_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *err, size_t err_len, const char *fmt, ...)
{
	if (err_len == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* A value config.ini cannot hold as written would be read back as something else. */
static int check_writable(const char *value, char *err, size_t err_len)
{
	size_t len = strlen(value);
	if (strpbrk(value, "\r\n")) {
		say(err, err_len, "a value is one line");
		return -EINVAL;
	}
	if (len > 0 && (is_space(value[0]) || is_space(value[len - 1]))) {
		say(err, err_len, "'%s' begins or ends with a space, which config.ini drops",
			value);
		return -EINVAL;
	}
	for (size_t i = 1; i < len; i++) {
		if (value[i] == ';' && is_space(value[i - 1])) {
			say(err, err_len, "' ;' in '%s' would begin a comment in config.ini",
				value);
			return -EINVAL;
		}
	}
	return 0;
}

int mb_settings_check(const char *section, const char *key, const char *value, char *err,
	size_t err_len)
{
	say(err, err_len, "%s", "");
	struct mb_config cfg;
	mb_config_init(&cfg);
	char message[200];
	int r = mb_config_set(&cfg, section, key, value, message, sizeof(message));
	if (r < 0) {
		say(err, err_len, "%s", message);
		return -EINVAL;
	}
	r = check_writable(value, err, err_len);
	if (r < 0)
		return r;
	/* The line as config.ini holds it goes through the loader, which also knows the routines. */
	size_t text_len = strlen(section) + strlen(key) + strlen(value) + 16;
	char *text = malloc(text_len);
	if (!text) {
		say(err, err_len, "out of memory");
		return -ENOMEM;
	}
	snprintf(text, text_len, "[%s]\n%s = %s\n", section, key, value);
	struct mb_diags diags = { 0 };
	mb_config_init(&cfg);
	r = mb_config_ini_parse(&cfg, text, strlen(text), &diags);
	free(text);
	if (r == -ENOMEM) {
		say(err, err_len, "out of memory");
		return r;
	}
	if (r == 0)
		mb_catalog_check_config(&cfg, &diags);
	if (diags.len == 0)
		return 0;
	/* The loader names the key in front of its message; a field beside its key needs no name. */
	const char *m = diags.items[0].message;
	char name[160];
	snprintf(name, sizeof(name), "%s.%s: ", section, key);
	if (strncmp(m, name, strlen(name)) == 0)
		m += strlen(name);
	say(err, err_len, "%s", m);
	return -EINVAL;
}

/*
 * A problem the write leaves alone: a section or key this build does not know
 * (perhaps a newer movebreak's, so it is kept as written), or one on a line
 * the change replaces.
 */
static bool tolerated(const char *buf, size_t len, const struct mb_diag *d, const int *rewritten,
	size_t n)
{
	if (d->line <= 0)
		return false;
	for (size_t i = 0; rewritten && i < n; i++)
		if (rewritten[i] == d->line)
			return true;
	char section[64], key[64];
	enum mb_config_line_kind kind = mb_config_line_classify(buf, len, d->line, section, key);
	if (kind == MB_CONFIG_LINE_SECTION)
		return !mb_config_has_section(section);
	if (kind == MB_CONFIG_LINE_KEY)
		return !mb_config_has_section(section) || mb_config_key_index(section, key) < 0;
	return false;
}

/* Find the first problem of the text the write does not tolerate: 1 (in *out), 0 or -ENOMEM. */
static int first_problem(const char *buf, size_t len, const int *rewritten, size_t n,
	struct mb_diag *out)
{
	struct mb_config cfg;
	mb_config_init(&cfg);
	struct mb_diags diags = { 0 };
	int r = mb_config_ini_parse(&cfg, buf, len, &diags);
	if (r == -ENOMEM)
		return r;
	mb_catalog_check_config(&cfg, &diags);
	for (size_t i = 0; i < diags.len; i++) {
		if (tolerated(buf, len, &diags.items[i], rewritten, n))
			continue;
		*out = diags.items[i];
		return 1;
	}
	return 0;
}

static void say_problem(char *err, size_t err_len, const char *path, const char *when,
	const struct mb_diag *d)
{
	if (d->line > 0)
		say(err, err_len, "%s:%d: %s%s", path, d->line, when, d->message);
	else
		say(err, err_len, "%s: %s%s", path, when, d->message);
}

/* Write len bytes of buf over path: a temporary file beside it, flushed, then renamed. */
static int replace_file(const char *path, const char *buf, size_t len, mode_t mode, char *err,
	size_t err_len)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if (snprintf(tmp, sizeof(tmp), "%s/.config.ini.XXXXXX", dir) >= (int)sizeof(tmp)) {
		say(err, err_len, "%s: the path is too long", path);
		return -ENAMETOOLONG;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		say(err, err_len, "%s: cannot write beside it: %s", path, strerror(e));
		return -e;
	}
	int r = 0;
	if (fchmod(fd, mode) < 0)
		r = -errno;
	for (size_t done = 0; r == 0 && done < len;) {
		ssize_t w = write(fd, buf + done, len - done);
		if (w < 0 && errno != EINTR)
			r = -errno;
		else if (w > 0)
			done += (size_t)w;
	}
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		say(err, err_len, "%s: cannot write: %s", path, strerror(-r));
		return r;
	}
	/* The rename lasts once the folder is on disk too. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

/* Where the write goes: path itself, or the file a link at path points to. */
static int resolve_target(const char *path, char *target, size_t target_len, char *err,
	size_t err_len)
{
	struct stat st;
	if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode)) {
		snprintf(target, target_len, "%s", path);
		return 0;
	}
	char resolved[PATH_MAX];
	if (!realpath(path, resolved)) {
		int e = errno;
		say(err, err_len, "%s: a link to a file that cannot be reached: %s", path,
			strerror(e));
		return -e;
	}
	snprintf(target, target_len, "%s", resolved);
	return 0;
}

static mode_t default_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

int mb_settings_write(const char *path, const struct mb_config_change *changes, size_t n,
	char *written, size_t written_len, char *err, size_t err_len)
{
	say(err, err_len, "%s", "");
	if (written_len > 0)
		written[0] = '\0';
	char message[200];
	for (size_t i = 0; i < n; i++) {
		if (mb_settings_check(changes[i].section, changes[i].key, changes[i].value, message,
			    sizeof(message)) < 0) {
			say(err, err_len, "%s.%s: %s", changes[i].section, changes[i].key, message);
			return -EINVAL;
		}
	}
	char target[PATH_MAX];
	int r = resolve_target(path, target, sizeof(target), err, err_len);
	if (r < 0)
		return r;
	char *old = NULL, *fresh = NULL;
	size_t old_len = 0, fresh_len = 0;
	int *rewritten = calloc(n ? n : 1, sizeof(*rewritten));
	if (!rewritten)
		return -ENOMEM;
	struct stat st;
	mode_t mode = default_mode();
	r = mb_read_file(target, MB_CONFIG_MAX_BYTES, &old, &old_len);
	if (r == -ENOENT) {
		/* A first setting makes the file, and its folder. */
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%s", target);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			mb_paths_mkdir_p(dir);
		}
		old = NULL;
		old_len = 0;
		r = 0;
	} else if (r < 0) {
		say(err, err_len, "%s: cannot read: %s", target, mb_read_file_strerror(r));
		goto out;
	} else if (stat(target, &st) == 0) {
		mode = st.st_mode & 07777;
	}
	r = mb_config_ini_edit(old ? old : "", old_len, changes, n, &fresh, &fresh_len, rewritten);
	if (r < 0)
		goto out;
	struct mb_diag d;
	r = first_problem(old ? old : "", old_len, rewritten, n, &d);
	if (r > 0) {
		say_problem(err, err_len, target, "", &d);
		r = -EINVAL;
		goto out;
	}
	if (r < 0)
		goto out;
	/* The new text must load as well; a kept comment can make a line too long, for one. */
	r = first_problem(fresh, fresh_len, NULL, 0, &d);
	if (r > 0) {
		say_problem(err, err_len, target, "after the change: ", &d);
		r = -EINVAL;
		goto out;
	}
	if (r < 0)
		goto out;
	if (written_len > 0)
		snprintf(written, written_len, "%s", target);
	if (old && fresh_len == old_len && memcmp(old, fresh, old_len) == 0)
		goto out;
	r = replace_file(target, fresh, fresh_len, mode, err, err_len);
out:
	if (r == -ENOMEM)
		say(err, err_len, "out of memory");
	free(old);
	free(fresh);
	free(rewritten);
	return r;
}

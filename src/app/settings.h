/* The user's settings file, config.ini, as every command reads it, and printing its problems. */
#ifndef MB_APP_SETTINGS_H
#define MB_APP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/config.h"
#include "core/diag.h"
#include "parse/config-edit.h"

/** Write $XDG_CONFIG_HOME/movebreak/config.ini into buf. Returns 0 or a negative errno. */
int mb_settings_user_path(char *buf, size_t len);

/**
 * Fill cfg with the defaults, then with the settings in the file at path
 * (the user's config.ini when path is NULL). A missing file leaves the
 * defaults unless required. Every good key applies even when others are
 * bad. Problems go into diags, positioned in the file; one that is about
 * the whole file (cannot be read) has line 0. Returns 0, -ENOENT (missing
 * and required), -EINVAL (problems in the file), -EIO (cannot be read) or
 * -ENOMEM. The path read is copied to used (if not NULL).
 */
int mb_settings_load(const char *path, bool required, struct mb_config *cfg, struct mb_diags *diags,
	char *used, size_t used_len);

/**
 * Check value for section.key as config.ini would hold it, with the parser
 * the daemon reads the file with (and the routine catalogue, for the routine
 * keys), as a settings page checks a value while it is typed. Also refused:
 * a value the file cannot hold as written (more than one line, a space at
 * either end, " ;" which begins a comment). Returns 0, or -EINVAL with the
 * parser's message in err (without the "section.key: " in front), or
 * -ENOMEM.
 */
int mb_settings_check(const char *section, const char *key, const char *value, char *err,
	size_t err_len);

/**
 * Set changes[0..n) in the config.ini at path, keeping every other byte:
 * comments, order, blank lines, line endings and the sections and keys this
 * build does not know (see mb_config_ini_edit() for where a new key goes; a
 * missing file is made, with its folder). Writes nothing when a value is bad
 * by mb_settings_check() ("section.key: message" in err), or when the file
 * as it stands has a problem other than an unknown section or key and other
 * than a bad value the change replaces ("FILE:LINE: message"). The new text
 * goes to a temporary file in the same folder, is flushed and renamed over
 * the old, which keeps its mode. When path is a symbolic link, the file it
 * points to is written (the link stays): written names the file written,
 * so the caller can say so when it differs from path. Returns 0, -EINVAL,
 * -ENOMEM or another negative errno from the file system, with err filled.
 */
int mb_settings_write(const char *path, const struct mb_config_change *changes, size_t n,
	char *written, size_t written_len, char *err, size_t err_len);

/**
 * Write one diagnostic into buf as "NAME:LINE:COLUMN: message", leaving out
 * the column when it is not known and the line when there is none.
 */
void mb_diag_format(char *buf, size_t len, const char *name, const struct mb_diag *d);

/**
 * Print each diagnostic to out as "PREFIXNAME:LINE:COLUMN: message" (the
 * column when known, the line when there is one), then how many more were
 * dropped. prefix may be "" ("movebreak stats: warning: ").
 */
void mb_diags_print(FILE *out, const char *prefix, const char *name, const struct mb_diags *diags);

#endif

/* The user's settings file, config.ini, as every command reads it, and printing its problems. */
#ifndef MB_APP_SETTINGS_H
#define MB_APP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/config.h"
#include "core/diag.h"

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
 * Print each diagnostic to out as "PREFIXNAME:LINE:COLUMN: message" (the
 * column when known, the line when there is one), then how many more were
 * dropped. prefix may be "" ("movebreak stats: warning: ").
 */
void mb_diags_print(FILE *out, const char *prefix, const char *name, const struct mb_diags *diags);

#endif

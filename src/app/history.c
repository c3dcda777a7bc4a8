/* The history database as the commands open it: one place for the path and the warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/history.h"
#include "app/settings.h"
#include "platform/paths.h"

struct mb_store *mb_cli_history_open(const char *cmd, char *err, size_t err_len)
{
	char path[4096], aside[4200];
	int r = mb_paths_history_db(path, sizeof(path));
	if (r < 0) {
		snprintf(err, err_len, "cannot locate the history: %s (set HOME or XDG_DATA_HOME)",
			strerror(-r));
		return NULL;
	}
	/* Commands that only read skip the page-by-page check, whose cost grows with the history. */
	static const char *const readers[] = { "stats", "history", "export", "challenge" };
	enum mb_store_check check = MB_STORE_CHECK_PAGES;
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (strcmp(cmd, readers[i]) == 0)
			check = MB_STORE_CHECK_SCHEMA;
	struct mb_store *store = mb_store_sqlite_open_checked(path, check, aside, sizeof(aside),
		err, err_len);
	if (store && aside[0])
		fprintf(stderr,
			"movebreak %s: warning: %s was damaged and could not be read as a "
			"history; it was moved aside to %s and a new history started\n",
			cmd, path, aside);
	return store;
}

const char *mb_cli_history_error(struct mb_store *store, int r, char *buf, size_t len)
{
	const char *why = mb_store_last_error(store);
	if (why[0])
		snprintf(buf, len, "%s", why);
	else
		snprintf(buf, len, "cannot use the history: %s", strerror(-r));
	return buf;
}

enum mb_break_kind mb_cli_break_kind(const char *routine)
{
	const char *env_kind = getenv("MOVEBREAK_BREAK");
	const char *env_routine = getenv("MOVEBREAK_ROUTINE");
	if (env_kind && env_routine && strcmp(env_routine, routine) == 0) {
		if (strcmp(env_kind, mb_break_kind_name(MB_BREAK_MICRO)) == 0)
			return MB_BREAK_MICRO;
		if (strcmp(env_kind, mb_break_kind_name(MB_BREAK_MOVEMENT)) == 0)
			return MB_BREAK_MOVEMENT;
	}
	/* Problems in the file are the daemon's to report; good keys still apply. */
	struct mb_config cfg;
	struct mb_diags diags = { 0 };
	mb_settings_load(NULL, false, &cfg, &diags, NULL, 0);
	char names[MB_CONFIG_ROUTINES_MAX][MB_CONFIG_NAME_MAX];
	size_t n = mb_catalog_rotation(&cfg, MB_BREAK_MICRO, names, MB_CONFIG_ROUTINES_MAX);
	for (size_t i = 0; i < n; i++)
		if (strcmp(routine, names[i]) == 0)
			return MB_BREAK_MICRO;
	return MB_BREAK_MOVEMENT;
}

/* The history database as the commands open it: one place for the path and the warnings. */
#include <stdio.h>
#include <string.h>

#include "cli/history.h"
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
	struct mb_store *store = mb_store_sqlite_open(path, aside, sizeof(aside), err, err_len);
	if (store && aside[0])
		fprintf(stderr, "movebreak %s: warning: %s was damaged and could not be read as a "
			"history; it was moved aside to %s and a new history started\n", cmd, path, aside);
	return store;
}

/* Opening the user's history database for the commands that read or write it. */
#ifndef MB_CLI_HISTORY_H
#define MB_CLI_HISTORY_H

#include <stddef.h>

#include "platform/store.h"

/**
 * Open $XDG_DATA_HOME/movebreak/history.db. When a damaged file had to be
 * moved aside, warn on stderr ("movebreak CMD: warning: ...") naming both
 * files. Returns the store, or NULL with the reason in err.
 */
struct mb_store *mb_cli_history_open(const char *cmd, char *err, size_t err_len);

#endif

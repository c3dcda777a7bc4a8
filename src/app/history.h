/* Opening the user's history database for the commands that read or write it. */
#ifndef MB_APP_HISTORY_H
#define MB_APP_HISTORY_H

#include <stddef.h>

#include "platform/store.h"

/**
 * Open $XDG_DATA_HOME/movebreak/history.db. When a damaged file had to be
 * moved aside, warn on stderr ("movebreak CMD: warning: ...") naming both
 * files. The commands that only read, or write a line or two (stats,
 * history, export, challenge), check the schema only; the rest check every
 * page (see enum mb_store_check). Returns the store, or NULL with the reason
 * in err.
 */
struct mb_store *mb_cli_history_open(const char *cmd, char *err, size_t err_len);

/**
 * The kind of a break coached with the routine named routine: micro when it
 * is the configured micro routine (micro.routine in the user's config.ini,
 * default micro-reset), else movement. A break the daemon started says
 * which it is in MOVEBREAK_BREAK, which wins when MOVEBREAK_ROUTINE names
 * the same routine. A config that cannot be read counts as the defaults.
 */
enum mb_break_kind mb_cli_break_kind(const char *routine);

/**
 * What to print after a call on store returned r (a negative errno): the
 * store's sentence naming the file (see mb_store_last_error()), else
 * "cannot use the history: " and strerror(-r), written into buf. Call it
 * before the store is destroyed. Returns buf.
 */
const char *mb_cli_history_error(struct mb_store *store, int r, char *buf, size_t len);

#endif

/* Finding routines by name or path: user routines first, then the built-in ones. */
#ifndef MB_APP_CATALOG_H
#define MB_APP_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"
#include "core/routine.h"

#define MB_DEFAULT_ROUTINE "shoulder-reset"

/**
 * Load a routine. arg is a routine name (looked up in
 * $XDG_CONFIG_HOME/movebreak/routines/NAME.yaml, then among the built-ins)
 * or, when it contains a '/' or ends in .yaml/.yml, a file path. NULL means
 * the default routine. Problems are printed to stderr as FILE:LINE:COLUMN:
 * message. Returns the routine, or NULL with *exit_code set (2 for bad input
 * or an unknown name, 1 for a runtime failure).
 */
struct mb_routine *mb_catalog_load(const char *arg, int *exit_code);

/**
 * Whether a routine name (not a path) is on offer: a user file of that name
 * or a built-in. The file is not read, so it may still fail to load.
 */
bool mb_catalog_exists(const char *name);

/** One routine the catalog can offer, for listings. */
struct mb_catalog_item {
	char name[64];
	/* "built-in", or the path of the user's file. */
	char origin[512];
	/* True when a user file of the same name hides a built-in. */
	bool shadows;
};

/**
 * List the routines on offer, sorted by name; a user routine hides a
 * built-in of the same name. Returns the count (at most
 * max), or a negative errno.
 */
int mb_catalog_list(struct mb_catalog_item *items, size_t max);

/**
 * Read and parse one routine file, printing its problems to stderr as
 * display_name:LINE:COLUMN: message. Returns NULL on failure with
 * *exit_code set (2 bad input, 1 unreadable).
 */
struct mb_routine *mb_catalog_load_file(const char *path, const char *display_name, int *exit_code);

/**
 * The planned length of each kind of break, as the daemon and `simulate`
 * take them: the movement routine at the coach's default minutes, the micro
 * routine fitted to micro.duration; break_us is indexed by enum
 * mb_break_kind. Problems with a routine are printed as mb_catalog_load()
 * prints them. Returns an exit code.
 */
int mb_catalog_break_lengths(const struct mb_config *cfg, int64_t break_us[2]);

#endif

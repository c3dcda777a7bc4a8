/* Finding routines by name or path: user routines first, then the built-in ones. */
#ifndef MB_APP_CATALOG_H
#define MB_APP_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "app/shelf.h"

#include "core/config.h"
#include "core/diag.h"
#include "core/history.h"
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

/**
 * List the routines on offer, sorted by name; a user routine hides a
 * built-in of the same name. Returns the count (at most
 * max), or a negative errno.
 */
int mb_catalog_list(struct mb_shelf_item *items, size_t max);

/**
 * Read and parse one routine file, printing its problems to stderr as
 * display_name:LINE:COLUMN: message. Returns NULL on failure with
 * *exit_code set (2 bad input, 1 unreadable).
 */
struct mb_routine *mb_catalog_load_file(const char *path, const char *display_name, int *exit_code);

/**
 * The routines a break of kind brk rotates through, as cfg's
 * movement.routine or micro.routine names them: the names of its list in
 * order (one for a single routine), or for "rotate" every built-in whose
 * length fits (a movement break: one that can last 2 to 5 minutes; a
 * micro-reset: one that can last a minute or less), by name. Fills at most
 * max names and returns how many, at least 1 (the default routine when
 * "rotate" finds none).
 */
size_t mb_catalog_rotation(const struct mb_config *cfg, enum mb_break_kind brk,
	char names[][MB_CONFIG_NAME_MAX], size_t max);

/**
 * Check that every routine name in cfg's movement.routine and micro.routine
 * is on offer (a user routine or a built-in; file paths are read when used).
 * Each unknown name adds a problem at the line that set the key, naming it,
 * and that key goes back to its default. Returns the number of problems.
 */
size_t mb_catalog_check_config(struct mb_config *cfg, struct mb_diags *diags);

/**
 * The planned length of each kind of break, as the daemon and `simulate`
 * take them: the movement routine at the coach's default minutes, the micro
 * routine fitted to micro.duration; break_us is indexed by enum
 * mb_break_kind. Problems with a routine are printed as mb_catalog_load()
 * prints them. Returns an exit code.
 */
int mb_catalog_break_lengths(const struct mb_config *cfg, int64_t break_us[2]);

/**
 * The planned length of a break of routine_name (a name or a path) at the
 * dose that fits target_us, into *out_us. Problems are printed as
 * mb_catalog_load() prints them. Returns an exit code.
 */
int mb_catalog_plan_length(const char *routine_name, int64_t target_us, int64_t *out_us);

#endif

/* Finding programs by name or path: user programs first, then the built-in ones. */
#ifndef MB_APP_PROGRAMS_H
#define MB_APP_PROGRAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/shelf.h"

#include "core/program.h"

/**
 * Load a program. arg is a program name (looked up in
 * $XDG_CONFIG_HOME/movebreak/programs/NAME.yaml or .yml, then among the
 * built-ins) or, when it contains a '/' or ends in .yaml/.yml, a file path.
 * Problems are printed to stderr as FILE:LINE:COLUMN: message, and quiet
 * prints nothing. Returns the program, or NULL with *exit_code set (2 for bad
 * input or an unknown name, 1 for a runtime failure).
 */
struct mb_program *mb_programs_load(const char *arg, bool quiet, int *exit_code);

/**
 * List the programs on offer, sorted by name; a user program hides a
 * built-in of the same name. Returns the count (at most max), or a negative
 * errno.
 */
int mb_programs_list(struct mb_shelf_item *items, size_t max);

/**
 * Write the names the program's days give that no routine has (neither a
 * user routine nor a built-in), each once, separated by ", ", into out.
 * Returns how many there are.
 */
size_t mb_programs_missing_routines(const struct mb_program *program, char *out, size_t out_len);

#endif

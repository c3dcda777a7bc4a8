/* A shelf of YAML files found by name: the user's folder first, then those built into the binary. */
#ifndef MB_APP_SHELF_H
#define MB_APP_SHELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/builtin.h"
#include "core/diag.h"

/** Where a kind of file is kept: routines and programs each have one. */
struct mb_shelf {
	/* The folder under the config directory: "routines", "programs". */
	const char *folder;
	/* The built-in files, ended by an entry whose name is NULL. */
	const struct mb_builtin *builtins;
};

/** One file on offer, for listings. */
struct mb_shelf_item {
	char name[64];
	/* "built-in", or the path of the user's file. */
	char origin[512];
	/* True when a user file of the same name hides a built-in. */
	bool shadows;
};

/** Whether arg names a file rather than a name: it has a '/' or ends in .yaml or .yml. */
bool mb_shelf_is_path(const char *arg);

/**
 * Find NAME.yaml, else NAME.yml, in the user's folder of shelf, writing its
 * path into path. Returns whether there is one.
 */
bool mb_shelf_find_user(const struct mb_shelf *shelf, const char *name, char *path, size_t len);

/** The built-in file called name, or NULL. */
const struct mb_builtin *mb_shelf_find_builtin(const struct mb_shelf *shelf, const char *name);

/**
 * List what shelf offers, sorted by name: the user's files (NAME.yaml winning
 * over NAME.yml), then the built-ins they do not hide. Returns the count, at
 * most max.
 */
int mb_shelf_list(const struct mb_shelf *shelf, struct mb_shelf_item *items, size_t max);

/** Print diags as name:LINE:COLUMN lines, a problem with no place pinned to 1:1. */
void mb_shelf_print_diags(FILE *out, const char *name, struct mb_diags *diags);

#endif

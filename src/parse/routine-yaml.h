/* The routine file loader: YAML bytes in, a checked routine model out. No I/O. */
#ifndef MB_PARSE_ROUTINE_YAML_H
#define MB_PARSE_ROUTINE_YAML_H

#include <stddef.h>

#include "core/diag.h"
#include "core/routine.h"

/* Files larger than this are refused before parsing. */
#define MB_ROUTINE_MAX_BYTES (256 * 1024)

/**
 * Parse and check a routine from a buffer of len bytes (it need not be
 * NUL-terminated). Returns a new routine owned by the caller, or NULL with
 * at least one problem added to diags. Never reads files, never prints.
 */
struct mb_routine *mb_routine_parse(const char *buf, size_t len, struct mb_diags *diags);

#endif

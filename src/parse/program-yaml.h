/* The program file loader: YAML bytes in, a checked program model out. No I/O. */
#ifndef MB_PARSE_PROGRAM_YAML_H
#define MB_PARSE_PROGRAM_YAML_H

#include <stddef.h>

#include "core/diag.h"
#include "core/program.h"

/* Files larger than this are refused before parsing: a year of days fits in a few KiB. */
#define MB_PROGRAM_MAX_BYTES (64 * 1024)

/**
 * Parse and check a program from a buffer of len bytes (it need not be
 * NUL-terminated), with the routine loader's rules: the same YAML subset,
 * FILE:LINE:COLUMN problems, every problem of one pass reported. The
 * routines a program names are checked as names only; whether they exist is
 * the catalogue's business. Returns a new program owned by the caller, or
 * NULL with at least one problem added to diags (which may be NULL). Never
 * reads files, never prints.
 */
struct mb_program *mb_program_parse(const char *buf, size_t len, struct mb_diags *diags);

#endif

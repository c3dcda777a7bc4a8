/* What the routine loader's tests share: a minimal routine to build on, exact-length parsing. */
#ifndef MB_TESTS_ROUTINE_FIXTURE_H
#define MB_TESTS_ROUTINE_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/routine.h"

#define S(x) ((int64_t)(1000000.0 * (x) + 0.5))
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A minimal good routine, cut so cases can add lines at each level. */
#define HEAD "name: t\ntitle: T\n"
#define EXERCISE "exercises:\n  - title: E\n"
#define STEPS "    steps:\n"
#define ONE_STEP "      - move: Go\n"
#define GOOD HEAD EXERCISE STEPS ONE_STEP

/**
 * Parse a copy of len bytes of text in a buffer of exactly that length, so
 * ASan catches any read past the end: files are not NUL-terminated.
 */
struct mb_routine *routine_fixture_parse(const char *text, size_t len, struct mb_diags *diags);

/** The whole file at path in a new buffer the caller frees, its length in *len; NULL if unreadable. */
char *routine_fixture_read_file(const char *path, size_t *len);

/** Print each diagnostic, for the log of a failing test. */
void routine_fixture_print_diags(const struct mb_diags *diags);

/**
 * Parse the file at rel in the source tree. Skips the test, visibly, when
 * MB_SOURCE_ROOT is not set (outside `meson test`); fails it when the file
 * cannot be read.
 */
struct mb_routine *routine_fixture_load(const char *rel, struct mb_diags *diags);

#endif

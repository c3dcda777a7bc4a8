/* Diagnostics: problems found in user input, with where they are, for the front end to print. */
#ifndef MB_CORE_DIAG_H
#define MB_CORE_DIAG_H

#include <stddef.h>

#define MB_DIAG_MAX 32

struct mb_diag {
	/* 1-based; 0 when the problem is the whole file. */
	int line, column;
	char message[200];
};

/** A caller-owned list of diagnostics; problems past MB_DIAG_MAX are counted, not kept. */
struct mb_diags {
	struct mb_diag items[MB_DIAG_MAX];
	size_t len;
	size_t dropped;
};

/** Add a problem at line:column (printf-style message). */
void mb_diags_add(struct mb_diags *diags, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif

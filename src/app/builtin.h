/* The routines and programs built into the binary, so a break works with nothing installed. */
#ifndef MB_APP_BUILTIN_H
#define MB_APP_BUILTIN_H

#include <stddef.h>

struct mb_builtin {
	const char *name;
	const char *yaml;
	size_t len;
};

/** Built-in routine files, ended by an entry whose name is NULL. */
extern const struct mb_builtin mb_builtins[];

/** Built-in program files (data/programs), ended the same way. */
extern const struct mb_builtin mb_builtin_programs[];

#endif

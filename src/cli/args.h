/* Parsing the option values shared by several subcommands. */
#ifndef MB_CLI_ARGS_H
#define MB_CLI_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#define MB_DEFAULT_MINUTES 4.0

/**
 * Parse a positive decimal number no larger than max from an option's value.
 * On failure prints "movebreak CMD: OPTION: ..." to stderr and returns false.
 */
bool mb_args_number(const char *cmd, const char *option, const char *value, double max,
	double *out);

/** Parse a whole number in [min, max] from an option's value. Same reporting. */
bool mb_args_int(const char *cmd, const char *option, const char *value, long min, long max,
	long *out);

/** Report an option getopt did not accept, naming it. Returns the usage exit code. */
int mb_args_bad_option(const char *cmd, int optopt, const char *arg);

#endif

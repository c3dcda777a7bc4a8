/* Parsing the option values shared by several subcommands. */
#ifndef MB_APP_ARGS_H
#define MB_APP_ARGS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/routine.h"

#define MB_DEFAULT_MINUTES 4.0

/**
 * Parse a positive decimal number no larger than max from an option's value.
 * On failure prints "movebreak CMD: OPTION: ..." to stderr and returns false.
 */
bool mb_args_number(const char *cmd, const char *option, const char *value, double max,
	double *out);

/**
 * The dose level for mb_timeline_create() at which routine comes closest to
 * the `--minutes` a command was given: minutes, read with mb_args_number(),
 * or 0 when the option was not given, which fits MB_DEFAULT_MINUTES. When a
 * given length is more than a tenth away from what the routine can run, it
 * says on stderr what the routine runs instead, naming cmd: "movebreak plan:
 * shoulder-reset runs 3m08s to 4m38s; --minutes 2 gives its shortest,
 * 3m08s". A cmd of NULL says nothing, for a program handed the options of
 * one that has said it already. The routine is only read.
 */
double mb_args_minutes_level(const char *cmd, const struct mb_routine *routine, double minutes);

/** Parse a whole number in [min, max] from an option's value. Same reporting. */
bool mb_args_int(const char *cmd, const char *option, const char *value, long min, long max,
	long *out);

/**
 * Report an option getopt_long did not accept (it returned '?'), as the user
 * wrote it: "unknown option '--bogus'", "option '--minutes' needs a value",
 * "option '--gui' takes no value", "option '--mi' is ambiguous". shortopts
 * and longopts are what getopt_long was given (longopts may be NULL), bad_opt
 * its optopt and arg the argument it stopped at (argv[optind - 1]). Prints to
 * stderr with a pointer to --help; returns the usage exit code.
 */
int mb_args_bad_option(const char *cmd, const char *shortopts, const struct option *longopts,
	int bad_opt, const char *arg);

#endif

/* Option value parsing with messages that name the argument. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/args.h"
#include "cli/commands.h"

bool mb_args_number(const char *cmd, const char *option, const char *value, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(value, &end);
	if (end == value || *end || errno || !isfinite(v) || v <= 0 || v > max) {
		fprintf(stderr, "movebreak %s: %s: expected a number above 0 and up to %g, got '%s'\n",
			cmd, option, max, value);
		return false;
	}
	*out = v;
	return true;
}

bool mb_args_int(const char *cmd, const char *option, const char *value, long min, long max,
	long *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (end == value || *end || errno || v < min || v > max) {
		fprintf(stderr, "movebreak %s: %s: expected a whole number from %ld to %ld, got '%s'\n",
			cmd, option, min, max, value);
		return false;
	}
	*out = v;
	return true;
}

int mb_args_bad_option(const char *cmd, int optopt, const char *arg)
{
	if (optopt)
		fprintf(stderr, "movebreak %s: option '-%c' is unknown or needs a value\n", cmd, optopt);
	else
		fprintf(stderr, "movebreak %s: option '%s' is unknown or needs a value\n", cmd, arg);
	fprintf(stderr, "Try 'movebreak %s --help'.\n", cmd);
	return MB_EXIT_USAGE;
}

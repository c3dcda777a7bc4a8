/* Option value parsing with messages that name the argument. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/exit.h"
#include "core/duration.h"
#include "core/timeline.h"

bool mb_args_number(const char *cmd, const char *option, const char *value, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(value, &end);
	if (end == value || *end || errno || !isfinite(v) || v <= 0 || v > max) {
		fprintf(stderr,
			"movebreak %s: %s: expected a number above 0 and up to %g, got '%s'\n", cmd,
			option, max, value);
		return false;
	}
	*out = v;
	return true;
}

double mb_args_minutes_level(const char *cmd, const struct mb_routine *routine, double minutes)
{
	bool given = minutes > 0;
	int64_t asked_us = (int64_t)((given ? minutes : MB_DEFAULT_MINUTES) * 60 * MB_US_PER_S);
	double level = mb_dose_fit(routine, asked_us);
	int64_t got_us = mb_routine_total_us(routine, level);
	int64_t off_us = got_us > asked_us ? got_us - asked_us : asked_us - got_us;
	/* "About M minutes": a tenth either way is what was asked, and says nothing. */
	if (!cmd || !given || off_us * 10 <= asked_us)
		return level;
	int64_t min_us = mb_routine_total_us(routine, 0.0),
		max_us = mb_routine_total_us(routine, 1.0);
	char lo[32], hi[32], got[32];
	mb_duration_format(min_us, lo, sizeof(lo));
	mb_duration_format(max_us, hi, sizeof(hi));
	mb_duration_format(got_us, got, sizeof(got));
	if (min_us == max_us)
		fprintf(stderr,
			"movebreak %s: %s always runs %s; --minutes %g cannot change that\n", cmd,
			routine->name, lo, minutes);
	else
		fprintf(stderr, "movebreak %s: %s runs %s to %s; --minutes %g gives %s, %s\n", cmd,
			routine->name, lo, hi, minutes,
			asked_us < min_us         ? "its shortest" :
				asked_us > max_us ? "its longest" :
						    "the nearest it can",
			got);
	return level;
}

bool mb_args_int(const char *cmd, const char *option, const char *value, long min, long max,
	long *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (end == value || *end || errno || v < min || v > max) {
		fprintf(stderr,
			"movebreak %s: %s: expected a whole number from %ld to %ld, got '%s'\n",
			cmd, option, min, max, value);
		return false;
	}
	*out = v;
	return true;
}

/* The long option name (before any '=') is, or begins, which entries of longopts. */
static const struct option *find_long(const struct option *longopts, const char *name, size_t len,
	bool *ambiguous)
{
	const struct option *found = NULL;
	*ambiguous = false;
	for (const struct option *o = longopts; o && o->name; o++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		if (strlen(o->name) == len)
			return o;
		if (found)
			*ambiguous = true;
		found = o;
	}
	return *ambiguous ? NULL : found;
}

int mb_args_bad_option(const char *cmd, const char *shortopts, const struct option *longopts,
	int bad_opt, const char *arg)
{
	arg = arg ? arg : "";
	if (strncmp(arg, "--", 2) == 0) {
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		int len = (int)(eq ? (size_t)(eq - name) : strlen(name));
		bool ambiguous;
		const struct option *o = find_long(longopts, name, (size_t)len, &ambiguous);
		if (ambiguous)
			fprintf(stderr, "movebreak %s: option '--%.*s' is ambiguous\n", cmd, len,
				name);
		else if (o && eq && o->has_arg == no_argument)
			fprintf(stderr, "movebreak %s: option '--%s' takes no value\n", cmd,
				o->name);
		else if (o && o->has_arg == required_argument)
			fprintf(stderr, "movebreak %s: option '--%s' needs a value\n", cmd,
				o->name);
		else
			fprintf(stderr, "movebreak %s: unknown option '--%.*s'\n", cmd, len, name);
	} else if (bad_opt > 0 && bad_opt < 128 && isgraph(bad_opt) && bad_opt != ':' &&
		bad_opt != '+') {
		const char *at = shortopts ? strchr(shortopts, bad_opt) : NULL;
		if (at && at[1] == ':')
			fprintf(stderr, "movebreak %s: option '-%c' needs a value\n", cmd, bad_opt);
		else
			fprintf(stderr, "movebreak %s: unknown option '-%c'\n", cmd, bad_opt);
	} else {
		fprintf(stderr, "movebreak %s: unknown option '%s'\n", cmd, arg);
	}
	fprintf(stderr, "Try 'movebreak %s --help'.\n", cmd);
	return MB_EXIT_USAGE;
}

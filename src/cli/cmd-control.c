/* `movebreak status|pause|resume|break|postpone|skip`: a thin client of the daemon's D-Bus API. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-bus.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/daemon-client.h"
#include "app/dbus.h"
#include "core/config.h"
#include "core/duration.h"
#include "parse/json.h"

static const char usage[] =
	"Usage: movebreak status [--json]\n"
	"       movebreak pause [DURATION]\n"
	"       movebreak resume\n"
	"       movebreak break [movement|micro]\n"
	"       movebreak postpone [DURATION]\n"
	"       movebreak skip\n"
	"\n"
	"Ask the running daemon ('movebreak daemon') for its state, or tell it what\n"
	"to do. pause without a DURATION lasts until resume; postpone without one\n"
	"uses postpone.delay. Durations read like 90s, 5m or 1h30m.\n"
	"\n"
	"      --json   status as one JSON object\n"
	"  -h, --help   show this help\n";

enum {
	OPT_JSON = 256,
};

/* Parse the options every control command shares; returns -1 to go on, else an exit code. */
static int parse_options(int argc, char **argv, bool allow_json, bool *json)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int opt;
	opterr = 0;
	const char *short_options = "+h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case OPT_JSON:
			if (!allow_json)
				return mb_args_bad_option(argv[0], NULL, NULL, 0, argv[optind - 1]);
			*json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option(argv[0], short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	return -1;
}

/* At most one operand; returns it (or NULL) or sets *code. */
static const char *one_operand(int argc, char **argv, int *code)
{
	*code = -1;
	if (argc - optind > 1) {
		fprintf(stderr, "movebreak %s: unexpected argument '%s'\n", argv[0],
			argv[optind + 1]);
		*code = MB_EXIT_USAGE;
		return NULL;
	}
	return optind < argc ? argv[optind] : NULL;
}

static bool parse_seconds(const char *cmd, const char *text, uint32_t *out)
{
	int64_t us;
	size_t at = 0;
	int r = mb_duration_parse(text, &us, &at);
	if (r < 0 || us < MB_US_PER_S || us > MB_CONFIG_DURATION_MAX_US) {
		if (r == 0)
			fprintf(stderr, "movebreak %s: '%s' must be from 1s to 24h\n", cmd, text);
		else
			fprintf(stderr,
				"movebreak %s: '%s' is not a duration (like 90s, 5m or 1h30m) "
				"at column %zu\n",
				cmd, text, at + 1);
		return false;
	}
	*out = (uint32_t)(us / MB_US_PER_S);
	return true;
}

/* Call a method of the daemon; prints why it failed and returns an exit code. */
static int call(const char *cmd, const char *method, sd_bus_message **reply, const char *types, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, types);
	/* Where the D-Bus activation file is installed, this call starts the daemon. */
	int r = mb_daemon_callv(NULL, method, true, reply, why, sizeof(why), types, ap);
	va_end(ap);
	if (r == -ENOENT)
		fprintf(stderr,
			"movebreak %s: no daemon is running (start one with "
			"'movebreak daemon')\n",
			cmd);
	else if (r < 0)
		fprintf(stderr, "movebreak %s: %s\n", cmd, why);
	return r < 0 ? MB_EXIT_FAILURE : MB_EXIT_OK;
}

/* The daemon's Challenge property; "" when it has none or is too old to know it. */
static void read_challenge(char *out, size_t len)
{
	out[0] = '\0';
	sd_bus *bus = NULL;
	char *line = NULL;
	if (sd_bus_open_user(&bus) >= 0 &&
		sd_bus_get_property_string(bus, MB_DBUS_NAME, MB_DBUS_PATH, MB_DBUS_INTERFACE,
			"Challenge", NULL, &line) >= 0)
		snprintf(out, len, "%s", line);
	free(line);
	sd_bus_flush_close_unref(bus);
}

int mb_cmd_status(int argc, char **argv)
{
	bool json = false;
	int code = parse_options(argc, argv, true, &json);
	if (code >= 0)
		return code;
	if (optind < argc) {
		fprintf(stderr, "movebreak status: unexpected argument '%s'\n", argv[optind]);
		return MB_EXIT_USAGE;
	}
	sd_bus_message *reply = NULL;
	code = call("status", "Status", &reply, NULL);
	if (code != MB_EXIT_OK)
		return code;
	const char *state, *next, *backend;
	uint64_t active_s, next_in_s;
	uint32_t breaks, natural;
	int r = sd_bus_message_read(reply, "ststsuu", &state, &active_s, &next, &next_in_s,
		&backend, &breaks, &natural);
	if (r < 0) {
		fprintf(stderr, "movebreak status: the daemon's answer is not understood: %s\n",
			strerror(-r));
		sd_bus_message_unref(reply);
		return MB_EXIT_FAILURE;
	}
	char challenge[256];
	read_challenge(challenge, sizeof(challenge));
	if (json) {
		fputs("{\"state\":", stdout);
		mb_json_string(stdout, state);
		printf(",\"active_s\":%llu,\"next_break\":", (unsigned long long)active_s);
		mb_json_string(stdout, next);
		printf(",\"next_break_in_s\":%llu,\"backend\":", (unsigned long long)next_in_s);
		mb_json_string(stdout, backend);
		printf(",\"breaks_today\":%u,\"natural_breaks_today\":%u,\"challenge\":", breaks,
			natural);
		mb_json_string(stdout, challenge);
		fputs("}\n", stdout);
	} else {
		char a[32], n[32];
		printf("state:         %s\n", state);
		printf("active:        %s since the last break\n",
			mb_duration_format((int64_t)active_s * MB_US_PER_S, a, sizeof(a)));
		if (strcmp(next, "none") == 0)
			printf("next break:    none (both kinds are off)\n");
		else if (next_in_s == 0)
			printf("next break:    %s, now\n", next);
		else
			printf("next break:    %s, in %s%s\n", next,
				mb_duration_format((int64_t)next_in_s * MB_US_PER_S, n, sizeof(n)),
				strcmp(state, "postponed") == 0 ? "" : " of activity");
		printf("breaks today:  %u (and %u natural)\n", breaks, natural);
		printf("activity from: %s\n", backend);
		if (challenge[0])
			printf("challenge:     %s\n", challenge);
	}
	sd_bus_message_unref(reply);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

/* pause and postpone: an optional DURATION, sent as seconds (0 when absent). */
static int cmd_with_duration(int argc, char **argv, const char *method)
{
	bool json = false;
	int code = parse_options(argc, argv, false, &json);
	if (code >= 0)
		return code;
	const char *arg = one_operand(argc, argv, &code);
	if (code >= 0)
		return code;
	uint32_t seconds = 0;
	if (arg && !parse_seconds(argv[0], arg, &seconds))
		return MB_EXIT_USAGE;
	return call(argv[0], method, NULL, "u", seconds);
}

int mb_cmd_pause(int argc, char **argv)
{
	return cmd_with_duration(argc, argv, "Pause");
}

int mb_cmd_postpone(int argc, char **argv)
{
	return cmd_with_duration(argc, argv, "Postpone");
}

static int cmd_plain(int argc, char **argv, const char *method)
{
	bool json = false;
	int code = parse_options(argc, argv, false, &json);
	if (code >= 0)
		return code;
	if (optind < argc) {
		fprintf(stderr, "movebreak %s: unexpected argument '%s'\n", argv[0], argv[optind]);
		return MB_EXIT_USAGE;
	}
	return call(argv[0], method, NULL, NULL);
}

int mb_cmd_resume(int argc, char **argv)
{
	return cmd_plain(argc, argv, "Resume");
}

int mb_cmd_skip(int argc, char **argv)
{
	return cmd_plain(argc, argv, "Skip");
}

int mb_cmd_break(int argc, char **argv)
{
	bool json = false;
	int code = parse_options(argc, argv, false, &json);
	if (code >= 0)
		return code;
	const char *kind = one_operand(argc, argv, &code);
	if (code >= 0)
		return code;
	if (!kind)
		kind = "movement";
	if (strcmp(kind, "movement") != 0 && strcmp(kind, "micro") != 0) {
		fprintf(stderr,
			"movebreak break: '%s' is not a kind of break (movement or micro)\n", kind);
		return MB_EXIT_USAGE;
	}
	return call("break", "StartBreak", NULL, "s", kind);
}

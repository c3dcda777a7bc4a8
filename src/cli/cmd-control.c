/* `movebreak status|pause|resume|break|postpone|skip`: a thin client of the daemon's D-Bus API. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	"       movebreak reload\n"
	"\n"
	"Ask the running daemon ('movebreak daemon') for its state, or tell it what\n"
	"to do. pause without a DURATION lasts until resume; postpone without one\n"
	"uses postpone.delay. Durations read like 90s, 5m or 1h30m. Each says what\n"
	"it did. reload has the daemon read config.ini again (as SIGHUP does) and\n"
	"prints the file's first problem when it is bad (exit 2).\n"
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

/* What the daemon says of the pause, the prompt and the break, beside its Status. */
struct extra {
	char state[32], next[32], routine[MB_CONFIG_NAME_MAX];
	uint64_t next_in_s, paused_until, prompt_again_at, break_until;
};

static void read_extra(struct extra *x)
{
	*x = (struct extra){ .state = "" };
	sd_bus *bus = NULL;
	if (sd_bus_open_user(&bus) < 0)
		return;
	static const struct {
		const char *name;
		size_t offset;
	} times[] = {
		{ "NextBreakInSeconds", offsetof(struct extra, next_in_s) },
		{ "PausedUntil", offsetof(struct extra, paused_until) },
		{ "PromptAgainAt", offsetof(struct extra, prompt_again_at) },
		{ "BreakUntil", offsetof(struct extra, break_until) },
	};
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		sd_bus_get_property_trivial(bus, MB_DBUS_NAME, MB_DBUS_PATH, MB_DBUS_INTERFACE,
			times[i].name, NULL, 't', (char *)x + times[i].offset);
	static const struct {
		const char *name;
		size_t offset, len;
	} texts[] = {
		{ "State", offsetof(struct extra, state), sizeof(x->state) },
		{ "NextBreak", offsetof(struct extra, next), sizeof(x->next) },
		{ "BreakRoutine", offsetof(struct extra, routine), sizeof(x->routine) },
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *text = NULL;
		if (sd_bus_get_property_string(bus, MB_DBUS_NAME, MB_DBUS_PATH, MB_DBUS_INTERFACE,
			    texts[i].name, NULL, &text) >= 0)
			snprintf((char *)x + texts[i].offset, texts[i].len, "%s", text);
		free(text);
	}
	sd_bus_flush_close_unref(bus);
}

/* A wall-clock time as the local HH:MM. */
static const char *clock_text(uint64_t unix_s, char *buf, size_t len)
{
	time_t t = (time_t)unix_s;
	struct tm tm;
	if (!localtime_r(&t, &tm) || strftime(buf, len, "%H:%M", &tm) == 0)
		snprintf(buf, len, "?");
	return buf;
}

static const char *kind_words(const char *kind)
{
	return strcmp(kind, "micro") == 0 ? "micro-reset" : "movement break";
}

/* "in 25 min" of activity, whole minutes rounded up. */
static const char *minutes_text(uint64_t s, char *buf, size_t len)
{
	if (s == 0)
		snprintf(buf, len, "now");
	else if (s < 60)
		snprintf(buf, len, "in %llu s", (unsigned long long)s);
	else
		snprintf(buf, len, "in %llu min", (unsigned long long)((s + 59) / 60));
	return buf;
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
	struct extra x;
	read_extra(&x);
	bool paused = strcmp(state, "paused") == 0, in_break = strcmp(state, "break") == 0;
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
		/* Unix seconds, or null when there is no such end. */
		if (paused && x.paused_until)
			printf(",\"paused_until\":%llu", (unsigned long long)x.paused_until);
		else
			fputs(",\"paused_until\":null", stdout);
		if (x.prompt_again_at)
			printf(",\"prompt_again_at\":%llu", (unsigned long long)x.prompt_again_at);
		else
			fputs(",\"prompt_again_at\":null", stdout);
		fputs(",\"break_routine\":", stdout);
		if (in_break && x.routine[0])
			mb_json_string(stdout, x.routine);
		else
			fputs("null", stdout);
		if (in_break && x.break_until)
			printf(",\"break_until\":%llu", (unsigned long long)x.break_until);
		else
			fputs(",\"break_until\":null", stdout);
		fputs("}\n", stdout);
	} else {
		char a[32], n[32];
		char at[16];
		printf("state:         %s\n", state);
		if (paused && x.paused_until)
			printf("paused until:  %s\n", clock_text(x.paused_until, at, sizeof(at)));
		else if (paused)
			printf("paused until:  you resume\n");
		if (in_break && x.routine[0])
			printf("break:         %s, %s until %s\n", next, x.routine,
				x.break_until ? clock_text(x.break_until, at, sizeof(at)) :
						"it ends");
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
	code = call(argv[0], method, NULL, "u", seconds);
	if (code != MB_EXIT_OK)
		return code;
	struct extra x;
	read_extra(&x);
	char at[16];
	if (strcmp(method, "Pause") == 0 && x.paused_until)
		printf("Paused until %s\n", clock_text(x.paused_until, at, sizeof(at)));
	else if (strcmp(method, "Pause") == 0)
		printf("Paused until you resume\n");
	else if (x.prompt_again_at)
		printf("Postponed: the %s is offered again at %s\n", kind_words(x.next),
			clock_text(x.prompt_again_at, at, sizeof(at)));
	else
		printf("Postponed\n");
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

int mb_cmd_pause(int argc, char **argv)
{
	return cmd_with_duration(argc, argv, "Pause");
}

int mb_cmd_postpone(int argc, char **argv)
{
	return cmd_with_duration(argc, argv, "Postpone");
}

/* After resume and skip: when the next break falls due, as minutes of activity and a time. */
static void say_next(const char *done, const char *skipped)
{
	struct extra x;
	read_extra(&x);
	char in[32], at[16];
	if (strcmp(x.next, "none") == 0 || x.next[0] == '\0') {
		printf("%s; no break is planned (both kinds are off)\n", done);
		return;
	}
	if (!skipped) {
		printf("%s; next %s %s\n", done, kind_words(x.next),
			minutes_text(x.next_in_s, in, sizeof(in)));
		return;
	}
	/* The time assumes the user keeps working: breaks fall due after active time. */
	uint64_t due = (uint64_t)time(NULL) + x.next_in_s;
	if (strcmp(skipped, x.next) == 0)
		printf("%s; the next is due at %s\n", done, clock_text(due, at, sizeof(at)));
	else
		printf("%s; the next, a %s, is due at %s\n", done, kind_words(x.next),
			clock_text(due, at, sizeof(at)));
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
	int code = cmd_plain(argc, argv, "Resume");
	if (code != MB_EXIT_OK || argc > 1)
		return code;
	say_next("Resumed", NULL);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

int mb_cmd_skip(int argc, char **argv)
{
	/* What is skipped is the break waiting (or under way) before the call. */
	struct extra before;
	read_extra(&before);
	int code = cmd_plain(argc, argv, "Skip");
	if (code != MB_EXIT_OK || argc > 1)
		return code;
	char done[64];
	const char *kind = before.next[0] && strcmp(before.next, "none") != 0 ? before.next :
										"movement";
	snprintf(done, sizeof(done), "Skipped the %s", kind_words(kind));
	say_next(done, kind);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

int mb_cmd_reload(int argc, char **argv)
{
	bool json = false;
	int code = parse_options(argc, argv, false, &json);
	if (code >= 0)
		return code;
	if (optind < argc) {
		fprintf(stderr, "movebreak reload: unexpected argument '%s'\n", argv[optind]);
		return MB_EXIT_USAGE;
	}
	sd_bus_message *reply = NULL;
	code = call("reload", "Reload", &reply, NULL);
	if (code != MB_EXIT_OK)
		return code;
	const char *why = NULL;
	int r = sd_bus_message_read(reply, "s", &why);
	if (r < 0) {
		fprintf(stderr, "movebreak reload: the daemon's answer is not understood: %s\n",
			strerror(-r));
		sd_bus_message_unref(reply);
		return MB_EXIT_FAILURE;
	}
	if (why[0]) {
		fprintf(stderr, "%s\n", why);
		fprintf(stderr, "movebreak reload: the daemon keeps the settings it had\n");
		code = MB_EXIT_USAGE;
	} else {
		printf("Reloaded config.ini\n");
	}
	sd_bus_message_unref(reply);
	if (fflush(stdout) != 0)
		return MB_EXIT_FAILURE;
	return code;
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
	code = call("break", "StartBreak", NULL, "s", kind);
	if (code != MB_EXIT_OK)
		return code;
	struct extra x;
	read_extra(&x);
	char at[16];
	if (x.routine[0] && x.break_until)
		printf("Started a %s: %s until %s\n", kind_words(kind), x.routine,
			clock_text(x.break_until, at, sizeof(at)));
	else
		printf("Started a %s\n", kind_words(kind));
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

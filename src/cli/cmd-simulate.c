/* `movebreak simulate`: the real scheduler run over a scripted day on a virtual clock. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/args.h"
#include "app/catalog.h"
#include "app/commands.h"
#include "app/readfile.h"
#include "app/settings.h"
#include "core/config.h"
#include "core/duration.h"
#include "core/scheduler.h"
#include "core/session.h"
#include "core/timeline.h"
#include "parse/json.h"
#include "parse/trace.h"

/* Traces of years of activity are a few megabytes; this only stops a wrong file early. */
#define TRACE_MAX_BYTES ((size_t)1 << 30)
#define POLICY_MAX 64

static const char usage[] =
	"Usage: movebreak simulate --trace FILE [--config FILE] [--respond POLICY] [--json]\n"
	"\n"
	"Run the break scheduler over a trace of activity on a virtual clock and print\n"
	"what it would do: prompts, reminders, breaks, natural breaks, and a summary.\n"
	"\n"
	"  -t, --trace FILE      lines of '[YYYY-MM-DD ]HH:MM:SS EVENT', EVENT one of\n"
	"                        active, idle, suspend, resume, dnd on, dnd off, end,\n"
	"                        pause DURATION (0: until unpause), unpause,\n"
	"                        break [movement|micro], clock +DURATION|-DURATION\n"
	"  -c, --config FILE     settings to use (default: your config.ini, if any)\n"
	"  -r, --respond POLICY  answers to the prompts in turn, cycled: a comma list of\n"
	"                        start, postpone, skip and ignore (default: start)\n"
	"      --json            one JSON object per line\n"
	"  -h, --help            show this help\n";

enum answer {
	ANSWER_START,
	ANSWER_POSTPONE,
	ANSWER_SKIP,
	ANSWER_IGNORE,
};

struct sim {
	struct mb_session *session;
	const struct mb_config *cfg;
	bool json, dated;
	FILE *out;
	enum answer policy[POLICY_MAX];
	size_t policy_len, prompts;
	/* Planned length of each break, indexed by enum mb_break_kind. */
	int64_t break_us[2];
	/* The routines each kind rotates through, and which comes next: one a break started. */
	char routines[2][MB_CONFIG_ROUTINES_MAX][MB_CONFIG_NAME_MAX];
	size_t routines_len[2], next_routine[2];
	/* How far the simulated wall clock has been set away from the trace's times. */
	int64_t clock_us;
	int64_t breaks_done, micro_done, natural_breaks, postponed, skipped;
	bool lost_events;
};

/* Load settings from path; a missing default file (required == false) leaves the defaults. */
static int load_config(struct mb_config *cfg, const char *path, bool required)
{
	struct mb_diags diags = { 0 };
	int ret = mb_settings_load(path, required, cfg, &diags, NULL, 0);
	if (ret == -ENOMEM)
		fprintf(stderr, "movebreak simulate: out of memory\n");
	else if (ret < 0)
		mb_diags_print(stderr, "", path, &diags);
	return ret == 0 ? MB_EXIT_OK : ret == -ENOMEM ? MB_EXIT_FAILURE : MB_EXIT_USAGE;
}

static bool parse_policy(struct sim *sim, const char *text)
{
	static const char *const names[] = {
		[ANSWER_START] = "start",
		[ANSWER_POSTPONE] = "postpone",
		[ANSWER_SKIP] = "skip",
		[ANSWER_IGNORE] = "ignore",
	};
	sim->policy_len = 0;
	const char *p = text;
	for (;;) {
		size_t n = strcspn(p, ",");
		size_t i = 0;
		for (; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i]) == n && strncmp(p, names[i], n) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0]) || sim->policy_len == POLICY_MAX) {
			fprintf(stderr,
				"movebreak simulate: --respond: expected a comma list of start, "
				"postpone, skip and ignore (at most %d), got '%s'\n",
				POLICY_MAX, text);
			return false;
		}
		sim->policy[sim->policy_len++] = (enum answer)i;
		if (p[n] == '\0')
			return true;
		p += n + 1;
	}
}

static void print_event(struct sim *sim, const struct mb_scheduler_event *ev)
{
	char at[48], dur[32];
	/* A break started has run its routine: the next prompt of its kind offers the next one. */
	if (ev->kind == MB_SCHEDULER_EV_START && sim->routines_len[ev->brk] > 0)
		sim->next_routine[ev->brk] = (sim->next_routine[ev->brk] + 1) %
			sim->routines_len[ev->brk];
	const char *name = mb_scheduler_event_name(ev->kind);
	const char *brk = mb_break_kind_name(ev->brk);
	mb_trace_time_format(ev->t_us, sim->dated, at, sizeof(at));
	bool has_break = ev->kind != MB_SCHEDULER_EV_NATURAL_BREAK &&
		ev->kind != MB_SCHEDULER_EV_SUSPEND && ev->kind != MB_SCHEDULER_EV_RESUME &&
		ev->kind != MB_SCHEDULER_EV_PAUSE && ev->kind != MB_SCHEDULER_EV_UNPAUSE;
	if (sim->json) {
		fprintf(sim->out, "{\"t\":\"%s\",\"event\":\"%s\"", at, name);
		if (has_break)
			fprintf(sim->out, ",\"break\":\"%s\"", brk);
		if (ev->kind == MB_SCHEDULER_EV_NATURAL_BREAK) {
			fputs(",\"idle_s\":", sim->out);
			mb_json_seconds(sim->out, ev->idle_us);
		}
		fputs("}\n", sim->out);
		return;
	}
	const char *what = ev->brk == MB_BREAK_MICRO ? "micro-reset" : "movement break";
	fprintf(sim->out, "%s  ", at);
	switch (ev->kind) {
	case MB_SCHEDULER_EV_PROMPT:
		fprintf(sim->out, "prompt            %s (%s)\n", what,
			sim->routines[ev->brk][sim->next_routine[ev->brk]]);
		break;
	case MB_SCHEDULER_EV_REMIND:
		fprintf(sim->out, "remind            %s still waiting\n", what);
		break;
	case MB_SCHEDULER_EV_START:
		fprintf(sim->out, "start             %s, %s planned\n", what,
			mb_duration_format(sim->break_us[ev->brk], dur, sizeof(dur)));
		break;
	case MB_SCHEDULER_EV_DONE:
		fprintf(sim->out, "done              %s\n", what);
		break;
	case MB_SCHEDULER_EV_POSTPONE:
		fprintf(sim->out, "postpone          %s by %s (%u of %u in a row)\n", what,
			mb_duration_format(sim->cfg->postpone_delay_us, dur, sizeof(dur)),
			ev->postpones, sim->cfg->postpone_max);
		break;
	case MB_SCHEDULER_EV_POSTPONE_REFUSED:
		fprintf(sim->out, "postpone refused  %s: postponed %u times in a row already\n",
			what, ev->postpones);
		break;
	case MB_SCHEDULER_EV_SKIP:
		fprintf(sim->out, "skip              %s\n", what);
		break;
	case MB_SCHEDULER_EV_NATURAL_BREAK:
		fprintf(sim->out, "natural break     back after %s idle\n",
			mb_duration_format(ev->idle_us, dur, sizeof(dur)));
		break;
	case MB_SCHEDULER_EV_SUSPEND:
		fputs("suspend\n", sim->out);
		break;
	case MB_SCHEDULER_EV_RESUME:
		fputs("resume\n", sim->out);
		break;
	case MB_SCHEDULER_EV_PAUSE:
		fputs("pause\n", sim->out);
		break;
	case MB_SCHEDULER_EV_UNPAUSE:
		fputs("unpause\n", sim->out);
		break;
	case MB_SCHEDULER_EV_WITHDRAW:
		break;
	}
}

static void feed(struct sim *sim, struct mb_session_input *in);

/* An answer to a prompt at the time of in, as the policy gives it. */
static void answer(struct sim *sim, const struct mb_session_input *at, enum mb_break_kind brk)
{
	static const enum mb_session_input_kind kinds[] = {
		[ANSWER_START] = MB_SESSION_START,
		[ANSWER_POSTPONE] = MB_SESSION_POSTPONE,
		[ANSWER_SKIP] = MB_SESSION_SKIP,
	};
	enum answer a = sim->policy[sim->prompts++ % sim->policy_len];
	if (a == ANSWER_IGNORE)
		return;
	struct mb_session_input in = *at;
	in.kind = kinds[a];
	in.brk = brk;
	in.delay_us = 0;
	feed(sim, &in);
}

/* Report what the scheduler said, and answer each prompt as the policy says. */
static void feed(struct sim *sim, struct mb_session_input *in)
{
	struct mb_session_action actions[MB_SESSION_ACTIONS_MAX];
	size_t n = mb_session_feed(sim->session, in, actions, MB_SESSION_ACTIONS_MAX);
	if (n > MB_SESSION_ACTIONS_MAX) {
		sim->lost_events = true;
		n = MB_SESSION_ACTIONS_MAX;
	}
	for (size_t i = 0; i < n; i++) {
		if (actions[i].kind != MB_SESSION_EVENT)
			continue;
		const struct mb_scheduler_event *ev = &actions[i].event;
		/* A withdrawn prompt shows in the natural break that caused it. */
		if (ev->kind != MB_SCHEDULER_EV_WITHDRAW)
			print_event(sim, ev);
		switch (ev->kind) {
		case MB_SCHEDULER_EV_PROMPT:
			answer(sim, in, ev->brk);
			break;
		case MB_SCHEDULER_EV_DONE:
			if (ev->brk == MB_BREAK_MICRO)
				sim->micro_done++;
			else
				sim->breaks_done++;
			break;
		case MB_SCHEDULER_EV_NATURAL_BREAK:
			sim->natural_breaks++;
			break;
		case MB_SCHEDULER_EV_POSTPONE:
			sim->postponed++;
			break;
		case MB_SCHEDULER_EV_SKIP:
			sim->skipped++;
			break;
		default:
			break;
		}
	}
}

/*
 * Wake at every deadline up to and including t_us, as the daemon's timer
 * would; a break ends at its planned length, as no coach says otherwise.
 */
static void run_until(struct sim *sim, int64_t t_us)
{
	for (;;) {
		int64_t next = mb_session_next_deadline(sim->session);
		if (next > t_us)
			return;
		struct mb_trace_event tick = { .kind = MB_TRACE_CLOCK, .t_us = next };
		struct mb_session_input in;
		mb_trace_session_input(&tick, sim->clock_us, &in);
		feed(sim, &in);
	}
}

static void print_summary(struct sim *sim, int64_t end_us)
{
	struct mb_session_status session;
	mb_session_status(sim->session, end_us, &session);
	const struct mb_scheduler_status *st = &session.sched;
	char at[48], dur[32];
	mb_trace_time_format(end_us, sim->dated, at, sizeof(at));
	if (sim->json) {
		fprintf(sim->out, "{\"t\":\"%s\",\"event\":\"summary\",\"active_s\":", at);
		mb_json_seconds(sim->out, st->active_us);
		fprintf(sim->out,
			",\"breaks_done\":%lld,\"micro_done\":%lld,\"natural_breaks\":%lld,"
			"\"postponed\":%lld,\"skipped\":%lld}\n",
			(long long)sim->breaks_done, (long long)sim->micro_done,
			(long long)sim->natural_breaks, (long long)sim->postponed,
			(long long)sim->skipped);
		return;
	}
	fprintf(sim->out, "%s  end\n\n", at);
	fprintf(sim->out, "active time counted: %s\n",
		mb_duration_format(st->active_us, dur, sizeof(dur)));
	fprintf(sim->out,
		"movement breaks done: %lld\nmicro-resets done: %lld\n"
		"natural breaks: %lld\npostponed: %lld\nskipped: %lld\n",
		(long long)sim->breaks_done, (long long)sim->micro_done,
		(long long)sim->natural_breaks, (long long)sim->postponed, (long long)sim->skipped);
}

static int simulate(struct sim *sim, const struct mb_trace *trace)
{
	struct mb_session_input in;
	mb_trace_session_input(&trace->events[0], 0, &in);
	sim->session = mb_session_create(sim->cfg, sim->break_us, &in);
	if (!sim->session) {
		fprintf(stderr, "movebreak simulate: out of memory\n");
		return MB_EXIT_FAILURE;
	}
	/* The trace is what the activity source reports, each edge said: none is implied. */
	mb_session_set_activity_source(sim->session, 0, true);
	int64_t end_us = trace->events[0].t_us;
	for (size_t i = 0; i < trace->len; i++) {
		const struct mb_trace_event *ev = &trace->events[i];
		run_until(sim, ev->t_us);
		end_us = ev->t_us;
		if (ev->kind == MB_TRACE_CLOCK)
			sim->clock_us += ev->clock_us;
		mb_trace_session_input(ev, sim->clock_us, &in);
		feed(sim, &in);
		if (ev->kind == MB_TRACE_END)
			break;
	}
	print_summary(sim, end_us);
	mb_session_destroy(sim->session);
	sim->session = NULL;
	if (sim->lost_events) {
		fprintf(stderr, "movebreak simulate: some events were lost\n");
		return MB_EXIT_FAILURE;
	}
	return fflush(sim->out) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

int mb_cmd_simulate(int argc, char **argv)
{
	static const struct option options[] = {
		{ "trace", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'c' },
		{ "respond", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sim sim = {
		.out = stdout,
		.policy = { ANSWER_START },
		.policy_len = 1,
	};
	const char *trace_path = NULL, *config_path = NULL;
	int opt;
	opterr = 0;
	const char *short_options = "+t:c:r:h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case 't':
			trace_path = optarg;
			break;
		case 'c':
			config_path = optarg;
			break;
		case 'r':
			if (!parse_policy(&sim, optarg))
				return MB_EXIT_USAGE;
			break;
		case 'j':
			sim.json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("simulate", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "movebreak simulate: unexpected argument '%s'\n", argv[optind]);
		return MB_EXIT_USAGE;
	}
	if (!trace_path) {
		fprintf(stderr,
			"movebreak simulate: --trace FILE is required\n"
			"Try 'movebreak simulate --help'.\n");
		return MB_EXIT_USAGE;
	}

	struct mb_config cfg;
	mb_config_init(&cfg);
	int code;
	if (config_path) {
		code = load_config(&cfg, config_path, true);
	} else {
		char path[4096];
		code = MB_EXIT_OK;
		if (mb_settings_user_path(path, sizeof(path)) == 0)
			code = load_config(&cfg, path, false);
	}
	if (code != MB_EXIT_OK)
		return code;
	sim.cfg = &cfg;

	char *buf = NULL;
	size_t len = 0;
	int ret = mb_read_file(trace_path, TRACE_MAX_BYTES, &buf, &len);
	if (ret < 0) {
		fprintf(stderr, "%s: cannot read: %s\n", trace_path, mb_read_file_strerror(ret));
		return ret == -ENOMEM ? MB_EXIT_FAILURE : MB_EXIT_USAGE;
	}
	struct mb_trace trace = { 0 };
	struct mb_diags diags = { 0 };
	ret = mb_trace_parse(&trace, buf, len, &diags);
	free(buf);
	if (ret < 0) {
		if (ret == -ENOMEM)
			fprintf(stderr, "movebreak simulate: out of memory\n");
		else
			mb_diags_print(stderr, "", trace_path, &diags);
		mb_trace_finish(&trace);
		return ret == -ENOMEM ? MB_EXIT_FAILURE : MB_EXIT_USAGE;
	}
	sim.dated = trace.dated;

	/* A movement break runs at the coach's default dose; a micro-reset fits micro.duration. */
	for (int k = 0; k < 2; k++)
		sim.routines_len[k] = mb_catalog_rotation(&cfg, (enum mb_break_kind)k,
			sim.routines[k], MB_CONFIG_ROUTINES_MAX);
	code = mb_catalog_break_lengths(&cfg, sim.break_us);
	if (code == MB_EXIT_OK)
		code = simulate(&sim, &trace);
	mb_trace_finish(&trace);
	return code;
}

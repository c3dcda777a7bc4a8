/* `movebreak now`: coach a break right now, then record it in the history. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/catalog.h"
#include "cli/commands.h"
#include "cli/history.h"
#include "coach/coach.h"
#include "core/duration.h"
#include "core/timeline.h"
#include "platform/store.h"

static const char usage[] =
	"Usage: movebreak now [ROUTINE|FILE] [--minutes M] [--time-scale F] [--plain] [--no-record]\n"
	"\n"
	"Coach a movement break right now (the shoulder-reset routine unless you name\n"
	"another, or the daemon names one in MOVEBREAK_ROUTINE), step by step, and\n"
	"record it in your history.\n"
	"\n"
	"  -m, --minutes M      fit the routine to about M minutes (default 4)\n"
	"      --time-scale F   run the clock F times faster (for demos and tests)\n"
	"      --plain          print one line per cue instead of the full-screen coach\n"
	"                       (the default when output is not a terminal)\n"
	"      --no-record      do not write this break to the history\n"
	"  -h, --help           show this help\n"
	"\n"
	"Keys in the full-screen coach: space pause/resume, n or right arrow next step,\n"
	"p or left arrow previous step, q quit (the break is kept as partial).\n"
	"Colours follow the terminal; set NO_COLOR to turn them off.\n";

/* Open the history, or explain why the break will not be recorded and carry on. */
static struct mb_store *open_store(void)
{
	char err[512];
	struct mb_store *store = mb_cli_history_open("now", err, sizeof(err));
	if (store)
		return store;
	fprintf(stderr, "movebreak now: warning: this break will not be recorded: %s\n", err);
	return mb_store_none_create();
}

static void record(struct mb_store *store, const struct mb_timeline *tl,
	const struct mb_coach_result *res)
{
	struct mb_break_record rec = {
		.start_us = res->start_wall_us,
		.end_us = res->end_wall_us,
		.active_us = res->active_us,
		.planned_us = tl->total_us,
		.exercises_done = (unsigned)res->exercises_done,
		.exercises_total = (unsigned)tl->spans_len,
		.outcome = res->completed ? MB_OUTCOME_COMPLETED : MB_OUTCOME_PARTIAL,
		.source = MB_SOURCE_MANUAL,
	};
	snprintf(rec.routine, sizeof(rec.routine), "%s", tl->routine->name);
	int r = mb_store_add(store, &rec);
	if (r < 0)
		fprintf(stderr, "movebreak: warning: could not record this break: %s\n", strerror(-r));
}

int mb_cmd_now(int argc, char **argv)
{
	static const struct option options[] = {
		{ "minutes", required_argument, NULL, 'm' },
		{ "time-scale", required_argument, NULL, 's' },
		{ "plain", no_argument, NULL, 'p' },
		{ "no-record", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	double minutes = MB_DEFAULT_MINUTES;
	struct mb_coach_options copts = { .time_scale = 1.0 };
	bool plain = false, no_record = false;
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "m:h", options, NULL)) != -1) {
		switch (opt) {
		case 'm':
			if (!mb_args_number("now", "--minutes", optarg, 120, &minutes))
				return MB_EXIT_USAGE;
			break;
		case 's':
			if (!mb_args_number("now", "--time-scale", optarg, 10000, &copts.time_scale))
				return MB_EXIT_USAGE;
			break;
		case 'p':
			plain = true;
			break;
		case 'n':
			no_record = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("now", optopt, argv[optind - 1]);
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "movebreak now: unexpected argument '%s'\n", argv[optind + 1]);
		return MB_EXIT_USAGE;
	}

	/* A break started from the daemon's prompt names its routine in the environment. */
	const char *name = optind < argc ? argv[optind] : getenv("MOVEBREAK_ROUTINE");
	if (name && !name[0])
		name = NULL;
	int code = MB_EXIT_OK;
	struct mb_routine *routine = mb_catalog_load(name, &code);
	if (!routine)
		return code;
	double level = mb_dose_fit(routine, (int64_t)(minutes * 60 * MB_US_PER_S));
	struct mb_timeline *tl = mb_timeline_create(routine, level);
	if (!tl) {
		fprintf(stderr, "movebreak now: out of memory\n");
		mb_routine_destroy(routine);
		return MB_EXIT_FAILURE;
	}
	struct mb_store *store = no_record ? mb_store_none_create() : open_store();

	const char *no_color = getenv("NO_COLOR");
	copts.color = !(no_color && no_color[0]);
	const char *term = getenv("TERM");
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && term[0] &&
		strcmp(term, "dumb") != 0;

	struct mb_coach_result res;
	int r = -ENOTTY;
	if (tty && !plain)
		r = mb_coach_tui_run(tl, &copts, &res);
	if (r == -ENOTTY) {
		char total[32];
		printf("movebreak: %s, %s, %zu exercises. Ctrl-C ends the break early.\n",
			routine->title, mb_duration_format(tl->total_us, total, sizeof(total)),
			tl->spans_len);
		r = mb_coach_plain_run(tl, &copts, stdout, &res);
	}
	if (r < 0) {
		fprintf(stderr, "movebreak now: cannot run the coach: %s\n", strerror(-r));
		code = MB_EXIT_FAILURE;
	} else {
		record(store, tl, &res);
		char took[32];
		mb_duration_format(res.active_us, took, sizeof(took));
		if (res.completed)
			printf("Break complete: %s, %zu of %zu exercises.%s\n", took,
				res.exercises_done, tl->spans_len, no_record ? "" : " Recorded.");
		else
			printf("Break ended early: %s, %zu of %zu exercises.%s\n", took,
				res.exercises_done, tl->spans_len,
				no_record ? "" : " Recorded as partial.");
	}
	mb_store_destroy(store);
	mb_timeline_destroy(tl);
	mb_routine_destroy(routine);
	return code;
}

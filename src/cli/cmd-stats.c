/* `movebreak stats`: breaks per day, adherence, active time and goal streaks, drawn or as data. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/gui-exec.h"
#include "app/history.h"
#include "app/stats-data.h"
#include "cli/stats-render.h"
#include "parse/json.h"

#define DEFAULT_DAYS 14

static const char usage[] =
	"Usage: movebreak stats [--days N] [--json|--csv] [--plot FILE.svg|FILE.png]\n"
	"\n"
	"Today and the days before it: movement breaks and micro-resets done, cut\n"
	"short, skipped and postponed, natural breaks, active time at the keyboard,\n"
	"breaks due against breaks taken (adherence), and the streak of days that\n"
	"met the daily goal (the running challenge's goal, else [stats] goal).\n"
	"Days follow the local time zone; a break counts on the day it started.\n"
	"\n"
	"      --days N      how many days, today included (default 14, at most 3660)\n"
	"      --json        the days and the totals as one JSON object\n"
	"      --csv         the days as CSV rows, then a 'total' row\n"
	"      --plot FILE   draw breaks per day against the goal, and active time,\n"
	"                    into FILE.svg or FILE.png\n"
	"  -h, --help        show this help\n"
	"\n"
	"Colours follow the terminal; set NO_COLOR to turn them off.\n";

enum {
	OPT_DAYS = 256,
	OPT_JSON,
	OPT_CSV,
	OPT_PLOT,
};

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

static void json_day_fields(FILE *out, const struct mb_stats_day *d)
{
	fprintf(out,
		"\"movement_done\":%u,\"micro_done\":%u,\"partial\":%u,\"skipped\":%u,"
		"\"postponed\":%u,\"natural\":%u,\"due\":%u,\"taken\":%u,\"adherence_pct\":",
		d->movement_done, d->micro_done, d->partial, d->skipped, d->postponed, d->natural,
		d->due, d->taken);
	mb_stats_print_pct(out, d->taken, d->due, "null");
	fputs(",\"active_s\":", out);
	mb_json_seconds(out, d->active_us);
}

static void print_json(FILE *out, int64_t first_day, const struct mb_stats_day *days, size_t ndays,
	const struct mb_stats_totals *t, bool from_challenge, bool capped)
{
	char date[16];
	mb_date_format(first_day + (int64_t)ndays - 1, date, sizeof(date));
	fprintf(out, "{\"today\":\"%s\",\"goal\":%u,\"goal_source\":\"%s\",\"days\":[", date,
		t->goal, from_challenge ? "challenge" : "config");
	for (size_t i = 0; i < ndays; i++) {
		mb_date_format(first_day + (int64_t)i, date, sizeof(date));
		fprintf(out, "%s{\"date\":\"%s\",", i ? "," : "", date);
		json_day_fields(out, &days[i]);
		fprintf(out, ",\"goal_met\":%s}", days[i].met ? "true" : "false");
	}
	fputs("],\"totals\":{", out);
	fprintf(out, "\"days\":%u,", t->days);
	struct mb_stats_day sum = {
		.movement_done = t->movement_done,
		.micro_done = t->micro_done,
		.partial = t->partial,
		.skipped = t->skipped,
		.postponed = t->postponed,
		.natural = t->natural,
		.due = t->due,
		.taken = t->taken,
		.active_us = t->active_us,
	};
	json_day_fields(out, &sum);
	fprintf(out,
		",\"days_met\":%u,\"current_streak\":%u,\"current_streak_capped\":%s,"
		"\"best_streak\":%u}}\n",
		t->days_met, t->current_streak, capped ? "true" : "false", t->best_streak);
}

static void csv_row(FILE *out, const char *date, const struct mb_stats_day *d, const char *met)
{
	fprintf(out, "%s,%u,%u,%u,%u,%u,%u,%u,%u,", date, d->movement_done, d->micro_done,
		d->partial, d->skipped, d->postponed, d->natural, d->due, d->taken);
	mb_stats_print_pct(out, d->taken, d->due, "");
	fputc(',', out);
	mb_json_seconds(out, d->active_us);
	fprintf(out, ",%s\n", met);
}

static void print_csv(FILE *out, int64_t first_day, const struct mb_stats_day *days, size_t ndays,
	const struct mb_stats_totals *t)
{
	fputs("date,movement_done,micro_done,partial,skipped,postponed,natural,due,taken,"
	      "adherence_pct,active_s,goal_met\n",
		out);
	char date[16];
	for (size_t i = 0; i < ndays; i++) {
		mb_date_format(first_day + (int64_t)i, date, sizeof(date));
		csv_row(out, date, &days[i], days[i].met ? "1" : "0");
	}
	struct mb_stats_day sum = {
		.movement_done = t->movement_done,
		.micro_done = t->micro_done,
		.partial = t->partial,
		.skipped = t->skipped,
		.postponed = t->postponed,
		.natural = t->natural,
		.due = t->due,
		.taken = t->taken,
		.active_us = t->active_us,
	};
	char met[16];
	snprintf(met, sizeof(met), "%u", t->days_met);
	csv_row(out, "total", &sum, met);
}

int mb_cmd_stats(int argc, char **argv)
{
	static const struct option options[] = {
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "plot", required_argument, NULL, OPT_PLOT },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	long ndays = DEFAULT_DAYS;
	bool json = false, csv = false;
	const char *plot = NULL;
	int opt;
	opterr = 0;
	const char *short_options = "+h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case OPT_DAYS:
			if (!mb_args_int("stats", "--days", optarg, 1, MB_STATS_DAYS_MAX, &ndays))
				return MB_EXIT_USAGE;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_CSV:
			csv = true;
			break;
		case OPT_PLOT:
			plot = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("stats", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "movebreak stats: unexpected argument '%s'\n", argv[optind]);
		return MB_EXIT_USAGE;
	}
	if (json + csv + (plot != NULL) > 1) {
		fprintf(stderr, "movebreak stats: --json, --csv and --plot do not go together\n");
		return MB_EXIT_USAGE;
	}
	if (plot) {
		if (!has_suffix(plot, ".svg") && !has_suffix(plot, ".png")) {
			fprintf(stderr, "movebreak stats: --plot: '%s' must end in .svg or .png\n",
				plot);
			return MB_EXIT_USAGE;
		}
		/* Drawing needs cairo, which only movebreak-gui links. */
		return mb_gui_exec("stats", argc, argv);
	}

	char err[512];
	int64_t today, now_us;
	if (mb_stats_now(&today, &now_us, err, sizeof(err)) < 0) {
		fprintf(stderr, "movebreak stats: %s\n", err);
		return MB_EXIT_USAGE;
	}
	struct mb_store *store = mb_cli_history_open("stats", err, sizeof(err));
	if (!store) {
		fprintf(stderr, "movebreak stats: %s\n", err);
		return MB_EXIT_FAILURE;
	}
	bool from_challenge = false;
	unsigned goal = mb_stats_goal(store, today, mb_stats_config_goal("stats"), &from_challenge);
	struct mb_stats_day *days = calloc((size_t)ndays, sizeof(*days));
	struct mb_stats_totals totals;
	int64_t first_day = today - ndays + 1;
	int r = days ? mb_stats_load(store, first_day, (size_t)ndays, goal, days, &totals) :
		       -ENOMEM;
	bool capped = false;
	if (r == 0)
		r = mb_stats_extend_streak(store, first_day, days, (size_t)ndays, &totals, &capped);
	if (r < 0) {
		fprintf(stderr, "movebreak stats: %s\n",
			mb_cli_history_error(store, r, err, sizeof(err)));
		mb_store_destroy(store);
		free(days);
		return MB_EXIT_FAILURE;
	}
	mb_store_destroy(store);
	if (json) {
		print_json(stdout, first_day, days, (size_t)ndays, &totals, from_challenge, capped);
	} else if (csv) {
		print_csv(stdout, first_day, days, (size_t)ndays, &totals);
	} else {
		struct mb_render_style style;
		mb_render_style_detect(&style, stdout);
		mb_stats_print_heatmap(stdout, &style, first_day, days, (size_t)ndays, goal);
		fputc('\n', stdout);
		mb_stats_print_bars(stdout, &style, first_day, days, (size_t)ndays, goal);
		fputc('\n', stdout);
		mb_stats_print_totals(stdout, first_day, days, (size_t)ndays, &totals,
			from_challenge, capped);
	}
	free(days);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

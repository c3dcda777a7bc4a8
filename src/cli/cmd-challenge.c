/* `movebreak challenge start|status|stop`: an N-day challenge with a daily goal of breaks. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/break-choice.h"
#include "app/catalog.h"
#include "app/commands.h"
#include "app/history.h"
#include "app/programs.h"
#include "app/stats-data.h"
#include "cli/stats-render.h"
#include "core/text.h"
#include "parse/json.h"

static const char usage[] =
	"Usage: movebreak challenge start [--on DATE] [--days N | --program NAME] [--goal N]\n"
	"                                 [--force]\n"
	"       movebreak challenge status [--json]\n"
	"       movebreak challenge stop\n"
	"\n"
	"A challenge of N days (default 30) with a daily goal of completed movement\n"
	"breaks (default 3). It starts next Monday unless --on gives a date\n"
	"(YYYY-MM-DD, or 'today'). Only one challenge runs at a time: starting a\n"
	"second one fails (exit 1) unless --force stops the first. When it ends, its\n"
	"summary is kept in the history.\n"
	"\n"
	"With --program the challenge follows a program (see 'movebreak programs'):\n"
	"its length sets the days, and each day 'movebreak now' and the daemon's\n"
	"movement prompts offer the day's next routine at the day's minutes.\n"
	"\n"
	"      --on DATE   the first day: YYYY-MM-DD or 'today' (default: next Monday)\n"
	"      --days N    length in days, 1 to 366 (default 30)\n"
	"      --goal N    completed movement breaks a day, 1 to 100 (default 3)\n"
	"      --program NAME  follow the program NAME, such as desk-30\n"
	"      --force     stop the challenge under way and start this one\n"
	"      --json      status as one JSON object\n"
	"  -h, --help      show this help\n";

enum {
	OPT_ON = 256,
	OPT_DAYS,
	OPT_GOAL,
	OPT_FORCE,
	OPT_JSON,
	OPT_PROGRAM,
};

struct options {
	const char *on;
	const char *program;
	bool days_given;
	long days, goal;
	bool force, json;
};

static const char *const phase_names[] = {
	[MB_CHALLENGE_UPCOMING] = "upcoming",
	[MB_CHALLENGE_RUNNING] = "running",
	[MB_CHALLENGE_ENDED] = "ended",
	[MB_CHALLENGE_STOPPED] = "stopped",
};

/* Returns -1 to go on, else an exit code. */
static int parse_options(int argc, char **argv, const char *sub, struct options *o)
{
	static const struct option options[] = {
		{ "on", required_argument, NULL, OPT_ON },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "goal", required_argument, NULL, OPT_GOAL },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "program", required_argument, NULL, OPT_PROGRAM },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool start = strcmp(sub, "start") == 0, status = strcmp(sub, "status") == 0;
	int opt;
	opterr = 0;
	optind = 1;
	const char *short_options = "+h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		if (opt != 'h' && opt != '?' && opt != ':' &&
			((opt == OPT_JSON && !status) || (opt != OPT_JSON && !start))) {
			fprintf(stderr, "movebreak challenge %s: %s is not an option of %s\n", sub,
				argv[optind - 1], sub);
			return MB_EXIT_USAGE;
		}
		switch (opt) {
		case OPT_ON:
			o->on = optarg;
			break;
		case OPT_DAYS:
			if (!mb_args_int("challenge", "--days", optarg, 1, MB_CHALLENGE_DAYS_MAX,
				    &o->days))
				return MB_EXIT_USAGE;
			o->days_given = true;
			break;
		case OPT_PROGRAM:
			o->program = optarg;
			break;
		case OPT_GOAL:
			if (!mb_args_int("challenge", "--goal", optarg, 1, MB_CHALLENGE_GOAL_MAX,
				    &o->goal))
				return MB_EXIT_USAGE;
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("challenge", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "movebreak challenge %s: unexpected argument '%s'\n", sub,
			argv[optind]);
		return MB_EXIT_USAGE;
	}
	return -1;
}

/* Stop c (stored as rec) today, writing its summary. */
static int stop_challenge(struct mb_store *store, struct mb_challenge_record *rec, int64_t today,
	int64_t now_us)
{
	rec->stopped_us = now_us;
	struct mb_challenge c;
	struct mb_challenge_status st;
	int r = mb_challenge_from_record(rec, &c);
	if (r == 0)
		r = mb_challenge_load_status(store, &c, today, &st, NULL, NULL);
	if (r == 0) {
		mb_challenge_summary(&c, &st, rec->summary, sizeof(rec->summary));
		r = mb_store_challenge_update(store, rec);
	}
	return r;
}

/*
 * Load the program a challenge is to follow, by name: the challenge finds it
 * again by that name every day. Its length becomes the challenge's. Returns
 * -1 to go on, else an exit code.
 */
static int take_program(struct options *o, char *title, size_t title_len)
{
	if (strchr(o->program, '/') || strstr(o->program, ".yaml") || strstr(o->program, ".yml")) {
		fprintf(stderr,
			"movebreak challenge start: --program takes a program's name; put the file "
			"in ~/.config/movebreak/programs/ and give its name\n");
		return MB_EXIT_USAGE;
	}
	int code = MB_EXIT_OK;
	struct mb_program *p = mb_programs_load(o->program, false, &code);
	if (!p)
		return code;
	if (o->days_given && o->days != (long)p->days) {
		fprintf(stderr,
			"movebreak challenge start: the program %s lasts %u days, which sets the "
			"challenge's; leave out --days %ld\n",
			o->program, p->days, o->days);
		mb_program_destroy(p);
		return MB_EXIT_USAGE;
	}
	o->days = p->days;
	char missing[512];
	size_t n = mb_programs_missing_routines(p, missing, sizeof(missing));
	if (n > 0)
		fprintf(stderr,
			"movebreak challenge start: warning: %s names %zu routine%s that %s not "
			"installed (%s); a day passes over them and offers its next routine\n",
			o->program, n, n == 1 ? "" : "s", n == 1 ? "is" : "are", missing);
	char shown[MB_TEXT_PRINTABLE_SIZE(128)];
	snprintf(title, title_len, "%s", mb_text_printable(p->title, shown, sizeof(shown)));
	mb_program_destroy(p);
	return -1;
}

static int cmd_start(struct mb_store *store, struct options *o, int64_t today, int64_t now_us)
{
	char why[512], title[512] = "";
	if (o->program) {
		int code = take_program(o, title, sizeof(title));
		if (code >= 0)
			return code;
	}
	int64_t start = mb_date_next_monday(today);
	if (o->on && strcmp(o->on, "today") == 0) {
		start = today;
	} else if (o->on && mb_date_parse(o->on, &start) < 0) {
		fprintf(stderr,
			"movebreak challenge start: --on: '%s' is not a date "
			"(YYYY-MM-DD or 'today')\n",
			o->on);
		return MB_EXIT_USAGE;
	}
	if (start + o->days <= today) {
		fprintf(stderr,
			"movebreak challenge start: --on: a challenge of %ld days from %s "
			"would be over already\n",
			o->days, o->on);
		return MB_EXIT_USAGE;
	}
	struct mb_challenge_record old;
	struct mb_challenge oc;
	int r = mb_challenge_find_current(store, today, &old, &oc);
	if (r < 0)
		goto fail;
	if (r == 1 && !o->force) {
		fprintf(stderr,
			"movebreak challenge start: a challenge from %s (%u days) is under "
			"way; stop it with 'movebreak challenge stop', or add --force to stop it and "
			"start this one\n",
			old.start_date, old.days);
		return MB_EXIT_FAILURE;
	}
	if (r == 1) {
		r = stop_challenge(store, &old, today, now_us);
		if (r < 0)
			goto fail;
		char summary[MB_TEXT_PRINTABLE_SIZE(sizeof(old.summary))];
		printf("Stopped the challenge from %s: %s\n", old.start_date,
			mb_text_printable(old.summary, summary, sizeof(summary)));
	}
	struct mb_challenge_record rec = {
		.days = (unsigned)o->days,
		.goal = (unsigned)o->goal,
		.created_us = now_us,
	};
	if (o->program)
		snprintf(rec.program, sizeof(rec.program), "%s", o->program);
	mb_date_format(start, rec.start_date, sizeof(rec.start_date));
	r = mb_store_challenge_add(store, &rec);
	if (r < 0)
		goto fail;
	char last[16];
	mb_date_format(start + o->days - 1, last, sizeof(last));
	printf("Challenge: %ld days from %s to %s, %ld movement break%s a day; ", o->days,
		rec.start_date, last, o->goal, o->goal == 1 ? "" : "s");
	if (start > today)
		printf("starts in %" PRId64 " day%s\n", start - today,
			start - today == 1 ? "" : "s");
	else
		printf("today is day %" PRId64 "\n", today - start + 1);
	if (o->program) {
		printf("Program: %s (%s)\n", o->program, title);
		struct mb_program_today t = { 0 };
		if (start <= today && mb_program_today_load(&t, store, today) == 0 && t.active) {
			printf("Today: ");
			for (size_t i = 0; i < t.plan.routines_len; i++)
				printf("%s%s", i ? ", " : "", t.plan.routines[i]);
			printf(", %g minutes a break; 'movebreak now' starts with %s\n",
				t.plan.minutes,
				t.next_installed ? t.plan.routines[t.next] :
						   "the settings' routine");
		}
		mb_program_today_finish(&t);
	}
	return MB_EXIT_OK;
fail:
	fprintf(stderr, "movebreak challenge start: %s\n",
		mb_cli_history_error(store, r, why, sizeof(why)));
	return MB_EXIT_FAILURE;
}

/* Write the summary of every challenge that ended since it was last looked at. */
static int keep_summaries(struct mb_store *store, int64_t today, struct mb_challenge_record **all,
	size_t *len)
{
	int r = mb_store_challenges(store, all, len);
	for (size_t i = 0; r >= 0 && i < *len; i++) {
		struct mb_challenge_record *rec = &(*all)[i];
		struct mb_challenge c;
		if (rec->summary[0] || mb_challenge_from_record(rec, &c) < 0 ||
			today - c.start_day < (int64_t)c.days)
			continue;
		struct mb_challenge_status st;
		r = mb_challenge_load_status(store, &c, today, &st, NULL, NULL);
		if (r < 0)
			break;
		mb_challenge_summary(&c, &st, rec->summary, sizeof(rec->summary));
		r = mb_store_challenge_update(store, rec);
	}
	return r < 0 ? r : 0;
}

/* Whether routine i of today's plan was completed today: a name given twice needs two. */
static bool plan_done(const struct mb_program_today *t, size_t i)
{
	size_t before = 0, got = 0;
	for (size_t j = 0; j < i; j++)
		before += strcmp(t->plan.routines[j], t->plan.routines[i]) == 0;
	for (size_t j = 0; j < t->done_len; j++)
		got += strcmp(t->done[j], t->plan.routines[i]) == 0;
	return got > before;
}

static void print_today_json(const struct mb_program_today *t)
{
	fputs(",\"program\":", stdout);
	mb_json_string(stdout, t->name[0] ? t->name : NULL);
	fputs(",\"today\":", stdout);
	if (!t->active) {
		fputs("null", stdout);
		return;
	}
	printf("{\"day\":%u,\"minutes\":%g,\"routines\":[", t->day, t->plan.minutes);
	for (size_t i = 0; i < t->plan.routines_len; i++) {
		printf("%s{\"name\":", i ? "," : "");
		mb_json_string(stdout, t->plan.routines[i]);
		printf(",\"done\":%s,\"installed\":%s}", plan_done(t, i) ? "true" : "false",
			mb_catalog_exists(t->plan.routines[i]) ? "true" : "false");
	}
	fputs("],\"next\":", stdout);
	mb_json_string(stdout, t->next_installed ? t->plan.routines[t->next] : NULL);
	fputs(",\"done\":[", stdout);
	for (size_t i = 0; i < t->done_len; i++) {
		if (i)
			fputc(',', stdout);
		mb_json_string(stdout, t->done[i]);
	}
	fputs("]}", stdout);
}

static void print_today_text(const struct mb_program_today *t)
{
	char name[MB_TEXT_PRINTABLE_SIZE(64)];
	printf("Program: %s\n", mb_text_printable(t->name, name, sizeof(name)));
	if (t->problem[0])
		printf("Note: %s\n", t->problem);
	if (!t->active)
		return;
	printf("Today's plan (day %u of %u), %g minutes a break:\n", t->day, t->days,
		t->plan.minutes);
	for (size_t i = 0; i < t->plan.routines_len; i++) {
		bool done = plan_done(t, i), next = t->next_installed && i == t->next;
		printf("  %-5s %s%s\n",
			done         ? "done" :
				next ? "next" :
				       "",
			mb_text_printable(t->plan.routines[i], name, sizeof(name)),
			mb_catalog_exists(t->plan.routines[i]) ? "" : " (not installed)");
	}
	if (t->next_installed && plan_done(t, t->next))
		printf("Every routine of the day is done; the next break starts the day over with "
		       "%s.\n",
			mb_text_printable(t->plan.routines[t->next], name, sizeof(name)));
	printf("Done today:");
	for (size_t i = 0; i < t->done_len; i++)
		printf("%s %s", i ? "," : "", mb_text_printable(t->done[i], name, sizeof(name)));
	printf("%s\n", t->done_len ? "" : " nothing yet");
}

static void print_status_json(const struct mb_challenge_record *rec, const struct mb_challenge *c,
	const struct mb_challenge_status *st, const unsigned *done, size_t ndone,
	const struct mb_program_today *t)
{
	/* Dates from the day numbers: the stored text was checked, but only these are ours. */
	char first[16], date[16];
	mb_date_format(c->start_day, first, sizeof(first));
	mb_date_format(c->start_day + c->days - 1, date, sizeof(date));
	printf("{\"challenge\":{\"id\":%" PRId64 ",\"start_date\":\"%s\",\"end_date\":\"%s\","
	       "\"days\":%u,\"goal\":%u,\"state\":\"%s\",\"day\":%u,\"starts_in_days\":%" PRId64
	       ",\"today_done\":%u,\"today_met\":%s,\"days_met\":%u,\"days_missed\":%u,"
	       "\"current_streak\":%u,\"best_streak\":%u,\"summary\":",
		rec->id, first, date, c->days, c->goal, phase_names[st->phase], st->day,
		st->starts_in, st->today_done, st->today_met ? "true" : "false", st->days_met,
		st->days_missed, st->current_streak, st->best_streak);
	mb_json_string(stdout, rec->summary[0] ? rec->summary : NULL);
	print_today_json(t);
	fputs(",\"calendar\":[", stdout);
	for (size_t i = 0; i < ndone; i++) {
		mb_date_format(c->start_day + (int64_t)i, date, sizeof(date));
		printf("%s{\"date\":\"%s\",\"movement_done\":%u,\"goal_met\":%s}", i ? "," : "",
			date, done[i], done[i] >= c->goal ? "true" : "false");
	}
	fputs("]}}\n", stdout);
}

static void print_status_text(const struct mb_challenge_record *rec, const struct mb_challenge *c,
	const struct mb_challenge_status *st, const unsigned *done, size_t ndone,
	const struct mb_program_today *t)
{
	char first[16], last[16];
	mb_date_format(c->start_day, first, sizeof(first));
	mb_date_format(c->start_day + c->days - 1, last, sizeof(last));
	printf("Challenge: %u days from %s to %s, %u movement break%s a day\n", c->days, first,
		last, c->goal, c->goal == 1 ? "" : "s");
	switch (st->phase) {
	case MB_CHALLENGE_UPCOMING:
		printf("Starts in %" PRId64 " day%s.\n", st->starts_in,
			st->starts_in == 1 ? "" : "s");
		return;
	case MB_CHALLENGE_RUNNING:
		printf("Day %u of %u: %u of %u breaks done today%s\n", st->day, c->days,
			st->today_done, c->goal, st->today_met ? ", goal met" : "");
		break;
	case MB_CHALLENGE_ENDED:
		printf("Ended on %s.\n", last);
		break;
	case MB_CHALLENGE_STOPPED:
		printf("Stopped on day %u.\n", st->day);
		break;
	}
	if (rec->program[0] && st->phase == MB_CHALLENGE_RUNNING)
		print_today_text(t);
	else if (rec->program[0])
		printf("Program: %s\n", rec->program);
	printf("Days met %u, missed %u; streak %u day%s, best %u\n", st->days_met, st->days_missed,
		st->current_streak, st->current_streak == 1 ? "" : "s", st->best_streak);
	char summary[MB_TEXT_PRINTABLE_SIZE(sizeof(rec->summary))];
	if (rec->summary[0])
		printf("Summary: %s\n", mb_text_printable(rec->summary, summary, sizeof(summary)));
	fputc('\n', stdout);
	struct mb_render_style style;
	mb_render_style_detect(&style, stdout);
	mb_render_calendar(stdout, &style, c->start_day, c->days, done, ndone, c->goal);
}

static int cmd_status(struct mb_store *store, const struct options *o, int64_t today)
{
	char why[512];
	struct mb_challenge_record *all = NULL;
	size_t len = 0;
	int r = keep_summaries(store, today, &all, &len);
	if (r < 0) {
		free(all);
		fprintf(stderr, "movebreak challenge status: %s\n",
			mb_cli_history_error(store, r, why, sizeof(why)));
		return MB_EXIT_FAILURE;
	}
	/* The current challenge, else the latest one, to show how it went. */
	struct mb_challenge_record rec;
	struct mb_challenge c;
	r = mb_challenge_find_current(store, today, &rec, &c);
	if (r == 0 && len > 0) {
		rec = all[len - 1];
		r = mb_challenge_from_record(&rec, &c) == 0 ? 1 : 0;
	}
	free(all);
	if (r < 0) {
		fprintf(stderr, "movebreak challenge status: %s\n",
			mb_cli_history_error(store, r, why, sizeof(why)));
		return MB_EXIT_FAILURE;
	}
	if (r == 0) {
		if (o->json)
			puts("{\"challenge\":null}");
		else
			puts("No challenge yet; start one with 'movebreak challenge start'.");
		return MB_EXIT_OK;
	}
	struct mb_challenge_status st;
	unsigned *done = NULL;
	size_t ndone = 0;
	r = mb_challenge_load_status(store, &c, today, &st, &done, &ndone);
	if (r < 0) {
		fprintf(stderr, "movebreak challenge status: %s\n",
			mb_cli_history_error(store, r, why, sizeof(why)));
		return MB_EXIT_FAILURE;
	}
	/* Today's plan, only for the challenge under way: an ended one has no today. */
	struct mb_program_today t = { 0 };
	if (st.phase == MB_CHALLENGE_RUNNING)
		r = mb_program_today_load(&t, store, today);
	if (r < 0) {
		fprintf(stderr, "movebreak challenge status: %s\n",
			mb_cli_history_error(store, r, why, sizeof(why)));
		free(done);
		return MB_EXIT_FAILURE;
	}
	snprintf(t.name, sizeof(t.name), "%s", rec.program);
	if (o->json)
		print_status_json(&rec, &c, &st, done, ndone, &t);
	else
		print_status_text(&rec, &c, &st, done, ndone, &t);
	mb_program_today_finish(&t);
	free(done);
	return MB_EXIT_OK;
}

static int cmd_stop(struct mb_store *store, int64_t today, int64_t now_us)
{
	char why[512];
	struct mb_challenge_record rec;
	struct mb_challenge c;
	int r = mb_challenge_find_current(store, today, &rec, &c);
	if (r == 0) {
		fprintf(stderr, "movebreak challenge stop: no challenge is under way\n");
		return MB_EXIT_FAILURE;
	}
	if (r > 0)
		r = stop_challenge(store, &rec, today, now_us);
	if (r < 0) {
		fprintf(stderr, "movebreak challenge stop: %s\n",
			mb_cli_history_error(store, r, why, sizeof(why)));
		return MB_EXIT_FAILURE;
	}
	char summary[MB_TEXT_PRINTABLE_SIZE(sizeof(rec.summary))];
	printf("Stopped: %s\n", mb_text_printable(rec.summary, summary, sizeof(summary)));
	return MB_EXIT_OK;
}

int mb_cmd_challenge(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? MB_EXIT_USAGE : MB_EXIT_OK;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "start") != 0 && strcmp(sub, "status") != 0 && strcmp(sub, "stop") != 0) {
		fprintf(stderr,
			"movebreak challenge: unknown subcommand '%s' (start, status or "
			"stop)\n",
			sub);
		return MB_EXIT_USAGE;
	}
	struct options o = {
		.days = MB_CHALLENGE_DAYS_DEFAULT,
		.goal = MB_CHALLENGE_GOAL_DEFAULT,
	};
	int code = parse_options(argc - 1, argv + 1, sub, &o);
	if (code >= 0)
		return code;

	char err[512];
	int64_t today, now_us;
	if (mb_stats_now(&today, &now_us, err, sizeof(err)) < 0) {
		fprintf(stderr, "movebreak challenge: %s\n", err);
		return MB_EXIT_USAGE;
	}
	struct mb_store *store = mb_cli_history_open("challenge", err, sizeof(err));
	if (!store) {
		fprintf(stderr, "movebreak challenge: %s\n", err);
		return MB_EXIT_FAILURE;
	}
	if (strcmp(sub, "start") == 0)
		code = cmd_start(store, &o, today, now_us);
	else if (strcmp(sub, "status") == 0)
		code = cmd_status(store, &o, today);
	else
		code = cmd_stop(store, today, now_us);
	mb_store_destroy(store);
	if (fflush(stdout) != 0)
		code = MB_EXIT_FAILURE;
	return code;
}

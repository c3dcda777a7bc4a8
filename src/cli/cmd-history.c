/* `movebreak history`: the recorded breaks, newest first, one line each or row by row. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/history.h"
#include "core/episode.h"
#include "core/text.h"
#include "parse/history-json.h"
#include "parse/json.h"
#include "platform/store.h"

#define DEFAULT_LIMIT 20
#define MAX_LIMIT 100000

static const char usage[] =
	"Usage: movebreak history [--all] [--limit N] [--json]\n"
	"\n"
	"List the most recent breaks, newest first, one line each: when, which\n"
	"routine, whether a movement break or a micro-reset, the time spent moving,\n"
	"how many exercises were done, what started it and what happened: a prompt,\n"
	"its postpones and how it ended fold into one line (\"postponed twice, then\n"
	"completed\").\n"
	"\n"
	"      --all       list every row as recorded instead: each prompt, postpone,\n"
	"                  start and end on a line of its own\n"
	"      --limit N   show at most N breaks, or N rows with --all (default 20)\n"
	"      --json      print one JSON array instead of a table\n"
	"  -h, --help      show this help\n";

/* Long-only options get values outside the characters, so optopt never reads as a short one. */
enum {
	OPT_ALL = 256,
	OPT_LIMIT,
	OPT_JSON,
};

/* Write microseconds since the epoch as local time; iso adds seconds and the UTC offset. */
static const char *format_local(int64_t us, bool iso, char *buf, size_t len)
{
	/* Floor, so times before the epoch do not round toward it. */
	time_t t = (time_t)(us / 1000000 - (us % 1000000 < 0));
	struct tm tm;
	if (!localtime_r(&t, &tm)) {
		snprintf(buf, len, "?");
		return buf;
	}
	if (!iso) {
		strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
		return buf;
	}
	/* strftime's %z has no colon; ISO 8601's extended form wants +hh:mm. */
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	off = labs(off);
	char date[32];
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s%c%02ld:%02ld", date, sign, off / 3600, off / 60 % 60);
	return buf;
}

/* mm:ss of us, rounded to the second; 0 for a negative time. */
static const char *format_active(int64_t us, char *buf, size_t len)
{
	int64_t s = us > 0 ? (us + 500000) / 1000000 : 0;
	snprintf(buf, len, "%02" PRId64 ":%02d", s / 60, (int)(s % 60));
	return buf;
}

/* --all --json: every row as stored. */
static void print_rows_json(const struct mb_break_record *records, size_t len, FILE *out)
{
	char when[64];
	fputc('[', out);
	for (size_t i = 0; i < len; i++) {
		const struct mb_break_record *r = &records[i];
		fprintf(out, "%s{\"id\":%" PRId64 ",\"start\":", i ? "," : "", r->id);
		mb_json_string(out, format_local(r->start_us, true, when, sizeof(when)));
		/* A row written while the clock was set back ends where its active time does. */
		fputs(",\"end\":", out);
		mb_json_string(out,
			format_local(mb_history_break_end(r), true, when, sizeof(when)));
		fputs(",\"routine\":", out);
		mb_json_string(out, r->routine);
		fprintf(out, ",\"kind\":\"%s\"", mb_break_kind_name(r->kind));
		fprintf(out,
			",\"exercises_done\":%u,\"exercises_total\":%u,"
			"\"outcome\":\"%s\",\"source\":\"%s\",\"active_s\":",
			r->exercises_done, r->exercises_total, mb_outcome_name(r->outcome),
			mb_source_name(r->source));
		mb_json_seconds(out, r->active_us);
		fputs(",\"planned_s\":", out);
		mb_json_seconds(out, r->planned_us);
		fputs(r->demo ? ",\"demo\":true}" : "}", out);
	}
	fputs("]\n", out);
}

/* --all: every row as stored. */
static void print_rows_table(const struct mb_break_record *records, size_t len, FILE *out)
{
	if (len == 0) {
		fputs("No breaks recorded yet.\n", out);
		return;
	}
	fprintf(out, "%-16s  %-16s  %-8s  %6s  %-15s  %-9s  %s\n", "When", "Routine", "Kind",
		"Active", "Exercises", "Outcome", "Source");
	for (size_t i = 0; i < len; i++) {
		const struct mb_break_record *r = &records[i];
		char when[64], active[32], done[40], source[24];
		char routine[MB_TEXT_PRINTABLE_SIZE(sizeof(r->routine))];
		format_active(r->active_us, active, sizeof(active));
		snprintf(source, sizeof(source), "%s%s", mb_source_name(r->source),
			r->demo ? ", demo" : "");
		snprintf(done, sizeof(done), "%u/%u exercises", r->exercises_done,
			r->exercises_total);
		fprintf(out, "%-16s  %-16s  %-8s  %6s  %-15s  %-9s  %s\n",
			format_local(r->start_us, false, when, sizeof(when)),
			r->outcome == MB_OUTCOME_NATURAL ?
				"(rest)" :
				mb_text_printable(r->routine, routine, sizeof(routine)),
			mb_break_kind_name(r->kind), active, done, mb_outcome_name(r->outcome),
			source);
	}
}

/* The rows of the newest breaks, oldest first, folded: what the commands print from. */
struct folded {
	struct mb_break_record *rows;
	size_t nrows;
	struct mb_episode *episodes;
	size_t len;
	/* The entry each row went into. */
	size_t *row_episode;
	/* The first entry to show: the newest limit of them are episodes[shown..len). */
	size_t shown;
};

static void folded_finish(struct folded *f)
{
	free(f->rows);
	free(f->episodes);
	free(f->row_episode);
	*f = (struct folded){ 0 };
}

static void reverse(struct mb_break_record *rows, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct mb_break_record r = rows[i];
		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = r;
	}
}

/*
 * Fold the newest rows into the newest limit breaks. The newest rows may
 * begin inside an episode, so more are read, four times as many each time,
 * until the limit newest entries are whole (no older row could change
 * them) or the history has no more. Returns 0 or a negative errno.
 */
static int read_folded(struct mb_store *store, size_t limit, struct folded *f)
{
	*f = (struct folded){ 0 };
	for (size_t fetch = limit * 3 + 16;; fetch = fetch > INT_MAX / 4 ? INT_MAX : fetch * 4) {
		struct mb_break_record *rows = realloc(f->rows, fetch * sizeof(*rows));
		if (!rows)
			return -ENOMEM;
		f->rows = rows;
		int n = mb_store_recent(store, f->rows, fetch);
		if (n < 0)
			return n;
		bool everything = (size_t)n < fetch || fetch == INT_MAX;
		reverse(f->rows, (size_t)n);
		f->nrows = (size_t)n;
		/* One entry a row at most; + 1 so that no history asks for nothing. */
		size_t room = f->nrows + 1;
		struct mb_episode *episodes = realloc(f->episodes, room * sizeof(*episodes));
		if (episodes)
			f->episodes = episodes;
		size_t *row_episode = realloc(f->row_episode, room * sizeof(*row_episode));
		if (row_episode)
			f->row_episode = row_episode;
		if (!episodes || !row_episode)
			return -ENOMEM;
		int len = mb_episode_fold(f->rows, f->nrows, everything, f->episodes, f->nrows,
			f->row_episode);
		if (len < 0)
			return len;
		f->len = (size_t)len;
		f->shown = f->len;
		while (f->shown > 0 && f->len - f->shown < limit && f->episodes[f->shown - 1].whole)
			f->shown--;
		if (everything || f->len - f->shown == limit)
			return 0;
	}
}

/* The break ran, or was skipped: its last row is the coach's or the natural break's. */
static bool ran(const struct mb_episode *e)
{
	return e->outcome == MB_OUTCOME_COMPLETED || e->outcome == MB_OUTCOME_PARTIAL ||
		e->outcome == MB_OUTCOME_SKIPPED || e->outcome == MB_OUTCOME_NATURAL;
}

static void print_folded_json(const struct folded *f, FILE *out)
{
	char when[64], what[96];
	fputc('[', out);
	for (size_t i = f->len; i > f->shown; i--) {
		const struct mb_episode *e = &f->episodes[i - 1];
		const struct mb_break_record *first = &f->rows[e->first], *last = &f->rows[e->last];
		fputs(i < f->len ? ",{\"start\":" : "{\"start\":", out);
		mb_json_string(out, format_local(first->start_us, true, when, sizeof(when)));
		/* A row written while the clock was set back ends where its active time does. */
		fputs(",\"end\":", out);
		mb_json_string(out,
			format_local(mb_history_break_end(last), true, when, sizeof(when)));
		fputs(",\"routine\":", out);
		mb_json_string(out, last->routine);
		fprintf(out, ",\"kind\":\"%s\",\"source\":\"%s\",\"outcome\":\"%s\",\"summary\":",
			mb_break_kind_name(e->kind), mb_source_name(e->source),
			mb_outcome_name(e->outcome));
		mb_json_string(out, mb_episode_describe(e, what, sizeof(what)));
		fprintf(out,
			",\"prompts\":%u,\"postponed\":%u,\"exercises_done\":%u,"
			"\"exercises_total\":%u,\"active_s\":",
			e->prompts, e->postpones, last->exercises_done, last->exercises_total);
		mb_json_seconds(out, ran(e) ? last->active_us : 0);
		fputs(",\"planned_s\":", out);
		mb_json_seconds(out, last->planned_us);
		if (e->demo)
			fputs(",\"demo\":true", out);
		fputs(",\"ids\":[", out);
		const char *sep = "";
		for (size_t r = e->first; r <= e->last; r++) {
			if (f->row_episode[r] != i - 1)
				continue;
			fprintf(out, "%s%" PRId64, sep, f->rows[r].id);
			sep = ",";
		}
		fputs("]}", out);
	}
	fputs("]\n", out);
}

static void print_folded_table(const struct folded *f, FILE *out)
{
	if (f->len == f->shown) {
		fputs("No breaks recorded yet.\n", out);
		return;
	}
	fprintf(out, "%-16s  %-16s  %-8s  %6s  %-15s  %-6s  %s\n", "When", "Routine", "Kind",
		"Active", "Exercises", "Source", "What happened");
	for (size_t i = f->len; i > f->shown; i--) {
		const struct mb_episode *e = &f->episodes[i - 1];
		const struct mb_break_record *first = &f->rows[e->first], *last = &f->rows[e->last];
		char when[64], active[32], done[40], what[96];
		char routine[MB_TEXT_PRINTABLE_SIZE(sizeof(last->routine))];
		if (last->exercises_total > 0)
			snprintf(done, sizeof(done), "%u/%u exercises", last->exercises_done,
				last->exercises_total);
		else
			snprintf(done, sizeof(done), "-");
		fprintf(out, "%-16s  %-16s  %-8s  %6s  %-15s  %-6s  %s\n",
			format_local(first->start_us, false, when, sizeof(when)),
			e->outcome == MB_OUTCOME_NATURAL ?
				"(rest)" :
				mb_text_printable(last->routine, routine, sizeof(routine)),
			mb_break_kind_name(e->kind),
			ran(e) ? format_active(last->active_us, active, sizeof(active)) : "-", done,
			mb_source_name(e->source), mb_episode_describe(e, what, sizeof(what)));
	}
}

/* --all: the newest limit rows as they are stored. Returns 0 or a negative errno. */
static int print_rows(struct mb_store *store, size_t limit, bool json)
{
	struct mb_break_record *records = calloc(limit, sizeof(*records));
	if (!records)
		return -ENOMEM;
	int n = mb_store_recent(store, records, limit);
	if (n >= 0 && json)
		print_rows_json(records, (size_t)n, stdout);
	else if (n >= 0)
		print_rows_table(records, (size_t)n, stdout);
	free(records);
	return n < 0 ? n : 0;
}

/* The newest limit breaks, each a line. Returns 0 or a negative errno. */
static int print_folded(struct mb_store *store, size_t limit, bool json)
{
	struct folded f;
	int r = read_folded(store, limit, &f);
	if (r == 0 && json)
		print_folded_json(&f, stdout);
	else if (r == 0)
		print_folded_table(&f, stdout);
	folded_finish(&f);
	return r;
}

int mb_cmd_history(int argc, char **argv)
{
	static const struct option options[] = {
		{ "all", no_argument, NULL, OPT_ALL },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	long limit = DEFAULT_LIMIT;
	bool json = false, all = false;
	int opt;
	opterr = 0;
	const char *short_options = "+h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case OPT_ALL:
			all = true;
			break;
		case OPT_LIMIT:
			if (!mb_args_int("history", "--limit", optarg, 1, MAX_LIMIT, &limit))
				return MB_EXIT_USAGE;
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("history", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "movebreak history: unexpected argument '%s'\n", argv[optind]);
		return MB_EXIT_USAGE;
	}

	char err[512];
	struct mb_store *store = mb_cli_history_open("history", err, sizeof(err));
	if (!store) {
		fprintf(stderr, "movebreak history: %s\n", err);
		return MB_EXIT_FAILURE;
	}
	int r = all ? print_rows(store, (size_t)limit, json) :
		      print_folded(store, (size_t)limit, json);
	if (r < 0) {
		/* Our own allocations fail without a word from the store. */
		if (r == -ENOMEM && !mb_store_last_error(store)[0])
			snprintf(err, sizeof(err), "out of memory");
		else
			mb_cli_history_error(store, r, err, sizeof(err));
		fprintf(stderr, "movebreak history: %s\n", err);
		mb_store_destroy(store);
		return MB_EXIT_FAILURE;
	}
	mb_store_destroy(store);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

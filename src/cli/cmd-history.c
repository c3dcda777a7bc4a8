/* `movebreak history`: list the recorded breaks, newest first, as a table or JSON. */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/history.h"
#include "core/text.h"
#include "parse/history-json.h"
#include "parse/json.h"
#include "platform/store.h"

#define DEFAULT_LIMIT 20
#define MAX_LIMIT 100000

static const char usage[] =
	"Usage: movebreak history [--limit N] [--json]\n"
	"\n"
	"List the most recent breaks, newest first: when, which routine, whether a\n"
	"movement break or a micro-reset, the time spent moving, how many exercises\n"
	"were done, how it ended and what started it.\n"
	"\n"
	"      --limit N   show at most N breaks (default 20)\n"
	"      --json      print one JSON array instead of a table\n"
	"  -h, --help      show this help\n";

/* Long-only options get values outside the characters, so optopt never reads as a short one. */
enum {
	OPT_LIMIT = 256,
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

static void print_json(const struct mb_break_record *records, size_t len, FILE *out)
{
	char when[64];
	fputc('[', out);
	for (size_t i = 0; i < len; i++) {
		const struct mb_break_record *r = &records[i];
		fprintf(out, "%s{\"id\":%" PRId64 ",\"start\":", i ? "," : "", r->id);
		mb_json_string(out, format_local(r->start_us, true, when, sizeof(when)));
		/* A row written while the clock was set back ends where its active time does. */
		fputs(",\"end\":", out);
		mb_json_string(out, format_local(mb_history_break_end(r), true, when,
			sizeof(when)));
		fputs(",\"routine\":", out);
		mb_json_string(out, r->routine);
		fprintf(out, ",\"kind\":\"%s\"", mb_break_kind_name(r->kind));
		fprintf(out, ",\"exercises_done\":%u,\"exercises_total\":%u,"
			"\"outcome\":\"%s\",\"source\":\"%s\",\"active_s\":",
			r->exercises_done, r->exercises_total, mb_outcome_name(r->outcome),
			mb_source_name(r->source));
		mb_json_seconds(out, r->active_us);
		fputs(",\"planned_s\":", out);
		mb_json_seconds(out, r->planned_us);
		fputc('}', out);
	}
	fputs("]\n", out);
}

static void print_table(const struct mb_break_record *records, size_t len, FILE *out)
{
	if (len == 0) {
		fputs("No breaks recorded yet.\n", out);
		return;
	}
	fprintf(out, "%-16s  %-16s  %-8s  %6s  %-15s  %-9s  %s\n", "When", "Routine", "Kind",
		"Active", "Exercises", "Outcome", "Source");
	for (size_t i = 0; i < len; i++) {
		const struct mb_break_record *r = &records[i];
		char when[64], active[32], done[40];
		char routine[MB_TEXT_PRINTABLE_SIZE(sizeof(r->routine))];
		int64_t s = r->active_us > 0 ? (r->active_us + 500000) / 1000000 : 0;
		snprintf(active, sizeof(active), "%02" PRId64 ":%02d", s / 60, (int)(s % 60));
		snprintf(done, sizeof(done), "%u/%u exercises", r->exercises_done,
			r->exercises_total);
		fprintf(out, "%-16s  %-16s  %-8s  %6s  %-15s  %-9s  %s\n",
			format_local(r->start_us, false, when, sizeof(when)),
			r->outcome == MB_OUTCOME_NATURAL ? "(rest)" :
				mb_text_printable(r->routine, routine, sizeof(routine)),
			mb_break_kind_name(r->kind), active, done, mb_outcome_name(r->outcome),
			mb_source_name(r->source));
	}
}

int mb_cmd_history(int argc, char **argv)
{
	static const struct option options[] = {
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	long limit = DEFAULT_LIMIT;
	bool json = false;
	int opt;
	opterr = 0;
	const char *short_options = "+h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
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

	struct mb_break_record *records = calloc((size_t)limit, sizeof(*records));
	if (!records) {
		fprintf(stderr, "movebreak history: out of memory\n");
		return MB_EXIT_FAILURE;
	}
	char err[512];
	struct mb_store *store = mb_cli_history_open("history", err, sizeof(err));
	if (!store) {
		fprintf(stderr, "movebreak history: %s\n", err);
		free(records);
		return MB_EXIT_FAILURE;
	}
	int n = mb_store_recent(store, records, (size_t)limit);
	if (n < 0) {
		fprintf(stderr, "movebreak history: %s\n",
			mb_cli_history_error(store, n, err, sizeof(err)));
		mb_store_destroy(store);
		free(records);
		return MB_EXIT_FAILURE;
	}
	mb_store_destroy(store);
	if (json)
		print_json(records, (size_t)n, stdout);
	else
		print_table(records, (size_t)n, stdout);
	free(records);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

/* `movebreak import FILE`: merge an export into the history, all or nothing, without duplicates. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/history.h"
#include "app/readfile.h"
#include "app/stats-data.h"
#include "core/text.h"
#include "parse/history-json.h"
#include "platform/store.h"

static const char usage[] =
	"Usage: movebreak import FILE|-\n"
	"\n"
	"Add the breaks, stretches of activity and challenges of FILE, written by\n"
	"'movebreak export', to the history. Records already there are left out, so\n"
	"importing the same file again changes nothing. A file with any problem is\n"
	"refused whole (FILE:LINE:COLUMN: what is wrong, exit 2) and the history is\n"
	"left as it was. A break whose end came before its start (the clock was set\n"
	"back while it ran) is imported with its end taken as its start plus its\n"
	"active time, and named in a warning. FILE - reads the export from standard\n"
	"input.\n"
	"\n"
	"  -h, --help      show this help\n";

/* A refusal: FILE:LINE:COLUMN: message, shown so that nothing in it reaches the terminal raw. */
static int refuse(const char *path, const struct mb_diag *diag)
{
	char shown[MB_TEXT_PRINTABLE_SIZE(sizeof(diag->message))];
	mb_text_printable(diag->message, shown, sizeof(shown));
	if (diag->line > 0)
		fprintf(stderr, "%s:%d:%d: %s\n", path, diag->line, diag->column, shown);
	else
		fprintf(stderr, "%s: %s\n", path, shown);
	fprintf(stderr, "movebreak import: nothing was imported\n");
	return MB_EXIT_USAGE;
}

static void warn_repairs(const char *path, const struct mb_history_json *doc)
{
	for (size_t i = 0; i < doc->repairs_len; i++) {
		const struct mb_history_json_repair *rep = &doc->repairs[i];
		fprintf(stderr,
			"%s:%d:%d: breaks[%zu]: %s (the clock was set back during the "
			"break); end taken as start + active time\n",
			path, rep->line, rep->column, rep->index,
			rep->before_start ? "end before start" : "shorter than its active time");
	}
}

/*
 * A break stored while the clock was set back keeps its row as it was
 * written, and an import elsewhere repairs it; the file's row, repaired or
 * as another history repaired it, is then that stored break: leave it out,
 * so that importing into the history a file came from changes nothing.
 * Returns how many were left out, or a negative errno.
 */
static int drop_stored_repairs(struct mb_store *store, struct mb_store_bundle *b)
{
	if (b->breaks_len == 0)
		return 0;
	int64_t from = INT64_MAX, last = INT64_MIN;
	for (size_t i = 0; i < b->breaks_len; i++) {
		if (b->breaks[i].start_us < from)
			from = b->breaks[i].start_us;
		if (b->breaks[i].start_us > last)
			last = b->breaks[i].start_us;
	}
	struct mb_break_record *rows = NULL;
	size_t n = 0, repaired = 0;
	int r = mb_store_breaks_between(store, from, last < INT64_MAX ? last + 1 : last, &rows, &n);
	if (r < 0)
		return r;
	for (size_t k = 0; k < n; k++) {
		if (!mb_history_break_clock_set_back(&rows[k]))
			continue;
		rows[repaired] = rows[k];
		rows[repaired++].end_us = mb_history_break_end(&rows[k]);
	}
	size_t kept = b->breaks_len;
	if (repaired > 0) {
		qsort(rows, repaired, sizeof(*rows), mb_history_break_cmp);
		kept = 0;
		for (size_t i = 0; i < b->breaks_len; i++)
			if (!bsearch(&b->breaks[i], rows, repaired, sizeof(*rows),
				    mb_history_break_cmp))
				b->breaks[kept++] = b->breaks[i];
	}
	free(rows);
	int dropped = (int)(b->breaks_len - kept);
	b->breaks_len = kept;
	return dropped;
}

int mb_cmd_import(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int opt;
	opterr = 0;
	const char *short_options = "+h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("import", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr,
			argc - optind == 0 ? "movebreak import: which file? %s" :
					     "movebreak import: one file at a time\n%s",
			usage);
		return MB_EXIT_USAGE;
	}
	const char *arg = argv[optind];
	bool from_stdin = strcmp(arg, "-") == 0;
	char path[MB_TEXT_PRINTABLE_SIZE(512)];
	mb_text_printable(from_stdin ? "<stdin>" : arg, path, sizeof(path));

	char *buf = NULL;
	size_t len = 0;
	int r = from_stdin ? mb_read_fd(STDIN_FILENO, MB_HISTORY_JSON_MAX_BYTES, &buf, &len) :
			     mb_read_file(arg, MB_HISTORY_JSON_MAX_BYTES, &buf, &len);
	if (r == -EFBIG) {
		fprintf(stderr, "movebreak import: %s: larger than %u MiB; not an export\n", path,
			MB_HISTORY_JSON_MAX_BYTES >> 20);
		return MB_EXIT_USAGE;
	}
	if (r < 0) {
		fprintf(stderr, "movebreak import: %s: %s\n", path, strerror(-r));
		return r == -ENOMEM ? MB_EXIT_FAILURE : MB_EXIT_USAGE;
	}
	/* Everything the file says about itself is checked before the history is even opened. */
	struct mb_history_json doc;
	struct mb_diag diag;
	int64_t today = 0, now_us = 0;
	char err[512];
	int rc = MB_EXIT_OK;
	r = mb_history_json_parse(buf, len, &doc, &diag);
	if (r == -EINVAL) {
		rc = refuse(path, &diag);
		goto out;
	}
	if (r < 0) {
		fprintf(stderr, "movebreak import: %s: %s\n", path, strerror(-r));
		rc = MB_EXIT_FAILURE;
		goto out;
	}
	if (mb_stats_now(&today, &now_us, err, sizeof(err)) < 0) {
		fprintf(stderr, "movebreak import: %s\n", err);
		rc = MB_EXIT_USAGE;
		goto out;
	}
	if (mb_history_json_check_challenges(buf, len, &doc, today, NULL, 0, &diag) < 0) {
		rc = refuse(path, &diag);
		goto out;
	}

	struct mb_store *store = mb_cli_history_open("import", err, sizeof(err));
	if (!store) {
		fprintf(stderr, "movebreak import: %s\n", err);
		rc = MB_EXIT_FAILURE;
		goto out;
	}
	/* What is there already: a challenge under way, and the rows of repaired breaks. */
	struct mb_challenge_record *stored = NULL;
	size_t stored_len = 0;
	size_t total = doc.bundle.breaks_len + doc.bundle.activity_len + doc.bundle.challenges_len;
	r = mb_store_challenges(store, &stored, &stored_len);
	if (r >= 0 &&
		mb_history_json_check_challenges(buf, len, &doc, today, stored, stored_len, &diag) <
			0) {
		free(stored);
		mb_store_destroy(store);
		rc = refuse(path, &diag);
		goto out;
	}
	free(stored);
	if (r >= 0)
		r = drop_stored_repairs(store, &doc.bundle);
	if (r >= 0) {
		warn_repairs(path, &doc);
		r = mb_store_import(store, &doc.bundle);
	}
	char why[512] = "";
	if (r < 0)
		mb_cli_history_error(store, r, why, sizeof(why));
	mb_store_destroy(store);
	if (r < 0) {
		fprintf(stderr, "movebreak import: nothing was imported: %s\n", why);
		rc = MB_EXIT_FAILURE;
		goto out;
	}

	printf("Imported %d of %zu records from %s; %zu were already there", r, total, path,
		total - (size_t)r);
	if (doc.repairs_len > 0)
		printf("; %zu break%s repaired (the clock was set back during %s)", doc.repairs_len,
			doc.repairs_len == 1 ? "" : "s", doc.repairs_len == 1 ? "it" : "them");
	puts(".");
	if (fflush(stdout) != 0)
		rc = MB_EXIT_FAILURE;
out:
	free(buf);
	mb_history_json_finish(&doc);
	return rc;
}

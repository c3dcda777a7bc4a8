/* `movebreak import FILE`: merge an export into the history, all or nothing, without duplicates. */
#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/history-json.h"
#include "cli/history.h"
#include "cli/readfile.h"
#include "platform/store.h"

static const char usage[] =
	"Usage: movebreak import FILE|-\n"
	"\n"
	"Add the breaks, stretches of activity and challenges of FILE, written by\n"
	"'movebreak export', to the history. Records already there are left out, so\n"
	"importing the same file again changes nothing. A file with any problem is\n"
	"refused whole (FILE:LINE:COLUMN: what is wrong, exit 2) and the history is\n"
	"left as it was. FILE - reads the export from standard input.\n"
	"\n"
	"  -h, --help      show this help\n";

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
		fprintf(stderr, argc - optind == 0 ? "movebreak import: which file? %s" :
			"movebreak import: one file at a time\n%s", usage);
		return MB_EXIT_USAGE;
	}
	const char *path = argv[optind];
	bool from_stdin = strcmp(path, "-") == 0;

	char *buf = NULL;
	size_t len = 0;
	int r = from_stdin ? mb_read_fd(STDIN_FILENO, MB_HISTORY_JSON_MAX_BYTES, &buf, &len) :
		mb_read_file(path, MB_HISTORY_JSON_MAX_BYTES, &buf, &len);
	if (from_stdin)
		path = "<stdin>";
	if (r == -EFBIG) {
		fprintf(stderr, "movebreak import: %s: larger than %u MiB; not an export\n", path,
			MB_HISTORY_JSON_MAX_BYTES >> 20);
		return MB_EXIT_USAGE;
	}
	if (r < 0) {
		fprintf(stderr, "movebreak import: %s: %s\n", path, strerror(-r));
		return r == -ENOMEM ? MB_EXIT_FAILURE : MB_EXIT_USAGE;
	}
	/* Everything is checked before the history is even opened. */
	struct mb_store_bundle bundle;
	struct mb_diag diag;
	r = mb_history_json_parse(buf, len, &bundle, &diag);
	free(buf);
	if (r == -EINVAL) {
		if (diag.line > 0)
			fprintf(stderr, "%s:%d:%d: %s\n", path, diag.line, diag.column, diag.message);
		else
			fprintf(stderr, "%s: %s\n", path, diag.message);
		fprintf(stderr, "movebreak import: nothing was imported\n");
		return MB_EXIT_USAGE;
	}
	if (r < 0) {
		fprintf(stderr, "movebreak import: %s: %s\n", path, strerror(-r));
		return MB_EXIT_FAILURE;
	}

	char err[512];
	struct mb_store *store = mb_cli_history_open("import", err, sizeof(err));
	if (!store) {
		fprintf(stderr, "movebreak import: %s\n", err);
		mb_history_json_bundle_free(&bundle);
		return MB_EXIT_FAILURE;
	}
	size_t total = bundle.breaks_len + bundle.activity_len + bundle.challenges_len;
	r = mb_store_import(store, &bundle);
	mb_store_destroy(store);
	mb_history_json_bundle_free(&bundle);
	if (r < 0) {
		fprintf(stderr, "movebreak import: cannot write the history, nothing was imported: "
			"%s\n", strerror(-r));
		return MB_EXIT_FAILURE;
	}
	printf("Imported %d of %zu records from %s; %zu were already there.\n", r, total, path,
		total - (size_t)r);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

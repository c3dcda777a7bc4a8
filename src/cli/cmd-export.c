/* `movebreak export`: the whole history as one JSON document on standard output. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/history.h"
#include "parse/history-json.h"
#include "platform/store.h"

static const char usage[] =
	"Usage: movebreak export [--json]\n"
	"\n"
	"Write the whole history (breaks, stretches of activity, challenges) to standard\n"
	"output as one JSON document, oldest first, for a backup or another machine;\n"
	"'movebreak import FILE' reads it back. Times are microseconds since the epoch\n"
	"(*_us) with ISO 8601 UTC copies beside them.\n"
	"\n"
	"      --json      JSON, the only format (the default)\n"
	"  -h, --help      show this help\n";

enum {
	OPT_JSON = 256,
};

int mb_cmd_export(int argc, char **argv)
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
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("export", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "movebreak export: unexpected argument '%s'\n", argv[optind]);
		return MB_EXIT_USAGE;
	}

	char err[512];
	struct mb_store *store = mb_cli_history_open("export", err, sizeof(err));
	if (!store) {
		fprintf(stderr, "movebreak export: %s\n", err);
		return MB_EXIT_FAILURE;
	}
	struct mb_store_bundle b = { 0 };
	int r = mb_store_breaks_between(store, INT64_MIN, INT64_MAX, &b.breaks, &b.breaks_len);
	if (r >= 0)
		r = mb_store_activity_between(store, INT64_MIN, INT64_MAX, &b.activity,
			&b.activity_len);
	if (r >= 0)
		r = mb_store_challenges(store, &b.challenges, &b.challenges_len);
	if (r < 0)
		fprintf(stderr, "movebreak export: %s\n",
			mb_cli_history_error(store, r, err, sizeof(err)));
	mb_store_destroy(store);
	if (r < 0) {
		free(b.breaks);
		free(b.activity);
		free(b.challenges);
		return MB_EXIT_FAILURE;
	}
	r = mb_history_json_write(stdout, &b);
	free(b.breaks);
	free(b.activity);
	free(b.challenges);
	if (r < 0 || fflush(stdout) != 0) {
		fprintf(stderr, "movebreak export: cannot write the export: %s\n", strerror(EIO));
		return MB_EXIT_FAILURE;
	}
	return MB_EXIT_OK;
}

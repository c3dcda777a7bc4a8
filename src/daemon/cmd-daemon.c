/* `movebreak daemon`: the options of the process the user service runs; the rest is src/daemon. */
#include <getopt.h>
#include <stdio.h>

#include "app/args.h"
#include "app/commands.h"
#include "daemon/daemon.h"

static const char usage[] =
	"Usage: movebreak daemon [--config FILE] [--backend NAME]\n"
	"\n"
	"Run all day: count active time from the desktop's keyboard and mouse\n"
	"activity, offer breaks when they fall due, and answer 'movebreak status',\n"
	"'pause', 'resume', 'break', 'postpone' and 'skip' on the session bus.\n"
	"\n"
	"  -c, --config FILE    settings to use (default: your config.ini, if any)\n"
	"  -b, --backend NAME   activity source: x11, mutter, wayland, logind or none\n"
	"                       (default: the first that works here, in that order)\n"
	"  -h, --help           show this help\n"
	"\n"
	"SIGHUP reloads the settings; SIGTERM and SIGINT stop the daemon.\n";

int mb_cmd_daemon(int argc, char **argv)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "backend", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct mb_daemon_options opts = { 0 };
	int opt;
	opterr = 0;
	const char *short_options = "+c:b:h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			opts.config_path = optarg;
			break;
		case 'b':
			opts.backend = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("daemon", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "movebreak daemon: unexpected argument '%s'\n", argv[optind]);
		return MB_EXIT_USAGE;
	}
	return mb_daemon_run(&opts);
}

/* The options of `movebreak now`, one table and one parser for every program that reads them. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/args.h"
#include "app/exit.h"
#include "app/now-options.h"

enum {
	OPT_MINUTES = 'm',
	OPT_HELP = 'h',
	OPT_TIME_SCALE = 256,
	OPT_PLAIN,
	OPT_NO_RECORD,
	OPT_GUI,
	OPT_FULLSCREEN,
	OPT_FROM_PROMPT,
	OPT_VOICE,
	OPT_VOICE_LANGUAGE,
	OPT_VOICE_OUT,
	OPT_QUIET,
};

static const struct option options[] = {
	{ "minutes", required_argument, NULL, OPT_MINUTES },
	{ "time-scale", required_argument, NULL, OPT_TIME_SCALE },
	{ "plain", no_argument, NULL, OPT_PLAIN },
	{ "no-record", no_argument, NULL, OPT_NO_RECORD },
	{ "gui", no_argument, NULL, OPT_GUI },
	{ "fullscreen", no_argument, NULL, OPT_FULLSCREEN },
	{ "from-prompt", no_argument, NULL, OPT_FROM_PROMPT },
	{ "voice", optional_argument, NULL, OPT_VOICE },
	{ "voice-language", required_argument, NULL, OPT_VOICE_LANGUAGE },
	{ "voice-out", required_argument, NULL, OPT_VOICE_OUT },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "help", no_argument, NULL, OPT_HELP },
	{ 0 },
};

int mb_now_request_parse(int argc, char **argv, struct mb_now_request *req)
{
	static const char short_options[] = "m:h";
	*req = (struct mb_now_request){ .time_scale = 1.0 };
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case OPT_MINUTES:
			if (!mb_args_number("now", "--minutes", optarg, 120, &req->minutes))
				return MB_EXIT_USAGE;
			break;
		case OPT_TIME_SCALE:
			if (!mb_args_number("now", "--time-scale", optarg, 10000, &req->time_scale))
				return MB_EXIT_USAGE;
			break;
		case OPT_PLAIN:
			req->plain = true;
			break;
		case OPT_NO_RECORD:
			req->no_record = true;
			break;
		case OPT_GUI:
			req->gui = true;
			break;
		case OPT_FULLSCREEN:
			req->fullscreen = true;
			break;
		case OPT_FROM_PROMPT:
			req->from_prompt = true;
			break;
		case OPT_VOICE:
			req->voice = true;
			if (optarg)
				req->voice_name = optarg;
			break;
		case OPT_VOICE_LANGUAGE:
			req->voice_language = optarg;
			break;
		case OPT_VOICE_OUT:
			req->voice_out = optarg;
			break;
		case OPT_QUIET:
			req->quiet = true;
			break;
		case OPT_HELP:
			req->help = true;
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("now", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "movebreak now: unexpected argument '%s'\n", argv[optind + 1]);
		return MB_EXIT_USAGE;
	}
	req->routine_named = optind < argc;
	req->routine = optind < argc ? argv[optind] : getenv("MOVEBREAK_ROUTINE");
	if (req->routine && !req->routine[0])
		req->routine = NULL;
	return -1;
}

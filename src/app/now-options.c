/* The options of `movebreak now`, one table for every program that reads them. */
#include <stddef.h>

#include "app/now-options.h"

const struct option mb_now_options[] = {
	{ "minutes", required_argument, NULL, MB_NOW_OPT_MINUTES },
	{ "time-scale", required_argument, NULL, MB_NOW_OPT_TIME_SCALE },
	{ "plain", no_argument, NULL, MB_NOW_OPT_PLAIN },
	{ "no-record", no_argument, NULL, MB_NOW_OPT_NO_RECORD },
	{ "gui", no_argument, NULL, MB_NOW_OPT_GUI },
	{ "fullscreen", no_argument, NULL, MB_NOW_OPT_FULLSCREEN },
	{ "from-prompt", no_argument, NULL, MB_NOW_OPT_FROM_PROMPT },
	{ "voice", optional_argument, NULL, MB_NOW_OPT_VOICE },
	{ "voice-language", required_argument, NULL, MB_NOW_OPT_VOICE_LANGUAGE },
	{ "voice-out", required_argument, NULL, MB_NOW_OPT_VOICE_OUT },
	{ "quiet", no_argument, NULL, MB_NOW_OPT_QUIET },
	{ "help", no_argument, NULL, MB_NOW_OPT_HELP },
	{ 0 },
};

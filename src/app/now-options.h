/* The options of `movebreak now`, shared with the movebreak-gui commands it hands them to. */
#ifndef MB_APP_NOW_OPTIONS_H
#define MB_APP_NOW_OPTIONS_H

#include <getopt.h>

/* What getopt_long returns for each option of mb_now_options. */
enum mb_now_option {
	MB_NOW_OPT_MINUTES = 'm',
	MB_NOW_OPT_TIME_SCALE = 's',
	MB_NOW_OPT_PLAIN = 'p',
	MB_NOW_OPT_NO_RECORD = 'n',
	MB_NOW_OPT_HELP = 'h',
	MB_NOW_OPT_GUI = 256,
	MB_NOW_OPT_FULLSCREEN,
	MB_NOW_OPT_FROM_PROMPT,
	MB_NOW_OPT_VOICE,
	MB_NOW_OPT_VOICE_LANGUAGE,
	MB_NOW_OPT_VOICE_OUT,
	MB_NOW_OPT_QUIET,
};

/* The short options: -m MINUTES and -h. */
#define MB_NOW_SHORT_OPTIONS "m:h"

/**
 * The long options of `movebreak now`, ending in a zero entry. The window
 * and the voice track get the same arguments `now` got, so each program
 * parses them with this one table and ignores what is not its business.
 */
extern const struct option mb_now_options[];

#endif

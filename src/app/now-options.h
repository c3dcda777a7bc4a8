/* The options of `movebreak now`, parsed once for every program that reads them. */
#ifndef MB_APP_NOW_OPTIONS_H
#define MB_APP_NOW_OPTIONS_H

#include <stdbool.h>

/** A break asked for on the command line: `movebreak now [ROUTINE|FILE] [OPTIONS]`. */
struct mb_now_request {
	/* The ROUTINE|FILE operand, else MOVEBREAK_ROUTINE (set by the daemon), else NULL. */
	const char *routine;
	/* The routine was named on the command line (not taken from MOVEBREAK_ROUTINE). */
	bool routine_named;
	/* --minutes: 0 when not given (see mb_args_minutes_level()). */
	double minutes;
	/* --time-scale: 1 unless given. */
	double time_scale;
	bool plain, no_record, gui, fullscreen, from_prompt, help;
	/* --voice[=NAME], --voice-language, --quiet (no step sound), --voice-out FILE. */
	bool voice, quiet;
	const char *voice_name, *voice_language, *voice_out;
};

/**
 * Parse the arguments of `movebreak now` (argv[0] is "now" or the command
 * movebreak-gui was given) into *req; the strings point into argv. Bad
 * options and values are reported on stderr, naming them. Returns -1 to go
 * on, or the exit code: MB_EXIT_USAGE for bad usage, MB_EXIT_OK with
 * req->help set for --help (the caller prints its usage).
 */
int mb_now_request_parse(int argc, char **argv, struct mb_now_request *req);

#endif

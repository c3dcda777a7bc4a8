/* `movebreak now`: coach a break right now, then record it in the history. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/args.h"
#include "app/break-choice.h"
#include "app/break-end.h"
#include "app/catalog.h"
#include "app/commands.h"
#include "app/gui-exec.h"
#include "app/history.h"
#include "app/now-options.h"
#include "cli/now-voice.h"
#include "coach/coach.h"
#include "coach/voice-link.h"
#include "core/duration.h"
#include "core/timeline.h"
#include "platform/store.h"

static const char usage[] =
	"Usage: movebreak now [ROUTINE|FILE] [--minutes M] [--time-scale F] [--plain] [--no-record]\n"
	"                     [--gui [--fullscreen]] [--from-prompt]\n"
	"                     [--voice[=NAME]] [--voice-language L] [--quiet] [--voice-out FILE.wav]\n"
	"\n"
	"Coach a movement break right now, step by step, and record it in your history.\n"
	"Without a ROUTINE it coaches the day's next routine of the program a challenge\n"
	"follows (at the day's minutes), else the routine the daemon names in\n"
	"MOVEBREAK_ROUTINE, else movement.routine of config.ini (shoulder-reset).\n"
	"\n"
	"  -m, --minutes M      fit the routine to about M minutes (default 4); when the\n"
	"                       routine cannot run that long or that short, it says what\n"
	"                       it runs instead\n"
	"      --time-scale F   run the clock F times faster (for demos and tests); a break\n"
	"                       at any speed but 1 is kept as a demo, outside every count\n"
	"      --plain          print one line per cue instead of the full-screen coach\n"
	"                       (the default when output is not a terminal)\n"
	"      --no-record      do not write this break to the history\n"
	"      --gui            coach in a window with an animated figure (needs a display;\n"
	"                       without one the terminal coach runs)\n"
	"      --fullscreen     with --gui: fill the screen (or set window.fullscreen)\n"
	"      --from-prompt    the daemon's prompt started this break: offer postpone\n"
	"      --voice[=NAME]   speak each cue (or set voice.enabled); NAME is an espeak-ng\n"
	"                       voice such as en-us or en+f3 (or set voice.name)\n"
	"      --voice-language L  the voice's language, such as en-gb (or set voice.language)\n"
	"      --quiet          no soft sound at each step change (or set voice.sound = false)\n"
	"      --voice-out FILE write the whole spoken break to FILE as WAV and exit; needs\n"
	"                       no sound card and does not coach\n"
	"  -h, --help           show this help\n"
	"\n"
	"Keys in the full-screen coach: space pause/resume, n or right arrow next step,\n"
	"p or left arrow previous step, q quit (the break is kept as partial).\n"
	"A break stepped through in under half its time is kept as partial too.\n"
	"Colours follow the terminal; set NO_COLOR to turn them off.\n";

/* A window needs an X11 or Wayland display to open on. */
static bool have_display(void)
{
	const char *x11 = getenv("DISPLAY"), *wayland = getenv("WAYLAND_DISPLAY");
	return (x11 && x11[0]) || (wayland && wayland[0]);
}

int mb_cmd_now(int argc, char **argv)
{
	struct mb_now_request req;
	int code = mb_now_request_parse(argc, argv, &req);
	if (req.help)
		fputs(usage, stdout);
	if (code >= 0)
		return code;
	/* The [voice] settings, then the command line over them. */
	struct mb_now_voice voice;
	mb_now_voice_load(&voice);
	if (req.voice)
		voice.enabled = true;
	if (req.voice_name)
		snprintf(voice.name, sizeof(voice.name), "%s", req.voice_name);
	if (req.voice_language)
		snprintf(voice.language, sizeof(voice.language), "%s", req.voice_language);
	if (req.quiet)
		voice.sound = false;
	struct mb_coach_options copts = { .time_scale = req.time_scale };

	/* The spoken break as a file: movebreak-gui's, and no coaching. */
	if (req.voice_out)
		return mb_now_voice_out(&voice, req.routine, req.minutes, req.voice_out);

	/* The window is movebreak-gui's: it takes every option given here. */
	if (req.gui && have_display())
		return mb_gui_exec("window", argc, argv);
	if (req.gui)
		fprintf(stderr,
			"movebreak now: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), "
			"so the break is coached here instead of in a window\n");

	/*
	 * The routine named here, else the program's day, the daemon's choice
	 * (MOVEBREAK_ROUTINE) or the settings'; --minutes wins over the day's.
	 */
	struct mb_break_choice choice;
	mb_now_choose("now", &req, &choice);
	const char *name = choice.routine[0] ? choice.routine : NULL;
	bool program_minutes = req.minutes <= 0 && choice.minutes > 0;
	double minutes = program_minutes ? choice.minutes : req.minutes;
	code = MB_EXIT_OK;
	struct mb_routine *routine = mb_catalog_load(name, &code);
	if (!routine)
		return code;
	/* The program's minutes fit quietly: a routine that cannot run them runs its nearest. */
	double level = mb_args_minutes_level(program_minutes ? NULL : "now", routine, minutes);
	struct mb_timeline *tl = mb_timeline_create(routine, level);
	if (!tl) {
		fprintf(stderr, "movebreak now: out of memory\n");
		mb_routine_destroy(routine);
		return MB_EXIT_FAILURE;
	}
	if (voice.enabled) {
		int voice_code = 0;
		copts.voice = mb_now_voice_start(&voice, name, minutes, copts.time_scale,
			tl->total_us, &voice_code);
		if (voice_code) {
			mb_timeline_destroy(tl);
			mb_routine_destroy(routine);
			return voice_code;
		}
	}
	struct mb_break_log log;
	mb_break_log_init(&log, "now", !req.no_record);
	mb_break_log_begin(&log, routine->name, copts.time_scale);

	char title[256];
	mb_break_choice_title(&choice, routine->title, title, sizeof(title));
	copts.heading = choice.day_line[0] ? title : NULL;
	const char *no_color = getenv("NO_COLOR");
	copts.color = !(no_color && no_color[0]);
	const char *term = getenv("TERM");
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && term[0] &&
		strcmp(term, "dumb") != 0;

	struct mb_break_result res;
	int r = -ENOTTY;
	if (tty && !req.plain)
		r = mb_coach_tui_run(tl, &copts, &res);
	if (r == -ENOTTY) {
		char total[32];
		printf("movebreak: %s, %s, %zu exercise%s. Ctrl-C ends the break early.\n", title,
			mb_duration_format(tl->total_us, total, sizeof(total)), tl->spans_len,
			tl->spans_len == 1 ? "" : "s");
		r = mb_coach_plain_run(tl, &copts, stdout, &res);
	}
	if (r < 0) {
		fprintf(stderr, "movebreak now: cannot run the coach: %s\n", strerror(-r));
		code = MB_EXIT_FAILURE;
	} else {
		mb_break_log_write(&log, tl, &res,
			req.from_prompt ? MB_SOURCE_PROMPT : MB_SOURCE_MANUAL, stdout);
	}
	mb_voice_link_close(copts.voice);
	mb_break_log_finish(&log);
	mb_timeline_destroy(tl);
	mb_routine_destroy(routine);
	return code;
}

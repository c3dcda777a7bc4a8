/* The full-screen terminal coach: takes the terminal, plays the timeline, gives it back. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>
/* For setupterm(); its macros take common words such as "lines" and "columns". */
#include <term.h>

#include "coach/coach.h"
#include "coach/tui-color.h"
#include "coach/tui-loop.h"
#include "coach/tui.h"
#include "core/coaching.h"
#include "platform/clock.h"

int mb_coach_tui_run(const struct mb_timeline *timeline, const struct mb_coach_options *options,
	struct mb_break_result *result)
{
	*result = (struct mb_break_result){ 0 };
	if (timeline->cues_len == 0)
		return -EINVAL;
	/* Without a terminal type there is nothing to drive; the caller prints plain lines. */
	const char *term = getenv("TERM");
	if (term == NULL || term[0] == '\0' || strcmp(term, "dumb") == 0)
		return -ENOTTY;

	struct mb_tui tui = {
		.timeline = timeline,
		.in_fd = -1,
		.voice = options->voice,
		.heading = options->heading,
		.voiced_cue = SIZE_MAX,
	};
	int ret = -ENOTTY;

	/* Only LC_CTYPE, so numbers the caller prints afterwards keep their "C" format. */
	char *old_ctype = NULL;
	const char *ctype = setlocale(LC_CTYPE, NULL);
	if (ctype != NULL)
		old_ctype = strdup(ctype);
	setlocale(LC_CTYPE, "");
	tui.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	FILE *in = NULL, *out = NULL;
	int tty_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (tty_fd >= 0) {
		tui.tty = fdopen(tty_fd, "r+");
		if (tui.tty == NULL) {
			ret = -errno;
			close(tty_fd);
			goto out_locale;
		}
		in = out = tui.tty;
	} else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		in = stdin;
		out = stdout;
	} else {
		goto out_locale;
	}
	tui.in_fd = fileno(in);

	/* The caller's signal handlers are remembered before ncurses adds its own. */
	int r = mb_tui_signals_open();
	if (r < 0) {
		ret = r;
		goto out_tty;
	}

	/* newterm leaks inside ncurses when it fails on an unknown TERM; ask terminfo first. */
	int term_err = 0;
	if (setupterm(NULL, fileno(out), &term_err) != OK)
		goto out_pipe;
	del_curterm(cur_term);

	tui.screen = newterm(NULL, out, in);
	if (tui.screen == NULL)
		goto out_pipe;
	set_term(tui.screen);

	mb_tui_signals_catch();

	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	leaveok(stdscr, TRUE);
	/* Draw whole frames even while keys are waiting; there are never many. */
	typeahead(-1);
	set_escdelay(25);
	curs_set(0);
	mb_tui_colors_init(&tui, options->color);

	result->start_wall_us = mb_clock_wall_us();
	result->start_boot_us = mb_clock_boottime_us();
	mb_coaching_start(&tui.coaching, timeline, mb_clock_monotonic_us(), options->time_scale);
	mb_tui_run(&tui, result);
	ret = 0;

	endwin();
	mb_tui_signals_restore();
	delscreen(tui.screen);
out_pipe:
	mb_tui_signals_close();
out_tty:
	if (tui.tty != NULL)
		fclose(tui.tty);
out_locale:
	if (old_ctype != NULL) {
		setlocale(LC_CTYPE, old_ctype);
		free(old_ctype);
	}
	return ret;
}

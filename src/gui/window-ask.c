/* The break window's questions before a skip or an early end, and what the answers do. */
#include <stdbool.h>
#include <stdio.h>

#include <gtk/gtk.h>

#include "core/coaching.h"
#include "gui/window-ask.h"
#include "gui/window-daemon.h"
#include "gui/window-tick.h"
#include "gui/window.h"
#include "platform/clock.h"

void mb_window_ask(struct mb_window *w, enum mb_window_ask what)
{
	if (w->done || w->asking)
		return;
	w->asking = what;
	w->ask_resume = !w->coaching.playback.paused;
	if (w->ask_resume)
		mb_coaching_toggle_pause(&w->coaching, mb_clock_monotonic_us());
	mb_window_refresh(w);
	gtk_label_set_markup(GTK_LABEL(w->ask_label),
		what == MB_WINDOW_ASK_SKIP ?
			"<span size='x-large' weight='bold'>Skip this break?</span>\n"
			"It is kept in your history as skipped." :
			"<span size='x-large' weight='bold'>End the break now?</span>\n"
			"What you did is kept in your history as a partial break.");
	gtk_button_set_label(GTK_BUTTON(w->ask_yes),
		what == MB_WINDOW_ASK_SKIP ? "Skip" : "End break");
	gtk_widget_set_visible(w->ask_box, true);
	gtk_widget_grab_focus(w->ask_yes);
}

void mb_window_answer(struct mb_window *w, bool yes)
{
	enum mb_window_ask what = w->asking;
	if (!what)
		return;
	w->asking = MB_WINDOW_ASK_NONE;
	gtk_widget_set_visible(w->ask_box, false);
	if (yes) {
		/*
		 * A break from the prompt is the daemon's to skip: it writes the
		 * skipped row and restarts the timer. Without a daemon, record it here.
		 */
		char *why = NULL;
		if (what == MB_WINDOW_ASK_SKIP && w->from_prompt &&
			mb_window_call_daemon(w, "Skip", NULL, &why)) {
			printf("Break skipped.\n");
			fflush(stdout);
			w->ended = true;
		} else {
			if (why)
				fprintf(stderr,
					"movebreak now: the daemon did not take the skip (%s); "
					"recording it here\n",
					why);
			g_free(why);
			mb_window_end_break(w, what == MB_WINDOW_ASK_SKIP);
		}
		mb_window_quit(w);
		return;
	}
	if (w->ask_resume)
		mb_coaching_toggle_pause(&w->coaching, mb_clock_monotonic_us());
	mb_window_refresh(w);
}

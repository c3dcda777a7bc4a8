/* The break window's state, shared by the files that build, draw and drive it. */
#ifndef MB_GUI_WINDOW_H
#define MB_GUI_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gtk/gtk.h>

#include "app/break-end.h"
#include "core/coaching.h"
#include "core/routine.h"
#include "core/timeline.h"

struct mb_speech;
struct mb_voice;

/* The question the window is asking, if any. */
enum mb_window_ask {
	MB_WINDOW_ASK_NONE,
	MB_WINDOW_ASK_QUIT,
	MB_WINDOW_ASK_SKIP,
};

/*
 * One break window (`movebreak now --gui`): the break it coaches, its voice,
 * its widgets, its timers and what its labels show. mb_gui_window() owns it.
 */
struct mb_window {
	struct mb_routine *routine;
	/* The title line: the routine's title, or a program's "Day 5 of 30 · Neck release". */
	char title[256];
	struct mb_timeline *timeline;
	struct mb_coaching coaching;
	struct mb_break_log log;
	struct mb_break_result result;
	bool no_record, from_prompt;
	/* The voice, told of every cue change, seek and pause; NULL for none. */
	struct mb_speech *speech;
	struct mb_voice *voice;
	guint voice_id;
	int64_t voice_at_us;
	size_t voiced_cue;
	bool voiced_paused, voice_resync, voice_warned;

	GtkWidget *win;
	GtkWidget *header, *figure, *stage, *text, *purpose, *progress, *clock, *status;
	GtkWidget *back_button, *pause_button, *next_button, *postpone_button, *skip_button;
	GtkWidget *ask_box, *ask_label, *ask_yes, *ask_no;
	guint tick_id, close_id;
	bool in_tick;
	/* Frame-clock time of the last frame drawn on a tick. */
	int64_t ticked_us;
	/* A timer at the next cue change, for when the frame clock stops (a hidden window). */
	guint cue_id;
	int64_t cue_at_us;
	/* What the labels show now, so they change only when it does. */
	size_t shown_cue;
	int64_t shown_second;
	bool shown_paused, have_shown;
	enum mb_window_ask asking;
	/* Whether the break ran before a question paused it. */
	bool ask_resume;
	bool done, ended, close_waited;
	/* The break's row was written (see log.why_not when not). */
	bool recorded;
	/* MOVEBREAK_DEBUG: say on stderr when the first frame is drawn (bench/window.py). */
	bool debug, drew;
	GMainLoop *loop;
};

/** Where the break is at the monotonic clock's now, in microseconds of the timeline. */
int64_t mb_window_offset(const struct mb_window *w);

/** The cue running at offset_us (microseconds); its index goes to *index unless NULL. */
const struct mb_cue *mb_window_cue_at(const struct mb_window *w, int64_t offset_us, size_t *index);

/** Leave the window's main loop, if it runs, so that mb_gui_window() closes the window. */
void mb_window_quit(struct mb_window *w);

/**
 * Write the break to the history and print its summary line, once: later
 * calls do nothing. skipped says the user skipped it; a break that ran to
 * its end is kept as completed all the same.
 */
void mb_window_end_break(struct mb_window *w, bool skipped);

#endif

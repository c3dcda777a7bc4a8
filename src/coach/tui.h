/* The full-screen coach's state, shared by the files that draw, time and drive it. */
#ifndef MB_COACH_TUI_H
#define MB_COACH_TUI_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/coaching.h"
#include "core/timeline.h"

struct mb_voice_link;

/* Everything the screen shows that changes with time; equal frames draw the same. */
struct mb_tui_frame {
	size_t cue;
	int64_t elapsed_s;
	/* Seconds left in the cue and in the hold, rounded up; hold_left_s < 0 outside holds. */
	int64_t left_s, hold_left_s;
	/* Pacer fill in frames out of pacer_frames; pacer < 0 when not breathing. */
	int pacer, pacer_frames;
	int bar_cells;
	bool paused, finished;
	int rows, cols;
};

/*
 * One full-screen coach: the break it coaches on which terminal, the
 * attributes it draws with, the frame on screen and what the voice was
 * told. mb_coach_tui_run() owns it.
 */
struct mb_tui {
	const struct mb_timeline *timeline;
	/* The title line: a program's "Day 5 of 30 · Neck release", else NULL (the routine's). */
	const char *heading;
	struct mb_coaching coaching;
	SCREEN *screen;
	FILE *tty;
	int in_fd;
	bool utf8;
	attr_t accent, dim, paused, done;
	/* stop leaves the loop; quit says the user cut the break short. */
	bool stop, quit;
	bool redraw;
	struct mb_tui_frame shown;
	bool have_shown;
	/* The voice, told of every cue change, seek and pause; NULL for none. */
	struct mb_voice_link *voice;
	size_t voiced_cue;
	bool voiced_paused, voice_resync;
};

#endif

/* The coach front ends: play a timeline to a person, on a terminal or as plain lines. */
#ifndef MB_COACH_COACH_H
#define MB_COACH_COACH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "app/break-end.h"
#include "core/timeline.h"

struct mb_voice_link;

struct mb_coach_options {
	/* 1.0 real time; 60.0 runs a minute of the break per second. */
	double time_scale;
	/* Use colours (false with NO_COLOR or a terminal without them). */
	bool color;
	/* Where to tell every cue change and pause, for the voice; NULL for none. */
	struct mb_voice_link *voice;
	/*
	 * The title line in place of the routine's title, such as "Day 5 of 30 ·
	 * Neck release" for a program's break; NULL for the routine's title.
	 */
	const char *heading;
};

/**
 * Run the full-screen ncurses coach on the controlling terminal until the
 * break ends or the user quits (q, or SIGINT/SIGTERM/SIGHUP). Fills result.
 * Returns 0, or a negative errno when the terminal cannot be used.
 */
int mb_coach_tui_run(const struct mb_timeline *timeline, const struct mb_coach_options *options,
	struct mb_break_result *result);

/**
 * Print one line per cue to out as it becomes due, flushed at once, until the
 * break ends or SIGINT/SIGTERM/SIGHUP cuts it short. Fills result. Returns 0
 * or a negative errno.
 */
int mb_coach_plain_run(const struct mb_timeline *timeline, const struct mb_coach_options *options,
	FILE *out, struct mb_break_result *result);

#endif

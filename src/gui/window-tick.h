/* Keeping the break window up to date: the frame clock's ticks and the cue and close timers. */
#ifndef MB_GUI_WINDOW_TICK_H
#define MB_GUI_WINDOW_TICK_H

#include <stdint.h>

#include "gui/window.h"

/**
 * Bring the window up to now: notice the end of the break (record it and
 * show the closing screen), change the labels that changed, tell the voice,
 * re-arm the cue timer and keep the frame clock ticking only while the break
 * runs. Does nothing once the break is done.
 */
void mb_window_refresh(struct mb_window *w);

/** Take the tick callback away; safe inside it, which then removes itself. */
void mb_window_stop_ticks(struct mb_window *w);

/**
 * Keep one timer armed at at_us (monotonic microseconds) to refresh the
 * window when the frame clock stops, as it does for a hidden window;
 * INT64_MAX disarms it.
 */
void mb_window_arm_cue_timer(struct mb_window *w, int64_t at_us);

#endif

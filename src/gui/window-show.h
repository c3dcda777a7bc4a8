/* The break window's labels and buttons: what they say for the cue, the second and the end. */
#ifndef MB_GUI_WINDOW_SHOW_H
#define MB_GUI_WINDOW_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gui/window.h"

/** Show cue index in the header, the text and the why, and set Previous and Next. */
void mb_window_show_cue(struct mb_window *w, size_t index);

/** Show offset_us (microseconds) in the clock and the progress bar. */
void mb_window_show_second(struct mb_window *w, int64_t offset_us);

/** Label the pause button Pause or Resume. */
void mb_window_show_paused(struct mb_window *w, bool paused);

/**
 * The closing screen: the routine complete, what was done and whether it
 * was recorded, only the Close button left. The break must be ended first.
 */
void mb_window_show_done(struct mb_window *w);

/** Show text under the why (a daemon's refusal), or hide it for NULL or "". */
void mb_window_set_status(struct mb_window *w, const char *text);

#endif

/* Building the break window's widgets. */
#ifndef MB_GUI_WINDOW_BUILD_H
#define MB_GUI_WINDOW_BUILD_H

#include <stdbool.h>

#include "gui/window.h"

/**
 * Build the window for w's routine: header, figure and stage, the texts,
 * the progress bar, the buttons (Postpone only for a break from the prompt)
 * and the hidden question; fullscreen fills the screen. Nothing is
 * connected to what it does yet (mb_window_input_attach()) nor shown.
 */
void mb_window_build(struct mb_window *w, bool fullscreen);

#endif

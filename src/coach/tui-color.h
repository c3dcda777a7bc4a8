/* The full-screen coach's colours. */
#ifndef MB_COACH_TUI_COLOR_H
#define MB_COACH_TUI_COLOR_H

#include <stdbool.h>

#include "coach/tui.h"

/**
 * Set the attributes tui draws with: bold and dim alone, or with color and a
 * terminal that has colours, cyan, yellow and green on the terminal's own
 * background. Call after curses has started.
 */
void mb_tui_colors_init(struct mb_tui *tui, bool color);

#endif

/* Laying out and drawing the full-screen coach: full, compact, and the closing screen. */
#ifndef MB_COACH_TUI_DRAW_H
#define MB_COACH_TUI_DRAW_H

#include "coach/tui.h"

/**
 * Draw frame on the whole screen and refresh it: the closing screen once the
 * break is over, the compact layout on a small terminal, the full one (big
 * letters, why this works, the tips) otherwise.
 */
void mb_tui_draw(struct mb_tui *tui, const struct mb_tui_frame *frame);

#endif

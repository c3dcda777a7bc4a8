/* The full-screen coach's keys. */
#ifndef MB_COACH_TUI_KEYS_H
#define MB_COACH_TUI_KEYS_H

#include "coach/tui.h"

/**
 * Do what key (a curses key code) asks: space pauses and resumes, n or the
 * right arrow goes to the next step, p or the left arrow back, q (or a
 * Ctrl-C read as a key) ends the break early, a resize redraws. On the
 * closing screen any key but a resize closes it.
 */
void mb_tui_handle_key(struct mb_tui *tui, int key);

/** Take every key waiting on the terminal, without blocking. */
void mb_tui_read_keys(struct mb_tui *tui);

#endif

/* The break window's questions: skip this break? end it now? */
#ifndef MB_GUI_WINDOW_ASK_H
#define MB_GUI_WINDOW_ASK_H

#include <stdbool.h>

#include "gui/window.h"

/**
 * Pause the break and ask what (skip, or end early) over the middle of the
 * window, the answer that ends the break focused. Does nothing when the
 * break is done or a question is already asked.
 */
void mb_window_ask(struct mb_window *w, enum mb_window_ask what);

/**
 * Answer the question asked: yes ends the break (skipped, through the daemon
 * for a break from its prompt, or partial) and closes the window; no takes
 * the question away and lets the break run on if it ran before.
 */
void mb_window_answer(struct mb_window *w, bool yes);

#endif

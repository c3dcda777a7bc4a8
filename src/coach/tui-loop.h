/* The full-screen coach's loop: sleep until the next change, a key or a signal. */
#ifndef MB_COACH_TUI_LOOP_H
#define MB_COACH_TUI_LOOP_H

#include "app/break-end.h"
#include "coach/tui.h"

/**
 * Open the pipe the signal handlers wake the loop through and remember the
 * caller's handlers of SIGINT, SIGTERM, SIGHUP, SIGWINCH and SIGTSTP, before
 * curses adds its own. Returns 0 or a negative errno.
 */
int mb_tui_signals_open(void);

/** Catch SIGINT, SIGTERM, SIGHUP (they end the break) and SIGWINCH (a resize). */
void mb_tui_signals_catch(void);

/** Put back the handlers mb_tui_signals_open() remembered. */
void mb_tui_signals_restore(void);

/** Close the signal pipe. */
void mb_tui_signals_close(void);

/**
 * Coach the break already started in tui->coaching until it ends (and its
 * closing screen has been up a while) or the user stops it: redraw when the
 * frame changes, tell the voice, and sleep until the next change, a key or a
 * signal. Fills the end, active time, exercises done and completed of result.
 */
void mb_tui_run(struct mb_tui *tui, struct mb_break_result *result);

#endif

/* The break window's calls to the daemon, for a break its prompt started. */
#ifndef MB_GUI_WINDOW_DAEMON_H
#define MB_GUI_WINDOW_DAEMON_H

#include <stdbool.h>

#include <gio/gio.h>

#include "gui/window.h"

/**
 * Call method (Postpone, Skip) on the daemon over the session bus, with
 * args (floating, consumed; NULL for none); the daemon writes the break's
 * row itself. Returns true when it answered; otherwise *why is a sentence
 * saying why, to g_free().
 */
bool mb_window_call_daemon(struct mb_window *w, const char *method, GVariant *args, char **why);

/**
 * Ask the daemon to postpone the break from its prompt and close the window;
 * when it refuses, say why on stderr and in the window and go on. Does
 * nothing for a break not from the prompt, a question asked or the end.
 */
void mb_window_postpone(struct mb_window *w);

#endif

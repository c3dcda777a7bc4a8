/* The break window and the app window follow the desktop's light or dark preference. */
#ifndef MB_GUI_WINDOW_THEME_H
#define MB_GUI_WINDOW_THEME_H

#include <gio/gio.h>

#include "gui/window.h"

/**
 * Read the settings portal's colour scheme into GtkSettings and follow its
 * changes, calling changed(data) after each. Returns the session bus the
 * watch is on (the caller unrefs it when it is done), or NULL without one.
 */
GDBusConnection *mb_gui_follow_color_scheme(void (*changed)(void *data), void *data);

/**
 * mb_gui_follow_color_scheme() for the break window, redrawing the figure and the stage of w. Returns the session
 * bus the watch is on (the caller unrefs it when the window goes), or NULL
 * without one.
 */
GDBusConnection *mb_window_follow_color_scheme(struct mb_window *w);

#endif

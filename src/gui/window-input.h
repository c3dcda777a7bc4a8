/* The break window's keys and buttons. */
#ifndef MB_GUI_WINDOW_INPUT_H
#define MB_GUI_WINDOW_INPUT_H

#include "gui/window.h"

/**
 * Connect what the user does to the break: the keys (whichever widget has
 * the focus), the buttons, the question's answers and the window's close
 * button. The widgets must be built.
 */
void mb_window_input_attach(struct mb_window *w);

#endif

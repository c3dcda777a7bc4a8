/* The full-screen coach's keys: pause, next, back and quit, fed to the coaching. */
#include <curses.h>

#include "coach/tui-keys.h"
#include "coach/tui.h"
#include "core/coaching.h"
#include "platform/clock.h"

void mb_tui_handle_key(struct mb_tui *tui, int key)
{
	if (tui->coaching.finished) {
		/* Any key closes the closing screen; a resize just redraws it. */
		if (key == KEY_RESIZE)
			tui->redraw = true;
		else
			tui->stop = true;
		return;
	}

	int64_t now_us = mb_clock_monotonic_us();
	switch (key) {
	case ' ':
		mb_coaching_toggle_pause(&tui->coaching, now_us);
		break;
	case 'n':
	case 'N':
	case KEY_RIGHT:
		mb_coaching_next(&tui->coaching, now_us);
		tui->voice_resync = true;
		break;
	case 'p':
	case 'P':
	case KEY_LEFT:
		mb_coaching_back(&tui->coaching, now_us);
		tui->voice_resync = true;
		break;
	case 'q':
	case 'Q':
	case 3: /* Ctrl-C, should the terminal deliver it as a key */
		tui->quit = true;
		tui->stop = true;
		break;
	case KEY_RESIZE:
		tui->redraw = true;
		break;
	default:
		break;
	}
}

void mb_tui_read_keys(struct mb_tui *tui)
{
	int key;
	while ((key = getch()) != ERR)
		mb_tui_handle_key(tui, key);
}

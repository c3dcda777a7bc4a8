/* The full-screen coach's colours: a calm accent on the terminal's own background. */
#include <curses.h>
#include <stdbool.h>

#include "coach/tui-color.h"
#include "coach/tui.h"

enum {
	PAIR_ACCENT = 1,
	PAIR_PAUSED,
	PAIR_DONE,
};

void mb_tui_colors_init(struct mb_tui *tui, bool color)
{
	tui->accent = A_BOLD;
	tui->paused = A_BOLD;
	tui->done = A_BOLD;
	tui->dim = A_DIM;
	if (!color || !has_colors() || start_color() == ERR)
		return;
	/* Keep the terminal's own background so the coach looks at home in any theme. */
	short background = use_default_colors() == OK ? -1 : COLOR_BLACK;
	init_pair(PAIR_ACCENT, COLOR_CYAN, background);
	init_pair(PAIR_PAUSED, COLOR_YELLOW, background);
	init_pair(PAIR_DONE, COLOR_GREEN, background);
	tui->accent = COLOR_PAIR(PAIR_ACCENT) | A_BOLD;
	tui->paused = COLOR_PAIR(PAIR_PAUSED) | A_BOLD;
	tui->done = COLOR_PAIR(PAIR_DONE) | A_BOLD;
}

/* Drawing text on the full-screen coach: cut, wrapped, repeated or in big letters. */
#ifndef MB_COACH_TUI_TEXT_H
#define MB_COACH_TUI_TEXT_H

#include <curses.h>
#include <stdbool.h>

#include "coach/tui.h"
#include "core/timeline.h"

/** The terminal columns text takes; bytes the locale cannot decode count as one each. */
int mb_tui_text_cols(const char *text);

/**
 * Draw text at (y, x) in at most max_cols columns with attr, ending with an
 * ellipsis when it does not fit; line breaks and tabs become spaces. Returns
 * the columns used.
 */
int mb_tui_put_text(const struct mb_tui *tui, int y, int x, int max_cols, const char *text,
	attr_t attr);

/**
 * Word-wrap text into at most max_lines lines of width columns starting at
 * (y, x); the first line starts indent columns in, after a lead-in drawn by
 * the caller. The last line ends with an ellipsis if text is left over.
 * Returns the number of lines drawn.
 */
int mb_tui_put_wrapped(const struct mb_tui *tui, int y, int x, int width, int indent, int max_lines,
	const char *text, attr_t attr);

/** mb_tui_put_wrapped() of a routine's text with {side} and {other} filled in for side. */
int mb_tui_put_wrapped_side(const struct mb_tui *tui, int y, int x, int width, int indent,
	int max_lines, const char *text, enum mb_side side, attr_t attr);

/** Draw a one-column glyph count times in a row from (y, x). */
void mb_tui_put_repeat(const struct mb_tui *tui, int y, int x, int count, const char *glyph,
	attr_t attr);

/** Draw text in the big font with ink cells in attr; returns false if it has no glyphs. */
bool mb_tui_put_big(const struct mb_tui *tui, int y, int x, const char *text, attr_t attr);

#endif

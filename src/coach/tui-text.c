/* The full-screen coach's text: decoded for the locale, cut to fit, wrapped at words. */
#include <curses.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "coach/bigtext.h"
#include "coach/tui-text.h"
#include "coach/tui.h"
#include "core/timeline.h"

/* Decode text for drawing; bytes the locale cannot decode become '?', line breaks spaces. */
static wchar_t *widen(const char *text, size_t *len)
{
	size_t n = strlen(text);
	wchar_t *wide = calloc(n + 1, sizeof(*wide));
	if (wide == NULL) {
		*len = 0;
		return NULL;
	}
	mbstate_t state;
	memset(&state, 0, sizeof(state));
	size_t in = 0, out = 0;
	while (in < n) {
		wchar_t wc;
		size_t used = mbrtowc(&wc, text + in, n - in, &state);
		if (used == (size_t)-1 || used == (size_t)-2) {
			memset(&state, 0, sizeof(state));
			wc = L'?';
			used = 1;
		} else if (used == 0) {
			break;
		}
		if (wc == L'\n' || wc == L'\t')
			wc = L' ';
		else if (wcwidth(wc) < 0)
			wc = L'?';
		wide[out++] = wc;
		in += used;
	}
	wide[out] = L'\0';
	*len = out;
	return wide;
}

static int char_cols(wchar_t wc)
{
	int cols = wcwidth(wc);
	return cols < 0 ? 1 : cols;
}

int mb_tui_text_cols(const char *text)
{
	size_t len;
	wchar_t *wide = widen(text, &len);
	int cols = 0;
	for (size_t i = 0; wide != NULL && i < len; i++)
		cols += char_cols(wide[i]);
	free(wide);
	return cols;
}

/*
 * Draw len wide characters at (y, x) in at most max_cols columns, ending with
 * an ellipsis when they do not fit or more text follows. Returns the columns used.
 */
static int put_wide(const struct mb_tui *tui, int y, int x, int max_cols, const wchar_t *wide,
	size_t len, bool more, attr_t attr)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || max_cols <= 0)
		return 0;
	if (max_cols > COLS - x)
		max_cols = COLS - x;

	int total = 0;
	for (size_t i = 0; i < len; i++)
		total += char_cols(wide[i]);
	const wchar_t *ellipsis = tui->utf8 ? L"\u2026" : L"...";
	int ellipsis_cols = tui->utf8 ? 1 : 3;
	bool cut = more || total > max_cols;
	if (cut && max_cols <= ellipsis_cols)
		ellipsis_cols = 0;

	int room = cut ? max_cols - ellipsis_cols : max_cols;
	size_t fit = 0;
	int used = 0;
	while (fit < len && used + char_cols(wide[fit]) <= room) {
		used += char_cols(wide[fit]);
		fit++;
	}

	attrset(attr);
	if (fit > 0)
		mvaddnwstr(y, x, wide, (int)fit);
	if (cut && ellipsis_cols > 0) {
		mvaddwstr(y, x + used, ellipsis);
		used += ellipsis_cols;
	}
	attrset(A_NORMAL);
	return used;
}

int mb_tui_put_text(const struct mb_tui *tui, int y, int x, int max_cols, const char *text,
	attr_t attr)
{
	size_t len;
	wchar_t *wide = widen(text, &len);
	if (wide == NULL)
		return 0;
	int used = put_wide(tui, y, x, max_cols, wide, len, false, attr);
	free(wide);
	return used;
}

/*
 * Word-wrap text into at most max_lines lines of width columns starting at
 * (y, x); the first line starts indent columns in, after a lead-in drawn by
 * the caller. The last line ends with an ellipsis if text is left over.
 * Returns the number of lines drawn.
 */
int mb_tui_put_wrapped(const struct mb_tui *tui, int y, int x, int width, int indent, int max_lines,
	const char *text, attr_t attr)
{
	if (max_lines <= 0 || width <= 0)
		return 0;
	size_t len;
	wchar_t *wide = widen(text, &len);
	if (wide == NULL)
		return 0;

	size_t pos = 0;
	int drawn = 0;
	while (drawn < max_lines) {
		while (pos < len && wide[pos] == L' ')
			pos++;
		if (pos >= len)
			break;
		int room = width - (drawn == 0 ? indent : 0);
		int line_x = x + (drawn == 0 ? indent : 0);
		if (room <= 0) {
			/* No room after the lead-in: start the text on the next line. */
			indent = 0;
			drawn++;
			continue;
		}

		size_t end = pos, space = 0;
		int used = 0;
		while (end < len && used + char_cols(wide[end]) <= room) {
			if (wide[end] == L' ')
				space = end;
			used += char_cols(wide[end]);
			end++;
		}
		size_t cut;
		if (end >= len || wide[end] == L' ')
			cut = end;
		else if (space > pos)
			cut = space;
		else
			cut = end > pos ? end : pos + 1;

		size_t rest = cut;
		while (rest < len && wide[rest] == L' ')
			rest++;
		bool last = drawn + 1 == max_lines && rest < len;
		put_wide(tui, y + drawn, line_x, room, wide + pos, cut - pos, last, attr);
		drawn++;
		pos = cut;
	}
	free(wide);
	return drawn;
}

/* mb_tui_put_wrapped() of a routine's text with {side} and {other} filled in for side. */
int mb_tui_put_wrapped_side(const struct mb_tui *tui, int y, int x, int width, int indent,
	int max_lines, const char *text, enum mb_side side, attr_t attr)
{
	char *filled = mb_text_fill_side_dup(text, side);
	if (filled == NULL)
		return 0;
	int drawn = mb_tui_put_wrapped(tui, y, x, width, indent, max_lines, filled, attr);
	free(filled);
	return drawn;
}

/* Draw a one-column glyph count times in a row from (y, x). */
void mb_tui_put_repeat(const struct mb_tui *tui, int y, int x, int count, const char *glyph,
	attr_t attr)
{
	if (count <= 0)
		return;
	size_t len = strlen(glyph);
	char *row = malloc(len * (size_t)count + 1);
	if (row == NULL)
		return;
	for (int i = 0; i < count; i++)
		memcpy(row + len * (size_t)i, glyph, len);
	row[len * (size_t)count] = '\0';
	mb_tui_put_text(tui, y, x, count, row, attr);
	free(row);
}

/* Draw text in the big font with ink cells in attr; returns false if it has no glyphs. */
bool mb_tui_put_big(const struct mb_tui *tui, int y, int x, const char *text, attr_t attr)
{
	char row[256];
	wchar_t wide[256];
	for (int r = 0; r < MB_BIGTEXT_ROWS; r++) {
		int len = mb_bigtext_row(text, r, row, sizeof(row));
		if (len < 0)
			return false;
		for (int i = 0; i < len; i++)
			wide[i] = row[i] == '#' ? (tui->utf8 ? L'\u2588' : L'#') : L' ';
		put_wide(tui, y + r, x, COLS - x, wide, (size_t)len, false, attr);
	}
	return true;
}

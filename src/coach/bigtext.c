/* Large block letters for the terminal coach: a small built-in font five rows high. */
#include <stddef.h>
#include <string.h>

#include "coach/bigtext.h"

/*
 * Glyphs are mostly four columns wide; letters that need a middle stroke
 * (M, T, V, W, X, Y) get five so they stay readable, and narrow ones fewer,
 * which keeps "SWITCH SIDES" inside sixty columns. '.' is paper.
 */
struct glyph {
	char ch;
	const char *rows[MB_BIGTEXT_ROWS];
};

static const struct glyph font[] = {
	{ ' ', { "..", "..", "..", "..", ".." } },
	{ 'A', { ".##.", "#..#", "####", "#..#", "#..#" } },
	{ 'B', { "###.", "#..#", "###.", "#..#", "###." } },
	{ 'C', { ".###", "#...", "#...", "#...", ".###" } },
	{ 'D', { "###.", "#..#", "#..#", "#..#", "###." } },
	{ 'E', { "####", "#...", "###.", "#...", "####" } },
	{ 'F', { "####", "#...", "###.", "#...", "#..." } },
	{ 'G', { ".###", "#...", "#.##", "#..#", ".###" } },
	{ 'H', { "#..#", "#..#", "####", "#..#", "#..#" } },
	{ 'I', { "###", ".#.", ".#.", ".#.", "###" } },
	{ 'J', { "...#", "...#", "...#", "#..#", ".##." } },
	{ 'K', { "#..#", "#.#.", "##..", "#.#.", "#..#" } },
	{ 'L', { "#...", "#...", "#...", "#...", "####" } },
	{ 'M', { "#...#", "##.##", "#.#.#", "#...#", "#...#" } },
	{ 'N', { "#..#", "##.#", "#.##", "#..#", "#..#" } },
	{ 'O', { ".##.", "#..#", "#..#", "#..#", ".##." } },
	{ 'P', { "###.", "#..#", "###.", "#...", "#..." } },
	{ 'Q', { ".##.", "#..#", "#..#", "#.##", ".###" } },
	{ 'R', { "###.", "#..#", "###.", "#.#.", "#..#" } },
	{ 'S', { ".###", "#...", ".##.", "...#", "###." } },
	{ 'T', { "#####", "..#..", "..#..", "..#..", "..#.." } },
	{ 'U', { "#..#", "#..#", "#..#", "#..#", ".##." } },
	{ 'V', { "#...#", "#...#", "#...#", ".#.#.", "..#.." } },
	{ 'W', { "#...#", "#...#", "#.#.#", "##.##", "#...#" } },
	{ 'X', { "#...#", ".#.#.", "..#..", ".#.#.", "#...#" } },
	{ 'Y', { "#...#", ".#.#.", "..#..", "..#..", "..#.." } },
	{ 'Z', { "####", "...#", ".##.", "#...", "####" } },
	{ '0', { ".##.", "#..#", "#..#", "#..#", ".##." } },
	{ '1', { ".#.", "##.", ".#.", ".#.", "###" } },
	{ '2', { "###.", "...#", ".##.", "#...", "####" } },
	{ '3', { "###.", "...#", ".##.", "...#", "###." } },
	{ '4', { "#..#", "#..#", "####", "...#", "...#" } },
	{ '5', { "####", "#...", "###.", "...#", "###." } },
	{ '6', { ".##.", "#...", "###.", "#..#", ".##." } },
	{ '7', { "####", "...#", "..#.", ".#..", ".#.." } },
	{ '8', { ".##.", "#..#", ".##.", "#..#", ".##." } },
	{ '9', { ".##.", "#..#", ".###", "...#", ".##." } },
	{ ':', { ".", "#", ".", "#", "." } },
	{ '-', { "...", "...", "###", "...", "..." } },
	{ '!', { "#", "#", "#", ".", "#" } },
};

static const struct glyph *find_glyph(char ch)
{
	/* Only ASCII letters fold; anything else must match exactly. */
	if (ch >= 'a' && ch <= 'z')
		ch = (char)(ch - 'a' + 'A');
	for (size_t i = 0; i < sizeof(font) / sizeof(font[0]); i++) {
		if (font[i].ch == ch)
			return &font[i];
	}
	return NULL;
}

int mb_bigtext_width(const char *text)
{
	int width = 0;
	for (const char *p = text; *p != '\0'; p++) {
		const struct glyph *glyph = find_glyph(*p);
		if (glyph == NULL)
			return -1;
		if (p != text)
			width++;
		width += (int)strlen(glyph->rows[0]);
	}
	return width;
}

int mb_bigtext_row(const char *text, int row, char *buf, size_t size)
{
	if (row < 0 || row >= MB_BIGTEXT_ROWS || size == 0)
		return -1;
	if (mb_bigtext_width(text) < 0)
		return -1;

	size_t len = 0;
	for (const char *p = text; *p != '\0'; p++) {
		const struct glyph *glyph = find_glyph(*p);
		if (p != text && len + 1 < size)
			buf[len++] = ' ';
		for (const char *cell = glyph->rows[row]; *cell != '\0'; cell++) {
			if (len + 1 < size)
				buf[len++] = *cell == '#' ? '#' : ' ';
		}
	}
	buf[len] = '\0';
	return (int)len;
}

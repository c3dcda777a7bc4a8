/* Large block letters for the terminal coach: a small built-in font five rows high. */
#ifndef MB_COACH_BIGTEXT_H
#define MB_COACH_BIGTEXT_H

#include <stddef.h>

#define MB_BIGTEXT_ROWS 5

/**
 * Columns text takes when drawn in the big font: each glyph's width plus one
 * blank column between glyphs. Letters are drawn as capitals. Returns 0 for
 * an empty string and -1 when a character has no glyph (the caller then
 * falls back to normal text).
 */
int mb_bigtext_width(const char *text);

/**
 * Render one row (0 to MB_BIGTEXT_ROWS - 1) of text into buf as '#' for ink
 * and ' ' for paper, NUL-terminated, cut at size - 1 columns. The caller owns
 * buf and decides how to draw ink. Returns the number of columns written, or
 * -1 for a bad row or a character without a glyph.
 */
int mb_bigtext_row(const char *text, int row, char *buf, size_t size);

#endif

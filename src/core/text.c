/* Stored and imported text on its way to a terminal: UTF-8, control characters, escapes. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"

size_t mb_utf8_decode(const char *str, size_t n, uint32_t *out)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len;
	uint32_t cp, min;
	if (s[0] < 0x80) {
		*out = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, cp = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, cp = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past Unicode are not text. */
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*out = cp;
	return len;
}

bool mb_text_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

bool mb_text_is_printable(uint32_t cp)
{
	return !mb_text_is_control(cp) && cp != 0x2028 && cp != 0x2029 && cp != 0x061c &&
		cp != 0x200e && cp != 0x200f && !(cp >= 0x202a && cp <= 0x202e) &&
		!(cp >= 0x2066 && cp <= 0x2069);
}

const char *mb_text_printable(const char *text, char *out, size_t size)
{
	size_t o = 0;
	const char *s = text ? text : "";
	size_t n = strlen(s);
	while (n > 0) {
		uint32_t cp = 0;
		size_t len = mb_utf8_decode(s, n, &cp);
		char esc[8];
		const char *piece = esc;
		size_t piece_len;
		if (len == 0) {
			len = 1;
			piece_len = (size_t)snprintf(esc, sizeof(esc), "\\x%02x",
				(unsigned char)*s);
		} else if (cp == '\n' || cp == '\t' || cp == '\r') {
			piece_len = (size_t)snprintf(esc, sizeof(esc), "\\%c",
				cp == '\n'         ? 'n' :
					cp == '\t' ? 't' :
						     'r');
		} else if (cp < 0x20 || cp == 0x7f) {
			piece_len = (size_t)snprintf(esc, sizeof(esc), "\\x%02x", (unsigned)cp);
		} else if (!mb_text_is_printable(cp)) {
			piece_len = (size_t)snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
		} else {
			piece = s;
			piece_len = len;
		}
		if (o + piece_len >= size)
			break;
		memcpy(out + o, piece, piece_len);
		o += piece_len;
		s += len;
		n -= len;
	}
	out[o] = '\0';
	return out;
}

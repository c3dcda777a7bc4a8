/* JSON writing helpers. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "parse/json.h"

void mb_json_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	size_t n = strlen(s);
	fputc('"', out);
	while (n > 0) {
		uint32_t cp = 0;
		size_t len = mb_utf8_decode(s, n, &cp);
		if (len == 0) {
			/* Not UTF-8: JSON cannot carry the byte; the reader sees one was here. */
			fputs("\\ufffd", out);
			len = 1;
		} else if (cp == '"' || cp == '\\') {
			fprintf(out, "\\%c", (char)cp);
		} else if (cp == '\n') {
			fputs("\\n", out);
		} else if (cp == '\t') {
			fputs("\\t", out);
		} else if (cp == '\r') {
			fputs("\\r", out);
		} else if (!mb_text_is_printable(cp)) {
			/* The same text to a JSON reader; nothing a terminal acts on. */
			fprintf(out, "\\u%04x", (unsigned)cp);
		} else {
			fwrite(s, 1, len, out);
		}
		s += len;
		n -= len;
	}
	fputc('"', out);
}

void mb_json_seconds(FILE *out, int64_t us)
{
	if (us < 0) {
		fputc('-', out);
		us = -us;
	}
	int64_t ms = (us + 500) / 1000;
	fprintf(out, "%" PRId64, ms / 1000);
	int frac = (int)(ms % 1000);
	if (frac == 0)
		return;
	char digits[16];
	snprintf(digits, sizeof(digits), "%03d", frac);
	for (int i = 2; i > 0 && digits[i] == '0'; i--)
		digits[i] = '\0';
	fprintf(out, ".%s", digits);
}

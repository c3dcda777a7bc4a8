/* JSON writing helpers. */
#include <inttypes.h>
#include <stdlib.h>

#include "cli/json.h"

void mb_json_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
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

/* Diagnostics list. */
#include <stdarg.h>
#include <stdio.h>

#include "core/diag.h"

void mb_diags_add(struct mb_diags *diags, int line, int column, const char *fmt, ...)
{
	if (diags->len >= MB_DIAG_MAX) {
		diags->dropped++;
		return;
	}
	struct mb_diag *d = &diags->items[diags->len++];
	d->line = line;
	d->column = column;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
}

/* libFuzzer target for the routine loader: any bytes must give a routine or diagnostics, never a crash or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/routine-yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_diags diags = { 0 };
	struct mb_routine *routine = mb_routine_parse((const char *)data, size, &diags);
	/* Either outcome, never both: a routine with problems or no routine without one is a bug. */
	if ((routine != NULL) != (diags.len == 0))
		__builtin_trap();
	for (size_t i = 0; i < diags.len; i++) {
		const struct mb_diag *d = &diags.items[i];
		/* Every message is a terminated, non-empty line the CLI can print as is. */
		if (d->line < 0 || d->column < 0 || d->message[0] == '\0' ||
				memchr(d->message, '\0', sizeof(d->message)) == NULL)
			__builtin_trap();
		for (const char *c = d->message; *c != '\0'; c++) {
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				__builtin_trap();
		}
	}
	mb_routine_destroy(routine);
	return 0;
}

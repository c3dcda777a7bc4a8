/* libFuzzer target for the program loader: any bytes give a program or diagnostics, never a crash. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/program.h"
#include "parse/program-yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_diags diags = { 0 };
	struct mb_program *p = mb_program_parse((const char *)data, size, &diags);
	/* Either outcome, never both. */
	if ((p != NULL) != (diags.len == 0))
		__builtin_trap();
	for (size_t i = 0; i < diags.len; i++) {
		const struct mb_diag *d = &diags.items[i];
		if (d->line < 0 || d->column < 0 || d->message[0] == '\0' ||
			memchr(d->message, '\0', sizeof(d->message)) == NULL)
			__builtin_trap();
		for (const char *c = d->message; *c != '\0'; c++) {
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				__builtin_trap();
		}
	}
	if (p == NULL)
		return 0;
	/* A program that loads has 1 to MB_PROGRAM_DAYS_MAX days, each with a plan in the limits. */
	if (p->days < 1 || p->days > MB_PROGRAM_DAYS_MAX)
		__builtin_trap();
	struct mb_program_day day;
	for (unsigned d = 1; d <= p->days; d++) {
		if (!mb_program_day(p, d, &day) || day.routines_len < 1 ||
			day.routines_len > MB_PROGRAM_DAY_ROUTINES_MAX ||
			day.minutes < MB_PROGRAM_MINUTES_MIN ||
			day.minutes > MB_PROGRAM_MINUTES_MAX)
			__builtin_trap();
		/* Whatever was done today, the next routine is one of the day's. */
		size_t next = mb_program_next(&day, day.routines, day.routines_len);
		if (next >= day.routines_len ||
			mb_program_done_count(&day, day.routines, day.routines_len) !=
				day.routines_len)
			__builtin_trap();
	}
	if (mb_program_day(p, p->days + 1, &day))
		__builtin_trap();
	mb_program_destroy(p);
	return 0;
}

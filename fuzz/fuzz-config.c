/* libFuzzer target for the config.ini loader: any bytes give settings or line-numbered problems. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/config.h"
#include "parse/config-ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_config cfg;
	mb_config_init(&cfg);
	struct mb_diags diags = { 0 };
	int ret = mb_config_ini_parse(&cfg, (const char *)data, size, &diags);
	if (ret == -ENOMEM)
		return 0;
	if ((ret == 0) != (diags.len == 0))
		__builtin_trap();
	/* Count the lines, so every problem can be checked to name one that exists. */
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	for (size_t i = 0; i < diags.len; i++) {
		const struct mb_diag *d = &diags.items[i];
		if (d->line < 0 || d->line > lines || d->message[0] == '\0' ||
			memchr(d->message, '\0', sizeof(d->message)) == NULL)
			__builtin_trap();
		if (i > 0 && d->line < diags.items[i - 1].line)
			__builtin_trap();
		for (const char *c = d->message; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				__builtin_trap();
	}
	/* Whatever was accepted stays within the limits the scheduler relies on. */
	const int64_t durations[] = {
		cfg.movement_every_us,
		cfg.micro_every_us,
		cfg.micro_duration_us,
		cfg.natural_break_us,
		cfg.lull_us,
		cfg.max_wait_us,
		cfg.remind_us,
		cfg.postpone_delay_us,
	};
	for (size_t i = 0; i < sizeof(durations) / sizeof(durations[0]); i++)
		if (durations[i] < 0 || durations[i] > MB_CONFIG_DURATION_MAX_US)
			__builtin_trap();
	if (cfg.postpone_max > MB_CONFIG_POSTPONE_MAX || cfg.hours_start_us < 0 ||
		cfg.hours_start_us >= MB_DAY_US || cfg.hours_end_us < 0 ||
		cfg.hours_end_us > MB_DAY_US ||
		memchr(cfg.movement_routine, '\0', sizeof(cfg.movement_routine)) == NULL ||
		memchr(cfg.micro_routine, '\0', sizeof(cfg.micro_routine)) == NULL)
		__builtin_trap();
	return 0;
}

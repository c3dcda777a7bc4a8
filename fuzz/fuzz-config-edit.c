/* libFuzzer target for editing config.ini: a text that loads still loads after a change, once. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "parse/config-edit.h"
#include "parse/config-ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Good values of a few kinds, and the keys they go to; the first input byte picks the pair. */
static const struct mb_config_change changes[] = {
	{ "movement", "every", "20m" },
	{ "movement", "routine", "rotate" },
	{ "micro", "every", "0" },
	{ "schedule", "days", "" },
	{ "schedule", "hours", "09:00-17:00" },
	{ "dnd", "calls", "off" },
	{ "stats", "goal", "5" },
	{ "voice", "name", "en-us" },
};

#define CHANGES (sizeof(changes) / sizeof(changes[0]))

static int load(const char *buf, size_t len)
{
	struct mb_config cfg;
	mb_config_init(&cfg);
	struct mb_diags diags = { 0 };
	return mb_config_ini_parse(&cfg, buf, len, &diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct mb_config_change pick[2] = {
		changes[data[0] % CHANGES],
		changes[(data[0] / CHANGES) % CHANGES],
	};
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	char *out = NULL, *again = NULL;
	size_t out_len = 0, again_len = 0;
	int rewritten[2];
	if (mb_config_ini_edit(text, len, pick, 2, &out, &out_len, rewritten) < 0)
		return 0;
	/* A line the edit says it rewrote is one of the text's lines. */
	int lines = 1;
	bool indented = false;
	for (size_t i = 0; i < len; i++) {
		lines += text[i] == '\n';
		if ((i == 0 || text[i - 1] == '\n') && strchr(" \t\v\f\r", text[i]))
			indented = true;
	}
	for (size_t i = 0; i < 2; i++)
		if (rewritten[i] < 0 || rewritten[i] > lines)
			__builtin_trap();
	/*
	 * A text the loader takes whole, it takes whole after the edit too, unless
	 * a longer value pushed a kept comment past the longest line it reads.
	 */
	size_t longest = 0, run = 0;
	for (size_t i = 0; i < out_len; i++) {
		run = out[i] == '\n' ? 0 : run + 1;
		longest = run > longest ? run : longest;
	}
	/*
	 * An added key can make libinih join an indented line after it to its
	 * value; mb_settings_write() then refuses, naming the line. Such texts
	 * are left out of the two checks below.
	 */
	if (indented)
		goto out;
	if (load(text, len) == 0 && out_len <= MB_CONFIG_MAX_BYTES && longest < 190 &&
		load(out, out_len) != 0)
		__builtin_trap();
	/* Making the same change again changes nothing more. */
	if (mb_config_ini_edit(out, out_len, pick, 2, &again, &again_len, NULL) == 0 &&
		(again_len != out_len || memcmp(again, out, out_len) != 0))
		__builtin_trap();
out:
	free(again);
	free(out);
	return 0;
}

/* The prompt's words: one place for what the notification says. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/prompt.h"

void mb_prompt_text(enum mb_break_kind brk, const char *offer, const char *challenge,
	const char *streak, char *title, size_t title_len, char *body, size_t body_len)
{
	snprintf(title, title_len, "%s",
		brk == MB_BREAK_MICRO ? "Time for a micro-reset" : "Time for a movement break");
	const char *text = brk == MB_BREAK_MICRO ?
		"Thirty seconds of shoulder rolls: up, back and down, slowly." :
		"A few minutes to wake up the shoulder blades and take the load off your neck.";
	if (offer && offer[0])
		text = offer;
	bool has_challenge = challenge && challenge[0], has_streak = streak && streak[0];
	snprintf(body, body_len, "%s%s%s%s%s", text, has_challenge ? "\n" : "",
		has_challenge ? challenge : "", has_streak ? "\n" : "", has_streak ? streak : "");
}

int mb_prompt_offer(const char *day_line, const char *title, int64_t length_us, char *out,
	size_t len)
{
	int64_t s = (length_us + 500000) / 1000000;
	char length[32];
	if (s < 90)
		snprintf(length, sizeof(length), "%lld s", (long long)s);
	else
		snprintf(length, sizeof(length), "%lld min", (long long)((s + 30) / 60));
	bool day = day_line && day_line[0];
	return snprintf(out, len, "%s%s%s \xc2\xb7 %s", day ? day_line : "",
		day ? " \xc2\xb7 " : "", title ? title : "", length);
}

/* What a prompt says: its title and body, with where the challenge and the streak stand. */
#ifndef MB_CORE_PROMPT_H
#define MB_CORE_PROMPT_H

#include <stddef.h>
#include <stdint.h>

#include "core/history.h"

/**
 * Fill title and body for the prompt of a break of kind brk. offer, when
 * not NULL or "", is what the break will run, such as a program's "Day 5 of
 * 30 · Neck release": it opens the body in place of the general words about
 * the shoulder blades, which fit only the default routine. challenge and
 * streak ("Challenge day 12 of 30: 2 of 3 breaks done", "Streak: 4 days in a
 * row ..."), when not NULL or "", go on lines of their own after it.
 */
void mb_prompt_text(enum mb_break_kind brk, const char *offer, const char *challenge,
	const char *streak, char *title, size_t title_len, char *body, size_t body_len);

/**
 * The offer line of a prompt: the routine's title and the break's length,
 * after a program's day when day_line is not NULL or "": "Shoulder reset ·
 * 4 min", "Day 5 of 30 · Neck release · 2 min", "Micro reset · 29 s". A
 * length under a minute and a half is in seconds, a longer one in whole
 * minutes. Returns what snprintf returns.
 */
int mb_prompt_offer(const char *day_line, const char *title, int64_t length_us, char *out,
	size_t len);

#endif

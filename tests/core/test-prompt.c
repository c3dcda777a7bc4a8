/* The prompt's words: the offer line with the routine and its length, and the body around it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/prompt.h"

#define S(x) ((int64_t)1000000 * (x))

static void test_offer_names_the_routine_and_its_length(void **state)
{
	static const struct {
		const char *day, *title;
		int64_t length_us;
		const char *want;
	} cases[] = {
		{ NULL, "Shoulder reset", S(240), "Shoulder reset \xc2\xb7 4 min" },
		{ "", "Shoulder reset", S(285), "Shoulder reset \xc2\xb7 5 min" },
		{ "Day 5 of 30", "Neck release", S(138),
			"Day 5 of 30 \xc2\xb7 Neck release \xc2\xb7 2 min" },
		{ NULL, "Micro reset", S(29), "Micro reset \xc2\xb7 29 s" },
		/* Under a minute and a half in seconds; from there on in whole minutes. */
		{ NULL, "Eye rest", S(89), "Eye rest \xc2\xb7 89 s" },
		{ NULL, "Eye rest", S(90), "Eye rest \xc2\xb7 2 min" },
		{ NULL, "Eye rest", S(149), "Eye rest \xc2\xb7 2 min" },
		{ NULL, "Eye rest", S(150), "Eye rest \xc2\xb7 3 min" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[128];
		mb_prompt_offer(cases[i].day, cases[i].title, cases[i].length_us, out, sizeof(out));
		assert_string_equal(out, cases[i].want);
	}
}

static void test_body_opens_with_the_offer_then_challenge_and_streak(void **state)
{
	char title[64], body[256];
	mb_prompt_text(MB_BREAK_MOVEMENT, "Shoulder reset \xc2\xb7 4 min", "Challenge day 2 of 30",
		"Streak: 3 days", title, sizeof(title), body, sizeof(body));
	assert_string_equal(title, "Time for a movement break");
	assert_string_equal(body,
		"Shoulder reset \xc2\xb7 4 min\nChallenge day 2 of 30\nStreak: 3 days");
	mb_prompt_text(MB_BREAK_MICRO, "", NULL, "", title, sizeof(title), body, sizeof(body));
	assert_string_equal(title, "Time for a micro-reset");
	assert_true(strstr(body, "shoulder rolls") != NULL && strchr(body, '\n') == NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offer_names_the_routine_and_its_length),
		cmocka_unit_test(test_body_opens_with_the_offer_then_challenge_and_streak),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Tests for the config.ini loader: the [dnd] switches load, and a bad one is reported at its line. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/config-ini.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

struct ini_case {
	const char *name, *text;
	int ret;
	/* The switches after loading: fullscreen, inhibitors, desktop, calls. */
	bool fullscreen, inhibitors, desktop, calls;
	/* On failure: the line the one problem is reported at, and words its message must hold. */
	int line;
	const char *needle;
};

static const struct ini_case cases[] = {
	{ "ini_no_dnd_section_keeps_every_source", "[movement]\nevery = 50m\n", 0, true, true, true,
		true, 0, NULL },
	{ "ini_dnd_switches_load",
		"[dnd]\nfullscreen = false\ninhibitors = no\ndesktop = off\ncalls = 0\n", 0, false,
		false, false, false, 0, NULL },
	{ "ini_dnd_switches_load_on", "[dnd]\nfullscreen = yes\ncalls = on ; a comment\n", 0, true,
		true, true, true, 0, NULL },
	{ "ini_bad_dnd_switch_names_its_line",
		"[movement]\nevery = 50m\n[dnd]\ncalls = sometimes\n", -EINVAL, true, true, true,
		true, 4, "dnd.calls: 'sometimes' is not a switch" },
	{ "ini_unknown_dnd_key_names_its_line", "[dnd]\nfullscreen = off\nmeeting = off\n", -EINVAL,
		false, true, true, true, 3, "unknown key 'meeting' in section [dnd]" },
	{ "ini_key_set_twice_names_both_lines_and_keeps_the_first",
		"[dnd]\ncalls = off\ndesktop = on\ncalls = on\n", -EINVAL, true, true, true, false,
		4, "dnd.calls is set twice, on line 2 and here" },
	{ "ini_key_set_again_in_a_second_section_of_the_same_name",
		"[dnd]\ncalls = off\n[movement]\nevery = 5m\n[dnd]\ncalls = on\n", -EINVAL, true,
		true, true, false, 6, "dnd.calls is set twice, on line 2 and here" },
	{ "ini_indented_line_after_a_key_is_refused_not_joined",
		"[dnd]\ncalls = off\n  desktop = off\n", -EINVAL, true, true, true, false, 3,
		"an indented line is read as more of dnd.calls" },
	{ "ini_indented_first_key_of_a_section_is_fine", "[dnd]\n  calls = off\n", 0, true, true,
		true, false, 0, NULL },
};

static void test_ini(void **state)
{
	const struct ini_case *c = *state;
	struct mb_config cfg;
	mb_config_init(&cfg);
	struct mb_diags diags = { 0 };
	size_t len = strlen(c->text);
	/* A buffer of exactly the file's length: the loader must not need a NUL. */
	char *copy = malloc(len);
	assert_non_null(copy);
	memcpy(copy, c->text, len);
	int ret = mb_config_ini_parse(&cfg, copy, len, &diags);
	free(copy);
	assert_int_equal(ret, c->ret);
	assert_int_equal(cfg.dnd_fullscreen, c->fullscreen);
	assert_int_equal(cfg.dnd_inhibitors, c->inhibitors);
	assert_int_equal(cfg.dnd_desktop, c->desktop);
	assert_int_equal(cfg.dnd_calls, c->calls);
	if (ret == 0) {
		assert_int_equal(diags.len, 0);
		return;
	}
	assert_int_equal(diags.len, 1);
	assert_int_equal(diags.items[0].line, c->line);
	if (!strstr(diags.items[0].message, c->needle))
		fail_msg("message '%s' lacks '%s'", diags.items[0].message, c->needle);
}

/* A routine list is split and trimmed, its line kept; rotate stands alone. */
static void test_routine_list_is_split_and_its_line_kept(void **state)
{
	const char *text = "[movement]\nroutine = shoulder-reset ,chest-opener,  neck-release\n"
			   "[micro]\nroutine = rotate\n";
	struct mb_config cfg;
	mb_config_init(&cfg);
	struct mb_diags diags = { 0 };
	assert_int_equal(mb_config_ini_parse(&cfg, text, strlen(text), &diags), 0);
	assert_int_equal(cfg.movement_routine_line, 2);
	assert_int_equal(cfg.micro_routine_line, 4);
	char names[MB_CONFIG_ROUTINES_MAX][MB_CONFIG_NAME_MAX], err[160];
	bool rotate = true;
	assert_int_equal(mb_config_routine_split(cfg.movement_routine, names,
				 MB_CONFIG_ROUTINES_MAX, &rotate, err, sizeof(err)),
		3);
	assert_false(rotate);
	assert_string_equal(names[0], "shoulder-reset");
	assert_string_equal(names[1], "chest-opener");
	assert_string_equal(names[2], "neck-release");
	assert_int_equal(mb_config_routine_split(cfg.micro_routine, names, MB_CONFIG_ROUTINES_MAX,
				 &rotate, err, sizeof(err)),
		0);
	assert_true(rotate);
	assert_int_equal(mb_config_routine_split("a, b, c", names, 2, &rotate, err, sizeof(err)),
		-EINVAL);
	assert_non_null(strstr(err, "more than 2 routines"));
	assert_int_equal(mb_config_routine_split("a,", names, 4, &rotate, err, sizeof(err)),
		-EINVAL);
	assert_non_null(strstr(err, "empty"));
	assert_int_equal(mb_config_routine_split("rotate, a", names, 4, &rotate, err, sizeof(err)),
		-EINVAL);
	assert_false(rotate);
}

int main(void)
{
	struct CMUnitTest tests[LEN(cases) + 1];
	for (size_t i = 0; i < LEN(cases); i++)
		tests[i] = (struct CMUnitTest){ .name = cases[i].name,
			.test_func = test_ini,
			.initial_state = (void *)&cases[i] };
	tests[LEN(cases)] = (struct CMUnitTest)cmocka_unit_test(
		test_routine_list_is_split_and_its_line_kept);
	return _cmocka_run_group_tests("parse-config-ini", tests, LEN(cases) + 1, NULL, NULL);
}

/* Tests for changing config.ini: values checked by the loader's parser, real files rewritten. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/readfile.h"
#include "app/settings.h"
#include "parse/config-ini.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static char dir[4096];

static void path_in(char *buf, size_t len, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", dir, name);
	assert_true(n > 0 && (size_t)n < len);
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* The whole file as a string (the tests' files hold no NUL). */
static char *get_file(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(mb_read_file(path, 1 << 20, &buf, &len), 0);
	char *text = strndup(buf ? buf : "", len);
	free(buf);
	assert_non_null(text);
	return text;
}

struct check_case {
	const char *name, *section, *key, *value;
	int ret;
	const char *needle;
};

static const struct check_case check_cases[] = {
	{ "check_good_duration", "movement", "every", "20m", 0, NULL },
	{ "check_bad_duration_gives_the_parsers_message", "movement", "every", "20x", -EINVAL,
		"'20x' is not a duration (like 90s, 5m or 1h30m) at column 3" },
	{ "check_too_short_interval", "prompt", "remind", "500ms", -EINVAL, NULL },
	{ "check_unknown_key", "movement", "often", "1", -EINVAL,
		"unknown key 'often' in section [movement]" },
	{ "check_unknown_section", "tray2", "enabled", "1", -EINVAL, "unknown section [tray2]" },
	{ "check_unknown_routine_is_refused_as_the_loader_does", "movement", "routine",
		"no-such-routine", -EINVAL, "no routine named 'no-such-routine'" },
	{ "check_known_routine_list", "movement", "routine", "shoulder-reset, micro-reset", 0,
		NULL },
	{ "check_empty_days_is_every_day", "schedule", "days", "", 0, NULL },
	{ "check_bad_days", "schedule", "days", "mon-fry", -EINVAL, "at column 5" },
	{ "check_semicolon_after_a_space_would_be_a_comment", "prompt", "break_command",
		"true ; echo", -EINVAL, "would begin a comment" },
	{ "check_space_at_the_end_is_refused", "postpone", "max", "3 ", -EINVAL, NULL },
	{ "check_command_too_long_for_a_line", "prompt", "break_command",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		-EINVAL, "the line is longer than" },
};

static void test_check(void **state)
{
	const struct check_case *c = *state;
	char err[200] = "unset";
	assert_int_equal(mb_settings_check(c->section, c->key, c->value, err, sizeof(err)), c->ret);
	if (c->ret == 0)
		assert_string_equal(err, "");
	else
		assert_true(err[0] != '\0');
	if (c->needle && !strstr(err, c->needle))
		fail_msg("'%s' does not hold '%s'", err, c->needle);
	/* The message is the field's: the key is not named in front of it again. */
	char name[64];
	snprintf(name, sizeof(name), "%s.%s:", c->section, c->key);
	assert_null(strstr(err, name));
}

/* Every key has a default that checks and gives mb_config_init()'s value, and an explanation. */
static void test_every_key_described(void **state)
{
	(void)state;
	assert_true(mb_config_key_count() > 20);
	struct mb_config_key_info info;
	for (size_t i = 0; i < mb_config_key_count(); i++) {
		assert_true(mb_config_key_describe(i, &info));
		assert_int_equal(mb_config_key_index(info.section, info.name), (int)i);
		assert_non_null(info.help);
		assert_true(strlen(info.help) > 10);
		assert_null(strchr(info.help, '\n'));
		char err[200];
		if (mb_settings_check(info.section, info.name, info.default_text, err,
			    sizeof(err)) != 0)
			fail_msg("%s.%s: default '%s': %s", info.section, info.name,
				info.default_text, err);
		struct mb_config a, b;
		mb_config_init(&a);
		memcpy(&b, &a, sizeof(a));
		assert_int_equal(mb_config_set(&b, info.section, info.name, info.default_text, err,
					 sizeof(err)),
			0);
		if (memcmp(&a, &b, sizeof(a)) != 0)
			fail_msg("%s.%s: '%s' is not the default", info.section, info.name,
				info.default_text);
	}
	assert_false(mb_config_key_describe(mb_config_key_count(), &info));
}

/* README's table of keys and the parser's keys are the same set. */
static void test_readme_documents_every_key(void **state)
{
	(void)state;
	const char *root = getenv("MB_SOURCE_ROOT");
	if (!root)
		skip();
	char path[4096];
	snprintf(path, sizeof(path), "%s/README.md", root);
	char *readme = get_file(path);
	struct mb_config_key_info info;
	for (size_t i = 0; mb_config_key_describe(i, &info); i++) {
		char row[128];
		snprintf(row, sizeof(row), "\n| `%s.%s` |", info.section, info.name);
		if (!strstr(readme, row))
			fail_msg("README.md has no row for %s.%s", info.section, info.name);
	}
	for (const char *p = strstr(readme, "\n| `"); p; p = strstr(p + 1, "\n| `")) {
		char section[64], key[64];
		if (sscanf(p, "\n| `%63[a-z_].%63[a-z_]` |", section, key) == 2 &&
			mb_config_key_index(section, key) < 0)
			fail_msg("README.md documents %s.%s, which config.ini has not", section,
				key);
	}
	free(readme);
}

struct write_case {
	const char *name, *before;
	struct mb_config_change changes[2];
	int ret;
	/* The file after (NULL: as before); words the error must hold. */
	const char *after, *needle;
};

static const struct write_case write_cases[] = {
	{ "write_keeps_comments_order_and_unknown_sections",
		"; mine\n[movement]\nevery = 50m ; the break\n\n[tray]\nenabled = true\n"
		"[micro]\nevery = 20m\nsparkle = yes\n",
		{ { "movement", "every", "20m" }, { "micro", "every", "0" } }, 0,
		"; mine\n[movement]\nevery = 20m ; the break\n\n[tray]\nenabled = true\n"
		"[micro]\nevery = 0\nsparkle = yes\n",
		NULL },
	{ "write_crlf_file", "[movement]\r\nevery = 50m\r\n",
		{ { "movement", "every", "20m" }, { "stats", "goal", "4" } }, 0,
		"[movement]\r\nevery = 20m\r\n\r\n[stats]\r\ngoal = 4\r\n", NULL },
	{ "write_file_without_final_newline", "[movement]\nevery = 50m",
		{ { "movement", "routine", "rotate" } }, 0,
		"[movement]\nevery = 50m\nroutine = rotate\n", NULL },
	{ "write_missing_section_is_added", "[movement]\nevery = 50m\n",
		{ { "dnd", "calls", "off" } }, 0, "[movement]\nevery = 50m\n\n[dnd]\ncalls = off\n",
		NULL },
	{ "write_bad_value_is_refused_and_the_file_untouched", "[movement]\nevery = 50m\n",
		{ { "movement", "every", "20m" }, { "micro", "every", "soon" } }, -EINVAL, NULL,
		"micro.every: 'soon' is not a duration" },
	{ "write_file_that_does_not_parse_is_refused_with_its_line",
		"[movement]\nevery = 50m\nthis is not a key\n", { { "movement", "every", "20m" } },
		-EINVAL, NULL, "config.ini:3: expected 'key = value'" },
	{ "write_bad_value_elsewhere_in_the_file_is_refused",
		"[movement]\nevery = 50m\n[micro]\nevery = banana\n",
		{ { "movement", "every", "20m" } }, -EINVAL, NULL, "config.ini:4: micro.every:" },
	{ "write_fixes_the_bad_value_it_replaces", "[movement]\nevery = banana ; fix me\n",
		{ { "movement", "every", "20m" } }, 0, "[movement]\nevery = 20m    ; fix me\n",
		NULL },
	{ "write_key_set_twice_is_refused", "[movement]\nevery = 50m\nevery = 40m\n",
		{ { "movement", "every", "20m" } }, -EINVAL, NULL, "set twice" },
};

static void test_write(void **state)
{
	const struct write_case *c = *state;
	char path[4096];
	path_in(path, sizeof(path), "config.ini");
	put_file(path, c->before);
	size_t n = c->changes[1].section ? 2 : 1;
	char written[4096], err[300];
	assert_int_equal(mb_settings_write(path, c->changes, n, written, sizeof(written), err,
				 sizeof(err)),
		c->ret);
	char *after = get_file(path);
	assert_string_equal(after, c->after ? c->after : c->before);
	if (c->needle && !strstr(err, c->needle))
		fail_msg("'%s' does not hold '%s'", err, c->needle);
	if (c->ret == 0)
		assert_string_equal(written, path);
	free(after);
	unlink(path);
}

static void test_write_keeps_mode_and_leaves_no_temporary(void **state)
{
	(void)state;
	char path[4096];
	path_in(path, sizeof(path), "config.ini");
	put_file(path, "[movement]\nevery = 50m\n");
	assert_int_equal(chmod(path, 0640), 0);
	struct mb_config_change change = { "movement", "every", "20m" };
	char err[300];
	assert_int_equal(mb_settings_write(path, &change, 1, NULL, 0, err, sizeof(err)), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	char cmd[8192];
	snprintf(cmd, sizeof(cmd), "test \"$(ls -A '%s')\" = config.ini", dir);
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

static void test_write_through_a_link_writes_its_file(void **state)
{
	(void)state;
	char target[4096], link_path[4096];
	path_in(target, sizeof(target), "real.ini");
	path_in(link_path, sizeof(link_path), "config.ini");
	put_file(target, "[movement]\nevery = 50m\n");
	assert_int_equal(symlink("real.ini", link_path), 0);
	struct mb_config_change change = { "movement", "every", "20m" };
	char written[4096], err[300];
	assert_int_equal(mb_settings_write(link_path, &change, 1, written, sizeof(written), err,
				 sizeof(err)),
		0);
	struct stat st;
	assert_int_equal(lstat(link_path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_non_null(strstr(written, "real.ini"));
	char *after = get_file(target);
	assert_string_equal(after, "[movement]\nevery = 20m\n");
	free(after);
	unlink(link_path);
	unlink(target);
}

static void test_write_makes_a_missing_file_and_folder(void **state)
{
	(void)state;
	char path[4096];
	path_in(path, sizeof(path), "movebreak/config.ini");
	struct mb_config_change change = { "movement", "every", "20m" };
	char err[300];
	assert_int_equal(mb_settings_write(path, &change, 1, NULL, 0, err, sizeof(err)), 0);
	char *after = get_file(path);
	assert_string_equal(after, "[movement]\nevery = 20m\n");
	free(after);
	unlink(path);
	path_in(path, sizeof(path), "movebreak");
	rmdir(path);
}

int main(void)
{
	char tmpl[] = "/tmp/movebreak-settings.XXXXXX";
	if (!mkdtemp(tmpl))
		return 1;
	snprintf(dir, sizeof(dir), "%s", tmpl);
	/* The catalogue looks for the user's routines here: an empty folder has none. */
	setenv("XDG_CONFIG_HOME", dir, 1);
	struct CMUnitTest tests[LEN(check_cases) + LEN(write_cases) + 5];
	size_t t = 0;
	for (size_t i = 0; i < LEN(check_cases); i++)
		tests[t++] = (struct CMUnitTest){ .name = check_cases[i].name,
			.test_func = test_check,
			.initial_state = (void *)&check_cases[i] };
	for (size_t i = 0; i < LEN(write_cases); i++)
		tests[t++] = (struct CMUnitTest){ .name = write_cases[i].name,
			.test_func = test_write,
			.initial_state = (void *)&write_cases[i] };
	tests[t++] = (struct CMUnitTest){ .name = "every_key_has_a_default_and_an_explanation",
		.test_func = test_every_key_described };
	tests[t++] = (struct CMUnitTest){ .name = "readme_documents_every_key",
		.test_func = test_readme_documents_every_key };
	tests[t++] = (struct CMUnitTest){ .name = "write_keeps_mode_and_leaves_no_temporary",
		.test_func = test_write_keeps_mode_and_leaves_no_temporary };
	tests[t++] = (struct CMUnitTest){ .name = "write_through_a_link_writes_its_file",
		.test_func = test_write_through_a_link_writes_its_file };
	tests[t++] = (struct CMUnitTest){ .name = "write_makes_a_missing_file_and_folder",
		.test_func = test_write_makes_a_missing_file_and_folder };
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return failed;
}

/* The [voice] keys of config.ini: defaults, values that load, and bad names at their line. */
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

static int parse(struct mb_config *cfg, const char *text, struct mb_diags *diags)
{
	mb_config_init(cfg);
	*diags = (struct mb_diags){ 0 };
	return mb_config_ini_parse(cfg, text, strlen(text), diags);
}

static void voice_defaults_are_off_with_sound_on(void **state)
{
	struct mb_config cfg;
	mb_config_init(&cfg);
	assert_false(cfg.voice_enabled);
	assert_true(cfg.voice_sound);
	assert_string_equal(cfg.voice_name, "");
	assert_string_equal(cfg.voice_language, "");
}

static void voice_keys_load(void **state)
{
	struct mb_config cfg;
	struct mb_diags diags;
	assert_int_equal(parse(&cfg,
				 "[voice]\nenabled = yes\nname = en+f3\nlanguage = en-GB\n"
				 "sound = off\n",
				 &diags),
		0);
	assert_true(cfg.voice_enabled);
	assert_false(cfg.voice_sound);
	assert_string_equal(cfg.voice_name, "en+f3");
	assert_string_equal(cfg.voice_language, "en-GB");
	/* An empty name means the default voice. */
	assert_int_equal(parse(&cfg, "[voice]\nname =\nlanguage = de\n", &diags), 0);
	assert_string_equal(cfg.voice_name, "");
	assert_string_equal(cfg.voice_language, "de");
	/* Set twice, the name is refused rather than the last one winning. */
	assert_int_equal(parse(&cfg, "[voice]\nname = gmw/en-US\nname =\n", &diags), -EINVAL);
	assert_string_equal(cfg.voice_name, "gmw/en-US");
}

static void bad_voice_name_is_reported_at_its_line(void **state)
{
	struct mb_config cfg;
	struct mb_diags diags;
	assert_int_equal(parse(&cfg, "[voice]\nenabled = true\nname = en us\n", &diags), -EINVAL);
	assert_int_equal(diags.len, 1);
	assert_int_equal(diags.items[0].line, 3);
	assert_non_null(strstr(diags.items[0].message, "voice.name: 'en us' is not a voice name"));
	assert_string_equal(cfg.voice_name, "");
	assert_true(cfg.voice_enabled);

	char text[200];
	snprintf(text, sizeof(text), "[voice]\nlanguage = %080d\n", 0);
	assert_int_equal(parse(&cfg, text, &diags), -EINVAL);
	assert_int_equal(diags.items[0].line, 2);
	assert_non_null(strstr(diags.items[0].message, "too long"));

	assert_int_equal(parse(&cfg, "[voice]\nsound = loud\n", &diags), -EINVAL);
	assert_non_null(strstr(diags.items[0].message, "voice.sound: 'loud' is not a switch"));
	assert_int_equal(parse(&cfg, "[voice]\nspeed = 2\n", &diags), -EINVAL);
	assert_non_null(strstr(diags.items[0].message, "unknown key 'speed' in section [voice]"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(voice_defaults_are_off_with_sound_on),
		cmocka_unit_test(voice_keys_load),
		cmocka_unit_test(bad_voice_name_is_reported_at_its_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The settings model: one table of keys with their defaults, and the checks on each value. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/duration.h"

#define US(s) ((int64_t)MB_US_PER_S * (s))

enum value_kind {
	VALUE_DURATION,
	VALUE_NAME,
	VALUE_COUNT,
	VALUE_DAYS,
	VALUE_HOURS,
	VALUE_COMMAND,
	VALUE_SWITCH,
	VALUE_VOICE,
};

struct key {
	const char *section, *name;
	enum value_kind kind;
	/* Where the value lives in struct mb_config (hours also set the field after it). */
	size_t offset;
	/*
	 * Durations that repeat (an interval, a reminder) must be 0 or at least
	 * a second, so no setting can make the scheduler spin.
	 */
	bool repeats;
	/* The default as config.ini would spell it, and what the key does, in one line. */
	const char *default_text, *help;
};

/* The one list of keys; README.md documents each with the default set in mb_config_init. */
/* clang-format off */
#define KEY(sec, key, value_kind, field, repeating, def, text) { .section = sec, .name = key, \
	.kind = value_kind, .offset = offsetof(struct mb_config, field), .repeats = repeating, \
	.default_text = def, .help = text }
/* clang-format on */

static const struct key keys[] = {
	KEY("movement", "every", VALUE_DURATION, movement_every_us, true, "50m",
		"Active time before a movement break is due; 0 turns movement breaks off."),
	KEY("movement", "routine", VALUE_NAME, movement_routine, false, "shoulder-reset",
		"The routine a movement break offers: a name, a file, a list, or rotate."),
	KEY("micro", "every", VALUE_DURATION, micro_every_us, true, "20m",
		"Active time before a micro-reset is due; 0 turns micro-resets off."),
	KEY("micro", "duration", VALUE_DURATION, micro_duration_us, false, "30s",
		"How long a micro-reset lasts; idle this long counts as one."),
	KEY("micro", "routine", VALUE_NAME, micro_routine, false, "micro-reset",
		"The routine a micro-reset offers: a name, a file, a list, or rotate."),
	KEY("idle", "natural_break", VALUE_DURATION, natural_break_us, false, "5m",
		"Idle this long is a natural break: both timers restart; 0 turns this off."),
	KEY("prompt", "lull", VALUE_DURATION, lull_us, false, "3s",
		"A break due while you type waits for a pause this long; 0 prompts at once."),
	KEY("prompt", "max_wait", VALUE_DURATION, max_wait_us, false, "2m",
		"The longest a due break waits for that pause; 0 waits however long it takes."),
	KEY("prompt", "remind", VALUE_DURATION, remind_us, true, "2m",
		"An unanswered prompt comes again after this much active time; 0: never."),
	KEY("prompt", "break_command", VALUE_COMMAND, break_command, false, MB_CONFIG_BREAK_AUTO,
		"What the daemon runs as a break starts; auto: the break window, else a terminal."),
	KEY("postpone", "delay", VALUE_DURATION, postpone_delay_us, true, "5m",
		"Postpone moves the prompt this much later; 0 turns postponing off."),
	KEY("postpone", "max", VALUE_COUNT, postpone_max, false, "3",
		"Postpones allowed in a row (0 to 100); after that the prompt stands."),
	KEY("schedule", "days", VALUE_DAYS, days, false, "",
		"Working days, such as mon-fri or mon,wed,fri; empty: every day."),
	KEY("schedule", "hours", VALUE_HOURS, hours_start_us, false, "",
		"Working hours, such as 09:00-18:00; empty: all day."),
	KEY("dnd", "fullscreen", VALUE_SWITCH, dnd_fullscreen, false, "true",
		"Hold a due prompt while the active window is full screen."),
	KEY("dnd", "inhibitors", VALUE_SWITCH, dnd_inhibitors, false, "true",
		"Hold a due prompt while a program holds an idle inhibitor (a video, a talk)."),
	KEY("dnd", "desktop", VALUE_SWITCH, dnd_desktop, false, "true",
		"Hold a due prompt while the desktop's own do-not-disturb is on."),
	KEY("dnd", "calls", VALUE_SWITCH, dnd_calls, false, "true",
		"Hold a due prompt while an application records from the microphone or camera."),
	KEY("window", "fullscreen", VALUE_SWITCH, window_fullscreen, false, "false",
		"The break window fills the screen, as --fullscreen does."),
	KEY("tray", "enabled", VALUE_SWITCH, tray_enabled, false, "true",
		"Show movebreak's item in the panel's tray, with the next break and a menu."),
	KEY("stats", "goal", VALUE_COUNT, stats_goal, false, "3",
		"Completed movement breaks a day that meet the daily goal (0 to 100)."),
	KEY("voice", "enabled", VALUE_SWITCH, voice_enabled, false, "false",
		"movebreak now speaks each cue, as --voice does."),
	KEY("voice", "name", VALUE_VOICE, voice_name, false, "",
		"An espeak-ng voice, such as en-us or en+f3; empty: English."),
	KEY("voice", "language", VALUE_VOICE, voice_language, false, "",
		"A language to pick the voice by, such as en-gb, when no name is given."),
	KEY("voice", "sound", VALUE_SWITCH, voice_sound, false, "true",
		"A soft bell at each step change; false: as --quiet does."),
};

static const char *const day_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

void mb_config_init(struct mb_config *cfg)
{
	*cfg = (struct mb_config){
		.movement_every_us = US(50 * 60),
		.micro_every_us = US(20 * 60),
		.micro_duration_us = US(30),
		.natural_break_us = US(5 * 60),
		.lull_us = US(3),
		.max_wait_us = US(2 * 60),
		.remind_us = US(2 * 60),
		.postpone_delay_us = US(5 * 60),
		.postpone_max = 3,
		.days = { true, true, true, true, true, true, true },
		.dnd_fullscreen = true,
		.dnd_inhibitors = true,
		.dnd_desktop = true,
		.dnd_calls = true,
		.tray_enabled = true,
		.stats_goal = 3,
		.voice_sound = true,
	};
	snprintf(cfg->movement_routine, sizeof(cfg->movement_routine), "%s", "shoulder-reset");
	snprintf(cfg->micro_routine, sizeof(cfg->micro_routine), "%s", "micro-reset");
	snprintf(cfg->break_command, sizeof(cfg->break_command), "%s", MB_CONFIG_BREAK_AUTO);
}

bool mb_config_has_schedule(const struct mb_config *cfg)
{
	for (int i = 0; i < 7; i++)
		if (!cfg->days[i])
			return true;
	return cfg->hours_start_us != cfg->hours_end_us;
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Day names are matched without regard to case: "Mon" and "mon" are the same day. */
static int day_index(const char *text, size_t len)
{
	if (len != 3)
		return -1;
	for (int i = 0; i < 7; i++) {
		bool same = true;
		for (size_t j = 0; j < 3; j++)
			same = same && (char)(text[j] | 0x20) == day_names[i][j];
		if (same)
			return i;
	}
	return -1;
}

static int fail_at(size_t at, size_t *error_at)
{
	if (error_at)
		*error_at = at;
	return -EINVAL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int mb_config_days_parse(const char *text, bool days[7], size_t *error_at)
{
	bool out[7] = { false };
	size_t len = strlen(text), pos = 0;
	while (pos < len && is_blank(text[pos]))
		pos++;
	if (pos == len) {
		for (int i = 0; i < 7; i++)
			days[i] = true;
		return 0;
	}
	for (;;) {
		/* One item: a day, or a range of two days; spaces may sit around ',' and '-'. */
		int ends[2] = { -1, -1 };
		for (int side = 0; side < 2; side++) {
			while (pos < len && is_blank(text[pos]))
				pos++;
			size_t start = pos;
			while (pos < len && is_letter(text[pos]))
				pos++;
			ends[side] = day_index(text + start, pos - start);
			if (ends[side] < 0)
				return fail_at(start, error_at);
			while (pos < len && is_blank(text[pos]))
				pos++;
			if (side == 0 && (pos == len || text[pos] != '-')) {
				ends[1] = ends[0];
				break;
			}
			if (side == 0)
				pos++;
		}
		/* "fri-mon" wraps through the weekend, as people say it. */
		for (int d = ends[0];; d = (d + 1) % 7) {
			out[d] = true;
			if (d == ends[1])
				break;
		}
		if (pos == len)
			break;
		if (text[pos] != ',')
			return fail_at(pos, error_at);
		pos++;
	}
	memcpy(days, out, sizeof(out));
	return 0;
}

/* Read "HH:MM" at *pos; 24:00 is allowed only when allow_24 says so. */
static int read_clock(const char *text, size_t len, size_t *pos, bool allow_24, int64_t *out,
	size_t *error_at)
{
	size_t p = *pos;
	int digits[4];
	for (int i = 0; i < 5; i++) {
		if (p + (size_t)i >= len)
			return fail_at(p + (size_t)i, error_at);
		char c = text[p + (size_t)i];
		if (i == 2) {
			if (c != ':')
				return fail_at(p + 2, error_at);
			continue;
		}
		if (c < '0' || c > '9')
			return fail_at(p + (size_t)i, error_at);
		digits[i < 2 ? i : i - 1] = c - '0';
	}
	int h = digits[0] * 10 + digits[1], m = digits[2] * 10 + digits[3];
	if (h > 24 || (h == 24 && (m != 0 || !allow_24)))
		return fail_at(p, error_at);
	if (m > 59)
		return fail_at(p + 3, error_at);
	*out = US((int64_t)h * 3600 + (int64_t)m * 60);
	*pos = p + 5;
	return 0;
}

int mb_config_hours_parse(const char *text, int64_t *start_us, int64_t *end_us, size_t *error_at)
{
	size_t len = strlen(text), pos = 0;
	while (pos < len && is_blank(text[pos]))
		pos++;
	if (pos == len) {
		*start_us = *end_us = 0;
		return 0;
	}
	int64_t start, end;
	if (read_clock(text, len, &pos, false, &start, error_at) < 0)
		return -EINVAL;
	while (pos < len && is_blank(text[pos]))
		pos++;
	if (pos >= len || text[pos] != '-')
		return fail_at(pos, error_at);
	pos++;
	while (pos < len && is_blank(text[pos]))
		pos++;
	size_t end_at = pos;
	if (read_clock(text, len, &pos, true, &end, error_at) < 0)
		return -EINVAL;
	while (pos < len && is_blank(text[pos]))
		pos++;
	if (pos != len)
		return fail_at(pos, error_at);
	/* An empty window would silently mean "never"; that is surely a typo. */
	if (end == start)
		return fail_at(end_at, error_at);
	/* The whole day is no restriction at all; keep one spelling of that. */
	if (start == 0 && end == MB_DAY_US)
		end = 0;
	*start_us = start;
	*end_us = end;
	return 0;
}

bool mb_config_key_describe(size_t i, struct mb_config_key_info *info)
{
	if (i >= sizeof(keys) / sizeof(keys[0]))
		return false;
	*info = (struct mb_config_key_info){
		.section = keys[i].section,
		.name = keys[i].name,
		.default_text = keys[i].default_text,
		.help = keys[i].help,
	};
	return true;
}

size_t mb_config_key_count(void)
{
	return sizeof(keys) / sizeof(keys[0]);
}

int mb_config_key_index(const char *section, const char *key)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].name, key) == 0)
			return (int)i;
	return -1;
}

bool mb_config_has_section(const char *section)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].section, section) == 0)
			return true;
	return false;
}

static const struct key *find_key(const char *section, const char *name, bool *section_known)
{
	*section_known = false;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].section, section) != 0)
			continue;
		*section_known = true;
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	}
	return NULL;
}

static int set_duration(int64_t *field, const char *value, bool repeats, char *err, size_t err_len)
{
	int64_t us;
	size_t at = 0;
	int ret = mb_duration_parse(value, &us, &at);
	if (ret == -ERANGE || (ret == 0 && us > MB_CONFIG_DURATION_MAX_US)) {
		snprintf(err, err_len, "'%s' is too long; at most 24h", value);
		return -EINVAL;
	}
	if (ret < 0) {
		snprintf(err, err_len,
			"'%s' is not a duration (like 90s, 5m or 1h30m) at column %zu", value,
			at + 1);
		return -EINVAL;
	}
	if (repeats && us > 0 && us < MB_US_PER_S) {
		snprintf(err, err_len, "'%s' is too short; use 0 to turn this off, or at least 1s",
			value);
		return -EINVAL;
	}
	*field = us;
	return 0;
}

static int set_name(char *field, const char *value, char *err, size_t err_len)
{
	size_t len = strlen(value);
	if (len == 0) {
		snprintf(err, err_len, "a routine name or file is needed");
		return -EINVAL;
	}
	if (len >= MB_CONFIG_NAME_MAX) {
		snprintf(err, err_len, "the routine name is too long (at most %d bytes)",
			MB_CONFIG_NAME_MAX - 1);
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f) {
			snprintf(err, err_len, "the routine name has a control character");
			return -EINVAL;
		}
	}
	memcpy(field, value, len + 1);
	return 0;
}

int mb_config_routine_split(const char *text, char names[][MB_CONFIG_NAME_MAX], size_t max,
	bool *rotate, char *err, size_t err_len)
{
	*rotate = false;
	size_t count = 0;
	const char *p = text;
	for (;;) {
		const char *comma = strchr(p, ',');
		const char *end = comma ? comma : p + strlen(p);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *last = end;
		while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
			last--;
		size_t len = (size_t)(last - p);
		if (len == 0) {
			snprintf(err, err_len, "%s",
				count == 0 && !comma ? "a routine name or file is needed" :
						       "an entry of the list is empty");
			return -EINVAL;
		}
		if (len >= MB_CONFIG_NAME_MAX) {
			snprintf(err, err_len, "the routine name is too long (at most %d bytes)",
				MB_CONFIG_NAME_MAX - 1);
			return -EINVAL;
		}
		if (count == max) {
			snprintf(err, err_len, "the list names more than %zu routines", max);
			return -EINVAL;
		}
		memcpy(names[count], p, len);
		names[count][len] = '\0';
		if (strcmp(names[count], MB_CONFIG_ROTATE) == 0)
			*rotate = true;
		count++;
		if (!comma)
			break;
		p = comma + 1;
	}
	if (*rotate && count > 1) {
		snprintf(err, err_len,
			"'%s' stands alone: it rotates every built-in that fits; or list the "
			"routines",
			MB_CONFIG_ROTATE);
		*rotate = false;
		return -EINVAL;
	}
	return *rotate ? 0 : (int)count;
}

static int set_command(char *field, const char *value, char *err, size_t err_len)
{
	size_t len = strlen(value);
	if (len == 0) {
		snprintf(err, err_len, "a command is needed");
		return -EINVAL;
	}
	if (len >= MB_CONFIG_COMMAND_MAX) {
		snprintf(err, err_len, "the command is too long (at most %d bytes)",
			MB_CONFIG_COMMAND_MAX - 1);
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f) {
			snprintf(err, err_len, "the command has a control character");
			return -EINVAL;
		}
	}
	memcpy(field, value, len + 1);
	return 0;
}

static int set_count(unsigned *field, const char *value, char *err, size_t err_len)
{
	unsigned n = 0;
	size_t i = 0;
	for (; value[i] >= '0' && value[i] <= '9'; i++) {
		n = n * 10 + (unsigned)(value[i] - '0');
		if (n > MB_CONFIG_POSTPONE_MAX)
			break;
	}
	if (i == 0 || value[i] != '\0' || n > MB_CONFIG_POSTPONE_MAX) {
		snprintf(err, err_len, "'%s' is not a whole number from 0 to %d", value,
			MB_CONFIG_POSTPONE_MAX);
		return -EINVAL;
	}
	*field = n;
	return 0;
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
}

/* The spellings people use for a switch; any case, as INI files in the wild write them. */
static int set_switch(bool *field, const char *value, char *err, size_t err_len)
{
	static const struct {
		const char *text;
		bool on;
	} words[] = {
		{ "true", true },
		{ "yes", true },
		{ "on", true },
		{ "1", true },
		{ "false", false },
		{ "no", false },
		{ "off", false },
		{ "0", false },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t j = 0;
		while (words[i].text[j] && to_lower(value[j]) == words[i].text[j])
			j++;
		if (!words[i].text[j] && !value[j]) {
			*field = words[i].on;
			return 0;
		}
	}
	snprintf(err, err_len, "'%s' is not a switch (true or false, yes or no, on or off, 1 or 0)",
		value);
	return -EINVAL;
}

/*
 * An espeak-ng voice or language name ("en-us", "en+f3", "gmw/en-GB"); empty
 * for the default. Whether espeak-ng has it is checked where it is used.
 */
static int set_voice(char *field, const char *value, char *err, size_t err_len)
{
	size_t len = strlen(value);
	if (len >= MB_CONFIG_VOICE_MAX) {
		snprintf(err, err_len, "the voice name is too long (at most %d bytes)",
			MB_CONFIG_VOICE_MAX - 1);
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		char c = value[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-' || c == '_' || c == '+' || c == '/' ||
			c == '.';
		if (!ok) {
			snprintf(err, err_len,
				"'%s' is not a voice name (like en-us, en+f3 or de) "
				"at column %zu",
				value, i + 1);
			return -EINVAL;
		}
	}
	memcpy(field, value, len + 1);
	return 0;
}

/* Messages quote what the user wrote; control bytes in it must not reach a terminal. */
static void scrub(char *text)
{
	for (unsigned char *p = (unsigned char *)text; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

static int set_value(struct mb_config *cfg, const char *section, const char *key, const char *value,
	char *err, size_t err_len);

int mb_config_set(struct mb_config *cfg, const char *section, const char *key, const char *value,
	char *err, size_t err_len)
{
	if (err_len > 0)
		err[0] = '\0';
	int ret = set_value(cfg, section, key, value, err, err_len);
	if (ret < 0 && err_len > 0)
		scrub(err);
	return ret;
}

static int set_value(struct mb_config *cfg, const char *section, const char *key, const char *value,
	char *err, size_t err_len)
{
	bool section_known;
	const struct key *k = find_key(section, key, &section_known);
	if (!k) {
		if (section_known)
			snprintf(err, err_len, "unknown key '%s' in section [%s]", key, section);
		else
			snprintf(err, err_len, "unknown section [%s]", section);
		return -ENOENT;
	}
	char *field = (char *)cfg + k->offset;
	size_t at = 0;
	switch (k->kind) {
	case VALUE_DURATION:
		return set_duration((int64_t *)(void *)field, value, k->repeats, err, err_len);
	case VALUE_NAME: {
		/* A list is checked whole; which names exist is the catalogue's to say. */
		char names[MB_CONFIG_ROUTINES_MAX][MB_CONFIG_NAME_MAX];
		bool rotate;
		int n = mb_config_routine_split(value, names, MB_CONFIG_ROUTINES_MAX, &rotate, err,
			err_len);
		return n < 0 ? n : set_name(field, value, err, err_len);
	}
	case VALUE_COMMAND:
		return set_command(field, value, err, err_len);
	case VALUE_COUNT:
		return set_count((unsigned *)(void *)field, value, err, err_len);
	case VALUE_SWITCH:
		return set_switch((bool *)(void *)field, value, err, err_len);
	case VALUE_VOICE:
		return set_voice(field, value, err, err_len);
	case VALUE_DAYS:
		if (mb_config_days_parse(value, cfg->days, &at) < 0) {
			snprintf(err, err_len,
				"'%s' is not a list of days (like mon-fri or mon,wed,fri) at column %zu",
				value, at + 1);
			return -EINVAL;
		}
		return 0;
	case VALUE_HOURS:
		if (mb_config_hours_parse(value, &cfg->hours_start_us, &cfg->hours_end_us, &at) <
			0) {
			snprintf(err, err_len,
				"'%s' is not a span of hours (like 09:00-18:00) at column %zu",
				value, at + 1);
			return -EINVAL;
		}
		return 0;
	}
	return -EINVAL;
}

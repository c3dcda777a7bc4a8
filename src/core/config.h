/* The settings model: every scheduling rule of config.ini, its default, and checks on its value. */
#ifndef MB_CORE_CONFIG_H
#define MB_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MB_CONFIG_NAME_MAX 256
#define MB_CONFIG_COMMAND_MAX 1024
/* Every duration setting stays at or below a day: longer is a typo, and sums cannot overflow. */
#define MB_CONFIG_DURATION_MAX_US (INT64_C(24) * 3600 * 1000000)
#define MB_CONFIG_POSTPONE_MAX 100
#define MB_CONFIG_VOICE_MAX 64
#define MB_DAY_US (INT64_C(86400) * 1000000)

/*
 * A duration of 0 turns its rule off (see the README for each key). Plain
 * data: copy it freely.
 */
/*
 * prompt.break_command's default: the break window when movebreak-gui is
 * installed and a display is there, else the terminal coach in
 * x-terminal-emulator. The daemon decides when a break starts.
 */
#define MB_CONFIG_BREAK_AUTO "auto"
/*
 * movement.routine and micro.routine name one routine, a comma-separated
 * list of at most MB_CONFIG_ROUTINES_MAX that rotates break by break, or
 * MB_CONFIG_ROTATE: every built-in whose length fits the kind of break.
 */
#define MB_CONFIG_ROUTINES_MAX 16
#define MB_CONFIG_ROTATE "rotate"

struct mb_config {
	/* [movement] */
	int64_t movement_every_us;
	char movement_routine[MB_CONFIG_NAME_MAX];
	/* [micro] */
	int64_t micro_every_us;
	/* The length of a micro-reset, and the idle time that counts as one. */
	int64_t micro_duration_us;
	char micro_routine[MB_CONFIG_NAME_MAX];
	/* The lines of config.ini that set movement.routine and micro.routine; 0 when not set. */
	int movement_routine_line, micro_routine_line;
	/* [idle] */
	int64_t natural_break_us;
	/* [prompt] */
	int64_t lull_us;
	int64_t max_wait_us;
	int64_t remind_us;
	/* The shell command the daemon runs when a break starts. */
	char break_command[MB_CONFIG_COMMAND_MAX];
	/* [postpone] */
	int64_t postpone_delay_us;
	unsigned postpone_max;
	/* [schedule]: working days, Monday first; all true means every day. */
	bool days[7];
	/*
	 * Working hours as offsets from local midnight, start inclusive, end
	 * exclusive. start == end means all day; end < start runs past midnight
	 * and belongs to the day it starts on.
	 */
	int64_t hours_start_us, hours_end_us;
	/* [dnd]: which do-not-disturb sources the daemon follows; each is on by default. */
	bool dnd_fullscreen, dnd_inhibitors, dnd_desktop, dnd_calls;
	/* [window]: the break window fills the screen. */
	bool window_fullscreen;
	/* [tray]: the daemon offers a tray item with its menu. */
	bool tray_enabled;
	/* [stats]: completed movement breaks a day that meet the daily goal. */
	unsigned stats_goal;
	/*
	 * [voice]: speak the coach's cues (`now --voice`); the espeak-ng voice
	 * name and language ("" for the default); the soft sound at each step.
	 */
	bool voice_enabled, voice_sound;
	char voice_name[MB_CONFIG_VOICE_MAX], voice_language[MB_CONFIG_VOICE_MAX];
};

/** Fill cfg with the defaults of every key. */
void mb_config_init(struct mb_config *cfg);

/**
 * Set section.key to the text value, checking it. On failure nothing changes
 * and a message (without a position) is written to err. Returns 0, -ENOENT
 * for an unknown section or key, or -EINVAL for a bad value.
 */
int mb_config_set(struct mb_config *cfg, const char *section, const char *key, const char *value,
	char *err, size_t err_len);

/**
 * Split a routine setting into its routines: "shoulder-reset, chest-opener"
 * gives two names, trimmed, into names (max of them); one name or file path
 * gives one; "rotate" alone gives 0 with *rotate set. Returns the count, or
 * -EINVAL with a message in err for an empty entry, more than max, or
 * "rotate" among other names.
 */
int mb_config_routine_split(const char *text, char names[][MB_CONFIG_NAME_MAX], size_t max,
	bool *rotate, char *err, size_t err_len);

/** One key of config.ini as a settings page lists it; the strings are static. */
struct mb_config_key_info {
	const char *section, *name;
	/* The default as config.ini spells it ("50m"; "" where empty means every day or all day). */
	const char *default_text;
	/* What the key does, in one line. */
	const char *help;
};

/**
 * Describe the i-th of the mb_config_key_count() keys, in the order the
 * README lists them, into info. Returns false when i is past the last key.
 */
bool mb_config_key_describe(size_t i, struct mb_config_key_info *info);

/** How many keys config.ini has, across all its sections. */
size_t mb_config_key_count(void);

/**
 * Where section.key stands among the mb_config_key_count() keys, from 0, or
 * -1 when there is no such key.
 */
int mb_config_key_index(const char *section, const char *key);

/** True when section names a section of config.ini ("movement"). */
bool mb_config_has_section(const char *section);

/** True when the working days and hours restrict anything. */
bool mb_config_has_schedule(const struct mb_config *cfg);

/**
 * Parse a list of weekdays such as "mon-fri", "mon,wed,fri" or "fri-mon"
 * (ranges may wrap past Sunday) into days[7], Monday first. An empty text
 * means every day. Returns 0 or -EINVAL, with *error_at the 0-based offset of
 * the first bad character.
 */
int mb_config_days_parse(const char *text, bool days[7], size_t *error_at);

/**
 * Parse working hours "HH:MM-HH:MM" (24:00 allowed as an end) into offsets
 * from midnight in microseconds. An empty text means all day (0, 0).
 * Returns 0 or -EINVAL with *error_at as above.
 */
int mb_config_hours_parse(const char *text, int64_t *start_us, int64_t *end_us, size_t *error_at);

#endif

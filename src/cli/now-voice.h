/* Voice for `movebreak now`: the [voice] settings, the live speaker and the WAV hand-over. */
#ifndef MB_CLI_NOW_VOICE_H
#define MB_CLI_NOW_VOICE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"

struct mb_voice_link;

/** How `now` speaks: config.ini's [voice], with the command line on top. */
struct mb_now_voice {
	bool enabled, sound;
	char name[MB_CONFIG_VOICE_MAX], language[MB_CONFIG_VOICE_MAX];
};

/**
 * Fill voice from config.ini's [voice] section (defaults when there is no
 * file). A config file with problems is reported on stderr as FILE:LINE and
 * ignored: a break is never refused over settings it may not use.
 */
void mb_now_voice_load(struct mb_now_voice *voice);

/**
 * Start the speaker (`movebreak-gui speak`) for the routine named name
 * (NULL for the default) fitted to minutes, whose timeline lasts total_us.
 * Returns the link; or NULL with *exit_code 2 for a bad voice (the speaker
 * said why), or NULL with *exit_code 0 when the break should go on
 * silently (why is printed).
 */
struct mb_voice_link *mb_now_voice_start(const struct mb_now_voice *voice, const char *name,
	double minutes, double time_scale, int64_t total_us, int *exit_code);

/**
 * Hand `now --voice-out FILE` to movebreak-gui with the voice settings
 * spelled out. Returns only on failure, with exit code 1.
 */
int mb_now_voice_out(const struct mb_now_voice *voice, const char *name, double minutes,
	const char *path);

#endif

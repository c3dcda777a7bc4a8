/* Voice for `movebreak now`: reading [voice], starting the speaker, handing over the WAV track. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/gui-exec.h"
#include "app/settings.h"
#include "cli/now-voice.h"
#include "coach/voice-link.h"

void mb_now_voice_load(struct mb_now_voice *voice)
{
	struct mb_config cfg;
	struct mb_diags diags = { 0 };
	char path[4096] = "config.ini";
	if (mb_settings_load(NULL, false, &cfg, &diags, path, sizeof(path)) < 0)
		mb_diags_print(stderr, "movebreak now: warning: ", path, &diags);
	*voice = (struct mb_now_voice){ .enabled = cfg.voice_enabled, .sound = cfg.voice_sound };
	snprintf(voice->name, sizeof(voice->name), "%s", cfg.voice_name);
	snprintf(voice->language, sizeof(voice->language), "%s", cfg.voice_language);
}

/* The speaker's options, shared by the live voice and the WAV track. */
struct args {
	char *argv[16];
	int argc;
	char minutes[64], scale[64], total[64], name[MB_CONFIG_VOICE_MAX + 16];
};

static void build_args(struct args *a, const char *program, const char *command,
	const struct mb_now_voice *voice, const char *routine, double minutes)
{
	a->argc = 0;
	a->argv[a->argc++] = (char *)program;
	a->argv[a->argc++] = (char *)command;
	if (routine)
		a->argv[a->argc++] = (char *)routine;
	/* Only a length the user gave: the speaker says nothing of the default either. */
	if (minutes > 0) {
		snprintf(a->minutes, sizeof(a->minutes), "--minutes=%.17g", minutes);
		a->argv[a->argc++] = a->minutes;
	}
	if (voice->name[0]) {
		snprintf(a->name, sizeof(a->name), "--voice=%s", voice->name);
		a->argv[a->argc++] = a->name;
	}
	if (voice->language[0]) {
		a->argv[a->argc++] = "--voice-language";
		a->argv[a->argc++] = (char *)voice->language;
	}
	if (!voice->sound)
		a->argv[a->argc++] = "--quiet";
	a->argv[a->argc] = NULL;
}

struct mb_voice_link *mb_now_voice_start(const struct mb_now_voice *voice, const char *name,
	double minutes, double time_scale, int64_t total_us, int *exit_code)
{
	*exit_code = 0;
	char program[4096];
	if (!mb_gui_find(program, sizeof(program))) {
		fprintf(stderr,
			"movebreak now: --voice needs movebreak-gui, which is not installed "
			"(looked in %s); the break goes on without voice\n",
			program);
		return NULL;
	}
	struct args a;
	build_args(&a, program, "speak", voice, name, minutes);
	snprintf(a.scale, sizeof(a.scale), "--time-scale=%.17g", time_scale);
	snprintf(a.total, sizeof(a.total), "--expect-total-us=%" PRId64, total_us);
	a.argv[a.argc++] = a.scale;
	a.argv[a.argc++] = a.total;
	a.argv[a.argc] = NULL;
	enum mb_voice_link_status status;
	struct mb_voice_link *link = mb_voice_link_start(program, a.argv, &status);
	if (link)
		return link;
	if (status == MB_VOICE_LINK_USAGE)
		*exit_code = 2;
	else
		fprintf(stderr,
			"movebreak now: the voice could not start; "
			"the break goes on without it\n");
	return NULL;
}

int mb_now_voice_out(const struct mb_now_voice *voice, const char *name, double minutes,
	const char *path)
{
	size_t len = strlen(path) + sizeof("--voice-out=");
	char *option = malloc(len);
	if (!option) {
		fprintf(stderr, "movebreak now: out of memory\n");
		return 1;
	}
	snprintf(option, len, "--voice-out=%s", path);
	/* argv[0] is dropped by mb_gui_exec: `voice-out --voice-out=PATH [ROUTINE] OPTIONS`. */
	struct args a;
	build_args(&a, "now", option, voice, name, minutes);
	int code = mb_gui_exec("voice-out", a.argc, a.argv);
	free(option);
	return code;
}

/* `movebreak now --gui`: the break window, a GTK4 front end on the same coaching as the terminal. */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <gtk/gtk.h>
#include <glib-unix.h>

#include "app/args.h"
#include "app/break-choice.h"
#include "app/break-end.h"
#include "app/catalog.h"
#include "app/now-options.h"
#include "app/settings.h"
#include "core/coaching.h"
#include "core/config.h"
#include "core/timeline.h"
#include "gui/commands.h"
#include "gui/window-build.h"
#include "gui/window-input.h"
#include "gui/window-theme.h"
#include "gui/window-tick.h"
#include "gui/window-voice.h"
#include "gui/window.h"
#include "platform/clock.h"

static const char usage[] =
	"Usage: movebreak now [ROUTINE|FILE] --gui [--fullscreen] [--minutes M] [--time-scale F]\n"
	"                     [--no-record] [--from-prompt] [--voice[=NAME]] [--voice-language L]\n"
	"                     [--quiet]\n"
	"\n"
	"Coach a movement break in a window: an animated figure, the cue in large\n"
	"letters, a ring counting down each hold, the rep counter, a breath pacer, why\n"
	"the exercise helps, and the progress of the whole break.\n"
	"\n"
	"Keys: space pause/resume, n or right arrow next step, p or left arrow previous\n"
	"step, l postpone (when the daemon's prompt started the break), s skip,\n"
	"Escape end the break early (asks first; the break is kept as partial).\n"
	"A break stepped through in under half its time is kept as partial too, and one\n"
	"at a --time-scale other than 1 is kept as a demo, outside every count.\n";

int64_t mb_window_offset(const struct mb_window *w)
{
	return mb_coaching_offset(&w->coaching, mb_clock_monotonic_us());
}

const struct mb_cue *mb_window_cue_at(const struct mb_window *w, int64_t offset_us, size_t *index)
{
	size_t i = mb_timeline_cue_at(w->timeline, offset_us);
	if (index)
		*index = i;
	return &w->timeline->cues[i];
}

void mb_window_quit(struct mb_window *w)
{
	if (w->loop && g_main_loop_is_running(w->loop))
		g_main_loop_quit(w->loop);
}

void mb_window_end_break(struct mb_window *w, bool skipped)
{
	if (w->ended)
		return;
	w->ended = true;
	int64_t t = mb_clock_monotonic_us();
	mb_coaching_update(&w->coaching, t);
	w->result.end_boot_us = mb_clock_boottime_us();
	w->result.active_us = mb_coaching_active_us(&w->coaching, t);
	w->result.exercises_done = mb_coaching_exercises_done(&w->coaching);
	w->result.completed = w->coaching.finished;
	w->result.skipped = skipped && !w->coaching.finished;
	w->recorded = mb_break_log_write(&w->log, w->timeline, &w->result,
		w->from_prompt ? MB_SOURCE_PROMPT : MB_SOURCE_MANUAL, stdout);
}

static gboolean on_signal(gpointer data)
{
	struct mb_window *w = data;
	mb_window_end_break(w, false);
	mb_window_quit(w);
	return G_SOURCE_CONTINUE;
}

/* The settings in config.ini; a file with problems is reported and otherwise used. */
static void load_config(struct mb_config *cfg)
{
	struct mb_diags diags = { 0 };
	char path[4096] = "config.ini";
	if (mb_settings_load(NULL, false, cfg, &diags, path, sizeof(path)) < 0)
		mb_diags_print(stderr, "movebreak now: warning: ", path, &diags);
}

int mb_gui_window(int argc, char **argv)
{
	struct mb_now_request req;
	int code = mb_now_request_parse(argc, argv, &req);
	if (req.help)
		fputs(usage, stdout);
	if (code >= 0)
		return code;
	if (req.voice_out) {
		/* movebreak now writes the track itself and never opens a window for it. */
		fprintf(stderr, "movebreak now: --voice-out does not go with --gui\n");
		return MB_EXIT_USAGE;
	}
	/* The [voice] and [window] settings, then the command line over them. */
	struct mb_config cfg;
	load_config(&cfg);
	bool voice = req.voice || cfg.voice_enabled, sound = cfg.voice_sound && !req.quiet;
	const char *voice_name = req.voice_name ? req.voice_name : cfg.voice_name;
	const char *voice_language = req.voice_language ? req.voice_language : cfg.voice_language;
	double scale = req.time_scale;
	struct mb_window w = { .no_record = req.no_record, .from_prompt = req.from_prompt };

	/* As the terminal coach chooses: the routine named, else the program's day or the settings. */
	struct mb_break_choice choice;
	mb_now_choose("now", &req, &choice);
	bool program_minutes = req.minutes <= 0 && choice.minutes > 0;
	double minutes = program_minutes ? choice.minutes : req.minutes;
	code = MB_EXIT_OK;
	w.routine = mb_catalog_load(choice.routine[0] ? choice.routine : NULL, &code);
	if (!w.routine)
		return code;
	mb_break_choice_title(&choice, w.routine->title ? w.routine->title : w.routine->name,
		w.title, sizeof(w.title));
	w.timeline = mb_timeline_create(w.routine,
		mb_args_minutes_level(program_minutes ? NULL : "now", w.routine, minutes));
	if (!w.timeline || w.timeline->cues_len == 0) {
		fprintf(stderr, "movebreak now: out of memory\n");
		code = MB_EXIT_FAILURE;
		goto out_routine;
	}
	bool fullscreen = req.fullscreen || cfg.window_fullscreen;
	const char *debug = getenv("MOVEBREAK_DEBUG");
	w.debug = debug && debug[0];

	if (!gtk_init_check()) {
		fprintf(stderr,
			"movebreak now: cannot open a window on the display "
			"(DISPLAY=%s, WAYLAND_DISPLAY=%s); run without --gui to coach in the terminal\n",
			getenv("DISPLAY") ? getenv("DISPLAY") : "",
			getenv("WAYLAND_DISPLAY") ? getenv("WAYLAND_DISPLAY") : "");
		code = MB_EXIT_FAILURE;
		goto out_timeline;
	}
	mb_break_log_init(&w.log, "now", !w.no_record);
	mb_break_log_begin(&w.log, w.routine->name, scale);
	if (voice) {
		code = mb_window_voice_start(&w, voice_name, voice_language, sound, scale);
		if (code != MB_EXIT_OK)
			goto out_voice;
	}

	GDBusConnection *bus = mb_window_follow_color_scheme(&w);
	mb_window_build(&w, fullscreen);
	mb_window_input_attach(&w);
	w.loop = g_main_loop_new(NULL, FALSE);
	guint signals[] = {
		g_unix_signal_add(SIGINT, on_signal, &w),
		g_unix_signal_add(SIGTERM, on_signal, &w),
		g_unix_signal_add(SIGHUP, on_signal, &w),
	};

	w.result.start_wall_us = mb_clock_wall_us();
	w.result.start_boot_us = mb_clock_boottime_us();
	mb_coaching_start(&w.coaching, w.timeline, mb_clock_monotonic_us(), scale);
	mb_window_refresh(&w);
	gtk_window_present(GTK_WINDOW(w.win));
	g_main_loop_run(w.loop);
	/* Closed by the window manager or the display going away: the break ends here. */
	mb_window_end_break(&w, false);

	for (size_t i = 0; i < G_N_ELEMENTS(signals); i++)
		g_source_remove(signals[i]);
	if (w.close_id)
		g_source_remove(w.close_id);
	mb_window_arm_cue_timer(&w, INT64_MAX);
	mb_window_stop_ticks(&w);
	gtk_window_destroy(GTK_WINDOW(w.win));
	g_main_loop_unref(w.loop);
	g_clear_object(&bus);
out_voice:
	mb_window_voice_stop(&w);
	mb_break_log_finish(&w.log);
out_timeline:
	mb_timeline_destroy(w.timeline);
out_routine:
	mb_routine_destroy(w.routine);
	return code;
}

/* `movebreak now --gui`: the break window, a GTK4 front end on the same coaching as the terminal. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>
#include <glib-unix.h>

#include "app/args.h"
#include "app/break-end.h"
#include "app/catalog.h"
#include "app/now-options.h"
#include "app/settings.h"
#include "core/coaching.h"
#include "core/config.h"
#include "core/duration.h"
#include "core/timeline.h"
#include "gui/commands.h"
#include "platform/clock.h"
#include "render/figure.h"
#include "voice/speech.h"
#include "voice/voice.h"

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
	"Escape end the break early (asks first; the break is kept as partial).\n";

/*
 * The figure moves slowly and calmly: 30 frames a second look as smooth as 60
 * and cost half the drawing. Ticks closer than this to the last drawn frame
 * are let pass.
 */
#define FRAME_MIN_US 30000

/* The closing screen stays this long (clock time) unless a key closes it first. */
#define DONE_SCREEN_MS 3000
#define DBUS_NAME "io.github.movebreak.Daemon"
#define DBUS_PATH "/io/github/movebreak/Daemon"
#define DBUS_INTERFACE "io.github.movebreak.Daemon1"

enum ask {
	ASK_NONE,
	ASK_QUIT,
	ASK_SKIP,
};

struct window {
	struct mb_routine *routine;
	struct mb_timeline *timeline;
	struct mb_coaching coaching;
	struct mb_break_log log;
	struct mb_break_result result;
	bool no_record, from_prompt;
	/* The voice, told of every cue change, seek and pause; NULL for none. */
	struct mb_speech *speech;
	struct mb_voice *voice;
	guint voice_id;
	int64_t voice_at_us;
	size_t voiced_cue;
	bool voiced_paused, voice_resync, voice_warned;

	GtkWidget *win;
	GtkWidget *header, *figure, *stage, *text, *purpose, *progress, *clock, *status;
	GtkWidget *back_button, *pause_button, *next_button, *postpone_button, *skip_button;
	GtkWidget *ask_box, *ask_label, *ask_yes;
	guint tick_id, close_id;
	bool in_tick;
	/* Frame-clock time of the last frame drawn on a tick. */
	int64_t ticked_us;
	/* A timer at the next cue change, for when the frame clock stops (a hidden window). */
	guint cue_id;
	int64_t cue_at_us;
	/* What the labels show now, so they change only when it does. */
	size_t shown_cue;
	int64_t shown_second;
	bool shown_paused, have_shown;
	enum ask asking;
	/* Whether the break ran before a question paused it. */
	bool ask_resume;
	bool done, ended, close_waited;
	/* The break's row was written (see log.why_not when not). */
	bool recorded;
	/* MOVEBREAK_DEBUG: say on stderr when the first frame is drawn (bench/window.py). */
	bool debug, drew;
	GMainLoop *loop;
};

/* ---- the clock and the end of the break ---- */

static int64_t now_us(void)
{
	return mb_clock_monotonic_us();
}

static int64_t offset_now(const struct window *w)
{
	return mb_coaching_offset(&w->coaching, now_us());
}

static void quit_loop(struct window *w)
{
	if (w->loop && g_main_loop_is_running(w->loop))
		g_main_loop_quit(w->loop);
}

/* Write the break to the history and print its summary, once. */
static void end_break(struct window *w, bool skipped)
{
	if (w->ended)
		return;
	w->ended = true;
	int64_t t = now_us();
	mb_coaching_update(&w->coaching, t);
	w->result.end_boot_us = mb_clock_boottime_us();
	w->result.active_us = mb_coaching_active_us(&w->coaching, t);
	w->result.exercises_done = mb_coaching_exercises_done(&w->coaching);
	w->result.completed = w->coaching.finished;
	w->result.skipped = skipped && !w->coaching.finished;
	w->recorded = mb_break_log_write(&w->log, w->timeline, &w->result,
		w->from_prompt ? MB_SOURCE_PROMPT : MB_SOURCE_MANUAL, stdout);
}

static void stop_ticks(struct window *w)
{
	/* Inside the tick callback, returning G_SOURCE_REMOVE does the removing. */
	if (w->tick_id && !w->in_tick)
		gtk_widget_remove_tick_callback(w->figure, w->tick_id);
	w->tick_id = 0;
}

/* ---- the voice ---- */

static gboolean on_voice_timer(gpointer data);

/* Keep one timer armed at the voice's next deadline, and none when it has nothing to say. */
static void arm_voice(struct window *w)
{
	int64_t at_us = w->voice ? mb_voice_next_deadline(w->voice) : INT64_MAX;
	if (w->voice_id && at_us == w->voice_at_us)
		return;
	if (w->voice_id) {
		g_source_remove(w->voice_id);
		w->voice_id = 0;
	}
	w->voice_at_us = at_us;
	if (at_us == INT64_MAX)
		return;
	int64_t delay_us = at_us - now_us();
	guint delay_ms = delay_us <= 0 ? 0 : delay_us > INT64_C(3600000000) ? 3600000 :
		(guint)((delay_us + 999) / 1000);
	w->voice_id = g_timeout_add(delay_ms, on_voice_timer, w);
}

static gboolean on_voice_timer(gpointer data)
{
	struct window *w = data;
	w->voice_id = 0;
	int r = mb_voice_dispatch(w->voice, now_us());
	if (r < 0 && !w->voice_warned) {
		if (r == -ENODEV)
			fprintf(stderr, "movebreak: no sound device; the break goes on without voice\n");
		else
			fprintf(stderr, "movebreak: the voice failed: %s\n", strerror(-r));
		w->voice_warned = true;
	}
	arm_voice(w);
	return G_SOURCE_REMOVE;
}

/* Tell the voice where the break is whenever the cue, the pause or a seek changes it. */
static void sync_voice(struct window *w, size_t cue, int64_t offset_us, bool paused)
{
	if (!w->voice)
		return;
	if (paused == w->voiced_paused && cue == w->voiced_cue && !w->voice_resync)
		return;
	if (paused)
		mb_voice_pause(w->voice);
	else if (mb_voice_on_cue(w->voice, w->timeline, cue, offset_us, now_us()) < 0)
		fprintf(stderr, "movebreak: the voice is out of memory\n");
	w->voiced_paused = paused;
	w->voiced_cue = cue;
	w->voice_resync = false;
	arm_voice(w);
}

/*
 * Speak through espeak-ng, or, when MOVEBREAK_SPEECH_LOG names a file (for
 * tests), through the fake speech that logs what it would say. Returns an
 * exit code: 2 for a voice or language espeak-ng does not know.
 */
static int start_voice(struct window *w, const char *name, const char *language, bool sound,
	double scale)
{
	const char *fake_log = getenv("MOVEBREAK_SPEECH_LOG");
	int error = 0;
	char why[256] = "";
	if (fake_log && fake_log[0]) {
		w->speech = mb_speech_fake_create();
	} else {
		struct mb_speech_voice which = {
			.name = name && name[0] ? name : NULL,
			.language = language && language[0] ? language : NULL,
		};
		w->speech = mb_speech_espeak_create(&which, true, &error, why, sizeof(why));
	}
	if (!w->speech) {
		fprintf(stderr, "movebreak now: %s\n", why[0] ? why : strerror(-error));
		return error == -EINVAL ? MB_EXIT_USAGE : MB_EXIT_FAILURE;
	}
	w->voice = mb_voice_create(w->speech, &(struct mb_voice_options){ .time_scale = scale,
		.step_sound = sound });
	if (!w->voice) {
		fprintf(stderr, "movebreak now: out of memory\n");
		return MB_EXIT_FAILURE;
	}
	w->voiced_cue = SIZE_MAX;
	/* Say before the window opens that nobody will hear it. */
	if (mb_speech_play(w->speech, NULL, 0) == -ENODEV) {
		fprintf(stderr, "movebreak: no sound device; the break goes on without voice\n");
		w->voice_warned = true;
	}
	return MB_EXIT_OK;
}

static void stop_voice(struct window *w)
{
	if (w->voice_id)
		g_source_remove(w->voice_id);
	w->voice_id = 0;
	const char *fake_log = getenv("MOVEBREAK_SPEECH_LOG");
	if (w->speech && fake_log && fake_log[0]) {
		FILE *f = fopen(fake_log, "w");
		if (f) {
			fputs(mb_speech_fake_log(w->speech), f);
			fclose(f);
		}
	}
	mb_voice_destroy(w->voice);
	mb_speech_destroy(w->speech);
	w->voice = NULL;
	w->speech = NULL;
}

/* ---- what the window shows ---- */

static const struct mb_cue *cue_at(const struct window *w, int64_t offset_us, size_t *index)
{
	size_t i = mb_timeline_cue_at(w->timeline, offset_us);
	if (index)
		*index = i;
	return &w->timeline->cues[i];
}

static const struct mb_exercise *cue_exercise(const struct window *w, const struct mb_cue *cue)
{
	if (cue->exercise < 1 || cue->exercise > w->routine->exercises_len)
		return NULL;
	return &w->routine->exercises[cue->exercise - 1];
}

static void format_clock(int64_t us, char *buf, size_t size)
{
	int64_t s = us / MB_US_PER_S;
	snprintf(buf, size, "%d:%02d", (int)(s / 60), (int)(s % 60));
}

/* The theme's text colour; a light one means a dark theme. */
static GdkRGBA theme_fg(GtkWidget *widget)
{
	GdkRGBA fg;
#if GTK_CHECK_VERSION(4, 10, 0)
	gtk_widget_get_color(widget, &fg);
#else
	gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
#endif
	return fg;
}

static bool is_dark(GtkWidget *widget)
{
	GdkRGBA fg = theme_fg(widget);
	return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

/* The calm accent: a sea green that reads on both light and dark backgrounds. */
static void set_accent(cairo_t *cr, bool dark, double alpha)
{
	if (dark)
		cairo_set_source_rgba(cr, 0.45, 0.80, 0.74, alpha);
	else
		cairo_set_source_rgba(cr, 0.13, 0.52, 0.47, alpha);
}

static void set_fg(cairo_t *cr, GtkWidget *widget, double alpha)
{
	GdkRGBA fg = theme_fg(widget);
	cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, fg.alpha * alpha);
}

/* Text centred on (cx, y) in a font size of px logical pixels; returns its height. */
static double draw_text(cairo_t *cr, const char *text, double cx, double y, double px,
	bool bold, double max_w)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_new();
	pango_font_description_set_family(font, "Sans");
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(font, px * PANGO_SCALE);
	pango_layout_set_font_description(layout, font);
	pango_layout_set_text(layout, text, -1);
	int tw, th;
	pango_layout_get_pixel_size(layout, &tw, &th);
	/* Shrink a word that does not fit rather than cut it. */
	if (max_w > 0 && tw > max_w) {
		pango_font_description_set_absolute_size(font, px * max_w / tw * PANGO_SCALE);
		pango_layout_set_font_description(layout, font);
		pango_layout_get_pixel_size(layout, &tw, &th);
	}
	cairo_move_to(cr, cx - tw / 2.0, y);
	pango_cairo_show_layout(cr, layout);
	/* Leave no current point, or the next arc would start with a line from here. */
	cairo_new_path(cr);
	pango_font_description_free(font);
	g_object_unref(layout);
	return th;
}

static void draw_figure(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
	struct window *w = data;
	int64_t offset_us = offset_now(w);
	if (offset_us > w->timeline->total_us)
		offset_us = w->timeline->total_us;
	mb_figure_draw_at(cr, w->timeline, offset_us, 0, 0, width, height,
		is_dark(GTK_WIDGET(area)));
	if (w->debug && !w->drew) {
		fprintf(stderr, "movebreak-gui: first frame drawn, %dx%d\n", width, height);
		w->drew = true;
	}
}

/*
 * The stage: the cue in large letters, a ring that empties as a hold runs
 * down (or as the cue runs, dimmer, outside holds), the seconds in the
 * middle, the rep counter below and the breath pacer under it.
 */
static void draw_stage(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
	struct window *w = data;
	GtkWidget *widget = GTK_WIDGET(area);
	bool dark = is_dark(widget);
	int64_t offset_us = offset_now(w);
	const struct mb_cue *cue = cue_at(w, offset_us, NULL);
	double cx = width / 2.0;
	double unit = fmin(width, height * 0.8);

	if (w->coaching.finished) {
		set_accent(cr, dark, 1);
		draw_text(cr, "WELL DONE", cx, height * 0.35, unit * 0.14, true, width * 0.9);
		return;
	}

	/* The label, or PAUSED in its place. */
	char label[64];
	const char *kind = mb_cue_kind_label(cue->kind);
	size_t i = 0;
	for (; kind[i] && i + 1 < sizeof(label); i++)
		label[i] = (char)g_ascii_toupper(kind[i]);
	label[i] = '\0';
	if (w->coaching.playback.paused) {
		cairo_set_source_rgba(cr, 0.85, 0.55, 0.10, 1);
		snprintf(label, sizeof(label), "PAUSED");
	} else {
		set_accent(cr, dark, 1);
	}
	double y = height * 0.02;
	y += draw_text(cr, label, cx, y, unit * 0.12, true, width * 0.95);

	/* The ring: a hold's countdown in full colour, the cue's in a quieter one. */
	int64_t next_us = INT64_MAX;
	int64_t hold_end_us = mb_cue_hold_end_us(cue);
	int64_t ring_end_us = hold_end_us >= 0 ? hold_end_us : cue->t_us + cue->dur_us;
	int64_t ring_start_us = cue->t_us;
	if (hold_end_us >= 0 && cue->hold_end_us > 0) {
		/* A paced hold spans several breath cues: find where it began. */
		size_t first = (size_t)(cue - w->timeline->cues);
		while (first > 0 && w->timeline->cues[first - 1].hold_end_us == cue->hold_end_us)
			first--;
		ring_start_us = w->timeline->cues[first].t_us;
	}
	double left = ring_end_us > ring_start_us ?
		(double)(ring_end_us - offset_us) / (double)(ring_end_us - ring_start_us) : 0;
	left = fmax(0, fmin(1, left));
	int64_t left_s = mb_countdown_s(ring_end_us, offset_us, &next_us);

	double r = fmin(width * 0.3, height * 0.24);
	double ry = y + unit * 0.04 + r;
	double line = fmax(4, r * 0.12);
	cairo_set_line_width(cr, line);
	set_fg(cr, widget, 0.12);
	cairo_arc(cr, cx, ry, r, 0, 2 * G_PI);
	cairo_stroke(cr);
	set_accent(cr, dark, hold_end_us >= 0 ? 1 : 0.45);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	if (left > 0) {
		cairo_arc(cr, cx, ry, r, -G_PI / 2, -G_PI / 2 + 2 * G_PI * left);
		cairo_stroke(cr);
	}
	char digits[32];
	snprintf(digits, sizeof(digits), "%lld", (long long)left_s);
	set_fg(cr, widget, hold_end_us >= 0 ? 1 : 0.6);
	draw_text(cr, digits, cx, ry - r * 0.45, r * 0.75, true, r * 1.6);
	y = ry + r + line + unit * 0.03;

	/* rep 3 of 8 · breath 1 of 3 · left side */
	char details[256];
	mb_cue_details(cue, " \u00b7 ", details, sizeof(details));
	if (details[0]) {
		set_fg(cr, widget, 0.85);
		y += draw_text(cr, details, cx, y, unit * 0.065, false, width * 0.95);
	}

	/* The breath pacer: a circle that swells on the in-breath and shrinks on the out. */
	double fill = mb_cue_breath_fill(cue, offset_us);
	if (fill >= 0) {
		double pr = fmin(unit * 0.12, (height - y) * 0.4);
		double py = y + pr * 1.3;
		if (pr > 4) {
			set_fg(cr, widget, 0.25);
			cairo_set_line_width(cr, 2);
			cairo_arc(cr, cx, py, pr, 0, 2 * G_PI);
			cairo_stroke(cr);
			set_accent(cr, dark, 0.55);
			cairo_arc(cr, cx, py, pr * (0.25 + 0.75 * fill), 0, 2 * G_PI);
			cairo_fill(cr);
		}
	}
}

static void set_markup(GtkWidget *label, const char *format, ...) G_GNUC_PRINTF(2, 3);

static void set_markup(GtkWidget *label, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	char *markup = g_markup_vprintf_escaped(format, ap);
	va_end(ap);
	gtk_label_set_markup(GTK_LABEL(label), markup);
	g_free(markup);
}

/* A routine's text for a label: {side} and {other} filled in for side, escaped as markup. */
static char *markup_filled(const char *text, enum mb_side side)
{
	char *filled = mb_text_fill_side_dup(text ? text : "", side);
	char *markup = g_markup_escape_text(filled ? filled : "", -1);
	free(filled);
	return markup;
}

/* The labels and buttons for the cue under way: changed only when the cue does. */
static void show_cue(struct window *w, size_t index)
{
	const struct mb_cue *cue = &w->timeline->cues[index];
	const struct mb_exercise *exercise = cue_exercise(w, cue);
	if (exercise)
		set_markup(w->header, "<span size='large'>%s</span>   <b>Exercise %zu of %zu: %s</b>",
			w->routine->title ? w->routine->title : w->routine->name, cue->exercise,
			w->timeline->spans_len, exercise->title);

	GString *text = g_string_new(NULL);
	if (exercise && cue->kind == MB_CUE_PREPARE && exercise->setup_len > 0) {
		for (size_t i = 0; i < exercise->setup_len; i++) {
			char *line = markup_filled(exercise->setup[i], cue->side);
			g_string_append_printf(text, "%s\u2022 %s", i ? "\n" : "", line);
			g_free(line);
		}
	} else {
		char *line = g_markup_escape_text(cue->text ? cue->text : "", -1);
		g_string_append(text, line);
		g_free(line);
	}
	char *markup = g_strdup_printf("<span size='xx-large' weight='bold'>%s</span>", text->str);
	gtk_label_set_markup(GTK_LABEL(w->text), markup);
	g_free(markup);
	g_string_free(text, TRUE);

	GString *why = g_string_new(NULL);
	if (exercise && exercise->purpose) {
		char *p = markup_filled(exercise->purpose, cue->side);
		g_string_append_printf(why, "<b>Why this works:</b> %s", p);
		g_free(p);
	}
	for (size_t i = 0; exercise && i < exercise->variants_len; i++) {
		const struct mb_variant *v = &exercise->variants[i];
		char *t = g_markup_escape_text(v->title ? v->title : v->name ? v->name : "Tip", -1);
		char *f = markup_filled(v->text, cue->side);
		g_string_append_printf(why, "\n<b>%s:</b> %s", t, f);
		g_free(t);
		g_free(f);
	}
	gtk_label_set_markup(GTK_LABEL(w->purpose), why->str);
	g_string_free(why, TRUE);

	gtk_widget_set_sensitive(w->back_button, index > 0 || offset_now(w) > 0);
	gtk_widget_set_sensitive(w->next_button, index + 1 < w->timeline->cues_len);
}

static void show_second(struct window *w, int64_t offset_us)
{
	char elapsed[32], total[32], text[80];
	format_clock(offset_us, elapsed, sizeof(elapsed));
	format_clock(w->timeline->total_us, total, sizeof(total));
	snprintf(text, sizeof(text), "%s / %s", elapsed, total);
	gtk_label_set_text(GTK_LABEL(w->clock), text);
	gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(w->progress), w->timeline->total_us > 0 ?
		fmin(1.0, (double)offset_us / (double)w->timeline->total_us) : 1.0);
}

static void show_paused(struct window *w, bool paused)
{
	gtk_button_set_label(GTK_BUTTON(w->pause_button), paused ? "Resume" : "Pause");
}

static void show_done(struct window *w);

static gboolean on_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data);

static void refresh(struct window *w);

static gboolean on_cue_timer(gpointer data)
{
	struct window *w = data;
	w->cue_id = 0;
	refresh(w);
	return G_SOURCE_REMOVE;
}

/*
 * The frame clock stops while the window is hidden or minimized; this timer
 * still moves the break (and its voice) to the next cue and to its end.
 */
static void arm_cue_timer(struct window *w, int64_t at_us)
{
	if (w->cue_id && at_us == w->cue_at_us)
		return;
	if (w->cue_id) {
		g_source_remove(w->cue_id);
		w->cue_id = 0;
	}
	w->cue_at_us = at_us;
	if (at_us == INT64_MAX)
		return;
	int64_t delay_us = at_us - now_us();
	guint delay_ms = delay_us <= 0 ? 0 : delay_us > INT64_C(3600000000) ? 3600000 :
		(guint)((delay_us + 999) / 1000);
	w->cue_id = g_timeout_add(delay_ms, on_cue_timer, w);
}

/*
 * Bring everything up to now: notice the end, change the labels that
 * changed, and keep the frame clock ticking only while something moves.
 */
static void refresh(struct window *w)
{
	if (w->done)
		return;
	int64_t t = now_us();
	if (mb_coaching_update(&w->coaching, t)) {
		show_done(w);
		return;
	}
	int64_t offset_us = mb_coaching_offset(&w->coaching, t);
	size_t index;
	cue_at(w, offset_us, &index);
	bool paused = w->coaching.playback.paused;
	if (!w->have_shown || index != w->shown_cue)
		show_cue(w, index);
	if (!w->have_shown || offset_us / MB_US_PER_S != w->shown_second)
		show_second(w, offset_us);
	if (!w->have_shown || paused != w->shown_paused)
		show_paused(w, paused);
	w->shown_cue = index;
	w->shown_second = offset_us / MB_US_PER_S;
	w->shown_paused = paused;
	w->have_shown = true;
	sync_voice(w, index, offset_us, paused);
	const struct mb_cue *cue = &w->timeline->cues[index];
	arm_cue_timer(w, mb_playback_deadline(&w->coaching.playback, cue->t_us + cue->dur_us));

	gtk_widget_queue_draw(w->figure);
	gtk_widget_queue_draw(w->stage);
	/* The figure, the ring and the pacer move every frame; paused, nothing does. */
	if (paused)
		stop_ticks(w);
	else if (!w->tick_id)
		w->tick_id = gtk_widget_add_tick_callback(w->figure, on_tick, w, NULL);
}

static gboolean on_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
	struct window *w = data;
	int64_t frame_us = gdk_frame_clock_get_frame_time(clock);
	if (frame_us - w->ticked_us < FRAME_MIN_US)
		return G_SOURCE_CONTINUE;
	w->ticked_us = frame_us;
	w->in_tick = true;
	refresh(w);
	w->in_tick = false;
	return w->tick_id ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean on_close_timeout(gpointer data)
{
	struct window *w = data;
	w->close_id = 0;
	/* Closing words still being said get a little longer, once. */
	int64_t busy_ms = w->voice ? (mb_voice_busy_until(w->voice) - now_us()) / 1000 : 0;
	if (busy_ms > 0 && !w->close_waited) {
		w->close_waited = true;
		w->close_id = g_timeout_add((guint)(busy_ms < 5000 ? busy_ms : 5000), on_close_timeout, w);
		return G_SOURCE_REMOVE;
	}
	quit_loop(w);
	return G_SOURCE_REMOVE;
}

static void show_done(struct window *w)
{
	w->done = true;
	stop_ticks(w);
	arm_cue_timer(w, INT64_MAX);
	end_break(w, false);
	char took[32];
	mb_duration_format(w->result.active_us, took, sizeof(took));
	set_markup(w->text, "<span size='xx-large' weight='bold'>%s complete</span>",
		w->routine->title ? w->routine->title : w->routine->name);
	char kept[sizeof(w->log.why_not) + 32] = "Recorded in your history.";
	if (w->log.off)
		snprintf(kept, sizeof(kept), "Not recorded (--no-record).");
	else if (!w->recorded)
		mb_break_log_why_not(&w->log, kept, sizeof(kept));
	set_markup(w->purpose, "%zu exercise%s in %s. %s", w->result.exercises_done,
		w->result.exercises_done == 1 ? "" : "s", took, kept);
	show_second(w, w->timeline->total_us);
	gtk_widget_set_visible(w->back_button, false);
	gtk_widget_set_visible(w->pause_button, false);
	gtk_widget_set_visible(w->postpone_button, false);
	gtk_widget_set_visible(w->skip_button, false);
	gtk_button_set_label(GTK_BUTTON(w->next_button), "Close");
	gtk_widget_set_sensitive(w->next_button, true);
	gtk_widget_grab_focus(w->next_button);
	gtk_widget_queue_draw(w->figure);
	gtk_widget_queue_draw(w->stage);
	/* The closing words: the window stays while they are said. */
	sync_voice(w, w->timeline->cues_len - 1, w->timeline->total_us, false);
	w->close_id = g_timeout_add(DONE_SCREEN_MS, on_close_timeout, w);
}

/* ---- what the user does ---- */

static void set_status(struct window *w, const char *text)
{
	gtk_label_set_text(GTK_LABEL(w->status), text ? text : "");
	gtk_widget_set_visible(w->status, text && text[0]);
}

static void act_pause(struct window *w)
{
	if (w->done || w->asking)
		return;
	mb_coaching_toggle_pause(&w->coaching, now_us());
	refresh(w);
}

static void act_next(struct window *w)
{
	if (w->done) {
		quit_loop(w);
		return;
	}
	if (w->asking)
		return;
	mb_coaching_next(&w->coaching, now_us());
	w->voice_resync = true;
	refresh(w);
}

static void act_back(struct window *w)
{
	if (w->done || w->asking)
		return;
	mb_coaching_back(&w->coaching, now_us());
	w->voice_resync = true;
	refresh(w);
}

static void ask(struct window *w, enum ask what)
{
	if (w->done || w->asking)
		return;
	w->asking = what;
	w->ask_resume = !w->coaching.playback.paused;
	if (w->ask_resume)
		mb_coaching_toggle_pause(&w->coaching, now_us());
	refresh(w);
	gtk_label_set_markup(GTK_LABEL(w->ask_label), what == ASK_SKIP ?
		"<span size='x-large' weight='bold'>Skip this break?</span>\n"
		"It is kept in your history as skipped." :
		"<span size='x-large' weight='bold'>End the break now?</span>\n"
		"What you did is kept in your history as a partial break.");
	gtk_button_set_label(GTK_BUTTON(w->ask_yes), what == ASK_SKIP ? "Skip" : "End break");
	gtk_widget_set_visible(w->ask_box, true);
	gtk_widget_grab_focus(w->ask_yes);
}

static bool call_daemon(struct window *w, const char *method, GVariant *args, char **why);

static void answer(struct window *w, bool yes)
{
	enum ask what = w->asking;
	if (!what)
		return;
	w->asking = ASK_NONE;
	gtk_widget_set_visible(w->ask_box, false);
	if (yes) {
		/*
		 * A break from the prompt is the daemon's to skip: it writes the
		 * skipped row and restarts the timer. Without a daemon, record it here.
		 */
		char *why = NULL;
		if (what == ASK_SKIP && w->from_prompt &&
				call_daemon(w, "Skip", NULL, &why)) {
			printf("Break skipped.\n");
			fflush(stdout);
			w->ended = true;
		} else {
			if (why)
				fprintf(stderr, "movebreak now: the daemon did not take the skip (%s); "
					"recording it here\n", why);
			g_free(why);
			end_break(w, what == ASK_SKIP);
		}
		quit_loop(w);
		return;
	}
	if (w->ask_resume)
		mb_coaching_toggle_pause(&w->coaching, now_us());
	refresh(w);
}

/* Call the daemon (Postpone, Skip); it writes the row itself. On failure *why says why. */
static bool call_daemon(struct window *w, const char *method, GVariant *args, char **why)
{
	GError *error = NULL;
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &error);
	GVariant *reply = NULL;
	if (bus)
		reply = g_dbus_connection_call_sync(bus, DBUS_NAME, DBUS_PATH, DBUS_INTERFACE,
			method, args, NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, &error);
	else if (args)
		g_variant_unref(g_variant_ref_sink(args));
	bool ok = reply != NULL;
	if (!ok) {
		if (error)
			g_dbus_error_strip_remote_error(error);
		*why = g_strdup(error ? error->message : "no session bus");
	}
	if (reply)
		g_variant_unref(reply);
	g_clear_error(&error);
	g_clear_object(&bus);
	return ok;
}

static void act_postpone(struct window *w)
{
	if (w->done || w->asking || !w->from_prompt)
		return;
	char *why = NULL;
	if (!call_daemon(w, "Postpone", g_variant_new("(u)", 0u), &why)) {
		char *msg = g_strdup_printf("Could not postpone: %s", why);
		set_status(w, msg);
		fprintf(stderr, "movebreak now: %s\n", msg);
		g_free(msg);
		g_free(why);
		return;
	}
	/* The daemon now counts the break as put off; this window has nothing left to do. */
	printf("Break postponed.\n");
	fflush(stdout);
	w->ended = true;
	quit_loop(w);
}

static void on_pause_clicked(GtkButton *button, gpointer data)
{
	act_pause(data);
}

static void on_next_clicked(GtkButton *button, gpointer data)
{
	act_next(data);
}

static void on_back_clicked(GtkButton *button, gpointer data)
{
	act_back(data);
}

static void on_postpone_clicked(GtkButton *button, gpointer data)
{
	act_postpone(data);
}

static void on_skip_clicked(GtkButton *button, gpointer data)
{
	ask(data, ASK_SKIP);
}

static void on_ask_yes(GtkButton *button, gpointer data)
{
	answer(data, true);
}

static void on_ask_no(GtkButton *button, gpointer data)
{
	answer(data, false);
}

static gboolean on_key(GtkEventControllerKey *controller, guint keyval, guint keycode,
	GdkModifierType state, gpointer data)
{
	struct window *w = data;
	if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
		return FALSE;
	if (w->asking) {
		if (keyval == GDK_KEY_Escape || keyval == GDK_KEY_n || keyval == GDK_KEY_N) {
			answer(w, false);
			return TRUE;
		}
		if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_y ||
				keyval == GDK_KEY_Y) {
			answer(w, true);
			return TRUE;
		}
		/* Tab and space move between and press the question's buttons. */
		return FALSE;
	}
	if (w->done) {
		quit_loop(w);
		return TRUE;
	}
	switch (keyval) {
	case GDK_KEY_space:
	case GDK_KEY_KP_Space:
		act_pause(w);
		return TRUE;
	case GDK_KEY_n:
	case GDK_KEY_N:
	case GDK_KEY_Right:
		act_next(w);
		return TRUE;
	case GDK_KEY_p:
	case GDK_KEY_P:
	case GDK_KEY_Left:
		act_back(w);
		return TRUE;
	case GDK_KEY_l:
	case GDK_KEY_L:
		act_postpone(w);
		return TRUE;
	case GDK_KEY_s:
	case GDK_KEY_S:
		ask(w, ASK_SKIP);
		return TRUE;
	case GDK_KEY_Escape:
	case GDK_KEY_q:
	case GDK_KEY_Q:
		ask(w, ASK_QUIT);
		return TRUE;
	default:
		return FALSE;
	}
}

static gboolean on_close_request(GtkWindow *win, gpointer data)
{
	struct window *w = data;
	if (w->done || w->ended) {
		quit_loop(w);
		return FALSE;
	}
	ask(w, ASK_QUIT);
	return TRUE;
}

static gboolean on_signal(gpointer data)
{
	struct window *w = data;
	end_break(w, false);
	quit_loop(w);
	return G_SOURCE_CONTINUE;
}

/* ---- the desktop's preference ---- */

/* The portal's colour scheme: 1 prefers dark, 2 prefers light, 0 has no preference. */
static void apply_color_scheme(GVariant *value)
{
	while (value && g_variant_is_of_type(value, G_VARIANT_TYPE_VARIANT)) {
		GVariant *inner = g_variant_get_variant(value);
		g_variant_unref(value);
		value = inner;
	}
	if (value && g_variant_is_of_type(value, G_VARIANT_TYPE_UINT32)) {
		guint32 scheme = g_variant_get_uint32(value);
		if (scheme == 1 || scheme == 2)
			g_object_set(gtk_settings_get_default(), "gtk-application-prefer-dark-theme",
				scheme == 1, NULL);
	}
	if (value)
		g_variant_unref(value);
}

static void on_setting_changed(GDBusConnection *bus, const char *sender, const char *path,
	const char *interface, const char *signal, GVariant *params, gpointer data)
{
	const char *ns, *key;
	GVariant *value;
	g_variant_get(params, "(&s&sv)", &ns, &key, &value);
	if (strcmp(ns, "org.freedesktop.appearance") == 0 && strcmp(key, "color-scheme") == 0)
		apply_color_scheme(value);
	else
		g_variant_unref(value);
	struct window *w = data;
	gtk_widget_queue_draw(w->figure);
	gtk_widget_queue_draw(w->stage);
}

/*
 * GTK 4.8 follows gtk-application-prefer-dark-theme and GTK_THEME but not the
 * settings portal's color-scheme, which GNOME and KDE set: read it, and follow
 * its changes. A desktop without the portal keeps GtkSettings as it is.
 */
static GDBusConnection *follow_color_scheme(struct window *w)
{
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL);
	if (!bus)
		return NULL;
	GVariant *reply = g_dbus_connection_call_sync(bus, "org.freedesktop.portal.Desktop",
		"/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings", "Read",
		g_variant_new("(ss)", "org.freedesktop.appearance", "color-scheme"),
		G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 500, NULL, NULL);
	if (reply) {
		GVariant *value;
		g_variant_get(reply, "(v)", &value);
		apply_color_scheme(value);
		g_variant_unref(reply);
	}
	g_dbus_connection_signal_subscribe(bus, "org.freedesktop.portal.Desktop",
		"org.freedesktop.portal.Settings", "SettingChanged", "/org/freedesktop/portal/desktop",
		NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_setting_changed, w, NULL);
	return bus;
}

/* ---- building the window ---- */

static GtkWidget *button(const char *label, GCallback clicked, struct window *w)
{
	GtkWidget *b = gtk_button_new_with_label(label);
	g_signal_connect(b, "clicked", clicked, w);
	/* Keys belong to the window; a focused button must not eat space. */
	gtk_widget_set_focus_on_click(b, false);
	gtk_widget_set_size_request(b, 110, -1);
	return b;
}

static GtkWidget *wrapped_label(void)
{
	GtkWidget *l = gtk_label_new(NULL);
	gtk_label_set_wrap(GTK_LABEL(l), true);
	gtk_label_set_justify(GTK_LABEL(l), GTK_JUSTIFY_CENTER);
	gtk_widget_set_halign(l, GTK_ALIGN_CENTER);
	return l;
}

static void build(struct window *w, bool fullscreen)
{
	w->win = gtk_window_new();
	char *title = g_strdup_printf("%s \u2014 movebreak",
		w->routine->title ? w->routine->title : w->routine->name);
	gtk_window_set_title(GTK_WINDOW(w->win), title);
	g_free(title);
	gtk_window_set_default_size(GTK_WINDOW(w->win), 1000, 720);
	g_signal_connect(w->win, "close-request", G_CALLBACK(on_close_request), w);

	GtkWidget *overlay = gtk_overlay_new();
	gtk_window_set_child(GTK_WINDOW(w->win), overlay);
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	gtk_widget_set_margin_start(box, 32);
	gtk_widget_set_margin_end(box, 32);
	gtk_widget_set_margin_top(box, 20);
	gtk_widget_set_margin_bottom(box, 20);
	gtk_overlay_set_child(GTK_OVERLAY(overlay), box);

	w->header = gtk_label_new(NULL);
	gtk_widget_set_halign(w->header, GTK_ALIGN_START);
	gtk_label_set_ellipsize(GTK_LABEL(w->header), PANGO_ELLIPSIZE_END);
	gtk_box_append(GTK_BOX(box), w->header);

	GtkWidget *middle = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24);
	gtk_widget_set_vexpand(middle, true);
	gtk_box_set_homogeneous(GTK_BOX(middle), true);
	w->figure = gtk_drawing_area_new();
	gtk_widget_set_size_request(w->figure, 260, 260);
	gtk_widget_set_hexpand(w->figure, true);
	gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(w->figure), draw_figure, w, NULL);
	w->stage = gtk_drawing_area_new();
	gtk_widget_set_size_request(w->stage, 260, 260);
	gtk_widget_set_hexpand(w->stage, true);
	gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(w->stage), draw_stage, w, NULL);
	gtk_box_append(GTK_BOX(middle), w->figure);
	gtk_box_append(GTK_BOX(middle), w->stage);
	gtk_box_append(GTK_BOX(box), middle);

	w->text = wrapped_label();
	gtk_box_append(GTK_BOX(box), w->text);
	w->purpose = wrapped_label();
	gtk_widget_add_css_class(w->purpose, "dim-label");
	gtk_label_set_max_width_chars(GTK_LABEL(w->purpose), 90);
	gtk_box_append(GTK_BOX(box), w->purpose);
	w->status = wrapped_label();
	gtk_widget_add_css_class(w->status, "error");
	gtk_widget_set_visible(w->status, false);
	gtk_box_append(GTK_BOX(box), w->status);

	GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	w->progress = gtk_progress_bar_new();
	gtk_widget_set_hexpand(w->progress, true);
	gtk_widget_set_valign(w->progress, GTK_ALIGN_CENTER);
	w->clock = gtk_label_new(NULL);
	gtk_box_append(GTK_BOX(bar), w->progress);
	gtk_box_append(GTK_BOX(bar), w->clock);
	gtk_box_append(GTK_BOX(box), bar);

	GtkWidget *buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	gtk_widget_set_halign(buttons, GTK_ALIGN_CENTER);
	w->back_button = button("Previous", G_CALLBACK(on_back_clicked), w);
	w->pause_button = button("Pause", G_CALLBACK(on_pause_clicked), w);
	w->next_button = button("Next", G_CALLBACK(on_next_clicked), w);
	w->postpone_button = button("Postpone", G_CALLBACK(on_postpone_clicked), w);
	w->skip_button = button("Skip", G_CALLBACK(on_skip_clicked), w);
	gtk_widget_add_css_class(w->pause_button, "suggested-action");
	gtk_box_append(GTK_BOX(buttons), w->back_button);
	gtk_box_append(GTK_BOX(buttons), w->pause_button);
	gtk_box_append(GTK_BOX(buttons), w->next_button);
	gtk_box_append(GTK_BOX(buttons), w->postpone_button);
	gtk_box_append(GTK_BOX(buttons), w->skip_button);
	gtk_widget_set_visible(w->postpone_button, w->from_prompt);
	gtk_box_append(GTK_BOX(box), buttons);

	/* The question before ending early, over the middle of the window. */
	w->ask_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 16);
	gtk_widget_add_css_class(w->ask_box, "background");
	gtk_widget_add_css_class(w->ask_box, "frame");
	gtk_widget_set_halign(w->ask_box, GTK_ALIGN_CENTER);
	gtk_widget_set_valign(w->ask_box, GTK_ALIGN_CENTER);
	GtkWidget *inner = gtk_box_new(GTK_ORIENTATION_VERTICAL, 16);
	gtk_widget_set_margin_start(inner, 32);
	gtk_widget_set_margin_end(inner, 32);
	gtk_widget_set_margin_top(inner, 24);
	gtk_widget_set_margin_bottom(inner, 24);
	gtk_box_append(GTK_BOX(w->ask_box), inner);
	w->ask_label = wrapped_label();
	gtk_box_append(GTK_BOX(inner), w->ask_label);
	GtkWidget *answers = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	gtk_widget_set_halign(answers, GTK_ALIGN_CENTER);
	GtkWidget *no = gtk_button_new_with_label("Keep going");
	g_signal_connect(no, "clicked", G_CALLBACK(on_ask_no), w);
	w->ask_yes = gtk_button_new_with_label("End break");
	gtk_widget_add_css_class(w->ask_yes, "destructive-action");
	g_signal_connect(w->ask_yes, "clicked", G_CALLBACK(on_ask_yes), w);
	gtk_box_append(GTK_BOX(answers), no);
	gtk_box_append(GTK_BOX(answers), w->ask_yes);
	gtk_box_append(GTK_BOX(inner), answers);
	gtk_widget_set_visible(w->ask_box, false);
	gtk_overlay_add_overlay(GTK_OVERLAY(overlay), w->ask_box);

	GtkEventController *keys = gtk_event_controller_key_new();
	/* Capture: the window's keys work whichever widget has the focus. */
	gtk_event_controller_set_propagation_phase(keys, GTK_PHASE_CAPTURE);
	g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key), w);
	gtk_widget_add_controller(w->win, keys);

	if (fullscreen)
		gtk_window_fullscreen(GTK_WINDOW(w->win));
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
	/* minutes stays 0 unless --minutes gives a length (see mb_args_minutes_level()). */
	double minutes = 0, scale = 1.0;
	/* The [voice] and [window] settings, then the command line over them. */
	struct mb_config cfg;
	load_config(&cfg);
	bool fullscreen_opt = false, voice = cfg.voice_enabled, sound = cfg.voice_sound;
	const char *voice_name = cfg.voice_name, *voice_language = cfg.voice_language;
	struct window w = { 0 };
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, MB_NOW_SHORT_OPTIONS, mb_now_options, NULL)) != -1) {
		switch (opt) {
		case MB_NOW_OPT_MINUTES:
			if (!mb_args_number("now", "--minutes", optarg, 120, &minutes))
				return MB_EXIT_USAGE;
			break;
		case MB_NOW_OPT_TIME_SCALE:
			if (!mb_args_number("now", "--time-scale", optarg, 10000, &scale))
				return MB_EXIT_USAGE;
			break;
		case MB_NOW_OPT_NO_RECORD:
			w.no_record = true;
			break;
		case MB_NOW_OPT_GUI:
		case MB_NOW_OPT_PLAIN:
			break;
		case MB_NOW_OPT_FULLSCREEN:
			fullscreen_opt = true;
			break;
		case MB_NOW_OPT_FROM_PROMPT:
			w.from_prompt = true;
			break;
		case MB_NOW_OPT_VOICE:
			voice = true;
			if (optarg)
				voice_name = optarg;
			break;
		case MB_NOW_OPT_VOICE_LANGUAGE:
			voice_language = optarg;
			break;
		case MB_NOW_OPT_VOICE_OUT:
			/* movebreak now writes the track itself and never opens a window for it. */
			fprintf(stderr, "movebreak now: --voice-out does not go with --gui\n");
			return MB_EXIT_USAGE;
		case MB_NOW_OPT_QUIET:
			sound = false;
			break;
		case MB_NOW_OPT_HELP:
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("now", MB_NOW_SHORT_OPTIONS, mb_now_options,
				optopt, argv[optind - 1]);
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "movebreak now: unexpected argument '%s'\n", argv[optind + 1]);
		return MB_EXIT_USAGE;
	}
	const char *name = optind < argc ? argv[optind] : getenv("MOVEBREAK_ROUTINE");
	if (name && !name[0])
		name = NULL;

	int code = MB_EXIT_OK;
	w.routine = mb_catalog_load(name, &code);
	if (!w.routine)
		return code;
	w.timeline = mb_timeline_create(w.routine,
		mb_args_minutes_level("now", w.routine, minutes));
	if (!w.timeline || w.timeline->cues_len == 0) {
		fprintf(stderr, "movebreak now: out of memory\n");
		code = MB_EXIT_FAILURE;
		goto out_routine;
	}
	bool fullscreen = fullscreen_opt || cfg.window_fullscreen;
	const char *debug = getenv("MOVEBREAK_DEBUG");
	w.debug = debug && debug[0];

	if (!gtk_init_check()) {
		fprintf(stderr, "movebreak now: cannot open a window on the display "
			"(DISPLAY=%s, WAYLAND_DISPLAY=%s); run without --gui to coach in the terminal\n",
			getenv("DISPLAY") ? getenv("DISPLAY") : "",
			getenv("WAYLAND_DISPLAY") ? getenv("WAYLAND_DISPLAY") : "");
		code = MB_EXIT_FAILURE;
		goto out_timeline;
	}
	mb_break_log_init(&w.log, "now", !w.no_record);
	mb_break_log_begin(&w.log, w.routine->name, scale);
	if (voice) {
		code = start_voice(&w, voice_name, voice_language, sound, scale);
		if (code != MB_EXIT_OK)
			goto out_voice;
	}

	GDBusConnection *bus = follow_color_scheme(&w);
	build(&w, fullscreen);
	w.loop = g_main_loop_new(NULL, FALSE);
	guint signals[] = {
		g_unix_signal_add(SIGINT, on_signal, &w),
		g_unix_signal_add(SIGTERM, on_signal, &w),
		g_unix_signal_add(SIGHUP, on_signal, &w),
	};

	w.result.start_wall_us = mb_clock_wall_us();
	w.result.start_boot_us = mb_clock_boottime_us();
	mb_coaching_start(&w.coaching, w.timeline, now_us(), scale);
	refresh(&w);
	gtk_window_present(GTK_WINDOW(w.win));
	g_main_loop_run(w.loop);
	/* Closed by the window manager or the display going away: the break ends here. */
	end_break(&w, false);

	for (size_t i = 0; i < G_N_ELEMENTS(signals); i++)
		g_source_remove(signals[i]);
	if (w.close_id)
		g_source_remove(w.close_id);
	arm_cue_timer(&w, INT64_MAX);
	stop_ticks(&w);
	gtk_window_destroy(GTK_WINDOW(w.win));
	g_main_loop_unref(w.loop);
	g_clear_object(&bus);
out_voice:
	stop_voice(&w);
	mb_break_log_finish(&w.log);
out_timeline:
	mb_timeline_destroy(w.timeline);
out_routine:
	mb_routine_destroy(w.routine);
	return code;
}

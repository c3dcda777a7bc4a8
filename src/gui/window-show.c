/* The break window's labels and buttons, changed only when the cue or the second does. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#include "core/duration.h"
#include "core/timeline.h"
#include "gui/window-show.h"
#include "gui/window.h"

static const struct mb_exercise *cue_exercise(const struct mb_window *w, const struct mb_cue *cue)
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
void mb_window_show_cue(struct mb_window *w, size_t index)
{
	const struct mb_cue *cue = &w->timeline->cues[index];
	const struct mb_exercise *exercise = cue_exercise(w, cue);
	if (exercise)
		set_markup(w->header,
			"<span size='large'>%s</span>   <b>Exercise %zu of %zu: %s</b>", w->title,
			cue->exercise, w->timeline->spans_len, exercise->title);

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

	gtk_widget_set_sensitive(w->back_button, index > 0 || mb_window_offset(w) > 0);
	gtk_widget_set_sensitive(w->next_button, index + 1 < w->timeline->cues_len);
}

void mb_window_show_second(struct mb_window *w, int64_t offset_us)
{
	char elapsed[32], total[32], text[80];
	format_clock(offset_us, elapsed, sizeof(elapsed));
	format_clock(w->timeline->total_us, total, sizeof(total));
	snprintf(text, sizeof(text), "%s / %s", elapsed, total);
	gtk_label_set_text(GTK_LABEL(w->clock), text);
	gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(w->progress),
		w->timeline->total_us > 0 ?
			fmin(1.0, (double)offset_us / (double)w->timeline->total_us) :
			1.0);
}

void mb_window_show_paused(struct mb_window *w, bool paused)
{
	gtk_button_set_label(GTK_BUTTON(w->pause_button), paused ? "Resume" : "Pause");
}

void mb_window_show_done(struct mb_window *w)
{
	char took[32];
	mb_duration_format(w->result.active_us, took, sizeof(took));
	set_markup(w->text, "<span size='xx-large' weight='bold'>%s %s</span>",
		w->routine->title ? w->routine->title : w->routine->name,
		w->log.hurried ? "stepped through" : "complete");
	char kept[sizeof(w->log.why_not) + 32] = "Recorded in your history.";
	if (w->recorded && w->log.demo)
		snprintf(kept, sizeof(kept),
			"Recorded as a demo, at %g times the speed: not counted.",
			w->log.time_scale);
	else if (w->recorded && w->log.hurried)
		snprintf(kept, sizeof(kept), "Recorded as cut short: it took under half its time.");
	else if (w->log.off)
		snprintf(kept, sizeof(kept), "Not recorded (--no-record).");
	else if (!w->recorded)
		mb_break_log_why_not(&w->log, kept, sizeof(kept));
	set_markup(w->purpose, "%zu exercise%s in %s. %s", w->result.exercises_done,
		w->result.exercises_done == 1 ? "" : "s", took, kept);
	mb_window_show_second(w, w->timeline->total_us);
	gtk_widget_set_visible(w->back_button, false);
	gtk_widget_set_visible(w->pause_button, false);
	gtk_widget_set_visible(w->postpone_button, false);
	gtk_widget_set_visible(w->skip_button, false);
	gtk_button_set_label(GTK_BUTTON(w->next_button), "Close");
	gtk_widget_set_sensitive(w->next_button, true);
	gtk_widget_grab_focus(w->next_button);
	gtk_widget_queue_draw(w->figure);
	gtk_widget_queue_draw(w->stage);
}

void mb_window_set_status(struct mb_window *w, const char *text)
{
	gtk_label_set_text(GTK_LABEL(w->status), text ? text : "");
	gtk_widget_set_visible(w->status, text && text[0]);
}

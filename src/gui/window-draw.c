/* The break window's drawing: the figure and the stage, in the theme's colours. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <gtk/gtk.h>

#include "core/coaching.h"
#include "core/timeline.h"
#include "gui/window-draw.h"
#include "gui/window.h"
#include "render/figure.h"

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
static double draw_text(cairo_t *cr, const char *text, double cx, double y, double px, bool bold,
	double max_w)
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

void mb_window_draw_figure(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
	struct mb_window *w = data;
	int64_t offset_us = mb_window_offset(w);
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
void mb_window_draw_stage(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
	struct mb_window *w = data;
	GtkWidget *widget = GTK_WIDGET(area);
	bool dark = is_dark(widget);
	int64_t offset_us = mb_window_offset(w);
	const struct mb_cue *cue = mb_window_cue_at(w, offset_us, NULL);
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
		(double)(ring_end_us - offset_us) / (double)(ring_end_us - ring_start_us) :
		0;
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

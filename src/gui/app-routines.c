/* The app window's Routines page: each routine, its length, its exercises drawn, and Start. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "app/catalog.h"
#include "core/timeline.h"
#include "core/duration.h"
#include "gui/app.h"
#include "render/figure.h"

#define ROUTINES_MAX 64
#define FIGURE_PX 132

/* One exercise's figure: where in the routine's timeline it is drawn. */
struct figure {
	const struct mb_timeline *timeline;
	int64_t t_us;
};

/* One routine on the page; min_m and max_m are the whole minutes (1 to 5) it fits, if any. */
struct mb_app_routine {
	struct mb_routine *routine;
	struct mb_timeline *timeline;
	struct figure *figures;
	GtkWidget *scale, *minutes;
	int min_m, max_m;
};

static void draw_figure(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
	const struct figure *f = data;
	mb_figure_draw_at(cr, f->timeline, f->t_us, 0, 0, width, height,
		mb_app_is_dark(GTK_WIDGET(area)));
}

/* The middle of the exercise's first step with a pose: the figure as the exercise works. */
static int64_t exercise_middle(const struct mb_timeline *t, size_t index)
{
	const struct mb_span *span = &t->spans[index];
	for (size_t c = span->first_cue; c < t->cues_len && t->cues[c].exercise == index + 1; c++)
		if (t->cues[c].step)
			return t->cues[c].t_us + t->cues[c].dur_us / 2;
	return span->start_us + span->dur_us / 2;
}

static void show_minutes(struct mb_app_routine *r)
{
	int m = (int)lround(gtk_range_get_value(GTK_RANGE(r->scale)));
	char text[32];
	snprintf(text, sizeof(text), "%d min", m);
	gtk_label_set_text(GTK_LABEL(r->minutes), text);
}

/* Keep the slider on the whole minutes the routine can fill. */
static void on_minutes(GtkRange *range, gpointer data)
{
	struct mb_app_routine *r = data;
	double v = gtk_range_get_value(range);
	double snapped = fmin(fmax(round(v), r->min_m), r->max_m);
	if (snapped != v)
		gtk_range_set_value(range, snapped);
	else
		show_minutes(r);
}

static void on_start(GtkButton *button, gpointer data)
{
	struct mb_app_routine *r = data;
	char minutes[16];
	snprintf(minutes, sizeof(minutes), "%d",
		r->scale ? (int)lround(gtk_range_get_value(GTK_RANGE(r->scale))) : r->min_m);
	char *argv[] = { "movebreak", "now", r->routine->name, "--minutes", minutes, "--gui",
		NULL };
	char *why = NULL;
	if (!mb_app_spawn_detached(argv, &why)) {
		GtkWidget *parent = gtk_widget_get_parent(GTK_WIDGET(button));
		char *msg = g_strdup_printf("Could not start the break: %s", why);
		GtkWidget *label = gtk_label_new(msg);
		gtk_widget_add_css_class(label, "error");
		gtk_box_append(GTK_BOX(parent), label);
		g_free(msg);
		g_free(why);
	}
}

static void length_text(int64_t low_us, int64_t high_us, char *buf, size_t len)
{
	char low[24], high[24];
	/* As `movebreak routines list` writes a length: 29s, 3m25s. */
	mb_duration_format(low_us, low, sizeof(low));
	mb_duration_format(high_us, high, sizeof(high));
	if (strcmp(low, high) == 0)
		snprintf(buf, len, "%s", low);
	else
		snprintf(buf, len, "%s to %s", low, high);
}

static GtkWidget *routine_box(struct mb_app_routine *r)
{
	const struct mb_routine *routine = r->routine;
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_widget_set_margin_bottom(box, 18);
	int64_t low_us = mb_routine_total_us(routine, 0), high_us = mb_routine_total_us(routine, 1);
	char title[256], length[64];
	length_text(low_us, high_us, length, sizeof(length));
	snprintf(title, sizeof(title), "%s  ·  %s", routine->title ? routine->title : routine->name,
		length);
	gtk_box_append(GTK_BOX(box), mb_app_left_label(title, "mb-section"));
	if (routine->summary)
		gtk_box_append(GTK_BOX(box), mb_app_left_label(routine->summary, "dim-label"));

	GtkWidget *flow = gtk_flow_box_new();
	gtk_flow_box_set_selection_mode(GTK_FLOW_BOX(flow), GTK_SELECTION_NONE);
	gtk_flow_box_set_max_children_per_line(GTK_FLOW_BOX(flow), 8);
	gtk_widget_set_can_focus(flow, false);
	r->figures = calloc(routine->exercises_len, sizeof(*r->figures));
	for (size_t i = 0; r->figures && i < routine->exercises_len; i++) {
		const struct mb_exercise *e = &routine->exercises[i];
		r->figures[i] = (struct figure){ .timeline = r->timeline,
			.t_us = exercise_middle(r->timeline, i) };
		GtkWidget *cell = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
		GtkWidget *area = gtk_drawing_area_new();
		gtk_widget_set_size_request(area, FIGURE_PX, FIGURE_PX);
		gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(area), draw_figure, &r->figures[i],
			NULL);
		char name[300];
		snprintf(name, sizeof(name), "Figure: %s", e->title);
		mb_app_name(area, name);
		gtk_box_append(GTK_BOX(cell), area);
		char label[300];
		snprintf(label, sizeof(label), "%zu. %s", i + 1, e->title);
		GtkWidget *l = gtk_label_new(label);
		gtk_label_set_wrap(GTK_LABEL(l), true);
		gtk_label_set_max_width_chars(GTK_LABEL(l), 16);
		gtk_label_set_justify(GTK_LABEL(l), GTK_JUSTIFY_CENTER);
		gtk_box_append(GTK_BOX(cell), l);
		gtk_flow_box_append(GTK_FLOW_BOX(flow), cell);
	}
	gtk_box_append(GTK_BOX(box), flow);

	GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	const char *who = routine->title ? routine->title : routine->name;
	/* The whole minutes from 1 to 5 nearest to what the routine's ranges can stretch or shrink to. */
	r->min_m = (int)fmin(5, fmax(1, round((double)low_us / 60e6)));
	r->max_m = (int)fmin(5, fmax(1, round((double)high_us / 60e6)));
	if (r->min_m < r->max_m) {
		gtk_box_append(GTK_BOX(row), gtk_label_new("Minutes"));
		/* Only the minutes the routine can fill: a slider that springs back would puzzle. */
		r->scale = gtk_scale_new_with_range(GTK_ORIENTATION_HORIZONTAL, r->min_m, r->max_m,
			1);
		for (int m = r->min_m; m <= r->max_m; m++) {
			char mark[8];
			snprintf(mark, sizeof(mark), "%d", m);
			gtk_scale_add_mark(GTK_SCALE(r->scale), m, GTK_POS_BOTTOM, mark);
		}
		gtk_scale_set_draw_value(GTK_SCALE(r->scale), false);
		gtk_widget_set_size_request(r->scale, 80 * (r->max_m - r->min_m + 1), -1);
		gtk_range_set_value(GTK_RANGE(r->scale), (r->min_m + r->max_m + 1) / 2);
		char name[300];
		snprintf(name, sizeof(name), "Minutes for %s", who);
		mb_app_name(r->scale, name);
		r->minutes = gtk_label_new("");
		g_signal_connect(r->scale, "value-changed", G_CALLBACK(on_minutes), r);
		gtk_box_append(GTK_BOX(row), r->scale);
		gtk_box_append(GTK_BOX(row), r->minutes);
		show_minutes(r);
	} else {
		char text[32];
		snprintf(text, sizeof(text), "%d min", r->min_m);
		gtk_box_append(GTK_BOX(row), gtk_label_new(text));
	}
	GtkWidget *start = gtk_button_new_with_label("Start");
	gtk_widget_set_valign(start, GTK_ALIGN_CENTER);
	char name[300];
	snprintf(name, sizeof(name), "Start %s", who);
	mb_app_name(start, name);
	g_signal_connect(start, "clicked", G_CALLBACK(on_start), r);
	gtk_box_append(GTK_BOX(row), start);
	gtk_box_append(GTK_BOX(box), row);
	return box;
}

GtkWidget *mb_app_routines_page(struct mb_app *app)
{
	GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_box_append(GTK_BOX(page), mb_app_left_label("Routines", "mb-heading"));
	struct mb_shelf_item *items = calloc(ROUTINES_MAX, sizeof(*items));
	int n = items ? mb_catalog_list(items, ROUTINES_MAX) : -1;
	app->routines = calloc(n > 0 ? (size_t)n : 1, sizeof(*app->routines));
	for (int i = 0; app->routines && i < n; i++) {
		int code;
		struct mb_app_routine *r = &app->routines[app->routines_len];
		r->routine = mb_catalog_load(items[i].name, &code);
		if (!r->routine)
			continue;
		r->timeline = mb_timeline_create(r->routine, 0.5);
		if (!r->timeline) {
			mb_routine_destroy(r->routine);
			continue;
		}
		app->routines_len++;
		gtk_box_append(GTK_BOX(page), routine_box(r));
	}
	if (app->routines_len == 0)
		gtk_box_append(GTK_BOX(page),
			mb_app_left_label("No routine could be loaded.", "error"));
	free(items);
	return page;
}

void mb_app_routines_finish(struct mb_app *app)
{
	for (size_t i = 0; i < app->routines_len; i++) {
		free(app->routines[i].figures);
		mb_timeline_destroy(app->routines[i].timeline);
		mb_routine_destroy(app->routines[i].routine);
	}
	g_clear_pointer(&app->routines, free);
	app->routines_len = 0;
}

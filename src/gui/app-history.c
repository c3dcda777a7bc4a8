/* The app window's History page: the stats chart, a calendar of days, the recent breaks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gtk/gtk.h>

#include "app/history.h"
#include "app/stats-data.h"
#include "core/date.h"
#include "core/episode.h"
#include "core/text.h"
#include "gui/app.h"
#include "gui/plot-stats.h"
#include "platform/store.h"

#define CHART_DAYS 28
/* The heat map: five weeks, Monday first, the last one this week. */
#define HEAT_WEEKS 5
#define RECENT_ROWS 200
#define RECENT_SHOWN 15

static void set_rgb(cairo_t *cr, unsigned hex)
{
	cairo_set_source_rgb(cr, (hex >> 16 & 0xff) / 255.0, (hex >> 8 & 0xff) / 255.0,
		(hex & 0xff) / 255.0);
}

void mb_app_draw_calendar(cairo_t *cr, double width, double height, int64_t first_day, size_t ndays,
	const unsigned *done, size_t nd, unsigned goal, int64_t today, bool dark)
{
	static const char *const names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	if (ndays == 0)
		return;
	unsigned lead = mb_date_weekday(first_day);
	size_t weeks = (lead + ndays + 6) / 7;
	double head = 18, cell = fmin((width - 2) / 7, (height - head - 2) / (double)weeks);
	double gap = fmax(2, cell * 0.08);
	cairo_save(cr);
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 11);
	set_rgb(cr, dark ? 0xd0d0d0 : 0x404040);
	for (unsigned i = 0; i < 7; i++) {
		cairo_text_extents_t ext;
		cairo_text_extents(cr, names[i], &ext);
		cairo_move_to(cr, 1 + cell * (i + 0.5) - ext.x_advance / 2, 12);
		cairo_show_text(cr, names[i]);
	}
	for (size_t i = 0; i < ndays; i++) {
		int64_t day = first_day + (int64_t)i;
		size_t slot = lead + i;
		double x = 1 + cell * (double)(slot % 7) + gap / 2;
		double y = head + 1 + cell * (double)(slot / 7) + gap / 2;
		double s = cell - gap;
		unsigned n = i < nd ? done[i] : 0;
		cairo_rectangle(cr, x, y, s, s);
		if (day > today) {
			set_rgb(cr, dark ? 0x5a5a5a : 0xc8c8c8);
			cairo_set_line_width(cr, 1);
			cairo_stroke(cr);
		} else {
			if (goal > 0 && n >= goal)
				set_rgb(cr, dark ? 0x3fa85a : 0x3c9a52);
			else if (n > 0)
				set_rgb(cr, dark ? 0xc98a2e : 0xeea04a);
			else
				set_rgb(cr, dark ? 0x4a4a4a : 0xe4e4e4);
			cairo_fill(cr);
		}
		if (day == today) {
			cairo_rectangle(cr, x - 1.5, y - 1.5, s + 3, s + 3);
			set_rgb(cr, dark ? 0xffffff : 0x202020);
			cairo_set_line_width(cr, 2);
			cairo_stroke(cr);
		}
		int year;
		unsigned month, mday;
		mb_date_civil(day, &year, &month, &mday);
		char label[8];
		snprintf(label, sizeof(label), "%u", mday);
		cairo_set_font_size(cr, fmin(12, s * 0.38));
		bool filled = day <= today && (n > 0 || (goal > 0 && n >= goal));
		if (filled)
			set_rgb(cr, 0xffffff);
		else
			set_rgb(cr, dark ? 0xd0d0d0 : 0x404040);
		cairo_move_to(cr, x + 4, y + fmin(12, s * 0.38) + 3);
		cairo_show_text(cr, label);
	}
	cairo_restore(cr);
}

static void draw_heatmap(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
	struct mb_app *app = data;
	if (!app->days)
		return;
	int64_t today = app->first_day + (int64_t)app->ndays - 1;
	int64_t first = today - mb_date_weekday(today) - 7 * (HEAT_WEEKS - 1);
	unsigned done[7 * HEAT_WEEKS] = { 0 };
	for (size_t i = 0; i < 7 * HEAT_WEEKS; i++) {
		int64_t k = first + (int64_t)i - app->first_day;
		if (k >= 0 && k < (int64_t)app->ndays)
			done[i] = app->days[k].movement_done;
	}
	mb_app_draw_calendar(cr, width, height, first, 7 * HEAT_WEEKS, done, 7 * HEAT_WEEKS,
		app->goal, today, mb_app_is_dark(GTK_WIDGET(area)));
}

static void local_time(int64_t us, char *buf, size_t len)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(buf, len, "%a %d %b %H:%M", &tm);
	else
		snprintf(buf, len, "?");
}

/* The newest breaks, folded as `movebreak history` folds them: one line per break. */
static void show_recent(struct mb_app *app, struct mb_store *store)
{
	GtkWidget *child;
	while ((child = gtk_widget_get_first_child(app->recent)))
		gtk_grid_remove(GTK_GRID(app->recent), child);
	struct mb_break_record *rows = calloc(RECENT_ROWS, sizeof(*rows));
	struct mb_episode *episodes = calloc(RECENT_ROWS, sizeof(*episodes));
	int n = rows && episodes ? mb_store_recent(store, rows, RECENT_ROWS) : -1;
	if (n > 0) {
		/* Newest first from the store; folding wants the oldest first. */
		for (int i = 0; i < n / 2; i++) {
			struct mb_break_record t = rows[i];
			rows[i] = rows[n - 1 - i];
			rows[n - 1 - i] = t;
		}
		n = mb_episode_fold(rows, (size_t)n, n < RECENT_ROWS, episodes, RECENT_ROWS, NULL);
	}
	int shown = 0;
	for (int i = n - 1; i >= 0 && shown < RECENT_SHOWN; i--) {
		const struct mb_episode *e = &episodes[i];
		if (!e->whole)
			break;
		const struct mb_break_record *last = &rows[e->last];
		char when[64], what[96], routine[80];
		local_time(rows[e->first].start_us, when, sizeof(when));
		mb_episode_describe(e, what, sizeof(what));
		mb_text_printable(last->routine, routine, sizeof(routine));
		const char *cells[] = { when, e->outcome == MB_OUTCOME_NATURAL ? "(rest)" : routine,
			e->kind == MB_BREAK_MICRO ? "micro-reset" : "movement", what };
		for (int c = 0; c < 4; c++)
			gtk_grid_attach(GTK_GRID(app->recent), mb_app_left_label(cells[c], NULL), c,
				shown, 1, 1);
		shown++;
	}
	if (shown == 0)
		gtk_grid_attach(GTK_GRID(app->recent),
			mb_app_left_label("No breaks recorded yet.", "dim-label"), 0, 0, 1, 1);
	free(rows);
	free(episodes);
}

void mb_app_history_refresh(struct mb_app *app)
{
	char err[512];
	int64_t today, now_us;
	if (mb_stats_now(&today, &now_us, err, sizeof(err)) < 0)
		return;
	struct mb_store *store = mb_cli_history_open("app", err, sizeof(err));
	if (!store)
		return;
	app->goal = mb_stats_goal(store, today, mb_stats_config_goal("app"), NULL);
	/* Enough days for the chart and for every day of the heat map's five weeks. */
	size_t ndays = 7 * HEAT_WEEKS + 7;
	if (ndays < CHART_DAYS)
		ndays = CHART_DAYS;
	struct mb_stats_day *days = calloc(ndays, sizeof(*days));
	if (days &&
		mb_stats_load(store, today - (int64_t)ndays + 1, ndays, app->goal, days, NULL) ==
			0) {
		free(app->days);
		app->days = days;
		app->ndays = ndays;
		app->first_day = today - (int64_t)ndays + 1;
	} else {
		free(days);
	}
	show_recent(app, store);
	mb_store_destroy(store);
	gtk_widget_queue_draw(app->chart);
	gtk_widget_queue_draw(app->heatmap);
}

/* The chart shows the last CHART_DAYS days of what was loaded. */
static void draw_chart_last(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
	struct mb_app *app = data;
	if (!app->days)
		return;
	size_t skip = app->ndays - CHART_DAYS;
	mb_plot_stats_draw(cr, width, height, app->first_day + (int64_t)skip, app->days + skip,
		CHART_DAYS, app->goal, mb_app_is_dark(GTK_WIDGET(area)));
}

GtkWidget *mb_app_history_page(struct mb_app *app)
{
	GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
	gtk_box_append(GTK_BOX(page), mb_app_left_label("History", "mb-heading"));
	app->chart = gtk_drawing_area_new();
	gtk_widget_set_size_request(app->chart, 640, 320);
	gtk_widget_set_hexpand(app->chart, true);
	gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(app->chart), draw_chart_last, app, NULL);
	mb_app_name(app->chart, "Movement breaks per day over four weeks");
	gtk_box_append(GTK_BOX(page), app->chart);

	gtk_box_append(GTK_BOX(page), mb_app_left_label("The last five weeks", "mb-section"));
	gtk_box_append(GTK_BOX(page),
		mb_app_left_label("Green: the goal was met. Orange: some breaks. Grey: none.",
			"dim-label"));
	app->heatmap = gtk_drawing_area_new();
	gtk_widget_set_size_request(app->heatmap, 330, 260);
	gtk_widget_set_halign(app->heatmap, GTK_ALIGN_START);
	gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(app->heatmap), draw_heatmap, app, NULL);
	mb_app_name(app->heatmap, "Calendar of the last five weeks");
	gtk_box_append(GTK_BOX(page), app->heatmap);

	gtk_box_append(GTK_BOX(page), mb_app_left_label("Recent breaks", "mb-section"));
	app->recent = gtk_grid_new();
	gtk_grid_set_column_spacing(GTK_GRID(app->recent), 18);
	gtk_grid_set_row_spacing(GTK_GRID(app->recent), 2);
	gtk_box_append(GTK_BOX(page), app->recent);
	return page;
}

void mb_app_history_finish(struct mb_app *app)
{
	g_clear_pointer(&app->days, free);
	app->ndays = 0;
}

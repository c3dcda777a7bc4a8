/* The stats chart with cairo, into a file (`movebreak stats --plot FILE`) or a widget. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-svg.h>

#include "app/args.h"
#include "app/history.h"
#include "app/stats-data.h"
#include "gui/commands.h"
#include "gui/plot-stats.h"

#define WIDTH 960
#define HEIGHT 480
#define LEFT 64.0
#define RIGHT 72.0
#define TOP 56.0
#define BOTTOM 64.0

enum {
	OPT_DAYS = 256,
	OPT_PLOT,
	OPT_JSON,
	OPT_CSV,
};

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
						      CAIRO_STATUS_WRITE_ERROR;
}

static void text_at(cairo_t *cr, double x, double y, const char *s, double align)
{
	cairo_text_extents_t ext;
	cairo_text_extents(cr, s, &ext);
	cairo_move_to(cr, x - ext.x_advance * align, y);
	cairo_show_text(cr, s);
}

/* A round step for an axis from 0 to max with about n ticks. */
static double nice_step(double max, int n)
{
	/* 1, 2, 5, 10, 20, 50, ... */
	double raw = max / n, step = 1;
	for (int i = 0; step < raw; i++)
		step *= i % 3 == 1 ? 2.5 : 2;
	return step;
}

/* The active-time line: a blue that reads on white and on the dark page. */
static void set_blue(cairo_t *cr, bool dark)
{
	if (dark)
		cairo_set_source_rgb(cr, 0.45, 0.62, 0.95);
	else
		cairo_set_source_rgb(cr, 0.2, 0.35, 0.7);
}

void mb_plot_stats_draw(cairo_t *cr, double width, double height, int64_t first_day,
	const struct mb_stats_day *days, size_t ndays, unsigned goal, bool dark)
{
	/* Ink: the text and axes, dark on the light page and light on the dark one. */
	double ink = dark ? 0.9 : 0.2, soft = dark ? 0.75 : 0.3;
	double pw = width - LEFT - RIGHT, ph = height - TOP - BOTTOM;
	if (ndays == 0 || pw < 10 || ph < 10)
		return;
	cairo_save(cr);
	unsigned max_done = goal + 1;
	int64_t max_active = 3600000000;
	for (size_t i = 0; i < ndays; i++) {
		if (days[i].movement_done > max_done)
			max_done = days[i].movement_done;
		if (days[i].active_us > max_active)
			max_active = days[i].active_us;
	}
	double max_hours = (double)max_active / 3600e6;
	double hstep = nice_step(max_hours, 5);
	max_hours = hstep * (double)(int)(max_hours / hstep + 0.999);
	double ystep = nice_step(max_done, 5);

	if (dark)
		cairo_set_source_rgb(cr, 0.14, 0.14, 0.14);
	else
		cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);

	char title[128], from[16], to[16];
	mb_date_format(first_day, from, sizeof(from));
	mb_date_format(first_day + (int64_t)ndays - 1, to, sizeof(to));
	snprintf(title, sizeof(title), "Movement breaks per day, goal %u  (%s to %s)", goal, from,
		to);
	cairo_set_source_rgb(cr, dark ? 0.95 : 0.1, dark ? 0.95 : 0.1, dark ? 0.95 : 0.1);
	cairo_set_font_size(cr, 16);
	text_at(cr, LEFT, TOP - 24, title, 0);

	/* Grid and left axis: breaks. */
	cairo_set_font_size(cr, 11);
	cairo_set_line_width(cr, 1);
	for (double v = 0; v <= max_done + 1e-9; v += ystep) {
		double y = TOP + ph - ph * v / max_done;
		if (dark)
			cairo_set_source_rgb(cr, soft, soft, soft);
		else
			cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
		cairo_move_to(cr, LEFT, y + 0.5);
		cairo_line_to(cr, LEFT + pw, y + 0.5);
		cairo_stroke(cr);
		char label[16];
		snprintf(label, sizeof(label), "%g", v);
		cairo_set_source_rgb(cr, soft, soft, soft);
		text_at(cr, LEFT - 6, y + 4, label, 1);
	}
	/* Right axis: active hours. */
	for (double h = 0; h <= max_hours + 1e-9; h += hstep) {
		double y = TOP + ph - ph * h / max_hours;
		char label[16];
		snprintf(label, sizeof(label), "%gh", h);
		set_blue(cr, dark);
		text_at(cr, LEFT + pw + 6, y + 4, label, 0);
	}

	/* Bars: green where the goal was met. */
	double slot = pw / (double)ndays, bar = slot * 0.7;
	for (size_t i = 0; i < ndays; i++) {
		double hgt = ph * days[i].movement_done / max_done;
		double x = LEFT + slot * (double)i + (slot - bar) / 2;
		if (days[i].met)
			cairo_set_source_rgb(cr, 0.25, 0.65, 0.35);
		else
			cairo_set_source_rgb(cr, 0.93, 0.6, 0.2);
		cairo_rectangle(cr, x, TOP + ph - hgt, bar, hgt);
		cairo_fill(cr);
	}

	/* The goal: a dashed line across. */
	double gy = TOP + ph - ph * goal / max_done;
	double dash[] = { 6, 4 };
	cairo_set_dash(cr, dash, 2, 0);
	cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
	cairo_set_line_width(cr, 2);
	cairo_move_to(cr, LEFT, gy);
	cairo_line_to(cr, LEFT + pw, gy);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);

	/* Active time: a line through the day centres. */
	set_blue(cr, dark);
	cairo_set_line_width(cr, 2);
	for (size_t i = 0; i < ndays; i++) {
		double x = LEFT + slot * ((double)i + 0.5);
		double y = TOP + ph - ph * ((double)days[i].active_us / 3600e6) / max_hours;
		if (i == 0)
			cairo_move_to(cr, x, y);
		else
			cairo_line_to(cr, x, y);
	}
	cairo_stroke(cr);

	/* Dates under the axis, as many as fit. */
	cairo_set_source_rgb(cr, soft, soft, soft);
	size_t every = (size_t)(70.0 / slot) + 1;
	for (size_t i = 0; i < ndays; i++) {
		if ((ndays - 1 - i) % every)
			continue;
		char date[16];
		mb_date_format(first_day + (int64_t)i, date, sizeof(date));
		text_at(cr, LEFT + slot * ((double)i + 0.5), TOP + ph + 16, date + 5, 0.5);
	}
	cairo_set_source_rgb(cr, ink, ink, ink);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, LEFT, TOP + ph + 0.5);
	cairo_line_to(cr, LEFT + pw, TOP + ph + 0.5);
	cairo_stroke(cr);

	/* Legend. */
	double ly = height - 18;
	cairo_set_source_rgb(cr, 0.25, 0.65, 0.35);
	cairo_rectangle(cr, LEFT, ly - 9, 10, 10);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, ink, ink, ink);
	text_at(cr, LEFT + 14, ly, "goal met", 0);
	cairo_set_source_rgb(cr, 0.93, 0.6, 0.2);
	cairo_rectangle(cr, LEFT + 90, ly - 9, 10, 10);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, ink, ink, ink);
	text_at(cr, LEFT + 104, ly, "below the goal", 0);
	cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
	cairo_move_to(cr, LEFT + 210, ly - 4);
	cairo_line_to(cr, LEFT + 230, ly - 4);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, ink, ink, ink);
	text_at(cr, LEFT + 236, ly, "goal", 0);
	set_blue(cr, dark);
	cairo_move_to(cr, LEFT + 290, ly - 4);
	cairo_line_to(cr, LEFT + 310, ly - 4);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, ink, ink, ink);
	text_at(cr, LEFT + 316, ly, "active at the keyboard (hours, right)", 0);
	cairo_restore(cr);
}

int mb_gui_stats_plot(int argc, char **argv)
{
	static const struct option options[] = {
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "plot", required_argument, NULL, OPT_PLOT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ 0 },
	};
	long ndays = 14;
	const char *path = NULL;
	int opt;
	opterr = 0;
	const char *short_options = "+";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case OPT_DAYS:
			if (!mb_args_int("stats", "--days", optarg, 1, MB_STATS_DAYS_MAX, &ndays))
				return MB_EXIT_USAGE;
			break;
		case OPT_PLOT:
			path = optarg;
			break;
		case OPT_JSON:
		case OPT_CSV:
			break;
		default:
			return mb_args_bad_option("stats", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	size_t len = path ? strlen(path) : 0;
	bool png = len > 4 && strcmp(path + len - 4, ".png") == 0;
	bool svg = len > 4 && strcmp(path + len - 4, ".svg") == 0;
	if (!png && !svg) {
		fprintf(stderr, "movebreak stats: --plot FILE.svg or FILE.png is needed\n");
		return MB_EXIT_USAGE;
	}

	char err[512];
	int64_t today, now_us;
	if (mb_stats_now(&today, &now_us, err, sizeof(err)) < 0) {
		fprintf(stderr, "movebreak stats: %s\n", err);
		return MB_EXIT_USAGE;
	}
	struct mb_store *store = mb_cli_history_open("stats", err, sizeof(err));
	if (!store) {
		fprintf(stderr, "movebreak stats: %s\n", err);
		return MB_EXIT_FAILURE;
	}
	unsigned goal = mb_stats_goal(store, today, mb_stats_config_goal("stats"), NULL);
	struct mb_stats_day *days = calloc((size_t)ndays, sizeof(*days));
	int64_t first_day = today - ndays + 1;
	int r = days ? mb_stats_load(store, first_day, (size_t)ndays, goal, days, NULL) : -ENOMEM;
	if (r < 0) {
		fprintf(stderr, "movebreak stats: %s\n",
			mb_cli_history_error(store, r, err, sizeof(err)));
		mb_store_destroy(store);
		free(days);
		return MB_EXIT_FAILURE;
	}
	mb_store_destroy(store);

	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "movebreak stats: cannot write %s: %s\n", path, strerror(errno));
		free(days);
		return MB_EXIT_FAILURE;
	}
	cairo_surface_t *surface = png ?
		cairo_image_surface_create(CAIRO_FORMAT_RGB24, WIDTH, HEIGHT) :
		cairo_svg_surface_create_for_stream(write_stream, f, WIDTH, HEIGHT);
	cairo_t *cr = cairo_create(surface);
	mb_plot_stats_draw(cr, WIDTH, HEIGHT, first_day, days, (size_t)ndays, goal, false);
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	if (status == CAIRO_STATUS_SUCCESS && png)
		status = cairo_surface_write_to_png_stream(surface, write_stream, f);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	/* Let cairo drop its font caches, so leak checkers see only real leaks. */
	cairo_debug_reset_static_data();
	free(days);
	if (fclose(f) != 0 && status == CAIRO_STATUS_SUCCESS)
		status = CAIRO_STATUS_WRITE_ERROR;
	if (status != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "movebreak stats: cannot draw %s: %s\n", path,
			cairo_status_to_string(status));
		return MB_EXIT_FAILURE;
	}
	printf("movebreak stats: wrote %s (%ld days, goal %u)\n", path, ndays, goal);
	return MB_EXIT_OK;
}

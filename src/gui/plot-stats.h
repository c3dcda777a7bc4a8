/* The stats chart: breaks per day against the goal, and active time, drawn with cairo. */
#ifndef MB_GUI_PLOT_STATS_H
#define MB_GUI_PLOT_STATS_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/stats.h"

/**
 * Draw the chart of days[0..ndays) (local day numbers from first_day) against
 * goal into the box (0, 0, width, height) of cr, in cr's user units, painting
 * the background first: white, or dark grey when dark. The plot file is 960 by
 * 480; a box much smaller than about 480 by 240 crowds the labels. cr's state
 * is saved and restored.
 */
void mb_plot_stats_draw(cairo_t *cr, double width, double height, int64_t first_day,
	const struct mb_stats_day *days, size_t ndays, unsigned goal, bool dark);

#endif

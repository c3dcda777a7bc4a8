/* Drawing the coached figure with cairo: one frame of a pose, or of a timeline at a time. */
#ifndef MB_RENDER_FIGURE_H
#define MB_RENDER_FIGURE_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/pose.h"
#include "core/timeline.h"

/**
 * Draw a figure in a pose into the box (x, y, w, h) of cr, in user units of
 * cr. The box is filled with the theme's background first (dark: a dark
 * background and a light figure). The figure keeps its proportions and is
 * centred; the same pose always gives the same picture at the same box, so
 * frames of a still pose match exactly. cr's state is saved and restored.
 */
void mb_figure_draw(cairo_t *cr, const struct mb_pose *pose, double x, double y, double w, double h,
	bool dark);

/** Draw the figure as it stands at offset t_us of the timeline into the box (x, y, w, h) of cr. */
void mb_figure_draw_at(cairo_t *cr, const struct mb_timeline *timeline, int64_t t_us, double x,
	double y, double w, double h, bool dark);

#endif

/* The break window's drawing areas: the figure, and the stage with its ring and pacer. */
#ifndef MB_GUI_WINDOW_DRAW_H
#define MB_GUI_WINDOW_DRAW_H

#include <gtk/gtk.h>

/**
 * Draw the coached figure as it stands now, in the theme's light or dark;
 * a GtkDrawingArea draw function whose data is the struct mb_window.
 */
void mb_window_draw_figure(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data);

/**
 * Draw the stage: the cue in large letters (or PAUSED, or WELL DONE), the
 * ring counting down the hold or the cue with its seconds, the counters and
 * the breath pacer; a GtkDrawingArea draw function whose data is the struct
 * mb_window.
 */
void mb_window_draw_stage(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data);

#endif

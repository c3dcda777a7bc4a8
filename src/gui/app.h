/* The movebreak app window (`movebreak app`): the state its pages share. */
#ifndef MB_GUI_APP_H
#define MB_GUI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gtk/gtk.h>

#include "app/stats-data.h"
#include "core/routine.h"

struct mb_app_setting;
struct mb_app_routine;

/** The window and its four pages; one per process, owned by mb_gui_app(). */
struct mb_app {
	GtkApplication *gtk;
	GtkWindow *window;
	GtkStack *stack;
	GDBusConnection *theme_bus;

	/* Today (app-today.c): the daemon's properties through a proxy that follows them. */
	GDBusProxy *daemon;
	GtkWidget *state_label, *next_label, *count_label, *streak_label, *challenge_label;
	GtkWidget *calendar, *today_status, *running_box, *stopped_box;
	GtkWidget *break_button, *pause_button, *resume_button;
	/* When the properties shown were read (monotonic), for the minute-by-minute estimate. */
	int64_t read_at_us;
	guint minute_source;
	struct mb_habit habit;
	bool has_habit;
	unsigned movement_today;

	/* Settings (app-settings.c). */
	struct mb_app_setting *settings;
	size_t settings_len;
	GtkWidget *file_error, *save_button, *settings_status;
	/* settings_status says why Save is greyed. */
	bool save_hint;
	char config_path[4096];

	/* Routines (app-routines.c). */
	struct mb_app_routine *routines;
	size_t routines_len;

	/* History (app-history.c). */
	GtkWidget *chart, *heatmap, *recent;
	struct mb_stats_day *days;
	size_t ndays;
	int64_t first_day;
	unsigned goal;
};

/** Build the Today page: the daemon's state, today's breaks, the habit, the controls. */
GtkWidget *mb_app_today_page(struct mb_app *app);

/** Read today's counts and the habit from the history again and show them. */
void mb_app_today_refresh(struct mb_app *app);

/** Drop the Today page's proxy and timer. */
void mb_app_today_finish(struct mb_app *app);

/**
 * Build the Settings page from config.ini. *file_bad is set when the file
 * does not parse: the page then shows the problem at its top.
 */
GtkWidget *mb_app_settings_page(struct mb_app *app, bool *file_bad);

/** Free what the Settings page holds. */
void mb_app_settings_finish(struct mb_app *app);

/** Build the Routines page: every routine on offer, its exercises and figures, Start. */
GtkWidget *mb_app_routines_page(struct mb_app *app);

/** Free the routines the page loaded. */
void mb_app_routines_finish(struct mb_app *app);

/** Build the History page: the chart, the heat map of days and the recent breaks. */
GtkWidget *mb_app_history_page(struct mb_app *app);

/** Read the history again for the History page. */
void mb_app_history_refresh(struct mb_app *app);

/** Free what the History page holds. */
void mb_app_history_finish(struct mb_app *app);

/** Whether widget is drawn in a dark theme (its text colour is light). */
bool mb_app_is_dark(GtkWidget *widget);

/** Give widget the accessible name name, for controls whose own text does not say it. */
void mb_app_name(GtkWidget *widget, const char *name);

/** A label aligned left and wrapped, with the CSS class css_class when it is not NULL. */
GtkWidget *mb_app_left_label(const char *text, const char *css);

/**
 * Draw ndays days from first_day as a calendar grid, Monday first, one row a
 * week, into the box (0, 0, width, height) of cr: each day coloured by
 * done[i] against goal (met, some, none), days after today outlined only,
 * today ringed. done may hold fewer than ndays entries (nd of them).
 */
void mb_app_draw_calendar(cairo_t *cr, double width, double height, int64_t first_day, size_t ndays,
	const unsigned *done, size_t nd, unsigned goal, int64_t today, bool dark);

/**
 * Run argv (argv[0] "movebreak" means the movebreak program beside this
 * one, else from PATH) in a session of its own, not waited for. Returns
 * true, or false with the reason in a g_malloc'd *why.
 */
bool mb_app_spawn_detached(char **argv, char **why);

/** Show text in a status label of the window, marked as an error when error is set. */
void mb_app_status(GtkWidget *label, const char *text, bool error);

#endif

/* The app window's Today page: the daemon's state live from its properties, today's breaks. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>
#include <gtk/gtk.h>

#include "app/dbus.h"
#include "app/history.h"
#include "app/stats-data.h"
#include "gui/app.h"

static char *prop_string(GDBusProxy *proxy, const char *name)
{
	GVariant *v = g_dbus_proxy_get_cached_property(proxy, name);
	char *s = g_strdup(v && g_variant_is_of_type(v, G_VARIANT_TYPE_STRING) ?
			g_variant_get_string(v, NULL) :
			"");
	if (v)
		g_variant_unref(v);
	return s;
}

static guint64 prop_u64(GDBusProxy *proxy, const char *name)
{
	GVariant *v = g_dbus_proxy_get_cached_property(proxy, name);
	guint64 n = 0;
	if (v && g_variant_is_of_type(v, G_VARIANT_TYPE_UINT64))
		n = g_variant_get_uint64(v);
	else if (v && g_variant_is_of_type(v, G_VARIANT_TYPE_UINT32))
		n = g_variant_get_uint32(v);
	if (v)
		g_variant_unref(v);
	return n;
}

/* Unix seconds as the local time of day. */
static void clock_text(guint64 unix_s, char *buf, size_t len)
{
	time_t t = (time_t)unix_s;
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(buf, len, "%H:%M", &tm);
	else
		snprintf(buf, len, "?");
}

/* Minutes, rounded up so "in 0 min" never shows while something is still to come. */
static void minutes_text(guint64 s, char *buf, size_t len)
{
	guint64 min = (s + 59) / 60;
	if (min >= 120)
		snprintf(buf, len, "%" G_GUINT64_FORMAT " h %" G_GUINT64_FORMAT " min", min / 60,
			min % 60);
	else
		snprintf(buf, len, "%" G_GUINT64_FORMAT " min", min);
}

/* The two lines that say what the daemon does and what comes next. */
static void show_state(struct mb_app *app)
{
	char *owner = app->daemon ? g_dbus_proxy_get_name_owner(app->daemon) : NULL;
	gtk_widget_set_visible(app->running_box, owner != NULL);
	gtk_widget_set_visible(app->stopped_box, owner == NULL);
	if (!owner)
		return;
	g_free(owner);
	char *state = prop_string(app->daemon, "State");
	char *next = prop_string(app->daemon, "NextBreak");
	char *routine = prop_string(app->daemon, "BreakRoutine");
	guint64 in_s = prop_u64(app->daemon, "NextBreakInSeconds");
	guint64 paused_until = prop_u64(app->daemon, "PausedUntil");
	guint64 again_at = prop_u64(app->daemon, "PromptAgainAt");
	guint64 until = prop_u64(app->daemon, "BreakUntil");
	const char *kind = strcmp(next, "micro") == 0 ? "micro-reset" : "movement break";
	/* Between readings only an active count moves: estimate it here, not by asking. */
	guint64 gone_s = (guint64)((g_get_monotonic_time() - app->read_at_us) / G_USEC_PER_SEC);
	if (strcmp(state, "active") == 0 || strcmp(state, "postponed") == 0)
		in_s = in_s > gone_s ? in_s - gone_s : 0;

	char line[256], when[64], at[16];
	const char *what = state;
	if (strcmp(state, "active") == 0) {
		what = "Counting your time at the keyboard";
		minutes_text(in_s, when, sizeof(when));
		snprintf(line, sizeof(line), "Next %s in about %s of activity", kind, when);
	} else if (strcmp(state, "idle") == 0) {
		what = "You are away: the count waits";
		minutes_text(in_s, when, sizeof(when));
		snprintf(line, sizeof(line), "Next %s after %s more at the keyboard", kind, when);
	} else if (strcmp(state, "due") == 0 || strcmp(state, "held") == 0 ||
		strcmp(state, "prompt") == 0) {
		what = strcmp(state, "held") == 0 ? "A break is due, held while you do not want "
						    "to be disturbed" :
						    "A break is due now";
		snprintf(line, sizeof(line), "Take your %s when you can", kind);
	} else if (strcmp(state, "postponed") == 0) {
		what = "The break is postponed";
		clock_text(again_at, at, sizeof(at));
		snprintf(line, sizeof(line), "It is offered again at %s", at);
	} else if (strcmp(state, "break") == 0) {
		what = "A break is under way";
		clock_text(until, at, sizeof(at));
		snprintf(line, sizeof(line), "%s%suntil about %s", routine, routine[0] ? " " : "",
			at);
	} else if (strcmp(state, "paused") == 0) {
		what = "Paused: no breaks are offered";
		clock_text(paused_until, at, sizeof(at));
		if (paused_until)
			snprintf(line, sizeof(line), "Paused until %s", at);
		else
			snprintf(line, sizeof(line), "Paused until you resume");
	} else if (strcmp(state, "asleep") == 0) {
		what = "The computer was asleep";
		snprintf(line, sizeof(line), "The count starts again when you are back");
	} else {
		snprintf(line, sizeof(line), "State: %s", state);
	}
	gtk_label_set_text(GTK_LABEL(app->state_label), what);
	gtk_label_set_text(GTK_LABEL(app->next_label), line);
	bool paused = strcmp(state, "paused") == 0;
	gtk_widget_set_visible(app->pause_button, !paused);
	gtk_widget_set_visible(app->resume_button, paused);
	gtk_widget_set_sensitive(app->break_button, strcmp(state, "break") != 0);
	g_free(state);
	g_free(next);
	g_free(routine);
}

static gboolean on_minute(gpointer data)
{
	show_state(data);
	return G_SOURCE_CONTINUE;
}

static void on_properties(GDBusProxy *proxy, GVariant *changed, GStrv invalidated, gpointer data)
{
	(void)proxy;
	(void)changed;
	(void)invalidated;
	struct mb_app *app = data;
	app->read_at_us = g_get_monotonic_time();
	show_state(app);
}

static void on_signal(GDBusProxy *proxy, const char *sender, const char *signal, GVariant *params,
	gpointer data)
{
	(void)proxy;
	(void)sender;
	(void)params;
	/* A break that ended may have changed today's count and the streak. */
	if (strcmp(signal, "BreakFinished") == 0)
		mb_app_today_refresh(data);
}

static void on_owner(GObject *proxy, GParamSpec *spec, gpointer data)
{
	(void)proxy;
	(void)spec;
	struct mb_app *app = data;
	app->read_at_us = g_get_monotonic_time();
	show_state(app);
	mb_app_today_refresh(app);
}

static void on_call_done(GObject *source, GAsyncResult *result, gpointer data)
{
	struct mb_app *app = data;
	GError *error = NULL;
	GVariant *reply = g_dbus_proxy_call_finish(G_DBUS_PROXY(source), result, &error);
	if (reply) {
		g_variant_unref(reply);
		mb_app_status(app->today_status, "", false);
		return;
	}
	g_dbus_error_strip_remote_error(error);
	char *msg = g_strdup_printf("The daemon said: %s", error->message);
	mb_app_status(app->today_status, msg, true);
	g_free(msg);
	g_error_free(error);
}

static void call(struct mb_app *app, const char *method, GVariant *args)
{
	g_dbus_proxy_call(app->daemon, method, args, G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL,
		on_call_done, app);
}

static void on_break(GtkButton *button, gpointer data)
{
	(void)button;
	call(data, "StartBreak", g_variant_new("(s)", "movement"));
}

static void on_pause(GtkButton *button, gpointer data)
{
	(void)button;
	call(data, "Pause", g_variant_new("(u)", 1800u));
}

static void on_resume(GtkButton *button, gpointer data)
{
	(void)button;
	call(data, "Resume", NULL);
}

/* The user's service where systemd knows it, else the daemon itself, in a session of its own. */
static void on_start_daemon(GtkButton *button, gpointer data)
{
	(void)button;
	struct mb_app *app = data;
	char *systemctl = g_find_program_in_path("systemctl");
	int status = -1;
	if (systemctl) {
		char *argv[] = { systemctl, "--user", "start", "movebreak.service", NULL };
		if (!g_spawn_sync(NULL, argv, NULL,
			    G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
			    NULL, NULL, &status, NULL))
			status = -1;
		g_free(systemctl);
	}
	if (status == 0) {
		mb_app_status(app->today_status, "Started the movebreak service.", false);
		return;
	}
	char *argv[] = { "movebreak", "daemon", NULL };
	char *why = NULL;
	if (mb_app_spawn_detached(argv, &why)) {
		mb_app_status(app->today_status, "Started the movebreak daemon.", false);
		return;
	}
	char *msg = g_strdup_printf("Could not start the daemon: %s", why);
	mb_app_status(app->today_status, msg, true);
	g_free(msg);
	g_free(why);
}

static void draw_calendar(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
	struct mb_app *app = data;
	if (!app->has_habit || !app->habit.has_challenge)
		return;
	const struct mb_challenge *c = &app->habit.challenge;
	mb_app_draw_calendar(cr, width, height, c->start_day, c->days, app->habit.done,
		app->habit.ndone, c->goal, app->habit.day, mb_app_is_dark(GTK_WIDGET(area)));
}

void mb_app_today_refresh(struct mb_app *app)
{
	char err[512];
	int64_t today, now_us;
	struct mb_store *store = NULL;
	if (mb_stats_now(&today, &now_us, err, sizeof(err)) == 0)
		store = mb_cli_history_open("app", err, sizeof(err));
	if (!store) {
		gtk_label_set_text(GTK_LABEL(app->count_label), err);
		return;
	}
	unsigned done = 0, movement = 0, natural = 0;
	int r = mb_habit_load(&app->habit, store, today, mb_stats_config_goal("app"));
	if (r == 0)
		r = mb_stats_day_counts(store, today, &done, &movement, &natural);
	if (r < 0) {
		gtk_label_set_text(GTK_LABEL(app->count_label),
			mb_cli_history_error(store, r, err, sizeof(err)));
		mb_store_destroy(store);
		return;
	}
	mb_store_destroy(store);
	app->has_habit = true;
	app->movement_today = movement;

	char line[256], challenge[256], streak[256];
	snprintf(line, sizeof(line), "%u of %u movement breaks done today%s", movement,
		app->habit.goal, movement >= app->habit.goal ? ": the goal is met" : "");
	if (natural)
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
			", and %u natural break%s", natural, natural == 1 ? "" : "s");
	gtk_label_set_text(GTK_LABEL(app->count_label), line);
	mb_habit_lines(&app->habit, movement, challenge, sizeof(challenge), streak, sizeof(streak));
	gtk_label_set_text(GTK_LABEL(app->streak_label),
		streak[0] ? streak : "No streak yet: meet the goal today to start one.");
	gtk_label_set_text(GTK_LABEL(app->challenge_label),
		challenge[0] ? challenge :
			       "No challenge runs. Start one with: movebreak challenge start");
	gtk_widget_set_visible(app->calendar, app->habit.has_challenge);
	gtk_widget_queue_draw(app->calendar);
}

static GtkWidget *left_label(GtkWidget *box, const char *text, const char *css)
{
	GtkWidget *label = gtk_label_new(text);
	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_label_set_wrap(GTK_LABEL(label), true);
	if (css)
		gtk_widget_add_css_class(label, css);
	gtk_box_append(GTK_BOX(box), label);
	return label;
}

static GtkWidget *button(GtkWidget *box, const char *text, GCallback cb, struct mb_app *app)
{
	GtkWidget *b = gtk_button_new_with_mnemonic(text);
	/* GTK 4.8 names a mnemonic button by its text with the underscore: name it plainly. */
	char *plain = g_strdup(text);
	char *u = strchr(plain, '_');
	if (u)
		memmove(u, u + 1, strlen(u));
	mb_app_name(b, plain);
	g_free(plain);
	g_signal_connect(b, "clicked", cb, app);
	gtk_box_append(GTK_BOX(box), b);
	return b;
}

GtkWidget *mb_app_today_page(struct mb_app *app)
{
	GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
	left_label(page, "Today", "mb-heading");

	app->running_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	app->state_label = left_label(app->running_box, "", "mb-big");
	app->next_label = left_label(app->running_box, "", NULL);
	GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	gtk_widget_set_margin_top(row, 6);
	app->break_button = button(row, "_Take a break now", G_CALLBACK(on_break), app);
	gtk_widget_add_css_class(app->break_button, "suggested-action");
	app->pause_button = button(row, "_Pause (30 min)", G_CALLBACK(on_pause), app);
	mb_app_name(app->pause_button, "Pause for 30 minutes");
	app->resume_button = button(row, "_Resume", G_CALLBACK(on_resume), app);
	gtk_box_append(GTK_BOX(app->running_box), row);
	gtk_box_append(GTK_BOX(page), app->running_box);

	app->stopped_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	left_label(app->stopped_box, "The movebreak daemon is not running", "mb-big");
	left_label(app->stopped_box,
		"Without it no breaks are offered and your activity is not counted.", NULL);
	row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	button(row, "_Start the daemon", G_CALLBACK(on_start_daemon), app);
	gtk_box_append(GTK_BOX(app->stopped_box), row);
	gtk_box_append(GTK_BOX(page), app->stopped_box);
	app->today_status = left_label(page, "", NULL);
	gtk_widget_set_visible(app->today_status, false);

	left_label(page, "Your breaks", "mb-section");
	app->count_label = left_label(page, "", NULL);
	app->streak_label = left_label(page, "", NULL);
	app->challenge_label = left_label(page, "", NULL);
	app->calendar = gtk_drawing_area_new();
	gtk_widget_set_size_request(app->calendar, 360, 200);
	gtk_widget_set_halign(app->calendar, GTK_ALIGN_START);
	gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(app->calendar), draw_calendar, app, NULL);
	gtk_accessible_update_property(GTK_ACCESSIBLE(app->calendar), GTK_ACCESSIBLE_PROPERTY_LABEL,
		"Challenge calendar", -1);
	gtk_box_append(GTK_BOX(page), app->calendar);

	GError *error = NULL;
	app->daemon = g_dbus_proxy_new_for_bus_sync(G_BUS_TYPE_SESSION,
		G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START |
			G_DBUS_PROXY_FLAGS_GET_INVALIDATED_PROPERTIES,
		NULL, MB_DBUS_NAME, MB_DBUS_PATH, MB_DBUS_INTERFACE, NULL, &error);
	if (!app->daemon) {
		char *msg = g_strdup_printf("No session bus: %s", error->message);
		mb_app_status(app->today_status, msg, true);
		g_free(msg);
		g_error_free(error);
	} else {
		g_signal_connect(app->daemon, "g-properties-changed", G_CALLBACK(on_properties),
			app);
		g_signal_connect(app->daemon, "g-signal", G_CALLBACK(on_signal), app);
		g_signal_connect(app->daemon, "notify::g-name-owner", G_CALLBACK(on_owner), app);
	}
	app->read_at_us = g_get_monotonic_time();
	show_state(app);
	app->minute_source = g_timeout_add_seconds(60, on_minute, app);
	return page;
}

void mb_app_today_finish(struct mb_app *app)
{
	if (app->minute_source)
		g_source_remove(app->minute_source);
	app->minute_source = 0;
	g_clear_object(&app->daemon);
	mb_habit_finish(&app->habit);
}

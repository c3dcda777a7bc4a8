/* The app window's Settings page: every key of config.ini, checked as typed, saved in place. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <gtk/gtk.h>

#include "app/dbus.h"
#include "app/readfile.h"
#include "app/settings.h"
#include "core/config.h"
#include "gui/app.h"
#include "parse/config-edit.h"
#include "parse/config-ini.h"

/* One key's row: its entry, its message, and the value it had when the page last read the file. */
struct mb_app_setting {
	struct mb_app *app;
	const char *section, *key;
	GtkWidget *entry, *error;
	char *initial;
	bool bad;
};

static void update_save(struct mb_app *app)
{
	size_t bad = 0;
	for (size_t i = 0; i < app->settings_len; i++)
		bad += app->settings[i].bad;
	gtk_widget_set_sensitive(app->save_button, bad == 0);
	/* Say why Save is greyed, and take it back once it is not. */
	if (bad > 0 && app->settings_status) {
		mb_app_status(app->settings_status,
			bad == 1 ? "Correct the value marked in red to save." :
				   "Correct the values marked in red to save.",
			false);
		app->save_hint = true;
	} else if (app->save_hint) {
		mb_app_status(app->settings_status, "", false);
		app->save_hint = false;
	}
}

static void on_changed(GtkEditable *editable, gpointer data)
{
	struct mb_app_setting *s = data;
	const char *text = gtk_editable_get_text(editable);
	char err[512] = "";
	int r = mb_settings_check(s->section, s->key, text, err, sizeof(err));
	s->bad = r < 0;
	if (r == -ENOMEM)
		snprintf(err, sizeof(err), "out of memory");
	if (s->bad) {
		gtk_widget_add_css_class(s->entry, "error");
		gtk_label_set_text(GTK_LABEL(s->error), err);
		gtk_accessible_update_property(GTK_ACCESSIBLE(s->entry),
			GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, err, -1);
		gtk_accessible_update_state(GTK_ACCESSIBLE(s->entry), GTK_ACCESSIBLE_STATE_INVALID,
			GTK_ACCESSIBLE_INVALID_TRUE, -1);
	} else {
		gtk_widget_remove_css_class(s->entry, "error");
		gtk_label_set_text(GTK_LABEL(s->error), "");
		gtk_accessible_reset_property(GTK_ACCESSIBLE(s->entry),
			GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
		gtk_accessible_update_state(GTK_ACCESSIBLE(s->entry), GTK_ACCESSIBLE_STATE_INVALID,
			GTK_ACCESSIBLE_INVALID_FALSE, -1);
	}
	gtk_widget_set_visible(s->error, s->bad);
	update_save(s->app);
}

/* A section or key this build does not know: kept as written, as mb_settings_write() keeps it. */
static bool unknown_name(const char *buf, size_t len, const struct mb_diag *d)
{
	char section[64], key[64];
	if (d->line <= 0)
		return false;
	enum mb_config_line_kind kind = mb_config_line_classify(buf, len, d->line, section, key);
	if (kind == MB_CONFIG_LINE_SECTION)
		return !mb_config_has_section(section);
	if (kind == MB_CONFIG_LINE_KEY)
		return !mb_config_has_section(section) || mb_config_key_index(section, key) < 0;
	return false;
}

/*
 * Say at the top of the page whether config.ini parses as the daemon reads
 * it. Returns false for a problem that stops a save; a section or key this
 * version does not know does not (the write keeps it), though the daemon
 * refuses the file while it is there, which the page says.
 */
static bool check_file(struct mb_app *app)
{
	struct mb_config cfg;
	struct mb_diags diags = { 0 };
	int r = mb_settings_load(app->config_path, false, &cfg, &diags, NULL, 0);
	char *buf = NULL;
	size_t len = 0;
	if (r == -EINVAL && mb_read_file(app->config_path, MB_CONFIG_MAX_BYTES, &buf, &len) < 0)
		len = 0;
	const struct mb_diag *bad = NULL, *unknown = NULL;
	for (size_t i = 0; r == -EINVAL && i < diags.len; i++) {
		if (!unknown_name(buf ? buf : "", len, &diags.items[i]))
			bad = bad ? bad : &diags.items[i];
		else
			unknown = unknown ? unknown : &diags.items[i];
	}
	free(buf);
	char line[4700], msg[4900];
	if (r == 0 || (r == -EINVAL && !bad)) {
		if (unknown) {
			mb_diag_format(line, sizeof(line), app->config_path, unknown);
			snprintf(msg, sizeof(msg),
				"The daemon refuses config.ini while it holds a name this "
				"version does not know:\n%s\n"
				"Saving keeps that line as it is: remove or correct it in the "
				"file.",
				line);
		}
		mb_app_status(app->file_error, unknown ? msg : "", true);
		return true;
	}
	if (bad)
		mb_diag_format(line, sizeof(line), app->config_path, bad);
	else
		snprintf(line, sizeof(line), "%s: %s", app->config_path, strerror(-r));
	snprintf(msg, sizeof(msg),
		"config.ini has a problem, so the daemon cannot use it:\n%s\n"
		"Fix the value below; nothing is written until it is right.",
		line);
	mb_app_status(app->file_error, msg, true);
	return false;
}

static void on_reloaded(GObject *source, GAsyncResult *result, gpointer data)
{
	struct mb_app *app = data;
	GError *error = NULL;
	GVariant *reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
	if (!reply) {
		bool absent = g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
			g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER);
		g_dbus_error_strip_remote_error(error);
		char *msg = absent ?
			g_strdup("Saved. The daemon is not running: it reads the new "
				 "settings when it starts.") :
			g_strdup_printf("Saved, but the daemon did not reload: %s", error->message);
		mb_app_status(app->settings_status, msg, !absent);
		g_free(msg);
		g_error_free(error);
		return;
	}
	const char *problem;
	g_variant_get(reply, "(&s)", &problem);
	char *msg = problem[0] ?
		g_strdup_printf("Saved, but the daemon keeps its old settings: %s", problem) :
		g_strdup("Saved. The daemon uses the new settings now.");
	mb_app_status(app->settings_status, msg, problem[0] != '\0');
	g_free(msg);
	g_variant_unref(reply);
}

static void on_save(GtkButton *button, gpointer data)
{
	(void)button;
	struct mb_app *app = data;
	struct mb_config_change *changes = g_new0(struct mb_config_change, app->settings_len);
	size_t n = 0;
	for (size_t i = 0; i < app->settings_len; i++) {
		struct mb_app_setting *s = &app->settings[i];
		const char *text = gtk_editable_get_text(GTK_EDITABLE(s->entry));
		if (s->bad) {
			g_free(changes);
			mb_app_status(app->settings_status, "Fix the values marked in red first.",
				true);
			return;
		}
		if (strcmp(text, s->initial) != 0)
			changes[n++] = (struct mb_config_change){ .section = s->section,
				.key = s->key,
				.value = text };
	}
	if (n == 0) {
		g_free(changes);
		mb_app_status(app->settings_status, "Nothing has changed.", false);
		return;
	}
	char written[4096], err[1024];
	int r = mb_settings_write(app->config_path, changes, n, written, sizeof(written), err,
		sizeof(err));
	g_free(changes);
	if (r < 0) {
		char *msg = g_strdup_printf("Not saved: %s", err);
		mb_app_status(app->settings_status, msg, true);
		g_free(msg);
		return;
	}
	for (size_t i = 0; i < app->settings_len; i++) {
		struct mb_app_setting *s = &app->settings[i];
		g_free(s->initial);
		s->initial = g_strdup(gtk_editable_get_text(GTK_EDITABLE(s->entry)));
	}
	if (!check_file(app)) {
		mb_app_status(app->settings_status, "Saved, but config.ini still has a problem.",
			true);
		return;
	}
	mb_app_status(app->settings_status, "Saved. Asking the daemon to reload…", false);
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL);
	if (!bus) {
		mb_app_status(app->settings_status,
			"Saved. There is no session bus to tell the "
			"daemon on.",
			false);
		return;
	}
	g_dbus_connection_call(bus, MB_DBUS_NAME, MB_DBUS_PATH, MB_DBUS_INTERFACE, "Reload", NULL,
		G_VARIANT_TYPE("(s)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, on_reloaded,
		app);
	g_object_unref(bus);
}

GtkWidget *mb_app_settings_page(struct mb_app *app, bool *file_bad)
{
	/* The heading, Save and the answers stay in sight above the keys, which scroll. */
	GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	GtkWidget *head = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_widget_set_margin_start(head, 24);
	gtk_widget_set_margin_end(head, 24);
	gtk_widget_set_margin_top(head, 18);
	gtk_box_append(GTK_BOX(page), head);
	GtkWidget *keys = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_widget_set_margin_start(keys, 24);
	gtk_widget_set_margin_end(keys, 24);
	gtk_widget_set_margin_bottom(keys, 18);
	GtkWidget *scroll = gtk_scrolled_window_new();
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_NEVER,
		GTK_POLICY_AUTOMATIC);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), keys);
	gtk_widget_set_vexpand(scroll, true);
	GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	GtkWidget *heading = mb_app_left_label("Settings", "mb-heading");
	gtk_widget_set_hexpand(heading, true);
	gtk_box_append(GTK_BOX(top), heading);
	app->save_button = gtk_button_new_with_mnemonic("_Save");
	gtk_widget_add_css_class(app->save_button, "suggested-action");
	mb_app_name(app->save_button, "Save settings");
	g_signal_connect(app->save_button, "clicked", G_CALLBACK(on_save), app);
	gtk_box_append(GTK_BOX(top), app->save_button);
	gtk_box_append(GTK_BOX(head), top);

	int r = mb_settings_user_path(app->config_path, sizeof(app->config_path));
	/* Under the home folder, as ~/...: shorter to read, and the same file. */
	const char *shown_path = app->config_path, *homedir = g_get_home_dir();
	size_t home_len = homedir ? strlen(homedir) : 0;
	char tilde[4100];
	if (home_len > 1 && strncmp(app->config_path, homedir, home_len) == 0 &&
		app->config_path[home_len] == '/') {
		snprintf(tilde, sizeof(tilde), "~%s", app->config_path + home_len);
		shown_path = tilde;
	}
	char intro[4400];
	snprintf(intro, sizeof(intro),
		"Each value is checked as you type it. Save writes them to %s, keeping its "
		"comments and order, and has the daemon read it again.",
		r < 0 ? "config.ini" : shown_path);
	gtk_box_append(GTK_BOX(head), mb_app_left_label(intro, "dim-label"));
	app->file_error = mb_app_left_label("", "error");
	gtk_label_set_selectable(GTK_LABEL(app->file_error), true);
	gtk_box_append(GTK_BOX(head), app->file_error);
	app->settings_status = mb_app_left_label("", NULL);
	gtk_box_append(GTK_BOX(head), app->settings_status);
	gtk_box_append(GTK_BOX(page), gtk_separator_new(GTK_ORIENTATION_HORIZONTAL));
	gtk_box_append(GTK_BOX(page), scroll);
	gtk_widget_set_visible(app->settings_status, false);
	*file_bad = !check_file(app);

	char *buf = NULL;
	size_t len = 0;
	if (mb_read_file(app->config_path, MB_CONFIG_MAX_BYTES, &buf, &len) < 0)
		len = 0;
	app->settings_len = mb_config_key_count();
	app->settings = g_new0(struct mb_app_setting, app->settings_len);
	GtkWidget *grid = NULL;
	const char *section = "";
	int row = 0;
	for (size_t i = 0; i < app->settings_len; i++) {
		struct mb_config_key_info info;
		if (!mb_config_key_describe(i, &info))
			break;
		struct mb_app_setting *s = &app->settings[i];
		*s = (struct mb_app_setting){ .app = app,
			.section = info.section,
			.key = info.name };
		if (strcmp(section, info.section) != 0) {
			section = info.section;
			char title[80];
			snprintf(title, sizeof(title), "[%s]", section);
			gtk_box_append(GTK_BOX(keys), mb_app_left_label(title, "mb-section"));
			grid = gtk_grid_new();
			gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
			gtk_grid_set_row_spacing(GTK_GRID(grid), 2);
			gtk_box_append(GTK_BOX(keys), grid);
			row = 0;
		}
		char value[1024] = "";
		if (!buf ||
			mb_config_ini_value(buf, len, info.section, info.name, value,
				sizeof(value)) <= 0)
			snprintf(value, sizeof(value), "%s", info.default_text);
		s->initial = g_strdup(value);

		GtkWidget *name = mb_app_left_label(info.name, NULL);
		gtk_widget_set_valign(name, GTK_ALIGN_BASELINE);
		gtk_widget_set_size_request(name, 150, -1);
		s->entry = gtk_entry_new();
		gtk_editable_set_text(GTK_EDITABLE(s->entry), value);
		gtk_widget_set_hexpand(s->entry, true);
		char a11y[160], placeholder[160];
		snprintf(a11y, sizeof(a11y), "%s.%s", info.section, info.name);
		mb_app_name(s->entry, a11y);
		if (info.default_text[0]) {
			snprintf(placeholder, sizeof(placeholder), "default: %s",
				info.default_text);
			gtk_entry_set_placeholder_text(GTK_ENTRY(s->entry), placeholder);
		}
		GtkWidget *help = mb_app_left_label(info.help, "dim-label");
		gtk_label_set_max_width_chars(GTK_LABEL(help), 70);
		s->error = mb_app_left_label("", "error");
		gtk_widget_set_visible(s->error, false);
		gtk_grid_attach(GTK_GRID(grid), name, 0, row, 1, 1);
		gtk_grid_attach(GTK_GRID(grid), s->entry, 1, row, 1, 1);
		gtk_grid_attach(GTK_GRID(grid), s->error, 1, row + 1, 1, 1);
		gtk_grid_attach(GTK_GRID(grid), help, 1, row + 2, 1, 1);
		gtk_widget_set_margin_bottom(help, 8);
		row += 3;
		g_signal_connect(s->entry, "changed", G_CALLBACK(on_changed), s);
		on_changed(GTK_EDITABLE(s->entry), s);
	}
	free(buf);
	return page;
}

void mb_app_settings_finish(struct mb_app *app)
{
	for (size_t i = 0; i < app->settings_len; i++)
		g_free(app->settings[i].initial);
	g_clear_pointer(&app->settings, g_free);
	app->settings_len = 0;
}

/* The desktop's colour scheme, read from the settings portal, for GTK 4.8 which does not. */
#include <string.h>

#include <gtk/gtk.h>

#include "gui/window-theme.h"
#include "gui/window.h"

/* The portal's colour scheme: 1 prefers dark, 2 prefers light, 0 has no preference. */
static void apply_color_scheme(GVariant *value)
{
	while (value && g_variant_is_of_type(value, G_VARIANT_TYPE_VARIANT)) {
		GVariant *inner = g_variant_get_variant(value);
		g_variant_unref(value);
		value = inner;
	}
	if (value && g_variant_is_of_type(value, G_VARIANT_TYPE_UINT32)) {
		guint32 scheme = g_variant_get_uint32(value);
		if (scheme == 1 || scheme == 2)
			g_object_set(gtk_settings_get_default(),
				"gtk-application-prefer-dark-theme", scheme == 1, NULL);
	}
	if (value)
		g_variant_unref(value);
}

/* Whom to tell of a change: lives as long as the signal subscription. */
struct follow {
	void (*changed)(void *data);
	void *data;
};

static void on_setting_changed(GDBusConnection *bus, const char *sender, const char *path,
	const char *interface, const char *signal, GVariant *params, gpointer data)
{
	const char *ns, *key;
	GVariant *value;
	g_variant_get(params, "(&s&sv)", &ns, &key, &value);
	if (strcmp(ns, "org.freedesktop.appearance") == 0 && strcmp(key, "color-scheme") == 0)
		apply_color_scheme(value);
	else
		g_variant_unref(value);
	struct follow *f = data;
	f->changed(f->data);
}

static void redraw_window(void *data)
{
	struct mb_window *w = data;
	gtk_widget_queue_draw(w->figure);
	gtk_widget_queue_draw(w->stage);
}

/*
 * GTK 4.8 follows gtk-application-prefer-dark-theme and GTK_THEME but not the
 * settings portal's color-scheme, which GNOME and KDE set: read it, and follow
 * its changes. A desktop without the portal keeps GtkSettings as it is.
 */
GDBusConnection *mb_gui_follow_color_scheme(void (*changed)(void *data), void *data)
{
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL);
	if (!bus)
		return NULL;
	struct follow *f = g_new(struct follow, 1);
	*f = (struct follow){ .changed = changed, .data = data };
	GVariant *reply = g_dbus_connection_call_sync(bus, "org.freedesktop.portal.Desktop",
		"/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings", "Read",
		g_variant_new("(ss)", "org.freedesktop.appearance", "color-scheme"),
		G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 500, NULL, NULL);
	if (reply) {
		GVariant *value;
		g_variant_get(reply, "(v)", &value);
		apply_color_scheme(value);
		g_variant_unref(reply);
	}
	g_dbus_connection_signal_subscribe(bus, "org.freedesktop.portal.Desktop",
		"org.freedesktop.portal.Settings", "SettingChanged",
		"/org/freedesktop/portal/desktop", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
		on_setting_changed, f, g_free);
	return bus;
}

GDBusConnection *mb_window_follow_color_scheme(struct mb_window *w)
{
	return mb_gui_follow_color_scheme(redraw_window, w);
}

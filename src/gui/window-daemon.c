/* The break window asks the daemon to postpone or skip the break its prompt started. */
#include <stdbool.h>
#include <stdio.h>

#include <gio/gio.h>

#include "app/dbus.h"
#include "gui/window-daemon.h"
#include "gui/window-show.h"
#include "gui/window.h"

/* Call the daemon (Postpone, Skip); it writes the row itself. On failure *why says why. */
bool mb_window_call_daemon(struct mb_window *w, const char *method, GVariant *args, char **why)
{
	GError *error = NULL;
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &error);
	GVariant *reply = NULL;
	if (bus)
		reply = g_dbus_connection_call_sync(bus, MB_DBUS_NAME, MB_DBUS_PATH,
			MB_DBUS_INTERFACE, method, args, NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START,
			5000, NULL, &error);
	else if (args)
		g_variant_unref(g_variant_ref_sink(args));
	bool ok = reply != NULL;
	if (!ok) {
		if (error)
			g_dbus_error_strip_remote_error(error);
		*why = g_strdup(error ? error->message : "no session bus");
	}
	if (reply)
		g_variant_unref(reply);
	g_clear_error(&error);
	g_clear_object(&bus);
	return ok;
}

void mb_window_postpone(struct mb_window *w)
{
	if (w->done || w->asking || !w->from_prompt)
		return;
	char *why = NULL;
	if (!mb_window_call_daemon(w, "Postpone", g_variant_new("(u)", 0u), &why)) {
		char *msg = g_strdup_printf("Could not postpone: %s", why);
		mb_window_set_status(w, msg);
		fprintf(stderr, "movebreak now: %s\n", msg);
		g_free(msg);
		g_free(why);
		return;
	}
	/* The daemon now counts the break as put off; this window has nothing left to do. */
	printf("Break postponed.\n");
	fflush(stdout);
	w->ended = true;
	mb_window_quit(w);
}

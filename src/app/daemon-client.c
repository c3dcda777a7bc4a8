/* Calls to the daemon: one place for its names, its absence and its errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <systemd/sd-bus.h>

#include "app/daemon-client.h"
#include "app/dbus.h"

/* Long enough for a daemon busy writing a row; short enough that no coach waits on a stuck one. */
#define CALL_TIMEOUT_US (5 * 1000000)

int mb_daemon_callv(struct sd_bus *bus, const char *method, bool start,
	struct sd_bus_message **reply, char *why, size_t why_len, const char *types, va_list ap)
{
	if (why_len)
		why[0] = '\0';
	sd_bus *own = NULL;
	int r = 0;
	if (!bus) {
		r = sd_bus_open_user(&own);
		if (r < 0) {
			snprintf(why, why_len, "cannot reach the session bus: %s", strerror(-r));
			return r;
		}
		bus = own;
	}
	sd_bus_message *m = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	r = sd_bus_message_new_method_call(bus, &m, MB_DBUS_NAME, MB_DBUS_PATH, MB_DBUS_INTERFACE,
		method);
	if (r >= 0)
		r = sd_bus_message_set_auto_start(m, start);
	if (r >= 0 && types)
		r = sd_bus_message_appendv(m, types, ap);
	if (r >= 0)
		r = sd_bus_call(bus, m, CALL_TIMEOUT_US, &error, reply);
	if (r < 0) {
		if (sd_bus_error_has_names(&error, SD_BUS_ERROR_SERVICE_UNKNOWN,
			    SD_BUS_ERROR_NAME_HAS_NO_OWNER))
			r = -ENOENT;
		snprintf(why, why_len, "%s",
			sd_bus_error_is_set(&error) ? error.message : strerror(-r));
	}
	sd_bus_error_free(&error);
	sd_bus_message_unref(m);
	sd_bus_flush_close_unref(own);
	return r < 0 ? r : 0;
}

int mb_daemon_call(struct sd_bus *bus, const char *method, bool start,
	struct sd_bus_message **reply, char *why, size_t why_len, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int r = mb_daemon_callv(bus, method, start, reply, why, why_len, types, ap);
	va_end(ap);
	return r;
}

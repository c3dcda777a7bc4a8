/* Do-not-disturb from GNOME's own switch, read through the settings portal without GLib. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "desktop/bus.h"
#include "desktop/dnd.h"

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_SETTINGS "org.freedesktop.portal.Settings"
#define NOTIFY_SCHEMA "org.gnome.desktop.notifications"
#define NOTIFY_KEY "show-banners"

/* The portal may be started on demand by this very call; give it time to come up. */
#define FIRST_READ_TIMEOUT_US (5 * 1000 * 1000)

struct mb_dnd_gnome {
	struct mb_dnd_source base;
	struct sd_bus *bus;
	struct sd_bus_slot *changed_slot;
};

static const struct mb_dnd_source_impl impl;

static struct mb_dnd_gnome *gnome_from_source(struct mb_dnd_source *source)
{
	if (source->impl != &impl)
		abort();
	return (struct mb_dnd_gnome *)source;
}

/*
 * Reads a boolean inside one or more variants. The portal's Read wraps the
 * value twice (a quirk kept for compatibility), SettingChanged once.
 */
static int read_boolean(sd_bus_message *m, bool *value)
{
	char type;
	const char *contents;
	for (int depth = 0;; depth++) {
		int r = sd_bus_message_peek_type(m, &type, &contents);
		if (r < 0)
			return r;
		if (r == 0)
			return -EBADMSG;
		if (type != SD_BUS_TYPE_VARIANT)
			break;
		if (depth == 4)
			return -EBADMSG;
		r = sd_bus_message_enter_container(m, SD_BUS_TYPE_VARIANT, contents);
		if (r < 0)
			return r;
	}
	if (type != SD_BUS_TYPE_BOOLEAN)
		return -EBADMSG;
	int b;
	int r = sd_bus_message_read_basic(m, SD_BUS_TYPE_BOOLEAN, &b);
	if (r < 0)
		return r;
	*value = b;
	return 0;
}

static int handle_changed(sd_bus_message *m, void *data, sd_bus_error *ret_error)
{
	struct mb_dnd_gnome *gnome = data;
	const char *schema, *key;
	bool banners;
	/* The match names the key already; check again in case the bus matched loosely. */
	if (sd_bus_message_read(m, "ss", &schema, &key) < 0 || strcmp(schema, NOTIFY_SCHEMA) != 0 ||
		strcmp(key, NOTIFY_KEY) != 0 || read_boolean(m, &banners) < 0)
		return 0;
	bool on = !banners;
	if (gnome->base.on == on)
		return 0;
	gnome->base.on = on;
	if (gnome->base.listener && gnome->base.listener->changed)
		gnome->base.listener->changed(gnome->base.data, gnome->base.impl->name, on);
	return 0;
}

static void destroy(struct mb_dnd_source *source)
{
	struct mb_dnd_gnome *gnome = gnome_from_source(source);
	sd_bus_slot_unref(gnome->changed_slot);
	sd_bus_unref(gnome->bus);
	free(gnome);
}

static const struct mb_dnd_source_impl impl = {
	.name = "desktop",
	.destroy = destroy,
};

struct mb_dnd_source *mb_dnd_gnome_create(struct sd_event *loop, struct sd_bus *session,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len)
{
	sd_bus_message *call = NULL, *reply = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	struct mb_dnd_gnome *gnome = calloc(1, sizeof(*gnome));
	if (!gnome) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	gnome->base.impl = &impl;
	gnome->base.listener = listener;
	gnome->base.data = data;
	gnome->bus = sd_bus_ref(session);

	int r = mb_bus_attach(session, loop, "session", why, why_len);
	if (r < 0)
		goto err;
	/* Listen before the first read, so no change falls between the two. */
	r = sd_bus_add_match(session, &gnome->changed_slot,
		"type='signal',sender='" PORTAL_NAME "',path='" PORTAL_PATH "',"
		"interface='" PORTAL_SETTINGS "',member='SettingChanged',"
		"arg0='" NOTIFY_SCHEMA "',arg1='" NOTIFY_KEY "'",
		handle_changed, gnome);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch the settings portal: %s", strerror(-r));
		goto err;
	}
	r = sd_bus_message_new_method_call(session, &call, PORTAL_NAME, PORTAL_PATH,
		PORTAL_SETTINGS, "Read");
	if (r >= 0)
		r = sd_bus_message_append(call, "ss", NOTIFY_SCHEMA, NOTIFY_KEY);
	if (r >= 0)
		r = sd_bus_call(session, call, FIRST_READ_TIMEOUT_US, &error, &reply);
	if (r < 0) {
		if (sd_bus_error_has_name(&error, "org.freedesktop.portal.Error.NotFound"))
			snprintf(why, why_len, "the desktop has no %s %s setting (not GNOME)",
				NOTIFY_SCHEMA, NOTIFY_KEY);
		else
			snprintf(why, why_len, "no settings portal on the session bus: %s",
				sd_bus_error_is_set(&error) ? error.message : strerror(-r));
		goto err;
	}
	bool banners;
	r = read_boolean(reply, &banners);
	if (r < 0) {
		snprintf(why, why_len, "the settings portal sent %s %s that is not a boolean",
			NOTIFY_SCHEMA, NOTIFY_KEY);
		goto err;
	}
	gnome->base.on = !banners;
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	return &gnome->base;

err:
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	destroy(&gnome->base);
	return NULL;
}

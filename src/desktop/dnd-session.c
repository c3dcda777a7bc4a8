/* Do-not-disturb while a program holds an idle inhibitor through the desktop's session services. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "desktop/bus.h"
#include "desktop/dnd.h"

#define GNOME_NAME "org.gnome.SessionManager"
#define GNOME_PATH "/org/gnome/SessionManager"
#define GNOME_IFACE "org.gnome.SessionManager"
/* GsmInhibitorFlag: 4 is suspend, 8 is idle; only idle says "someone is watching". */
#define GNOME_FLAG_IDLE 8u

#define PM_NAME "org.freedesktop.PowerManagement"
#define PM_PATH "/org/freedesktop/PowerManagement/Inhibit"
#define PM_IFACE "org.freedesktop.PowerManagement.Inhibit"

/* Both services live in the running session and answer at once; do not stall the start. */
#define FIRST_READ_TIMEOUT_US (5 * 1000 * 1000)

enum service {
	SERVICE_GNOME,
	SERVICE_PM,
};

struct mb_dnd_session {
	struct mb_dnd_source base;
	struct sd_bus *bus;
	enum service service;
	struct sd_bus_slot *added_slot, *removed_slot, *changed_slot;
	/* The IsInhibited call in flight, if any (GNOME only). */
	struct sd_bus_slot *query_slot;
	/* Inhibitors came or went while a call was in flight: ask once more. */
	bool stale;
};

static const struct mb_dnd_source_impl impl;

static struct mb_dnd_session *session_from_source(struct mb_dnd_source *source)
{
	if (source->impl != &impl)
		abort();
	return (struct mb_dnd_session *)source;
}

static void set_on(struct mb_dnd_session *s, bool on)
{
	if (s->base.on == on)
		return;
	s->base.on = on;
	if (s->base.listener && s->base.listener->changed)
		s->base.listener->changed(s->base.data, s->base.impl->name, on);
}

static int request_state(struct mb_dnd_session *s);

static int handle_state(sd_bus_message *reply, void *data, sd_bus_error *ret_error)
{
	struct mb_dnd_session *s = data;
	s->query_slot = sd_bus_slot_unref(s->query_slot);
	/* A failed read says nothing about the inhibitors: keep the last state. */
	int on;
	if (!sd_bus_message_is_method_error(reply, NULL) &&
		sd_bus_message_read(reply, "b", &on) > 0)
		set_on(s, on);
	if (s->stale) {
		s->stale = false;
		request_state(s);
	}
	return 0;
}

static int request_state(struct mb_dnd_session *s)
{
	/* One call at a time; changes during it are folded into one more read. */
	if (s->query_slot) {
		s->stale = true;
		return 0;
	}
	return sd_bus_call_method_async(s->bus, &s->query_slot, GNOME_NAME, GNOME_PATH, GNOME_IFACE,
		"IsInhibited", handle_state, s, "u", GNOME_FLAG_IDLE);
}

/* The signal names one inhibitor, not its kind: ask the manager for the sum. */
static int handle_inhibitor(sd_bus_message *m, void *data, sd_bus_error *ret_error)
{
	request_state(data);
	return 0;
}

static int handle_has_inhibit(sd_bus_message *m, void *data, sd_bus_error *ret_error)
{
	int on;
	if (sd_bus_message_read(m, "b", &on) > 0)
		set_on(data, on);
	return 0;
}

static void destroy(struct mb_dnd_source *source)
{
	struct mb_dnd_session *s = session_from_source(source);
	sd_bus_slot_unref(s->query_slot);
	sd_bus_slot_unref(s->changed_slot);
	sd_bus_slot_unref(s->removed_slot);
	sd_bus_slot_unref(s->added_slot);
	sd_bus_unref(s->bus);
	free(s);
}

static const struct mb_dnd_source_impl impl = {
	.name = "session-inhibitor",
	.destroy = destroy,
};

/*
 * Whether a service runs now. Asking the bus rather than the service keeps
 * a missing one from costing a timeout, and starts nothing by activation.
 */
static int has_owner(struct sd_bus *bus, const char *name, sd_bus_error *error)
{
	sd_bus_message *call = NULL, *reply = NULL;
	int owned = 0;
	int r = sd_bus_message_new_method_call(bus, &call, "org.freedesktop.DBus",
		"/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner");
	if (r >= 0)
		r = sd_bus_message_append(call, "s", name);
	if (r >= 0)
		r = sd_bus_call(bus, call, FIRST_READ_TIMEOUT_US, error, &reply);
	if (r >= 0)
		r = sd_bus_message_read(reply, "b", &owned);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	return r < 0 ? r : owned;
}

/* Listen before the first read, so no change falls between the two. */
static int watch_gnome(struct mb_dnd_session *s)
{
	int r = sd_bus_match_signal(s->bus, &s->added_slot, GNOME_NAME, GNOME_PATH, GNOME_IFACE,
		"InhibitorAdded", handle_inhibitor, s);
	if (r >= 0)
		r = sd_bus_match_signal(s->bus, &s->removed_slot, GNOME_NAME, GNOME_PATH,
			GNOME_IFACE, "InhibitorRemoved", handle_inhibitor, s);
	return r;
}

static int watch_pm(struct mb_dnd_session *s)
{
	return sd_bus_match_signal(s->bus, &s->changed_slot, PM_NAME, PM_PATH, PM_IFACE,
		"HasInhibitChanged", handle_has_inhibit, s);
}

static int read_first(struct mb_dnd_session *s, sd_bus_error *error)
{
	sd_bus_message *call = NULL, *reply = NULL;
	int r;
	if (s->service == SERVICE_GNOME) {
		r = sd_bus_message_new_method_call(s->bus, &call, GNOME_NAME, GNOME_PATH,
			GNOME_IFACE, "IsInhibited");
		if (r >= 0)
			r = sd_bus_message_append(call, "u", GNOME_FLAG_IDLE);
	} else {
		r = sd_bus_message_new_method_call(s->bus, &call, PM_NAME, PM_PATH, PM_IFACE,
			"HasInhibit");
	}
	if (r >= 0)
		r = sd_bus_call(s->bus, call, FIRST_READ_TIMEOUT_US, error, &reply);
	int on = 0;
	if (r >= 0)
		r = sd_bus_message_read(reply, "b", &on);
	if (r >= 0)
		s->base.on = on;
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	return r;
}

struct mb_dnd_source *mb_dnd_session_create(struct sd_event *loop, struct sd_bus *session,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	struct mb_dnd_session *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	s->base.impl = &impl;
	s->base.listener = listener;
	s->base.data = data;
	s->bus = sd_bus_ref(session);

	int r = mb_bus_attach(session, loop, "session", why, why_len);
	if (r < 0)
		goto err;
	/* GNOME first: where both run, its session manager is the one ScreenSaver feeds. */
	const char *name = GNOME_NAME;
	r = has_owner(session, GNOME_NAME, &error);
	if (r == 0) {
		name = PM_NAME;
		r = has_owner(session, PM_NAME, &error);
	}
	if (r < 0) {
		snprintf(why, why_len, "cannot ask the session bus for %s: %s", name,
			sd_bus_error_is_set(&error) ? error.message : strerror(-r));
		goto err;
	}
	if (r == 0) {
		snprintf(why, why_len, "neither %s nor %s is on the session bus", GNOME_NAME,
			PM_NAME);
		goto err;
	}
	s->service = strcmp(name, GNOME_NAME) == 0 ? SERVICE_GNOME : SERVICE_PM;
	r = s->service == SERVICE_GNOME ? watch_gnome(s) : watch_pm(s);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch %s: %s", name, strerror(-r));
		goto err;
	}
	r = read_first(s, &error);
	if (r < 0) {
		snprintf(why, why_len, "%s does not answer: %s", name,
			sd_bus_error_is_set(&error) ? error.message : strerror(-r));
		goto err;
	}
	return &s->base;

err:
	sd_bus_error_free(&error);
	destroy(&s->base);
	return NULL;
}

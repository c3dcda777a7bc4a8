/* The GNOME activity source: org.gnome.Mutter.IdleMonitor watches over the session bus. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "desktop/bus.h"
#include "desktop/event-time.h"
#include "desktop/idle.h"

#define MUTTER_NAME "org.gnome.Mutter.IdleMonitor"
#define MUTTER_PATH "/org/gnome/Mutter/IdleMonitor/Core"
#define MUTTER_IFACE "org.gnome.Mutter.IdleMonitor"

/* Long enough for a busy compositor, short enough not to stall the daemon's start. */
#define SETUP_TIMEOUT_US (5 * 1000 * 1000)

/*
 * Mutter keeps an idle watch armed for as long as we hold it and fires it
 * each time the idle time rises through the threshold. A user-active watch
 * fires once, at the next input, and is gone; so one is added after each
 * idle report. Mutter drops both when our connection goes away, and
 * forgets them when it restarts (GNOME Shell on X11 does, on Alt+F2 r): then
 * the new instance is asked for a fresh idle watch.
 */
struct mutter_source {
	struct mb_idle_source base;
	struct sd_bus *bus;
	struct sd_bus_slot *fired_slot, *owner_slot;
	/* The AddIdleWatch and AddUserActiveWatch calls in flight, if any. */
	struct sd_bus_slot *idle_call, *active_call;
	uint32_t idle_watch, active_watch;
	bool idle;
};

static const struct mb_idle_source_impl impl;

static struct mutter_source *mutter_source_from_base(struct mb_idle_source *base)
{
	if (base->impl != &impl)
		abort();
	return (struct mutter_source *)base;
}

static int handle_active_added(sd_bus_message *reply, void *data, sd_bus_error *ret_error)
{
	struct mutter_source *m = data;
	m->active_call = sd_bus_slot_unref(m->active_call);
	uint32_t id;
	if (sd_bus_message_is_method_error(reply, NULL) ||
		sd_bus_message_read(reply, "u", &id) < 0) {
		/*
		 * Without the watch we would never hear of input again; report it now
		 * rather than stay idle forever. The next idle watch puts us right.
		 */
		m->idle = false;
		if (m->base.listener && m->base.listener->active)
			m->base.listener->active(m->base.data, mb_event_now_us(m->base.loop));
		return 0;
	}
	m->active_watch = id;
	return 0;
}

static void go_idle(struct mutter_source *m)
{
	if (m->idle)
		return;
	/*
	 * Ask for the next input first, so the request is on its way while the
	 * listener runs. If it cannot even be sent, stay active: an idle report
	 * with no way to end it would stop the active time for good.
	 */
	if (!m->active_call &&
		sd_bus_call_method_async(m->bus, &m->active_call, MUTTER_NAME, MUTTER_PATH,
			MUTTER_IFACE, "AddUserActiveWatch", handle_active_added, m, NULL) < 0)
		return;
	m->idle = true;
	/* The watch fires as the idle time crosses the threshold: input was that long ago. */
	int64_t now_us = mb_event_now_us(m->base.loop);
	if (m->base.listener && m->base.listener->idle)
		m->base.listener->idle(m->base.data, now_us - m->base.threshold_us);
}

static void go_active(struct mutter_source *m)
{
	m->active_watch = 0;
	if (!m->idle)
		return;
	m->idle = false;
	if (m->base.listener && m->base.listener->active)
		m->base.listener->active(m->base.data, mb_event_now_us(m->base.loop));
}

static int handle_fired(sd_bus_message *msg, void *data, sd_bus_error *ret_error)
{
	struct mutter_source *m = data;
	uint32_t id;
	if (sd_bus_message_read(msg, "u", &id) < 0)
		return 0;
	/* Mutter numbers all clients' watches in one series: other ids are not ours. */
	if (id == 0)
		return 0;
	if (id == m->idle_watch)
		go_idle(m);
	else if (id == m->active_watch)
		go_active(m);
	return 0;
}

static int handle_idle_added(sd_bus_message *reply, void *data, sd_bus_error *ret_error)
{
	struct mutter_source *m = data;
	m->idle_call = sd_bus_slot_unref(m->idle_call);
	uint32_t id;
	/* A mutter that refuses leaves us reporting nothing, as with no activity source. */
	if (!sd_bus_message_is_method_error(reply, NULL) &&
		sd_bus_message_read(reply, "u", &id) > 0)
		m->idle_watch = id;
	return 0;
}

static int handle_owner(sd_bus_message *msg, void *data, sd_bus_error *ret_error)
{
	struct mutter_source *m = data;
	const char *name, *old_owner, *new_owner;
	if (sd_bus_message_read(msg, "sss", &name, &old_owner, &new_owner) < 0 ||
		strcmp(name, MUTTER_NAME) != 0)
		return 0;
	/* The old instance's watches died with it. */
	m->idle_watch = m->active_watch = 0;
	m->idle_call = sd_bus_slot_unref(m->idle_call);
	m->active_call = sd_bus_slot_unref(m->active_call);
	/* A compositor restart is someone at the keyboard; and no watch would tell us later. */
	go_active(m);
	if (new_owner[0] == '\0')
		return 0;
	sd_bus_call_method_async(m->bus, &m->idle_call, MUTTER_NAME, MUTTER_PATH, MUTTER_IFACE,
		"AddIdleWatch", handle_idle_added, m, "t", (uint64_t)(m->base.threshold_us / 1000));
	return 0;
}

static void remove_watch(struct mutter_source *m, uint32_t id)
{
	if (id == 0)
		return;
	/* Fire and forget: nobody waits for the answer, and mutter tidies up on disconnect too. */
	sd_bus_message *call = NULL;
	if (sd_bus_message_new_method_call(m->bus, &call, MUTTER_NAME, MUTTER_PATH, MUTTER_IFACE,
		    "RemoveWatch") >= 0 &&
		sd_bus_message_append(call, "u", id) >= 0 &&
		sd_bus_message_set_expect_reply(call, 0) >= 0)
		sd_bus_send(m->bus, call, NULL);
	sd_bus_message_unref(call);
}

static void destroy(struct mb_idle_source *base)
{
	struct mutter_source *m = mutter_source_from_base(base);
	if (m->bus) {
		remove_watch(m, m->idle_watch);
		remove_watch(m, m->active_watch);
	}
	sd_bus_slot_unref(m->idle_call);
	sd_bus_slot_unref(m->active_call);
	sd_bus_slot_unref(m->owner_slot);
	sd_bus_slot_unref(m->fired_slot);
	sd_bus_unref(m->bus);
	free(m);
}

static const struct mb_idle_source_impl impl = {
	.name = "mutter",
	.destroy = destroy,
};

struct mb_idle_source *mb_idle_mutter_create(struct sd_event *loop, struct sd_bus *session,
	int64_t threshold_us, const struct mb_idle_listener *listener, void *data, char *why,
	size_t why_len)
{
	sd_bus_message *call = NULL, *reply = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	if (!session) {
		snprintf(why, why_len, "no session bus");
		return NULL;
	}
	struct mutter_source *m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	m->base.impl = &impl;
	m->base.loop = loop;
	m->base.listener = listener;
	m->base.data = data;
	m->base.threshold_us = threshold_us < 1000000 ? 1000000 : threshold_us;

	int r = sd_bus_call_method(session, "org.freedesktop.DBus", "/org/freedesktop/DBus",
		"org.freedesktop.DBus", "NameHasOwner", &error, &reply, "s", MUTTER_NAME);
	int owned = 0;
	if (r >= 0)
		r = sd_bus_message_read(reply, "b", &owned);
	reply = sd_bus_message_unref(reply);
	if (r < 0) {
		snprintf(why, why_len, "cannot ask the session bus for %s: %s", MUTTER_NAME,
			sd_bus_error_is_set(&error) ? error.message : strerror(-r));
		goto err;
	}
	if (!owned) {
		snprintf(why, why_len, "%s is not on the session bus (not GNOME)", MUTTER_NAME);
		goto err;
	}
	m->bus = sd_bus_ref(session);

	r = mb_bus_attach(session, loop, "session", why, why_len);
	if (r < 0)
		goto err;
	/* Listen before adding the watch, so a watch that fires at once is not missed. */
	r = sd_bus_match_signal(session, &m->fired_slot, MUTTER_NAME, MUTTER_PATH, MUTTER_IFACE,
		"WatchFired", handle_fired, m);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch %s's signals: %s", MUTTER_NAME, strerror(-r));
		goto err;
	}
	r = sd_bus_add_match(session, &m->owner_slot,
		"type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
		"interface='org.freedesktop.DBus',member='NameOwnerChanged',"
		"arg0='" MUTTER_NAME "'",
		handle_owner, m);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch for %s restarting: %s", MUTTER_NAME,
			strerror(-r));
		goto err;
	}
	r = sd_bus_message_new_method_call(session, &call, MUTTER_NAME, MUTTER_PATH, MUTTER_IFACE,
		"AddIdleWatch");
	if (r >= 0)
		r = sd_bus_message_append(call, "t", (uint64_t)(m->base.threshold_us / 1000));
	if (r >= 0)
		r = sd_bus_call(session, call, SETUP_TIMEOUT_US, &error, &reply);
	if (r >= 0)
		r = sd_bus_message_read(reply, "u", &m->idle_watch);
	if (r < 0) {
		snprintf(why, why_len, "%s refused an idle watch: %s", MUTTER_NAME,
			sd_bus_error_is_set(&error) ? error.message : strerror(-r));
		goto err;
	}
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	return &m->base;

err:
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	destroy(&m->base);
	return NULL;
}

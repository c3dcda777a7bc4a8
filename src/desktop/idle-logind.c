/* The coarse activity source: logind's IdleHint on the user's session. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "desktop/bus.h"
#include "desktop/event-time.h"
#include "desktop/idle.h"

#define LOGIND_NAME "org.freedesktop.login1"
#define LOGIND_PATH "/org/freedesktop/login1"
#define LOGIND_MANAGER "org.freedesktop.login1.Manager"
#define LOGIND_SESSION "org.freedesktop.login1.Session"
#define LOGIND_USER "org.freedesktop.login1.User"

/* Long enough for a busy logind, short enough not to stall the daemon's start. */
#define SETUP_TIMEOUT_US (5 * 1000 * 1000)

/*
 * The desktop sets the session's IdleHint after its own idle delay, which
 * may be shorter or longer than ours. When the hint comes on before our
 * threshold has passed, one timer waits out the rest; it is the only timer,
 * and it is armed only while the hint is on.
 */
struct logind_source {
	struct mb_idle_source base;
	struct sd_bus *bus;
	struct sd_event *loop;
	char *session_path;
	struct sd_bus_slot *changed_slot;
	/* The GetAll call in flight, if any. */
	struct sd_bus_slot *read_call;
	struct sd_event_source *timer;
	/* Hands the first state to the listener from the loop, not from inside create. */
	struct sd_event_source *start;
	int first_hint;
	uint64_t first_since_us;
	/* The session changed again while a read was in flight: read once more. */
	bool stale;
	bool hint;
	/* Whether the listener has heard "idle" without an "active" since. */
	bool idle;
	int64_t idle_since_us;
};

static const struct mb_idle_source_impl impl;

static struct logind_source *logind_source_from_base(struct mb_idle_source *base)
{
	if (base->impl != &impl)
		abort();
	return (struct logind_source *)base;
}

/* logind stamps the hint on CLOCK_MONOTONIC; the listener wants CLOCK_BOOTTIME. */
static int64_t boottime_from_monotonic(const struct logind_source *l, int64_t monotonic_us)
{
	return mb_event_now_us(l->base.loop) -
		(mb_event_now_monotonic_us(l->base.loop) - monotonic_us);
}

static void report_idle(struct logind_source *l)
{
	l->timer = sd_event_source_disable_unref(l->timer);
	if (l->idle)
		return;
	l->idle = true;
	if (l->base.listener && l->base.listener->idle)
		l->base.listener->idle(l->base.data, l->idle_since_us);
}

static void apply_hint(struct logind_source *l, bool hint, uint64_t since_monotonic_us);

static int handle_start(sd_event_source *source, void *data)
{
	struct logind_source *l = data;
	apply_hint(l, l->first_hint, l->first_since_us);
	return 0;
}

static int handle_timer(sd_event_source *source, uint64_t usec, void *data)
{
	report_idle(data);
	return 0;
}

static void apply_hint(struct logind_source *l, bool hint, uint64_t since_monotonic_us)
{
	l->start = sd_event_source_disable_unref(l->start);
	int64_t now_us = mb_event_now_us(l->base.loop);
	if (!hint) {
		l->hint = false;
		l->timer = sd_event_source_disable_unref(l->timer);
		if (!l->idle)
			return;
		l->idle = false;
		if (l->base.listener && l->base.listener->active)
			l->base.listener->active(l->base.data, now_us);
		return;
	}
	if (l->hint)
		return;
	l->hint = true;
	/* A hint without a time (0) is dated now: the most we can say. */
	l->idle_since_us = since_monotonic_us ?
		boottime_from_monotonic(l, (int64_t)since_monotonic_us) :
		now_us;
	if (l->idle_since_us > now_us)
		l->idle_since_us = now_us;
	int64_t due_us = l->idle_since_us + l->base.threshold_us;
	if (due_us <= now_us) {
		report_idle(l);
		return;
	}
	/* A loose accuracy: a second late is nothing to a break scheduler. */
	if (sd_event_add_time(l->loop, &l->timer, CLOCK_BOOTTIME, (uint64_t)due_us, 1000000,
		    handle_timer, l) < 0)
		report_idle(l);
}

/* Reads IdleHint and IdleSinceHintMonotonic from a GetAll reply. */
static int read_hint(sd_bus_message *reply, int *hint, uint64_t *since_us)
{
	int r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "{sv}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_DICT_ENTRY, "sv")) > 0) {
		const char *name;
		r = sd_bus_message_read(reply, "s", &name);
		if (r < 0)
			return r;
		if (strcmp(name, "IdleHint") == 0)
			r = sd_bus_message_read(reply, "v", "b", hint);
		else if (strcmp(name, "IdleSinceHintMonotonic") == 0)
			r = sd_bus_message_read(reply, "v", "t", since_us);
		else
			r = sd_bus_message_skip(reply, "v");
		if (r < 0)
			return r;
		r = sd_bus_message_exit_container(reply);
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(reply);
}

static int request_read(struct logind_source *l);

static int handle_read(sd_bus_message *reply, void *data, sd_bus_error *ret_error)
{
	struct logind_source *l = data;
	l->read_call = sd_bus_slot_unref(l->read_call);
	int hint = 0;
	uint64_t since_us = 0;
	/* A failed read says nothing about the user: keep the last state. */
	if (!sd_bus_message_is_method_error(reply, NULL) && read_hint(reply, &hint, &since_us) >= 0)
		apply_hint(l, hint, since_us);
	if (l->stale) {
		l->stale = false;
		request_read(l);
	}
	return 0;
}

static int request_read(struct logind_source *l)
{
	/* One read at a time; changes during it are folded into one more. */
	if (l->read_call) {
		l->stale = true;
		return 0;
	}
	return sd_bus_call_method_async(l->bus, &l->read_call, LOGIND_NAME, l->session_path,
		"org.freedesktop.DBus.Properties", "GetAll", handle_read, l, "s", LOGIND_SESSION);
}

static int handle_changed(sd_bus_message *msg, void *data, sd_bus_error *ret_error)
{
	const char *iface;
	if (sd_bus_message_read(msg, "s", &iface) < 0 || strcmp(iface, LOGIND_SESSION) != 0)
		return 0;
	/*
	 * logind may send the new values or only invalidate them; reading both
	 * properties afresh covers either, and keeps hint and time consistent.
	 */
	request_read(data);
	return 0;
}

static void destroy(struct mb_idle_source *base)
{
	struct logind_source *l = logind_source_from_base(base);
	sd_event_source_disable_unref(l->timer);
	sd_event_source_disable_unref(l->start);
	sd_bus_slot_unref(l->read_call);
	sd_bus_slot_unref(l->changed_slot);
	sd_bus_unref(l->bus);
	sd_event_unref(l->loop);
	free(l->session_path);
	free(l);
}

static const struct mb_idle_source_impl impl = {
	.name = "logind",
	.destroy = destroy,
};

/*
 * The session whose hint to follow. Our own process's session when we run
 * inside one; a daemon started as a systemd user service is in none, so
 * then the user's graphical ("display") session.
 */
static char *find_session(struct sd_bus *bus, sd_bus_error *error)
{
	sd_bus_message *reply = NULL, *display = NULL;
	const char *path, *user_path, *id;
	char *found = NULL;
	int r = sd_bus_call_method(bus, LOGIND_NAME, LOGIND_PATH, LOGIND_MANAGER, "GetSessionByPID",
		error, &reply, "u", (uint32_t)getpid());
	if (r >= 0 && sd_bus_message_read(reply, "o", &path) >= 0) {
		found = strdup(path);
		goto out;
	}
	reply = sd_bus_message_unref(reply);
	sd_bus_error_free(error);
	r = sd_bus_call_method(bus, LOGIND_NAME, LOGIND_PATH, LOGIND_MANAGER, "GetUser", error,
		&reply, "u", (uint32_t)getuid());
	if (r < 0 || sd_bus_message_read(reply, "o", &user_path) < 0)
		goto out;
	r = sd_bus_get_property(bus, LOGIND_NAME, user_path, LOGIND_USER, "Display", error,
		&display, "(so)");
	if (r >= 0 && sd_bus_message_read(display, "(so)", &id, &path) >= 0 && id[0] != '\0')
		found = strdup(path);
out:
	sd_bus_message_unref(display);
	sd_bus_message_unref(reply);
	return found;
}

struct mb_idle_source *mb_idle_logind_create(struct sd_event *loop, struct sd_bus *system,
	int64_t threshold_us, const struct mb_idle_listener *listener, void *data, char *why,
	size_t why_len)
{
	sd_bus_message *reply = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	if (!system) {
		snprintf(why, why_len, "no system bus");
		return NULL;
	}
	struct logind_source *l = calloc(1, sizeof(*l));
	if (!l) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	l->base.impl = &impl;
	l->base.loop = loop;
	l->base.listener = listener;
	l->base.data = data;
	l->base.threshold_us = threshold_us < 1000000 ? 1000000 : threshold_us;
	l->bus = sd_bus_ref(system);
	l->loop = sd_event_ref(loop);

	l->session_path = find_session(system, &error);
	if (!l->session_path) {
		snprintf(why, why_len, "logind knows no session of ours: %s",
			sd_bus_error_is_set(&error) ? error.message : "no graphical session");
		goto err;
	}
	int r = mb_bus_attach(system, loop, "system", why, why_len);
	if (r < 0)
		goto err;
	/* Listen before the first read, so no change falls between the two. */
	r = sd_bus_match_signal(system, &l->changed_slot, LOGIND_NAME, l->session_path,
		"org.freedesktop.DBus.Properties", "PropertiesChanged", handle_changed, l);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch the session's properties: %s", strerror(-r));
		goto err;
	}
	r = sd_bus_call_method(system, LOGIND_NAME, l->session_path,
		"org.freedesktop.DBus.Properties", "GetAll", &error, &reply, "s", LOGIND_SESSION);
	if (r >= 0)
		r = read_hint(reply, &l->first_hint, &l->first_since_us);
	if (r < 0) {
		snprintf(why, why_len, "cannot read the session's idle hint: %s",
			sd_bus_error_is_set(&error) ? error.message : strerror(-r));
		goto err;
	}
	/* The user may already be away: report that once the loop runs. */
	r = sd_event_add_defer(loop, &l->start, handle_start, l);
	if (r < 0) {
		snprintf(why, why_len, "cannot queue the first idle state: %s", strerror(-r));
		goto err;
	}
	sd_bus_message_unref(reply);
	return &l->base;

err:
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	destroy(&l->base);
	return NULL;
}

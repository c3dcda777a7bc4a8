/* Do-not-disturb while another program holds an idle inhibitor in logind. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "desktop/bus.h"
#include "desktop/dnd.h"

#define LOGIND_NAME "org.freedesktop.login1"
#define LOGIND_PATH "/org/freedesktop/login1"
#define LOGIND_MANAGER "org.freedesktop.login1.Manager"

/* Long enough for a busy logind, short enough not to stall the daemon's start. */
#define FIRST_READ_TIMEOUT_US (5 * 1000 * 1000)

struct mb_dnd_inhibit {
	struct mb_dnd_source base;
	struct sd_bus *bus;
	struct sd_bus_slot *changed_slot;
	/* The ListInhibitors call in flight, if any. */
	struct sd_bus_slot *list_slot;
	/* The list changed again while a call was in flight: read it once more. */
	bool stale;
};

static const struct mb_dnd_source_impl impl;

static struct mb_dnd_inhibit *inhibit_from_source(struct mb_dnd_source *source)
{
	if (source->impl != &impl)
		abort();
	return (struct mb_dnd_inhibit *)source;
}

/* logind joins the kinds of one inhibitor with colons: "sleep:idle". */
static bool what_has_idle(const char *what)
{
	size_t len = strlen("idle");
	for (const char *p = what; p; p = strchr(p, ':')) {
		if (*p == ':')
			p++;
		if (strncmp(p, "idle", len) == 0 && (p[len] == '\0' || p[len] == ':'))
			return true;
	}
	return false;
}

/* Counts the idle inhibitors in a ListInhibitors reply; a negative errno if it is malformed. */
static int count_idle(sd_bus_message *reply)
{
	int r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(ssssuu)");
	if (r < 0)
		return r;
	int count = 0;
	const char *what, *who, *why, *mode;
	uint32_t uid, pid;
	while ((r = sd_bus_message_read(reply, "(ssssuu)", &what, &who, &why, &mode, &uid, &pid)) >
		0)
		if (what_has_idle(what))
			count++;
	if (r < 0)
		return r;
	r = sd_bus_message_exit_container(reply);
	return r < 0 ? r : count;
}

static void set_on(struct mb_dnd_inhibit *inhibit, bool on)
{
	if (inhibit->base.on == on)
		return;
	inhibit->base.on = on;
	if (inhibit->base.listener && inhibit->base.listener->changed)
		inhibit->base.listener->changed(inhibit->base.data, inhibit->base.impl->name, on);
}

static int request_list(struct mb_dnd_inhibit *inhibit);

static int handle_list(sd_bus_message *reply, void *data, sd_bus_error *ret_error)
{
	struct mb_dnd_inhibit *inhibit = data;
	inhibit->list_slot = sd_bus_slot_unref(inhibit->list_slot);
	/* A failed read says nothing about the inhibitors: keep the last state. */
	if (!sd_bus_message_is_method_error(reply, NULL)) {
		int count = count_idle(reply);
		if (count >= 0)
			set_on(inhibit, count > 0);
	}
	if (inhibit->stale) {
		inhibit->stale = false;
		request_list(inhibit);
	}
	return 0;
}

static int request_list(struct mb_dnd_inhibit *inhibit)
{
	/* One call at a time; changes during it are folded into one more read. */
	if (inhibit->list_slot) {
		inhibit->stale = true;
		return 0;
	}
	return sd_bus_call_method_async(inhibit->bus, &inhibit->list_slot, LOGIND_NAME, LOGIND_PATH,
		LOGIND_MANAGER, "ListInhibitors", handle_list, inhibit, NULL);
}

static bool names_inhibited(const char *name)
{
	return strcmp(name, "BlockInhibited") == 0 || strcmp(name, "DelayInhibited") == 0;
}

/* Whether a PropertiesChanged from the Manager touches the inhibitor summaries. */
static int touches_inhibitors(sd_bus_message *m)
{
	const char *iface;
	int r = sd_bus_message_read(m, "s", &iface);
	if (r < 0)
		return r;
	if (strcmp(iface, LOGIND_MANAGER) != 0)
		return 0;
	r = sd_bus_message_enter_container(m, SD_BUS_TYPE_ARRAY, "{sv}");
	if (r < 0)
		return r;
	bool found = false;
	while ((r = sd_bus_message_enter_container(m, SD_BUS_TYPE_DICT_ENTRY, "sv")) > 0) {
		const char *name;
		r = sd_bus_message_read(m, "s", &name);
		if (r < 0)
			return r;
		found = found || names_inhibited(name);
		r = sd_bus_message_skip(m, "v");
		if (r < 0)
			return r;
		r = sd_bus_message_exit_container(m);
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	r = sd_bus_message_exit_container(m);
	if (r < 0)
		return r;
	char **invalidated = NULL;
	r = sd_bus_message_read_strv(m, &invalidated);
	if (r < 0)
		return r;
	for (char **p = invalidated; p && *p; p++) {
		found = found || names_inhibited(*p);
		free(*p);
	}
	free(invalidated);
	return found;
}

static int handle_changed(sd_bus_message *m, void *data, sd_bus_error *ret_error)
{
	struct mb_dnd_inhibit *inhibit = data;
	/* The summaries only say which kinds are held, not by whom: read the list itself. */
	if (touches_inhibitors(m) > 0)
		request_list(inhibit);
	return 0;
}

static void destroy(struct mb_dnd_source *source)
{
	struct mb_dnd_inhibit *inhibit = inhibit_from_source(source);
	sd_bus_slot_unref(inhibit->list_slot);
	sd_bus_slot_unref(inhibit->changed_slot);
	sd_bus_unref(inhibit->bus);
	free(inhibit);
}

static const struct mb_dnd_source_impl impl = {
	.name = "inhibitor",
	.destroy = destroy,
};

struct mb_dnd_source *mb_dnd_inhibit_create(struct sd_event *loop, struct sd_bus *system,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len)
{
	sd_bus_message *call = NULL, *reply = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	struct mb_dnd_inhibit *inhibit = calloc(1, sizeof(*inhibit));
	if (!inhibit) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	inhibit->base.impl = &impl;
	inhibit->base.listener = listener;
	inhibit->base.data = data;
	inhibit->bus = sd_bus_ref(system);

	int r = mb_bus_attach(system, loop, "system", why, why_len);
	if (r < 0)
		goto err;
	/* Listen before the first read, so no change falls between the two. */
	r = sd_bus_match_signal(system, &inhibit->changed_slot, LOGIND_NAME, LOGIND_PATH,
		"org.freedesktop.DBus.Properties", "PropertiesChanged", handle_changed, inhibit);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch logind's properties: %s", strerror(-r));
		goto err;
	}
	r = sd_bus_message_new_method_call(system, &call, LOGIND_NAME, LOGIND_PATH, LOGIND_MANAGER,
		"ListInhibitors");
	if (r >= 0)
		r = sd_bus_call(system, call, FIRST_READ_TIMEOUT_US, &error, &reply);
	if (r < 0) {
		snprintf(why, why_len, "logind's inhibitor list is not there: %s",
			sd_bus_error_is_set(&error) ? error.message : strerror(-r));
		goto err;
	}
	int count = count_idle(reply);
	if (count < 0) {
		snprintf(why, why_len, "logind's inhibitor list is malformed: %s",
			strerror(-count));
		goto err;
	}
	inhibit->base.on = count > 0;
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	return &inhibit->base;

err:
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	destroy(&inhibit->base);
	return NULL;
}

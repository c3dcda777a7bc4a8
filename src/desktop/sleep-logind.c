/* Suspend and resume from logind's PrepareForSleep, holding a delay inhibitor. */
#include <errno.h>
#include <fcntl.h>
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
#include "desktop/sleep.h"

#define LOGIND_NAME "org.freedesktop.login1"
#define LOGIND_PATH "/org/freedesktop/login1"
#define LOGIND_MANAGER "org.freedesktop.login1.Manager"

/* Long enough for a busy logind, short enough not to stall the daemon's start. */
#define SETUP_TIMEOUT_US (5 * 1000 * 1000)

/*
 * logind waits (up to InhibitDelayMaxSec) for holders of a "delay" sleep
 * inhibitor to close it after PrepareForSleep(true). Holding one is what
 * guarantees the daemon hears of the suspend before the clock stops; the
 * lock is let go once the listener has noted it, and taken again on wake.
 */
struct mb_sleep_watch {
	const struct mb_sleep_listener *listener;
	void *data;
	struct sd_bus *bus;
	/* The loop the bus is attached to: its wake-up time stamps the reports. */
	struct sd_event *loop;
	struct sd_bus_slot *sleep_slot;
	/* The Inhibit call in flight after a resume, if any. */
	struct sd_bus_slot *inhibit_call;
	int inhibit_fd;
};

static void release_inhibitor(struct mb_sleep_watch *watch)
{
	if (watch->inhibit_fd >= 0)
		close(watch->inhibit_fd);
	watch->inhibit_fd = -1;
}

/* Keeps the inhibitor's fd from an Inhibit reply; the message owns the one it carries. */
static int keep_inhibitor(struct mb_sleep_watch *watch, sd_bus_message *reply)
{
	int fd;
	int r = sd_bus_message_read(reply, "h", &fd);
	if (r < 0)
		return r;
	fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return -errno;
	release_inhibitor(watch);
	watch->inhibit_fd = fd;
	return 0;
}

static int append_inhibit_args(sd_bus_message *call)
{
	return sd_bus_message_append(call, "ssss", "sleep", "movebreak", "Note the moment of sleep",
		"delay");
}

static int handle_inhibit(sd_bus_message *reply, void *data, sd_bus_error *ret_error)
{
	struct mb_sleep_watch *watch = data;
	watch->inhibit_call = sd_bus_slot_unref(watch->inhibit_call);
	/*
	 * Without the lock the next suspend is still reported, only perhaps
	 * after the fact; nothing better to do than carry on.
	 */
	if (!sd_bus_message_is_method_error(reply, NULL))
		keep_inhibitor(watch, reply);
	return 0;
}

static void take_inhibitor(struct mb_sleep_watch *watch)
{
	if (watch->inhibit_fd >= 0 || watch->inhibit_call)
		return;
	sd_bus_message *call = NULL;
	if (sd_bus_message_new_method_call(watch->bus, &call, LOGIND_NAME, LOGIND_PATH,
		    LOGIND_MANAGER, "Inhibit") >= 0 &&
		append_inhibit_args(call) >= 0)
		sd_bus_call_async(watch->bus, &watch->inhibit_call, call, handle_inhibit, watch, 0);
	sd_bus_message_unref(call);
}

static int handle_prepare(sd_bus_message *msg, void *data, sd_bus_error *ret_error)
{
	struct mb_sleep_watch *watch = data;
	int going_down;
	if (sd_bus_message_read(msg, "b", &going_down) < 0)
		return 0;
	int64_t now_us = mb_event_now_us(watch->loop);
	if (going_down) {
		if (watch->listener && watch->listener->suspend)
			watch->listener->suspend(watch->data, now_us);
		release_inhibitor(watch);
	} else {
		take_inhibitor(watch);
		if (watch->listener && watch->listener->resume)
			watch->listener->resume(watch->data, now_us);
	}
	return 0;
}

void mb_sleep_watch_destroy(struct mb_sleep_watch *watch)
{
	if (!watch)
		return;
	release_inhibitor(watch);
	sd_bus_slot_unref(watch->inhibit_call);
	sd_bus_slot_unref(watch->sleep_slot);
	sd_bus_unref(watch->bus);
	free(watch);
}

struct mb_sleep_watch *mb_sleep_logind_create(struct sd_event *loop, struct sd_bus *system,
	const struct mb_sleep_listener *listener, void *data, char *why, size_t why_len)
{
	sd_bus_message *call = NULL, *reply = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	if (!system) {
		snprintf(why, why_len, "no system bus");
		return NULL;
	}
	struct mb_sleep_watch *watch = calloc(1, sizeof(*watch));
	if (!watch) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	watch->listener = listener;
	watch->data = data;
	watch->inhibit_fd = -1;
	watch->bus = sd_bus_ref(system);
	watch->loop = loop;

	int r = mb_bus_attach(system, loop, "system", why, why_len);
	if (r < 0)
		goto err;
	r = sd_bus_match_signal(system, &watch->sleep_slot, LOGIND_NAME, LOGIND_PATH,
		LOGIND_MANAGER, "PrepareForSleep", handle_prepare, watch);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch logind's PrepareForSleep: %s", strerror(-r));
		goto err;
	}
	/* The first lock doubles as the check that logind is there at all. */
	r = sd_bus_message_new_method_call(system, &call, LOGIND_NAME, LOGIND_PATH, LOGIND_MANAGER,
		"Inhibit");
	if (r >= 0)
		r = append_inhibit_args(call);
	if (r >= 0)
		r = sd_bus_call(system, call, SETUP_TIMEOUT_US, &error, &reply);
	if (r >= 0)
		r = keep_inhibitor(watch, reply);
	if (r < 0) {
		snprintf(why, why_len, "logind gives no sleep inhibitor: %s",
			sd_bus_error_is_set(&error) ? error.message : strerror(-r));
		goto err;
	}
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	return watch;

err:
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	mb_sleep_watch_destroy(watch);
	return NULL;
}

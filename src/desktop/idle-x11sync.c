/* The X11 activity source: the SYNC extension's IDLETIME counter with alarms, no polling. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#include <X11/Xlib.h>
#include <X11/extensions/sync.h>
#include <systemd/sd-event.h>

#include "desktop/event-time.h"
#include "desktop/idle.h"

/*
 * The server counts milliseconds since the last input in IDLETIME. One
 * alarm fires when the counter rises through the threshold (idle); once
 * idle, a second alarm fires when it falls below the value it had then
 * (input again, which resets the counter to zero). The server wakes us
 * only at those two edges.
 */
struct x11_source {
	struct mb_idle_source base;
	Display *display;
	sd_event_source *io, *start;
	XSyncCounter counter;
	XSyncAlarm idle_alarm, reset_alarm;
	int sync_event_base;
	bool idle, lost;
};

static const struct mb_idle_source_impl impl;

static struct x11_source *x11_source_from_base(struct mb_idle_source *base)
{
	return base->impl == &impl ? (struct x11_source *)base : NULL;
}

static int64_t value_ms(XSyncValue v)
{
	return (int64_t)XSyncValueHigh32(v) * ((int64_t)1 << 32) + XSyncValueLow32(v);
}

static XSyncAlarm set_alarm(struct x11_source *x, XSyncAlarm alarm, XSyncTestType test,
	int64_t value_ms)
{
	XSyncAlarmAttributes attr;
	XSyncIntsToValue(&attr.trigger.wait_value, (unsigned)(value_ms & 0xffffffff),
		(int)(value_ms >> 32));
	attr.trigger.counter = x->counter;
	attr.trigger.value_type = XSyncAbsolute;
	attr.trigger.test_type = test;
	/* A delta of zero keeps a transition alarm armed for the next crossing. */
	XSyncIntToValue(&attr.delta, 0);
	attr.events = True;
	unsigned long mask = XSyncCACounter | XSyncCAValueType | XSyncCAValue | XSyncCATestType |
		XSyncCADelta | XSyncCAEvents;
	if (alarm == None)
		return XSyncCreateAlarm(x->display, mask, &attr);
	XSyncChangeAlarm(x->display, alarm, mask, &attr);
	return alarm;
}

static int64_t query_idle_ms(struct x11_source *x)
{
	XSyncValue v;
	if (!XSyncQueryCounter(x->display, x->counter, &v))
		return 0;
	return value_ms(v);
}

static void go_idle(struct x11_source *x, int64_t idle_ms)
{
	if (x->idle)
		return;
	x->idle = true;
	/* Just below the value seen now: only a reset of the counter by input crosses it. */
	int64_t below = idle_ms > 1 ? idle_ms - 1 : 1;
	x->reset_alarm = set_alarm(x, x->reset_alarm, XSyncNegativeTransition, below);
	x->base.listener->idle(x->base.data, mb_event_now_us(x->base.loop) - idle_ms * 1000);
	/* Input that came while the alarm was being set crossed nothing: look once. */
	if (query_idle_ms(x) < below) {
		x->idle = false;
		x->base.listener->active(x->base.data, mb_event_now_us(x->base.loop));
	}
}

static void handle_alarm(struct x11_source *x, const XSyncAlarmNotifyEvent *ev)
{
	if (ev->alarm == x->idle_alarm)
		go_idle(x, value_ms(ev->counter_value));
	else if (ev->alarm == x->reset_alarm && x->idle) {
		x->idle = false;
		x->base.listener->active(x->base.data, mb_event_now_us(x->base.loop));
	}
}

static void drain(struct x11_source *x)
{
	while (!x->lost && XPending(x->display)) {
		XEvent ev;
		XNextEvent(x->display, &ev);
		if (ev.type == x->sync_event_base + XSyncAlarmNotify)
			handle_alarm(x, (XSyncAlarmNotifyEvent *)&ev);
	}
}

static int handle_io(sd_event_source *src, int fd, uint32_t revents, void *data)
{
	struct x11_source *x = data;
	if (revents & (EPOLLHUP | EPOLLERR)) {
		/* Xlib would exit the process on the next read; stop using the display instead. */
		fprintf(stderr,
			"movebreak daemon: lost the X display; activity is no longer seen\n");
		x->lost = true;
		sd_event_source_set_enabled(src, SD_EVENT_OFF);
		if (x->idle) {
			x->idle = false;
			x->base.listener->active(x->base.data, mb_event_now_us(x->base.loop));
		}
		return 0;
	}
	drain(x);
	return 0;
}

/* The user may already be away when the daemon starts: no alarm would tell us that. */
static int handle_start(sd_event_source *src, void *data)
{
	struct x11_source *x = data;
	int64_t idle_ms = query_idle_ms(x);
	if (idle_ms * 1000 >= x->base.threshold_us)
		go_idle(x, idle_ms);
	drain(x);
	return 0;
}

static int ignore_error(Display *display, XErrorEvent *ev)
{
	char text[128];
	XGetErrorText(display, ev->error_code, text, sizeof(text));
	fprintf(stderr, "movebreak daemon: X error: %s\n", text);
	return 0;
}

static void destroy(struct mb_idle_source *base)
{
	struct x11_source *x = x11_source_from_base(base);
	if (!x)
		return;
	sd_event_source_disable_unref(x->start);
	sd_event_source_disable_unref(x->io);
	if (x->display) {
		if (!x->lost) {
			if (x->idle_alarm != None)
				XSyncDestroyAlarm(x->display, x->idle_alarm);
			if (x->reset_alarm != None)
				XSyncDestroyAlarm(x->display, x->reset_alarm);
		}
		XCloseDisplay(x->display);
	}
	free(x);
}

static const struct mb_idle_source_impl impl = {
	.name = "x11",
	.destroy = destroy,
};

static bool find_idletime(Display *display, XSyncCounter *out)
{
	int n = 0;
	XSyncSystemCounter *counters = XSyncListSystemCounters(display, &n);
	bool found = false;
	for (int i = 0; i < n && !found; i++) {
		if (strcmp(counters[i].name, "IDLETIME") == 0) {
			*out = counters[i].counter;
			found = true;
		}
	}
	if (counters)
		XSyncFreeSystemCounterList(counters);
	return found;
}

struct mb_idle_source *mb_idle_x11sync_create(struct sd_event *loop, int64_t threshold_us,
	const struct mb_idle_listener *listener, void *data, char *why, size_t why_len)
{
	const char *name = getenv("DISPLAY");
	if (!name || !name[0]) {
		snprintf(why, why_len, "DISPLAY is not set");
		return NULL;
	}
	struct x11_source *x = calloc(1, sizeof(*x));
	if (!x) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	x->base.impl = &impl;
	x->base.loop = loop;
	x->base.listener = listener;
	x->base.data = data;
	x->base.threshold_us = threshold_us < 1000000 ? 1000000 : threshold_us;
	x->display = XOpenDisplay(name);
	if (!x->display) {
		snprintf(why, why_len, "cannot open display %s", name);
		goto fail;
	}
	XSetErrorHandler(ignore_error);
	int error_base, major, minor;
	if (!XSyncQueryExtension(x->display, &x->sync_event_base, &error_base) ||
		!XSyncInitialize(x->display, &major, &minor)) {
		snprintf(why, why_len, "display %s has no SYNC extension", name);
		goto fail;
	}
	if (!find_idletime(x->display, &x->counter)) {
		snprintf(why, why_len, "display %s has no IDLETIME counter", name);
		goto fail;
	}
	x->idle_alarm = set_alarm(x, None, XSyncPositiveTransition, x->base.threshold_us / 1000);
	XFlush(x->display);
	int r = sd_event_add_io(loop, &x->io, ConnectionNumber(x->display), EPOLLIN, handle_io, x);
	if (r >= 0)
		r = sd_event_add_defer(loop, &x->start, handle_start, x);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch the display: %s", strerror(-r));
		goto fail;
	}
	return &x->base;
fail:
	destroy(&x->base);
	return NULL;
}

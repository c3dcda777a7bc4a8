/* The Wayland activity source: ext-idle-notify-v1, or KDE's org_kde_kwin_idle where that is all. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#include <systemd/sd-event.h>
#include <wayland-client.h>

#include "desktop/event-time.h"
#include "desktop/idle.h"
#include "ext-idle-notify-v1-client-protocol.h"
#include "kde-idle-client-protocol.h"

/*
 * The compositor runs the timer: we ask for one notification with the
 * threshold and it tells us when the seat has had no input for that long
 * and again at the next input. The protocols never say how long the seat
 * had been idle already, so the timer starting with us means a user who is
 * away when the daemon starts is reported idle a threshold later, with the
 * last input put at that point minus the threshold.
 */
struct wayland_source {
	struct mb_idle_source base;
	struct wl_display *display;
	struct wl_registry *registry;
	struct wl_seat *seat;
	struct ext_idle_notifier_v1 *notifier;
	struct ext_idle_notification_v1 *notification;
	struct org_kde_kwin_idle *kde_idle;
	struct org_kde_kwin_idle_timeout *kde_timeout;
	sd_event_source *io;
	bool idle, lost;
};

static const struct mb_idle_source_impl impl;

static struct wayland_source *wayland_source_from_base(struct mb_idle_source *base)
{
	if (base->impl != &impl)
		abort();
	return (struct wayland_source *)base;
}

static void go_idle(struct wayland_source *w)
{
	if (w->idle)
		return;
	w->idle = true;
	/* The event comes as the timer runs out: the last input was a threshold ago. */
	w->base.listener->idle(w->base.data, mb_event_now_us(w->base.loop) - w->base.threshold_us);
}

static void go_active(struct wayland_source *w)
{
	if (!w->idle)
		return;
	w->idle = false;
	w->base.listener->active(w->base.data, mb_event_now_us(w->base.loop));
}

static void handle_idled(void *data, struct ext_idle_notification_v1 *notification)
{
	go_idle(data);
}

static void handle_resumed(void *data, struct ext_idle_notification_v1 *notification)
{
	go_active(data);
}

static const struct ext_idle_notification_v1_listener notification_listener = {
	.idled = handle_idled,
	.resumed = handle_resumed,
};

static void handle_kde_idle(void *data, struct org_kde_kwin_idle_timeout *timeout)
{
	go_idle(data);
}

static void handle_kde_resumed(void *data, struct org_kde_kwin_idle_timeout *timeout)
{
	go_active(data);
}

static const struct org_kde_kwin_idle_timeout_listener kde_timeout_listener = {
	.idle = handle_kde_idle,
	.resumed = handle_kde_resumed,
};

static void handle_global(void *data, struct wl_registry *registry, uint32_t name,
	const char *interface, uint32_t version)
{
	struct wayland_source *w = data;
	/* The first seat: a desk with several seats is rare, and each would want its own daemon. */
	if (!w->seat && strcmp(interface, wl_seat_interface.name) == 0)
		w->seat = wl_registry_bind(registry, name, &wl_seat_interface, 1);
	else if (!w->notifier && strcmp(interface, ext_idle_notifier_v1_interface.name) == 0)
		w->notifier = wl_registry_bind(registry, name, &ext_idle_notifier_v1_interface, 1);
	else if (!w->kde_idle && strcmp(interface, org_kde_kwin_idle_interface.name) == 0)
		w->kde_idle = wl_registry_bind(registry, name, &org_kde_kwin_idle_interface, 1);
}

static void handle_global_remove(void *data, struct wl_registry *registry, uint32_t name)
{
	/* A seat or notifier going away ends our notification too; the compositor says so. */
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

static void lose_display(struct wayland_source *w)
{
	int err = wl_display_get_error(w->display);
	fprintf(stderr,
		"movebreak daemon: lost the Wayland display (%s); "
		"activity is no longer seen\n",
		strerror(err ? err : EPIPE));
	w->lost = true;
	sd_event_source_set_enabled(w->io, SD_EVENT_OFF);
	/* Without the compositor nobody would ever end an idle report. */
	go_active(w);
}

/* Send what is queued; a full socket waits for EPOLLOUT rather than blocking the daemon. */
static int flush(struct wayland_source *w)
{
	int r = wl_display_flush(w->display);
	uint32_t events = EPOLLIN;
	if (r < 0 && errno == EAGAIN)
		events |= EPOLLOUT;
	else if (r < 0)
		return -errno;
	sd_event_source_set_io_events(w->io, events);
	return 0;
}

static int handle_io(sd_event_source *src, int fd, uint32_t revents, void *data)
{
	struct wayland_source *w = data;
	if (revents & EPOLLIN) {
		/* Events already read into the queue must go first, or prepare_read refuses. */
		while (wl_display_prepare_read(w->display) != 0) {
			if (wl_display_dispatch_pending(w->display) < 0)
				goto lost;
		}
		if (wl_display_read_events(w->display) < 0)
			goto lost;
	} else if (revents & (EPOLLHUP | EPOLLERR)) {
		goto lost;
	}
	if (wl_display_dispatch_pending(w->display) < 0 || flush(w) < 0)
		goto lost;
	return 0;
lost:
	lose_display(w);
	return 0;
}

/*
 * Before the loop sleeps: a listener may have queued requests, and a
 * roundtrip elsewhere may have left events read but not dispatched.
 */
static int handle_prepare(sd_event_source *src, void *data)
{
	struct wayland_source *w = data;
	if (w->lost)
		return 0;
	if (wl_display_dispatch_pending(w->display) < 0 || flush(w) < 0)
		lose_display(w);
	return 0;
}

static void destroy(struct mb_idle_source *base)
{
	struct wayland_source *w = wayland_source_from_base(base);
	sd_event_source_disable_unref(w->io);
	if (w->notification)
		ext_idle_notification_v1_destroy(w->notification);
	if (w->notifier)
		ext_idle_notifier_v1_destroy(w->notifier);
	if (w->kde_timeout)
		org_kde_kwin_idle_timeout_release(w->kde_timeout);
	if (w->kde_idle)
		org_kde_kwin_idle_destroy(w->kde_idle);
	if (w->seat)
		wl_seat_destroy(w->seat);
	if (w->registry)
		wl_registry_destroy(w->registry);
	if (w->display) {
		/* Let the compositor drop the timer now rather than when it notices the hang-up. */
		if (!w->lost)
			wl_display_flush(w->display);
		wl_display_disconnect(w->display);
	}
	free(w);
}

static const struct mb_idle_source_impl impl = {
	.name = "wayland",
	.destroy = destroy,
};

struct mb_idle_source *mb_idle_wayland_create(struct sd_event *loop, int64_t threshold_us,
	const struct mb_idle_listener *listener, void *data, char *why, size_t why_len)
{
	const char *name = getenv("WAYLAND_DISPLAY");
	if (!name || !name[0]) {
		snprintf(why, why_len, "WAYLAND_DISPLAY is not set");
		return NULL;
	}
	struct wayland_source *w = calloc(1, sizeof(*w));
	if (!w) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	w->base.impl = &impl;
	w->base.loop = loop;
	w->base.listener = listener;
	w->base.data = data;
	w->base.threshold_us = threshold_us < 1000000 ? 1000000 : threshold_us;
	/* The protocols take a 32-bit count of milliseconds: about 49 days is plenty. */
	uint32_t timeout_ms = w->base.threshold_us / 1000 > UINT32_MAX ?
		UINT32_MAX :
		(uint32_t)(w->base.threshold_us / 1000);

	w->display = wl_display_connect(NULL);
	if (!w->display) {
		snprintf(why, why_len, "cannot connect to Wayland display %s: %s", name,
			strerror(errno));
		goto fail;
	}
	w->registry = wl_display_get_registry(w->display);
	if (!w->registry || wl_registry_add_listener(w->registry, &registry_listener, w) < 0 ||
		wl_display_roundtrip(w->display) < 0) {
		snprintf(why, why_len, "cannot list the globals of Wayland display %s", name);
		goto fail;
	}
	if (!w->notifier && !w->kde_idle) {
		snprintf(why, why_len,
			"Wayland display %s offers neither ext-idle-notify-v1 nor "
			"org_kde_kwin_idle",
			name);
		goto fail;
	}
	if (!w->seat) {
		snprintf(why, why_len, "Wayland display %s has no seat", name);
		goto fail;
	}
	if (w->notifier) {
		w->notification = ext_idle_notifier_v1_get_idle_notification(w->notifier,
			timeout_ms, w->seat);
		if (w->notification)
			ext_idle_notification_v1_add_listener(w->notification,
				&notification_listener, w);
	} else {
		w->kde_timeout = org_kde_kwin_idle_get_idle_timeout(w->kde_idle, w->seat,
			timeout_ms);
		if (w->kde_timeout)
			org_kde_kwin_idle_timeout_add_listener(w->kde_timeout,
				&kde_timeout_listener, w);
	}
	/* A compositor that rejects the timer raises a protocol error: hear it here, not later. */
	if ((!w->notification && !w->kde_timeout) || wl_display_roundtrip(w->display) < 0) {
		snprintf(why, why_len, "Wayland display %s refused an idle timer", name);
		goto fail;
	}

	int r = sd_event_add_io(loop, &w->io, wl_display_get_fd(w->display), EPOLLIN, handle_io, w);
	if (r >= 0)
		r = sd_event_source_set_prepare(w->io, handle_prepare);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch the Wayland display: %s", strerror(-r));
		goto fail;
	}
	return &w->base;
fail:
	/* Nothing was reported yet: no listener call may come from this unwinding. */
	w->lost = true;
	destroy(&w->base);
	return NULL;
}

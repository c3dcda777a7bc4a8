/* Do not disturb while the active X11 window is full screen (a presentation, a video, a game). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <systemd/sd-event.h>

#include "desktop/dnd.h"

/*
 * The window manager names the active window in the root window's
 * _NET_ACTIVE_WINDOW and its state in the window's _NET_WM_STATE. We ask the
 * server for property changes on the root and on the active window only, so
 * it wakes us when the focus moves or the active window changes its state.
 */
struct fullscreen_source {
	struct mb_dnd_source base;
	Display *display;
	sd_event_source *io;
	Window root, active;
	Atom net_active_window, net_wm_state, fullscreen;
	bool lost;
};

static const struct mb_dnd_source_impl impl;

static int ignore_error(Display *display, XErrorEvent *ev)
{
	/* The active window can be gone before we read it; that is no news. */
	if (ev->error_code == BadWindow)
		return 0;
	char text[128];
	XGetErrorText(display, ev->error_code, text, sizeof(text));
	fprintf(stderr, "movebreak daemon: X error: %s\n", text);
	return 0;
}

static Window read_active(struct fullscreen_source *f)
{
	Atom type;
	int format;
	unsigned long n = 0, after;
	unsigned char *data = NULL;
	Window w = None;
	if (XGetWindowProperty(f->display, f->root, f->net_active_window, 0, 1, False,
		    AnyPropertyType, &type, &format, &n, &after, &data) == Success &&
		data && format == 32 && n == 1)
		w = (Window)((unsigned long *)(void *)data)[0];
	if (data)
		XFree(data);
	return w;
}

static bool read_fullscreen(struct fullscreen_source *f, Window w)
{
	Atom type;
	int format;
	unsigned long n = 0, after;
	unsigned char *data = NULL;
	bool on = false;
	if (XGetWindowProperty(f->display, w, f->net_wm_state, 0, 64, False, AnyPropertyType, &type,
		    &format, &n, &after, &data) == Success &&
		data && format == 32) {
		/* Format 32 arrives as longs, whatever the size of a long. */
		const unsigned long *atoms = (const unsigned long *)(void *)data;
		for (unsigned long i = 0; i < n && !on; i++)
			on = atoms[i] == f->fullscreen;
	}
	if (data)
		XFree(data);
	return on;
}

/* Follow the active window and report when its full-screen state differs from what we said. */
static void update(struct fullscreen_source *f, bool report)
{
	Window w = read_active(f);
	if (w != f->active) {
		if (f->active != None)
			XSelectInput(f->display, f->active, NoEventMask);
		f->active = w;
		if (w != None)
			XSelectInput(f->display, w, PropertyChangeMask);
	}
	bool on = w != None && read_fullscreen(f, w);
	if (on == f->base.on)
		return;
	f->base.on = on;
	if (report)
		f->base.listener->changed(f->base.data, f->base.impl->name, on);
}

static void drain(struct fullscreen_source *f)
{
	bool changed = false;
	while (!f->lost && XPending(f->display)) {
		XEvent ev;
		XNextEvent(f->display, &ev);
		if (ev.type != PropertyNotify)
			continue;
		if ((ev.xproperty.window == f->root && ev.xproperty.atom == f->net_active_window) ||
			(ev.xproperty.window == f->active && ev.xproperty.atom == f->net_wm_state))
			changed = true;
	}
	if (changed && !f->lost) {
		update(f, true);
		/* update() may have read events into Xlib's queue; handle them now, not at the next wake-up. */
		drain(f);
	}
}

static int handle_io(sd_event_source *src, int fd, uint32_t revents, void *data)
{
	struct fullscreen_source *f = data;
	if (revents & (EPOLLHUP | EPOLLERR)) {
		/* Xlib would exit the process on the next read; stop using the display instead. */
		fprintf(stderr,
			"movebreak daemon: lost the X display; full screen is no longer seen\n");
		f->lost = true;
		sd_event_source_set_enabled(src, SD_EVENT_OFF);
		if (f->base.on) {
			f->base.on = false;
			f->base.listener->changed(f->base.data, f->base.impl->name, false);
		}
		return 0;
	}
	drain(f);
	return 0;
}

static void destroy(struct mb_dnd_source *base)
{
	if (base->impl != &impl)
		return;
	struct fullscreen_source *f = (struct fullscreen_source *)base;
	sd_event_source_disable_unref(f->io);
	if (f->display)
		XCloseDisplay(f->display);
	free(f);
}

static const struct mb_dnd_source_impl impl = {
	.name = "fullscreen",
	.destroy = destroy,
};

struct mb_dnd_source *mb_dnd_x11fullscreen_create(struct sd_event *loop,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len)
{
	const char *name = getenv("DISPLAY");
	if (!name || !name[0]) {
		snprintf(why, why_len, "DISPLAY is not set");
		return NULL;
	}
	struct fullscreen_source *f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	f->base.impl = &impl;
	f->base.listener = listener;
	f->base.data = data;
	f->display = XOpenDisplay(name);
	if (!f->display) {
		snprintf(why, why_len, "cannot open display %s", name);
		goto fail;
	}
	XSetErrorHandler(ignore_error);
	f->root = DefaultRootWindow(f->display);
	f->net_active_window = XInternAtom(f->display, "_NET_ACTIVE_WINDOW", False);
	f->net_wm_state = XInternAtom(f->display, "_NET_WM_STATE", False);
	f->fullscreen = XInternAtom(f->display, "_NET_WM_STATE_FULLSCREEN", False);
	XSelectInput(f->display, f->root, PropertyChangeMask);
	update(f, false);
	int r = sd_event_add_io(loop, &f->io, ConnectionNumber(f->display), EPOLLIN, handle_io, f);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch the display: %s", strerror(-r));
		goto fail;
	}
	XFlush(f->display);
	return &f->base;
fail:
	destroy(&f->base);
	return NULL;
}

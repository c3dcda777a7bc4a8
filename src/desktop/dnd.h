/* Do-not-disturb sources: full screen, inhibitors, the desktop's switch, calls. */
#ifndef MB_DESKTOP_DND_H
#define MB_DESKTOP_DND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sd_bus;
struct sd_event;

/** A do-not-disturb source (full screen, an idle inhibitor, a call, the desktop's switch). */
struct mb_dnd_listener {
	/** The source's state changed; name is the source's name ("fullscreen"). */
	void (*changed)(void *data, const char *name, bool on);
};

struct mb_dnd_source;

struct mb_dnd_source_impl {
	const char *name;
	void (*destroy)(struct mb_dnd_source *source);
};

struct mb_dnd_source {
	const struct mb_dnd_source_impl *impl;
	const struct mb_dnd_listener *listener;
	void *data;
	bool on;
};

/*
 * The do-not-disturb constructors below check once, synchronously, that
 * their service answers, and read the first state into source->on; the
 * listener hears only later changes. After that they wait for the service's
 * signals on the bus (attached to loop here if it is not already; the source
 * holds a reference to it): no threads, no polling. When the service is not
 * there they return NULL with a one-line reason in why, so the daemon can
 * log it and go on without that source.
 */

/**
 * "inhibitor": another program holds an idle inhibitor in logind (a video
 * player, a presentation). On while logind's inhibitor list has an entry
 * whose "what" includes idle; re-read whenever logind's BlockInhibited or
 * DelayInhibited property changes, which it does as inhibitors come and go.
 * The ScreenSaver D-Bus API's inhibitors are not in this list; the
 * "session-inhibitor" source below follows them.
 */
struct mb_dnd_source *mb_dnd_inhibit_create(struct sd_event *loop, struct sd_bus *system,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len);

/**
 * "session-inhibitor": another program holds an idle inhibitor through
 * org.freedesktop.ScreenSaver.Inhibit, which the desktop forwards to its
 * session service; that service is what this reads. On GNOME,
 * org.gnome.SessionManager: on while IsInhibited(8) (idle) is true, asked
 * again on InhibitorAdded and InhibitorRemoved; inhibitors of suspend alone
 * do not count. On KDE and Xfce, org.freedesktop.PowerManagement: HasInhibit,
 * followed through HasInhibitChanged. GNOME's is used when both run. Returns
 * NULL with a reason in why when neither is on the session bus now.
 */
struct mb_dnd_source *mb_dnd_session_create(struct sd_event *loop, struct sd_bus *session,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len);

/**
 * "desktop": GNOME's do-not-disturb switch, which turns notification
 * banners off (org.gnome.desktop.notifications show-banners = false), read
 * through the settings portal on the session bus and followed through its
 * SettingChanged signal.
 */
struct mb_dnd_source *mb_dnd_gnome_create(struct sd_event *loop, struct sd_bus *session,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len);

/**
 * "fullscreen": the active X11 window is full screen (_NET_WM_STATE_FULLSCREEN
 * on the window _NET_ACTIVE_WINDOW names), followed through property-change
 * events on its own connection to $DISPLAY. Returns NULL with a reason in why
 * when there is no display.
 */
struct mb_dnd_source *mb_dnd_x11fullscreen_create(struct sd_event *loop,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len);

/**
 * "calls": an application records from the microphone or camera. On while
 * PipeWire's registry lists a stream node of media.class Stream/Input/Audio
 * or Stream/Input/Video (a capture stream, made when recording starts and
 * removed when it stops), whether or not it is running at the moment. Talks
 * to the user's PipeWire on its own pw_loop, whose fd is added to loop as an
 * IO source: no threads of ours, no polling. libpipewire is loaded (dlopen)
 * only when PipeWire's socket exists. Returns NULL with a reason in why when
 * PipeWire is not running.
 */
struct mb_dnd_source *mb_dnd_pipewire_create(struct sd_event *loop,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len);

/** Destroy a source; it reports nothing after this. NULL-safe. */
void mb_dnd_source_destroy(struct mb_dnd_source *source);

#endif

/* The tray item: a StatusNotifierItem with its dbusmenu, served on the daemon's session bus. */
#ifndef MB_DESKTOP_TRAY_H
#define MB_DESKTOP_TRAY_H

#include <stdbool.h>
#include <stddef.h>

struct sd_bus;

/* The menu's actions, in the order the menu shows them. */
enum mb_tray_action {
	MB_TRAY_BREAK,
	MB_TRAY_MICRO,
	MB_TRAY_POSTPONE,
	MB_TRAY_SKIP,
	MB_TRAY_PAUSE_30M,
	MB_TRAY_PAUSE_1H,
	MB_TRAY_PAUSE_TOMORROW,
	MB_TRAY_RESUME,
	MB_TRAY_OPEN,
	MB_TRAY_QUIT,
};

/* How things stand, as the item shows them. */
struct mb_tray_state {
	/* A break is offered and waits for an answer: NeedsAttention, Postpone and Skip shown. */
	bool prompted;
	/* Paused: Resume shown, the pause items hidden. */
	bool paused;
	/* The tooltip's text and the menu's first line: "Next movement break in 12 min". */
	char line[128];
};

/*
 * What the owner of the item does for it. state is asked whenever a host
 * reads the tooltip, the status or the menu, so the line is as of that
 * moment and no timer keeps it fresh.
 */
struct mb_tray_listener {
	void (*state)(void *data, struct mb_tray_state *state);
	/* A menu item was clicked. */
	void (*action)(void *data, enum mb_tray_action action);
	/* The item itself was clicked (Activate): open the app window. */
	void (*activate)(void *data);
	/* A line for the log (without a newline). */
	void (*log)(void *data, const char *line);
};

struct mb_tray;

/* The object paths of the item and its menu. */
#define MB_TRAY_ITEM_PATH "/StatusNotifierItem"
#define MB_TRAY_MENU_PATH "/MenuBar"

/**
 * Serve the item and its menu on bus (which must already be attached to an
 * event loop; the tray keeps a reference), own the name
 * org.kde.StatusNotifierItem-PID-1 and register with the
 * StatusNotifierWatcher, now and whenever a new watcher takes its name.
 * icon_theme_path (copied; "" or NULL for none) is where the host looks for
 * the icons first. Returns NULL with a reason in why on failure.
 */
struct mb_tray *mb_tray_create(struct sd_bus *bus, const char *icon_theme_path,
	const struct mb_tray_listener *listener, void *data, char *why, size_t why_len);

/**
 * Say that the state changed: NewStatus and NewIcon when the status did,
 * NewToolTip, and the menu's LayoutUpdated. Nothing is sent for time passing.
 * NULL-safe.
 */
void mb_tray_changed(struct mb_tray *tray);

/** Take the item off the bus and free it. NULL-safe. */
void mb_tray_destroy(struct mb_tray *tray);

/** The menu item's label for action (for the log and the tests). */
const char *mb_tray_action_label(enum mb_tray_action action);

#endif

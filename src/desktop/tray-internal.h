/* What the tray item's two halves share: the item on the bus and the menu beside it. */
#ifndef MB_DESKTOP_TRAY_INTERNAL_H
#define MB_DESKTOP_TRAY_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "desktop/tray.h"

struct sd_bus;
struct sd_bus_slot;

struct mb_tray {
	struct sd_bus *bus;
	const struct mb_tray_listener *listener;
	void *data;
	/* The well-known name the item is registered under. */
	char name[64];
	char icon_theme_path[4096];
	struct sd_bus_slot *item_slot, *menu_slot, *watch_slot, *register_call;
	/* The log says once that no watcher runs, not at every try. */
	bool said_no_watcher;
	/* The status last announced, so NewStatus goes out only when it changes. */
	bool prompted;
	/* The menu's revision, and the state its last layout was built from. */
	uint32_t revision;
	struct mb_tray_state served;
};

/** The state as of now, from the listener. */
void mb_tray_state_now(struct mb_tray *tray, struct mb_tray_state *state);

/** Say a line in the log through the listener. */
void mb_tray_say(struct mb_tray *tray, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Serve com.canonical.dbusmenu at MB_TRAY_MENU_PATH. Returns 0 or a negative errno. */
int mb_tray_menu_add(struct mb_tray *tray);

/** The state changed: a new revision, and LayoutUpdated for it. */
void mb_tray_menu_changed(struct mb_tray *tray);

#endif

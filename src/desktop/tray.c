/* The StatusNotifierItem: its properties asked for when a host looks, its watcher followed. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "desktop/tray-internal.h"

#define ITEM_IFACE "org.kde.StatusNotifierItem"
#define WATCHER_NAME "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH "/StatusNotifierWatcher"
#define WATCHER_IFACE "org.kde.StatusNotifierWatcher"

#define ICON "io.github.movebreak"
#define ATTENTION_ICON "io.github.movebreak-attention"

void mb_tray_say(struct mb_tray *tray, const char *fmt, ...)
{
	if (!tray->listener || !tray->listener->log)
		return;
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	tray->listener->log(tray->data, line);
}

void mb_tray_state_now(struct mb_tray *tray, struct mb_tray_state *state)
{
	*state = (struct mb_tray_state){ .line = "" };
	if (tray->listener && tray->listener->state)
		tray->listener->state(tray->data, state);
	state->line[sizeof(state->line) - 1] = '\0';
}

static const char *status_name(bool prompted)
{
	return prompted ? "NeedsAttention" : "Active";
}

static int get_property(sd_bus *bus, const char *path, const char *interface, const char *property,
	sd_bus_message *reply, void *data, sd_bus_error *error)
{
	struct mb_tray *tray = data;
	if (strcmp(property, "Category") == 0)
		return sd_bus_message_append(reply, "s", "ApplicationStatus");
	if (strcmp(property, "Id") == 0 || strcmp(property, "Title") == 0)
		return sd_bus_message_append(reply, "s", "movebreak");
	if (strcmp(property, "IconName") == 0)
		return sd_bus_message_append(reply, "s", ICON);
	if (strcmp(property, "AttentionIconName") == 0)
		return sd_bus_message_append(reply, "s", ATTENTION_ICON);
	if (strcmp(property, "OverlayIconName") == 0 || strcmp(property, "AttentionMovieName") == 0)
		return sd_bus_message_append(reply, "s", "");
	if (strcmp(property, "IconThemePath") == 0)
		return sd_bus_message_append(reply, "s", tray->icon_theme_path);
	if (strcmp(property, "IconPixmap") == 0 || strcmp(property, "AttentionIconPixmap") == 0 ||
		strcmp(property, "OverlayIconPixmap") == 0)
		return sd_bus_message_append(reply, "a(iiay)", 0);
	if (strcmp(property, "ItemIsMenu") == 0)
		return sd_bus_message_append(reply, "b", 0);
	if (strcmp(property, "WindowId") == 0)
		return sd_bus_message_append(reply, "i", 0);
	if (strcmp(property, "Menu") == 0)
		return sd_bus_message_append(reply, "o", MB_TRAY_MENU_PATH);
	struct mb_tray_state st;
	mb_tray_state_now(tray, &st);
	if (strcmp(property, "Status") == 0)
		return sd_bus_message_append(reply, "s", status_name(st.prompted));
	if (strcmp(property, "ToolTip") == 0)
		return sd_bus_message_append(reply, "(sa(iiay)ss)",
			st.prompted ? ATTENTION_ICON : ICON, 0, "movebreak", st.line);
	return sd_bus_error_setf(error, SD_BUS_ERROR_UNKNOWN_PROPERTY, "no property %s", property);
}

static int method_activate(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_tray *tray = data;
	int r = sd_bus_reply_method_return(m, "");
	if (tray->listener && tray->listener->activate)
		tray->listener->activate(tray->data);
	return r;
}

/* A host with a dbusmenu shows the menu itself; these have nothing more to do. */
static int method_nothing(sd_bus_message *m, void *data, sd_bus_error *error)
{
	return sd_bus_reply_method_return(m, "");
}

#define PROPERTY(name, type) \
	SD_BUS_PROPERTY(name, type, get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION)

static const sd_bus_vtable item_vtable[] = {
	SD_BUS_VTABLE_START(0),
	PROPERTY("Category", "s"),
	PROPERTY("Id", "s"),
	PROPERTY("Title", "s"),
	PROPERTY("Status", "s"),
	PROPERTY("WindowId", "i"),
	PROPERTY("IconName", "s"),
	PROPERTY("IconPixmap", "a(iiay)"),
	PROPERTY("OverlayIconName", "s"),
	PROPERTY("OverlayIconPixmap", "a(iiay)"),
	PROPERTY("AttentionIconName", "s"),
	PROPERTY("AttentionIconPixmap", "a(iiay)"),
	PROPERTY("AttentionMovieName", "s"),
	PROPERTY("IconThemePath", "s"),
	PROPERTY("ToolTip", "(sa(iiay)ss)"),
	PROPERTY("ItemIsMenu", "b"),
	PROPERTY("Menu", "o"),
	SD_BUS_METHOD_WITH_ARGS("ContextMenu", SD_BUS_ARGS("i", x, "i", y), SD_BUS_NO_RESULT,
		method_nothing, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Activate", SD_BUS_ARGS("i", x, "i", y), SD_BUS_NO_RESULT,
		method_activate, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("SecondaryActivate", SD_BUS_ARGS("i", x, "i", y), SD_BUS_NO_RESULT,
		method_nothing, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Scroll", SD_BUS_ARGS("i", delta, "s", orientation),
		SD_BUS_NO_RESULT, method_nothing, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_SIGNAL("NewTitle", "", 0),
	SD_BUS_SIGNAL("NewIcon", "", 0),
	SD_BUS_SIGNAL("NewAttentionIcon", "", 0),
	SD_BUS_SIGNAL("NewOverlayIcon", "", 0),
	SD_BUS_SIGNAL("NewToolTip", "", 0),
	SD_BUS_SIGNAL_WITH_ARGS("NewStatus", SD_BUS_ARGS("s", status), 0),
	SD_BUS_VTABLE_END,
};

static int handle_registered(sd_bus_message *reply, void *data, sd_bus_error *ret_error)
{
	struct mb_tray *tray = data;
	tray->register_call = sd_bus_slot_unref(tray->register_call);
	const sd_bus_error *e = sd_bus_message_get_error(reply);
	if (!e) {
		mb_tray_say(tray, "tray item %s registered with the StatusNotifierWatcher",
			tray->name);
		return 0;
	}
	bool absent = sd_bus_error_has_names(e, SD_BUS_ERROR_SERVICE_UNKNOWN,
		SD_BUS_ERROR_NAME_HAS_NO_OWNER);
	if (!absent)
		mb_tray_say(tray, "the StatusNotifierWatcher refused the tray item: %s",
			e->message ? e->message : e->name);
	else if (!tray->said_no_watcher)
		mb_tray_say(tray,
			"no StatusNotifierWatcher on the session bus; "
			"the tray item registers when one appears");
	tray->said_no_watcher = tray->said_no_watcher || absent;
	return 0;
}

static void register_item(struct mb_tray *tray)
{
	tray->register_call = sd_bus_slot_unref(tray->register_call);
	int r = sd_bus_call_method_async(tray->bus, &tray->register_call, WATCHER_NAME,
		WATCHER_PATH, WATCHER_IFACE, "RegisterStatusNotifierItem", handle_registered, tray,
		"s", tray->name);
	if (r < 0)
		mb_tray_say(tray, "cannot register the tray item: %s", strerror(-r));
}

/* A new watcher forgets every item: register with it again. */
static int handle_watcher_owner(sd_bus_message *m, void *data, sd_bus_error *ret_error)
{
	struct mb_tray *tray = data;
	const char *name, *old_owner, *new_owner;
	if (sd_bus_message_read(m, "sss", &name, &old_owner, &new_owner) < 0)
		return 0;
	if (new_owner[0])
		register_item(tray);
	return 0;
}

struct mb_tray *mb_tray_create(struct sd_bus *bus, const char *icon_theme_path,
	const struct mb_tray_listener *listener, void *data, char *why, size_t why_len)
{
	if (!bus) {
		snprintf(why, why_len, "no session bus");
		return NULL;
	}
	struct mb_tray *tray = calloc(1, sizeof(*tray));
	if (!tray) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	tray->bus = sd_bus_ref(bus);
	tray->listener = listener;
	tray->data = data;
	tray->revision = 1;
	snprintf(tray->icon_theme_path, sizeof(tray->icon_theme_path), "%s",
		icon_theme_path ? icon_theme_path : "");
	snprintf(tray->name, sizeof(tray->name), "org.kde.StatusNotifierItem-%ld-1",
		(long)getpid());
	int r = sd_bus_add_object_vtable(bus, &tray->item_slot, MB_TRAY_ITEM_PATH, ITEM_IFACE,
		item_vtable, tray);
	if (r < 0) {
		snprintf(why, why_len, "cannot serve the tray item: %s", strerror(-r));
		goto err;
	}
	r = mb_tray_menu_add(tray);
	if (r < 0) {
		snprintf(why, why_len, "cannot serve the tray menu: %s", strerror(-r));
		goto err;
	}
	r = sd_bus_request_name(bus, tray->name, 0);
	if (r < 0) {
		snprintf(why, why_len, "cannot own %s: %s", tray->name, strerror(-r));
		goto err;
	}
	/* Only the watcher's name: arg0 narrows the match on the bus side. */
	r = sd_bus_add_match(bus, &tray->watch_slot,
		"type='signal',sender='org.freedesktop.DBus',"
		"interface='org.freedesktop.DBus',member='NameOwnerChanged',"
		"arg0='" WATCHER_NAME "'",
		handle_watcher_owner, tray);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch for a StatusNotifierWatcher: %s",
			strerror(-r));
		goto err;
	}
	struct mb_tray_state st;
	mb_tray_state_now(tray, &st);
	tray->prompted = st.prompted;
	register_item(tray);
	return tray;

err:
	mb_tray_destroy(tray);
	return NULL;
}

static void emit(struct mb_tray *tray, const char *member)
{
	int r = sd_bus_emit_signal(tray->bus, MB_TRAY_ITEM_PATH, ITEM_IFACE, member, "");
	if (r < 0)
		mb_tray_say(tray, "cannot send %s: %s", member, strerror(-r));
}

void mb_tray_changed(struct mb_tray *tray)
{
	if (!tray)
		return;
	struct mb_tray_state st;
	mb_tray_state_now(tray, &st);
	if (st.prompted != tray->prompted) {
		tray->prompted = st.prompted;
		int r = sd_bus_emit_signal(tray->bus, MB_TRAY_ITEM_PATH, ITEM_IFACE, "NewStatus",
			"s", status_name(st.prompted));
		if (r < 0)
			mb_tray_say(tray, "cannot send NewStatus: %s", strerror(-r));
		emit(tray, "NewIcon");
		emit(tray, "NewAttentionIcon");
	}
	emit(tray, "NewToolTip");
	mb_tray_menu_changed(tray);
}

void mb_tray_destroy(struct mb_tray *tray)
{
	if (!tray)
		return;
	sd_bus_slot_unref(tray->register_call);
	sd_bus_slot_unref(tray->watch_slot);
	sd_bus_slot_unref(tray->menu_slot);
	sd_bus_slot_unref(tray->item_slot);
	/* The watcher drops the item when its name goes, as it does when the tray is switched off. */
	if (tray->bus && sd_bus_is_open(tray->bus) > 0)
		sd_bus_release_name_async(tray->bus, NULL, tray->name, NULL, NULL);
	sd_bus_unref(tray->bus);
	free(tray);
}

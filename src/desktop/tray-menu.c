/* The tray item's menu over com.canonical.dbusmenu: one flat list, built when a host asks. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-bus.h>

#include "desktop/tray-internal.h"

#define MENU_IFACE "com.canonical.dbusmenu"

/* No action: the first line, which only says what comes next, and the separators. */
#define NO_ACTION (-1)

struct item {
	bool separator;
	int action;
};

/* Item i of the menu has the id i + 1; the root is 0. */
static const struct item items[] = {
	{ .action = NO_ACTION },
	{ .separator = true, .action = NO_ACTION },
	{ .action = MB_TRAY_BREAK },
	{ .action = MB_TRAY_MICRO },
	{ .action = MB_TRAY_POSTPONE },
	{ .action = MB_TRAY_SKIP },
	{ .separator = true, .action = NO_ACTION },
	{ .action = MB_TRAY_PAUSE_30M },
	{ .action = MB_TRAY_PAUSE_1H },
	{ .action = MB_TRAY_PAUSE_TOMORROW },
	{ .action = MB_TRAY_RESUME },
	{ .separator = true, .action = NO_ACTION },
	{ .action = MB_TRAY_OPEN },
	{ .action = MB_TRAY_QUIT },
};

#define ITEM_COUNT ((int32_t)(sizeof(items) / sizeof(items[0])))

const char *mb_tray_action_label(enum mb_tray_action action)
{
	switch (action) {
	case MB_TRAY_BREAK:
		return "Take a movement break now";
	case MB_TRAY_MICRO:
		return "Take a micro-reset now";
	case MB_TRAY_POSTPONE:
		return "Postpone 5 minutes";
	case MB_TRAY_SKIP:
		return "Skip";
	case MB_TRAY_PAUSE_30M:
		return "Pause for 30 minutes";
	case MB_TRAY_PAUSE_1H:
		return "Pause for an hour";
	case MB_TRAY_PAUSE_TOMORROW:
		return "Pause until tomorrow";
	case MB_TRAY_RESUME:
		return "Resume";
	case MB_TRAY_OPEN:
		return "Open movebreak";
	case MB_TRAY_QUIT:
		return "Quit";
	}
	return "";
}

static bool item_visible(const struct item *it, const struct mb_tray_state *st)
{
	switch (it->action) {
	case MB_TRAY_POSTPONE:
	case MB_TRAY_SKIP:
		return st->prompted;
	case MB_TRAY_PAUSE_30M:
	case MB_TRAY_PAUSE_1H:
	case MB_TRAY_PAUSE_TOMORROW:
		return !st->paused;
	case MB_TRAY_RESUME:
		return st->paused;
	}
	return true;
}

/* An empty list of names asks for every property. */
static bool wanted(char **names, const char *name)
{
	if (!names || !names[0])
		return true;
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

static void free_names(char **names)
{
	if (!names)
		return;
	for (size_t i = 0; names[i]; i++)
		free(names[i]);
	free(names);
}

/* One property of item id into an open a{sv}, when it is wanted and not at its default. */
static int append_props(sd_bus_message *m, int32_t id, const struct mb_tray_state *st, char **names)
{
	int r = 0;
	if (id == 0) {
		if (wanted(names, "children-display"))
			r = sd_bus_message_append(m, "{sv}", "children-display", "s", "submenu");
		return r;
	}
	const struct item *it = &items[id - 1];
	if (it->separator) {
		if (wanted(names, "type"))
			r = sd_bus_message_append(m, "{sv}", "type", "s", "separator");
		return r;
	}
	const char *label = it->action == NO_ACTION ? st->line : mb_tray_action_label(it->action);
	if (wanted(names, "label"))
		r = sd_bus_message_append(m, "{sv}", "label", "s", label);
	if (r >= 0 && it->action == NO_ACTION && wanted(names, "enabled"))
		r = sd_bus_message_append(m, "{sv}", "enabled", "b", 0);
	if (r >= 0 && wanted(names, "visible"))
		r = sd_bus_message_append(m, "{sv}", "visible", "b", item_visible(it, st));
	return r;
}

static int append_item(sd_bus_message *m, int32_t id, int32_t depth, const struct mb_tray_state *st,
	char **names)
{
	int r = sd_bus_message_open_container(m, 'r', "ia{sv}av");
	if (r >= 0)
		r = sd_bus_message_append(m, "i", id);
	if (r >= 0)
		r = sd_bus_message_open_container(m, 'a', "{sv}");
	if (r >= 0)
		r = append_props(m, id, st, names);
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	if (r >= 0)
		r = sd_bus_message_open_container(m, 'a', "v");
	for (int32_t i = 1; r >= 0 && id == 0 && depth != 0 && i <= ITEM_COUNT; i++) {
		r = sd_bus_message_open_container(m, 'v', "(ia{sv}av)");
		if (r >= 0)
			r = append_item(m, i, depth - 1, st, names);
		if (r >= 0)
			r = sd_bus_message_close_container(m);
	}
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	return r;
}

/* The state as of now; a state other than the one last laid out makes a new revision. */
static void state_for_layout(struct mb_tray *tray, struct mb_tray_state *st)
{
	mb_tray_state_now(tray, st);
	if (memcmp(st, &tray->served, sizeof(*st)) != 0) {
		tray->served = *st;
		tray->revision++;
	}
}

static bool is_known(int32_t id)
{
	return id >= 0 && id <= ITEM_COUNT;
}

static int method_get_layout(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_tray *tray = data;
	int32_t parent, depth;
	char **names = NULL;
	int r = sd_bus_message_read(m, "ii", &parent, &depth);
	if (r >= 0)
		r = sd_bus_message_read_strv(m, &names);
	if (r < 0)
		return r;
	if (!is_known(parent)) {
		free_names(names);
		return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS, "no menu item %d",
			parent);
	}
	struct mb_tray_state st;
	state_for_layout(tray, &st);
	sd_bus_message *reply = NULL;
	r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = sd_bus_message_append(reply, "u", tray->revision);
	if (r >= 0)
		r = append_item(reply, parent, depth, &st, names);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	free_names(names);
	return r;
}

static int method_get_group_properties(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_tray *tray = data;
	const void *ids = NULL;
	size_t size = 0;
	char **names = NULL;
	int r = sd_bus_message_read_array(m, 'i', &ids, &size);
	if (r >= 0)
		r = sd_bus_message_read_strv(m, &names);
	if (r < 0)
		return r;
	struct mb_tray_state st;
	state_for_layout(tray, &st);
	sd_bus_message *reply = NULL;
	r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "(ia{sv})");
	for (size_t i = 0; r >= 0 && i < size / sizeof(int32_t); i++) {
		int32_t id;
		memcpy(&id, (const char *)ids + i * sizeof(id), sizeof(id));
		if (!is_known(id))
			continue;
		r = sd_bus_message_open_container(reply, 'r', "ia{sv}");
		if (r >= 0)
			r = sd_bus_message_append(reply, "i", id);
		if (r >= 0)
			r = sd_bus_message_open_container(reply, 'a', "{sv}");
		if (r >= 0)
			r = append_props(reply, id, &st, names);
		if (r >= 0)
			r = sd_bus_message_close_container(reply);
		if (r >= 0)
			r = sd_bus_message_close_container(reply);
	}
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	free_names(names);
	return r;
}

static int method_get_property(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_tray *tray = data;
	int32_t id;
	const char *name;
	int r = sd_bus_message_read(m, "is", &id, &name);
	if (r < 0)
		return r;
	if (!is_known(id))
		return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS, "no menu item %d", id);
	struct mb_tray_state st;
	mb_tray_state_now(tray, &st);
	const struct item *it = id > 0 ? &items[id - 1] : NULL;
	if (strcmp(name, "label") == 0 && it && !it->separator)
		return sd_bus_reply_method_return(m, "v", "s",
			it->action == NO_ACTION ? st.line : mb_tray_action_label(it->action));
	if (strcmp(name, "enabled") == 0)
		return sd_bus_reply_method_return(m, "v", "b", !it || it->action != NO_ACTION);
	if (strcmp(name, "visible") == 0)
		return sd_bus_reply_method_return(m, "v", "b", !it || item_visible(it, &st));
	if (strcmp(name, "type") == 0)
		return sd_bus_reply_method_return(m, "v", "s",
			it && it->separator ? "separator" : "standard");
	if (strcmp(name, "children-display") == 0 && !it)
		return sd_bus_reply_method_return(m, "v", "s", "submenu");
	return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS, "menu item %d has no %s", id,
		name);
}

/* A click on an item with an action; returns false for an id that has none. */
static bool click(struct mb_tray *tray, int32_t id, const char *event)
{
	if (id <= 0 || id > ITEM_COUNT)
		return false;
	if (strcmp(event, "clicked") != 0 || items[id - 1].action == NO_ACTION)
		return true;
	if (tray->listener && tray->listener->action)
		tray->listener->action(tray->data, (enum mb_tray_action)items[id - 1].action);
	return true;
}

static int method_event(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_tray *tray = data;
	int32_t id;
	const char *event;
	uint32_t timestamp;
	int r = sd_bus_message_read(m, "is", &id, &event);
	if (r >= 0)
		r = sd_bus_message_skip(m, "v");
	if (r >= 0)
		r = sd_bus_message_read(m, "u", &timestamp);
	if (r < 0)
		return r;
	if (!is_known(id))
		return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS, "no menu item %d", id);
	/* The answer first: Quit ends the loop, and a click may take a moment. */
	char copy[32];
	snprintf(copy, sizeof(copy), "%s", event);
	r = sd_bus_reply_method_return(m, "");
	click(tray, id, copy);
	return r;
}

static int method_event_group(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_tray *tray = data;
	/* At most the menu's items, each clicked once: the rest are dropped. */
	struct {
		int32_t id;
		char event[32];
	} events[ITEM_COUNT + 1];
	int32_t errors[ITEM_COUNT + 1];
	size_t n = 0, n_errors = 0;
	int r = sd_bus_message_enter_container(m, 'a', "(isvu)");
	while (r >= 0) {
		int32_t id;
		const char *event;
		uint32_t timestamp;
		r = sd_bus_message_enter_container(m, 'r', "isvu");
		if (r <= 0)
			break;
		r = sd_bus_message_read(m, "is", &id, &event);
		if (r >= 0)
			r = sd_bus_message_skip(m, "v");
		if (r >= 0)
			r = sd_bus_message_read(m, "u", &timestamp);
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
		if (r < 0)
			break;
		if (!is_known(id)) {
			if (n_errors < sizeof(errors) / sizeof(errors[0]))
				errors[n_errors++] = id;
		} else if (n < sizeof(events) / sizeof(events[0])) {
			events[n].id = id;
			snprintf(events[n].event, sizeof(events[n].event), "%s", event);
			n++;
		}
	}
	if (r < 0)
		return r;
	r = sd_bus_message_exit_container(m);
	if (r < 0)
		return r;
	sd_bus_message *reply = NULL;
	r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = sd_bus_message_append_array(reply, 'i', errors, n_errors * sizeof(errors[0]));
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	for (size_t i = 0; i < n; i++)
		click(tray, events[i].id, events[i].event);
	return r;
}

/* Whether the host's copy is out of date: the first line says the time, so it often is. */
static bool needs_update(struct mb_tray *tray)
{
	struct mb_tray_state st;
	mb_tray_state_now(tray, &st);
	return memcmp(&st, &tray->served, sizeof(st)) != 0;
}

static int method_about_to_show(sd_bus_message *m, void *data, sd_bus_error *error)
{
	int32_t id;
	int r = sd_bus_message_read(m, "i", &id);
	if (r < 0)
		return r;
	if (!is_known(id))
		return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS, "no menu item %d", id);
	return sd_bus_reply_method_return(m, "b", id == 0 && needs_update(data));
}

static int method_about_to_show_group(sd_bus_message *m, void *data, sd_bus_error *error)
{
	const void *ids = NULL;
	size_t size = 0;
	int r = sd_bus_message_read_array(m, 'i', &ids, &size);
	if (r < 0)
		return r;
	int32_t updates[1], errors[ITEM_COUNT + 1];
	size_t n_updates = 0, n_errors = 0;
	bool stale = needs_update(data);
	for (size_t i = 0; i < size / sizeof(int32_t); i++) {
		int32_t id;
		memcpy(&id, (const char *)ids + i * sizeof(id), sizeof(id));
		if (!is_known(id) && n_errors < sizeof(errors) / sizeof(errors[0]))
			errors[n_errors++] = id;
		else if (id == 0 && stale && n_updates == 0)
			updates[n_updates++] = 0;
	}
	sd_bus_message *reply = NULL;
	r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = sd_bus_message_append_array(reply, 'i', updates,
			n_updates * sizeof(updates[0]));
	if (r >= 0)
		r = sd_bus_message_append_array(reply, 'i', errors, n_errors * sizeof(errors[0]));
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	return r;
}

static int get_property(sd_bus *bus, const char *path, const char *interface, const char *property,
	sd_bus_message *reply, void *data, sd_bus_error *error)
{
	if (strcmp(property, "Version") == 0)
		return sd_bus_message_append(reply, "u", 3);
	if (strcmp(property, "TextDirection") == 0)
		return sd_bus_message_append(reply, "s", "ltr");
	if (strcmp(property, "Status") == 0)
		return sd_bus_message_append(reply, "s", "normal");
	if (strcmp(property, "IconThemePath") == 0)
		return sd_bus_message_append(reply, "as", 0);
	return sd_bus_error_setf(error, SD_BUS_ERROR_UNKNOWN_PROPERTY, "no property %s", property);
}

static const sd_bus_vtable menu_vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_METHOD_WITH_ARGS("GetLayout",
		SD_BUS_ARGS("i", parent_id, "i", recursion_depth, "as", property_names),
		SD_BUS_RESULT("u", revision, "(ia{sv}av)", layout), method_get_layout,
		SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("GetGroupProperties", SD_BUS_ARGS("ai", ids, "as", property_names),
		SD_BUS_RESULT("a(ia{sv})", properties), method_get_group_properties,
		SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("GetProperty", SD_BUS_ARGS("i", id, "s", name),
		SD_BUS_RESULT("v", value), method_get_property, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Event",
		SD_BUS_ARGS("i", id, "s", event_id, "v", data, "u", timestamp), SD_BUS_NO_RESULT,
		method_event, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("EventGroup", SD_BUS_ARGS("a(isvu)", events),
		SD_BUS_RESULT("ai", id_errors), method_event_group, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("AboutToShow", SD_BUS_ARGS("i", id),
		SD_BUS_RESULT("b", need_update), method_about_to_show, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("AboutToShowGroup", SD_BUS_ARGS("ai", ids),
		SD_BUS_RESULT("ai", updates_needed, "ai", id_errors), method_about_to_show_group,
		SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_PROPERTY("Version", "u", get_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_PROPERTY("TextDirection", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_PROPERTY("Status", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_PROPERTY("IconThemePath", "as", get_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_SIGNAL_WITH_ARGS("ItemsPropertiesUpdated",
		SD_BUS_ARGS("a(ia{sv})", updated_props, "a(ias)", removed_props), 0),
	SD_BUS_SIGNAL_WITH_ARGS("LayoutUpdated", SD_BUS_ARGS("u", revision, "i", parent), 0),
	SD_BUS_SIGNAL_WITH_ARGS("ItemActivationRequested", SD_BUS_ARGS("i", id, "u", timestamp), 0),
	SD_BUS_VTABLE_END,
};

int mb_tray_menu_add(struct mb_tray *tray)
{
	return sd_bus_add_object_vtable(tray->bus, &tray->menu_slot, MB_TRAY_MENU_PATH, MENU_IFACE,
		menu_vtable, tray);
}

void mb_tray_menu_changed(struct mb_tray *tray)
{
	tray->revision++;
	int r = sd_bus_emit_signal(tray->bus, MB_TRAY_MENU_PATH, MENU_IFACE, "LayoutUpdated", "ui",
		tray->revision, (int32_t)0);
	if (r < 0)
		mb_tray_say(tray, "cannot send LayoutUpdated: %s", strerror(-r));
}

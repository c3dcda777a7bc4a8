/* Tests for the tray item and its menu, read over a private bus with a fake listener. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include <cmocka.h>

#include "desktop/tray.h"

/* Runs under dbus-run-session with tests/data/dbus/bare-session.conf: no watcher is there. */
struct fixture {
	sd_event *loop;
	sd_bus *server, *client;
	struct mb_tray *tray;
	struct mb_tray_state state;
	int reads, actions, last_action, logs;
	char log[256];
	sd_bus_message *reply;
};

static void fake_state(void *data, struct mb_tray_state *st)
{
	struct fixture *fx = data;
	fx->reads++;
	*st = fx->state;
}

static void fake_action(void *data, enum mb_tray_action action)
{
	struct fixture *fx = data;
	fx->actions++;
	fx->last_action = (int)action;
}

static void fake_log(void *data, const char *line)
{
	struct fixture *fx = data;
	fx->logs++;
	snprintf(fx->log, sizeof(fx->log), "%s", line);
}

static const struct mb_tray_listener fake = {
	.state = fake_state,
	.action = fake_action,
	.log = fake_log,
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	if (!fx || sd_event_new(&fx->loop) < 0 || sd_bus_open_user(&fx->server) < 0 ||
		sd_bus_open_user(&fx->client) < 0 ||
		sd_bus_attach_event(fx->server, fx->loop, 0) < 0 ||
		sd_bus_attach_event(fx->client, fx->loop, 0) < 0)
		return -1;
	snprintf(fx->state.line, sizeof(fx->state.line), "Next movement break in 12 min");
	char why[256];
	fx->tray = mb_tray_create(fx->server, "", &fake, fx, why, sizeof(why));
	if (!fx->tray)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	mb_tray_destroy(fx->tray);
	sd_bus_message_unref(fx->reply);
	sd_bus_flush_close_unref(fx->client);
	sd_bus_flush_close_unref(fx->server);
	sd_event_unref(fx->loop);
	free(fx);
	return 0;
}

static int got_reply(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct fixture *fx = data;
	fx->reply = sd_bus_message_ref(m);
	return 0;
}

/* Send m from the client and run the loop until the tray answers; the answer is fx->reply. */
static void call(struct fixture *fx, sd_bus_message *m)
{
	sd_bus_message_unref(fx->reply);
	fx->reply = NULL;
	assert_true(sd_bus_call_async(fx->client, NULL, m, got_reply, fx, 0) >= 0);
	sd_bus_message_unref(m);
	for (int i = 0; i < 200 && !fx->reply; i++)
		sd_event_run(fx->loop, 50000);
	assert_non_null(fx->reply);
	assert_false(sd_bus_message_is_method_error(fx->reply, NULL));
}

static sd_bus_message *new_call(struct fixture *fx, const char *path, const char *iface,
	const char *member)
{
	const char *me = NULL;
	sd_bus_get_unique_name(fx->server, &me);
	sd_bus_message *m = NULL;
	assert_true(sd_bus_message_new_method_call(fx->client, &m, me, path, iface, member) >= 0);
	return m;
}

struct entry {
	int32_t id;
	char label[128];
	bool visible, enabled, separator;
};

/* GetLayout of the root, flattened into entries; returns how many. */
static size_t layout(struct fixture *fx, struct entry *out, size_t max)
{
	sd_bus_message *m = new_call(fx, MB_TRAY_MENU_PATH, "com.canonical.dbusmenu", "GetLayout");
	assert_true(sd_bus_message_append(m, "iias", 0, -1, 0) >= 0);
	call(fx, m);
	sd_bus_message *r = fx->reply;
	uint32_t revision;
	int32_t id;
	assert_true(sd_bus_message_read(r, "u", &revision) > 0);
	assert_true(sd_bus_message_enter_container(r, 'r', "ia{sv}av") > 0);
	assert_true(sd_bus_message_read(r, "i", &id) > 0);
	assert_true(sd_bus_message_skip(r, "a{sv}") >= 0);
	assert_true(sd_bus_message_enter_container(r, 'a', "v") > 0);
	size_t n = 0;
	while (n < max && sd_bus_message_enter_container(r, 'v', "(ia{sv}av)") > 0) {
		struct entry *e = &out[n++];
		*e = (struct entry){ .visible = true, .enabled = true };
		assert_true(sd_bus_message_enter_container(r, 'r', "ia{sv}av") > 0);
		assert_true(sd_bus_message_read(r, "i", &e->id) > 0);
		assert_true(sd_bus_message_enter_container(r, 'a', "{sv}") > 0);
		while (sd_bus_message_enter_container(r, 'e', "sv") > 0) {
			const char *key, *s;
			int b;
			assert_true(sd_bus_message_read(r, "s", &key) > 0);
			if (strcmp(key, "label") == 0 && sd_bus_message_read(r, "v", "s", &s) > 0)
				snprintf(e->label, sizeof(e->label), "%s", s);
			else if (strcmp(key, "type") == 0 &&
				sd_bus_message_read(r, "v", "s", &s) > 0)
				e->separator = strcmp(s, "separator") == 0;
			else if (strcmp(key, "visible") == 0 &&
				sd_bus_message_read(r, "v", "b", &b) > 0)
				e->visible = b;
			else if (strcmp(key, "enabled") == 0 &&
				sd_bus_message_read(r, "v", "b", &b) > 0)
				e->enabled = b;
			else
				assert_true(sd_bus_message_skip(r, "v") >= 0);
			assert_true(sd_bus_message_exit_container(r) >= 0);
		}
		assert_true(sd_bus_message_exit_container(r) >= 0);
		assert_true(sd_bus_message_skip(r, "av") >= 0);
		assert_true(sd_bus_message_exit_container(r) >= 0);
		assert_true(sd_bus_message_exit_container(r) >= 0);
	}
	return n;
}

static const struct entry *find(const struct entry *e, size_t n, const char *label)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].label, label) == 0)
			return &e[i];
	fail_msg("no menu item '%s'", label);
	return NULL;
}

static void layout_idle_shows_next_break_first_and_hides_answers(void **state)
{
	struct fixture *fx = *state;
	struct entry e[32];
	size_t n = layout(fx, e, 32);
	assert_true(n >= 11);
	assert_string_equal(e[0].label, "Next movement break in 12 min");
	assert_false(e[0].enabled);
	assert_true(find(e, n, "Take a movement break now")->visible);
	assert_true(find(e, n, "Take a micro-reset now")->visible);
	assert_false(find(e, n, "Postpone 5 minutes")->visible);
	assert_false(find(e, n, "Skip")->visible);
	assert_true(find(e, n, "Pause until tomorrow")->visible);
	assert_false(find(e, n, "Resume")->visible);
	assert_true(find(e, n, "Open movebreak")->visible);
	assert_true(find(e, n, "Quit")->visible);
}

static void layout_prompted_shows_postpone_and_skip(void **state)
{
	struct fixture *fx = *state;
	fx->state.prompted = true;
	snprintf(fx->state.line, sizeof(fx->state.line), "Movement break due");
	struct entry e[32];
	size_t n = layout(fx, e, 32);
	assert_string_equal(e[0].label, "Movement break due");
	assert_true(find(e, n, "Postpone 5 minutes")->visible);
	assert_true(find(e, n, "Skip")->visible);
}

static void layout_paused_shows_resume_and_hides_pauses(void **state)
{
	struct fixture *fx = *state;
	fx->state.paused = true;
	struct entry e[32];
	size_t n = layout(fx, e, 32);
	assert_true(find(e, n, "Resume")->visible);
	assert_false(find(e, n, "Pause for 30 minutes")->visible);
	assert_false(find(e, n, "Pause for an hour")->visible);
	assert_false(find(e, n, "Pause until tomorrow")->visible);
}

static const char *tooltip(struct fixture *fx, char *out, size_t len)
{
	sd_bus_message *m = new_call(fx, MB_TRAY_ITEM_PATH, "org.freedesktop.DBus.Properties",
		"Get");
	assert_true(sd_bus_message_append(m, "ss", "org.kde.StatusNotifierItem", "ToolTip") >= 0);
	call(fx, m);
	const char *icon, *title, *text;
	assert_true(sd_bus_message_enter_container(fx->reply, 'v', "(sa(iiay)ss)") > 0);
	assert_true(sd_bus_message_enter_container(fx->reply, 'r', "sa(iiay)ss") > 0);
	assert_true(sd_bus_message_read(fx->reply, "s", &icon) > 0);
	assert_true(sd_bus_message_skip(fx->reply, "a(iiay)") >= 0);
	assert_true(sd_bus_message_read(fx->reply, "ss", &title, &text) > 0);
	assert_string_equal(title, "movebreak");
	snprintf(out, len, "%s", text);
	return out;
}

static void tooltip_is_worked_out_at_each_read(void **state)
{
	struct fixture *fx = *state;
	char text[128];
	assert_string_equal(tooltip(fx, text, sizeof(text)), "Next movement break in 12 min");
	snprintf(fx->state.line, sizeof(fx->state.line), "Next movement break in 11 min");
	assert_string_equal(tooltip(fx, text, sizeof(text)), "Next movement break in 11 min");
}

static void about_to_show_wants_an_update_when_the_line_moved(void **state)
{
	struct fixture *fx = *state;
	struct entry e[32];
	layout(fx, e, 32);
	sd_bus_message *m = new_call(fx, MB_TRAY_MENU_PATH, "com.canonical.dbusmenu",
		"AboutToShow");
	assert_true(sd_bus_message_append(m, "i", 0) >= 0);
	call(fx, m);
	int need;
	assert_true(sd_bus_message_read(fx->reply, "b", &need) > 0);
	assert_false(need);
	snprintf(fx->state.line, sizeof(fx->state.line), "Next movement break in 11 min");
	m = new_call(fx, MB_TRAY_MENU_PATH, "com.canonical.dbusmenu", "AboutToShow");
	assert_true(sd_bus_message_append(m, "i", 0) >= 0);
	call(fx, m);
	assert_true(sd_bus_message_read(fx->reply, "b", &need) > 0);
	assert_true(need);
}

static void click_on_pause_reports_its_action(void **state)
{
	struct fixture *fx = *state;
	struct entry e[32];
	size_t n = layout(fx, e, 32);
	int32_t id = find(e, n, "Pause for an hour")->id;
	sd_bus_message *m = new_call(fx, MB_TRAY_MENU_PATH, "com.canonical.dbusmenu", "Event");
	assert_true(sd_bus_message_append(m, "isvu", id, "clicked", "i", 0, 0) >= 0);
	call(fx, m);
	assert_int_equal(fx->actions, 1);
	assert_int_equal(fx->last_action, MB_TRAY_PAUSE_1H);
	/* The first line does nothing when clicked. */
	m = new_call(fx, MB_TRAY_MENU_PATH, "com.canonical.dbusmenu", "Event");
	assert_true(sd_bus_message_append(m, "isvu", e[0].id, "clicked", "i", 0, 0) >= 0);
	call(fx, m);
	assert_int_equal(fx->actions, 1);
}

static void no_watcher_is_said_once(void **state)
{
	struct fixture *fx = *state;
	for (int i = 0; i < 40 && fx->logs == 0; i++)
		sd_event_run(fx->loop, 50000);
	assert_int_equal(fx->logs, 1);
	assert_non_null(strstr(fx->log, "no StatusNotifierWatcher"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(layout_idle_shows_next_break_first_and_hides_answers,
			setup, teardown),
		cmocka_unit_test_setup_teardown(layout_prompted_shows_postpone_and_skip, setup,
			teardown),
		cmocka_unit_test_setup_teardown(layout_paused_shows_resume_and_hides_pauses, setup,
			teardown),
		cmocka_unit_test_setup_teardown(tooltip_is_worked_out_at_each_read, setup,
			teardown),
		cmocka_unit_test_setup_teardown(about_to_show_wants_an_update_when_the_line_moved,
			setup, teardown),
		cmocka_unit_test_setup_teardown(click_on_pause_reports_its_action, setup, teardown),
		cmocka_unit_test_setup_teardown(no_watcher_is_said_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

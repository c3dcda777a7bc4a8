/* Tests for the do-not-disturb sources; with "watch" it prints what they report, for test-dnd.py. */
#include <errno.h>
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
#include <unistd.h>

#include <cmocka.h>

#include "desktop/dnd.h"
#include "tests/fakes/fakes.h"

/*
 * Unit mode runs on a private session bus with nothing on it (dbus-run-session
 * with tests/data/dbus/bare-session.conf), which stands in for both buses.
 */
struct fixture {
	sd_event *loop;
	sd_bus *bus;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	if (!fx || sd_event_new(&fx->loop) < 0 || sd_bus_open_user(&fx->bus) < 0)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	sd_bus_flush_close_unref(fx->bus);
	sd_event_unref(fx->loop);
	free(fx);
	return 0;
}

static void changed_never(void *data, const char *name, bool on)
{
	fail_msg("unexpected change from %s", name);
}

static const struct mb_dnd_listener never = { .changed = changed_never };

static void inhibit_without_logind_is_null_with_reason(void **state)
{
	struct fixture *fx = *state;
	char why[256] = "";
	struct mb_dnd_source *source = mb_dnd_inhibit_create(fx->loop, fx->bus, &never, NULL, why,
		sizeof(why));
	assert_null(source);
	assert_non_null(strstr(why, "logind"));
}

static void gnome_without_portal_is_null_with_reason(void **state)
{
	struct fixture *fx = *state;
	char why[256] = "";
	struct mb_dnd_source *source = mb_dnd_gnome_create(fx->loop, fx->bus, &never, NULL, why,
		sizeof(why));
	assert_null(source);
	assert_non_null(strstr(why, "portal"));
}

static void session_without_services_is_null_with_reason(void **state)
{
	struct fixture *fx = *state;
	char why[256] = "";
	struct mb_dnd_source *source = mb_dnd_session_create(fx->loop, fx->bus, &never, NULL, why,
		sizeof(why));
	assert_null(source);
	assert_non_null(strstr(why, "org.gnome.SessionManager"));
	assert_non_null(strstr(why, "org.freedesktop.PowerManagement"));
}

static void destroy_null_is_a_no_op(void **state)
{
	mb_dnd_source_destroy(NULL);
}

/* What a listener heard, in order. */
struct heard {
	char names[8][16];
	bool on[8];
	int len;
};

static void changed_record(void *data, const char *name, bool on)
{
	struct heard *heard = data;
	assert_true(heard->len < 8);
	snprintf(heard->names[heard->len], sizeof(heard->names[0]), "%s", name);
	heard->on[heard->len++] = on;
}

static const struct mb_dnd_listener recorder = { .changed = changed_record };

static void fake_reports_changes_only(void **state)
{
	struct heard heard = { 0 };
	struct mb_dnd_source *source = mb_dnd_fake_create(true, &recorder, &heard);
	assert_non_null(source);
	assert_true(source->on);
	mb_dnd_fake_set(source, true);
	mb_dnd_fake_set(source, false);
	mb_dnd_fake_set(source, false);
	mb_dnd_fake_set(source, true);
	assert_int_equal(heard.len, 2);
	assert_string_equal(heard.names[0], "fake");
	assert_false(heard.on[0]);
	assert_true(heard.on[1]);
	assert_true(source->on);
	mb_dnd_source_destroy(source);
}

static int run_unit(void)
{
	if (!getenv("DBUS_SESSION_BUS_ADDRESS")) {
		fprintf(stderr, "SKIP: no private session bus; run under dbus-run-session\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(inhibit_without_logind_is_null_with_reason, setup,
			teardown),
		cmocka_unit_test_setup_teardown(gnome_without_portal_is_null_with_reason, setup,
			teardown),
		cmocka_unit_test_setup_teardown(session_without_services_is_null_with_reason, setup,
			teardown),
		cmocka_unit_test(destroy_null_is_a_no_op),
		cmocka_unit_test(fake_reports_changes_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Watch mode: one line per report, flushed, until stdin closes. */
static void print_changed(void *data, const char *name, bool on)
{
	printf("%s %s\n", name, on ? "on" : "off");
	fflush(stdout);
}

static const struct mb_dnd_listener printer = { .changed = print_changed };

static int handle_stdin(sd_event_source *s, int fd, uint32_t revents, void *data)
{
	char buf[256];
	if (read(fd, buf, sizeof(buf)) <= 0)
		sd_event_exit(sd_event_source_get_event(s), 0);
	return 0;
}

static struct mb_dnd_source *report_start(struct mb_dnd_source *source, const char *name,
	const char *why)
{
	if (source)
		printf("%s initial %s\n", name, source->on ? "on" : "off");
	else
		printf("%s unavailable: %s\n", name, why);
	fflush(stdout);
	return source;
}

static int run_watch(void)
{
	sd_event *loop = NULL;
	sd_bus *system = NULL, *session = NULL;
	sd_event_source *input = NULL;
	int r = sd_event_new(&loop);
	if (r >= 0)
		r = sd_bus_open_system(&system);
	if (r >= 0)
		r = sd_bus_open_user(&session);
	if (r >= 0)
		r = sd_bus_attach_event(system, loop, 0);
	if (r >= 0)
		r = sd_bus_attach_event(session, loop, 0);
	if (r >= 0)
		r = sd_event_add_io(loop, &input, STDIN_FILENO, EPOLLIN, handle_stdin, NULL);
	if (r < 0) {
		fprintf(stderr, "test-dnd: cannot set up: %s\n", strerror(-r));
		return 1;
	}
	char why[256] = "";
	struct mb_dnd_source *inhibit = report_start(mb_dnd_inhibit_create(loop, system, &printer,
							     NULL, why, sizeof(why)),
		"inhibitor", why);
	struct mb_dnd_source *gnome = report_start(mb_dnd_gnome_create(loop, session, &printer,
							   NULL, why, sizeof(why)),
		"desktop", why);
	struct mb_dnd_source *session_inhibitor =
		report_start(mb_dnd_session_create(loop, session, &printer, NULL, why, sizeof(why)),
			"session-inhibitor", why);
	r = sd_event_loop(loop);
	mb_dnd_source_destroy(session_inhibitor);
	mb_dnd_source_destroy(gnome);
	mb_dnd_source_destroy(inhibit);
	sd_event_source_unref(input);
	sd_bus_flush_close_unref(session);
	sd_bus_flush_close_unref(system);
	sd_event_unref(loop);
	return r < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "watch") == 0)
		return run_watch();
	return run_unit();
}

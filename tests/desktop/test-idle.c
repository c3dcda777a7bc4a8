/* The activity sources that need no desktop: fake, none, and x11's refusal without a display. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <systemd/sd-event.h>

#include "desktop/idle.h"
#include "tests/fakes/fakes.h"

struct heard {
	int idle, active;
	int64_t last_us;
};

static void on_idle(void *data, int64_t last_input_us)
{
	struct heard *h = data;
	h->idle++;
	h->last_us = last_input_us;
}

static void on_active(void *data, int64_t now_us)
{
	struct heard *h = data;
	h->active++;
	h->last_us = now_us;
}

static const struct mb_idle_listener listener = { .idle = on_idle, .active = on_active };

static void fake_reports_edges_and_drops_repeats(void **state)
{
	struct heard h = { 0 };
	struct mb_idle_source *src = mb_idle_fake_create(2000000, &listener, &h);
	assert_non_null(src);
	assert_string_equal(src->impl->name, "fake");
	mb_idle_fake_report(src, false, 5);
	assert_int_equal(h.active, 0);
	mb_idle_fake_report(src, true, 10);
	mb_idle_fake_report(src, true, 20);
	assert_int_equal(h.idle, 1);
	assert_int_equal(h.last_us, 10);
	mb_idle_fake_report(src, false, 30);
	assert_int_equal(h.active, 1);
	assert_int_equal(h.last_us, 30);
	mb_idle_source_destroy(src);
}

static void none_is_named_and_fake_reports_ignore_it(void **state)
{
	struct heard h = { 0 };
	struct mb_idle_source *src = mb_idle_none_create(&listener, &h);
	assert_non_null(src);
	assert_string_equal(src->impl->name, "none");
	mb_idle_fake_report(src, true, 10);
	assert_int_equal(h.idle, 0);
	mb_idle_source_destroy(src);
	mb_idle_source_destroy(NULL);
}

static void x11_without_display_says_why(void **state)
{
	unsetenv("DISPLAY");
	sd_event *loop = NULL;
	assert_true(sd_event_new(&loop) >= 0);
	struct heard h = { 0 };
	char why[128] = "";
	assert_null(mb_idle_x11sync_create(loop, 2000000, &listener, &h, why, sizeof(why)));
	assert_string_equal(why, "DISPLAY is not set");
	setenv("DISPLAY", ":12345", 1);
	assert_null(mb_idle_x11sync_create(loop, 2000000, &listener, &h, why, sizeof(why)));
	assert_string_equal(why, "cannot open display :12345");
	sd_event_unref(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fake_reports_edges_and_drops_repeats),
		cmocka_unit_test(none_is_named_and_fake_reports_ignore_it),
		cmocka_unit_test(x11_without_display_says_why),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The notifiers every desktop can run: none shows nothing, the fake records and answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "desktop/notify.h"
#include "tests/fakes/fakes.h"

struct answers {
	unsigned count;
	enum mb_notify_action last;
};

static void on_action(void *data, enum mb_notify_action action)
{
	struct answers *a = data;
	a->count++;
	a->last = action;
}

static const struct mb_notify_listener listener = { .action = on_action };

static void none_shows_nothing_and_succeeds(void **state)
{
	struct mb_notifier *n = mb_notifier_none_create();
	assert_non_null(n);
	assert_string_equal(n->impl->name, "none");
	assert_int_equal(mb_notifier_show(n, "Time to move", "Shoulder reset"), 0);
	mb_notifier_close(n);
	mb_notifier_destroy(n);
}

static void null_notifier_is_refused_or_ignored(void **state)
{
	assert_int_equal(mb_notifier_show(NULL, "a", "b"), -22);
	mb_notifier_close(NULL);
	mb_notifier_destroy(NULL);
}

static void fake_keeps_the_last_prompt(void **state)
{
	struct answers a = { 0 };
	struct mb_notifier *n = mb_notifier_fake_create(&listener, &a);
	assert_int_equal(mb_notifier_show(n, "Time to move", "day 2: 1 of 3"), 0);
	assert_int_equal(mb_notifier_show(n, "Still time to move", "reminder"), 0);
	const struct mb_notifier_fake_state *s = mb_notifier_fake_state(n);
	assert_int_equal(s->shown, 2);
	assert_true(s->showing);
	assert_string_equal(s->title, "Still time to move");
	assert_string_equal(s->body, "reminder");
	mb_notifier_close(n);
	assert_false(s->showing);
	assert_int_equal(s->closed, 1);
	/* Closing what is not showing counts nothing. */
	mb_notifier_close(n);
	assert_int_equal(s->closed, 1);
	assert_int_equal(a.count, 0);
	mb_notifier_destroy(n);
}

static void fake_answers_through_the_listener_once(void **state)
{
	struct answers a = { 0 };
	struct mb_notifier *n = mb_notifier_fake_create(&listener, &a);
	assert_int_equal(mb_notifier_fake_answer(n, MB_NOTIFY_START), -1);
	assert_int_equal(a.count, 0);
	mb_notifier_show(n, "Time to move", "");
	assert_int_equal(mb_notifier_fake_answer(n, MB_NOTIFY_POSTPONE), 0);
	assert_int_equal(a.count, 1);
	assert_int_equal(a.last, MB_NOTIFY_POSTPONE);
	/* The answered bubble is gone: a second click answers nothing. */
	assert_int_equal(mb_notifier_fake_answer(n, MB_NOTIFY_SKIP), -1);
	assert_int_equal(a.count, 1);
	mb_notifier_destroy(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(none_shows_nothing_and_succeeds),
		cmocka_unit_test(null_notifier_is_refused_or_ignored),
		cmocka_unit_test(fake_keeps_the_last_prompt),
		cmocka_unit_test(fake_answers_through_the_listener_once),
	};
	return cmocka_run_group_tests_name("platform-notify", tests, NULL, NULL);
}

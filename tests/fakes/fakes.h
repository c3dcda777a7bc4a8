/* Fakes of the adapters for tests: each reports or keeps what the test tells it. */
#ifndef MB_TESTS_FAKES_H
#define MB_TESTS_FAKES_H

#include <stdbool.h>
#include <stdint.h>

#include "desktop/dnd.h"
#include "desktop/idle.h"
#include "desktop/notify.h"
#include "platform/store.h"

/** "fake": a source that starts as on and reports what a test tells it through mb_dnd_fake_set(). */
struct mb_dnd_source *mb_dnd_fake_create(bool on, const struct mb_dnd_listener *listener,
	void *data);

/** Switch a fake source; the listener hears it if it changed. Ignores any other source. */
void mb_dnd_fake_set(struct mb_dnd_source *source, bool on);

/** A source that reports what a test tells it to, through mb_idle_fake_report(). */
struct mb_idle_source *mb_idle_fake_create(int64_t threshold_us,
	const struct mb_idle_listener *listener, void *data);

/**
 * Make a fake source report: idle since t_us (the last input), or input
 * again at t_us. A report that repeats the current state is dropped, as a
 * real source never sends one. Does nothing for another kind of source.
 */
void mb_idle_fake_report(struct mb_idle_source *source, bool idle, int64_t t_us);

/** What the fake notifier was asked to do, for tests. */
struct mb_notifier_fake_state {
	/* Prompts shown, and prompts withdrawn while showing. */
	unsigned shown, closed;
	bool showing;
	/* The last prompt shown, cut to fit. */
	char title[128], body[512];
};

/** Keeps what it is asked to show and answers only through mb_notifier_fake_answer(). */
struct mb_notifier *mb_notifier_fake_create(const struct mb_notify_listener *listener, void *data);
/** The fake's record. The notifier must come from mb_notifier_fake_create(). */
const struct mb_notifier_fake_state *mb_notifier_fake_state(struct mb_notifier *notifier);
/**
 * Answer the showing prompt as a click on action would, calling the
 * listener. Returns 0, or -1 when no prompt is showing (nothing happens).
 */
int mb_notifier_fake_answer(struct mb_notifier *notifier, enum mb_notify_action action);

/** A store that keeps records in memory, for tests. */
struct mb_store *mb_store_fake_create(void);

#endif

/* A notifier that keeps what it was asked to show, and answers when a test says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desktop/notify.h"
#include "tests/fakes/fakes.h"

struct fake_notifier {
	struct mb_notifier base;
	struct mb_notifier_fake_state state;
};

static const struct mb_notifier_impl impl;

static struct fake_notifier *fake_from_notifier(struct mb_notifier *notifier)
{
	if (notifier->impl != &impl)
		abort();
	return (struct fake_notifier *)notifier;
}

static int show(struct mb_notifier *notifier, const char *title, const char *body)
{
	struct fake_notifier *fake = fake_from_notifier(notifier);
	fake->state.shown++;
	fake->state.showing = true;
	snprintf(fake->state.title, sizeof(fake->state.title), "%s", title);
	snprintf(fake->state.body, sizeof(fake->state.body), "%s", body);
	return 0;
}

static void close_prompt(struct mb_notifier *notifier)
{
	struct fake_notifier *fake = fake_from_notifier(notifier);
	if (fake->state.showing)
		fake->state.closed++;
	fake->state.showing = false;
}

static void destroy(struct mb_notifier *notifier)
{
	free(fake_from_notifier(notifier));
}

static const struct mb_notifier_impl impl = {
	.name = "fake",
	.show = show,
	.close = close_prompt,
	.destroy = destroy,
};

struct mb_notifier *mb_notifier_fake_create(const struct mb_notify_listener *listener, void *data)
{
	struct fake_notifier *fake = calloc(1, sizeof(*fake));
	if (!fake)
		return NULL;
	fake->base.impl = &impl;
	fake->base.listener = listener;
	fake->base.data = data;
	return &fake->base;
}

const struct mb_notifier_fake_state *mb_notifier_fake_state(struct mb_notifier *notifier)
{
	return &fake_from_notifier(notifier)->state;
}

int mb_notifier_fake_answer(struct mb_notifier *notifier, enum mb_notify_action action)
{
	struct fake_notifier *fake = fake_from_notifier(notifier);
	if (!fake->state.showing)
		return -1;
	/* As with a real server, an answered bubble is gone. */
	fake->state.showing = false;
	if (fake->base.listener && fake->base.listener->action)
		fake->base.listener->action(fake->base.data, action);
	return 0;
}

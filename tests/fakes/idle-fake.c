/* An activity source driven by the test that made it, for tests of what listens to one. */
#include <stdlib.h>

#include "desktop/idle.h"
#include "tests/fakes/fakes.h"

struct fake_source {
	struct mb_idle_source base;
	bool idle;
};

static void destroy(struct mb_idle_source *source)
{
	free(source);
}

static const struct mb_idle_source_impl impl = {
	.name = "fake",
	.destroy = destroy,
};

struct mb_idle_source *mb_idle_fake_create(int64_t threshold_us,
	const struct mb_idle_listener *listener, void *data)
{
	struct fake_source *fake = calloc(1, sizeof(*fake));
	if (!fake)
		return NULL;
	fake->base.impl = &impl;
	fake->base.listener = listener;
	fake->base.data = data;
	fake->base.threshold_us = threshold_us;
	return &fake->base;
}

void mb_idle_fake_report(struct mb_idle_source *source, bool idle, int64_t t_us)
{
	if (!source || source->impl != &impl)
		return;
	struct fake_source *fake = (struct fake_source *)source;
	if (fake->idle == idle)
		return;
	fake->idle = idle;
	if (idle)
		source->listener->idle(source->data, t_us);
	else
		source->listener->active(source->data, t_us);
}

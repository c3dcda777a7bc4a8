/* A do-not-disturb source driven by the test that made it, for tests of what listens to one. */
#include <stdlib.h>

#include "desktop/dnd.h"
#include "tests/fakes/fakes.h"

static void destroy(struct mb_dnd_source *source)
{
	free(source);
}

static const struct mb_dnd_source_impl impl = {
	.name = "fake",
	.destroy = destroy,
};

struct mb_dnd_source *mb_dnd_fake_create(bool on, const struct mb_dnd_listener *listener,
	void *data)
{
	struct mb_dnd_source *source = calloc(1, sizeof(*source));
	if (!source)
		return NULL;
	source->impl = &impl;
	source->listener = listener;
	source->data = data;
	source->on = on;
	return source;
}

void mb_dnd_fake_set(struct mb_dnd_source *source, bool on)
{
	if (!source || source->impl != &impl || source->on == on)
		return;
	source->on = on;
	if (source->listener && source->listener->changed)
		source->listener->changed(source->data, impl.name, on);
}

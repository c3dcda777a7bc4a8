/* An activity source that sees nothing: the daemon counts wall time as active time. */
#include <stdlib.h>

#include "desktop/idle.h"

static void destroy(struct mb_idle_source *source)
{
	free(source);
}

static const struct mb_idle_source_impl impl = {
	.name = "none",
	.destroy = destroy,
};

struct mb_idle_source *mb_idle_none_create(const struct mb_idle_listener *listener, void *data)
{
	struct mb_idle_source *source = calloc(1, sizeof(*source));
	if (!source)
		return NULL;
	source->impl = &impl;
	source->listener = listener;
	source->data = data;
	return source;
}

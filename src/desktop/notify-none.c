/* A notifier that shows nothing, for desktops without a notification server. */
#include <stdlib.h>

#include "desktop/notify.h"

static int show(struct mb_notifier *notifier, const char *title, const char *body)
{
	/* The prompt still stands on D-Bus and in `movebreak status`. */
	return 0;
}

static void close_prompt(struct mb_notifier *notifier)
{
}

static void destroy(struct mb_notifier *notifier)
{
	free(notifier);
}

static const struct mb_notifier_impl impl = {
	.name = "none",
	.show = show,
	.close = close_prompt,
	.destroy = destroy,
};

struct mb_notifier *mb_notifier_none_create(void)
{
	struct mb_notifier *notifier = calloc(1, sizeof(*notifier));
	if (!notifier)
		return NULL;
	notifier->impl = &impl;
	return notifier;
}

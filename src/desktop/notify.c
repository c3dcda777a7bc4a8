/* The notifiers' dispatch: show, close and destroy through the implementation. */
#include <errno.h>

#include "desktop/notify.h"

int mb_notifier_show(struct mb_notifier *notifier, const char *title, const char *body)
{
	if (!notifier)
		return -EINVAL;
	return notifier->impl->show(notifier, title, body);
}

void mb_notifier_close(struct mb_notifier *notifier)
{
	if (notifier)
		notifier->impl->close(notifier);
}

void mb_notifier_destroy(struct mb_notifier *notifier)
{
	if (notifier)
		notifier->impl->destroy(notifier);
}

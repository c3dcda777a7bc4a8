/* The bus set-up the adapters share. */
#include <stdio.h>
#include <string.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "desktop/bus.h"

int mb_bus_attach(struct sd_bus *bus, struct sd_event *loop, const char *which, char *why,
	size_t why_len)
{
	if (sd_bus_get_event(bus))
		return 0;
	int r = sd_bus_attach_event(bus, loop, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		snprintf(why, why_len, "cannot attach the %s bus to the event loop: %s", which,
			strerror(-r));
	return r;
}

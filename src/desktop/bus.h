/* What every bus adapter does first: put its bus on the daemon's one event loop. */
#ifndef MB_DESKTOP_BUS_H
#define MB_DESKTOP_BUS_H

#include <stddef.h>

struct sd_bus;
struct sd_event;

/**
 * Attach bus to loop unless it is attached already (adapters share one connection). On
 * failure, writes "cannot attach the WHICH bus to the event loop: ..." into why (which is
 * "session" or "system") and returns the negative errno; returns 0 on success.
 */
int mb_bus_attach(struct sd_bus *bus, struct sd_event *loop, const char *which, char *why,
	size_t why_len);

#endif

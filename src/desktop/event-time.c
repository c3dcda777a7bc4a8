/* Event times from the loop's own reading of the clock, taken once per wake-up. */
#include <time.h>

#include <systemd/sd-event.h>

#include "desktop/event-time.h"

static int64_t loop_now(struct sd_event *loop, clockid_t clock)
{
	uint64_t usec;
	if (loop && sd_event_now(loop, clock, &usec) >= 0)
		return (int64_t)usec;
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t mb_event_now_us(struct sd_event *loop)
{
	return loop_now(loop, CLOCK_BOOTTIME);
}

int64_t mb_event_now_monotonic_us(struct sd_event *loop)
{
	return loop_now(loop, CLOCK_MONOTONIC);
}

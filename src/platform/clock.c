/* System clock readings. */
#include "platform/clock.h"

static int64_t read_clock(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t mb_clock_monotonic_us(void)
{
	return read_clock(CLOCK_MONOTONIC);
}

int64_t mb_clock_boottime_us(void)
{
	return read_clock(CLOCK_BOOTTIME);
}

int64_t mb_clock_wall_us(void)
{
	return read_clock(CLOCK_REALTIME);
}

struct timespec mb_clock_timespec(int64_t us)
{
	if (us < 0)
		us = 0;
	return (struct timespec){ .tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000 };
}

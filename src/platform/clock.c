/* System clock readings. */
#include <string.h>

#include "core/date.h"
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

void mb_clock_local(int64_t wall_us, struct mb_local_time *local, int64_t *day)
{
	time_t t = (time_t)(wall_us / 1000000);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	local->weekday = (tm.tm_wday + 6) % 7;
	local->day_us = ((int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) * 1000000 +
		wall_us % 1000000;
	*day = mb_date_days(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
}

struct timespec mb_clock_timespec(int64_t us)
{
	if (us < 0)
		us = 0;
	return (struct timespec){ .tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000 };
}

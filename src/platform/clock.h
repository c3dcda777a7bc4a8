/* Reading the system clocks, in the microseconds the core takes. */
#ifndef MB_PLATFORM_CLOCK_H
#define MB_PLATFORM_CLOCK_H

#include <stdint.h>
#include <time.h>

#include "core/scheduler.h"

/** Microseconds of CLOCK_MONOTONIC: for deadlines and durations. */
int64_t mb_clock_monotonic_us(void);

/**
 * Microseconds of CLOCK_BOOTTIME: like the monotonic clock, but counting the
 * time the machine slept. For how long something took by the wall, immune to
 * steps of the wall clock.
 */
int64_t mb_clock_boottime_us(void);

/** Microseconds since the epoch of CLOCK_REALTIME: for history and day boundaries. */
int64_t mb_clock_wall_us(void);

/**
 * The local time (weekday, time of day) and local day (days since
 * 1970-01-01) of the wall-clock time wall_us, by the TZ rules.
 */
void mb_clock_local(int64_t wall_us, struct mb_local_time *local, int64_t *day);

/** Convert microseconds to a timespec (negative values become zero). */
struct timespec mb_clock_timespec(int64_t us);

#endif

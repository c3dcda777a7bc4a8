/* Reading the system clocks, in the microseconds the core takes. */
#ifndef MB_PLATFORM_CLOCK_H
#define MB_PLATFORM_CLOCK_H

#include <stdint.h>
#include <time.h>

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

/** Convert microseconds to a timespec (negative values become zero). */
struct timespec mb_clock_timespec(int64_t us);

#endif

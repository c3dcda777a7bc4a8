/* The time of the event being handled, as the adapters stamp what they report. */
#ifndef MB_DESKTOP_EVENT_TIME_H
#define MB_DESKTOP_EVENT_TIME_H

#include <stdint.h>

struct sd_event;

/**
 * CLOCK_BOOTTIME microseconds at which loop last woke up (sd_event_now): one
 * reading for everything handled in that wake-up. Before the loop first
 * runs, or with loop NULL, the clock as it reads now.
 */
int64_t mb_event_now_us(struct sd_event *loop);

/** The same for CLOCK_MONOTONIC, to translate times others stamp on it. */
int64_t mb_event_now_monotonic_us(struct sd_event *loop);

#endif

/* Suspend and resume, as logind announces them. */
#ifndef MB_DESKTOP_SLEEP_H
#define MB_DESKTOP_SLEEP_H

#include <stddef.h>
#include <stdint.h>

struct sd_bus;
struct sd_event;

/** Suspend and resume, from logind's PrepareForSleep. Times are CLOCK_BOOTTIME microseconds. */
struct mb_sleep_listener {
	/** The machine is about to sleep; the delay inhibitor is released after this returns. */
	void (*suspend)(void *data, int64_t now_us);
	/** The machine woke up. */
	void (*resume)(void *data, int64_t now_us);
};

struct mb_sleep_watch;

/**
 * Watch logind on the system bus for PrepareForSleep, holding a "delay"
 * sleep inhibitor so the daemon can note the moment before the machine
 * sleeps. Returns NULL with a reason in why when logind is not there.
 */
struct mb_sleep_watch *mb_sleep_logind_create(struct sd_event *loop, struct sd_bus *system,
	const struct mb_sleep_listener *listener, void *data, char *why, size_t why_len);
/** Stop watching and release the inhibitor; nothing is reported after this. NULL-safe. */
void mb_sleep_watch_destroy(struct mb_sleep_watch *watch);

#endif

/* Session events from the system: suspend and resume, and do-not-disturb sources. */
#ifndef MB_PLATFORM_SESSION_H
#define MB_PLATFORM_SESSION_H

#include <stdbool.h>
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
void mb_sleep_watch_destroy(struct mb_sleep_watch *watch);

/** A do-not-disturb source (full screen, an idle inhibitor, a call, the desktop's switch). */
struct mb_dnd_listener {
	/** The source's state changed; name is the source's name ("fullscreen"). */
	void (*changed)(void *data, const char *name, bool on);
};

struct mb_dnd_source;

struct mb_dnd_source_impl {
	const char *name;
	void (*destroy)(struct mb_dnd_source *source);
};

struct mb_dnd_source {
	const struct mb_dnd_source_impl *impl;
	const struct mb_dnd_listener *listener;
	void *data;
	bool on;
};

void mb_dnd_source_destroy(struct mb_dnd_source *source);

#endif

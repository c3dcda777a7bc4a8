/* Activity sources: tell the daemon when input stops and starts again, without polling. */
#ifndef MB_DESKTOP_IDLE_H
#define MB_DESKTOP_IDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sd_event;

/** What an activity source reports. Times are CLOCK_BOOTTIME microseconds. */
struct mb_idle_listener {
	/** No input for the threshold; last_input_us is when the last input was. */
	void (*idle)(void *data, int64_t last_input_us);
	/** Input again after an idle report, at now_us. */
	void (*active)(void *data, int64_t now_us);
};

struct mb_idle_source;

struct mb_idle_source_impl {
	/* "x11", "mutter", "wayland", "logind", "none". */
	const char *name;
	void (*destroy)(struct mb_idle_source *source);
};

/** Base of every activity source; implementations embed it first. */
struct mb_idle_source {
	const struct mb_idle_source_impl *impl;
	const struct mb_idle_listener *listener;
	void *data;
	/* The idle threshold in microseconds (the scheduler's prompt.lull, at least 1 s). */
	int64_t threshold_us;
	/* The loop the source is attached to, whose wake-up time stamps its reports; or NULL. */
	struct sd_event *loop;
};

/*
 * Every constructor attaches to the given event loop (and, for D-Bus
 * sources, the given bus), reports through listener, and returns NULL with
 * a one-line reason in why when it cannot run here (no display, no such
 * service), so the daemon can try the next source and log why.
 */
struct sd_bus;

struct mb_idle_source *mb_idle_x11sync_create(struct sd_event *loop, int64_t threshold_us,
	const struct mb_idle_listener *listener, void *data, char *why, size_t why_len);
struct mb_idle_source *mb_idle_mutter_create(struct sd_event *loop, struct sd_bus *session,
	int64_t threshold_us, const struct mb_idle_listener *listener, void *data, char *why,
	size_t why_len);
struct mb_idle_source *mb_idle_wayland_create(struct sd_event *loop, int64_t threshold_us,
	const struct mb_idle_listener *listener, void *data, char *why, size_t why_len);
struct mb_idle_source *mb_idle_logind_create(struct sd_event *loop, struct sd_bus *system,
	int64_t threshold_us, const struct mb_idle_listener *listener, void *data, char *why,
	size_t why_len);
/** Never reports idle: time counts as active (wall-time fallback). */
struct mb_idle_source *mb_idle_none_create(const struct mb_idle_listener *listener, void *data);

/** Destroy a source. NULL-safe. */
void mb_idle_source_destroy(struct mb_idle_source *source);

#endif

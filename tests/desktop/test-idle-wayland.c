/* Drives the Wayland activity source on a real compositor and prints what it reports. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-event.h>

#include "desktop/idle.h"

/*
 * Usage: test-idle-wayland THRESHOLD_MS EVENTS TIMEOUT_S
 * Prints "ready", then one line per report: "idle <ms since the last input>"
 * or "active". Exits 0 after EVENTS reports, 2 when TIMEOUT_S passes first,
 * 3 (after "unavailable: <why>") when the source cannot run here.
 */

struct driver {
	sd_event *loop;
	int left;
};

static int64_t boottime_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void count(struct driver *d)
{
	fflush(stdout);
	if (--d->left <= 0)
		sd_event_exit(d->loop, 0);
}

static void on_idle(void *data, int64_t last_input_us)
{
	printf("idle %" PRId64 "\n", (boottime_us() - last_input_us) / 1000);
	count(data);
}

static void on_active(void *data, int64_t now_us)
{
	printf("active\n");
	count(data);
}

static const struct mb_idle_listener listener = { .idle = on_idle, .active = on_active };

static int on_timeout(sd_event_source *src, uint64_t usec, void *data)
{
	struct driver *d = data;
	printf("timeout\n");
	fflush(stdout);
	sd_event_exit(d->loop, 2);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s THRESHOLD_MS EVENTS TIMEOUT_S\n", argv[0]);
		return 64;
	}
	int64_t threshold_ms = strtoll(argv[1], NULL, 10);
	struct driver d = { .left = atoi(argv[2]) };
	uint64_t timeout_s = strtoull(argv[3], NULL, 10);

	int r = sd_event_new(&d.loop);
	if (r < 0) {
		fprintf(stderr, "sd_event_new: %s\n", strerror(-r));
		return 1;
	}
	char why[256] = "";
	struct mb_idle_source *src = mb_idle_wayland_create(d.loop, threshold_ms * 1000, &listener,
		&d, why, sizeof(why));
	if (!src) {
		printf("unavailable: %s\n", why);
		sd_event_unref(d.loop);
		return 3;
	}
	if (strcmp(src->impl->name, "wayland") != 0) {
		fprintf(stderr, "source is named %s\n", src->impl->name);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);

	uint64_t now;
	sd_event_now(d.loop, CLOCK_MONOTONIC, &now);
	r = sd_event_add_time(d.loop, NULL, CLOCK_MONOTONIC, now + timeout_s * 1000000, 0,
		on_timeout, &d);
	if (r >= 0)
		r = sd_event_loop(d.loop);
	if (r < 0)
		fprintf(stderr, "event loop: %s\n", strerror(-r));
	mb_idle_source_destroy(src);
	sd_event_unref(d.loop);
	return r < 0 ? 1 : r;
}

/* Drives one D-Bus adapter on a real bus for e2e/test-adapters.py: events out, commands in. */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "desktop/dnd.h"
#include "desktop/idle.h"
#include "desktop/notify.h"
#include "desktop/sleep.h"

#ifdef NDEBUG
#error "the adapter tests need assertions"
#endif

/*
 * The wrapper starts the buses and the services, then runs this driver once
 * per scenario. The driver prints one line per event the adapter reports
 * ("idle 1003", "suspend", "action start") and obeys one command per line on
 * stdin ("show TITLE", "close", "quit"), so the wrapper can act on the
 * service side between events. Times are printed as ages in milliseconds,
 * already checked here against the clock the interface promises.
 */

/* Long enough for any scenario; a hung one fails rather than blocks the suite. */
#define WATCHDOG_US (60 * 1000 * 1000)
#define THRESHOLD_US (1000 * 1000)

struct driver {
	sd_event *loop;
	sd_bus *session, *system;
	sd_event_source *input, *watchdog;
	struct mb_idle_source *idle;
	struct mb_sleep_watch *sleep;
	struct mb_notifier *notifier;
	char line[512];
	size_t line_len;
	int64_t last_report_us;
};

static int64_t boottime_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	putchar('\n');
	fflush(stdout);
}

/* An event time must be on CLOCK_BOOTTIME: not in the future, not long past. */
static void check_now(struct driver *d, int64_t now_us)
{
	int64_t real_us = boottime_us();
	assert(now_us <= real_us);
	assert(real_us - now_us < 2 * 1000 * 1000);
	assert(now_us >= d->last_report_us);
	d->last_report_us = now_us;
}

static void handle_idle(void *data, int64_t last_input_us)
{
	struct driver *d = data;
	int64_t now_us = boottime_us();
	assert(last_input_us <= now_us);
	/* The source reports no earlier than the threshold after the last input. */
	assert(now_us - last_input_us >= THRESHOLD_US - 50 * 1000);
	d->last_report_us = now_us;
	say("idle %lld", (long long)((now_us - last_input_us) / 1000));
}

static void handle_active(void *data, int64_t now_us)
{
	check_now(data, now_us);
	say("active");
}

static const struct mb_idle_listener idle_listener = {
	.idle = handle_idle,
	.active = handle_active,
};

static void handle_suspend(void *data, int64_t now_us)
{
	check_now(data, now_us);
	say("suspend");
}

static void handle_resume(void *data, int64_t now_us)
{
	check_now(data, now_us);
	say("resume");
}

static const struct mb_sleep_listener sleep_listener = {
	.suspend = handle_suspend,
	.resume = handle_resume,
};

static void handle_action(void *data, enum mb_notify_action action)
{
	static const char *const names[] = {
		[MB_NOTIFY_START] = "start",
		[MB_NOTIFY_POSTPONE] = "postpone",
		[MB_NOTIFY_SKIP] = "skip",
		[MB_NOTIFY_DISMISSED] = "dismissed",
	};
	assert((size_t)action < sizeof(names) / sizeof(names[0]));
	say("action %s", names[action]);
}

static const struct mb_notify_listener notify_listener = {
	.action = handle_action,
};

static void run_command(struct driver *d, const char *cmd)
{
	if (strcmp(cmd, "quit") == 0) {
		sd_event_exit(d->loop, 0);
	} else if (strncmp(cmd, "show ", 5) == 0) {
		assert(d->notifier);
		int r = mb_notifier_show(d->notifier, cmd + 5, "Three minutes for the shoulders.");
		assert(r >= 0);
		say("shown");
	} else if (strcmp(cmd, "close") == 0) {
		assert(d->notifier);
		mb_notifier_close(d->notifier);
		say("closed");
	} else {
		say("unknown command: %s", cmd);
		sd_event_exit(d->loop, 2);
	}
}

static int handle_input(sd_event_source *source, int fd, uint32_t revents, void *data)
{
	struct driver *d = data;
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		/* The wrapper went away: nothing more will come. */
		sd_event_exit(d->loop, 0);
		return 0;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (d->line_len + 1 < sizeof(d->line))
				d->line[d->line_len++] = buf[i];
			continue;
		}
		d->line[d->line_len] = '\0';
		d->line_len = 0;
		run_command(d, d->line);
	}
	return 0;
}

static int handle_watchdog(sd_event_source *source, uint64_t usec, void *data)
{
	struct driver *d = data;
	say("timeout");
	sd_event_exit(d->loop, 1);
	return 0;
}

static int open_session(struct driver *d)
{
	int r = sd_bus_open_user(&d->session);
	if (r < 0)
		fprintf(stderr, "cannot open the session bus: %s\n", strerror(-r));
	return r;
}

static int open_system(struct driver *d)
{
	int r = sd_bus_open_system(&d->system);
	if (r < 0)
		fprintf(stderr, "cannot open the system bus: %s\n", strerror(-r));
	return r;
}

/* Each scenario sets up one adapter; a "missing" one expects NULL with a reason instead. */
static int start_mutter(struct driver *d, bool expect)
{
	char why[256] = "";
	if (open_session(d) < 0)
		return -1;
	d->idle = mb_idle_mutter_create(d->loop, d->session, THRESHOLD_US, &idle_listener, d, why,
		sizeof(why));
	if (!expect) {
		assert(!d->idle);
		assert(why[0] != '\0');
		say("null %s", why);
		return 1;
	}
	if (!d->idle) {
		say("failed %s", why);
		return -1;
	}
	assert(strcmp(d->idle->impl->name, "mutter") == 0);
	return 0;
}

static int start_logind_idle(struct driver *d, bool expect)
{
	char why[256] = "";
	if (open_system(d) < 0)
		return -1;
	d->idle = mb_idle_logind_create(d->loop, d->system, THRESHOLD_US, &idle_listener, d, why,
		sizeof(why));
	if (!expect) {
		assert(!d->idle);
		assert(why[0] != '\0');
		say("null %s", why);
		return 1;
	}
	if (!d->idle) {
		say("failed %s", why);
		return -1;
	}
	assert(strcmp(d->idle->impl->name, "logind") == 0);
	return 0;
}

static int start_sleep(struct driver *d, bool expect)
{
	char why[256] = "";
	if (open_system(d) < 0)
		return -1;
	d->sleep = mb_sleep_logind_create(d->loop, d->system, &sleep_listener, d, why, sizeof(why));
	if (!expect) {
		assert(!d->sleep);
		assert(why[0] != '\0');
		say("null %s", why);
		return 1;
	}
	if (!d->sleep) {
		say("failed %s", why);
		return -1;
	}
	return 0;
}

static int start_notify(struct driver *d, bool expect)
{
	char why[256] = "";
	if (open_session(d) < 0)
		return -1;
	/* The notifier takes a bus the caller has already attached to its loop. */
	int r = sd_bus_attach_event(d->session, d->loop, SD_EVENT_PRIORITY_NORMAL);
	assert(r >= 0);
	d->notifier = mb_notifier_fdo_create(d->session, &notify_listener, d, why, sizeof(why));
	if (!expect) {
		assert(!d->notifier);
		assert(why[0] != '\0');
		say("null %s", why);
		return 1;
	}
	if (!d->notifier) {
		say("failed %s", why);
		return -1;
	}
	assert(strcmp(d->notifier->impl->name, "fdo") == 0);
	return 0;
}

static const struct scenario {
	const char *name;
	int (*start)(struct driver *d, bool expect);
	bool expect;
} scenarios[] = {
	{ "mutter", start_mutter, true },
	{ "mutter-missing", start_mutter, false },
	{ "logind-idle", start_logind_idle, true },
	{ "logind-idle-missing", start_logind_idle, false },
	{ "sleep", start_sleep, true },
	{ "sleep-missing", start_sleep, false },
	{ "notify", start_notify, true },
	{ "notify-missing", start_notify, false },
};

int main(int argc, char *argv[])
{
	const struct scenario *scenario = NULL;
	for (size_t i = 0; argc == 2 && i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (strcmp(argv[1], scenarios[i].name) == 0)
			scenario = &scenarios[i];
	if (!scenario) {
		fprintf(stderr, "usage: %s SCENARIO\n", argv[0]);
		return 2;
	}

	struct driver d = { 0 };
	int r = sd_event_new(&d.loop);
	assert(r >= 0);
	int status = 1;
	r = scenario->start(&d, scenario->expect);
	if (r < 0)
		goto out;
	if (r > 0) {
		status = 0;
		goto out;
	}
	r = sd_event_add_io(d.loop, &d.input, STDIN_FILENO, EPOLLIN, handle_input, &d);
	assert(r >= 0);
	r = sd_event_add_time_relative(d.loop, &d.watchdog, CLOCK_MONOTONIC, WATCHDOG_US, 0,
		handle_watchdog, &d);
	assert(r >= 0);
	say("ready");
	status = sd_event_loop(d.loop);

out:
	mb_idle_source_destroy(d.idle);
	mb_sleep_watch_destroy(d.sleep);
	mb_notifier_destroy(d.notifier);
	sd_event_source_disable_unref(d.input);
	sd_event_source_disable_unref(d.watchdog);
	/* Flush what the adapters sent on the way out (RemoveWatch, CloseNotification). */
	if (d.session) {
		sd_bus_flush(d.session);
		sd_bus_detach_event(d.session);
	}
	if (d.system) {
		sd_bus_flush(d.system);
		sd_bus_detach_event(d.system);
	}
	sd_bus_flush_close_unref(d.session);
	sd_bus_flush_close_unref(d.system);
	sd_event_unref(d.loop);
	return status;
}

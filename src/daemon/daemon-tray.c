/* The daemon's side of the tray item: what it shows, worked out when asked, and its clicks. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-event.h>

#include "config.h"
#include "core/duration.h"
#include "daemon/daemon-internal.h"
#include "desktop/tray.h"
#include "platform/clock.h"

#define MINUTE_US (60 * (int64_t)MB_US_PER_S)
/* Where "Pause until tomorrow" ends without working hours: the next 08:00. */
#define MORNING_MIN (8 * 60)

static const char *kind_words(enum mb_break_kind brk)
{
	return brk == MB_BREAK_MICRO ? "micro-reset" : "movement break";
}

/* "12 min", "1 h", "1 h 5 min": whole minutes, rounded up so that 0 shows only when due. */
static void format_wait(int64_t us, char *out, size_t len)
{
	int64_t min = (us + MINUTE_US - 1) / MINUTE_US;
	if (min < 1)
		min = 1;
	if (min < 60)
		snprintf(out, len, "%lld min", (long long)min);
	else if (min % 60 == 0)
		snprintf(out, len, "%lld h", (long long)(min / 60));
	else
		snprintf(out, len, "%lld h %lld min", (long long)(min / 60), (long long)(min % 60));
}

static void tray_state(void *data, struct mb_tray_state *out)
{
	struct mb_daemon *d = data;
	struct mb_session_status st;
	mb_daemon_status(d, &st);
	out->prompted = st.state == MB_SESSION_PROMPTING;
	out->paused = st.state == MB_SESSION_PAUSED;
	char wait[32];
	switch (st.state) {
	case MB_SESSION_PAUSED:
		if (st.pause_end_us == INT64_MAX) {
			snprintf(out->line, sizeof(out->line), "Paused until resumed");
		} else {
			int64_t now_us = mb_clock_boottime_us();
			time_t end = (time_t)((mb_clock_wall_us() + st.pause_end_us - now_us) /
				MB_US_PER_S);
			struct tm tm;
			localtime_r(&end, &tm);
			snprintf(out->line, sizeof(out->line), "Paused until %02d:%02d", tm.tm_hour,
				tm.tm_min);
		}
		break;
	case MB_SESSION_IN_BREAK:
		snprintf(out->line, sizeof(out->line), "On a break");
		break;
	case MB_SESSION_PROMPTING:
	case MB_SESSION_HELD:
	case MB_SESSION_DUE:
		snprintf(out->line, sizeof(out->line), "%s due",
			st.sched.prompt_brk == MB_BREAK_MICRO ? "Micro-reset" : "Movement break");
		break;
	default:
		if (!st.has_next) {
			snprintf(out->line, sizeof(out->line), "No breaks scheduled");
			break;
		}
		format_wait(st.next_in_us, wait, sizeof(wait));
		snprintf(out->line, sizeof(out->line), "Next %s in %s", kind_words(st.next), wait);
		break;
	}
}

/*
 * Until the next working-hours start on a working day when [schedule] hours
 * are set, else until the next 08:00; in microseconds from now.
 */
static int64_t until_tomorrow_us(const struct mb_config *cfg)
{
	bool hours = cfg->hours_start_us != cfg->hours_end_us;
	int start_min = hours ? (int)(cfg->hours_start_us / MINUTE_US) : MORNING_MIN;
	time_t now = (time_t)(mb_clock_wall_us() / MB_US_PER_S);
	struct tm today;
	localtime_r(&now, &today);
	for (int i = 0; i <= 7; i++) {
		struct tm at = today;
		at.tm_mday += i;
		at.tm_hour = start_min / 60;
		at.tm_min = start_min % 60;
		at.tm_sec = 0;
		at.tm_isdst = -1;
		time_t t = mktime(&at);
		if (t == (time_t)-1 || t <= now)
			continue;
		/* tm_wday counts from Sunday; the config's days from Monday. */
		if (hours && !cfg->days[(at.tm_wday + 6) % 7])
			continue;
		return (int64_t)(t - now) * MB_US_PER_S;
	}
	return 24 * 60 * MINUTE_US;
}

/* A menu item is the same input as the D-Bus method of its name. */
static void tray_action(void *data, enum mb_tray_action action)
{
	struct mb_daemon *d = data;
	struct mb_session_input in;
	switch (action) {
	case MB_TRAY_BREAK:
	case MB_TRAY_MICRO:
		in = mb_daemon_input(MB_SESSION_START);
		in.brk = action == MB_TRAY_MICRO ? MB_BREAK_MICRO : MB_BREAK_MOVEMENT;
		break;
	case MB_TRAY_POSTPONE:
		in = mb_daemon_input(MB_SESSION_POSTPONE);
		in.delay_us = 5 * MINUTE_US;
		break;
	case MB_TRAY_SKIP:
		in = mb_daemon_input(MB_SESSION_SKIP);
		break;
	case MB_TRAY_PAUSE_30M:
	case MB_TRAY_PAUSE_1H:
	case MB_TRAY_PAUSE_TOMORROW:
		in = mb_daemon_input(MB_SESSION_PAUSE);
		in.delay_us = action == MB_TRAY_PAUSE_30M ? 30 * MINUTE_US :
			action == MB_TRAY_PAUSE_1H        ? 60 * MINUTE_US :
							    until_tomorrow_us(&d->cfg);
		break;
	case MB_TRAY_RESUME:
		in = mb_daemon_input(MB_SESSION_UNPAUSE);
		break;
	case MB_TRAY_OPEN:
		mb_daemon_open_app(d);
		return;
	case MB_TRAY_QUIT:
		mb_daemon_say("quit from the tray menu");
		sd_event_exit(d->loop, 0);
		return;
	default:
		return;
	}
	int refusal = mb_daemon_feed(d, &in, 0);
	if (refusal >= 0)
		mb_daemon_say("tray: %s was refused", mb_tray_action_label(action));
}

static void tray_activate(void *data)
{
	mb_daemon_open_app(data);
}

static void tray_log(void *data, const char *line)
{
	mb_daemon_say("%s", line);
}

static const struct mb_tray_listener tray_listener = {
	.state = tray_state,
	.action = tray_action,
	.activate = tray_activate,
	.log = tray_log,
};

/* The source tree's icons when this program is the one in the build tree, else "". */
static void icon_theme_path(char *out, size_t len)
{
	out[0] = '\0';
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (!slash)
		return;
	*slash = '\0';
	if (strcmp(self, MB_BUILD_ROOT) == 0 && access(MB_SOURCE_ICONS, R_OK) == 0)
		snprintf(out, len, "%s", MB_SOURCE_ICONS);
}

void mb_daemon_tray_apply(struct mb_daemon *d)
{
	if (!d->cfg.tray_enabled) {
		if (d->tray)
			mb_daemon_say("tray item: off in the config");
		mb_tray_destroy(d->tray);
		d->tray = NULL;
		return;
	}
	if (d->tray || !d->bus)
		return;
	char path[PATH_MAX], why[256];
	icon_theme_path(path, sizeof(path));
	d->tray = mb_tray_create(d->bus, path, &tray_listener, d, why, sizeof(why));
	if (!d->tray)
		mb_daemon_say("no tray item: %s", why);
}

void mb_daemon_tray_changed(struct mb_daemon *d)
{
	mb_tray_changed(d->tray);
}

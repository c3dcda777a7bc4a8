/* The daemon: one sd-event loop feeding the scheduler activity edges and acting on its events. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "app/args.h"
#include "app/catalog.h"
#include "app/exit.h"
#include "app/gui-exec.h"
#include "app/history.h"
#include "app/settings.h"
#include "app/stats-data.h"
#include "core/config.h"
#include "core/duration.h"
#include "core/scheduler.h"
#include "core/timeline.h"
#include "daemon/daemon.h"
#include "desktop/dnd.h"
#include "desktop/idle.h"
#include "desktop/notify.h"
#include "desktop/sleep.h"
#include "platform/clock.h"
#include "platform/paths.h"
#include "platform/store.h"

/* The kernel may move a wake-up by this much to batch it with others; breaks are not that exact. */
#define TIMER_ACCURACY_US 1000000
#define ERR_PREFIX MB_DBUS_INTERFACE ".Error."
#define DND_MAX 8

struct daemon {
	sd_event *loop;
	sd_bus *bus, *system_bus;
	/* The one timer: the earliest of the scheduler's deadline, the break's end, the pause's end. */
	sd_event_source *timer;
	sd_bus_slot *object;
	struct mb_scheduler *sched;
	struct mb_config cfg;
	char config_path[4096];
	bool config_required;
	struct mb_idle_source *idle;
	struct mb_sleep_watch *sleep;
	/* Indexed like dnd_kinds[]; NULL where that source is off in the config or cannot run. */
	struct mb_dnd_source *dnd[DND_MAX];
	/* How many do-not-disturb sources are on. */
	unsigned dnd_on;
	bool asleep;
	struct mb_notifier *notifier;
	struct mb_store *store;
	/* Planned length of each break, indexed by enum mb_break_kind. */
	int64_t break_us[2];
	/* Boot-time microseconds the break under way ends, or INT64_MAX. */
	int64_t break_end_us;
	bool paused;
	int64_t pause_end_us;
	/* What the activity source said last: idle or not. */
	bool source_idle;
	/* A prompt is on screen, so a START answers it. */
	bool prompt_up;
	/* Set while the scheduler is being fed, so property reads do not feed it again. */
	bool feeding;
	bool postpone_refused;
	/* MOVEBREAK_DEBUG is set: log every activity edge. */
	bool debug;
	/* Whether the break under way came from a prompt or was started by hand. */
	enum mb_source break_source;
	/* What PropertiesChanged last announced. */
	char sent_state[16], sent_next[16];
	unsigned sent_breaks;
	/*
	 * The stretch of activity under way, if any: its boot-time start and the
	 * scheduler's active-time counter then. It is written when it ends.
	 */
	bool stretch_open;
	int64_t stretch_start_us, stretch_active0_us;
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("movebreak daemon: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void local_now(struct mb_local_time *local, int64_t *wall_us)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	time_t t = ts.tv_sec;
	localtime_r(&t, &tm);
	local->weekday = (tm.tm_wday + 6) % 7;
	local->day_us = ((int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) * 1000000 +
		ts.tv_nsec / 1000;
	if (wall_us)
		*wall_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The wall-clock time (µs since the epoch) of a boot-time instant, by today's offset. */
static int64_t wall_from_boot(int64_t boot_us)
{
	int64_t wall_us;
	struct mb_local_time local;
	local_now(&local, &wall_us);
	return wall_us - (mb_clock_boottime_us() - boot_us);
}

/*
 * Today's completed and natural breaks, counted from the history as `stats`
 * counts them, so a restart, a skip or a break taken elsewhere changes
 * nothing in how they add up.
 */
static void count_today(struct daemon *d, unsigned *done, unsigned *natural)
{
	*done = *natural = 0;
	int r = mb_stats_today(d->store, done, natural);
	if (r < 0)
		say("cannot count today's breaks: %s", strerror(-r));
}

/* Read the settings into cfg from defaults; returns an exit code and prints FILE:LINE problems. */
static int load_config(const char *path, bool required, struct mb_config *cfg)
{
	struct mb_diags diags = { 0 };
	int ret = mb_settings_load(path, required, cfg, &diags, NULL, 0);
	if (ret == -ENOMEM)
		say("out of memory");
	else if (ret < 0)
		mb_diags_print(stderr, "", path, &diags);
	return ret == 0 ? MB_EXIT_OK : ret == -ENOMEM ? MB_EXIT_FAILURE : MB_EXIT_USAGE;
}

/* The planned length of a break: its routine at the dose that fits the target. */
static int plan_break(const char *routine_name, int64_t target_us, int64_t *out_us)
{
	int code = MB_EXIT_OK;
	struct mb_routine *routine = mb_catalog_load(routine_name, &code);
	if (!routine)
		return code;
	*out_us = mb_routine_total_us(routine, mb_dose_fit(routine, target_us));
	mb_routine_destroy(routine);
	return MB_EXIT_OK;
}

static int plan_breaks(const struct mb_config *cfg, int64_t break_us[2])
{
	int code = plan_break(cfg->movement_routine,
		(int64_t)(MB_DEFAULT_MINUTES * 60 * MB_US_PER_S), &break_us[MB_BREAK_MOVEMENT]);
	if (code == MB_EXIT_OK)
		code = plan_break(cfg->micro_routine, cfg->micro_duration_us,
			&break_us[MB_BREAK_MICRO]);
	return code;
}

/* ---- what the outside world is told ---- */

static const char *state_name(const struct daemon *d, const struct mb_scheduler_status *st)
{
	if (d->paused)
		return "paused";
	if (st->suspended)
		return "asleep";
	if (st->in_break)
		return "break";
	if (st->prompt_shown)
		return "prompt";
	if (st->prompt_postponed)
		return "postponed";
	if (st->prompt_pending)
		return st->dnd ? "held" : "due";
	return st->user_active ? "active" : "idle";
}

/*
 * The next break and how much active time is left before it falls due
 * (wall time for a postponed one). "none" when both kinds are off.
 */
static const char *next_break(const struct daemon *d, const struct mb_scheduler_status *st,
	int64_t now_us, int64_t *in_us)
{
	*in_us = 0;
	if (st->in_break)
		return mb_break_kind_name(st->break_brk);
	if (st->prompt_shown || st->prompt_pending)
		return mb_break_kind_name(st->prompt_brk);
	if (st->prompt_postponed) {
		*in_us = st->postponed_until_us > now_us ? st->postponed_until_us - now_us : 0;
		return mb_break_kind_name(st->prompt_brk);
	}
	const char *name = "none";
	int64_t best = INT64_MAX;
	if (d->cfg.movement_every_us > 0) {
		best = d->cfg.movement_every_us - st->movement_us;
		name = mb_break_kind_name(MB_BREAK_MOVEMENT);
	}
	if (d->cfg.micro_every_us > 0 && d->cfg.micro_every_us - st->micro_us < best) {
		best = d->cfg.micro_every_us - st->micro_us;
		name = mb_break_kind_name(MB_BREAK_MICRO);
	}
	if (best != INT64_MAX)
		*in_us = best > 0 ? best : 0;
	return name;
}

static void feed(struct daemon *d, enum mb_scheduler_input_kind kind, int64_t t_us,
	enum mb_break_kind brk, int64_t delay_us);

/*
 * Bring the scheduler up to date before it is read. While the user counts as
 * active, the last threshold's worth of time is not known yet: an idle report
 * will date the end of activity back to the last input, and the scheduler
 * cannot take back time it has already counted. So a read stops short of it.
 */
static void refresh(struct daemon *d)
{
	if (d->feeding)
		return;
	int64_t t = mb_clock_boottime_us();
	if (d->idle && !d->source_idle)
		t -= d->idle->threshold_us;
	feed(d, MB_SCHEDULER_TICK, t, MB_BREAK_MOVEMENT, 0);
}

static void announce_changes(struct daemon *d)
{
	if (!d->bus || !d->object)
		return;
	struct mb_scheduler_status st;
	mb_scheduler_status(d->sched, &st);
	int64_t in_us;
	const char *state = state_name(d, &st);
	const char *next = next_break(d, &st, mb_clock_boottime_us(), &in_us);
	unsigned done, natural;
	count_today(d, &done, &natural);
	if (strcmp(state, d->sent_state) == 0 && strcmp(next, d->sent_next) == 0 &&
		done == d->sent_breaks)
		return;
	snprintf(d->sent_state, sizeof(d->sent_state), "%s", state);
	snprintf(d->sent_next, sizeof(d->sent_next), "%s", next);
	d->sent_breaks = done;
	/* The counters that run with time are only invalidated: readers ask when they care. */
	int r = sd_bus_emit_properties_changed(d->bus, MB_DBUS_PATH, MB_DBUS_INTERFACE, "State",
		"NextBreak", "BreaksToday", "NaturalBreaksToday", "ActiveSeconds",
		"NextBreakInSeconds", "Challenge", NULL);
	if (r < 0)
		say("cannot announce property changes: %s", strerror(-r));
}

static void emit_signal(struct daemon *d, const char *member, enum mb_break_kind brk,
	const char *outcome)
{
	if (!d->bus || !d->object)
		return;
	int r = outcome ?
		sd_bus_emit_signal(d->bus, MB_DBUS_PATH, MB_DBUS_INTERFACE, member, "ss",
			mb_break_kind_name(brk), outcome) :
		sd_bus_emit_signal(d->bus, MB_DBUS_PATH, MB_DBUS_INTERFACE, member, "s",
			mb_break_kind_name(brk));
	if (r < 0)
		say("cannot send %s: %s", member, strerror(-r));
}

static void record(struct daemon *d, enum mb_break_kind brk, enum mb_outcome outcome,
	enum mb_source source)
{
	struct mb_local_time local;
	int64_t wall_us;
	local_now(&local, &wall_us);
	struct mb_break_record rec = {
		.start_us = wall_us,
		.end_us = wall_us,
		.planned_us = d->break_us[brk],
		.outcome = outcome,
		.source = source,
		.kind = brk,
	};
	/* A routine given as a long path keeps its start; the column is for people to read. */
	snprintf(rec.routine, sizeof(rec.routine), "%.*s", (int)sizeof(rec.routine) - 1,
		brk == MB_BREAK_MICRO ? d->cfg.micro_routine : d->cfg.movement_routine);
	int r = mb_store_add(d->store, &rec);
	char why[512];
	if (r < 0)
		say("%s", mb_cli_history_error(d->store, r, why, sizeof(why)));
}

/* A natural break over the idle spell [from_us, to_us] (boot time): rest the user took unasked. */
static void record_natural(struct daemon *d, int64_t from_us, int64_t to_us)
{
	struct mb_break_record rec = {
		.start_us = wall_from_boot(from_us),
		.end_us = wall_from_boot(to_us),
		.active_us = to_us - from_us,
		.outcome = MB_OUTCOME_NATURAL,
		.source = MB_SOURCE_MANUAL,
		.kind = MB_BREAK_MOVEMENT,
	};
	int r = mb_store_add(d->store, &rec);
	char why[512];
	if (r < 0)
		say("%s", mb_cli_history_error(d->store, r, why, sizeof(why)));
}

/*
 * Keep the stretch of activity in step with the scheduler: it runs while
 * the user is active, awake and not in a break, and is written as one row
 * when that ends (idle, suspend or pause, a break, the daemon stopping).
 * t_us is the boot time of the input that changed it.
 */
static void track_activity(struct daemon *d, int64_t t_us, bool stopping)
{
	struct mb_scheduler_status st;
	mb_scheduler_status(d->sched, &st);
	bool on = !stopping && st.user_active && !st.suspended && !st.in_break;
	if (on && !d->stretch_open) {
		d->stretch_open = true;
		d->stretch_start_us = t_us;
		d->stretch_active0_us = st.active_us;
	} else if (!on && d->stretch_open) {
		d->stretch_open = false;
		int64_t end_us = t_us > d->stretch_start_us ? t_us : d->stretch_start_us;
		int64_t active_us = st.active_us - d->stretch_active0_us;
		/* The scheduler may have counted up to a call a little after t_us. */
		if (active_us > end_us - d->stretch_start_us)
			active_us = end_us - d->stretch_start_us;
		struct mb_activity_record rec = {
			.start_us = wall_from_boot(d->stretch_start_us),
			.active_us = active_us > 0 ? active_us : 0,
		};
		rec.end_us = rec.start_us + (end_us - d->stretch_start_us);
		int r = d->store ? mb_store_activity_add(d->store, &rec) : 0;
		char why[512];
		if (r < 0)
			say("%s", mb_cli_history_error(d->store, r, why, sizeof(why)));
	}
}

/*
 * What break_command = auto runs, in the child: the window where it can
 * open, else the terminal coach in the desktop's terminal. This program's
 * own path, so the build tree and any install prefix start their own coach.
 */
static void exec_auto_break(char *summary, size_t summary_len)
{
	char self[4096], gui[8300];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		snprintf(self, sizeof(self), "movebreak");
	else
		self[n] = '\0';
	const char *display = getenv("WAYLAND_DISPLAY");
	if (!display || !*display)
		display = getenv("DISPLAY");
	if (display && *display && mb_gui_find(gui, sizeof(gui))) {
		if (summary)
			snprintf(summary, summary_len, "%s now --gui --from-prompt", self);
		else
			execl(self, self, "now", "--gui", "--from-prompt", (char *)NULL);
		return;
	}
	if (summary)
		snprintf(summary, summary_len, "x-terminal-emulator -e %s now", self);
	else
		execlp("x-terminal-emulator", "x-terminal-emulator", "-e", self, "now", (char *)NULL);
}

/*
 * Start the break's UI in its own session, detached from the daemon. The
 * command learns which break it is from MOVEBREAK_BREAK ("movement" or
 * "micro") and MOVEBREAK_ROUTINE.
 */
static void run_break_command(struct daemon *d, enum mb_break_kind brk)
{
	bool automatic = strcmp(d->cfg.break_command, MB_CONFIG_BREAK_AUTO) == 0;
	pid_t pid = fork();
	if (pid < 0) {
		say("cannot run the break command: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setsid();
		/* The middle process exits at once, so the command is nobody's child to reap. */
		pid_t grandchild = fork();
		if (grandchild != 0)
			_exit(grandchild < 0 ? 1 : 0);
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		closefrom(STDERR_FILENO + 1);
		setenv("MOVEBREAK_BREAK", mb_break_kind_name(brk), 1);
		setenv("MOVEBREAK_ROUTINE", brk == MB_BREAK_MICRO ? d->cfg.micro_routine :
			d->cfg.movement_routine, 1);
		if (automatic)
			exec_auto_break(NULL, 0);
		else
			execl("/bin/sh", "sh", "-c", d->cfg.break_command, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	char chosen[8400];
	if (automatic)
		exec_auto_break(chosen, sizeof(chosen));
	say("break command started: %s", automatic ? chosen : d->cfg.break_command);
}

static void show_prompt(struct daemon *d, enum mb_break_kind brk)
{
	const char *title = brk == MB_BREAK_MICRO ? "Time for a micro-reset" :
		"Time for a movement break";
	const char *body = brk == MB_BREAK_MICRO ?
		"Thirty seconds of shoulder rolls: up, back and down, slowly." :
		"A few minutes to wake up the shoulder blades and take the load off your neck.";
	/*
	 * A challenge under way adds where today stands ("Challenge day 12 of
	 * 30: 2 of 3 ..."), and a run of days at the goal adds the streak.
	 */
	char line[160], streak[160], text[560];
	if (mb_challenge_current_line(d->store, line, sizeof(line)) < 0)
		line[0] = '\0';
	if (mb_streak_line(d->store, d->cfg.stats_goal, streak, sizeof(streak)) < 0)
		streak[0] = '\0';
	if (line[0] || streak[0]) {
		snprintf(text, sizeof(text), "%s%s%s%s%s", body, line[0] ? "\n" : "", line,
			streak[0] ? "\n" : "", streak);
		body = text;
	}
	int r = mb_notifier_show(d->notifier, title, body);
	if (r < 0)
		say("cannot show the prompt: %s", strerror(-r));
}

/*
 * A postpone or skip from inside a running break: it is over, and was not
 * taken. Returns who started it, or MB_SOURCE_PROMPT when none was under way
 * (the answer was to a prompt).
 */
static enum mb_source call_off_break(struct daemon *d, enum mb_break_kind brk, const char *how)
{
	if (d->break_end_us == INT64_MAX)
		return MB_SOURCE_PROMPT;
	d->break_end_us = INT64_MAX;
	say("the %s break under way is called off", mb_break_kind_name(brk));
	if (how)
		emit_signal(d, "BreakFinished", brk, how);
	return d->break_source;
}

static void handle_event(struct daemon *d, const struct mb_scheduler_event *ev)
{
	char dur[32];
	const char *kind = mb_break_kind_name(ev->brk);
	switch (ev->kind) {
	case MB_SCHEDULER_EV_PROMPT:
		say("prompt: %s break", kind);
		d->prompt_up = true;
		show_prompt(d, ev->brk);
		record(d, ev->brk, MB_OUTCOME_PROMPTED, MB_SOURCE_PROMPT);
		emit_signal(d, "BreakPrompted", ev->brk, NULL);
		break;
	case MB_SCHEDULER_EV_REMIND:
		say("remind: %s break still waiting", kind);
		show_prompt(d, ev->brk);
		break;
	case MB_SCHEDULER_EV_START:
		say("start: %s break, %s planned", kind,
			mb_duration_format(d->break_us[ev->brk], dur, sizeof(dur)));
		mb_notifier_close(d->notifier);
		d->break_source = d->prompt_up ? MB_SOURCE_PROMPT : MB_SOURCE_MANUAL;
		record(d, ev->brk, MB_OUTCOME_STARTED, d->break_source);
		d->prompt_up = false;
		/*
		 * The coach runs in its own process and tells us nothing back, so
		 * the break is taken to last its planned length.
		 */
		d->break_end_us = ev->t_us + d->break_us[ev->brk];
		run_break_command(d, ev->brk);
		emit_signal(d, "BreakStarted", ev->brk, NULL);
		break;
	case MB_SCHEDULER_EV_DONE:
		say("done: %s break", kind);
		emit_signal(d, "BreakFinished", ev->brk, "done");
		break;
	case MB_SCHEDULER_EV_POSTPONE: {
		enum mb_source source = call_off_break(d, ev->brk, "postponed");
		say("postpone: %s break (%u in a row)", kind, ev->postpones);
		mb_notifier_close(d->notifier);
		d->prompt_up = false;
		record(d, ev->brk, MB_OUTCOME_POSTPONED, source);
		break;
	}
	case MB_SCHEDULER_EV_POSTPONE_REFUSED:
		say("postpone refused: %s break postponed %u times in a row already", kind,
			ev->postpones);
		d->postpone_refused = true;
		break;
	case MB_SCHEDULER_EV_SKIP: {
		enum mb_source source = call_off_break(d, ev->brk, NULL);
		say("skip: %s break", kind);
		mb_notifier_close(d->notifier);
		d->prompt_up = false;
		record(d, ev->brk, MB_OUTCOME_SKIPPED, source);
		emit_signal(d, "BreakFinished", ev->brk, "skipped");
		break;
	}
	case MB_SCHEDULER_EV_NATURAL_BREAK:
		say("natural break: back after %s idle",
			mb_duration_format(ev->idle_us, dur, sizeof(dur)));
		record_natural(d, ev->t_us - ev->idle_us, ev->t_us);
		break;
	case MB_SCHEDULER_EV_SUSPEND:
		say(d->paused ? "paused" : "suspend");
		break;
	case MB_SCHEDULER_EV_RESUME:
		say(d->paused ? "resumed" : "resume");
		break;
	case MB_SCHEDULER_EV_WITHDRAW:
		say("withdraw: %s break, rested meanwhile", kind);
		mb_notifier_close(d->notifier);
		d->prompt_up = false;
		emit_signal(d, "BreakFinished", ev->brk, "withdrawn");
		break;
	}
}

static void arm_timer(struct daemon *d)
{
	int64_t next = mb_scheduler_next_deadline(d->sched);
	if (d->break_end_us < next)
		next = d->break_end_us;
	if (d->paused && d->pause_end_us < next)
		next = d->pause_end_us;
	int r;
	if (next == INT64_MAX) {
		r = sd_event_source_set_enabled(d->timer, SD_EVENT_OFF);
	} else {
		r = sd_event_source_set_time(d->timer, (uint64_t)next);
		if (r >= 0)
			r = sd_event_source_set_enabled(d->timer, SD_EVENT_ONESHOT);
	}
	if (r < 0)
		say("cannot arm the timer: %s", strerror(-r));
}

static void feed(struct daemon *d, enum mb_scheduler_input_kind kind, int64_t t_us,
	enum mb_break_kind brk, int64_t delay_us)
{
	struct mb_scheduler_input in = {
		.kind = kind,
		.now_us = t_us,
		.brk = brk,
		.delay_us = delay_us,
	};
	local_now(&in.local, NULL);
	struct mb_scheduler_event events[MB_SCHEDULER_EVENTS_MAX];
	bool outer = !d->feeding;
	d->feeding = true;
	size_t n = mb_scheduler_feed(d->sched, &in, events, MB_SCHEDULER_EVENTS_MAX);
	if (n > MB_SCHEDULER_EVENTS_MAX) {
		say("%zu scheduler events were lost", n - MB_SCHEDULER_EVENTS_MAX);
		n = MB_SCHEDULER_EVENTS_MAX;
	}
	for (size_t i = 0; i < n; i++)
		handle_event(d, &events[i]);
	track_activity(d, t_us, false);
	arm_timer(d);
	if (outer) {
		announce_changes(d);
		d->feeding = false;
	}
}

static void pause_end(struct daemon *d, int64_t now_us)
{
	if (!d->paused)
		return;
	d->paused = false;
	if (d->asleep)
		return;
	feed(d, MB_SCHEDULER_RESUME, now_us, MB_BREAK_MOVEMENT, 0);
	/* Typing through the pause gave the activity source no edge to report. */
	if (!d->source_idle)
		feed(d, MB_SCHEDULER_ACTIVE, now_us, MB_BREAK_MOVEMENT, 0);
}

static int handle_timer(sd_event_source *src, uint64_t usec, void *data)
{
	struct daemon *d = data;
	int64_t now = mb_clock_boottime_us();
	if (d->paused && d->pause_end_us <= now)
		pause_end(d, d->pause_end_us);
	if (d->break_end_us <= now) {
		int64_t end = d->break_end_us;
		d->break_end_us = INT64_MAX;
		feed(d, MB_SCHEDULER_FINISHED, end, MB_BREAK_MOVEMENT, 0);
	}
	feed(d, MB_SCHEDULER_TICK, now, MB_BREAK_MOVEMENT, 0);
	return 0;
}

/* ---- inputs ---- */

static void on_idle(void *data, int64_t last_input_us)
{
	struct daemon *d = data;
	if (d->debug)
		say("idle since %.1fs ago", (double)(mb_clock_boottime_us() - last_input_us) / 1e6);
	d->source_idle = true;
	feed(d, MB_SCHEDULER_IDLE, last_input_us, MB_BREAK_MOVEMENT, 0);
}

static void on_active(void *data, int64_t now_us)
{
	struct daemon *d = data;
	if (d->debug)
		say("active");
	d->source_idle = false;
	feed(d, MB_SCHEDULER_ACTIVE, now_us, MB_BREAK_MOVEMENT, 0);
}

static const struct mb_idle_listener idle_listener = {
	.idle = on_idle,
	.active = on_active,
};

static void on_suspend(void *data, int64_t now_us)
{
	struct daemon *d = data;
	d->asleep = true;
	feed(d, MB_SCHEDULER_SUSPEND, now_us, MB_BREAK_MOVEMENT, 0);
}

static void on_resume(void *data, int64_t now_us)
{
	struct daemon *d = data;
	d->asleep = false;
	/* A pause goes on through a sleep: the scheduler stays suspended until it ends. */
	if (d->paused)
		return;
	feed(d, MB_SCHEDULER_RESUME, now_us, MB_BREAK_MOVEMENT, 0);
	/* A source that saw no idle (none, or one that missed the sleep) would never say so. */
	if (!d->source_idle)
		feed(d, MB_SCHEDULER_ACTIVE, now_us, MB_BREAK_MOVEMENT, 0);
}

static const struct mb_sleep_listener sleep_listener = {
	.suspend = on_suspend,
	.resume = on_resume,
};

/* Prompts wait while any do-not-disturb source is on. */
static void on_dnd_changed(void *data, const char *name, bool on)
{
	struct daemon *d = data;
	say("do not disturb: %s %s", name, on ? "on" : "off");
	unsigned before = d->dnd_on;
	if (on)
		d->dnd_on++;
	else if (d->dnd_on > 0)
		d->dnd_on--;
	if (before == 0 && d->dnd_on > 0)
		feed(d, MB_SCHEDULER_DND_ON, mb_clock_boottime_us(), MB_BREAK_MOVEMENT, 0);
	else if (before > 0 && d->dnd_on == 0)
		feed(d, MB_SCHEDULER_DND_OFF, mb_clock_boottime_us(), MB_BREAK_MOVEMENT, 0);
}

static const struct mb_dnd_listener dnd_listener = {
	.changed = on_dnd_changed,
};

static void on_notify_action(void *data, enum mb_notify_action action)
{
	struct daemon *d = data;
	struct mb_scheduler_status st;
	mb_scheduler_status(d->sched, &st);
	int64_t now = mb_clock_boottime_us();
	/* A click on a bubble the daemon has already taken back answers nothing. */
	if (!(st.prompt_shown || st.prompt_pending || st.prompt_postponed) || st.in_break)
		return;
	switch (action) {
	case MB_NOTIFY_START:
		feed(d, MB_SCHEDULER_START, now, st.prompt_brk, 0);
		break;
	case MB_NOTIFY_POSTPONE:
		feed(d, MB_SCHEDULER_POSTPONE, now, st.prompt_brk, 0);
		break;
	case MB_NOTIFY_SKIP:
		feed(d, MB_SCHEDULER_SKIP, now, st.prompt_brk, 0);
		break;
	case MB_NOTIFY_DISMISSED:
		/* Closing the bubble is no answer: the prompt stands and reminds later. */
		break;
	}
}

static const struct mb_notify_listener notify_listener = {
	.action = on_notify_action,
};

static void renew_idle_source(struct daemon *d);
static void apply_dnd_switches(struct daemon *d, const struct mb_config *old);

static int handle_signal(sd_event_source *src, const struct signalfd_siginfo *si, void *data)
{
	struct daemon *d = data;
	if (si->ssi_signo != SIGHUP) {
		say("shutting down on %s", si->ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
		return sd_event_exit(d->loop, 0);
	}
	struct mb_config cfg;
	if (load_config(d->config_path, d->config_required, &cfg) != MB_EXIT_OK) {
		say("%s has problems; kept the settings in use", d->config_path);
		return 0;
	}
	int64_t break_us[2] = { 0, 0 };
	if (plan_breaks(&cfg, break_us) != MB_EXIT_OK) {
		say("a routine in %s cannot be used; kept the settings in use", d->config_path);
		return 0;
	}
	refresh(d);
	bool new_lull = cfg.lull_us != d->cfg.lull_us;
	struct mb_config old = d->cfg;
	d->cfg = cfg;
	d->break_us[0] = break_us[0];
	d->break_us[1] = break_us[1];
	mb_scheduler_set_config(d->sched, &cfg);
	say("reloaded %s", d->config_path);
	if (new_lull)
		renew_idle_source(d);
	apply_dnd_switches(d, &old);
	feed(d, MB_SCHEDULER_TICK, mb_clock_boottime_us(), MB_BREAK_MOVEMENT, 0);
	return 0;
}

/* ---- the D-Bus service ---- */

static int method_status(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct daemon *d = data;
	refresh(d);
	struct mb_scheduler_status st;
	mb_scheduler_status(d->sched, &st);
	int64_t in_us;
	const char *next = next_break(d, &st, mb_clock_boottime_us(), &in_us);
	unsigned done, natural;
	count_today(d, &done, &natural);
	return sd_bus_reply_method_return(m, "ststsuu", state_name(d, &st),
		(uint64_t)(st.movement_us / 1000000), next, (uint64_t)(in_us / 1000000),
		d->idle->impl->name, done, natural);
}

static int method_pause(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct daemon *d = data;
	uint32_t seconds;
	int r = sd_bus_message_read(m, "u", &seconds);
	if (r < 0)
		return r;
	int64_t now = mb_clock_boottime_us();
	/* Sleeping counts nothing and prompts nothing; a pause is the same to the scheduler. */
	if (!d->paused) {
		d->paused = true;
		feed(d, MB_SCHEDULER_SUSPEND, now, MB_BREAK_MOVEMENT, 0);
	}
	d->pause_end_us = seconds > 0 ? now + (int64_t)seconds * 1000000 : INT64_MAX;
	arm_timer(d);
	announce_changes(d);
	return sd_bus_reply_method_return(m, "");
}

static int method_resume(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct daemon *d = data;
	if (!d->paused)
		return sd_bus_error_set(error, ERR_PREFIX "NotPaused", "the daemon is not paused");
	pause_end(d, mb_clock_boottime_us());
	return sd_bus_reply_method_return(m, "");
}

static int method_start_break(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct daemon *d = data;
	const char *kind;
	int r = sd_bus_message_read(m, "s", &kind);
	if (r < 0)
		return r;
	enum mb_break_kind brk;
	if (strcmp(kind, "movement") == 0 || kind[0] == '\0')
		brk = MB_BREAK_MOVEMENT;
	else if (strcmp(kind, "micro") == 0)
		brk = MB_BREAK_MICRO;
	else
		return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
			"unknown break kind '%s' (movement or micro)", kind);
	if (d->paused)
		return sd_bus_error_set(error, ERR_PREFIX "Paused", "the daemon is paused");
	refresh(d);
	struct mb_scheduler_status st;
	mb_scheduler_status(d->sched, &st);
	if (st.in_break)
		return sd_bus_error_set(error, ERR_PREFIX "InBreak", "a break is under way");
	feed(d, MB_SCHEDULER_START, mb_clock_boottime_us(), brk, 0);
	return sd_bus_reply_method_return(m, "");
}

/*
 * Postpone and Skip answer a prompt, or call off the break under way (the
 * break window's buttons): one of the two must be there.
 */
static int check_prompt(struct daemon *d, sd_bus_error *error)
{
	refresh(d);
	struct mb_scheduler_status st;
	mb_scheduler_status(d->sched, &st);
	if (!st.in_break && !(st.prompt_shown || st.prompt_pending || st.prompt_postponed))
		return sd_bus_error_set(error, ERR_PREFIX "NoPrompt", "no break is waiting");
	return 0;
}

static int method_postpone(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct daemon *d = data;
	uint32_t seconds;
	int r = sd_bus_message_read(m, "u", &seconds);
	if (r < 0)
		return r;
	r = check_prompt(d, error);
	if (r < 0)
		return r;
	d->postpone_refused = false;
	feed(d, MB_SCHEDULER_POSTPONE, mb_clock_boottime_us(), MB_BREAK_MOVEMENT,
		(int64_t)seconds * 1000000);
	if (d->postpone_refused)
		return sd_bus_error_set(error, ERR_PREFIX "PostponeRefused",
			"postponed too often in a row; start or skip the break");
	return sd_bus_reply_method_return(m, "");
}

static int method_skip(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct daemon *d = data;
	int r = check_prompt(d, error);
	if (r < 0)
		return r;
	feed(d, MB_SCHEDULER_SKIP, mb_clock_boottime_us(), MB_BREAK_MOVEMENT, 0);
	return sd_bus_reply_method_return(m, "");
}

static int get_property(sd_bus *bus, const char *path, const char *interface,
	const char *property, sd_bus_message *reply, void *data, sd_bus_error *error)
{
	struct daemon *d = data;
	refresh(d);
	struct mb_scheduler_status st;
	mb_scheduler_status(d->sched, &st);
	int64_t in_us;
	const char *next = next_break(d, &st, mb_clock_boottime_us(), &in_us);
	if (strcmp(property, "State") == 0)
		return sd_bus_message_append(reply, "s", state_name(d, &st));
	if (strcmp(property, "ActiveSeconds") == 0)
		return sd_bus_message_append(reply, "t", (uint64_t)(st.movement_us / 1000000));
	if (strcmp(property, "NextBreak") == 0)
		return sd_bus_message_append(reply, "s", next);
	if (strcmp(property, "NextBreakInSeconds") == 0)
		return sd_bus_message_append(reply, "t", (uint64_t)(in_us / 1000000));
	if (strcmp(property, "Backend") == 0)
		return sd_bus_message_append(reply, "s", d->idle->impl->name);
	if (strcmp(property, "BreaksToday") == 0 || strcmp(property, "NaturalBreaksToday") == 0) {
		unsigned done, natural;
		count_today(d, &done, &natural);
		return sd_bus_message_append(reply, "u",
			strcmp(property, "BreaksToday") == 0 ? done : natural);
	}
	if (strcmp(property, "Challenge") == 0) {
		char line[160];
		if (mb_challenge_current_line(d->store, line, sizeof(line)) < 0)
			line[0] = '\0';
		return sd_bus_message_append(reply, "s", line);
	}
	return sd_bus_error_setf(error, SD_BUS_ERROR_UNKNOWN_PROPERTY, "no property %s", property);
}

/* Keep data/dbus/io.github.movebreak.Daemon1.xml in step: a test compares the two. */
static const sd_bus_vtable vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_METHOD_WITH_ARGS("Status", SD_BUS_NO_ARGS,
		SD_BUS_RESULT("s", state, "t", active_seconds, "s", next_break,
			"t", next_break_in_seconds, "s", backend, "u", breaks_today,
			"u", natural_breaks_today),
		method_status, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Pause", SD_BUS_ARGS("u", seconds), SD_BUS_NO_RESULT,
		method_pause, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Resume", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_resume,
		SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("StartBreak", SD_BUS_ARGS("s", kind), SD_BUS_NO_RESULT,
		method_start_break, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Postpone", SD_BUS_ARGS("u", seconds), SD_BUS_NO_RESULT,
		method_postpone, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Skip", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_skip,
		SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_PROPERTY("State", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("ActiveSeconds", "t", get_property, 0,
		SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
	SD_BUS_PROPERTY("NextBreak", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("NextBreakInSeconds", "t", get_property, 0,
		SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
	SD_BUS_PROPERTY("Backend", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_PROPERTY("BreaksToday", "u", get_property, 0,
		SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("NaturalBreaksToday", "u", get_property, 0,
		SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	/* Read from the history on each get: the coach writes its rows without telling us. */
	SD_BUS_PROPERTY("Challenge", "s", get_property, 0,
		SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
	SD_BUS_SIGNAL_WITH_ARGS("BreakPrompted", SD_BUS_ARGS("s", kind), 0),
	SD_BUS_SIGNAL_WITH_ARGS("BreakStarted", SD_BUS_ARGS("s", kind), 0),
	SD_BUS_SIGNAL_WITH_ARGS("BreakFinished", SD_BUS_ARGS("s", kind, "s", outcome), 0),
	SD_BUS_VTABLE_END,
};

/* ---- set-up ---- */

static struct mb_idle_source *create_x11(struct daemon *d, char *why, size_t why_len)
{
	return mb_idle_x11sync_create(d->loop, d->cfg.lull_us, &idle_listener, d, why, why_len);
}

/* The system bus, connected on first use: only logind's adapters need it. */
static sd_bus *system_bus(struct daemon *d, char *why, size_t why_len)
{
	if (d->system_bus)
		return d->system_bus;
	int r = sd_bus_open_system(&d->system_bus);
	if (r >= 0)
		r = sd_bus_attach_event(d->system_bus, d->loop, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0) {
		snprintf(why, why_len, "no system bus: %s", strerror(-r));
		d->system_bus = sd_bus_flush_close_unref(d->system_bus);
	}
	return d->system_bus;
}

static struct mb_idle_source *create_wayland(struct daemon *d, char *why, size_t why_len)
{
	return mb_idle_wayland_create(d->loop, d->cfg.lull_us, &idle_listener, d, why, why_len);
}

static struct mb_idle_source *create_mutter(struct daemon *d, char *why, size_t why_len)
{
	return mb_idle_mutter_create(d->loop, d->bus, d->cfg.lull_us, &idle_listener, d, why,
		why_len);
}

static struct mb_idle_source *create_logind(struct daemon *d, char *why, size_t why_len)
{
	sd_bus *system = system_bus(d, why, why_len);
	if (!system)
		return NULL;
	return mb_idle_logind_create(d->loop, system, d->cfg.lull_us, &idle_listener, d, why,
		why_len);
}

static struct mb_idle_source *create_none(struct daemon *d, char *why, size_t why_len)
{
	struct mb_idle_source *source = mb_idle_none_create(&idle_listener, d);
	if (!source)
		snprintf(why, why_len, "out of memory");
	return source;
}

/*
 * The activity sources in the order they are tried: the most precise first,
 * logind's coarse IdleHint late, wall time last. A new one is one line here
 * ("wayland" belongs between mutter and logind).
 */
static const struct {
	const char *name;
	struct mb_idle_source *(*create)(struct daemon *d, char *why, size_t why_len);
} backends[] = {
	{ "x11", create_x11 },
	{ "mutter", create_mutter },
	{ "wayland", create_wayland },
	{ "logind", create_logind },
	{ "none", create_none },
};

#define BACKENDS_LEN (sizeof(backends) / sizeof(backends[0]))

/* Check a --backend name before anything starts; returns an exit code. */
static int check_backend(const char *wanted)
{
	if (!wanted)
		return MB_EXIT_OK;
	for (size_t i = 0; i < BACKENDS_LEN; i++)
		if (strcmp(backends[i].name, wanted) == 0)
			return MB_EXIT_OK;
	char names[256] = "";
	for (size_t i = 0; i < BACKENDS_LEN; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			i ? ", " : "", backends[i].name);
	fprintf(stderr, "movebreak daemon: --backend: unknown activity source '%s' (one of %s)\n",
		wanted, names);
	return MB_EXIT_USAGE;
}

/*
 * The activity source measures idle against prompt.lull, so a new lull needs
 * a new source of the same kind. The scheduler keeps what it was told; the
 * new source reports from the next edge on.
 */
static void renew_idle_source(struct daemon *d)
{
	for (size_t i = 0; i < BACKENDS_LEN; i++) {
		if (strcmp(backends[i].name, d->idle->impl->name) != 0)
			continue;
		char why[256] = "";
		struct mb_idle_source *fresh = backends[i].create(d, why, sizeof(why));
		if (!fresh) {
			say("activity source %s keeps the old prompt.lull: %s", backends[i].name, why);
			return;
		}
		mb_idle_source_destroy(d->idle);
		d->idle = fresh;
		say("activity source %s now waits %.1fs for idle", backends[i].name,
			(double)fresh->threshold_us / 1e6);
		return;
	}
}

static int open_idle_source(struct daemon *d, const char *wanted)
{
	char why[256];
	if (wanted) {
		for (size_t i = 0; i < BACKENDS_LEN; i++) {
			if (strcmp(backends[i].name, wanted) != 0)
				continue;
			why[0] = '\0';
			d->idle = backends[i].create(d, why, sizeof(why));
			if (!d->idle) {
				say("activity source %s cannot run: %s", wanted, why);
				return MB_EXIT_FAILURE;
			}
			say("activity source: %s (asked for with --backend)", wanted);
			return MB_EXIT_OK;
		}
		return check_backend(wanted);
	}
	for (size_t i = 0; i < BACKENDS_LEN; i++) {
		why[0] = '\0';
		d->idle = backends[i].create(d, why, sizeof(why));
		if (d->idle) {
			say("activity source: %s%s", backends[i].name,
				strcmp(backends[i].name, "none") == 0 ?
				" (no activity is seen: all time counts as active)" : "");
			return MB_EXIT_OK;
		}
		say("activity source %s not used: %s", backends[i].name, why);
	}
	return MB_EXIT_FAILURE;
}

static void open_notifier(struct daemon *d)
{
	char why[256] = "";
	d->notifier = mb_notifier_fdo_create(d->bus, &notify_listener, d, why, sizeof(why));
	if (d->notifier) {
		say("notifications: freedesktop");
		return;
	}
	d->notifier = mb_notifier_none_create();
	say("notifications: none (%s); prompts show on D-Bus and in 'movebreak status' only",
		why);
}

static struct mb_dnd_source *create_inhibitor(struct daemon *d, char *why, size_t why_len)
{
	sd_bus *system = system_bus(d, why, why_len);
	if (!system)
		return NULL;
	return mb_dnd_inhibit_create(d->loop, system, &dnd_listener, d, why, why_len);
}

/* Idle inhibitors taken through org.freedesktop.ScreenSaver, from the desktop's session service. */
static struct mb_dnd_source *create_session_inhibitor(struct daemon *d, char *why, size_t why_len)
{
	return mb_dnd_session_create(d->loop, d->bus, &dnd_listener, d, why, why_len);
}

static struct mb_dnd_source *create_desktop(struct daemon *d, char *why, size_t why_len)
{
	return mb_dnd_gnome_create(d->loop, d->bus, &dnd_listener, d, why, why_len);
}

static struct mb_dnd_source *create_fullscreen(struct daemon *d, char *why, size_t why_len)
{
	return mb_dnd_x11fullscreen_create(d->loop, &dnd_listener, d, why, why_len);
}

/*
 * The do-not-disturb sources, each with its switch in [dnd] (a bool in
 * struct mb_config). A new source is one line here.
 */
static struct mb_dnd_source *create_calls(struct daemon *d, char *why, size_t why_len)
{
	return mb_dnd_pipewire_create(d->loop, &dnd_listener, d, why, why_len);
}

static const struct {
	const char *name;
	size_t config_offset;
	struct mb_dnd_source *(*create)(struct daemon *d, char *why, size_t why_len);
} dnd_kinds[] = {
	{ "inhibitor", offsetof(struct mb_config, dnd_inhibitors), create_inhibitor },
	{ "session-inhibitor", offsetof(struct mb_config, dnd_inhibitors), create_session_inhibitor },
	{ "desktop", offsetof(struct mb_config, dnd_desktop), create_desktop },
	{ "fullscreen", offsetof(struct mb_config, dnd_fullscreen), create_fullscreen },
	{ "calls", offsetof(struct mb_config, dnd_calls), create_calls },
};

#define DND_KINDS_LEN (sizeof(dnd_kinds) / sizeof(dnd_kinds[0]))
_Static_assert(DND_KINDS_LEN <= DND_MAX, "DND_MAX is too small for dnd_kinds[]");

static bool dnd_switch(const struct mb_config *cfg, size_t kind)
{
	return *(const bool *)(const void *)((const char *)cfg + dnd_kinds[kind].config_offset);
}

/* Open one do-not-disturb source into its slot, or log why not; returns whether it is open. */
static bool open_dnd_source(struct daemon *d, size_t kind)
{
	if (!dnd_switch(&d->cfg, kind)) {
		say("do-not-disturb source %s: off in the config", dnd_kinds[kind].name);
		return false;
	}
	char why[256] = "";
	d->dnd[kind] = dnd_kinds[kind].create(d, why, sizeof(why));
	if (!d->dnd[kind])
		say("do-not-disturb source %s not used: %s", dnd_kinds[kind].name, why);
	return d->dnd[kind] != NULL;
}

/* Sleep and do-not-disturb: each adapter that cannot run here is logged and left out. */
static void open_session_sources(struct daemon *d)
{
	char why[256] = "", no_system[256] = "";
	sd_bus *system = system_bus(d, no_system, sizeof(no_system));
	if (system)
		d->sleep = mb_sleep_logind_create(d->loop, system, &sleep_listener, d, why,
			sizeof(why));
	if (d->sleep)
		say("suspend and resume: from logind");
	else
		say("suspend and resume are not seen: %s", system ? why : no_system);

	for (size_t i = 0; i < DND_KINDS_LEN; i++) {
		if (!open_dnd_source(d, i))
			continue;
		say("do-not-disturb source: %s%s", d->dnd[i]->impl->name,
			d->dnd[i]->on ? " (on)" : "");
		if (d->dnd[i]->on)
			d->dnd_on++;
	}
}

/*
 * SIGHUP: open the sources just switched on and close those just switched
 * off, telling the scheduler as if each had changed. A source whose switch
 * stayed is left alone, so a reload does not retry one that cannot run here.
 */
static void apply_dnd_switches(struct daemon *d, const struct mb_config *old)
{
	for (size_t i = 0; i < DND_KINDS_LEN; i++) {
		bool was = dnd_switch(old, i), now = dnd_switch(&d->cfg, i);
		if (was == now)
			continue;
		if (now) {
			if (!open_dnd_source(d, i))
				continue;
			say("do-not-disturb source: %s", d->dnd[i]->impl->name);
			if (d->dnd[i]->on)
				on_dnd_changed(d, d->dnd[i]->impl->name, true);
			continue;
		}
		if (d->dnd[i] && d->dnd[i]->on)
			on_dnd_changed(d, d->dnd[i]->impl->name, false);
		mb_dnd_source_destroy(d->dnd[i]);
		d->dnd[i] = NULL;
		say("do-not-disturb source %s: off in the config", dnd_kinds[i].name);
	}
}

static int setup_signals(struct daemon *d)
{
	static const int signals[] = { SIGTERM, SIGINT, SIGHUP };
	sigset_t mask;
	sigemptyset(&mask);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaddset(&mask, signals[i]);
	/* Blocked, the signals wait in a signalfd for the loop instead of interrupting it. */
	sigprocmask(SIG_BLOCK, &mask, NULL);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
		int r = sd_event_add_signal(d->loop, NULL, signals[i], handle_signal, d);
		if (r < 0)
			return r;
	}
	return 0;
}

static int setup_bus(struct daemon *d)
{
	int r = sd_bus_open_user(&d->bus);
	if (r < 0) {
		say("cannot connect to the session bus: %s", strerror(-r));
		return MB_EXIT_FAILURE;
	}
	r = sd_bus_add_object_vtable(d->bus, &d->object, MB_DBUS_PATH, MB_DBUS_INTERFACE, vtable,
		d);
	if (r >= 0)
		r = sd_bus_attach_event(d->bus, d->loop, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0) {
		say("cannot set up the D-Bus service: %s", strerror(-r));
		return MB_EXIT_FAILURE;
	}
	r = sd_bus_request_name(d->bus, MB_DBUS_NAME, 0);
	if (r == -EEXIST) {
		say("another daemon is already running (%s is taken)", MB_DBUS_NAME);
		return MB_EXIT_ALREADY_RUNNING;
	}
	if (r < 0) {
		say("cannot own %s: %s", MB_DBUS_NAME, strerror(-r));
		return MB_EXIT_FAILURE;
	}
	return MB_EXIT_OK;
}

static void finish(struct daemon *d)
{
	if (d->sched)
		track_activity(d, mb_clock_boottime_us(), true);
	if (d->notifier)
		mb_notifier_close(d->notifier);
	mb_notifier_destroy(d->notifier);
	for (size_t i = 0; i < DND_MAX; i++)
		mb_dnd_source_destroy(d->dnd[i]);
	mb_sleep_watch_destroy(d->sleep);
	mb_idle_source_destroy(d->idle);
	sd_event_source_disable_unref(d->timer);
	sd_bus_slot_unref(d->object);
	if (d->bus)
		sd_bus_flush_close_unref(d->bus);
	sd_bus_flush_close_unref(d->system_bus);
	mb_scheduler_destroy(d->sched);
	mb_store_destroy(d->store);
	sd_event_unref(d->loop);
}

int mb_daemon_run(const struct mb_daemon_options *options)
{
	struct daemon d = {
		.break_end_us = INT64_MAX,
		.pause_end_us = INT64_MAX,
		.sent_breaks = UINT32_MAX,
	};
	int code = MB_EXIT_OK;
	const char *debug = getenv("MOVEBREAK_DEBUG");
	d.debug = debug && debug[0];
	if (options->config_path) {
		snprintf(d.config_path, sizeof(d.config_path), "%s", options->config_path);
		d.config_required = true;
	} else if (mb_settings_user_path(d.config_path, sizeof(d.config_path)) < 0) {
		snprintf(d.config_path, sizeof(d.config_path), "config.ini");
	}
	code = check_backend(options->backend);
	if (code == MB_EXIT_OK)
		code = load_config(d.config_path, d.config_required, &d.cfg);
	if (code == MB_EXIT_OK)
		code = plan_breaks(&d.cfg, d.break_us);
	if (code != MB_EXIT_OK)
		return code;

	int r = sd_event_new(&d.loop);
	if (r < 0) {
		say("cannot create the event loop: %s", strerror(-r));
		return MB_EXIT_FAILURE;
	}
	int64_t now = mb_clock_boottime_us();
	struct mb_local_time local;
	local_now(&local, NULL);
	d.sched = mb_scheduler_create(&d.cfg, now, &local);
	r = d.sched ? 0 : -ENOMEM;
	if (r >= 0)
		r = sd_event_add_time(d.loop, &d.timer, CLOCK_BOOTTIME, (uint64_t)now,
			TIMER_ACCURACY_US, handle_timer, &d);
	if (r >= 0)
		r = sd_event_source_set_enabled(d.timer, SD_EVENT_OFF);
	if (r >= 0)
		r = setup_signals(&d);
	if (r < 0) {
		say("cannot set up: %s", strerror(-r));
		code = MB_EXIT_FAILURE;
		goto out;
	}
	/* The name first: a second daemon should leave before it touches anything else. */
	code = setup_bus(&d);
	if (code == MB_EXIT_OK)
		code = open_idle_source(&d, options->backend);
	if (code != MB_EXIT_OK)
		goto out;
	open_session_sources(&d);
	open_notifier(&d);

	char err[512];
	d.store = mb_cli_history_open("daemon", err, sizeof(err));
	if (!d.store) {
		say("warning: breaks will not be recorded: %s", err);
		d.store = mb_store_none_create();
	}
	say("running; settings from %s%s", d.config_path,
		access(d.config_path, F_OK) == 0 ? "" : " (not there: the defaults)");

	/* Someone just started us, so someone is at the desk; an idle source corrects this. */
	feed(&d, MB_SCHEDULER_ACTIVE, now, MB_BREAK_MOVEMENT, 0);
	if (d.dnd_on > 0)
		feed(&d, MB_SCHEDULER_DND_ON, now, MB_BREAK_MOVEMENT, 0);
	r = sd_event_loop(d.loop);
	if (r < 0) {
		say("the event loop failed: %s", strerror(-r));
		code = MB_EXIT_FAILURE;
	}
	say("stopped");
out:
	finish(&d);
	return code;
}

/* The daemon: one sd-event loop, the session fed once per input, its actions carried out. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#include "core/duration.h"
#include "core/prompt.h"
#include "daemon/daemon-internal.h"
#include "daemon/daemon.h"
#include "desktop/tray.h"
#include "platform/clock.h"

/* The kernel may move a wake-up by this much to batch it with others; breaks are not that exact. */
#define TIMER_ACCURACY_US 1000000

void mb_daemon_say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("movebreak daemon: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void say_line(void *data, const char *line)
{
	mb_daemon_say("%s", line);
}

struct mb_session_input mb_daemon_input(enum mb_session_input_kind kind)
{
	return (struct mb_session_input){ .kind = kind };
}

/* The clocks, read once: boot time now, how far the wall clock stands from it, the local day. */
static void stamp(struct mb_session_input *in, int64_t *now_us)
{
	int64_t wall_us = mb_clock_wall_us();
	*now_us = mb_clock_boottime_us();
	in->wall_offset_us = wall_us - *now_us;
	mb_clock_local(wall_us, &in->local, &in->day);
}

/* ---- what the session asks for ---- */

static void log_event(const struct mb_daemon *d, const struct mb_scheduler_event *ev)
{
	char dur[32];
	const char *kind = mb_break_kind_name(ev->brk);
	switch (ev->kind) {
	case MB_SCHEDULER_EV_PROMPT:
		mb_daemon_say("prompt: %s break", kind);
		break;
	case MB_SCHEDULER_EV_REMIND:
		mb_daemon_say("remind: %s break still waiting", kind);
		break;
	case MB_SCHEDULER_EV_START:
		mb_daemon_say("start: %s break, %s planned", kind,
			mb_duration_format(d->break_us[ev->brk], dur, sizeof(dur)));
		break;
	case MB_SCHEDULER_EV_DONE:
		mb_daemon_say("done: %s break", kind);
		break;
	case MB_SCHEDULER_EV_POSTPONE:
		mb_daemon_say("postpone: %s break (%u in a row)", kind, ev->postpones);
		break;
	case MB_SCHEDULER_EV_POSTPONE_REFUSED:
		mb_daemon_say("postpone refused: %s break postponed %u times in a row already",
			kind, ev->postpones);
		break;
	case MB_SCHEDULER_EV_SKIP:
		mb_daemon_say("skip: %s break", kind);
		break;
	case MB_SCHEDULER_EV_NATURAL_BREAK:
		mb_daemon_say("natural break: back after %s idle",
			mb_duration_format(ev->idle_us, dur, sizeof(dur)));
		break;
	case MB_SCHEDULER_EV_SUSPEND:
		mb_daemon_say("suspend");
		break;
	case MB_SCHEDULER_EV_RESUME:
		mb_daemon_say("resume");
		break;
	case MB_SCHEDULER_EV_PAUSE:
		mb_daemon_say("paused");
		break;
	case MB_SCHEDULER_EV_UNPAUSE:
		mb_daemon_say("resumed");
		break;
	case MB_SCHEDULER_EV_WITHDRAW:
		mb_daemon_say("withdraw: %s break, taken back", kind);
		break;
	}
}

/* The habit the prompt tells of, read again when the day or the history changed. */
static const struct mb_habit *habit(struct mb_daemon *d, int64_t day)
{
	int64_t version = 0;
	if (mb_store_data_version(d->store, &version) < 0 || version != d->habit_version)
		d->habit_stale = true;
	d->habit_version = version;
	if (d->habit_stale || d->habit.day != day) {
		int r = mb_habit_load(&d->habit, d->store, day, d->cfg.stats_goal);
		if (r < 0)
			mb_daemon_say("cannot read the challenge and the streak: %s", strerror(-r));
		d->habit_stale = r < 0;
	}
	return &d->habit;
}

/*
 * Plan each kind of break at the routine now chosen for it, at the program day's minutes
 * when a program chose it, so that its rows and its planned end are that routine's.
 */
static void plan_lengths(struct mb_daemon *d)
{
	int64_t lengths[2] = { d->break_us[0], d->break_us[1] };
	for (int k = 0; k < 2; k++) {
		const struct mb_break_choice *c = &d->choice[k];
		int64_t target_us = k == MB_BREAK_MICRO ?
			d->cfg.micro_duration_us :
			(int64_t)((c->minutes > 0 ? c->minutes : MB_DEFAULT_MINUTES) * 60 *
				MB_US_PER_S);
		int64_t us;
		if (c->routine[0] &&
			mb_catalog_plan_length(c->routine, target_us, &us) == MB_EXIT_OK)
			lengths[k] = us;
	}
	if (lengths[0] != d->break_us[0] || lengths[1] != d->break_us[1]) {
		d->break_us[0] = lengths[0];
		d->break_us[1] = lengths[1];
		mb_session_set_break_lengths(d->session, lengths);
	}
}

/* The routine of each kind of break, chosen again when the day or the history changed. */
static const struct mb_break_choice *choice_on(struct mb_daemon *d, enum mb_break_kind brk,
	int64_t day)
{
	/* Without a history nothing but the day and a reload changes the choice. */
	int64_t version = 0;
	if (d->store &&
		(mb_store_data_version(d->store, &version) < 0 || version != d->choice_version))
		d->choice_stale = true;
	d->choice_version = version;
	if (d->choice_stale || d->choice_day != day) {
		char said[2][sizeof(d->choice[0].warning)];
		for (int k = 0; k < 2; k++) {
			snprintf(said[k], sizeof(said[k]), "%s", d->choice[k].warning);
			/* The challenge comes from the habit: one read of it serves both. */
			const struct mb_habit *h = habit(d, day);
			int r = mb_break_choose_from(d->store, &d->cfg, (enum mb_break_kind)k, day,
				h->has_challenge ? &h->record : NULL, &h->challenge, &d->choice[k]);
			if (r < 0)
				mb_daemon_say("cannot read the challenge's program: %s",
					strerror(-r));
			/* A warning is said once, not at every look. */
			if (d->choice[k].warning[0] && strcmp(said[k], d->choice[k].warning) != 0)
				mb_daemon_say("%s", d->choice[k].warning);
		}
		d->choice_day = day;
		d->choice_stale = false;
		plan_lengths(d);
	}
	return &d->choice[brk];
}

const struct mb_break_choice *mb_daemon_choice(struct mb_daemon *d, enum mb_break_kind brk)
{
	struct mb_session_input in;
	int64_t now_us;
	stamp(&in, &now_us);
	return choice_on(d, brk, in.day);
}

void mb_daemon_challenge_line(struct mb_daemon *d, char *out, size_t len)
{
	struct mb_session_status st;
	mb_session_status(d->session, mb_clock_boottime_us(), &st);
	struct mb_session_input in;
	int64_t now_us;
	stamp(&in, &now_us);
	char streak[8];
	mb_habit_lines(habit(d, in.day), st.movement_today, out, len, streak, sizeof(streak));
}

static void show_prompt(struct mb_daemon *d, enum mb_break_kind brk, int64_t day)
{
	struct mb_session_status st;
	mb_session_status(d->session, mb_clock_boottime_us(), &st);
	char challenge[160], streak[160], title[64], body[560], offer[256] = "";
	mb_habit_lines(habit(d, day), st.movement_today, challenge, sizeof(challenge), streak,
		sizeof(streak));
	/*
	 * The prompt names the routine and its length, after a program's day: "Shoulder reset ·
	 * 4 min", "Day 5 of 30 · Neck release · 2 min". choice_on planned the length.
	 */
	const struct mb_break_choice *choice = choice_on(d, brk, day);
	int code = 0;
	struct mb_routine *routine = mb_catalog_load(choice->routine, &code);
	mb_prompt_offer(choice->day_line, routine ? routine->title : choice->routine,
		d->break_us[brk], offer, sizeof(offer));
	mb_routine_destroy(routine);
	mb_prompt_text(brk, offer, challenge, streak, title, sizeof(title), body, sizeof(body));
	int r = mb_notifier_show(d->notifier, title, body);
	if (r < 0)
		mb_daemon_say("cannot show the prompt: %s", strerror(-r));
}

static void record(struct mb_daemon *d, struct mb_session_action *a)
{
	int r = a->kind == MB_SESSION_RECORD_BREAK ? mb_store_add(d->store, &a->record) :
						     mb_store_activity_add(d->store, &a->activity);
	if (r < 0) {
		char why[512];
		mb_daemon_say("%s", mb_cli_history_error(d->store, r, why, sizeof(why)));
	}
}

/* Carry out what the session asked for; returns its refusal, or -1. */
static int perform(struct mb_daemon *d, struct mb_session_action *actions, size_t n, int64_t day)
{
	int refusal = -1;
	for (size_t i = 0; i < n; i++) {
		struct mb_session_action *a = &actions[i];
		switch (a->kind) {
		case MB_SESSION_EVENT:
			log_event(d, &a->event);
			break;
		case MB_SESSION_NOTE:
			mb_daemon_say("%s", a->note);
			break;
		case MB_SESSION_SHOW_PROMPT:
			show_prompt(d, a->brk, day);
			break;
		case MB_SESSION_WITHDRAW_PROMPT:
			mb_notifier_close(d->notifier);
			break;
		case MB_SESSION_RECORD_BREAK:
			/* The daemon's rows name the routine the break offers, a program's included. */
			if (a->record.outcome != MB_OUTCOME_NATURAL) {
				snprintf(a->record.routine, sizeof(a->record.routine), "%.*s",
					(int)sizeof(a->record.routine) - 1,
					choice_on(d, a->brk, day)->routine);
				/* ... and plan it at that routine, as choice_on told the session. */
				a->record.planned_us = d->break_us[a->brk];
			}
			record(d, a);
			break;
		case MB_SESSION_RECORD_ACTIVITY:
			record(d, a);
			break;
		case MB_SESSION_RUN_BREAK:
			mb_daemon_run_break(d, a->brk);
			break;
		case MB_SESSION_SIGNAL:
			mb_daemon_service_signal(d, a);
			break;
		case MB_SESSION_STATUS_CHANGED:
			mb_daemon_service_changed(d);
			mb_daemon_tray_changed(d);
			break;
		case MB_SESSION_REFUSED:
			if (refusal < 0)
				refusal = (int)a->refusal;
			break;
		}
	}
	return refusal;
}

static void arm_timer(struct mb_daemon *d)
{
	int64_t next = mb_session_next_deadline(d->session);
	int r;
	if (next == INT64_MAX) {
		r = sd_event_source_set_enabled(d->timer, SD_EVENT_OFF);
	} else {
		r = sd_event_source_set_time(d->timer, (uint64_t)next);
		if (r >= 0)
			r = sd_event_source_set_enabled(d->timer, SD_EVENT_ONESHOT);
	}
	if (r < 0)
		mb_daemon_say("cannot arm the timer: %s", strerror(-r));
}

int mb_daemon_feed(struct mb_daemon *d, struct mb_session_input *in, int64_t boot_us)
{
	int64_t now_us;
	stamp(in, &now_us);
	in->boot_us = boot_us ? boot_us : now_us;
	if (d->feeding)
		return -1;
	d->feeding = true;
	struct mb_session_action actions[MB_SESSION_ACTIONS_MAX];
	size_t n = mb_session_feed(d->session, in, actions, MB_SESSION_ACTIONS_MAX);
	if (n > MB_SESSION_ACTIONS_MAX) {
		mb_daemon_say("%zu session actions were lost", n - MB_SESSION_ACTIONS_MAX);
		n = MB_SESSION_ACTIONS_MAX;
	}
	int refusal = perform(d, actions, n, in->day);
	arm_timer(d);
	d->feeding = false;
	return refusal;
}

void mb_daemon_status(struct mb_daemon *d, struct mb_session_status *st)
{
	if (!d->feeding) {
		struct mb_session_input in = mb_daemon_input(MB_SESSION_READ);
		mb_daemon_feed(d, &in, 0);
	}
	mb_session_status(d->session, mb_clock_boottime_us(), st);
}

static int handle_timer(sd_event_source *src, uint64_t usec, void *data)
{
	struct mb_session_input in = mb_daemon_input(MB_SESSION_TICK);
	mb_daemon_feed(data, &in, 0);
	return 0;
}

/* ---- what the adapters say ---- */

static void on_idle(void *data, int64_t last_input_us)
{
	struct mb_daemon *d = data;
	if (d->debug)
		mb_daemon_say("idle since %.1fs ago",
			(double)(mb_clock_boottime_us() - last_input_us) / 1e6);
	struct mb_session_input in = mb_daemon_input(MB_SESSION_IDLE);
	mb_daemon_feed(d, &in, last_input_us);
}

static void on_active(void *data, int64_t now_us)
{
	struct mb_daemon *d = data;
	if (d->debug)
		mb_daemon_say("active");
	struct mb_session_input in = mb_daemon_input(MB_SESSION_ACTIVE);
	mb_daemon_feed(d, &in, now_us);
}

static const struct mb_idle_listener idle_listener = {
	.idle = on_idle,
	.active = on_active,
};

static void on_suspend(void *data, int64_t now_us)
{
	struct mb_session_input in = mb_daemon_input(MB_SESSION_SUSPEND);
	mb_daemon_feed(data, &in, now_us);
}

static void on_resume(void *data, int64_t now_us)
{
	struct mb_session_input in = mb_daemon_input(MB_SESSION_RESUME);
	mb_daemon_feed(data, &in, now_us);
}

static const struct mb_sleep_listener sleep_listener = {
	.suspend = on_suspend,
	.resume = on_resume,
};

/* One source's switch, by its slot; prompts wait while any is on. */
static void dnd_changed(struct mb_daemon *d, size_t kind, bool on)
{
	mb_daemon_say("do not disturb: %s %s", mb_dnd_kind_name(kind), on ? "on" : "off");
	struct mb_session_input in = mb_daemon_input(MB_SESSION_DND);
	in.source = (unsigned)kind;
	in.on = on;
	mb_daemon_feed(d, &in, 0);
}

static void on_dnd_changed(void *data, const char *name, bool on)
{
	struct mb_daemon *d = data;
	for (size_t i = 0; i < mb_dnd_kind_count(); i++)
		if (d->dnd[i] && strcmp(d->dnd[i]->impl->name, name) == 0)
			dnd_changed(d, i, on);
}

static const struct mb_dnd_listener dnd_listener = {
	.changed = on_dnd_changed,
};

static void on_notify_action(void *data, enum mb_notify_action action)
{
	struct mb_daemon *d = data;
	struct mb_session_status st;
	mb_session_status(d->session, mb_clock_boottime_us(), &st);
	/* A click on a bubble the daemon has already taken back answers nothing. */
	bool waiting = st.sched.prompt_shown || st.sched.prompt_pending ||
		st.sched.prompt_postponed;
	if (!waiting || st.sched.in_break || action == MB_NOTIFY_DISMISSED)
		return;
	struct mb_session_input in = mb_daemon_input(action == MB_NOTIFY_START ? MB_SESSION_START :
			action == MB_NOTIFY_POSTPONE ? MB_SESSION_POSTPONE :
						       MB_SESSION_SKIP);
	in.brk = st.sched.prompt_brk;
	mb_daemon_feed(d, &in, 0);
}

static const struct mb_notify_listener notify_listener = {
	.action = on_notify_action,
};

/* ---- settings ---- */

/* Load the settings; the first problem's line goes to first (when not NULL) as it is logged. */
static int load_config(const char *path, bool required, struct mb_config *cfg, char *first,
	size_t first_len)
{
	struct mb_diags diags = { 0 };
	int ret = mb_settings_load(path, required, cfg, &diags, NULL, 0);
	if (ret == -ENOMEM)
		mb_daemon_say("out of memory");
	else if (ret < 0)
		mb_diags_print(stderr, "", path, &diags);
	if (first && first_len > 0) {
		first[0] = '\0';
		if (ret == -ENOMEM)
			snprintf(first, first_len, "%s: out of memory", path);
		else if (ret < 0 && diags.len > 0)
			mb_diag_format(first, first_len, path, &diags.items[0]);
		else if (ret < 0)
			snprintf(first, first_len, "%s: cannot be used", path);
	}
	return ret == 0 ? MB_EXIT_OK : ret == -ENOMEM ? MB_EXIT_FAILURE : MB_EXIT_USAGE;
}

/*
 * The activity source measures idle against prompt.lull, so a new lull needs
 * a new source of the same kind. The session keeps what it was told; the new
 * source reports from the next edge on.
 */
static void renew_idle_source(struct mb_daemon *d)
{
	int i = mb_idle_backend_find(d->idle->impl->name);
	char why[256] = "";
	struct mb_idle_source *fresh = i < 0 ?
		NULL :
		mb_idle_backend_create(&d->adapters, (size_t)i, d->cfg.lull_us, why, sizeof(why));
	if (!fresh) {
		mb_daemon_say("activity source %s keeps the old prompt.lull: %s",
			d->idle->impl->name, why);
		return;
	}
	mb_idle_source_destroy(d->idle);
	d->idle = fresh;
	mb_session_set_activity_source(d->session, fresh->threshold_us, false);
	mb_daemon_say("activity source %s now waits %.1fs for idle", fresh->impl->name,
		(double)fresh->threshold_us / 1e6);
}

/*
 * Open the do-not-disturb sources switched on, and on SIGHUP close those
 * just switched off, telling the session as if each had changed. A source
 * whose switch stayed is left alone, so a reload does not retry one that
 * cannot run here.
 */
static void apply_dnd_switches(struct mb_daemon *d, const struct mb_config *old)
{
	for (size_t i = 0; i < mb_dnd_kind_count() && i < MB_DAEMON_DND_MAX; i++) {
		bool was = old && mb_dnd_kind_enabled(old, i),
		     now = mb_dnd_kind_enabled(&d->cfg, i);
		if (old && was == now)
			continue;
		if (now || !old) {
			d->dnd[i] = mb_dnd_open(&d->adapters, &d->cfg, i);
			if (!d->dnd[i])
				continue;
			mb_daemon_say("do-not-disturb source: %s%s", d->dnd[i]->impl->name,
				d->dnd[i]->on ? " (on)" : "");
			if (d->dnd[i]->on)
				dnd_changed(d, i, true);
			continue;
		}
		if (d->dnd[i] && d->dnd[i]->on)
			dnd_changed(d, i, false);
		mb_dnd_source_destroy(d->dnd[i]);
		d->dnd[i] = NULL;
		mb_daemon_say("do-not-disturb source %s: off in the config", mb_dnd_kind_name(i));
	}
}

int mb_daemon_reload(struct mb_daemon *d, char *why, size_t why_len)
{
	struct mb_config cfg;
	if (load_config(d->config_path, d->config_required, &cfg, why, why_len) != MB_EXIT_OK) {
		mb_daemon_say("%s has problems; kept the settings in use", d->config_path);
		return -EINVAL;
	}
	int64_t break_us[2] = { 0, 0 };
	if (mb_catalog_break_lengths(&cfg, break_us) != MB_EXIT_OK) {
		mb_daemon_say("a routine in %s cannot be used; kept the settings in use",
			d->config_path);
		if (why && why_len > 0)
			snprintf(why, why_len, "%s: a routine it names cannot be used",
				d->config_path);
		return -EINVAL;
	}
	struct mb_session_input in = mb_daemon_input(MB_SESSION_READ);
	mb_daemon_feed(d, &in, 0);
	bool new_lull = cfg.lull_us != d->cfg.lull_us;
	struct mb_config old = d->cfg;
	d->cfg = cfg;
	d->break_us[0] = break_us[0];
	d->break_us[1] = break_us[1];
	d->habit_stale = true;
	d->choice_stale = true;
	mb_session_set_config(d->session, &cfg, break_us);
	mb_daemon_say("reloaded %s", d->config_path);
	if (new_lull)
		renew_idle_source(d);
	apply_dnd_switches(d, &old);
	mb_daemon_tray_apply(d);
	in = mb_daemon_input(MB_SESSION_TICK);
	mb_daemon_feed(d, &in, 0);
	if (why && why_len > 0)
		why[0] = '\0';
	return 0;
}

static int handle_signal(sd_event_source *src, const struct signalfd_siginfo *si, void *data)
{
	struct mb_daemon *d = data;
	if (si->ssi_signo != SIGHUP) {
		mb_daemon_say("shutting down on %s",
			si->ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
		return sd_event_exit(d->loop, 0);
	}
	mb_daemon_reload(d, NULL, 0);
	return 0;
}

static int setup_signals(struct mb_daemon *d)
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

/* Check a --backend name before anything starts; returns an exit code. */
static int check_backend(const char *wanted)
{
	if (!wanted || mb_idle_backend_find(wanted) >= 0)
		return MB_EXIT_OK;
	char names[256] = "";
	for (size_t i = 0; i < mb_idle_backend_count(); i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			i ? ", " : "", mb_idle_backend_name(i));
	fprintf(stderr, "movebreak daemon: --backend: unknown activity source '%s' (one of %s)\n",
		wanted, names);
	return MB_EXIT_USAGE;
}

/* The session, at the state the history says today is in. */
static int start_session(struct mb_daemon *d)
{
	struct mb_session_input in = mb_daemon_input(MB_SESSION_TICK);
	int64_t now_us;
	stamp(&in, &now_us);
	in.boot_us = now_us;
	d->session = mb_session_create(&d->cfg, d->break_us, &in);
	if (!d->session)
		return -ENOMEM;
	unsigned done, movement, natural;
	int r = mb_stats_day_counts(d->store, in.day, &done, &movement, &natural);
	if (r < 0)
		mb_daemon_say("cannot count today's breaks: %s", strerror(-r));
	mb_session_set_today(d->session, in.day, done, movement, natural);
	return 0;
}

static void finish(struct mb_daemon *d)
{
	if (d->session) {
		struct mb_session_input in = mb_daemon_input(MB_SESSION_STOP);
		mb_daemon_feed(d, &in, 0);
	}
	if (d->notifier)
		mb_notifier_close(d->notifier);
	mb_notifier_destroy(d->notifier);
	mb_tray_destroy(d->tray);
	for (size_t i = 0; i < MB_DAEMON_DND_MAX; i++)
		mb_dnd_source_destroy(d->dnd[i]);
	mb_sleep_watch_destroy(d->sleep);
	mb_idle_source_destroy(d->idle);
	sd_event_source_disable_unref(d->timer);
	mb_daemon_service_finish(d);
	mb_adapters_finish(&d->adapters);
	mb_session_destroy(d->session);
	mb_habit_finish(&d->habit);
	mb_store_destroy(d->store);
	sd_event_unref(d->loop);
}

int mb_daemon_run(const struct mb_daemon_options *options)
{
	struct mb_daemon d = { .habit_stale = true, .choice_stale = true };
	const char *debug = getenv("MOVEBREAK_DEBUG");
	d.debug = debug && debug[0];
	if (options->config_path) {
		snprintf(d.config_path, sizeof(d.config_path), "%s", options->config_path);
		d.config_required = true;
	} else if (mb_settings_user_path(d.config_path, sizeof(d.config_path)) < 0) {
		snprintf(d.config_path, sizeof(d.config_path), "config.ini");
	}
	int code = check_backend(options->backend);
	if (code == MB_EXIT_OK)
		code = load_config(d.config_path, d.config_required, &d.cfg, NULL, 0);
	if (code == MB_EXIT_OK)
		code = mb_catalog_break_lengths(&d.cfg, d.break_us);
	if (code != MB_EXIT_OK)
		return code;

	int r = sd_event_new(&d.loop);
	if (r < 0) {
		mb_daemon_say("cannot create the event loop: %s", strerror(-r));
		return MB_EXIT_FAILURE;
	}
	r = sd_event_add_time(d.loop, &d.timer, CLOCK_BOOTTIME, 0, TIMER_ACCURACY_US, handle_timer,
		&d);
	if (r >= 0)
		r = sd_event_source_set_enabled(d.timer, SD_EVENT_OFF);
	if (r >= 0)
		r = setup_signals(&d);
	if (r < 0) {
		mb_daemon_say("cannot set up: %s", strerror(-r));
		code = MB_EXIT_FAILURE;
		goto out;
	}
	/* The name first: a second daemon should leave before it touches anything else. */
	code = mb_daemon_service_start(&d);
	if (code != MB_EXIT_OK)
		goto out;

	char err[512];
	d.store = mb_cli_history_open("daemon", err, sizeof(err));
	if (!d.store) {
		mb_daemon_say("warning: breaks will not be recorded: %s", err);
		d.store = mb_store_none_create();
	}
	if (start_session(&d) < 0) {
		mb_daemon_say("out of memory");
		code = MB_EXIT_FAILURE;
		goto out;
	}
	d.adapters = (struct mb_adapters){
		.loop = d.loop,
		.session = d.bus,
		.idle = &idle_listener,
		.sleep = &sleep_listener,
		.dnd = &dnd_listener,
		.notify = &notify_listener,
		.data = &d,
		.log = say_line,
	};
	if (!mb_gui_find(d.adapters.gui_path, sizeof(d.adapters.gui_path)))
		d.adapters.gui_path[0] = '\0';
	d.idle = mb_idle_open(&d.adapters, options->backend, d.cfg.lull_us);
	if (!d.idle) {
		code = MB_EXIT_FAILURE;
		goto out;
	}
	mb_session_set_activity_source(d.session, d.idle->threshold_us, false);
	d.sleep = mb_sleep_open(&d.adapters);
	d.notifier = mb_notifier_open(&d.adapters);
	mb_daemon_tray_apply(&d);
	mb_daemon_say("running; settings from %s%s", d.config_path,
		access(d.config_path, F_OK) == 0 ? "" : " (not there: the defaults)");

	/* Someone just started us, so someone is at the desk; an idle source corrects this. */
	struct mb_session_input in = mb_daemon_input(MB_SESSION_ACTIVE);
	mb_daemon_feed(&d, &in, 0);
	apply_dnd_switches(&d, NULL);
	r = sd_event_loop(d.loop);
	if (r < 0) {
		mb_daemon_say("the event loop failed: %s", strerror(-r));
		code = MB_EXIT_FAILURE;
	}
	mb_daemon_say("stopped");
out:
	finish(&d);
	return code;
}

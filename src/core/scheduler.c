/* The break scheduler: active-time timers, natural breaks, gentle prompting, postpone and skip. */
#include <stdint.h>
#include <stdlib.h>

#include "core/scheduler.h"

#define WEEK_US (7 * MB_DAY_US)

enum prompt_state {
	PROMPT_NONE,
	/* Due, waiting for a lull, for do-not-disturb to end or for working hours. */
	PROMPT_PENDING,
	/* Given and not answered yet. */
	PROMPT_SHOWN,
	/* Answered with postpone; turns pending again at postponed_until_us. */
	PROMPT_POSTPONED,
};

struct mb_scheduler {
	struct mb_config cfg;
	bool has_schedule;
	/* Every deadline up to here has been handled. */
	int64_t now_us;
	/* The local week time (Monday 00:00 = 0) at anchor_us, from the caller's last call. */
	int64_t anchor_us, anchor_week_us;

	bool active, suspended, dnd;
	/* A pause asked for by the user, since paused_since_us. */
	bool paused;
	int64_t paused_since_us;
	/* When !active: the start of this idle period. */
	int64_t idle_since_us;
	/* What this idle period has been credited with so far, and whether to report it. */
	bool idle_micro_credited, idle_natural_credited, idle_report;

	/* Active time toward each break, and in all. */
	int64_t movement_us, micro_us, active_total_us;

	enum prompt_state prompt;
	enum mb_break_kind prompt_brk;
	/* PENDING: when it fell due, which is when the wait for a lull began. */
	int64_t due_us;
	int64_t postponed_until_us;
	/* SHOWN: active time since the prompt or its last reminder. */
	int64_t remind_us;
	unsigned postpones;

	bool in_break;
	/*
	 * The timers and postpone count as they stood when the running break
	 * began: a postpone from inside the break puts them back.
	 */
	int64_t before_break_movement_us, before_break_micro_us;
	unsigned before_break_postpones;
	enum mb_break_kind break_brk;
};

/* Where one call's events go; counts past the end so the caller can tell it lost some. */
struct sink {
	struct mb_scheduler_event *events;
	size_t cap, len;
};

static const char *const event_names[] = {
	[MB_SCHEDULER_EV_PROMPT] = "prompt",
	[MB_SCHEDULER_EV_REMIND] = "remind",
	[MB_SCHEDULER_EV_START] = "start",
	[MB_SCHEDULER_EV_DONE] = "done",
	[MB_SCHEDULER_EV_POSTPONE] = "postpone",
	[MB_SCHEDULER_EV_POSTPONE_REFUSED] = "postpone_refused",
	[MB_SCHEDULER_EV_SKIP] = "skip",
	[MB_SCHEDULER_EV_NATURAL_BREAK] = "natural_break",
	[MB_SCHEDULER_EV_SUSPEND] = "suspend",
	[MB_SCHEDULER_EV_RESUME] = "resume",
	[MB_SCHEDULER_EV_WITHDRAW] = "withdraw",
	[MB_SCHEDULER_EV_PAUSE] = "pause",
	[MB_SCHEDULER_EV_UNPAUSE] = "unpause",
};

const char *mb_scheduler_event_name(enum mb_scheduler_event_kind kind)
{
	if ((size_t)kind >= sizeof(event_names) / sizeof(event_names[0]))
		return "unknown";
	return event_names[kind];
}

static void emit(struct mb_scheduler *s, struct sink *out, enum mb_scheduler_event_kind kind,
	enum mb_break_kind brk)
{
	if (out->len < out->cap) {
		out->events[out->len] = (struct mb_scheduler_event){
			.kind = kind,
			.t_us = s->now_us,
			.brk = brk,
			.postpones = s->postpones,
		};
		if (kind == MB_SCHEDULER_EV_NATURAL_BREAK)
			out->events[out->len].idle_us = s->now_us - s->idle_since_us;
	}
	out->len++;
}

static int64_t floor_mod(int64_t a, int64_t m)
{
	int64_t r = a % m;
	return r < 0 ? r + m : r;
}

static void set_anchor(struct mb_scheduler *s, int64_t now_us, const struct mb_local_time *local)
{
	int64_t day_us = local->day_us;
	if (day_us < 0)
		day_us = 0;
	/* A leap second reads 23:59:60; it belongs to the day it ends. */
	if (day_us >= MB_DAY_US)
		day_us = MB_DAY_US - 1;
	s->anchor_us = now_us;
	s->anchor_week_us = floor_mod(local->weekday, 7) * MB_DAY_US + day_us;
}

static int64_t week_time(const struct mb_scheduler *s, int64_t t_us)
{
	return floor_mod(s->anchor_week_us + floor_mod(t_us - s->anchor_us, WEEK_US), WEEK_US);
}

/* Whether a local week time lies in the working days and hours. */
static bool window_contains(const struct mb_config *cfg, int64_t week_us)
{
	int day = (int)(week_us / MB_DAY_US);
	int64_t tod = week_us % MB_DAY_US;
	int64_t start = cfg->hours_start_us, end = cfg->hours_end_us;
	if (start == end)
		return cfg->days[day];
	if (start < end)
		return cfg->days[day] && tod >= start && tod < end;
	/* Hours past midnight belong to the working day they started on. */
	return (cfg->days[day] && tod >= start) || (cfg->days[(day + 6) % 7] && tod < end);
}

static bool in_window(const struct mb_scheduler *s)
{
	return !s->has_schedule || window_contains(&s->cfg, week_time(s, s->now_us));
}

/* The first monotonic time after now at which the working window opens or closes. */
static int64_t next_window_change(const struct mb_scheduler *s)
{
	int64_t w = week_time(s, s->now_us);
	bool inside = window_contains(&s->cfg, w);
	/* The window only changes at a midnight, a start or an end; a week and a day covers all. */
	int64_t marks[3] = { 0, s->cfg.hours_start_us, s->cfg.hours_end_us };
	int64_t day_start = w - w % MB_DAY_US, best = INT64_MAX;
	for (int64_t day = 0; day <= 8; day++) {
		for (int i = 0; i < 3; i++) {
			int64_t at = day_start + day * MB_DAY_US + marks[i];
			if (at > w && at < best &&
				window_contains(&s->cfg, floor_mod(at, WEEK_US)) != inside)
				best = at;
		}
	}
	return best == INT64_MAX ? INT64_MAX : s->now_us + (best - w);
}

/* Whether active time counts right now. */
static bool counting(const struct mb_scheduler *s)
{
	return s->active && !s->suspended && !s->in_break && !s->paused && in_window(s);
}

/* Whether a prompt may be given right now. */
static bool may_prompt(const struct mb_scheduler *s)
{
	return !s->dnd && !s->suspended && !s->in_break && !s->paused && in_window(s);
}

static void begin_idle(struct mb_scheduler *s)
{
	s->active = false;
	s->idle_since_us = s->now_us;
	s->idle_micro_credited = false;
	s->idle_natural_credited = false;
	s->idle_report = false;
}

/* Take back whatever prompt is outstanding; only a shown one needs telling the user. */
static void drop_prompt(struct mb_scheduler *s, struct sink *out)
{
	if (s->prompt == PROMPT_SHOWN)
		emit(s, out, MB_SCHEDULER_EV_WITHDRAW, s->prompt_brk);
	s->prompt = PROMPT_NONE;
	s->postpones = 0;
}

static void make_pending(struct mb_scheduler *s, enum mb_break_kind brk)
{
	s->prompt = PROMPT_PENDING;
	s->prompt_brk = brk;
	s->due_us = s->now_us;
}

static bool movement_due(const struct mb_scheduler *s)
{
	return s->cfg.movement_every_us > 0 && s->movement_us >= s->cfg.movement_every_us;
}

static bool micro_due(const struct mb_scheduler *s)
{
	return s->cfg.micro_every_us > 0 && s->micro_us >= s->cfg.micro_every_us;
}

static void credit_idle(struct mb_scheduler *s, struct sink *out)
{
	if (s->active || s->in_break || s->paused)
		return;
	int64_t idle_us = s->now_us - s->idle_since_us;
	if (s->cfg.natural_break_us > 0 && !s->idle_natural_credited &&
		idle_us >= s->cfg.natural_break_us) {
		/* Rest, not exercise: both timers start over, and a prompt has lost its point. */
		s->idle_natural_credited = s->idle_micro_credited = true;
		s->idle_report = true;
		s->movement_us = s->micro_us = 0;
		drop_prompt(s, out);
	}
	if (s->cfg.micro_duration_us > 0 && !s->idle_micro_credited &&
		idle_us >= s->cfg.micro_duration_us) {
		s->idle_micro_credited = true;
		s->micro_us = 0;
		if (s->prompt != PROMPT_NONE && s->prompt_brk == MB_BREAK_MICRO)
			drop_prompt(s, out);
	}
}

/*
 * Fire everything that is true at now_us. Each rule is a condition on the
 * state rather than an edge, so running this twice at one instant does
 * nothing the second time; that lets every path just call it.
 */
static void settle(struct mb_scheduler *s, struct sink *out)
{
	credit_idle(s, out);

	if (s->prompt == PROMPT_POSTPONED && s->now_us >= s->postponed_until_us) {
		s->prompt = PROMPT_PENDING;
		s->due_us = s->postponed_until_us;
	}

	if (!s->in_break) {
		if (movement_due(s) &&
			(s->prompt == PROMPT_NONE || s->prompt_brk == MB_BREAK_MICRO)) {
			/* Both due together: the movement break includes the micro-reset. */
			drop_prompt(s, out);
			make_pending(s, MB_BREAK_MOVEMENT);
		} else if (micro_due(s) && s->prompt == PROMPT_NONE) {
			make_pending(s, MB_BREAK_MICRO);
		}
	}

	if (s->prompt == PROMPT_PENDING && may_prompt(s)) {
		bool lull = s->cfg.lull_us == 0 ||
			(!s->active && s->now_us - s->idle_since_us >= s->cfg.lull_us);
		bool waited = s->cfg.max_wait_us > 0 && s->now_us - s->due_us >= s->cfg.max_wait_us;
		if (lull || waited) {
			s->prompt = PROMPT_SHOWN;
			s->remind_us = 0;
			emit(s, out, MB_SCHEDULER_EV_PROMPT, s->prompt_brk);
		}
	}

	if (s->prompt == PROMPT_SHOWN && s->cfg.remind_us > 0 && s->remind_us >= s->cfg.remind_us) {
		s->remind_us = 0;
		emit(s, out, MB_SCHEDULER_EV_REMIND, s->prompt_brk);
	}
}

/* Add the time up to t_us to the timers; no deadline may lie strictly between. */
static void accrue(struct mb_scheduler *s, int64_t t_us)
{
	int64_t dt = t_us - s->now_us;
	if (dt > 0 && counting(s)) {
		s->movement_us += dt;
		s->micro_us += dt;
		s->active_total_us += dt;
		if (s->prompt == PROMPT_SHOWN && !s->dnd)
			s->remind_us += dt;
	}
	if (dt > 0)
		s->now_us = t_us;
}

static void consider(int64_t *best, int64_t now_us, int64_t at_us)
{
	if (at_us > now_us && at_us < *best)
		*best = at_us;
}

int64_t mb_scheduler_next_deadline(const struct mb_scheduler *s)
{
	int64_t best = INT64_MAX, now = s->now_us;
	const struct mb_config *c = &s->cfg;

	/* The window matters only while time could count or a prompt waits for it. */
	if (s->has_schedule &&
		((s->active && !s->suspended && !s->in_break) || s->prompt == PROMPT_PENDING))
		consider(&best, now, next_window_change(s));

	if (counting(s)) {
		if (c->movement_every_us > 0 && s->movement_us < c->movement_every_us)
			consider(&best, now, now + (c->movement_every_us - s->movement_us));
		if (c->micro_every_us > 0 && s->micro_us < c->micro_every_us)
			consider(&best, now, now + (c->micro_every_us - s->micro_us));
		if (s->prompt == PROMPT_SHOWN && !s->dnd && c->remind_us > 0 &&
			s->remind_us < c->remind_us)
			consider(&best, now, now + (c->remind_us - s->remind_us));
	}

	/* Paused, an idle spell does not grow and a waiting prompt does not wait. */
	if (!s->active && !s->in_break && !s->paused) {
		if (c->natural_break_us > 0 && !s->idle_natural_credited)
			consider(&best, now, s->idle_since_us + c->natural_break_us);
		if (c->micro_duration_us > 0 && !s->idle_micro_credited)
			consider(&best, now, s->idle_since_us + c->micro_duration_us);
	}

	if (s->prompt == PROMPT_PENDING && !s->paused) {
		if (!s->active && c->lull_us > 0)
			consider(&best, now, s->idle_since_us + c->lull_us);
		if (c->max_wait_us > 0)
			consider(&best, now, s->due_us + c->max_wait_us);
	}

	if (s->prompt == PROMPT_POSTPONED)
		consider(&best, now, s->postponed_until_us);

	return best;
}

static void start_break(struct mb_scheduler *s, struct sink *out, enum mb_break_kind brk)
{
	if (s->in_break)
		return;
	/* An idle period that already made a natural break is reported before the break begins. */
	if (!s->active && s->idle_report) {
		emit(s, out, MB_SCHEDULER_EV_NATURAL_BREAK, brk);
		s->idle_report = false;
	}
	s->before_break_movement_us = s->movement_us;
	s->before_break_micro_us = s->micro_us;
	s->before_break_postpones = s->postpones;
	/* Starting any break answers the prompt; a different break still due is asked again later. */
	s->prompt = PROMPT_NONE;
	s->postpones = 0;
	s->in_break = true;
	s->break_brk = brk;
	s->micro_us = 0;
	if (brk == MB_BREAK_MOVEMENT)
		s->movement_us = 0;
	emit(s, out, MB_SCHEDULER_EV_START, brk);
}

/* The break ends without being done (postponed or skipped from inside it). */
static void call_off_break(struct mb_scheduler *s)
{
	s->in_break = false;
	/* As after a finished break, a rest now is measured from here. */
	if (!s->active)
		begin_idle(s);
}

/*
 * "Not now" from inside a running break (the break window's Postpone): the
 * break is called off as if it had not started, and its prompt comes back
 * after the delay, as one more postpone in a row.
 */
static void postpone_break(struct mb_scheduler *s, struct sink *out, int64_t delay_us)
{
	if (s->cfg.postpone_delay_us == 0 || s->before_break_postpones >= s->cfg.postpone_max) {
		emit(s, out, MB_SCHEDULER_EV_POSTPONE_REFUSED, s->break_brk);
		return;
	}
	call_off_break(s);
	s->movement_us = s->before_break_movement_us;
	s->micro_us = s->before_break_micro_us;
	s->postpones = s->before_break_postpones;
	s->prompt = PROMPT_SHOWN;
	s->prompt_brk = s->break_brk;
}

static void postpone(struct mb_scheduler *s, struct sink *out, int64_t delay_us)
{
	if (s->in_break) {
		postpone_break(s, out, delay_us);
		if (s->in_break)
			return;
	}
	if (s->prompt == PROMPT_NONE)
		return;
	if (s->cfg.postpone_delay_us == 0 || s->postpones >= s->cfg.postpone_max) {
		emit(s, out, MB_SCHEDULER_EV_POSTPONE_REFUSED, s->prompt_brk);
		return;
	}
	s->postpones++;
	s->prompt = PROMPT_POSTPONED;
	if (delay_us <= 0)
		delay_us = s->cfg.postpone_delay_us;
	if (delay_us > MB_CONFIG_DURATION_MAX_US)
		delay_us = MB_CONFIG_DURATION_MAX_US;
	s->postponed_until_us = s->now_us + delay_us;
	emit(s, out, MB_SCHEDULER_EV_POSTPONE, s->prompt_brk);
}

static void skip(struct mb_scheduler *s, struct sink *out)
{
	/* Skip from inside a running break: it ends, not done; its timer restarted when it began. */
	if (s->in_break) {
		call_off_break(s);
		s->prompt = PROMPT_NONE;
		s->postpones = 0;
		emit(s, out, MB_SCHEDULER_EV_SKIP, s->break_brk);
		return;
	}
	if (s->prompt == PROMPT_NONE)
		return;
	enum mb_break_kind brk = s->prompt_brk;
	emit(s, out, MB_SCHEDULER_EV_SKIP, brk);
	if (brk == MB_BREAK_MOVEMENT) {
		/* A micro-reset due at the same time was folded into this prompt: skipped with it. */
		if (micro_due(s))
			s->micro_us = 0;
		s->movement_us = 0;
	} else {
		s->micro_us = 0;
	}
	s->prompt = PROMPT_NONE;
	s->postpones = 0;
}

/* The time since from_us, leaving out the pause that ended at now: what it would be without it. */
static int64_t skip_pause(const struct mb_scheduler *s, int64_t from_us)
{
	int64_t before = s->paused_since_us - from_us;
	return s->now_us - (before > 0 ? before : 0);
}

static void pause(struct mb_scheduler *s, struct sink *out)
{
	if (s->paused)
		return;
	s->paused = true;
	s->paused_since_us = s->now_us;
	/* Nothing is prompted while paused; the prompt is offered again after it. */
	if (s->prompt == PROMPT_SHOWN) {
		emit(s, out, MB_SCHEDULER_EV_WITHDRAW, s->prompt_brk);
		s->prompt = PROMPT_PENDING;
		s->due_us = s->now_us;
	}
	emit(s, out, MB_SCHEDULER_EV_PAUSE, MB_BREAK_MOVEMENT);
}

static void unpause(struct mb_scheduler *s, struct sink *out)
{
	if (!s->paused)
		return;
	/* An idle spell and a prompt's wait go on from where they stood when the pause began. */
	if (!s->active)
		s->idle_since_us = skip_pause(s, s->idle_since_us);
	if (s->prompt == PROMPT_PENDING)
		s->due_us = skip_pause(s, s->due_us);
	s->paused = false;
	emit(s, out, MB_SCHEDULER_EV_UNPAUSE, MB_BREAK_MOVEMENT);
}

static void apply(struct mb_scheduler *s, const struct mb_scheduler_input *in, struct sink *out)
{
	switch (in->kind) {
	case MB_SCHEDULER_TICK:
		break;
	case MB_SCHEDULER_ACTIVE:
		if (s->active)
			break;
		s->active = true;
		if (s->idle_report && !s->in_break)
			emit(s, out, MB_SCHEDULER_EV_NATURAL_BREAK, MB_BREAK_MOVEMENT);
		s->idle_report = false;
		break;
	case MB_SCHEDULER_IDLE:
		if (s->active)
			begin_idle(s);
		break;
	case MB_SCHEDULER_SUSPEND:
		if (s->suspended)
			break;
		s->suspended = true;
		/* Asleep is idle, however the idle source saw it. */
		if (s->active)
			begin_idle(s);
		emit(s, out, MB_SCHEDULER_EV_SUSPEND, MB_BREAK_MOVEMENT);
		break;
	case MB_SCHEDULER_RESUME:
		if (!s->suspended)
			break;
		s->suspended = false;
		emit(s, out, MB_SCHEDULER_EV_RESUME, MB_BREAK_MOVEMENT);
		break;
	case MB_SCHEDULER_DND_ON:
		s->dnd = true;
		break;
	case MB_SCHEDULER_DND_OFF:
		s->dnd = false;
		break;
	case MB_SCHEDULER_START:
		start_break(s, out, in->brk == MB_BREAK_MICRO ? MB_BREAK_MICRO : MB_BREAK_MOVEMENT);
		break;
	case MB_SCHEDULER_POSTPONE:
		postpone(s, out, in->delay_us);
		break;
	case MB_SCHEDULER_SKIP:
		skip(s, out);
		break;
	case MB_SCHEDULER_PAUSE:
		pause(s, out);
		break;
	case MB_SCHEDULER_UNPAUSE:
		unpause(s, out);
		break;
	case MB_SCHEDULER_FINISHED:
		if (!s->in_break)
			break;
		s->in_break = false;
		emit(s, out, MB_SCHEDULER_EV_DONE, s->break_brk);
		/* The break was not idleness: a rest after it is measured from its end. */
		if (!s->active)
			begin_idle(s);
		break;
	}
}

struct mb_scheduler *mb_scheduler_create(const struct mb_config *cfg, int64_t now_us,
	const struct mb_local_time *local)
{
	struct mb_scheduler *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->cfg = *cfg;
	s->has_schedule = mb_config_has_schedule(cfg);
	s->now_us = now_us;
	set_anchor(s, now_us, local);
	/* Nothing is owed at the start, so the idle the scheduler starts in is rest already taken. */
	s->idle_since_us = now_us;
	s->idle_micro_credited = s->idle_natural_credited = true;
	return s;
}

void mb_scheduler_set_config(struct mb_scheduler *s, const struct mb_config *cfg)
{
	s->cfg = *cfg;
	s->has_schedule = mb_config_has_schedule(cfg);
}

void mb_scheduler_destroy(struct mb_scheduler *s)
{
	free(s);
}

size_t mb_scheduler_feed(struct mb_scheduler *s, const struct mb_scheduler_input *in,
	struct mb_scheduler_event *events, size_t cap)
{
	struct sink out = { .events = events, .cap = events ? cap : 0 };
	int64_t t = in->now_us > s->now_us ? in->now_us : s->now_us;
	for (;;) {
		int64_t deadline = mb_scheduler_next_deadline(s);
		if (deadline > t)
			break;
		accrue(s, deadline);
		settle(s, &out);
	}
	accrue(s, t);
	/* The wall clock may have been set since the last call: from here on, trust the new one. */
	set_anchor(s, t, &in->local);
	settle(s, &out);
	apply(s, in, &out);
	settle(s, &out);
	return out.len;
}

void mb_scheduler_status(const struct mb_scheduler *s, struct mb_scheduler_status *st)
{
	*st = (struct mb_scheduler_status){
		.active_us = s->active_total_us,
		.movement_us = s->movement_us,
		.micro_us = s->micro_us,
		.user_active = s->active,
		.suspended = s->suspended,
		.dnd = s->dnd,
		.paused = s->paused,
		.prompt_pending = s->prompt == PROMPT_PENDING,
		.prompt_shown = s->prompt == PROMPT_SHOWN,
		.prompt_postponed = s->prompt == PROMPT_POSTPONED,
		.prompt_brk = s->prompt_brk,
		.postpones = s->postpones,
		.postponed_until_us = s->postponed_until_us,
		.in_break = s->in_break,
		.break_brk = s->break_brk,
	};
}

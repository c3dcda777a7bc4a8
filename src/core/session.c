/* The daemon's rules around the scheduler, pure: what each input means and what it asks for. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/session.h"

struct mb_session {
	struct mb_scheduler *sched;
	struct mb_config cfg;
	int64_t break_us[2];
	int64_t threshold_us;
	/* The last input's boot time, wall-clock offset, local time and day. */
	int64_t now_us, wall_offset_us;
	struct mb_local_time local;
	int64_t day;
	/* What the activity source said last, and whether it sees sleep; whether the machine sleeps. */
	bool source_idle, source_sees_sleep, asleep;
	/* The do-not-disturb sources that are on, one bit each. */
	uint32_t dnd_mask;
	bool paused;
	int64_t pause_end_us;
	/* A prompt is on screen, so a start answers it. */
	bool prompt_up;
	/*
	 * The break under way: who started it, how many coaches follow it, and
	 * its planned end while none does (INT64_MAX otherwise).
	 */
	bool in_break;
	enum mb_source break_source;
	unsigned coaches;
	int64_t break_end_us;
	/* When the break under way began, and the length planned for it then. */
	int64_t break_began_us, break_planned_us;
	/* Set around a scheduler call made for a coach, which shapes what the events mean. */
	bool start_for_coach, skip_from_coach;
	const char *finish_how;
	unsigned breaks_today, movement_today, natural_today;
	/* The stretch of activity under way: its boot-time start and the active time then. */
	bool stretch_open;
	int64_t stretch_start_us, stretch_active0_us;
	/* What STATUS_CHANGED last told. */
	bool told;
	enum mb_session_state told_state;
	bool told_has_next;
	enum mb_break_kind told_next;
	unsigned told_breaks;
};

struct sink {
	struct mb_session_action *actions;
	size_t cap, len;
	/* Where an action past cap is written, to be counted and dropped. */
	struct mb_session_action spill;
};

static const char *const state_names[] = {
	[MB_SESSION_PAUSED] = "paused",
	[MB_SESSION_ASLEEP] = "asleep",
	[MB_SESSION_IN_BREAK] = "break",
	[MB_SESSION_PROMPTING] = "prompt",
	[MB_SESSION_POSTPONED] = "postponed",
	[MB_SESSION_HELD] = "held",
	[MB_SESSION_DUE] = "due",
	[MB_SESSION_ACTIVE_STATE] = "active",
	[MB_SESSION_IDLE_STATE] = "idle",
};

const char *mb_session_state_name(enum mb_session_state state)
{
	if ((size_t)state >= sizeof(state_names) / sizeof(state_names[0]))
		return "unknown";
	return state_names[state];
}

static struct mb_session_action *push(struct sink *out, enum mb_session_action_kind kind,
	enum mb_break_kind brk)
{
	size_t i = out->len++;
	/* Past cap an action is counted, not kept: the caller sees more than cap and knows. */
	struct mb_session_action *a = i < out->cap ? &out->actions[i] : &out->spill;
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->brk = brk;
	return a;
}

static void note_called_off(struct sink *out, enum mb_break_kind brk)
{
	struct mb_session_action *a = push(out, MB_SESSION_NOTE, brk);
	snprintf(a->note, sizeof(a->note), "the %s break under way is called off",
		mb_break_kind_name(brk));
}

static void signal_of(struct sink *out, enum mb_session_signal signal, enum mb_break_kind brk,
	const char *how)
{
	struct mb_session_action *a = push(out, MB_SESSION_SIGNAL, brk);
	a->signal = signal;
	a->how = how;
}

static void refuse(struct sink *out, enum mb_session_refusal refusal)
{
	push(out, MB_SESSION_REFUSED, MB_BREAK_MOVEMENT)->refusal = refusal;
}

/* One of the daemon's own rows: a moment, written as it happens. */
static void record(struct mb_session *s, struct sink *out, int64_t t_us, enum mb_break_kind brk,
	enum mb_outcome outcome, enum mb_source source)
{
	struct mb_session_action *a = push(out, MB_SESSION_RECORD_BREAK, brk);
	a->record = (struct mb_break_record){
		.start_us = t_us + s->wall_offset_us,
		.end_us = t_us + s->wall_offset_us,
		.planned_us = s->break_us[brk],
		.outcome = outcome,
		.source = source,
		.kind = brk,
	};
	/* A routine given as a long path keeps its start; the column is for people to read. */
	snprintf(a->record.routine, sizeof(a->record.routine), "%.*s",
		(int)sizeof(a->record.routine) - 1,
		brk == MB_BREAK_MICRO ? s->cfg.micro_routine : s->cfg.movement_routine);
}

/* A natural break over the idle spell [from_us, to_us]: rest the user took unasked. */
static void record_natural(struct mb_session *s, struct sink *out, int64_t from_us, int64_t to_us)
{
	struct mb_session_action *a = push(out, MB_SESSION_RECORD_BREAK, MB_BREAK_MOVEMENT);
	a->record = (struct mb_break_record){
		.start_us = from_us + s->wall_offset_us,
		.end_us = to_us + s->wall_offset_us,
		.active_us = to_us - from_us,
		.outcome = MB_OUTCOME_NATURAL,
		.source = MB_SOURCE_MANUAL,
		.kind = MB_BREAK_MOVEMENT,
	};
}

/*
 * A postpone or skip from inside the break under way: it is over, and was
 * not taken. Returns who started it, or MB_SOURCE_PROMPT when none was under
 * way (the answer was to a prompt).
 */
static enum mb_source call_off_break(struct mb_session *s, struct sink *out, enum mb_break_kind brk,
	const char *how)
{
	if (!s->in_break)
		return MB_SOURCE_PROMPT;
	s->in_break = false;
	s->coaches = 0;
	s->break_end_us = INT64_MAX;
	note_called_off(out, brk);
	if (how)
		signal_of(out, MB_SESSION_SIGNAL_FINISHED, brk, how);
	return s->break_source;
}

static void handle_event(struct mb_session *s, struct sink *out,
	const struct mb_scheduler_event *ev)
{
	enum mb_break_kind brk = ev->brk;
	enum mb_source source = MB_SOURCE_PROMPT;
	/* A break under way is called off before the scheduler's word, as the log tells it. */
	if (ev->kind == MB_SCHEDULER_EV_POSTPONE)
		source = call_off_break(s, out, brk, "postponed");
	else if (ev->kind == MB_SCHEDULER_EV_SKIP)
		source = call_off_break(s, out, brk, NULL);
	push(out, MB_SESSION_EVENT, brk)->event = *ev;
	switch (ev->kind) {
	case MB_SCHEDULER_EV_PROMPT:
		s->prompt_up = true;
		push(out, MB_SESSION_SHOW_PROMPT, brk);
		record(s, out, ev->t_us, brk, MB_OUTCOME_PROMPTED, MB_SOURCE_PROMPT);
		signal_of(out, MB_SESSION_SIGNAL_PROMPTED, brk, NULL);
		break;
	case MB_SCHEDULER_EV_REMIND:
		push(out, MB_SESSION_SHOW_PROMPT, brk)->remind = true;
		break;
	case MB_SCHEDULER_EV_START:
		push(out, MB_SESSION_WITHDRAW_PROMPT, brk);
		s->break_source = s->prompt_up ? MB_SOURCE_PROMPT : MB_SOURCE_MANUAL;
		s->prompt_up = false;
		s->in_break = true;
		s->break_began_us = ev->t_us;
		s->break_planned_us = s->break_us[brk];
		record(s, out, ev->t_us, brk, MB_OUTCOME_STARTED, s->break_source);
		if (s->start_for_coach) {
			/* A coach is already running it and will say when it ends. */
			s->coaches = 1;
			s->break_end_us = INT64_MAX;
		} else {
			/* Until a coach says otherwise, the break lasts its planned length. */
			s->coaches = 0;
			s->break_end_us = ev->t_us + s->break_us[brk];
			push(out, MB_SESSION_RUN_BREAK, brk);
		}
		signal_of(out, MB_SESSION_SIGNAL_STARTED, brk, NULL);
		break;
	case MB_SCHEDULER_EV_DONE:
		s->in_break = false;
		s->coaches = 0;
		s->break_end_us = INT64_MAX;
		signal_of(out, MB_SESSION_SIGNAL_FINISHED, brk,
			s->finish_how ? s->finish_how : "done");
		break;
	case MB_SCHEDULER_EV_POSTPONE:
		push(out, MB_SESSION_WITHDRAW_PROMPT, brk);
		s->prompt_up = false;
		record(s, out, ev->t_us, brk, MB_OUTCOME_POSTPONED, source);
		break;
	case MB_SCHEDULER_EV_POSTPONE_REFUSED:
		refuse(out, MB_SESSION_REFUSED_POSTPONE_LIMIT);
		break;
	case MB_SCHEDULER_EV_SKIP:
		push(out, MB_SESSION_WITHDRAW_PROMPT, brk);
		s->prompt_up = false;
		/* A coach that skipped wrote its own row. */
		if (!s->skip_from_coach)
			record(s, out, ev->t_us, brk, MB_OUTCOME_SKIPPED, source);
		signal_of(out, MB_SESSION_SIGNAL_FINISHED, brk, "skipped");
		break;
	case MB_SCHEDULER_EV_NATURAL_BREAK:
		s->natural_today++;
		record_natural(s, out, ev->t_us - ev->idle_us, ev->t_us);
		break;
	case MB_SCHEDULER_EV_WITHDRAW:
		push(out, MB_SESSION_WITHDRAW_PROMPT, brk);
		s->prompt_up = false;
		signal_of(out, MB_SESSION_SIGNAL_FINISHED, brk, "withdrawn");
		break;
	case MB_SCHEDULER_EV_SUSPEND:
	case MB_SCHEDULER_EV_RESUME:
	case MB_SCHEDULER_EV_PAUSE:
	case MB_SCHEDULER_EV_UNPAUSE:
		break;
	}
}

static void feed_scheduler(struct mb_session *s, struct sink *out,
	enum mb_scheduler_input_kind kind, int64_t t_us, enum mb_break_kind brk, int64_t delay_us)
{
	struct mb_scheduler_input in = {
		.kind = kind,
		.now_us = t_us,
		.local = s->local,
		.brk = brk,
		.delay_us = delay_us,
	};
	struct mb_scheduler_event events[MB_SCHEDULER_EVENTS_MAX];
	size_t n = mb_scheduler_feed(s->sched, &in, events, MB_SCHEDULER_EVENTS_MAX);
	for (size_t i = 0; i < n && i < MB_SCHEDULER_EVENTS_MAX; i++)
		handle_event(s, out, &events[i]);
	/* Lost scheduler events count as lost actions, so the caller hears of them. */
	if (n > MB_SCHEDULER_EVENTS_MAX)
		out->len += n - MB_SCHEDULER_EVENTS_MAX;
}

/*
 * Keep the stretch of activity in step with the scheduler: it runs while the
 * user is active, awake, not paused and not in a break, and is written as one
 * row when that ends. t_us is the boot time of the input that changed it.
 */
static void track_activity(struct mb_session *s, struct sink *out, int64_t t_us, bool stopping)
{
	struct mb_scheduler_status st;
	mb_scheduler_status(s->sched, &st);
	bool on = !stopping && st.user_active && !st.suspended && !st.in_break && !st.paused;
	if (on && !s->stretch_open) {
		s->stretch_open = true;
		s->stretch_start_us = t_us;
		s->stretch_active0_us = st.active_us;
	} else if (!on && s->stretch_open) {
		s->stretch_open = false;
		int64_t end_us = t_us > s->stretch_start_us ? t_us : s->stretch_start_us;
		int64_t active_us = st.active_us - s->stretch_active0_us;
		/* The scheduler may have counted up to a call a little after t_us. */
		if (active_us > end_us - s->stretch_start_us)
			active_us = end_us - s->stretch_start_us;
		struct mb_session_action *a = push(out, MB_SESSION_RECORD_ACTIVITY,
			MB_BREAK_MOVEMENT);
		a->activity = (struct mb_activity_record){
			.start_us = s->stretch_start_us + s->wall_offset_us,
			.end_us = end_us + s->wall_offset_us,
			.active_us = active_us > 0 ? active_us : 0,
		};
	}
}

static void end_pause(struct mb_session *s, struct sink *out, int64_t t_us)
{
	s->paused = false;
	s->pause_end_us = INT64_MAX;
	feed_scheduler(s, out, MB_SCHEDULER_UNPAUSE, t_us, MB_BREAK_MOVEMENT, 0);
}

/* A break that ran its planned length with no coach to say otherwise is over. */
static void end_planned_break(struct mb_session *s, struct sink *out, int64_t t_us)
{
	s->break_end_us = INT64_MAX;
	feed_scheduler(s, out, MB_SCHEDULER_FINISHED, t_us, MB_BREAK_MOVEMENT, 0);
}

/* The session's own deadlines up to t_us, in time order; the scheduler's come with them. */
static void run_until(struct mb_session *s, struct sink *out, int64_t t_us)
{
	for (;;) {
		int64_t pause_at = s->paused ? s->pause_end_us : INT64_MAX;
		int64_t next = pause_at < s->break_end_us ? pause_at : s->break_end_us;
		if (next > t_us)
			return;
		if (next == pause_at)
			end_pause(s, out, next);
		else
			end_planned_break(s, out, next);
		/* A stretch of activity may begin right there, without any input. */
		track_activity(s, out, next, false);
	}
}

static bool prompt_waiting(const struct mb_scheduler_status *st)
{
	return st->prompt_shown || st->prompt_pending || st->prompt_postponed;
}

static void coach_began(struct mb_session *s, struct sink *out, const struct mb_session_input *in,
	int64_t t_us)
{
	if (s->in_break) {
		/* The coach of the break the session started, or a second one beside it. */
		if (s->coaches++ == 0)
			s->break_end_us = INT64_MAX;
		return;
	}
	s->start_for_coach = true;
	feed_scheduler(s, out, MB_SCHEDULER_START, t_us, in->brk, 0);
	s->start_for_coach = false;
}

static void coach_ended(struct mb_session *s, struct sink *out, const struct mb_session_input *in,
	int64_t t_us)
{
	/* The coach's own row says it was completed: it counts, whoever started it. */
	if (in->outcome == MB_OUTCOME_COMPLETED && in->day == s->day) {
		s->breaks_today++;
		if (in->brk == MB_BREAK_MOVEMENT)
			s->movement_today++;
	}
	if (!s->in_break || s->coaches == 0 || --s->coaches > 0)
		return;
	if (in->outcome == MB_OUTCOME_SKIPPED) {
		s->skip_from_coach = true;
		feed_scheduler(s, out, MB_SCHEDULER_SKIP, t_us, in->brk, 0);
		s->skip_from_coach = false;
		return;
	}
	s->finish_how = in->outcome == MB_OUTCOME_COMPLETED ? "done" : "partial";
	feed_scheduler(s, out, MB_SCHEDULER_FINISHED, t_us, in->brk, 0);
	s->finish_how = NULL;
}

static void apply(struct mb_session *s, struct sink *out, const struct mb_session_input *in,
	int64_t t_us)
{
	struct mb_scheduler_status st;
	mb_scheduler_status(s->sched, &st);
	switch (in->kind) {
	case MB_SESSION_TICK:
	case MB_SESSION_READ:
		feed_scheduler(s, out, MB_SCHEDULER_TICK, t_us, MB_BREAK_MOVEMENT, 0);
		break;
	case MB_SESSION_ACTIVE:
		s->source_idle = false;
		feed_scheduler(s, out, MB_SCHEDULER_ACTIVE, t_us, MB_BREAK_MOVEMENT, 0);
		break;
	case MB_SESSION_IDLE:
		s->source_idle = true;
		/* Dated at the last input, which may lie before the last call. */
		feed_scheduler(s, out, MB_SCHEDULER_IDLE, in->boot_us, MB_BREAK_MOVEMENT, 0);
		break;
	case MB_SESSION_SUSPEND:
		s->asleep = true;
		feed_scheduler(s, out, MB_SCHEDULER_SUSPEND, t_us, MB_BREAK_MOVEMENT, 0);
		break;
	case MB_SESSION_RESUME:
		s->asleep = false;
		feed_scheduler(s, out, MB_SCHEDULER_RESUME, t_us, MB_BREAK_MOVEMENT, 0);
		/* A source that saw no idle (none, or one that missed the sleep) would never say so. */
		if (!s->source_idle && !s->source_sees_sleep)
			feed_scheduler(s, out, MB_SCHEDULER_ACTIVE, t_us, MB_BREAK_MOVEMENT, 0);
		break;
	case MB_SESSION_DND: {
		uint32_t bit = UINT32_C(1) << (in->source & 31);
		bool before = s->dnd_mask != 0;
		s->dnd_mask = in->on ? s->dnd_mask | bit : s->dnd_mask & ~bit;
		if (!before && s->dnd_mask)
			feed_scheduler(s, out, MB_SCHEDULER_DND_ON, t_us, MB_BREAK_MOVEMENT, 0);
		else if (before && !s->dnd_mask)
			feed_scheduler(s, out, MB_SCHEDULER_DND_OFF, t_us, MB_BREAK_MOVEMENT, 0);
		else
			feed_scheduler(s, out, MB_SCHEDULER_TICK, t_us, MB_BREAK_MOVEMENT, 0);
		break;
	}
	case MB_SESSION_START:
		feed_scheduler(s, out, MB_SCHEDULER_TICK, t_us, MB_BREAK_MOVEMENT, 0);
		mb_scheduler_status(s->sched, &st);
		if (s->paused)
			refuse(out, MB_SESSION_REFUSED_PAUSED);
		else if (st.in_break)
			refuse(out, MB_SESSION_REFUSED_IN_BREAK);
		else
			feed_scheduler(s, out, MB_SCHEDULER_START, t_us, in->brk, 0);
		break;
	case MB_SESSION_POSTPONE:
	case MB_SESSION_SKIP:
		feed_scheduler(s, out, MB_SCHEDULER_TICK, t_us, MB_BREAK_MOVEMENT, 0);
		mb_scheduler_status(s->sched, &st);
		if (!st.in_break && !prompt_waiting(&st))
			refuse(out, MB_SESSION_REFUSED_NO_PROMPT);
		else
			feed_scheduler(s, out,
				in->kind == MB_SESSION_SKIP ? MB_SCHEDULER_SKIP :
							      MB_SCHEDULER_POSTPONE,
				t_us, MB_BREAK_MOVEMENT, in->delay_us);
		break;
	case MB_SESSION_PAUSE:
		s->pause_end_us = in->delay_us > 0 ? t_us + in->delay_us : INT64_MAX;
		if (!s->paused) {
			s->paused = true;
			feed_scheduler(s, out, MB_SCHEDULER_PAUSE, t_us, MB_BREAK_MOVEMENT, 0);
		}
		break;
	case MB_SESSION_UNPAUSE:
		if (!s->paused)
			refuse(out, MB_SESSION_REFUSED_NOT_PAUSED);
		else
			end_pause(s, out, t_us);
		break;
	case MB_SESSION_COACH_BEGAN:
		coach_began(s, out, in, t_us);
		break;
	case MB_SESSION_COACH_ENDED:
		coach_ended(s, out, in, t_us);
		break;
	case MB_SESSION_STOP:
		feed_scheduler(s, out, MB_SCHEDULER_TICK, t_us, MB_BREAK_MOVEMENT, 0);
		break;
	}
}

void mb_session_status(const struct mb_session *s, int64_t now_us, struct mb_session_status *st)
{
	*st = (struct mb_session_status){
		.breaks_today = s->breaks_today,
		.movement_today = s->movement_today,
		.natural_today = s->natural_today,
		.pause_end_us = s->paused ? s->pause_end_us : 0,
		.coached = s->in_break && s->coaches > 0,
		.break_source = s->break_source,
	};
	mb_scheduler_status(s->sched, &st->sched);
	const struct mb_scheduler_status *sc = &st->sched;
	if (sc->in_break)
		st->break_until_us = s->break_began_us + s->break_planned_us;
	st->active_us = sc->movement_us;
	if (s->paused)
		st->state = MB_SESSION_PAUSED;
	else if (sc->suspended)
		st->state = MB_SESSION_ASLEEP;
	else if (sc->in_break)
		st->state = MB_SESSION_IN_BREAK;
	else if (sc->prompt_shown)
		st->state = MB_SESSION_PROMPTING;
	else if (sc->prompt_postponed)
		st->state = MB_SESSION_POSTPONED;
	else if (sc->prompt_pending)
		st->state = sc->dnd ? MB_SESSION_HELD : MB_SESSION_DUE;
	else
		st->state = sc->user_active ? MB_SESSION_ACTIVE_STATE : MB_SESSION_IDLE_STATE;

	/* The next break and how long until it comes: active time, or wall time when postponed. */
	st->has_next = true;
	if (sc->in_break) {
		st->next = sc->break_brk;
	} else if (sc->prompt_shown || sc->prompt_pending) {
		st->next = sc->prompt_brk;
	} else if (sc->prompt_postponed) {
		st->next = sc->prompt_brk;
		st->next_in_us = sc->postponed_until_us > now_us ? sc->postponed_until_us - now_us :
								   0;
	} else {
		int64_t best = INT64_MAX;
		st->has_next = false;
		if (s->cfg.movement_every_us > 0) {
			best = s->cfg.movement_every_us - sc->movement_us;
			st->next = MB_BREAK_MOVEMENT;
			st->has_next = true;
		}
		if (s->cfg.micro_every_us > 0 && s->cfg.micro_every_us - sc->micro_us < best) {
			best = s->cfg.micro_every_us - sc->micro_us;
			st->next = MB_BREAK_MICRO;
			st->has_next = true;
		}
		if (st->has_next)
			st->next_in_us = best > 0 ? best : 0;
	}
}

static void tell_changes(struct mb_session *s, struct sink *out)
{
	struct mb_session_status st;
	mb_session_status(s, s->now_us, &st);
	if (s->told && st.state == s->told_state && st.has_next == s->told_has_next &&
		(!st.has_next || st.next == s->told_next) && st.breaks_today == s->told_breaks)
		return;
	s->told = true;
	s->told_state = st.state;
	s->told_has_next = st.has_next;
	s->told_next = st.next;
	s->told_breaks = st.breaks_today;
	push(out, MB_SESSION_STATUS_CHANGED, st.next);
}

size_t mb_session_feed(struct mb_session *s, const struct mb_session_input *in,
	struct mb_session_action *actions, size_t cap)
{
	struct sink out = { .actions = actions, .cap = actions ? cap : 0 };
	int64_t t = in->boot_us > s->now_us ? in->boot_us : s->now_us;
	/* A read while the user types stops short of what the activity source cannot know yet. */
	if (in->kind == MB_SESSION_READ && !s->source_idle)
		t = t - s->threshold_us > s->now_us ? t - s->threshold_us : s->now_us;
	s->wall_offset_us = in->wall_offset_us;
	s->local = in->local;
	if (in->day != s->day) {
		s->day = in->day;
		s->breaks_today = s->movement_today = s->natural_today = 0;
	}
	run_until(s, &out, t);
	s->now_us = t;
	apply(s, &out, in, t);
	track_activity(s, &out, t, in->kind == MB_SESSION_STOP);
	tell_changes(s, &out);
	return out.len;
}

int64_t mb_session_next_deadline(const struct mb_session *s)
{
	int64_t next = mb_scheduler_next_deadline(s->sched);
	if (s->break_end_us < next)
		next = s->break_end_us;
	if (s->paused && s->pause_end_us < next)
		next = s->pause_end_us;
	return next;
}

struct mb_session *mb_session_create(const struct mb_config *cfg, const int64_t break_us[2],
	const struct mb_session_input *in)
{
	struct mb_session *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->cfg = *cfg;
	s->break_us[0] = break_us[0];
	s->break_us[1] = break_us[1];
	s->now_us = in->boot_us;
	s->wall_offset_us = in->wall_offset_us;
	s->local = in->local;
	s->day = in->day;
	s->break_end_us = INT64_MAX;
	s->pause_end_us = INT64_MAX;
	s->sched = mb_scheduler_create(cfg, in->boot_us, &in->local);
	if (!s->sched) {
		free(s);
		return NULL;
	}
	return s;
}

void mb_session_destroy(struct mb_session *s)
{
	if (!s)
		return;
	mb_scheduler_destroy(s->sched);
	free(s);
}

void mb_session_set_config(struct mb_session *s, const struct mb_config *cfg,
	const int64_t break_us[2])
{
	s->cfg = *cfg;
	s->break_us[0] = break_us[0];
	s->break_us[1] = break_us[1];
	mb_scheduler_set_config(s->sched, cfg);
}

void mb_session_set_break_lengths(struct mb_session *s, const int64_t break_us[2])
{
	s->break_us[0] = break_us[0];
	s->break_us[1] = break_us[1];
}

void mb_session_set_activity_source(struct mb_session *s, int64_t threshold_us, bool sees_sleep)
{
	s->threshold_us = threshold_us > 0 ? threshold_us : 0;
	s->source_sees_sleep = sees_sleep;
}

void mb_session_set_today(struct mb_session *s, int64_t day, unsigned breaks, unsigned movement,
	unsigned natural)
{
	s->day = day;
	s->breaks_today = breaks;
	s->movement_today = movement;
	s->natural_today = natural;
}

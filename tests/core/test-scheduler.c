/* Tests for the break scheduler and the settings it reads: every rule, on a virtual clock. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/scheduler.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define US(s) ((int64_t)1000000 * (s))
#define MIN(m) (60 * (m))

enum op {
	OP_NONE,
	OP_TICK,
	OP_ACTIVE,
	OP_IDLE,
	OP_SUSPEND,
	OP_RESUME,
	OP_DND_ON,
	OP_DND_OFF,
	OP_START,
	OP_POSTPONE,
	OP_SKIP,
	OP_FINISHED,
	/* The wall clock is set by arg seconds; the caller then ticks. */
	OP_CLOCK,
};

struct step {
	enum op op;
	/* Seconds of the monotonic clock since the scheduler was created. */
	int64_t t_s;
	enum mb_break_kind brk;
	int64_t arg;
};

struct want {
	bool used;
	int64_t t_s;
	enum mb_scheduler_event_kind kind;
	enum mb_break_kind brk;
	/* NATURAL_BREAK only. */
	int64_t idle_s;
};

struct setting {
	const char *section, *key, *value;
};

struct sched_case {
	const char *name;
	struct setting settings[6];
	/* Local time when the scheduler starts: weekday (0 Monday) and seconds after midnight. */
	int weekday;
	int64_t day_s;
	struct step steps[16];
	struct want events[20];
};

#define MV MB_BREAK_MOVEMENT
#define MC MB_BREAK_MICRO
/* clang-format off */
#define S(t, o) { .op = OP_##o, .t_s = (t) }
#define SB(t, o, b) { .op = OP_##o, .t_s = (t), .brk = (b) }
#define CLOCK(t, d) { .op = OP_CLOCK, .t_s = (t), .arg = (d) }
#define E(t, k, b) { .used = true, .t_s = (t), .kind = MB_SCHEDULER_EV_##k, .brk = (b) }
#define NAT(t, idle) { .used = true, .t_s = (t), .kind = MB_SCHEDULER_EV_NATURAL_BREAK, \
	.idle_s = (idle) }
#define EV(t, k) { .used = true, .t_s = (t), .kind = MB_SCHEDULER_EV_##k }
#define NO_MICRO { "micro", "every", "0" }
#define LULL0 { "prompt", "lull", "0" }
/* clang-format on */
#define HOUR (3600)
#define DAY (24 * HOUR)

static const struct sched_case cases[] = {
	{ "movement_prompts_after_50m_active_at_the_first_lull", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(3000, IDLE), S(3100, TICK) }, { E(3003, PROMPT, MV) } },
	{ "movement_waits_max_wait_while_typing_then_reminds", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(3300, TICK) }, { E(3120, PROMPT, MV), E(3240, REMIND, MV) } },
	{ "lull_zero_prompts_the_moment_the_break_is_due", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3000, TICK) }, { E(3000, PROMPT, MV) } },
	{ "pause_shorter_than_lull_does_not_prompt", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(3010, IDLE), S(3012, ACTIVE), S(3050, IDLE), S(3100, TICK) },
		{ E(3053, PROMPT, MV) } },
	{ "pause_of_exactly_lull_prompts_before_input_resumes", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(3010, IDLE), S(3013, ACTIVE), S(3100, TICK) },
		{ E(3013, PROMPT, MV) } },
	{ "zero_length_pause_is_no_lull", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(3010, IDLE), S(3010, ACTIVE), S(3130, TICK) },
		{ E(3120, PROMPT, MV) } },
	{ "max_wait_zero_waits_for_a_lull_however_long",
		{ NO_MICRO, { "prompt", "max_wait", "0" } }, 0, 0,
		{ S(0, ACTIVE), S(10000, IDLE), S(10100, TICK) }, { E(10003, PROMPT, MV) } },
	{ "idle_time_does_not_count_toward_a_break", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(1200, IDLE), S(1440, ACTIVE), S(3240, IDLE), S(3300, TICK) },
		{ E(3243, PROMPT, MV) } },
	{ "zero_length_active_periods_count_nothing",
		{ NO_MICRO, LULL0, { "movement", "every", "60s" } }, 0, 0,
		{ S(10, ACTIVE), S(10, IDLE), S(10, ACTIVE), S(10, IDLE), S(500, TICK) },
		{ { 0 } } },
	{ "natural_break_restarts_movement_timer_and_is_reported", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(2400, IDLE), S(2700, ACTIVE), S(5700, IDLE), S(5800, TICK) },
		{ NAT(2700, 300), E(5703, PROMPT, MV) } },
	{ "idle_a_second_short_of_natural_break_keeps_movement_timer", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(2400, IDLE), S(2699, ACTIVE), S(3299, IDLE), S(3400, TICK) },
		{ E(3302, PROMPT, MV) } },
	{ "natural_break_zero_turns_it_off", { NO_MICRO, LULL0, { "idle", "natural_break", "0" } },
		0, 0, { S(0, ACTIVE), S(1000, IDLE), S(5000, ACTIVE), S(7000, TICK) },
		{ E(7000, PROMPT, MV) } },
	{ "idle_of_micro_duration_restarts_micro_timer_only", { { 0 } }, 0, 0,
		{ S(0, ACTIVE), S(1100, IDLE), S(1130, ACTIVE), S(2330, IDLE), S(2340, TICK) },
		{ E(2333, PROMPT, MC) } },
	{ "idle_a_second_short_of_micro_duration_keeps_micro_timer", { { 0 } }, 0, 0,
		{ S(0, ACTIVE), S(1100, IDLE), S(1129, ACTIVE), S(1350, TICK) },
		{ E(1349, PROMPT, MC) } },
	{ "micro_idle_withdraws_a_shown_micro_prompt", { LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(1210, IDLE), S(1240, ACTIVE), S(1300, TICK) },
		{ E(1200, PROMPT, MC), E(1240, WITHDRAW, MC) } },
	{ "natural_break_withdraws_a_shown_prompt", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3010, IDLE), S(3400, ACTIVE), S(6400, TICK) },
		{ E(3000, PROMPT, MV), E(3310, WITHDRAW, MV), NAT(3400, 390),
			E(6400, PROMPT, MV) } },
	{ "long_suspend_is_a_natural_break", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(2400, SUSPEND), S(2700, RESUME), S(2710, ACTIVE), S(5710, IDLE),
			S(5800, TICK) },
		{ EV(2400, SUSPEND), EV(2700, RESUME), NAT(2710, 310), E(5713, PROMPT, MV) } },
	{ "short_suspend_is_idle_but_no_natural_break", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(2400, SUSPEND), S(2460, RESUME), S(2470, ACTIVE), S(3070, IDLE),
			S(3100, TICK) },
		{ EV(2400, SUSPEND), EV(2460, RESUME), E(3073, PROMPT, MV) } },
	{ "suspend_adds_to_idle_already_running", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(2400, IDLE), S(2580, SUSPEND), S(2760, RESUME), S(2770, ACTIVE) },
		{ EV(2580, SUSPEND), EV(2760, RESUME), NAT(2770, 370) } },
	{ "suspend_holds_a_due_prompt_until_resume", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(3000, SUSPEND), S(3100, RESUME), S(3200, TICK) },
		{ EV(3000, SUSPEND), EV(3100, RESUME), E(3100, PROMPT, MV) } },
	{ "wall_clock_jumps_move_no_timer", { NO_MICRO }, 0, 8 * HOUR,
		{ S(0, ACTIVE), CLOCK(1000, HOUR), CLOCK(2000, -2 * HOUR), S(3000, IDLE),
			S(3100, TICK) },
		{ E(3003, PROMPT, MV) } },
	{ "dnd_holds_the_prompt_until_it_ends", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(2900, DND_ON), S(3400, IDLE), S(3600, DND_OFF), S(3650, TICK) },
		{ E(3600, PROMPT, MV) } },
	{ "dnd_ending_before_max_wait_still_waits_for_a_lull", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(2990, DND_ON), S(3030, DND_OFF), S(3060, IDLE), S(3100, TICK) },
		{ E(3063, PROMPT, MV) } },
	{ "dnd_ending_after_max_wait_prompts_at_once_while_typing", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(2990, DND_ON), S(3200, DND_OFF), S(3210, TICK) },
		{ E(3200, PROMPT, MV) } },
	{ "dnd_pauses_reminders", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3060, DND_ON), S(4000, DND_OFF), S(4100, TICK) },
		{ E(3000, PROMPT, MV), E(4060, REMIND, MV) } },
	{ "postpone_three_times_then_refused_and_reminded", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3000, POSTPONE), S(3300, POSTPONE), S(3600, POSTPONE),
			S(3900, POSTPONE), S(4100, TICK) },
		{ E(3000, PROMPT, MV), E(3000, POSTPONE, MV), E(3300, PROMPT, MV),
			E(3300, POSTPONE, MV), E(3600, PROMPT, MV), E(3600, POSTPONE, MV),
			E(3900, PROMPT, MV), E(3900, POSTPONE_REFUSED, MV), E(4020, REMIND, MV) } },
	{ "postpone_delay_zero_refuses_every_postpone",
		{ NO_MICRO, LULL0, { "postpone", "delay", "0" } }, 0, 0,
		{ S(0, ACTIVE), S(3000, POSTPONE) },
		{ E(3000, PROMPT, MV), E(3000, POSTPONE_REFUSED, MV) } },
	{ "postponed_prompt_waits_for_a_lull_again", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(3000, IDLE), S(3003, POSTPONE), S(3004, ACTIVE), S(3400, IDLE),
			S(3500, TICK) },
		{ E(3003, PROMPT, MV), E(3003, POSTPONE, MV), E(3403, PROMPT, MV) } },
	{ "skip_restarts_the_movement_timer", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3000, SKIP), S(6000, TICK) },
		{ E(3000, PROMPT, MV), E(3000, SKIP, MV), E(6000, PROMPT, MV) } },
	{ "postpone_inside_a_prompted_break_calls_it_off_and_prompts_after_the_delay",
		{ NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3000, START), S(3030, POSTPONE), S(3240, FINISHED),
			S(3400, TICK) },
		{ E(3000, PROMPT, MV), E(3000, START, MV), E(3030, POSTPONE, MV),
			E(3330, PROMPT, MV) } },
	{ "postpone_inside_a_break_after_three_postpones_is_refused_and_the_break_goes_on",
		{ NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3000, POSTPONE), S(3300, POSTPONE), S(3600, POSTPONE),
			S(3900, START), S(3910, POSTPONE), S(4140, FINISHED), S(4200, TICK) },
		{ E(3000, PROMPT, MV), E(3000, POSTPONE, MV), E(3300, PROMPT, MV),
			E(3300, POSTPONE, MV), E(3600, PROMPT, MV), E(3600, POSTPONE, MV),
			E(3900, PROMPT, MV), E(3900, START, MV), E(3910, POSTPONE_REFUSED, MV),
			E(4140, DONE, MV) } },
	{ "skip_inside_a_break_ends_it_not_done_and_restarts_its_timer", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3000, START), S(3030, SKIP), S(3240, FINISHED), S(6100, TICK) },
		{ E(3000, PROMPT, MV), E(3000, START, MV), E(3030, SKIP, MV),
			E(6030, PROMPT, MV) } },
	{ "skip_with_nothing_to_skip_does_nothing", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(100, SKIP), S(200, POSTPONE), S(3000, TICK) },
		{ E(3000, PROMPT, MV) } },
	{ "micro_and_movement_due_together_prompt_movement_only",
		{ LULL0, { "movement", "every", "40m" } }, 0, 0,
		{ S(0, ACTIVE), SB(1200, START, MC), S(1229, FINISHED), S(2429, SKIP),
			S(3629, TICK) },
		{ E(1200, PROMPT, MC), E(1200, START, MC), E(1229, DONE, MC), E(2429, PROMPT, MV),
			E(2429, SKIP, MV), E(3629, PROMPT, MC) } },
	{ "movement_due_replaces_a_micro_prompt_still_waiting", { { "prompt", "max_wait", "0" } },
		0, 0, { S(0, ACTIVE), S(3100, IDLE), S(3200, TICK) }, { E(3103, PROMPT, MV) } },
	{ "movement_due_replaces_a_shown_micro_prompt", { LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3000, TICK) },
		{ E(1200, PROMPT, MC), E(1320, REMIND, MC), E(1440, REMIND, MC),
			E(1560, REMIND, MC), E(1680, REMIND, MC), E(1800, REMIND, MC),
			E(1920, REMIND, MC), E(2040, REMIND, MC), E(2160, REMIND, MC),
			E(2280, REMIND, MC), E(2400, REMIND, MC), E(2520, REMIND, MC),
			E(2640, REMIND, MC), E(2760, REMIND, MC), E(2880, REMIND, MC),
			E(3000, WITHDRAW, MC), E(3000, PROMPT, MV) } },
	{ "movement_done_restarts_the_micro_timer", { LULL0, { "movement", "every", "30m" } }, 0, 0,
		{ S(0, ACTIVE), S(1200, SKIP), SB(1800, START, MV), S(2040, FINISHED),
			S(3240, TICK) },
		{ E(1200, PROMPT, MC), E(1200, SKIP, MC), E(1800, PROMPT, MV), E(1800, START, MV),
			E(2040, DONE, MV), E(3240, PROMPT, MC) } },
	{ "remind_counts_only_active_time", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), S(3150, IDLE), S(3250, ACTIVE), S(3350, TICK) },
		{ E(3000, PROMPT, MV), E(3120, REMIND, MV), E(3340, REMIND, MV) } },
	{ "remind_zero_turns_reminders_off", { NO_MICRO, LULL0, { "prompt", "remind", "0" } }, 0, 0,
		{ S(0, ACTIVE), S(4000, TICK) }, { E(3000, PROMPT, MV) } },
	{ "break_started_early_counts_and_restarts_its_timer", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), SB(1500, START, MV), S(1740, FINISHED), S(4740, TICK) },
		{ E(1500, START, MV), E(1740, DONE, MV), E(4740, PROMPT, MV) } },
	{ "early_micro_restarts_micro_only", { LULL0 }, 0, 0,
		{ S(0, ACTIVE), SB(600, START, MC), S(630, FINISHED), S(1830, SKIP),
			S(3030, TICK) },
		{ E(600, START, MC), E(630, DONE, MC), E(1830, PROMPT, MC), E(1830, SKIP, MC),
			E(3030, PROMPT, MV) } },
	{ "activity_during_a_break_counts_nothing", { NO_MICRO, LULL0 }, 0, 0,
		{ S(0, ACTIVE), SB(100, START, MV), S(200, IDLE), S(250, ACTIVE), S(1000, FINISHED),
			S(4000, TICK) },
		{ E(100, START, MV), E(1000, DONE, MV), E(4000, PROMPT, MV) } },
	{ "start_after_a_natural_break_reports_it_first", { NO_MICRO }, 0, 0,
		{ S(0, ACTIVE), S(100, IDLE), SB(500, START, MV), S(740, FINISHED) },
		{ NAT(500, 400), E(500, START, MV), E(740, DONE, MV) } },
	{ "every_zero_turns_both_breaks_off", { NO_MICRO, { "movement", "every", "0" } }, 0, 0,
		{ S(0, ACTIVE), S(100000, TICK) }, { { 0 } } },
	{ "working_hours_count_only_from_their_start",
		{ NO_MICRO, LULL0, { "schedule", "hours", "09:00-17:00" } }, 0, 8 * HOUR,
		{ S(0, ACTIVE), S(6600, TICK) }, { E(6600, PROMPT, MV) } },
	{ "working_hours_end_holds_a_prompt_and_the_night_clears_it",
		{ NO_MICRO, { "schedule", "hours", "09:00-10:00" },
			{ "movement", "every", "59m30s" } },
		0, 8 * HOUR,
		{ S(0, ACTIVE), S(7300, IDLE), S(89000, ACTIVE), S(93570, IDLE), S(93600, TICK) },
		{ NAT(89000, 81700), E(93573, PROMPT, MV) } },
	{ "working_days_start_counting_on_monday",
		{ NO_MICRO, LULL0, { "schedule", "days", "mon-fri" } }, 6, 23 * HOUR,
		{ S(0, ACTIVE), S(6600, TICK) }, { E(6600, PROMPT, MV) } },
	{ "weekend_counts_nothing", { NO_MICRO, LULL0, { "schedule", "days", "mon-fri" } }, 5,
		8 * HOUR, { S(0, ACTIVE), S(10 * HOUR, TICK) }, { { 0 } } },
	{ "night_hours_belong_to_the_day_they_start",
		{ NO_MICRO, LULL0, { "schedule", "days", "fri" },
			{ "schedule", "hours", "22:00-06:00" }, { "movement", "every", "30m" },
			{ "prompt", "remind", "0" } },
		5, 5 * HOUR, { S(0, ACTIVE), S(10 * HOUR, TICK) }, { E(1800, PROMPT, MV) } },
	{ "wall_clock_set_back_lengthens_working_hours",
		{ NO_MICRO, LULL0, { "schedule", "hours", "09:00-17:00" },
			{ "movement", "every", "90m" }, { "prompt", "remind", "0" } },
		0, 16 * HOUR, { S(0, ACTIVE), CLOCK(1800, -HOUR), S(8000, TICK) },
		{ E(5400, PROMPT, MV) } },
};

static void apply_settings(const struct sched_case *c, struct mb_config *cfg)
{
	mb_config_init(cfg);
	for (size_t i = 0; i < LEN(c->settings) && c->settings[i].section; i++) {
		char err[200];
		int ret = mb_config_set(cfg, c->settings[i].section, c->settings[i].key,
			c->settings[i].value, err, sizeof(err));
		if (ret < 0)
			fail_msg("%s: setting %s.%s: %s", c->name, c->settings[i].section,
				c->settings[i].key, err);
	}
}

struct run {
	struct mb_scheduler_event events[128];
	size_t len;
	int64_t clock_s;
	const struct sched_case *c;
};

static struct mb_local_time local_at(const struct run *r, int64_t t_s)
{
	int64_t week = (int64_t)r->c->weekday * DAY + r->c->day_s + t_s + r->clock_s;
	week = ((week % (7 * DAY)) + 7 * DAY) % (7 * DAY);
	return (struct mb_local_time){ .weekday = (int)(week / DAY), .day_us = US(week % DAY) };
}

/* strict: the caller woke at every deadline, so the documented bound on events holds. */
static void feed(struct run *r, struct mb_scheduler *s, enum mb_scheduler_input_kind kind,
	int64_t t_us, enum mb_break_kind brk, bool strict)
{
	struct mb_scheduler_input in = {
		.kind = kind,
		.now_us = t_us,
		.local = local_at(r, t_us / 1000000),
		.brk = brk,
	};
	struct mb_scheduler_event ev[4 * MB_SCHEDULER_EVENTS_MAX];
	size_t n = mb_scheduler_feed(s, &in, ev, LEN(ev));
	assert_true(n <= (strict ? MB_SCHEDULER_EVENTS_MAX : LEN(ev)));
	for (size_t i = 0; i < n; i++) {
		assert_true(r->len < LEN(r->events));
		/* Events come in time order and never from the future. */
		assert_true(ev[i].t_us <= t_us);
		if (r->len)
			assert_true(ev[i].t_us >= r->events[r->len - 1].t_us);
		r->events[r->len++] = ev[i];
	}
}

/* Run a case; wake_at_deadlines says whether the caller also calls at every deadline. */
static void run_case(const struct sched_case *c, bool wake_at_deadlines, struct run *r)
{
	static const enum mb_scheduler_input_kind inputs[] = {
		[OP_TICK] = MB_SCHEDULER_TICK,
		[OP_ACTIVE] = MB_SCHEDULER_ACTIVE,
		[OP_IDLE] = MB_SCHEDULER_IDLE,
		[OP_SUSPEND] = MB_SCHEDULER_SUSPEND,
		[OP_RESUME] = MB_SCHEDULER_RESUME,
		[OP_DND_ON] = MB_SCHEDULER_DND_ON,
		[OP_DND_OFF] = MB_SCHEDULER_DND_OFF,
		[OP_START] = MB_SCHEDULER_START,
		[OP_POSTPONE] = MB_SCHEDULER_POSTPONE,
		[OP_SKIP] = MB_SCHEDULER_SKIP,
		[OP_FINISHED] = MB_SCHEDULER_FINISHED,
		[OP_CLOCK] = MB_SCHEDULER_TICK,
	};
	struct mb_config cfg;
	apply_settings(c, &cfg);
	*r = (struct run){ .c = c };
	struct mb_local_time local = local_at(r, 0);
	struct mb_scheduler *s = mb_scheduler_create(&cfg, 0, &local);
	assert_non_null(s);
	for (size_t i = 0; i < LEN(c->steps) && c->steps[i].op != OP_NONE; i++) {
		const struct step *st = &c->steps[i];
		int64_t t_us = US(st->t_s);
		while (wake_at_deadlines) {
			int64_t deadline = mb_scheduler_next_deadline(s);
			if (deadline > t_us)
				break;
			feed(r, s, MB_SCHEDULER_TICK, deadline, MV, true);
			/* A deadline is always later than the call before it. */
			assert_true(mb_scheduler_next_deadline(s) > deadline);
		}
		if (st->op == OP_CLOCK)
			r->clock_s += st->arg;
		feed(r, s, inputs[st->op], t_us, st->brk, wake_at_deadlines);
	}
	mb_scheduler_destroy(s);
}

static void describe(const struct mb_scheduler_event *ev, char *buf, size_t len)
{
	snprintf(buf, len, "%lld %s %s idle=%lld", (long long)(ev->t_us / 1000000),
		mb_scheduler_event_name(ev->kind), mb_break_kind_name(ev->brk),
		(long long)(ev->idle_us / 1000000));
}

static void check_events(const struct sched_case *c, const struct run *r, const char *mode)
{
	size_t want_len = 0;
	while (want_len < LEN(c->events) && c->events[want_len].used)
		want_len++;
	bool same = want_len == r->len;
	for (size_t i = 0; same && i < want_len; i++) {
		const struct want *w = &c->events[i];
		const struct mb_scheduler_event *ev = &r->events[i];
		bool has_break = w->kind != MB_SCHEDULER_EV_NATURAL_BREAK &&
			w->kind != MB_SCHEDULER_EV_SUSPEND && w->kind != MB_SCHEDULER_EV_RESUME;
		same = ev->t_us == US(w->t_s) && ev->kind == w->kind &&
			(!has_break || ev->brk == w->brk) &&
			(w->kind != MB_SCHEDULER_EV_NATURAL_BREAK || ev->idle_us == US(w->idle_s));
	}
	if (same)
		return;
	char line[128];
	print_message("%s (%s): expected\n", c->name, mode);
	for (size_t i = 0; i < want_len; i++) {
		struct mb_scheduler_event ev = {
			.t_us = US(c->events[i].t_s),
			.kind = c->events[i].kind,
			.brk = c->events[i].brk,
			.idle_us = US(c->events[i].idle_s),
		};
		describe(&ev, line, sizeof(line));
		print_message("  %s\n", line);
	}
	print_message("got\n");
	for (size_t i = 0; i < r->len; i++) {
		describe(&r->events[i], line, sizeof(line));
		print_message("  %s\n", line);
	}
	fail();
}

static void test_case(void **state)
{
	const struct sched_case *c = *state;
	struct run *r = malloc(sizeof(*r));
	assert_non_null(r);
	run_case(c, true, r);
	check_events(c, r, "woken at every deadline");
	/* The same day, told only at the inputs, must come out the same: deadlines are exact. */
	run_case(c, false, r);
	check_events(c, r, "woken only at inputs");
	free(r);
}

static struct mb_scheduler *create_default(int64_t now_us)
{
	struct mb_config cfg;
	mb_config_init(&cfg);
	struct mb_local_time local = { 0 };
	struct mb_scheduler *s = mb_scheduler_create(&cfg, now_us, &local);
	assert_non_null(s);
	return s;
}

static size_t feed_kind(struct mb_scheduler *s, enum mb_scheduler_input_kind kind, int64_t t_us)
{
	struct mb_scheduler_input in = { .kind = kind, .now_us = t_us };
	struct mb_scheduler_event ev[MB_SCHEDULER_EVENTS_MAX];
	return mb_scheduler_feed(s, &in, ev, LEN(ev));
}

static void test_new_scheduler_sleeps_until_input(void **state)
{
	struct mb_scheduler *s = create_default(US(100));
	assert_int_equal(mb_scheduler_next_deadline(s), INT64_MAX);
	/* The idle it starts in is not a natural break to report, however long. */
	assert_int_equal(feed_kind(s, MB_SCHEDULER_ACTIVE, US(100 + DAY)), 0);
	/* Active: the micro-reset is the first thing due, 20 minutes on. */
	assert_int_equal(mb_scheduler_next_deadline(s), US(100 + DAY + MIN(20)));
	mb_scheduler_destroy(s);
}

static void test_time_going_backwards_is_taken_as_now(void **state)
{
	struct mb_scheduler *s = create_default(US(1000));
	feed_kind(s, MB_SCHEDULER_ACTIVE, US(1000));
	feed_kind(s, MB_SCHEDULER_IDLE, US(500));
	struct mb_scheduler_status st;
	mb_scheduler_status(s, &st);
	assert_int_equal(st.active_us, 0);
	assert_false(st.user_active);
	mb_scheduler_destroy(s);
}

static void test_events_past_the_buffer_are_counted_not_written(void **state)
{
	struct mb_config cfg;
	mb_config_init(&cfg);
	cfg.micro_every_us = 0;
	cfg.lull_us = 0;
	struct mb_local_time local = { 0 };
	struct mb_scheduler *s = mb_scheduler_create(&cfg, 0, &local);
	assert_non_null(s);
	feed_kind(s, MB_SCHEDULER_ACTIVE, 0);
	/* A caller that slept for an hour past the prompt: one prompt and 30 reminders. */
	struct mb_scheduler_input in = { .kind = MB_SCHEDULER_TICK, .now_us = US(3000 + 3600) };
	struct mb_scheduler_event ev[2] = { 0 };
	assert_int_equal(mb_scheduler_feed(s, &in, ev, LEN(ev)), 31);
	assert_int_equal(ev[0].kind, MB_SCHEDULER_EV_PROMPT);
	assert_int_equal(ev[1].kind, MB_SCHEDULER_EV_REMIND);
	in.now_us += US(1);
	assert_int_equal(mb_scheduler_feed(s, &in, NULL, 0), 0);
	mb_scheduler_destroy(s);
}

static void test_status_tracks_timers_and_prompt(void **state)
{
	struct mb_scheduler *s = create_default(0);
	feed_kind(s, MB_SCHEDULER_ACTIVE, 0);
	feed_kind(s, MB_SCHEDULER_TICK, US(600));
	struct mb_scheduler_status st;
	mb_scheduler_status(s, &st);
	assert_int_equal(st.active_us, US(600));
	assert_int_equal(st.movement_us, US(600));
	assert_int_equal(st.micro_us, US(600));
	assert_false(st.prompt_pending || st.prompt_shown || st.in_break);
	feed_kind(s, MB_SCHEDULER_TICK, US(1200));
	mb_scheduler_status(s, &st);
	assert_true(st.prompt_pending);
	assert_int_equal(st.prompt_brk, MB_BREAK_MICRO);
	mb_scheduler_destroy(s);
}

static void test_postpone_for_a_given_delay_overrides_the_setting(void **state)
{
	struct mb_config cfg;
	mb_config_init(&cfg);
	cfg.micro_every_us = 0;
	cfg.lull_us = 0;
	struct mb_local_time local = { 0 };
	struct mb_scheduler *s = mb_scheduler_create(&cfg, 0, &local);
	assert_non_null(s);
	feed_kind(s, MB_SCHEDULER_ACTIVE, 0);
	assert_int_equal(feed_kind(s, MB_SCHEDULER_TICK, US(3000)), 1);
	struct mb_scheduler_input in = {
		.kind = MB_SCHEDULER_POSTPONE,
		.now_us = US(3000),
		.delay_us = US(60),
	};
	struct mb_scheduler_event ev[MB_SCHEDULER_EVENTS_MAX];
	assert_int_equal(mb_scheduler_feed(s, &in, ev, LEN(ev)), 1);
	assert_int_equal(ev[0].kind, MB_SCHEDULER_EV_POSTPONE);
	struct mb_scheduler_status st;
	mb_scheduler_status(s, &st);
	assert_true(st.prompt_postponed);
	assert_int_equal(st.postponed_until_us, US(3060));
	assert_int_equal(mb_scheduler_next_deadline(s), US(3060));
	assert_int_equal(feed_kind(s, MB_SCHEDULER_TICK, US(3060)), 1);
	mb_scheduler_status(s, &st);
	assert_true(st.prompt_shown);
	mb_scheduler_destroy(s);
}

static void test_new_settings_keep_the_time_counted(void **state)
{
	struct mb_scheduler *s = create_default(0);
	feed_kind(s, MB_SCHEDULER_ACTIVE, 0);
	feed_kind(s, MB_SCHEDULER_TICK, US(600));
	struct mb_config cfg;
	mb_config_init(&cfg);
	cfg.movement_every_us = US(MIN(15));
	cfg.micro_every_us = 0;
	mb_scheduler_set_config(s, &cfg);
	struct mb_scheduler_status st;
	mb_scheduler_status(s, &st);
	assert_int_equal(st.movement_us, US(600));
	/* The shorter interval counts from the time already active. */
	assert_int_equal(mb_scheduler_next_deadline(s), US(MIN(15)));
	mb_scheduler_destroy(s);
}

static void test_destroy_null_is_harmless(void **state)
{
	mb_scheduler_destroy(NULL);
}

static void test_names(void **state)
{
	assert_string_equal(mb_break_kind_name(MB_BREAK_MOVEMENT), "movement");
	assert_string_equal(mb_break_kind_name(MB_BREAK_MICRO), "micro");
	assert_string_equal(mb_scheduler_event_name(MB_SCHEDULER_EV_POSTPONE_REFUSED),
		"postpone_refused");
	assert_string_equal(mb_scheduler_event_name(MB_SCHEDULER_EV_NATURAL_BREAK),
		"natural_break");
	assert_string_equal(mb_scheduler_event_name((enum mb_scheduler_event_kind)99), "unknown");
}

/* The settings model. */

static void test_config_defaults_match_the_documented_ones(void **state)
{
	struct mb_config cfg;
	mb_config_init(&cfg);
	assert_int_equal(cfg.movement_every_us, US(MIN(50)));
	assert_string_equal(cfg.movement_routine, "shoulder-reset");
	assert_int_equal(cfg.micro_every_us, US(MIN(20)));
	assert_int_equal(cfg.micro_duration_us, US(30));
	assert_string_equal(cfg.micro_routine, "micro-reset");
	assert_int_equal(cfg.natural_break_us, US(MIN(5)));
	assert_int_equal(cfg.lull_us, US(3));
	assert_int_equal(cfg.max_wait_us, US(MIN(2)));
	assert_int_equal(cfg.remind_us, US(MIN(2)));
	assert_int_equal(cfg.postpone_delay_us, US(MIN(5)));
	assert_int_equal(cfg.postpone_max, 3);
	assert_string_equal(cfg.break_command, "auto");
	assert_false(mb_config_has_schedule(&cfg));
	assert_true(cfg.dnd_fullscreen && cfg.dnd_inhibitors && cfg.dnd_desktop && cfg.dnd_calls);
}

struct set_case {
	const char *name;
	const char *section, *key, *value;
	int ret;
	/* Words the message must hold on failure. */
	const char *needle;
};

static const struct set_case set_cases[] = {
	{ "config_duration_sets", "movement", "every", "45m", 0, NULL },
	{ "config_zero_duration_turns_off", "micro", "every", "0", 0, NULL },
	{ "config_bad_duration_names_value", "movement", "every", "5x", -EINVAL,
		"'5x' is not a duration" },
	{ "config_negative_duration_is_bad", "prompt", "lull", "-3s", -EINVAL, "not a duration" },
	{ "config_duration_over_a_day_is_bad", "idle", "natural_break", "25h", -EINVAL,
		"at most 24h" },
	{ "config_repeating_interval_under_a_second_is_bad", "prompt", "remind", "0.5s", -EINVAL,
		"at least 1s" },
	{ "config_lull_under_a_second_is_fine", "prompt", "lull", "0.5s", 0, NULL },
	{ "config_unknown_key_is_named", "movement", "evry", "50m", -ENOENT,
		"unknown key 'evry' in section [movement]" },
	{ "config_unknown_section_is_named", "moves", "every", "50m", -ENOENT,
		"unknown section [moves]" },
	{ "config_count_sets", "postpone", "max", "0", 0, NULL },
	{ "config_count_over_limit_is_bad", "postpone", "max", "101", -EINVAL, "from 0 to 100" },
	{ "config_count_with_text_is_bad", "postpone", "max", "3x", -EINVAL, "'3x'" },
	{ "config_empty_count_is_bad", "postpone", "max", "", -EINVAL, "whole number" },
	{ "config_routine_name_sets", "movement", "routine", "my-routine", 0, NULL },
	{ "config_empty_routine_is_bad", "micro", "routine", "", -EINVAL, "routine name" },
	{ "config_break_command_sets", "prompt", "break_command", "gnome-terminal -- movebreak now",
		0, NULL },
	{ "config_empty_break_command_is_bad", "prompt", "break_command", "", -EINVAL,
		"a command is needed" },
	{ "config_days_set", "schedule", "days", "mon-fri", 0, NULL },
	{ "config_bad_day_names_column", "schedule", "days", "mon-fry", -EINVAL, "column 5" },
	{ "config_hours_set", "schedule", "hours", "09:00-18:00", 0, NULL },
	{ "config_bad_hours_name_column", "schedule", "hours", "09:00-25:00", -EINVAL, "column 7" },
	{ "config_empty_hours_window_is_bad", "schedule", "hours", "09:00-09:00", -EINVAL,
		"hours" },
	{ "config_switch_false_sets", "dnd", "fullscreen", "false", 0, NULL },
	{ "config_switch_off_sets", "dnd", "calls", "off", 0, NULL },
	{ "config_switch_no_sets", "dnd", "desktop", "no", 0, NULL },
	{ "config_switch_zero_sets", "dnd", "inhibitors", "0", 0, NULL },
	{ "config_switch_any_case_sets", "dnd", "fullscreen", "FALSE", 0, NULL },
	{ "config_bad_switch_names_value", "dnd", "calls", "maybe", -EINVAL,
		"'maybe' is not a switch" },
	{ "config_switch_with_trailing_text_is_bad", "dnd", "calls", "off!", -EINVAL, "'off!'" },
	{ "config_empty_switch_is_bad", "dnd", "desktop", "", -EINVAL, "not a switch" },
	{ "config_unknown_dnd_source_is_named", "dnd", "meetings", "off", -ENOENT,
		"unknown key 'meetings' in section [dnd]" },
};

/* Every spelling of a switch, each way, on every [dnd] key. */
static void test_config_switch_spellings(void **state)
{
	static const char *const on[] = { "true", "yes", "on", "1", "True", "YES", "On" };
	static const char *const off[] = { "false", "no", "off", "0", "False", "NO", "Off" };
	static const char *const keys[] = { "fullscreen", "inhibitors", "desktop", "calls" };
	char err[200];
	for (size_t k = 0; k < LEN(keys); k++) {
		for (size_t i = 0; i < LEN(off); i++) {
			struct mb_config cfg;
			mb_config_init(&cfg);
			assert_int_equal(mb_config_set(&cfg, "dnd", keys[k], off[i], err,
						 sizeof(err)),
				0);
			bool *field = k == 0 ? &cfg.dnd_fullscreen :
				k == 1       ? &cfg.dnd_inhibitors :
				k == 2       ? &cfg.dnd_desktop :
					       &cfg.dnd_calls;
			assert_false(*field);
			assert_int_equal(mb_config_set(&cfg, "dnd", keys[k], on[i], err,
						 sizeof(err)),
				0);
			assert_true(*field);
		}
	}
}

static void test_config_set(void **state)
{
	const struct set_case *c = *state;
	struct mb_config cfg, before;
	mb_config_init(&cfg);
	before = cfg;
	char err[200] = "";
	int ret = mb_config_set(&cfg, c->section, c->key, c->value, err, sizeof(err));
	assert_int_equal(ret, c->ret);
	if (ret < 0) {
		if (!strstr(err, c->needle))
			fail_msg("message '%s' lacks '%s'", err, c->needle);
		/* A refused value changes nothing. */
		assert_memory_equal(&cfg, &before, sizeof(cfg));
	}
}

struct days_case {
	const char *name, *text;
	int ret;
	/* Seven letters, Monday first: 'x' a working day, '.' not. */
	const char *days;
};

static const struct days_case days_cases[] = {
	{ "days_range", "mon-fri", 0, "xxxxx.." },
	{ "days_list", "mon,wed,fri", 0, "x.x.x.." },
	{ "days_range_wraps_over_the_weekend", "fri-mon", 0, "x...xxx" },
	{ "days_mixed_with_spaces", " mon - tue , sun ", 0, "xx....x" },
	{ "days_any_case", "Mon-FRI", 0, "xxxxx.." },
	{ "days_single", "sat", 0, ".....x." },
	{ "days_empty_is_every_day", "", 0, "xxxxxxx" },
	{ "days_full_names_are_bad", "monday", -EINVAL, NULL },
	{ "days_trailing_comma_is_bad", "mon,", -EINVAL, NULL },
	{ "days_open_range_is_bad", "mon-", -EINVAL, NULL },
};

static void test_days(void **state)
{
	const struct days_case *c = *state;
	bool days[7] = { false };
	size_t at = 0;
	assert_int_equal(mb_config_days_parse(c->text, days, &at), c->ret);
	for (int i = 0; c->days && i < 7; i++)
		assert_int_equal(days[i], c->days[i] == 'x');
}

struct hours_case {
	const char *name, *text;
	int ret;
	int64_t start_s, end_s;
};

static const struct hours_case hours_cases[] = {
	{ "hours_day", "09:00-18:00", 0, 9 * HOUR, 18 * HOUR },
	{ "hours_spaces_around_dash", "08:30 - 17:15", 0, 8 * HOUR + 1800, 17 * HOUR + 900 },
	{ "hours_to_midnight", "18:00-24:00", 0, 18 * HOUR, 24 * HOUR },
	{ "hours_whole_day_is_no_restriction", "00:00-24:00", 0, 0, 0 },
	{ "hours_past_midnight", "22:00-06:00", 0, 22 * HOUR, 6 * HOUR },
	{ "hours_empty_is_all_day", "", 0, 0, 0 },
	{ "hours_start_at_24_is_bad", "24:00-06:00", -EINVAL, 0, 0 },
	{ "hours_minute_60_is_bad", "09:60-18:00", -EINVAL, 0, 0 },
	{ "hours_single_digit_hour_is_bad", "9:00-18:00", -EINVAL, 0, 0 },
	{ "hours_missing_end_is_bad", "09:00", -EINVAL, 0, 0 },
	{ "hours_trailing_text_is_bad", "09:00-18:00x", -EINVAL, 0, 0 },
};

static void test_hours(void **state)
{
	const struct hours_case *c = *state;
	int64_t start = -1, end = -1;
	size_t at = 0;
	assert_int_equal(mb_config_hours_parse(c->text, &start, &end, &at), c->ret);
	if (c->ret == 0) {
		assert_int_equal(start, US(c->start_s));
		assert_int_equal(end, US(c->end_s));
	}
}

int main(void)
{
	struct CMUnitTest
		tests[LEN(cases) + LEN(set_cases) + LEN(days_cases) + LEN(hours_cases) + 10];
	size_t n = 0;
	for (size_t i = 0; i < LEN(cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = cases[i].name,
			.test_func = test_case,
			.initial_state = (void *)&cases[i] };
	for (size_t i = 0; i < LEN(set_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = set_cases[i].name,
			.test_func = test_config_set,
			.initial_state = (void *)&set_cases[i] };
	for (size_t i = 0; i < LEN(days_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = days_cases[i].name,
			.test_func = test_days,
			.initial_state = (void *)&days_cases[i] };
	for (size_t i = 0; i < LEN(hours_cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = hours_cases[i].name,
			.test_func = test_hours,
			.initial_state = (void *)&hours_cases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_new_scheduler_sleeps_until_input);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_time_going_backwards_is_taken_as_now);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_events_past_the_buffer_are_counted_not_written);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_status_tracks_timers_and_prompt);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_postpone_for_a_given_delay_overrides_the_setting);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_new_settings_keep_the_time_counted);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_destroy_null_is_harmless);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_names);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_config_defaults_match_the_documented_ones);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_config_switch_spellings);
	return _cmocka_run_group_tests("core-scheduler", tests, n, NULL, NULL);
}

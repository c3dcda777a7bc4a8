/* Tests for the daemon's session: pause, coaches, today's counts, stretches, on a virtual clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/session.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define US(s) ((int64_t)1000000 * (s))
#define MIN(m) (60 * (m))
/* The boot-time clock reads this when the session starts, so no time is near zero. */
#define T0 1000
#define DAY0 20000

enum op {
	OP_END,
	OP_TICK,
	OP_ACTIVE,
	OP_IDLE,
	OP_SUSPEND,
	OP_RESUME,
	OP_START,
	OP_POSTPONE,
	OP_SKIP,
	OP_PAUSE,
	OP_UNPAUSE,
	OP_BEGAN,
	OP_ENDED,
	OP_STOP,
	/* The local day moves on by arg days. */
	OP_DAY,
};

struct step {
	enum op op;
	/* Seconds since the session started. */
	int64_t t_s;
	enum mb_break_kind brk;
	/* PAUSE, POSTPONE: seconds; ENDED: the outcome; DAY: days. */
	int64_t arg;
};

struct session_case {
	const char *name;
	struct {
		const char *section, *key, *value;
	} settings[4];
	struct step steps[16];
	/* Every action but STATUS_CHANGED, as "T what", T the seconds of the input it came from. */
	const char *want[24];
	/* Today's completed breaks and movement breaks after the last step. */
	unsigned breaks_today, movement_today;
};

/* clang-format off */
#define S(t, o) { .op = OP_##o, .t_s = (t) }
#define SA(t, o, a) { .op = OP_##o, .t_s = (t), .arg = (a) }
#define SB(t, o, b) { .op = OP_##o, .t_s = (t), .brk = (b) }
#define ENDED(t, outcome) { .op = OP_ENDED, .t_s = (t), .arg = (outcome) }
/* clang-format on */
#define MV MB_BREAK_MOVEMENT
#define MC MB_BREAK_MICRO
/* clang-format off */
#define NO_MICRO { "micro", "every", "0" }
#define LULL0 { "prompt", "lull", "0" }
#define EVERY10 { "movement", "every", "10m" }
/* clang-format on */

static const struct session_case cases[] = {
	{ "pause_time_is_not_work_so_the_break_comes_that_much_later", { NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), SA(300, PAUSE, 1800), S(2400, TICK), S(2400, STOP) },
		{ "300 event pause", "300 stretch 0-300 active 300", "2100 event unpause",
			"2400 event prompt movement", "2400 show movement",
			"2400 row prompted prompt movement", "2400 signal prompted movement",
			"2400 stretch 2100-2400 active 300" },
		0, 0 },
	{ "postponed_break_falling_due_in_a_pause_is_offered_when_it_ends",
		{ NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), SA(600, POSTPONE, 0), SA(660, PAUSE, 1800), S(2460, TICK) },
		{ "600 event prompt movement", "600 show movement",
			"600 row prompted prompt movement", "600 signal prompted movement",
			"600 event postpone movement", "600 withdraw",
			"600 row postponed prompt movement", "660 event pause",
			"660 stretch 0-660 active 660", "2460 event unpause",
			"2460 event prompt movement", "2460 show movement",
			"2460 row prompted prompt movement", "2460 signal prompted movement" },
		0, 0 },
	{ "pause_longer_than_natural_break_is_no_rest", { NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), S(240, IDLE), SA(250, PAUSE, 3600), S(3850, ACTIVE),
			S(4300, TICK) },
		{ "240 stretch 0-240 active 240", "250 event pause", "3850 event unpause",
			"4210 event prompt movement", "4210 show movement",
			"4210 row prompted prompt movement", "4210 signal prompted movement" },
		0, 0 },
	{ "idle_before_and_after_a_pause_adds_up_to_a_natural_break", { NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), S(100, IDLE), SA(200, PAUSE, 600), S(1200, ACTIVE) },
		{ "100 stretch 0-100 active 100", "200 event pause", "800 event unpause",
			"1200 event natural_break", "1200 row natural manual movement" },
		0, 0 },
	{ "early_unpause_counts_again_at_once", { NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), SA(300, PAUSE, 0), S(400, UNPAUSE), S(700, TICK) },
		{ "300 event pause", "300 stretch 0-300 active 300", "400 event unpause",
			"700 event prompt movement", "700 show movement",
			"700 row prompted prompt movement", "700 signal prompted movement" },
		0, 0 },
	{ "pause_during_a_prompt_takes_it_back_and_offers_it_again_after",
		{ NO_MICRO, LULL0, EVERY10 }, { S(0, ACTIVE), SA(610, PAUSE, 60), S(700, TICK) },
		{ "600 event prompt movement", "600 show movement",
			"600 row prompted prompt movement", "600 signal prompted movement",
			"610 event withdraw movement", "610 withdraw",
			"610 signal finished movement withdrawn", "610 event pause",
			"610 stretch 0-610 active 610", "670 event unpause",
			"670 event prompt movement", "670 show movement",
			"670 row prompted prompt movement", "670 signal prompted movement" },
		0, 0 },
	{ "start_while_paused_is_refused_and_unpause_when_not_paused_too",
		{ NO_MICRO, LULL0, EVERY10 },
		{ SA(10, PAUSE, 0), SB(20, START, MV), S(30, UNPAUSE), S(40, UNPAUSE) },
		{ "10 event pause", "20 refused paused", "30 event unpause",
			"40 refused not_paused" },
		0, 0 },
	{ "postpone_with_nothing_waiting_is_refused", { NO_MICRO, LULL0, EVERY10 },
		{ SA(10, POSTPONE, 0), S(20, SKIP) },
		{ "10 refused no_prompt", "20 refused no_prompt" }, 0, 0 },
	{ "break_ended_early_by_its_coach_ends_at_once_and_is_not_counted",
		{ NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), SB(600, START, MV), SB(601, BEGAN, MV),
			ENDED(620, MB_OUTCOME_PARTIAL), S(1220, TICK) },
		{ "600 event prompt movement", "600 show movement",
			"600 row prompted prompt movement", "600 signal prompted movement",
			"600 event start movement", "600 withdraw",
			"600 row started prompt movement", "600 run movement",
			"600 signal started movement", "600 stretch 0-600 active 600",
			"620 event done movement", "620 signal finished movement partial",
			"1220 event prompt movement", "1220 show movement",
			"1220 row prompted prompt movement", "1220 signal prompted movement" },
		0, 0 },
	{ "break_no_coach_follows_ends_at_its_planned_length", { NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), SB(100, START, MV), S(400, TICK) },
		{ "100 event start movement", "100 withdraw", "100 row started manual movement",
			"100 run movement", "100 signal started movement",
			"100 stretch 0-100 active 100", "340 event done movement",
			"340 signal finished movement done" },
		0, 0 },
	{ "break_by_hand_during_a_prompt_answers_it_and_runs_no_command",
		{ NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), SB(630, BEGAN, MV), ENDED(700, MB_OUTCOME_COMPLETED) },
		{ "600 event prompt movement", "600 show movement",
			"600 row prompted prompt movement", "600 signal prompted movement",
			"630 event start movement", "630 withdraw",
			"630 row started prompt movement", "630 signal started movement",
			"630 stretch 0-630 active 630", "700 event done movement",
			"700 signal finished movement done" },
		1, 1 },
	{ "coach_that_skips_ends_the_break_and_writes_its_own_row", { NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), SB(100, BEGAN, MC), ENDED(110, MB_OUTCOME_SKIPPED) },
		{ "100 event start micro", "100 withdraw", "100 row started manual micro",
			"100 signal started micro", "100 stretch 0-100 active 100", "110 note",
			"110 event skip micro", "110 withdraw",
			"110 signal finished micro skipped" },
		0, 0 },
	{ "completed_breaks_count_today_and_a_new_day_starts_at_zero", { NO_MICRO, LULL0, EVERY10 },
		{ SB(10, BEGAN, MC), ENDED(40, MB_OUTCOME_COMPLETED), SB(50, BEGAN, MV),
			ENDED(60, MB_OUTCOME_COMPLETED), SA(70, DAY, 1), SB(80, BEGAN, MV),
			ENDED(90, MB_OUTCOME_COMPLETED) },
		{ "10 event start micro", "10 withdraw", "10 row started manual micro",
			"10 signal started micro", "40 event done micro",
			"40 signal finished micro done", "50 event start movement", "50 withdraw",
			"50 row started manual movement", "50 signal started movement",
			"60 event done movement", "60 signal finished movement done",
			"80 event start movement", "80 withdraw", "80 row started manual movement",
			"80 signal started movement", "90 event done movement",
			"90 signal finished movement done" },
		1, 1 },
	{ "stretches_end_at_idle_and_at_sleep", { NO_MICRO, LULL0, EVERY10 },
		{ S(0, ACTIVE), S(120, IDLE), S(200, ACTIVE), S(260, SUSPEND), S(300, RESUME),
			S(310, ACTIVE), S(320, STOP) },
		{ "120 stretch 0-120 active 120", "260 event suspend",
			"260 stretch 200-260 active 60", "300 event resume",
			"320 stretch 310-320 active 10" },
		0, 0 },
};

struct run {
	struct mb_session *session;
	int64_t day;
	char lines[256][96];
	size_t len;
	/* Record every action as it came, without the input's time, for comparing two runs. */
	bool timeless;
};

static const char *refusal_name(enum mb_session_refusal r)
{
	switch (r) {
	case MB_SESSION_REFUSED_IN_BREAK:
		return "in_break";
	case MB_SESSION_REFUSED_PAUSED:
		return "paused";
	case MB_SESSION_REFUSED_NO_PROMPT:
		return "no_prompt";
	case MB_SESSION_REFUSED_POSTPONE_LIMIT:
		return "postpone_limit";
	case MB_SESSION_REFUSED_NOT_PAUSED:
		return "not_paused";
	}
	return "?";
}

static void describe(const struct mb_session_action *a, char *out, size_t len)
{
	const char *kind = mb_break_kind_name(a->brk);
	switch (a->kind) {
	case MB_SESSION_EVENT: {
		bool brk = a->event.kind != MB_SCHEDULER_EV_NATURAL_BREAK &&
			a->event.kind != MB_SCHEDULER_EV_SUSPEND &&
			a->event.kind != MB_SCHEDULER_EV_RESUME &&
			a->event.kind != MB_SCHEDULER_EV_PAUSE &&
			a->event.kind != MB_SCHEDULER_EV_UNPAUSE;
		snprintf(out, len, "event %s%s%s", mb_scheduler_event_name(a->event.kind),
			brk ? " " : "", brk ? mb_break_kind_name(a->event.brk) : "");
		break;
	}
	case MB_SESSION_NOTE:
		snprintf(out, len, "note");
		break;
	case MB_SESSION_SHOW_PROMPT:
		snprintf(out, len, "show %s%s", kind, a->remind ? " again" : "");
		break;
	case MB_SESSION_WITHDRAW_PROMPT:
		snprintf(out, len, "withdraw");
		break;
	case MB_SESSION_RECORD_BREAK:
		snprintf(out, len, "row %s %s %s", mb_outcome_name(a->record.outcome),
			mb_source_name(a->record.source), mb_break_kind_name(a->record.kind));
		break;
	case MB_SESSION_RECORD_ACTIVITY:
		snprintf(out, len, "stretch %lld-%lld active %lld",
			(long long)(a->activity.start_us / 1000000 - T0),
			(long long)(a->activity.end_us / 1000000 - T0),
			(long long)(a->activity.active_us / 1000000));
		break;
	case MB_SESSION_RUN_BREAK:
		snprintf(out, len, "run %s", kind);
		break;
	case MB_SESSION_SIGNAL:
		snprintf(out, len, "signal %s %s%s%s",
			a->signal == MB_SESSION_SIGNAL_PROMPTED        ? "prompted" :
				a->signal == MB_SESSION_SIGNAL_STARTED ? "started" :
									 "finished",
			kind, a->how ? " " : "", a->how ? a->how : "");
		break;
	case MB_SESSION_STATUS_CHANGED:
		out[0] = '\0';
		break;
	case MB_SESSION_REFUSED:
		snprintf(out, len, "refused %s", refusal_name(a->refusal));
		break;
	}
}

static void feed(struct run *r, enum mb_session_input_kind kind, int64_t t_s, const struct step *st)
{
	struct mb_session_input in = {
		.kind = kind,
		.boot_us = US(T0 + t_s),
		.local = { .weekday = 0, .day_us = US(8 * 3600 + t_s) },
		.day = r->day,
	};
	if (st) {
		in.brk = st->brk;
		in.delay_us = US(st->arg);
		in.outcome = (enum mb_outcome)st->arg;
	}
	struct mb_session_action actions[MB_SESSION_ACTIONS_MAX];
	size_t n = mb_session_feed(r->session, &in, actions, LEN(actions));
	assert_true(n <= MB_SESSION_ACTIONS_MAX);
	for (size_t i = 0; i < n; i++) {
		char what[80];
		describe(&actions[i], what, sizeof(what));
		if (!what[0])
			continue;
		assert_true(r->len < LEN(r->lines));
		if (r->timeless)
			snprintf(r->lines[r->len++], sizeof(r->lines[0]), "%s", what);
		else
			snprintf(r->lines[r->len++], sizeof(r->lines[0]), "%lld %s", (long long)t_s,
				what);
	}
}

static void start(struct run *r, const struct session_case *c)
{
	struct mb_config cfg;
	mb_config_init(&cfg);
	for (size_t i = 0; i < LEN(c->settings) && c->settings[i].section; i++) {
		char err[200];
		if (mb_config_set(&cfg, c->settings[i].section, c->settings[i].key,
			    c->settings[i].value, err, sizeof(err)) < 0)
			fail_msg("%s: %s", c->name, err);
	}
	const int64_t break_us[2] = { US(240), US(30) };
	struct mb_session_input in = { .boot_us = US(T0),
		.local = { .day_us = US(8 * 3600) },
		.day = DAY0 };
	r->day = DAY0;
	r->session = mb_session_create(&cfg, break_us, &in);
	assert_non_null(r->session);
	mb_session_set_activity_source(r->session, 0, true);
}

static enum mb_session_input_kind input_of(enum op op)
{
	static const enum mb_session_input_kind kinds[] = {
		[OP_TICK] = MB_SESSION_TICK,
		[OP_ACTIVE] = MB_SESSION_ACTIVE,
		[OP_IDLE] = MB_SESSION_IDLE,
		[OP_SUSPEND] = MB_SESSION_SUSPEND,
		[OP_RESUME] = MB_SESSION_RESUME,
		[OP_START] = MB_SESSION_START,
		[OP_POSTPONE] = MB_SESSION_POSTPONE,
		[OP_SKIP] = MB_SESSION_SKIP,
		[OP_PAUSE] = MB_SESSION_PAUSE,
		[OP_UNPAUSE] = MB_SESSION_UNPAUSE,
		[OP_BEGAN] = MB_SESSION_COACH_BEGAN,
		[OP_ENDED] = MB_SESSION_COACH_ENDED,
		[OP_STOP] = MB_SESSION_STOP,
	};
	return kinds[op];
}

/* every_deadline: wake at each deadline, as the daemon's timer does; else only at the inputs. */
static void play(struct run *r, const struct session_case *c, bool every_deadline)
{
	start(r, c);
	for (size_t i = 0; i < LEN(c->steps) && c->steps[i].op != OP_END; i++) {
		const struct step *st = &c->steps[i];
		while (every_deadline) {
			int64_t next = mb_session_next_deadline(r->session);
			if (next > US(T0 + st->t_s))
				break;
			feed(r, MB_SESSION_TICK, next / 1000000 - T0, NULL);
		}
		if (st->op == OP_DAY) {
			r->day += st->arg;
			continue;
		}
		feed(r, input_of(st->op), st->t_s, st);
	}
}

static void test_session(void **state)
{
	const struct session_case *c = *state;
	struct run r = { 0 };
	play(&r, c, true);
	size_t want = 0;
	while (want < LEN(c->want) && c->want[want])
		want++;
	for (size_t i = 0; i < r.len || i < want; i++) {
		const char *got = i < r.len ? r.lines[i] : "(nothing)";
		const char *exp = i < want ? c->want[i] : "(nothing)";
		if (strcmp(got, exp) != 0) {
			for (size_t k = 0; k < r.len; k++)
				print_message("  got: %s\n", r.lines[k]);
			fail_msg("%s: action %zu is '%s', expected '%s'", c->name, i, got, exp);
		}
	}
	struct mb_session_status st;
	mb_session_status(r.session, 0, &st);
	assert_int_equal(st.breaks_today, c->breaks_today);
	assert_int_equal(st.movement_today, c->movement_today);
	mb_session_destroy(r.session);
}

/*
 * A day of typing, pauses, prompts and breaks gives the same actions whether
 * the caller wakes at every deadline or only at its inputs: the session and
 * the scheduler fire every deadline on the way themselves.
 */
static void test_every_deadline_or_only_inputs_give_the_same_day(void **state)
{
	static const struct session_case day = {
		"day",
		{ { "micro", "every", "15m" }, { "prompt", "remind", "2m" } },
		{ S(0, ACTIVE), S(1000, IDLE), S(1010, ACTIVE), SA(1900, PAUSE, 600), S(2700, IDLE),
			S(3100, ACTIVE), SB(3300, START, MV), SB(3310, BEGAN, MV),
			ENDED(3500, MB_OUTCOME_COMPLETED), S(3600, SUSPEND), S(4200, RESUME),
			S(4210, ACTIVE), SA(7000, POSTPONE, 0), S(9000, IDLE), S(9100, STOP) },
		{ NULL },
		0,
		0,
	};
	struct run a = { .timeless = true }, b = { .timeless = true };
	play(&a, &day, true);
	play(&b, &day, false);
	assert_true(a.len > 20);
	assert_int_equal(a.len, b.len);
	for (size_t i = 0; i < a.len; i++)
		assert_string_equal(a.lines[i], b.lines[i]);
	mb_session_destroy(a.session);
	mb_session_destroy(b.session);
}

static void test_read_stops_short_of_the_idle_threshold_while_typing(void **state)
{
	static const struct session_case c = { "read", { NO_MICRO }, { { 0 } }, { NULL }, 0, 0 };
	struct run r = { 0 };
	start(&r, &c);
	mb_session_set_activity_source(r.session, US(3), false);
	feed(&r, MB_SESSION_ACTIVE, 0, NULL);
	feed(&r, MB_SESSION_READ, 100, NULL);
	struct mb_session_status st;
	mb_session_status(r.session, US(T0 + 100), &st);
	/* The last 3 s are not known yet: an idle report may date the end of typing back. */
	assert_int_equal(st.active_us, US(97));
	feed(&r, MB_SESSION_IDLE, 98, NULL);
	mb_session_status(r.session, US(T0 + 100), &st);
	assert_int_equal(st.active_us, US(98));
	mb_session_destroy(r.session);
}

static void test_resume_counts_as_activity_when_the_source_may_miss_sleep(void **state)
{
	static const struct session_case c = { "resume", { NO_MICRO }, { { 0 } }, { NULL }, 0, 0 };
	struct run r = { 0 };
	start(&r, &c);
	mb_session_set_activity_source(r.session, US(3), false);
	feed(&r, MB_SESSION_ACTIVE, 0, NULL);
	feed(&r, MB_SESSION_SUSPEND, 10, NULL);
	feed(&r, MB_SESSION_RESUME, 20, NULL);
	feed(&r, MB_SESSION_TICK, 50, NULL);
	struct mb_session_status st;
	mb_session_status(r.session, US(T0 + 50), &st);
	assert_int_equal(st.state, MB_SESSION_ACTIVE_STATE);
	assert_int_equal(st.active_us, US(10 + 30));
	mb_session_destroy(r.session);
}

static void test_state_names(void **state)
{
	assert_string_equal(mb_session_state_name(MB_SESSION_PAUSED), "paused");
	assert_string_equal(mb_session_state_name(MB_SESSION_IN_BREAK), "break");
	assert_string_equal(mb_session_state_name(MB_SESSION_HELD), "held");
	assert_string_equal(mb_session_state_name(MB_SESSION_IDLE_STATE), "idle");
}

int main(void)
{
	struct CMUnitTest tests[LEN(cases) + 4];
	size_t n = 0;
	for (size_t i = 0; i < LEN(cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = cases[i].name,
			.test_func = test_session,
			.initial_state = (void *)&cases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_every_deadline_or_only_inputs_give_the_same_day);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_read_stops_short_of_the_idle_threshold_while_typing);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_resume_counts_as_activity_when_the_source_may_miss_sleep);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_state_names);
	return _cmocka_run_group_tests("core-session", tests, n, NULL, NULL);
}

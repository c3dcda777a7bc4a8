/* libFuzzer target for the trace reader, and for the session driven by whatever it accepts. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/config.h"
#include "core/scheduler.h"
#include "core/session.h"
#include "parse/trace.h"

/* Longer traces are skipped for the scheduler run: a year of reminders would only be slow. */
#define SPAN_MAX_US (INT64_C(8) * 86400 * 1000000)
#define BREAK_US (INT64_C(240) * 1000000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_diags(const struct mb_diags *diags)
{
	for (size_t i = 0; i < diags->len; i++) {
		const struct mb_diag *d = &diags->items[i];
		if (d->line < 0 || d->column < 0 || d->message[0] == '\0' ||
			memchr(d->message, '\0', sizeof(d->message)) == NULL)
			__builtin_trap();
		for (const char *c = d->message; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				__builtin_trap();
	}
}

static void feed(struct mb_session *s, struct mb_session_input *in, size_t *prompts)
{
	struct mb_session_action actions[MB_SESSION_ACTIONS_MAX];
	size_t n = mb_session_feed(s, in, actions, MB_SESSION_ACTIONS_MAX);
	/* The caller woke at every deadline, so the documented bound must hold. */
	if (n > MB_SESSION_ACTIONS_MAX)
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		const struct mb_session_action *a = &actions[i];
		if (a->kind == MB_SESSION_EVENT && a->event.t_us > in->boot_us)
			__builtin_trap();
		if (a->kind == MB_SESSION_RECORD_ACTIVITY &&
			(a->activity.end_us < a->activity.start_us || a->activity.active_us < 0 ||
				a->activity.active_us > a->activity.end_us - a->activity.start_us))
			__builtin_trap();
		/* Answer prompts in turn: start, postpone, skip, ignore; a coach ends some breaks. */
		if (a->kind == MB_SESSION_EVENT && a->event.kind == MB_SCHEDULER_EV_PROMPT) {
			static const enum mb_session_input_kind answers[] = {
				MB_SESSION_START,
				MB_SESSION_POSTPONE,
				MB_SESSION_SKIP,
			};
			size_t which = (*prompts)++ % 4;
			if (which < 3) {
				struct mb_session_input answer = *in;
				answer.kind = answers[which];
				answer.brk = a->brk;
				feed(s, &answer, prompts);
			}
		}
		if (a->kind == MB_SESSION_RUN_BREAK && *prompts % 3 == 0) {
			struct mb_session_input began = *in;
			began.kind = MB_SESSION_COACH_BEGAN;
			began.brk = a->brk;
			feed(s, &began, prompts);
		}
	}
}

static void run(const struct mb_trace *trace)
{
	if (trace->len == 0 ||
		trace->events[trace->len - 1].t_us - trace->events[0].t_us > SPAN_MAX_US)
		return;
	struct mb_config cfg;
	mb_config_init(&cfg);
	cfg.days[5] = cfg.days[6] = false;
	cfg.hours_start_us = INT64_C(9) * 3600 * 1000000;
	cfg.hours_end_us = INT64_C(18) * 3600 * 1000000;
	const int64_t break_us[2] = { BREAK_US, BREAK_US / 8 };
	int64_t clock_us = 0;
	size_t prompts = 0;
	struct mb_session_input in;
	mb_trace_session_input(&trace->events[0], 0, &in);
	struct mb_session *s = mb_session_create(&cfg, break_us, &in);
	if (!s)
		return;
	mb_session_set_activity_source(s, 3000000, false);
	for (size_t i = 0; i < trace->len; i++) {
		const struct mb_trace_event *e = &trace->events[i];
		for (;;) {
			int64_t next = mb_session_next_deadline(s);
			if (next > e->t_us)
				break;
			struct mb_trace_event tick = { .kind = MB_TRACE_CLOCK, .t_us = next };
			mb_trace_session_input(&tick, clock_us, &in);
			feed(s, &in, &prompts);
			if (mb_session_next_deadline(s) <= next)
				__builtin_trap();
		}
		if (e->kind == MB_TRACE_CLOCK)
			clock_us += e->clock_us;
		mb_trace_session_input(e, clock_us, &in);
		/* Now and then a coach ends the break under way, completed or cut short. */
		if (e->kind == MB_TRACE_IDLE && i % 2) {
			struct mb_session_input ended = in;
			ended.kind = MB_SESSION_COACH_ENDED;
			ended.outcome = i % 4 == 1 ? MB_OUTCOME_COMPLETED : MB_OUTCOME_PARTIAL;
			feed(s, &ended, &prompts);
		}
		feed(s, &in, &prompts);
	}
	struct mb_session_status st;
	mb_session_status(s, trace->events[trace->len - 1].t_us, &st);
	if (st.sched.active_us < 0 ||
		st.sched.active_us > trace->events[trace->len - 1].t_us - trace->events[0].t_us)
		__builtin_trap();
	mb_session_destroy(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_trace trace = { 0 };
	struct mb_diags diags = { 0 };
	int ret = mb_trace_parse(&trace, (const char *)data, size, &diags);
	/* Accepted with no problems, or refused with at least one: never both, never neither. */
	if ((ret == 0) != (diags.len == 0) && ret != -ENOMEM)
		__builtin_trap();
	check_diags(&diags);
	if (ret == 0) {
		for (size_t i = 1; i < trace.len; i++)
			if (trace.events[i].t_us < trace.events[i - 1].t_us)
				__builtin_trap();
		for (size_t i = 0; i < trace.len; i++) {
			char buf[64];
			mb_trace_time_format(trace.events[i].t_us, trace.dated, buf, sizeof(buf));
		}
		run(&trace);
	}
	mb_trace_finish(&trace);
	return 0;
}

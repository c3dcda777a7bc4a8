/* libFuzzer target for the trace reader, and for the scheduler driven by whatever it accepts. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/config.h"
#include "core/scheduler.h"
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

static void feed(struct mb_scheduler *s, enum mb_scheduler_input_kind kind, int64_t t_us,
	enum mb_break_kind brk, int64_t clock_us, int64_t *break_end_us, size_t *prompts)
{
	struct mb_scheduler_input in = { .kind = kind, .now_us = t_us, .brk = brk };
	mb_trace_local_time(t_us + clock_us, &in.local);
	struct mb_scheduler_event ev[MB_SCHEDULER_EVENTS_MAX];
	size_t n = mb_scheduler_feed(s, &in, ev, MB_SCHEDULER_EVENTS_MAX);
	/* The caller woke at every deadline, so the documented bound must hold. */
	if (n > MB_SCHEDULER_EVENTS_MAX)
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		if (ev[i].t_us > t_us)
			__builtin_trap();
		if (ev[i].kind == MB_SCHEDULER_EV_START)
			*break_end_us = ev[i].t_us + BREAK_US;
		/* Answer prompts in turn: start, postpone, skip, ignore. */
		if (ev[i].kind == MB_SCHEDULER_EV_PROMPT) {
			static const enum mb_scheduler_input_kind answers[] = {
				MB_SCHEDULER_START, MB_SCHEDULER_POSTPONE, MB_SCHEDULER_SKIP,
			};
			size_t which = (*prompts)++ % 4;
			if (which < 3)
				feed(s, answers[which], ev[i].t_us, ev[i].brk, clock_us, break_end_us,
					prompts);
		}
	}
}

static void run(const struct mb_trace *trace)
{
	if (trace->len == 0 || trace->events[trace->len - 1].t_us - trace->events[0].t_us > SPAN_MAX_US)
		return;
	struct mb_config cfg;
	mb_config_init(&cfg);
	cfg.days[5] = cfg.days[6] = false;
	cfg.hours_start_us = INT64_C(9) * 3600 * 1000000;
	cfg.hours_end_us = INT64_C(18) * 3600 * 1000000;
	int64_t clock_us = 0, break_end_us = INT64_MAX;
	size_t prompts = 0;
	struct mb_local_time local;
	mb_trace_local_time(trace->events[0].t_us, &local);
	struct mb_scheduler *s = mb_scheduler_create(&cfg, trace->events[0].t_us, &local);
	if (!s)
		return;
	for (size_t i = 0; i < trace->len; i++) {
		const struct mb_trace_event *e = &trace->events[i];
		for (;;) {
			int64_t deadline = mb_scheduler_next_deadline(s);
			int64_t next = deadline < break_end_us ? deadline : break_end_us;
			if (next > e->t_us)
				break;
			bool finish = next == break_end_us;
			if (finish)
				break_end_us = INT64_MAX;
			feed(s, finish ? MB_SCHEDULER_FINISHED : MB_SCHEDULER_TICK, next, MB_BREAK_MOVEMENT,
				clock_us, &break_end_us, &prompts);
			if (mb_scheduler_next_deadline(s) <= next)
				__builtin_trap();
		}
		if (e->kind == MB_TRACE_CLOCK)
			clock_us += e->clock_us;
		feed(s, mb_trace_input_kind(e->kind), e->t_us, e->brk, clock_us, &break_end_us, &prompts);
	}
	struct mb_scheduler_status st;
	mb_scheduler_status(s, &st);
	if (st.active_us < 0 || st.active_us > trace->events[trace->len - 1].t_us - trace->events[0].t_us)
		__builtin_trap();
	mb_scheduler_destroy(s);
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

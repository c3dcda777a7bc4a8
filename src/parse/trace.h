/* Activity traces: a scripted day of input, sleep and do-not-disturb, for `movebreak simulate`. */
#ifndef MB_PARSE_TRACE_H
#define MB_PARSE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/scheduler.h"
#include "core/session.h"

/*
 * A trace line is "[YYYY-MM-DD ]HH:MM:SS EVENT", EVENT one of active, idle,
 * suspend, resume, "dnd on", "dnd off" and end; "pause DURATION" (0: until
 * unpause) and "unpause", as `movebreak pause` and `resume` do; and two for
 * tests and bug reports: "break [movement|micro]" (the user starts a break
 * early) and "clock +DURATION" / "clock -DURATION" (the wall clock is set;
 * the trace's own times keep running steadily). '#' starts a comment. A
 * trace whose first event has no date runs on 2024-01-01, a Monday, and
 * gives no dates.
 */
enum mb_trace_kind {
	MB_TRACE_ACTIVE,
	MB_TRACE_IDLE,
	MB_TRACE_SUSPEND,
	MB_TRACE_RESUME,
	MB_TRACE_DND_ON,
	MB_TRACE_DND_OFF,
	MB_TRACE_BREAK,
	MB_TRACE_CLOCK,
	MB_TRACE_END,
	MB_TRACE_PAUSE,
	MB_TRACE_UNPAUSE,
};

struct mb_trace_event {
	enum mb_trace_kind kind;
	/* Microseconds since 1970-01-01 00:00:00 of the trace's own, steady calendar. */
	int64_t t_us;
	/* BREAK: which break. */
	enum mb_break_kind brk;
	/* CLOCK: how far the wall clock was set forward (negative: back). */
	int64_t clock_us;
	/* PAUSE: how long, 0 until an unpause. */
	int64_t pause_us;
	/* 1-based line in the trace file. */
	int line;
};

struct mb_trace {
	struct mb_trace_event *events;
	size_t len, cap;
	/* Whether the trace writes dates; its output then does too. */
	bool dated;
};

/**
 * Parse a trace from len bytes of buf (need not be NUL-terminated) into
 * *trace, which the caller owns and frees with mb_trace_finish() whatever
 * the result. Every malformed line adds a diagnostic. Returns 0, -EINVAL
 * when there were problems, or -ENOMEM.
 */
int mb_trace_parse(struct mb_trace *trace, const char *buf, size_t len, struct mb_diags *diags);

/**
 * The session input a trace event stands for, with the wall clock set
 * clock_us away from the trace's own time: activity edges, suspend and
 * resume, do-not-disturb (source 0), an early break (START), a pause; a
 * clock change and the end are only a passage of time (TICK).
 */
void mb_trace_session_input(const struct mb_trace_event *ev, int64_t clock_us,
	struct mb_session_input *in);

/** Free the events of a trace. NULL-safe; leaves an empty trace. */
void mb_trace_finish(struct mb_trace *trace);

/**
 * Write a trace time as the trace writes it: "YYYY-MM-DD HH:MM:SS" when
 * dated, else "HH:MM:SS"; a fraction of a second adds ".mmm" (trailing
 * zeros dropped). Returns buf.
 */
char *mb_trace_time_format(int64_t t_us, bool dated, char *buf, size_t len);

/** The local time (weekday and time of day) and day a trace-calendar time stands for. */
void mb_trace_local_time(int64_t t_us, struct mb_local_time *out, int64_t *day);

#endif

/* Reading activity traces line by line, with a diagnostic for every line that is not right. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/duration.h"
#include "parse/trace.h"

#define DAY_US (INT64_C(86400) * MB_US_PER_S)

/* One whitespace-separated word of a line, with its 1-based column. */
struct word {
	const char *text;
	size_t len;
	int column;
};

#define WORDS_MAX 6

struct parser {
	struct mb_trace *trace;
	struct mb_diags *diags;
	int64_t last_us;
	/* The date of the line before, as days since 1970-01-01. */
	int64_t day;
	bool seen_event, ended, failed;
	int end_line;
};

static bool word_is(const struct word *w, const char *s)
{
	return w->len == strlen(s) && memcmp(w->text, s, w->len) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int digits_value(const char *p, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

static bool all_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(p[i]))
			return false;
	return true;
}

static bool looks_like_date(const struct word *w)
{
	return w->len >= 8 && memchr(w->text, '-', w->len) != NULL;
}

static void problem(struct parser *p, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(struct parser *p, int line, int column, const char *fmt, ...)
{
	char message[sizeof(p->diags->items[0].message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	mb_diags_add(p->diags, line, column, "%s", message);
	p->failed = true;
}

/* Copy a word into a small NUL-terminated buffer for messages, shortening it if need be. */
static const char *quote(const struct word *w, char *buf, size_t len)
{
	size_t n = w->len < len - 1 ? w->len : len - 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w->text[i];
		buf[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	buf[n] = '\0';
	return buf;
}

static bool parse_date(struct parser *p, int line, const struct word *w, int64_t *day)
{
	char buf[64], text[11];
	const char *s = w->text;
	if (w->len != 10 || !all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) ||
		s[7] != '-' || !all_digits(s + 8, 2)) {
		problem(p, line, w->column, "'%s' is not a date (YYYY-MM-DD)",
			quote(w, buf, sizeof(buf)));
		return false;
	}
	memcpy(text, s, 10);
	text[10] = '\0';
	int r = mb_date_parse(text, day);
	if (r == -ERANGE)
		problem(p, line, w->column,
			"%s is before 1970-01-01, the earliest date a trace may use", text);
	else if (r < 0)
		problem(p, line, w->column, "there is no such date as %s", text);
	return r == 0;
}

static bool parse_time(struct parser *p, int line, const struct word *w, int64_t *tod_us)
{
	char buf[64];
	const char *s = w->text;
	size_t hl = w->len == 8 ? 2 : 1;
	if ((w->len != 8 && w->len != 7) || !all_digits(s, hl) || s[hl] != ':' ||
		!all_digits(s + hl + 1, 2) || s[hl + 3] != ':' || !all_digits(s + hl + 4, 2)) {
		problem(p, line, w->column, "'%s' is not a time (HH:MM:SS)",
			quote(w, buf, sizeof(buf)));
		return false;
	}
	int h = digits_value(s, hl), m = digits_value(s + hl + 1, 2),
	    sec = digits_value(s + hl + 4, 2);
	if (h > 23 || m > 59 || sec > 59) {
		problem(p, line, w->column, "there is no such time of day as %s",
			quote(w, buf, sizeof(buf)));
		return false;
	}
	*tod_us = ((int64_t)h * 3600 + m * 60 + sec) * MB_US_PER_S;
	return true;
}

static int add_event(struct mb_trace *trace, const struct mb_trace_event *ev)
{
	if (trace->len == trace->cap) {
		size_t cap = trace->cap ? trace->cap * 2 : 64;
		struct mb_trace_event *events = realloc(trace->events, cap * sizeof(*events));
		if (!events)
			return -ENOMEM;
		trace->events = events;
		trace->cap = cap;
	}
	trace->events[trace->len++] = *ev;
	return 0;
}

/* Read the event words after the time; false (with a diagnostic) when they are not one. */
static bool parse_event(struct parser *p, int line, const struct word *w, size_t n, int end_column,
	struct mb_trace_event *ev)
{
	char buf[64];
	if (n == 0) {
		problem(p, line, end_column, "expected an event after the time");
		return false;
	}
	size_t used = 1;
	if (word_is(&w[0], "active")) {
		ev->kind = MB_TRACE_ACTIVE;
	} else if (word_is(&w[0], "idle")) {
		ev->kind = MB_TRACE_IDLE;
	} else if (word_is(&w[0], "suspend")) {
		ev->kind = MB_TRACE_SUSPEND;
	} else if (word_is(&w[0], "resume")) {
		ev->kind = MB_TRACE_RESUME;
	} else if (word_is(&w[0], "end")) {
		ev->kind = MB_TRACE_END;
	} else if (word_is(&w[0], "unpause")) {
		ev->kind = MB_TRACE_UNPAUSE;
	} else if (word_is(&w[0], "pause")) {
		if (n < 2) {
			problem(p, line, w[0].column,
				"'pause' takes how long: 30m, 1h, or 0 until "
				"'unpause'");
			return false;
		}
		char text[64];
		quote(&w[1], text, sizeof(text));
		size_t at = 0;
		if (w[1].len >= sizeof(text) ||
			(strcmp(text, "0") != 0 &&
				mb_duration_parse(text, &ev->pause_us, &at) < 0) ||
			ev->pause_us > DAY_US) {
			problem(p, line, w[1].column,
				"'%s' is not a pause (like 30m or 1h, at most a day; 0 until unpause)",
				text);
			return false;
		}
		ev->kind = MB_TRACE_PAUSE;
		used = 2;
	} else if (word_is(&w[0], "dnd")) {
		if (n < 2 || !(word_is(&w[1], "on") || word_is(&w[1], "off"))) {
			problem(p, line, n < 2 ? w[0].column : w[1].column,
				"'dnd' takes 'on' or 'off'");
			return false;
		}
		ev->kind = word_is(&w[1], "on") ? MB_TRACE_DND_ON : MB_TRACE_DND_OFF;
		used = 2;
	} else if (word_is(&w[0], "break")) {
		ev->kind = MB_TRACE_BREAK;
		ev->brk = MB_BREAK_MOVEMENT;
		if (n >= 2) {
			if (word_is(&w[1], "micro")) {
				ev->brk = MB_BREAK_MICRO;
			} else if (!word_is(&w[1], "movement")) {
				problem(p, line, w[1].column,
					"'break' takes 'movement' or 'micro', not '%s'",
					quote(&w[1], buf, sizeof(buf)));
				return false;
			}
			used = 2;
		}
	} else if (word_is(&w[0], "clock")) {
		if (n < 2 || (w[1].text[0] != '+' && w[1].text[0] != '-')) {
			problem(p, line, n < 2 ? w[0].column : w[1].column,
				"'clock' takes how far the wall clock was set: +1h, -30m");
			return false;
		}
		char text[64];
		quote(&w[1], text, sizeof(text));
		int64_t us;
		size_t at = 0;
		if (w[1].len >= sizeof(text) || mb_duration_parse(text + 1, &us, &at) < 0 ||
			us > 7 * DAY_US) {
			problem(p, line, w[1].column,
				"'%s' is not a clock change (like +1h or -30m, at most a week)",
				text);
			return false;
		}
		ev->kind = MB_TRACE_CLOCK;
		ev->clock_us = text[0] == '-' ? -us : us;
		used = 2;
	} else {
		problem(p, line, w[0].column,
			"unknown event '%s' (expected active, idle, suspend, resume, dnd on, dnd off, "
			"pause, unpause, break, clock or end)",
			quote(&w[0], buf, sizeof(buf)));
		return false;
	}
	if (used < n) {
		problem(p, line, w[used].column, "unexpected '%s' after the event",
			quote(&w[used], buf, sizeof(buf)));
		return false;
	}
	return true;
}

static int parse_line(struct parser *p, int line, const char *text, size_t len)
{
	/* A comment runs to the end of the line. */
	const char *hash = memchr(text, '#', len);
	if (hash)
		len = (size_t)(hash - text);
	struct word w[WORDS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r') {
			i++;
			continue;
		}
		size_t start = i;
		while (i < len && text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
			i++;
		if (n == WORDS_MAX) {
			problem(p, line, (int)start + 1, "too many words for one event");
			return 0;
		}
		w[n++] = (struct word){ text + start, i - start, (int)start + 1 };
	}
	if (n == 0)
		return 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\0') {
			problem(p, line, (int)i + 1, "a NUL byte is not text");
			return 0;
		}
	}

	size_t at = 0;
	int64_t day = p->day, tod;
	bool dated = looks_like_date(&w[0]);
	if (dated) {
		if (p->seen_event && !p->trace->dated) {
			problem(p, line, w[0].column,
				"a date here needs one on the first event too");
			return 0;
		}
		if (!parse_date(p, line, &w[0], &day))
			return 0;
		at = 1;
		if (n < 2) {
			problem(p, line, w[0].column + (int)w[0].len,
				"expected a time after the date");
			return 0;
		}
	}
	if (!parse_time(p, line, &w[at], &tod))
		return 0;
	struct mb_trace_event ev = { .line = line, .t_us = day * DAY_US + tod };
	if (!parse_event(p, line, w + at + 1, n - at - 1, w[at].column + (int)w[at].len, &ev))
		return 0;

	if (!p->seen_event)
		p->trace->dated = dated;
	if (p->ended) {
		problem(p, line, w[0].column, "an event after 'end' (line %d)", p->end_line);
		return 0;
	}
	if (p->seen_event && ev.t_us < p->last_us) {
		char then[40];
		mb_trace_time_format(p->last_us, p->trace->dated, then, sizeof(then));
		problem(p, line, w[0].column, "time goes backwards: the line before was at %s",
			then);
		return 0;
	}
	p->seen_event = true;
	p->last_us = ev.t_us;
	p->day = day;
	if (ev.kind == MB_TRACE_END) {
		p->ended = true;
		p->end_line = line;
	}
	return add_event(p->trace, &ev);
}

int mb_trace_parse(struct mb_trace *trace, const char *buf, size_t len, struct mb_diags *diags)
{
	struct parser p = {
		.trace = trace,
		.diags = diags,
		.day = mb_date_days(2024, 1, 1),
	};
	trace->dated = false;
	int line = 1;
	size_t start = 0;
	while (start < len) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - buf) : len;
		if (parse_line(&p, line, buf + start, end - start) < 0)
			return -ENOMEM;
		start = end + 1;
		line++;
	}
	if (!p.failed && !p.seen_event) {
		mb_diags_add(diags, 0, 0, "the trace has no events");
		p.failed = true;
	}
	return p.failed ? -EINVAL : 0;
}

void mb_trace_finish(struct mb_trace *trace)
{
	if (!trace)
		return;
	free(trace->events);
	*trace = (struct mb_trace){ 0 };
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

char *mb_trace_time_format(int64_t t_us, bool dated, char *buf, size_t len)
{
	int64_t day = floor_div(t_us, DAY_US);
	int64_t in_day = t_us - day * DAY_US;
	int64_t s = in_day / MB_US_PER_S;
	int ms = (int)((in_day % MB_US_PER_S) / 1000);
	char clock[32], frac[8] = "";
	snprintf(clock, sizeof(clock), "%02d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60),
		(int)(s % 60));
	if (ms) {
		snprintf(frac, sizeof(frac), ".%03d", ms);
		for (int i = 3; i > 1 && frac[i] == '0'; i--)
			frac[i] = '\0';
	}
	if (dated) {
		char date[16];
		mb_date_format(day, date, sizeof(date));
		snprintf(buf, len, "%s %s%s", date, clock, frac);
	} else {
		snprintf(buf, len, "%s%s", clock, frac);
	}
	return buf;
}

void mb_trace_local_time(int64_t t_us, struct mb_local_time *out, int64_t *day)
{
	int64_t d = floor_div(t_us, DAY_US);
	/* 1970-01-01 was a Thursday: weekday 3 counting from Monday. */
	int64_t wd = (d + 3) % 7;
	out->weekday = (int)(wd < 0 ? wd + 7 : wd);
	out->day_us = t_us - d * DAY_US;
	if (day)
		*day = d;
}

void mb_trace_session_input(const struct mb_trace_event *ev, int64_t clock_us,
	struct mb_session_input *in)
{
	static const enum mb_session_input_kind kinds[] = {
		[MB_TRACE_ACTIVE] = MB_SESSION_ACTIVE,
		[MB_TRACE_IDLE] = MB_SESSION_IDLE,
		[MB_TRACE_SUSPEND] = MB_SESSION_SUSPEND,
		[MB_TRACE_RESUME] = MB_SESSION_RESUME,
		[MB_TRACE_DND_ON] = MB_SESSION_DND,
		[MB_TRACE_DND_OFF] = MB_SESSION_DND,
		[MB_TRACE_BREAK] = MB_SESSION_START,
		[MB_TRACE_CLOCK] = MB_SESSION_TICK,
		[MB_TRACE_END] = MB_SESSION_TICK,
		[MB_TRACE_PAUSE] = MB_SESSION_PAUSE,
		[MB_TRACE_UNPAUSE] = MB_SESSION_UNPAUSE,
	};
	*in = (struct mb_session_input){
		.kind = kinds[ev->kind],
		.boot_us = ev->t_us,
		.wall_offset_us = clock_us,
		.brk = ev->brk,
		.delay_us = ev->pause_us,
		.on = ev->kind == MB_TRACE_DND_ON,
	};
	mb_trace_local_time(ev->t_us + clock_us, &in->local, &in->day);
}

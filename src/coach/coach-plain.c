/* The plain coach: one line per cue as it falls due, for pipes, logs and screen readers. */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/coach.h"
#include "coach/voice-link.h"
#include "core/duration.h"
#include "core/playback.h"
#include "platform/clock.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void print_cue(const struct mb_timeline *tl, size_t index, FILE *out)
{
	const struct mb_cue *c = &tl->cues[index];
	char at[32], dur[32];
	mb_offset_format(c->t_us, at, sizeof(at));
	bool first = index == 0 || tl->cues[index - 1].exercise != c->exercise;
	if (first && c->kind != MB_CUE_DONE) {
		const struct mb_exercise *e = &tl->routine->exercises[c->exercise - 1];
		fprintf(out, "[%s] Exercise %zu of %zu: %s\n", at, c->exercise, tl->spans_len,
			e->title);
		char *why = e->purpose ? mb_text_fill_side_dup(e->purpose, c->side) : NULL;
		if (why)
			fprintf(out, "[%s]   Why: %s\n", at, why);
		free(why);
	}
	fprintf(out, "[%s]   %-12s %s", at, mb_cue_kind_label(c->kind), c->text);
	if (c->kind == MB_CUE_HOLD)
		fprintf(out, " (%s)", mb_duration_format(c->dur_us, dur, sizeof(dur)));
	if (c->of)
		fprintf(out, " (rep %u of %u)", c->rep, c->of);
	if (c->breaths)
		fprintf(out, " (breath %u of %u)", c->breath, c->breaths);
	if (c->side != MB_SIDE_NONE)
		fprintf(out, " (%s side)", mb_side_name(c->side));
	if (c->direction)
		fprintf(out, " [%s]", c->direction);
	fputc('\n', out);
	fflush(out);
}

int mb_coach_plain_run(const struct mb_timeline *tl, const struct mb_coach_options *options,
	FILE *out, struct mb_break_result *result)
{
	/* Signals are blocked except inside ppoll, so none slips in between check and sleep. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	struct sigaction sa = { .sa_handler = on_signal }, saved[3];
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &saved[0]);
	sigaction(SIGTERM, &sa, &saved[1]);
	sigaction(SIGHUP, &sa, &saved[2]);
	stop_signal = 0;

	struct mb_playback pb;
	int64_t start = mb_clock_monotonic_us();
	mb_playback_start(&pb, start, options->time_scale);
	*result = (struct mb_break_result){
		.start_wall_us = mb_clock_wall_us(),
		.start_boot_us = mb_clock_boottime_us(),
	};

	size_t next = 0;
	int64_t offset = 0;
	while (next < tl->cues_len && !stop_signal) {
		int64_t now = mb_clock_monotonic_us();
		offset = mb_playback_offset(&pb, now);
		size_t shown = next;
		while (next < tl->cues_len && tl->cues[next].t_us <= offset)
			print_cue(tl, next++, out);
		if (next > shown)
			mb_voice_link_cue(options->voice, next - 1, offset);
		if (next == tl->cues_len)
			break;
		struct timespec ts = mb_clock_timespec(
			mb_playback_deadline(&pb, tl->cues[next].t_us) - now);
		if (ppoll(NULL, 0, &ts, &old) < 0 && errno != EINTR)
			break;
	}
	int64_t end = mb_clock_monotonic_us();
	if (next < tl->cues_len)
		offset = mb_playback_offset(&pb, end);

	result->end_boot_us = mb_clock_boottime_us();
	result->active_us = end - start;
	result->completed = next == tl->cues_len;
	for (size_t i = 0; i < tl->spans_len; i++)
		if (result->completed || offset >= tl->spans[i].start_us + tl->spans[i].dur_us)
			result->exercises_done = i + 1;

	sigaction(SIGINT, &saved[0], NULL);
	sigaction(SIGTERM, &saved[1], NULL);
	sigaction(SIGHUP, &saved[2], NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

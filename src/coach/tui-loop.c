/* The full-screen coach's loop: one poll on the terminal and the signal pipe, one deadline. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <curses.h>

#include "coach/tui-draw.h"
#include "coach/tui-frame.h"
#include "coach/tui-keys.h"
#include "coach/tui-loop.h"
#include "coach/tui.h"
#include "coach/voice-link.h"
#include "core/coaching.h"
#include "core/playback.h"
#include "core/timeline.h"
#include "platform/clock.h"

/* The closing screen's stay in clock time, so a sped-up break still shows it. */
#define DONE_SCREEN_US (3 * MB_US_PER_S / 2)

/* Signal handlers can only reach file scope; they write the signal number here. */
static int signal_pipe[2] = { -1, -1 };

static const int caught_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH };
#define CAUGHT_LEN (sizeof(caught_signals) / sizeof(caught_signals[0]))

/* The caller's handlers, from before curses adds its own, to put back. */
static struct sigaction saved[CAUGHT_LEN], saved_tstp;

static void handle_signal(int sig)
{
	int saved_errno = errno;
	unsigned char byte = (unsigned char)sig;
	/* A full pipe already holds a wake-up, so a failed write loses nothing. */
	if (write(signal_pipe[1], &byte, 1) < 0) {
		/* nothing to do */
	}
	errno = saved_errno;
}

int mb_tui_signals_open(void)
{
	if (pipe(signal_pipe) < 0)
		return -errno;
	for (int i = 0; i < 2; i++) {
		fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(signal_pipe[i], F_SETFL, fcntl(signal_pipe[i], F_GETFL) | O_NONBLOCK);
	}
	for (size_t i = 0; i < CAUGHT_LEN; i++)
		sigaction(caught_signals[i], NULL, &saved[i]);
	sigaction(SIGTSTP, NULL, &saved_tstp);
	return 0;
}

void mb_tui_signals_catch(void)
{
	struct sigaction action = { .sa_handler = handle_signal, .sa_flags = SA_RESTART };
	sigemptyset(&action.sa_mask);
	for (size_t i = 0; i < CAUGHT_LEN; i++)
		sigaction(caught_signals[i], &action, NULL);
}

void mb_tui_signals_restore(void)
{
	for (size_t i = 0; i < CAUGHT_LEN; i++)
		sigaction(caught_signals[i], &saved[i], NULL);
	sigaction(SIGTSTP, &saved_tstp, NULL);
}

void mb_tui_signals_close(void)
{
	for (int i = 0; i < 2; i++) {
		close(signal_pipe[i]);
		signal_pipe[i] = -1;
	}
}

static int64_t current_offset(const struct mb_tui *tui, int64_t now_us)
{
	return mb_coaching_offset(&tui->coaching, now_us);
}

static void resize(struct mb_tui *tui)
{
	struct winsize ws;
	if (ioctl(tui->in_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	tui->redraw = true;
}

static void read_signals(struct mb_tui *tui)
{
	unsigned char sigs[32];
	ssize_t n;
	bool resized = false;
	while ((n = read(signal_pipe[0], sigs, sizeof(sigs))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (sigs[i] == SIGWINCH) {
				resized = true;
			} else {
				/* SIGINT, SIGTERM, SIGHUP: end the break as q does. */
				tui->quit = !tui->coaching.finished;
				tui->stop = true;
			}
		}
	}
	if (resized) {
		resize(tui);
		/* resizeterm queues a KEY_RESIZE; take it now, poll would not see it. */
		mb_tui_read_keys(tui);
	}
}

/* Sleep until deadline_us (monotonic; INT64_MAX for no deadline), a key or a signal. */
static void wait_for_event(struct mb_tui *tui, int64_t deadline_us)
{
	int timeout_ms = -1;
	if (deadline_us != INT64_MAX) {
		int64_t delay_us = deadline_us - mb_clock_monotonic_us();
		if (delay_us <= 0)
			timeout_ms = 0;
		else if (delay_us / 1000 >= INT_MAX)
			timeout_ms = INT_MAX;
		else
			/* Round up: waking a little early would only mean sleeping again. */
			timeout_ms = (int)((delay_us + 999) / 1000);
	}

	struct pollfd fds[] = {
		{ .fd = tui->in_fd, .events = POLLIN },
		{ .fd = signal_pipe[0], .events = POLLIN },
	};
	if (poll(fds, 2, timeout_ms) < 0) {
		if (errno != EINTR) {
			tui->quit = !tui->coaching.finished;
			tui->stop = true;
		}
		return;
	}
	if (fds[1].revents & POLLIN)
		read_signals(tui);
	if (fds[0].revents & POLLIN)
		mb_tui_read_keys(tui);
	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* The terminal went away: nobody is left to coach. */
		tui->quit = !tui->coaching.finished;
		tui->stop = true;
	}
}

static void end_break(struct mb_tui *tui, int64_t now_us, struct mb_break_result *result)
{
	result->end_boot_us = mb_clock_boottime_us();
	result->active_us = mb_coaching_active_us(&tui->coaching, now_us);
	result->exercises_done = mb_coaching_exercises_done(&tui->coaching);
}

/* Tell the voice where the break is whenever the cue, the pause or a seek changes it. */
static void sync_voice(struct mb_tui *tui, int64_t offset_us)
{
	if (!tui->voice)
		return;
	bool paused = tui->coaching.playback.paused;
	size_t cue = mb_timeline_cue_at(tui->timeline, offset_us);
	if (paused == tui->voiced_paused && cue == tui->voiced_cue && !tui->voice_resync)
		return;
	if (paused)
		mb_voice_link_pause(tui->voice);
	else
		mb_voice_link_cue(tui->voice, cue, offset_us);
	tui->voiced_paused = paused;
	tui->voiced_cue = cue;
	tui->voice_resync = false;
}

void mb_tui_run(struct mb_tui *tui, struct mb_break_result *result)
{
	const struct mb_timeline *timeline = tui->timeline;
	int64_t close_at_us = timeline->total_us +
		(int64_t)((double)DONE_SCREEN_US * tui->coaching.playback.scale);

	while (!tui->stop) {
		int64_t now_us = mb_clock_monotonic_us();
		/* At the end the clock runs on, so a skip there while paused still closes. */
		if (mb_coaching_update(&tui->coaching, now_us))
			end_break(tui, now_us, result);
		int64_t offset_us = current_offset(tui, now_us);
		sync_voice(tui, offset_us);

		struct mb_tui_frame frame;
		int64_t next_us = mb_tui_frame_compute(tui, offset_us, &frame);
		if (tui->redraw || !tui->have_shown || !mb_tui_frame_equal(&frame, &tui->shown)) {
			mb_tui_draw(tui, &frame);
			tui->shown = frame;
			tui->have_shown = true;
			tui->redraw = false;
		}

		if (tui->coaching.finished) {
			if (offset_us >= close_at_us)
				break;
			next_us = close_at_us;
		}
		wait_for_event(tui, mb_playback_deadline(&tui->coaching.playback, next_us));
	}

	if (!tui->coaching.finished)
		end_break(tui, mb_clock_monotonic_us(), result);
	result->completed = tui->coaching.finished;
}

/* The break window's clock: frame-clock ticks while it runs, a timer at each cue change. */
#include <stdint.h>

#include <gtk/gtk.h>

#include "core/coaching.h"
#include "core/playback.h"
#include "gui/window-show.h"
#include "gui/window-tick.h"
#include "gui/window-voice.h"
#include "gui/window.h"
#include "platform/clock.h"
#include "voice/voice.h"

/*
 * The figure moves slowly and calmly: 30 frames a second look as smooth as 60
 * and cost half the drawing. Ticks closer than this to the last drawn frame
 * are let pass.
 */
#define FRAME_MIN_US 30000

/* The closing screen stays this long (clock time) unless a key closes it first. */
#define DONE_SCREEN_MS 3000

static gboolean on_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data);

void mb_window_stop_ticks(struct mb_window *w)
{
	/* Inside the tick callback, returning G_SOURCE_REMOVE does the removing. */
	if (w->tick_id && !w->in_tick)
		gtk_widget_remove_tick_callback(w->figure, w->tick_id);
	w->tick_id = 0;
}

static gboolean on_cue_timer(gpointer data)
{
	struct mb_window *w = data;
	w->cue_id = 0;
	mb_window_refresh(w);
	return G_SOURCE_REMOVE;
}

/*
 * The frame clock stops while the window is hidden or minimized; this timer
 * still moves the break (and its voice) to the next cue and to its end.
 */
void mb_window_arm_cue_timer(struct mb_window *w, int64_t at_us)
{
	if (w->cue_id && at_us == w->cue_at_us)
		return;
	if (w->cue_id) {
		g_source_remove(w->cue_id);
		w->cue_id = 0;
	}
	w->cue_at_us = at_us;
	if (at_us == INT64_MAX)
		return;
	int64_t delay_us = at_us - mb_clock_monotonic_us();
	guint delay_ms = delay_us <= 0         ? 0 :
		delay_us > INT64_C(3600000000) ? 3600000 :
						 (guint)((delay_us + 999) / 1000);
	w->cue_id = g_timeout_add(delay_ms, on_cue_timer, w);
}

static gboolean on_close_timeout(gpointer data)
{
	struct mb_window *w = data;
	w->close_id = 0;
	/* Closing words still being said get a little longer, once. */
	int64_t busy_ms = w->voice ?
		(mb_voice_busy_until(w->voice) - mb_clock_monotonic_us()) / 1000 :
		0;
	if (busy_ms > 0 && !w->close_waited) {
		w->close_waited = true;
		w->close_id = g_timeout_add((guint)(busy_ms < 5000 ? busy_ms : 5000),
			on_close_timeout, w);
		return G_SOURCE_REMOVE;
	}
	mb_window_quit(w);
	return G_SOURCE_REMOVE;
}

/* The break is over: stop the clocks, record it and leave the closing screen up a while. */
static void finish(struct mb_window *w)
{
	w->done = true;
	mb_window_stop_ticks(w);
	mb_window_arm_cue_timer(w, INT64_MAX);
	mb_window_end_break(w, false);
	mb_window_show_done(w);
	/* The closing words: the window stays while they are said. */
	mb_window_voice_sync(w, w->timeline->cues_len - 1, w->timeline->total_us, false);
	w->close_id = g_timeout_add(DONE_SCREEN_MS, on_close_timeout, w);
}

/*
 * Bring everything up to now: notice the end, change the labels that
 * changed, and keep the frame clock ticking only while something moves.
 */
void mb_window_refresh(struct mb_window *w)
{
	if (w->done)
		return;
	int64_t t = mb_clock_monotonic_us();
	if (mb_coaching_update(&w->coaching, t)) {
		finish(w);
		return;
	}
	int64_t offset_us = mb_coaching_offset(&w->coaching, t);
	size_t index;
	mb_window_cue_at(w, offset_us, &index);
	bool paused = w->coaching.playback.paused;
	if (!w->have_shown || index != w->shown_cue)
		mb_window_show_cue(w, index);
	if (!w->have_shown || offset_us / MB_US_PER_S != w->shown_second)
		mb_window_show_second(w, offset_us);
	if (!w->have_shown || paused != w->shown_paused)
		mb_window_show_paused(w, paused);
	w->shown_cue = index;
	w->shown_second = offset_us / MB_US_PER_S;
	w->shown_paused = paused;
	w->have_shown = true;
	mb_window_voice_sync(w, index, offset_us, paused);
	const struct mb_cue *cue = &w->timeline->cues[index];
	mb_window_arm_cue_timer(w,
		mb_playback_deadline(&w->coaching.playback, cue->t_us + cue->dur_us));

	gtk_widget_queue_draw(w->figure);
	gtk_widget_queue_draw(w->stage);
	/* The figure, the ring and the pacer move every frame; paused, nothing does. */
	if (paused)
		mb_window_stop_ticks(w);
	else if (!w->tick_id)
		w->tick_id = gtk_widget_add_tick_callback(w->figure, on_tick, w, NULL);
}

static gboolean on_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
	struct mb_window *w = data;
	int64_t frame_us = gdk_frame_clock_get_frame_time(clock);
	if (frame_us - w->ticked_us < FRAME_MIN_US)
		return G_SOURCE_CONTINUE;
	w->ticked_us = frame_us;
	w->in_tick = true;
	mb_window_refresh(w);
	w->in_tick = false;
	return w->tick_id ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

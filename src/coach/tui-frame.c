/* The full-screen coach's frames: the screen as values, so it redraws only when they change. */
#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "coach/tui-frame.h"
#include "coach/tui.h"
#include "core/coaching.h"
#include "core/timeline.h"

static int64_t min_i64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static bool is_breath(const struct mb_cue *cue)
{
	return cue->kind == MB_CUE_BREATHE_IN || cue->kind == MB_CUE_BREATHE_OUT;
}

void mb_tui_format_time(int64_t us, char *buf, size_t size)
{
	int64_t s = us / MB_US_PER_S;
	if (s >= 3600)
		snprintf(buf, size, "%d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60),
			(int)(s % 60));
	else
		snprintf(buf, size, "%d:%02d", (int)(s / 60), (int)(s % 60));
}

/* Width of "elapsed / total": the widest elapsed is the total itself. */
static int time_label_cols(const struct mb_timeline *timeline)
{
	char total[32];
	mb_tui_format_time(timeline->total_us, total, sizeof(total));
	return 2 * (int)strlen(total) + 3;
}

/* The progress line is " [bar] elapsed / total "; too narrow a bar is left out. */
int mb_tui_bar_cols(const struct mb_tui *tui, int cols)
{
	int width = cols - 2 - 3 - time_label_cols(tui->timeline);
	return width >= 4 ? width : 0;
}

static int pacer_frames(const struct mb_cue *cue)
{
	int64_t frames = cue->dur_us * MB_TUI_PACER_FRAMES_PER_S / MB_US_PER_S;
	if (frames < MB_TUI_PACER_MIN_FRAMES)
		return MB_TUI_PACER_MIN_FRAMES;
	if (frames > MB_TUI_PACER_MAX_FRAMES)
		return MB_TUI_PACER_MAX_FRAMES;
	return (int)frames;
}

/*
 * Work out what the screen shows at offset_us and return the next offset at
 * which any of it changes: the cue's end, a countdown's next second, the
 * pacer's next frame or the progress bar's next cell.
 */
int64_t mb_tui_frame_compute(const struct mb_tui *tui, int64_t offset_us,
	struct mb_tui_frame *frame)
{
	const struct mb_timeline *timeline = tui->timeline;
	*frame = (struct mb_tui_frame){
		.rows = LINES,
		.cols = COLS,
		.paused = tui->coaching.playback.paused,
		.finished = tui->coaching.finished,
		.hold_left_s = -1,
		.pacer = -1,
	};
	if (tui->coaching.finished)
		return INT64_MAX;

	size_t index = mb_timeline_cue_at(timeline, offset_us);
	const struct mb_cue *cue = &timeline->cues[index];
	int64_t end_us = cue->t_us + cue->dur_us;
	int64_t next_us = end_us > offset_us ? end_us : INT64_MAX;
	frame->cue = index;

	frame->elapsed_s = offset_us / MB_US_PER_S;
	if ((frame->elapsed_s + 1) * MB_US_PER_S <= timeline->total_us)
		next_us = min_i64(next_us, (frame->elapsed_s + 1) * MB_US_PER_S);

	frame->left_s = mb_countdown_s(end_us, offset_us, &next_us);
	int64_t hold_end_us = mb_cue_hold_end_us(cue);
	if (hold_end_us >= 0)
		frame->hold_left_s = mb_countdown_s(hold_end_us, offset_us, &next_us);

	if (is_breath(cue) && cue->dur_us > 0) {
		int frames = pacer_frames(cue);
		int64_t into_us = offset_us - cue->t_us;
		int step = (int)(into_us * frames / cue->dur_us);
		if (step >= frames)
			step = frames - 1;
		if (step + 1 < frames) {
			int64_t at = cue->t_us +
				((int64_t)(step + 1) * cue->dur_us + frames - 1) / frames;
			next_us = min_i64(next_us, at);
		}
		/* In grows to full, out shrinks to empty, so the turns of a breath show. */
		frame->pacer = cue->kind == MB_CUE_BREATHE_IN ? step + 1 : frames - 1 - step;
		frame->pacer_frames = frames;
	}

	int cells = mb_tui_bar_cols(tui, frame->cols);
	if (cells > 0 && timeline->total_us > 0) {
		frame->bar_cells = (int)(offset_us * cells / timeline->total_us);
		if (frame->bar_cells < cells) {
			int64_t next_cell = (int64_t)frame->bar_cells + 1;
			int64_t at = (next_cell * timeline->total_us + cells - 1) / cells;
			next_us = min_i64(next_us, at);
		}
	}
	return next_us;
}

bool mb_tui_frame_equal(const struct mb_tui_frame *a, const struct mb_tui_frame *b)
{
	return a->cue == b->cue && a->elapsed_s == b->elapsed_s && a->left_s == b->left_s &&
		a->hold_left_s == b->hold_left_s && a->pacer == b->pacer &&
		a->pacer_frames == b->pacer_frames && a->bar_cells == b->bar_cells &&
		a->paused == b->paused && a->finished == b->finished && a->rows == b->rows &&
		a->cols == b->cols;
}

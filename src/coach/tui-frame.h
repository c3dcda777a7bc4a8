/* What the full-screen coach shows at an offset, and when that next changes. */
#ifndef MB_COACH_TUI_FRAME_H
#define MB_COACH_TUI_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coach/tui.h"
#include "core/timeline.h"

/* About two pacer frames per second of breath: enough to read as growth, few wake-ups. */
#define MB_TUI_PACER_FRAMES_PER_S 2
#define MB_TUI_PACER_MIN_FRAMES 4
#define MB_TUI_PACER_MAX_FRAMES 16

/** Write us (microseconds, whole seconds shown) as "m:ss", or "h:mm:ss" from an hour. */
void mb_tui_format_time(int64_t us, char *buf, size_t size);

/**
 * The cells of the progress bar on a line of cols columns, which reads
 * " [bar] elapsed / total "; 0 when too narrow a bar would be left out.
 */
int mb_tui_bar_cols(const struct mb_tui *tui, int cols);

/**
 * Work out what the screen shows at offset_us (microseconds into the
 * timeline) on a terminal of LINES by COLS, into *frame, and return the
 * next offset at which any of it changes: the cue's end, a countdown's next
 * second, the pacer's next frame or the progress bar's next cell
 * (INT64_MAX for none).
 */
int64_t mb_tui_frame_compute(const struct mb_tui *tui, int64_t offset_us,
	struct mb_tui_frame *frame);

/** Whether two frames draw the same screen. */
bool mb_tui_frame_equal(const struct mb_tui_frame *a, const struct mb_tui_frame *b);

#endif

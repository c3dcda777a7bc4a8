/* The full-screen coach's layouts: what goes on which line, for large and small terminals. */
#include <ctype.h>
#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "coach/bigtext.h"
#include "coach/tui-draw.h"
#include "coach/tui-frame.h"
#include "coach/tui-text.h"
#include "coach/tui.h"
#include "core/coaching.h"
#include "core/routine.h"
#include "core/timeline.h"

/* Below either size the big letters and the explanations no longer fit. */
#define COMPACT_COLS 60
#define COMPACT_ROWS 16
/* Below this many rows the blank lines between blocks are dropped first. */
#define ROOMY_ROWS 24
/* The widest the breath pacer grows. */
#define PACER_MAX_COLS 40

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

/* The cue's label in capitals, as the big letters draw it ("BREATHE IN"). */
static const char *cue_label(enum mb_cue_kind kind, char *buf, size_t len)
{
	const char *label = mb_cue_kind_label(kind);
	size_t i = 0;
	for (; label[i] != '\0' && i + 1 < len; i++)
		buf[i] = (char)toupper((unsigned char)label[i]);
	buf[i] = '\0';
	return buf;
}

static const struct mb_exercise *cue_exercise(const struct mb_tui *tui, const struct mb_cue *cue)
{
	const struct mb_routine *routine = tui->timeline->routine;
	if (routine == NULL || cue->exercise == 0 || cue->exercise > routine->exercises_len)
		return NULL;
	return &routine->exercises[cue->exercise - 1];
}

static size_t exercise_count(const struct mb_tui *tui)
{
	const struct mb_routine *routine = tui->timeline->routine;
	return routine != NULL ? routine->exercises_len : tui->timeline->spans_len;
}

static void format_exercise(const struct mb_tui *tui, const struct mb_cue *cue, bool short_form,
	char *buf, size_t size)
{
	const struct mb_exercise *exercise = cue_exercise(tui, cue);
	const char *title = exercise != NULL && exercise->title != NULL ? exercise->title : "";
	if (short_form)
		snprintf(buf, size, "%zu/%zu %s", cue->exercise, exercise_count(tui), title);
	else
		snprintf(buf, size, "Exercise %zu of %zu: %s", cue->exercise, exercise_count(tui),
			title);
}

static void format_countdown(const struct mb_tui_frame *frame, char *buf, size_t size)
{
	if (frame->hold_left_s >= 0)
		snprintf(buf, size, "hold %lld s", (long long)frame->hold_left_s);
	else
		snprintf(buf, size, "%lld s left", (long long)frame->left_s);
}

/* "rep 3 of 8 · breath 2 of 3 · left side · direction: backward", or "" when none apply. */
static void format_details(const struct mb_tui *tui, const struct mb_cue *cue, char *buf,
	size_t size)
{
	mb_cue_details(cue, tui->utf8 ? " \u00b7 " : " | ", buf, size);
}

static void draw_progress(const struct mb_tui *tui, const struct mb_tui_frame *frame, int y)
{
	const struct mb_timeline *timeline = tui->timeline;
	char elapsed[32], total[32], label[80];
	mb_tui_format_time(frame->elapsed_s * MB_US_PER_S, elapsed, sizeof(elapsed));
	mb_tui_format_time(timeline->total_us, total, sizeof(total));
	snprintf(label, sizeof(label), "%s / %s", elapsed, total);

	int cells = mb_tui_bar_cols(tui, frame->cols);
	int x = 1;
	if (cells > 0) {
		int full = frame->bar_cells;
		mb_tui_put_text(tui, y, x, 1, "[", tui->dim);
		mb_tui_put_repeat(tui, y, x + 1, full, tui->utf8 ? "\u2588" : "#", tui->accent);
		mb_tui_put_repeat(tui, y, x + 1 + full, cells - full, tui->utf8 ? "\u2591" : "-",
			tui->dim);
		mb_tui_put_text(tui, y, x + 1 + cells, 1, "]", tui->dim);
		x += cells + 3;
	}
	mb_tui_put_text(tui, y, x, COLS - 1 - x, label, A_NORMAL);
}

/* A bar that widens from the middle as the lungs fill and narrows as they empty. */
static void draw_pacer(const struct mb_tui *tui, const struct mb_tui_frame *frame,
	const struct mb_cue *cue, int y)
{
	const char *label = cue->kind == MB_CUE_BREATHE_IN ? "in " : "out";
	int x = 1;
	mb_tui_put_text(tui, y, x, COLS - 1 - x, label, tui->dim);
	x += 4;
	int width = COLS - 1 - x - 2;
	if (width > PACER_MAX_COLS)
		width = PACER_MAX_COLS;
	if (width < 4)
		return;
	/* Even widths keep the bar centred as it grows. */
	int fill = 2 * (width / 2 * frame->pacer / frame->pacer_frames);
	int left = (width - fill) / 2;
	mb_tui_put_text(tui, y, x, 1, "[", tui->dim);
	mb_tui_put_repeat(tui, y, x + 1 + left, fill, tui->utf8 ? "\u2588" : "=", tui->accent);
	mb_tui_put_text(tui, y, x + 1 + width, 1, "]", tui->dim);
}

static void draw_keys(const struct mb_tui *tui, const struct mb_tui_frame *frame, int y,
	bool compact)
{
	const char *keys;
	int width = COLS - 2;
	/* Too narrow for all four keys, how to leave comes first. */
	if (compact && width < 32)
		keys = frame->paused ? "q quit  spc resume" : "q quit  spc pause";
	else if (compact)
		keys = frame->paused ? "spc resume n next p back q quit" :
				       "spc pause n next p back q quit";
	else if (tui->utf8)
		keys = frame->paused ?
			"space resume \u00b7 n/\u2192 next \u00b7 p/\u2190 back \u00b7 q quit" :
			"space pause \u00b7 n/\u2192 next \u00b7 p/\u2190 back \u00b7 q quit";
	else
		keys = frame->paused ? "space resume | n/-> next | p/<- back | q quit" :
				       "space pause | n/-> next | p/<- back | q quit";
	mb_tui_put_text(tui, y, 1, width, keys, tui->dim);
}

static void draw_full(const struct mb_tui *tui, const struct mb_tui_frame *frame)
{
	const struct mb_timeline *timeline = tui->timeline;
	const struct mb_cue *cue = &timeline->cues[frame->cue];
	const struct mb_exercise *exercise = cue_exercise(tui, cue);
	int width = COLS - 2;
	bool roomy = LINES >= ROOMY_ROWS;
	char buf[1024];

	const char *title = tui->heading != NULL ? tui->heading :
		timeline->routine != NULL        ? timeline->routine->title :
						   NULL;
	mb_tui_put_text(tui, 0, 1, width, title != NULL ? title : "", A_BOLD);
	if (frame->paused) {
		const char *tag = " PAUSED ";
		mb_tui_put_text(tui, 0, COLS - 1 - (int)strlen(tag), (int)strlen(tag), tag,
			tui->paused | A_REVERSE);
	}
	format_exercise(tui, cue, false, buf, sizeof(buf));
	mb_tui_put_text(tui, 1, 1, width, buf, A_BOLD);
	mb_tui_put_repeat(tui, 2, 1, width, tui->utf8 ? "\u2500" : "-", tui->dim);

	/* The cue label, or PAUSED in its place, with a hold's seconds beside it. */
	char upper[32];
	const char *label = frame->paused ? "PAUSED" : cue_label(cue->kind, upper, sizeof(upper));
	attr_t label_attr = frame->paused ? tui->paused : tui->accent;
	int label_cols = mb_bigtext_width(label);
	char digits[32] = "";
	if (frame->hold_left_s >= 0)
		snprintf(digits, sizeof(digits), "%lld", (long long)frame->hold_left_s);
	int digit_cols = digits[0] != '\0' ? mb_bigtext_width(digits) : 0;
	if (label_cols >= 0 && 2 + label_cols <= width) {
		mb_tui_put_big(tui, 3, 2, label, label_attr);
		if (digit_cols > 0 && 2 + label_cols + 6 + digit_cols <= width)
			mb_tui_put_big(tui, 3, COLS - 2 - digit_cols, digits, A_BOLD);
	} else {
		mb_tui_put_text(tui, 4, 2, width - 1, label, label_attr);
	}

	/* The middle flows down and stops short of the progress and key lines. */
	int bottom = LINES - 3;
	int y = 3 + MB_BIGTEXT_ROWS + 1;
	int limit = bottom - 1;

	/* The prepare cue's text joins the set-up lines; as a list they read at a glance. */
	if (exercise != NULL && cue->kind == MB_CUE_PREPARE && exercise->setup_len > 0) {
		for (size_t i = 0; i < exercise->setup_len && y < limit; i++) {
			mb_tui_put_text(tui, y, 1, 2, tui->utf8 ? "\u2022" : "-", tui->accent);
			y += mb_tui_put_wrapped_side(tui, y, 3, width - 2, 0, min_int(2, limit - y),
				exercise->setup[i], cue->side, A_BOLD);
		}
	} else {
		y += mb_tui_put_wrapped(tui, y, 1, width, 0, min_int(3, limit - y),
			cue->text != NULL ? cue->text : "", A_BOLD);
	}
	if (roomy)
		y++;

	if (y < limit) {
		int x = 1;
		format_countdown(frame, buf, sizeof(buf));
		x += mb_tui_put_text(tui, y, x, width, buf, tui->accent);
		format_details(tui, cue, buf, sizeof(buf));
		if (buf[0] != '\0') {
			const char *sep = tui->utf8 ? " \u00b7 " : " | ";
			x += mb_tui_put_text(tui, y, x, COLS - 1 - x, sep, A_NORMAL);
			mb_tui_put_text(tui, y, x, COLS - 1 - x, buf, A_NORMAL);
		}
		y++;
	}
	if (frame->pacer >= 0 && y < limit) {
		draw_pacer(tui, frame, cue, y);
		y++;
	}

	if (exercise != NULL && exercise->purpose != NULL && y + 1 < limit) {
		y++;
		const char *lead = "Why this works: ";
		int lead_cols = mb_tui_put_text(tui, y, 1, width, lead, A_BOLD);
		y += mb_tui_put_wrapped_side(tui, y, 1, width, lead_cols, min_int(3, limit - y),
			exercise->purpose, cue->side, tui->dim);
	}

	if (exercise != NULL && exercise->variants_len > 0 && y + 1 < limit) {
		if (roomy)
			y++;
		for (size_t i = 0; i < exercise->variants_len && y < limit; i++) {
			const struct mb_variant *variant = &exercise->variants[i];
			snprintf(buf, sizeof(buf), "%s: ",
				variant->title != NULL        ? variant->title :
					variant->name != NULL ? variant->name :
								"Tip");
			int lead_cols = mb_tui_put_text(tui, y, 1, width, buf, tui->accent);
			y += mb_tui_put_wrapped_side(tui, y, 1, width, lead_cols,
				min_int(2, limit - y), variant->text != NULL ? variant->text : "",
				cue->side, tui->dim);
		}
	}

	draw_progress(tui, frame, bottom);
	draw_keys(tui, frame, LINES - 1, false);
}

/* Small terminals: only what a glance needs, one line each, most important first. */
static void draw_compact(const struct mb_tui *tui, const struct mb_tui_frame *frame)
{
	const struct mb_cue *cue = &tui->timeline->cues[frame->cue];
	int rows = LINES, width = COLS - 2;
	char buf[512], details[512];
	format_details(tui, cue, details, sizeof(details));

	bool header = rows >= 2;
	bool progress = rows >= 3;
	bool has_details = details[0] != '\0' && rows >= 5;
	bool keys = rows >= 8;
	bool pacer = frame->pacer >= 0 && rows >= 9;
	int text_lines = rows - 1 - header - progress - has_details - keys - pacer;
	if (text_lines > 4)
		text_lines = 4;

	int y = 0;
	if (header) {
		format_exercise(tui, cue, COLS < 30, buf, sizeof(buf));
		mb_tui_put_text(tui, y++, 1, width, buf, A_BOLD);
	}

	int x = 1;
	if (frame->paused)
		x += mb_tui_put_text(tui, y, x, width, "PAUSED ", tui->paused | A_REVERSE) + 1;
	char upper[32];
	x += mb_tui_put_text(tui, y, x, COLS - 1 - x, cue_label(cue->kind, upper, sizeof(upper)),
		tui->accent);
	/* Beside the HOLD label a bare number says enough. */
	if (cue->kind == MB_CUE_HOLD)
		snprintf(buf, sizeof(buf), "%lld s", (long long)frame->hold_left_s);
	else
		format_countdown(frame, buf, sizeof(buf));
	x += mb_tui_put_text(tui, y, x, COLS - 1 - x, "  ", A_NORMAL);
	mb_tui_put_text(tui, y, x, COLS - 1 - x, buf, A_BOLD);
	y++;

	if (text_lines > 0)
		y += mb_tui_put_wrapped(tui, y, 1, width, 0, text_lines,
			cue->text != NULL ? cue->text : "", A_BOLD);
	if (has_details)
		mb_tui_put_text(tui, y++, 1, width, details, A_NORMAL);
	if (pacer)
		draw_pacer(tui, frame, cue, y++);

	/* A narrow but tall terminal still has room for the why. */
	const struct mb_exercise *exercise = cue_exercise(tui, cue);
	int spare = rows - 1 - keys - progress - y;
	if (exercise != NULL && exercise->purpose != NULL && spare >= 4) {
		int lead_cols = mb_tui_put_text(tui, y + 1, 1, width, "Why: ", A_BOLD);
		mb_tui_put_wrapped_side(tui, y + 1, 1, width, lead_cols, spare - 2,
			exercise->purpose, cue->side, tui->dim);
	}
	if (progress)
		draw_progress(tui, frame, rows - 1 - keys);
	if (keys)
		draw_keys(tui, frame, rows - 1, true);
}

static void draw_done(const struct mb_tui *tui)
{
	const struct mb_timeline *timeline = tui->timeline;
	char total[32], buf[512];
	mb_tui_format_time(timeline->total_us, total, sizeof(total));
	size_t count = exercise_count(tui);
	const char *title = timeline->routine != NULL && timeline->routine->title != NULL ?
		timeline->routine->title :
		"Break";
	snprintf(buf, sizeof(buf), "%s complete: %zu exercise%s, %s.", title, count,
		count == 1 ? "" : "s", total);

	char upper[32];
	const char *big = cue_label(MB_CUE_DONE, upper, sizeof(upper));
	int big_cols = mb_bigtext_width(big);
	int width = COLS - 2;
	if (LINES >= COMPACT_ROWS && COLS >= COMPACT_COLS && big_cols > 0 && big_cols <= width) {
		int y = LINES / 2 - 5;
		mb_tui_put_big(tui, y, (COLS - big_cols) / 2, big, tui->done);
		y += MB_BIGTEXT_ROWS + 1;
		int len = mb_tui_text_cols(buf);
		mb_tui_put_text(tui, y, len < width ? (COLS - len) / 2 : 1, width, buf, A_BOLD);
		const char *hint = "Any key closes.";
		mb_tui_put_text(tui, y + 2, (COLS - mb_tui_text_cols(hint)) / 2, width, hint,
			tui->dim);
	} else {
		mb_tui_put_text(tui, 0, 1, width, "Well done!", tui->done);
		mb_tui_put_wrapped(tui, 1, 1, width, 0, LINES - 1, buf, A_NORMAL);
	}
}

void mb_tui_draw(struct mb_tui *tui, const struct mb_tui_frame *frame)
{
	erase();
	if (LINES > 0 && COLS > 0) {
		if (frame->finished)
			draw_done(tui);
		else if (LINES < COMPACT_ROWS || COLS < COMPACT_COLS)
			draw_compact(tui, frame);
		else
			draw_full(tui, frame);
	}
	refresh();
}

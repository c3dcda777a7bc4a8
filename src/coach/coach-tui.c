/* The full-screen terminal coach: plays a timeline, redrawing only when the screen changes. */
#include <ctype.h>
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
/* For setupterm(); its macros take common words such as "lines" and "columns". */
#include <term.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "coach/bigtext.h"
#include "coach/coach.h"
#include "coach/voice-link.h"
#include "core/coaching.h"
#include "core/routine.h"
#include "core/timeline.h"
#include "platform/clock.h"

/* Below either size the big letters and the explanations no longer fit. */
#define COMPACT_COLS 60
#define COMPACT_ROWS 16
/* Below this many rows the blank lines between blocks are dropped first. */
#define ROOMY_ROWS 24
/* The closing screen's stay in clock time, so a sped-up break still shows it. */
#define DONE_SCREEN_US (3 * MB_US_PER_S / 2)
/* About two pacer frames per second of breath: enough to read as growth, few wake-ups. */
#define PACER_FRAMES_PER_S 2
#define PACER_MIN_FRAMES 4
#define PACER_MAX_FRAMES 16
#define PACER_MAX_COLS 40

enum {
	PAIR_ACCENT = 1,
	PAIR_PAUSED,
	PAIR_DONE,
};

/* Everything the screen shows that changes with time; equal frames draw the same. */
struct frame {
	size_t cue;
	int64_t elapsed_s;
	/* Seconds left in the cue and in the hold, rounded up; hold_left_s < 0 outside holds. */
	int64_t left_s, hold_left_s;
	/* Pacer fill in frames out of pacer_frames; pacer < 0 when not breathing. */
	int pacer, pacer_frames;
	int bar_cells;
	bool paused, finished;
	int rows, cols;
};

struct coach {
	const struct mb_timeline *timeline;
	struct mb_coaching coaching;
	SCREEN *screen;
	FILE *tty;
	int in_fd;
	bool utf8;
	attr_t accent, dim, paused, done;
	/* stop leaves the loop; quit says the user cut the break short. */
	bool stop, quit;
	bool redraw;
	struct frame shown;
	bool have_shown;
	/* The voice, told of every cue change, seek and pause; NULL for none. */
	struct mb_voice_link *voice;
	size_t voiced_cue;
	bool voiced_paused, voice_resync;
};

/* Signal handlers can only reach file scope; they write the signal number here. */
static int signal_pipe[2] = { -1, -1 };

static const int caught_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH };
#define CAUGHT_LEN (sizeof(caught_signals) / sizeof(caught_signals[0]))

static int64_t min_i64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

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

static bool is_breath(const struct mb_cue *cue)
{
	return cue->kind == MB_CUE_BREATHE_IN || cue->kind == MB_CUE_BREATHE_OUT;
}

static void format_time(int64_t us, char *buf, size_t size)
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
	format_time(timeline->total_us, total, sizeof(total));
	return 2 * (int)strlen(total) + 3;
}

/* The progress line is " [bar] elapsed / total "; too narrow a bar is left out. */
static int bar_cols(const struct coach *coach, int cols)
{
	int width = cols - 2 - 3 - time_label_cols(coach->timeline);
	return width >= 4 ? width : 0;
}

static int pacer_frames(const struct mb_cue *cue)
{
	int64_t frames = cue->dur_us * PACER_FRAMES_PER_S / MB_US_PER_S;
	if (frames < PACER_MIN_FRAMES)
		return PACER_MIN_FRAMES;
	if (frames > PACER_MAX_FRAMES)
		return PACER_MAX_FRAMES;
	return (int)frames;
}

/*
 * Work out what the screen shows at offset_us and return the next offset at
 * which any of it changes: the cue's end, a countdown's next second, the
 * pacer's next frame or the progress bar's next cell.
 */
static int64_t compute_frame(const struct coach *coach, int64_t offset_us, struct frame *frame)
{
	const struct mb_timeline *timeline = coach->timeline;
	*frame = (struct frame){
		.rows = LINES,
		.cols = COLS,
		.paused = coach->coaching.playback.paused,
		.finished = coach->coaching.finished,
		.hold_left_s = -1,
		.pacer = -1,
	};
	if (coach->coaching.finished)
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

	int cells = bar_cols(coach, frame->cols);
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

static bool frame_equal(const struct frame *a, const struct frame *b)
{
	return a->cue == b->cue && a->elapsed_s == b->elapsed_s && a->left_s == b->left_s &&
		a->hold_left_s == b->hold_left_s && a->pacer == b->pacer &&
		a->pacer_frames == b->pacer_frames && a->bar_cells == b->bar_cells &&
		a->paused == b->paused && a->finished == b->finished && a->rows == b->rows &&
		a->cols == b->cols;
}

/* Decode text for drawing; bytes the locale cannot decode become '?', line breaks spaces. */
static wchar_t *widen(const char *text, size_t *len)
{
	size_t n = strlen(text);
	wchar_t *wide = calloc(n + 1, sizeof(*wide));
	if (wide == NULL) {
		*len = 0;
		return NULL;
	}
	mbstate_t state;
	memset(&state, 0, sizeof(state));
	size_t in = 0, out = 0;
	while (in < n) {
		wchar_t wc;
		size_t used = mbrtowc(&wc, text + in, n - in, &state);
		if (used == (size_t)-1 || used == (size_t)-2) {
			memset(&state, 0, sizeof(state));
			wc = L'?';
			used = 1;
		} else if (used == 0) {
			break;
		}
		if (wc == L'\n' || wc == L'\t')
			wc = L' ';
		else if (wcwidth(wc) < 0)
			wc = L'?';
		wide[out++] = wc;
		in += used;
	}
	wide[out] = L'\0';
	*len = out;
	return wide;
}

static int char_cols(wchar_t wc)
{
	int cols = wcwidth(wc);
	return cols < 0 ? 1 : cols;
}

static int text_cols(const char *text)
{
	size_t len;
	wchar_t *wide = widen(text, &len);
	int cols = 0;
	for (size_t i = 0; wide != NULL && i < len; i++)
		cols += char_cols(wide[i]);
	free(wide);
	return cols;
}

/*
 * Draw len wide characters at (y, x) in at most max_cols columns, ending with
 * an ellipsis when they do not fit or more text follows. Returns the columns used.
 */
static int put_wide(const struct coach *coach, int y, int x, int max_cols, const wchar_t *wide,
	size_t len, bool more, attr_t attr)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || max_cols <= 0)
		return 0;
	if (max_cols > COLS - x)
		max_cols = COLS - x;

	int total = 0;
	for (size_t i = 0; i < len; i++)
		total += char_cols(wide[i]);
	const wchar_t *ellipsis = coach->utf8 ? L"\u2026" : L"...";
	int ellipsis_cols = coach->utf8 ? 1 : 3;
	bool cut = more || total > max_cols;
	if (cut && max_cols <= ellipsis_cols)
		ellipsis_cols = 0;

	int room = cut ? max_cols - ellipsis_cols : max_cols;
	size_t fit = 0;
	int used = 0;
	while (fit < len && used + char_cols(wide[fit]) <= room) {
		used += char_cols(wide[fit]);
		fit++;
	}

	attrset(attr);
	if (fit > 0)
		mvaddnwstr(y, x, wide, (int)fit);
	if (cut && ellipsis_cols > 0) {
		mvaddwstr(y, x + used, ellipsis);
		used += ellipsis_cols;
	}
	attrset(A_NORMAL);
	return used;
}

static int put_text(const struct coach *coach, int y, int x, int max_cols, const char *text,
	attr_t attr)
{
	size_t len;
	wchar_t *wide = widen(text, &len);
	if (wide == NULL)
		return 0;
	int used = put_wide(coach, y, x, max_cols, wide, len, false, attr);
	free(wide);
	return used;
}

/*
 * Word-wrap text into at most max_lines lines of width columns starting at
 * (y, x); the first line starts indent columns in, after a lead-in drawn by
 * the caller. The last line ends with an ellipsis if text is left over.
 * Returns the number of lines drawn.
 */
static int put_wrapped(const struct coach *coach, int y, int x, int width, int indent,
	int max_lines, const char *text, attr_t attr)
{
	if (max_lines <= 0 || width <= 0)
		return 0;
	size_t len;
	wchar_t *wide = widen(text, &len);
	if (wide == NULL)
		return 0;

	size_t pos = 0;
	int drawn = 0;
	while (drawn < max_lines) {
		while (pos < len && wide[pos] == L' ')
			pos++;
		if (pos >= len)
			break;
		int room = width - (drawn == 0 ? indent : 0);
		int line_x = x + (drawn == 0 ? indent : 0);
		if (room <= 0) {
			/* No room after the lead-in: start the text on the next line. */
			indent = 0;
			drawn++;
			continue;
		}

		size_t end = pos, space = 0;
		int used = 0;
		while (end < len && used + char_cols(wide[end]) <= room) {
			if (wide[end] == L' ')
				space = end;
			used += char_cols(wide[end]);
			end++;
		}
		size_t cut;
		if (end >= len || wide[end] == L' ')
			cut = end;
		else if (space > pos)
			cut = space;
		else
			cut = end > pos ? end : pos + 1;

		size_t rest = cut;
		while (rest < len && wide[rest] == L' ')
			rest++;
		bool last = drawn + 1 == max_lines && rest < len;
		put_wide(coach, y + drawn, line_x, room, wide + pos, cut - pos, last, attr);
		drawn++;
		pos = cut;
	}
	free(wide);
	return drawn;
}

/* Draw a one-column glyph count times in a row from (y, x). */
static void put_repeat(const struct coach *coach, int y, int x, int count, const char *glyph,
	attr_t attr)
{
	if (count <= 0)
		return;
	size_t len = strlen(glyph);
	char *row = malloc(len * (size_t)count + 1);
	if (row == NULL)
		return;
	for (int i = 0; i < count; i++)
		memcpy(row + len * (size_t)i, glyph, len);
	row[len * (size_t)count] = '\0';
	put_text(coach, y, x, count, row, attr);
	free(row);
}

/* Draw text in the big font with ink cells in attr; returns false if it has no glyphs. */
static bool put_big(const struct coach *coach, int y, int x, const char *text, attr_t attr)
{
	char row[256];
	wchar_t wide[256];
	for (int r = 0; r < MB_BIGTEXT_ROWS; r++) {
		int len = mb_bigtext_row(text, r, row, sizeof(row));
		if (len < 0)
			return false;
		for (int i = 0; i < len; i++)
			wide[i] = row[i] == '#' ? (coach->utf8 ? L'\u2588' : L'#') : L' ';
		put_wide(coach, y + r, x, COLS - x, wide, (size_t)len, false, attr);
	}
	return true;
}

/* put_wrapped() of a routine's text with {side} and {other} filled in for side. */
static int put_wrapped_side(const struct coach *coach, int y, int x, int width, int indent,
	int max_lines, const char *text, enum mb_side side, attr_t attr)
{
	char *filled = mb_text_fill_side_dup(text, side);
	if (filled == NULL)
		return 0;
	int drawn = put_wrapped(coach, y, x, width, indent, max_lines, filled, attr);
	free(filled);
	return drawn;
}

static const struct mb_exercise *cue_exercise(const struct coach *coach, const struct mb_cue *cue)
{
	const struct mb_routine *routine = coach->timeline->routine;
	if (routine == NULL || cue->exercise == 0 || cue->exercise > routine->exercises_len)
		return NULL;
	return &routine->exercises[cue->exercise - 1];
}

static size_t exercise_count(const struct coach *coach)
{
	const struct mb_routine *routine = coach->timeline->routine;
	return routine != NULL ? routine->exercises_len : coach->timeline->spans_len;
}

static void format_exercise(const struct coach *coach, const struct mb_cue *cue, bool short_form,
	char *buf, size_t size)
{
	const struct mb_exercise *exercise = cue_exercise(coach, cue);
	const char *title = exercise != NULL && exercise->title != NULL ? exercise->title : "";
	if (short_form)
		snprintf(buf, size, "%zu/%zu %s", cue->exercise, exercise_count(coach), title);
	else
		snprintf(buf, size, "Exercise %zu of %zu: %s", cue->exercise, exercise_count(coach),
			title);
}

static void format_countdown(const struct frame *frame, char *buf, size_t size)
{
	if (frame->hold_left_s >= 0)
		snprintf(buf, size, "hold %lld s", (long long)frame->hold_left_s);
	else
		snprintf(buf, size, "%lld s left", (long long)frame->left_s);
}

/* "rep 3 of 8 · breath 2 of 3 · left side · direction: backward", or "" when none apply. */
static void format_details(const struct coach *coach, const struct mb_cue *cue, char *buf,
	size_t size)
{
	mb_cue_details(cue, coach->utf8 ? " \u00b7 " : " | ", buf, size);
}

static void draw_progress(const struct coach *coach, const struct frame *frame, int y)
{
	const struct mb_timeline *timeline = coach->timeline;
	char elapsed[32], total[32], label[80];
	format_time(frame->elapsed_s * MB_US_PER_S, elapsed, sizeof(elapsed));
	format_time(timeline->total_us, total, sizeof(total));
	snprintf(label, sizeof(label), "%s / %s", elapsed, total);

	int cells = bar_cols(coach, frame->cols);
	int x = 1;
	if (cells > 0) {
		int full = frame->bar_cells;
		put_text(coach, y, x, 1, "[", coach->dim);
		put_repeat(coach, y, x + 1, full, coach->utf8 ? "\u2588" : "#", coach->accent);
		put_repeat(coach, y, x + 1 + full, cells - full, coach->utf8 ? "\u2591" : "-",
			coach->dim);
		put_text(coach, y, x + 1 + cells, 1, "]", coach->dim);
		x += cells + 3;
	}
	put_text(coach, y, x, COLS - 1 - x, label, A_NORMAL);
}

/* A bar that widens from the middle as the lungs fill and narrows as they empty. */
static void draw_pacer(const struct coach *coach, const struct frame *frame,
	const struct mb_cue *cue, int y)
{
	const char *label = cue->kind == MB_CUE_BREATHE_IN ? "in " : "out";
	int x = 1;
	put_text(coach, y, x, COLS - 1 - x, label, coach->dim);
	x += 4;
	int width = COLS - 1 - x - 2;
	if (width > PACER_MAX_COLS)
		width = PACER_MAX_COLS;
	if (width < 4)
		return;
	/* Even widths keep the bar centred as it grows. */
	int fill = 2 * (width / 2 * frame->pacer / frame->pacer_frames);
	int left = (width - fill) / 2;
	put_text(coach, y, x, 1, "[", coach->dim);
	put_repeat(coach, y, x + 1 + left, fill, coach->utf8 ? "\u2588" : "=", coach->accent);
	put_text(coach, y, x + 1 + width, 1, "]", coach->dim);
}

static void draw_keys(const struct coach *coach, const struct frame *frame, int y, bool compact)
{
	const char *keys;
	int width = COLS - 2;
	/* Too narrow for all four keys, how to leave comes first. */
	if (compact && width < 32)
		keys = frame->paused ? "q quit  spc resume" : "q quit  spc pause";
	else if (compact)
		keys = frame->paused ? "spc resume n next p back q quit" :
			"spc pause n next p back q quit";
	else if (coach->utf8)
		keys = frame->paused ?
			"space resume \u00b7 n/\u2192 next \u00b7 p/\u2190 back \u00b7 q quit" :
			"space pause \u00b7 n/\u2192 next \u00b7 p/\u2190 back \u00b7 q quit";
	else
		keys = frame->paused ? "space resume | n/-> next | p/<- back | q quit" :
			"space pause | n/-> next | p/<- back | q quit";
	put_text(coach, y, 1, width, keys, coach->dim);
}

static void draw_full(const struct coach *coach, const struct frame *frame)
{
	const struct mb_timeline *timeline = coach->timeline;
	const struct mb_cue *cue = &timeline->cues[frame->cue];
	const struct mb_exercise *exercise = cue_exercise(coach, cue);
	int width = COLS - 2;
	bool roomy = LINES >= ROOMY_ROWS;
	char buf[1024];

	const char *title = timeline->routine != NULL ? timeline->routine->title : NULL;
	put_text(coach, 0, 1, width, title != NULL ? title : "", A_BOLD);
	if (frame->paused) {
		const char *tag = " PAUSED ";
		put_text(coach, 0, COLS - 1 - (int)strlen(tag), (int)strlen(tag), tag,
			coach->paused | A_REVERSE);
	}
	format_exercise(coach, cue, false, buf, sizeof(buf));
	put_text(coach, 1, 1, width, buf, A_BOLD);
	put_repeat(coach, 2, 1, width, coach->utf8 ? "\u2500" : "-", coach->dim);

	/* The cue label, or PAUSED in its place, with a hold's seconds beside it. */
	char upper[32];
	const char *label = frame->paused ? "PAUSED" : cue_label(cue->kind, upper, sizeof(upper));
	attr_t label_attr = frame->paused ? coach->paused : coach->accent;
	int label_cols = mb_bigtext_width(label);
	char digits[32] = "";
	if (frame->hold_left_s >= 0)
		snprintf(digits, sizeof(digits), "%lld", (long long)frame->hold_left_s);
	int digit_cols = digits[0] != '\0' ? mb_bigtext_width(digits) : 0;
	if (label_cols >= 0 && 2 + label_cols <= width) {
		put_big(coach, 3, 2, label, label_attr);
		if (digit_cols > 0 && 2 + label_cols + 6 + digit_cols <= width)
			put_big(coach, 3, COLS - 2 - digit_cols, digits, A_BOLD);
	} else {
		put_text(coach, 4, 2, width - 1, label, label_attr);
	}

	/* The middle flows down and stops short of the progress and key lines. */
	int bottom = LINES - 3;
	int y = 3 + MB_BIGTEXT_ROWS + 1;
	int limit = bottom - 1;

	/* The prepare cue's text joins the set-up lines; as a list they read at a glance. */
	if (exercise != NULL && cue->kind == MB_CUE_PREPARE && exercise->setup_len > 0) {
		for (size_t i = 0; i < exercise->setup_len && y < limit; i++) {
			put_text(coach, y, 1, 2, coach->utf8 ? "\u2022" : "-", coach->accent);
			y += put_wrapped_side(coach, y, 3, width - 2, 0, min_int(2, limit - y),
				exercise->setup[i], cue->side, A_BOLD);
		}
	} else {
		y += put_wrapped(coach, y, 1, width, 0, min_int(3, limit - y),
			cue->text != NULL ? cue->text : "", A_BOLD);
	}
	if (roomy)
		y++;

	if (y < limit) {
		int x = 1;
		format_countdown(frame, buf, sizeof(buf));
		x += put_text(coach, y, x, width, buf, coach->accent);
		format_details(coach, cue, buf, sizeof(buf));
		if (buf[0] != '\0') {
			const char *sep = coach->utf8 ? " \u00b7 " : " | ";
			x += put_text(coach, y, x, COLS - 1 - x, sep, A_NORMAL);
			put_text(coach, y, x, COLS - 1 - x, buf, A_NORMAL);
		}
		y++;
	}
	if (frame->pacer >= 0 && y < limit) {
		draw_pacer(coach, frame, cue, y);
		y++;
	}

	if (exercise != NULL && exercise->purpose != NULL && y + 1 < limit) {
		y++;
		const char *lead = "Why this works: ";
		int lead_cols = put_text(coach, y, 1, width, lead, A_BOLD);
		y += put_wrapped_side(coach, y, 1, width, lead_cols, min_int(3, limit - y),
			exercise->purpose, cue->side, coach->dim);
	}

	if (exercise != NULL && exercise->variants_len > 0 && y + 1 < limit) {
		if (roomy)
			y++;
		for (size_t i = 0; i < exercise->variants_len && y < limit; i++) {
			const struct mb_variant *variant = &exercise->variants[i];
			snprintf(buf, sizeof(buf), "%s: ", variant->title != NULL ? variant->title :
				variant->name != NULL ? variant->name : "Tip");
			int lead_cols = put_text(coach, y, 1, width, buf, coach->accent);
			y += put_wrapped_side(coach, y, 1, width, lead_cols, min_int(2, limit - y),
				variant->text != NULL ? variant->text : "", cue->side, coach->dim);
		}
	}

	draw_progress(coach, frame, bottom);
	draw_keys(coach, frame, LINES - 1, false);
}

/* Small terminals: only what a glance needs, one line each, most important first. */
static void draw_compact(const struct coach *coach, const struct frame *frame)
{
	const struct mb_cue *cue = &coach->timeline->cues[frame->cue];
	int rows = LINES, width = COLS - 2;
	char buf[512], details[512];
	format_details(coach, cue, details, sizeof(details));

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
		format_exercise(coach, cue, COLS < 30, buf, sizeof(buf));
		put_text(coach, y++, 1, width, buf, A_BOLD);
	}

	int x = 1;
	if (frame->paused)
		x += put_text(coach, y, x, width, "PAUSED ", coach->paused | A_REVERSE) + 1;
	char upper[32];
	x += put_text(coach, y, x, COLS - 1 - x, cue_label(cue->kind, upper, sizeof(upper)),
		coach->accent);
	/* Beside the HOLD label a bare number says enough. */
	if (cue->kind == MB_CUE_HOLD)
		snprintf(buf, sizeof(buf), "%lld s", (long long)frame->hold_left_s);
	else
		format_countdown(frame, buf, sizeof(buf));
	x += put_text(coach, y, x, COLS - 1 - x, "  ", A_NORMAL);
	put_text(coach, y, x, COLS - 1 - x, buf, A_BOLD);
	y++;

	if (text_lines > 0)
		y += put_wrapped(coach, y, 1, width, 0, text_lines,
			cue->text != NULL ? cue->text : "", A_BOLD);
	if (has_details)
		put_text(coach, y++, 1, width, details, A_NORMAL);
	if (pacer)
		draw_pacer(coach, frame, cue, y++);

	/* A narrow but tall terminal still has room for the why. */
	const struct mb_exercise *exercise = cue_exercise(coach, cue);
	int spare = rows - 1 - keys - progress - y;
	if (exercise != NULL && exercise->purpose != NULL && spare >= 4) {
		int lead_cols = put_text(coach, y + 1, 1, width, "Why: ", A_BOLD);
		put_wrapped_side(coach, y + 1, 1, width, lead_cols, spare - 2, exercise->purpose,
			cue->side, coach->dim);
	}
	if (progress)
		draw_progress(coach, frame, rows - 1 - keys);
	if (keys)
		draw_keys(coach, frame, rows - 1, true);
}

static void draw_done(const struct coach *coach)
{
	const struct mb_timeline *timeline = coach->timeline;
	char total[32], buf[512];
	format_time(timeline->total_us, total, sizeof(total));
	size_t count = exercise_count(coach);
	const char *title = timeline->routine != NULL && timeline->routine->title != NULL ?
		timeline->routine->title : "Break";
	snprintf(buf, sizeof(buf), "%s complete: %zu exercise%s, %s.", title, count,
		count == 1 ? "" : "s", total);

	char upper[32];
	const char *big = cue_label(MB_CUE_DONE, upper, sizeof(upper));
	int big_cols = mb_bigtext_width(big);
	int width = COLS - 2;
	if (LINES >= COMPACT_ROWS && COLS >= COMPACT_COLS && big_cols > 0 && big_cols <= width) {
		int y = LINES / 2 - 5;
		put_big(coach, y, (COLS - big_cols) / 2, big, coach->done);
		y += MB_BIGTEXT_ROWS + 1;
		int len = text_cols(buf);
		put_text(coach, y, len < width ? (COLS - len) / 2 : 1, width, buf, A_BOLD);
		const char *hint = "Any key closes.";
		put_text(coach, y + 2, (COLS - text_cols(hint)) / 2, width, hint, coach->dim);
	} else {
		put_text(coach, 0, 1, width, "Well done!", coach->done);
		put_wrapped(coach, 1, 1, width, 0, LINES - 1, buf, A_NORMAL);
	}
}

static void draw(struct coach *coach, const struct frame *frame)
{
	erase();
	if (LINES > 0 && COLS > 0) {
		if (frame->finished)
			draw_done(coach);
		else if (LINES < COMPACT_ROWS || COLS < COMPACT_COLS)
			draw_compact(coach, frame);
		else
			draw_full(coach, frame);
	}
	refresh();
}

static int64_t current_offset(const struct coach *coach, int64_t now_us)
{
	return mb_coaching_offset(&coach->coaching, now_us);
}

static void handle_key(struct coach *coach, int key)
{
	if (coach->coaching.finished) {
		/* Any key closes the closing screen; a resize just redraws it. */
		if (key == KEY_RESIZE)
			coach->redraw = true;
		else
			coach->stop = true;
		return;
	}

	int64_t now_us = mb_clock_monotonic_us();
	switch (key) {
	case ' ':
		mb_coaching_toggle_pause(&coach->coaching, now_us);
		break;
	case 'n':
	case 'N':
	case KEY_RIGHT:
		mb_coaching_next(&coach->coaching, now_us);
		coach->voice_resync = true;
		break;
	case 'p':
	case 'P':
	case KEY_LEFT:
		mb_coaching_back(&coach->coaching, now_us);
		coach->voice_resync = true;
		break;
	case 'q':
	case 'Q':
	case 3: /* Ctrl-C, should the terminal deliver it as a key */
		coach->quit = true;
		coach->stop = true;
		break;
	case KEY_RESIZE:
		coach->redraw = true;
		break;
	default:
		break;
	}
}

static void read_keys(struct coach *coach)
{
	int key;
	while ((key = getch()) != ERR)
		handle_key(coach, key);
}

static void resize(struct coach *coach)
{
	struct winsize ws;
	if (ioctl(coach->in_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	coach->redraw = true;
}

static void read_signals(struct coach *coach)
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
				coach->quit = !coach->coaching.finished;
				coach->stop = true;
			}
		}
	}
	if (resized) {
		resize(coach);
		/* resizeterm queues a KEY_RESIZE; take it now, poll would not see it. */
		read_keys(coach);
	}
}

/* Sleep until deadline_us (monotonic; INT64_MAX for no deadline), a key or a signal. */
static void wait_for_event(struct coach *coach, int64_t deadline_us)
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
		{ .fd = coach->in_fd, .events = POLLIN },
		{ .fd = signal_pipe[0], .events = POLLIN },
	};
	if (poll(fds, 2, timeout_ms) < 0) {
		if (errno != EINTR) {
			coach->quit = !coach->coaching.finished;
			coach->stop = true;
		}
		return;
	}
	if (fds[1].revents & POLLIN)
		read_signals(coach);
	if (fds[0].revents & POLLIN)
		read_keys(coach);
	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* The terminal went away: nobody is left to coach. */
		coach->quit = !coach->coaching.finished;
		coach->stop = true;
	}
}

static void end_break(struct coach *coach, int64_t now_us, struct mb_break_result *result)
{
	result->end_boot_us = mb_clock_boottime_us();
	result->active_us = mb_coaching_active_us(&coach->coaching, now_us);
	result->exercises_done = mb_coaching_exercises_done(&coach->coaching);
}

/* Tell the voice where the break is whenever the cue, the pause or a seek changes it. */
static void sync_voice(struct coach *coach, int64_t offset_us)
{
	if (!coach->voice)
		return;
	bool paused = coach->coaching.playback.paused;
	size_t cue = mb_timeline_cue_at(coach->timeline, offset_us);
	if (paused == coach->voiced_paused && cue == coach->voiced_cue && !coach->voice_resync)
		return;
	if (paused)
		mb_voice_link_pause(coach->voice);
	else
		mb_voice_link_cue(coach->voice, cue, offset_us);
	coach->voiced_paused = paused;
	coach->voiced_cue = cue;
	coach->voice_resync = false;
}

static void run(struct coach *coach, struct mb_break_result *result)
{
	const struct mb_timeline *timeline = coach->timeline;
	int64_t close_at_us = timeline->total_us +
		(int64_t)((double)DONE_SCREEN_US * coach->coaching.playback.scale);

	while (!coach->stop) {
		int64_t now_us = mb_clock_monotonic_us();
		/* At the end the clock runs on, so a skip there while paused still closes. */
		if (mb_coaching_update(&coach->coaching, now_us))
			end_break(coach, now_us, result);
		int64_t offset_us = current_offset(coach, now_us);
		sync_voice(coach, offset_us);

		struct frame frame;
		int64_t next_us = compute_frame(coach, offset_us, &frame);
		if (coach->redraw || !coach->have_shown || !frame_equal(&frame, &coach->shown)) {
			draw(coach, &frame);
			coach->shown = frame;
			coach->have_shown = true;
			coach->redraw = false;
		}

		if (coach->coaching.finished) {
			if (offset_us >= close_at_us)
				break;
			next_us = close_at_us;
		}
		wait_for_event(coach, mb_playback_deadline(&coach->coaching.playback, next_us));
	}

	if (!coach->coaching.finished)
		end_break(coach, mb_clock_monotonic_us(), result);
	result->completed = coach->coaching.finished;
}

static void setup_colors(struct coach *coach, bool color)
{
	coach->accent = A_BOLD;
	coach->paused = A_BOLD;
	coach->done = A_BOLD;
	coach->dim = A_DIM;
	if (!color || !has_colors() || start_color() == ERR)
		return;
	/* Keep the terminal's own background so the coach looks at home in any theme. */
	short background = use_default_colors() == OK ? -1 : COLOR_BLACK;
	init_pair(PAIR_ACCENT, COLOR_CYAN, background);
	init_pair(PAIR_PAUSED, COLOR_YELLOW, background);
	init_pair(PAIR_DONE, COLOR_GREEN, background);
	coach->accent = COLOR_PAIR(PAIR_ACCENT) | A_BOLD;
	coach->paused = COLOR_PAIR(PAIR_PAUSED) | A_BOLD;
	coach->done = COLOR_PAIR(PAIR_DONE) | A_BOLD;
}

int mb_coach_tui_run(const struct mb_timeline *timeline, const struct mb_coach_options *options,
	struct mb_break_result *result)
{
	*result = (struct mb_break_result){0};
	if (timeline->cues_len == 0)
		return -EINVAL;
	/* Without a terminal type there is nothing to drive; the caller prints plain lines. */
	const char *term = getenv("TERM");
	if (term == NULL || term[0] == '\0' || strcmp(term, "dumb") == 0)
		return -ENOTTY;

	struct coach coach = {
		.timeline = timeline,
		.in_fd = -1,
		.voice = options->voice,
		.voiced_cue = SIZE_MAX,
	};
	int ret = -ENOTTY;

	/* Only LC_CTYPE, so numbers the caller prints afterwards keep their "C" format. */
	char *old_ctype = NULL;
	const char *ctype = setlocale(LC_CTYPE, NULL);
	if (ctype != NULL)
		old_ctype = strdup(ctype);
	setlocale(LC_CTYPE, "");
	coach.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	FILE *in = NULL, *out = NULL;
	int tty_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (tty_fd >= 0) {
		coach.tty = fdopen(tty_fd, "r+");
		if (coach.tty == NULL) {
			ret = -errno;
			close(tty_fd);
			goto out_locale;
		}
		in = out = coach.tty;
	} else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		in = stdin;
		out = stdout;
	} else {
		goto out_locale;
	}
	coach.in_fd = fileno(in);

	if (pipe(signal_pipe) < 0) {
		ret = -errno;
		goto out_tty;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(signal_pipe[i], F_SETFL, fcntl(signal_pipe[i], F_GETFL) | O_NONBLOCK);
	}

	/* Remember the caller's handlers from before ncurses adds its own, to put them back. */
	struct sigaction saved[CAUGHT_LEN], saved_tstp;
	for (size_t i = 0; i < CAUGHT_LEN; i++)
		sigaction(caught_signals[i], NULL, &saved[i]);
	sigaction(SIGTSTP, NULL, &saved_tstp);

	/* newterm leaks inside ncurses when it fails on an unknown TERM; ask terminfo first. */
	int term_err = 0;
	if (setupterm(NULL, fileno(out), &term_err) != OK)
		goto out_pipe;
	del_curterm(cur_term);

	coach.screen = newterm(NULL, out, in);
	if (coach.screen == NULL)
		goto out_pipe;
	set_term(coach.screen);

	struct sigaction action = { .sa_handler = handle_signal, .sa_flags = SA_RESTART };
	sigemptyset(&action.sa_mask);
	for (size_t i = 0; i < CAUGHT_LEN; i++)
		sigaction(caught_signals[i], &action, NULL);

	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	leaveok(stdscr, TRUE);
	/* Draw whole frames even while keys are waiting; there are never many. */
	typeahead(-1);
	set_escdelay(25);
	curs_set(0);
	setup_colors(&coach, options->color);

	result->start_wall_us = mb_clock_wall_us();
	result->start_boot_us = mb_clock_boottime_us();
	mb_coaching_start(&coach.coaching, timeline, mb_clock_monotonic_us(), options->time_scale);
	run(&coach, result);
	ret = 0;

	endwin();
	for (size_t i = 0; i < CAUGHT_LEN; i++)
		sigaction(caught_signals[i], &saved[i], NULL);
	sigaction(SIGTSTP, &saved_tstp, NULL);
	delscreen(coach.screen);
out_pipe:
	for (int i = 0; i < 2; i++) {
		close(signal_pipe[i]);
		signal_pipe[i] = -1;
	}
out_tty:
	if (coach.tty != NULL)
		fclose(coach.tty);
out_locale:
	if (old_ctype != NULL) {
		setlocale(LC_CTYPE, old_ctype);
		free(old_ctype);
	}
	return ret;
}

/* Unrolling a routine into timed cues, and fitting the dose to the time the user has. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeline.h"

#define DONE_TEXT "Well done. That is the whole break."
/* Share of a paced breath spent breathing in; the out-breath is the longer half. */
#define BREATH_IN_SHARE 0.4
/* The dose fit tries this many evenly spaced levels between 0 and 1. */
#define DOSE_STEPS 1000
/* Keys that tell the ranges of one step apart for their rounding offsets. */
#define KEY_REPS 0
#define KEY_TIME 1
#define KEY_BREATHS 2
#define KEY_FIELDS 3

/*
 * Building walks every cue; the total and the cue count do not need to: they
 * are sums over the ranges, computed in closed form from the routine
 * (mb_routine_total_us, mb_routine_cue_count). The tests hold the two to the
 * same numbers at every level the dose fit can choose.
 */
struct builder {
	double level;
	int64_t t_us;
	struct mb_cue *cues;
	size_t len, cap;
	bool failed;
};

struct cue_args {
	enum mb_cue_kind kind;
	const char *text;
	size_t exercise;
	unsigned rep, of, breath, breaths;
	enum mb_side side;
	const char *direction;
	int64_t hold_end_us;
	const struct mb_step *step;
};

/*
 * Rounding every range the same way would make them all step up at the same
 * level, so the total would jump in big strides (ten seconds and more) and
 * miss the minutes asked for. Instead each range gets its own rounding
 * offset, spread evenly by the golden ratio, so ranges step up one after
 * another as the level rises. Level 0 still gives every low end and level 1
 * every high end, and no value ever shrinks as the level grows.
 */
static double range_offset(size_t exercise, size_t step, int field)
{
	size_t key = (exercise * (MB_MAX_STEPS + 1) + step) * KEY_FIELDS + (size_t)field;
	/* The fractional part; exact, and the same as fmod(x, 1.0) at a tenth of its cost. */
	double x = (double)(key + 1) * 0.6180339887498949;
	return x - floor(x);
}

static const char *const cue_kind_names[] = {
	[MB_CUE_PREPARE] = "prepare",
	[MB_CUE_MOVE] = "move",
	[MB_CUE_HOLD] = "hold",
	[MB_CUE_RELEASE] = "release",
	[MB_CUE_REST] = "rest",
	[MB_CUE_BREATHE_IN] = "breathe_in",
	[MB_CUE_BREATHE_OUT] = "breathe_out",
	[MB_CUE_SWITCH] = "switch",
	[MB_CUE_REVERSE] = "reverse",
	[MB_CUE_DONE] = "done",
};

static const char *const cue_kind_labels[] = {
	[MB_CUE_PREPARE] = "get ready",
	[MB_CUE_MOVE] = "move",
	[MB_CUE_HOLD] = "hold",
	[MB_CUE_RELEASE] = "release",
	[MB_CUE_REST] = "rest",
	[MB_CUE_BREATHE_IN] = "breathe in",
	[MB_CUE_BREATHE_OUT] = "breathe out",
	[MB_CUE_SWITCH] = "switch sides",
	[MB_CUE_REVERSE] = "reverse",
	[MB_CUE_DONE] = "well done",
};

const char *mb_cue_kind_label(enum mb_cue_kind kind)
{
	if ((size_t)kind >= sizeof(cue_kind_labels) / sizeof(cue_kind_labels[0]))
		return "";
	return cue_kind_labels[kind];
}

const char *mb_cue_kind_name(enum mb_cue_kind kind)
{
	if ((size_t)kind >= sizeof(cue_kind_names) / sizeof(cue_kind_names[0]))
		return "unknown";
	return cue_kind_names[kind];
}

const char *mb_side_name(enum mb_side side)
{
	switch (side) {
	case MB_SIDE_LEFT:
		return "left";
	case MB_SIDE_RIGHT:
		return "right";
	case MB_SIDE_NONE:
		break;
	}
	return NULL;
}

char *mb_offset_format(int64_t us, char *buf, size_t len)
{
	/* Half a second and more rounds up, as mb_duration_format() rounds lengths. */
	long long s = (long long)((us + MB_US_PER_S / 2) / MB_US_PER_S);
	snprintf(buf, len, "%lld:%02lld", s / 60, s % 60);
	return buf;
}

/* Copy the bytes of word that fit before the last byte of out, counting them all in *n. */
static void put_bytes(char *out, size_t len, size_t *n, const char *word, size_t wl)
{
	if (*n + 1 < len) {
		size_t room = len - 1 - *n;
		memcpy(out + *n, word, wl < room ? wl : room);
	}
	*n += wl;
}

size_t mb_text_fill_side(const char *text, enum mb_side side, char *out, size_t len)
{
	/* Read on its own, a text speaks of the side a break works first. */
	const char *self = side == MB_SIDE_RIGHT ? "right" : "left";
	const char *other = side == MB_SIDE_RIGHT ? "left" : "right";
	size_t n = 0;
	const char *p = text;
	while (*p) {
		const char *open = strchr(p, '{');
		if (!open) {
			put_bytes(out, len, &n, p, strlen(p));
			break;
		}
		put_bytes(out, len, &n, p, (size_t)(open - p));
		if (strncmp(open, "{side}", 6) == 0) {
			put_bytes(out, len, &n, self, strlen(self));
			p = open + 6;
		} else if (strncmp(open, "{other}", 7) == 0) {
			put_bytes(out, len, &n, other, strlen(other));
			p = open + 7;
		} else {
			put_bytes(out, len, &n, open, 1);
			p = open + 1;
		}
	}
	if (len > 0)
		out[n < len ? n : len - 1] = '\0';
	return n;
}

char *mb_text_fill_side_dup(const char *text, enum mb_side side)
{
	size_t len = mb_text_fill_side(text, side, NULL, 0) + 1;
	char *out = malloc(len);
	if (out)
		mb_text_fill_side(text, side, out, len);
	return out;
}

static void emit(struct builder *b, int64_t dur_us, const struct cue_args *a)
{
	int64_t start = b->t_us;
	b->t_us += dur_us;
	if (b->failed)
		return;
	if (b->len == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct mb_cue *cues = realloc(b->cues, cap * sizeof(*cues));
		if (!cues) {
			b->failed = true;
			return;
		}
		b->cues = cues;
		b->cap = cap;
	}
	char *text = mb_text_fill_side_dup(a->text ? a->text : "", a->side);
	char *direction = a->direction ? mb_text_fill_side_dup(a->direction, a->side) : NULL;
	if (!text || (a->direction && !direction)) {
		free(text);
		free(direction);
		b->failed = true;
		return;
	}
	b->cues[b->len++] = (struct mb_cue){
		.t_us = start,
		.dur_us = dur_us,
		.kind = a->kind,
		.text = text,
		.exercise = a->exercise,
		.rep = a->rep,
		.of = a->of,
		.breath = a->breath,
		.breaths = a->breaths,
		.side = a->side,
		.direction = direction,
		.hold_end_us = a->hold_end_us,
		.step = a->step,
	};
}

static enum mb_cue_kind cue_kind_of_step(enum mb_step_kind kind)
{
	switch (kind) {
	case MB_STEP_MOVE:
		return MB_CUE_MOVE;
	case MB_STEP_HOLD:
		return MB_CUE_HOLD;
	case MB_STEP_RELEASE:
		return MB_CUE_RELEASE;
	case MB_STEP_REST:
		return MB_CUE_REST;
	case MB_STEP_SWITCH:
		return MB_CUE_SWITCH;
	case MB_STEP_REVERSE:
		return MB_CUE_REVERSE;
	case MB_STEP_BREATHE:
		break;
	}
	return MB_CUE_BREATHE_IN;
}

/*
 * Emit breaths in/out pairs: in_us and out_us each (a breathe step), or, for
 * a hold paced as breaths (split), whole breaths that share out dur_us.
 */
static void emit_breaths(struct builder *b, struct cue_args a, unsigned breaths, bool split,
	int64_t dur_us, int64_t in_us, int64_t out_us)
{
	int64_t start = b->t_us;
	int64_t end = split ? start + dur_us : start + (in_us + out_us) * breaths;
	a.breaths = breaths;
	a.hold_end_us = end;
	for (unsigned i = 1; i <= breaths; i++) {
		int64_t this_in = in_us, this_out = out_us;
		if (split) {
			/* Split a hold into whole breaths that add up exactly to it. */
			int64_t from = start + dur_us * (i - 1) / breaths;
			int64_t to = start + dur_us * i / breaths;
			this_in = (int64_t)llround((double)(to - from) * BREATH_IN_SHARE);
			this_out = to - from - this_in;
		}
		a.breath = i;
		a.kind = MB_CUE_BREATHE_IN;
		emit(b, this_in, &a);
		a.kind = MB_CUE_BREATHE_OUT;
		emit(b, this_out, &a);
	}
}

/*
 * The dosed values of one step and of one exercise. The builder and the
 * closed-form sums below both read them here, so they cannot disagree on a
 * value.
 */
struct step_dose {
	unsigned reps;
	/* breathe: the breaths; hold: the breaths it is paced as (0: not paced). */
	unsigned breaths;
	/* The length of one repetition. */
	int64_t once_us;
};

static struct step_dose dose_step(const struct mb_step *step, size_t exercise, size_t index,
	double level)
{
	struct step_dose d = {
		.reps = (unsigned)mb_range_at(step->reps, level,
			range_offset(exercise, index, KEY_REPS)),
		.breaths = (unsigned)mb_range_at(step->breaths, level,
			range_offset(exercise, index, KEY_BREATHS)),
	};
	if (step->kind == MB_STEP_BREATHE)
		d.once_us = (int64_t)d.breaths * (step->in_us + step->out_us);
	else
		d.once_us = mb_range_at_us(step->time_us, level,
			range_offset(exercise, index, KEY_TIME));
	return d;
}

static unsigned exercise_reps(const struct mb_exercise *ex, size_t exercise, double level)
{
	return (unsigned)mb_range_at(ex->reps, level,
		range_offset(exercise, MB_MAX_STEPS, KEY_REPS));
}

/* Cues in one repetition of a step: a breath is two (in, out), anything else one. */
static uint64_t step_cues(const struct mb_step *step, const struct step_dose *d)
{
	if (step->kind == MB_STEP_BREATHE || (step->kind == MB_STEP_HOLD && d->breaths > 0))
		return 2 * (uint64_t)d->breaths;
	return 1;
}

static void emit_step(struct builder *b, const struct mb_step *step, const struct step_dose *d,
	struct cue_args a)
{
	a.text = step->text;
	a.direction = step->direction;
	a.step = step;
	if (step->kind == MB_STEP_BREATHE) {
		emit_breaths(b, a, d->breaths, false, 0, step->in_us, step->out_us);
		return;
	}
	if (step->kind == MB_STEP_HOLD) {
		if (d->breaths > 0) {
			emit_breaths(b, a, d->breaths, true, d->once_us, 0, 0);
			return;
		}
		a.hold_end_us = b->t_us + d->once_us;
	}
	a.kind = cue_kind_of_step(step->kind);
	emit(b, d->once_us, &a);
}

static void emit_exercise(struct builder *b, const struct mb_exercise *ex, size_t index)
{
	struct cue_args a = { .exercise = index };

	/* The prepare cue reads the set-up lines, or the title when there are none. */
	size_t len = 1;
	for (size_t i = 0; i < ex->setup_len; i++)
		len += strlen(ex->setup[i]) + 1;
	char *setup = malloc(len);
	if (!setup) {
		b->failed = true;
		return;
	}
	setup[0] = '\0';
	for (size_t i = 0; i < ex->setup_len; i++) {
		if (i)
			strcat(setup, " ");
		strcat(setup, ex->setup[i]);
	}
	a.kind = MB_CUE_PREPARE;
	a.text = setup[0] ? setup : ex->title;
	emit(b, ex->prepare_us, &a);
	free(setup);

	size_t k = index - 1;
	unsigned reps = exercise_reps(ex, k, b->level);
	enum mb_side sides[2] = { MB_SIDE_NONE, MB_SIDE_NONE };
	size_t sides_len = 1;
	if (ex->both_sides) {
		sides[0] = MB_SIDE_LEFT;
		sides[1] = MB_SIDE_RIGHT;
		sides_len = 2;
	}
	for (size_t s = 0; s < sides_len; s++) {
		a.side = sides[s];
		if (s > 0) {
			struct cue_args sw = a;
			sw.kind = MB_CUE_SWITCH;
			sw.text = ex->switch_text ? ex->switch_text : "Switch sides";
			emit(b, ex->switch_us, &sw);
		}
		for (unsigned r = 1; r <= reps && !b->failed; r++) {
			for (size_t i = 0; i < ex->steps_len; i++) {
				const struct mb_step *step = &ex->steps[i];
				struct step_dose d = dose_step(step, k, i, b->level);
				for (unsigned sr = 1; sr <= d.reps; sr++) {
					struct cue_args sa = a;
					if (reps > 1) {
						sa.rep = r;
						sa.of = reps;
					} else if (d.reps > 1) {
						sa.rep = sr;
						sa.of = d.reps;
					}
					emit_step(b, step, &d, sa);
				}
			}
		}
	}
}

/*
 * One exercise laid out as emit_exercise() does: the prepare cue, then per
 * side every repetition of every step, with one switch between the sides.
 */
static int64_t exercise_total_us(const struct mb_exercise *ex, size_t k, double level)
{
	int64_t pass = 0;
	for (size_t i = 0; i < ex->steps_len; i++) {
		struct step_dose d = dose_step(&ex->steps[i], k, i, level);
		pass += (int64_t)d.reps * d.once_us;
	}
	int64_t sides = ex->both_sides ? 2 : 1;
	int64_t total = ex->prepare_us + sides * (int64_t)exercise_reps(ex, k, level) * pass;
	return ex->both_sides ? total + ex->switch_us : total;
}

static uint64_t exercise_cues(const struct mb_exercise *ex, size_t k, double level)
{
	uint64_t pass = 0;
	for (size_t i = 0; i < ex->steps_len; i++) {
		struct step_dose d = dose_step(&ex->steps[i], k, i, level);
		pass += d.reps * step_cues(&ex->steps[i], &d);
	}
	uint64_t sides = ex->both_sides ? 2 : 1;
	uint64_t cues = 1 + sides * exercise_reps(ex, k, level) * pass;
	return ex->both_sides ? cues + 1 : cues;
}

int64_t mb_routine_total_us(const struct mb_routine *routine, double level)
{
	int64_t total = 0;
	for (size_t i = 0; i < routine->exercises_len; i++)
		total += exercise_total_us(&routine->exercises[i], i, level);
	return total;
}

int64_t mb_exercise_total_us(const struct mb_routine *routine, size_t index, double level)
{
	return exercise_total_us(&routine->exercises[index], index, level);
}

uint64_t mb_routine_cue_count(const struct mb_routine *routine, double level)
{
	uint64_t cues = 1;
	for (size_t i = 0; i < routine->exercises_len; i++)
		cues += exercise_cues(&routine->exercises[i], i, level);
	return cues;
}

uint64_t mb_exercise_cue_count(const struct mb_routine *routine, size_t index, double level)
{
	return exercise_cues(&routine->exercises[index], index, level);
}

/* The total at the dose level step / DOSE_STEPS, the levels the fit chooses from. */
static int64_t total_at_step(const struct mb_routine *routine, int step)
{
	return mb_routine_total_us(routine, (double)step / DOSE_STEPS);
}

/* The first of the steps 0..DOSE_STEPS whose total is at least want; DOSE_STEPS + 1 if none. */
static int first_step_reaching(const struct mb_routine *routine, int64_t want)
{
	int lo = 0, hi = DOSE_STEPS + 1;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (total_at_step(routine, mid) >= want)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/*
 * The fit picks, among the levels 0, 1/1000, ..., 1, the first whose total
 * is closest to the target. Every dosed value is a whole count or a whole
 * second that never shrinks as the level grows, and every length is at
 * least zero, so the total never shrinks either: the closest total below the
 * target is the one just before the first level that reaches it, and the
 * first level giving it is found the same way. Two binary searches, each a
 * dozen closed-form totals, choose exactly what trying every level would.
 */
double mb_dose_fit(const struct mb_routine *routine, int64_t target_us)
{
	int above = first_step_reaching(routine, target_us);
	if (above == 0)
		return 0.0;
	int64_t below_us = total_at_step(routine, above - 1);
	int below = first_step_reaching(routine, below_us);
	if (above > DOSE_STEPS)
		return (double)below / DOSE_STEPS;
	int64_t above_us = total_at_step(routine, above);
	/* Ties go to the lower level. */
	if (target_us - below_us <= above_us - target_us)
		return (double)below / DOSE_STEPS;
	return (double)above / DOSE_STEPS;
}

struct mb_timeline *mb_timeline_create(const struct mb_routine *routine, double level)
{
	struct mb_timeline *tl = calloc(1, sizeof(*tl));
	if (!tl)
		return NULL;
	tl->routine = routine;
	tl->level = level;
	tl->spans_len = routine->exercises_len;
	tl->spans = calloc(tl->spans_len ? tl->spans_len : 1, sizeof(*tl->spans));
	if (!tl->spans)
		goto error;

	struct builder b = { .level = level };
	for (size_t i = 0; i < routine->exercises_len; i++) {
		tl->spans[i].start_us = b.t_us;
		tl->spans[i].first_cue = b.len;
		emit_exercise(&b, &routine->exercises[i], i + 1);
		tl->spans[i].dur_us = b.t_us - tl->spans[i].start_us;
	}
	struct cue_args done = {
		.kind = MB_CUE_DONE,
		.text = DONE_TEXT,
		.exercise = routine->exercises_len,
	};
	emit(&b, 0, &done);
	tl->cues = b.cues;
	tl->cues_len = b.len;
	tl->total_us = b.t_us;
	if (b.failed)
		goto error;
	return tl;

error:
	mb_timeline_destroy(tl);
	return NULL;
}

void mb_timeline_destroy(struct mb_timeline *tl)
{
	if (!tl)
		return;
	for (size_t i = 0; i < tl->cues_len; i++) {
		free((char *)tl->cues[i].text);
		free((char *)tl->cues[i].direction);
	}
	free(tl->cues);
	free(tl->spans);
	free(tl);
}

size_t mb_timeline_cue_at(const struct mb_timeline *tl, int64_t t_us)
{
	if (tl->cues_len == 0)
		return 0;
	if (t_us >= tl->total_us)
		return tl->cues_len - 1;
	/* The last cue starting at or before t_us; zero-length cues yield to the next. */
	size_t lo = 0, hi = tl->cues_len;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tl->cues[mid].t_us <= t_us)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The routine model: freeing, the words for areas and step kinds, a value inside a range. */
#include <math.h>
#include <stdlib.h>

#include "core/routine.h"

static void finish_exercise(struct mb_exercise *ex)
{
	free(ex->title);
	free(ex->purpose);
	for (size_t i = 0; i < ex->setup_len; i++)
		free(ex->setup[i]);
	free(ex->setup);
	free(ex->switch_text);
	for (size_t i = 0; i < ex->steps_len; i++) {
		free(ex->steps[i].text);
		free(ex->steps[i].direction);
	}
	free(ex->steps);
	for (size_t i = 0; i < ex->variants_len; i++) {
		free(ex->variants[i].name);
		free(ex->variants[i].title);
		free(ex->variants[i].text);
	}
	free(ex->variants);
}

void mb_routine_destroy(struct mb_routine *routine)
{
	if (routine == NULL)
		return;
	for (size_t i = 0; i < routine->exercises_len; i++)
		finish_exercise(&routine->exercises[i]);
	free(routine->exercises);
	free(routine->name);
	free(routine->title);
	free(routine->summary);
	free(routine);
}

const char *mb_area_name(size_t i)
{
	static const char *const names[] = {
		[MB_AREA_NECK] = "neck",
		[MB_AREA_SHOULDERS] = "shoulders",
		[MB_AREA_UPPER_BACK] = "upper-back",
		[MB_AREA_CHEST] = "chest",
		[MB_AREA_WRISTS] = "wrists",
		[MB_AREA_LOWER_BACK] = "lower-back",
		[MB_AREA_HIPS] = "hips",
		[MB_AREA_LEGS] = "legs",
		[MB_AREA_EYES] = "eyes",
		[MB_AREA_BREATH] = "breath",
	};
	_Static_assert(sizeof(names) / sizeof(names[0]) == MB_AREA_COUNT,
		"every area has its word");
	return i < MB_AREA_COUNT ? names[i] : NULL;
}

const char *mb_step_kind_name(enum mb_step_kind kind)
{
	switch (kind) {
	case MB_STEP_MOVE:
		return "move";
	case MB_STEP_HOLD:
		return "hold";
	case MB_STEP_RELEASE:
		return "release";
	case MB_STEP_REST:
		return "rest";
	case MB_STEP_BREATHE:
		return "breathe";
	case MB_STEP_SWITCH:
		return "switch";
	case MB_STEP_REVERSE:
		return "reverse";
	}
	/* Callers print the result, so never hand them NULL. */
	return "unknown";
}

/* NaN and out-of-range levels would otherwise pick values outside the range. */
static double clamp_level(double level)
{
	if (!(level > 0.0))
		return 0.0;
	if (level > 1.0)
		return 1.0;
	return level;
}

/* How many whole steps of span a level reaches, given where steps round up. */
static int64_t steps_at(int64_t span, double level, double offset)
{
	int64_t n = (int64_t)floor(clamp_level(level) * (double)span + offset);
	if (n < 0)
		return 0;
	return n > span ? span : n;
}

int64_t mb_range_at(struct mb_range range, double level, double offset)
{
	if (range.hi <= range.lo)
		return range.lo;
	return range.lo + steps_at(range.hi - range.lo, level, offset);
}

int64_t mb_range_at_us(struct mb_range range, double level, double offset)
{
	/* A fixed value is kept exact so "1.5s" stays 1.5 s. */
	if (range.hi <= range.lo)
		return range.lo;
	/* Inside a range, whole seconds read better in a countdown than 23.4 s. */
	int64_t span_s = (range.hi - range.lo + MB_US_PER_S - 1) / MB_US_PER_S;
	int64_t us = range.lo + steps_at(span_s, level, offset) * MB_US_PER_S;
	return us > range.hi ? range.hi : us;
}

/* The routine schema: the keys a routine file has where, their defaults and limits, the model. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"
#include "core/timeline.h"
#include "parse/routine-poses.h"
#include "parse/routine-yaml.h"
#include "parse/yaml-read.h"
#include "parse/yaml-tree.h"

#define NAME_MAX_LEN 40
/* An exercise needs a few lines of set-up and a tip or two, not a manual. */
#define SETUP_MAX 16
#define VARIANTS_MAX 16

/* Defaults, in the units of the model. */
#define DEFAULT_PREPARE_US (5 * MB_US_PER_S)
#define DEFAULT_SWITCH_US (3 * MB_US_PER_S)
#define DEFAULT_BREATH_US (4 * MB_US_PER_S)
#define DEFAULT_BREATHS 3
/* A breath paced inside a hold needs room for an in and an out. */
#define MIN_US_PER_BREATH (2 * MB_US_PER_S)

/* Every list of keys suggests the nearest key for a misspelled one. */
/* clang-format off */
#define KEYS(table, n) { .words = (table), .len = (n), .noun = "key", .max_edits = 2 }
/* clang-format on */

enum routine_key {
	ROUTINE_NAME,
	ROUTINE_TITLE,
	ROUTINE_SUMMARY,
	ROUTINE_AREAS,
	ROUTINE_EXERCISES,
	ROUTINE_KEYS,
};

static const char *const routine_key_words[] = {
	[ROUTINE_NAME] = "name",
	[ROUTINE_TITLE] = "title",
	[ROUTINE_SUMMARY] = "summary",
	[ROUTINE_AREAS] = "areas",
	[ROUTINE_EXERCISES] = "exercises",
};

static const struct mb_yaml_words routine_keys = KEYS(routine_key_words, ROUTINE_KEYS);

/* The area words, from core; a misspelled one suggests the nearest, as keys and poses do. */
static const struct mb_yaml_words area_words = {
	.word_at = mb_area_name,
	.noun = "area",
	.max_edits = 2,
	.expected = "an area word like neck",
};

enum exercise_key {
	EXERCISE_TITLE,
	EXERCISE_PURPOSE,
	EXERCISE_SETUP,
	EXERCISE_PREPARE,
	EXERCISE_REPS,
	EXERCISE_SIDES,
	EXERCISE_SWITCH,
	EXERCISE_SWITCH_TIME,
	EXERCISE_STEPS,
	EXERCISE_VARIANTS,
	EXERCISE_VIEW,
	EXERCISE_POSE,
	EXERCISE_KEYS,
};

static const char *const exercise_key_words[] = {
	[EXERCISE_TITLE] = "title",
	[EXERCISE_PURPOSE] = "purpose",
	[EXERCISE_SETUP] = "setup",
	[EXERCISE_PREPARE] = "prepare",
	[EXERCISE_REPS] = "reps",
	[EXERCISE_SIDES] = "sides",
	[EXERCISE_SWITCH] = "switch",
	[EXERCISE_SWITCH_TIME] = "switch_time",
	[EXERCISE_STEPS] = "steps",
	[EXERCISE_VARIANTS] = "variants",
	[EXERCISE_VIEW] = "view",
	[EXERCISE_POSE] = "pose",
};

static const struct mb_yaml_words exercise_keys = KEYS(exercise_key_words, EXERCISE_KEYS);

/* The kind keys come first, in the order of enum mb_step_kind, so a key's index is its kind. */
enum step_key {
	STEP_KINDS = MB_STEP_REVERSE + 1,
	STEP_TIME = STEP_KINDS,
	STEP_REPS,
	STEP_BREATHS,
	STEP_IN,
	STEP_OUT,
	STEP_DIRECTION,
	STEP_POSE,
	STEP_KEYS,
};

static const char *const step_key_words[] = {
	[MB_STEP_MOVE] = "move",
	[MB_STEP_HOLD] = "hold",
	[MB_STEP_RELEASE] = "release",
	[MB_STEP_REST] = "rest",
	[MB_STEP_BREATHE] = "breathe",
	[MB_STEP_SWITCH] = "switch",
	[MB_STEP_REVERSE] = "reverse",
	[STEP_TIME] = "time",
	[STEP_REPS] = "reps",
	[STEP_BREATHS] = "breaths",
	[STEP_IN] = "in",
	[STEP_OUT] = "out",
	[STEP_DIRECTION] = "direction",
	[STEP_POSE] = "pose",
};

static const struct mb_yaml_words step_keys = KEYS(step_key_words, STEP_KEYS);
static const struct mb_yaml_words step_kinds = { .words = step_key_words, .len = STEP_KINDS };

static const int64_t step_default_us[] = {
	[MB_STEP_MOVE] = 3 * MB_US_PER_S,
	[MB_STEP_HOLD] = 5 * MB_US_PER_S,
	[MB_STEP_RELEASE] = 2 * MB_US_PER_S,
	[MB_STEP_REST] = 3 * MB_US_PER_S,
	[MB_STEP_BREATHE] = 0,
	[MB_STEP_SWITCH] = 3 * MB_US_PER_S,
	[MB_STEP_REVERSE] = 3 * MB_US_PER_S,
};

enum variant_key {
	VARIANT_NAME,
	VARIANT_TITLE,
	VARIANT_TEXT,
	VARIANT_KEYS,
};

static const char *const variant_key_words[] = {
	[VARIANT_NAME] = "name",
	[VARIANT_TITLE] = "title",
	[VARIANT_TEXT] = "text",
};

static const struct mb_yaml_words variant_keys = KEYS(variant_key_words, VARIANT_KEYS);

/* The words of an exercise's values. */
enum side_word {
	SIDES_BOTH,
	SIDES_NONE,
};
static const char *const side_words[] = {
	[SIDES_BOTH] = "both",
	[SIDES_NONE] = "none",
};
static const struct mb_yaml_words sides = { .words = side_words, .len = 2, .quote = true };

static const char *const view_words[] = {
	[MB_VIEW_FRONT] = "front",
	[MB_VIEW_BACK] = "back",
	[MB_VIEW_SIDE] = "side",
};
static const struct mb_yaml_words views = { .words = view_words, .len = 3 };

/* Which placeholders a piece of text may use. */
enum text_rule {
	/* Titles name an exercise in lists, where no side is running. */
	TEXT_NO_PLACEHOLDERS,
	/* Cues of an exercise: {side} and {other} only if it has sides. */
	TEXT_ONE_SIDED,
	TEXT_BOTH_SIDES,
};

/*
 * Only the first problem in a text is reported: it tells the writer what to
 * fix, and reporting each of thousands of braces would cost a scan apiece.
 */
static void check_placeholders(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, enum text_rule rule)
{
	const char *s = node->value, *end = s + node->len;
	const char *open = memchr(s, '{', node->len);
	while (open != NULL) {
		int column = mb_yaml_node_column(node, (size_t)(open - s));
		const char *close = memchr(open, '}', (size_t)(end - open));
		if (close == NULL) {
			mb_yaml_report_add(report, node->line, column,
				"'{' in '%s' is never closed; the only placeholders are {side} and {other}",
				key);
			return;
		}
		size_t name_len = (size_t)(close - open - 1);
		bool known = (name_len == 4 && memcmp(open + 1, "side", 4) == 0) ||
			(name_len == 5 && memcmp(open + 1, "other", 5) == 0);
		char text[MB_YAML_QUOTE_SIZE];
		mb_yaml_excerpt(open, name_len + 2, text, sizeof(text));
		if (!known) {
			mb_yaml_report_add(report, node->line, column,
				"unknown placeholder '%s' in '%s'; the only ones are {side} and {other}",
				text, key);
			return;
		}
		if (rule == TEXT_NO_PLACEHOLDERS) {
			mb_yaml_report_add(report, node->line, column,
				"'%s' cannot use %s; a title names the whole exercise", key, text);
			return;
		}
		if (rule == TEXT_ONE_SIDED) {
			mb_yaml_report_add(report, node->line, column,
				"%s in '%s' needs 'sides: both' on the exercise", text, key);
			return;
		}
		open = memchr(close + 1, '{', (size_t)(end - close - 1));
	}
}

/* Copy the text value of key into *out; false with a problem if it is not good text. */
static bool read_text(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, enum text_rule rule, char **out)
{
	if (mb_yaml_read_text(report, node, key) == NULL)
		return false;
	size_t before = mb_yaml_report_count(report);
	check_placeholders(report, node, key, rule);
	if (mb_yaml_report_count(report) > before)
		return false;
	*out = strdup(node->value);
	if (*out == NULL) {
		report->out_of_memory = true;
		return false;
	}
	return true;
}

/*
 * How a duration may start: every cue lasts long enough to be followed; a
 * prepare may also be 0s, which skips it.
 */
enum duration_floor {
	DURATION_CUE,
	DURATION_CUE_OR_NONE,
};

/*
 * A duration (range) of what (say, "step 2 of exercise 1") at most
 * MB_MAX_STEP_US and at least MB_MIN_STEP_US, or 0 where the floor allows.
 */
static bool read_duration(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, const char *what, bool range, enum duration_floor floor,
	struct mb_range *out)
{
	struct mb_range d;
	if (!(range ? mb_yaml_read_duration_range(report, node, key, &d) :
		      mb_yaml_read_duration(report, node, key, &d.lo)))
		return false;
	if (!range)
		d.hi = d.lo;
	char text[32], limit[32];
	if (d.hi > MB_MAX_STEP_US) {
		mb_yaml_report_add(report, node->line, node->column,
			"'%s' of %s is longer than the limit of %s for one step", key,
			mb_duration_format(d.hi, text, sizeof(text)),
			mb_duration_format(MB_MAX_STEP_US, limit, sizeof(limit)));
		return false;
	}
	if (d.lo < MB_MIN_STEP_US && !(floor == DURATION_CUE_OR_NONE && d.lo == 0)) {
		char got[MB_YAML_QUOTE_SIZE];
		mb_yaml_report_add(report, node->line, node->column,
			"'%s' of %s must be %sat least %gs, got %s", key, what,
			floor == DURATION_CUE_OR_NONE ? "0s or " : "",
			(double)MB_MIN_STEP_US / (double)MB_US_PER_S,
			mb_yaml_node_describe(node, got, sizeof(got)));
		return false;
	}
	*out = d;
	return true;
}

static void read_step(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	size_t ex_index, size_t step_index, bool both_sides, struct mb_step *step)
{
	char what[64];
	snprintf(what, sizeof(what), "step %zu of exercise %zu", step_index + 1, ex_index + 1);
	if (!mb_yaml_expect_mapping(report, node, what))
		return;
	step->line = node->line;
	step->column = node->column;
	const struct mb_yaml_node *keys[STEP_KEYS], *values[STEP_KEYS];
	uint32_t misspelled = mb_yaml_read_fields(report, node, what, &step_keys, keys, values);

	int kind = -1;
	for (int i = 0; i < STEP_KINDS; i++) {
		if (keys[i] == NULL)
			continue;
		if (kind >= 0) {
			mb_yaml_report_add(report, keys[i]->line, keys[i]->column,
				"%s has both '%s' and '%s'; give each its own step", what,
				step_key_words[kind], step_key_words[i]);
			return;
		}
		kind = i;
	}
	if (kind < 0) {
		char list[96];
		if (!(misspelled & ((UINT32_C(1) << STEP_KINDS) - 1)))
			mb_yaml_report_add(report, node->line, node->column, "%s needs one of %s",
				what, mb_yaml_words_join(&step_kinds, " or ", list, sizeof(list)));
		return;
	}
	step->kind = (enum mb_step_kind)kind;
	enum text_rule rule = both_sides ? TEXT_BOTH_SIDES : TEXT_ONE_SIDED;
	read_text(report, values[kind], step_key_words[kind], rule, &step->text);
	bool breathe = step->kind == MB_STEP_BREATHE, hold = step->kind == MB_STEP_HOLD;

	step->time_us = (struct mb_range){ step_default_us[kind], step_default_us[kind] };
	bool time_ok = true;
	if (values[STEP_TIME] != NULL && breathe)
		mb_yaml_report_add(report, keys[STEP_TIME]->line, keys[STEP_TIME]->column,
			"'time' does not apply to a breathe step; its length comes from breaths, in and out");
	else if (values[STEP_TIME] != NULL)
		time_ok = read_duration(report, values[STEP_TIME], "time", what, true, DURATION_CUE,
			&step->time_us);

	step->reps = (struct mb_range){ 1, 1 };
	if (values[STEP_REPS] != NULL)
		mb_yaml_read_count(report, values[STEP_REPS], "reps", 1, MB_MAX_REPS, &step->reps);

	int64_t breaths = breathe ? DEFAULT_BREATHS : 0;
	step->breaths = (struct mb_range){ breaths, breaths };
	if (values[STEP_BREATHS] != NULL && !breathe && !hold) {
		mb_yaml_report_add(report, keys[STEP_BREATHS]->line, keys[STEP_BREATHS]->column,
			"'breaths' only applies to hold and breathe steps");
	} else if (values[STEP_BREATHS] != NULL &&
		mb_yaml_read_count(report, values[STEP_BREATHS], "breaths", 1, MB_MAX_BREATHS,
			&step->breaths) &&
		hold && time_ok) {
		/* Time and breaths are dosed together, so checking both ends covers every dose. */
		bool low_short = step->time_us.lo < step->breaths.lo * MIN_US_PER_BREATH;
		bool high_short = step->time_us.hi < step->breaths.hi * MIN_US_PER_BREATH;
		if (low_short || high_short) {
			char text[32];
			mb_yaml_report_add(report, values[STEP_BREATHS]->line,
				values[STEP_BREATHS]->column,
				"a hold of %s is too short for %lld breaths; allow at least 2s per breath",
				mb_duration_format(low_short ? step->time_us.lo : step->time_us.hi,
					text, sizeof(text)),
				(long long)(low_short ? step->breaths.lo : step->breaths.hi));
		}
	}

	step->in_us = step->out_us = DEFAULT_BREATH_US;
	for (int i = STEP_IN; i <= STEP_OUT; i++) {
		if (values[i] == NULL)
			continue;
		if (!breathe) {
			mb_yaml_report_add(report, keys[i]->line, keys[i]->column,
				"'%s' only applies to breathe steps", step_key_words[i]);
			continue;
		}
		struct mb_range r;
		if (read_duration(report, values[i], step_key_words[i], what, false, DURATION_CUE,
			    &r))
			*(i == STEP_IN ? &step->in_us : &step->out_us) = r.lo;
	}

	if (values[STEP_DIRECTION] != NULL)
		read_text(report, values[STEP_DIRECTION], "direction", rule, &step->direction);

	if (values[STEP_POSE] != NULL)
		mb_routine_read_step_poses(report, values[STEP_POSE], what, step);
}

static void read_setup(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *what, enum text_rule rule, struct mb_exercise *ex)
{
	if (node->type == MB_YAML_SCALAR) {
		ex->setup = calloc(1, sizeof(*ex->setup));
		if (ex->setup == NULL) {
			report->out_of_memory = true;
			return;
		}
		if (read_text(report, node, "setup", rule, &ex->setup[0]))
			ex->setup_len = 1;
		return;
	}
	if (!mb_yaml_expect_list(report, node, "setup", what, SETUP_MAX))
		return;
	ex->setup = calloc(node->count, sizeof(*ex->setup));
	if (ex->setup == NULL) {
		report->out_of_memory = true;
		return;
	}
	/* Every line is checked; only good ones are kept, and any bad one fails the load anyway. */
	for (const struct mb_yaml_node *line = node->first; line != NULL; line = line->next) {
		if (read_text(report, line, "setup", rule, &ex->setup[ex->setup_len]))
			ex->setup_len++;
	}
}

static void read_variants(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *ex_what, size_t ex_index, enum text_rule rule, struct mb_exercise *ex)
{
	if (!mb_yaml_expect_list(report, node, "variants", ex_what, VARIANTS_MAX))
		return;
	ex->variants = calloc(node->count, sizeof(*ex->variants));
	if (ex->variants == NULL) {
		report->out_of_memory = true;
		return;
	}
	size_t index = 0;
	for (const struct mb_yaml_node *item = node->first; item != NULL;
		item = item->next, index++) {
		char what[64];
		snprintf(what, sizeof(what), "variant %zu of exercise %zu", index + 1,
			ex_index + 1);
		if (!mb_yaml_expect_mapping(report, item, what))
			continue;
		const struct mb_yaml_node *keys[VARIANT_KEYS], *values[VARIANT_KEYS];
		uint32_t misspelled = mb_yaml_read_fields(report, item, what, &variant_keys, keys,
			values);
		/* Owned by the exercise from here on, so a partly read variant is still freed. */
		struct mb_variant *variant = &ex->variants[ex->variants_len++];
		if (mb_yaml_require(report, item, what, &variant_keys, values, misspelled,
			    VARIANT_NAME) &&
			read_text(report, values[VARIANT_NAME], "name", TEXT_NO_PLACEHOLDERS,
				&variant->name) &&
			mb_yaml_check_name(report, values[VARIANT_NAME], "name", NAME_MAX_LEN)) {
			for (size_t i = 0; i + 1 < ex->variants_len; i++) {
				if (ex->variants[i].name == NULL ||
					strcmp(ex->variants[i].name, variant->name) != 0)
					continue;
				mb_yaml_report_add(report, values[VARIANT_NAME]->line,
					values[VARIANT_NAME]->column,
					"%s repeats the name '%s' of variant %zu", what,
					variant->name, i + 1);
				break;
			}
		}
		if (mb_yaml_require(report, item, what, &variant_keys, values, misspelled,
			    VARIANT_TITLE))
			read_text(report, values[VARIANT_TITLE], "title", TEXT_NO_PLACEHOLDERS,
				&variant->title);
		if (mb_yaml_require(report, item, what, &variant_keys, values, misspelled,
			    VARIANT_TEXT))
			read_text(report, values[VARIANT_TEXT], "text", rule, &variant->text);
	}
}

static void read_exercise(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	size_t index, struct mb_exercise *ex)
{
	char what[32];
	snprintf(what, sizeof(what), "exercise %zu", index + 1);
	if (!mb_yaml_expect_mapping(report, node, what))
		return;
	ex->line = node->line;
	ex->column = node->column;
	const struct mb_yaml_node *keys[EXERCISE_KEYS], *values[EXERCISE_KEYS];
	uint32_t misspelled = mb_yaml_read_fields(report, node, what, &exercise_keys, keys, values);

	/* Sides first: whether {side} is allowed in the texts depends on it, wherever it is written. */
	bool sides_known = true;
	if (values[EXERCISE_SIDES] != NULL) {
		int side = mb_yaml_read_enum(report, values[EXERCISE_SIDES], &sides, "sides");
		sides_known = side >= 0;
		ex->both_sides = side == SIDES_BOTH;
	}
	enum text_rule rule = ex->both_sides ? TEXT_BOTH_SIDES : TEXT_ONE_SIDED;

	if (mb_yaml_require(report, node, what, &exercise_keys, values, misspelled, EXERCISE_TITLE))
		read_text(report, values[EXERCISE_TITLE], "title", TEXT_NO_PLACEHOLDERS,
			&ex->title);
	if (values[EXERCISE_PURPOSE] != NULL)
		read_text(report, values[EXERCISE_PURPOSE], "purpose", rule, &ex->purpose);
	if (values[EXERCISE_SETUP] != NULL)
		read_setup(report, values[EXERCISE_SETUP], what, rule, ex);

	struct mb_range r = { DEFAULT_PREPARE_US, DEFAULT_PREPARE_US };
	if (values[EXERCISE_PREPARE] != NULL)
		read_duration(report, values[EXERCISE_PREPARE], "prepare", what, false,
			DURATION_CUE_OR_NONE, &r);
	ex->prepare_us = r.lo;

	ex->reps = (struct mb_range){ 1, 1 };
	if (values[EXERCISE_REPS] != NULL)
		mb_yaml_read_count(report, values[EXERCISE_REPS], "reps", 1, MB_MAX_REPS,
			&ex->reps);

	/* A switch cue on a one-sided exercise would never be shown: likely a forgotten 'sides: both'. */
	for (int i = EXERCISE_SWITCH; i <= EXERCISE_SWITCH_TIME; i++) {
		if (keys[i] != NULL && !ex->both_sides && sides_known)
			mb_yaml_report_add(report, keys[i]->line, keys[i]->column,
				"'%s' only applies to an exercise with 'sides: both'",
				exercise_key_words[i]);
	}
	if (values[EXERCISE_SWITCH] != NULL)
		read_text(report, values[EXERCISE_SWITCH], "switch", rule, &ex->switch_text);
	else if ((ex->switch_text = strdup("Switch sides")) == NULL)
		report->out_of_memory = true;
	r = (struct mb_range){ DEFAULT_SWITCH_US, DEFAULT_SWITCH_US };
	if (values[EXERCISE_SWITCH_TIME] != NULL)
		read_duration(report, values[EXERCISE_SWITCH_TIME], "switch_time", what, false,
			DURATION_CUE, &r);
	ex->switch_us = r.lo;

	int view;
	if (values[EXERCISE_VIEW] != NULL &&
		(view = mb_yaml_read_enum(report, values[EXERCISE_VIEW], &views, "view")) >= 0)
		ex->view = (enum mb_view)view;
	if (values[EXERCISE_POSE] != NULL)
		ex->has_pose = mb_routine_read_pose(report, values[EXERCISE_POSE], "pose",
			&ex->pose);

	if (mb_yaml_require(report, node, what, &exercise_keys, values, misspelled,
		    EXERCISE_STEPS) &&
		mb_yaml_expect_list(report, values[EXERCISE_STEPS], "steps", what, MB_MAX_STEPS)) {
		const struct mb_yaml_node *steps = values[EXERCISE_STEPS];
		ex->steps = calloc(steps->count, sizeof(*ex->steps));
		if (ex->steps == NULL) {
			report->out_of_memory = true;
			return;
		}
		for (const struct mb_yaml_node *item = steps->first; item != NULL;
			item = item->next) {
			read_step(report, item, index, ex->steps_len, ex->both_sides,
				&ex->steps[ex->steps_len]);
			ex->steps_len++;
		}
	}

	if (values[EXERCISE_VARIANTS] != NULL)
		read_variants(report, values[EXERCISE_VARIANTS], what, index, rule, ex);
}

/*
 * The sums below take each field at its own limit, so they must fit an
 * int64_t however the limits combine: the longest step is a breathe step of
 * MB_MAX_BREATHS breaths in and out of MB_MAX_STEP_US each, and an exercise
 * runs every step MB_MAX_REPS times, MB_MAX_REPS times on both sides.
 */
#define LONGEST_STEP_US ((int64_t)MB_MAX_BREATHS * 2 * MB_MAX_STEP_US)
_Static_assert(LONGEST_STEP_US *MB_MAX_REPS *MB_MAX_STEPS <=
		(INT64_MAX / MB_MAX_EXERCISES - 2 * MB_MAX_STEP_US) / (2 * MB_MAX_REPS),
	"the limits of one routine must keep its total inside int64_t");

/*
 * A routine is as long, and has as many cues, as it will ever have at its
 * highest dose: every count and length only grows with the level. Both are
 * sums over the steps, so they are checked here without unrolling a single
 * cue. The exercise that gives the most is named, as the place to cut.
 */
static void check_size(struct mb_yaml_report *report, const struct mb_routine *routine)
{
	/* The done cue, then each exercise's share. */
	uint64_t cues = 1, most_cues = 0;
	int64_t total = 0, longest_us = 0;
	size_t most = 0, longest = 0;
	for (size_t i = 0; i < routine->exercises_len; i++) {
		uint64_t n = mb_exercise_cue_count(routine, i, 1.0);
		int64_t us = mb_exercise_total_us(routine, i, 1.0);
		cues += n;
		total += us;
		if (n > most_cues) {
			most_cues = n;
			most = i;
		}
		if (us > longest_us) {
			longest_us = us;
			longest = i;
		}
	}
	if (cues > MB_MAX_CUES) {
		const struct mb_exercise *ex = &routine->exercises[most];
		mb_yaml_report_add(report, ex->line, ex->column,
			"at its longest the routine has %llu cues, more than the limit of %d; "
			"exercise %zu alone has %llu: give it fewer reps, steps or breaths",
			(unsigned long long)cues, MB_MAX_CUES, most + 1,
			(unsigned long long)most_cues);
	}
	if (total > MB_MAX_ROUTINE_US) {
		const struct mb_exercise *ex = &routine->exercises[longest];
		char text[32], limit[32], part[32];
		mb_yaml_report_add(report, ex->line, ex->column,
			"the routine can take up to %s at its longest; the limit is %s, "
			"and exercise %zu alone takes %s",
			mb_duration_format(total, text, sizeof(text)),
			mb_duration_format(MB_MAX_ROUTINE_US, limit, sizeof(limit)), longest + 1,
			mb_duration_format(longest_us, part, sizeof(part)));
	}
}

/*
 * The areas a routine works: a list of area words, each at most once. An
 * empty list, or the key with no value, says that none is given.
 */
static void read_areas(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	struct mb_routine *routine)
{
	if (mb_yaml_node_is_null(node) || (node->type == MB_YAML_SEQUENCE && node->count == 0))
		return;
	if (node->type != MB_YAML_SEQUENCE) {
		char got[MB_YAML_QUOTE_SIZE];
		mb_yaml_report_add(report, node->line, node->column,
			"'areas' is a list of words such as [neck, shoulders], got %s",
			mb_yaml_node_describe(node, got, sizeof(got)));
		return;
	}
	/* Where each area was first named, to point a repeat back at it. */
	const struct mb_yaml_node *seen[MB_AREA_COUNT] = { 0 };
	for (const struct mb_yaml_node *item = node->first; item != NULL; item = item->next) {
		int area = mb_yaml_read_enum(report, item, &area_words, "areas");
		if (area < 0)
			continue;
		if (seen[area] != NULL) {
			mb_yaml_report_add(report, item->line, item->column,
				"'areas' names '%s' twice; it was first given at line %d, column %d",
				mb_area_name((size_t)area), seen[area]->line, seen[area]->column);
			continue;
		}
		seen[area] = item;
		routine->areas[routine->areas_len++] = (enum mb_area)area;
	}
}

static struct mb_routine *read_routine(struct mb_yaml_report *report,
	const struct mb_yaml_node *root)
{
	const char *what = "the routine";
	if (root->type != MB_YAML_MAPPING) {
		char got[MB_YAML_QUOTE_SIZE];
		mb_yaml_report_add(report, root->line, root->column,
			"expected a mapping with name, title and exercises at the top of the file, got %s",
			mb_yaml_node_describe(root, got, sizeof(got)));
		return NULL;
	}
	struct mb_routine *routine = calloc(1, sizeof(*routine));
	if (routine == NULL) {
		report->out_of_memory = true;
		return NULL;
	}
	const struct mb_yaml_node *keys[ROUTINE_KEYS], *values[ROUTINE_KEYS];
	uint32_t misspelled = mb_yaml_read_fields(report, root, what, &routine_keys, keys, values);

	if (mb_yaml_require(report, root, what, &routine_keys, values, misspelled, ROUTINE_NAME) &&
		read_text(report, values[ROUTINE_NAME], "name", TEXT_NO_PLACEHOLDERS,
			&routine->name))
		mb_yaml_check_name(report, values[ROUTINE_NAME], "name", NAME_MAX_LEN);
	if (mb_yaml_require(report, root, what, &routine_keys, values, misspelled, ROUTINE_TITLE))
		read_text(report, values[ROUTINE_TITLE], "title", TEXT_NO_PLACEHOLDERS,
			&routine->title);
	if (values[ROUTINE_SUMMARY] != NULL)
		read_text(report, values[ROUTINE_SUMMARY], "summary", TEXT_NO_PLACEHOLDERS,
			&routine->summary);
	if (values[ROUTINE_AREAS] != NULL)
		read_areas(report, values[ROUTINE_AREAS], routine);

	const struct mb_yaml_node *exercises = values[ROUTINE_EXERCISES];
	if (mb_yaml_require(report, root, what, &routine_keys, values, misspelled,
		    ROUTINE_EXERCISES) &&
		mb_yaml_expect_list(report, exercises, "exercises", what, MB_MAX_EXERCISES)) {
		routine->exercises = calloc(exercises->count, sizeof(*routine->exercises));
		if (routine->exercises == NULL) {
			report->out_of_memory = true;
			return routine;
		}
		for (const struct mb_yaml_node *item = exercises->first; item != NULL;
			item = item->next) {
			read_exercise(report, item, routine->exercises_len,
				&routine->exercises[routine->exercises_len]);
			routine->exercises_len++;
		}
	}

	/* Only a routine that is otherwise sound has a length worth reporting. */
	if (!mb_yaml_report_failed(report) && !report->out_of_memory)
		check_size(report, routine);
	return routine;
}

struct mb_routine *mb_routine_parse(const char *buf, size_t len, struct mb_diags *diags)
{
	/* Callers that only want the verdict may pass no list. */
	struct mb_diags scratch = { 0 };
	struct mb_yaml_report report;
	mb_yaml_report_init(&report, diags != NULL ? diags : &scratch);

	static const struct mb_yaml_limits limits = {
		.file_kind = "a routine file",
		.max_bytes = MB_ROUTINE_MAX_BYTES,
	};
	struct mb_yaml_tree *tree = mb_yaml_tree_load(&report, buf, len, &limits);
	struct mb_routine *routine = NULL;
	const struct mb_yaml_node *root = tree != NULL ? mb_yaml_tree_root(tree) : NULL;
	if (tree != NULL && (root == NULL || mb_yaml_node_is_null(root)))
		mb_yaml_report_add(&report, root != NULL ? root->line : 1,
			root != NULL ? root->column : 1,
			"the file holds no routine; it needs at least name, title and exercises");
	else if (root != NULL)
		routine = read_routine(&report, root);
	mb_yaml_tree_destroy(tree);

	if (report.out_of_memory)
		mb_yaml_report_add(&report, 0, 0, "out of memory while reading the routine");
	if (mb_yaml_report_failed(&report) || routine == NULL) {
		if (!mb_yaml_report_failed(&report))
			mb_yaml_report_add(&report, 0, 0, "the routine could not be read");
		mb_routine_destroy(routine);
		return NULL;
	}
	return routine;
}

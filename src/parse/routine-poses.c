/* The poses of a routine file: names from the library in core, or words and angles changing one. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse/routine-poses.h"
#include "parse/yaml-read.h"

/* The keys of a pose written as a mapping: a named pose to start from, then changes to it. */
enum pose_key {
	POSE_LIKE,
	POSE_HEAD_TILT,
	POSE_HEAD_TURN,
	POSE_CHIN,
	POSE_SHOULDERS,
	POSE_ARMS,
	POSE_ARM_RAISE,
	POSE_ARM_OUT,
	POSE_ELBOWS,
	POSE_HANDS,
	POSE_TRUNK,
	POSE_BACK,
	POSE_KEYS,
};

static const char *const pose_key_words[] = {
	[POSE_LIKE] = "like",
	[POSE_HEAD_TILT] = "head_tilt",
	[POSE_HEAD_TURN] = "head_turn",
	[POSE_CHIN] = "chin",
	[POSE_SHOULDERS] = "shoulders",
	[POSE_ARMS] = "arms",
	[POSE_ARM_RAISE] = "arm_raise",
	[POSE_ARM_OUT] = "arm_out",
	[POSE_ELBOWS] = "elbows",
	[POSE_HANDS] = "hands",
	[POSE_TRUNK] = "trunk",
	[POSE_BACK] = "back",
};

static const struct mb_yaml_words pose_keys = {
	.words = pose_key_words,
	.len = POSE_KEYS,
	.noun = "key",
	.max_edits = 2,
};

/* The library's names, suggested when one is misspelled. */
static const struct mb_yaml_words pose_names = {
	.word_at = mb_pose_name,
	.noun = "pose",
	.max_edits = 3,
	.hint = "name a built-in pose such as standing, shrug or wall-press "
		"(see doc/routine-format.md), or give a mapping of angles",
	.expected = "a pose name like wall-press",
};

/* Each word list below comes with what its words stand for, in the same order. */
static const char *const chin_words[] = { "tuck", "level", "up" };
static const double chin_nod_deg[] = { 20, 0, -15 };
static const struct mb_yaml_words chin = { .words = chin_words, .len = 3 };

/* Shoulder words set the lift (up, down) or the pull (back, forward). */
enum shoulder_word {
	SHOULDERS_UP,
	SHOULDERS_DOWN,
	SHOULDERS_BACK,
	SHOULDERS_FORWARD,
};
static const char *const shoulder_words[] = {
	[SHOULDERS_UP] = "up",
	[SHOULDERS_DOWN] = "down",
	[SHOULDERS_BACK] = "back",
	[SHOULDERS_FORWARD] = "forward",
};
static const double shoulder_value[] = {
	[SHOULDERS_UP] = 1,
	[SHOULDERS_DOWN] = -0.6,
	[SHOULDERS_BACK] = 1,
	[SHOULDERS_FORWARD] = -1,
};
static const struct mb_yaml_words shoulders = { .words = shoulder_words, .len = 4 };

/* Arms: raise, out, elbow; "wall" also puts a wall in front. */
enum arm_word {
	ARMS_DOWN,
	ARMS_FORWARD,
	ARMS_UP,
	ARMS_OUT,
	ARMS_WALL,
};
static const char *const arm_words[] = {
	[ARMS_DOWN] = "down",
	[ARMS_FORWARD] = "forward",
	[ARMS_UP] = "up",
	[ARMS_OUT] = "out",
	[ARMS_WALL] = "wall",
};
static const double arm_deg[][3] = {
	[ARMS_DOWN] = { 0, 0, 0 },
	[ARMS_FORWARD] = { 90, 0, 0 },
	[ARMS_UP] = { 170, 10, 0 },
	[ARMS_OUT] = { 0, 90, 0 },
	[ARMS_WALL] = { 88, 10, 92 },
};
static const struct mb_yaml_words arms = { .words = arm_words, .len = 5 };

static const char *const hand_words[] = { "apart", "clasped" };
static const struct mb_yaml_words hands = { .words = hand_words, .len = 2 };

static const char *const back_words[] = { "straight", "rounded" };
static const struct mb_yaml_words back = { .words = back_words, .len = 2 };

/* A number of degrees in [lo, hi]; false with a problem otherwise. */
static bool read_degrees(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, double lo, double hi, double *out)
{
	if (node->type == MB_YAML_SCALAR && !mb_yaml_node_is_null(node) &&
		strlen(node->value) == node->len && node->len > 0 && node->len < 16) {
		char *end;
		errno = 0;
		double v = strtod(node->value, &end);
		if (*end == '\0' && errno == 0 && isfinite(v) && v >= lo && v <= hi) {
			*out = v;
			return true;
		}
	}
	char got[MB_YAML_QUOTE_SIZE];
	mb_yaml_report_add(report, node->line, node->column,
		"'%s' must be a number of degrees from %g to %g, got %s", key, lo, hi,
		mb_yaml_node_describe(node, got, sizeof(got)));
	return false;
}

/* A built-in pose by name; false with a problem, and a suggestion when one is close. */
static bool read_pose_name(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, struct mb_pose *out)
{
	int i = mb_yaml_read_enum(report, node, &pose_names, key);
	return i >= 0 && mb_pose_named(mb_pose_name((size_t)i), out);
}

/* Shoulder words, alone or two joined by '-' (up-back): lift and pull. */
static bool read_shoulders(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	struct mb_pose *pose)
{
	if (node->type == MB_YAML_SCALAR && !mb_yaml_node_is_null(node) &&
		strlen(node->value) == node->len) {
		if (strcmp(node->value, "relaxed") == 0) {
			pose->shoulder_lift = pose->shoulder_pull = 0;
			return true;
		}
		const char *dash = strchr(node->value, '-');
		size_t first = dash ? (size_t)(dash - node->value) : node->len;
		int a = mb_yaml_words_find(&shoulders, node->value, first);
		int b = dash ? mb_yaml_words_find(&shoulders, dash + 1, node->len - first - 1) : -1;
		/* Two words must be one of each kind: up-down says nothing. */
		bool a_pulls = a >= SHOULDERS_BACK, b_pulls = b >= SHOULDERS_BACK;
		if (a >= 0 && (!dash || (b >= 0 && a_pulls != b_pulls))) {
			double lift = 0, pull = 0;
			*(a_pulls ? &pull : &lift) = shoulder_value[a];
			if (b >= 0)
				*(b_pulls ? &pull : &lift) = shoulder_value[b];
			pose->shoulder_lift = lift;
			pose->shoulder_pull = pull;
			return true;
		}
	}
	char got[MB_YAML_QUOTE_SIZE];
	mb_yaml_report_add(report, node->line, node->column,
		"'shoulders' must be relaxed, up, down, back or forward, or an up/down word joined "
		"to a back/forward one like up-back; got %s",
		mb_yaml_node_describe(node, got, sizeof(got)));
	return false;
}

bool mb_routine_read_pose(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, struct mb_pose *out)
{
	if (node->type != MB_YAML_MAPPING)
		return read_pose_name(report, node, key, out);
	size_t before = mb_yaml_report_count(report);
	const struct mb_yaml_node *keys[POSE_KEYS], *values[POSE_KEYS];
	mb_yaml_read_fields(report, node, "a pose", &pose_keys, keys, values);
	struct mb_pose p = mb_pose_standing();
	if (values[POSE_LIKE] != NULL)
		read_pose_name(report, values[POSE_LIKE], "like", &p);
	if (values[POSE_HEAD_TILT] != NULL)
		read_degrees(report, values[POSE_HEAD_TILT], "head_tilt", -MB_POSE_HEAD_TILT_MAX,
			MB_POSE_HEAD_TILT_MAX, &p.head_tilt_deg);
	if (values[POSE_HEAD_TURN] != NULL)
		read_degrees(report, values[POSE_HEAD_TURN], "head_turn", -MB_POSE_HEAD_TURN_MAX,
			MB_POSE_HEAD_TURN_MAX, &p.head_turn_deg);
	int w;
	if (values[POSE_CHIN] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_CHIN], &chin, "chin")) >= 0)
		p.head_nod_deg = chin_nod_deg[w];
	if (values[POSE_SHOULDERS] != NULL)
		read_shoulders(report, values[POSE_SHOULDERS], &p);
	if (values[POSE_ARMS] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_ARMS], &arms, "arms")) >= 0) {
		for (int a = 0; a < 2; a++) {
			p.arm_raise_deg[a] = arm_deg[w][0];
			p.arm_out_deg[a] = arm_deg[w][1];
			p.elbow_deg[a] = arm_deg[w][2];
		}
		p.wall = w == ARMS_WALL;
	}
	double deg;
	if (values[POSE_ARM_RAISE] != NULL &&
		read_degrees(report, values[POSE_ARM_RAISE], "arm_raise", 0, MB_POSE_ARM_RAISE_MAX,
			&deg))
		p.arm_raise_deg[0] = p.arm_raise_deg[1] = deg;
	if (values[POSE_ARM_OUT] != NULL &&
		read_degrees(report, values[POSE_ARM_OUT], "arm_out", 0, MB_POSE_ARM_OUT_MAX, &deg))
		p.arm_out_deg[0] = p.arm_out_deg[1] = deg;
	if (values[POSE_ELBOWS] != NULL &&
		read_degrees(report, values[POSE_ELBOWS], "elbows", 0, MB_POSE_ELBOW_MAX, &deg))
		p.elbow_deg[0] = p.elbow_deg[1] = deg;
	if (values[POSE_HANDS] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_HANDS], &hands, "hands")) >= 0)
		p.clasp = w;
	if (values[POSE_TRUNK] != NULL)
		read_degrees(report, values[POSE_TRUNK], "trunk", MB_POSE_TRUNK_MIN,
			MB_POSE_TRUNK_MAX, &p.trunk_lean_deg);
	if (values[POSE_BACK] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_BACK], &back, "back")) >= 0)
		p.back_round = w;
	if (mb_yaml_report_count(report) > before)
		return false;
	*out = p;
	return true;
}

void mb_routine_read_step_poses(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *what, struct mb_step *step)
{
	if (node->type != MB_YAML_SEQUENCE) {
		if (mb_routine_read_pose(report, node, "pose", &step->poses[0]))
			step->poses_len = 1;
		return;
	}
	if (step->kind != MB_STEP_MOVE && step->kind != MB_STEP_RELEASE &&
		step->kind != MB_STEP_REVERSE) {
		mb_yaml_report_add(report, node->line, node->column,
			"a list of poses only applies to move, release and reverse steps; give a %s "
			"step one pose",
			mb_step_kind_name(step->kind));
		return;
	}
	if (!mb_yaml_expect_list(report, node, "pose", what, MB_POSE_KEYS_MAX))
		return;
	size_t n = 0;
	bool ok = true;
	for (const struct mb_yaml_node *item = node->first; item != NULL; item = item->next)
		ok = mb_routine_read_pose(report, item, "pose", &step->poses[n++]) && ok;
	if (ok)
		step->poses_len = n;
}

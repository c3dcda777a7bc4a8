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
	POSE_ARM_TWIST,
	POSE_WRISTS,
	POSE_FINGERS,
	POSE_TRUNK_TURN,
	POSE_SIDE_BEND,
	POSE_LEGS,
	POSE_HIPS,
	POSE_KNEES,
	POSE_EYES,
	POSE_PROP,
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
	[POSE_ARM_TWIST] = "arm_twist",
	[POSE_WRISTS] = "wrists",
	[POSE_FINGERS] = "fingers",
	[POSE_TRUNK_TURN] = "trunk_turn",
	[POSE_SIDE_BEND] = "side_bend",
	[POSE_LEGS] = "legs",
	[POSE_HIPS] = "hips",
	[POSE_KNEES] = "knees",
	[POSE_EYES] = "eyes",
	[POSE_PROP] = "prop",
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
	.hint = "name a built-in pose such as standing, shrug, wall-press or seated-shrug "
		"(see doc/routine-format.md), or give a mapping of angles",
	.expected = "a pose name like wall-press",
};

/* Each word list below comes with what its words stand for, in the same order. */
/* A tuck glides the head straight back; down is a nod, looking down. */
static const char *const chin_words[] = { "tuck", "level", "up", "down" };
static const double chin_nod_deg[] = { 3, 0, -15, 32 };
static const double chin_glide[] = { 1, 0, 0, 0 };
static const struct mb_yaml_words chin = { .words = chin_words, .len = 4 };

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

/* Arms: raise, out, elbow, twist; "wall" also puts a wall in front. */
enum arm_word {
	ARMS_DOWN,
	ARMS_FORWARD,
	ARMS_UP,
	ARMS_OUT,
	ARMS_WALL,
	ARMS_GOALPOST,
};
static const char *const arm_words[] = {
	[ARMS_DOWN] = "down",
	[ARMS_FORWARD] = "forward",
	[ARMS_UP] = "up",
	[ARMS_OUT] = "out",
	[ARMS_WALL] = "wall",
	[ARMS_GOALPOST] = "goalpost",
};
static const double arm_deg[][4] = {
	[ARMS_DOWN] = { 0, 0, 0, 0 },
	[ARMS_FORWARD] = { 90, 0, 0, 0 },
	[ARMS_UP] = { 170, 10, 0, 0 },
	[ARMS_OUT] = { 0, 90, 0, 0 },
	[ARMS_WALL] = { 88, 10, 92, 0 },
	[ARMS_GOALPOST] = { 0, 90, 90, 90 },
};
static const struct mb_yaml_words arms = { .words = arm_words, .len = 6 };

/*
 * Hands: apart or clasped keep the arms; the others put the hands where a
 * built-in pose has them, with that pose's arms, wrists and fingers, as the
 * arms decide where the elbows go.
 */
static const char *const hand_words[] = { "apart", "clasped", "prayer", "reverse-prayer",
	"belly-chest", "behind-head", "over-eyes", "on-thighs", "on-knee" };
static const char *const hand_pose[] = { NULL, NULL, "prayer", "reverse-prayer", "belly-breath",
	"hands-behind-head", "palming", "seated", "twist" };
static const struct mb_yaml_words hands = { .words = hand_words, .len = 9 };

static const char *const back_words[] = { "straight", "rounded", "arched" };
static const double back_round[] = { 0, 1, -1 };
static const struct mb_yaml_words back = { .words = back_words, .len = 3 };

static const char *const wrist_words[] = { "flexed", "straight", "extended" };
static const double wrist_deg[] = { -70, 0, 70 };
static const struct mb_yaml_words wrists = { .words = wrist_words, .len = 3 };

/* Fingers: the bend at the knuckles and the curl of the other joints. */
static const char *const finger_words[] = { "open", "hook", "fist", "tabletop" };
static const double finger_bend[][2] = { { 0, 0 }, { 0, 1 }, { 1, 1 }, { 1, 0 } };
static const struct mb_yaml_words fingers = { .words = finger_words, .len = 4 };

/* Legs: the legs of a built-in pose (hips, knees, heels, sitting). */
static const char *const leg_words[] = { "standing", "seated", "split", "lunge", "tiptoe", "march",
	"rising" };
static const char *const leg_pose[] = { "standing", "seated", "split-stance", "lunge", "tiptoe",
	"march", "rising" };
static const struct mb_yaml_words legs = { .words = leg_words, .len = 7 };

/* Eyes: open and level, closed, or held on something near, far or up. */
enum eye_word {
	EYES_OPEN,
	EYES_CLOSED,
	EYES_NEAR,
	EYES_FAR,
	EYES_UP,
};
static const char *const eye_words[] = {
	[EYES_OPEN] = "open",
	[EYES_CLOSED] = "closed",
	[EYES_NEAR] = "near",
	[EYES_FAR] = "far",
	[EYES_UP] = "up",
};
static const struct mb_yaml_words eyes = { .words = eye_words, .len = 5 };

/* One prop at a time: a wall in front, a wall behind, a door frame (a chair comes with sitting). */
static const char *const prop_words[] = { "none", "wall", "wall-behind", "door-frame" };
static const struct mb_yaml_words props = { .words = prop_words, .len = 4 };

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

/* Hands word w: a clasp, or the hands, arms, wrists and fingers of a built-in pose. */
static void set_hands(struct mb_pose *p, int w)
{
	struct mb_pose from = *p;
	if (hand_pose[w] != NULL && mb_pose_named(hand_pose[w], &from)) {
		for (int a = 0; a < 2; a++) {
			p->arm_raise_deg[a] = from.arm_raise_deg[a];
			p->arm_out_deg[a] = from.arm_out_deg[a];
			p->elbow_deg[a] = from.elbow_deg[a];
			p->arm_twist_deg[a] = from.arm_twist_deg[a];
			p->wrist_deg[a] = from.wrist_deg[a];
			p->knuckle_bend[a] = from.knuckle_bend[a];
			p->finger_curl[a] = from.finger_curl[a];
		}
	}
	for (int a = 0; a < 2; a++)
		for (int k = 0; k < MB_PLACES; k++)
			p->hand_place[a][k] = hand_pose[w] != NULL ? from.hand_place[a][k] : 0;
	p->clasp = w == 1;
}

/* Legs word w: the hips, knees, heels and sitting of a built-in pose. */
static void set_legs(struct mb_pose *p, int w)
{
	struct mb_pose from;
	if (!mb_pose_named(leg_pose[w], &from))
		return;
	for (int a = 0; a < 2; a++) {
		p->hip_deg[a] = from.hip_deg[a];
		p->knee_deg[a] = from.knee_deg[a];
		p->heel_lift[a] = from.heel_lift[a];
	}
	p->sit = from.sit;
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
		(w = mb_yaml_read_enum(report, values[POSE_CHIN], &chin, "chin")) >= 0) {
		p.head_nod_deg = chin_nod_deg[w];
		p.head_glide = chin_glide[w];
	}
	if (values[POSE_SHOULDERS] != NULL)
		read_shoulders(report, values[POSE_SHOULDERS], &p);
	/* Hands first: the arms keys below may then move the elbows of a placed hand. */
	if (values[POSE_HANDS] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_HANDS], &hands, "hands")) >= 0)
		set_hands(&p, w);
	if (values[POSE_ARMS] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_ARMS], &arms, "arms")) >= 0) {
		for (int a = 0; a < 2; a++) {
			p.arm_raise_deg[a] = arm_deg[w][0];
			p.arm_out_deg[a] = arm_deg[w][1];
			p.elbow_deg[a] = arm_deg[w][2];
			p.arm_twist_deg[a] = arm_deg[w][3];
		}
		p.wall = w == ARMS_WALL;
	}
	double deg;
	if (values[POSE_ARM_RAISE] != NULL &&
		read_degrees(report, values[POSE_ARM_RAISE], "arm_raise", MB_POSE_ARM_RAISE_MIN,
			MB_POSE_ARM_RAISE_MAX, &deg))
		p.arm_raise_deg[0] = p.arm_raise_deg[1] = deg;
	if (values[POSE_ARM_OUT] != NULL &&
		read_degrees(report, values[POSE_ARM_OUT], "arm_out", 0, MB_POSE_ARM_OUT_MAX, &deg))
		p.arm_out_deg[0] = p.arm_out_deg[1] = deg;
	if (values[POSE_ELBOWS] != NULL &&
		read_degrees(report, values[POSE_ELBOWS], "elbows", 0, MB_POSE_ELBOW_MAX, &deg))
		p.elbow_deg[0] = p.elbow_deg[1] = deg;
	if (values[POSE_ARM_TWIST] != NULL &&
		read_degrees(report, values[POSE_ARM_TWIST], "arm_twist", -MB_POSE_ARM_TWIST_MAX,
			MB_POSE_ARM_TWIST_MAX, &deg))
		p.arm_twist_deg[0] = p.arm_twist_deg[1] = deg;
	if (values[POSE_WRISTS] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_WRISTS], &wrists, "wrists")) >= 0)
		p.wrist_deg[0] = p.wrist_deg[1] = wrist_deg[w];
	if (values[POSE_FINGERS] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_FINGERS], &fingers, "fingers")) >= 0) {
		p.knuckle_bend[0] = p.knuckle_bend[1] = finger_bend[w][0];
		p.finger_curl[0] = p.finger_curl[1] = finger_bend[w][1];
	}
	if (values[POSE_TRUNK] != NULL)
		read_degrees(report, values[POSE_TRUNK], "trunk", MB_POSE_TRUNK_MIN,
			MB_POSE_TRUNK_MAX, &p.trunk_lean_deg);
	if (values[POSE_BACK] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_BACK], &back, "back")) >= 0)
		p.back_round = back_round[w];
	if (values[POSE_TRUNK_TURN] != NULL)
		read_degrees(report, values[POSE_TRUNK_TURN], "trunk_turn", -MB_POSE_TRUNK_TURN_MAX,
			MB_POSE_TRUNK_TURN_MAX, &p.trunk_turn_deg);
	if (values[POSE_SIDE_BEND] != NULL)
		read_degrees(report, values[POSE_SIDE_BEND], "side_bend", -MB_POSE_TRUNK_SIDE_MAX,
			MB_POSE_TRUNK_SIDE_MAX, &p.trunk_side_deg);
	if (values[POSE_LEGS] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_LEGS], &legs, "legs")) >= 0)
		set_legs(&p, w);
	if (values[POSE_HIPS] != NULL &&
		read_degrees(report, values[POSE_HIPS], "hips", MB_POSE_HIP_MIN, MB_POSE_HIP_MAX,
			&deg))
		p.hip_deg[0] = p.hip_deg[1] = deg;
	if (values[POSE_KNEES] != NULL &&
		read_degrees(report, values[POSE_KNEES], "knees", 0, MB_POSE_KNEE_MAX, &deg))
		p.knee_deg[0] = p.knee_deg[1] = deg;
	if (values[POSE_EYES] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_EYES], &eyes, "eyes")) >= 0) {
		p.eyes_closed = w == EYES_CLOSED;
		p.gaze_near = w == EYES_NEAR;
		p.gaze_far = w == EYES_FAR;
		p.gaze_up_deg = w == EYES_UP ? 20 : 0;
	}
	if (values[POSE_PROP] != NULL &&
		(w = mb_yaml_read_enum(report, values[POSE_PROP], &props, "prop")) >= 0) {
		p.wall = w == 1;
		p.wall_behind = w == 2;
		p.door = w == 3;
	}
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

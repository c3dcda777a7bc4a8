/* The figure's poses: the built-in library, mirroring, and the pose at a time of a timeline. */
#include <math.h>
#include <string.h>

#include "core/pose.h"
#include "core/timeline.h"

/* A hold or rest settles into its pose within this time, or a third of the cue if shorter. */
#define SETTLE_US (MB_US_PER_S)
/* A prepare cue brings the figure into the set-up pose this fast. */
#define PREPARE_SETTLE_US (3 * MB_US_PER_S / 2)

struct mb_pose mb_pose_standing(void)
{
	return (struct mb_pose){ .view = MB_VIEW_FRONT };
}

/*
 * Every number of a pose, as lists: mixing, adding and mirroring walk them,
 * so a field added to the struct and to a list is handled everywhere.
 * Scalars that lean to a side change sign when mirrored; pairs swap sides.
 */
/* clang-format off */
#define SIDED_SCALARS(X) \
	X(head_tilt_deg) X(head_turn_deg) X(trunk_turn_deg) X(trunk_side_deg)
#define PLAIN_SCALARS(X) \
	X(head_nod_deg) X(head_glide) X(shoulder_lift) X(shoulder_pull) X(clasp) \
	X(trunk_lean_deg) X(back_round) X(sit) X(eyes_closed) X(gaze_near) X(gaze_far) \
	X(gaze_up_deg) X(wall) X(wall_behind) X(door) X(breath)
#define PAIRS(X) \
	X(arm_raise_deg) X(arm_out_deg) X(elbow_deg) X(arm_twist_deg) X(wrist_deg) \
	X(knuckle_bend) X(finger_curl) X(hip_deg) X(knee_deg) X(heel_lift)
/* clang-format on */

struct named_pose {
	const char *name;
	/* The name with MB_POSE_SEATED_PREFIX, or NULL for a pose that is seated already. */
	const char *seated_name;
	struct mb_pose pose;
};

/* clang-format off */
/* A library entry and its seated twin's name. */
#define POSE(name, ...) { name, MB_POSE_SEATED_PREFIX name, { __VA_ARGS__ } }
/* Both sides the same. */
#define BOTH(field, v) .field = { v, v }
/* Arms the same on both sides. */
#define ARMS(raise, out, elbow) BOTH(arm_raise_deg, raise), BOTH(arm_out_deg, out), \
	BOTH(elbow_deg, elbow)
/* Each hand at a place of enum mb_place. */
#define HANDS_AT(left, right) .hand_place = { { [left] = 1 }, { [right] = 1 } }
/* Upper arms out level with the shoulders, elbows bent, forearms up. */
#define GOALPOST ARMS(0, 90, 90), BOTH(arm_twist_deg, 90)
/* The left foot a long step ahead of the right. */
#define SPLIT_STANCE .hip_deg = { 22, -10 }, .knee_deg = { 4, 6 }, .heel_lift = { 0, 0.35 }
/* Lunging on the left foot: the front shin upright, the back hip opened. */
#define LUNGE .hip_deg = { 62, -30 }, .knee_deg = { 70, 32 }, .heel_lift = { 0, 1 }, \
	.trunk_lean_deg = -2
#define HANDS_BEHIND_HEAD HANDS_AT(MB_PLACE_HEAD, MB_PLACE_HEAD), ARMS(0, 105, 125), \
	BOTH(arm_twist_deg, 90), .shoulder_pull = 0.5
/* clang-format on */

/*
 * The library a routine file names poses from. Poses that lean to one side
 * are written for the left: a both-sides exercise mirrors them on the right.
 * The arms of a pose with placed hands are where the elbows go: the hands
 * are then brought to their places.
 */
/* clang-format off */
static const struct named_pose library[] = {
	/* Seated, standing is "seated": no seated- form of its own. */
	{ "standing", NULL, { 0 } },
	POSE("shrug", .shoulder_lift = 1),
	POSE("shoulders-down", .shoulder_lift = -0.6),
	POSE("shoulders-back", .shoulder_lift = 0.1, .shoulder_pull = 1),
	POSE("shoulders-forward", .shoulder_lift = 0.1, .shoulder_pull = -1, .back_round = 0.3),
	POSE("blades-squeezed", .shoulder_pull = 1, .shoulder_lift = -0.1),
	POSE("blades-spread", .shoulder_pull = -1, .back_round = 0.45),
	POSE("arms-forward", ARMS(90, 0, 0)),
	POSE("clasped-reach", ARMS(88, 0, 0), .clasp = 1, .shoulder_pull = -1, .back_round = 1,
		.head_nod_deg = 10, .head_glide = 0.5, .trunk_lean_deg = 4),
	POSE("forearms-on-wall", ARMS(88, 10, 92), .wall = 1, .trunk_lean_deg = 6),
	POSE("wall-press", ARMS(86, 10, 92), .wall = 1, .trunk_lean_deg = 4,
		.shoulder_pull = -1, .back_round = 0.45),
	POSE("head-tilt", .head_tilt_deg = 35, .shoulder_lift = -0.2),
	POSE("head-turn", .head_turn_deg = 60),
	/* A glide straight back, the head level: a nod would only bend the neck. */
	POSE("chin-tuck", .head_glide = 1, .head_nod_deg = 3),
	POSE("arms-up", ARMS(170, 10, 0)),
	POSE("arms-out", ARMS(0, 90, 0)),
	POSE("look-down", .head_nod_deg = 32),
	/* Wrists and hands: arms ahead at shoulder height, palms down. */
	POSE("wrist-flex", ARMS(90, 4, 0), BOTH(wrist_deg, -70)),
	POSE("wrist-extend", ARMS(90, 4, 0), BOTH(wrist_deg, 70)),
	POSE("prayer", HANDS_AT(MB_PLACE_MIDDLE, MB_PLACE_MIDDLE), ARMS(45, 70, 100),
		BOTH(wrist_deg, 80)),
	POSE("reverse-prayer", HANDS_AT(MB_PLACE_MIDDLE, MB_PLACE_MIDDLE), ARMS(40, 75, 95),
		BOTH(wrist_deg, -80)),
	/* Tendon glides: forearms up before the chest, palms toward the face. */
	POSE("hand-open", ARMS(15, 12, 145)),
	POSE("hand-hook", ARMS(15, 12, 145), BOTH(finger_curl, 1)),
	POSE("hand-fist", ARMS(15, 12, 145), BOTH(knuckle_bend, 1), BOTH(finger_curl, 1)),
	POSE("hand-tabletop", ARMS(15, 12, 145), BOTH(knuckle_bend, 1)),
	/* The chest: forearms up against the sides of a door frame. */
	/* One arm on the frame: the left, mirrored for the right side. */
	POSE("doorway-ready", .arm_out_deg = { 90, 0 }, .elbow_deg = { 90, 0 },
		.arm_twist_deg = { 90, 0 }, .door = 1),
	POSE("doorway-stretch", .arm_out_deg = { 90, 0 }, .elbow_deg = { 90, 0 },
		.arm_twist_deg = { 90, 0 }, .door = 1, .hip_deg = { 20, -5 },
		.knee_deg = { 6, 2 }, .trunk_lean_deg = 6, .shoulder_pull = 0.6),
	POSE("hands-behind-head", HANDS_BEHIND_HEAD),
	POSE("back-extension", HANDS_BEHIND_HEAD, .trunk_lean_deg = -8, .back_round = -1,
		.head_nod_deg = -12, .gaze_up_deg = 20),
	/* The trunk: the head turns a little further than the chest. */
	POSE("twist", .trunk_turn_deg = 40, .head_turn_deg = 25,
		HANDS_AT(MB_PLACE_THIGH, MB_PLACE_KNEE_OTHER), ARMS(20, 25, 40)),
	POSE("side-reach", .trunk_side_deg = -18, .arm_out_deg = { 165, 8 },
		.elbow_deg = { 20, 10 }, .arm_twist_deg = { 90, 0 }, .head_tilt_deg = -6),
	/* Hips and legs. */
	POSE("split-stance", SPLIT_STANCE),
	POSE("lunge", LUNGE),
	POSE("lunge-reach", LUNGE, .arm_raise_deg = { 0, 170 }, .arm_out_deg = { 6, 12 },
		.trunk_side_deg = 6),
	POSE("tiptoe", BOTH(heel_lift, 1)),
	POSE("rising", .sit = 0.5, .trunk_lean_deg = 38, ARMS(75, 6, 0)),
	POSE("march", .hip_deg = { 90, 0 }, .knee_deg = { 90, 0 }, .arm_raise_deg = { -15, 25 },
		BOTH(elbow_deg, 30)),
	/* Eyes. */
	POSE("focus-near", .arm_raise_deg = { 50, 0 }, .arm_out_deg = { 8, 0 },
		.elbow_deg = { 100, 0 }, .wrist_deg = { 25, 0 }, .gaze_near = 1),
	POSE("focus-far", .gaze_far = 1),
	POSE("palming", HANDS_AT(MB_PLACE_EYES, MB_PLACE_EYES), ARMS(40, 12, 130),
		.eyes_closed = 1, BOTH(finger_curl, 0.3)),
	POSE("eyes-closed", .eyes_closed = 1),
	/* Breath. */
	POSE("belly-breath", HANDS_AT(MB_PLACE_BELLY, MB_PLACE_CHEST), ARMS(15, 15, 90)),
	/* Posture: the back against a wall, arms sliding up it. */
	POSE("wall-angel-low", GOALPOST, .wall_behind = 1, .shoulder_pull = 0.4),
	POSE("wall-angel-high", ARMS(0, 150, 40), BOTH(arm_twist_deg, 90), .wall_behind = 1,
		.shoulder_pull = 0.2, .shoulder_lift = 0.2),
	{ "seated", NULL, { .sit = 1, HANDS_AT(MB_PLACE_THIGH, MB_PLACE_THIGH),
		ARMS(25, 6, 50) } },
};
/* clang-format on */

#define LIBRARY_LEN (sizeof(library) / sizeof(library[0]))

struct mb_pose mb_pose_seated(struct mb_pose p)
{
	for (int a = 0; a < 2; a++) {
		/* A knee up at hip height stays lifted off the seat: a seated march. */
		bool lifted = p.hip_deg[a] >= 80;
		p.hip_deg[a] = lifted ? 25 : 0;
		p.knee_deg[a] = 0;
		/* An arm left hanging rests its hand on the thigh, as in "seated": going from
		 * one seated pose to another then moves only what the exercise moves. */
		double placed = 0;
		for (int k = 0; k < MB_PLACES; k++)
			placed += p.hand_place[a][k];
		if (placed == 0 && fabs(p.arm_raise_deg[a]) < 1 && fabs(p.arm_out_deg[a]) < 1 &&
			p.elbow_deg[a] < 1) {
			p.arm_raise_deg[a] = 25;
			p.arm_out_deg[a] = 6;
			p.elbow_deg[a] = 50;
			p.hand_place[a][MB_PLACE_THIGH] = 1;
		}
	}
	p.sit = 1;
	return p;
}

bool mb_pose_named(const char *name, struct mb_pose *out)
{
	size_t prefix = strlen(MB_POSE_SEATED_PREFIX);
	bool seated = strncmp(name, MB_POSE_SEATED_PREFIX, prefix) == 0;
	for (size_t i = 0; i < LIBRARY_LEN; i++) {
		const struct named_pose *n = &library[i];
		if (strcmp(n->name, name) == 0) {
			*out = n->pose;
			return true;
		}
		if (seated && n->seated_name && strcmp(n->name, name + prefix) == 0) {
			*out = mb_pose_seated(n->pose);
			return true;
		}
	}
	return false;
}

const char *mb_pose_name(size_t i)
{
	if (i < LIBRARY_LEN)
		return library[i].name;
	i -= LIBRARY_LEN;
	for (size_t j = 0; j < LIBRARY_LEN; j++) {
		if (library[j].seated_name && i-- == 0)
			return library[j].seated_name;
	}
	return NULL;
}

struct mb_pose mb_pose_mirror(struct mb_pose p)
{
	struct mb_pose m = p;
#define NEGATE(f) m.f = -p.f;
	SIDED_SCALARS(NEGATE)
#undef NEGATE
#define SWAP(f) \
	m.f[0] = p.f[1]; \
	m.f[1] = p.f[0];
	PAIRS(SWAP)
#undef SWAP
	for (int k = 0; k < MB_PLACES; k++) {
		m.hand_place[0][k] = p.hand_place[1][k];
		m.hand_place[1][k] = p.hand_place[0][k];
	}
	return m;
}

static double lerp(double a, double b, double u)
{
	return a + (b - a) * u;
}

struct mb_pose mb_pose_mix(const struct mb_pose *a, const struct mb_pose *b, double u)
{
	struct mb_pose m = *a;
#define MIX(f) m.f = lerp(a->f, b->f, u);
	SIDED_SCALARS(MIX)
	PLAIN_SCALARS(MIX)
#undef MIX
#define MIX_PAIR(f) \
	m.f[0] = lerp(a->f[0], b->f[0], u); \
	m.f[1] = lerp(a->f[1], b->f[1], u);
	PAIRS(MIX_PAIR)
#undef MIX_PAIR
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < MB_PLACES; k++)
			m.hand_place[i][k] = lerp(a->hand_place[i][k], b->hand_place[i][k], u);
	return m;
}

/* a + b * k, field by field, for the curve through key poses; the view is a's. */
static struct mb_pose add_scaled(const struct mb_pose *a, const struct mb_pose *b, double k)
{
	struct mb_pose m = *a;
#define ADD(f) m.f += b->f * k;
	SIDED_SCALARS(ADD)
	PLAIN_SCALARS(ADD)
#undef ADD
#define ADD_PAIR(f) \
	m.f[0] += b->f[0] * k; \
	m.f[1] += b->f[1] * k;
	PAIRS(ADD_PAIR)
#undef ADD_PAIR
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < MB_PLACES; j++)
			m.hand_place[i][j] += b->hand_place[i][j] * k;
	return m;
}

/* Slow in, slow out. */
static double ease(double u)
{
	if (u <= 0)
		return 0;
	if (u >= 1)
		return 1;
	return u * u * (3 - 2 * u);
}

static bool is_step_cue(const struct mb_cue *c)
{
	return c->step != NULL;
}

static const struct mb_exercise *exercise_of(const struct mb_timeline *tl, const struct mb_cue *c)
{
	const struct mb_routine *r = tl->routine;
	if (!r || c->exercise < 1 || c->exercise > r->exercises_len)
		return NULL;
	return &r->exercises[c->exercise - 1];
}

static struct mb_pose exercise_pose(const struct mb_exercise *ex, enum mb_side side)
{
	struct mb_pose p = ex && ex->has_pose ? ex->pose : mb_pose_standing();
	return side == MB_SIDE_RIGHT ? mb_pose_mirror(p) : p;
}

static struct mb_pose step_key(const struct mb_cue *c, size_t k)
{
	struct mb_pose p = c->step->poses[k];
	return c->side == MB_SIDE_RIGHT ? mb_pose_mirror(p) : p;
}

/* Where cue i leaves the figure, without breath. */
static struct mb_pose end_pose(const struct mb_timeline *tl, size_t i)
{
	for (size_t j = i + 1; j-- > 0;) {
		const struct mb_cue *c = &tl->cues[j];
		const struct mb_exercise *ex = exercise_of(tl, c);
		if (c->kind == MB_CUE_DONE) {
			if (j == 0)
				return exercise_pose(ex, MB_SIDE_NONE);
			continue;
		}
		if (!is_step_cue(c))
			return exercise_pose(ex,
				c->kind == MB_CUE_PREPARE ? MB_SIDE_NONE : c->side);
		if (c->step->poses_len > 0)
			return step_key(c, c->step->poses_len - 1);
		if (c->kind == MB_CUE_RELEASE)
			return exercise_pose(ex, c->side);
	}
	return mb_pose_standing();
}

/* Where cue i starts: where the one before it left the figure. */
static struct mb_pose start_pose(const struct mb_timeline *tl, size_t i)
{
	if (i == 0)
		return mb_pose_standing();
	return end_pose(tl, i - 1);
}

/* A Catmull-Rom curve through n points, at u in 0..1, even spacing. */
static struct mb_pose curve(const struct mb_pose *pts, size_t n, double u)
{
	if (n == 1)
		return pts[0];
	double x = u * (double)(n - 1);
	size_t s = (size_t)x;
	if (s >= n - 1)
		return pts[n - 1];
	double f = x - (double)s;
	const struct mb_pose *p0 = &pts[s > 0 ? s - 1 : 0], *p1 = &pts[s], *p2 = &pts[s + 1];
	const struct mb_pose *p3 = &pts[s + 2 < n ? s + 2 : n - 1];
	/* Hermite form: p1 + m1 and m2 tangents, each half the span around its point. */
	double f2 = f * f, f3 = f2 * f;
	double h00 = 2 * f3 - 3 * f2 + 1, h10 = f3 - 2 * f2 + f, h01 = -2 * f3 + 3 * f2,
	       h11 = f3 - f2;
	struct mb_pose zero = { 0 };
	struct mb_pose m1 = add_scaled(&zero, p2, 0.5);
	m1 = add_scaled(&m1, p0, -0.5);
	struct mb_pose m2 = add_scaled(&zero, p3, 0.5);
	m2 = add_scaled(&m2, p1, -0.5);
	struct mb_pose out = add_scaled(&zero, p1, h00);
	out = add_scaled(&out, &m1, h10);
	out = add_scaled(&out, p2, h01);
	out = add_scaled(&out, &m2, h11);
	out.view = p1->view;
	return out;
}

static bool moves_whole_cue(enum mb_cue_kind kind)
{
	return kind == MB_CUE_MOVE || kind == MB_CUE_RELEASE || kind == MB_CUE_REVERSE ||
		kind == MB_CUE_SWITCH;
}

/* The pose a share u (0..1, not yet eased) through cue i, without breath. */
static struct mb_pose pose_in_cue(const struct mb_timeline *tl, size_t i, double u)
{
	const struct mb_cue *c = &tl->cues[i];
	struct mb_pose from = start_pose(tl, i);
	if (moves_whole_cue(c->kind) && is_step_cue(c) && c->step->poses_len > 1) {
		struct mb_pose pts[MB_POSE_KEYS_MAX + 1];
		pts[0] = from;
		for (size_t k = 0; k < c->step->poses_len; k++)
			pts[k + 1] = step_key(c, k);
		return curve(pts, c->step->poses_len + 1, ease(u));
	}
	struct mb_pose to = end_pose(tl, i);
	if (moves_whole_cue(c->kind))
		return mb_pose_mix(&from, &to, ease(u));
	/* Holds, rests, breaths and getting ready: settle quickly, then keep still. */
	int64_t settle = c->kind == MB_CUE_PREPARE ? PREPARE_SETTLE_US : SETTLE_US;
	if (settle > c->dur_us / 3)
		settle = c->dur_us / 3;
	double v = settle > 0 ? u * (double)c->dur_us / (double)settle : 1;
	return mb_pose_mix(&from, &to, ease(v));
}

static void set_view(const struct mb_timeline *tl, size_t i, struct mb_pose *pose)
{
	const struct mb_exercise *ex = exercise_of(tl, &tl->cues[i]);
	pose->view = ex ? ex->view : MB_VIEW_FRONT;
}

size_t mb_pose_cue_ends(const struct mb_timeline *tl, int64_t t_us, struct mb_pose *from,
	struct mb_pose *to)
{
	if (!tl || tl->cues_len == 0) {
		*from = *to = mb_pose_standing();
		return 0;
	}
	if (t_us < 0)
		t_us = 0;
	size_t i = mb_timeline_cue_at(tl, t_us);
	*from = pose_in_cue(tl, i, 0);
	*to = pose_in_cue(tl, i, 1);
	set_view(tl, i, from);
	set_view(tl, i, to);
	return i;
}

void mb_pose_at(const struct mb_timeline *tl, int64_t t_us, struct mb_pose *pose)
{
	if (!tl || tl->cues_len == 0) {
		*pose = mb_pose_standing();
		return;
	}
	if (t_us < 0)
		t_us = 0;
	size_t i = mb_timeline_cue_at(tl, t_us);
	const struct mb_cue *c = &tl->cues[i];
	double u = c->dur_us > 0 ? (double)(t_us - c->t_us) / (double)c->dur_us : 1;
	if (u < 0)
		u = 0;
	if (u > 1)
		u = 1;
	*pose = pose_in_cue(tl, i, u);
	pose->breath = 0;
	if (c->kind == MB_CUE_BREATHE_IN)
		pose->breath = ease(u);
	else if (c->kind == MB_CUE_BREATHE_OUT)
		pose->breath = 1 - ease(u);
	set_view(tl, i, pose);
}

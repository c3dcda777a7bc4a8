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

struct named_pose {
	const char *name;
	struct mb_pose pose;
};

/* Arms the same on both sides. */
#define ARMS(raise, out, elbow) \
	.arm_raise_deg = { raise, raise }, .arm_out_deg = { out, out }, \
	.elbow_deg = { elbow, elbow }

/*
 * The library a routine file names poses from. Poses that lean to one side
 * are written for the left: a both-sides exercise mirrors them on the right.
 */
/* clang-format off */
static const struct named_pose library[] = {
	{ "standing", { 0 } },
	{ "shrug", { .shoulder_lift = 1 } },
	{ "shoulders-down", { .shoulder_lift = -0.6 } },
	{ "shoulders-back", { .shoulder_lift = 0.1, .shoulder_pull = 1 } },
	{ "shoulders-forward", { .shoulder_lift = 0.1, .shoulder_pull = -1, .back_round = 0.3 } },
	{ "blades-squeezed", { .shoulder_pull = 1, .shoulder_lift = -0.1 } },
	{ "blades-spread", { .shoulder_pull = -1, .back_round = 0.45 } },
	{ "arms-forward", { ARMS(90, 0, 0) } },
	{ "clasped-reach",
		{ ARMS(88, 0, 0), .clasp = 1, .shoulder_pull = -1, .back_round = 1,
			.head_nod_deg = 15, .trunk_lean_deg = 4 } },
	{ "forearms-on-wall", { ARMS(88, 10, 92), .wall = 1, .trunk_lean_deg = 6 } },
	{ "wall-press",
		{ ARMS(86, 10, 92), .wall = 1, .trunk_lean_deg = 4, .shoulder_pull = -1,
			.back_round = 0.45 } },
	{ "head-tilt", { .head_tilt_deg = 35, .shoulder_lift = -0.2 } },
	{ "head-turn", { .head_turn_deg = 60 } },
	{ "chin-tuck", { .head_nod_deg = 20 } },
	{ "arms-up", { ARMS(170, 10, 0) } },
	{ "arms-out", { ARMS(0, 90, 0) } },
	/* issue 12 placeholders: begin */
	/*
	 * Stand-ins for the poses of issue 12 until the figure learns them,
	 * made of the fields above: the figure has no legs, fingers or wrists
	 * yet, so a seated pose is its upper body alone and a hand shape is an
	 * arm angle. The figure's own poses replace this block.
	 */
	{ "seated", { ARMS(20, 5, 60) } },
	{ "split-stance", { .trunk_lean_deg = -2 } },
	{ "lunge", { .trunk_lean_deg = -6, .shoulder_pull = 0.2 } },
	{ "lunge-reach",
		{ .trunk_lean_deg = -8, .arm_raise_deg = { 0, 170 }, .arm_out_deg = { 0, 10 } } },
	{ "side-reach",
		{ .arm_raise_deg = { 170, 0 },
			.arm_out_deg = { 20, 0 },
			.head_tilt_deg = -15,
			.trunk_lean_deg = 2 } },
	{ "tiptoe", { .shoulder_lift = 0.2, .trunk_lean_deg = -3 } },
	{ "rising", { ARMS(60, 0, 0), .trunk_lean_deg = 40, .back_round = 0.2 } },
	{ "march", { .arm_raise_deg = { 0, 30 }, .trunk_lean_deg = -4 } },
	{ "doorway-ready", { .arm_out_deg = { 90, 0 }, .elbow_deg = { 90, 0 } } },
	{ "doorway-stretch",
		{ .arm_out_deg = { 90, 0 },
			.elbow_deg = { 90, 0 },
			.trunk_lean_deg = 8,
			.shoulder_pull = 0.6 } },
	{ "hands-behind-head", { ARMS(130, 80, 150), .shoulder_pull = 0.6 } },
	{ "wall-angel-low", { ARMS(0, 90, 90), .shoulder_pull = 0.6 } },
	{ "wall-angel-high", { ARMS(150, 60, 40), .shoulder_pull = 0.4 } },
	{ "seated-arms-forward", { ARMS(88, 0, 12) } },
	{ "seated-wrist-flex", { ARMS(84, 0, 0), .head_nod_deg = 5 } },
	{ "seated-wrist-extend", { ARMS(96, 0, 0), .head_nod_deg = -3 } },
	{ "seated-prayer", { ARMS(40, 40, 120), .clasp = 1 } },
	{ "seated-reverse-prayer", { ARMS(30, 45, 105), .clasp = 1, .shoulder_pull = -0.3 } },
	{ "seated-hand-open", { ARMS(35, 10, 130) } },
	{ "seated-hand-hook", { ARMS(35, 10, 120), .head_nod_deg = 5 } },
	{ "seated-hand-fist", { ARMS(35, 10, 110), .head_nod_deg = 8 } },
	{ "seated-hand-tabletop", { ARMS(45, 10, 100) } },
	{ "seated-chin-tuck", { ARMS(20, 5, 60), .head_nod_deg = 20 } },
	{ "seated-head-turn", { ARMS(20, 5, 60), .head_turn_deg = 60 } },
	{ "seated-head-tilt", { ARMS(20, 5, 60), .head_tilt_deg = 35, .shoulder_lift = -0.2 } },
	{ "seated-hands-behind-head",
		{ ARMS(130, 80, 150), .shoulder_pull = 0.6, .trunk_lean_deg = -5 } },
	{ "seated-back-extension",
		{ ARMS(135, 80, 150), .shoulder_pull = 1, .trunk_lean_deg = -15,
			.head_nod_deg = -15 } },
	{ "seated-blades-spread", { ARMS(20, 5, 60), .shoulder_pull = -1, .back_round = 0.8 } },
	{ "seated-blades-squeezed", { ARMS(20, 5, 60), .shoulder_pull = 1, .head_nod_deg = -5 } },
	{ "seated-arms-up", { ARMS(165, 10, 0), .shoulder_lift = -0.2 } },
	{ "seated-twist",
		{ .arm_raise_deg = { 30, 40 },
			.elbow_deg = { 40, 60 },
			.head_turn_deg = 50,
			.shoulder_pull = 0.3 } },
	{ "seated-side-reach",
		{ .arm_raise_deg = { 170, 20 },
			.arm_out_deg = { 20, 5 },
			.elbow_deg = { 0, 60 },
			.head_tilt_deg = -15 } },
	{ "seated-focus-far", { ARMS(20, 5, 60), .head_nod_deg = -5 } },
	{ "seated-focus-near",
		{ .arm_raise_deg = { 110, 20 },
			.arm_out_deg = { 0, 5 },
			.elbow_deg = { 120, 60 },
			.head_nod_deg = 8 } },
	{ "seated-palming", { ARMS(120, 20, 150), .head_nod_deg = 10 } },
	{ "seated-eyes-closed", { ARMS(20, 5, 60), .head_nod_deg = 6, .shoulder_lift = -0.2 } },
	{ "seated-belly-breath",
		{ .arm_raise_deg = { 20, 45 },
			.elbow_deg = { 100, 130 },
			.arm_out_deg = { 5, 5 } } },
	{ "seated-shrug", { ARMS(20, 5, 60), .shoulder_lift = 1 } },
	{ "seated-shoulders-down", { ARMS(20, 5, 60), .shoulder_lift = -0.6 } },
	{ "seated-shoulders-back", { ARMS(20, 5, 60), .shoulder_lift = 0.1, .shoulder_pull = 1 } },
	{ "seated-shoulders-forward",
		{ ARMS(20, 5, 60), .shoulder_lift = 0.1, .shoulder_pull = -1, .back_round = 0.3 } },
	/* issue 12 placeholders: end */
};
/* clang-format on */

bool mb_pose_named(const char *name, struct mb_pose *out)
{
	for (size_t i = 0; i < sizeof(library) / sizeof(library[0]); i++) {
		if (strcmp(library[i].name, name) == 0) {
			*out = library[i].pose;
			return true;
		}
	}
	return false;
}

const char *mb_pose_name(size_t i)
{
	return i < sizeof(library) / sizeof(library[0]) ? library[i].name : NULL;
}

struct mb_pose mb_pose_mirror(struct mb_pose p)
{
	struct mb_pose m = p;
	m.head_tilt_deg = -p.head_tilt_deg;
	m.head_turn_deg = -p.head_turn_deg;
	for (int a = 0; a < 2; a++) {
		m.arm_raise_deg[a] = p.arm_raise_deg[1 - a];
		m.arm_out_deg[a] = p.arm_out_deg[1 - a];
		m.elbow_deg[a] = p.elbow_deg[1 - a];
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
	m.head_tilt_deg = lerp(a->head_tilt_deg, b->head_tilt_deg, u);
	m.head_turn_deg = lerp(a->head_turn_deg, b->head_turn_deg, u);
	m.head_nod_deg = lerp(a->head_nod_deg, b->head_nod_deg, u);
	m.shoulder_lift = lerp(a->shoulder_lift, b->shoulder_lift, u);
	m.shoulder_pull = lerp(a->shoulder_pull, b->shoulder_pull, u);
	for (int i = 0; i < 2; i++) {
		m.arm_raise_deg[i] = lerp(a->arm_raise_deg[i], b->arm_raise_deg[i], u);
		m.arm_out_deg[i] = lerp(a->arm_out_deg[i], b->arm_out_deg[i], u);
		m.elbow_deg[i] = lerp(a->elbow_deg[i], b->elbow_deg[i], u);
	}
	m.clasp = lerp(a->clasp, b->clasp, u);
	m.trunk_lean_deg = lerp(a->trunk_lean_deg, b->trunk_lean_deg, u);
	m.back_round = lerp(a->back_round, b->back_round, u);
	m.wall = lerp(a->wall, b->wall, u);
	m.breath = lerp(a->breath, b->breath, u);
	return m;
}

/* a + b * k, field by field, for the curve through key poses. */
static struct mb_pose add_scaled(const struct mb_pose *a, const struct mb_pose *b, double k)
{
	struct mb_pose zero = { 0 };
	struct mb_pose sum = mb_pose_mix(&zero, b, k);
	struct mb_pose m = *a;
	m.head_tilt_deg += sum.head_tilt_deg;
	m.head_turn_deg += sum.head_turn_deg;
	m.head_nod_deg += sum.head_nod_deg;
	m.shoulder_lift += sum.shoulder_lift;
	m.shoulder_pull += sum.shoulder_pull;
	for (int i = 0; i < 2; i++) {
		m.arm_raise_deg[i] += sum.arm_raise_deg[i];
		m.arm_out_deg[i] += sum.arm_out_deg[i];
		m.elbow_deg[i] += sum.elbow_deg[i];
	}
	m.clasp += sum.clasp;
	m.trunk_lean_deg += sum.trunk_lean_deg;
	m.back_round += sum.back_round;
	m.wall += sum.wall;
	m.breath += sum.breath;
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

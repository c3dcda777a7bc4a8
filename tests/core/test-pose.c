/* Poses: the built-in library, mirroring, and how the figure moves along a timeline. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "core/pose.h"
#include "core/timeline.h"
#include "parse/routine-yaml.h"

#define S(x) ((int64_t)MB_US_PER_S * (x))
#define MS(x) ((int64_t)1000 * (x))

static struct mb_routine *parse_text(const char *text)
{
	struct mb_diags diags = { 0 };
	struct mb_routine *r = mb_routine_parse(text, strlen(text), &diags);
	if (!r)
		fail_msg("%d:%d: %s", diags.items[0].line, diags.items[0].column,
			diags.items[0].message);
	return r;
}

static struct mb_routine *load_builtin(const char *name)
{
	const char *root = getenv("MB_SOURCE_ROOT");
	assert_non_null(root);
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/routines/%s.yaml", root, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[1 << 18];
	size_t len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	return parse_text(buf);
}

/* The names of every built-in routine, from the files in data/routines/; returns how many. */
static size_t builtin_names(char names[][64], size_t cap)
{
	const char *root = getenv("MB_SOURCE_ROOT");
	assert_non_null(root);
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/routines", root);
	DIR *dir = opendir(path);
	assert_non_null(dir);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(dir)) != NULL;) {
		size_t len = strlen(e->d_name);
		if (len <= 5 || len - 5 >= 64 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		assert_true(n < cap);
		memcpy(names[n], e->d_name, len - 5);
		names[n++][len - 5] = '\0';
	}
	closedir(dir);
	assert_true(n >= 2);
	return n;
}

/* The larger of *max and |a - b|. */
static void widest(double *max, double a, double b)
{
	*max = fmax(*max, fabs(a - b));
}

/* How far apart two poses are: the most any one joint turns, in degrees, and the sum of the
 * fields that go 0..1. */
static void pose_distance(const struct mb_pose *a, const struct mb_pose *b, double *deg,
	double *unit)
{
	*deg = 0;
	widest(deg, a->head_tilt_deg, b->head_tilt_deg);
	widest(deg, a->head_turn_deg, b->head_turn_deg);
	widest(deg, a->head_nod_deg, b->head_nod_deg);
	widest(deg, a->trunk_lean_deg, b->trunk_lean_deg);
	widest(deg, a->trunk_turn_deg, b->trunk_turn_deg);
	widest(deg, a->trunk_side_deg, b->trunk_side_deg);
	widest(deg, a->gaze_up_deg, b->gaze_up_deg);
	*unit = fabs(a->head_glide - b->head_glide) + fabs(a->shoulder_lift - b->shoulder_lift) +
		fabs(a->shoulder_pull - b->shoulder_pull) + fabs(a->clasp - b->clasp) +
		fabs(a->back_round - b->back_round) + fabs(a->sit - b->sit) +
		fabs(a->eyes_closed - b->eyes_closed) + fabs(a->gaze_near - b->gaze_near) +
		fabs(a->gaze_far - b->gaze_far) + fabs(a->wall - b->wall) +
		fabs(a->wall_behind - b->wall_behind) + fabs(a->door - b->door) +
		fabs(a->breath - b->breath);
	for (int i = 0; i < 2; i++) {
		widest(deg, a->arm_raise_deg[i], b->arm_raise_deg[i]);
		widest(deg, a->arm_out_deg[i], b->arm_out_deg[i]);
		widest(deg, a->elbow_deg[i], b->elbow_deg[i]);
		widest(deg, a->arm_twist_deg[i], b->arm_twist_deg[i]);
		widest(deg, a->wrist_deg[i], b->wrist_deg[i]);
		widest(deg, a->hip_deg[i], b->hip_deg[i]);
		widest(deg, a->knee_deg[i], b->knee_deg[i]);
		*unit += fabs(a->knuckle_bend[i] - b->knuckle_bend[i]) +
			fabs(a->finger_curl[i] - b->finger_curl[i]) +
			fabs(a->heel_lift[i] - b->heel_lift[i]);
		for (int k = 0; k < MB_PLACES; k++)
			*unit += fabs(a->hand_place[i][k] - b->hand_place[i][k]);
	}
}

/* The n-th (0-based) cue of a kind in exercise k (1-based), on a side (NONE: any). */
static const struct mb_cue *find_cue(const struct mb_timeline *tl, size_t k, enum mb_cue_kind kind,
	enum mb_side side, int n)
{
	for (size_t i = 0; i < tl->cues_len; i++) {
		const struct mb_cue *c = &tl->cues[i];
		if (c->exercise == k && c->kind == kind &&
			(side == MB_SIDE_NONE || c->side == side) && n-- == 0)
			return c;
	}
	fail_msg("no cue of kind %s in exercise %zu", mb_cue_kind_name(kind), k);
	return NULL;
}

static struct mb_pose pose_at(const struct mb_timeline *tl, int64_t t_us)
{
	struct mb_pose p;
	mb_pose_at(tl, t_us, &p);
	return p;
}

static bool same_pose(const struct mb_pose *a, const struct mb_pose *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static void test_every_library_name_resolves(void **state)
{
	size_t n = 0;
	for (; mb_pose_name(n); n++) {
		struct mb_pose p = { .head_tilt_deg = 123 };
		assert_true(mb_pose_named(mb_pose_name(n), &p));
		assert_true(p.head_tilt_deg < 90);
	}
	assert_true(n >= 10);
	struct mb_pose untouched = { .clasp = 0.5 };
	assert_false(mb_pose_named("no-such-pose", &untouched));
	assert_true(untouched.clasp == 0.5);
	struct mb_pose standing = mb_pose_standing(), zero = { 0 };
	assert_true(same_pose(&standing, &zero));
}

static void test_library_poses_say_what_their_names_say(void **state)
{
	struct mb_pose p;
	assert_true(mb_pose_named("blades-squeezed", &p));
	assert_true(p.shoulder_pull > 0.9);
	assert_true(mb_pose_named("blades-spread", &p));
	assert_true(p.shoulder_pull < -0.9);
	assert_true(mb_pose_named("shrug", &p));
	assert_true(p.shoulder_lift > 0.9);
	assert_true(mb_pose_named("clasped-reach", &p));
	assert_true(p.clasp == 1 && p.back_round > 0.5 && p.arm_raise_deg[0] > 80);
	assert_true(mb_pose_named("forearms-on-wall", &p));
	assert_true(p.wall == 1 && p.elbow_deg[0] > 80 && p.arm_raise_deg[1] > 80);
	assert_true(mb_pose_named("head-tilt", &p));
	assert_true(p.head_tilt_deg > 20);
}

static void test_mirror_swaps_sides_and_is_its_own_inverse(void **state)
{
	struct mb_pose p = { .head_tilt_deg = 30, .head_turn_deg = -10, .shoulder_lift = 0.5 };
	p.arm_raise_deg[MB_ARM_LEFT] = 90;
	p.elbow_deg[MB_ARM_RIGHT] = 45;
	struct mb_pose m = mb_pose_mirror(p);
	assert_true(m.head_tilt_deg == -30 && m.head_turn_deg == 10 && m.shoulder_lift == 0.5);
	assert_true(m.arm_raise_deg[MB_ARM_RIGHT] == 90 && m.arm_raise_deg[MB_ARM_LEFT] == 0);
	assert_true(m.elbow_deg[MB_ARM_LEFT] == 45 && m.elbow_deg[MB_ARM_RIGHT] == 0);
	struct mb_pose back = mb_pose_mirror(m);
	assert_true(same_pose(&back, &p));
}

static void test_mix_goes_from_one_pose_to_the_other(void **state)
{
	struct mb_pose a = mb_pose_standing(), b;
	assert_true(mb_pose_named("clasped-reach", &b));
	b.view = MB_VIEW_SIDE;
	struct mb_pose m0 = mb_pose_mix(&a, &b, 0), m1 = mb_pose_mix(&a, &b, 1);
	struct mb_pose half = mb_pose_mix(&a, &b, 0.5);
	assert_true(same_pose(&m0, &a));
	assert_true(m1.clasp == b.clasp && m1.arm_raise_deg[0] == b.arm_raise_deg[0]);
	assert_int_equal(m1.view, a.view);
	assert_true(half.clasp == 0.5 * b.clasp);
	assert_true(half.head_nod_deg == 0.5 * b.head_nod_deg);
}

static void test_views_come_from_the_exercises(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.5);
	static const enum mb_view views[] = { MB_VIEW_BACK, MB_VIEW_SIDE, MB_VIEW_SIDE,
		MB_VIEW_SIDE, MB_VIEW_FRONT };
	for (size_t k = 0; k < 5; k++) {
		struct mb_pose p = pose_at(tl, tl->spans[k].start_us + tl->spans[k].dur_us / 2);
		assert_int_equal(p.view, views[k]);
	}
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

static void test_every_builtin_step_names_a_pose(void **state)
{
	char names[64][64];
	size_t count = builtin_names(names, 64);
	for (size_t n = 0; n < count; n++) {
		struct mb_routine *r = load_builtin(names[n]);
		for (size_t i = 0; i < r->exercises_len; i++) {
			assert_true(r->exercises[i].has_pose);
			for (size_t j = 0; j < r->exercises[i].steps_len; j++)
				assert_true(r->exercises[i].steps[j].poses_len >= 1);
		}
		mb_routine_destroy(r);
	}
}

/* A move eases over its whole length: the blades draw together steadily, arriving at the end. */
static void test_move_paces_over_the_whole_cue(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	const struct mb_cue *move = find_cue(tl, 1, MB_CUE_MOVE, MB_SIDE_NONE, 0);
	double last = -2;
	for (int i = 0; i <= 10; i++) {
		struct mb_pose p = pose_at(tl, move->t_us + move->dur_us * i / 10);
		assert_true(p.shoulder_pull >= last);
		last = p.shoulder_pull;
	}
	struct mb_pose start = pose_at(tl, move->t_us),
		       mid = pose_at(tl, move->t_us + move->dur_us / 2);
	assert_true(start.shoulder_pull < 0.01);
	assert_true(mid.shoulder_pull > 0.3 && mid.shoulder_pull < 0.7);
	assert_true(last > 0.99);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/* A hold settles in its first second and then keeps still: the wall press, 5 s. */
static void test_hold_settles_then_keeps_still(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	const struct mb_cue *hold = find_cue(tl, 2, MB_CUE_HOLD, MB_SIDE_NONE, 0);
	assert_int_equal(hold->dur_us, S(5));
	struct mb_pose early = pose_at(tl, hold->t_us + MS(200));
	struct mb_pose a = pose_at(tl, hold->t_us + S(2)), b = pose_at(tl, hold->t_us + S(4));
	assert_true(same_pose(&a, &b));
	assert_false(same_pose(&early, &a));
	assert_true(a.shoulder_pull < -0.99 && a.wall == 1);
	/* The release eases back to the forearms resting on the wall. */
	const struct mb_cue *rel = find_cue(tl, 2, MB_CUE_RELEASE, MB_SIDE_NONE, 0);
	struct mb_pose mid = pose_at(tl, rel->t_us + rel->dur_us / 2);
	struct mb_pose end = pose_at(tl, rel->t_us + rel->dur_us - 1);
	assert_true(mid.shoulder_pull > -0.9 && mid.shoulder_pull < -0.1);
	assert_true(end.shoulder_pull > -0.01);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/* A roll passes through its key poses: up first, then back, then down, home at the end. */
static void test_roll_passes_through_key_poses_in_order(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	const struct mb_cue *back = find_cue(tl, 3, MB_CUE_MOVE, MB_SIDE_NONE, 0);
	int64_t q = back->dur_us / 4;
	struct mb_pose up = pose_at(tl, back->t_us + q), behind = pose_at(tl, back->t_us + 2 * q);
	struct mb_pose down = pose_at(tl, back->t_us + 3 * q);
	struct mb_pose home = pose_at(tl, back->t_us + back->dur_us - 1);
	assert_true(up.shoulder_lift > 0.5 && up.shoulder_lift > behind.shoulder_lift);
	assert_true(behind.shoulder_pull > 0.5);
	assert_true(down.shoulder_lift < 0);
	assert_true(home.shoulder_lift > -0.05 && home.shoulder_lift < 0.05);
	/* The forward roll goes the other way round. */
	const struct mb_cue *fwd = NULL;
	for (size_t i = 0; i < tl->cues_len; i++)
		if (tl->cues[i].exercise == 3 && tl->cues[i].kind == MB_CUE_MOVE &&
			tl->cues[i].direction && strcmp(tl->cues[i].direction, "forward") == 0) {
			fwd = &tl->cues[i];
			break;
		}
	assert_non_null(fwd);
	struct mb_pose ahead = pose_at(tl, fwd->t_us + fwd->dur_us / 2);
	assert_true(ahead.shoulder_pull < -0.5);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/* Inside a paced hold the chest follows the breath; the joints stay put. */
static void test_breath_rises_and_falls_in_a_paced_hold(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	const struct mb_cue *in = find_cue(tl, 4, MB_CUE_BREATHE_IN, MB_SIDE_NONE, 1);
	const struct mb_cue *out = find_cue(tl, 4, MB_CUE_BREATHE_OUT, MB_SIDE_NONE, 1);
	struct mb_pose a = pose_at(tl, in->t_us), b = pose_at(tl, in->t_us + in->dur_us / 2);
	struct mb_pose c = pose_at(tl, out->t_us),
		       d = pose_at(tl, out->t_us + out->dur_us * 9 / 10);
	assert_true(a.breath < 0.01);
	assert_true(b.breath > 0.3 && b.breath < 0.7);
	assert_true(c.breath > 0.99);
	assert_true(d.breath < 0.1);
	assert_true(a.clasp == 1 && b.clasp == 1 && d.clasp == 1);
	b.breath = a.breath;
	assert_true(same_pose(&a, &b));
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/* The neck stretch tilts toward the left first, then mirrored toward the right. */
static void test_right_side_is_mirrored(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	const struct mb_cue *left = find_cue(tl, 5, MB_CUE_BREATHE_OUT, MB_SIDE_LEFT, 0);
	const struct mb_cue *right = find_cue(tl, 5, MB_CUE_BREATHE_OUT, MB_SIDE_RIGHT, 0);
	const struct mb_cue *sw = find_cue(tl, 5, MB_CUE_SWITCH, MB_SIDE_NONE, 0);
	struct mb_pose l = pose_at(tl, left->t_us + left->dur_us / 2);
	struct mb_pose rt = pose_at(tl, right->t_us + right->dur_us / 2);
	struct mb_pose mid = pose_at(tl, sw->t_us + sw->dur_us - 1);
	assert_true(l.head_tilt_deg > 20);
	assert_true(rt.head_tilt_deg < -20);
	assert_true(l.head_tilt_deg == -rt.head_tilt_deg);
	assert_true(mid.head_tilt_deg > -1 && mid.head_tilt_deg < 1);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/* Steps without a pose keep the one before; a bare release goes back to the exercise's pose. */
static void test_steps_without_poses_inherit(void **state)
{
	struct mb_routine *r = parse_text(
		"name: t\ntitle: T\nexercises:\n"
		"  - title: E\n    view: side\n    pose: arms-forward\n    prepare: 3s\n    steps:\n"
		"      - move: Reach\n        time: 2s\n"
		"        pose: {like: arms-forward, hands: clasped, back: rounded, trunk: 10}\n"
		"      - hold: Stay\n        time: 4s\n"
		"      - release: Back\n        time: 2s\n");
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	/* Getting ready: the set-up pose, settled well before the first move. */
	struct mb_pose ready = pose_at(tl, S(2));
	assert_true(ready.arm_raise_deg[0] == 90 && ready.clasp == 0);
	assert_int_equal(ready.view, MB_VIEW_SIDE);
	struct mb_pose held = pose_at(tl, S(3) + S(2) + S(2));
	assert_true(held.clasp == 1 && held.back_round == 1 && held.trunk_lean_deg == 10);
	struct mb_pose released = pose_at(tl, tl->total_us);
	assert_true(released.clasp == 0 && released.back_round == 0);
	assert_true(released.arm_raise_deg[1] == 90);
	/* Out of range times give the first and last poses. */
	struct mb_pose before = pose_at(tl, -S(10));
	struct mb_pose first = pose_at(tl, 0);
	struct mb_pose after = pose_at(tl, tl->total_us + S(100));
	assert_true(same_pose(&before, &first));
	assert_true(same_pose(&after, &released));
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

/*
 * The figure never jumps: every 50 ms of every built-in routine, at the low,
 * middle and high dose, no joint turns more than 15 degrees and the fields
 * that go 0..1 move little, all of them together.
 */
static void test_poses_change_smoothly_over_whole_routines(void **state)
{
	char names[64][64];
	size_t count = builtin_names(names, 64);
	for (size_t n = 0; n < count; n++) {
		struct mb_routine *r = load_builtin(names[n]);
		for (double level = 0; level <= 1; level += 0.5) {
			struct mb_timeline *tl = mb_timeline_create(r, level);
			struct mb_pose prev = pose_at(tl, 0);
			for (int64_t t = MS(50); t <= tl->total_us; t += MS(50)) {
				struct mb_pose p = pose_at(tl, t);
				double deg, unit;
				pose_distance(&p, &prev, &deg, &unit);
				if (deg > 15 || unit > 0.35)
					fail_msg("%s at dose %.1f jumps at %lld ms: %.1f degrees, "
						 "%.2f",
						names[n], level, (long long)(t / 1000), deg, unit);
				prev = p;
			}
			mb_timeline_destroy(tl);
		}
		mb_routine_destroy(r);
	}
}

/* The pose names of the issue 12 contract, every one of them built in. */
static const char *const contract_names[] = { "standing", "shrug", "shoulders-down",
	"shoulders-back", "shoulders-forward", "blades-squeezed", "blades-spread", "arms-forward",
	"clasped-reach", "forearms-on-wall", "wall-press", "head-tilt", "head-turn", "chin-tuck",
	"arms-up", "arms-out", "look-down", "wrist-flex", "wrist-extend", "prayer",
	"reverse-prayer", "hand-open", "hand-hook", "hand-fist", "hand-tabletop", "doorway-ready",
	"doorway-stretch", "hands-behind-head", "back-extension", "twist", "side-reach",
	"split-stance", "lunge", "lunge-reach", "tiptoe", "rising", "march", "focus-near",
	"focus-far", "palming", "eyes-closed", "belly-breath", "wall-angel-low", "wall-angel-high",
	"seated" };

/* Whether mb_pose_name lists name. */
static bool listed(const char *name)
{
	for (size_t i = 0; mb_pose_name(i); i++)
		if (strcmp(mb_pose_name(i), name) == 0)
			return true;
	return false;
}

static void test_every_contract_name_and_its_seated_form_exists(void **state)
{
	for (size_t i = 0; i < sizeof(contract_names) / sizeof(contract_names[0]); i++) {
		const char *name = contract_names[i];
		struct mb_pose p;
		if (!mb_pose_named(name, &p) || !listed(name))
			fail_msg("no built-in pose %s", name);
		/* Seated, standing is "seated" itself. */
		if (strcmp(name, "seated") == 0 || strcmp(name, "standing") == 0)
			continue;
		char seated[96];
		snprintf(seated, sizeof(seated), "seated-%s", name);
		if (!mb_pose_named(seated, &p) || !listed(seated))
			fail_msg("no built-in pose %s", seated);
		assert_true(p.sit == 1);
	}
	/* Every listed name resolves, once. */
	size_t n = 0;
	for (; mb_pose_name(n); n++) {
		struct mb_pose p;
		assert_true(mb_pose_named(mb_pose_name(n), &p));
		for (size_t j = 0; j < n; j++)
			assert_string_not_equal(mb_pose_name(j), mb_pose_name(n));
	}
	assert_true(n >= 2 * 44);
	struct mb_pose p = { .clasp = 0.25 };
	assert_false(mb_pose_named("seated-seated", &p));
	assert_false(mb_pose_named("seated-", &p));
	assert_false(mb_pose_named("seated-no-such-pose", &p));
	assert_true(p.clasp == 0.25);
}

/*
 * seated-NAME: NAME's upper body on a chair; lifted heels and a lifted knee stay, and
 * arms left hanging rest their hands on the thighs as in "seated".
 */
static void test_seated_form_keeps_the_upper_body_and_sits(void **state)
{
	struct mb_pose a, b, seated;
	assert_true(mb_pose_named("seated", &seated));
	assert_true(mb_pose_named("shrug", &a));
	assert_true(mb_pose_named("seated-shrug", &b));
	assert_true(b.sit == 1 && b.shoulder_lift == a.shoulder_lift);
	for (int arm = 0; arm < 2; arm++) {
		assert_true(b.hand_place[arm][MB_PLACE_THIGH] == 1);
		assert_true(b.arm_raise_deg[arm] == seated.arm_raise_deg[arm]);
		assert_true(b.elbow_deg[arm] == seated.elbow_deg[arm]);
	}
	struct mb_pose arms_only = seated;
	arms_only.shoulder_lift = a.shoulder_lift;
	assert_true(same_pose(&arms_only, &b));
	assert_true(mb_pose_named("lunge-reach", &a));
	assert_true(mb_pose_named("seated-lunge-reach", &b));
	assert_true(b.sit == 1 && b.arm_raise_deg[MB_ARM_RIGHT] == a.arm_raise_deg[MB_ARM_RIGHT]);
	assert_true(b.hip_deg[0] == 0 && b.hip_deg[1] == 0 && b.knee_deg[0] == 0);
	assert_true(mb_pose_named("seated-tiptoe", &b));
	assert_true(b.heel_lift[0] == 1 && b.heel_lift[1] == 1);
	assert_true(mb_pose_named("seated-march", &b));
	assert_true(b.hip_deg[MB_ARM_LEFT] > 10 && b.hip_deg[MB_ARM_RIGHT] == 0);
	/* The seated form of a pose is what mb_pose_seated makes of it. */
	assert_true(mb_pose_named("twist", &a));
	assert_true(mb_pose_named("seated-twist", &b));
	struct mb_pose c = mb_pose_seated(a);
	assert_true(same_pose(&b, &c));
	assert_true(mb_pose_named("seated", &a));
	assert_true(a.sit == 1 && a.hand_place[0][MB_PLACE_THIGH] == 1);
}

static void test_new_poses_say_what_their_names_say(void **state)
{
	struct mb_pose p;
	assert_true(mb_pose_named("chin-tuck", &p));
	assert_true(p.head_glide == 1 && fabs(p.head_nod_deg) < 10);
	assert_true(mb_pose_named("look-down", &p));
	assert_true(p.head_nod_deg > 20 && p.head_glide == 0);
	assert_true(mb_pose_named("wrist-flex", &p));
	assert_true(p.wrist_deg[0] < -45 && p.wrist_deg[1] < -45 && p.arm_raise_deg[0] > 80);
	assert_true(mb_pose_named("wrist-extend", &p));
	assert_true(p.wrist_deg[0] > 45 && p.arm_raise_deg[1] > 80);
	assert_true(mb_pose_named("prayer", &p));
	assert_true(p.hand_place[0][MB_PLACE_MIDDLE] == 1 && p.wrist_deg[1] > 45);
	assert_true(mb_pose_named("reverse-prayer", &p));
	assert_true(p.hand_place[1][MB_PLACE_MIDDLE] == 1 && p.wrist_deg[0] < -45);
	assert_true(mb_pose_named("hand-open", &p));
	assert_true(p.knuckle_bend[0] == 0 && p.finger_curl[0] == 0);
	assert_true(mb_pose_named("hand-hook", &p));
	assert_true(p.knuckle_bend[0] == 0 && p.finger_curl[1] == 1);
	assert_true(mb_pose_named("hand-fist", &p));
	assert_true(p.knuckle_bend[1] == 1 && p.finger_curl[0] == 1);
	assert_true(mb_pose_named("hand-tabletop", &p));
	assert_true(p.knuckle_bend[0] == 1 && p.finger_curl[1] == 0);
	assert_true(mb_pose_named("doorway-ready", &p));
	/* The left forearm up on the frame; the right arm hangs (mirrored on the right side). */
	assert_true(p.door == 1 && p.elbow_deg[0] >= 80 && p.arm_out_deg[0] >= 80);
	assert_true(p.arm_out_deg[1] == 0 && p.elbow_deg[1] == 0);
	assert_true(mb_pose_named("doorway-stretch", &p));
	assert_true(p.door == 1 && p.trunk_lean_deg > 0 && p.hip_deg[0] > p.hip_deg[1]);
	assert_true(mb_pose_named("hands-behind-head", &p));
	assert_true(p.hand_place[0][MB_PLACE_HEAD] == 1 && p.hand_place[1][MB_PLACE_HEAD] == 1);
	assert_true(mb_pose_named("back-extension", &p));
	assert_true(p.back_round < 0 && p.gaze_up_deg > 0 && p.hand_place[0][MB_PLACE_HEAD] == 1);
	assert_true(mb_pose_named("twist", &p));
	assert_true(p.trunk_turn_deg > 20 && p.head_turn_deg > 0);
	assert_true(p.hand_place[MB_ARM_RIGHT][MB_PLACE_KNEE_OTHER] == 1);
	assert_true(mb_pose_named("side-reach", &p));
	assert_true(p.trunk_side_deg < -5 && p.arm_out_deg[MB_ARM_LEFT] > 120);
	assert_true(mb_pose_named("split-stance", &p));
	assert_true(p.hip_deg[MB_ARM_LEFT] > 10 && p.hip_deg[MB_ARM_RIGHT] < 0);
	assert_true(p.knee_deg[0] < 15 && p.knee_deg[1] < 15);
	assert_true(mb_pose_named("lunge", &p));
	assert_true(p.knee_deg[MB_ARM_LEFT] > 45 && p.hip_deg[MB_ARM_RIGHT] < -15);
	assert_true(mb_pose_named("lunge-reach", &p));
	assert_true(p.knee_deg[MB_ARM_LEFT] > 45 && p.arm_raise_deg[MB_ARM_RIGHT] > 150);
	assert_true(mb_pose_named("tiptoe", &p));
	assert_true(p.heel_lift[0] == 1 && p.heel_lift[1] == 1 && p.sit == 0);
	assert_true(mb_pose_named("rising", &p));
	assert_true(p.sit > 0.2 && p.sit < 0.8 && p.trunk_lean_deg > 20 && p.arm_raise_deg[0] > 45);
	assert_true(mb_pose_named("march", &p));
	assert_true(p.hip_deg[MB_ARM_LEFT] >= 80 && p.knee_deg[MB_ARM_LEFT] >= 80);
	assert_true(p.hip_deg[MB_ARM_RIGHT] == 0);
	assert_true(mb_pose_named("focus-near", &p));
	assert_true(p.gaze_near == 1 && p.elbow_deg[MB_ARM_LEFT] > 45);
	assert_true(mb_pose_named("focus-far", &p));
	assert_true(p.gaze_far == 1 && p.arm_raise_deg[0] == 0);
	assert_true(mb_pose_named("palming", &p));
	assert_true(p.eyes_closed == 1 && p.hand_place[0][MB_PLACE_EYES] == 1);
	assert_true(mb_pose_named("eyes-closed", &p));
	assert_true(p.eyes_closed == 1 && p.gaze_near == 0);
	assert_true(mb_pose_named("belly-breath", &p));
	assert_true(p.hand_place[MB_ARM_LEFT][MB_PLACE_BELLY] == 1);
	assert_true(p.hand_place[MB_ARM_RIGHT][MB_PLACE_CHEST] == 1);
	struct mb_pose low, high;
	assert_true(mb_pose_named("wall-angel-low", &low));
	assert_true(mb_pose_named("wall-angel-high", &high));
	assert_true(low.wall_behind == 1 && high.wall_behind == 1);
	assert_true(
		low.arm_out_deg[0] >= 80 && low.elbow_deg[0] >= 80 && low.arm_twist_deg[0] > 45);
	assert_true(high.arm_out_deg[1] > 130 && high.arm_twist_deg[1] > 45);
}

/* Mirroring swaps every per-side field and turns the trunk and its side bend the other way. */
static void test_mirror_covers_the_new_fields(void **state)
{
	struct mb_pose p = { .trunk_turn_deg = 30,
		.trunk_side_deg = -12,
		.sit = 0.5,
		.head_glide = 0.5,
		.eyes_closed = 1,
		.door = 1 };
	p.hip_deg[MB_ARM_LEFT] = 60;
	p.knee_deg[MB_ARM_LEFT] = 70;
	p.heel_lift[MB_ARM_RIGHT] = 1;
	p.arm_twist_deg[MB_ARM_LEFT] = 90;
	p.wrist_deg[MB_ARM_RIGHT] = -70;
	p.knuckle_bend[MB_ARM_LEFT] = 1;
	p.finger_curl[MB_ARM_RIGHT] = 1;
	p.hand_place[MB_ARM_RIGHT][MB_PLACE_KNEE_OTHER] = 1;
	p.hand_place[MB_ARM_LEFT][MB_PLACE_THIGH] = 0.5;
	struct mb_pose m = mb_pose_mirror(p);
	assert_true(m.trunk_turn_deg == -30 && m.trunk_side_deg == 12);
	assert_true(m.sit == 0.5 && m.head_glide == 0.5 && m.eyes_closed == 1 && m.door == 1);
	assert_true(m.hip_deg[MB_ARM_RIGHT] == 60 && m.hip_deg[MB_ARM_LEFT] == 0);
	assert_true(m.knee_deg[MB_ARM_RIGHT] == 70 && m.heel_lift[MB_ARM_LEFT] == 1);
	assert_true(m.heel_lift[MB_ARM_RIGHT] == 0);
	assert_true(m.arm_twist_deg[MB_ARM_RIGHT] == 90 && m.wrist_deg[MB_ARM_LEFT] == -70);
	assert_true(m.knuckle_bend[MB_ARM_RIGHT] == 1 && m.finger_curl[MB_ARM_LEFT] == 1);
	assert_true(m.hand_place[MB_ARM_LEFT][MB_PLACE_KNEE_OTHER] == 1);
	assert_true(m.hand_place[MB_ARM_RIGHT][MB_PLACE_THIGH] == 0.5);
	assert_true(m.hand_place[MB_ARM_RIGHT][MB_PLACE_KNEE_OTHER] == 0);
	struct mb_pose back = mb_pose_mirror(m);
	assert_true(same_pose(&back, &p));
	/* The twist to the left, mirrored, is a twist to the right with the left hand across. */
	assert_true(mb_pose_named("twist", &p));
	m = mb_pose_mirror(p);
	assert_true(m.trunk_turn_deg < -20 && m.hand_place[MB_ARM_LEFT][MB_PLACE_KNEE_OTHER] == 1);
}

/* Halfway between two poses, every new joint is halfway too. */
static void test_mix_interpolates_the_new_fields(void **state)
{
	struct mb_pose a, b;
	assert_true(mb_pose_named("seated", &a));
	assert_true(mb_pose_named("lunge-reach", &b));
	struct mb_pose h = mb_pose_mix(&a, &b, 0.5);
	assert_true(h.sit == 0.5);
	assert_true(h.hip_deg[0] == 0.5 * b.hip_deg[0] && h.knee_deg[1] == 0.5 * b.knee_deg[1]);
	assert_true(h.heel_lift[1] == 0.5 * b.heel_lift[1]);
	assert_true(h.hand_place[0][MB_PLACE_THIGH] == 0.5);
	assert_true(h.trunk_side_deg == 0.5 * b.trunk_side_deg);
	assert_true(mb_pose_named("palming", &a));
	assert_true(mb_pose_named("wall-angel-high", &b));
	h = mb_pose_mix(&a, &b, 0.25);
	assert_true(h.eyes_closed == 0.75 && h.wall_behind == 0.25);
	assert_true(h.hand_place[1][MB_PLACE_EYES] == 0.75);
	assert_true(fabs(h.arm_twist_deg[0] - 0.25 * b.arm_twist_deg[0]) < 1e-9);
	assert_true(mb_pose_named("prayer", &a));
	assert_true(mb_pose_named("hand-fist", &b));
	h = mb_pose_mix(&a, &b, 0.5);
	assert_true(h.wrist_deg[0] == 0.5 * a.wrist_deg[0] && h.knuckle_bend[1] == 0.5);
	assert_true(h.finger_curl[0] == 0.5 && h.hand_place[0][MB_PLACE_MIDDLE] == 0.5);
	assert_true(mb_pose_named("twist", &a));
	assert_true(mb_pose_named("focus-near", &b));
	h = mb_pose_mix(&a, &b, 0.5);
	assert_true(h.trunk_turn_deg == 0.5 * a.trunk_turn_deg && h.gaze_near == 0.5);
	assert_true(mb_pose_named("chin-tuck", &a));
	assert_true(mb_pose_named("doorway-ready", &b));
	h = mb_pose_mix(&a, &b, 0.5);
	assert_true(h.head_glide == 0.5 && h.door == 0.5);
}

/* A routine text with one exercise whose step has the pose given. */
static struct mb_routine *parse_pose(const char *pose, struct mb_diags *diags)
{
	char text[1024];
	snprintf(text, sizeof(text),
		"name: t\ntitle: T\nexercises:\n  - title: E\n    steps:\n"
		"      - hold: Stay\n        pose: %s\n",
		pose);
	*diags = (struct mb_diags){ 0 };
	return mb_routine_parse(text, strlen(text), diags);
}

/* The mapping form sets the new joints by word and by angle. */
static void test_mapping_keys_set_the_new_joints(void **state)
{
	struct mb_diags diags;
	struct mb_routine *r = parse_pose(
		"{like: seated-shrug, legs: lunge, wrists: flexed, fingers: hook, eyes: near, "
		"prop: wall-behind, trunk_turn: 30, side_bend: -10, chin: tuck, back: arched}",
		&diags);
	if (!r)
		fail_msg("%d:%d: %s", diags.items[0].line, diags.items[0].column,
			diags.items[0].message);
	const struct mb_pose *p = &r->exercises[0].steps[0].poses[0];
	assert_true(p->shoulder_lift == 1 && p->sit == 0);
	assert_true(p->knee_deg[MB_ARM_LEFT] > 45 && p->heel_lift[MB_ARM_RIGHT] == 1);
	assert_true(p->wrist_deg[0] < -45 && p->wrist_deg[1] < -45);
	assert_true(p->finger_curl[0] == 1 && p->knuckle_bend[1] == 0);
	assert_true(p->gaze_near == 1 && p->wall_behind == 1 && p->wall == 0);
	assert_true(p->trunk_turn_deg == 30 && p->trunk_side_deg == -10);
	assert_true(p->head_glide == 1 && p->back_round < 0);
	mb_routine_destroy(r);

	r = parse_pose("{hands: prayer, arms: goalpost, legs: seated, hips: 20, knees: 15, "
		       "fingers: tabletop, eyes: closed, prop: door-frame, arm_twist: -30}",
		&diags);
	if (!r)
		fail_msg("%d:%d: %s", diags.items[0].line, diags.items[0].column,
			diags.items[0].message);
	p = &r->exercises[0].steps[0].poses[0];
	/* The hands keep their place; the arms' words move the elbows. */
	assert_true(p->hand_place[0][MB_PLACE_MIDDLE] == 1 && p->wrist_deg[0] > 45);
	assert_true(p->arm_out_deg[0] == 90 && p->elbow_deg[1] == 90);
	assert_true(p->arm_twist_deg[0] == -30 && p->arm_twist_deg[1] == -30);
	assert_true(p->sit == 1 && p->hip_deg[0] == 20 && p->knee_deg[1] == 15);
	assert_true(p->knuckle_bend[0] == 1 && p->finger_curl[0] == 0);
	assert_true(p->eyes_closed == 1 && p->door == 1);
	mb_routine_destroy(r);

	r = parse_pose("{like: belly-breath, hands: apart, legs: march, eyes: up}", &diags);
	assert_non_null(r);
	p = &r->exercises[0].steps[0].poses[0];
	assert_true(p->hand_place[0][MB_PLACE_BELLY] == 0 && p->hand_place[1][MB_PLACE_CHEST] == 0);
	assert_true(p->hip_deg[MB_ARM_LEFT] >= 80 && p->gaze_up_deg > 0);
	mb_routine_destroy(r);
}

/* Bad values of the new keys are errors at their line and column, saying what is allowed. */
static void test_mapping_keys_reject_bad_values(void **state)
{
	/* Each case: the pose, where in it the problem is, and what the message says. */
	static const struct {
		const char *pose, *at, *message;
	} cases[] = {
		{ "{wrists: floppy}", "floppy", "'wrists' must be flexed, straight or extended" },
		{ "{fingers: claw}", "claw", "'fingers' must be open, hook, fist or tabletop" },
		{ "{legs: kneeling}", "kneeling",
			"'legs' must be standing, seated, split, lunge, tiptoe, march or rising" },
		{ "{eyes: crossed}", "crossed", "'eyes' must be open, closed, near, far or up" },
		{ "{prop: sofa}", "sofa", "'prop' must be none, wall, wall-behind or door-frame" },
		{ "{hands: waving}", "waving", "'hands' must be apart, clasped, prayer" },
		{ "{knees: 200}", "200", "'knees' must be a number of degrees from 0 to 130" },
		{ "{hips: -90}", "-90", "'hips' must be a number of degrees from -30 to 110" },
		{ "{trunk_turn: 75}", "75",
			"'trunk_turn' must be a number of degrees from -60 to 60" },
		{ "{side_bend: left}", "left",
			"'side_bend' must be a number of degrees from -30 to 30" },
		{ "{arm_twist: 120}", "120",
			"'arm_twist' must be a number of degrees from -90 to 90" },
		{ "{chin: sideways}", "sideways", "'chin' must be tuck, level, up or down" },
		{ "{back: twisted}", "twisted", "'back' must be straight, rounded or arched" },
		{ "{like: seated-shrugg}", "seated-shrugg", "did you mean 'seated-shrug'" },
		{ "{leggs: seated}", "leggs", "did you mean 'legs'" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mb_diags diags;
		struct mb_routine *r = parse_pose(cases[i].pose, &diags);
		if (r)
			fail_msg("%s loads", cases[i].pose);
		assert_true(diags.len >= 1);
		/* The pose starts at column 15 of line 7. */
		int column = 15 + (int)(strstr(cases[i].pose, cases[i].at) - cases[i].pose);
		if (diags.items[0].line != 7 || diags.items[0].column != column ||
			strstr(diags.items[0].message, cases[i].message) == NULL)
			fail_msg("%s: got %d:%d: %s", cases[i].pose, diags.items[0].line,
				diags.items[0].column, diags.items[0].message);
	}
	/* A pose name alone may be a seated form; a misspelled one is suggested. */
	struct mb_diags diags;
	struct mb_routine *r = parse_pose("seated-wall-angel-low", &diags);
	assert_non_null(r);
	assert_true(r->exercises[0].steps[0].poses[0].sit == 1);
	mb_routine_destroy(r);
	assert_null(parse_pose("seated-twst", &diags));
	assert_true(strstr(diags.items[0].message, "did you mean 'seated-twist'") != NULL);
}

/* The arrow helper: where the running cue starts and ends. */
static void test_cue_ends_give_the_move(void **state)
{
	struct mb_routine *r = load_builtin("shoulder-reset");
	struct mb_timeline *tl = mb_timeline_create(r, 0.0);
	const struct mb_cue *move = find_cue(tl, 1, MB_CUE_MOVE, MB_SIDE_NONE, 1);
	struct mb_pose from, to;
	size_t i = mb_pose_cue_ends(tl, move->t_us + 1, &from, &to);
	assert_ptr_equal(&tl->cues[i], move);
	/* The second move of the first rep spreads the blades that the first drew together. */
	assert_true(from.shoulder_pull > 0.99);
	assert_true(to.shoulder_pull < -0.99);
	mb_timeline_destroy(tl);
	mb_routine_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_library_name_resolves),
		cmocka_unit_test(test_library_poses_say_what_their_names_say),
		cmocka_unit_test(test_mirror_swaps_sides_and_is_its_own_inverse),
		cmocka_unit_test(test_mix_goes_from_one_pose_to_the_other),
		cmocka_unit_test(test_views_come_from_the_exercises),
		cmocka_unit_test(test_every_builtin_step_names_a_pose),
		cmocka_unit_test(test_move_paces_over_the_whole_cue),
		cmocka_unit_test(test_hold_settles_then_keeps_still),
		cmocka_unit_test(test_roll_passes_through_key_poses_in_order),
		cmocka_unit_test(test_breath_rises_and_falls_in_a_paced_hold),
		cmocka_unit_test(test_right_side_is_mirrored),
		cmocka_unit_test(test_steps_without_poses_inherit),
		cmocka_unit_test(test_poses_change_smoothly_over_whole_routines),
		cmocka_unit_test(test_cue_ends_give_the_move),
		cmocka_unit_test(test_every_contract_name_and_its_seated_form_exists),
		cmocka_unit_test(test_seated_form_keeps_the_upper_body_and_sits),
		cmocka_unit_test(test_new_poses_say_what_their_names_say),
		cmocka_unit_test(test_mirror_covers_the_new_fields),
		cmocka_unit_test(test_mix_interpolates_the_new_fields),
		cmocka_unit_test(test_mapping_keys_set_the_new_joints),
		cmocka_unit_test(test_mapping_keys_reject_bad_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

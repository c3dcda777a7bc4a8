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
	static char buf[1 << 16];
	size_t len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	return parse_text(buf);
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
	const char *names[] = { "shoulder-reset", "micro-reset" };
	for (size_t n = 0; n < 2; n++) {
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

/* The figure never jumps: every 50 ms of both built-in routines it moves only a little. */
static void test_poses_change_smoothly_over_whole_routines(void **state)
{
	const char *names[] = { "shoulder-reset", "micro-reset" };
	for (size_t n = 0; n < 2; n++) {
		struct mb_routine *r = load_builtin(names[n]);
		for (double level = 0; level <= 1; level += 0.5) {
			struct mb_timeline *tl = mb_timeline_create(r, level);
			struct mb_pose prev = pose_at(tl, 0);
			for (int64_t t = MS(50); t <= tl->total_us; t += MS(50)) {
				struct mb_pose p = pose_at(tl, t);
				double deg = fabs(p.head_tilt_deg - prev.head_tilt_deg) +
					fabs(p.head_nod_deg - prev.head_nod_deg) +
					fabs(p.arm_raise_deg[0] - prev.arm_raise_deg[0]) +
					fabs(p.elbow_deg[1] - prev.elbow_deg[1]);
				double unit = fabs(p.shoulder_lift - prev.shoulder_lift) +
					fabs(p.shoulder_pull - prev.shoulder_pull) +
					fabs(p.clasp - prev.clasp) + fabs(p.breath - prev.breath);
				if (deg > 15 || unit > 0.35)
					fail_msg("%s jumps at %lld ms: %.1f degrees, %.2f",
						names[n], (long long)(t / 1000), deg, unit);
				prev = p;
			}
			mb_timeline_destroy(tl);
		}
		mb_routine_destroy(r);
	}
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

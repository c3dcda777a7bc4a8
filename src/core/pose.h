/* Poses of the coached figure: a few joint angles, a library of named poses, and the pose at a time. */
#ifndef MB_CORE_POSE_H
#define MB_CORE_POSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A move may pass through this many poses in turn. */
#define MB_POSE_KEYS_MAX 4

/** Which way the figure is seen. */
enum mb_view {
	MB_VIEW_FRONT,
	MB_VIEW_BACK,
	MB_VIEW_SIDE,
};

/** Arm index into the per-arm fields: the figure's own left and right. */
enum mb_arm {
	MB_ARM_LEFT,
	MB_ARM_RIGHT,
};

/**
 * The figure's joints. Angles in degrees; "left" is the figure's own left.
 * Every field but view interpolates linearly, so a pose halfway between two
 * poses is their average.
 */
struct mb_pose {
	enum mb_view view;
	/* Head: tilt toward the left shoulder (+) or the right (-); turn to the left (+);
	 * nod, chin down (+) or up (-). */
	double head_tilt_deg, head_turn_deg, head_nod_deg;
	/* Shoulder girdle: -1 pressed down .. 0 relaxed .. 1 up at the ears. */
	double shoulder_lift;
	/* -1 rounded forward, shoulder blades spread .. 1 drawn back, blades squeezed. */
	double shoulder_pull;
	/* Upper arm raised forward from hanging (0) to overhead (180), and out to the side
	 * (0..90); elbow bend, 0 straight. Index with enum mb_arm. */
	double arm_raise_deg[2], arm_out_deg[2], elbow_deg[2];
	/* 0 hands apart .. 1 hands clasped together. */
	double clasp;
	/* Forward bend of the trunk at the hips, and rounding of the upper back 0..1. */
	double trunk_lean_deg, back_round;
	/* 1: a wall in front of the figure, its forearms resting on it. */
	double wall;
	/* 0 breathed out .. 1 breathed in; only mb_pose_at sets it. */
	double breath;
};

/* Limits a routine file may give, checked by the loader. */
#define MB_POSE_HEAD_TILT_MAX 60.0
#define MB_POSE_HEAD_TURN_MAX 80.0
#define MB_POSE_ARM_RAISE_MAX 180.0
#define MB_POSE_ARM_OUT_MAX 90.0
#define MB_POSE_ELBOW_MAX 150.0
#define MB_POSE_TRUNK_MIN (-20.0)
#define MB_POSE_TRUNK_MAX 60.0

/** The neutral pose: standing tall, arms hanging, seen from the front. */
struct mb_pose mb_pose_standing(void);

/**
 * Look up a built-in pose by name ("blades-squeezed"). Returns false when
 * there is no such pose; *out is then left alone.
 */
bool mb_pose_named(const char *name, struct mb_pose *out);

/** The name of built-in pose i in the library (0-based), or NULL past the end. */
const char *mb_pose_name(size_t i);

/** The pose mirrored left to right: what a left-side pose looks like done on the right. */
struct mb_pose mb_pose_mirror(struct mb_pose pose);

/** The pose a share u (0..1) of the way from a to b; the view is a's. */
struct mb_pose mb_pose_mix(const struct mb_pose *a, const struct mb_pose *b, double u);

struct mb_timeline;

/**
 * The figure's pose at offset t_us of a timeline. Each step's pose (from
 * the routine file; a step without one keeps the pose before it, a release
 * goes back to the exercise's pose) is reached at the pace of its cue: a move,
 * release, reverse or switch eases over its whole length, passing through
 * every key pose of the step in turn; a hold or rest settles within its first
 * second and then stays still; inside breathing cues the breath field rises
 * on the in-breath and falls on the out-breath. On the right side of a
 * both-sides exercise the poses are mirrored. Offsets before 0 or past the
 * end give the first or last pose. The view is the exercise's.
 */
void mb_pose_at(const struct mb_timeline *timeline, int64_t t_us, struct mb_pose *pose);

/**
 * Where the cue running at t_us moves the figure from and to, for drawing
 * motion arrows: *from is the pose at the start of that cue, *to where it
 * ends, and the return value is the cue's index. A cue that does not move
 * the figure gives equal poses.
 */
size_t mb_pose_cue_ends(const struct mb_timeline *timeline, int64_t t_us, struct mb_pose *from,
	struct mb_pose *to);

#endif

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

/** Side index into the per-arm, per-hand and per-leg fields: the figure's own left and right. */
enum mb_arm {
	MB_ARM_LEFT,
	MB_ARM_RIGHT,
};

/**
 * Places a hand can rest, each relative to its own hand: the weights in
 * mb_pose.hand_place say how far the hand has gone there (0 where the arm's
 * angles put it .. 1 there), so a hand slides smoothly to its place.
 */
enum mb_place {
	MB_PLACE_BELLY, /* flat on the belly */
	MB_PLACE_CHEST, /* flat on the breastbone */
	MB_PLACE_HEAD, /* fingers laced behind the head */
	MB_PLACE_EYES, /* palm cupped over the eye on its own side */
	MB_PLACE_MIDDLE, /* meeting the other hand in front of the chest (prayer) */
	MB_PLACE_THIGH, /* resting on its own thigh */
	MB_PLACE_KNEE_OTHER, /* across the body on the other leg's knee or thigh (a twist) */
	MB_PLACES,
};

/**
 * The figure's joints. Angles in degrees; "left" is the figure's own left;
 * per-side fields are indexed with enum mb_arm. Every field but view
 * interpolates linearly, so a pose halfway between two poses is their
 * average. All zero is standing tall, arms hanging, eyes open and level.
 */
struct mb_pose {
	enum mb_view view;
	/* Head: tilt toward the left shoulder (+) or the right (-); turn to the left (+);
	 * nod, chin down (+) or up (-). */
	double head_tilt_deg, head_turn_deg, head_nod_deg;
	/* 0 .. 1 the head glided straight back, level, over the shoulders (a chin tuck). */
	double head_glide;
	/* Shoulder girdle: -1 pressed down .. 0 relaxed .. 1 up at the ears. */
	double shoulder_lift;
	/* -1 rounded forward, shoulder blades spread .. 1 drawn back, blades squeezed. */
	double shoulder_pull;
	/* Upper arm raised forward from hanging (0) to overhead (180), and out to the side
	 * (90 level with the shoulder, 180 overhead); elbow bend, 0 straight. */
	double arm_raise_deg[2], arm_out_deg[2], elbow_deg[2];
	/* Upper arm turned about its own length: 0 the bent elbow brings the forearm
	 * forward, 90 the forearm swings up (arms out in a goalpost), -90 down. */
	double arm_twist_deg[2];
	/* Wrist: extended (+, fingers toward the back of the hand: up with the palm down)
	 * or flexed (-, fingers toward the palm). */
	double wrist_deg[2];
	/* Fingers, 0..1: bent at the knuckles (tabletop, fist) and curled at the middle and
	 * end joints (hook, fist). */
	double knuckle_bend[2], finger_curl[2];
	/* Where the hands rest: weights 0..1 of enum mb_place, per hand. */
	double hand_place[2][MB_PLACES];
	/* 0 hands apart .. 1 hands clasped together. */
	double clasp;
	/* Forward bend of the trunk at the hips, and rounding of the upper back: 0 .. 1
	 * rounded, -1 arched back. */
	double trunk_lean_deg, back_round;
	/* The trunk turned to the left (+) and bent sideways toward the left (+). */
	double trunk_turn_deg, trunk_side_deg;
	/* Legs: thigh raised forward (+) or back (-) from hanging, knee bend, and the heel
	 * lifted 0..1 onto the ball of the foot. */
	double hip_deg[2], knee_deg[2], heel_lift[2];
	/* 0 standing .. 1 sitting tall on a chair (hips and knees at 90 degrees, feet flat,
	 * on top of hip_deg and knee_deg); a chair is drawn whenever it is above 0. */
	double sit;
	/* Eyes: 0 open .. 1 closed; gaze held on something near (a hand before the face) or
	 * far (the distance), 0..1 each, drawn as a line of sight; gaze up (+) or down. */
	double eyes_closed, gaze_near, gaze_far, gaze_up_deg;
	/* Props, 0..1: a wall in front, the forearms resting on it; a wall behind, the back
	 * against it; a door frame, the forearms against its sides. */
	double wall, wall_behind, door;
	/* 0 breathed out .. 1 breathed in; only mb_pose_at sets it. */
	double breath;
};

/* Limits a routine file may give, checked by the loader. */
#define MB_POSE_HEAD_TILT_MAX 60.0
#define MB_POSE_HEAD_TURN_MAX 80.0
#define MB_POSE_ARM_RAISE_MIN (-60.0)
#define MB_POSE_ARM_RAISE_MAX 180.0
#define MB_POSE_ARM_OUT_MAX 180.0
#define MB_POSE_ARM_TWIST_MAX 90.0
#define MB_POSE_ELBOW_MAX 150.0
#define MB_POSE_WRIST_MAX 80.0
#define MB_POSE_TRUNK_MIN (-20.0)
#define MB_POSE_TRUNK_MAX 60.0
#define MB_POSE_TRUNK_TURN_MAX 60.0
#define MB_POSE_TRUNK_SIDE_MAX 30.0
#define MB_POSE_HIP_MIN (-30.0)
#define MB_POSE_HIP_MAX 110.0
#define MB_POSE_KNEE_MAX 130.0
#define MB_POSE_GAZE_UP_MAX 30.0

/* A pose name with this in front is the same pose sitting on a chair. */
#define MB_POSE_SEATED_PREFIX "seated-"

/** The neutral pose: standing tall, arms hanging, seen from the front. */
struct mb_pose mb_pose_standing(void);

/**
 * Look up a built-in pose by name ("blades-squeezed"), or the seated form of
 * one ("seated-blades-squeezed", see mb_pose_seated). Returns false when there
 * is no such pose; *out is then left alone.
 */
bool mb_pose_named(const char *name, struct mb_pose *out);

/**
 * The name of built-in pose i (0-based), or NULL past the end: first every
 * pose of the library, then the seated form of each that has one. The names
 * are static strings.
 */
const char *mb_pose_name(size_t i);

/**
 * The same upper body sitting tall on a chair: hips and knees at 90 degrees,
 * feet flat, whatever the legs did standing; only lifted heels and a knee
 * lifted to hip height (a march) stay, as they can be done sitting.
 */
struct mb_pose mb_pose_seated(struct mb_pose pose);

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

/* What the figure's three files share: its measures, its skeleton, projection and framing. */
#ifndef MB_RENDER_FIGURE_INTERNAL_H
#define MB_RENDER_FIGURE_INTERNAL_H

#include <math.h>
#include <stdbool.h>

#include <cairo.h>

#include "core/pose.h"

#define DEG (M_PI / 180.0)
/* How many samples a motion arrow follows along its cue. */
#define ARROW_SAMPLES 24

/* Lengths in figure units (a head is about 1.1 tall); hips at 0 when standing. */
#define UPPER_ARM 1.45
#define FOREARM 1.25
#define PALM 0.46
#define THIGH 2.0
#define SHIN 1.95
#define ANKLE_HEIGHT 0.18
#define HIP_WIDTH 0.44
/* Where the soles stand: the feet of a figure standing tall. */
#define GROUND_Y (-0.05 - THIGH - SHIN - ANKLE_HEIGHT)
/* The smallest frame, so that a narrow pose is not blown up; and the space around the figure. */
#define FRAME_MIN_W 5.6
#define FRAME_MIN_H 6.4
#define FRAME_MARGIN 0.5
/* Where a wall stands in front of the figure: a forearm's width beyond the elbows on it. */
#define WALL_Z 1.8
/* The sides of a door frame, just outside the elbows of arms held out in a goalpost. */
#define DOOR_X 2.66
#define DOOR_POST 0.26
/* The chair, from where the hips of a seated figure are. */
#define SEAT_BELOW_HIP 0.34
#define SEAT_BACK 0.62
#define SEAT_FRONT 1.45
#define CHAIR_BACK_HEIGHT 1.9

struct vec3 {
	double x, y, z;
};

struct vec2 {
	double x, y;
};

struct rgb {
	double r, g, b;
};

struct theme {
	/* prop: furniture and walls, drawn behind the figure; panel: a wall seen face on. */
	struct rgb bg, body, far, accent, detail, ground, prop, panel;
};

/** The colours of the light and the dark figure. */
extern const struct theme mb_figure_light_theme, mb_figure_dark_theme;

/* Where the joints are, in figure space: x the figure's left, y up, z forward. */
struct skeleton {
	/* The neck's direction, the head's long axis and where the face looks. */
	struct vec3 hip, chest, neck, head, neck_dir, head_dir, face_dir;
	/* Unit vectors of the upper trunk (up, forward, to the figure's left) and of the pelvis. */
	struct vec3 up, fwd, side, low_up, low_fwd, low_side;
	/* Per arm, index enum mb_arm: the hand's long axis and its palm's normal. */
	struct vec3 shoulder[2], elbow[2], wrist[2], hand[2], hand_dir[2], palm[2];
	double knuckle[2], curl[2];
	struct vec3 hip_joint[2], knee[2], ankle[2], heel[2], ball[2], toe[2];
	/* Shoulder blades: centre, and how far apart they are drawn. */
	struct vec3 blade[2];
	double clasp, breath, back_round, pull, glide;
	double eyes_closed, gaze_near, gaze_far, gaze_up;
	/* Props: how present each is (0..1) and where it stands. */
	double wall, wall_z, wall_behind, wall_behind_z, door, door_z, chair;
	struct vec3 seat;
};

/* A region of the drawing plane (y down), what a frame shows. */
struct box {
	double left, right, top, bottom;
};

static inline struct vec3 v3(double x, double y, double z)
{
	return (struct vec3){ x, y, z };
}

static inline struct vec3 add(struct vec3 a, struct vec3 b)
{
	return v3(a.x + b.x, a.y + b.y, a.z + b.z);
}

static inline struct vec3 sub(struct vec3 a, struct vec3 b)
{
	return v3(a.x - b.x, a.y - b.y, a.z - b.z);
}

static inline struct vec3 scale(struct vec3 a, double k)
{
	return v3(a.x * k, a.y * k, a.z * k);
}

static inline struct vec3 along(struct vec3 from, struct vec3 dir, double len)
{
	return add(from, scale(dir, len));
}

static inline double dot(struct vec3 a, struct vec3 b)
{
	return a.x * b.x + a.y * b.y + a.z * b.z;
}

static inline struct vec3 cross(struct vec3 a, struct vec3 b)
{
	return v3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}

static inline double norm(struct vec3 a)
{
	return sqrt(dot(a, a));
}

/* a scaled to length 1, or fallback when a has no direction. */
static inline struct vec3 unit_or(struct vec3 a, struct vec3 fallback)
{
	double n = norm(a);
	return n > 1e-9 ? scale(a, 1 / n) : fallback;
}

/* The part of a square to dir (a unit vector). */
static inline struct vec3 square_to(struct vec3 a, struct vec3 dir)
{
	return sub(a, scale(dir, dot(a, dir)));
}

static inline struct vec3 mix3(struct vec3 a, struct vec3 b, double u)
{
	return add(a, scale(sub(b, a), u));
}

static inline double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/** The skeleton of pose: every joint placed from its angles, and the props. */
void mb_figure_build(const struct mb_pose *p, struct skeleton *s);

/** Figure space to the drawing plane of view (before the frame transform). */
struct vec2 mb_figure_project(enum mb_view view, struct vec3 p);

/** Set cr's source colour. */
void mb_figure_set_rgb(cairo_t *cr, struct rgb c);

/** A box holding nothing yet; mb_figure_box_take grows it. */
struct box mb_figure_box_empty(void);

/** Grow b to hold the whole figure in pose, with its props, seen from v. */
void mb_figure_box_take(struct box *b, enum mb_view v, const struct mb_pose *pose);

/** Give b its margin and at least the smallest frame's size. */
void mb_figure_box_finish(struct box *b);

/** Set cr so that b maps into (x, y, w, h), centred, its aspect kept. */
void mb_figure_frame(cairo_t *cr, const struct box *b, double x, double y, double w, double h);

/** Fill (x, y, w, h) with the background and draw pose in it, framed as b says. */
void mb_figure_draw_framed(cairo_t *cr, const struct mb_pose *pose, const struct box *b, double x,
	double y, double w, double h, bool dark);

#endif

/*
 * The coached figure in vector strokes: a simple 3D skeleton built from the
 * pose's joint angles, seen from the front, the back or the side, drawn as
 * rounded limbs over a smoothly shaped trunk, with its props (a chair, a
 * wall, a door frame), the shoulder blades, the line of sight and motion
 * arrows in an accent colour.
 */
#include <math.h>
#include <stddef.h>

#include "render/figure.h"

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

static const struct theme light_theme = {
	.bg = { 0.965, 0.957, 0.937 },
	.body = { 0.19, 0.25, 0.32 },
	.far = { 0.50, 0.57, 0.64 },
	.accent = { 0.88, 0.44, 0.16 },
	.detail = { 0.965, 0.957, 0.937 },
	.ground = { 0.78, 0.76, 0.72 },
	.prop = { 0.72, 0.69, 0.64 },
	.panel = { 0.925, 0.912, 0.885 },
};

static const struct theme dark_theme = {
	.bg = { 0.12, 0.13, 0.15 },
	.body = { 0.90, 0.89, 0.86 },
	.far = { 0.55, 0.58, 0.62 },
	.accent = { 0.96, 0.62, 0.30 },
	.detail = { 0.12, 0.13, 0.15 },
	.ground = { 0.32, 0.34, 0.37 },
	.prop = { 0.38, 0.40, 0.44 },
	.panel = { 0.16, 0.17, 0.20 },
};

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

static struct vec3 v3(double x, double y, double z)
{
	return (struct vec3){ x, y, z };
}

static struct vec3 add(struct vec3 a, struct vec3 b)
{
	return v3(a.x + b.x, a.y + b.y, a.z + b.z);
}

static struct vec3 sub(struct vec3 a, struct vec3 b)
{
	return v3(a.x - b.x, a.y - b.y, a.z - b.z);
}

static struct vec3 scale(struct vec3 a, double k)
{
	return v3(a.x * k, a.y * k, a.z * k);
}

static struct vec3 along(struct vec3 from, struct vec3 dir, double len)
{
	return add(from, scale(dir, len));
}

static double dot(struct vec3 a, struct vec3 b)
{
	return a.x * b.x + a.y * b.y + a.z * b.z;
}

static struct vec3 cross(struct vec3 a, struct vec3 b)
{
	return v3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}

static double norm(struct vec3 a)
{
	return sqrt(dot(a, a));
}

/* a scaled to length 1, or fallback when a has no direction. */
static struct vec3 unit_or(struct vec3 a, struct vec3 fallback)
{
	double n = norm(a);
	return n > 1e-9 ? scale(a, 1 / n) : fallback;
}

/* The part of a square to dir (a unit vector). */
static struct vec3 square_to(struct vec3 a, struct vec3 dir)
{
	return sub(a, scale(dir, dot(a, dir)));
}

static struct vec3 mix3(struct vec3 a, struct vec3 b, double u)
{
	return add(a, scale(sub(b, a), u));
}

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A limb direction: raised forward by raise from hanging, out to the side by out. */
static struct vec3 limb_dir(double raise_deg, double out_deg, double sign)
{
	double a = raise_deg * DEG, b = out_deg * DEG;
	return v3(sign * sin(b), -cos(a) * cos(b), sin(a) * cos(b));
}

/* Turn p about the vertical through pivot by turn (to the left), after bending sideways by side. */
static struct vec3 rotate_trunk(struct vec3 p, struct vec3 pivot, double side, double turn)
{
	struct vec3 d = sub(p, pivot);
	struct vec3 b = v3(d.x * cos(side) + d.y * sin(side), -d.x * sin(side) + d.y * cos(side),
		d.z);
	struct vec3 t = v3(b.x * cos(turn) + b.z * sin(turn), b.y,
		-b.x * sin(turn) + b.z * cos(turn));
	return add(pivot, t);
}

static struct vec3 rotate_dir(struct vec3 d, double side, double turn)
{
	return rotate_trunk(d, v3(0, 0, 0), side, turn);
}

/*
 * The elbow of an arm from shoulder s whose wrist reaches for target t:
 * on the circle of elbows that fit, the one nearest hint. Sets *wrist
 * to t, or as near as a straight arm gets.
 */
static struct vec3 reach(struct vec3 s, struct vec3 t, struct vec3 hint, struct vec3 *wrist)
{
	struct vec3 u = unit_or(sub(t, s), v3(0, -1, 0));
	double d = clampd(norm(sub(t, s)), fabs(UPPER_ARM - FOREARM) + 0.05,
		UPPER_ARM + FOREARM - 0.02);
	*wrist = along(s, u, d);
	double x = (UPPER_ARM * UPPER_ARM - FOREARM * FOREARM + d * d) / (2 * d);
	double r = sqrt(fmax(0, UPPER_ARM * UPPER_ARM - x * x));
	struct vec3 out = unit_or(square_to(sub(hint, s), u),
		unit_or(square_to(v3(0, -1, 0), u), v3(1, 0, 0)));
	return add(along(s, u, x), scale(out, r));
}

/* The legs, relative to the hips at 0: thighs, shins and feet, the feet a little turned out. */
static void build_legs(const struct mb_pose *p, struct skeleton *s)
{
	double sit = clampd(p->sit, 0, 1);
	for (int a = 0; a < 2; a++) {
		double sign = a == MB_ARM_LEFT ? 1 : -1;
		double heel = clampd(p->heel_lift[a], 0, 1);
		/* Sitting, lifted heels raise the knee: the foot tips over its ball. */
		double lift = heel * sit * 10;
		double thigh = clampd(p->hip_deg[a], -40, 120) + sit * 90 + lift;
		double knee = clampd(p->knee_deg[a], 0, 140) + sit * 90 + lift;
		s->hip_joint[a] = v3(sign * HIP_WIDTH, -0.05, 0);
		struct vec3 td = v3(sign * 0.03, -cos(thigh * DEG), sin(thigh * DEG));
		s->knee[a] = along(s->hip_joint[a], td, THIGH);
		double shin = (thigh - knee) * DEG;
		s->ankle[a] = along(s->knee[a], v3(0, -cos(shin), sin(shin)), SHIN);
		/* The foot points its toes down as the heel lifts, pivoting near the ball. */
		double pitch = heel * 50 * DEG, out = sign * 10 * DEG;
		struct vec3 fwd = v3(sin(out) * cos(pitch), -sin(pitch), cos(out) * cos(pitch));
		struct vec3 down = v3(-sin(out) * sin(pitch), -cos(pitch), cos(out) * -sin(pitch));
		struct vec3 sole = along(s->ankle[a], down, ANKLE_HEIGHT);
		s->heel[a] = along(sole, fwd, -0.22);
		s->ball[a] = along(sole, fwd, 0.5);
		s->toe[a] = along(along(sole, fwd, 0.74), down, -0.05);
	}
}

/* The placed hand's wrist target, long axis and palm, for place k of arm a; false: none. */
static bool place_target(const struct skeleton *s, int a, enum mb_place k, double sit,
	struct vec3 *wrist, struct vec3 *dir, struct vec3 *palm)
{
	double sign = a == MB_ARM_LEFT ? 1 : -1;
	struct vec3 inward = scale(s->side, -sign);
	struct vec3 c;
	switch (k) {
	case MB_PLACE_BELLY:
		c = along(along(s->hip, s->low_up, 0.8), s->low_fwd, 0.5);
		*dir = unit_or(add(inward, scale(s->low_up, -0.15)), inward);
		*palm = scale(s->low_fwd, -1);
		*wrist = along(c, *dir, -0.4);
		return true;
	case MB_PLACE_CHEST:
		c = along(along(s->chest, s->up, 0.55), s->fwd, 0.56);
		*dir = unit_or(add(inward, scale(s->up, 0.2)), inward);
		*palm = scale(s->fwd, -1);
		*wrist = along(c, *dir, -0.4);
		return true;
	case MB_PLACE_HEAD:
		c = along(along(s->head, s->face_dir, -0.56), s->head_dir, 0.08);
		*dir = inward;
		*palm = s->face_dir;
		*wrist = along(c, *dir, -0.45);
		return true;
	case MB_PLACE_EYES: {
		struct vec3 ear = unit_or(cross(s->head_dir, s->face_dir), s->side);
		c = along(along(along(s->head, s->face_dir, 0.62), ear, sign * 0.2), s->head_dir,
			0.1);
		*dir = unit_or(add(s->head_dir, scale(ear, -sign * 0.35)), s->head_dir);
		*palm = scale(s->face_dir, -1);
		*wrist = along(c, *dir, -0.5);
		return true;
	}
	case MB_PLACE_MIDDLE:
		*wrist = add(along(along(s->chest, s->up, 0.3), s->fwd, 1.05),
			scale(s->side, sign * 0.1));
		return false;
	case MB_PLACE_THIGH:
	case MB_PLACE_KNEE_OTHER: {
		int leg = k == MB_PLACE_THIGH ? a : 1 - a;
		struct vec3 td = unit_or(sub(s->knee[leg], s->hip_joint[leg]), v3(0, -1, 0));
		/* The top of the thigh when sitting, its front when standing. */
		struct vec3 top = unit_or(square_to(v3(0, 0.3, 1), td), v3(0, 0, 1));
		if (sit > 0.01)
			top = unit_or(mix3(top, unit_or(square_to(v3(0, 1, 0), td), top), sit),
				top);
		double at = k == MB_PLACE_THIGH ? 0.5 + 0.2 * sit : 0.35 + 0.55 * sit;
		c = along(along(s->hip_joint[leg], td, THIGH * at), top, 0.36);
		if (k == MB_PLACE_KNEE_OTHER)
			c = add(c, scale(inward, 0.12));
		*dir = td;
		*palm = scale(top, -1);
		*wrist = along(c, td, -0.4);
		return true;
	}
	case MB_PLACES:
		break;
	}
	return false;
}

/* Arm a from its angles, then brought to the places its hand rests. */
static void build_arm(const struct mb_pose *p, struct skeleton *s, int a, double lean, double sit)
{
	double sign = a == MB_ARM_LEFT ? 1 : -1;
	double raise = clampd(p->arm_raise_deg[a], -70, 190) + lean / DEG * 0.3;
	/* Arms hang a little away from the body, as relaxed arms do. */
	double out = clampd(p->arm_out_deg[a], 0, 190) + 4;
	double elbow = clampd(p->elbow_deg[a], 0, 160) * DEG;
	double twist = clampd(p->arm_twist_deg[a], -100, 100) * DEG;
	struct vec3 ud = limb_dir(raise, out, sign);
	/* The bend with no twist brings the forearm forward and up; the twist turns that about
	 * the upper arm, so a goalpost's forearms point up whatever the arm's angles. */
	struct vec3 bend = v3(0, sin(raise * DEG), cos(raise * DEG));
	bend = add(scale(bend, cos(twist)), scale(cross(ud, bend), -sign * sin(twist)));
	struct vec3 fd = add(scale(ud, cos(elbow)), scale(bend, sin(elbow)));
	s->elbow[a] = along(s->shoulder[a], ud, UPPER_ARM);
	s->wrist[a] = along(s->elbow[a], fd, FOREARM);
	/* Clasped hands meet in the middle, the elbows following a little. */
	double clasp = s->clasp;
	s->elbow[a].x += (sign * 0.55 * fabs(s->elbow[a].x) - s->elbow[a].x) * 0.45 * clasp;
	s->wrist[a].x += (sign * 0.12 - s->wrist[a].x) * clasp;
	fd = unit_or(sub(s->wrist[a], s->elbow[a]), fd);

	/* Turn with the trunk, about the hips. */
	double side = clampd(p->trunk_side_deg, -40, 40) * DEG;
	double turn = clampd(p->trunk_turn_deg, -70, 70) * DEG;
	struct vec3 pivot = along(s->hip, s->low_up, 0.6);
	s->elbow[a] = rotate_trunk(s->elbow[a], pivot, side, turn);
	s->wrist[a] = rotate_trunk(s->wrist[a], pivot, side, turn);
	fd = rotate_dir(fd, side, turn);

	/* Where the hand goes: a mix of its places, reached with the elbow where the angles put it. */
	double weight = 0;
	struct vec3 target = v3(0, 0, 0), dir = v3(0, 0, 0), palm = v3(0, 0, 0);
	double dir_weight = 0;
	for (int k = 0; k < MB_PLACES; k++) {
		double w = clampd(p->hand_place[a][k], 0, 1);
		if (w <= 0)
			continue;
		struct vec3 tw, td, tp;
		bool oriented = place_target(s, a, (enum mb_place)k, sit, &tw, &td, &tp);
		target = along(target, tw, w);
		weight += w;
		if (oriented) {
			dir = along(dir, td, w);
			palm = along(palm, tp, w);
			dir_weight += w;
		}
	}
	if (weight > 1e-6) {
		struct vec3 t = mix3(s->wrist[a], scale(target, 1 / weight), fmin(weight, 1));
		s->elbow[a] = reach(s->shoulder[a], t, s->elbow[a], &s->wrist[a]);
		fd = unit_or(sub(s->wrist[a], s->elbow[a]), fd);
	}

	/* The palm faces down and in, turning to face back as the forearm rises; then the wrist
	 * bends the hand toward the back of the hand (extended) or the palm (flexed). */
	struct vec3 ref = rotate_dir(v3(-sign * 0.5, -0.8, -0.6), side, turn);
	struct vec3 n = unit_or(square_to(ref, fd), unit_or(square_to(v3(0, -1, 0), fd), s->fwd));
	double wrist = clampd(p->wrist_deg[a], -90, 90) * DEG;
	struct vec3 hd = sub(scale(fd, cos(wrist)), scale(n, sin(wrist)));
	struct vec3 hn = add(scale(n, cos(wrist)), scale(fd, sin(wrist)));
	if (dir_weight > 1e-6) {
		double u = fmin(dir_weight, 1) * fmin(weight, 1) / fmax(weight, 1e-6);
		hd = unit_or(mix3(hd, unit_or(dir, hd), u), hd);
		hn = unit_or(square_to(mix3(hn, unit_or(palm, hn), u), hd), hn);
	}
	s->hand_dir[a] = hd;
	s->palm[a] = hn;
	s->hand[a] = along(s->wrist[a], hd, 0.42);
	s->knuckle[a] = clampd(p->knuckle_bend[a], 0, 1);
	s->curl[a] = clampd(p->finger_curl[a], 0, 1);
}

static void shift_all(struct skeleton *s, struct vec3 d)
{
	struct vec3 *one[] = { &s->hip, &s->chest, &s->neck, &s->head };
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		*one[i] = add(*one[i], d);
	for (int a = 0; a < 2; a++) {
		struct vec3 *pts[] = { &s->shoulder[a], &s->elbow[a], &s->wrist[a], &s->hand[a],
			&s->blade[a], &s->hip_joint[a], &s->knee[a], &s->ankle[a], &s->heel[a],
			&s->ball[a], &s->toe[a] };
		for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++)
			*pts[i] = add(*pts[i], d);
	}
}

static void build(const struct mb_pose *p, struct skeleton *s)
{
	double lift = clampd(p->shoulder_lift, -1.5, 1.5) + 0.15 * p->breath;
	double pull = clampd(p->shoulder_pull, -1.5, 1.5);
	double round = clampd(p->back_round, -1.2, 1.5);
	double lean = clampd(p->trunk_lean_deg, -30, 80) * DEG;
	double upper = lean + (round * 16 + (pull < 0 ? -pull * 4 : 0)) * DEG;
	double side = clampd(p->trunk_side_deg, -40, 40) * DEG;
	double turn = clampd(p->trunk_turn_deg, -70, 70) * DEG;
	double sit = clampd(p->sit, 0, 1);
	s->breath = p->breath;
	s->back_round = round;
	s->pull = pull;
	s->clasp = clampd(p->clasp, 0, 1);
	s->glide = clampd(p->head_glide, 0, 1.2);
	s->eyes_closed = clampd(p->eyes_closed, 0, 1);
	s->gaze_near = clampd(p->gaze_near, 0, 1);
	s->gaze_far = clampd(p->gaze_far, 0, 1);
	s->gaze_up = clampd(p->gaze_up_deg, -40, 40) * DEG;

	build_legs(p, s);
	s->hip = v3(0, 0, 0);
	/* The pelvis tips with the lean; the chest turns and bends above it. */
	s->low_up = v3(0, cos(lean), sin(lean));
	s->low_fwd = v3(0, -sin(lean), cos(lean));
	s->low_side = v3(1, 0, 0);
	s->chest = along(s->hip, s->low_up, 1.55);
	s->up = v3(0, cos(upper), sin(upper));
	s->fwd = v3(0, -sin(upper), cos(upper));
	s->side = v3(1, 0, 0);
	s->neck = along(s->chest, s->up, 1.35);

	for (int a = 0; a < 2; a++) {
		double sign = a == MB_ARM_LEFT ? 1 : -1;
		struct vec3 sh = s->neck;
		sh = add(sh, v3(sign * (0.92 - 0.1 * pull), 0, 0));
		sh = along(sh, s->up, -0.3 + 0.34 * lift);
		sh = along(sh, s->fwd, -0.26 * pull);
		s->shoulder[a] = sh;
		/* Blades sit on the upper back below the shoulder, closer to the spine when squeezed. */
		struct vec3 bl = s->neck;
		bl = add(bl, v3(sign * (0.52 - 0.17 * pull), 0, 0));
		bl = along(bl, s->up, -0.95 + 0.3 * lift);
		bl = along(bl, s->fwd, -0.42 - 0.1 * round + (pull < 0 ? -pull * 0.12 : 0));
		s->blade[a] = bl;
	}

	/*
	 * The neck rises from the upper back but straightens most of its rounding,
	 * as people keep looking ahead; it bends sideways with a tilt. The head
	 * nods about its own middle, so a nod turns the face down without
	 * dropping the head onto the chest; a glide slides it straight back.
	 */
	double nod = clampd(p->head_nod_deg, -60, 60) * DEG;
	double tilt = clampd(p->head_tilt_deg, -70, 70) * DEG;
	double hturn = clampd(p->head_turn_deg, -90, 90) * DEG;
	double neck_angle = upper - (upper - lean) * 0.6;
	struct vec3 neck_up = v3(0, cos(neck_angle), sin(neck_angle));
	struct vec3 neck_fwd = v3(0, -sin(neck_angle), cos(neck_angle));
	struct vec3 xside = v3(1, 0, 0);
	s->neck_dir = add(scale(neck_up, cos(tilt)), scale(xside, sin(tilt)));
	s->head = along(along(s->neck, s->neck_dir, 0.95), neck_fwd,
		0.12 * sin(nod) - 0.42 * s->glide);
	struct vec3 d = add(scale(neck_up, cos(nod)), scale(neck_fwd, sin(nod)));
	s->head_dir = add(scale(d, cos(tilt)), scale(xside, sin(tilt)));
	struct vec3 face = add(scale(neck_fwd, cos(nod)), scale(neck_up, -sin(nod)));
	s->face_dir = add(scale(face, cos(hturn)), scale(xside, sin(hturn)));

	/* The whole upper body turns and bends above the waist. */
	struct vec3 pivot = along(s->hip, s->low_up, 0.6);
	struct vec3 *pts[] = { &s->chest, &s->neck, &s->head, &s->shoulder[0], &s->shoulder[1],
		&s->blade[0], &s->blade[1] };
	for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++)
		*pts[i] = rotate_trunk(*pts[i], pivot, side, turn);
	struct vec3 *dirs[] = { &s->up, &s->fwd, &s->side, &s->neck_dir, &s->head_dir,
		&s->face_dir };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		*dirs[i] = rotate_dir(*dirs[i], side, turn);
	/* The pelvis follows a fifth of the turn. */
	s->low_fwd = rotate_dir(s->low_fwd, 0, turn * 0.2);
	s->low_side = rotate_dir(s->low_side, 0, turn * 0.2);

	for (int a = 0; a < 2; a++)
		build_arm(p, s, a, lean, sit);

	/*
	 * The wall stays put and the forearms rest on it: the body stands back
	 * from it as far as the arms reach, so pressing the shoulders forward
	 * pushes the trunk back, as it does against a real wall.
	 */
	s->wall = clampd(p->wall, 0, 1);
	s->wall_z = WALL_Z;
	if (s->wall > 0) {
		double front = -10;
		for (int a = 0; a < 2; a++)
			front = fmax(front, fmax(s->elbow[a].z, s->wrist[a].z));
		shift_all(s, v3(0, 0, (WALL_Z - 0.24 - front) * s->wall));
	}

	/*
	 * Feet on the ground: the lowest point of a sole stands on it. Sitting
	 * down, the hips go back as far as the thighs reach, so the feet stay
	 * where they are and the chair does not move.
	 */
	double low = 1e9;
	for (int a = 0; a < 2; a++)
		low = fmin(low, fmin(s->heel[a].y, fmin(s->ball[a].y, s->toe[a].y)));
	shift_all(s, v3(0, GROUND_Y - low, -THIGH * sin(sit * M_PI / 2)));

	/* The chair is where a seated figure's hips are, whatever this pose does. */
	s->chair = clampd(sit * 4, 0, 1);
	s->seat = v3(0, GROUND_Y + ANKLE_HEIGHT + SHIN + 0.05 - SEAT_BELOW_HIP, -THIGH);

	/* A door frame stands where the back foot is: stepping through it leaves the arms behind. */
	s->door = clampd(p->door, 0, 1);
	s->door_z = fmin(s->ankle[0].z, s->ankle[1].z);
	for (int a = 0; a < 2 && s->door > 0; a++) {
		double sign = a == MB_ARM_LEFT ? 1 : -1;
		struct vec3 sh = s->shoulder[a];
		struct vec3 e = s->elbow[a];
		e.z += (s->door_z - e.z) * s->door;
		double dy = e.y - sh.y, dz = e.z - sh.z;
		e.x = sh.x + sign * sqrt(fmax(0, UPPER_ARM * UPPER_ARM - dy * dy - dz * dz));
		struct vec3 f = sub(s->wrist[a], s->elbow[a]);
		f.z *= 1 - s->door;
		f = scale(unit_or(f, v3(0, 1, 0)), FOREARM);
		struct vec3 move = sub(add(e, f), s->wrist[a]);
		s->elbow[a] = e;
		s->wrist[a] = add(s->wrist[a], move);
		s->hand[a] = add(s->hand[a], move);
	}

	/* A wall behind touches the back of the hips, the upper back and the head. */
	s->wall_behind = clampd(p->wall_behind, 0, 1);
	s->wall_behind_z = fmin(s->hip.z - 0.6,
		fmin(along(s->neck, s->up, -0.7).z - 0.5, s->head.z - 0.5));
}

/* Figure space to the drawing plane (before the frame transform). */
static struct vec2 project(enum mb_view view, struct vec3 p)
{
	switch (view) {
	case MB_VIEW_BACK:
		return (struct vec2){ -p.x, -p.y };
	case MB_VIEW_SIDE:
		return (struct vec2){ p.z, -p.y };
	case MB_VIEW_FRONT:
		break;
	}
	/* Facing us, the figure's left is on our right. */
	return (struct vec2){ p.x, -p.y };
}

/* The direction in figure space that the drawing plane's x follows. */
static struct vec3 across(enum mb_view view)
{
	switch (view) {
	case MB_VIEW_BACK:
		return v3(-1, 0, 0);
	case MB_VIEW_SIDE:
		return v3(0, 0, 1);
	case MB_VIEW_FRONT:
		break;
	}
	return v3(1, 0, 0);
}

/* How near the viewer a point is. */
static double depth(enum mb_view view, struct vec3 p)
{
	switch (view) {
	case MB_VIEW_BACK:
		return -p.z;
	case MB_VIEW_SIDE:
		return -p.x;
	case MB_VIEW_FRONT:
		break;
	}
	return p.z;
}

static void set_rgb(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void move_to(cairo_t *cr, enum mb_view v, struct vec3 p)
{
	struct vec2 q = project(v, p);
	cairo_move_to(cr, q.x, q.y);
}

static void line_to(cairo_t *cr, enum mb_view v, struct vec3 p)
{
	struct vec2 q = project(v, p);
	cairo_line_to(cr, q.x, q.y);
}

/* A round-capped stroke through points. */
static void stroke_path(cairo_t *cr, enum mb_view v, const struct vec3 *pts, size_t n, double width,
	struct rgb colour)
{
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	move_to(cr, v, pts[0]);
	for (size_t i = 1; i < n; i++)
		line_to(cr, v, pts[i]);
	cairo_set_line_width(cr, width);
	set_rgb(cr, colour);
	cairo_stroke(cr);
}

/* A limb as a round-capped stroke, with a gap of background around it so overlaps read. */
static void limb(cairo_t *cr, const struct theme *t, enum mb_view v, const struct vec3 *pts,
	size_t n, double width, struct rgb colour)
{
	stroke_path(cr, v, pts, n, width + 0.16, t->bg);
	stroke_path(cr, v, pts, n, width, colour);
}

/* A finger's direction bent by angle from the hand's axis toward the palm. */
static struct vec3 finger_dir(struct vec3 hd, struct vec3 palm, double angle)
{
	return add(scale(hd, cos(angle)), scale(palm, sin(angle)));
}

/*
 * The hand: a palm continuing the forearm, the four fingers as one stroke
 * bending toward the palm at the knuckles and at the middle and end joints,
 * and a thumb. Seen edge on, as a tendon glide is shown, the curl reads.
 */
static void draw_hand(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s,
	int a, struct rgb colour)
{
	struct vec3 w = s->wrist[a], hd = s->hand_dir[a], pn = s->palm[a];
	struct vec3 k = along(w, hd, PALM);
	double sign = a == MB_ARM_LEFT ? 1 : -1;
	struct vec3 radial = unit_or(cross(pn, hd), s->side);
	/* The thumb lies along the palm's edge, folding across the fingers in a fist. */
	double fist = s->knuckle[a] * s->curl[a];
	struct vec3 base = along(along(w, hd, 0.12), radial, sign * 0.08);
	struct vec3 tdir = unit_or(add(add(scale(hd, 0.9), scale(pn, 0.7 * fist)),
					   scale(radial, sign * 0.3)),
		hd);
	struct vec3 thumb[] = { base, along(base, tdir, 0.28) };
	/* Seen flat the fingers side by side are as wide as the palm; seen edge on, thin. */
	struct vec3 viewer = v == MB_VIEW_SIDE ? v3(-1, 0, 0) :
						 v3(0, 0, v == MB_VIEW_BACK ? -1 : 1);
	double flat = fabs(dot(pn, viewer));
	struct vec3 palm[] = { w, k };
	double pw = 0.24 + 0.14 * flat, fw = 0.15 + 0.17 * flat;
	double kn = s->knuckle[a] * 85 * DEG, cu = s->curl[a];
	struct vec3 f1 = along(k, finger_dir(hd, pn, kn), 0.3);
	struct vec3 f2 = along(f1, finger_dir(hd, pn, kn + cu * 100 * DEG), 0.2);
	struct vec3 f3 = along(f2, finger_dir(hd, pn, kn + cu * 175 * DEG), 0.15);
	struct vec3 fingers[] = { k, f1, f2, f3 };
	bool open = s->clasp <= 0.5;
	/* A rim of background from just past the wrist, so a hand over the body reads. */
	struct vec3 rim[] = { along(w, hd, 0.2), k };
	stroke_path(cr, v, rim, 2, pw + 0.1, t->bg);
	if (open) {
		stroke_path(cr, v, fingers, 4, fw + 0.1, t->bg);
		stroke_path(cr, v, thumb, 2, 0.24, t->bg);
	}
	stroke_path(cr, v, palm, 2, pw, colour);
	if (!open)
		return;
	/* Curled fingers come back over the palm: a thin gap keeps their shape. */
	if (cu > 0.3)
		stroke_path(cr, v, fingers + 1, 3, fw + 0.08, t->bg);
	stroke_path(cr, v, fingers, 4, fw, colour);
	stroke_path(cr, v, thumb, 2, 0.14, colour);
}

static void draw_arm(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s,
	int a, struct rgb colour)
{
	struct vec3 pts[] = { s->shoulder[a], s->elbow[a], s->wrist[a] };
	limb(cr, t, v, pts, 3, 0.44, colour);
	draw_hand(cr, t, v, s, a, colour);
}

static void draw_leg(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s,
	int a, struct rgb colour)
{
	/* One outlined stroke from hip to ankle, the thigh thickened over it, the foot last. */
	struct vec3 leg[] = { s->hip_joint[a], s->knee[a], s->ankle[a] };
	struct vec3 thigh[] = { s->hip_joint[a], mix3(s->hip_joint[a], s->knee[a], 0.8) };
	struct vec3 foot[] = { s->heel[a], s->ball[a], s->toe[a] };
	struct vec3 ankle[] = { s->ankle[a], mix3(s->heel[a], s->ball[a], 0.3) };
	limb(cr, t, v, leg, 3, 0.46, colour);
	stroke_path(cr, v, thigh, 2, 0.6, colour);
	stroke_path(cr, v, ankle, 2, 0.34, colour);
	stroke_path(cr, v, foot, 3, 0.26, colour);
}

/* A closed smooth curve through points (Catmull-Rom as Béziers). */
static void smooth_closed(cairo_t *cr, const struct vec2 *p, size_t n)
{
	cairo_move_to(cr, p[0].x, p[0].y);
	for (size_t i = 0; i < n; i++) {
		struct vec2 p0 = p[(i + n - 1) % n], p1 = p[i], p2 = p[(i + 1) % n],
			    p3 = p[(i + 2) % n];
		cairo_curve_to(cr, p1.x + (p2.x - p0.x) / 6, p1.y + (p2.y - p0.y) / 6,
			p2.x - (p3.x - p1.x) / 6, p2.y - (p3.y - p1.y) / 6, p2.x, p2.y);
	}
	cairo_close_path(cr);
}

/*
 * One slice of the trunk: an ellipse about centre c in the plane of side
 * and fwd, reaching left and right, to the front and to the back.
 */
struct slice {
	struct vec3 c, side, fwd;
	double left, right, front, back;
};

/* The point of a slice furthest along e (a unit vector). */
static struct vec3 slice_edge(const struct slice *k, struct vec3 e)
{
	struct vec3 c = along(along(k->c, k->side, (k->left - k->right) / 2), k->fwd,
		(k->front - k->back) / 2);
	struct vec3 ax = scale(k->side, (k->left + k->right) / 2);
	struct vec3 bz = scale(k->fwd, (k->front + k->back) / 2);
	double th = atan2(dot(e, bz), dot(e, ax));
	return add(c, add(scale(ax, cos(th)), scale(bz, sin(th))));
}

/*
 * The trunk's outline: slices from the seat to the neck, shaped as hips,
 * waist, ribs, chest and shoulders, whose edges seen from the view make
 * one smooth silhouette. A turned or bent trunk turns its slices, so the
 * outline follows in every view.
 */
static void trunk_path(cairo_t *cr, enum mb_view v, const struct skeleton *s)
{
	double b = s->breath, r = s->back_round;
	double rb = r > 0 ? r : 0, arch = r < 0 ? -r : 0;
	struct vec3 mid_sh = scale(add(s->shoulder[0], s->shoulder[1]), 0.5);
	double w_l = fabs(dot(sub(s->shoulder[0], mid_sh), s->side)) + 0.2;
	double w_r = fabs(dot(sub(s->shoulder[1], mid_sh), s->side)) + 0.2;
	struct slice k[] = {
		{ along(s->hip, s->low_up, -0.28), s->low_side, s->low_fwd, 0.62, 0.62, 0.4, 0.46 },
		{ along(s->hip, s->low_up, 0.2), s->low_side, s->low_fwd, 0.72, 0.72, 0.44, 0.52 },
		{ along(s->hip, s->low_up, 0.85), s->low_side, s->low_fwd, 0.62, 0.62,
			0.44 + 0.04 * b, 0.4 + 0.08 * arch },
		{ s->chest, s->side, s->fwd, 0.74, 0.74, 0.5 + 0.08 * b, 0.42 + 0.08 * rb },
		{ along(s->chest, s->up, 0.62), s->side, s->fwd, 0.82, 0.82, 0.5 + 0.1 * b,
			0.46 + 0.16 * rb },
		{ along(s->neck, s->up, -0.6), s->side, s->fwd, 0.88, 0.88, 0.42 + 0.06 * b,
			0.46 + 0.18 * rb },
		{ along(along(mid_sh, s->up, 0.14), s->fwd, 0.02), s->side, s->fwd, w_l, w_r, 0.28,
			0.36 + 0.1 * rb },
		{ along(s->neck, s->up, 0.04), s->side, s->fwd, 0.3, 0.3, 0.22, 0.24 },
	};
	size_t n = sizeof(k) / sizeof(k[0]);
	struct vec3 e = across(v);
	struct vec2 pts[2 * sizeof(k) / sizeof(k[0])];
	for (size_t i = 0; i < n; i++) {
		pts[i] = project(v, slice_edge(&k[i], e));
		pts[2 * n - 1 - i] = project(v, slice_edge(&k[i], scale(e, -1)));
	}
	smooth_closed(cr, pts, 2 * n);
}

static void draw_trunk(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s)
{
	trunk_path(cr, v, s);
	set_rgb(cr, t->body);
	cairo_fill(cr);
}

static void draw_blades(cairo_t *cr, const struct theme *t, enum mb_view v,
	const struct skeleton *s)
{
	if (v == MB_VIEW_FRONT)
		return;
	if (v == MB_VIEW_BACK) {
		/* The spine, then each blade as a rounded triangle, its inner edge upright. */
		cairo_set_line_width(cr, 0.06);
		set_rgb(cr, t->detail);
		move_to(cr, v, along(s->neck, s->up, -0.2));
		line_to(cr, v, along(s->hip, s->low_up, 0.25));
		cairo_stroke(cr);
		for (int a = 0; a < 2; a++) {
			double sign = a == MB_ARM_LEFT ? 1 : -1;
			struct vec3 c = s->blade[a];
			struct vec3 top_in = along(along(c, s->side, -sign * 0.16), s->up, 0.5);
			struct vec3 top_out = along(along(c, s->side, sign * 0.36), s->up, 0.42);
			struct vec3 tip = along(along(c, s->side, -sign * 0.06), s->up, -0.62);
			/* A triangle with softened corners, like the bone. */
			move_to(cr, v, top_in);
			line_to(cr, v, top_out);
			line_to(cr, v, tip);
			cairo_close_path(cr);
			set_rgb(cr, t->accent);
			cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
			cairo_set_line_width(cr, 0.14);
			cairo_stroke_preserve(cr);
			cairo_fill(cr);
		}
		return;
	}
	/* From the side only the near blade shows, gliding round the ribs as it spreads. */
	struct vec3 c = s->blade[MB_ARM_RIGHT];
	struct vec2 p[4] = {
		project(v, along(c, s->up, 0.48)),
		project(v, along(c, s->fwd, 0.22)),
		project(v, along(c, s->up, -0.55)),
		project(v, along(c, s->fwd, -0.12)),
	};
	smooth_closed(cr, p, 4);
	set_rgb(cr, t->accent);
	cairo_fill(cr);
}

/* The line across the face from ear to ear, toward the figure's left. */
static struct vec3 ear_line(const struct skeleton *s)
{
	return unit_or(cross(s->head_dir, s->face_dir), s->side);
}

/* Where an eye is, and whether it faces the viewer. */
static struct vec3 eye_at(const struct skeleton *s, int a)
{
	double sign = a == MB_ARM_LEFT ? 1 : -1;
	return along(along(along(s->head, s->face_dir, 0.3), ear_line(s), 0.19 * sign), s->head_dir,
		0.08);
}

static void draw_head(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s)
{
	struct vec2 c = project(v, s->head);
	struct vec2 d = project(v, along(s->head, s->head_dir, 1));
	double angle = atan2(d.y - c.y, d.x - c.x) + M_PI / 2;
	/* A ring of background parts the head from arms behind it, but not from its own neck. */
	cairo_save(cr);
	cairo_translate(cr, c.x, c.y);
	cairo_rotate(cr, angle);
	cairo_scale(cr, 0.47, 0.57);
	cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
	cairo_restore(cr);
	set_rgb(cr, t->bg);
	cairo_set_line_width(cr, 0.16);
	cairo_stroke(cr);
	struct vec3 neck[] = { along(s->neck, s->up, -0.3), along(s->head, s->head_dir, -0.25) };
	stroke_path(cr, v, neck, 2, 0.4, t->body);
	cairo_save(cr);
	cairo_translate(cr, c.x, c.y);
	cairo_rotate(cr, angle);
	cairo_scale(cr, 0.47, 0.57);
	cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
	cairo_restore(cr);
	set_rgb(cr, t->body);
	cairo_fill(cr);

	/*
	 * The nose in body colour: hidden by the head from the front, it shows
	 * from the side and when the head turns, in every view.
	 */
	struct vec3 f = s->face_dir, hd = s->head_dir;
	struct vec2 tip = project(v, along(along(s->head, f, 0.6), hd, -0.05));
	struct vec2 n0 = project(v, along(along(s->head, f, 0.3), hd, 0.14));
	struct vec2 n1 = project(v, along(along(s->head, f, 0.3), hd, -0.2));
	cairo_move_to(cr, n0.x, n0.y);
	cairo_line_to(cr, tip.x, tip.y);
	cairo_line_to(cr, n1.x, n1.y);
	cairo_close_path(cr);
	set_rgb(cr, t->body);
	cairo_fill(cr);

	/* Eyes and a smile on the line from ear to ear, so they tilt and turn with the head. */
	double facing = dot(f, scale(v3(0, 0, 1), v == MB_VIEW_BACK ? -1 : 1));
	if (v == MB_VIEW_SIDE)
		facing = dot(f, v3(-1, 0, 0)) + 0.5;
	if (v == MB_VIEW_BACK || facing <= 0.1)
		return;
	struct vec3 ear = ear_line(s);
	/* Eyes looking up sit a little higher in the face. */
	struct vec3 look = scale(hd, 0.05 * sin(s->gaze_up) / sin(20 * DEG));
	for (int a = 0; a < 2; a++) {
		struct vec3 e = add(eye_at(s, a), look);
		/* From the side only the eye on the near side shows. */
		if (v == MB_VIEW_SIDE && depth(v, e) < depth(v, s->head))
			continue;
		set_rgb(cr, t->detail);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		if (s->eyes_closed > 0.5) {
			/* Closed: a small arc, sagging in the middle like a resting lid. */
			cairo_set_line_width(cr, 0.05);
			move_to(cr, v, along(along(e, ear, -0.08), hd, 0.02));
			struct vec2 m = project(v, along(e, hd, -0.05));
			struct vec2 q = project(v, along(along(e, ear, 0.08), hd, 0.02));
			cairo_curve_to(cr, m.x, m.y, m.x, m.y, q.x, q.y);
			cairo_stroke(cr);
		} else {
			/* Open: a short upright stroke, shorter as the lid comes down. */
			double h = 0.055 * (1 - s->eyes_closed);
			cairo_set_line_width(cr, 0.085);
			move_to(cr, v, along(e, hd, -h));
			line_to(cr, v, along(e, hd, h));
			cairo_stroke(cr);
		}
	}
	if (v == MB_VIEW_SIDE)
		return;
	struct vec3 mouth = along(along(s->head, f, 0.4), hd, -0.24);
	cairo_set_line_width(cr, 0.045);
	move_to(cr, v, along(mouth, ear, -0.11));
	struct vec2 m = project(v, along(mouth, hd, -0.07));
	struct vec2 q = project(v, along(mouth, ear, 0.11));
	cairo_curve_to(cr, m.x, m.y, m.x, m.y, q.x, q.y);
	cairo_stroke(cr);
}

/*
 * Where the eyes are held, as a dashed line of sight: to the nearer
 * fingertips for a near focus, far off into the distance for a far one.
 */
static void draw_gaze(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s)
{
	double shown = s->gaze_near + s->gaze_far;
	if (shown < 0.02 || s->eyes_closed > 0.5 || v == MB_VIEW_BACK)
		return;
	struct vec3 eye = scale(add(eye_at(s, 0), eye_at(s, 1)), 0.5);
	struct vec3 dir = unit_or(add(scale(s->face_dir, cos(s->gaze_up)),
					  scale(s->head_dir, sin(s->gaze_up))),
		s->face_dir);
	struct vec3 ahead = along(eye, dir, 1.3), near = ahead;
	double best = 1e9;
	for (int a = 0; a < 2; a++) {
		struct vec3 tip = along(s->wrist[a], s->hand_dir[a], PALM + 0.38);
		double dist = norm(sub(tip, ahead));
		if (dist < best) {
			best = dist;
			near = tip;
		}
	}
	struct vec3 far = along(eye, dir, 9);
	struct vec3 end = scale(add(scale(near, s->gaze_near), scale(far, s->gaze_far)), 1 / shown);
	struct vec3 start = along(eye, unit_or(sub(end, eye), dir), 0.3);
	cairo_save(cr);
	double dashes[] = { 0.16, 0.13 };
	cairo_set_dash(cr, dashes, 2, 0);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_width(cr, 0.07);
	cairo_set_source_rgba(cr, t->accent.r, t->accent.g, t->accent.b, fmin(1, shown));
	move_to(cr, v, start);
	line_to(cr, v, end);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* The chair: a seat, four legs and a back, drawn behind the figure. */
static void draw_chair(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s)
{
	if (s->chair <= 0)
		return;
	struct vec3 seat = s->seat;
	double top = seat.y, under = seat.y - 0.14;
	cairo_save(cr);
	cairo_push_group(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	set_rgb(cr, t->prop);
	for (int a = 0; a < 2; a++) {
		double x = (a == 0 ? 1 : -1) * 0.95;
		struct vec3 back_post[] = { v3(x, GROUND_Y, seat.z - SEAT_BACK),
			v3(x, top + CHAIR_BACK_HEIGHT, seat.z - SEAT_BACK - 0.22) };
		struct vec3 front_leg[] = { v3(x, GROUND_Y, seat.z + SEAT_FRONT - 0.1),
			v3(x, under, seat.z + SEAT_FRONT - 0.1) };
		stroke_path(cr, v, back_post, 2, 0.14, t->prop);
		stroke_path(cr, v, front_leg, 2, 0.14, t->prop);
	}
	/* The seat and the back rest as slabs across the posts. */
	struct vec3 slab[] = { v3(0.95, top - 0.07, seat.z - SEAT_BACK),
		v3(0.95, top - 0.07, seat.z + SEAT_FRONT),
		v3(-0.95, top - 0.07, seat.z + SEAT_FRONT),
		v3(-0.95, top - 0.07, seat.z - SEAT_BACK) };
	stroke_path(cr, v, slab, 4, 0.16, t->prop);
	move_to(cr, v, slab[0]);
	for (int i = 1; i < 4; i++)
		line_to(cr, v, slab[i]);
	cairo_close_path(cr);
	cairo_fill(cr);
	for (int i = 0; i < 2; i++) {
		double y = top + CHAIR_BACK_HEIGHT - 0.1 - i * 0.5;
		double z = seat.z - SEAT_BACK - 0.22 * (y - top) / CHAIR_BACK_HEIGHT;
		struct vec3 rail[] = { v3(0.95, y, z), v3(-0.95, y, z) };
		stroke_path(cr, v, rail, 2, i == 0 ? 0.24 : 0.12, t->prop);
	}
	cairo_pop_group_to_source(cr);
	cairo_paint_with_alpha(cr, s->chair);
	cairo_restore(cr);
}

/* A wall edge on, from the side: its face, hatched on the side away from the figure. */
static void wall_edge(cairo_t *cr, double x, double top, double dir)
{
	cairo_set_line_width(cr, 0.1);
	cairo_move_to(cr, x, -GROUND_Y);
	cairo_line_to(cr, x, top);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.05);
	for (double y = -GROUND_Y - 0.05; y > top; y -= 0.5) {
		cairo_move_to(cr, x, y);
		cairo_line_to(cr, x + dir * 0.35, y - 0.35);
	}
	cairo_stroke(cr);
}

/* The ground, the walls and the door frame: what stands behind the figure. */
static void draw_props(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s,
	const double *clip)
{
	double left = clip[0], right = clip[1], top = clip[2];
	/* A wall the viewer faces: a panel behind the figure, down to the floor. */
	bool panel = (v == MB_VIEW_FRONT && s->wall_behind > 0.5) ||
		(v == MB_VIEW_BACK && s->wall > 0.5);
	if (panel) {
		cairo_rectangle(cr, left, top, right - left, -GROUND_Y - top);
		set_rgb(cr, t->panel);
		cairo_fill(cr);
	}
	set_rgb(cr, t->ground);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_width(cr, 0.08);
	cairo_move_to(cr, left + 0.3, -GROUND_Y);
	cairo_line_to(cr, right - 0.3, -GROUND_Y);
	cairo_stroke(cr);
	if (v == MB_VIEW_SIDE && s->wall > 0.5)
		wall_edge(cr, s->wall_z, top, 1);
	if (v == MB_VIEW_SIDE && s->wall_behind > 0.5)
		wall_edge(cr, s->wall_behind_z, top, -1);
	if (s->door > 0.5) {
		/* Seen from the side a post is a pillar; from the front, two posts and a lintel. */
		double lintel = -(s->head.y + 0.95);
		set_rgb(cr, t->prop);
		if (v == MB_VIEW_SIDE) {
			cairo_rectangle(cr, s->door_z - DOOR_POST / 2, top, DOOR_POST,
				-GROUND_Y - top);
			cairo_fill(cr);
		} else {
			for (int a = 0; a < 2; a++) {
				double x = (a == 0 ? 1 : -1) * DOOR_X;
				cairo_rectangle(cr, x - DOOR_POST / 2, lintel, DOOR_POST,
					-GROUND_Y - lintel);
			}
			cairo_rectangle(cr, -DOOR_X - DOOR_POST / 2, lintel - DOOR_POST,
				2 * DOOR_X + DOOR_POST, DOOR_POST);
			cairo_fill(cr);
		}
	}
}

static void draw_skeleton(cairo_t *cr, const struct theme *t, enum mb_view v,
	const struct skeleton *s, const double *clip)
{
	draw_props(cr, t, v, s, clip);
	draw_chair(cr, t, v, s);
	/* Far limbs first, then the trunk, then the near limbs. */
	int near_arm = MB_ARM_LEFT, far_arm = MB_ARM_RIGHT;
	bool legs_in_front = false;
	if (v == MB_VIEW_SIDE) {
		near_arm = MB_ARM_RIGHT;
		far_arm = MB_ARM_LEFT;
		draw_arm(cr, t, v, s, far_arm, t->far);
		draw_leg(cr, t, v, s, far_arm, t->far);
		draw_leg(cr, t, v, s, near_arm, t->body);
	} else {
		/* Thighs coming toward the viewer, as a seated figure's do, go over the trunk. */
		for (int a = 0; a < 2; a++)
			legs_in_front = legs_in_front ||
				depth(v, s->knee[a]) > depth(v, s->hip_joint[a]) + 0.8;
		for (int a = 0; a < 2 && !legs_in_front; a++)
			draw_leg(cr, t, v, s, a, t->body);
	}
	/* From the front or back, an arm reaching behind the figure goes under the trunk. */
	bool arms_behind[2] = { false, false };
	if (v != MB_VIEW_SIDE) {
		for (int a = 0; a < 2; a++) {
			arms_behind[a] = depth(v, s->hand[a]) < depth(v, s->shoulder[a]) - 0.3;
			if (arms_behind[a])
				draw_arm(cr, t, v, s, a, t->far);
		}
	}
	draw_trunk(cr, t, v, s);
	draw_blades(cr, t, v, s);
	for (int a = 0; a < 2 && legs_in_front; a++)
		draw_leg(cr, t, v, s, a, t->body);
	/* From the side, a far hand held in front of the body shows over it. */
	if (v == MB_VIEW_SIDE && dot(sub(s->wrist[far_arm], s->chest), s->fwd) > 0.3)
		draw_hand(cr, t, v, s, far_arm, t->far);
	draw_head(cr, t, v, s);
	if (v == MB_VIEW_SIDE) {
		draw_arm(cr, t, v, s, near_arm, t->body);
	} else {
		for (int a = 0; a < 2; a++)
			if (!arms_behind[a])
				draw_arm(cr, t, v, s, a, t->body);
	}
	if (s->clasp > 0.5) {
		/* Clasped hands: one rounded knot where they meet. */
		struct vec3 m = scale(add(s->hand[0], s->hand[1]), 0.5);
		struct vec2 q = project(v, m);
		cairo_arc(cr, q.x, q.y, 0.24, 0, 2 * M_PI);
		set_rgb(cr, t->body);
		cairo_fill(cr);
	}
	draw_gaze(cr, t, v, s);
}

/* A region of the drawing plane (y down), what a frame shows. */
struct box {
	double left, right, top, bottom;
};

static struct box empty_box(void)
{
	return (struct box){ 1e9, -1e9, 1e9, -1e9 };
}

static void box_point(struct box *b, struct vec2 q, double margin)
{
	b->left = fmin(b->left, q.x - margin);
	b->right = fmax(b->right, q.x + margin);
	b->top = fmin(b->top, q.y - margin);
	b->bottom = fmax(b->bottom, q.y + margin);
}

/* Widen a box to take in the whole figure in a pose and its props, feet to fingertips. */
static void box_take(struct box *b, enum mb_view v, const struct mb_pose *pose)
{
	struct skeleton s;
	build(pose, &s);
	box_point(b, project(v, along(s.head, s.head_dir, 0.6)), FRAME_MARGIN);
	box_point(b, project(v, s.head), 0.6 + FRAME_MARGIN);
	for (int a = 0; a < 2; a++) {
		struct vec3 pts[] = { s.shoulder[a], s.elbow[a], s.wrist[a],
			along(s.wrist[a], s.hand_dir[a], PALM + 0.4), s.knee[a], s.heel[a],
			s.toe[a], s.hip_joint[a] };
		for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++)
			box_point(b, project(v, pts[i]), FRAME_MARGIN);
	}
	if (s.chair > 0) {
		for (int i = 0; i < 4; i++) {
			struct vec3 c = v3(i & 1 ? 1.0 : -1.0, s.seat.y + CHAIR_BACK_HEIGHT,
				s.seat.z + (i & 2 ? SEAT_FRONT : -SEAT_BACK - 0.25));
			box_point(b, project(v, c), 0.3);
		}
	}
	if (s.door > 0.5 && v != MB_VIEW_SIDE) {
		box_point(b, (struct vec2){ -DOOR_X - DOOR_POST, -(s.head.y + 0.95) }, 0.3);
		box_point(b, (struct vec2){ DOOR_X + DOOR_POST, -(s.head.y + 0.95) }, 0.3);
	}
	if (s.door > 0.5 && v == MB_VIEW_SIDE)
		box_point(b, (struct vec2){ s.door_z, -s.head.y }, DOOR_POST + 0.3);
	if (s.wall > 0.5 && v == MB_VIEW_SIDE)
		box_point(b, (struct vec2){ s.wall_z + 0.4, -s.head.y }, 0.1);
	if (s.wall_behind > 0.5 && v == MB_VIEW_SIDE)
		box_point(b, (struct vec2){ s.wall_behind_z - 0.4, -s.head.y }, 0.1);
	box_point(b, (struct vec2){ 0, -GROUND_Y }, FRAME_MARGIN);
}

/* Grow a box to the smallest frame, about its middle and upward from the ground. */
static void box_finish(struct box *b)
{
	double w = b->right - b->left, h = b->bottom - b->top;
	if (w < FRAME_MIN_W) {
		b->left -= (FRAME_MIN_W - w) / 2;
		b->right += (FRAME_MIN_W - w) / 2;
	}
	if (h < FRAME_MIN_H)
		b->top -= FRAME_MIN_H - h;
}

/* Set cr so that the box maps into (x, y, w, h), centred, aspect kept. */
static void frame(cairo_t *cr, const struct box *b, double x, double y, double w, double h)
{
	double fw = b->right - b->left, fh = b->bottom - b->top;
	double k = fmin(w / fw, h / fh);
	cairo_translate(cr, x + w / 2, y + h / 2);
	cairo_scale(cr, k, k);
	cairo_translate(cr, -(b->left + b->right) / 2, -(b->top + b->bottom) / 2);
}

static void fill_box(cairo_t *cr, const struct theme *t, double x, double y, double w, double h)
{
	cairo_rectangle(cr, x, y, w, h);
	set_rgb(cr, t->bg);
	cairo_fill(cr);
}

static void draw_framed(cairo_t *cr, const struct mb_pose *pose, const struct box *b, double x,
	double y, double w, double h, bool dark)
{
	const struct theme *t = dark ? &dark_theme : &light_theme;
	cairo_save(cr);
	fill_box(cr, t, x, y, w, h);
	if (w > 0 && h > 0) {
		cairo_rectangle(cr, x, y, w, h);
		cairo_clip(cr);
		frame(cr, b, x, y, w, h);
		/* What the picture shows of the drawing plane, for walls that reach its edges. */
		double k = fmin(w / (b->right - b->left), h / (b->bottom - b->top));
		double clip[3] = { (b->left + b->right) / 2 - w / k / 2,
			(b->left + b->right) / 2 + w / k / 2,
			(b->top + b->bottom) / 2 - h / k / 2 };
		struct skeleton s;
		build(pose, &s);
		draw_skeleton(cr, t, pose->view, &s, clip);
	}
	cairo_restore(cr);
}

void mb_figure_draw(cairo_t *cr, const struct mb_pose *pose, double x, double y, double w, double h,
	bool dark)
{
	struct box b = empty_box();
	box_take(&b, pose->view, pose);
	box_finish(&b);
	draw_framed(cr, pose, &b, x, y, w, h, dark);
}

/* The points that motion arrows may follow. */
enum tracked {
	TRACK_HEAD,
	TRACK_SHOULDER_L,
	TRACK_SHOULDER_R,
	TRACK_HAND_L,
	TRACK_HAND_R,
	TRACK_BLADE_L,
	TRACK_BLADE_R,
	TRACK_KNEE_L,
	TRACK_KNEE_R,
	TRACK_HEEL_L,
	TRACK_HEEL_R,
	TRACKED,
};

static struct vec3 tracked_point(const struct skeleton *s, enum tracked k)
{
	switch (k) {
	case TRACK_HEAD:
		return along(s->head, s->head_dir, 0.95);
	case TRACK_SHOULDER_L:
		return s->shoulder[MB_ARM_LEFT];
	case TRACK_SHOULDER_R:
		return s->shoulder[MB_ARM_RIGHT];
	case TRACK_HAND_L:
		return s->hand[MB_ARM_LEFT];
	case TRACK_HAND_R:
		return s->hand[MB_ARM_RIGHT];
	case TRACK_BLADE_L:
		return s->blade[MB_ARM_LEFT];
	case TRACK_KNEE_L:
		return s->knee[MB_ARM_LEFT];
	case TRACK_KNEE_R:
		return s->knee[MB_ARM_RIGHT];
	case TRACK_HEEL_L:
		return s->heel[MB_ARM_LEFT];
	case TRACK_HEEL_R:
		return s->heel[MB_ARM_RIGHT];
	case TRACK_BLADE_R:
	case TRACKED:
		break;
	}
	return s->blade[MB_ARM_RIGHT];
}

static bool tracked_visible(enum mb_view v, enum tracked k)
{
	if (k == TRACK_BLADE_L || k == TRACK_BLADE_R)
		return v != MB_VIEW_FRONT && !(v == MB_VIEW_SIDE && k == TRACK_BLADE_L);
	if (v == MB_VIEW_SIDE && (k == TRACK_SHOULDER_L || k == TRACK_HAND_L))
		return false;
	return true;
}

/* An arrow along a path of projected points, its head at the end. */
static void arrow(cairo_t *cr, const struct theme *t, const struct vec2 *p, size_t n)
{
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (int pass = 0; pass < 2; pass++) {
		cairo_move_to(cr, p[0].x, p[0].y);
		for (size_t i = 1; i < n; i++)
			cairo_line_to(cr, p[i].x, p[i].y);
		cairo_set_line_width(cr, pass == 0 ? 0.27 : 0.13);
		set_rgb(cr, pass == 0 ? t->bg : t->accent);
		cairo_stroke(cr);
	}
	/* The head points along the last stretch that is long enough to have a direction. */
	size_t j = n - 1;
	while (j > 0 && hypot(p[n - 1].x - p[j].x, p[n - 1].y - p[j].y) < 0.2)
		j--;
	double dx = p[n - 1].x - p[j].x, dy = p[n - 1].y - p[j].y, len = hypot(dx, dy);
	if (len <= 0)
		return;
	dx /= len;
	dy /= len;
	double size = 0.36;
	struct vec2 tip = { p[n - 1].x + dx * 0.12, p[n - 1].y + dy * 0.12 };
	cairo_move_to(cr, tip.x, tip.y);
	cairo_line_to(cr, tip.x - dx * size - dy * size * 0.6, tip.y - dy * size + dx * size * 0.6);
	cairo_line_to(cr, tip.x - dx * size + dy * size * 0.6, tip.y - dy * size - dx * size * 0.6);
	cairo_close_path(cr);
	set_rgb(cr, t->accent);
	cairo_fill(cr);
}

/* How far a pose field strays from where the cue starts, over the samples. */
struct change {
	double head_deg, arm_deg, lift, pull, knee_deg, heel;
};

static void note_change(struct change *c, const struct mb_pose *a, const struct mb_pose *b)
{
	double head = fabs(b->head_tilt_deg - a->head_tilt_deg) +
		fabs(b->head_nod_deg - a->head_nod_deg) +
		fabs(b->head_turn_deg - a->head_turn_deg) +
		fabs(b->head_glide - a->head_glide) * 40;
	double arm = fabs(b->clasp - a->clasp) * 30;
	for (int i = 0; i < 2; i++) {
		arm += fabs(b->arm_raise_deg[i] - a->arm_raise_deg[i]) +
			fabs(b->arm_out_deg[i] - a->arm_out_deg[i]) +
			fabs(b->elbow_deg[i] - a->elbow_deg[i]) +
			fabs(b->wrist_deg[i] - a->wrist_deg[i]);
		for (int k = 0; k < MB_PLACES; k++)
			arm += fabs(b->hand_place[i][k] - a->hand_place[i][k]) * 40;
	}
	c->head_deg = fmax(c->head_deg, head);
	c->arm_deg = fmax(c->arm_deg, arm);
	double knee = fabs(b->sit - a->sit) * 90;
	double heel = 0;
	for (int i = 0; i < 2; i++) {
		knee += fabs(b->hip_deg[i] - a->hip_deg[i]) + fabs(b->knee_deg[i] - a->knee_deg[i]);
		heel = fmax(heel, fabs(b->heel_lift[i] - a->heel_lift[i]));
	}
	c->knee_deg = fmax(c->knee_deg, knee);
	c->heel = fmax(c->heel, heel);
	c->lift = fmax(c->lift, fabs(b->shoulder_lift - a->shoulder_lift));
	c->pull = fmax(c->pull, fabs(b->shoulder_pull - a->shoulder_pull));
}

/* Which points get an arrow: those whose own joints the cue moves. */
static bool tracked_moves(enum mb_view v, enum tracked k, const struct change *c)
{
	bool lift = c->lift > 0.3, pull = c->pull > 0.3;
	switch (k) {
	case TRACK_HEAD:
		return c->head_deg > 20;
	case TRACK_HAND_L:
	case TRACK_HAND_R:
		return c->arm_deg > 12;
	case TRACK_SHOULDER_L:
	case TRACK_SHOULDER_R:
		return c->arm_deg <= 12 && (lift || (pull && v == MB_VIEW_FRONT));
	case TRACK_KNEE_L:
	case TRACK_KNEE_R:
		return c->knee_deg > 15;
	case TRACK_HEEL_L:
	case TRACK_HEEL_R:
		return c->heel > 0.3 && c->knee_deg <= 15;
	case TRACK_BLADE_L:
	case TRACK_BLADE_R:
	case TRACKED:
		break;
	}
	return pull && !lift;
}

/* Arrows for the points the running cue moves, following their paths. */
static void draw_motion(cairo_t *cr, const struct theme *t, const struct mb_timeline *tl,
	int64_t t_us)
{
	struct mb_pose from, to;
	size_t ci = mb_pose_cue_ends(tl, t_us, &from, &to);
	if (ci >= tl->cues_len)
		return;
	const struct mb_cue *c = &tl->cues[ci];
	if (c->dur_us <= 0 || c->kind == MB_CUE_PREPARE)
		return;
	enum mb_view v = from.view;
	struct vec2 path[TRACKED][ARROW_SAMPLES + 1];
	double len[TRACKED] = { 0 };
	struct change change = { 0 };
	/*
	 * Shoulders and blades are followed relative to the hips: against a wall
	 * the whole body shifts as the blades move, and the arrow shows the blades.
	 */
	struct mb_pose now_pose;
	mb_pose_at(tl, t_us, &now_pose);
	struct skeleton now;
	build(&now_pose, &now);
	for (int i = 0; i <= ARROW_SAMPLES; i++) {
		struct mb_pose p;
		mb_pose_at(tl, c->t_us + c->dur_us * i / ARROW_SAMPLES, &p);
		p.breath = 0;
		note_change(&change, &from, &p);
		struct skeleton s;
		build(&p, &s);
		for (int k = 0; k < TRACKED; k++) {
			struct vec3 pt = tracked_point(&s, (enum tracked)k);
			if (k == TRACK_SHOULDER_L || k == TRACK_SHOULDER_R || k == TRACK_BLADE_L ||
				k == TRACK_BLADE_R)
				pt = add(add(pt, scale(s.hip, -1)), now.hip);
			path[k][i] = project(v, pt);
			if (i > 0)
				len[k] += hypot(path[k][i].x - path[k][i - 1].x,
					path[k][i].y - path[k][i - 1].y);
		}
	}
	for (int k = 0; k < TRACKED; k++) {
		if (!tracked_visible(v, (enum tracked)k) || len[k] < 0.05 ||
			!tracked_moves(v, (enum tracked)k, &change))
			continue;
		struct vec2 mid = { 0, 0 };
		for (int i = 0; i <= ARROW_SAMPLES; i++) {
			mid.x += path[k][i].x / (ARROW_SAMPLES + 1);
			mid.y += path[k][i].y / (ARROW_SAMPLES + 1);
		}
		/* Blades and shoulders move little: magnify their paths about their middle. */
		double reach = 0, grow = 1;
		for (int i = 0; i <= ARROW_SAMPLES; i++)
			reach = fmax(reach, hypot(path[k][i].x - mid.x, path[k][i].y - mid.y));
		/* A closed loop (a roll) is drawn as most of a circle, so its head can show. */
		bool loop = hypot(path[k][0].x - path[k][ARROW_SAMPLES].x,
				    path[k][0].y - path[k][ARROW_SAMPLES].y) < len[k] * 0.15;
		bool blade = k == TRACK_BLADE_L || k == TRACK_BLADE_R;
		bool small = blade || k == TRACK_SHOULDER_L || k == TRACK_SHOULDER_R ||
			k == TRACK_HEEL_L || k == TRACK_HEEL_R;
		if (small && reach > 0)
			grow = fmin(5, fmax(1, 0.4 / reach));
		/* Arrows beside the shoulders, out of the way of the neck. */
		struct vec2 shift = { 0, 0 };
		if (v != MB_VIEW_SIDE && (k == TRACK_SHOULDER_L || k == TRACK_SHOULDER_R)) {
			double side = (k == TRACK_SHOULDER_L) == (v == MB_VIEW_FRONT) ? -1 : 1;
			shift.x = -side * 0.7;
			shift.y = -0.45;
		}
		/* From the back, blade arrows go below the blades, on the plain back. */
		if (v == MB_VIEW_BACK && blade) {
			shift.y = 1.0;
			shift.x = (k == TRACK_BLADE_L ? -1 : 1) * 0.12;
		}
		struct vec2 pts[ARROW_SAMPLES + 1];
		size_t n = 0;
		if (small && loop) {
			/* A roll reads best as a clean circle turning the way the joint goes round. */
			double area = 0;
			for (int i = 0; i < ARROW_SAMPLES; i++)
				area += path[k][i].x * path[k][i + 1].y -
					path[k][i + 1].x * path[k][i].y;
			double turn = area < 0 ? -1 : 1;
			double a0 = atan2(path[k][ARROW_SAMPLES / 4].y - mid.y,
				path[k][ARROW_SAMPLES / 4].x - mid.x);
			for (int i = 0; i <= ARROW_SAMPLES; i++) {
				double a = a0 + turn * 5.2 * i / ARROW_SAMPLES;
				pts[n].x = mid.x + 0.5 * cos(a) + shift.x;
				pts[n].y = mid.y + 0.5 * sin(a) + shift.y;
				n++;
			}
			arrow(cr, t, pts, n);
			continue;
		}
		for (int i = 0; i <= ARROW_SAMPLES; i++) {
			pts[n].x = mid.x + (path[k][i].x - mid.x) * grow + shift.x;
			pts[n].y = mid.y + (path[k][i].y - mid.y) * grow + shift.y;
			n++;
		}
		arrow(cr, t, pts, n);
	}
}

void mb_figure_draw_at(cairo_t *cr, const struct mb_timeline *timeline, int64_t t_us, double x,
	double y, double w, double h, bool dark)
{
	struct mb_pose pose;
	mb_pose_at(timeline, t_us, &pose);
	if (!timeline || timeline->cues_len == 0) {
		mb_figure_draw(cr, &pose, x, y, w, h, dark);
		return;
	}
	/*
	 * One frame for a whole exercise, wide enough for every pose in it, so
	 * the figure never jumps in scale while it moves.
	 */
	struct box b = empty_box();
	size_t ci = mb_timeline_cue_at(timeline, t_us < 0 ? 0 : t_us);
	size_t ex = timeline->cues[ci].exercise;
	if (ex >= 1 && ex <= timeline->spans_len) {
		size_t first = timeline->spans[ex - 1].first_cue;
		size_t end = ex < timeline->spans_len ? timeline->spans[ex].first_cue :
							timeline->cues_len;
		for (size_t i = first; i < end; i++) {
			const struct mb_cue *c = &timeline->cues[i];
			struct mb_pose p;
			mb_pose_at(timeline, c->t_us + c->dur_us / 2, &p);
			box_take(&b, pose.view, &p);
			mb_pose_at(timeline, c->t_us + c->dur_us - (c->dur_us > 0), &p);
			box_take(&b, pose.view, &p);
		}
	}
	box_take(&b, pose.view, &pose);
	box_finish(&b);
	draw_framed(cr, &pose, &b, x, y, w, h, dark);
	if (w <= 0 || h <= 0)
		return;
	const struct theme *t = dark ? &dark_theme : &light_theme;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	frame(cr, &b, x, y, w, h);
	draw_motion(cr, t, timeline, t_us < 0 ? 0 : t_us);
	cairo_restore(cr);
}

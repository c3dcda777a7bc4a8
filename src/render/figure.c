/*
 * The coached figure in vector strokes: a simple 3D skeleton built from the
 * pose's joint angles, seen from the front, the back or the side, drawn as
 * rounded limbs over a trunk, with the shoulder blades and motion arrows in
 * an accent colour.
 */
#include <math.h>
#include <stddef.h>

#include "render/figure.h"

#define DEG (M_PI / 180.0)
/* How many samples a motion arrow follows along its cue. */
#define ARROW_SAMPLES 24

/* The world box every frame shows, in figure units (a head is about 1.1 tall). */
#define FRAME_LEFT (-3.6)
#define FRAME_RIGHT 3.6
#define FRAME_BOTTOM (-2.7)
#define FRAME_TOP 5.3
/* Where a wall stands in front of the figure: a forearm's width beyond the elbows on it. */
#define WALL_Z 1.8
/* From the side the figure stands left of centre, leaving room for reaching arms and a wall. */
#define SIDE_SHIFT 0.8

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
	struct rgb bg, body, far, accent, detail, ground;
};

static const struct theme light_theme = {
	.bg = { 0.965, 0.957, 0.937 },
	.body = { 0.19, 0.25, 0.32 },
	.far = { 0.50, 0.57, 0.64 },
	.accent = { 0.88, 0.44, 0.16 },
	.detail = { 0.965, 0.957, 0.937 },
	.ground = { 0.78, 0.76, 0.72 },
};

static const struct theme dark_theme = {
	.bg = { 0.12, 0.13, 0.15 },
	.body = { 0.90, 0.89, 0.86 },
	.far = { 0.55, 0.58, 0.62 },
	.accent = { 0.96, 0.62, 0.30 },
	.detail = { 0.12, 0.13, 0.15 },
	.ground = { 0.32, 0.34, 0.37 },
};

/* Where the joints are, in figure space: x the figure's left, y up, z forward, hips at 0. */
struct skeleton {
	/* The neck's direction, the head's long axis and where the face looks. */
	struct vec3 hip, chest, neck, head, neck_dir, head_dir, face_dir;
	/* Unit vectors of the upper trunk: up and forward. */
	struct vec3 up, fwd;
	/* Per arm, index enum mb_arm. */
	struct vec3 shoulder[2], elbow[2], wrist[2], hand[2];
	struct vec3 hip_joint[2], knee[2], ankle[2], toe[2];
	/* Shoulder blades: centre, and how far apart they are drawn. */
	struct vec3 blade[2];
	double clasp, wall_z, breath, back_round, pull;
	bool wall;
};

static struct vec3 v3(double x, double y, double z)
{
	return (struct vec3){ x, y, z };
}

static struct vec3 add(struct vec3 a, struct vec3 b)
{
	return v3(a.x + b.x, a.y + b.y, a.z + b.z);
}

static struct vec3 scale(struct vec3 a, double k)
{
	return v3(a.x * k, a.y * k, a.z * k);
}

static struct vec3 along(struct vec3 from, struct vec3 dir, double len)
{
	return add(from, scale(dir, len));
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

static void build(const struct mb_pose *p, struct skeleton *s)
{
	double lift = clampd(p->shoulder_lift, -1.5, 1.5) + 0.15 * p->breath;
	double pull = clampd(p->shoulder_pull, -1.5, 1.5);
	double round = clampd(p->back_round, 0, 1.5);
	double lean = clampd(p->trunk_lean_deg, -30, 80) * DEG;
	double upper = lean + (round * 16 + (pull < 0 ? -pull * 4 : 0)) * DEG;
	s->breath = p->breath;
	s->back_round = round;
	s->pull = pull;
	s->clasp = clampd(p->clasp, 0, 1);

	s->hip = v3(0, 0, 0);
	s->chest = along(s->hip, v3(0, cos(lean), sin(lean)), 1.55);
	s->up = v3(0, cos(upper), sin(upper));
	s->fwd = v3(0, -sin(upper), cos(upper));
	s->neck = along(s->chest, s->up, 1.35);

	for (int a = 0; a < 2; a++) {
		double sign = a == MB_ARM_LEFT ? 1 : -1;
		struct vec3 sh = s->neck;
		sh = add(sh, v3(sign * (0.92 - 0.1 * pull), 0, 0));
		sh = along(sh, s->up, -0.3 + 0.34 * lift);
		sh = along(sh, s->fwd, -0.26 * pull);
		s->shoulder[a] = sh;

		double raise = clampd(p->arm_raise_deg[a], -30, 190) + lean / DEG * 0.3;
		/* Arms hang a little away from the body, as relaxed arms do. */
		double out = clampd(p->arm_out_deg[a], 0, 100) + 4;
		double elbow = clampd(p->elbow_deg[a], 0, 160);
		struct vec3 ud = limb_dir(raise, out, sign);
		s->elbow[a] = along(sh, ud, 1.45);
		struct vec3 fd = limb_dir(raise + elbow, out, sign);
		s->wrist[a] = along(s->elbow[a], fd, 1.25);
		s->hand[a] = along(s->wrist[a], fd, 0.45);
		/* Clasped hands meet in the middle, the elbows following a little. */
		s->elbow[a].x += (sign * 0.55 * fabs(s->elbow[a].x) - s->elbow[a].x) * 0.45 *
			s->clasp;
		s->wrist[a].x += (sign * 0.12 - s->wrist[a].x) * s->clasp;
		s->hand[a].x += (sign * 0.06 - s->hand[a].x) * s->clasp;

		/* Blades sit on the upper back below the shoulder, closer to the spine when squeezed. */
		struct vec3 bl = s->neck;
		bl = add(bl, v3(sign * (0.52 - 0.17 * pull), 0, 0));
		bl = along(bl, s->up, -0.95 + 0.3 * lift);
		bl = along(bl, s->fwd, -0.42 - 0.1 * round + (pull < 0 ? -pull * 0.12 : 0));
		s->blade[a] = bl;

		s->hip_joint[a] = v3(sign * 0.5, -0.05, 0);
		s->knee[a] = v3(sign * 0.52, -2.05, 0.06);
		s->ankle[a] = v3(sign * 0.52, -4.0, 0);
		s->toe[a] = v3(sign * 0.56, -4.15, 0.55);
	}

	/*
	 * The neck rises from the upper back but straightens most of its rounding,
	 * as people keep looking ahead; it bends sideways with a tilt. The head
	 * nods about its own middle, so a chin tuck turns the face down without
	 * dropping the head onto the chest.
	 */
	double nod = clampd(p->head_nod_deg, -60, 60) * DEG;
	double tilt = clampd(p->head_tilt_deg, -70, 70) * DEG;
	double turn = clampd(p->head_turn_deg, -90, 90) * DEG;
	double neck_angle = upper - (upper - lean) * 0.6;
	struct vec3 neck_up = v3(0, cos(neck_angle), sin(neck_angle));
	struct vec3 neck_fwd = v3(0, -sin(neck_angle), cos(neck_angle));
	struct vec3 side = v3(1, 0, 0);
	s->neck_dir = add(scale(neck_up, cos(tilt)), scale(side, sin(tilt)));
	s->head = along(along(s->neck, s->neck_dir, 1.0), neck_fwd, 0.12 * sin(nod));
	struct vec3 d = add(scale(neck_up, cos(nod)), scale(neck_fwd, sin(nod)));
	s->head_dir = add(scale(d, cos(tilt)), scale(side, sin(tilt)));
	struct vec3 face = add(scale(neck_fwd, cos(nod)), scale(neck_up, -sin(nod)));
	s->face_dir = add(scale(face, cos(turn)), scale(side, sin(turn)));

	/*
	 * The wall stays put and the forearms rest on it: the body stands back
	 * from it as far as the arms reach, so pressing the shoulders forward
	 * pushes the trunk back, as it does against a real wall.
	 */
	double wall = clampd(p->wall, 0, 1);
	s->wall = wall > 0.5;
	s->wall_z = WALL_Z;
	if (wall > 0) {
		double front = -10;
		for (int a = 0; a < 2; a++)
			front = fmax(front, fmax(s->elbow[a].z, s->wrist[a].z));
		double dz = (WALL_Z - 0.24 - front) * wall;
		struct vec3 *all[] = { &s->hip, &s->chest, &s->neck, &s->head };
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			all[i]->z += dz;
		for (int a = 0; a < 2; a++) {
			struct vec3 *limbs[] = { &s->shoulder[a], &s->elbow[a], &s->wrist[a],
				&s->hand[a], &s->blade[a], &s->hip_joint[a], &s->knee[a],
				&s->ankle[a], &s->toe[a] };
			for (size_t i = 0; i < sizeof(limbs) / sizeof(limbs[0]); i++)
				limbs[i]->z += dz;
		}
	}
}

/* Figure space to the drawing plane (before the frame transform); depth grows toward the viewer. */
static struct vec2 project(enum mb_view view, struct vec3 p)
{
	switch (view) {
	case MB_VIEW_BACK:
		return (struct vec2){ -p.x, -p.y };
	case MB_VIEW_SIDE:
		return (struct vec2){ p.z - SIDE_SHIFT, -p.y };
	case MB_VIEW_FRONT:
		break;
	}
	/* Facing us, the figure's left is on our right. */
	return (struct vec2){ p.x, -p.y };
}

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

/* A limb as a round-capped stroke, with a gap of background around it so overlaps read. */
static void limb(cairo_t *cr, const struct theme *t, enum mb_view v, const struct vec3 *pts,
	size_t n, double width, struct rgb colour)
{
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (int pass = 0; pass < 2; pass++) {
		move_to(cr, v, pts[0]);
		for (size_t i = 1; i < n; i++)
			line_to(cr, v, pts[i]);
		cairo_set_line_width(cr, pass == 0 ? width + 0.16 : width);
		set_rgb(cr, pass == 0 ? t->bg : colour);
		cairo_stroke(cr);
	}
}

static void draw_arm(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s,
	int a, struct rgb colour)
{
	struct vec3 pts[] = { s->shoulder[a], s->elbow[a], s->wrist[a] };
	limb(cr, t, v, pts, 3, 0.46, colour);
	/* The hand continues the forearm, without a gap at the wrist. */
	cairo_set_line_width(cr, 0.36);
	set_rgb(cr, colour);
	move_to(cr, v, s->wrist[a]);
	line_to(cr, v, s->hand[a]);
	cairo_stroke(cr);
}

static void draw_leg(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s,
	int a, struct rgb colour)
{
	struct vec3 pts[] = { s->hip_joint[a], s->knee[a], s->ankle[a] };
	limb(cr, t, v, pts, 3, 0.62, colour);
	if (v == MB_VIEW_SIDE) {
		struct vec3 foot[] = { s->ankle[a], s->toe[a] };
		limb(cr, t, v, foot, 2, 0.34, colour);
	}
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

/* The trunk outline: from the front and back a tapering shape, from the side a profile. */
static void trunk_path(cairo_t *cr, enum mb_view v, const struct skeleton *s)
{
	struct vec2 pts[16];
	size_t n = 0;
	if (v == MB_VIEW_SIDE) {
		/* Front edge up from the hips, then the back edge down. */
		struct vec3 lower_fwd = v3(0, -(s->chest.z - s->hip.z) / 1.55,
			(s->chest.y - s->hip.y) / 1.55);
		double chest_out = 0.52 + 0.1 * s->breath;
		struct vec3 mid = along(s->hip, add(scale(s->chest, 0.5), scale(s->hip, -0.5)), 1);
		pts[n++] = project(v, along(s->hip, lower_fwd, 0.45));
		pts[n++] = project(v, along(mid, lower_fwd, 0.4));
		pts[n++] = project(v, along(s->chest, s->fwd, chest_out));
		pts[n++] = project(v,
			along(along(s->chest, s->up, 0.75), s->fwd, chest_out - 0.05));
		pts[n++] = project(v, along(along(s->neck, s->up, -0.15), s->fwd, 0.25));
		pts[n++] = project(v, along(s->neck, s->fwd, -0.1));
		pts[n++] = project(v,
			along(along(s->neck, s->up, -0.45), s->fwd, -0.42 - 0.18 * s->back_round));
		pts[n++] = project(v, along(s->chest, s->fwd, -0.42 - 0.12 * s->back_round));
		pts[n++] = project(v, along(mid, lower_fwd, -0.36));
		pts[n++] = project(v, along(s->hip, lower_fwd, -0.55));
		pts[n++] = project(v, along(s->hip, v3(0, -1, 0), 0.35));
	} else {
		double sgn[2] = { 1, -1 };
		/* Left edge from the hip up, across the shoulders, right edge down. */
		struct vec3 l_waist = add(along(s->hip, v3(0, 1, 0), 0.85), v3(0.56, 0, 0));
		struct vec3 l_pit = along(s->shoulder[0], s->up, -0.6);
		l_pit.x -= 0.12;
		pts[n++] = project(v, add(s->hip, v3(0.66, -0.1, 0)));
		pts[n++] = project(v, l_waist);
		pts[n++] = project(v, add(s->chest, v3(0.78 + 0.05 * s->breath, 0, 0)));
		pts[n++] = project(v, l_pit);
		pts[n++] = project(v, s->shoulder[0]);
		pts[n++] = project(v, add(s->neck, v3(0.3, 0.05, 0)));
		pts[n++] = project(v, add(s->neck, v3(-0.3, 0.05, 0)));
		pts[n++] = project(v, s->shoulder[1]);
		struct vec3 r_pit = along(s->shoulder[1], s->up, -0.6);
		r_pit.x += 0.12;
		pts[n++] = project(v, r_pit);
		pts[n++] = project(v, add(s->chest, v3(-(0.78 + 0.05 * s->breath), 0, 0)));
		struct vec3 r_waist = l_waist;
		r_waist.x = -l_waist.x * sgn[0];
		pts[n++] = project(v, r_waist);
		pts[n++] = project(v, add(s->hip, v3(-0.66, -0.1, 0)));
		pts[n++] = project(v, add(s->hip, v3(0, -0.25, 0)));
	}
	smooth_closed(cr, pts, n);
}

static void draw_trunk(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s)
{
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_width(cr, 0.4);
	set_rgb(cr, t->body);
	move_to(cr, v, along(s->neck, s->up, -0.2));
	line_to(cr, v, along(s->neck, s->neck_dir, 0.6));
	cairo_stroke(cr);
	trunk_path(cr, v, s);
	set_rgb(cr, t->body);
	cairo_fill(cr);
	/* Rounded shoulders: the line from neck to shoulder, lifting with a shrug. */
	for (int a = 0; a < 2 && v != MB_VIEW_SIDE; a++) {
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_line_width(cr, 0.62);
		set_rgb(cr, t->body);
		move_to(cr, v, along(s->neck, s->up, -0.05));
		line_to(cr, v, s->shoulder[a]);
		cairo_stroke(cr);
	}
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
		line_to(cr, v, add(s->hip, v3(0, 0.25, 0)));
		cairo_stroke(cr);
		for (int a = 0; a < 2; a++) {
			double sign = a == MB_ARM_LEFT ? 1 : -1;
			struct vec3 c = s->blade[a];
			struct vec3 top_in = add(c, v3(-sign * 0.16, 0.5, 0));
			struct vec3 top_out = add(c, v3(sign * 0.36, 0.42, 0));
			struct vec3 tip = add(c, v3(-sign * 0.06, -0.62, 0));
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

static void draw_head(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s)
{
	struct vec2 c = project(v, s->head);
	struct vec2 d = project(v, along(s->head, s->head_dir, 1));
	double angle = atan2(d.y - c.y, d.x - c.x) + M_PI / 2;
	cairo_save(cr);
	cairo_translate(cr, c.x, c.y);
	cairo_rotate(cr, angle);
	cairo_scale(cr, 0.47, 0.57);
	cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
	cairo_restore(cr);
	set_rgb(cr, t->bg);
	cairo_set_line_width(cr, 0.16);
	cairo_stroke_preserve(cr);
	set_rgb(cr, t->body);
	cairo_fill(cr);

	/*
	 * The nose in body colour: hidden by the head from the front, it shows
	 * from the side and when the head turns, in every view.
	 */
	struct vec3 f = s->face_dir;
	struct vec2 tip = project(v, along(along(s->head, f, 0.6), s->head_dir, -0.05));
	struct vec2 n0 = project(v, along(along(s->head, f, 0.3), s->head_dir, 0.14));
	struct vec2 n1 = project(v, along(along(s->head, f, 0.3), s->head_dir, -0.2));
	cairo_move_to(cr, n0.x, n0.y);
	cairo_line_to(cr, tip.x, tip.y);
	cairo_line_to(cr, n1.x, n1.y);
	cairo_close_path(cr);
	set_rgb(cr, t->body);
	cairo_fill(cr);

	/* Eyes on the line from ear to ear, so they tilt and turn with the head. */
	if (v == MB_VIEW_BACK || f.z <= 0.1)
		return;
	struct vec3 hd = s->head_dir;
	struct vec3 ear = v3(hd.y * f.z - hd.z * f.y, hd.z * f.x - hd.x * f.z,
		hd.x * f.y - hd.y * f.x);
	double n = sqrt(ear.x * ear.x + ear.y * ear.y + ear.z * ear.z);
	if (n <= 0)
		return;
	ear = scale(ear, 1 / n);
	for (int a = 0; a < 2; a++) {
		double sign = a == 0 ? 1 : -1;
		struct vec3 e = along(along(along(s->head, f, 0.36), ear, 0.19 * sign), hd, 0.1);
		/* From the side only the eye on the near side shows. */
		if (v == MB_VIEW_SIDE && depth(v, e) < depth(v, s->head))
			continue;
		struct vec2 q = project(v, e);
		cairo_arc(cr, q.x, q.y, 0.065, 0, 2 * M_PI);
		set_rgb(cr, t->detail);
		cairo_fill(cr);
	}
}

static void draw_wall_and_ground(cairo_t *cr, const struct theme *t, enum mb_view v,
	const struct skeleton *s)
{
	set_rgb(cr, t->ground);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_width(cr, 0.08);
	cairo_move_to(cr, FRAME_LEFT + 0.5, 4.25);
	cairo_line_to(cr, FRAME_RIGHT - 0.5, 4.25);
	cairo_stroke(cr);
	if (!s->wall || v != MB_VIEW_SIDE)
		return;
	/* The wall face, with hatching behind it. */
	double x = s->wall_z - SIDE_SHIFT;
	cairo_set_line_width(cr, 0.1);
	cairo_move_to(cr, x, 4.25);
	cairo_line_to(cr, x, -4.6);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.05);
	for (double y = 4.2; y > -4.6; y -= 0.5) {
		cairo_move_to(cr, x, y);
		cairo_line_to(cr, x + 0.35, y - 0.35);
	}
	cairo_stroke(cr);
}

static void draw_skeleton(cairo_t *cr, const struct theme *t, enum mb_view v,
	const struct skeleton *s)
{
	draw_wall_and_ground(cr, t, v, s);
	/* Far limbs first, then the trunk, then the near limbs. */
	int near_arm = MB_ARM_LEFT, far_arm = MB_ARM_RIGHT;
	if (v == MB_VIEW_SIDE) {
		near_arm = MB_ARM_RIGHT;
		far_arm = MB_ARM_LEFT;
		draw_arm(cr, t, v, s, far_arm, t->far);
		draw_leg(cr, t, v, s, far_arm, t->far);
		draw_leg(cr, t, v, s, near_arm, t->body);
	} else {
		draw_leg(cr, t, v, s, 0, t->body);
		draw_leg(cr, t, v, s, 1, t->body);
	}
	/* From the front or back, an arm reaching toward the viewer goes over the trunk. */
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
}

/* Set cr so that figure units map into the box, centred, aspect kept. */
/* A region of the drawing plane (y down), what a frame shows. */
struct box {
	double left, right, top, bottom;
};

static struct box standard_box(void)
{
	return (struct box){ FRAME_LEFT, FRAME_RIGHT, -FRAME_TOP, -FRAME_BOTTOM };
}

/* Widen a box to take in the figure's reaching joints, so raised or spread arms fit. */
static void box_take(struct box *b, enum mb_view v, const struct mb_pose *pose)
{
	struct skeleton s;
	build(pose, &s);
	struct vec3 pts[7] = { along(s.head, s.head_dir, 0.6), s.hand[0], s.hand[1], s.elbow[0],
		s.elbow[1], s.wrist[0], s.wrist[1] };
	for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		struct vec2 q = project(v, pts[i]);
		b->left = fmin(b->left, q.x - 0.45);
		b->right = fmax(b->right, q.x + 0.45);
		b->top = fmin(b->top, q.y - 0.45);
		b->bottom = fmax(b->bottom, q.y + 0.45);
	}
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
		struct skeleton s;
		build(pose, &s);
		draw_skeleton(cr, t, pose->view, &s);
	}
	cairo_restore(cr);
}

void mb_figure_draw(cairo_t *cr, const struct mb_pose *pose, double x, double y, double w, double h,
	bool dark)
{
	struct box b = standard_box();
	box_take(&b, pose->view, pose);
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
	double head_deg, arm_deg, lift, pull;
};

static void note_change(struct change *c, const struct mb_pose *a, const struct mb_pose *b)
{
	double head = fabs(b->head_tilt_deg - a->head_tilt_deg) +
		fabs(b->head_nod_deg - a->head_nod_deg) + fabs(b->head_turn_deg - a->head_turn_deg);
	double arm = fabs(b->clasp - a->clasp) * 30;
	for (int i = 0; i < 2; i++)
		arm += fabs(b->arm_raise_deg[i] - a->arm_raise_deg[i]) +
			fabs(b->arm_out_deg[i] - a->arm_out_deg[i]) +
			fabs(b->elbow_deg[i] - a->elbow_deg[i]);
	c->head_deg = fmax(c->head_deg, head);
	c->arm_deg = fmax(c->arm_deg, arm);
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
			if (k != TRACK_HEAD && k != TRACK_HAND_L && k != TRACK_HAND_R)
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
		bool small = k >= TRACK_BLADE_L || k == TRACK_SHOULDER_L || k == TRACK_SHOULDER_R;
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
		if (v == MB_VIEW_BACK && k >= TRACK_BLADE_L) {
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
	struct box b = standard_box();
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

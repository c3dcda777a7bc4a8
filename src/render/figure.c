/*
 * The coached figure in vector strokes: a simple 3D skeleton built from the
 * pose's joint angles, seen from the front, the back or the side, drawn as
 * rounded limbs over a smoothly shaped trunk, with its props (a chair, a
 * wall, a door frame), the shoulder blades, the line of sight and motion
 * arrows in an accent colour (figure-motion.c). This file draws; figure-skeleton.c places
 * the joints.
 */
#include <math.h>
#include <stddef.h>

#include "render/figure.h"
#include "render/figure-internal.h"

const struct theme mb_figure_light_theme = {
	.bg = { 0.965, 0.957, 0.937 },
	.body = { 0.19, 0.25, 0.32 },
	.far = { 0.50, 0.57, 0.64 },
	.accent = { 0.88, 0.44, 0.16 },
	.detail = { 0.965, 0.957, 0.937 },
	.ground = { 0.78, 0.76, 0.72 },
	.prop = { 0.72, 0.69, 0.64 },
	.panel = { 0.925, 0.912, 0.885 },
};

const struct theme mb_figure_dark_theme = {
	.bg = { 0.12, 0.13, 0.15 },
	.body = { 0.90, 0.89, 0.86 },
	.far = { 0.55, 0.58, 0.62 },
	.accent = { 0.96, 0.62, 0.30 },
	.detail = { 0.12, 0.13, 0.15 },
	.ground = { 0.32, 0.34, 0.37 },
	.prop = { 0.38, 0.40, 0.44 },
	.panel = { 0.16, 0.17, 0.20 },
};

/* Figure space to the drawing plane (before the frame transform). */
struct vec2 mb_figure_project(enum mb_view view, struct vec3 p)
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

void mb_figure_set_rgb(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void move_to(cairo_t *cr, enum mb_view v, struct vec3 p)
{
	struct vec2 q = mb_figure_project(v, p);
	cairo_move_to(cr, q.x, q.y);
}

static void line_to(cairo_t *cr, enum mb_view v, struct vec3 p)
{
	struct vec2 q = mb_figure_project(v, p);
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
	mb_figure_set_rgb(cr, colour);
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
		pts[i] = mb_figure_project(v, slice_edge(&k[i], e));
		pts[2 * n - 1 - i] = mb_figure_project(v, slice_edge(&k[i], scale(e, -1)));
	}
	smooth_closed(cr, pts, 2 * n);
}

static void draw_trunk(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s)
{
	trunk_path(cr, v, s);
	mb_figure_set_rgb(cr, t->body);
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
		mb_figure_set_rgb(cr, t->detail);
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
			mb_figure_set_rgb(cr, t->accent);
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
		mb_figure_project(v, along(c, s->up, 0.48)),
		mb_figure_project(v, along(c, s->fwd, 0.22)),
		mb_figure_project(v, along(c, s->up, -0.55)),
		mb_figure_project(v, along(c, s->fwd, -0.12)),
	};
	smooth_closed(cr, p, 4);
	mb_figure_set_rgb(cr, t->accent);
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

/* The path of the head's oval about its centre c, its long axis turned by angle. */
static void head_oval(cairo_t *cr, struct vec2 c, double angle)
{
	cairo_save(cr);
	cairo_translate(cr, c.x, c.y);
	cairo_rotate(cr, angle);
	cairo_scale(cr, 0.47, 0.57);
	cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
	cairo_restore(cr);
}

static void draw_head(cairo_t *cr, const struct theme *t, enum mb_view v, const struct skeleton *s)
{
	struct vec2 c = mb_figure_project(v, s->head);
	struct vec2 d = mb_figure_project(v, along(s->head, s->head_dir, 1));
	double angle = atan2(d.y - c.y, d.x - c.x) + M_PI / 2;
	/* A ring of background parts the head from arms behind it, but not from its own neck. */
	head_oval(cr, c, angle);
	mb_figure_set_rgb(cr, t->bg);
	cairo_set_line_width(cr, 0.16);
	cairo_stroke(cr);
	struct vec3 neck[] = { along(s->neck, s->up, -0.3), along(s->head, s->head_dir, -0.25) };
	stroke_path(cr, v, neck, 2, 0.4, t->body);
	head_oval(cr, c, angle);
	mb_figure_set_rgb(cr, t->body);
	cairo_fill(cr);

	/*
	 * The nose in body colour: hidden by the head from the front, it shows
	 * from the side and when the head turns, in every view.
	 */
	struct vec3 f = s->face_dir, hd = s->head_dir;
	struct vec2 tip = mb_figure_project(v, along(along(s->head, f, 0.6), hd, -0.05));
	struct vec2 n0 = mb_figure_project(v, along(along(s->head, f, 0.3), hd, 0.14));
	struct vec2 n1 = mb_figure_project(v, along(along(s->head, f, 0.3), hd, -0.2));
	cairo_move_to(cr, n0.x, n0.y);
	cairo_line_to(cr, tip.x, tip.y);
	cairo_line_to(cr, n1.x, n1.y);
	cairo_close_path(cr);
	mb_figure_set_rgb(cr, t->body);
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
		mb_figure_set_rgb(cr, t->detail);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		if (s->eyes_closed > 0.5) {
			/* Closed: a small arc, sagging in the middle like a resting lid. */
			cairo_set_line_width(cr, 0.05);
			move_to(cr, v, along(along(e, ear, -0.08), hd, 0.02));
			struct vec2 m = mb_figure_project(v, along(e, hd, -0.05));
			struct vec2 q = mb_figure_project(v, along(along(e, ear, 0.08), hd, 0.02));
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
	struct vec2 m = mb_figure_project(v, along(mouth, hd, -0.07));
	struct vec2 q = mb_figure_project(v, along(mouth, ear, 0.11));
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
	mb_figure_set_rgb(cr, t->prop);
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
		mb_figure_set_rgb(cr, t->panel);
		cairo_fill(cr);
	}
	mb_figure_set_rgb(cr, t->ground);
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
		mb_figure_set_rgb(cr, t->prop);
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
		struct vec2 q = mb_figure_project(v, m);
		cairo_arc(cr, q.x, q.y, 0.24, 0, 2 * M_PI);
		mb_figure_set_rgb(cr, t->body);
		cairo_fill(cr);
	}
	draw_gaze(cr, t, v, s);
}

struct box mb_figure_box_empty(void)
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
void mb_figure_box_take(struct box *b, enum mb_view v, const struct mb_pose *pose)
{
	struct skeleton s;
	mb_figure_build(pose, &s);
	box_point(b, mb_figure_project(v, along(s.head, s.head_dir, 0.6)), FRAME_MARGIN);
	box_point(b, mb_figure_project(v, s.head), 0.6 + FRAME_MARGIN);
	for (int a = 0; a < 2; a++) {
		struct vec3 pts[] = { s.shoulder[a], s.elbow[a], s.wrist[a],
			along(s.wrist[a], s.hand_dir[a], PALM + 0.4), s.knee[a], s.heel[a],
			s.toe[a], s.hip_joint[a] };
		for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++)
			box_point(b, mb_figure_project(v, pts[i]), FRAME_MARGIN);
	}
	if (s.chair > 0) {
		for (int i = 0; i < 4; i++) {
			struct vec3 c = v3(i & 1 ? 1.0 : -1.0, s.seat.y + CHAIR_BACK_HEIGHT,
				s.seat.z + (i & 2 ? SEAT_FRONT : -SEAT_BACK - 0.25));
			box_point(b, mb_figure_project(v, c), 0.3);
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
void mb_figure_box_finish(struct box *b)
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
void mb_figure_frame(cairo_t *cr, const struct box *b, double x, double y, double w, double h)
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
	mb_figure_set_rgb(cr, t->bg);
	cairo_fill(cr);
}

void mb_figure_draw_framed(cairo_t *cr, const struct mb_pose *pose, const struct box *b, double x,
	double y, double w, double h, bool dark)
{
	const struct theme *t = dark ? &mb_figure_dark_theme : &mb_figure_light_theme;
	cairo_save(cr);
	fill_box(cr, t, x, y, w, h);
	if (w > 0 && h > 0) {
		cairo_rectangle(cr, x, y, w, h);
		cairo_clip(cr);
		mb_figure_frame(cr, b, x, y, w, h);
		/* What the picture shows of the drawing plane, for walls that reach its edges. */
		double k = fmin(w / (b->right - b->left), h / (b->bottom - b->top));
		double clip[3] = { (b->left + b->right) / 2 - w / k / 2,
			(b->left + b->right) / 2 + w / k / 2,
			(b->top + b->bottom) / 2 - h / k / 2 };
		struct skeleton s;
		mb_figure_build(pose, &s);
		draw_skeleton(cr, t, pose->view, &s, clip);
	}
	cairo_restore(cr);
}

void mb_figure_draw(cairo_t *cr, const struct mb_pose *pose, double x, double y, double w, double h,
	bool dark)
{
	struct box b = mb_figure_box_empty();
	mb_figure_box_take(&b, pose->view, pose);
	mb_figure_box_finish(&b);
	mb_figure_draw_framed(cr, pose, &b, x, y, w, h, dark);
}

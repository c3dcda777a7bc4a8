/* Motion arrows over the figure, and the frame that holds a whole exercise still. */
#include <math.h>
#include <stddef.h>

#include "core/timeline.h"
#include "render/figure.h"
#include "render/figure-internal.h"

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
		mb_figure_set_rgb(cr, pass == 0 ? t->bg : t->accent);
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
	mb_figure_set_rgb(cr, t->accent);
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
	mb_figure_build(&now_pose, &now);
	for (int i = 0; i <= ARROW_SAMPLES; i++) {
		struct mb_pose p;
		mb_pose_at(tl, c->t_us + c->dur_us * i / ARROW_SAMPLES, &p);
		p.breath = 0;
		note_change(&change, &from, &p);
		struct skeleton s;
		mb_figure_build(&p, &s);
		for (int k = 0; k < TRACKED; k++) {
			struct vec3 pt = tracked_point(&s, (enum tracked)k);
			if (k == TRACK_SHOULDER_L || k == TRACK_SHOULDER_R || k == TRACK_BLADE_L ||
				k == TRACK_BLADE_R)
				pt = add(add(pt, scale(s.hip, -1)), now.hip);
			path[k][i] = mb_figure_project(v, pt);
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
	struct box b = mb_figure_box_empty();
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
			mb_figure_box_take(&b, pose.view, &p);
			mb_pose_at(timeline, c->t_us + c->dur_us - (c->dur_us > 0), &p);
			mb_figure_box_take(&b, pose.view, &p);
		}
	}
	mb_figure_box_take(&b, pose.view, &pose);
	mb_figure_box_finish(&b);
	mb_figure_draw_framed(cr, &pose, &b, x, y, w, h, dark);
	if (w <= 0 || h <= 0)
		return;
	const struct theme *t = dark ? &mb_figure_dark_theme : &mb_figure_light_theme;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	mb_figure_frame(cr, &b, x, y, w, h);
	draw_motion(cr, t, timeline, t_us < 0 ? 0 : t_us);
	cairo_restore(cr);
}

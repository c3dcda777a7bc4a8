/* The figure's skeleton: every joint placed in figure space from the pose's angles. */
#include <math.h>
#include <stddef.h>

#include "render/figure-internal.h"

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

void mb_figure_build(const struct mb_pose *p, struct skeleton *s)
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

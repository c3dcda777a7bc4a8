/* libFuzzer target for the routine loader: any bytes must give a routine or diagnostics, never a crash or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <math.h>

#include "core/pose.h"
#include "core/timeline.h"
#include "parse/routine-yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_diags diags = { 0 };
	struct mb_routine *routine = mb_routine_parse((const char *)data, size, &diags);
	/* Either outcome, never both: a routine with problems or no routine without one is a bug. */
	if ((routine != NULL) != (diags.len == 0))
		__builtin_trap();
	for (size_t i = 0; i < diags.len; i++) {
		const struct mb_diag *d = &diags.items[i];
		/* Every message is a terminated, non-empty line the CLI can print as is. */
		if (d->line < 0 || d->column < 0 || d->message[0] == '\0' ||
			memchr(d->message, '\0', sizeof(d->message)) == NULL)
			__builtin_trap();
		for (const char *c = d->message; *c != '\0'; c++) {
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				__builtin_trap();
		}
	}
	/*
	 * A routine that loads stays inside the limits at its highest dose, and
	 * the closed-form sums the dose fit uses are the timeline built.
	 */
	if (routine != NULL) {
		struct mb_timeline *top = mb_timeline_create(routine, 1.0);
		if (top &&
			(top->cues_len > MB_MAX_CUES || top->total_us > MB_MAX_ROUTINE_US ||
				mb_routine_cue_count(routine, 1.0) != top->cues_len ||
				mb_routine_total_us(routine, 1.0) != top->total_us))
			__builtin_trap();
		mb_timeline_destroy(top);
	}
	/* A routine that loads can be posed at any time: every joint a finite number. */
	if (routine != NULL) {
		struct mb_timeline *tl = mb_timeline_create(routine, 0.5);
		for (int i = 0; tl != NULL && i <= 16; i++) {
			struct mb_pose pose;
			mb_pose_at(tl, tl->total_us * i / 16, &pose);
			const double *fields[] = { &pose.head_tilt_deg, &pose.head_nod_deg,
				&pose.shoulder_lift, &pose.shoulder_pull, &pose.arm_raise_deg[1],
				&pose.elbow_deg[0], &pose.clasp, &pose.breath, &pose.head_glide,
				&pose.arm_twist_deg[0], &pose.wrist_deg[1], &pose.knuckle_bend[0],
				&pose.finger_curl[1], &pose.hand_place[0][MB_PLACE_MIDDLE],
				&pose.trunk_turn_deg, &pose.trunk_side_deg, &pose.hip_deg[0],
				&pose.knee_deg[1], &pose.heel_lift[0], &pose.sit, &pose.eyes_closed,
				&pose.gaze_near, &pose.gaze_up_deg, &pose.wall_behind, &pose.door };
			for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
				if (!isfinite(*fields[f]))
					__builtin_trap();
		}
		mb_timeline_destroy(tl);
	}
	mb_routine_destroy(routine);
	return 0;
}

/* The poses of a routine file: built-in pose names, the pose words and angles, a step's poses. */
#ifndef MB_PARSE_ROUTINE_POSES_H
#define MB_PARSE_ROUTINE_POSES_H

#include <stdbool.h>

#include "core/pose.h"
#include "core/routine.h"
#include "parse/yaml-tree.h"

/**
 * Read a pose, the value of key: a built-in pose's name (wall-press), or a
 * mapping of changes to one (like: NAME, else standing) in words (arms: up)
 * and angles (head_tilt: 20). Every key is checked, so one pass reports
 * every problem. Returns true and sets *out, or false with problems added.
 */
bool mb_routine_read_pose(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, struct mb_pose *out);

/**
 * Read the pose of step, what in messages ("step 2 of exercise 1"): one
 * pose, or for a move, release or reverse step a list of the poses it
 * passes through, at most MB_POSE_KEYS_MAX. Sets step->poses and
 * step->poses_len only when all of them are good; step->kind must be set.
 */
void mb_routine_read_step_poses(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *what, struct mb_step *step);

#endif

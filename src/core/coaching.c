/* One coached break: the rules of pausing, skipping and ending that every coach shares. */
#include <stdio.h>
#include <string.h>

#include "core/coaching.h"

void mb_coaching_start(struct mb_coaching *coaching, const struct mb_timeline *timeline,
	int64_t now_us, double scale)
{
	*coaching = (struct mb_coaching){
		.timeline = timeline,
		.start_us = now_us,
	};
	mb_playback_start(&coaching->playback, now_us, scale);
}

int64_t mb_coaching_offset(const struct mb_coaching *coaching, int64_t now_us)
{
	int64_t offset_us = mb_playback_offset(&coaching->playback, now_us);
	if (offset_us < 0)
		return 0;
	if (!coaching->finished && offset_us > coaching->timeline->total_us)
		return coaching->timeline->total_us;
	return offset_us;
}

static int64_t active_at(const struct mb_coaching *coaching, int64_t now_us)
{
	return now_us - coaching->start_us - mb_playback_paused_us(&coaching->playback, now_us);
}

bool mb_coaching_update(struct mb_coaching *coaching, int64_t now_us)
{
	if (coaching->finished)
		return false;
	int64_t offset_us = mb_coaching_offset(coaching, now_us);
	if (offset_us > coaching->max_offset_us)
		coaching->max_offset_us = offset_us;
	if (offset_us < coaching->timeline->total_us)
		return false;
	coaching->finished = true;
	coaching->finished_active_us = active_at(coaching, now_us);
	mb_playback_resume(&coaching->playback, now_us);
	return true;
}

bool mb_coaching_toggle_pause(struct mb_coaching *coaching, int64_t now_us)
{
	if (coaching->playback.paused)
		mb_playback_resume(&coaching->playback, now_us);
	else
		mb_playback_pause(&coaching->playback, now_us);
	return coaching->playback.paused;
}

void mb_coaching_next(struct mb_coaching *coaching, int64_t now_us)
{
	if (coaching->finished)
		return;
	const struct mb_timeline *timeline = coaching->timeline;
	size_t index = mb_timeline_cue_at(timeline, mb_coaching_offset(coaching, now_us));
	if (index + 1 < timeline->cues_len)
		mb_playback_seek(&coaching->playback, now_us, timeline->cues[index + 1].t_us);
}

void mb_coaching_back(struct mb_coaching *coaching, int64_t now_us)
{
	if (coaching->finished)
		return;
	const struct mb_timeline *timeline = coaching->timeline;
	int64_t offset_us = mb_coaching_offset(coaching, now_us);
	size_t index = mb_timeline_cue_at(timeline, offset_us);
	const struct mb_cue *cue = &timeline->cues[index];
	if (offset_us - cue->t_us > MB_COACHING_BACK_GRACE_US || index == 0)
		mb_playback_seek(&coaching->playback, now_us, cue->t_us);
	else
		mb_playback_seek(&coaching->playback, now_us, timeline->cues[index - 1].t_us);
}

int64_t mb_coaching_active_us(const struct mb_coaching *coaching, int64_t now_us)
{
	if (coaching->finished)
		return coaching->finished_active_us;
	return active_at(coaching, now_us);
}

size_t mb_coaching_exercises_done(const struct mb_coaching *coaching)
{
	const struct mb_timeline *timeline = coaching->timeline;
	size_t done = 0;
	for (size_t i = 0; i < timeline->spans_len; i++) {
		const struct mb_span *span = &timeline->spans[i];
		if (coaching->max_offset_us >= span->start_us + span->dur_us)
			done = i + 1;
	}
	return done;
}

int64_t mb_countdown_s(int64_t end_us, int64_t offset_us, int64_t *next_us)
{
	int64_t left_us = end_us - offset_us;
	if (left_us <= 0)
		return 0;
	int64_t left_s = (left_us + MB_US_PER_S - 1) / MB_US_PER_S;
	int64_t at = end_us - (left_s - 1) * MB_US_PER_S;
	if (at < *next_us)
		*next_us = at;
	return left_s;
}

int64_t mb_cue_hold_end_us(const struct mb_cue *cue)
{
	if (cue->hold_end_us > 0)
		return cue->hold_end_us;
	if (cue->kind == MB_CUE_HOLD)
		return cue->t_us + cue->dur_us;
	return -1;
}

double mb_cue_breath_fill(const struct mb_cue *cue, int64_t offset_us)
{
	if (cue->kind != MB_CUE_BREATHE_IN && cue->kind != MB_CUE_BREATHE_OUT)
		return -1;
	double into = cue->dur_us > 0 ? (double)(offset_us - cue->t_us) / (double)cue->dur_us : 1;
	if (into < 0)
		into = 0;
	if (into > 1)
		into = 1;
	return cue->kind == MB_CUE_BREATHE_IN ? into : 1 - into;
}

/* Append text to the NUL-terminated string in buf, cutting it at the buffer's end. */
static void append(char *buf, size_t size, const char *text)
{
	size_t len = strlen(buf);
	size_t n = strlen(text);
	if (n > size - 1 - len)
		n = size - 1 - len;
	memcpy(buf + len, text, n);
	buf[len + n] = '\0';
}

char *mb_cue_details(const struct mb_cue *cue, const char *sep, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	char part[128];
	buf[0] = '\0';
	for (int i = 0; i < 4; i++) {
		part[0] = '\0';
		if (i == 0 && cue->of > 0)
			snprintf(part, sizeof(part), "rep %u of %u", cue->rep, cue->of);
		else if (i == 1 && cue->breaths > 0)
			snprintf(part, sizeof(part), "breath %u of %u", cue->breath, cue->breaths);
		else if (i == 2 && cue->side != MB_SIDE_NONE)
			snprintf(part, sizeof(part), "%s side", mb_side_name(cue->side));
		else if (i == 3 && cue->direction != NULL)
			snprintf(part, sizeof(part), "direction: %s", cue->direction);
		if (part[0] == '\0')
			continue;
		if (buf[0] != '\0')
			append(buf, size, sep);
		append(buf, size, part);
	}
	return buf;
}

/* Playback clock. */
#include <math.h>
#include <stdint.h>

#include "core/playback.h"

void mb_playback_start(struct mb_playback *pb, int64_t now_us, double scale)
{
	*pb = (struct mb_playback){
		.origin_us = now_us,
		.scale = scale > 0 ? scale : 1.0,
	};
}

int64_t mb_playback_offset(const struct mb_playback *pb, int64_t now_us)
{
	if (pb->paused)
		return pb->paused_offset_us;
	return (int64_t)((double)(now_us - pb->origin_us) * pb->scale);
}

int64_t mb_playback_deadline(const struct mb_playback *pb, int64_t offset_us)
{
	if (pb->paused)
		return INT64_MAX;
	/* Round up so that at the deadline the offset has really been reached. */
	double clock = (double)offset_us / pb->scale;
	int64_t whole = (int64_t)clock;
	if ((double)whole < clock)
		whole++;
	return pb->origin_us + whole;
}

/*
 * The origin that puts offset_us at now_us. Rounding the clock distance up
 * means the offset read back at now_us is never short of offset_us, so a seek
 * to a cue's start never shows the cue before it.
 */
static int64_t origin_for(const struct mb_playback *pb, int64_t now_us, int64_t offset_us)
{
	return now_us - (int64_t)ceil((double)offset_us / pb->scale);
}

void mb_playback_pause(struct mb_playback *pb, int64_t now_us)
{
	if (pb->paused)
		return;
	pb->paused_offset_us = mb_playback_offset(pb, now_us);
	pb->paused_since_us = now_us;
	pb->paused = true;
}

void mb_playback_resume(struct mb_playback *pb, int64_t now_us)
{
	if (!pb->paused)
		return;
	pb->paused = false;
	pb->paused_total_us += now_us - pb->paused_since_us;
	pb->origin_us = origin_for(pb, now_us, pb->paused_offset_us);
}

void mb_playback_seek(struct mb_playback *pb, int64_t now_us, int64_t offset_us)
{
	if (pb->paused)
		pb->paused_offset_us = offset_us;
	else
		pb->origin_us = origin_for(pb, now_us, offset_us);
}

int64_t mb_playback_paused_us(const struct mb_playback *pb, int64_t now_us)
{
	return pb->paused_total_us + (pb->paused ? now_us - pb->paused_since_us : 0);
}

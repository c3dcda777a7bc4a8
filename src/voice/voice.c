/* Live voice guidance: the voice line of a timeline said as the break plays, never queued. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/voiceline.h"
#include "voice/voice.h"

/* A cue change seen this late after the cue began still says the cue's words. */
#define LATE_START_US 500000

struct mb_voice {
	struct mb_speech *speech;
	struct mb_voice_options options;
	const struct mb_timeline *timeline;
	struct mb_voiceline *line;
	int16_t *step, *mix;
	size_t step_len, mix_cap;
	/* The cue announced last, SIZE_MAX before any. */
	size_t cue;
	/* Utterances [next, end) of the current cue are still to be said. */
	size_t next, end;
	/* Where the break was (offset) at monotonic anchor_us, playing at scale. */
	int64_t anchor_us, anchor_offset_us;
	bool paused, step_pending, silent;
	int64_t busy_until_us;
};

struct mb_voice *mb_voice_create(struct mb_speech *speech, const struct mb_voice_options *options)
{
	struct mb_voice *voice = calloc(1, sizeof(*voice));
	if (!voice)
		return NULL;
	voice->speech = speech;
	voice->options = options ?
		*options :
		(struct mb_voice_options){ .time_scale = 1.0, .step_sound = true };
	if (voice->options.time_scale <= 0)
		voice->options.time_scale = 1.0;
	voice->cue = SIZE_MAX;
	voice->paused = true;
	if (voice->options.step_sound &&
		mb_voice_step_sound(speech->rate_hz, &voice->step, &voice->step_len) < 0) {
		free(voice);
		return NULL;
	}
	return voice;
}

void mb_voice_destroy(struct mb_voice *voice)
{
	if (!voice)
		return;
	if (!voice->silent)
		mb_speech_stop(voice->speech);
	mb_voiceline_destroy(voice->line);
	free(voice->step);
	free(voice->mix);
	free(voice);
}

/* Timeline offset to monotonic time, and a length of timeline to clock time. */
static int64_t clock_at(const struct mb_voice *voice, int64_t offset_us)
{
	return voice->anchor_us +
		(int64_t)((double)(offset_us - voice->anchor_offset_us) /
			voice->options.time_scale);
}

static int64_t clock_len(const struct mb_voice *voice, int64_t offset_len_us)
{
	return (int64_t)((double)offset_len_us / voice->options.time_scale);
}

int mb_voice_on_cue(struct mb_voice *voice, const struct mb_timeline *timeline, size_t cue_index,
	int64_t offset_us, int64_t now_us)
{
	if (timeline != voice->timeline || !voice->line) {
		mb_voiceline_destroy(voice->line);
		voice->timeline = timeline;
		voice->line = mb_voiceline_create(timeline, NULL);
		voice->cue = SIZE_MAX;
		if (!voice->line)
			return -ENOMEM;
	}
	if (cue_index >= timeline->cues_len)
		cue_index = timeline->cues_len - 1;
	if (!voice->silent)
		mb_speech_stop(voice->speech);
	voice->busy_until_us = now_us;
	voice->step_pending = voice->options.step_sound && cue_index != voice->cue;
	voice->cue = cue_index;
	voice->paused = false;
	voice->anchor_us = now_us;
	voice->anchor_offset_us = offset_us;

	const struct mb_cue *c = &timeline->cues[cue_index];
	int64_t from = offset_us - c->t_us < LATE_START_US ? c->t_us : offset_us;
	size_t i = mb_voiceline_first_at(voice->line, from);
	while (i < voice->line->len && voice->line->items[i].cue < cue_index)
		i++;
	size_t end = i;
	while (end < voice->line->len && voice->line->items[end].cue == cue_index)
		end++;
	voice->next = i;
	voice->end = end;
	/* Late to a cue: its words start now, not in the past. */
	if (i < end && voice->line->items[i].t_us < offset_us)
		voice->anchor_offset_us = voice->line->items[i].t_us;
	return 0;
}

void mb_voice_pause(struct mb_voice *voice)
{
	if (!voice->silent)
		mb_speech_stop(voice->speech);
	voice->paused = true;
	voice->step_pending = false;
	voice->next = voice->end;
}

int64_t mb_voice_next_deadline(const struct mb_voice *voice)
{
	if (voice->paused || voice->silent)
		return INT64_MAX;
	if (voice->step_pending)
		return voice->anchor_us;
	if (voice->next < voice->end)
		return clock_at(voice, voice->line->items[voice->next].t_us);
	return INT64_MAX;
}

int64_t mb_voice_busy_until(const struct mb_voice *voice)
{
	return voice->busy_until_us;
}

/* Mix b into a (growing it as needed), clipping instead of wrapping. */
static int mix_into(struct mb_voice *voice, const int16_t *a, size_t a_len, const int16_t *b,
	size_t b_len, size_t *out_len)
{
	size_t n = a_len > b_len ? a_len : b_len;
	if (n > voice->mix_cap) {
		int16_t *grown = realloc(voice->mix, n * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		voice->mix = grown;
		voice->mix_cap = n;
	}
	for (size_t i = 0; i < n; i++) {
		int32_t s = (i < a_len ? a[i] : 0) + (i < b_len ? b[i] : 0);
		voice->mix[i] = (int16_t)(s > INT16_MAX ? INT16_MAX :
				s < INT16_MIN           ? INT16_MIN :
							  s);
	}
	*out_len = n;
	return 0;
}

int mb_voice_dispatch(struct mb_voice *voice, int64_t now_us)
{
	if (voice->paused || voice->silent)
		return 0;
	int16_t *speech = NULL;
	size_t speech_len = 0;
	bool due = false;
	const struct mb_utterance *u = NULL;
	/* Only the latest phrase due is said; one missed while busy is dropped, not queued. */
	while (voice->next < voice->end &&
		clock_at(voice, voice->line->items[voice->next].t_us) <= now_us) {
		u = &voice->line->items[voice->next++];
		due = true;
	}
	if (due) {
		int64_t offset = voice->anchor_offset_us +
			(int64_t)((double)(now_us - voice->anchor_us) * voice->options.time_scale);
		int64_t left = u->t_us + u->max_us - (offset > u->t_us ? offset : u->t_us);
		int ret = mb_speech_render_fit(voice->speech, u->text, u->short_text,
			clock_len(voice, left), &speech, &speech_len);
		if (ret < 0)
			return ret;
	}
	if (!due && !voice->step_pending)
		return 0;

	const int16_t *play = speech;
	size_t play_len = speech_len;
	if (voice->step_pending) {
		voice->step_pending = false;
		int ret = mix_into(voice, speech, speech_len, voice->step, voice->step_len,
			&play_len);
		if (ret < 0) {
			free(speech);
			return ret;
		}
		play = voice->mix;
	}
	int ret = play_len ? mb_speech_play(voice->speech, play, play_len) : 0;
	free(speech);
	if (ret == -ENODEV) {
		voice->silent = true;
		return -ENODEV;
	}
	if (ret == 0 && play_len)
		voice->busy_until_us = now_us +
			(int64_t)((double)play_len * 1e6 / voice->speech->rate_hz);
	return ret;
}

/* The guided audio track of a whole break, for a WAV file: no sound card, no waiting. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/voiceline.h"
#include "voice/voice.h"

/* The step sound: a quiet bell, two partials dying away. */
#define STEP_SOUND_US 250000
#define STEP_ATTACK_US 5000
#define STEP_DECAY_US 60000
#define STEP_HZ 880.0
#define STEP_LEVEL 5000.0

int mb_voice_step_sound(int rate_hz, int16_t **samples, size_t *len)
{
	size_t n = (size_t)((int64_t)rate_hz * STEP_SOUND_US / 1000000);
	int16_t *buf = malloc(n * sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / rate_hz;
		double env = t < STEP_ATTACK_US / 1e6 ? t / (STEP_ATTACK_US / 1e6) :
			exp(-(t - STEP_ATTACK_US / 1e6) / (STEP_DECAY_US / 1e6));
		double s = sin(2 * M_PI * STEP_HZ * t) + 0.3 * sin(2 * M_PI * STEP_HZ * 1.5 * t);
		buf[i] = (int16_t)lrint(STEP_LEVEL * env * s / 1.3);
	}
	*samples = buf;
	*len = n;
	return 0;
}

static void mix_at(int16_t *track, size_t track_len, size_t at, const int16_t *add, size_t len)
{
	for (size_t i = 0; i < len && at + i < track_len; i++) {
		int32_t s = (int32_t)track[at + i] + add[i];
		track[at + i] = (int16_t)(s > INT16_MAX ? INT16_MAX : s < INT16_MIN ? INT16_MIN : s);
	}
}

static size_t sample_at(int64_t t_us, int rate_hz)
{
	return (size_t)((double)t_us * rate_hz / 1e6 + 0.5);
}

int mb_voice_track_render(struct mb_speech *speech, const struct mb_timeline *timeline,
	bool step_sound, int16_t **samples, size_t *len)
{
	*samples = NULL;
	*len = 0;
	int rate = speech->rate_hz;
	size_t n = sample_at(timeline->total_us, rate);
	int16_t *track = calloc(n ? n : 1, sizeof(*track));
	if (!track)
		return -ENOMEM;
	struct mb_voiceline *line = mb_voiceline_create(timeline, NULL);
	if (!line) {
		free(track);
		return -ENOMEM;
	}
	int ret = 0;
	for (size_t i = 0; i < line->len && ret == 0; i++) {
		const struct mb_utterance *u = &line->items[i];
		/* The closing words fall after the end: the track is exactly the plan's length. */
		if (u->t_us >= timeline->total_us)
			break;
		int64_t max = u->max_us;
		if (u->t_us + max > timeline->total_us)
			max = timeline->total_us - u->t_us;
		int16_t *said = NULL;
		size_t said_len = 0;
		ret = mb_speech_render_fit(speech, u->text, u->short_text, max, &said, &said_len);
		if (ret == 0)
			mix_at(track, n, sample_at(u->t_us, rate), said, said_len);
		free(said);
	}
	mb_voiceline_destroy(line);
	if (ret == 0 && step_sound) {
		int16_t *step = NULL;
		size_t step_len = 0;
		ret = mb_voice_step_sound(rate, &step, &step_len);
		for (size_t i = 0; ret == 0 && i < timeline->cues_len; i++)
			if (timeline->cues[i].t_us < timeline->total_us)
				mix_at(track, n, sample_at(timeline->cues[i].t_us, rate), step,
					step_len);
		free(step);
	}
	if (ret < 0) {
		free(track);
		return ret;
	}
	*samples = track;
	*len = n;
	return 0;
}

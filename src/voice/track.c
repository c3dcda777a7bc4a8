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
		double env = t < STEP_ATTACK_US / 1e6 ?
			t / (STEP_ATTACK_US / 1e6) :
			exp(-(t - STEP_ATTACK_US / 1e6) / (STEP_DECAY_US / 1e6));
		double s = sin(2 * M_PI * STEP_HZ * t) + 0.3 * sin(2 * M_PI * STEP_HZ * 1.5 * t);
		buf[i] = (int16_t)lrint(STEP_LEVEL * env * s / 1.3);
	}
	*samples = buf;
	*len = n;
	return 0;
}

/*
 * The track is mixed in a window that slides along it, not in a buffer the
 * length of the plan: a half-hour break at 22,050 Hz would be 79 MB, all of
 * it silence but for the phrases. Sounds arrive in the order they start, so
 * everything before the start of the one being added is final and is
 * handed on. The window holds a few seconds, or the longest sound.
 */
#define WINDOW_US (4 * 1000000)

struct mixer {
	int16_t *buf;
	size_t cap;
	/* The track's sample at buf[0]: everything before it was handed on. */
	size_t base;
	size_t total;
	int (*put)(void *data, const int16_t *samples, size_t len);
	void *data;
	int error;
};

/* Hand on the samples before upto, a window at a time, and slide the window past them. */
static void flush_to(struct mixer *m, size_t upto)
{
	while (m->error == 0 && m->base < upto) {
		size_t n = upto - m->base < m->cap ? upto - m->base : m->cap;
		m->error = m->put(m->data, m->buf, n);
		memmove(m->buf, m->buf + n, (m->cap - n) * sizeof(*m->buf));
		memset(m->buf + m->cap - n, 0, n * sizeof(*m->buf));
		m->base += n;
	}
}

/* Add a sound starting at sample at; no sound added later may start before it. */
static void mix_at(struct mixer *m, size_t at, const int16_t *add, size_t len)
{
	if (at >= m->total || m->error)
		return;
	if (len > m->total - at)
		len = m->total - at;
	if (at < m->base) {
		size_t late = m->base - at;
		if (late >= len)
			return;
		add += late;
		len -= late;
		at = m->base;
	}
	if (at + len > m->base + m->cap)
		flush_to(m, at);
	if (len > m->cap) {
		int16_t *bigger = realloc(m->buf, len * sizeof(*bigger));
		if (!bigger) {
			m->error = -ENOMEM;
			return;
		}
		memset(bigger + m->cap, 0, (len - m->cap) * sizeof(*bigger));
		m->buf = bigger;
		m->cap = len;
	}
	int16_t *track = m->buf + (at - m->base);
	for (size_t i = 0; i < len; i++) {
		int32_t s = (int32_t)track[i] + add[i];
		track[i] = (int16_t)(s > INT16_MAX ? INT16_MAX : s < INT16_MIN ? INT16_MIN : s);
	}
}

static size_t sample_at(int64_t t_us, int rate_hz)
{
	return (size_t)((double)t_us * rate_hz / 1e6 + 0.5);
}

size_t mb_voice_track_len(const struct mb_timeline *timeline, int rate_hz)
{
	return sample_at(timeline->total_us, rate_hz);
}

/* Speak utterance u of a timeline into the mix. */
static int mix_utterance(struct mixer *m, struct mb_speech *speech,
	const struct mb_timeline *timeline, const struct mb_utterance *u)
{
	int64_t max = u->max_us;
	if (u->t_us + max > timeline->total_us)
		max = timeline->total_us - u->t_us;
	int16_t *said = NULL;
	size_t said_len = 0;
	int ret = mb_speech_render_fit(speech, u->text, u->short_text, max, &said, &said_len);
	if (ret == 0)
		mix_at(m, sample_at(u->t_us, speech->rate_hz), said, said_len);
	free(said);
	return ret;
}

int mb_voice_track_stream(struct mb_speech *speech, const struct mb_timeline *timeline,
	bool step_sound, int (*put)(void *data, const int16_t *samples, size_t len), void *data)
{
	int rate = speech->rate_hz;
	struct mixer m = {
		.cap = sample_at(WINDOW_US, rate),
		.total = mb_voice_track_len(timeline, rate),
		.put = put,
		.data = data,
	};
	if (m.cap == 0)
		m.cap = 1;
	m.buf = calloc(m.cap, sizeof(*m.buf));
	struct mb_voiceline *line = mb_voiceline_create(timeline, NULL);
	int16_t *step = NULL;
	size_t step_len = 0;
	int ret = m.buf && line ? 0 : -ENOMEM;
	if (ret == 0 && step_sound)
		ret = mb_voice_step_sound(rate, &step, &step_len);
	/* The phrases and the step sounds at the cue starts, merged in the order they start. */
	size_t u = 0, c = 0;
	while (ret == 0 && m.error == 0) {
		/* The closing words fall after the end: the track is exactly the plan's length. */
		bool more_words = u < line->len && line->items[u].t_us < timeline->total_us;
		bool more_steps = step && c < timeline->cues_len &&
			timeline->cues[c].t_us < timeline->total_us;
		if (more_words && (!more_steps || line->items[u].t_us <= timeline->cues[c].t_us))
			ret = mix_utterance(&m, speech, timeline, &line->items[u++]);
		else if (more_steps)
			mix_at(&m, sample_at(timeline->cues[c++].t_us, rate), step, step_len);
		else
			break;
	}
	if (ret == 0)
		flush_to(&m, m.total);
	if (ret == 0)
		ret = m.error;
	free(step);
	mb_voiceline_destroy(line);
	free(m.buf);
	return ret;
}

/* Collect a streamed track into one buffer. */
struct collect {
	int16_t *buf;
	size_t len;
};

static int collect(void *data, const int16_t *samples, size_t len)
{
	struct collect *c = data;
	memcpy(c->buf + c->len, samples, len * sizeof(*samples));
	c->len += len;
	return 0;
}

int mb_voice_track_render(struct mb_speech *speech, const struct mb_timeline *timeline,
	bool step_sound, int16_t **samples, size_t *len)
{
	*samples = NULL;
	*len = 0;
	size_t n = mb_voice_track_len(timeline, speech->rate_hz);
	struct collect c = { .buf = malloc((n ? n : 1) * sizeof(*c.buf)) };
	if (!c.buf)
		return -ENOMEM;
	int ret = mb_voice_track_stream(speech, timeline, step_sound, collect, &c);
	if (ret < 0) {
		free(c.buf);
		return ret;
	}
	*samples = c.buf;
	*len = c.len;
	return 0;
}

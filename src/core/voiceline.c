/* Planning speech over a timeline: a phrase per cue start, countdowns in holds, all fitted in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/voiceline.h"

/* Two utterances closer than this cannot both be heard; the less useful one goes. */
#define MIN_SLOT_US 300000
#define MAX_FORMS 12
#define US_PER_S INT64_C(1000000)

static const char *const number_words[] = {
	"zero",
	"one",
	"two",
	"three",
	"four",
	"five",
	"six",
	"seven",
	"eight",
	"nine",
	"ten",
	"eleven",
	"twelve",
	"thirteen",
	"fourteen",
	"fifteen",
	"sixteen",
	"seventeen",
	"eighteen",
	"nineteen",
	"twenty",
};

struct plan {
	const struct mb_timeline *tl;
	struct mb_voiceline_options opt;
	struct mb_utterance *items;
	size_t len, cap;
	bool failed;
};

/* The forms of one phrase, longest first; each owned until one is kept. */
struct forms {
	char *text[MAX_FORMS];
	size_t len;
};

int64_t mb_voiceline_estimate_us(const struct mb_voiceline_options *options, const char *text)
{
	int64_t per_char = options && options->us_per_char ? options->us_per_char :
							     MB_VOICELINE_US_PER_CHAR;
	int64_t base = options && options->base_us ? options->base_us : MB_VOICELINE_BASE_US;
	return base + per_char * (int64_t)strlen(text);
}

static char *join(const char *prefix, const char *text, size_t text_len)
{
	size_t plen = prefix ? strlen(prefix) : 0;
	char *out = malloc(plen + 2 + text_len + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	if (plen) {
		memcpy(out, prefix, plen);
		n = plen;
		if (text_len) {
			memcpy(out + n, ". ", 2);
			n += 2;
		}
	}
	memcpy(out + n, text, text_len);
	n += text_len;
	/* A phrase cut short must not end on a separator. */
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == ',' || out[n - 1] == ';'))
		n--;
	out[n] = '\0';
	return out;
}

static void add_form(struct plan *p, struct forms *f, const char *prefix, const char *text,
	size_t text_len)
{
	if (f->len == MAX_FORMS)
		return;
	char *s = join(prefix, text, text_len);
	if (!s) {
		p->failed = true;
		return;
	}
	/* The same words twice (a text with no shorter clause) are one form. */
	if (s[0] == '\0' || (f->len && strcmp(f->text[f->len - 1], s) == 0)) {
		free(s);
		return;
	}
	f->text[f->len++] = s;
}

static bool starts_with_nocase(const char *text, const char *prefix)
{
	for (; *prefix; prefix++, text++) {
		char a = *text, b = *prefix;
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/* Length of the first sentence of text. */
static size_t sentence_len(const char *text)
{
	const char *dot = strstr(text, ". ");
	return dot ? (size_t)(dot - text) : strlen(text);
}

/* Length of the first clause of text: up to a comma, semicolon, full stop, "and" or "then". */
static size_t clause_len(const char *text)
{
	size_t best = strcspn(text, ",;.");
	static const char *const joints[] = { " and ", " then " };
	for (size_t i = 0; i < 2; i++) {
		const char *at = strstr(text, joints[i]);
		if (at && (size_t)(at - text) < best)
			best = (size_t)(at - text);
	}
	return best;
}

/*
 * The forms of a phrase: prefix and whole text, first sentence, first
 * clause; then the prefix alone, or without one the first words of the
 * clause. A repeated text (said before in this exercise) is not said whole
 * again: the prefix is enough, or the first clause when there is none.
 */
static void make_forms(struct plan *p, struct forms *f, const char *prefix, const char *text,
	bool repeated)
{
	/* "Change direction" needs no "Change direction." in front. */
	if (prefix && text && starts_with_nocase(text, prefix))
		prefix = NULL;
	if (!text)
		text = "";
	size_t clause = clause_len(text);
	if (!repeated) {
		add_form(p, f, prefix, text, strlen(text));
		add_form(p, f, prefix, text, sentence_len(text));
	}
	if (!repeated || !prefix)
		add_form(p, f, prefix, text, clause);
	if (prefix) {
		add_form(p, f, prefix, "", 0);
		return;
	}
	/* No prefix to fall back on: the clause loses words from the end, one at a time. */
	for (size_t n = clause; n > 0 && f->len < MAX_FORMS; n--)
		if (text[n] == ' ' && text[n - 1] != ' ')
			add_form(p, f, NULL, text, n);
}

/* Keep the longest form whose estimate fits max_us (else the shortest) and the shortest. */
static bool keep_forms(struct plan *p, struct forms *f, int64_t max_us, struct mb_utterance *u)
{
	if (f->len == 0) {
		u->text = u->short_text = NULL;
		return false;
	}
	size_t pick = f->len - 1;
	for (size_t i = 0; i < f->len; i++) {
		if (mb_voiceline_estimate_us(&p->opt, f->text[i]) <= max_us) {
			pick = i;
			break;
		}
	}
	u->text = f->text[pick];
	u->short_text = pick == f->len - 1 ? u->text : f->text[f->len - 1];
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] != u->text && f->text[i] != u->short_text)
			free(f->text[i]);
	f->len = 0;
	return true;
}

static void push(struct plan *p, int64_t t_us, size_t cue, bool countdown)
{
	if (p->len == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct mb_utterance *items = realloc(p->items, cap * sizeof(*items));
		if (!items) {
			p->failed = true;
			return;
		}
		p->items = items;
		p->cap = cap;
	}
	p->items[p->len++] = (struct mb_utterance){ .t_us = t_us,
		.cue = cue,
		.countdown = countdown };
}

/* True when an earlier cue of the same exercise and kind said the same text. */
static bool said_before(const struct mb_timeline *tl, size_t index)
{
	const struct mb_cue *c = &tl->cues[index];
	if (c->exercise == 0 || c->exercise > tl->spans_len || !c->text)
		return false;
	for (size_t i = tl->spans[c->exercise - 1].first_cue; i < index; i++)
		if (tl->cues[i].kind == c->kind && tl->cues[i].text &&
			strcmp(tl->cues[i].text, c->text) == 0)
			return true;
	return false;
}

static bool first_of_exercise(const struct mb_timeline *tl, size_t index)
{
	return index == 0 || tl->cues[index - 1].exercise != tl->cues[index].exercise;
}

static bool first_of_rep(const struct mb_timeline *tl, size_t index)
{
	const struct mb_cue *c = &tl->cues[index];
	if (!c->of || first_of_exercise(tl, index))
		return c->of != 0;
	const struct mb_cue *b = &tl->cues[index - 1];
	return b->rep != c->rep || b->of != c->of;
}

static const char *count_word(unsigned n, char *buf, size_t len)
{
	if (n < sizeof(number_words) / sizeof(number_words[0]))
		snprintf(buf, len, "%s", number_words[n]);
	else
		snprintf(buf, len, "%u", n);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return buf;
}

static void cue_forms(struct plan *p, size_t index, struct forms *f)
{
	const struct mb_timeline *tl = p->tl;
	const struct mb_cue *c = &tl->cues[index];
	bool repeated = said_before(tl, index);
	const char *prefix = NULL;
	char count[32];
	switch (c->kind) {
	case MB_CUE_PREPARE:
		if (first_of_exercise(tl, index) && c->exercise >= 1 &&
			c->exercise <= tl->routine->exercises_len)
			prefix = tl->routine->exercises[c->exercise - 1].title;
		break;
	case MB_CUE_HOLD:
		prefix = "Hold";
		break;
	case MB_CUE_BREATHE_IN:
		prefix = "Breathe in";
		/* The pacer's words alone after the first breath: the instruction is known by then. */
		repeated = repeated || c->breath > 1;
		break;
	case MB_CUE_BREATHE_OUT:
		prefix = "Breathe out";
		repeated = repeated || c->breath > 1 ||
			(index > 0 && tl->cues[index - 1].kind == MB_CUE_BREATHE_IN &&
				tl->cues[index - 1].text && c->text &&
				strcmp(tl->cues[index - 1].text, c->text) == 0);
		break;
	case MB_CUE_SWITCH:
		prefix = "Switch sides";
		break;
	case MB_CUE_REVERSE:
		prefix = "Change direction";
		break;
	case MB_CUE_MOVE:
		if (repeated && first_of_rep(tl, index) && c->rep > 1)
			prefix = count_word(c->rep, count, sizeof(count));
		break;
	case MB_CUE_RELEASE:
	case MB_CUE_REST:
	case MB_CUE_DONE:
		break;
	}
	make_forms(p, f, prefix, c->text, repeated);
}

/* Add "three, two, one" before end_us, for a hold that started at start_us. */
static void push_countdown(struct plan *p, int64_t start_us, int64_t end_us)
{
	if (end_us - start_us < MB_VOICELINE_COUNTDOWN_MIN_US)
		return;
	for (int k = 3; k >= 1; k--) {
		int64_t t = end_us - k * US_PER_S;
		push(p, t, mb_timeline_cue_at(p->tl, t), true);
	}
}

static int compare_items(const void *a, const void *b)
{
	const struct mb_utterance *x = a, *y = b;
	if (x->t_us != y->t_us)
		return x->t_us < y->t_us ? -1 : 1;
	/* At the same moment the cue's own words are the ones to hear. */
	if (x->countdown != y->countdown)
		return x->countdown ? 1 : -1;
	return x->cue < y->cue ? -1 : x->cue > y->cue;
}

/* Where the cue an utterance belongs to ends; the closing words get a tail past the end. */
static int64_t cue_end(const struct mb_timeline *tl, size_t cue)
{
	const struct mb_cue *c = &tl->cues[cue];
	if (c->kind == MB_CUE_DONE)
		return tl->total_us + MB_VOICELINE_TAIL_US;
	return c->t_us + c->dur_us;
}

/*
 * Drop utterances too close to the one before to be heard. A cue start
 * (the pacer's "breathe out") wins over a countdown number.
 */
static void drop_crowded(struct plan *p)
{
	size_t out = 0;
	for (size_t i = 0; i < p->len; i++) {
		struct mb_utterance *u = &p->items[i];
		if (out > 0) {
			struct mb_utterance *prev = &p->items[out - 1];
			if (u->t_us - prev->t_us < MIN_SLOT_US) {
				if (prev->countdown && !u->countdown)
					*prev = *u;
				continue;
			}
		}
		p->items[out++] = *u;
	}
	p->len = out;
}

struct mb_voiceline *mb_voiceline_create(const struct mb_timeline *timeline,
	const struct mb_voiceline_options *options)
{
	struct plan p = { .tl = timeline };
	if (options)
		p.opt = *options;
	if (!p.opt.us_per_char)
		p.opt.us_per_char = MB_VOICELINE_US_PER_CHAR;
	if (!p.opt.base_us)
		p.opt.base_us = MB_VOICELINE_BASE_US;
	if (!p.opt.gap_us)
		p.opt.gap_us = MB_VOICELINE_GAP_US;

	for (size_t i = 0; i < timeline->cues_len && !p.failed; i++) {
		const struct mb_cue *c = &timeline->cues[i];
		push(&p, c->t_us, i, false);
		if (c->kind == MB_CUE_HOLD)
			push_countdown(&p, c->t_us, c->t_us + c->dur_us);
		/* A hold paced by breaths counts down once, from its last cue. */
		bool last_of_paced = c->hold_end_us &&
			(i + 1 == timeline->cues_len ||
				timeline->cues[i + 1].hold_end_us != c->hold_end_us);
		if (last_of_paced) {
			size_t first = i;
			while (first > 0 && timeline->cues[first - 1].hold_end_us == c->hold_end_us)
				first--;
			push_countdown(&p, timeline->cues[first].t_us, c->hold_end_us);
		}
	}
	if (p.failed)
		goto fail;
	qsort(p.items, p.len, sizeof(*p.items), compare_items);
	drop_crowded(&p);

	size_t kept = 0;
	for (size_t i = 0; i < p.len && !p.failed; i++) {
		struct mb_utterance u = p.items[i];
		int64_t end = cue_end(timeline, u.cue);
		if (i + 1 < p.len && p.items[i + 1].t_us < end)
			end = p.items[i + 1].t_us;
		u.max_us = end - u.t_us - p.opt.gap_us;
		if (u.max_us < 0)
			u.max_us = 0;
		struct forms f = { .len = 0 };
		if (u.countdown) {
			/* The number is how many whole seconds are left in the hold. */
			char word[32];
			int64_t hold_end = timeline->cues[u.cue].hold_end_us ?
				timeline->cues[u.cue].hold_end_us :
				timeline->cues[u.cue].t_us + timeline->cues[u.cue].dur_us;
			unsigned left = (unsigned)((hold_end - u.t_us + US_PER_S / 2) / US_PER_S);
			count_word(left, word, sizeof(word));
			add_form(&p, &f, NULL, word, strlen(word));
			if (f.len)
				f.text[0][0] = (char)(f.text[0][0] | 0x20);
		} else {
			cue_forms(&p, u.cue, &f);
		}
		if (p.failed) {
			for (size_t j = 0; j < f.len; j++)
				free(f.text[j]);
			break;
		}
		if (keep_forms(&p, &f, u.max_us, &u))
			p.items[kept++] = u;
	}
	p.len = kept;
	if (p.failed)
		goto fail;

	struct mb_voiceline *vl = malloc(sizeof(*vl));
	if (!vl)
		goto fail;
	*vl = (struct mb_voiceline){ .items = p.items,
		.len = p.len,
		.total_us = timeline->total_us };
	return vl;

fail:
	for (size_t i = 0; i < p.len; i++) {
		if (p.items[i].short_text != p.items[i].text)
			free((char *)p.items[i].short_text);
		free((char *)p.items[i].text);
	}
	free(p.items);
	return NULL;
}

void mb_voiceline_destroy(struct mb_voiceline *vl)
{
	if (!vl)
		return;
	for (size_t i = 0; i < vl->len; i++) {
		if (vl->items[i].short_text != vl->items[i].text)
			free((char *)vl->items[i].short_text);
		free((char *)vl->items[i].text);
	}
	free(vl->items);
	free(vl);
}

size_t mb_voiceline_first_at(const struct mb_voiceline *vl, int64_t t_us)
{
	size_t lo = 0, hi = vl->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (vl->items[mid].t_us < t_us)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

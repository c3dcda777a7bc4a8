/* libFuzzer target for the voice line: any routine that loads gets a voice line that fits. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/timeline.h"
#include "core/voiceline.h"
#include "parse/routine-yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct mb_timeline *tl, const struct mb_voiceline *vl)
{
	for (size_t i = 0; i < vl->len; i++) {
		const struct mb_utterance *u = &vl->items[i];
		if (!u->text || !u->short_text || u->text[0] == '\0' || u->cue >= tl->cues_len ||
			u->max_us < 0 || strlen(u->short_text) > strlen(u->text))
			__builtin_trap();
		const struct mb_cue *c = &tl->cues[u->cue];
		int64_t end = c->kind == MB_CUE_DONE ? tl->total_us + MB_VOICELINE_TAIL_US :
						       c->t_us + c->dur_us;
		/* Never before its cue, never past it, never into the next utterance. */
		if (u->t_us < c->t_us || u->t_us + u->max_us > end)
			__builtin_trap();
		if (i + 1 < vl->len && u->t_us + u->max_us > vl->items[i + 1].t_us)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_diags diags = { 0 };
	struct mb_routine *routine = mb_routine_parse((const char *)data, size, &diags);
	if (!routine)
		return 0;
	const double levels[] = { 0.0, 1.0 };
	for (size_t l = 0; l < 2; l++) {
		struct mb_timeline *tl = mb_timeline_create(routine, levels[l]);
		if (!tl)
			continue;
		struct mb_voiceline *vl = mb_voiceline_create(tl, NULL);
		if (vl)
			check(tl, vl);
		mb_voiceline_destroy(vl);
		mb_timeline_destroy(tl);
	}
	mb_routine_destroy(routine);
	return 0;
}

/* libFuzzer target for `movebreak import`: any bytes give a history or a located problem. */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/history-json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *export(const struct mb_store_bundle *b, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f)
		return NULL;
	if (mb_history_json_write(f, b) < 0)
		__builtin_trap();
	fclose(f);
	return text;
}

static bool same(const struct mb_store_bundle *a, const struct mb_store_bundle *b)
{
	return a->breaks_len == b->breaks_len && a->activity_len == b->activity_len &&
		a->challenges_len == b->challenges_len &&
		(!a->breaks_len || !memcmp(a->breaks, b->breaks,
			a->breaks_len * sizeof(*a->breaks))) &&
		(!a->activity_len || !memcmp(a->activity, b->activity,
			a->activity_len * sizeof(*a->activity))) &&
		(!a->challenges_len || !memcmp(a->challenges, b->challenges,
			a->challenges_len * sizeof(*a->challenges)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_store_bundle b;
	struct mb_diag diag;
	int ret = mb_history_json_parse((const char *)data, size, &b, &diag);
	if (ret == -ENOMEM)
		return 0;
	if (ret < 0) {
		/* A refusal says what and where, on a line that exists. */
		int lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n';
		if (ret != -EINVAL || diag.message[0] == '\0' || diag.line < 0 ||
			diag.line > lines || (diag.line > 0 && diag.column < 1) ||
			memchr(diag.message, '\0', sizeof(diag.message)) == NULL ||
			b.breaks || b.activity || b.challenges)
			__builtin_trap();
		return 0;
	}
	/* What was accepted is what the store takes... */
	for (size_t i = 0; i < b.activity_len; i++) {
		const struct mb_activity_record *a = &b.activity[i];
		if (a->end_us < a->start_us || a->active_us < 0 ||
			(uint64_t)a->active_us > (uint64_t)a->end_us - (uint64_t)a->start_us)
			__builtin_trap();
	}
	/* ...and exporting it and reading that back gives the same records, then the same text. */
	size_t len1 = 0, len2 = 0;
	char *text1 = export(&b, &len1);
	if (!text1) {
		mb_history_json_bundle_free(&b);
		return 0;
	}
	struct mb_store_bundle again;
	ret = mb_history_json_parse(text1, len1, &again, &diag);
	if (ret == -ENOMEM) {
		free(text1);
		mb_history_json_bundle_free(&b);
		return 0;
	}
	if (ret != 0 || !same(&b, &again))
		__builtin_trap();
	char *text2 = export(&again, &len2);
	if (text2 && (len1 != len2 || memcmp(text1, text2, len1) != 0))
		__builtin_trap();
	free(text1);
	free(text2);
	mb_history_json_bundle_free(&again);
	mb_history_json_bundle_free(&b);
	return 0;
}

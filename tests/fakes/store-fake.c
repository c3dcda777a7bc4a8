/* An in-memory history store for tests; orders and dedupes records as the SQLite store does. */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "platform/store.h"
#include "tests/fakes/fakes.h"

struct fake_store {
	struct mb_store base;
	/* Each sorted oldest first by (start_us or created_us, then insertion). */
	struct mb_break_record *records;
	size_t len, cap;
	int64_t last_id;
	struct mb_activity_record *activity;
	size_t activity_len, activity_cap;
	struct mb_challenge_record *challenges;
	size_t challenges_len, challenges_cap;
	int64_t last_challenge_id;
};

static const struct mb_store_impl impl;

static struct fake_store *downcast(struct mb_store *store)
{
	assert(store->impl == &impl);
	return (struct fake_store *)store;
}

/* Make room for one more element of size elem in *items. */
static int grow(void **items, size_t len, size_t *cap, size_t elem)
{
	if (len < *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 16;
	void *p = realloc(*items, n * elem);
	if (!p)
		return -ENOMEM;
	*items = p;
	*cap = n;
	return 0;
}

static int add(struct mb_store *store, struct mb_break_record *record)
{
	struct fake_store *fake = downcast(store);
	if (grow((void **)&fake->records, fake->len, &fake->cap, sizeof(*fake->records)) < 0)
		return -ENOMEM;
	record->id = ++fake->last_id;
	/* New ids are the largest, so only start_us decides how far back it goes. */
	size_t at = fake->len;
	while (at > 0 && fake->records[at - 1].start_us > record->start_us)
		at--;
	memmove(&fake->records[at + 1], &fake->records[at],
		(fake->len - at) * sizeof(*fake->records));
	fake->records[at] = *record;
	fake->records[at].routine[sizeof(record->routine) - 1] = '\0';
	fake->len++;
	return 0;
}

static int recent(struct mb_store *store, struct mb_break_record *out, size_t max)
{
	struct fake_store *fake = downcast(store);
	size_t n = 0;
	while (n < max && n < fake->len) {
		out[n] = fake->records[fake->len - 1 - n];
		n++;
	}
	return (int)n;
}

/* Copy items[first, first + n) into a fresh array for the caller. */
static int hand_out(const void *items, size_t first, size_t n, size_t elem, void *out, size_t *len)
{
	if (n == 0)
		return 0;
	if (n > INT_MAX)
		return -EOVERFLOW;
	void *copy = malloc(n * elem);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, (const char *)items + first * elem, n * elem);
	*(void **)out = copy;
	*len = n;
	return (int)n;
}

static int breaks_between(struct mb_store *store, int64_t from_us, int64_t to_us,
	struct mb_break_record **out, size_t *len)
{
	struct fake_store *fake = downcast(store);
	size_t first = 0;
	while (first < fake->len && fake->records[first].start_us < from_us)
		first++;
	size_t end = first;
	while (end < fake->len && fake->records[end].start_us < to_us)
		end++;
	return hand_out(fake->records, first, end - first, sizeof(*fake->records), out, len);
}

static int activity_add(struct mb_store *store, const struct mb_activity_record *record)
{
	struct fake_store *fake = downcast(store);
	if (grow((void **)&fake->activity, fake->activity_len, &fake->activity_cap,
		    sizeof(*fake->activity)) < 0)
		return -ENOMEM;
	size_t at = fake->activity_len;
	while (at > 0 && fake->activity[at - 1].start_us > record->start_us)
		at--;
	memmove(&fake->activity[at + 1], &fake->activity[at],
		(fake->activity_len - at) * sizeof(*fake->activity));
	fake->activity[at] = *record;
	fake->activity_len++;
	return 0;
}

static bool overlaps(const struct mb_activity_record *a, int64_t from_us, int64_t to_us)
{
	if (a->start_us >= to_us)
		return false;
	return a->end_us > from_us || (a->start_us == a->end_us && a->start_us >= from_us);
}

static int activity_between(struct mb_store *store, int64_t from_us, int64_t to_us,
	struct mb_activity_record **out, size_t *len)
{
	struct fake_store *fake = downcast(store);
	size_t n = 0;
	for (size_t i = 0; i < fake->activity_len; i++)
		n += overlaps(&fake->activity[i], from_us, to_us);
	if (n == 0)
		return 0;
	if (n > INT_MAX)
		return -EOVERFLOW;
	struct mb_activity_record *copy = malloc(n * sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	size_t j = 0;
	for (size_t i = 0; i < fake->activity_len; i++)
		if (overlaps(&fake->activity[i], from_us, to_us))
			copy[j++] = fake->activity[i];
	*out = copy;
	*len = n;
	return (int)n;
}

static int challenge_add(struct mb_store *store, struct mb_challenge_record *rec)
{
	struct fake_store *fake = downcast(store);
	if (grow((void **)&fake->challenges, fake->challenges_len, &fake->challenges_cap,
		    sizeof(*fake->challenges)) < 0)
		return -ENOMEM;
	rec->id = ++fake->last_challenge_id;
	size_t at = fake->challenges_len;
	while (at > 0 && fake->challenges[at - 1].created_us > rec->created_us)
		at--;
	memmove(&fake->challenges[at + 1], &fake->challenges[at],
		(fake->challenges_len - at) * sizeof(*fake->challenges));
	fake->challenges[at] = *rec;
	fake->challenges_len++;
	return 0;
}

static bool challenge_before(const struct mb_challenge_record *a,
	const struct mb_challenge_record *b)
{
	return a->created_us < b->created_us || (a->created_us == b->created_us && a->id < b->id);
}

static int challenge_update(struct mb_store *store, const struct mb_challenge_record *rec)
{
	struct fake_store *fake = downcast(store);
	struct mb_challenge_record *c = fake->challenges;
	size_t i = 0;
	while (i < fake->challenges_len && c[i].id != rec->id)
		i++;
	if (i == fake->challenges_len)
		return -ENOENT;
	c[i] = *rec;
	/* created_us may have changed: move it to where (created_us, id) puts it. */
	for (; i > 0 && challenge_before(&c[i], &c[i - 1]); i--) {
		struct mb_challenge_record t = c[i];
		c[i] = c[i - 1];
		c[i - 1] = t;
	}
	for (; i + 1 < fake->challenges_len && challenge_before(&c[i + 1], &c[i]); i++) {
		struct mb_challenge_record t = c[i];
		c[i] = c[i + 1];
		c[i + 1] = t;
	}
	return 0;
}

static int challenges(struct mb_store *store, struct mb_challenge_record **out, size_t *len)
{
	struct fake_store *fake = downcast(store);
	return hand_out(fake->challenges, 0, fake->challenges_len, sizeof(*fake->challenges), out,
		len);
}

static bool same_break(const struct mb_break_record *a, const struct mb_break_record *b)
{
	return a->start_us == b->start_us && a->end_us == b->end_us &&
		a->active_us == b->active_us && a->planned_us == b->planned_us &&
		strncmp(a->routine, b->routine, sizeof(a->routine)) == 0 &&
		a->exercises_done == b->exercises_done &&
		a->exercises_total == b->exercises_total && a->outcome == b->outcome &&
		a->source == b->source && a->kind == b->kind;
}

static int import(struct mb_store *store, const struct mb_store_bundle *bundle)
{
	struct fake_store *fake = downcast(store);
	/* Compare with what was there before: identical rows within the bundle all go in. */
	struct fake_store before = *fake;
	struct fake_store *copy = calloc(1, sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	copy->base.impl = &impl;
	copy->last_id = fake->last_id;
	copy->last_challenge_id = fake->last_challenge_id;
	int r = 0, added = 0;
	/* Build the result in a copy so a failure half way leaves the store as it was. */
	for (size_t i = 0; r == 0 && i < fake->len; i++) {
		r = grow((void **)&copy->records, copy->len, &copy->cap, sizeof(*copy->records));
		if (r == 0)
			copy->records[copy->len++] = fake->records[i];
	}
	for (size_t i = 0; r == 0 && i < fake->activity_len; i++)
		r = activity_add(&copy->base, &fake->activity[i]);
	for (size_t i = 0; r == 0 && i < fake->challenges_len; i++) {
		r = grow((void **)&copy->challenges, copy->challenges_len, &copy->challenges_cap,
			sizeof(*copy->challenges));
		if (r == 0)
			copy->challenges[copy->challenges_len++] = fake->challenges[i];
	}
	for (size_t i = 0; r == 0 && i < bundle->breaks_len; i++) {
		bool seen = false;
		for (size_t j = 0; !seen && j < before.len; j++)
			seen = same_break(&before.records[j], &bundle->breaks[i]);
		if (seen)
			continue;
		struct mb_break_record rec = bundle->breaks[i];
		r = add(&copy->base, &rec);
		added += r == 0;
	}
	for (size_t i = 0; r == 0 && i < bundle->activity_len; i++) {
		bool seen = false;
		for (size_t j = 0; !seen && j < before.activity_len; j++)
			seen = before.activity[j].start_us == bundle->activity[i].start_us;
		if (seen)
			continue;
		r = activity_add(&copy->base, &bundle->activity[i]);
		added += r == 0;
	}
	for (size_t i = 0; r == 0 && i < bundle->challenges_len; i++) {
		bool seen = false;
		for (size_t j = 0; !seen && j < before.challenges_len; j++)
			seen = before.challenges[j].created_us == bundle->challenges[i].created_us;
		if (seen)
			continue;
		struct mb_challenge_record rec = bundle->challenges[i];
		r = challenge_add(&copy->base, &rec);
		added += r == 0;
	}
	if (r < 0) {
		free(copy->records);
		free(copy->activity);
		free(copy->challenges);
		free(copy);
		return r;
	}
	free(fake->records);
	free(fake->activity);
	free(fake->challenges);
	copy->base = fake->base;
	*fake = *copy;
	free(copy);
	return added;
}

static void destroy(struct mb_store *store)
{
	struct fake_store *fake = downcast(store);
	free(fake->records);
	free(fake->activity);
	free(fake->challenges);
	free(fake);
}

static const struct mb_store_impl impl = {
	.name = "fake",
	.add = add,
	.recent = recent,
	.breaks_between = breaks_between,
	.activity_add = activity_add,
	.activity_between = activity_between,
	.challenge_add = challenge_add,
	.challenge_update = challenge_update,
	.challenges = challenges,
	.import = import,
	.destroy = destroy,
};

struct mb_store *mb_store_fake_create(void)
{
	struct fake_store *fake = calloc(1, sizeof(*fake));
	if (!fake)
		return NULL;
	fake->base.impl = &impl;
	return &fake->base;
}

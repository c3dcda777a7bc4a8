/* An in-memory history store for tests; orders records the way the SQLite store does. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform/store.h"

struct fake_store {
	struct mb_store base;
	/* Sorted oldest first by (start_us, id), so recent() walks backwards. */
	struct mb_break_record *records;
	size_t len, cap;
	int64_t last_id;
};

static const struct mb_store_impl impl;

static struct fake_store *downcast(struct mb_store *store)
{
	assert(store->impl == &impl);
	return (struct fake_store *)store;
}

static int add(struct mb_store *store, struct mb_break_record *record)
{
	struct fake_store *fake = downcast(store);
	if (fake->len == fake->cap) {
		size_t cap = fake->cap ? fake->cap * 2 : 16;
		struct mb_break_record *records = realloc(fake->records, cap * sizeof(*records));
		if (!records)
			return -ENOMEM;
		fake->records = records;
		fake->cap = cap;
	}
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

static void destroy(struct mb_store *store)
{
	struct fake_store *fake = downcast(store);
	free(fake->records);
	free(fake);
}

static const struct mb_store_impl impl = {
	.name = "fake",
	.add = add,
	.recent = recent,
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

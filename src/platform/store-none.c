/* A history store that keeps nothing, for breaks the user asked not to record. */
#include <stdlib.h>

#include "platform/store.h"

static int add(struct mb_store *store, struct mb_break_record *record)
{
	/* Succeed so callers need no special case; there is simply no id to give. */
	record->id = 0;
	return 0;
}

static int recent(struct mb_store *store, struct mb_break_record *out, size_t max)
{
	return 0;
}

static void destroy(struct mb_store *store)
{
	free(store);
}

static const struct mb_store_impl impl = {
	.name = "none",
	.add = add,
	.recent = recent,
	.destroy = destroy,
};

struct mb_store *mb_store_none_create(void)
{
	struct mb_store *store = calloc(1, sizeof(*store));
	if (!store)
		return NULL;
	store->impl = &impl;
	return store;
}

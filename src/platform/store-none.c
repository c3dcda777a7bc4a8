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

static int breaks_between(struct mb_store *store, int64_t from_us, int64_t to_us,
	struct mb_break_record **out, size_t *len)
{
	return 0;
}

static int activity_add(struct mb_store *store, const struct mb_activity_record *record)
{
	return 0;
}

static int activity_between(struct mb_store *store, int64_t from_us, int64_t to_us,
	struct mb_activity_record **out, size_t *len)
{
	return 0;
}

static int challenge_add(struct mb_store *store, struct mb_challenge_record *rec)
{
	rec->id = 0;
	return 0;
}

static int challenge_update(struct mb_store *store, const struct mb_challenge_record *rec)
{
	/* Nothing was kept, so nothing is missing either. */
	return 0;
}

static int challenges(struct mb_store *store, struct mb_challenge_record **out, size_t *len)
{
	return 0;
}

static int import(struct mb_store *store, const struct mb_store_bundle *bundle)
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
	.breaks_between = breaks_between,
	.activity_add = activity_add,
	.activity_between = activity_between,
	.challenge_add = challenge_add,
	.challenge_update = challenge_update,
	.challenges = challenges,
	.import = import,
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

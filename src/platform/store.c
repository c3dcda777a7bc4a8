/* The history store's dispatch to its implementations, and the names of its values. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "platform/store.h"

int mb_store_add(struct mb_store *store, struct mb_break_record *record)
{
	if (!store || !record)
		return -EINVAL;
	return store->impl->add(store, record);
}

int mb_store_recent(struct mb_store *store, struct mb_break_record *out, size_t max)
{
	if (!store || (!out && max > 0))
		return -EINVAL;
	return store->impl->recent(store, out, max);
}

/* Every range answer starts from "nothing", so callers may free *out whatever happened. */
static int clear_out(void *out, size_t *len)
{
	if (!out || !len)
		return -EINVAL;
	*(void **)out = NULL;
	*len = 0;
	return 0;
}

int mb_store_breaks_between(struct mb_store *store, int64_t from_us, int64_t to_us,
	struct mb_break_record **out, size_t *len)
{
	if (clear_out(out, len) < 0 || !store)
		return -EINVAL;
	if (!store->impl->breaks_between)
		return -ENOSYS;
	return store->impl->breaks_between(store, from_us, to_us, out, len);
}

/* end - start can exceed INT64_MAX; as unsigned it cannot overflow once start <= end. */
static bool activity_valid(const struct mb_activity_record *a)
{
	return a->start_us <= a->end_us && a->active_us >= 0 &&
		(uint64_t)a->active_us <= (uint64_t)a->end_us - (uint64_t)a->start_us;
}

int mb_store_activity_add(struct mb_store *store, const struct mb_activity_record *record)
{
	if (!store || !record || !activity_valid(record))
		return -EINVAL;
	if (!store->impl->activity_add)
		return -ENOSYS;
	return store->impl->activity_add(store, record);
}

int mb_store_activity_between(struct mb_store *store, int64_t from_us, int64_t to_us,
	struct mb_activity_record **out, size_t *len)
{
	if (clear_out(out, len) < 0 || !store)
		return -EINVAL;
	if (!store->impl->activity_between)
		return -ENOSYS;
	return store->impl->activity_between(store, from_us, to_us, out, len);
}

static bool challenge_valid(const struct mb_challenge_record *rec)
{
	int64_t day;
	return memchr(rec->start_date, '\0', sizeof(rec->start_date)) &&
		mb_date_parse(rec->start_date, &day) == 0 &&
		memchr(rec->summary, '\0', sizeof(rec->summary)) &&
		memchr(rec->program, '\0', sizeof(rec->program));
}

int mb_store_challenge_add(struct mb_store *store, struct mb_challenge_record *rec)
{
	if (!store || !rec || !challenge_valid(rec))
		return -EINVAL;
	if (!store->impl->challenge_add)
		return -ENOSYS;
	return store->impl->challenge_add(store, rec);
}

int mb_store_challenge_update(struct mb_store *store, const struct mb_challenge_record *rec)
{
	if (!store || !rec || !challenge_valid(rec))
		return -EINVAL;
	if (!store->impl->challenge_update)
		return -ENOSYS;
	return store->impl->challenge_update(store, rec);
}

int mb_store_challenges(struct mb_store *store, struct mb_challenge_record **out, size_t *len)
{
	if (clear_out(out, len) < 0 || !store)
		return -EINVAL;
	if (!store->impl->challenges)
		return -ENOSYS;
	return store->impl->challenges(store, out, len);
}

int mb_store_import(struct mb_store *store, const struct mb_store_bundle *bundle)
{
	if (!store || !bundle)
		return -EINVAL;
	for (size_t i = 0; i < bundle->activity_len; i++)
		if (!activity_valid(&bundle->activity[i]))
			return -EINVAL;
	for (size_t i = 0; i < bundle->challenges_len; i++)
		if (!challenge_valid(&bundle->challenges[i]))
			return -EINVAL;
	if (!store->impl->import)
		return -ENOSYS;
	return store->impl->import(store, bundle);
}

int mb_store_data_version(struct mb_store *store, int64_t *version)
{
	if (!store || !version)
		return -EINVAL;
	if (!store->impl->data_version)
		return -ENOSYS;
	return store->impl->data_version(store, version);
}

const char *mb_store_last_error(struct mb_store *store)
{
	if (!store || !store->impl->last_error)
		return "";
	return store->impl->last_error(store);
}

void mb_store_destroy(struct mb_store *store)
{
	if (!store)
		return;
	store->impl->destroy(store);
}

/* The history store's dispatch to its implementations, and the names of its values. */
#include <errno.h>

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

void mb_store_destroy(struct mb_store *store)
{
	if (!store)
		return;
	store->impl->destroy(store);
}

const char *mb_outcome_name(enum mb_outcome outcome)
{
	switch (outcome) {
	case MB_OUTCOME_COMPLETED:
		return "completed";
	case MB_OUTCOME_PARTIAL:
		return "partial";
	case MB_OUTCOME_SKIPPED:
		return "skipped";
	case MB_OUTCOME_PROMPTED:
		return "prompted";
	case MB_OUTCOME_POSTPONED:
		return "postponed";
	case MB_OUTCOME_STARTED:
		return "started";
	}
	return "unknown";
}

const char *mb_source_name(enum mb_source source)
{
	switch (source) {
	case MB_SOURCE_MANUAL:
		return "manual";
	case MB_SOURCE_PROMPT:
		return "prompt";
	}
	return "unknown";
}

/* The names of the history's values, as the store and the JSON files write them. */
#include <stdbool.h>
#include <string.h>

#include "core/history.h"

const char *mb_break_kind_name(enum mb_break_kind brk)
{
	return brk == MB_BREAK_MICRO ? "micro" : "movement";
}

bool mb_break_kind_from_name(const char *name, enum mb_break_kind *out)
{
	for (enum mb_break_kind k = MB_BREAK_MOVEMENT; k <= MB_BREAK_MICRO; k++) {
		if (name && strcmp(name, mb_break_kind_name(k)) == 0) {
			*out = k;
			return true;
		}
	}
	return false;
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
	case MB_OUTCOME_NATURAL:
		return "natural";
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

bool mb_outcome_from_name(const char *name, enum mb_outcome *out)
{
	for (enum mb_outcome o = MB_OUTCOME_COMPLETED; o <= MB_OUTCOME_NATURAL; o++) {
		if (name && strcmp(name, mb_outcome_name(o)) == 0) {
			*out = o;
			return true;
		}
	}
	return false;
}

bool mb_source_from_name(const char *name, enum mb_source *out)
{
	for (enum mb_source s = MB_SOURCE_MANUAL; s <= MB_SOURCE_PROMPT; s++) {
		if (name && strcmp(name, mb_source_name(s)) == 0) {
			*out = s;
			return true;
		}
	}
	return false;
}

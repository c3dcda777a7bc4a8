/* The history store: where finished, cut-short and skipped breaks are kept. */
#ifndef MB_PLATFORM_STORE_H
#define MB_PLATFORM_STORE_H

#include <stddef.h>
#include <stdint.h>

enum mb_outcome {
	MB_OUTCOME_COMPLETED,
	MB_OUTCOME_PARTIAL,
	MB_OUTCOME_SKIPPED,
	/*
	 * What the daemon writes as a prompt is answered: offered (and not
	 * answered before the daemon stopped or the prompt was taken back),
	 * put off, and taken. A taken break's coach writes its own row.
	 */
	MB_OUTCOME_PROMPTED,
	MB_OUTCOME_POSTPONED,
	MB_OUTCOME_STARTED,
};

enum mb_source {
	/* Started by hand: `movebreak now`, `movebreak break`. */
	MB_SOURCE_MANUAL,
	/* Started from a prompt of the scheduler. */
	MB_SOURCE_PROMPT,
};

/** One break as it is recorded. Times are wall-clock microseconds since the epoch (UTC). */
struct mb_break_record {
	int64_t id;
	int64_t start_us, end_us;
	/* Time actually spent in the break, pauses excluded. */
	int64_t active_us;
	/* Planned length of the break at the dose it was run with. */
	int64_t planned_us;
	char routine[64];
	unsigned exercises_done, exercises_total;
	enum mb_outcome outcome;
	enum mb_source source;
};

struct mb_store;

/** What every store implementation provides. */
struct mb_store_impl {
	const char *name;
	/** Append a record; sets record->id on success. Returns 0 or a negative errno. */
	int (*add)(struct mb_store *store, struct mb_break_record *record);
	/**
	 * Fill out with up to max records, newest first. Returns the number
	 * filled or a negative errno.
	 */
	int (*recent)(struct mb_store *store, struct mb_break_record *out, size_t max);
	void (*destroy)(struct mb_store *store);
};

/** Base of every store; implementations embed it first. */
struct mb_store {
	const struct mb_store_impl *impl;
};

/**
 * Open the SQLite history at path, creating it and its directory as needed,
 * and migrate its schema to the current version. A file that is not a usable
 * database is renamed aside (path + ".corrupt-YYYYMMDD-HHMMSS") and a fresh
 * one created; *moved_aside (if not NULL) receives the new name, else "".
 * Returns NULL on failure with a reason in err.
 */
struct mb_store *mb_store_sqlite_open(const char *path, char *moved_aside, size_t moved_len,
	char *err, size_t err_len);

/** A store that keeps nothing (`--no-record`). */
struct mb_store *mb_store_none_create(void);

/** A store that keeps records in memory, for tests. */
struct mb_store *mb_store_fake_create(void);

/** Append a record through the store's implementation. NULL store: -EINVAL. */
int mb_store_add(struct mb_store *store, struct mb_break_record *record);

/** Read up to max records, newest first. */
int mb_store_recent(struct mb_store *store, struct mb_break_record *out, size_t max);

/** Close the store. NULL-safe. */
void mb_store_destroy(struct mb_store *store);

const char *mb_outcome_name(enum mb_outcome outcome);
const char *mb_source_name(enum mb_source source);

#endif

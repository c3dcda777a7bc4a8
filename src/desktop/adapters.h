/* The tables of adapters: which exist, in what order they are tried, and why one cannot run. */
#ifndef MB_DESKTOP_ADAPTERS_H
#define MB_DESKTOP_ADAPTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "desktop/dnd.h"
#include "desktop/idle.h"
#include "desktop/notify.h"
#include "desktop/sleep.h"

struct sd_bus;
struct sd_event;

/** Where the adapters attach and whom they tell. The caller owns loop and session. */
struct mb_adapters {
	struct sd_event *loop;
	/* The user's session bus; the system bus is connected on first use. */
	struct sd_bus *session;
	struct sd_bus *system;
	bool system_tried;
	char system_why[192];
	const struct mb_idle_listener *idle;
	const struct mb_sleep_listener *sleep;
	const struct mb_dnd_listener *dnd;
	const struct mb_notify_listener *notify;
	/* What every listener gets as its data. */
	void *data;
	/* Where "activity source x11 not used: ..." and the like go, one line each. */
	void (*log)(void *data, const char *line);
	/* The movebreak-gui program, for prompts in a window of its own; "" when there is none. */
	char gui_path[4096];
};

/** Close the system bus if it was opened. */
void mb_adapters_finish(struct mb_adapters *adapters);

/** How many activity sources there are, and the name of number i, in the order they are tried. */
size_t mb_idle_backend_count(void);
const char *mb_idle_backend_name(size_t i);

/** The number of the activity source named name, or -1. */
int mb_idle_backend_find(const char *name);

/** Start activity source number i at threshold_us; NULL with the reason in why. */
struct mb_idle_source *mb_idle_backend_create(struct mb_adapters *adapters, size_t i,
	int64_t threshold_us, char *why, size_t why_len);

/**
 * Start the activity source named wanted, or with wanted NULL the first of
 * them that runs here, logging which runs and why each one before it did
 * not. Returns NULL when none runs (wanted: that one cannot).
 */
struct mb_idle_source *mb_idle_open(struct mb_adapters *adapters, const char *wanted,
	int64_t threshold_us);

/** The do-not-disturb sources: how many, each one's name, and its switch in cfg ([dnd]). */
size_t mb_dnd_kind_count(void);
const char *mb_dnd_kind_name(size_t kind);
bool mb_dnd_kind_enabled(const struct mb_config *cfg, size_t kind);

/** Open do-not-disturb source number kind, or log why not (switched off, cannot run); or NULL. */
struct mb_dnd_source *mb_dnd_open(struct mb_adapters *adapters, const struct mb_config *cfg,
	size_t kind);

/** logind's sleep watch, or NULL after logging why suspend and resume are not seen. */
struct mb_sleep_watch *mb_sleep_open(struct mb_adapters *adapters);

/** Freedesktop notifications, else the notifier that shows nothing; logs which. */
struct mb_notifier *mb_notifier_open(struct mb_adapters *adapters);

#endif

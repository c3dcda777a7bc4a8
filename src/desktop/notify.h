/* Prompts as desktop notifications with actions. */
#ifndef MB_DESKTOP_NOTIFY_H
#define MB_DESKTOP_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>

struct sd_bus;

enum mb_notify_action {
	MB_NOTIFY_START,
	MB_NOTIFY_POSTPONE,
	MB_NOTIFY_SKIP,
	/* Closed by the user or expired without an answer. */
	MB_NOTIFY_DISMISSED,
};

struct mb_notify_listener {
	void (*action)(void *data, enum mb_notify_action action);
};

struct mb_notifier;

struct mb_notifier_impl {
	const char *name;
	/** Show (or replace) the prompt. Returns 0 or a negative errno. */
	int (*show)(struct mb_notifier *notifier, const char *title, const char *body);
	/** Withdraw the prompt if it is showing. */
	void (*close)(struct mb_notifier *notifier);
	/** Free the notifier, withdrawing nothing (call close first for that). */
	void (*destroy)(struct mb_notifier *notifier);
};

struct mb_notifier {
	const struct mb_notifier_impl *impl;
	const struct mb_notify_listener *listener;
	void *data;
};

/**
 * Freedesktop notifications on the session bus, with actions Start,
 * In 5 minutes and Skip. Returns NULL with a reason in why when no
 * notification server answers.
 */
struct mb_notifier *mb_notifier_fdo_create(struct sd_bus *session,
	const struct mb_notify_listener *listener, void *data, char *why, size_t why_len);
/** Shows nothing; the daemon keeps counting. */
struct mb_notifier *mb_notifier_none_create(void);

/* How `movebreak-gui prompt` answers: its exit code. */
#define MB_PROMPT_EXIT_START 10
#define MB_PROMPT_EXIT_POSTPONE 11
#define MB_PROMPT_EXIT_SKIP 12
#define MB_PROMPT_EXIT_DISMISSED 13

struct sd_event;

/**
 * Prompts as a small window of movebreak's own, for a desktop with a
 * display but no notification server: each prompt runs gui_path (the
 * movebreak-gui program; copied) as `movebreak-gui prompt --title T --body
 * B`, whose exit code is the answer, watched on loop through a pidfd.
 * Showing again replaces the window; closing ends it, and neither is
 * reported as an answer. Returns NULL with a reason in why when there is no
 * display (neither DISPLAY nor WAYLAND_DISPLAY) or no such program.
 */
struct mb_notifier *mb_notifier_window_create(struct sd_event *loop, const char *gui_path,
	const struct mb_notify_listener *listener, void *data, char *why, size_t why_len);

/**
 * Show the prompt (title and body as UTF-8 text), replacing the one showing.
 * Returns 0 or a negative errno; -EINVAL for a NULL notifier.
 */
int mb_notifier_show(struct mb_notifier *notifier, const char *title, const char *body);
/** Withdraw the prompt if one is showing; its answer will not be reported. NULL-safe. */
void mb_notifier_close(struct mb_notifier *notifier);
/** Free the notifier without withdrawing its prompt. NULL-safe. */
void mb_notifier_destroy(struct mb_notifier *notifier);

#endif

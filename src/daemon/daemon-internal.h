/* What the daemon's files share: the daemon itself, and how its parts call one another. */
#ifndef MB_DAEMON_DAEMON_INTERNAL_H
#define MB_DAEMON_DAEMON_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "app/break-choice.h"
#include "app/stats-data.h"
#include "core/config.h"
#include "core/session.h"
#include "desktop/adapters.h"
#include "platform/store.h"

struct sd_bus;
struct sd_bus_slot;
struct sd_event;
struct sd_event_source;

#define MB_DAEMON_DND_MAX 8
/* Coaches followed at once; a further one is counted by the session but not watched. */
#define MB_DAEMON_COACHES_MAX 4

/* A coach following a break, by its name on the bus, watched so that it cannot vanish unseen. */
struct mb_tray;

struct mb_daemon_coach {
	char name[64];
	enum mb_break_kind brk;
	struct sd_bus_slot *slot;
};

struct mb_daemon {
	struct sd_event *loop;
	struct sd_bus *bus;
	/* The one timer, at mb_session_next_deadline(). */
	struct sd_event_source *timer;
	struct sd_bus_slot *object;
	struct mb_session *session;
	struct mb_config cfg;
	char config_path[4096];
	bool config_required;
	/* Planned length of each break, indexed by enum mb_break_kind. */
	int64_t break_us[2];
	struct mb_adapters adapters;
	struct mb_idle_source *idle;
	struct mb_sleep_watch *sleep;
	/* Indexed like mb_dnd_kind_name(); NULL where that source is off or cannot run. */
	struct mb_dnd_source *dnd[MB_DAEMON_DND_MAX];
	struct mb_notifier *notifier;
	/* The tray item, NULL when tray.enabled is false or no session bus would take it. */
	struct mb_tray *tray;
	struct mb_store *store;
	/*
	 * The prompt's challenge and streak, read from the history again when the
	 * day changes or another program writes to it (data_version tells).
	 */
	struct mb_habit habit;
	bool habit_stale;
	int64_t habit_version;
	/*
	 * The routine each kind of break runs next (a program's day, else the
	 * settings), chosen again when the day changes, another program writes
	 * to the history or the settings are reloaded.
	 */
	struct mb_break_choice choice[2];
	int64_t choice_day, choice_version;
	bool choice_stale;
	struct mb_daemon_coach coaches[MB_DAEMON_COACHES_MAX];
	/* Set while the session is being fed, so a property read inside it does not feed it again. */
	bool feeding;
	/* MOVEBREAK_DEBUG is set: log every activity edge. */
	bool debug;
};

/** Log a line on stderr, "movebreak daemon: ..." */
void mb_daemon_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * Feed the session one input stamped now (the clocks read once), perform
 * the actions it returns and re-arm the timer. boot_us, when not 0, is the
 * time the input happened (an activity edge's), else now. Returns the
 * refusal the session gave, or -1 when it took the input.
 */
int mb_daemon_feed(struct mb_daemon *d, struct mb_session_input *in, int64_t boot_us);

/** An input of kind with its fields zeroed, for mb_daemon_feed(). */
struct mb_session_input mb_daemon_input(enum mb_session_input_kind kind);

/** Bring the session up to date and say how things stand. */
void mb_daemon_status(struct mb_daemon *d, struct mb_session_status *st);

/** The prompt's challenge line as of now (for the Challenge property), into out. */
void mb_daemon_challenge_line(struct mb_daemon *d, char *out, size_t len);

/**
 * Read config.ini again, as SIGHUP does. When it is bad the settings in use
 * stay, the log says why, and the first problem's line ("FILE:LINE: message")
 * goes into why (may be NULL); else why is "". Returns 0 or -EINVAL.
 */
int mb_daemon_reload(struct mb_daemon *d, char *why, size_t why_len);

/** Own the D-Bus name and offer the service on d->bus. Returns an exit code. */
int mb_daemon_service_start(struct mb_daemon *d);

/** Send the D-Bus signal of a session action. */
void mb_daemon_service_signal(struct mb_daemon *d, const struct mb_session_action *a);

/** Tell D-Bus that the status properties changed. */
void mb_daemon_service_changed(struct mb_daemon *d);

/** Stop watching every coach. */
void mb_daemon_service_finish(struct mb_daemon *d);

/** The routine the next break of kind brk runs, as of now. Owned by d. */
const struct mb_break_choice *mb_daemon_choice(struct mb_daemon *d, enum mb_break_kind brk);

/** Start the break command for a break of kind brk, detached from the daemon. */
void mb_daemon_run_break(struct mb_daemon *d, enum mb_break_kind brk);

/** Open the app window (`movebreak-gui app`), detached from the daemon. */
void mb_daemon_open_app(struct mb_daemon *d);

/** Offer the tray item when tray.enabled says so and take it away when not. */
void mb_daemon_tray_apply(struct mb_daemon *d);

/** Tell the tray item that the status changed. */
void mb_daemon_tray_changed(struct mb_daemon *d);

#endif

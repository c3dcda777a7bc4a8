/* The daemon's rules around the scheduler: pause, the break under way, today's counts, stretches. */
#ifndef MB_CORE_SESSION_H
#define MB_CORE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/history.h"
#include "core/scheduler.h"

/*
 * The session is what `movebreak daemon` does, as a state machine with no
 * clock and no I/O of its own, so that `movebreak simulate` runs exactly the
 * same rules. The daemon reads the clock once per input, feeds the session,
 * performs the actions it returns (a notification, a history row, a D-Bus
 * signal, the break command) and arms its one timer at
 * mb_session_next_deadline(). Times are CLOCK_BOOTTIME microseconds; each
 * input also says how far the wall clock stands from the boot-time clock,
 * so history rows get wall-clock times, and the local time, for the working
 * hours and the day today's counts belong to.
 */
struct mb_session;

enum mb_session_input_kind {
	/* Only time passed: the timer fired at a deadline, or the settings changed. */
	MB_SESSION_TICK,
	/*
	 * Someone asks how things stand. While the user types, the last idle
	 * threshold's worth of time is not known yet (an idle report will date
	 * the end of typing back to the last input), so this stops short of it.
	 */
	MB_SESSION_READ,
	/* The activity source: input began; input stopped (boot_us is the last input). */
	MB_SESSION_ACTIVE,
	MB_SESSION_IDLE,
	/* The machine goes to sleep, and wakes. */
	MB_SESSION_SUSPEND,
	MB_SESSION_RESUME,
	/* Do-not-disturb source number `source` (0 to 31) is on or off. */
	MB_SESSION_DND,
	/*
	 * Start a break of kind brk now: the prompt's Start, `movebreak break`.
	 * The break command runs for it.
	 */
	MB_SESSION_START,
	/* Put off the prompt, or call off the break under way, by delay_us (0: postpone.delay). */
	MB_SESSION_POSTPONE,
	/* Skip the prompt, or call off the break under way. */
	MB_SESSION_SKIP,
	/* Pause for delay_us (0: until UNPAUSE); a pause under way is lengthened or shortened. */
	MB_SESSION_PAUSE,
	MB_SESSION_UNPAUSE,
	/*
	 * A coach (`movebreak now`, the window) began a break of kind brk, by
	 * hand or the one the session started; and it ended, with outcome
	 * (completed, partial or skipped). A break a coach follows ends when the
	 * coach says, not at its planned length.
	 */
	MB_SESSION_COACH_BEGAN,
	MB_SESSION_COACH_ENDED,
	/* The daemon stops: the stretch of activity under way is written. */
	MB_SESSION_STOP,
};

struct mb_session_input {
	enum mb_session_input_kind kind;
	int64_t boot_us;
	/* Wall-clock time minus boot-time at this input: wall = boot + wall_offset_us. */
	int64_t wall_offset_us;
	/* The local time now, and its local day (days since 1970-01-01). */
	struct mb_local_time local;
	int64_t day;
	/* START, COACH_BEGAN, COACH_ENDED: the break. */
	enum mb_break_kind brk;
	/* POSTPONE, PAUSE. */
	int64_t delay_us;
	/* DND. */
	unsigned source;
	bool on;
	/* COACH_ENDED. */
	enum mb_outcome outcome;
};

enum mb_session_action_kind {
	/* What the scheduler said, as it said it (for the log and `movebreak simulate`). */
	MB_SESSION_EVENT,
	/* A line for the log. */
	MB_SESSION_NOTE,
	/* Show the prompt for a break of kind brk (again, when remind). */
	MB_SESSION_SHOW_PROMPT,
	/* Take the prompt off the screen. */
	MB_SESSION_WITHDRAW_PROMPT,
	/* Write record to the history. */
	MB_SESSION_RECORD_BREAK,
	/* Write activity to the history. */
	MB_SESSION_RECORD_ACTIVITY,
	/* Run the break command for a break of kind brk. */
	MB_SESSION_RUN_BREAK,
	/* Send the D-Bus signal `signal` for brk (BreakFinished with `how`). */
	MB_SESSION_SIGNAL,
	/* What mb_session_status() says has changed: state, next break or today's counts. */
	MB_SESSION_STATUS_CHANGED,
	/* The input was not done, for `refusal`. */
	MB_SESSION_REFUSED,
};

enum mb_session_signal {
	MB_SESSION_SIGNAL_PROMPTED,
	MB_SESSION_SIGNAL_STARTED,
	MB_SESSION_SIGNAL_FINISHED,
};

enum mb_session_refusal {
	/* START, COACH_BEGAN of a second break: one is under way. */
	MB_SESSION_REFUSED_IN_BREAK,
	/* START while paused. */
	MB_SESSION_REFUSED_PAUSED,
	/* POSTPONE, SKIP with no prompt and no break under way. */
	MB_SESSION_REFUSED_NO_PROMPT,
	/* POSTPONE too often in a row. */
	MB_SESSION_REFUSED_POSTPONE_LIMIT,
	/* UNPAUSE when not paused. */
	MB_SESSION_REFUSED_NOT_PAUSED,
};

struct mb_session_action {
	enum mb_session_action_kind kind;
	enum mb_break_kind brk;
	/* EVENT. */
	struct mb_scheduler_event event;
	/* NOTE: a NUL-terminated line. */
	char note[96];
	/* SHOW_PROMPT. */
	bool remind;
	/* RECORD_BREAK, RECORD_ACTIVITY: wall-clock times. */
	struct mb_break_record record;
	struct mb_activity_record activity;
	/* SIGNAL; how: "done", "partial", "skipped", "postponed", "withdrawn", or NULL. */
	enum mb_session_signal signal;
	const char *how;
	/* REFUSED. */
	enum mb_session_refusal refusal;
};

/* One input never gives more actions than this when the caller calls at every deadline. */
#define MB_SESSION_ACTIONS_MAX 64

enum mb_session_state {
	MB_SESSION_PAUSED,
	MB_SESSION_ASLEEP,
	MB_SESSION_IN_BREAK,
	MB_SESSION_PROMPTING,
	MB_SESSION_POSTPONED,
	/* Due, held by do-not-disturb; due, waiting for a lull. */
	MB_SESSION_HELD,
	MB_SESSION_DUE,
	MB_SESSION_ACTIVE_STATE,
	MB_SESSION_IDLE_STATE,
};

/** How things stand, as of the last input. */
struct mb_session_status {
	enum mb_session_state state;
	/* Whether a next break is there at all (false: both kinds are off). */
	bool has_next;
	enum mb_break_kind next;
	/*
	 * How long until it is offered: active time still to go, or, for a
	 * postponed prompt, time until it comes back; 0 when it is due or under way.
	 */
	int64_t next_in_us;
	/* Active time counted toward the movement break. */
	int64_t active_us;
	/*
	 * Completed breaks (both kinds, and movement breaks alone) and natural
	 * breaks on the local day of the last input.
	 */
	unsigned breaks_today, movement_today, natural_today;
	/* When the pause ends (boot time), INT64_MAX until it is ended by hand; 0 when not paused. */
	int64_t pause_end_us;
	/*
	 * The planned end of the break under way (boot time): its start and the
	 * length planned for it then, whoever runs it; 0 when none is under way.
	 */
	int64_t break_until_us;
	/* A coach follows the break under way; who started that break. */
	bool coached;
	enum mb_source break_source;
	/* The scheduler's own view. */
	struct mb_scheduler_status sched;
};

/**
 * Create a session at in->boot_us (in's kind is ignored), with the user idle
 * and rested as the scheduler starts; the daemon then says the user is
 * active, since someone just started it. cfg is copied; break_us[kind] is
 * the planned length of each kind of break. Returns NULL when out of memory.
 */
struct mb_session *mb_session_create(const struct mb_config *cfg, const int64_t break_us[2],
	const struct mb_session_input *in);

/** Free a session. NULL-safe. */
void mb_session_destroy(struct mb_session *session);

/** Replace the settings and the planned break lengths, keeping everything under way. */
void mb_session_set_config(struct mb_session *session, const struct mb_config *cfg,
	const int64_t break_us[2]);

/**
 * Replace only the planned break lengths (indexed by enum mb_break_kind), as
 * when a rotation or a program chooses another routine: breaks from now on
 * are planned, and recorded, at these lengths; a break under way keeps its end.
 */
void mb_session_set_break_lengths(struct mb_session *session, const int64_t break_us[2]);

/**
 * What the activity source is like: its idle threshold, which READ stops
 * short of while the user types; and whether it reports the edges around a
 * sleep. A source that may miss them (the daemon's, whatever the desktop)
 * leaves the session to take a resume with no idle reported as the user
 * back at once; a trace says each edge itself.
 */
void mb_session_set_activity_source(struct mb_session *session, int64_t threshold_us,
	bool sees_sleep);

/**
 * Today's counts as the history has them, so that a restart loses none:
 * completed breaks (both kinds, and movement breaks alone) and natural
 * breaks on local day `day`. Later completed breaks (COACH_ENDED) and
 * natural breaks add to them; a new day starts at 0.
 */
void mb_session_set_today(struct mb_session *session, int64_t day, unsigned breaks,
	unsigned movement, unsigned natural);

/**
 * Apply one input: run the scheduler through every deadline up to
 * in->boot_us, then the input. Actions go into actions[0..cap) in order.
 * Returns how many happened; past cap they were lost (MB_SESSION_ACTIONS_MAX
 * never loses one while the caller calls at every deadline).
 */
size_t mb_session_feed(struct mb_session *session, const struct mb_session_input *in,
	struct mb_session_action *actions, size_t cap);

/**
 * The boot time at which the session next needs a TICK: the scheduler's
 * deadline, the planned end of a break no coach follows, the end of a
 * pause; INT64_MAX when nothing happens until the next input.
 */
int64_t mb_session_next_deadline(const struct mb_session *session);

/** Fill *status from the state as of the last input; now_us says how long until the next break. */
void mb_session_status(const struct mb_session *session, int64_t now_us,
	struct mb_session_status *status);

/** The state's name on D-Bus and in `movebreak status`: "paused", "break", "due", "idle", ... */
const char *mb_session_state_name(enum mb_session_state state);

#endif

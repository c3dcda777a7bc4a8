/* The break scheduler: decides when to offer a break from activity edges, with time as an input. */
#ifndef MB_CORE_SCHEDULER_H
#define MB_CORE_SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/history.h"

/*
 * The scheduler is a state machine with no clock of its own. The caller
 * feeds it inputs stamped with a monotonic (boot-time) clock in
 * microseconds, gets events back in a buffer it owns, and calls again at
 * mb_scheduler_next_deadline() even when nothing happened. Timers count
 * active time, never wall time, so a jump of the wall clock moves no break;
 * the local wall-clock time rides along with each call only so the working
 * days and hours can be applied.
 */
struct mb_scheduler;

enum mb_scheduler_input_kind {
	/* Nothing happened: only time passed (a deadline was reached, or the wall clock was set). */
	MB_SCHEDULER_TICK,
	/* Input from the user began. */
	MB_SCHEDULER_ACTIVE,
	/* Input stopped: the time is that of the last input, not of the idle threshold. */
	MB_SCHEDULER_IDLE,
	MB_SCHEDULER_SUSPEND,
	MB_SCHEDULER_RESUME,
	/* Do not disturb (full screen, a meeting) began or ended. */
	MB_SCHEDULER_DND_ON,
	MB_SCHEDULER_DND_OFF,
	/* The user starts a break: the answer to a prompt, or a break asked for early. */
	MB_SCHEDULER_START,
	/*
	 * Answers to the prompt. During a break they call it off: postponed, the
	 * timers go back to where they stood when it began and the prompt returns
	 * after the delay (one more postpone in a row); skipped, it ends not done.
	 */
	MB_SCHEDULER_POSTPONE,
	MB_SCHEDULER_SKIP,
	/* The break that was started is over. */
	MB_SCHEDULER_FINISHED,
	/*
	 * The user asked for a pause, and it ended. Paused time is neither work
	 * nor rest: nothing counts toward a break, an idle spell does not grow
	 * toward a natural break, nothing is prompted (a shown prompt is taken
	 * back and offered again after the pause), and a postponed prompt whose
	 * time came meanwhile is offered when the pause ends.
	 */
	MB_SCHEDULER_PAUSE,
	MB_SCHEDULER_UNPAUSE,
};

/** The local wall-clock time, as the caller's clock reads it at the moment of a call. */
struct mb_local_time {
	/* 0 Monday ... 6 Sunday. */
	int weekday;
	/* Microseconds since local midnight. */
	int64_t day_us;
};

struct mb_scheduler_input {
	enum mb_scheduler_input_kind kind;
	/* Monotonic time of the input; earlier than the last call is taken as the last call. */
	int64_t now_us;
	/* Local time at now_us; only consulted when working days or hours are set. */
	struct mb_local_time local;
	/* START: which break; a movement break also counts as the micro-reset. */
	enum mb_break_kind brk;
	/* POSTPONE: how much later, capped at a day; 0 means postpone.delay. */
	int64_t delay_us;
};

enum mb_scheduler_event_kind {
	/* Offer a break now. */
	MB_SCHEDULER_EV_PROMPT,
	/* The prompt is still unanswered: offer it again. */
	MB_SCHEDULER_EV_REMIND,
	/* A break began (answered or early) and restarted its timers. */
	MB_SCHEDULER_EV_START,
	MB_SCHEDULER_EV_DONE,
	MB_SCHEDULER_EV_POSTPONE,
	/* Postponed too often in a row: the prompt stands. */
	MB_SCHEDULER_EV_POSTPONE_REFUSED,
	MB_SCHEDULER_EV_SKIP,
	/* The user came back from idle long enough to be a natural break (idle_us says how long). */
	MB_SCHEDULER_EV_NATURAL_BREAK,
	MB_SCHEDULER_EV_SUSPEND,
	MB_SCHEDULER_EV_RESUME,
	/* A shown prompt is taken back: the user rested on their own meanwhile, or paused. */
	MB_SCHEDULER_EV_WITHDRAW,
	/* A pause began, and ended. */
	MB_SCHEDULER_EV_PAUSE,
	MB_SCHEDULER_EV_UNPAUSE,
};

struct mb_scheduler_event {
	enum mb_scheduler_event_kind kind;
	/* Monotonic time the event happened, which may be before the call that reports it. */
	int64_t t_us;
	/* The break concerned, for prompt, remind, start, done, postpone*, skip and withdraw. */
	enum mb_break_kind brk;
	/* NATURAL_BREAK: the length of the idle period. */
	int64_t idle_us;
	/* POSTPONE: how many postpones in a row, this one included. */
	unsigned postpones;
};

/*
 * One call never yields more events than this when the caller calls at
 * every deadline; a late call can yield more, see mb_scheduler_feed().
 */
#define MB_SCHEDULER_EVENTS_MAX 16

/** What the scheduler knows as of its last call, for status displays. */
struct mb_scheduler_status {
	/* Active time counted since the scheduler was created. */
	int64_t active_us;
	/* Active time counted toward each break since its timer last restarted. */
	int64_t movement_us, micro_us;
	bool user_active, suspended, dnd, paused;
	/* A prompt is waiting to be given, given and unanswered, or postponed. */
	bool prompt_pending, prompt_shown, prompt_postponed;
	enum mb_break_kind prompt_brk;
	unsigned postpones;
	/* Monotonic time a postponed prompt falls due again. */
	int64_t postponed_until_us;
	bool in_break;
	enum mb_break_kind break_brk;
};

/**
 * Create a scheduler at monotonic time now_us, with the user idle and
 * rested. The config is copied. Returns NULL on allocation failure.
 */
struct mb_scheduler *mb_scheduler_create(const struct mb_config *cfg, int64_t now_us,
	const struct mb_local_time *local);

/**
 * Replace the settings (the config is copied), keeping the timers, the
 * prompt and the break under way. New intervals apply from the next call.
 */
void mb_scheduler_set_config(struct mb_scheduler *sched, const struct mb_config *cfg);

/** Free a scheduler. NULL-safe. */
void mb_scheduler_destroy(struct mb_scheduler *sched);

/**
 * Run the scheduler up to in->now_us, firing every deadline on the way in
 * time order, then apply the input. Deadlines that fall at the same instant
 * as the input come first. Events go into events[0..cap) in time order.
 * Returns how many events happened; when that is more than cap, the rest
 * were lost (a buffer of MB_SCHEDULER_EVENTS_MAX never loses one as long as
 * the caller calls at every deadline).
 */
size_t mb_scheduler_feed(struct mb_scheduler *sched, const struct mb_scheduler_input *in,
	struct mb_scheduler_event *events, size_t cap);

/**
 * The monotonic time at which the scheduler next needs a call (a TICK if
 * nothing else happens), always later than the last call; INT64_MAX when
 * nothing will happen until the next input.
 */
int64_t mb_scheduler_next_deadline(const struct mb_scheduler *sched);

/** Fill *status from the state as of the last call. */
void mb_scheduler_status(const struct mb_scheduler *sched, struct mb_scheduler_status *status);

/** The name of an event in traces and JSON: "prompt", "postpone_refused", ... */
const char *mb_scheduler_event_name(enum mb_scheduler_event_kind kind);

#endif

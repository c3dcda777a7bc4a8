/* The daemon's D-Bus service: methods and properties in, signals out; each method is one input. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <systemd/sd-bus.h>

#include "app/dbus.h"
#include "app/exit.h"
#include "daemon/daemon-internal.h"
#include "platform/clock.h"

#define ERR_PREFIX MB_DBUS_INTERFACE ".Error."

/* The D-Bus error for a refused input, or 0 when it was taken. */
static int refusal_error(int refusal, sd_bus_error *error)
{
	switch (refusal) {
	case MB_SESSION_REFUSED_IN_BREAK:
		return sd_bus_error_set(error, ERR_PREFIX "InBreak", "a break is under way");
	case MB_SESSION_REFUSED_PAUSED:
		return sd_bus_error_set(error, ERR_PREFIX "Paused", "the daemon is paused");
	case MB_SESSION_REFUSED_NO_PROMPT:
		return sd_bus_error_set(error, ERR_PREFIX "NoPrompt", "no break is waiting");
	case MB_SESSION_REFUSED_POSTPONE_LIMIT:
		return sd_bus_error_set(error, ERR_PREFIX "PostponeRefused",
			"postponed too often in a row; start or skip the break");
	case MB_SESSION_REFUSED_NOT_PAUSED:
		return sd_bus_error_set(error, ERR_PREFIX "NotPaused", "the daemon is not paused");
	}
	return 0;
}

/* Feed the input a method stands for and answer with an empty reply or the refusal. */
static int reply_to(sd_bus_message *m, struct mb_daemon *d, struct mb_session_input *in,
	sd_bus_error *error)
{
	int refusal = mb_daemon_feed(d, in, 0);
	if (refusal >= 0)
		return refusal_error(refusal, error);
	return sd_bus_reply_method_return(m, "");
}

static int read_kind(sd_bus_message *m, enum mb_break_kind *brk, sd_bus_error *error)
{
	const char *kind;
	int r = sd_bus_message_read(m, "s", &kind);
	if (r < 0)
		return r;
	if (kind[0] == '\0')
		*brk = MB_BREAK_MOVEMENT;
	else if (!mb_break_kind_from_name(kind, brk))
		return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
			"unknown break kind '%s' (movement or micro)", kind);
	return 1;
}

static int method_status(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_daemon *d = data;
	struct mb_session_status st;
	mb_daemon_status(d, &st);
	return sd_bus_reply_method_return(m, "ststsuu", mb_session_state_name(st.state),
		(uint64_t)(st.active_us / 1000000),
		st.has_next ? mb_break_kind_name(st.next) : "none",
		(uint64_t)(st.next_in_us / 1000000), d->idle->impl->name, st.breaks_today,
		st.natural_today);
}

static int method_pause(sd_bus_message *m, void *data, sd_bus_error *error)
{
	uint32_t seconds;
	int r = sd_bus_message_read(m, "u", &seconds);
	if (r < 0)
		return r;
	struct mb_session_input in = mb_daemon_input(MB_SESSION_PAUSE);
	in.delay_us = (int64_t)seconds * 1000000;
	return reply_to(m, data, &in, error);
}

static int method_resume(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_session_input in = mb_daemon_input(MB_SESSION_UNPAUSE);
	return reply_to(m, data, &in, error);
}

static int method_start_break(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_session_input in = mb_daemon_input(MB_SESSION_START);
	int r = read_kind(m, &in.brk, error);
	if (r <= 0)
		return r;
	return reply_to(m, data, &in, error);
}

static int method_postpone(sd_bus_message *m, void *data, sd_bus_error *error)
{
	uint32_t seconds;
	int r = sd_bus_message_read(m, "u", &seconds);
	if (r < 0)
		return r;
	struct mb_session_input in = mb_daemon_input(MB_SESSION_POSTPONE);
	in.delay_us = (int64_t)seconds * 1000000;
	return reply_to(m, data, &in, error);
}

static int method_skip(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_session_input in = mb_daemon_input(MB_SESSION_SKIP);
	return reply_to(m, data, &in, error);
}

/* Read config.ini again; the answer is "" or the first problem's line, never a D-Bus error. */
static int method_reload(sd_bus_message *m, void *data, sd_bus_error *error)
{
	char why[4096 + 300];
	mb_daemon_reload(data, why, sizeof(why));
	return sd_bus_reply_method_return(m, "s", why);
}

/* A boot-time instant as Unix seconds on the wall clock; 0 stays 0 and "never" is 0 too. */
static uint64_t unix_seconds(int64_t boot_us)
{
	if (boot_us <= 0 || boot_us == INT64_MAX)
		return 0;
	int64_t wall_us = mb_clock_wall_us() + (boot_us - mb_clock_boottime_us());
	return wall_us > 0 ? (uint64_t)((wall_us + 500000) / 1000000) : 0;
}

static void forget_coach(struct mb_daemon_coach *coach)
{
	coach->slot = sd_bus_slot_unref(coach->slot);
	coach->name[0] = '\0';
}

static struct mb_daemon_coach *find_coach(struct mb_daemon *d, const char *name)
{
	for (size_t i = 0; i < MB_DAEMON_COACHES_MAX; i++)
		if (name && d->coaches[i].name[0] && strcmp(d->coaches[i].name, name) == 0)
			return &d->coaches[i];
	return NULL;
}

/* A coach left the bus without saying its break ended: it was cut short. */
static int coach_gone(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_daemon *d = data;
	const char *name, *old_owner, *new_owner;
	if (sd_bus_message_read(m, "sss", &name, &old_owner, &new_owner) < 0 || new_owner[0])
		return 0;
	struct mb_daemon_coach *coach = find_coach(d, name);
	if (!coach)
		return 0;
	mb_daemon_say("the coach of the %s break left without ending it",
		mb_break_kind_name(coach->brk));
	struct mb_session_input in = mb_daemon_input(MB_SESSION_COACH_ENDED);
	in.brk = coach->brk;
	in.outcome = MB_OUTCOME_PARTIAL;
	forget_coach(coach);
	mb_daemon_feed(d, &in, 0);
	return 0;
}

static void watch_coach(struct mb_daemon *d, const char *name, enum mb_break_kind brk)
{
	if (!name || find_coach(d, name))
		return;
	for (size_t i = 0; i < MB_DAEMON_COACHES_MAX; i++) {
		struct mb_daemon_coach *coach = &d->coaches[i];
		if (coach->name[0])
			continue;
		char rule[256];
		snprintf(rule, sizeof(rule),
			"type='signal',sender='org.freedesktop.DBus',"
			"interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='%s'",
			name);
		if (sd_bus_add_match(d->bus, &coach->slot, rule, coach_gone, d) < 0)
			return;
		snprintf(coach->name, sizeof(coach->name), "%s", name);
		coach->brk = brk;
		return;
	}
}

/* A coach began a break: the daemon follows it, and says whom the break counts as started by. */
static int method_break_began(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_daemon *d = data;
	struct mb_session_input in = mb_daemon_input(MB_SESSION_COACH_BEGAN);
	int r = read_kind(m, &in.brk, error);
	if (r <= 0)
		return r;
	mb_daemon_feed(d, &in, 0);
	struct mb_session_status st;
	mb_daemon_status(d, &st);
	watch_coach(d, sd_bus_message_get_sender(m), in.brk);
	return sd_bus_reply_method_return(m, "s", mb_source_name(st.break_source));
}

static int method_break_ended(sd_bus_message *m, void *data, sd_bus_error *error)
{
	struct mb_daemon *d = data;
	struct mb_session_input in = mb_daemon_input(MB_SESSION_COACH_ENDED);
	int r = read_kind(m, &in.brk, error);
	if (r <= 0)
		return r;
	const char *outcome;
	r = sd_bus_message_read(m, "s", &outcome);
	if (r < 0)
		return r;
	if (!mb_outcome_from_name(outcome, &in.outcome) ||
		(in.outcome != MB_OUTCOME_COMPLETED && in.outcome != MB_OUTCOME_PARTIAL &&
			in.outcome != MB_OUTCOME_SKIPPED))
		return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
			"unknown outcome '%s' (completed, partial or skipped)", outcome);
	struct mb_daemon_coach *coach = find_coach(d, sd_bus_message_get_sender(m));
	if (coach)
		forget_coach(coach);
	return reply_to(m, d, &in, error);
}

static int get_property(sd_bus *bus, const char *path, const char *interface, const char *property,
	sd_bus_message *reply, void *data, sd_bus_error *error)
{
	struct mb_daemon *d = data;
	struct mb_session_status st;
	mb_daemon_status(d, &st);
	if (strcmp(property, "State") == 0)
		return sd_bus_message_append(reply, "s", mb_session_state_name(st.state));
	if (strcmp(property, "ActiveSeconds") == 0)
		return sd_bus_message_append(reply, "t", (uint64_t)(st.active_us / 1000000));
	if (strcmp(property, "NextBreak") == 0)
		return sd_bus_message_append(reply, "s",
			st.has_next ? mb_break_kind_name(st.next) : "none");
	if (strcmp(property, "NextBreakInSeconds") == 0)
		return sd_bus_message_append(reply, "t", (uint64_t)(st.next_in_us / 1000000));
	if (strcmp(property, "Backend") == 0)
		return sd_bus_message_append(reply, "s", d->idle->impl->name);
	if (strcmp(property, "BreaksToday") == 0)
		return sd_bus_message_append(reply, "u", st.breaks_today);
	if (strcmp(property, "NaturalBreaksToday") == 0)
		return sd_bus_message_append(reply, "u", st.natural_today);
	if (strcmp(property, "PausedUntil") == 0)
		return sd_bus_message_append(reply, "t", unix_seconds(st.pause_end_us));
	if (strcmp(property, "PromptAgainAt") == 0)
		return sd_bus_message_append(reply, "t",
			st.sched.prompt_postponed && !st.sched.in_break ?
				unix_seconds(st.sched.postponed_until_us) :
				0);
	if (strcmp(property, "BreakRoutine") == 0)
		return sd_bus_message_append(reply, "s",
			st.sched.in_break ? mb_daemon_choice(d, st.sched.break_brk)->routine : "");
	if (strcmp(property, "BreakUntil") == 0)
		return sd_bus_message_append(reply, "t", unix_seconds(st.break_until_us));
	if (strcmp(property, "Challenge") == 0) {
		char line[160];
		mb_daemon_challenge_line(d, line, sizeof(line));
		return sd_bus_message_append(reply, "s", line);
	}
	return sd_bus_error_setf(error, SD_BUS_ERROR_UNKNOWN_PROPERTY, "no property %s", property);
}

/* Keep data/dbus/io.github.movebreak.Daemon1.xml in step: a test compares the two. */
static const sd_bus_vtable vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_METHOD_WITH_ARGS("Status", SD_BUS_NO_ARGS,
		SD_BUS_RESULT("s", state, "t", active_seconds, "s", next_break, "t",
			next_break_in_seconds, "s", backend, "u", breaks_today, "u",
			natural_breaks_today),
		method_status, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Pause", SD_BUS_ARGS("u", seconds), SD_BUS_NO_RESULT, method_pause,
		SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Resume", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_resume,
		SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("StartBreak", SD_BUS_ARGS("s", kind), SD_BUS_NO_RESULT,
		method_start_break, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Postpone", SD_BUS_ARGS("u", seconds), SD_BUS_NO_RESULT,
		method_postpone, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Skip", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_skip,
		SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("BreakBegan", SD_BUS_ARGS("s", kind), SD_BUS_RESULT("s", source),
		method_break_began, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("BreakEnded", SD_BUS_ARGS("s", kind, "s", outcome),
		SD_BUS_NO_RESULT, method_break_ended, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_METHOD_WITH_ARGS("Reload", SD_BUS_NO_ARGS, SD_BUS_RESULT("s", error), method_reload,
		SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_PROPERTY("State", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("ActiveSeconds", "t", get_property, 0,
		SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
	SD_BUS_PROPERTY("NextBreak", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("NextBreakInSeconds", "t", get_property, 0,
		SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
	SD_BUS_PROPERTY("Backend", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_PROPERTY("BreaksToday", "u", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("NaturalBreaksToday", "u", get_property, 0,
		SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("Challenge", "s", get_property, 0,
		SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
	SD_BUS_PROPERTY("PausedUntil", "t", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("PromptAgainAt", "t", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("BreakRoutine", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("BreakUntil", "t", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_SIGNAL_WITH_ARGS("BreakPrompted", SD_BUS_ARGS("s", kind), 0),
	SD_BUS_SIGNAL_WITH_ARGS("BreakStarted", SD_BUS_ARGS("s", kind), 0),
	SD_BUS_SIGNAL_WITH_ARGS("BreakFinished", SD_BUS_ARGS("s", kind, "s", outcome), 0),
	SD_BUS_VTABLE_END,
};

int mb_daemon_service_start(struct mb_daemon *d)
{
	int r = sd_bus_open_user(&d->bus);
	if (r < 0) {
		mb_daemon_say("cannot connect to the session bus: %s", strerror(-r));
		return MB_EXIT_FAILURE;
	}
	r = sd_bus_add_object_vtable(d->bus, &d->object, MB_DBUS_PATH, MB_DBUS_INTERFACE, vtable,
		d);
	if (r >= 0)
		r = sd_bus_attach_event(d->bus, d->loop, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0) {
		mb_daemon_say("cannot set up the D-Bus service: %s", strerror(-r));
		return MB_EXIT_FAILURE;
	}
	r = sd_bus_request_name(d->bus, MB_DBUS_NAME, 0);
	if (r == -EEXIST) {
		mb_daemon_say("another daemon is already running (%s is taken)", MB_DBUS_NAME);
		return MB_EXIT_ALREADY_RUNNING;
	}
	if (r < 0) {
		mb_daemon_say("cannot own %s: %s", MB_DBUS_NAME, strerror(-r));
		return MB_EXIT_FAILURE;
	}
	return MB_EXIT_OK;
}

void mb_daemon_service_signal(struct mb_daemon *d, const struct mb_session_action *a)
{
	if (!d->bus || !d->object)
		return;
	static const char *const members[] = {
		[MB_SESSION_SIGNAL_PROMPTED] = "BreakPrompted",
		[MB_SESSION_SIGNAL_STARTED] = "BreakStarted",
		[MB_SESSION_SIGNAL_FINISHED] = "BreakFinished",
	};
	const char *member = members[a->signal];
	const char *kind = mb_break_kind_name(a->brk);
	int r = a->signal == MB_SESSION_SIGNAL_FINISHED ?
		sd_bus_emit_signal(d->bus, MB_DBUS_PATH, MB_DBUS_INTERFACE, member, "ss", kind,
			a->how ? a->how : "done") :
		sd_bus_emit_signal(d->bus, MB_DBUS_PATH, MB_DBUS_INTERFACE, member, "s", kind);
	if (r < 0)
		mb_daemon_say("cannot send %s: %s", member, strerror(-r));
}

void mb_daemon_service_changed(struct mb_daemon *d)
{
	if (!d->bus || !d->object)
		return;
	/* The counters that run with time are only invalidated: readers ask when they care. */
	int r = sd_bus_emit_properties_changed(d->bus, MB_DBUS_PATH, MB_DBUS_INTERFACE, "State",
		"NextBreak", "BreaksToday", "NaturalBreaksToday", "ActiveSeconds",
		"NextBreakInSeconds", "Challenge", "PausedUntil", "PromptAgainAt", "BreakRoutine",
		"BreakUntil", NULL);
	if (r < 0)
		mb_daemon_say("cannot announce property changes: %s", strerror(-r));
}

void mb_daemon_service_finish(struct mb_daemon *d)
{
	for (size_t i = 0; i < MB_DAEMON_COACHES_MAX; i++)
		forget_coach(&d->coaches[i]);
	d->object = sd_bus_slot_unref(d->object);
	if (d->bus)
		d->bus = sd_bus_flush_close_unref(d->bus);
}

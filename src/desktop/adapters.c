/* The adapters' tables and the loop that tries each in turn, saying why the others did not run. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "desktop/adapters.h"

static void say(struct mb_adapters *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct mb_adapters *a, const char *fmt, ...)
{
	if (!a->log)
		return;
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	a->log(a->data, line);
}

/* The system bus, connected on first use: only logind's adapters need it. */
static struct sd_bus *system_bus(struct mb_adapters *a, char *why, size_t why_len)
{
	if (!a->system && !a->system_tried) {
		a->system_tried = true;
		int r = sd_bus_open_system(&a->system);
		if (r >= 0)
			r = sd_bus_attach_event(a->system, a->loop, SD_EVENT_PRIORITY_NORMAL);
		if (r < 0) {
			snprintf(a->system_why, sizeof(a->system_why), "no system bus: %s",
				strerror(-r));
			a->system = sd_bus_flush_close_unref(a->system);
		}
	}
	if (!a->system)
		snprintf(why, why_len, "%s", a->system_why);
	return a->system;
}

void mb_adapters_finish(struct mb_adapters *a)
{
	a->system = sd_bus_flush_close_unref(a->system);
	a->system_tried = false;
}

static struct mb_idle_source *create_x11(struct mb_adapters *a, int64_t threshold_us, char *why,
	size_t why_len)
{
	return mb_idle_x11sync_create(a->loop, threshold_us, a->idle, a->data, why, why_len);
}

static struct mb_idle_source *create_mutter(struct mb_adapters *a, int64_t threshold_us, char *why,
	size_t why_len)
{
	return mb_idle_mutter_create(a->loop, a->session, threshold_us, a->idle, a->data, why,
		why_len);
}

static struct mb_idle_source *create_wayland(struct mb_adapters *a, int64_t threshold_us, char *why,
	size_t why_len)
{
	return mb_idle_wayland_create(a->loop, threshold_us, a->idle, a->data, why, why_len);
}

static struct mb_idle_source *create_logind(struct mb_adapters *a, int64_t threshold_us, char *why,
	size_t why_len)
{
	struct sd_bus *system = system_bus(a, why, why_len);
	return system ? mb_idle_logind_create(a->loop, system, threshold_us, a->idle, a->data, why,
				why_len) :
			NULL;
}

static struct mb_idle_source *create_none(struct mb_adapters *a, int64_t threshold_us, char *why,
	size_t why_len)
{
	struct mb_idle_source *source = mb_idle_none_create(a->idle, a->data);
	if (!source)
		snprintf(why, why_len, "out of memory");
	return source;
}

/*
 * The activity sources in the order they are tried: the most precise first,
 * logind's coarse IdleHint late, wall time last. A new one is one line here.
 */
static const struct {
	const char *name;
	struct mb_idle_source *(
		*create)(struct mb_adapters *a, int64_t threshold_us, char *why, size_t why_len);
} backends[] = {
	{ "x11", create_x11 },
	{ "mutter", create_mutter },
	{ "wayland", create_wayland },
	{ "logind", create_logind },
	{ "none", create_none },
};

#define BACKENDS_LEN (sizeof(backends) / sizeof(backends[0]))

size_t mb_idle_backend_count(void)
{
	return BACKENDS_LEN;
}

const char *mb_idle_backend_name(size_t i)
{
	return i < BACKENDS_LEN ? backends[i].name : NULL;
}

int mb_idle_backend_find(const char *name)
{
	for (size_t i = 0; name && i < BACKENDS_LEN; i++)
		if (strcmp(backends[i].name, name) == 0)
			return (int)i;
	return -1;
}

struct mb_idle_source *mb_idle_backend_create(struct mb_adapters *a, size_t i, int64_t threshold_us,
	char *why, size_t why_len)
{
	if (why_len)
		why[0] = '\0';
	if (i >= BACKENDS_LEN) {
		snprintf(why, why_len, "no such activity source");
		return NULL;
	}
	return backends[i].create(a, threshold_us, why, why_len);
}

struct mb_idle_source *mb_idle_open(struct mb_adapters *a, const char *wanted, int64_t threshold_us)
{
	char why[256];
	if (wanted) {
		int i = mb_idle_backend_find(wanted);
		struct mb_idle_source *source = i < 0 ?
			NULL :
			mb_idle_backend_create(a, (size_t)i, threshold_us, why, sizeof(why));
		if (source)
			say(a, "activity source: %s (asked for with --backend)", wanted);
		else
			say(a, "activity source %s cannot run: %s", wanted,
				i < 0 ? "no such activity source" : why);
		return source;
	}
	for (size_t i = 0; i < BACKENDS_LEN; i++) {
		struct mb_idle_source *source = mb_idle_backend_create(a, i, threshold_us, why,
			sizeof(why));
		if (source) {
			say(a, "activity source: %s%s", backends[i].name,
				strcmp(backends[i].name, "none") == 0 ?
					" (no activity is seen: all time counts as active)" :
					"");
			return source;
		}
		say(a, "activity source %s not used: %s", backends[i].name, why);
	}
	return NULL;
}

static struct mb_dnd_source *create_inhibitor(struct mb_adapters *a, char *why, size_t why_len)
{
	struct sd_bus *system = system_bus(a, why, why_len);
	return system ? mb_dnd_inhibit_create(a->loop, system, a->dnd, a->data, why, why_len) :
			NULL;
}

/* Idle inhibitors taken through org.freedesktop.ScreenSaver, from the desktop's session service. */
static struct mb_dnd_source *create_session_inhibitor(struct mb_adapters *a, char *why,
	size_t why_len)
{
	return mb_dnd_session_create(a->loop, a->session, a->dnd, a->data, why, why_len);
}

static struct mb_dnd_source *create_desktop(struct mb_adapters *a, char *why, size_t why_len)
{
	return mb_dnd_gnome_create(a->loop, a->session, a->dnd, a->data, why, why_len);
}

static struct mb_dnd_source *create_fullscreen(struct mb_adapters *a, char *why, size_t why_len)
{
	return mb_dnd_x11fullscreen_create(a->loop, a->dnd, a->data, why, why_len);
}

static struct mb_dnd_source *create_calls(struct mb_adapters *a, char *why, size_t why_len)
{
	return mb_dnd_pipewire_create(a->loop, a->dnd, a->data, why, why_len);
}

/*
 * The do-not-disturb sources, each with its switch in [dnd] (a bool in
 * struct mb_config). A new source is one line here.
 */
static const struct {
	const char *name;
	size_t config_offset;
	struct mb_dnd_source *(*create)(struct mb_adapters *a, char *why, size_t why_len);
} dnd_kinds[] = {
	{ "inhibitor", offsetof(struct mb_config, dnd_inhibitors), create_inhibitor },
	{ "session-inhibitor", offsetof(struct mb_config, dnd_inhibitors),
		create_session_inhibitor },
	{ "desktop", offsetof(struct mb_config, dnd_desktop), create_desktop },
	{ "fullscreen", offsetof(struct mb_config, dnd_fullscreen), create_fullscreen },
	{ "calls", offsetof(struct mb_config, dnd_calls), create_calls },
};

#define DND_KINDS_LEN (sizeof(dnd_kinds) / sizeof(dnd_kinds[0]))

size_t mb_dnd_kind_count(void)
{
	return DND_KINDS_LEN;
}

const char *mb_dnd_kind_name(size_t kind)
{
	return kind < DND_KINDS_LEN ? dnd_kinds[kind].name : NULL;
}

bool mb_dnd_kind_enabled(const struct mb_config *cfg, size_t kind)
{
	if (kind >= DND_KINDS_LEN)
		return false;
	return *(const bool *)(const void *)((const char *)cfg + dnd_kinds[kind].config_offset);
}

struct mb_dnd_source *mb_dnd_open(struct mb_adapters *a, const struct mb_config *cfg, size_t kind)
{
	if (!mb_dnd_kind_enabled(cfg, kind)) {
		say(a, "do-not-disturb source %s: off in the config", mb_dnd_kind_name(kind));
		return NULL;
	}
	char why[256] = "";
	struct mb_dnd_source *source = dnd_kinds[kind].create(a, why, sizeof(why));
	if (!source)
		say(a, "do-not-disturb source %s not used: %s", dnd_kinds[kind].name, why);
	return source;
}

struct mb_sleep_watch *mb_sleep_open(struct mb_adapters *a)
{
	char why[256] = "";
	struct sd_bus *system = system_bus(a, why, sizeof(why));
	struct mb_sleep_watch *watch = system ?
		mb_sleep_logind_create(a->loop, system, a->sleep, a->data, why, sizeof(why)) :
		NULL;
	if (watch)
		say(a, "suspend and resume: from logind");
	else
		say(a, "suspend and resume are not seen: %s", why);
	return watch;
}

struct mb_notifier *mb_notifier_open(struct mb_adapters *a)
{
	char why[256] = "";
	struct mb_notifier *notifier = mb_notifier_fdo_create(a->session, a->notify, a->data, why,
		sizeof(why));
	if (notifier) {
		say(a, "notifications: freedesktop");
		return notifier;
	}
	/* No notification server (a bare window manager): a window of our own, where one can open. */
	char window_why[256] = "";
	notifier = mb_notifier_window_create(a->loop, a->gui_path, a->notify, a->data, window_why,
		sizeof(window_why));
	if (notifier) {
		say(a, "notifications: a window of movebreak's own (%s)", why);
		return notifier;
	}
	say(a,
		"notifications: none (%s; no prompt window: %s); prompts show on D-Bus and in "
		"'movebreak status' only",
		why, window_why);
	return mb_notifier_none_create();
}

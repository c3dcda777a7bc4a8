/* Prompts as freedesktop notifications with Start (also a click on the body), In 5 minutes and Skip. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-bus.h>

#include "desktop/notify.h"

#define FDO_NAME "org.freedesktop.Notifications"
#define FDO_PATH "/org/freedesktop/Notifications"
/* The project's icon in the hicolor theme, and its desktop file (movebreak.desktop). */
#define MB_NOTIFY_ICON "io.github.movebreak"
#define MB_NOTIFY_DESKTOP_ENTRY "movebreak"
#define FDO_IFACE "org.freedesktop.Notifications"

/* Long enough for a busy server, short enough not to stall the daemon's start. */
#define SETUP_TIMEOUT_US (5 * 1000 * 1000)

/*
 * The server numbers notifications; ours is `id` once the Notify reply is
 * in, 0 when none is showing. Everything is asynchronous, so a show or a
 * close asked for while a Notify is still in flight is remembered and done
 * when its reply brings the id, so the prompt never appears twice.
 */
struct fdo_notifier {
	struct mb_notifier base;
	struct sd_bus *bus;
	struct sd_bus_slot *action_slot, *closed_slot;
	struct sd_bus_slot *notify_call;
	uint32_t id;
	/* Set while a Notify is in flight: what to show after it, or to close it. */
	char *next_title, *next_body;
	bool close_after;
};

static const struct mb_notifier_impl impl;

static struct fdo_notifier *fdo_notifier_from_base(struct mb_notifier *base)
{
	if (base->impl != &impl)
		abort();
	return (struct fdo_notifier *)base;
}

static void report(struct fdo_notifier *fdo, enum mb_notify_action action)
{
	if (fdo->base.listener && fdo->base.listener->action)
		fdo->base.listener->action(fdo->base.data, action);
}

static void clear_next(struct fdo_notifier *fdo)
{
	free(fdo->next_title);
	free(fdo->next_body);
	fdo->next_title = NULL;
	fdo->next_body = NULL;
}

static void send_close(struct fdo_notifier *fdo, uint32_t id)
{
	sd_bus_message *call = NULL;
	if (sd_bus_message_new_method_call(fdo->bus, &call, FDO_NAME, FDO_PATH, FDO_IFACE,
		    "CloseNotification") >= 0 &&
		sd_bus_message_append(call, "u", id) >= 0 &&
		sd_bus_message_set_expect_reply(call, 0) >= 0)
		sd_bus_send(fdo->bus, call, NULL);
	sd_bus_message_unref(call);
}

static int send_notify(struct fdo_notifier *fdo, const char *title, const char *body);

static int handle_notify(sd_bus_message *reply, void *data, sd_bus_error *ret_error)
{
	struct fdo_notifier *fdo = data;
	fdo->notify_call = sd_bus_slot_unref(fdo->notify_call);
	uint32_t id;
	if (!sd_bus_message_is_method_error(reply, NULL) &&
		sd_bus_message_read(reply, "u", &id) > 0)
		fdo->id = id;
	if (fdo->close_after) {
		fdo->close_after = false;
		clear_next(fdo);
		if (fdo->id)
			send_close(fdo, fdo->id);
		fdo->id = 0;
	} else if (fdo->next_title) {
		char *title = fdo->next_title, *body = fdo->next_body;
		fdo->next_title = fdo->next_body = NULL;
		send_notify(fdo, title, body);
		free(title);
		free(body);
	}
	return 0;
}

static int send_notify(struct fdo_notifier *fdo, const char *title, const char *body)
{
	sd_bus_message *call = NULL;
	int r = sd_bus_message_new_method_call(fdo->bus, &call, FDO_NAME, FDO_PATH, FDO_IFACE,
		"Notify");
	if (r < 0)
		goto out;
	/* replaces_id updates the prompt in place rather than stacking a second one. */
	r = sd_bus_message_append(call, "susss", "movebreak", fdo->id, MB_NOTIFY_ICON, title,
		body ? body : "");
	if (r < 0)
		goto out;
	/* "default" is a click on the body: it starts the break, as Start does. */
	r = sd_bus_message_append(call, "as", 8, "default", "Start", "start", "Start", "postpone",
		"In 5 minutes", "skip", "Skip");
	if (r < 0)
		goto out;
	/*
	 * Normal urgency (1): a prompt may wait, it should not shout. The desktop entry lets the
	 * server group and badge it; the sound is a name from the sound naming spec, for a server
	 * that plays sounds to play.
	 */
	r = sd_bus_message_append(call, "a{sv}", 3, "urgency", "y", (uint8_t)1, "desktop-entry",
		"s", MB_NOTIFY_DESKTOP_ENTRY, "sound-name", "s", "message-new-instant");
	if (r < 0)
		goto out;
	/* Never expire: an unanswered prompt stays until the user acts or we withdraw it. */
	r = sd_bus_message_append(call, "i", (int32_t)0);
	if (r < 0)
		goto out;
	r = sd_bus_call_async(fdo->bus, &fdo->notify_call, call, handle_notify, fdo, 0);
out:
	sd_bus_message_unref(call);
	return r;
}

static int show(struct mb_notifier *base, const char *title, const char *body)
{
	struct fdo_notifier *fdo = fdo_notifier_from_base(base);
	if (!title)
		return -EINVAL;
	if (!fdo->notify_call)
		return send_notify(fdo, title, body);
	/* The id of the one in flight is not known yet: show this once it is. */
	char *next_title = strdup(title), *next_body = strdup(body ? body : "");
	if (!next_title || !next_body) {
		free(next_title);
		free(next_body);
		return -ENOMEM;
	}
	clear_next(fdo);
	fdo->next_title = next_title;
	fdo->next_body = next_body;
	fdo->close_after = false;
	return 0;
}

static void close_prompt(struct mb_notifier *base)
{
	struct fdo_notifier *fdo = fdo_notifier_from_base(base);
	if (fdo->notify_call) {
		clear_next(fdo);
		fdo->close_after = true;
		return;
	}
	if (!fdo->id)
		return;
	/* Forget the id first: the server's NotificationClosed for it is no user's answer. */
	uint32_t id = fdo->id;
	fdo->id = 0;
	send_close(fdo, id);
}

static int handle_action(sd_bus_message *msg, void *data, sd_bus_error *ret_error)
{
	struct fdo_notifier *fdo = data;
	uint32_t id;
	const char *key;
	if (sd_bus_message_read(msg, "us", &id, &key) < 0)
		return 0;
	/* The signal goes to every client; other programs' notifications are not ours. */
	if (id == 0 || id != fdo->id)
		return 0;
	enum mb_notify_action action;
	if (strcmp(key, "start") == 0 || strcmp(key, "default") == 0)
		action = MB_NOTIFY_START;
	else if (strcmp(key, "postpone") == 0)
		action = MB_NOTIFY_POSTPONE;
	else if (strcmp(key, "skip") == 0)
		action = MB_NOTIFY_SKIP;
	else
		return 0;
	/* Answered: the NotificationClosed that servers send next is not a dismissal. */
	fdo->id = 0;
	send_close(fdo, id);
	report(fdo, action);
	return 0;
}

static int handle_closed(sd_bus_message *msg, void *data, sd_bus_error *ret_error)
{
	struct fdo_notifier *fdo = data;
	uint32_t id, reason;
	if (sd_bus_message_read(msg, "uu", &id, &reason) < 0)
		return 0;
	if (id == 0 || id != fdo->id)
		return 0;
	fdo->id = 0;
	/*
	 * Whatever the reason (expired, dismissed, closed by another client's
	 * call; our own closes forget the id first), the prompt went unanswered.
	 */
	report(fdo, MB_NOTIFY_DISMISSED);
	return 0;
}

static void destroy(struct mb_notifier *base)
{
	struct fdo_notifier *fdo = fdo_notifier_from_base(base);
	/* A prompt left on screen would answer to nobody. */
	if (fdo->bus && fdo->id)
		send_close(fdo, fdo->id);
	clear_next(fdo);
	sd_bus_slot_unref(fdo->notify_call);
	sd_bus_slot_unref(fdo->action_slot);
	sd_bus_slot_unref(fdo->closed_slot);
	sd_bus_unref(fdo->bus);
	free(fdo);
}

static const struct mb_notifier_impl impl = {
	.name = "fdo",
	.show = show,
	.close = close_prompt,
	.destroy = destroy,
};

struct mb_notifier *mb_notifier_fdo_create(struct sd_bus *session,
	const struct mb_notify_listener *listener, void *data, char *why, size_t why_len)
{
	sd_bus_message *reply = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	if (!session) {
		snprintf(why, why_len, "no session bus");
		return NULL;
	}
	struct fdo_notifier *fdo = calloc(1, sizeof(*fdo));
	if (!fdo) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	fdo->base.impl = &impl;
	fdo->base.listener = listener;
	fdo->base.data = data;

	/*
	 * Ask the bus rather than the server: a server that is only activatable
	 * would start now, and a missing one would keep us waiting for a timeout.
	 */
	int owned = 0;
	int r = sd_bus_call_method(session, "org.freedesktop.DBus", "/org/freedesktop/DBus",
		"org.freedesktop.DBus", "NameHasOwner", &error, &reply, "s", FDO_NAME);
	if (r >= 0)
		r = sd_bus_message_read(reply, "b", &owned);
	if (r < 0) {
		snprintf(why, why_len, "cannot ask the session bus for %s: %s", FDO_NAME,
			sd_bus_error_is_set(&error) ? error.message : strerror(-r));
		goto err;
	}
	if (!owned) {
		snprintf(why, why_len, "no notification server owns %s", FDO_NAME);
		goto err;
	}
	fdo->bus = sd_bus_ref(session);
	r = sd_bus_match_signal(session, &fdo->action_slot, FDO_NAME, FDO_PATH, FDO_IFACE,
		"ActionInvoked", handle_action, fdo);
	if (r >= 0)
		r = sd_bus_match_signal(session, &fdo->closed_slot, FDO_NAME, FDO_PATH, FDO_IFACE,
			"NotificationClosed", handle_closed, fdo);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch the notification server's signals: %s",
			strerror(-r));
		goto err;
	}
	sd_bus_message_unref(reply);
	return &fdo->base;

err:
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	destroy(&fdo->base);
	return NULL;
}

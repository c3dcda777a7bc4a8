/* A client of the running daemon on the session bus: requests, and a break's start and end. */
#ifndef MB_APP_DAEMON_CLIENT_H
#define MB_APP_DAEMON_CLIENT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct sd_bus;
struct sd_bus_message;

/**
 * Call method on the daemon with the arguments types and the varargs say
 * (sd-bus notation; types NULL for none), on bus or, when bus is NULL, on a
 * session bus connection of its own. start: let D-Bus activation start a
 * daemon that is not running. *reply (if reply is not NULL) receives the
 * answer, to unref. Returns 0; -ENOENT when no daemon runs; another
 * negative errno with the daemon's or the bus's reason in why.
 */
int mb_daemon_call(struct sd_bus *bus, const char *method, bool start,
	struct sd_bus_message **reply, char *why, size_t why_len, const char *types, ...);

/** mb_daemon_call() with the arguments in ap. */
int mb_daemon_callv(struct sd_bus *bus, const char *method, bool start,
	struct sd_bus_message **reply, char *why, size_t why_len, const char *types, va_list ap);

#endif

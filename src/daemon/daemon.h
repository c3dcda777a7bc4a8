/* The daemon that runs all day: the scheduler driven by the desktop's activity, on one loop. */
#ifndef MB_DAEMON_DAEMON_H
#define MB_DAEMON_DAEMON_H

#include "app/dbus.h"
#include "app/exit.h"

struct mb_daemon_options {
	/* The settings file; NULL means config.ini in the config directory, if there is one. */
	const char *config_path;
	/* The activity source by name ("x11", "none"); NULL tries each in turn. */
	const char *backend;
};

/**
 * Run the daemon until SIGTERM or SIGINT: load the settings, pick an
 * activity source, own MB_DBUS_NAME on the session bus and drive the
 * scheduler from one sd-event loop. Logs to stderr. Returns the exit code:
 * 0 after a clean shutdown, 1 when it cannot run (no session bus, the
 * chosen backend cannot start), 2 for bad settings or an unknown backend
 * name, MB_EXIT_ALREADY_RUNNING when another daemon owns the name.
 */
int mb_daemon_run(const struct mb_daemon_options *options);

#endif

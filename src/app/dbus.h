/* The daemon's names on the session bus, for the daemon and every client of it. */
#ifndef MB_APP_DBUS_H
#define MB_APP_DBUS_H

/* Keep data/dbus/io.github.movebreak.Daemon1.xml in step: a test compares the two. */
#define MB_DBUS_NAME "io.github.movebreak.Daemon"
#define MB_DBUS_PATH "/io/github/movebreak/Daemon"
#define MB_DBUS_INTERFACE "io.github.movebreak.Daemon1"

#endif

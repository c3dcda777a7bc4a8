#!/usr/bin/python3
"""A minimal org.kde.StatusNotifierWatcher for the tray tests: it owns the watcher's name,
takes registrations and writes each one, as "SERVICE SENDER", as a line of the file named on
the command line. It speaks only the parts of the protocol the daemon uses."""
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

NAME = 'org.kde.StatusNotifierWatcher'


class Watcher(dbus.service.Object):
    def __init__(self, bus, log_path):
        super().__init__(bus, '/StatusNotifierWatcher')
        self.log_path = log_path
        self.items = []

    @dbus.service.method(NAME, in_signature='s', sender_keyword='sender')
    def RegisterStatusNotifierItem(self, service, sender=None):
        self.items.append(str(service))
        with open(self.log_path, 'a') as f:
            f.write(f'{service} {sender}\n')
        self.StatusNotifierItemRegistered(service)

    @dbus.service.method(NAME, in_signature='s')
    def RegisterStatusNotifierHost(self, service):
        pass

    @dbus.service.signal(NAME, signature='s')
    def StatusNotifierItemRegistered(self, service):
        pass

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature='ss', out_signature='v')
    def Get(self, interface, prop):
        if prop == 'RegisteredStatusNotifierItems':
            return dbus.Array(self.items, signature='s')
        if prop == 'IsStatusNotifierHostRegistered':
            return True
        if prop == 'ProtocolVersion':
            return dbus.Int32(0)
        raise dbus.exceptions.DBusException('no property ' + prop)


dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
watcher = Watcher(bus, sys.argv[1])
name = dbus.service.BusName(NAME, bus)
GLib.MainLoop().run()

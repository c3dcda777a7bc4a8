#!/usr/bin/python3
"""End-to-end check of the do-not-disturb sources against mocked logind and session services.

Private system and session buses, python3-dbusmock's logind template and
small mocks of org.freedesktop.portal.Settings, org.gnome.SessionManager and
org.freedesktop.PowerManagement; the C driver (tests/desktop/test-dnd.c in
"watch" mode) prints one line per report.
"""
import os
import select
import subprocess
import sys
import time

try:
    import dbus
    import dbusmock
except ImportError:
    print("SKIP: python3-dbusmock is not installed")
    sys.exit(77)

LOGIND_MANAGER = "org.freedesktop.login1.Manager"
PORTAL_NAME = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_SETTINGS = "org.freedesktop.portal.Settings"
NOTIFY_SCHEMA = "org.gnome.desktop.notifications"
GNOME_NAME = "org.gnome.SessionManager"
GNOME_PATH = "/org/gnome/SessionManager"
PM_NAME = "org.freedesktop.PowerManagement"
PM_PATH = "/org/freedesktop/PowerManagement/Inhibit"
PM_IFACE = "org.freedesktop.PowerManagement.Inhibit"
# gnome-session's inhibitor flags.
FLAG_SUSPEND = 4
FLAG_IDLE = 8

# gnome-session keeps the inhibitors; the mock keeps their flags by cookie.
GNOME_INHIBIT = """
self.mb_next = getattr(self, 'mb_next', 0) + 1
self.mb_flags = getattr(self, 'mb_flags', {})
self.mb_flags[self.mb_next] = args[3]
self.EmitSignal('org.gnome.SessionManager', 'InhibitorAdded', 'o',
                ['/org/gnome/SessionManager/Inhibitor%d' % self.mb_next])
ret = self.mb_next
"""
GNOME_UNINHIBIT = """
del self.mb_flags[args[0]]
self.EmitSignal('org.gnome.SessionManager', 'InhibitorRemoved', 'o',
                ['/org/gnome/SessionManager/Inhibitor%d' % args[0]])
"""
GNOME_IS_INHIBITED = """
ret = False
for flags in getattr(self, 'mb_flags', {}).values():
    if flags & args[0]:
        ret = True
"""


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


class Driver:
    """The C driver, read line by line with a deadline."""

    def __init__(self, path):
        self.proc = subprocess.Popen([path, "watch"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.buf = b""
        self.seen = []

    def expect(self, want, timeout=10.0):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                fail(f"no report within {timeout}s, wanted {want!r}; saw {self.seen}")
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                fail(f"driver exited ({self.proc.wait()}), wanted {want!r}; saw {self.seen}")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        line = line.decode()
        self.seen.append(line)
        if line != want:
            fail(f"wanted {want!r}, got {line!r}; saw {self.seen}")

    def quiet(self, wait=0.5):
        """Nothing more is reported for a while."""
        if self.buf or select.select([self.proc.stdout], [], [], wait)[0]:
            extra = self.buf + os.read(self.proc.stdout.fileno(), 4096)
            fail(f"unexpected report {extra!r}; saw {self.seen}")

    def finish(self):
        self.proc.stdin.close()
        try:
            rc = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("driver did not exit when its input closed")
        if rc != 0:
            fail(f"driver exited with {rc}")


def wait_inhibitors(logind, count):
    deadline = time.monotonic() + 5
    while len(logind.ListInhibitors(dbus_interface=LOGIND_MANAGER)) != count:
        if time.monotonic() > deadline:
            fail(f"the mock never showed {count} inhibitors")
        time.sleep(0.05)


def main():
    build = os.environ.get("MB_BUILD_ROOT")
    if not build:
        fail("set MB_BUILD_ROOT to the meson build directory")
    driver_path = os.path.join(build, "tests", "test-platform-dnd")
    if not os.access(driver_path, os.X_OK):
        fail(f"{driver_path} is not built")

    tc = dbusmock.DBusTestCase
    tc.start_system_bus()
    tc.start_session_bus()
    mocks = []
    driver = None
    try:
        log = open(os.devnull, "w")
        proc, logind = tc.spawn_server_template("logind", {}, stdout=log)
        mocks.append(proc)
        logind.AddProperty(LOGIND_MANAGER, "BlockInhibited", "",
                           dbus_interface=dbusmock.MOCK_IFACE)
        logind.AddProperty(LOGIND_MANAGER, "DelayInhibited", "",
                           dbus_interface=dbusmock.MOCK_IFACE)

        proc = tc.spawn_server(PORTAL_NAME, PORTAL_PATH, PORTAL_SETTINGS,
                               system_bus=False, stdout=log)
        mocks.append(proc)
        portal = tc.get_dbus(False).get_object(PORTAL_NAME, PORTAL_PATH)
        # Read answers a variant in a variant, as xdg-desktop-portal does.
        portal.AddMethod(PORTAL_SETTINGS, "Read", "ss", "v",
                         "ret = dbus.Boolean(True, variant_level=2)",
                         dbus_interface=dbusmock.MOCK_IFACE)

        driver = Driver(driver_path)
        driver.expect("inhibitor initial off")
        driver.expect("desktop initial off")
        # No session service for ScreenSaver's inhibitors on this bus yet.
        driver.expect(f"session-inhibitor unavailable: neither {GNOME_NAME} nor {PM_NAME} "
                      "is on the session bus")

        # A sleep delay lock (our own sleep watch takes one) is no reason to hold prompts.
        sleep_fd = logind.Inhibit("sleep", "movebreak", "note the time", "delay",
                                  dbus_interface=LOGIND_MANAGER)
        wait_inhibitors(logind, 1)
        logind.UpdateProperties(LOGIND_MANAGER, {"DelayInhibited": "sleep"},
                                dbus_interface=dbusmock.MOCK_IFACE)
        driver.quiet()

        # A video player blocks idle (together with sleep, as players do).
        video_fd = logind.Inhibit("sleep:idle", "mpv", "playing a video", "block",
                                  dbus_interface=LOGIND_MANAGER)
        wait_inhibitors(logind, 2)
        logind.UpdateProperties(LOGIND_MANAGER, {"BlockInhibited": "sleep:idle"},
                                dbus_interface=dbusmock.MOCK_IFACE)
        driver.expect("inhibitor on")

        # An unrelated property change reads nothing new.
        logind.UpdateProperties(LOGIND_MANAGER, {"IdleHint": True},
                                dbus_interface=dbusmock.MOCK_IFACE)
        driver.quiet()

        # The player quits: logind drops its lock and updates the summary.
        os.close(video_fd.take())
        wait_inhibitors(logind, 1)
        logind.UpdateProperties(LOGIND_MANAGER, {"BlockInhibited": ""},
                                dbus_interface=dbusmock.MOCK_IFACE)
        driver.expect("inhibitor off")
        os.close(sleep_fd.take())

        # GNOME's switch: banners off is do-not-disturb.
        def setting(schema, key, value):
            portal.EmitSignal(PORTAL_SETTINGS, "SettingChanged", "ssv",
                              [schema, key, dbus.Boolean(value)],
                              dbus_interface=dbusmock.MOCK_IFACE)

        setting(NOTIFY_SCHEMA, "show-banners", False)
        driver.expect("desktop on")
        setting("org.gnome.desktop.interface", "show-banners", True)
        setting(NOTIFY_SCHEMA, "show-in-lock-screen", True)
        driver.quiet()
        setting(NOTIFY_SCHEMA, "show-banners", True)
        driver.expect("desktop off")

        driver.finish()
        driver = None

        # GNOME: ScreenSaver.Inhibit becomes an inhibitor in the session manager.
        proc = tc.spawn_server(GNOME_NAME, GNOME_PATH, GNOME_NAME, system_bus=False,
                               stdout=log)
        gnome = tc.get_dbus(False).get_object(GNOME_NAME, GNOME_PATH)
        gnome.AddMethods(GNOME_NAME, [
            ("Inhibit", "susu", "u", GNOME_INHIBIT),
            ("Uninhibit", "u", "", GNOME_UNINHIBIT),
            ("IsInhibited", "u", "b", GNOME_IS_INHIBITED),
        ], dbus_interface=dbusmock.MOCK_IFACE)
        driver = Driver(driver_path)
        driver.expect("inhibitor initial off")
        driver.expect("desktop initial off")
        driver.expect("session-inhibitor initial off")
        # A download holding off suspend is no reason to hold prompts.
        download = gnome.Inhibit("fetcher", 0, "downloading", FLAG_SUSPEND,
                                 dbus_interface=GNOME_NAME)
        driver.quiet()
        video = gnome.Inhibit("totem", 0, "playing a video", FLAG_IDLE | FLAG_SUSPEND,
                              dbus_interface=GNOME_NAME)
        driver.expect("session-inhibitor on")
        gnome.Uninhibit(download, dbus_interface=GNOME_NAME)
        driver.quiet()
        gnome.Uninhibit(video, dbus_interface=GNOME_NAME)
        driver.expect("session-inhibitor off")
        driver.finish()
        driver = None
        proc.terminate()
        proc.wait()

        # KDE and Xfce: the power manager's summary, already held when the source starts.
        proc = tc.spawn_server(PM_NAME, PM_PATH, PM_IFACE, system_bus=False, stdout=log)
        mocks.append(proc)
        pm = tc.get_dbus(False).get_object(PM_NAME, PM_PATH)
        pm.AddMethod(PM_IFACE, "HasInhibit", "", "b", "ret = True",
                     dbus_interface=dbusmock.MOCK_IFACE)
        driver = Driver(driver_path)
        driver.expect("inhibitor initial off")
        driver.expect("desktop initial off")
        driver.expect("session-inhibitor initial on")

        def has_inhibit(value):
            pm.EmitSignal(PM_IFACE, "HasInhibitChanged", "b", [dbus.Boolean(value)],
                          dbus_interface=dbusmock.MOCK_IFACE)

        has_inhibit(False)
        driver.expect("session-inhibitor off")
        has_inhibit(False)
        driver.quiet()
        has_inhibit(True)
        driver.expect("session-inhibitor on")
        driver.finish()
        driver = None
    finally:
        if driver:
            driver.proc.kill()
            driver.proc.wait()
        for proc in mocks:
            proc.terminate()
            proc.wait()
        tc.tearDownClass()
    print("ok: the inhibitor, session-inhibitor and desktop do-not-disturb sources follow "
          "logind, the session services and the portal")


if __name__ == "__main__":
    main()

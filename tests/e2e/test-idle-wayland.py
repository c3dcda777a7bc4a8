#!/usr/bin/env python3
"""The Wayland activity source on a headless sway and a fake compositor: idle, then input."""
import atexit
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import mbtest
from mbtest import MOVEBREAK, check, done

BUILD_ROOT = os.environ.get('MB_BUILD_ROOT') or sys.exit('MB_BUILD_ROOT is not set')
DRIVER = os.path.join(BUILD_ROOT, 'tests', 'test-platform-idle-wayland')
FAKE = os.path.join(BUILD_ROOT, 'tests', 'wayland-fake-compositor')
THRESHOLD_MS = 2000

procs = []


def cleanup():
    mbtest.kill_all(procs)


# A failed check exits at once; sway must not outlive the test, nor meson's timeout signal.
atexit.register(cleanup)
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))


def skip(reason):
    print(f'SKIP: {reason}')
    cleanup()
    sys.exit(77)


def driver_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ('WAYLAND_DISPLAY', 'WAYLAND_SOCKET')}
    env.update(extra)
    return env


# Without a compositor the source refuses with a reason, so the daemon can try the next one.
r = subprocess.run([DRIVER, str(THRESHOLD_MS), '1', '5'], env=driver_env(),
                   capture_output=True, text=True, timeout=30)
check(r.returncode == 3 and r.stdout.strip() == 'unavailable: WAYLAND_DISPLAY is not set',
      'no WAYLAND_DISPLAY: NULL with the reason', r.stdout + r.stderr)

runtime = tempfile.TemporaryDirectory(prefix='mb-wayland-')
os.chmod(runtime.name, 0o700)
r = subprocess.run([DRIVER, str(THRESHOLD_MS), '1', '5'],
                   env=driver_env(XDG_RUNTIME_DIR=runtime.name, WAYLAND_DISPLAY='wayland-none'),
                   capture_output=True, text=True, timeout=30)
check(r.returncode == 3 and
      r.stdout.startswith('unavailable: cannot connect to Wayland display wayland-none'),
      'no compositor at WAYLAND_DISPLAY: NULL with the reason', r.stdout + r.stderr)


class Lines:
    """A process's output lines as they come, with when each came."""

    def __init__(self, cmd, process_env, stderr=subprocess.STDOUT):
        self.proc = subprocess.Popen(cmd, env=process_env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=stderr)
        procs.append(self.proc)
        self.buf = b''

    def line(self, seconds):
        """The next line, read from the pipe itself so no line waits in a buffer unseen."""
        deadline = time.monotonic() + seconds
        while b'\n' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                return None, time.monotonic()
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                return None, time.monotonic()
            self.buf += chunk
        line, self.buf = self.buf.split(b'\n', 1)
        return line.decode().strip(), time.monotonic()

    def finish(self):
        try:
            out, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        return self.proc.returncode, (self.buf + out + (err or b'')).decode(errors='replace')


def driver(events, timeout_s, process_env=None):
    """The driver, its reports on stdout apart from what the source logs on stderr."""
    return Lines([DRIVER, str(THRESHOLD_MS), str(events), str(timeout_s)], process_env or env,
                 stderr=subprocess.PIPE)


def idle_ms(line):
    parts = (line or '').split()
    return int(parts[1]) if len(parts) == 2 and parts[0] == 'idle' else None


# A fake compositor runs ext-idle-notify-v1, which sway 1.7 lacks, and a compositor with no
# idle protocol at all.
fake_env = driver_env(XDG_RUNTIME_DIR=runtime.name, WAYLAND_DISPLAY='wayland-fake')


def start_fake(mode):
    fake = Lines([FAKE, 'wayland-fake', mode], fake_env)
    line, _ = fake.line(10)
    if line != 'ready':
        check(False, f'the fake compositor starts ({mode})', f'{line}\n{fake.finish()[1]}')
    return fake


fake = start_fake('bare')
r = subprocess.run([DRIVER, str(THRESHOLD_MS), '1', '5'], env=fake_env, capture_output=True,
                   text=True, timeout=30)
check(r.returncode == 3 and r.stdout.strip() == 'unavailable: Wayland display wayland-fake '
      'offers neither ext-idle-notify-v1 nor org_kde_kwin_idle',
      'a compositor with no idle protocol: NULL with the reason', r.stdout + r.stderr)
fake.proc.terminate()
fake.finish()

fake = start_fake('ext')
drv = driver(4, 20, fake_env)
line, t_ready = drv.line(10)
check(line == 'ready', 'the source starts on ext-idle-notify-v1', str(line))
line, t_idle = drv.line(10)
check(idle_ms(line) is not None and 1.5 <= t_idle - t_ready <= 4.0,
      f'ext: idle a threshold after the start ({t_idle - t_ready:.2f} s)', str(line))
t_input = time.monotonic()
fake.proc.send_signal(signal.SIGUSR1)
line, t_active = drv.line(5)
check(line == 'active' and t_active - t_input < 1.0, 'ext: active at input', str(line))
line, t_again = drv.line(10)
check(idle_ms(line) is not None and 1.5 <= t_again - t_input <= 4.0,
      f'ext: idle again a threshold after the input ({t_again - t_input:.2f} s)', str(line))
# A compositor that goes away cannot end the idle report: the source ends it.
fake.proc.terminate()
fake.finish()
line, _ = drv.line(5)
check(line == 'active', 'ext: the compositor gone ends the idle report', str(line))
code, rest = drv.finish()
check(code == 0 and 'lost the Wayland display' in rest,
      'ext: the loss is logged and the driver tidies up', rest)

missing = [t for t in ('sway', 'swaymsg') if not shutil.which(t)]
if missing:
    skip(f'not installed: {" ".join(missing)}')

try:
    display, ipc = mbtest.start_sway(procs, runtime.name, driver_env())
except mbtest.Unavailable as e:
    skip(str(e))

env = driver_env(XDG_RUNTIME_DIR=runtime.name, WAYLAND_DISPLAY=display, SWAYSOCK=ipc)


def swaymsg(*args):
    r = subprocess.run(['swaymsg', *args], env=env, capture_output=True, text=True, timeout=10)
    check(r.returncode == 0, f'swaymsg {" ".join(args)}', r.stdout + r.stderr)


# Idle a threshold after the timer starts, active at input, idle again a threshold after that.
drv = driver(3, 20)
line, t_ready = drv.line(10)
if line != 'ready':
    check(False, 'the source starts on sway', f'{line}\n{drv.finish()[1]}')
check(True, 'the source starts on sway')
line, t_idle = drv.line(10)
after = t_idle - t_ready
check(idle_ms(line) is not None and 1.5 <= after <= 4.0,
      f'idle about the threshold after the start, with no input ({after:.2f} s)', str(line))
check(abs(idle_ms(line) - THRESHOLD_MS) <= 250, 'the last input is put a threshold back', line)

# sway's seat cursor command goes through the seat as input does, and resets the idle timer.
t_input = time.monotonic()
swaymsg('seat', 'seat0', 'cursor', 'move', '10', '10')
line, t_active = drv.line(5)
check(line == 'active', f'active at input ({t_active - t_input:.2f} s after it)', str(line))
check(t_active - t_input < 1.0, 'active comes at once', f'{t_active - t_input:.2f} s')
line, t_again = drv.line(10)
again = t_again - t_input
check(idle_ms(line) is not None and 1.5 <= again <= 4.0,
      f'idle again a threshold after the input ({again:.2f} s)', str(line))
code, rest = drv.finish()
check(code == 0, 'the driver stops after three reports and tidies up', rest)

# The same from a virtual keyboard, where wtype is installed.
if shutil.which('wtype'):
    drv = driver(2, 20)
    line, _ = drv.line(10)
    check(line == 'ready', 'the source starts again', str(line))
    line, _ = drv.line(10)
    check(idle_ms(line) is not None, 'idle before typing', str(line))
    subprocess.run(['wtype', 'a'], env=env, check=True, timeout=10)
    line, _ = drv.line(5)
    check(line == 'active', 'active when wtype types a key', str(line))
    code, rest = drv.finish()
    check(code == 0, 'the driver stops after two reports', rest)
else:
    print('note: wtype is not installed; the virtual keyboard is not tried')

# The daemon picks the source by name, once its table lists it, and hears it.
if shutil.which('dbus-daemon'):
    home = mbtest.Home()
    os.makedirs(os.path.join(home.config, 'movebreak'))
    with open(os.path.join(home.config, 'movebreak', 'config.ini'), 'w') as f:
        f.write(f'[prompt]\nlull = {THRESHOLD_MS // 1000}s\n')
    bus = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address=1'],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    procs.append(bus)
    address = bus.stdout.readline().strip()
    denv = home.env(XDG_RUNTIME_DIR=runtime.name, WAYLAND_DISPLAY=display,
                    DBUS_SESSION_BUS_ADDRESS=address, MOVEBREAK_DEBUG='1')
    daemon = Lines([MOVEBREAK, 'daemon', '--backend', 'wayland'], denv)
    said = []

    def daemon_says(text, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            line, _ = daemon.line(deadline - time.monotonic())
            if line is None:
                return False
            said.append(line)
            if text in line:
                return True
        return False

    if daemon_says('activity source', 10) and 'unknown activity source' not in said[-1]:
        check('activity source: wayland (asked for with --backend)' in said[-1],
              'movebreak daemon --backend wayland uses the source', '\n'.join(said))
        check(daemon_says('idle since', 10), 'the daemon hears idle', '\n'.join(said))
        swaymsg('--', 'seat', 'seat0', 'cursor', 'move', '-10', '-10')
        check(daemon_says('active', 5), 'the daemon hears input', '\n'.join(said))
        daemon.proc.send_signal(signal.SIGTERM)
        code, rest = daemon.finish()
        check(code == 0, 'the daemon stops cleanly on SIGTERM', '\n'.join(said) + rest)
    else:
        code, rest = daemon.finish()
        text = '\n'.join(said) + rest
        check("unknown activity source 'wayland'" in text,
              'the daemon, without wayland in its table, says so', text)
        print('note: the daemon does not list the wayland source yet; not tried')

cleanup()
done()

#!/usr/bin/python3
"""The daemon's cost of the tray item: PSS, RSS and context switches, idle, with the item
registered and a host reading its tooltip every few seconds, beside tray.enabled = false.

    MOVEBREAK=build/movebreak MB_SOURCE_ROOT=. bench/tray.py [SECONDS]
"""
import os
import subprocess
import sys
import tempfile
import time

import dbus

MOVEBREAK = os.environ.get('MOVEBREAK', 'build/movebreak')
ROOT = os.environ.get('MB_SOURCE_ROOT', '.')
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 12.0
POLL_S = 3.0


def proc_figures(pid):
    out = {}
    with open(f'/proc/{pid}/smaps_rollup') as f:
        for line in f:
            k, *v = line.split()
            if k in ('Rss:', 'Pss:'):
                out[k[:-1]] = int(v[0])
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if 'ctxt_switches' in line:
                k, v = line.split(':')
                out[k.strip()] = int(v)
    return out


def run(tray):
    tmp = tempfile.mkdtemp(prefix='mb-bench-')
    bus = subprocess.Popen(['dbus-daemon', '--config-file=' +
                            os.path.join(ROOT, 'tests/data/dbus/bare-session.conf'),
                            '--nofork', '--print-address=1'], stdout=subprocess.PIPE, text=True)
    address = bus.stdout.readline().strip()
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, DBUS_SYSTEM_BUS_ADDRESS=address,
               XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, HOME=tmp)
    env.pop('DISPLAY', None)
    config = os.path.join(tmp, 'config.ini')
    with open(config, 'w') as f:
        f.write(f'[tray]\nenabled = {"true" if tray else "false"}\n')
    watcher = subprocess.Popen(['/usr/bin/python3', os.path.join(ROOT, 'tests/e2e/sni-watcher.py'),
                                os.path.join(tmp, 'w.log')], env=env)
    conn = dbus.bus.BusConnection(address)
    while not conn.name_has_owner('org.kde.StatusNotifierWatcher'):
        time.sleep(0.05)
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                              env=env, stderr=subprocess.DEVNULL)
    while not conn.name_has_owner('io.github.movebreak.Daemon'):
        time.sleep(0.05)
    time.sleep(1.0)
    item = f'org.kde.StatusNotifierItem-{daemon.pid}-1'
    start = proc_figures(daemon.pid)
    end_t = time.monotonic() + SECONDS
    reads = 0
    while time.monotonic() < end_t:
        if tray:
            conn.get_object(item, '/StatusNotifierItem').Get(
                'org.kde.StatusNotifierItem', 'ToolTip',
                dbus_interface='org.freedesktop.DBus.Properties')
            reads += 1
        time.sleep(POLL_S)
    end = proc_figures(daemon.pid)
    daemon.terminate()
    daemon.wait()
    watcher.kill()
    bus.kill()
    return end, {k: end[k] - start[k] for k in end if 'ctxt' in k}, reads


print(f'{SECONDS:.0f} s idle each, a tooltip read every {POLL_S:.0f} s with the tray on')
for tray in (False, True):
    fig, switches, reads = run(tray)
    print(f'tray {"on " if tray else "off"}: PSS {fig["Pss"]} KiB, RSS {fig["Rss"]} KiB, '
          f'context switches in the window: {switches["voluntary_ctxt_switches"]} voluntary, '
          f'{switches["nonvoluntary_ctxt_switches"]} involuntary ({reads} tooltip reads)')

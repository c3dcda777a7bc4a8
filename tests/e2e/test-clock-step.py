#!/usr/bin/env python3
"""End to end: the wall clock set back two hours during a break leaves its row whole.

libfaketime moves the wall clock of the real `movebreak now` while it coaches; the
monotonic and boot-time clocks stay real, as they do when NTP or a new time zone steps
the clock. The break's length comes from the boot-time clock, so its end stays after its
start and the export it makes still imports.
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

from mbtest import Home, MOVEBREAK, check, done

LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'
if not os.path.exists(LIB):
    print('SKIP: libfaketime is not installed (Debian package faketime)')
    sys.exit(77)

home = Home()
with tempfile.TemporaryDirectory(prefix='mb-clock-') as tmp:
    stamp = os.path.join(tmp, 'faketime')
    with open(stamp, 'w') as f:
        f.write('+0\n')
    env = home.env(LD_PRELOAD=LIB, FAKETIME_TIMESTAMP_FILE=stamp, FAKETIME_NO_CACHE='1',
                   FAKETIME_DONT_FAKE_MONOTONIC='1')
    # The sanitizers want to be loaded first; libfaketime only wraps the clock calls.
    env['ASAN_OPTIONS'] = env.get('ASAN_OPTIONS', '') + ':verify_asan_link_order=0'
    before_us = time.time_ns() // 1000
    proc = subprocess.Popen([MOVEBREAK, 'now', 'micro-reset', '--plain', '--time-scale', '10'],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Let the break get going, then set the clock back two hours.
    first = proc.stdout.readline()
    time.sleep(1.0)
    with open(stamp, 'w') as f:
        f.write('-2h\n')
    out, err = proc.communicate(timeout=60)
    after_us = time.time_ns() // 1000
    check(proc.returncode == 0 and first.startswith('movebreak:'),
          'the break runs to its end under a stepped clock', err)
    check('Break complete' in out and 'Recorded.' in out, 'and says it was recorded', out + err)

con = sqlite3.connect(home.db)
rows = con.execute('select start_us, end_us, active_us from breaks').fetchall()
con.close()
check(len(rows) == 1, 'one row', str(rows))
start, end, active = rows[0]
check(before_us <= start <= after_us, 'the start is the wall time before the step', str(rows))
check(end >= start, f'the end is after the start (end - start = {end - start} us)', str(rows))
check(end - start >= active > 0, 'the length covers the active time', str(rows))
check(end - start <= after_us - before_us, 'and no more than the break really took', str(rows))

# The history it makes still travels: export, then import into a new home.
exp = home.run('export')
check(exp.returncode == 0, 'export works', exp.stderr)
other = Home()
path = os.path.join(other.root, 'export.json')
with open(path, 'w') as f:
    f.write(exp.stdout)
imp = other.run('import', path)
check(imp.returncode == 0, 'and the export imports elsewhere', imp.stdout + imp.stderr)
done()

#!/usr/bin/env python3
"""End to end: the spoken break. --voice-out writes the plan's length of audio with speech at
every cue start and silence before each next one; bad voices exit 2; live --voice with no sound
device says so once and the break goes on and is recorded."""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from mbtest import Home, check, done

if not shutil.which('sox') or not shutil.which('soxi'):
    print('SKIP: sox is not installed (tools/deps.sh lists it)')
    sys.exit(77)

home = Home()
out = tempfile.mkdtemp(prefix='mb-voice-')


def rms(path, start, dur):
    """RMS amplitude (0..1) of dur seconds from start, as sox measures it."""
    r = subprocess.run(['sox', path, '-n', 'trim', f'{start:.3f}', f'{dur:.3f}', 'stat'],
                       capture_output=True, text=True, check=True)
    m = re.search(r'RMS\s+amplitude:\s+([0-9.]+)', r.stderr)
    assert m, r.stderr
    return float(m.group(1))


def completed_breaks():
    con = sqlite3.connect(home.db)
    try:
        return con.execute("select routine, outcome from breaks").fetchall()
    finally:
        con.close()


# The plan is what the track must follow.
plan = json.loads(home.run('plan', 'shoulder-reset', '--json').stdout)
total = plan['total_s']
cues = plan['cues']

wav = os.path.join(out, 'shoulder-reset.wav')
t0 = time.monotonic()
r = home.run('now', 'shoulder-reset', '--voice-out', wav)
took = time.monotonic() - t0
check(r.returncode == 0, '--voice-out exits 0', r.stdout + r.stderr)
check(os.path.exists(wav), '--voice-out writes the file')
check('Break' not in r.stdout and '[0:00]' not in r.stdout, '--voice-out does not coach',
      r.stdout)
length = float(subprocess.run(['soxi', '-D', wav], capture_output=True, text=True,
                              check=True).stdout)
check(abs(length - total) <= 0.02 * total,
      f'the track lasts the plan total within 2% ({length:.2f}s vs {total}s)')
rate = int(subprocess.run(['soxi', '-r', wav], capture_output=True, text=True).stdout)
channels = int(subprocess.run(['soxi', '-c', wav], capture_output=True, text=True).stdout)
check(channels == 1 and rate >= 16000, f'mono at {rate} Hz')
print(f'info: wrote {os.path.getsize(wav)} bytes, {length:.2f}s of audio in {took:.2f}s')

# Speech where each cue starts, silence in the gap kept before the next one.
starts = [c for c in cues if c['kind'] != 'done']
loud = [rms(wav, c['t'], 0.4) for c in starts]
check(min(loud) > 0.01, f'sound at every one of {len(starts)} cue starts '
      f'(quietest RMS {min(loud):.4f})')
boundaries = [c['t'] for c in cues[1:]]
gaps = [rms(wav, t - 0.09, 0.08) for t in boundaries]
check(max(gaps) < 0.002, f'silence just before each of {len(boundaries)} cue starts '
      f'(loudest RMS {max(gaps):.4f})')

# The five-second wall-press holds: "hold", quiet, then three, two, one, on the second.
holds = [c for c in cues if c['kind'] == 'hold' and c['dur'] >= 3]
check(len(holds) >= 5, f'{len(holds)} holds of 3s or more')
for h in holds[:3]:
    end = h['t'] + h['dur']
    quiet = rms(wav, end - 3.6, 0.5)
    counts = [rms(wav, end - k, 0.3) for k in (3, 2, 1)]
    check(quiet < 0.002 and min(counts) > 0.01,
          f'hold at {h["t"]}s: silent before the countdown (RMS {quiet:.4f}), '
          f'three, two, one at {end - 3}, {end - 2}, {end - 1}s (RMS {min(counts):.4f} or more)')

# The breaths and the side switch are spoken where the pacer puts them.
for kind in ('breathe_in', 'breathe_out', 'switch'):
    ts = [c['t'] for c in cues if c['kind'] == kind]
    check(ts and min(rms(wav, t, 0.3) for t in ts) > 0.01, f'{kind}: speech at all {len(ts)}')

# --quiet drops the step sound: less sound overall, same speech.
quiet_wav = os.path.join(out, 'quiet.wav')
r = home.run('now', 'shoulder-reset', '--voice-out', quiet_wav, '--quiet')
check(r.returncode == 0, '--quiet --voice-out exits 0', r.stderr)
check(rms(quiet_wav, 0, total) < rms(wav, 0, total), '--quiet: less sound without step sounds')
check(rms(quiet_wav, holds[0]['t'] + holds[0]['dur'] - 1, 0.3) > 0.01,
      '--quiet: the countdown is still spoken')

# Another voice is another track of the same length.
other = os.path.join(out, 'other.wav')
r = home.run('now', 'micro-reset', '--voice=en+f3', '--voice-out', other)
micro = json.loads(home.run('plan', 'micro-reset', '--json').stdout)['total_s']
check(r.returncode == 0, '--voice=en+f3 --voice-out exits 0', r.stderr)
check(abs(float(subprocess.run(['soxi', '-D', other], capture_output=True, text=True).stdout)
          - micro) <= 0.02 * micro, 'micro-reset track lasts its plan total')

# Bad voices and languages: a clear message and exit 2, from the command line or the config.
for args, what in ((['--voice=no-such-voice', '--voice-out', os.path.join(out, 'x.wav')],
                    'voice-out with a bad --voice'),
                   (['micro-reset', '--voice=no-such-voice', '--plain', '--no-record'],
                    'live with a bad --voice'),
                   (['micro-reset', '--voice', '--voice-language', 'xx-nowhere', '--plain',
                     '--no-record'], 'live with a bad --voice-language')):
    r = home.run('now', *args)
    check(r.returncode == 2 and ('no-such-voice' in r.stderr or 'xx-nowhere' in r.stderr),
          f'{what} exits 2 naming it', r.stderr)
    check('[0:00]' not in r.stdout, f'{what}: no break starts')
check(not os.path.exists(os.path.join(out, 'x.wav')), 'no file from a bad voice')
os.makedirs(os.path.join(home.config, 'movebreak'), exist_ok=True)
with open(os.path.join(home.config, 'movebreak', 'config.ini'), 'w') as f:
    f.write('[voice]\nenabled = true\nname = not-a-voice\n')
r = home.run('now', 'micro-reset', '--plain', '--no-record')
check(r.returncode == 2 and 'not-a-voice' in r.stderr, 'voice.name from config.ini is checked',
      r.stderr)
with open(os.path.join(home.config, 'movebreak', 'config.ini'), 'w') as f:
    f.write('[voice]\nname = en bad\n')
r = home.run('now', '--voice-out', os.path.join(out, 'y.wav'))
check('config.ini:2' in r.stderr, 'a bad voice.name is reported at its line', r.stderr)
os.unlink(os.path.join(home.config, 'movebreak', 'config.ini'))

# Live voice without a sound device: said once, the break goes on and is recorded.
env = home.env()
for var in ('PULSE_SERVER', 'XDG_RUNTIME_DIR', 'MOVEBREAK_SPEECH_LOG'):
    env.pop(var, None)
if os.path.exists('/dev/snd'):
    print('info: this machine has /dev/snd; the no-device message may not appear')
r = home.run('now', 'micro-reset', '--voice', '--plain', '--time-scale', '20', env=env)
check(r.returncode == 0, 'live --voice completes', r.stdout + r.stderr)
check('Break complete' in r.stdout and 'Recorded' in r.stdout, 'live --voice break is recorded',
      r.stdout)
check(completed_breaks() == [('micro-reset', 'completed')], 'the history has the break')
if not os.path.exists('/dev/snd'):
    check(r.stderr.count('no sound device') == 1, 'no sound device is said once', r.stderr)

# What the live voice says, through the fake speech (no sound here to listen to).
log = os.path.join(out, 'speech.log')
r = home.run('now', 'shoulder-reset', '--minutes', '3', '--voice', '--plain', '--time-scale',
             '20', '--no-record', env=home.env(MOVEBREAK_SPEECH_LOG=log))
check(r.returncode == 0, 'live --voice with the speech log completes', r.stderr)
# One utterance per play: the first text rendered for it (a second is its shorter form).
said, block, plays = [], [], 0
for line in open(log).read().splitlines():
    if line.startswith('render '):
        block.append(line[len('render '):])
    elif line.startswith('play ') and line != 'play 0':
        plays += 1
        if block:
            said.append(block[0])
        block = []
check(len(said) > 0 and plays >= len([c for c in cues if c['kind'] != 'done']) * 0.8,
      f'live voice played {plays} times')
for words in ('three', 'two', 'one', 'Switch sides', 'Breathe in', 'Breathe out',
              'Shoulder-blade awareness', 'Neck and shoulder reset'):
    check(any(s.startswith(words) for s in said), f'live voice says "{words}"')
pairs = [(a.split('.')[0], b.split('.')[0]) for a, b in zip(said, said[1:])
         if a.startswith('Breathe ') and b.startswith('Breathe ')]
check(len(pairs) >= 10 and all(a != b for a, b in pairs),
      f'breathe in and out alternate ({len(pairs)} breaths in a row)', said)
check(said[-1].startswith('Well done'), 'the closing words come last', said[-3:])

# The full-screen coach tells the voice of a pause: nothing more is said until it ends.
if shutil.which('tmux'):
    sock = f'mb-voice-{os.getpid()}'
    tlog = os.path.join(out, 'tui.log')
    env = home.env(MOVEBREAK_SPEECH_LOG=tlog, TERM='xterm-256color')
    envs = ' '.join(f"{k}='{env[k]}'" for k in ('XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'HOME',
                                                'MOVEBREAK_SPEECH_LOG', 'TERM'))
    from mbtest import MOVEBREAK
    cmd = (f"env {envs} {MOVEBREAK} now micro-reset --voice --time-scale 4 --no-record; "
           f"echo EXITED; sleep 30")
    tmux = ['tmux', '-L', sock]
    subprocess.run(tmux + ['new-session', '-d', '-x', '100', '-y', '30', cmd], check=True)
    try:
        # Cue 1 starts at 3 s (0.75 s here); pause at 4 s, in it.
        time.sleep(1.0)
        subprocess.run(tmux + ['send-keys', ' '], check=True)
        # Two seconds paused would be 8 s of break: cues 2 and 3, were it running.
        time.sleep(2.0)
        screen = subprocess.run(tmux + ['capture-pane', '-p'], capture_output=True,
                                text=True).stdout
        subprocess.run(tmux + ['send-keys', 'q'], check=True)
        for _ in range(50):
            time.sleep(0.1)
            screen_end = subprocess.run(tmux + ['capture-pane', '-p'], capture_output=True,
                                        text=True).stdout
            if 'EXITED' in screen_end and os.path.exists(tlog):
                break
    finally:
        subprocess.run(tmux + ['kill-server'], capture_output=True)
    check('PAUSED' in screen, 'the full-screen coach paused', screen)
    lines = open(tlog).read().splitlines()
    renders = [line for line in lines if line.startswith('render ')]
    check(any(r.startswith('render Shoulder rolls') for r in renders) and
          any(r.startswith('render Lift') for r in renders),
          'the full-screen coach spoke its first two cues', lines)
    check(not any(r.startswith('render Two') or r.startswith('render Three')
                  for r in renders), 'nothing was said while paused', lines)
    last_play = max(i for i, line in enumerate(lines) if line.startswith('play '))
    check(lines[last_play + 1:] == ['stop'], 'the pause stopped the speech', lines)
else:
    print('info: tmux is not installed; the full-screen coach with --voice is not checked')

shutil.rmtree(out)
done()

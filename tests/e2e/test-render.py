#!/usr/bin/env python3
"""`movebreak render`: real PNG and SVG frames of the figure, compared pixel by pixel."""
import json
import os
import re
import struct
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mbtest import SOURCE_ROOT, Home, check, done  # noqa: E402


def read_png(path):
    """Width, height and rows of RGB(A) bytes of an 8-bit PNG, decoded with zlib alone."""
    with open(path, 'rb') as f:
        data = f.read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', f'{path} is not a PNG'
    pos, idat, ihdr = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            ihdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    width, height, depth, colour = ihdr[0], ihdr[1], ihdr[2], ihdr[3]
    assert depth == 8 and colour in (2, 6), f'unexpected PNG format {ihdr}'
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xff
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xff
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xff
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def differing_pixels(a, b):
    """How many pixels of two same-sized PNGs differ."""
    _, _, bpp, ra = a
    _, _, _, rb = b
    count = 0
    for la, lb in zip(ra, rb):
        if la != lb:
            count += sum(1 for i in range(0, len(la), bpp) if la[i:i + bpp] != lb[i:i + bpp])
    return count


def mirrored_difference(a, b):
    """Mean absolute difference of a against b flipped left to right, 0..255."""
    _, _, bpp, ra = a
    _, _, _, rb = b
    total = n = 0
    for la, lb in zip(ra, rb):
        w = len(la) // bpp
        for x in range(w):
            pa = la[x * bpp:x * bpp + 3]
            pb = lb[(w - 1 - x) * bpp:(w - 1 - x) * bpp + 3]
            total += sum(abs(p - q) for p, q in zip(pa, pb))
            n += 3
    return total / n


def luminance(img, x, y):
    _, _, bpp, rows = img
    r, g, b = rows[y][x * bpp:x * bpp + 3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


home = Home()
tmp = tempfile.mkdtemp(prefix='mb-render-')


def render(*args, out, expect=0):
    r = home.run('render', *args, '--out', out, timeout=120)
    check(r.returncode == expect, f'render {" ".join(args)} exits {expect}',
          f'exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}')
    return r


def png(name, *args):
    path = os.path.join(tmp, name + '.png')
    render(*args, out=path)
    return read_png(path)


# Help names the options.
r = home.run('render', '--help')
check(r.returncode == 0 and '--exercise' in r.stdout and '--at' in r.stdout, 'render --help')

# The requested size, as PNG and as SVG.
img = png('size', 'shoulder-reset', '--exercise', '1', '--size', '200x260')
check(img[0] == 200 and img[1] == 260, 'PNG has the requested size', f'{img[0]}x{img[1]}')
svg = os.path.join(tmp, 'frame.svg')
render('shoulder-reset', '--exercise', '4', '--size', '320x240', out=svg)
root = ET.parse(svg).getroot()
check(root.tag.endswith('svg'), 'SVG parses as XML with an svg root', root.tag)
width = re.sub(r'(pt|px)$', '', root.get('width', ''))
height = re.sub(r'(pt|px)$', '', root.get('height', ''))
check(float(width) == 320 and float(height) == 240, 'SVG has the requested size',
      f'{root.get("width")} x {root.get("height")}')
check(len(list(root.iter())) > 10, 'SVG holds drawing elements')

# Light and dark themes: a light and a dark background.
light = png('light', '--exercise', '5', '--size', '120x160')
dark = png('dark', '--exercise', '5', '--size', '120x160', '--dark')
check(luminance(light, 2, 2) > 200, 'light theme has a light background')
check(luminance(dark, 2, 2) < 60, 'dark theme has a dark background')
check(differing_pixels(light, dark) > 120 * 160 // 2, 'themes differ')

# Every built-in pose renders, in every view, and no two poses look the same. The names come
# from the library's table: each pose, and the seated form of each but `seated` and
# `standing` (seated, standing is `seated`).
pose_c = open(os.path.join(SOURCE_ROOT, 'src/core/pose.c')).read()
library = re.findall(r'^\t(?:POSE\(|\{ )"([a-z-]+)"', pose_c, re.M)
check(len(library) >= 40 and 'standing' in library and 'seated' in library,
      f'found the pose library ({len(library)} poses)')
names = library + ['seated-' + n for n in library if n not in ('seated', 'standing')]
views = ['front', 'back', 'side']
frames = {view: {} for view in views}
background = {}
# A routine holds at most 64 exercises: the poses go in several files per view.
chunks = [names[i:i + 50] for i in range(0, len(names), 50)]
for view in views:
    for c, chunk in enumerate(chunks):
        lines = [f'name: every-pose-{view}-{c}', 'title: Every pose', 'exercises:']
        for name in chunk:
            lines += [f'  - title: Pose {name}', f'    view: {view}', f'    pose: {name}',
                      '    prepare: 1s', '    steps:', f'      - hold: Hold {name}',
                      '        time: 2s', f'        pose: {name}']
        routine = os.path.join(tmp, f'every-pose-{view}-{c}.yaml')
        with open(routine, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        r = home.run('routines', 'check', routine)
        check(r.returncode == 0, f'a routine naming built-in poses from the {view} checks',
              r.stderr)
        for i, name in enumerate(chunk):
            img = png(f'pose-{view}-{name}', routine, '--exercise', str(i + 1), '--at', '2.5',
                      '--size', '100x120')
            frames[view][name] = img
            _, height, bpp, rows = img
            bg = background.setdefault(view, rows[0][:3])
            # The whole figure fits: the bottom rows (below the feet) are background, and so
            # is the top row where no wall or door frame reaches the top.
            for y in (height - 1, height - 2):
                check(rows[y] == bg * (len(rows[y]) // bpp),
                      f'{name} from the {view} keeps clear of the bottom edge (row {y})')
            if not re.search(r'wall|door', name):
                check(rows[0] == bg * (len(rows[0]) // bpp),
                      f'{name} from the {view} keeps clear of the top edge')
check(all(frames[v][n][:2] == (100, 120) for v in views for n in names),
      f'all {len(names)} poses render in all three views')


def rows_differing(a, b):
    """How many rows of two same-sized PNGs differ; cheap enough for every pair of poses."""
    return sum(1 for la, lb in zip(a[3], b[3]) if la != lb)


# Any two poses differ in at least one view by more than a speck.
for i, name in enumerate(names):
    for other in names[:i]:
        diff = max(rows_differing(frames[v][name], frames[v][other]) for v in views)
        if diff < 2:
            check(False, f'pose {name} looks different from {other}', f'{diff} rows differ')
check(True, f'every two of the {len(names)} poses look different in some view')
# The seated form of a pose differs from it in every view: the chair shows.
for name in library:
    if name in ('seated', 'standing'):
        continue
    for v in views:
        if differing_pixels(frames[v][name], frames[v]['seated-' + name]) <= 50:
            check(False, f'seated-{name} from the {v} shows a chair and a seated figure')
check(True, 'every seated- pose differs from its standing form in every view')

# Timing: frames differ while the figure moves and match while it holds.
plan = json.loads(home.run('plan', 'shoulder-reset', '--json').stdout)
starts = [e['start_s'] for e in plan['exercises']]


def cues(exercise, kind):
    return [c for c in plan['cues'] if c['exercise'] == exercise and c['kind'] == kind]


move = cues(1, 'move')[0]
a = png('move-a', '--exercise', '1', '--at', str(move['t'] - starts[0] + 0.4))
b = png('move-b', '--exercise', '1', '--at', str(move['t'] - starts[0] + 1.2))
check(differing_pixels(a, b) > 100, 'frames differ during a move (blades drawing together)')
hold = cues(2, 'hold')[0]
a = png('hold-a', '--exercise', '2', '--at', str(hold['t'] - starts[1] + 2))
b = png('hold-b', '--exercise', '2', '--at', str(hold['t'] - starts[1] + 4))
check(differing_pixels(a, b) == 0, 'frames match during a still hold (wall press)')
roll = cues(3, 'move')[0]
frames_roll = [png(f'roll-{i}', '--exercise', '3', '--at', str(roll['t'] - starts[2] + roll['dur'] * i / 4))
               for i in (1, 2, 3)]
check(differing_pixels(frames_roll[0], frames_roll[1]) > 50 and
      differing_pixels(frames_roll[1], frames_roll[2]) > 50, 'a shoulder roll moves all the way round')
breath = [c for c in cues(4, 'breathe_in')][1]
a = png('breath-a', '--exercise', '4', '--at', str(breath['t'] - starts[3] + 0.05))
b = png('breath-b', '--exercise', '4', '--at', str(breath['t'] - starts[3] + breath['dur'] * 0.9))
check(differing_pixels(a, b) > 20, 'the chest follows the breath during a paced hold')

# The neck stretch: the right side is the left side mirrored.
left = [c for c in cues(5, 'breathe_out') if c.get('side') == 'left'][0]
right = [c for c in cues(5, 'breathe_out') if c.get('side') == 'right'][0]
a = png('neck-left', '--exercise', '5', '--at', str(left['t'] - starts[4] + 0.5))
b = png('neck-right', '--exercise', '5', '--at', str(right['t'] - starts[4] + 0.5))
check(differing_pixels(a, b) > 100, 'the head tilts to different sides')
check(mirrored_difference(a, b) < 3, 'right side mirrors the left side',
      f'mean difference {mirrored_difference(a, b):.2f}')

# A routine file by path; its pose errors are pointed at.
bad = os.path.join(tmp, 'bad.yaml')
with open(bad, 'w') as f:
    f.write('name: bad\ntitle: Bad\nexercises:\n  - title: E\n    steps:\n'
            '      - move: Go\n        pose: wall-pres\n')
r = home.run('render', bad, '--out', os.path.join(tmp, 'bad.png'))
check(r.returncode == 2 and 'bad.yaml:7:15:' in r.stderr and "did you mean 'wall-press'" in r.stderr,
      'a bad pose in a routine file exits 2 with file:line:column', r.stderr)
r = home.run('routines', 'check', bad)
check(r.returncode == 2 and 'bad.yaml:7:15:' in r.stderr, 'routines check reports the bad pose')

# Bad arguments exit 2 and name the argument.
out = os.path.join(tmp, 'x.png')
for args, word in [
        (['nope-such-routine', '--out', out], 'nope-such-routine'),
        (['--exercise', '9', '--out', out], '--exercise'),
        (['--exercise', '0', '--out', out], '--exercise'),
        (['--exercise', 'two', '--out', out], '--exercise'),
        (['--exercise', '1', '--at', '-1', '--out', out], '--at'),
        (['--exercise', '1', '--at', 'soon', '--out', out], '--at'),
        (['--exercise', '1', '--at', '9999', '--out', out], '--at'),
        # Too large for microseconds in 64 bits: still past the end, not wrapped round.
        (['--exercise', '1', '--at', '1e13', '--out', out], 'past the end'),
        (['--exercise', '1', '--at', '1e300', '--out', out], 'past the end'),
        (['--exercise', '1', '--out', os.path.join(tmp, 'x.jpg')], '--out'),
        (['--exercise', '1', '--out', os.path.join(tmp, 'no', 'such', 'dir', 'x.png')], '--out'),
        (['--exercise', '1', '--size', '10x10', '--out', out], '--size'),
        (['--exercise', '1', '--size', 'big', '--out', out], '--size'),
        (['--exercise', '1', '--minutes', '0', '--out', out], '--minutes'),
        (['--exercise', '1'], '--out'),
        (['--colour', 'red', '--out', out], '--colour')]:
    r = home.run('render', *args)
    check(r.returncode == 2 and word in r.stderr, f'render {" ".join(args[:4])} exits 2 naming {word}',
          f'exit {r.returncode}: {r.stderr}')
check(not os.path.exists(os.path.join(tmp, 'x.jpg')), 'nothing is written for a bad extension')

done()

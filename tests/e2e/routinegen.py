"""Routine files at the loader's limits, for the end-to-end tests and bench/dose.py."""

MAX_BYTES = 256 * 1024
MAX_CUES = 2000


def tiny_steps(exercises=64, steps=64):
    """Steps of a millisecond, a hundred reps of a hundred step reps: the routine that took a
    minute to plan before the loader refused it (every step is too short)."""
    out = ['name: tiny-steps', 'title: Tiny steps', 'exercises:']
    for e in range(exercises):
        out += [f'  - title: Flicker {e + 1}', '    prepare: 0s', '    reps: 1-100', '    steps:']
        out += ['      - {move: m, time: 0.001s, reps: 1-10}'] * steps
    return '\n'.join(out) + '\n'


def many_cues(exercises=64, steps=16):
    """Steps long enough, but reps of step reps on both sides: far more cues than the limit."""
    out = ['name: many-cues', 'title: Many cues', 'exercises:']
    for e in range(exercises):
        out += [f'  - title: Shrugs {e + 1}', '    reps: 1-100', '    sides: both', '    steps:']
        out += ['      - {move: Lift, time: 0.5s, reps: 1-100}'] * steps
    return '\n'.join(out) + '\n'


def largest(target_bytes=MAX_BYTES - 2048):
    """The largest routine the loader accepts: 64 exercises, exactly 2,000 cues and just under
    30 minutes at the highest dose, a range on every step, and text up to nearly 256 KiB."""
    exercises = 64
    # One prepare cue each and the done cue; the rest are steps: 63 x 30 + 45 = 1935.
    cues = [30] * (exercises - 1) + [MAX_CUES - 1 - exercises - 30 * (exercises - 1)]
    steps = sum(c - 1 for c in cues)

    def render(text_len):
        pad = ('Keep the shoulders low and the neck long while you move slowly ' * 8)[:text_len]
        out = ['name: largest', 'title: Largest', 'exercises:']
        for e, c in enumerate(cues):
            out += [f'  - title: Exercise {e + 1}', '    prepare: 0.5s', '    steps:']
            for s in range(c - 2):
                out += [f'      - move: {s} {pad}', '        time: 0.5-0.9s']
            # One step of one or two repetitions, so the counts have a range too.
            out += [f'      - hold: {pad}', '        time: 0.5-0.9s', '        reps: 1-2']
        return '\n'.join(out) + '\n'

    overhead = len(render(0).encode())
    return render(max(0, (target_bytes - overhead) // steps))


def long_hold():
    """One hold of ten minutes, three times: the longest break the loader accepts (30 min)."""
    return ('name: long-hold\ntitle: Long hold\nexercises:\n  - title: Wall sit\n'
            '    prepare: 0s\n    reps: 3\n    steps:\n      - hold: Stay\n        time: 10m\n')

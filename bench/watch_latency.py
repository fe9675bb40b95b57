"""How long ``mentorvault watch`` takes from a settled change to the updated progress note.

The debounce is left out: each change is written to disk, then the watcher's
own code applies it as the loop would once the events settle
(``Watcher.apply``: ``session.update`` of the one path, the progress note
rendered and written when it changes, the +/- lines formatted). Measured in
process on copies of the synthetic vaults of ``make_vault.py``, over one-note
changes of three kinds in turn: a paragraph added to a plain note (nothing the
progress note shows moves: it is not rendered), a dated line added at the end
of a goal (the note is rendered), a link broken (a new problem: the note is
rendered and written). The target: p95 <= 50 ms for a one-note change in a
10k-note vault.

    python bench/watch_latency.py                       # 1k and 10k notes, 60 changes each
    python bench/watch_latency.py --sizes 10000 --profile 15

Each size's line is followed by the split (the session's re-check, the
progress note's render and write, the rest) and p50/p95 by kind of change.
``--profile N`` prints the N functions with the most cumulative time over all
changes of the largest size, to see where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import make_vault

from mentorvault.config import load
from mentorvault.goals import is_goal
from mentorvault.progress_update import note_path
from mentorvault.watch import Watcher
from mentorvault.watch_events import Batch

TODAY = date(2026, 11, 28)
TARGET_MS = 50.0
KINDS = ("paragraph", "goal line", "broken link")  # the change kinds, in turn


def _edits(watcher: Watcher, count: int) -> list[tuple[str, int]]:
    """``count`` one-note changes as (path, number), spread over the vault; the kind is number % 3."""
    session = watcher.session
    lintable = sorted(session.vault.lintable)
    goals = [p for p in lintable if is_goal(session.vault.notes[p], session.config)]
    plain = sorted(set(lintable) - set(goals))
    picks = (lambda i: plain[(i * 7919) % len(plain)], lambda i: goals[(i * 104729) % len(goals)],
             lambda i: plain[(i * 31) % len(plain)])
    return [(picks[i % 3](i), i) for i in range(count)]


def _edited(text: str, i: int) -> str:
    if i % 3 == 0:  # a paragraph added to a plain note
        return text + f"\nEdited paragraph {i}.\n"
    if i % 3 == 1:  # a dated line added at the end of a goal (a check-in when that section is last)
        return text + f"\n- 2026-11-{1 + i % 27:02d}: check-in\n"
    # a link broken (its target renamed in the text), or a broken one added
    return text.replace("[[", f"[[Missing {i} ", 1) if "[[" in text else text + f"[[M{i}]]\n"


class Split:
    """Times the parts of an update: the session's re-check, the progress note's render and
    write (a re-read of the note inside it counts there), and so what is left: the watcher's own."""

    def __init__(self, watcher: Watcher) -> None:
        self.update: list[float] = []
        self.note: list[float] = []
        self.own: list[float] = []
        self._in_note = False
        # setattr: mypy refuses an assignment to a method, and these wrap two methods in place
        setattr(watcher.session, "update", self._timed(watcher.session.update, self.update))  # noqa: B010
        setattr(watcher.note, "write", self._timed(watcher.note.write, self.note))  # noqa: B010

    def _timed(self, fn: Callable[..., object], into: list[float]) -> Callable[..., object]:
        def timed(*args: object) -> object:
            if self._in_note:
                return fn(*args)
            self._in_note = into is self.note
            t0 = time.perf_counter()
            try:
                return fn(*args)
            finally:
                into.append((time.perf_counter() - t0) * 1000)
                self._in_note = False

        return timed

    def account(self, total_ms: float, marks: tuple[int, int]) -> None:
        """Record the watcher's own share of one change, given the list lengths before it."""
        parts = sum(self.update[marks[0]:]) + sum(self.note[marks[1]:])
        self.own.append(total_ms - parts)


def measure(root: Path, count: int, profile: cProfile.Profile | None) -> dict[str, Any]:
    config = load(root, None)
    lines: list[str] = []
    watcher = Watcher(root, lambda: load(root, None), lines.append, today=TODAY, polling=True)
    started = time.perf_counter()
    watcher.open(config)
    load_s = time.perf_counter() - started
    times, notes = [], 0
    kinds: dict[str, list[float]] = {k: [] for k in KINDS}
    note = root / note_path(config, watcher.session.vault.files)
    split = Split(watcher)
    try:
        for path, i in _edits(watcher, count):
            full = root / path
            full.write_text(_edited(full.read_text("utf-8"), i), encoding="utf-8")
            before = note.read_bytes()
            if profile:
                profile.enable()
            marks = len(split.update), len(split.note)
            t0 = time.perf_counter()
            watcher.apply(Batch(frozenset({path}), False))
            times.append((time.perf_counter() - t0) * 1000)
            kinds[KINDS[i % 3]].append(times[-1])
            split.account(times[-1], marks)
            if profile:
                profile.disable()
            notes += note.read_bytes() != before
    finally:
        watcher.close()
    return _summary(watcher, load_s, times, notes, split, kinds)


def _percentiles(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times) or [0.0]
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return round(statistics.median(ordered), 1), round(p95, 1), round(ordered[-1], 1)


def _summary(watcher: Watcher, load_s: float, times: list[float], notes: int, split: Split,
             kinds: dict[str, list[float]]) -> dict[str, Any]:
    p50, p95, most = _percentiles(times)
    return {
        "notes": len(watcher.session.vault.notes),
        "goals": sum(is_goal(n, watcher.session.config) for n in watcher.session.vault.notes.values()),
        "first_check_s": round(load_s, 2),
        "changes": len(times),
        "note_rewrites": notes,
        "p50_ms": p50,
        "p95_ms": p95,
        "max_ms": most,
        # per call: the note is written once per change, or not at all when nothing it shows moved
        "session_update_p50_p95_ms": _percentiles(split.update)[:2],
        "note_write_p50_p95_ms": _percentiles(split.note)[:2],
        "note_writes": len(split.note),
        "watcher_own_p50_p95_ms": _percentiles(split.own)[:2],
        "by_kind_p50_p95_ms": {k: _percentiles(v)[:2] for k, v in kinds.items()},
    }


def _copy(n: int, seed: int, base: Path, scratch: Path) -> Path:
    source = make_vault.default_root(base, n, seed)
    make_vault.ensure_vault(n, source, seed)
    target = scratch / f"vault-{n}"
    shutil.copytree(source, target, symlinks=True)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="vault sizes, comma-separated")
    parser.add_argument("--changes", type=int, default=60, help="one-note changes per size (>= 50)")
    parser.add_argument("--seed", type=int, default=make_vault.DEFAULT_SEED)
    parser.add_argument("--vault-dir", type=Path, default=Path("/tmp/mv-bench"))
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory(prefix="mv-watch-") as scratch:
        for n in sizes:
            profile = cProfile.Profile() if args.profile and n == max(sizes) else None
            row = measure(_copy(n, args.seed, args.vault_dir, Path(scratch)), args.changes, profile)
            results.append(row)
            verdict = "" if n < 10000 else ("  target met" if row["p95_ms"] <= TARGET_MS else "  TARGET MISSED")
            print(f"{n:>6} notes: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, max {row['max_ms']} ms "
                  f"over {row['changes']} changes ({row['note_rewrites']} rewrote the note; "
                  f"first check {row['first_check_s']} s){verdict}", flush=True)
            print(f"        session.update p50/p95 {row['session_update_p50_p95_ms']} ms; progress note "
                  f"render+write p50/p95 {row['note_write_p50_p95_ms']} ms over {row['note_writes']} calls; "
                  f"the watcher's own p50/p95 {row['watcher_own_p50_p95_ms']} ms")
            print("        by kind, p50/p95: " + "; ".join(f"{k} {v} ms" for k, v in row["by_kind_p50_p95_ms"].items()))
            if profile:
                pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(args.profile)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

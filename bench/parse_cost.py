"""What parsing one note costs us, against the floor's per-note work, on one core.

Reads every note of a vault into memory once, then times, in turns, three
passes over the same bytes in this one process:

- the floor's full stage (as ``floor.py``: decode, split the frontmatter,
  ``yaml.load(CSafeLoader)``, ``MarkdownIt("commonmark").parse(body)``);
- ``parse_note`` as ``check`` calls it (the line scanner, markdown-it where it declines);
- ``parse_note(fast=False)``: markdown-it reads every body.

Each figure is the best of ``--rounds`` turns, so a busy machine inflates all
three alike. It also prints the share of notes the scanner leaves to markdown-it.

    python bench/parse_cost.py /tmp/mv-bench/vault-10000-s8 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from floor import iter_notes, split_frontmatter


def _floor(notes: list[tuple[str, bytes]]) -> None:
    import yaml
    from markdown_it import MarkdownIt

    md, loader = MarkdownIt("commonmark"), yaml.CSafeLoader
    for _, raw in notes:
        front, body = split_frontmatter(raw.decode("utf-8-sig", errors="replace"))
        if front is not None:
            try:
                yaml.load(front, Loader=loader)
            except (yaml.YAMLError, ValueError):
                pass
        md.parse(body)


def _ours(fast: bool) -> Callable[[list[tuple[str, bytes]]], None]:
    from mentorvault.notes import parse_note

    def run(notes: list[tuple[str, bytes]]) -> None:
        for rel, raw in notes:
            parse_note(rel, raw, fast=fast)

    return run


def declined(notes: list[tuple[str, bytes]]) -> int:
    """How many bodies the line scanner leaves to markdown-it."""
    from mentorvault import blockscan
    from mentorvault import frontmatter as fm
    from mentorvault.notes import _LINE_BREAK, decode

    count = 0
    for _, raw in notes:
        text, _ = decode(raw)
        if text is not None:
            lines = _LINE_BREAK.split(text)
            count += blockscan.scan(lines[fm.parse(lines).body_line - 1 :]) is None
    return count


def measure(root: Path, rounds: int) -> dict[str, object]:
    notes = []
    for path in iter_notes(root):
        with open(path, "rb") as fh:
            notes.append((Path(path).relative_to(root).as_posix(), fh.read()))
    passes = {"floor": _floor, "fast": _ours(True), "markdown_it": _ours(False)}
    best = dict.fromkeys(passes, float("inf"))
    for warm in passes.values():
        warm(notes[:50])  # imports and caches warm before the clock starts
    for _ in range(rounds):
        for name, run in passes.items():
            start = time.perf_counter()
            run(notes)
            best[name] = min(best[name], time.perf_counter() - start)
    skipped = declined(notes)
    return {
        "vault": str(root), "notes": len(notes), "rounds": rounds,
        "seconds": {k: round(v, 3) for k, v in best.items()},
        "ratio_to_floor": {k: round(v / best["floor"], 3) for k, v in best.items()},
        "declined": skipped, "declined_share": round(skipped / max(len(notes), 1), 4),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Per-note parse cost against the floor, in one process.")
    parser.add_argument("vault", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="turns of each pass; the best counts (default: 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    if not args.vault.is_dir():
        parser.error(f"{args.vault}: not a folder")
    result = measure(args.vault, max(args.rounds, 1))
    if args.json:
        print(json.dumps(result))
        return 0
    seconds, ratio = result["seconds"], result["ratio_to_floor"]
    assert isinstance(seconds, dict) and isinstance(ratio, dict)
    print(f"{result['vault']}: {result['notes']} notes, best of {result['rounds']}")
    for name in seconds:
        print(f"  {name:<12} {seconds[name]:8.3f} s  {ratio[name]:6.3f} x floor")
    print(f"  markdown-it reads {result['declined']} notes ({100 * float(str(result['declined_share'])):.2f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

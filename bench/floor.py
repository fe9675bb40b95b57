"""The floor: what any Python tool on our stack pays to look at every note once.

Read every note, split the frontmatter, load it with libyaml
(``yaml.load(CSafeLoader)``) and parse the body with
``MarkdownIt("commonmark").parse`` — nothing else: no plugins, no positions,
no rules. ``mentorvault check`` is measured against this.

    python bench/floor.py /tmp/mv-bench/vault-10000-s8            # the full floor
    python bench/floor.py /tmp/mv-bench/vault-10000-s8 --stage read

``--stage read`` stops after reading and decoding (the cost a warm, cached
check should approach); ``--stage yaml`` adds the frontmatter. The result is
one JSON object on stdout: notes, bytes and seconds per stage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

STAGES = ("read", "yaml", "full")


@dataclass
class Totals:
    notes: int = 0
    bytes: int = 0
    yaml_errors: int = 0
    read_s: float = 0.0
    yaml_s: float = 0.0
    markdown_s: float = 0.0
    total_s: float = 0.0


def iter_notes(root: Path) -> Iterator[str]:
    """Every ``.md`` file under ``root``, hidden folders (``.obsidian``, ``.trash``) skipped, in a fixed order."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(".md") and not name.startswith("."):
                yield os.path.join(folder, name)


def split_frontmatter(text: str) -> tuple[str | None, str]:
    """(YAML text, body) when the note starts with a ``---`` line closed by another; else (None, text)."""
    if not text.startswith("---"):
        return None, text
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != "---":
        return None, text
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :])
    return None, text


def run(root: Path, stage: str) -> Totals:
    # imported here, not at the top, so that --stage read does not pay for loading the parsers
    if stage != "read":
        import yaml
        from markdown_it import MarkdownIt

        loader = yaml.CSafeLoader  # the floor is defined with libyaml: fail loudly without it
        md = MarkdownIt("commonmark")
    totals = Totals()
    clock = time.perf_counter
    start = clock()
    for path in iter_notes(root):
        t0 = clock()
        with open(path, "rb") as fh:
            raw = fh.read()
        text = raw.decode("utf-8-sig", errors="replace")
        t1 = clock()
        totals.notes += 1
        totals.bytes += len(raw)
        totals.read_s += t1 - t0
        if stage == "read":
            continue
        front, body = split_frontmatter(text)
        if front is not None:
            try:
                yaml.load(front, Loader=loader)
            except (yaml.YAMLError, ValueError):  # ValueError: an impossible date such as 2027-02-30
                totals.yaml_errors += 1
        t2 = clock()
        totals.yaml_s += t2 - t1
        if stage == "full":
            md.parse(body)
            totals.markdown_s += clock() - t2
    totals.total_s = clock() - start
    return totals


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Read, load frontmatter and parse every note of a vault.")
    parser.add_argument("vault", type=Path)
    parser.add_argument("--stage", choices=STAGES, default="full", help="where to stop (default: full)")
    args = parser.parse_args(argv)
    if not args.vault.is_dir():
        parser.error(f"{args.vault}: not a folder")
    totals = run(args.vault, args.stage)
    print(json.dumps({"stage": args.stage, **asdict(totals)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

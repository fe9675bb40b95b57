"""The progress note: render the generated block and merge it into the note's text (pure).

The note belongs to the user except for one block::

    <!-- linter-disable -->
    %% mentorvault:begin %%
    ...
    %% mentorvault:end %%
    <!-- linter-enable -->

The ``%%`` lines are Obsidian comments (invisible when reading) that mark
what we own; the HTML comments make obsidian-linter skip the block, so the
two tools never rewrite each other's work. Everything outside is kept byte
for byte, BOM and line endings included. Output depends only on the vault and
``today``, so two machines syncing one vault write the same bytes and never
make conflict copies. Reading and writing the file: :mod:`progress_update`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import NoReturn

from .config import Config
from .diagnostics import Diagnostic
from .goals import Goal
from .progress_gantt import timeline
from .progress_labels import text
from .progress_render import goal_tables, problems, summary

BEGIN, END = "%% mentorvault:begin %%", "%% mentorvault:end %%"
LINTER_OFF, LINTER_ON = "<!-- linter-disable -->", "<!-- linter-enable -->"
BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


class ProgressNoteError(Exception):
    """The note cannot be updated safely; the message says why and what to do."""


def render(goals: Sequence[Goal], diagnostics: Sequence[Diagnostic], config: Config, today: date) -> str:
    """The generated block, markers included, with ``\\n`` line endings."""
    goals = sorted(goals, key=lambda g: g.path)
    parts = []
    if config.sections.get("summary", True):
        parts.append(summary(goals, diagnostics, config, today))
    if config.sections.get("tables", True):
        parts.append(goal_tables(goals, config, today))
    if config.sections.get("timeline", True):
        parts.append(timeline(goals, config, today))
    if config.sections.get("problems", True):
        parts.append(problems(diagnostics, config.language))
    body = ["", *"\n\n".join("\n".join(p) for p in parts).split("\n"), ""] if parts else []
    return "\n".join([LINTER_OFF, BEGIN, *body, END, LINTER_ON]) + "\n"


def new_note(block: str, language: str) -> str:
    """The first version of the note: generated properties, one line of why, the block."""
    front = "---\nmentorvault: generated\ntags:\n  - mentorvault/progress\n---\n"
    return f"{front}{text('progress-intro', language)}\n\n{block}"


def merge(existing: bytes | None, block: str, language: str, where: str = "") -> bytes:
    """The note's new bytes: ``block`` in place of the old one, else appended; the rest untouched."""
    return merged(existing, block, language, where)[0]


def merged(existing: bytes | None, block: str, language: str, where: str = "") -> tuple[bytes, bool]:
    """The new bytes, and whether the note already had a block."""
    if existing is None:
        return new_note(block, language).encode("utf-8"), False
    bom = BOM if existing.startswith(BOM) else b""
    try:
        old = existing[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise ProgressNoteError(text("progress-err-encoding", language, path=where)) from None
    if not old:  # an empty note, as Obsidian makes one from a link: nothing of the user's yet
        return bom + new_note(block, language).encode("utf-8"), False
    newline = next((m.group() for m in re.finditer(r"\r\n|\r|\n", old)), "\n")
    ours = block.replace("\n", newline)
    region = find_block(old, language, where)
    if region is None:
        gap = "" if old.endswith(newline * 2) else newline if old.endswith(newline) else newline * 2
        return bom + (old + gap + ours).encode("utf-8"), False
    start, end = region
    return bom + (old[:start] + ours + old[end:]).encode("utf-8"), True


def find_block(text_: str, language: str = "en", where: str = "") -> tuple[int, int] | None:
    """Offsets of the block in ``text_``, its linter comments included; None when there is none."""
    lines = [(m.start(), m.end(), m.group().strip()) for m in _LINE.finditer(text_) if m.end() > m.start()]
    begins = [i for i, line in enumerate(lines) if line[2] == BEGIN]
    ends = [i for i, line in enumerate(lines) if line[2] == END]
    if not begins and not ends:
        return None
    for found, marker in ((begins, BEGIN), (ends, END)):
        if len(found) > 1:
            _broken(found[1], "progress-marker-twice", marker, language, where)
    if not ends or not begins or ends[0] < begins[0]:
        index, marker = (begins[0], BEGIN) if not ends else (ends[0], END)
        _broken(index, "progress-marker-alone", marker, language, where)
    first, last = begins[0], ends[0]
    if first > 0 and lines[first - 1][2] == LINTER_OFF:
        first -= 1
    if last + 1 < len(lines) and lines[last + 1][2] == LINTER_ON:
        last += 1
    return lines[first][0], lines[last][1]


def _broken(index: int, key: str, marker: str, language: str, where: str) -> NoReturn:
    problem = text(key, language, marker=f"'{marker}'")
    raise ProgressNoteError(text("progress-err-markers", language, path=where, line=index + 1, problem=problem))

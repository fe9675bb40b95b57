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
from dataclasses import dataclass
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
    return assemble(["\n".join(p) for p in parts])


def assemble(sections: Sequence[str]) -> str:
    """The block around the sections' texts: markers, linter comments, a blank line between."""
    body = "\n" + "\n\n".join(sections) + "\n\n" if sections else ""
    return LINTER_OFF + "\n" + BEGIN + "\n" + body + END + "\n" + LINTER_ON + "\n"


def new_note(block: str, language: str) -> str:
    """The first version of the note: generated properties, one line of why, the block."""
    front = "---\nmentorvault: generated\ntags:\n  - mentorvault/progress\n---\n"
    return f"{front}{text('progress-intro', language)}\n\n{block}"


def merge(existing: bytes | None, block: str, language: str, where: str = "") -> bytes:
    """The note's new bytes: ``block`` in place of the old one, else appended; the rest untouched."""
    return merged(existing, block, language, where)[0]


def merged(existing: bytes | None, block: str, language: str, where: str = "") -> tuple[bytes, bool]:
    """The new bytes, and whether the note already had a block."""
    place = layout(existing, language, where)
    return place.merged(block.encode("utf-8")), place.had_block


@dataclass(frozen=True)
class Layout:
    """Where the block goes in a note: the bytes before and after it, and the note's line break."""

    before: bytes
    after: bytes
    newline: str
    had_block: bool

    def merged(self, block: bytes | list[bytes]) -> bytes:
        """The note with ``block`` (UTF-8, ``\\n`` line breaks; or its pieces) in its place."""
        pieces = [block] if isinstance(block, bytes) else block
        if self.newline != "\n":
            pieces = [p.replace(b"\n", self.newline.encode()) for p in pieces]
        return b"".join([self.before, *pieces, self.after])

    def then(self) -> Layout | None:
        """The layout of what :meth:`merged` makes, known without reading it again when the
        note breaks lines with ``\\n`` (so our last line break cannot join the next one)."""
        return Layout(self.before, self.after, "\n", True) if self.newline == "\n" else None


def layout(existing: bytes | None, language: str, where: str = "") -> Layout:
    """Where the block goes in the note ``existing``: in place of the old one, else appended."""
    if existing is None:
        return Layout(new_note("", language).encode("utf-8"), b"", "\n", False)
    bom = BOM if existing.startswith(BOM) else b""
    try:
        old = existing[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise ProgressNoteError(text("progress-err-encoding", language, path=where)) from None
    if not old:  # an empty note, as Obsidian makes one from a link: nothing of the user's yet
        return Layout(bom + new_note("", language).encode("utf-8"), b"", "\n", False)
    newline = next((m.group() for m in re.finditer(r"\r\n|\r|\n", old)), "\n")
    region = find_block(old, language, where)
    if region is None:
        gap = "" if old.endswith(newline * 2) else newline if old.endswith(newline) else newline * 2
        return Layout(bom + (old + gap).encode("utf-8"), b"", newline, False)
    start, end = region
    return Layout(bom + old[:start].encode("utf-8"), old[end:].encode("utf-8"), newline, True)


def find_block(text_: str, language: str = "en", where: str = "") -> tuple[int, int] | None:
    """Offsets of the block in ``text_``, its linter comments included; None when there is none."""
    quick = _one_block(text_)
    return quick if quick is not None else _find_block(text_, language, where)


def _one_block(text_: str) -> tuple[int, int] | None:
    """The block's offsets when each marker stands on exactly one line, in order (a note of
    megabytes is searched in C, not split into lines); None for anything else."""
    begins = _marker_lines(text_, BEGIN)
    ends = _marker_lines(text_, END)
    if len(begins) != 1 or len(ends) != 1 or ends[0][0] < begins[0][1]:
        return None
    start, end = begins[0][0], ends[0][1]
    if start > 0:
        before = _line_at(text_, start - 1 - (text_[start - 2 : start] == "\r\n"))
        if text_[before[0] : before[1]].strip() == LINTER_OFF:
            start = before[0]
    if end < len(text_):
        after = _line_at(text_, end)
        if text_[after[0] : after[1]].strip() == LINTER_ON:
            end = after[1]
    return start, end


def _marker_lines(text_: str, marker: str) -> list[tuple[int, int]]:
    """The lines (start, end after the line break) that hold ``marker`` and only blanks besides."""
    found = []
    at = text_.find(marker)
    while at >= 0:
        start, end = _line_at(text_, at)
        if text_[start:end].strip() == marker:
            found.append((start, end))
        at = text_.find(marker, at + 1)
    return found


def _line_at(text_: str, at: int) -> tuple[int, int]:
    """The line holding offset ``at``, as ``_LINE`` splits lines: its start, and its end after the break."""
    start = max(text_.rfind("\n", 0, at), text_.rfind("\r", 0, at)) + 1
    ends = [i for i in (text_.find("\n", at), text_.find("\r", at)) if i >= 0]
    end = min(ends) if ends else len(text_)
    return start, end + (2 if text_.startswith("\r\n", end) else 1 if end < len(text_) else 0)


def _find_block(text_: str, language: str, where: str) -> tuple[int, int] | None:
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

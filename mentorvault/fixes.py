"""Apply fixes to a note's bytes, touching nothing but the spans they name. Pure.

Rules see a note as parse_note does: UTF-8 with the BOM stripped, split into
lines on ``\\r\\n``, ``\\r`` or ``\\n``, columns counting code points. A Fix is
a position in that view, so it is mapped back to a byte range of the file as
read: the BOM, every line ending and every byte outside the span survive.

A Fix with an empty span (``column == end_column``, ``old == ""``) inserts
``new`` there. A ``\\n`` in ``new`` is written with the line ending of the line
the fix is on, so an inserted line never mixes ``\\n`` into a ``\\r\\n`` file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .diagnostics import Fix, Span
from .notes import Note, parse_note

BOM = b"\xef\xbb\xbf"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the same split as notes.parse_note


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # byte offset of the line's first byte in the file
    ending: str  # "\r\n", "\r", "\n", or "" for the last line


@dataclass(frozen=True)
class Edit:
    start: int  # byte range in the file
    end: int
    data: bytes
    fix: Fix


@dataclass(frozen=True)
class Result:
    data: bytes
    applied: tuple[Fix, ...]
    skipped: tuple[Fix, ...]  # text not at its span, overlapping another, or not one line


def split_lines(raw: bytes) -> list[Line] | None:
    """The note's lines with their byte offsets, or None when it is not UTF-8 text."""
    offset = len(BOM) if raw.startswith(BOM) else 0
    try:
        text = raw[offset:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines, pos = [], 0
    for m in _LINE_BREAK.finditer(text):
        lines.append(Line(text[pos : m.start()], offset, m.group(0)))
        offset += len(text[pos : m.end()].encode("utf-8"))
        pos = m.end()
    lines.append(Line(text[pos:], offset, ""))
    return lines


def byte_range(lines: list[Line], span: Span) -> tuple[int, int] | None:
    """The file bytes a single-line span covers, or None when it lies outside the text."""
    if span.line != span.end_line or not 1 <= span.line <= len(lines):
        return None
    line = lines[span.line - 1]
    if not 1 <= span.column <= span.end_column <= len(line.text) + 1:
        return None
    start = line.start + len(line.text[: span.column - 1].encode("utf-8"))
    end = start + len(line.text[span.column - 1 : span.end_column - 1].encode("utf-8"))
    return start, end


def _ending(lines: list[Line], number: int) -> str:
    # the inserted text takes this line's ending; the last line has none, so its neighbour's
    for line in (lines[number - 1], lines[number - 2] if number > 1 else lines[0]):
        if line.ending:
            return line.ending
    return "\n"


def _edit(lines: list[Line], fix: Fix) -> Edit | None:
    where = byte_range(lines, fix.span)
    if where is None:
        return None
    line = lines[fix.span.line - 1]
    if line.text[fix.span.column - 1 : fix.span.end_column - 1] != fix.old:
        return None  # the note is not what the rule saw: leave it alone
    new = fix.new.replace("\r\n", "\n").replace("\n", _ending(lines, fix.span.line))
    return Edit(where[0], where[1], new.encode("utf-8"), fix)


def plan(raw: bytes, fixes: Iterable[Fix]) -> tuple[list[Edit], list[Fix]]:
    """The edits to make, in file order and never overlapping, and the fixes left out."""
    lines = split_lines(raw)
    unique = sorted(set(fixes), key=lambda f: (f.span, f.old, f.new))
    if lines is None:
        return [], unique
    edits: list[Edit] = []
    skipped: list[Fix] = []
    for fix in unique:
        edit = _edit(lines, fix)
        if edit is None or (edits and _clashes(edits[-1], edit)):
            skipped.append(fix)
        else:
            edits.append(edit)
    return edits, skipped


def _clashes(before: Edit, after: Edit) -> bool:
    # two insertions at one point have no order that is right for both
    both_inserts = before.start == before.end == after.start == after.end
    return after.start < before.end or both_inserts


def apply_fixes(raw: bytes, fixes: Iterable[Fix]) -> Result:
    """``raw`` with every applicable fix made; bytes outside the edited spans are kept."""
    edits, skipped = plan(raw, fixes)
    out, pos = [], 0
    for edit in edits:
        out.append(raw[pos : edit.start])
        out.append(edit.data)
        pos = edit.end
    out.append(raw[pos:])
    return Result(b"".join(out), tuple(e.fix for e in edits), tuple(skipped))


def apply_safely(raw: bytes, fixes: Iterable[Fix]) -> Result:
    """Like :func:`apply_fixes`, but a fix that would make the frontmatter unreadable is left out.

    A fix is text a rule computed; one that breaks the YAML (a quote it did not
    escape) would turn a warning into a note Obsidian cannot read.
    """
    wanted = list(fixes)
    result = apply_fixes(raw, wanted)
    if not _breaks(raw, result.data):
        return result
    kept = [f for f in result.applied if not _breaks(raw, apply_fixes(raw, [f]).data)]
    safe = apply_fixes(raw, kept)
    if _breaks(raw, safe.data):
        safe = apply_fixes(raw, [])
    left_out = tuple(f for f in wanted if f not in safe.applied)
    return Result(safe.data, safe.applied, left_out)


def _breaks(before: bytes, after: bytes) -> bool:
    def problems(raw: bytes) -> int:
        return sum(p.rule == "invalid-frontmatter" for p in parse_note("", raw).problems)

    return after != before and problems(after) > problems(before)


def insert_property(note: Note, line: str) -> Fix | None:
    """A Fix adding the frontmatter line ``line`` (e.g. ``type: goal``) as the first property.

    A note without frontmatter gets a new block; one whose frontmatter cannot
    be read (unclosed, not YAML) gets no fix, as there is no safe place for it.
    """
    front = note.frontmatter
    if front.present and front.data is not None:
        return Fix(Span(2, 1, 2, 1), "", line + "\n")
    if not front.present and not front.problems:
        return Fix(Span(1, 1, 1, 1), "", f"---\n{line}\n---\n")
    return None

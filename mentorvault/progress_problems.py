"""The progress note's problem list, kept between the watcher's updates.

Most of a large vault's note is this list: thousands of notes, megabytes. The
session replaces a note's list of problems only when they change, so each
note's lines are kept, encoded, with the list they were made from; an update
finds the replaced lists by identity (in C: ``map`` and ``compress``), makes
those lines again, and keeps the totals by level up to date. Notes are
sorted by the path they show; one that gains or loses all its problems is
put in or taken out by bisection. The lines are :func:`progress_render.problems`'s.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from itertools import compress, count
from operator import attrgetter, is_not

from .diagnostics import Diagnostic, Level, sort_key
from .links import fold
from .progress_labels import text
from .progress_render import problem_lines

Problems = Mapping[str, list[Diagnostic]]
_FEW = 64  # more notes than this gaining or losing problems at once: sort them all again


class _Note:
    """One note's problems as the list shows them, and how many of each level."""

    __slots__ = ("counts", "found", "left_out", "lines")

    def __init__(self, found: list[Diagnostic], language: str, leave_out: str) -> None:
        self.found = found
        self.left_out = fold(found[0].path) == leave_out
        # its lines, each ending with a line break; nothing for the note left out
        self.lines = b"" if self.left_out else "".join(
            line + "\n" for line in problem_lines(found, language)).encode("utf-8")
        self.counts: Counter[Level] = Counter() if self.left_out else Counter(map(attrgetter("level"), found))


class ProblemList:
    """The problem section of one language, less the note ``leave_out`` (folded)."""

    def __init__(self, language: str, leave_out: str) -> None:
        self.language, self.leave_out = language, leave_out
        self.counts: Counter[Level] = Counter()  # the problems shown, by level
        self._notes: dict[str, _Note] = {}
        self._order: list[str] = []  # the notes with problems, in the list's order
        self._names: list[str] = []  # the path each shows
        self._lists: list[list[Diagnostic] | None] = []  # the problems each one's lines were made of
        self._lines: list[bytes] = []
        self._by_note = True  # False: two notes show one path (undecodable names): sort the whole list

    def pieces(self, by_note: Problems) -> list[bytes]:
        """The section's text in pieces (heading first); the totals brought up to date on the way."""
        if len(self._notes) != len(by_note) or self._notes.keys() != by_note.keys():
            self._regroup(by_note)
        lists: list[list[Diagnostic] | None] = list(map(by_note.__getitem__, self._order))
        for i in compress(count(), map(is_not, lists, self._lists)):
            self._lines[i] = self._remake(self._order[i], by_note[self._order[i]])
        self._lists = lists
        head = f"## {text('progress-h-problems', self.language)}\n\n".encode()
        if not any(self._lines):
            return [head + text("progress-no-problems", self.language).encode()]
        if not self._by_note:
            shown = sorted((d for ds in by_note.values() if fold(ds[0].path) != self.leave_out for d in ds),
                           key=sort_key)  # as the session lists them for render
            return [head + "\n".join(problem_lines(shown, self.language)).encode()]
        last = len(self._lines) - 1
        while not self._lines[last]:
            last -= 1
        out = [head, *self._lines]
        out[last + 1] = self._lines[last][:-1]  # every note's lines end with a line break, but the last
        return out

    def _remake(self, path: str, found: list[Diagnostic]) -> bytes:
        old = self._notes.get(path)
        if old is not None:
            self.counts.subtract(old.counts)
        note = self._notes[path] = _Note(found, self.language, self.leave_out)
        self.counts.update(note.counts)
        return note.lines

    def _regroup(self, by_note: Problems) -> None:
        """Notes gained or lost all their problems: forget the ones gone, place the new ones."""
        gone = self._notes.keys() - by_note.keys()
        came = by_note.keys() - self._notes.keys()
        names = {p: self._notes[p].found[0].path for p in gone}
        for path in gone:
            self.counts.subtract(self._notes.pop(path).counts)
        if self._by_note and len(gone) + len(came) <= _FEW and self._place(gone, came, names, by_note):
            return
        self._order = sorted(by_note, key=lambda p: by_note[p][0].path)
        self._names = [by_note[p][0].path for p in self._order]
        self._by_note = len(set(self._names)) == len(self._names)
        kept = [self._notes.get(p) for p in self._order]
        self._lists = [n.found if n is not None else None for n in kept]
        self._lines = [n.lines if n is not None else b"" for n in kept]

    def _place(self, gone: set[str], came: set[str], names: dict[str, str], by_note: Problems) -> bool:
        """Take out and put in a few notes by the paths they show; False when two would show one."""
        order, shown = self._order, self._names
        for path in gone:
            at = bisect_left(shown, names[path])
            if at < len(order) and order[at] == path:
                del order[at], shown[at], self._lists[at], self._lines[at]
        if len(order) + len(came) != len(by_note):
            return False
        for path in came:
            name = by_note[path][0].path
            at = bisect_left(shown, name)
            if at < len(shown) and shown[at] == name:
                return False
            order.insert(at, path)
            shown.insert(at, name)
            self._lists.insert(at, None)
            self._lines.insert(at, b"")
        return True

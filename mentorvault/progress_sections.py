"""The progress note rendered again after a change, reusing what the change left alone.

The watcher renders the note after most saves; on a large vault nearly all of
it is the same as the last time, and most of it is the list of problems. The
session keeps an unchanged goal as the same object and an unchanged note's
problems as the same list (it replaces a list only when it checks the note
again), so a goal's table row and timeline line are kept with the goal they
were made from, and a note's problem lines, encoded, with the list they were
made from; the totals by level are kept up to date as lists come and go. The
notes are sorted again only when a note gains or loses all its problems. The
bytes are :func:`progress_note.render`'s, encoded: the same functions make
every line.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from operator import attrgetter

from .config import Config
from .diagnostics import Diagnostic, Level, sort_key
from .goals import Goal
from .links import fold
from .progress_gantt import task, timeline
from .progress_labels import text
from .progress_note import BEGIN, END, LINTER_OFF, LINTER_ON
from .progress_render import goal_tables, problem_lines, problems_line, summary_goals, table_row

Problems = Mapping[str, list[Diagnostic]]
_HEAD = f"{LINTER_OFF}\n{BEGIN}\n".encode()
_TAIL = f"{END}\n{LINTER_ON}\n".encode()


class _Note:
    """One note's problems as the list shows them, and how many of each level."""

    __slots__ = ("counts", "found", "left_out", "lines")

    def __init__(self, found: list[Diagnostic], language: str, leave_out: str) -> None:
        self.found = found
        self.left_out = fold(found[0].path) == leave_out
        # its lines, each ending with a line break; nothing for the note left out
        self.lines = b"" if self.left_out else "".join(
            line + "\n" for line in problem_lines(found, language)).encode("utf-8")
        self.counts = Counter(map(attrgetter("level"), found))


class Sections:
    """Renders the block from the session's goals and problems per note, keeping what it can."""

    def __init__(self) -> None:
        self._for: tuple[date, Config, str] | None = None
        self._reset()

    def _reset(self) -> None:
        self._rows: dict[str, tuple[Goal, str]] = {}
        self._tasks: dict[str, tuple[Goal, str]] = {}
        self._notes: dict[str, _Note] = {}
        self._counts: Counter[Level] = Counter()  # over the notes shown
        self._order: list[str] = []  # the notes with problems, as the list orders them
        self._names: list[str] = []  # the path each of them shows, in that order
        self._by_note = True  # False: two notes show one path, so the whole list is sorted
        self._goals: list[Goal] = []  # the goals the kept sections were made of
        self._made: dict[str, bytes] = {}  # section -> its text, while its goals hold

    def block(self, goals: Sequence[Goal], by_note: Problems, config: Config, today: date,
              leave_out: str = "") -> str:
        """The block :func:`progress_note.render` makes of these goals and problems,
        less the problems of the note ``leave_out`` (the progress note itself)."""
        return self.data(goals, by_note, config, today, leave_out).decode("utf-8")

    def data(self, goals: Sequence[Goal], by_note: Problems, config: Config, today: date,
             leave_out: str = "") -> bytes:
        """:meth:`block`, encoded as UTF-8."""
        if self._for is None or self._for[0] != today or self._for[1] is not config or self._for[2] != leave_out:
            self._reset()  # another day, configuration or note: nothing is kept
            self._for = (today, config, leave_out)
        goals = sorted(goals, key=attrgetter("path"))
        problems = self._problems(by_note, config.language, fold(leave_out))
        if len(goals) != len(self._goals) or any(a is not b for a, b in zip(goals, self._goals, strict=True)):
            self._goals, self._made = goals, {}  # a goal changed: its sections are made again
        makers: dict[str, Callable[[], list[str]]] = {
            "summary": lambda: summary_goals(goals, config, today),
            "tables": lambda: goal_tables(goals, config, today, lambda g, _c, _d: row(g)),
            "timeline": lambda: timeline(goals, config, today, lambda g, _d: line(g)),
        }
        row = _kept(self._rows, lambda g: table_row(g, config, today))
        line = _kept(self._tasks, lambda g: task(g, today))
        parts: list[list[bytes]] = []
        for name, make in makers.items():
            if config.sections.get(name, True):
                if name not in self._made:
                    self._made[name] = "\n".join(make()).encode("utf-8")
                parts.append([self._made[name]])
                if name == "summary":  # its last line counts the problems
                    parts[-1] += [b"\n", problems_line(self._counts, config.language).encode("utf-8")]
        if config.sections.get("problems", True):
            parts.append(problems)
        _prune(self._rows, goals)
        _prune(self._tasks, goals)
        pieces = [_HEAD]
        if parts:
            pieces.append(b"\n")
            for i, part in enumerate(parts):
                pieces += [b"\n\n", *part] if i else part
            pieces.append(b"\n\n")
        pieces.append(_TAIL)
        return b"".join(pieces)

    def _problems(self, by_note: Problems, language: str, leave_out: str) -> list[bytes]:
        """The problem list's pieces; the totals by level brought up to date on the way."""
        if len(self._notes) != len(by_note) or self._notes.keys() != by_note.keys():
            self._regroup(by_note)
        notes, counts = self._notes, self._counts
        head = f"## {text('progress-h-problems', language)}\n\n".encode()
        pieces = [head]
        add = pieces.append
        for path in self._order:
            note = notes.get(path)
            if note is None or note.found is not by_note[path]:
                if note is not None and not note.left_out:
                    counts.subtract(note.counts)
                note = notes[path] = _Note(by_note[path], language, leave_out)
                if not note.left_out:
                    counts.update(note.counts)
            if note.lines:  # empty when left out
                add(note.lines)
        if len(pieces) == 1:
            return [head + text("progress-no-problems", language).encode()]
        if not self._by_note:  # rare: the whole list sorted, as the session lists it for render
            shown = sorted((d for p, ds in by_note.items() if not notes[p].left_out for d in ds), key=sort_key)
            return [head + "\n".join(problem_lines(shown, language)).encode()]
        pieces[-1] = pieces[-1][:-1]  # each note's lines end with a line break: not the last ones
        return pieces

    def _regroup(self, by_note: Problems) -> None:
        """Notes gained or lost all their problems: forget the ones gone, place the new ones."""
        gone = self._notes.keys() - by_note.keys()
        came = by_note.keys() - self._notes.keys()
        names = {p: self._notes[p].found[0].path for p in gone}
        for path in gone:
            note = self._notes.pop(path)
            if not note.left_out:
                self._counts.subtract(note.counts)
        if self._by_note and len(gone) + len(came) <= 64 and self._place(gone, came, names, by_note):
            return
        self._order = sorted(by_note, key=lambda p: by_note[p][0].path)
        self._names = [by_note[p][0].path for p in self._order]
        self._by_note = len(set(self._names)) == len(self._names)

    def _place(self, gone: set[str], came: set[str], names: dict[str, str], by_note: Problems) -> bool:
        """Take out and put in a few notes by their shown paths; False when two would share one."""
        order, shown = self._order, self._names
        for path in gone:
            at = bisect_left(shown, names[path])
            if at < len(order) and order[at] == path:
                del order[at], shown[at]
        if len(order) + len(came) != len(by_note):
            return False
        for path in came:
            name = by_note[path][0].path
            at = bisect_left(shown, name)
            if at < len(shown) and shown[at] == name:
                return False
            order.insert(at, path)
            shown.insert(at, name)
        return True


def _kept(cache: dict[str, tuple[Goal, str]], make: Callable[[Goal], str]) -> Callable[[Goal], str]:
    """``make``, answered from ``cache`` for a goal it was asked about before."""

    def get(goal: Goal) -> str:
        hit = cache.get(goal.path)
        if hit is not None and hit[0] is goal:
            return hit[1]
        made = make(goal)
        cache[goal.path] = (goal, made)
        return made

    return get


def _prune(cache: dict[str, tuple[Goal, str]], goals: Sequence[Goal]) -> None:
    """Forget what deleted goals left, once there is more of it than a few."""
    if len(cache) > len(goals) + 64:
        kept = {g.path: cache[g.path] for g in goals if g.path in cache}
        cache.clear()
        cache.update(kept)

"""The progress note rendered again after a change, reusing what the change left alone.

The watcher renders the note after most saves; on a large vault nearly all of
it is the same as the last time. The session keeps an unchanged goal as the
same object, so a goal's table row and timeline line are kept with the goal
they were made from, and the summary, tables and timeline are made again only
when a goal changed (the summary's last line, the problem count, whenever it
moves). The problem list, most of the note, is :mod:`progress_problems`'s.
The bytes are :func:`progress_note.render`'s, encoded: the same functions make
every line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from operator import attrgetter

from .config import Config
from .diagnostics import Diagnostic
from .goals import Goal
from .links import fold
from .progress_gantt import task, timeline
from .progress_note import BEGIN, END, LINTER_OFF, LINTER_ON
from .progress_problems import ProblemList
from .progress_render import goal_tables, problems_line, summary_goals, table_row

Problems = Mapping[str, list[Diagnostic]]
_HEAD = f"{LINTER_OFF}\n{BEGIN}\n".encode()
_TAIL = f"{END}\n{LINTER_ON}\n".encode()


class Sections:
    """Renders the block from the session's goals and problems per note, keeping what it can."""

    def __init__(self) -> None:
        self._for: tuple[date, Config, str] | None = None
        self._reset()

    def _reset(self) -> None:
        self._rows: dict[str, tuple[Goal, str]] = {}
        self._tasks: dict[str, tuple[Goal, str]] = {}
        language, leave_out = (self._for[1].language, self._for[2]) if self._for else ("en", "")
        self._problems = ProblemList(language, fold(leave_out))
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
        return b"".join(self.pieces(goals, by_note, config, today, leave_out))

    def pieces(self, goals: Sequence[Goal], by_note: Problems, config: Config, today: date,
               leave_out: str = "") -> list[bytes]:
        """:meth:`data` in pieces, to be joined where they are written."""
        if self._for is None or self._for[0] != today or self._for[1] is not config or self._for[2] != leave_out:
            self._for = (today, config, leave_out)
            self._reset()  # another day, configuration or note: nothing is kept
        goals = sorted(goals, key=attrgetter("path"))
        problems = self._problems.pieces(by_note)
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
                    parts[-1] += [b"\n", problems_line(self._problems.counts, config.language).encode("utf-8")]
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
        return pieces


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

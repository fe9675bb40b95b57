"""The progress note's timeline: a Mermaid ``gantt`` diagram, which Obsidian draws natively.

Mermaid's gantt lexer (``gantt.jison``) reads a task line as a name, the
longest run of ``[^#:\\n;]``, then ``:`` and the task data. So in a name ``:``
ends the name, ``#`` and ``%`` start comments (``X%`` at the start of a line
already does), ``;`` ends the statement; the lexer is case-insensitive and
tries its keywords first, so a name that *starts* with ``section``, ``title``,
``click``, ``call``, ``href``, ``gantt``, ``dateFormat``, ``excludes`` ...
or with a date is read as that keyword. Mermaid has no escape that works in
a gantt name (its entity codes such as ``#58;`` begin with ``#``), so those
characters are replaced by fullwidth lookalikes (``:`` → ``：``), ``<``, ``>``
and backticks too (no HTML, and the code fence cannot be closed from inside),
and a name that starts with a keyword gets a leading ``▸ ``. Quotes,
brackets, ``|`` and Cyrillic are plain text to the lexer and are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from .config import DEFAULT_CATEGORIES, Config
from .goals import Goal
from .links import fold
from .progress_escape import one_line, stem
from .progress_labels import text
from .progress_render import is_overdue, label

CATEGORY_ORDER = tuple(DEFAULT_CATEGORIES)  # the order of the source note
_NAME = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in ":#;%<>`"})
_KEYWORD = re.compile(
    r"(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes"
    r"|todaymarker|weekday|weekend|title|acc(?:title|descr)|section|click|href|call|\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)


def name(text_: str, fallback: str = "") -> str:
    """A task or section name the gantt lexer reads as a name and nothing else."""
    shown = one_line(text_).translate(_NAME)
    if not shown:
        return name(fallback) if fallback else "\u2014"
    return f"▸ {shown}" if _KEYWORD.match(shown) else shown


def timeline(goals: Sequence[Goal], config: Config, today: date,
             line: Callable[[Goal, date], str] | None = None) -> list[str]:
    """Goals with a start and a due date, a section per category.

    Dropped goals are left out (a bar for work nobody will do reads as a
    plan), and so is a goal whose start is after its due date: Mermaid
    cannot draw it, and smart-time-bound already reports it.
    """
    lang = config.language
    lines = [f"## {text('progress-h-timeline', lang)}", ""]
    shown = [g for g in goals if g.start and g.due and g.start <= g.due and g.status != "dropped"]
    if not shown:
        return [*lines, text("progress-no-timeline", lang)]
    lines += ["```mermaid", "gantt", "    dateFormat YYYY-MM-DD"]
    for category in sorted({g.category for g in shown}, key=_category_order):
        ours = category is None or category in CATEGORY_ORDER  # our words carry no escapes
        lines.append(f"    section {name(label('category', category, lang) if ours else category or '')}")
        for g in sorted((g for g in shown if g.category == category), key=_by_dates):
            lines.append((line or task)(g, today))
    return [*lines, "```"]


def task(goal: Goal, today: date) -> str:
    """One goal's line of the diagram (``line`` of :func:`timeline` may hand back one kept)."""
    return f"    {name(goal.title, stem(goal.path))} :{_data(goal, today)}"


def _by_dates(goal: Goal) -> tuple[date, date, str, str]:
    return goal.start or date.min, goal.due or date.min, fold(goal.title), goal.path


def _category_order(category: str | None) -> tuple[int, str]:
    if category in CATEGORY_ORDER:
        return CATEGORY_ORDER.index(category), ""
    return (len(CATEGORY_ORDER), fold(category)) if category else (len(CATEGORY_ORDER) + 1, "")


def _data(goal: Goal, today: date) -> str:
    """Tags, then start and end: done goals ``done``, overdue ones ``crit``, active ones ``active``."""
    tags = [t for t, on in (("done", goal.status == "done"), ("active", goal.status == "active"),
                            ("crit", is_overdue(goal, today))) if on]
    dates = [d.isoformat() for d in (goal.start, goal.due) if d is not None]
    return ", ".join([*tags, *dates])

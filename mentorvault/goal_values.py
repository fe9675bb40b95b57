"""A goal note's properties read into typed, canonical values (DESIGN §3).

A value that is present but wrong becomes a goal-invalid-value finding here,
with a fix when the right value is certain (another date format, a synonym,
the wrong case). Such a key is marked ``unusable``, so the SMART letters that
need it fail without reporting the same line a second time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .dates import parse_iso
from .diagnostics import Finding, Fix, Msg, Span

if TYPE_CHECKING:
    from .config import Config
    from .notes import Item, Note
    from .vault import Vault

# Horizon words of the source note ("Краткосрочные (1-3 месяца)"); the config has none.
HORIZON_SYNONYMS: dict[str, tuple[str, ...]] = {
    "short": ("short-term", "краткосрочная", "краткосрочный", "краткосрочные", "краткосрочное"),
    "medium": ("medium-term", "среднесрочная", "среднесрочный", "среднесрочные", "среднесрочное"),
    "long": ("long-term", "долгосрочная", "долгосрочный", "долгосрочные", "долгосрочное"),
}
_OTHER_DATES = (  # formats with one reading only: "01/02/2027" (day or month first?) is not fixed
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), (3, 2, 1)),
    (re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
)


def other_date_format(text: str) -> date | None:
    """``31.01.2027``, ``2027/01/31``, ``2027-1-5``: a real date, not written as YYYY-MM-DD."""
    for rx, (y, m, d) in _OTHER_DATES:
        found = rx.match(text.strip())
        if found:
            try:
                return date(int(found.group(y)), int(found.group(m)), int(found.group(d)))
            except ValueError:
                return None
    return None


def key_span(note: Note, key: str) -> Span:
    """``key: value`` on its line; line 1 when the key is absent (the place to add it)."""
    k = note.frontmatter.key(key)
    if k is None:
        return Span.at_line(1)
    vs = k.value_span
    if vs.line == k.span.line == vs.end_line and vs.end_column > k.span.end_column:
        return Span(k.span.line, k.span.column, vs.line, vs.end_column)
    return k.span


def value_fix(note: Note, key: str, old: str, new: str) -> Fix | None:
    """A fix over exactly the value's text (inside its quotes, if quoted), when it is found."""
    k = note.frontmatter.key(key)
    if k is None or k.value_span.line != k.value_span.end_line:
        return None
    vs = k.value_span
    width = vs.end_column - vs.column
    if width == len(old):
        return Fix(vs, old, new)
    if width == len(old) + 2:
        return Fix(Span(vs.line, vs.column + 1, vs.line, vs.end_column - 1), old, new)
    return None  # escapes or folding: the text on the line is not the value as read


def tasks(items: tuple[Item, ...]) -> list[Item]:
    return [i for i in items if i.task is not None]


def link_targets(note: Note, key: str) -> list[str]:
    """Targets of the wikilinks written in property ``key``, in order."""
    return [x.path for x in note.links if x.kind == "frontmatter" and x.key == key and x.path]


def resolve_note(vault: Vault, note: Note, target: str | None) -> str | None:
    """The note (``.md``) a link from ``note`` to ``target`` opens, as Obsidian would, or None."""
    if not target:
        return None
    path = vault.index.resolve(target, note.path).path
    return path if path in vault.notes else None


def choices(config: Config, key: str) -> dict[str, tuple[str, ...]]:
    """Canonical values of ``key`` with their synonyms."""
    if key == "category":
        return config.categories
    if key == "status":
        return config.statuses
    return {h: HORIZON_SYNONYMS.get(h, ()) for h in config.horizons}


# keys whose values goal-invalid-value and goal-noncanonical-value check on goal notes
CHECKED_KEYS = frozenset({"title", "category", "horizon", "status", "start", "due", "target", "current"})


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


@dataclass
class Reader:
    """Reads one note's properties, collecting goal-invalid-value findings as it goes."""

    note: Note
    invalid: list[Finding] = field(default_factory=list)
    unusable: set[str] = field(default_factory=set)

    def raw(self, key: str) -> Any:
        value = self.note.fm.get(key)
        return value if _present(value) else None

    def _bad(self, key: str, msg: str, fix: Fix | None = None, **args: Any) -> None:
        if fix is None:
            self.unusable.add(key)
        self.invalid.append(Finding(key_span(self.note, key), Msg.of(msg, key=key, **args), fix=fix))

    def scalar(self, key: str) -> Any:
        value = self.raw(key)
        if isinstance(value, (list, dict)):
            self._bad(key, "goal-value-not-single")
            return None
        return value

    def date(self, key: str) -> date | None:
        value = self.scalar(key)
        if value is None:
            return None
        day = parse_iso(value)
        if day is None and isinstance(value, str) and (day := other_date_format(value)):
            self._bad(key, "goal-value-date-format", value_fix(self.note, key, value, day.isoformat()),
                      value=value, fixed=day.isoformat())
            return day  # understood: the goal is checked with it while the fix waits
        if day is None:
            self._bad(key, "goal-value-not-date", value=str(value))
        return day

    def choice(self, key: str, table: dict[str, tuple[str, ...]]) -> str | None:
        value = self.scalar(key)
        if value is None or value in table:
            return value if value is None else str(value)
        text = str(value).strip().casefold()
        canon = next((c for c, syn in table.items() if text in {c.casefold(), *map(str.casefold, syn)}), None)
        if canon is None:
            self._bad(key, "goal-value-unknown", value=str(value), choices=", ".join(table))
        else:
            fix = value_fix(self.note, key, value, canon) if isinstance(value, str) else None
            self._bad(key, "goal-value-synonym", fix, value=str(value), canonical=canon)
            self.unusable.discard(key)  # a synonym is understood even when it cannot be fixed in place
        return canon

    def number(self, key: str, positive: bool) -> float | None:
        value = self.scalar(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            self._bad(key, "goal-value-not-number", value=str(value))  # NaN is not a number to count
            return None
        if value < 0 or (positive and value == 0):
            self._bad(key, "goal-value-positive" if positive else "goal-value-negative", value=value)
            return None
        return value


@dataclass(frozen=True)
class Fields:
    """The goal's properties as typed values; ``unusable`` keys hold a value not understood."""

    title: str
    title_written: bool  # from the ``title`` property, not the file name
    category: str | None
    horizon: str | None
    status: str | None
    start: date | None
    due: date | None
    metric: str | None
    target: float | None
    current: float | None
    mentor: str | None
    mentee: str | None
    area: str | None
    area_links: tuple[str, ...]
    resources: tuple[str, ...]
    unusable: frozenset[str]
    invalid: tuple[Finding, ...]


def read_fields(note: Note, config: Config) -> Fields:
    r = Reader(note)
    title = r.scalar("title")
    return Fields(
        title=str(title).strip() if title is not None else note.stem,
        title_written=title is not None,
        category=r.choice("category", choices(config, "category")),
        horizon=r.choice("horizon", choices(config, "horizon")),
        status=r.choice("status", choices(config, "status")),
        start=r.date("start"), due=r.date("due"),
        metric=_text(r.raw("metric")),
        target=r.number("target", positive=True), current=r.number("current", positive=False),
        mentor=_person(note, "mentor"), mentee=_person(note, "mentee"), area=_person(note, "area"),
        area_links=tuple(link_targets(note, "area")),
        resources=tuple(t for t in map(_text, _as_list(r.raw("resources"))) if t),
        unusable=frozenset(r.unusable), invalid=tuple(r.invalid),
    )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _text(value: Any) -> str | None:
    parts = [str(v).strip() for v in _as_list(value) if _present(v) and not isinstance(v, dict)]
    return "; ".join(p for p in parts if p) or None


def _person(note: Note, key: str) -> str | None:
    """The first link target of ``key``, else its plain text."""
    links = link_targets(note, key)
    return links[0] if links else _text(note.fm.get(key))

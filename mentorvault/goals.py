"""Goal notes: detection, the Goal model, check-ins, progress and SMART (pure).

The model is computed once per run for the whole vault (:func:`vault_goals`,
or :func:`goals_in` for rules, cached in ``ctx.cache``); the progress note
and the goal rules read the same values, so they never disagree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .dates import parse_iso
from .diagnostics import Finding
from .goal_values import link_targets, read_fields, resolve_note, tasks
from .links import fold
from .smart_checks import evaluate

if TYPE_CHECKING:
    from .config import Config
    from .engine import Context
    from .notes import Note
    from .vault import Vault

LETTERS = ("S", "M", "A", "R", "T")
# A check-in item starts with its date: "2026-11-20: ...", "**2026-11-20**", "[[2026-11-20]]".
_CHECKIN_ITEM = re.compile(r"^(?:\[.\]\s+)?(?:\*\*|__)?(?:\[\[)?(\d{4}-\d{2}-\d{2})(?!\d)")
_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?!\d)")


@dataclass(frozen=True)
class Goal:
    """One goal note, its values typed and canonical (DESIGN §3) and what follows from them.

    path, title        vault path; ``title`` property, else the file name without ``.md``
    category, horizon, status
                       canonical value after synonyms and case (``"career"``, ``"short"``,
                       ``"active"``), None when missing or not understood
    start, due         dates, None when missing or not a date
    metric             the success criterion text, None when empty
    target, current    numbers, None when missing or not numbers
    mentor, mentee, area
                       link targets as text (``"Анна Смирнова"``), or the plain text written
    mentee_note, area_note
                       the vault path those links open (Obsidian's resolution), else None
    resources          non-empty resource texts
    progress           0.0-1.0: current/target, else done/total checkboxes under the
                       criteria and plan headings, else 1.0 when done, else None
    checkins           dates of every check-in (items and check-in notes), ascending
    last_checkin       the latest of them, or None; it may lie after today (a check-in
                       written ahead), so date rules count only ``checkins`` up to today
    smart              letter (S M A R T) -> passed
    problems           letter -> findings its smart-* rule reports; a letter that fails only
                       because of an invalid value has none here (see ``invalid``)
    invalid            findings of goal-invalid-value, fixes attached when mechanical
    """

    path: str
    title: str
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
    resources: tuple[str, ...]
    progress: float | None
    last_checkin: date | None
    checkins: tuple[date, ...] = ()
    mentee_note: str | None = None
    area_note: str | None = None
    smart: dict[str, bool] = field(default_factory=dict, hash=False)
    problems: dict[str, tuple[Finding, ...]] = field(default_factory=dict, hash=False)
    invalid: tuple[Finding, ...] = ()


def is_goal(note: Note, config: Config) -> bool:
    kind = str(note.fm.get("type", "")).strip().casefold()
    if note.is_conflict_copy or kind == config.checkin_type.casefold():
        return False  # a check-in note filed in a goals folder is not a goal
    if kind == config.goal_type.casefold():
        return True
    if any(note.path.startswith(f + "/") for f in config.goal_folders):
        return True
    return any(t == g or t.startswith(g + "/") for t in note.tags for g in config.goal_tags)


def is_checkin(note: Note, config: Config) -> bool:
    """A check-in note by its type (an outline of the note answers too)."""
    return str(note.fm.get("type", "")).strip().casefold() == config.checkin_type.casefold()


def feeds_goals(note: Note, config: Config) -> bool:
    """Whether goals read this note: a goal or a check-in note."""
    return is_checkin(note, config) or is_goal(note, config)


def count_goals(vault: Vault, config: Config) -> int:
    return sum(is_goal(vault.notes[p], config) for p in vault.lintable)


def vault_goals(vault: Vault, config: Config) -> list[Goal]:
    """Every goal of the vault, sorted by path."""
    noted = checkin_notes(vault, config)
    paths = sorted(p for p in vault.lintable if is_goal(vault.notes[p], config))
    return [build_goal(vault.full(p), vault, config, noted.get(p, ())) for p in paths]


def goals_in(ctx: Context) -> dict[str, Goal]:
    """The run's goals by path, computed on first use: rules run per note, goals per vault."""
    found: dict[str, Goal] | None = ctx.cache.get("goals")
    if found is None:
        found = ctx.cache["goals"] = {g.path: g for g in vault_goals(ctx.vault, ctx.config)}
    return found


def checkin_dates(note: Note, config: Config) -> list[date]:
    """Dates of the list items under the check-ins heading that start with a real date."""
    out = []
    for item in note.section_items(config.headings["checkins"]):
        m = _CHECKIN_ITEM.match(item.text)
        day = parse_iso(m.group(1)) if m else None
        if day is not None:
            out.append(day)
    return out


def checkin_notes(vault: Vault, config: Config) -> dict[str, tuple[date, ...]]:
    """Goal path -> dates of the check-in notes whose ``goal`` links resolve to it."""
    found: dict[str, list[date]] = defaultdict(list)
    for path in sorted(vault.lintable):
        if not is_checkin(vault.notes[path], config):
            continue  # the outline knows; a check-in's date and links are read from the whole note
        entry = checkin_link(vault.full(path), vault, config)
        if entry is not None:
            day, goals = entry
            for goal in goals:
                found[goal].append(day)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def checkin_link(note: Note, vault: Vault, config: Config) -> tuple[date, tuple[str, ...]] | None:
    """A check-in note's date and the notes its ``goal`` links open; None when it is no dated check-in."""
    if note.is_conflict_copy or not is_checkin(note, config):
        return None
    day = parse_iso(note.fm.get("date"))
    if day is None:  # "2026-11-20 Анна.md": the date in the name, as daily notes do
        m = _DATED_NAME.match(note.stem)
        day = parse_iso(m.group(1)) if m else None
    if day is None:
        return None
    opened = (vault.index.resolve(target, note.path).path for target in link_targets(note, "goal"))
    return day, tuple(p for p in opened if p is not None)


def group_key(goal: Goal) -> str:
    """The mentee a goal counts for: the note its mentee link opens, else the name as written."""
    return goal.mentee_note or fold(goal.mentee or "")


def over_limit(goals: Iterable[Goal], limit: int) -> dict[str, tuple[str, int]]:
    """Path -> (mentee, active count) for each active goal past the limit, latest started first out."""
    by_mentee: dict[str, list[Goal]] = defaultdict(list)
    for g in goals:
        if g.status == "active":
            by_mentee[group_key(g)].append(g)
    out: dict[str, tuple[str, int]] = {}
    for group in by_mentee.values():
        group.sort(key=lambda g: (g.start or date.max, g.path))
        for g in group[limit:]:
            out[g.path] = (g.mentee or "", len(group))
    return out


def compute_progress(note: Note, config: Config, current: float | None, target: float | None,
                     status: str | None) -> float | None:
    """DESIGN §4; over-achieving a target counts as 1.0, so a progress bar never overflows."""
    if current is not None and target:
        return min(max(current / target, 0.0), 1.0)
    boxes = tasks(note.section_items(config.headings["criteria"] | config.headings["plan"]))
    if boxes:
        return sum(i.done for i in boxes) / len(boxes)
    return 1.0 if status == "done" else None


def build_goal(note: Note, vault: Vault, config: Config, noted: tuple[date, ...] = ()) -> Goal:
    """The Goal of one goal note; ``noted`` are the dates of check-in notes linking to it."""
    f = read_fields(note, config)
    letters = evaluate(note, vault, config, f)
    if note.frontmatter.data is None and note.problems:
        # the note's own diagnostic (unreadable, invalid YAML) says it all: its properties
        # are unknown, not missing, so the letters fail without a finding each
        letters = {k: (False, ()) for k in LETTERS}
    checkins = tuple(sorted({*checkin_dates(note, config), *noted}))
    return Goal(
        path=note.path, title=f.title, category=f.category, horizon=f.horizon, status=f.status,
        start=f.start, due=f.due, metric=f.metric, target=f.target, current=f.current,
        mentor=f.mentor, mentee=f.mentee, area=f.area, resources=f.resources,
        progress=compute_progress(note, config, f.current, f.target, f.status),
        last_checkin=checkins[-1] if checkins else None, checkins=checkins,
        mentee_note=resolve_note(vault, note, f.mentee if link_targets(note, "mentee") else None),
        area_note=resolve_note(vault, note, f.area if f.area_links else None),
        smart={k: passed for k, (passed, _) in letters.items()},
        problems={k: found for k, (_, found) in letters.items()},
        invalid=f.invalid,
    )

"""Goals over time (MV3xx): horizon, deadlines, check-ins, load, values and task dates.

Every date rule compares with ``ctx.today`` (``--today`` or ``MENTORVAULT_TODAY``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..dates import parse_iso
from ..diagnostics import Finding, Fix, Level, Msg, Span
from ..fixes import insert_property
from ..goal_values import key_span, other_date_format
from ..goals import Goal, goals_in, over_limit
from ..smart_checks import heading_name
from . import goal_messages as _messages  # noqa: F401  (registers the catalogue)
from . import rule

if TYPE_CHECKING:
    from ..engine import Context
    from ..notes import Note

_OPEN = ("planned", "active")


def _goal(note: Note, ctx: Context) -> Goal | None:
    return goals_in(ctx).get(note.path)


@rule("MV301", "horizon-mismatch", Level.WARNING, "progress", goals_only=True)
def horizon_mismatch(note: Note, ctx: Context) -> Iterator[Finding]:
    """A goal whose start-to-due span does not fit its horizon."""
    g = _goal(note, ctx)
    if g is None or g.horizon is None or g.start is None or g.due is None or g.start > g.due:
        return  # start after due is smart-time-bound's finding
    days = (g.due - g.start).days
    lo, hi = ctx.config.horizons[g.horizon]
    if lo <= days and (hi is None or days <= hi):
        return
    kind = "max" if lo <= 0 else "min" if hi is None else "range"
    msg = Msg.of(f"horizon-mismatch-{kind}", horizon=g.horizon, days=days, min=lo, max=hi,
                 suggest=_fitting_horizon(ctx.config.horizons, days))
    yield Finding(key_span(note, "horizon"), msg)


def _fitting_horizon(horizons: dict[str, tuple[int, int | None]], days: int) -> str:
    """The first horizon that holds ``days``, else the nearest one."""
    def distance(rng: tuple[int, int | None]) -> int:
        lo, hi = rng
        return max(lo - days, 0 if hi is None else days - hi, 0)

    return min(horizons, key=lambda h: distance(horizons[h]))


@rule("MV302", "goal-overdue", Level.WARNING, "progress", goals_only=True)
def goal_overdue(note: Note, ctx: Context) -> Iterator[Finding]:
    """A planned or active goal whose due date has passed."""
    g = _goal(note, ctx)
    if g is not None and g.status in _OPEN and g.due is not None and g.due < ctx.today:
        days = (ctx.today - g.due).days
        msg = Msg.of("goal-overdue", due=g.due.isoformat(), days=days, status=g.status)
        yield Finding(key_span(note, "due"), msg)


@rule("MV303", "goal-stale", Level.WARNING, "progress", goals_only=True)
def goal_stale(note: Note, ctx: Context) -> Iterator[Finding]:
    """An active goal with no check-in in the last ``review_days`` (from its start when none)."""
    g = _goal(note, ctx)
    if g is None or g.status != "active":
        return
    last = max((d for d in g.checkins if d <= ctx.today), default=None)  # planned ones don't count
    since = last or g.start
    if since is None or (ctx.today - since).days <= ctx.config.review_days:
        return  # no start and no check-in: nothing to count from
    args = {"days": (ctx.today - since).days, "review": ctx.config.review_days,
            "today": ctx.today.isoformat(), "heading": heading_name(note, ctx.config, "checkins")}
    msg = Msg.of("goal-stale", last=since.isoformat(), **args) if last else Msg.of(
        "goal-stale-never", start=since.isoformat(), **args)
    line = note.section_line(ctx.config.headings["checkins"])
    yield Finding(Span.at_line(line) if line is not None else key_span(note, "status"), msg)


@rule("MV304", "too-many-active-goals", Level.WARNING, "progress", goals_only=True)
def too_many_active_goals(note: Note, ctx: Context) -> Iterator[Finding]:
    """An active goal beyond ``max_active_goals`` of its mentee (oldest start kept)."""
    over = ctx.cache.get("active-over-limit")
    if over is None:
        limit = ctx.config.max_active_goals
        over = ctx.cache["active-over-limit"] = over_limit(goals_in(ctx).values(), limit)
    if note.path in over:
        mentee, count = over[note.path]
        limit = ctx.config.max_active_goals
        msg = Msg.of("too-many-active-goals", mentee=mentee, count=count, limit=limit) if mentee else Msg.of(
            "too-many-active-goals-vault", count=count, limit=limit)
        yield Finding(key_span(note, "status"), msg)


# understood values written another way: fixable, and no reason to fail a build
_NONCANONICAL = frozenset({"goal-value-synonym", "goal-value-date-format"})


@rule("MV305", "goal-invalid-value", Level.ERROR, "progress", goals_only=True)
def goal_invalid_value(note: Note, ctx: Context) -> Iterator[Finding]:
    """A goal property with a value of the wrong type or outside its set."""
    g = _goal(note, ctx)
    if g is not None:
        yield from (f for f in g.invalid if f.msg.key not in _NONCANONICAL)


@rule("MV308", "goal-noncanonical-value", Level.WARNING, "progress", goals_only=True)
def goal_noncanonical_value(note: Note, ctx: Context) -> Iterator[Finding]:
    """A goal property written as a synonym, in another case or date format: understood, and fixable."""
    g = _goal(note, ctx)
    if g is None:
        return
    in_folder = any(note.path.startswith(f + "/") for f in ctx.config.goal_folders)
    readable = note.frontmatter.data is not None or not note.frontmatter.present
    if in_folder and readable and "type" not in note.fm:
        # a goal by its folder: saying so in the note keeps it a goal wherever it moves
        fix = insert_property(note, f"type: {ctx.config.goal_type}")
        yield Finding(Span(1, 1, 1, 1), Msg.of("goal-type-missing", type=ctx.config.goal_type), fix=fix)
    yield from (f for f in g.invalid if f.msg.key in _NONCANONICAL)


@rule("MV306", "task-invalid-date", Level.ERROR, "progress")
def task_invalid_date(note: Note, ctx: Context) -> Iterator[Finding]:
    """A Tasks-plugin date (📅 ⏳ 🛫 ✅ ➕) that is not a real YYYY-MM-DD date."""
    for item in note.items:
        for td in item.dates if item.task is not None else ():
            if parse_iso(td.raw) is not None:
                continue
            fixed = other_date_format(td.raw)
            if fixed is None:
                yield Finding(td.span, Msg.of("task-invalid-date", emoji=td.emoji, value=td.raw))
                continue
            at = Span(td.span.line, td.span.end_column - len(td.raw), td.span.line, td.span.end_column)
            msg = Msg.of("task-date-format", emoji=td.emoji, value=td.raw, fixed=fixed.isoformat())
            yield Finding(td.span, msg, fix=Fix(at, td.raw, fixed.isoformat()))


@rule("MV307", "task-after-due", Level.WARNING, "progress", goals_only=True)
def task_after_due(note: Note, ctx: Context) -> Iterator[Finding]:
    """An open plan task due (📅) after its goal's due date."""
    g = _goal(note, ctx)
    if g is None or g.due is None:
        return
    for item in note.section_items(ctx.config.headings["plan"]):
        if item.task is None or item.done:
            continue  # a finished task no longer threatens the deadline
        for td in item.dates:
            day = parse_iso(td.raw) if td.emoji == "📅" else None
            if day is not None and day > g.due:
                yield Finding(td.span, Msg.of("task-after-due", task_due=day.isoformat(), due=g.due.isoformat()))

"""SMART, made checkable (MV2xx): one rule per letter, read from the goal model.

The model (:mod:`mentorvault.goals`) decides each letter once per run, so the
progress note's SMART column and these diagnostics always agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Finding, Level
from ..goals import goals_in
from . import goal_messages as _messages  # noqa: F401  (registers the catalogue)
from . import rule

if TYPE_CHECKING:
    from ..engine import Context
    from ..notes import Note


def _letter(note: Note, ctx: Context, letter: str) -> Iterator[Finding]:
    goal = goals_in(ctx).get(note.path)
    if goal is not None:
        yield from goal.problems[letter]


@rule("MV201", "smart-specific", Level.ERROR, "smart", goals_only=True)
def smart_specific(note: Note, ctx: Context) -> Iterator[Finding]:
    """A goal title shorter than 3 words, or a vague aspiration with no number or link."""
    return _letter(note, ctx, "S")


@rule("MV202", "smart-measurable", Level.ERROR, "smart", goals_only=True)
def smart_measurable(note: Note, ctx: Context) -> Iterator[Finding]:
    """A goal with no metric, no numeric target and no success-criteria checkbox."""
    return _letter(note, ctx, "M")


@rule("MV203", "smart-achievable", Level.ERROR, "smart", goals_only=True)
def smart_achievable(note: Note, ctx: Context) -> Iterator[Finding]:
    """A goal with no task under its plan and no resources."""
    return _letter(note, ctx, "A")


@rule("MV204", "smart-relevant", Level.ERROR, "smart", goals_only=True)
def smart_relevant(note: Note, ctx: Context) -> Iterator[Finding]:
    """A goal with no known category, or no area linking a note."""
    return _letter(note, ctx, "R")


@rule("MV205", "smart-time-bound", Level.ERROR, "smart", goals_only=True)
def smart_time_bound(note: Note, ctx: Context) -> Iterator[Finding]:
    """A goal with no due date, or one that starts after it is due."""
    return _letter(note, ctx, "T")

"""Reading notes: problems found while loading and parsing (MV0xx)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..dates import parse_iso
from ..diagnostics import Finding, Fix, Level, Msg, Span
from ..goal_values import CHECKED_KEYS
from ..goals import is_goal
from . import rule

if TYPE_CHECKING:
    from ..engine import Context
    from ..notes import Note

_DEPRECATED = {"tag": "tags", "alias": "aliases", "cssclass": "cssclasses"}
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _parse_problems(note: Note, name: str) -> Iterator[Finding]:
    for p in note.problems:
        if p.rule == name:
            yield Finding(p.span, p.msg)


@rule("MV001", "unreadable-note", Level.ERROR, "notes")
def unreadable_note(note: Note, ctx: Context) -> Iterator[Finding]:
    """A note that cannot be read as UTF-8 text."""
    yield from _parse_problems(note, "unreadable-note")


@rule("MV002", "invalid-frontmatter", Level.ERROR, "notes")
def invalid_frontmatter(note: Note, ctx: Context) -> Iterator[Finding]:
    """Frontmatter that is not a YAML mapping Obsidian can read."""
    yield from _parse_problems(note, "invalid-frontmatter")


@rule("MV003", "note-too-large", Level.WARNING, "notes")
def note_too_large(note: Note, ctx: Context) -> Iterator[Finding]:
    """A note over ``max_note_bytes``, reported and not parsed."""
    yield from _parse_problems(note, "note-too-large")


@rule("MV004", "sync-conflict-copy", Level.WARNING, "notes")
def sync_conflict_copy(note: Note, ctx: Context) -> Iterator[Finding]:
    """A Syncthing or Dropbox conflict copy lying in the vault."""
    if note.is_conflict_copy:
        yield Finding(Span(1, 1, 1, 1), Msg.of("sync-conflict-copy", name=note.name))


@rule("MV005", "deprecated-property", Level.WARNING, "notes")
def deprecated_property(note: Note, ctx: Context) -> Iterator[Finding]:
    """``tag``, ``alias`` or ``cssclass``, which Obsidian 1.9 no longer reads."""
    for key in note.frontmatter.keys:
        new = _DEPRECATED.get(key.name)
        if not new:
            continue
        if note.frontmatter.key(new) is None:
            fix = Fix(key.span, key.name, new)
            yield Finding(key.span, Msg.of("deprecated-property", old=key.name, new=new), fix=fix)
        else:  # both present: renaming would clash, so the values must be merged by hand
            yield Finding(key.span, Msg.of("deprecated-property-merge", old=key.name, new=new))


@rule("MV006", "property-type", Level.WARNING, "notes")
def property_type(note: Note, ctx: Context) -> Iterator[Finding]:
    """A property value that does not fit its type in ``.obsidian/types.json``."""
    types = ctx.vault.settings.types
    goal = is_goal(note, ctx.config)
    for key in note.frontmatter.keys:
        if goal and key.name in CHECKED_KEYS:
            continue  # the goal rules say the same thing about these keys, with a fix
        kind = types.get(key.name)
        value = note.fm.get(key.name)
        if kind and value is not None and not _fits(kind, value):
            shown = str(value) if not isinstance(value, (list, dict)) else type(value).__name__
            yield Finding(key.value_span, Msg.of("property-type", key=key.name, type=kind, value=shown))


def _fits(kind: str, value: Any) -> bool:
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "checkbox":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, str) and parse_iso(value) is not None
    if kind == "datetime":
        return isinstance(value, str) and bool(_DATETIME.match(value) or parse_iso(value))
    if kind in ("multitext", "tags", "aliases"):
        return isinstance(value, (list, str)) and all(not isinstance(v, (list, dict)) for v in _as_list(value))
    if kind == "text":
        return not isinstance(value, (list, dict))
    return True


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]

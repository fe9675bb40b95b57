"""A vault kept loaded between changes: the watcher's engine.

After every update the diagnostics equal what a fresh ``check`` would print.
Only the notes a change can affect are checked again: the changed notes; the
notes linking to their names or aliases, when a note came or went or what a
link can reach in it changed (headings, block ids, aliases); every note with a
broken link when files come or go (its "did you mean" hint may change); and
the goals whose model changed (:mod:`goal_state` follows goals, check-ins and
the limit of active goals per mentee).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import engine
from . import vault as vault_mod
from .cache import NoteCache
from .config import Config
from .diagnostics import Diagnostic, Level, sort_key
from .goal_state import GoalState
from .goals import Goal
from .links import fold
from .notes import Note


@dataclass(frozen=True)
class Delta:
    """Problems that appeared and cleared, per note, in one update."""

    appeared: dict[str, list[Diagnostic]] = field(default_factory=dict)
    cleared: dict[str, list[Diagnostic]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.appeared and not self.cleared


def _name_keys(note: Note) -> set[str]:
    keys = {fold(note.name), fold(note.stem)}
    aliases = note.fm.get("aliases")
    for a in aliases if isinstance(aliases, list) else [aliases] if isinstance(aliases, str) else []:
        keys.add(fold(str(a)))
    return keys


def _face(note: Note) -> tuple[object, ...]:
    """What link rules read of a note they link to: whether it was parsed, its headings,
    block ids and aliases. A change elsewhere in it leaves the notes linking to it as they were."""
    return note.parsed, [(h.text, h.level) for h in note.headings], note.block_ids, note.fm.get("aliases")


def _link_keys(note: Note) -> set[str]:
    return {fold(link.path).rsplit("/", 1)[-1] for link in note.links if link.path}


class Session:
    def __init__(self, root: Path, config: Config, today: date, selection: engine.Selection,
                 cache: NoteCache | None = None) -> None:
        self.root, self.config, self.today, self.selection = root, config, today, selection
        self.cache = cache  # parsed notes on disk: a full load of an unchanged vault is quick
        self.generation = 0  # counts the updates in which files came or went
        # the notes checked again since the caller last set this to an empty set; None: all of them
        self.touched: set[str] | None = None
        self.reload()

    def reload(self) -> None:
        self.touched = None
        self.vault = vault_mod.load(self.root, self.config, self.cache)
        self.state = GoalState(self.vault, self.config)
        self.by_note: dict[str, list[Diagnostic]] = {}
        self.totals: Counter[Level] = Counter()  # problems by level over the vault
        self.generation += 1
        self.linkers: dict[str, set[str]] = defaultdict(set)
        for path, note in self.vault.notes.items():
            self._index_links(path, note, None)
        self._check(set(self.vault.notes))
        self.touched = None

    @property
    def goals(self) -> list[Goal]:
        """The vault's goals, sorted by path: what the goal rules read, and the progress note shows."""
        return self.state.ordered

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted((d for ds in self.by_note.values() for d in ds), key=sort_key)

    def update(self, hints: Iterable[str]) -> Delta:
        files = frozenset(self.vault.files)
        change = vault_mod.refresh(self.vault, self.config, hints)
        if change.reload:
            before = dict(self.by_note)
            self.reload()
            return _delta(before, self.by_note, set(before) | set(self.by_note))
        for path in change.notes:
            self._index_links(path, self.vault.notes.get(path), change.old.get(path))
        came_or_went = set(files ^ self.vault.files) if change.files_changed else set()
        self.generation += bool(came_or_went)
        paths = self._affected(change) | self.state.update(change.notes, came_or_went)
        if self.touched is not None:
            self.touched |= paths
        before = {p: self.by_note[p] for p in paths if p in self.by_note}
        self._check(paths)
        return _delta(before, self.by_note, paths)

    def _index_links(self, path: str, new: Note | None, old: Note | None) -> None:
        for key in _link_keys(old) if old else ():
            self.linkers[key].discard(path)
        for key in _link_keys(new) if new else ():
            self.linkers[key].add(path)

    def _affected(self, change: vault_mod.Change) -> set[str]:
        affected = set(change.notes)
        for path in change.notes:
            old, new = change.old.get(path), self.vault.notes.get(path)
            if old is not None and new is not None and _face(old) == _face(new):
                continue
            for note in (old, new):
                for key in _name_keys(note) if note else ():
                    affected |= self.linkers.get(key, set())
        if change.files_changed:
            affected |= {p for p, ds in self.by_note.items() if any(d.rule == "broken-link" for d in ds)}
        return affected

    def _check(self, paths: set[str]) -> None:
        ctx = engine.Context(self.vault, self.config, self.today)
        # the goal rules read these through the context: the session's, kept up to date
        ctx.cache["goals"], ctx.cache["active-over-limit"] = self.state.goals, self.state.over
        totals = self.totals
        for path in paths:
            note = self.vault.notes.get(path)
            found = engine.check_note(note, ctx, self.selection) if note else []
            old = self.by_note.get(path)
            if old is not None and _same(old, found):
                continue  # the same problems keep their list: what was made of it stays good
            for d in old or ():
                totals[d.level] -= 1
            for d in found:
                totals[d.level] += 1
            if found:
                self.by_note[path] = found
            else:
                self.by_note.pop(path, None)


def _same(old: list[Diagnostic], new: list[Diagnostic]) -> bool:
    """Equal in every field: a diagnostic's own equality is its place and rule only."""
    return len(old) == len(new) and all(map(_identical, old, new))


def _identical(a: Diagnostic, b: Diagnostic) -> bool:
    return (a.path, a.line, a.column, a.end_line, a.end_column, a.rule, a.code, a.level, a.message, a.hint,
            a.fix) == (b.path, b.line, b.column, b.end_line, b.end_column, b.rule, b.code, b.level, b.message,
                       b.hint, b.fix)


def _delta(before: dict[str, list[Diagnostic]], after: dict[str, list[Diagnostic]], paths: set[str]) -> Delta:
    """What appeared and cleared in the notes at ``paths`` (the others were not checked again)."""
    appeared, cleared = {}, {}
    for path in sorted(paths):
        old, new = before.get(path, []), after.get(path, [])
        if old == new:
            continue
        gone = [d for d in old if d not in new]
        came = [d for d in new if d not in old]
        if came:
            appeared[path] = came
        if gone:
            cleared[path] = gone
    return Delta(appeared, cleared)

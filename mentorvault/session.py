"""A vault kept loaded between changes: the watcher's engine.

After every update the diagnostics equal what a fresh ``check`` would print.
Only the notes a change can affect are checked again: the changed notes, the
notes linking to their names or aliases, every note with a broken link when
files come or go (its "did you mean" hint may change), and all goal notes when
a goal or a check-in changed or files came or went (goal rules read check-ins,
other goals, and which notes exist).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import engine
from . import vault as vault_mod
from .cache import NoteCache
from .config import Config
from .diagnostics import Diagnostic, sort_key
from .goals import Goal, feeds_goals, is_goal
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


def _link_keys(note: Note) -> set[str]:
    return {fold(link.path).rsplit("/", 1)[-1] for link in note.links if link.path}


class Session:
    def __init__(self, root: Path, config: Config, today: date, selection: engine.Selection,
                 cache: NoteCache | None = None) -> None:
        self.root, self.config, self.today, self.selection = root, config, today, selection
        self.cache = cache  # parsed notes on disk: a full load of an unchanged vault is quick
        self.reload()

    def reload(self) -> None:
        self.vault = vault_mod.load(self.root, self.config, self.cache)
        # the vault's goals as of the last update that could change them; None: not built
        self.goals: list[Goal] | None = None
        self.goal_paths = {p for p, n in self.vault.notes.items() if is_goal(n, self.config)}
        self.by_note: dict[str, list[Diagnostic]] = {}
        self.linkers: dict[str, set[str]] = defaultdict(set)
        for path, note in self.vault.notes.items():
            self._index_links(path, note, None)
        self._check(set(self.vault.notes))

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted((d for ds in self.by_note.values() for d in ds), key=sort_key)

    def update(self, hints: Iterable[str]) -> Delta:
        before = dict(self.by_note)
        change = vault_mod.refresh(self.vault, self.config, hints)
        if change.reload:
            self.reload()
            return _delta(before, self.by_note)
        for path in change.notes:
            self._index_links(path, self.vault.notes.get(path), change.old.get(path))
        self._check(self._affected(change))
        return _delta(before, self.by_note)

    def _index_links(self, path: str, new: Note | None, old: Note | None) -> None:
        for key in _link_keys(old) if old else ():
            self.linkers[key].discard(path)
        for key in _link_keys(new) if new else ():
            self.linkers[key].add(path)

    def _affected(self, change: vault_mod.Change) -> set[str]:
        affected = set(change.notes)
        for path in change.notes:
            for note in (change.old.get(path), self.vault.notes.get(path)):
                for key in _name_keys(note) if note else ():
                    affected |= self.linkers.get(key, set())
        if change.files_changed:
            affected |= {p for p, ds in self.by_note.items() if any(d.rule == "broken-link" for d in ds)}
        for path in change.notes:
            note = self.vault.notes.get(path)
            if note is not None and is_goal(note, self.config):
                self.goal_paths.add(path)
            else:
                self.goal_paths.discard(path)
        touched = (n for p in change.notes for n in (change.old.get(p), self.vault.notes.get(p)) if n)
        if change.files_changed or any(feeds_goals(n, self.config) for n in touched):
            # goal rules read check-ins, other goals and which notes exist: all goals, then
            affected |= self.goal_paths
        return affected

    def _check(self, paths: set[str]) -> None:
        ctx = engine.Context(self.vault, self.config, self.today)
        for path in paths:
            note = self.vault.notes.get(path)
            found = engine.check_note(note, ctx, self.selection) if note else []
            if found:
                self.by_note[path] = found
            else:
                self.by_note.pop(path, None)
        if "goals" in ctx.cache:  # built by the goal rules: the progress note needs them too
            self.goals = sorted(ctx.cache["goals"].values(), key=lambda g: g.path)


def _delta(before: dict[str, list[Diagnostic]], after: dict[str, list[Diagnostic]]) -> Delta:
    appeared, cleared = {}, {}
    for path in sorted(set(before) | set(after)):
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

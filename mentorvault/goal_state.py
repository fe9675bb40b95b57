"""The vault's goals kept up to date from one change to the next (the watcher's session).

A goal is built from its own note, the check-in notes whose ``goal`` links
resolve to it, and which notes its ``mentee`` and ``area`` links open. So a
change rebuilds only the goals it can reach: the changed notes, the goals a
changed check-in pointed to before and points to now, and, when files come or
go, the goals and check-ins with a link whose name matches one of those files
(a link resolves by its last name, :mod:`links`). The limit of active goals
is per mentee: only the groups of the goals that changed are counted again.
After every update the state equals a build from scratch (:func:`vault_goals`).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from .goals import Goal, build_goal, checkin_link, group_key, is_checkin, is_goal, over_limit
from .links import fold

if TYPE_CHECKING:
    from .config import Config
    from .notes import Note
    from .vault import Vault

Checkin = tuple[date, tuple[str, ...]]  # the check-in's date, the notes its goal links open


def target_key(target: str, source: str) -> str:
    """The folded last name a link from ``source`` to ``target`` is looked up by (as ``NameIndex``)."""
    if target.startswith(("./", "../")) or "/../" in target or target in (".", ".."):
        folder = source.rsplit("/", 1)[0] if "/" in source else ""
        target = posixpath.normpath(posixpath.join(folder, target))
    return fold(target.lstrip("/")).rsplit("/", 1)[-1]


def file_keys(paths: Iterable[str]) -> set[str]:
    """The names links find these files by: ``a/Note.md`` is found as ``note.md`` and ``note``."""
    keys = set()
    for path in paths:
        name = fold(path).rsplit("/", 1)[-1]
        keys.add(name)
        if name.endswith(".md"):
            keys.add(name[:-3])
    return keys


def _link_keys(note: Note) -> frozenset[str]:
    """Keys of the property links: a goal resolves its mentee and area, a check-in its goal."""
    return frozenset(target_key(x.path, note.path) for x in note.links if x.kind == "frontmatter" and x.path)


class GoalState:
    """Goals by path, the check-ins feeding them, and the active goals over the limit."""

    def __init__(self, vault: Vault, config: Config) -> None:
        self.vault, self.config = vault, config
        self.checkins: dict[str, Checkin] = {}
        self.noted: dict[str, dict[str, int]] = defaultdict(dict)  # goal path -> check-in path -> links
        self.keys: dict[str, frozenset[str]] = {}  # goal or check-in path -> its property links' keys
        self.goals: dict[str, Goal] = {}
        self.groups: dict[str, set[str]] = defaultdict(set)  # mentee group -> goal paths
        for path in sorted(vault.lintable):
            self._set_checkin(path)
        for path in sorted(vault.lintable):
            self._set_goal(path)
        self.over = over_limit(self.goals.values(), config.max_active_goals)
        self._sorted: list[Goal] | None = None

    @property
    def ordered(self) -> list[Goal]:
        """The goals sorted by path, as :func:`vault_goals` lists them."""
        if self._sorted is None:
            self._sorted = [self.goals[p] for p in sorted(self.goals)]
        return self._sorted

    def update(self, changed: Iterable[str], files: set[str]) -> set[str]:
        """Follow changed notes and files that came or went; the goal paths whose problems may differ."""
        dirty: set[str] = set()
        checkins = set(changed)
        dirty |= checkins
        if files:
            keys = file_keys(files)
            hit = {p for p, k in self.keys.items() if not k.isdisjoint(keys)}
            dirty |= hit
            checkins |= hit
        for path in checkins:
            dirty |= self._set_checkin(path)
        return self._rebuild(dirty)

    def _set_checkin(self, path: str) -> set[str]:
        """Read the check-in at ``path`` again; the goals whose check-ins it changed."""
        old = self.checkins.pop(path, None)
        note = self.vault.notes.get(path)
        if note is not None and path in self.vault.lintable and is_checkin(note, self.config):
            note = self.vault.full(path)  # the outline of a lean model has no links
            new = checkin_link(note, self.vault, self.config)
        else:
            new = None
        if new is not None and note is not None:
            self.checkins[path] = new
            self.keys[path] = _link_keys(note)
        elif path not in self.goals:
            self.keys.pop(path, None)
        if old == new:
            return set()
        touched = set()
        for entry, sign in ((old, -1), (new, 1)):
            if entry is None:
                continue
            for goal in entry[1]:
                links = self.noted[goal]
                links[path] = links.get(path, 0) + sign
                if not links[path]:
                    del links[path]
                if not links:
                    del self.noted[goal]
                touched.add(goal)
        return touched

    def dates(self, goal: str) -> tuple[date, ...]:
        """The dates of the check-in notes linking to ``goal``, once per link, ascending."""
        links = self.noted.get(goal, {})
        return tuple(sorted(self.checkins[p][0] for p, n in links.items() for _ in range(n)))

    def _set_goal(self, path: str) -> tuple[Goal | None, Goal | None]:
        old = self.goals.pop(path, None)
        note = self.vault.notes.get(path)
        new = None
        if note is not None and path in self.vault.lintable and is_goal(note, self.config):
            note = self.vault.full(path)
            new = self.goals[path] = build_goal(note, self.vault, self.config, self.dates(path))
            self.keys[path] = _link_keys(note)
        elif path not in self.checkins:
            self.keys.pop(path, None)
        if old is not None:
            self.groups[group_key(old)].discard(path)
        if new is not None:
            self.groups[group_key(new)].add(path)
        return old, new

    def _rebuild(self, dirty: set[str]) -> set[str]:
        """Build the dirty goals again; the paths whose goal or over-limit entry changed."""
        moved: set[str] = set()
        groups: set[str] = set()
        for path in dirty:
            old, new = self._set_goal(path)
            if old == new:
                if old is not None:
                    self.goals[path] = old  # the same goal stays the same object: what was made of it holds
                continue
            moved.add(path)
            groups |= {group_key(g) for g in (old, new) if g is not None}
        if moved:
            self._sorted = None
        members = [self.goals[p] for k in groups for p in self.groups.get(k, ())]
        fresh = over_limit(members, self.config.max_active_goals)
        for path in {p for k in groups for p in self.groups.get(k, ())} | moved:
            if self.over.get(path) != fresh.get(path):
                moved.add(path)
            if path in fresh:
                self.over[path] = fresh[path]
            else:
                self.over.pop(path, None)
        for k in groups:
            if not self.groups.get(k):
                self.groups.pop(k, None)
        return moved

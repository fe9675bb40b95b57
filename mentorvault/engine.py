"""Run the rules over a vault: stamp code, path and level, apply suppressions, sort."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import i18n
from .config import Config, ConfigError
from .diagnostics import Diagnostic, Finding, Level, sort_key
from .goals import is_goal
from .links import Resolution, heading_key
from .notes import Link, Note
from .parallel import PARALLEL_MIN_NOTES, forked_map, workers
from .rules import REGISTRY, RuleInfo
from .vault import Vault, display_path


@dataclass
class Context:
    """What a rule may read besides its note: the vault, the config, today."""

    vault: Vault
    config: Config
    today: date
    cache: dict[str, Any] = field(default_factory=dict)

    _resolved_for: str = field(default="", repr=False)
    _resolved: dict[str, Resolution] = field(default_factory=dict, repr=False)

    def resolve(self, note: Note, link: Link) -> Resolution:
        # several link rules ask about the same links of the same note: answer each once
        if self._resolved_for != note.path:
            self._resolved_for, self._resolved = note.path, {}
        found = self._resolved.get(link.path)
        if found is None:
            found = self._resolved[link.path] = self.vault.index.resolve(link.path, note.path)
        return found

    def heading_keys(self, note: Note) -> list[tuple[str, int]]:
        """A target note's headings as links compare them, worked out once per run."""
        keys: dict[str, list[tuple[str, int]]] = self.cache.setdefault("heading_keys", {})
        found = keys.get(note.path)
        if found is None:
            found = keys[note.path] = [(heading_key(h.text), h.level) for h in note.headings]
        return found


@dataclass(frozen=True)
class Selection:
    """Which rules run and at which level, after config, --select and --ignore."""

    levels: dict[str, Level]

    @classmethod
    def make(cls, config: Config, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
        select, ignore = list(select), list(ignore)
        for name in [*config.rules, *select, *ignore]:
            if name not in REGISTRY and not _is_family(name):
                raise ConfigError(f"unknown rule '{name}' (see: mentorvault rules)")
        levels = {}
        for info in REGISTRY.values():
            setting = config.rules.get(info.name, info.level.label)
            if setting == "off" or _named(info, ignore) or (select and not _named(info, select)):
                continue
            levels[info.name] = Level.parse(setting)
        return cls(levels)


def _is_family(name: str) -> bool:
    return any(r.family == name or r.code.startswith(name.upper()) for r in REGISTRY.values())


def _named(info: RuleInfo, names: list[str]) -> bool:
    return any(n in (info.name, info.family) or info.code.startswith(n.upper()) for n in names)


def check_note(note: Note, ctx: Context, selection: Selection) -> list[Diagnostic]:
    if note.path not in ctx.vault.lintable:
        return []
    off = _note_ignores(note)
    goal = is_goal(note, ctx.config)
    conflict_copy = note.is_conflict_copy
    shown = display_path(note.path)  # one string for all of the note's diagnostics
    out = []
    for name, level in selection.levels.items():
        info = REGISTRY[name]
        if name in off or "all" in off or (conflict_copy and name != "sync-conflict-copy"):
            continue
        if info.goals_only and not goal:
            continue
        for finding in info.fn(note, ctx):
            if not _suppressed(note, name, finding):
                out.append(_diagnostic(shown, info, level, finding, ctx.config.language))
    return sorted(out, key=sort_key)


def _note_ignores(note: Note) -> set[str]:
    value = note.fm.get("mentorvault-ignore")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return {str(v).strip() for v in items}


def _suppressed(note: Note, name: str, finding: Finding) -> bool:
    for line, rules in note.ignore_lines:
        if line == finding.span.line and (not rules or name in rules or "all" in rules):
            return True
    return False


def _diagnostic(shown: str, info: RuleInfo, level: Level, f: Finding, language: str) -> Diagnostic:
    s = f.span
    return Diagnostic(
        shown, s.line, s.column, s.end_line, s.end_column, info.name, info.code,
        level, i18n.render(f.msg, language), i18n.render(f.hint, language), f.fix,
    )


# Above this many notes the rules run in this process only: forked workers would each
# end up with a private copy of the pages of the model they touch.
FORK_MAX_NOTES = 20_000


def run(vault: Vault, config: Config, today: date, selection: Selection | None = None) -> list[Diagnostic]:
    selection = selection or Selection.make(config)
    ctx = Context(vault, config, today)
    paths = sorted(vault.lintable)
    if PARALLEL_MIN_NOTES <= len(paths) <= FORK_MAX_NOTES:
        size = -(-len(paths) // workers())
        done = forked_map(_check_paths, (ctx, selection), [paths[i : i + size] for i in range(0, len(paths), size)])
        if done is not None:
            return [d for part in done for d in part]
    return _check_paths((ctx, selection), paths)


def _check_paths(shared: tuple[Context, Selection], paths: list[str]) -> list[Diagnostic]:
    ctx, selection = shared
    out: list[Diagnostic] = []
    for path in paths:
        out.extend(check_note(ctx.vault.full(path), ctx, selection))
    return out

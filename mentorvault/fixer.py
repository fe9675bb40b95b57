"""``check --fix``: rewrite the spans the rules offer fixes for, and nothing else.

Each note is read once more and its rules are run on exactly those bytes, so
every fix is computed from the text it is applied to; the result is written
only if the file still holds those bytes (``write_if_changed(expected=...)``):
an editor's save in between wins, and the note is reported instead.
Fixing can expose another fix (a renamed key whose value was also off), so
the vault is checked again until nothing more applies, a few passes at most.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import engine
from .config import Config
from .diagnostics import Diagnostic, Fix
from .fixes import apply_fixes
from .notes import parse_note
from .vault import Vault, display_path, load, read_bytes
from .writer import ChangedOnDisk, write_if_changed

MAX_PASSES = 5


@dataclass
class FixRun:
    """What ``--fix`` did; ``vault`` and ``diagnostics`` are the re-check after fixing."""

    vault: Vault
    diagnostics: list[Diagnostic]
    fixed: int = 0
    written: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # edited since read: left alone
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, why) not writable


def fix_vault(
    model: Vault, diagnostics: list[Diagnostic], config: Config, today: date,
    selection: engine.Selection, only: set[str] | None = None,
) -> FixRun:
    """Fix every fixable diagnostic of a checked vault (in the notes ``only`` names, when given)."""
    run = FixRun(model, diagnostics)
    left_alone: set[str] = set()
    for _ in range(MAX_PASSES):
        todo = _fixable_notes(run.vault, run.diagnostics, only) - left_alone
        progressed = False
        for rel in sorted(todo):
            progressed |= _fix_note(rel, run, config, today, selection, left_alone)
        if not progressed:
            break
        run.vault = load(run.vault.root, config)
        run.diagnostics = engine.run(run.vault, config, today, selection)
    return run


_NOTICES = {
    "changed": ("{path}: changed on disk while being fixed; left as it is, run --fix again",
                "{path}: файл изменился во время исправления; оставлен как есть, запустите --fix ещё раз"),
    "failed": ("{path}: cannot write the fix: {why}", "{path}: не удалось записать исправление: {why}"),
}


def notices(run: FixRun, language: str) -> list[str]:
    """One line per note that could not be fixed, in the vault's language."""
    pick = 1 if language == "ru" else 0
    out = [_NOTICES["changed"][pick].format(path=display_path(p)) for p in run.changed]
    out += [_NOTICES["failed"][pick].format(path=display_path(p), why=why) for p, why in run.failed]
    return out


def _fixable_notes(model: Vault, diagnostics: list[Diagnostic], only: set[str] | None) -> set[str]:
    # diagnostics carry display paths; map them back to the names on disk
    shown = {d.path for d in diagnostics if d.fix is not None}
    return {p for p in model.lintable if display_path(p) in shown and (only is None or p in only)}


def _fixes_for(raw: bytes, rel: str, model: Vault, config: Config, today: date,
               selection: engine.Selection) -> list[Fix]:
    """The fixes the rules offer for exactly ``raw``, with the vault's other notes as loaded."""
    loaded, note = model.notes[rel], parse_note(rel, raw, config.check_comments)
    model.notes[rel] = note  # goal rules read the note through the vault, not only as an argument
    try:
        # a fresh context: rules cache vault-wide models (goals) built from the notes
        ctx = engine.Context(model, config, today)
        return [d.fix for d in engine.check_note(note, ctx, selection) if d.fix is not None]
    finally:
        model.notes[rel] = loaded


def _fix_note(rel: str, run: FixRun, config: Config, today: date, selection: engine.Selection,
              left_alone: set[str]) -> bool:
    raw, _ = read_bytes(run.vault.root, rel, config.max_note_bytes)
    if raw is None:
        return False
    result = apply_fixes(raw, _fixes_for(raw, rel, run.vault, config, today, selection))
    if not result.applied:
        return False
    try:
        write_if_changed(run.vault.root / rel, result.data, expected=raw)
    except ChangedOnDisk:
        run.changed.append(rel)
        left_alone.add(rel)
        return False
    except OSError as err:
        run.failed.append((rel, err.strerror or str(err)))
        left_alone.add(rel)
        return False
    run.fixed += len(result.applied)
    if rel not in run.written:
        run.written.append(rel)
    return True

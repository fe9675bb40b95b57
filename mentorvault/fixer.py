"""``check --fix``: rewrite the spans the rules offer fixes for, and nothing else.

Each note is read once more, and every fix is computed from exactly the bytes
it is applied to: the check's own fixes when those bytes parse to the note the
check saw, else the note's rules run again on them. The result is written
only if the file still holds those bytes (``write_if_changed(expected=...)``):
an editor's save in between wins, and the note is reported instead.
Fixing can expose another fix (a renamed key whose value was also off), so
the vault is checked again until nothing more applies, a few passes at most.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import engine, i18n
from .config import Config
from .diagnostics import Diagnostic, Fix
from .fixes import apply_safely
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
    fixer = _Fixer(FixRun(model, diagnostics), config, today, selection)
    for _ in range(MAX_PASSES):
        if not fixer.one_pass(only):
            break
        fixer.run.vault = load(model.root, config)
        fixer.run.diagnostics = engine.run(fixer.run.vault, config, today, selection)
    return fixer.run


i18n.register({
    "fix-changed": ("{path}: changed on disk while being fixed; left as it is, run --fix again",
                    "{path}: файл изменился во время исправления; оставлен как есть, запустите --fix ещё раз"),
    "fix-failed": ("{path}: cannot write the fix: {why}", "{path}: не удалось записать исправление: {why}"),
})


def notices(run: FixRun, language: str) -> list[str]:
    """One line per note that could not be fixed, in the vault's language."""
    out = [i18n.text("fix-changed", language, path=display_path(p)) for p in run.changed]
    out += [i18n.text("fix-failed", language, path=display_path(p), why=why) for p, why in run.failed]
    return out


def _fixable_notes(model: Vault, diagnostics: list[Diagnostic], only: set[str] | None) -> set[str]:
    # diagnostics carry display paths; map them back to the names on disk
    shown = {d.path for d in diagnostics if d.fix is not None}
    return {p for p in model.lintable if display_path(p) in shown and (only is None or p in only)}


@dataclass
class _Fixer:
    run: FixRun
    config: Config
    today: date
    selection: engine.Selection
    left_alone: set[str] = field(default_factory=set)  # changed on disk or unwritable: not retried

    def one_pass(self, only: set[str] | None) -> bool:
        """Fix each note that has fixes; whether any note was written."""
        found: dict[str, list[Fix]] = {}
        for d in self.run.diagnostics:
            if d.fix is not None:
                found.setdefault(d.path, []).append(d.fix)
        progressed = False
        for rel in sorted(_fixable_notes(self.run.vault, self.run.diagnostics, only) - self.left_alone):
            progressed |= self.fix_note(rel, found.get(display_path(rel), []))
        return progressed

    def fix_note(self, rel: str, checked: list[Fix]) -> bool:
        raw, _ = read_bytes(self.run.vault.root, rel, self.config.max_note_bytes)
        if raw is None:
            return False
        result = apply_safely(raw, self.fixes_for(raw, rel, checked))
        if not result.applied:
            return False
        try:
            write_if_changed(self.run.vault.root / rel, result.data, expected=raw)
        except ChangedOnDisk:
            self.run.changed.append(rel)
        except OSError as err:
            self.run.failed.append((rel, err.strerror or str(err)))
        else:
            self.run.fixed += len(result.applied)
            if rel not in self.run.written:
                self.run.written.append(rel)
            return True
        self.left_alone.add(rel)
        return False

    def fixes_for(self, raw: bytes, rel: str, checked: list[Fix]) -> list[Fix]:
        """The fixes the rules offer for exactly ``raw``, the vault's other notes as loaded."""
        model = self.run.vault
        loaded, note = model.notes[rel], parse_note(rel, raw, self.config.check_comments)
        if note == loaded:
            return checked  # the bytes the check saw: its fixes stand
        model.notes[rel] = note  # goal rules read the note through the vault, not only as an argument
        try:
            # a fresh context: rules cache vault-wide models (goals) built from the notes
            ctx = engine.Context(model, self.config, self.today)
            return [d.fix for d in engine.check_note(note, ctx, self.selection) if d.fix is not None]
        finally:
            model.notes[rel] = loaded

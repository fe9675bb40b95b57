"""Goal notes: detection (the goal model grows here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Config
    from .notes import Note
    from .vault import Vault


def is_goal(note: Note, config: Config) -> bool:
    if note.is_conflict_copy:
        return False
    if str(note.fm.get("type", "")).strip().casefold() == config.goal_type.casefold():
        return True
    if any(note.path.startswith(f + "/") for f in config.goal_folders):
        return True
    return any(t == g or t.startswith(g + "/") for t in note.tags for g in config.goal_tags)


def count_goals(vault: Vault, config: Config) -> int:
    return sum(is_goal(vault.notes[p], config) for p in vault.lintable)

"""The watcher's side of the progress note: write it, and know our own writes when they come back.

The note is also a note of the vault: other notes may link to it and to its
headings. So when it is new, or something links to it, the session reads it
again after the write; since that can change a problem the note lists, the
note is rendered again until nothing moves (one more round at most, in
practice). An event for the note is ours when the file now holds exactly the
bytes we left there: the content hash, not a time window, because a save by
the user a moment after ours must count.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from .goals import vault_goals
from .links import fold
from .progress_note import ProgressNoteError, render
from .progress_update import Outcome, note_path, update
from .session import Session
from .vault import read_bytes
from .watch_stop import Stopper

ROUNDS = 3
_MAX_BYTES = 64 * 1024 * 1024


def _digest(session: Session, rel: str) -> str | None:
    data, problem = read_bytes(session.root, rel, _MAX_BYTES)
    return None if data is None or problem is not None else hashlib.sha256(data).hexdigest()


@dataclass
class ProgressNote:
    """Writes the note after each update and remembers the hash of what the session last read of it."""

    ours: dict[str, str] = field(default_factory=dict)  # folded vault path -> sha256
    stale: bool = True  # until a write succeeds, and again after one fails: never skip rendering it

    def owns(self, rel: str) -> bool:
        """Whether ``rel`` is the progress note (as last written)."""
        return fold(rel) in self.ours

    def is_ours(self, session: Session, rel: str) -> bool:
        """True when ``rel`` is the progress note and the file holds what we wrote."""
        known = self.ours.get(fold(rel))
        return known is not None and _digest(session, rel) == known

    def write(self, session: Session, today: date, stopper: Stopper) -> Outcome | None:
        """Bring the note up to date; the last write's outcome, None when nothing was written.

        Rendering only reads, and a stop may cut it short (seconds on a large vault);
        the write itself is never cut (a temporary file would be left behind).
        Raises ProgressNoteError (its message in the vault's language) when it cannot.
        """
        written = None
        self.stale = True
        for _ in range(ROUNDS):
            with stopper.interruptible():
                rel, block = _render(session, today)
            with stopper.deferred():
                outcome = update(session.root, rel, block, session.config.language)
                self.ours = {fold(rel): _digest(session, rel) or ""}
            if not outcome.written:
                break
            written = outcome
            with stopper.interruptible():
                if not _read_again(session, rel, outcome) or session.update([rel]).empty:
                    break
        self.stale = False
        return written


def _render(session: Session, today: date) -> tuple[str, str]:
    """The note's path and block, as ``index`` renders them (``progress_update.refresh``)."""
    rel = note_path(session.config, session.vault.files)
    known = session.goals if session.goals is not None else vault_goals(session.vault, session.config)
    goals = [g for g in known if fold(g.path) != fold(rel)]
    shown = [d for d in session.diagnostics if fold(d.path) != fold(rel)]
    return rel, render(goals, shown, session.config, today)


def _read_again(session: Session, rel: str, outcome: Outcome) -> bool:
    """Whether the session must read the note we wrote: only its block changed, so only
    a first write (links to it now resolve) or links into it (headings) can matter."""
    path = PurePosixPath(rel)
    return outcome.state == "created" or any(session.linkers.get(fold(k)) for k in (path.name, path.stem))


__all__ = ["ProgressNote", "ProgressNoteError"]

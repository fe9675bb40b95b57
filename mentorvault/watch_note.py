"""The watcher's side of the progress note: write it, and know our own writes when they come back.

The note is also a note of the vault: other notes may link to it and to its
headings. So when it is new, or something links to it, the session reads it
again after the write; since that can change a problem the note lists, the
note is rendered again until nothing moves (one more round at most, in
practice). An event for the note is ours when the file now holds exactly the
bytes we left there (kept, and compared whole: no time window, because a save
by the user a moment after ours must count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from .goals import Goal
from .links import fold
from .progress_note import ProgressNoteError
from .progress_sections import Sections
from .progress_update import Outcome, Seen, note_path, write_block
from .session import Session
from .vault import read_bytes
from .watch_stop import Stopper

ROUNDS = 3
_MAX_BYTES = 64 * 1024 * 1024


def _bytes(session: Session, rel: str) -> bytes | None:
    data, problem = read_bytes(session.root, rel, _MAX_BYTES)
    return None if problem is not None else data


@dataclass
class ProgressNote:
    """Writes the note after each update and remembers the bytes it left there."""

    ours: dict[str, bytes] = field(default_factory=dict)  # folded vault path -> the bytes we left there
    stale: bool = True  # until a write succeeds, and again after one fails: never skip rendering it
    sections: Sections = field(default_factory=Sections)  # the last render's parts, to reuse
    seen: Seen = field(default_factory=Seen)  # the note as last written, and where its block lies
    _where: tuple[object, object, int, str] | None = field(default=None, repr=False)
    _shown: tuple[list[Goal], str, list[Goal]] | None = field(default=None, repr=False)

    def owns(self, rel: str) -> bool:
        """Whether ``rel`` is the progress note (as last written)."""
        return fold(rel) in self.ours

    def is_ours(self, session: Session, rel: str) -> bool:
        """True when ``rel`` is the progress note and the file holds what we wrote."""
        known = self.ours.get(fold(rel))
        if known is None:
            return False
        if self.seen.data is known and self.seen.untouched(session.root, rel):
            return True  # the file's status is what our write left: no need to read megabytes
        return _bytes(session, rel) == known

    def _path(self, session: Session) -> str:
        """The note's path, looked for among the files again only when files came or went."""
        where = self._where
        if where is None or where[0] is not session.config or where[1] is not session.vault \
                or where[2] != session.generation:
            rel = note_path(session.config, session.vault.files)
            where = self._where = session.config, session.vault, session.generation, rel
        return where[3]

    def _goals(self, session: Session, rel: str) -> list[Goal]:
        """The goals the note shows (not itself, were it a goal), sifted again when they change."""
        known = session.goals
        if self._shown is None or self._shown[0] is not known or self._shown[1] != rel:
            self._shown = known, rel, [g for g in known if fold(g.path) != fold(rel)]
        return self._shown[2]

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
                rel = self._path(session)
                goals = self._goals(session, rel)
                block = self.sections.pieces(goals, session.by_note, session.config, today, rel)
            with stopper.deferred():
                outcome = write_block(session.root, rel, block, session.config.language, seen=self.seen)
                # what we left there: a save of the user's landing after it is not ours
                self.ours = {fold(rel): outcome.data or b""}
            if not outcome.written:
                break
            written = outcome
            with stopper.interruptible():
                if not _read_again(session, rel, outcome) or session.update([rel]).empty:
                    break
        self.stale = False
        return written


def _read_again(session: Session, rel: str, outcome: Outcome) -> bool:
    """Whether the session must read the note we wrote: only its block changed, so only
    a first write (links to it now resolve) or links into it (headings) can matter."""
    path = PurePosixPath(rel)
    return outcome.state == "created" or any(session.linkers.get(fold(k)) for k in (path.name, path.stem))


__all__ = ["ProgressNote", "ProgressNoteError"]

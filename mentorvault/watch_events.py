"""From file-system events to batches of hints: the callback side of the watcher.

The callback runs on watchdog's observer thread, where one uncaught exception
ends the thread without a word: :class:`Handler` never raises and never reads
a note. It only turns an event into vault-relative paths, drops the editors'
scratch files, and wakes the loop. The loop asks the :class:`Inbox` for a batch
once the events have stopped for the debounce interval: a save is a burst of
events (create, modify, close, often a rename), and one update per burst is
enough because the session re-reads the disk, whatever the events said.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from .config import CONFIG_NAMES
from .vault import SETTINGS_FILES

Clock = Callable[[], float]

LIMIT = 1000  # hints in one batch beyond which reading the whole vault again is cheaper and surer

# Editors save through scratch files; none of them is a note. vim writes `.note.md.swp`
# (and .swx, .swo after a crash), renames the note to `note.md~` and probes the folder
# with a file named `4913`; emacs keeps `.#note.md` lock links and `#note.md#` autosaves;
# VS Code, JetBrains and Obsidian's own atomic writes go through `*.tmp` or `___jb_tmp___`
# files that are then renamed onto the note (that rename's destination is what counts).
_SCRATCH_SUFFIXES = (".swp", ".swx", ".swo", "~", ".tmp", ".crswap", "___jb_tmp___", "___jb_old___")
_SCRATCH_NAMES = frozenset({"4913"})
# Reads (ours included) open and close files: they never change anything.
_READ_EVENTS = frozenset({"opened", "closed_no_write"})


def is_scratch(rel: str) -> bool:
    """Whether a vault-relative path is nothing the vault model reads.

    Hidden files and folders (``.obsidian/``, ``.trash/``, ``.git/``, swap and lock
    files) are skipped, except the settings files that change how the vault is read.
    """
    if rel in SETTINGS_FILES or rel in CONFIG_NAMES:
        return False
    parts = rel.split("/")
    if not rel or any(part.startswith(".") or part in ("", "..") for part in parts):
        return True
    name = parts[-1]
    return name in _SCRATCH_NAMES or name.endswith(_SCRATCH_SUFFIXES) or (
        name.startswith("#") and name.endswith("#"))


@dataclass(frozen=True)
class Batch:
    paths: frozenset[str]
    lost: bool  # events were lost (queue overflow, a failing callback): only a full reload is right


class Inbox:
    """Hints from the callbacks, released as a batch once no new one came for ``quiet`` seconds.

    A vault that never goes quiet (a sync client writing for minutes) still gets
    an update every ``patience`` seconds, so the note is never left far behind.
    """

    def __init__(self, quiet: float, clock: Clock = time.monotonic, patience: float | None = None) -> None:
        self.quiet, self.clock = quiet, clock
        self.patience = patience if patience is not None else max(2.0, 10 * quiet)
        self._cond = threading.Condition()
        self._paths: set[str] = set()
        self._lost = False
        self._first: float | None = None
        self._last = 0.0

    def add(self, hints: Iterable[str]) -> None:
        with self._cond:
            self._paths.update(hints)
            if len(self._paths) > LIMIT:
                self._paths.clear()  # memory stays bounded; the reload reads everything anyway
                self._lost = True
            self._touch()

    def lose(self) -> None:
        with self._cond:
            self._lost = True
            self._touch()

    def _touch(self) -> None:
        self._last = self.clock()
        if self._first is None:
            self._first = self._last
        self._cond.notify_all()

    def ready_in(self) -> float | None:
        """Seconds until the pending batch is ready (0 when it is), None when nothing is pending."""
        with self._cond:
            if self._first is None:
                return None
            now = self.clock()
            return max(0.0, min(self._last + self.quiet, self._first + self.patience) - now)

    def take(self) -> Batch | None:
        """The pending batch when it is ready, else None; a taken batch starts a new one."""
        with self._cond:
            wait = self.ready_in()
            if wait is None or wait > 0:
                return None
            batch = Batch(frozenset(self._paths), self._lost)
            self._paths, self._lost, self._first = set(), False, None
            return batch

    def wait(self, timeout: float) -> None:
        """Sleep until a hint arrives or ``timeout`` passes."""
        with self._cond:
            self._cond.wait(timeout)


class Handler(FileSystemEventHandler):
    """Queues the vault-relative paths an event names; never raises, never reads a note.

    ``extra`` maps absolute paths outside the vault (a ``--config`` file) to the hint
    that stands for them.
    """

    def __init__(self, root: str, inbox: Inbox, extra: dict[str, str] | None = None) -> None:
        super().__init__()
        self.root, self.inbox, self.extra = root, inbox, extra or {}

    def dispatch(self, event: FileSystemEvent) -> None:
        try:
            hints = self.hints(event)
            if hints:
                self.inbox.add(hints)
        except Exception:  # noqa: BLE001 - a raise here would end the observer thread silently
            self._lost()

    def hints(self, event: FileSystemEvent) -> list[str]:
        if event.event_type in _READ_EVENTS:
            return []
        if event.is_directory and event.event_type == "modified":
            return []  # a folder's own "modified" repeats its entries' events; rescanning it is costly
        paths = (os.fsdecode(p) for p in (event.src_path, event.dest_path) if p)
        return [h for h in (self.hint(p) for p in paths) if h is not None]

    def hint(self, path: str) -> str | None:
        """The vault-relative POSIX path of ``path``, or None when it is not the watcher's business."""
        if path in self.extra:
            return self.extra[path]
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        if rel == "." or rel.startswith("../") or rel == ".." or is_scratch(rel):
            return None
        return rel

    def _lost(self) -> None:
        try:
            self.inbox.lose()
        except Exception:  # noqa: BLE001, S110 - nothing left to tell; the health check restarts us
            pass

"""Starting, checking and stopping watchdog's observer, with the fall back to polling.

Native watching (inotify on Linux) can fail to start: the per-user watch limit
(``fs.inotify.max_user_watches``) is easily used up by a vault of many folders
next to an IDE, and network or FUSE file systems send no events at all. Polling
works everywhere, at the price of a stat of every file each interval.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserverVFS

from .watch_events import Clock, Handler, Inbox

POLL_INTERVAL = 0.5  # seconds; each look stats every file: about 0.1 s for 10k notes
RETRY = 2.0  # seconds between attempts to start an observer that failed to start

# What changes a vault. Asking only for these lets inotify skip opens and reads
# (ours included) at the source; a folder's own "modified" is left out because it
# repeats what its entries' events say.
EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent,
    FileAttribEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
]


def _root_id(root: str) -> tuple[int, int]:
    info = os.stat(root)
    return info.st_dev, info.st_ino


class _LostEvents(logging.Handler):
    """Hears watchdog say that the kernel dropped events, or that a watch failed.

    watchdog rebuilds its inotify watches after a queue overflow but tells no
    event handler; the events in between are gone, so the vault must be read again.
    """

    def __init__(self, inbox: Inbox) -> None:
        super().__init__(logging.WARNING)
        self.inbox = inbox

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if record.levelno >= logging.ERROR or "overflow" in record.getMessage().lower():
                self.inbox.lose()
        except Exception:  # noqa: BLE001, S110 - logging must never raise into watchdog's threads
            pass


@dataclass
class Watching:
    """A running observer on the vault, and what it takes to tell that it still works."""

    observer: BaseObserver
    polling: bool
    root: str
    root_id: tuple[int, int]
    log: _LostEvents = field(repr=False)

    def healthy(self) -> bool:
        """False when a thread died or the vault folder was replaced (deleted and made again)."""
        try:
            alive = self.observer.is_alive() and all(e.is_alive() for e in list(self.observer.emitters))
            return alive and _root_id(self.root) == self.root_id
        except OSError:
            return False

    def stop(self) -> None:
        logging.getLogger("watchdog").removeHandler(self.log)
        try:
            self.observer.stop()
            self.observer.join(timeout=1.0)
        except Exception:  # noqa: BLE001, S110 - stopping a broken observer: nothing more to do
            pass


def start(root: str, handler: Handler, polling: bool, files: list[str]) -> tuple[Watching, str | None]:
    """Watch ``root`` (and the extra ``files``); the second value says why native watching failed.

    Raises OSError when even polling cannot start (the vault folder is gone).
    """
    reason = None
    if not polling:
        try:
            return _start(Observer(), root, handler, files, False), None
        except Exception as err:  # noqa: BLE001 - any failure of the native observer means: poll
            reason = _describe(err)
    return _start(_polling(), root, handler, files, True), reason


def _polling() -> BaseObserver:
    # os.lstat, not watchdog's default os.stat: a snapshot must not follow a link to a
    # folder, or a link to /etc is listed twice a second and a link to "." is walked
    # forty levels deep (two such links: 2**40 paths). Nothing outside the vault is read.
    return PollingObserverVFS(os.lstat, os.scandir, polling_interval=POLL_INTERVAL)


def _start(observer: BaseObserver, root: str, handler: Handler, files: list[str],
           polling: bool) -> Watching:
    log = _LostEvents(handler.inbox)
    try:
        root_id = _root_id(root)
        observer.schedule(handler, root, recursive=True, event_filter=EVENTS)
        for path in files:
            observer.schedule(handler, path, recursive=False, event_filter=EVENTS)
        logging.getLogger("watchdog").addHandler(log)
        observer.start()
    except BaseException:
        logging.getLogger("watchdog").removeHandler(log)
        _quietly_stop(observer)
        raise
    return Watching(observer, polling, root, root_id, log)


def _quietly_stop(observer: BaseObserver) -> None:
    # the native observer starts its inotify reader thread in its constructor
    try:
        observer.stop()
    except Exception:  # noqa: BLE001, S110 - it never ran; there is nothing to save
        pass


def _describe(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return str(err) or type(err).__name__


class Keeper:
    """Keeps one observer on the vault: starts it, tells when it stopped working, restarts it.

    A start that fails (the folder unreadable, say) is tried again every RETRY
    seconds, not on every turn of the loop: each restart means a full reload.
    """

    def __init__(self, handler: Handler, polling: bool, clock: Clock) -> None:
        self.handler, self.polling, self.clock = handler, polling, clock
        self.watching: Watching | None = None
        self.retry_at = 0.0
        self.error: str | None = None  # the last failure, said once

    @property
    def polls(self) -> bool:
        return self.watching is not None and self.watching.polling

    def due(self) -> bool:
        """Whether to (re)start now: the observer is not working, and the last try is old enough."""
        return not (self.watching is not None and self.watching.healthy()) and self.clock() >= self.retry_at

    def restart(self) -> str | None:
        """Start watching again; the reason native watching failed, if it did.

        Raises OSError when no observer can start (the folder is gone or unreadable).
        """
        self.stop()
        try:
            self.watching, reason = start(self.handler.root, self.handler, self.polling, list(self.handler.extra))
        except OSError:
            self.retry_at = self.clock() + RETRY
            raise
        self.error = None
        return reason

    def stop(self) -> None:
        if self.watching is not None:
            self.watching.stop()
            self.watching = None

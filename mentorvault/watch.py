"""The watcher: callbacks queue hints, one loop debounces them and updates the session.

``mentorvault watch`` keeps a :class:`~mentorvault.session.Session` loaded; each
burst of saves becomes one ``session.update`` of the paths it touched, then the
progress note is written when its bytes change. Whatever goes wrong (a bad
note, a folder deleted under us, a dead observer thread, lost events) is said
in one line and repaired by reading the vault again; the loop goes on. It runs
on the main thread, so that Ctrl-C and SIGTERM reach it (:mod:`watch_stop`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from . import engine
from .cache import NoteCache
from .config import CONFIG_NAMES, Config, ConfigError
from .diagnostics import Diagnostic
from .goals import feeds_goals
from .session import Delta, Session
from .watch_events import Batch, Clock, Handler, Inbox
from .watch_note import ProgressNote, ProgressNoteError
from .watch_observer import POLL_INTERVAL, Keeper
from .watch_report import changes, delta_lines, say, stamp, totals_line
from .watch_stop import Stopper

TICK = 0.1  # seconds between looks at the stop flag and the observer's health when idle
Problems = dict[str, list[Diagnostic]]


class Watcher:
    """One vault's session, progress note and observer; applies each batch of changes.

    Call :meth:`open` first (the full check and index), then :meth:`run` or :meth:`step`.
    """

    session: Session

    def __init__(self, root: Path, load_config: Callable[[], Config], emit: Callable[[str], None], *,
                 debounce: float = 0.3, polling: bool = False, today: date | None = None,
                 config_file: Path | None = None, stopper: Stopper | None = None,
                 clock: Clock = time.monotonic, now: Callable[[], datetime] = datetime.now) -> None:
        self.root, self.load_config, self.emit = root, load_config, emit
        self.fixed_today, self.now = today, now
        self.stopper = stopper or Stopper()
        self.inbox = Inbox(debounce, clock)
        self.note = ProgressNote()
        self.gone = False
        self.language = "en"
        self.written: str | None = None  # the progress note's line, said after the problems
        extra = {_real(config_file): CONFIG_NAMES[0]} if config_file else {}
        # inotify does not follow a symbolic link to the vault: watch the real folder
        self.handler = Handler(os.path.realpath(root), self.inbox, extra)
        self.keeper = Keeper(self.handler, polling, clock)

    def today(self) -> date:
        return self.fixed_today or date.today()

    def open(self, config: Config) -> Session:
        """Watch first, then read: a save during a long first read is queued, not missed."""
        self.language = config.language
        self._watch()  # when it cannot start, the loop's health check says so and tries again
        self._start_session(config)
        self._write_note()
        return self.session

    def banner(self) -> str:
        """What to say once the first check is printed: the note's state and that we watch."""
        key = "polling" if self.keeper.polls else "watching"
        lines = [self.written] if self.written else []
        self.written = None
        return "\n".join([*lines, say(key, self.language, vault=self.root, interval=POLL_INTERVAL)])

    def run(self) -> None:
        while not self.stopper.requested:
            self.step()

    def step(self) -> None:
        """One turn of the loop: check health, then apply a settled batch or wait for one."""
        if not self._healthy():
            return
        batch = self.inbox.take()
        if batch is not None:
            self.apply(batch)
            return
        due = self.inbox.ready_in()
        self.inbox.wait(TICK if due is None else min(due, TICK))

    def apply(self, batch: Batch) -> None:
        hints = {p for p in batch.paths if not self.note.is_ours(self.session, p)}
        if not hints and not batch.lost:
            return  # only our own write of the progress note came back
        before = dict(self.session.by_note)
        self.session.touched = set()  # what this batch checks again: only those notes are compared
        try:
            self._update(hints, batch.lost, before)
        except Exception as err:  # noqa: BLE001 - a long-running watcher reports and repairs
            self._reload("why-error", error=f"{type(err).__name__}: {err}")
            self._write_note()
        self._report(before)

    def _update(self, hints: set[str], lost: bool, before: Problems) -> None:
        if hints & set(CONFIG_NAMES):
            self._reconfigure()
        elif lost:
            self._reload("why-lost")
        else:
            plain = self._plain(hints)
            with self.stopper.interruptible():
                self.session.update(hints)
            if plain and not self.note.stale and self._plain(hints) and self._changes(before).empty:
                return  # the note shows goals and problems; neither moved: rendering it is waste
        self._write_note()

    def _plain(self, hints: set[str]) -> bool:
        """Whether every hint names a note that feeds no goal (not a goal, not a check-in, not
        the progress note): then only the problems can change what the progress note shows."""
        notes, config = self.session.vault.notes, self.session.config
        return all(p in notes and not self.note.owns(p) and not feeds_goals(notes[p], config) for p in hints)

    def _reconfigure(self) -> None:
        """The config file changed: a fresh session under the new config (a bad one keeps the old)."""
        try:
            config = self.load_config()
            engine.Selection.make(config)
        except ConfigError as err:
            self._say("config-error", error=str(err))
            return
        self._say("reloading", reason=say("why-settings", config.language))
        self._start_session(config)

    def _start_session(self, config: Config) -> None:
        with self.stopper.interruptible():
            cache = None if os.environ.get("MENTORVAULT_NO_CACHE") else NoteCache(self.root, f"comments={config.check_comments}")
            self.session = Session(self.root, config, self.today(), engine.Selection.make(config), cache)
        self.language = config.language

    def _reload(self, why: str, **args: str) -> None:
        self._say("reloading", reason=say(why, self.language, **args))
        self.session.today = self.today()
        try:
            with self.stopper.interruptible():
                self.session.reload()
        except Exception as err:  # noqa: BLE001 - said, and tried again on the next change
            self._say("failed", error=str(err))

    def _write_note(self) -> None:
        try:
            outcome = self.note.write(self.session, self.today(), self.stopper)
        except ProgressNoteError as err:  # its message names the note and what to do
            self.emit(stamp(self.now(), str(err)))
            return
        except Exception as err:  # noqa: BLE001 - said; the next change tries again
            self._say("index-failed", error=f"{type(err).__name__}: {err}")
            return
        if outcome is not None:
            self.written = outcome.message(self.language)

    def _report(self, before: Problems) -> None:
        now = self.now()
        for line in delta_lines(self._changes(before), self.language, now):
            self.emit(line)
        if self.written is not None:
            self.emit(stamp(now, self.written))
            self.written = None
        self.emit(totals_line(self.session.totals, self.language, now))

    def _changes(self, before: Problems) -> Delta:
        """What appeared and cleared since ``before``; a reload or a new session compares every note."""
        return changes(before, self.session.by_note, self.session.touched)

    def _say(self, key: str, **args: object) -> None:
        self.emit(stamp(self.now(), say(key, self.language, **args)))

    # -- health: the vault folder, the observer, the date --

    def _healthy(self) -> bool:
        """Repair what broke since the last turn; False while there is no vault to watch."""
        if not self.root.is_dir():
            if not self.gone:
                self._say("gone", vault=self.root)
                self.keeper.stop()
                self.gone = True
            time.sleep(TICK)
            return False
        if self.gone:
            self._say("back")
            self.gone = False
        if self.keeper.due():
            if self._watch():
                self._recover("why-observer")
        elif self.fixed_today is None and self.session.today != date.today():
            self._recover("why-today")
        return True

    def _recover(self, why: str) -> None:
        before = dict(self.session.by_note)
        self._reload(why)
        self._write_note()
        self._report(before)

    def _watch(self) -> bool:
        """Start (or restart) the observer; False when it cannot start now (tried again later)."""
        try:
            reason = self.keeper.restart()
        except OSError as err:
            error = err.strerror or str(err)
            if error != self.keeper.error:
                self._say("watch-failed", error=error)
                self.keeper.error = error
            return False
        if reason is not None:
            self._say("fallback", reason=reason, interval=POLL_INTERVAL)
        return True

    def close(self) -> None:
        self.keeper.stop()

    def farewell(self) -> str:
        return stamp(self.now(), say("stopped", self.language))


def _real(path: Path) -> str:
    return os.path.join(os.path.realpath(path.parent), path.name)

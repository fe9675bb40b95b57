"""Stopping the watcher on Ctrl-C or SIGTERM: at once, without a traceback, never mid-write.

Python runs signal handlers on the main thread, between bytecodes. The handler
records the request; the loop looks at it at least every tick. Work that can
take long (the first read of a large vault) is marked interruptible: it only
reads, so the handler may end it at once, with ``exit_now`` when one is set,
else by raising :class:`Stopped`. (Unwinding is not always quick: a large
vault is parsed by a pool of processes, and leaving its ``with`` block waits
for the batches in flight, seconds on 10,000 notes.) Writing the progress note
is marked deferred: it takes milliseconds, and ending it between the temporary
file's creation and its rename would leave that file behind.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(BaseException):
    """A stop was requested during interruptible work (a BaseException, like KeyboardInterrupt,
    so that no ``except Exception`` on the way out swallows it)."""


class Stopper:
    def __init__(self) -> None:
        self.exit_now: Callable[[], None] | None = None  # ends the process; must not return
        self.requested = False
        self._interruptible = 0
        self._deferred = 0
        self._previous: dict[int, Any] = {}

    def install(self) -> None:
        """Take over SIGINT and SIGTERM (call from the main thread)."""
        for sig in SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)

    def restore(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()

    def request(self) -> None:
        self.requested = True

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        if self._interruptible and not self._deferred:
            if self.exit_now is not None:
                self.exit_now()
            raise Stopped

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """Work a stop may cut short: it leaves nothing on disk half done."""
        if self.requested and not self._deferred:
            raise Stopped
        self._interruptible += 1
        try:
            yield
        finally:
            self._interruptible -= 1

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Work a stop must wait for (a write)."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1

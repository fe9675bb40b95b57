"""Work on every core: parsing notes (markdown-it-py is the cost of a cold run), then rules.

Notes arrive as an iterator and leave in batches, so neither all the files'
bytes nor all the parsed notes are ever held at once; in a lean load each note
leaves its worker as an outline beside the whole note packed. Small vaults
stay in one process (starting workers costs more than it saves), and the work
of a worker that dies is done in this process.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, NamedTuple, TypeVar

from .cache import pack
from .notes import Note, parse_note

PARALLEL_MIN_NOTES = 400  # below this, one process is faster
BATCH_BYTES = 512 * 1024
T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Lean(NamedTuple):
    """A note held small: what other notes read of it, and the whole note packed (cache.pack)."""

    outline: Note
    blob: bytes


# what is read of a note's properties while another note is checked: aliases (hints)
# and type (goal or check-in); goals and check-ins are read whole
OUTLINE_PROPERTIES = ("aliases", "type")


def outline(note: Note) -> Note:
    """What rules read of a note other than the one they check: headings, block ids,
    tags, problems and the properties in OUTLINE_PROPERTIES. Links, items and key
    positions are left out."""
    data = note.frontmatter.data
    if data is not None:
        data = {k: data[k] for k in OUTLINE_PROPERTIES if k in data}
    front = dataclasses.replace(note.frontmatter, data=data, keys=(), links=(), problems=())
    return dataclasses.replace(note, frontmatter=front, links=(), items=(), ignore_lines=())


def _parse_batch(batch: list[tuple[str, bytes]], check_comments: bool, lean: bool) -> list[Note | Lean]:
    notes = (parse_note(path, data, check_comments) for path, data in batch)
    return [Lean(outline(n), pack(n)) for n in notes] if lean else list(notes)


def _batches(items: Iterable[tuple[str, bytes]]) -> Iterator[list[tuple[str, bytes]]]:
    batch: list[tuple[str, bytes]] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item[1])
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def parse_many(items: Iterable[tuple[str, bytes]], check_comments: bool, expected: int,
               lean: bool = False) -> Iterator[list[Note | Lean]]:
    """Parse ``(path, bytes)`` pairs in order, in batches; ``expected`` is how many may come.

    With ``lean``, notes come back :class:`Lean`, packed where they were parsed: a
    large vault's model then holds a few KB a note instead of tens.
    """
    count = workers()
    if count < 2 or expected < PARALLEL_MIN_NOTES:
        for batch in _batches(items):
            yield _parse_batch(batch, check_comments, lean)
        return
    method = "fork" if _can_fork() else "spawn"
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context(method)) as pool:
        pending: deque[tuple[Future[list[Note | Lean]] | None, list[tuple[str, bytes]]]] = deque()
        for batch in _batches(items):
            try:
                pending.append((pool.submit(_parse_batch, batch, check_comments, lean), batch))
            except BrokenProcessPool:
                pending.append((None, batch))
            while len(pending) > 2 * count:
                yield _outcome(*pending.popleft(), check_comments, lean)
        while pending:
            yield _outcome(*pending.popleft(), check_comments, lean)


def _outcome(future: Future[list[Note | Lean]] | None, batch: list[tuple[str, bytes]], check_comments: bool,
             lean: bool) -> list[Note | Lean]:
    """A batch's notes from its worker, or parsed here when the workers are gone
    (one was killed, by the out-of-memory killer say): the check goes on, slower."""
    if future is not None:
        try:
            return future.result()
        except BrokenProcessPool:
            pass
    return _parse_batch(batch, check_comments, lean)


def _can_fork() -> bool:
    # fork is cheap, but unsafe once other threads exist (the watcher's observer)
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


_SHARED: Any = None  # what forked workers inherit from the process that forked them


def _call_shared(fn: Callable[[Any, T], R], part: T) -> R:
    return fn(_SHARED, part)


def forked_map(fn: Callable[[Any, T], R], shared: Any, parts: Sequence[T]) -> list[R] | None:
    """``fn(shared, part)`` for every part, in processes forked from this one.

    The workers inherit ``shared`` (a whole vault model, say) instead of receiving a
    pickled copy; only the parts and the results travel. None where forking is
    unsafe or impossible, or with one core: the caller then does the work itself.
    """
    global _SHARED
    count = min(workers(), len(parts))
    if count < 2 or not _can_fork():
        return None
    _SHARED = shared
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_call_shared, [fn] * len(parts), parts))
    except (BrokenProcessPool, OSError):
        return None  # a worker was killed, or none could be started: the caller does the work
    finally:
        _SHARED = None

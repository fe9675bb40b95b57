"""The only writer of files: atomic, and a no-op when the bytes would not change."""

from __future__ import annotations

import os
import re
import socket
import tempfile
import time
from functools import cache
from pathlib import Path

# A temp file of another machine (a vault synced between computers) cannot be asked
# whether its writer runs; a write takes milliseconds, so one this old is an orphan.
FOREIGN_ORPHAN_AGE = 3600.0


class ChangedOnDisk(Exception):
    """The file changed after we read it; writing would lose someone's edit."""


def write_if_changed(path: Path, data: bytes, expected: bytes | None = None, *,
                     expect_missing: bool = False) -> bool:
    """Write ``data`` to ``path`` atomically; return whether anything was written.

    ``expected`` is what the caller read before computing ``data``: when the
    file no longer holds exactly that, nothing is written. ``expect_missing``
    says the caller found no file: when one has appeared since, nothing is
    written either. With either, the file is read once more just before the
    replace, so an editor's save during the temp write and fsync is not lost.
    """
    current = _read(path)
    if (expected is not None and current != expected) or (expect_missing and current is not None):
        raise ChangedOnDisk(str(path))
    if current == data:
        return False
    if path.is_symlink():
        raise OSError(f"{path}: refusing to write through a symbolic link")
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, data, current, guard=expected is not None or expect_missing)
    return True


def _replace(path: Path, data: bytes, current: bytes | None, guard: bool) -> None:
    """Temp file beside ``path``, fsync, mode, then the rename; with ``guard``, not if ``path`` changed.

    The temp file never outlives an error, whatever it is (Ctrl-C included);
    one left by a killed process is removed by the next write of that note.
    """
    _remove_orphans(path)
    mode = _mode(path) if current is not None else None
    # the writer's pid and host in the name let a later run tell an orphan from a write in progress
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.mv{os.getpid()}@{_host()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        if guard and _read(path) != current:
            raise ChangedOnDisk(str(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


@cache
def _host() -> str:
    """This machine's name as file names may hold it."""
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:40] or "host"


def _remove_orphans(path: Path) -> None:
    """Temp files of ``path`` whose writer no longer runs (killed mid-write).

    A temp file of this machine is an orphan when its process is gone; one of
    another machine (or without a host, from an older version) once it is old.
    """
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.mv(\d+)(?:@([A-Za-z0-9]+))?-[a-z0-9_]+\.tmp$")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        m = pattern.match(name)
        if m and _orphan(path.parent / name, int(m.group(1)), m.group(2)):
            try:
                os.unlink(path.parent / name)
            except OSError:
                pass


def _orphan(tmp: Path, pid: int, host: str | None) -> bool:
    if host == _host():
        return not _alive(pid)
    try:
        return time.time() - tmp.stat().st_mtime > FOREIGN_ORPHAN_AGE
    except OSError:
        return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return None


def _umask() -> int:
    """The process umask, read without changing it where the system tells it (threads run)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None

"""The only writer of files: atomic, and a no-op when the bytes would not change."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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

    The temp file never outlives an error, whatever it is (Ctrl-C included).
    """
    mode = path.stat().st_mode & 0o7777 if current is not None else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if guard and _read(path) != current:
            raise ChangedOnDisk(str(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

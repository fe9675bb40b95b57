"""The only writer of files: atomic, and a no-op when the bytes would not change."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class ChangedOnDisk(Exception):
    """The file changed after we read it; writing would lose someone's edit."""


def write_if_changed(path: Path, data: bytes, expected: bytes | None = None) -> bool:
    """Write ``data`` to ``path`` atomically; return whether anything was written.

    ``expected`` is what the caller read before computing ``data``: when the
    file no longer holds exactly that, nothing is written.
    """
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    if expected is not None and current != expected:
        raise ChangedOnDisk(str(path))
    if current == data:
        return False
    if path.is_symlink():
        raise OSError(f"{path}: refusing to write through a symbolic link")
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if current is not None else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

"""Run the real ``mentorvault`` console script and measure what it cost.

Wall time and peak resident memory are taken from ``os.wait4`` on the child:
Linux reports there the larger of the child's own peak and that of every
process it waited for (its parsing workers), so the number covers the whole
run. A run past its deadline is killed and reported as such, never left behind.

Faults and observation that need to sit inside the child (a file that cannot
be opened, a full disk, a kill at the worst moment, a log of every file
touched) are installed by a generated
``sitecustomize`` module that Python imports at start-up when its folder is
on ``PYTHONPATH``: the command under test is still the unmodified console script.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCRIPT = Path(sys.executable).parent / "mentorvault"
TODAY = "2026-11-28"
WALL_LIMIT = 20.0  # seconds, for any single input
RSS_LIMIT_MB = 600.0

_SITECUSTOMIZE = r'''
import os, sys

_deny = [d for d in os.environ.get("MV_TEST_DENY", "").split(os.pathsep) if d]
if _deny:
    import errno
    _real_open = os.open

    def _open(path, flags, *args, **kwargs):
        text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else ""
        if any(text.endswith(d) for d in _deny):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), text)
        return _real_open(path, flags, *args, **kwargs)

    os.open = _open

_fault = os.environ.get("MV_TEST_FAULT", "")
if _fault:
    import errno, signal
    _real_fsync, _real_replace = os.fsync, os.replace

    def _fsync(fd):
        if _fault == "fsync-enospc":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        _real_fsync(fd)
        if _fault == "kill-before-replace":
            os.kill(os.getpid(), signal.SIGKILL)

    def _replace(src, dst, *args, **kwargs):
        if _fault == "kill-after-replace":
            _real_replace(src, dst, *args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
        return _real_replace(src, dst, *args, **kwargs)

    os.fsync, os.replace = _fsync, _replace

_log = os.environ.get("MV_TEST_AUDIT")
if _log:
    _fd = os.open(_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    _EVENTS = {
        "open": (0,), "os.scandir": (0,), "os.listdir": (0,), "os.rename": (0, 1), "os.replace": (0, 1),
        "os.remove": (0,), "os.rmdir": (0,), "os.mkdir": (0,), "os.chmod": (0,), "os.symlink": (0, 1),
        "os.link": (0, 1), "os.truncate": (0,), "os.utime": (0,), "shutil.copyfile": (0, 1),
        "tempfile.mkstemp": (0,), "sqlite3.connect": (0,),
    }
    _W = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def _hook(event, args):
        where = _EVENTS.get(event)
        if where is None:
            return
        try:
            write = event != "open" and event not in ("os.scandir", "os.listdir")
            if event == "open":
                mode, flags = args[1], args[2]
                write = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(flags & _W)
            for i in where:
                path = args[i]
                if isinstance(path, int) or path is None:
                    continue
                text = os.fsencode(path).decode("utf-8", "surrogateescape")
                line = ("W " if write else "R ") + event + " " + os.path.abspath(text)
                os.write(_fd, line.encode("utf-8", "surrogateescape").replace(b"\n", b"\\n") + b"\n")
        except Exception:
            pass

    sys.addaudithook(_hook)
'''


@dataclass(frozen=True)
class Run:
    code: int | None  # None when killed at the deadline
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool

    def json(self) -> dict[str, Any]:
        return dict(json.loads(self.stdout))

    def diagnostics(self) -> list[dict[str, Any]]:
        return list(self.json()["diagnostics"])

    def assert_sound(self, wall: float = WALL_LIMIT, rss_mb: float = RSS_LIMIT_MB) -> None:
        """Exit 0 or 1, no traceback, within the time and memory bounds."""
        assert not self.timed_out, f"still running after {self.seconds:.1f} s"
        assert "Traceback" not in self.stderr and "Traceback" not in self.stdout, self.stderr[-3000:]
        assert self.code in (0, 1), f"exit {self.code}: {self.stderr[-3000:]}"
        assert self.seconds < wall, f"took {self.seconds:.1f} s (bound {wall} s)"
        assert self.peak_mb < rss_mb, f"peak RSS {self.peak_mb:.0f} MB (bound {rss_mb} MB)"


def hooks_dir(base: Path) -> Path:
    """A folder holding the ``sitecustomize`` above; put it on ``PYTHONPATH``."""
    folder = base / "mv-test-hooks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    return folder


def child_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORVAULT_", "GITHUB_", "MV_TEST_"))}
    env.update({
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1",
        "MENTORVAULT_CACHE_DIR": str(tmp / "mv-cache"), "PYTHONPATH": str(hooks_dir(tmp)),
    })
    env.update(extra)
    return env


def run(args: list[str], tmp: Path, *, cwd: Path | None = None, timeout: float = 60.0,
        env: dict[str, str] | None = None, **extra: str) -> Run:
    """Run ``mentorvault ARGS``; kill it at ``timeout`` seconds."""
    out_path, err_path = tmp / "mv-stdout.txt", tmp / "mv-stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen([str(SCRIPT), *args], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                cwd=cwd or tmp, env=env or child_env(tmp, **extra), start_new_session=True)
        status, usage, timed_out = _wait(proc, start + timeout)
        seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    return Run(
        None if timed_out else proc.returncode,
        out_path.read_bytes().decode("utf-8", "replace"),
        err_path.read_bytes().decode("utf-8", "replace"),
        seconds, usage.ru_maxrss / 1024, timed_out,
    )


def check(vault: Path, tmp: Path, *extra_args: str, **kw: Any) -> Run:
    return run(["check", str(vault), "--format", "json", "--today", TODAY, *extra_args], tmp, **kw)


def _wait(proc: subprocess.Popen[bytes], deadline: float) -> tuple[int, Any, bool]:
    delay = 0.002
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status, usage, False
        if time.monotonic() >= deadline:
            os.killpg(proc.pid, signal.SIGKILL)  # the whole session: parsing workers too
            _, status, usage = os.wait4(proc.pid, 0)
            return status, usage, True
        time.sleep(delay)
        delay = min(delay * 2, 0.05)

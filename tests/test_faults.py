"""Faults: a full disk, an editor's save mid-write, a kill at the worst moment. No byte is lost.

Every test compares whole files with what they held before: "the old file
intact" means byte for byte. The in-process tests break the one writer
(``write_if_changed``) at each step of its temp-file, fsync, rename sequence;
the subprocess tests break the real console script the same way through the
fault hooks of robustness/runner.py.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

import pytest
from conftest import run_cli
from robustness import runner

from mentorvault import writer
from mentorvault.writer import ChangedOnDisk, write_if_changed

TODAY = runner.TODAY
BEGIN, END = "%% mentorvault:begin %%", "%% mentorvault:end %%"
NOTE = "Mentorship Progress.md"
HEAD = "# My own notes\r\nwritten by hand, CRLF and all\r\n\r\n"
TAIL = "\r\n## After the block\r\nmine too ✓\r\n"


def _enospc(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _HalfWriter:
    """A file object that writes half of what it is given, then finds the disk full."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        _enospc()
        return 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fh, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


def _inject(monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    if fault == "write":
        real = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _HalfWriter(real(fd, *a, **k)))
    elif fault == "fsync":
        monkeypatch.setattr(os, "fsync", _enospc)
    elif fault == "chmod":
        monkeypatch.setattr(os, "chmod", _enospc)
    elif fault == "replace":
        monkeypatch.setattr(os, "replace", _enospc)
    elif fault == "mkstemp":
        monkeypatch.setattr(writer.tempfile, "mkstemp", _enospc)
    elif fault == "interrupt":  # Ctrl-C between the write and the rename
        def interrupt(fd: int) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "fsync", interrupt)


FAULTS = ["write", "fsync", "chmod", "replace", "mkstemp", "interrupt"]


@pytest.mark.parametrize("existing", [True, False], ids=["old-file", "new-file"])
@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str, existing: bool
) -> None:
    path = tmp_path / NOTE
    old = ("старое содержимое\n" * 2000).encode()
    if existing:
        path.write_bytes(old)
    _inject(monkeypatch, fault)
    with pytest.raises((OSError, KeyboardInterrupt)):
        write_if_changed(path, b"new " * 50_000, expected=old if existing else None, expect_missing=not existing)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ([NOTE] if existing else [])
    if existing:
        assert path.read_bytes() == old


def test_a_note_changed_before_the_write_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "Goal.md"
    path.write_bytes(b"what we read")
    path.write_bytes(b"what the editor saved since")
    with pytest.raises(ChangedOnDisk):
        write_if_changed(path, b"our fix", expected=b"what we read")
    assert path.read_bytes() == b"what the editor saved since"
    assert [p.name for p in tmp_path.iterdir()] == ["Goal.md"]


def _save_during_fsync(monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes | None) -> None:
    """An editor saves ``path`` (or deletes it, with None) while our temp file is being synced."""
    real = os.fsync

    def fsync(fd: int) -> None:
        real(fd)
        if data is None:
            path.unlink()
        else:
            path.write_bytes(data)
        monkeypatch.setattr(os, "fsync", real)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("editor", [b"saved during our write", None], ids=["saved", "deleted"])
def test_a_note_changed_during_the_write_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, editor: bytes | None
) -> None:
    path = tmp_path / "Goal.md"
    path.write_bytes(b"what we read")
    _save_during_fsync(monkeypatch, path, editor)
    with pytest.raises(ChangedOnDisk):
        write_if_changed(path, b"our fix", expected=b"what we read")
    assert (path.read_bytes() if path.exists() else None) == editor
    assert [p.name for p in tmp_path.iterdir()] == (["Goal.md"] if editor else [])


def test_a_file_that_appears_during_a_create_is_not_overwritten(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "New goal.md"
    _save_during_fsync(monkeypatch, path, b"Obsidian made it first")
    with pytest.raises(ChangedOnDisk):
        write_if_changed(path, b"ours", expect_missing=True)
    assert path.read_bytes() == b"Obsidian made it first"
    assert [p.name for p in tmp_path.iterdir()] == ["New goal.md"]


# Through the commands

GOAL = ("---\ntype: goal\ntitle: Pass three Senior Python interviews\ncategory: career\nhorizon: short\n"
        "status: active\nstart: 2026-11-01\ndue: 2027-01-31\nmetric: an offer\n{extra}---\n## Plan\n- [ ] CV\n")


def _vault(root: Path, goals: int = 3) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(goals):
        (root / f"Goal {i}.md").write_text(GOAL.format(extra=f"current: {i % 4}\ntarget: 3\n"), encoding="utf-8")
    (root / NOTE).write_bytes(f"{HEAD}{BEGIN}\r\nold block\r\n{END}{TAIL}".encode())
    return root


def _whole(note: bytes, tail: str = TAIL) -> bool:
    """A progress note written completely: the user's text around one full generated block."""
    text = note.decode("utf-8")
    lines = text.split("\r\n")
    return (text.startswith(HEAD) and text.endswith(tail) and lines.count(BEGIN) == 1
            and lines.count(END) == 1 and lines.index(BEGIN) < lines.index(END))


def _debris(root: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.name not in keep)


def test_index_on_a_full_disk_keeps_the_note_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _vault(tmp_path / "v")
    names = {p.name for p in root.iterdir()}
    before = (root / NOTE).read_bytes()
    monkeypatch.setattr(os, "fsync", _enospc)
    code, out = run_cli("index", str(root), "--today", TODAY)
    assert code == 2 and "No space left on device" in out and "Traceback" not in out
    assert (root / NOTE).read_bytes() == before
    assert _debris(root, names) == []


def test_fix_on_a_full_disk_leaves_every_note_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "v"
    root.mkdir()
    notes = {f"n{i}.md": f"---\ntag: x{i}\narea: [[Карьера]]\n---\nbody {i}\r\n".encode() for i in range(5)}
    for name, data in notes.items():
        (root / name).write_bytes(data)
    monkeypatch.setattr(os, "fsync", _enospc)
    code, out = run_cli("check", str(root), "--fix", "--today", TODAY)
    assert code in (0, 1) and "Traceback" not in out
    assert "cannot write the fix" in out
    assert {p.name: p.read_bytes() for p in root.iterdir()} == notes


def test_fix_leaves_a_note_the_editor_saves_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "v"
    root.mkdir()
    note = root / "Goal.md"
    note.write_bytes(b"---\ntag: x\n---\nbody\n")
    saved = b"---\ntag: x\n---\nbody, and a sentence typed while --fix ran\n"
    _save_during_fsync(monkeypatch, note, saved)
    code, out = run_cli("check", str(root), "--fix", "--today", TODAY)
    assert code in (0, 1) and "changed on disk while being fixed" in out
    assert note.read_bytes() == saved
    assert [p.name for p in root.iterdir()] == ["Goal.md"]


def test_index_keeps_an_edit_made_during_its_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _vault(tmp_path / "v")
    note = root / NOTE
    tail = TAIL.replace("mine too", "mine too, edited during the write")
    edited = note.read_bytes().replace(TAIL.encode(), tail.encode())
    _save_during_fsync(monkeypatch, note, edited)
    code, out = run_cli("index", str(root), "--today", TODAY)
    assert code == 0, out
    final = note.read_bytes()
    assert b"old block" not in final and _whole(final, tail)


def test_index_in_a_subprocess_on_a_full_disk(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    names = {p.name for p in root.iterdir()}
    before = (root / NOTE).read_bytes()
    run = runner.run(["index", str(root), "--today", TODAY], tmp_path, MV_TEST_FAULT="fsync-enospc")
    assert run.code == 2 and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "No space left" in run.stderr
    assert (root / NOTE).read_bytes() == before and _debris(root, names) == []


@pytest.mark.parametrize("moment", ["kill-before-replace", "kill-after-replace"])
def test_index_killed_mid_write_leaves_a_whole_note(tmp_path: Path, moment: str) -> None:
    root = _vault(tmp_path / "v")
    before = (root / NOTE).read_bytes()
    run = runner.run(["index", str(root), "--today", TODAY], tmp_path, MV_TEST_FAULT=moment)
    assert run.code == -signal.SIGKILL
    after = (root / NOTE).read_bytes()
    assert _whole(after)
    assert (after == before) == (moment == "kill-before-replace")


def test_the_next_run_removes_the_temp_file_a_killed_run_left(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    names = {p.name for p in root.iterdir()}
    runner.run(["index", str(root), "--today", TODAY], tmp_path, MV_TEST_FAULT="kill-before-replace")
    assert len(_debris(root, names)) == 1  # the killed run's temp file
    run = runner.run(["index", str(root), "--today", TODAY], tmp_path)
    assert run.code == 0 and _whole((root / NOTE).read_bytes())
    assert _debris(root, names) == []



def test_another_machines_temp_file_is_left_until_it_is_old(tmp_path: Path) -> None:
    # a vault synced between computers: a pid of another host says nothing about this one
    note = tmp_path / "Note.md"
    note.write_bytes(b"old")
    dead = 2**22 + 12345  # no such process here
    foreign = tmp_path / f".Note.md.mv{dead}@otherlaptop-abc123.tmp"
    ours_dead = tmp_path / f".Note.md.mv{dead}@{writer._host()}-def456.tmp"
    ours_alive = tmp_path / f".Note.md.mv{os.getpid()}@{writer._host()}-ghi789.tmp"
    for tmp in (foreign, ours_dead, ours_alive):
        tmp.write_bytes(b"half a note")
    assert writer.write_if_changed(note, b"new")
    assert foreign.exists() and ours_alive.exists() and not ours_dead.exists()
    old = time.time() - writer.FOREIGN_ORPHAN_AGE - 60
    os.utime(foreign, (old, old))
    assert writer.write_if_changed(note, b"newer")
    assert not foreign.exists() and ours_alive.exists() and note.read_bytes() == b"newer"

# The watcher, killed with SIGKILL at random moments while it rewrites the note

def _wait_for(predicate: Callable[[], bool], deadline: float) -> bool:
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def watchers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_the_watcher_killed_at_random_moments_leaves_whole_files(
    tmp_path: Path, watchers: list[subprocess.Popen[bytes]]
) -> None:
    pytest.importorskip("mentorvault.watch")
    root = _vault(tmp_path / "v", goals=40)
    names = {p.name for p in root.iterdir()}
    goals = sorted(p for p in root.iterdir() if p.name.startswith("Goal "))
    rng = random.Random(20261128)
    seen, written = set(), 0
    for round_ in range(8):
        out = tmp_path / f"watch{round_}.out"
        with open(out, "wb") as fh:
            proc = subprocess.Popen([str(runner.SCRIPT), "watch", str(root), "--debounce", "20", "--today", TODAY],
                                    stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    env=runner.child_env(tmp_path, PYTHONUNBUFFERED="1"), start_new_session=True)
        watchers.append(proc)
        assert _wait_for(lambda out=out: b"watching" in out.read_bytes() or b"polling" in out.read_bytes(),
                         time.monotonic() + 20), out.read_bytes()[-2000:]
        stop = time.monotonic() + rng.uniform(0.02, 0.4)
        while time.monotonic() < stop:  # keep the watcher busy rewriting the note
            goal = rng.choice(goals)
            goal.write_text(GOAL.format(extra=f"current: {rng.randint(0, 3)}\ntarget: 3\n"), encoding="utf-8")
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
        note = (root / NOTE).read_bytes()
        assert _whole(note), note[-500:]
        seen.add(note)
        debris = _debris(root, names)
        # a kill between the temp file's creation and its rename can leave that file, never another
        assert all(d.startswith(f".{NOTE}.") and d.endswith(".tmp") for d in debris), debris
        written += len(debris)
    assert len(seen) > 1  # the kills did land on a watcher that was writing
    print(f"watcher killed 8 times: {len(seen)} distinct whole notes, {written} temp files seen")
    # the next write removes whatever temp file a killed writer left
    assert runner.run(["index", str(root), "--today", "2027-01-05"], tmp_path).code == 0
    assert _whole((root / NOTE).read_bytes()) and _debris(root, names) == []


def test_the_watcher_on_a_full_disk_says_so_and_goes_on(tmp_path: Path,
                                                       watchers: list[subprocess.Popen[bytes]]) -> None:
    pytest.importorskip("mentorvault.watch")
    root = _vault(tmp_path / "v")
    names = {p.name for p in root.iterdir()}
    before = (root / NOTE).read_bytes()
    out = tmp_path / "watch.out"
    with open(out, "wb") as fh:
        proc = subprocess.Popen([str(runner.SCRIPT), "watch", str(root), "--debounce", "20", "--today", TODAY],
                                stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                                env=runner.child_env(tmp_path, PYTHONUNBUFFERED="1", MV_TEST_FAULT="fsync-enospc"))
    watchers.append(proc)
    assert _wait_for(lambda: b"watching" in out.read_bytes(), time.monotonic() + 20), out.read_bytes()
    (root / "Goal 0.md").write_text(GOAL.format(extra="") + "[[Now broken]]\n", encoding="utf-8")
    assert _wait_for(lambda: b"Now broken" in out.read_bytes(), time.monotonic() + 10), out.read_bytes()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0
    text = out.read_bytes().decode("utf-8")
    assert text.count("No space left on device") >= 2 and "Traceback" not in text  # at start and after the save
    assert (root / NOTE).read_bytes() == before and _debris(root, names) == []


def test_two_index_runs_at_once_never_tear_the_note(tmp_path: Path) -> None:
    """The watcher and a pre-commit hook may write the note at the same moment."""
    root = _vault(tmp_path / "v", goals=20)
    names = {p.name for p in root.iterdir()}
    env = runner.child_env(tmp_path)
    for day in ("2026-11-28", "2026-12-05", "2027-01-10"):
        procs = [subprocess.Popen([str(runner.SCRIPT), "index", str(root), "--today", day], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        results = [(p.wait(timeout=60), p.stderr.read().decode() if p.stderr else "") for p in procs]
        for p in procs:
            for stream in (p.stdout, p.stderr):
                if stream:
                    stream.close()
        for code, err in results:
            assert code in (0, 2) and "Traceback" not in err, err  # 2: "kept changing", nothing written
        assert any(code == 0 for code, _ in results)
        note = (root / NOTE).read_bytes()
        assert _whole(note) and day.encode() in note
        assert _debris(root, names) == []

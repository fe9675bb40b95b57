"""``mentorvault watch`` as a user runs it: the console script on a real folder, real signals.

Every wait polls for an expected line or file state with a deadline; nothing
sleeps and hopes. After a change is seen, a fresh ``check`` and ``index --check``
say whether the watcher's incremental state is what a full run gives.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, write_vault

SCRIPT = Path(sys.executable).parent / "mentorvault"
NOTE = "Mentorship Progress.md"
GOAL = """---
type: goal
title: Pass three technical interviews for a senior role
category: career
horizon: short
status: active
start: 2026-09-01
due: 2026-12-20
metric: An offer at grade 5
target: 3
current: 1
area: "[[Career]]"
---
## Plan
- [ ] Update the CV
"""
FILES: dict[str, str | bytes] = {
    ".mentorvault.yaml": "language: en\n",
    "Career.md": "# Career\n",
    "Goals/Interviews.md": GOAL,
    "Notes/Reading.md": "See [[Target]] and [[Career]].\n",
    "Target.md": "# Target\n",
    "Archive/Old.md": "An old note.\n",
    "Notes/Old links.md": "[[Old]]\n",
}
CHECKIN = '---\ntype: check-in\ngoal: "[[Interviews]]"\ndate: 2026-11-25\n---\nTalked it through.\n'


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C.UTF-8"}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=30, check=False)


def fresh_problems(root: Path) -> list[str]:
    result = run("check", str(root), "--format", "json", "--today", TODAY)
    return sorted(f"{d['path']}:{d['line']}:{d['column']} {d['rule']}"
                  for d in json.loads(result.stdout)["diagnostics"])


class Watch:
    """The running watcher; its stdout read line by line on a thread, so waits can time out."""

    def __init__(self, root: Path, *extra: str) -> None:
        self.root = root
        env = {**os.environ, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1"}
        args = [str(SCRIPT), "watch", str(root), "--today", TODAY, "--debounce", "50", *extra]
        # a session of its own, as a terminal gives: Ctrl-C reaches its whole process group
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     encoding="utf-8", env=env, start_new_session=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, pattern: str, timeout: float = 8.0) -> str:
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if regex.search(line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in time; saw:\n" + "\n".join(self.seen[-40:]))

    def stop(self, sig: int = signal.SIGINT, group: bool = False) -> tuple[int, str]:
        os.killpg(self.proc.pid, sig) if group else self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=2)
        finally:
            self.proc.kill()
        assert self.proc.stderr is not None
        err = self.proc.stderr.read()
        self.reader.join(timeout=2)  # it ends at the end of the output
        while not self.lines.empty():
            self.seen.append(self.lines.get_nowait())
        return code, err


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[Watch]:
    root = write_vault(tmp_path / "vault", dict(FILES))
    w = Watch(root)
    w.expect(r"^watching ")
    yield w
    if w.proc.poll() is None:
        w.proc.kill()
    w.proc.wait()


def settle(w: Watch, name: str = "Notes/Sentinel.md") -> None:
    """Wait until every earlier change is applied: the batch holding this one holds them all."""
    mark = f"Sentinel{time.monotonic_ns()}"
    (w.root / name).write_text(f"[[{mark}]]\n", encoding="utf-8")
    w.expect(rf"^\d\d:\d\d:\d\d \+ {re.escape(name)}:1:1: error broken-link .*{mark}")


def assert_fresh_after_vault_line(w: Watch) -> None:
    w.expect(r"^\d\d:\d\d:\d\d vault: ")
    assert_fresh(w)


def assert_fresh(w: Watch) -> None:
    """The watcher's note and problems are what a full run gives now."""
    assert run("index", str(w.root), "--check", "--today", TODAY).returncode == 0
    total = len(fresh_problems(w.root))
    status = w.seen[-1]
    counts = [int(n) for n in re.findall(r"(\d+) (?:errors|warnings|notices)", status)]
    assert sum(counts) == total, status


def test_startup_checks_and_writes_the_note(watcher: Watch) -> None:
    assert any(re.match(r"Goals/Interviews\.md:\d+:\d+: warning goal-stale", line) for line in watcher.seen)
    assert (watcher.root / NOTE).is_file()
    assert run("index", str(watcher.root), "--check", "--today", TODAY).returncode == 0


def test_editing_a_goal_rewrites_the_note(watcher: Watch) -> None:
    before = (watcher.root / NOTE).read_bytes()
    goal = watcher.root / "Goals/Interviews.md"
    goal.write_text(GOAL.replace("current: 1", "current: 2"), encoding="utf-8")
    watcher.expect(rf"{re.escape(NOTE)}: updated")
    watcher.expect(r"^\d\d:\d\d:\d\d vault: ")
    assert (watcher.root / NOTE).read_bytes() != before
    assert_fresh(watcher)


def test_a_checkin_note_clears_goal_stale(watcher: Watch) -> None:
    (watcher.root / "Check-ins").mkdir()
    (watcher.root / "Check-ins/2026-11-25.md").write_text(CHECKIN, encoding="utf-8")
    watcher.expect(r"^\d\d:\d\d:\d\d - Goals/Interviews\.md:\d+:\d+: warning goal-stale")
    watcher.expect(r"^\d\d:\d\d:\d\d vault: ")
    assert_fresh(watcher)


def test_renaming_a_linked_note_breaks_and_mends_the_link(watcher: Watch) -> None:
    os.rename(watcher.root / "Target.md", watcher.root / "Renamed.md")
    watcher.expect(r"^\d\d:\d\d:\d\d \+ Notes/Reading\.md:1:5: error broken-link")
    os.rename(watcher.root / "Renamed.md", watcher.root / "Target.md")
    watcher.expect(r"^\d\d:\d\d:\d\d - Notes/Reading\.md:1:5: error broken-link")
    watcher.expect(r"^\d\d:\d\d:\d\d vault: ")
    assert_fresh(watcher)


def test_an_atomic_save_through_a_temp_file_counts(watcher: Watch) -> None:
    tmp = watcher.root / "Notes/.Reading.md.x1y2.tmp"
    tmp.write_text("See [[Nowhere]].\n", encoding="utf-8")
    os.replace(tmp, watcher.root / "Notes/Reading.md")
    watcher.expect(r"^\d\d:\d\d:\d\d \+ Notes/Reading\.md:1:5: error broken-link .*Nowhere")


def test_a_vim_save_of_a_bad_note_is_reported_and_the_watch_goes_on(watcher: Watch) -> None:
    note = watcher.root / "Notes/Reading.md"
    (watcher.root / "Notes/4913").write_text("", encoding="utf-8")  # vim's probe of the folder
    (watcher.root / "Notes/4913").unlink()
    os.rename(note, watcher.root / "Notes/Reading.md~")  # the backup, then the new text
    note.write_text("---\nbad: [1\n---\nSee [[Target]].\n", encoding="utf-8")
    (watcher.root / "Notes/Reading.md~").unlink()
    watcher.expect(r"^\d\d:\d\d:\d\d \+ Notes/Reading\.md:\d+:\d+: error invalid-frontmatter")
    watcher.expect(r"^\d\d:\d\d:\d\d vault: ")
    assert not any("4913" in line or "~" in line for line in watcher.seen)
    note.write_text("See [[Target]].\n", encoding="utf-8")
    watcher.expect(r"^\d\d:\d\d:\d\d - Notes/Reading\.md:\d+:\d+: error invalid-frontmatter")
    assert_fresh_after_vault_line(watcher)


def test_500_rapid_writes_end_in_the_state_of_a_fresh_run(watcher: Watch) -> None:
    for i in range(500):
        target = "Target" if i % 3 else f"Missing{i}"
        (watcher.root / f"Notes/Burst{i % 7}.md").write_text(f"[[{target}]] {i}\n", encoding="utf-8")
    settle(watcher)
    watcher.expect(r"^\d\d:\d\d:\d\d vault: ")
    assert watcher.proc.poll() is None
    assert_fresh(watcher)


def test_deleting_a_folder_is_no_crash(watcher: Watch) -> None:
    shutil.rmtree(watcher.root / "Archive")
    watcher.expect(r"^\d\d:\d\d:\d\d \+ Notes/Old links\.md:1:1: error broken-link")
    watcher.expect(r"^\d\d:\d\d:\d\d vault: ")
    assert watcher.proc.poll() is None
    assert_fresh(watcher)


def test_the_vault_folder_deleted_and_made_again(watcher: Watch, tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    shutil.copytree(watcher.root, saved)
    shutil.rmtree(watcher.root)
    watcher.expect(r"vault folder .* is gone")
    shutil.copytree(saved, watcher.root)
    (watcher.root / "Notes/Reading.md").write_text("[[Elsewhere]]\n", encoding="utf-8")
    watcher.expect(r"vault folder is back")
    watcher.expect(r"^\d\d:\d\d:\d\d vault: ")
    settle(watcher)
    watcher.expect(r"^\d\d:\d\d:\d\d vault: ")
    assert_fresh(watcher)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_it_cleanly(watcher: Watch, sig: int) -> None:
    (watcher.root / "Goals/Interviews.md").write_text(GOAL.replace("current: 1", "current: 3"), "utf-8")
    watcher.expect(rf"{re.escape(NOTE)}: updated")
    started = time.monotonic()
    code, err = watcher.stop(sig)
    assert (code, err) == (0, "")
    assert time.monotonic() - started < 1.0
    assert [n for _, _, names in os.walk(watcher.root) for n in names if n.endswith(".tmp")] == []


def test_polling_sees_a_save(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", dict(FILES))
    w = Watch(root, "--polling")
    try:
        w.expect(r"^watching .* by polling")
        (root / "Notes/Reading.md").write_text("[[Nowhere]]\n", encoding="utf-8")
        w.expect(r"^\d\d:\d\d:\d\d \+ Notes/Reading\.md:1:1: error broken-link")
        assert w.stop()[0] == 0
    finally:
        w.proc.kill()


def _inotify_open(pid: int) -> bool:
    try:
        return any("inotify" in os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see the watch start")
def test_ctrl_c_during_the_first_check_of_a_large_vault_is_quick(tmp_path: Path) -> None:
    # 3,000 notes of 20 links, half broken with a "did you mean", 2.5 MB: parsed by a
    # pool of processes, then checked for seconds
    links = "".join(f"[[{j:04}]] [[{j:04}x#Part]] " for j in range(10)) + "Some words of text. " * 25
    files: dict[str, str | bytes] = {f"Notes/{i:04}.md": f"# Note {i}\n{links}\n" for i in range(3000)}
    w = Watch(write_vault(tmp_path / "vault", files))
    try:
        deadline = time.monotonic() + 10
        while not _inotify_open(w.proc.pid) and time.monotonic() < deadline:
            time.sleep(0.01)  # the observer starts right before the first check
        started = time.monotonic()
        code, err = w.stop(signal.SIGINT, group=True)  # what a terminal sends: to every process
        assert (code, err) == (0, "")
        assert time.monotonic() - started < 1.0
        assert not any(line.startswith("watching") for line in w.seen), w.seen
        with pytest.raises(ProcessLookupError):
            os.killpg(w.proc.pid, 0)  # no parser process outlives it
    finally:
        w.proc.kill()

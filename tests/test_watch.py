"""The watcher's parts in-process: debounce on a fake clock, the callback, scratch files,
our own writes, the fall back to polling, the loop's repairs and the stop."""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import write_vault
from watchdog.events import (
    DirDeletedEvent,
    DirModifiedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
)
from watchdog.observers.inotify import InotifyObserver

from mentorvault import engine
from mentorvault.config import Config, load
from mentorvault.session import Session
from mentorvault.watch import Watcher
from mentorvault.watch_events import LIMIT, Batch, Handler, Inbox, is_scratch
from mentorvault.watch_note import ProgressNote
from mentorvault.watch_observer import RETRY, Keeper, start
from mentorvault.watch_report import changes
from mentorvault.watch_stop import Stopped, Stopper

TODAY = date(2026, 11, 28)
NOTE = "Mentorship Progress.md"
FILES: dict[str, str | bytes] = {"Target.md": "# Target\n", "Notes/Reading.md": "[[Target]]\n"}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# -- the debounce --

def test_a_batch_waits_until_the_events_stop() -> None:
    clock = Clock()
    inbox = Inbox(0.3, clock)
    assert inbox.ready_in() is None and inbox.take() is None
    inbox.add(["a.md"])
    clock.now = 0.25
    inbox.add(["b.md", "a.md"])
    clock.now = 0.5
    assert inbox.take() is None
    assert inbox.ready_in() == pytest.approx(0.05)
    clock.now = 0.55
    assert inbox.take() == Batch(frozenset({"a.md", "b.md"}), False)
    assert inbox.take() is None


def test_a_vault_that_never_goes_quiet_is_still_updated() -> None:
    clock = Clock()
    inbox = Inbox(0.3, clock, patience=2.0)
    batches = []
    for step in range(40):
        clock.now = step * 0.1
        inbox.add([f"{step}.md"])
        batches.append(inbox.take())
    taken = [b for b in batches if b is not None]
    assert len(taken) == 1 and len(taken[0].paths) == 21


def test_too_many_paths_or_lost_events_ask_for_a_reload() -> None:
    clock = Clock()
    inbox = Inbox(0.0, clock)
    inbox.add(f"{i}.md" for i in range(LIMIT + 1))
    assert inbox.take() == Batch(frozenset(), True)
    inbox.lose()
    assert inbox.take() == Batch(frozenset(), True)


# -- the callback --

@pytest.mark.parametrize(("path", "scratch"), [
    ("Goals/Career.md", False), ("Folder", False), ("Pictures/cv.pdf", False),
    (".obsidian/app.json", False), (".obsidian/types.json", False), (".mentorvault.yaml", False),
    ("mentorvault.yaml", False),
    ("Goals/.Career.md.swp", True), ("Goals/.Career.md.swx", True), ("Goals/Career.md~", True),
    ("Goals/4913", True), ("Goals/.#Career.md", True), ("Goals/#Career.md#", True),
    ("Goals/Career.md.tmp", True), (".Mentorship Progress.md.k2j3.tmp", True),
    (".obsidian/workspace.json", True), (".trash/Old.md", True), (".git/index", True),
    ("Notes/.hidden/a.md", True), ("", True),
])
def test_editor_scratch_files_are_skipped(path: str, scratch: bool) -> None:
    assert is_scratch(path) is scratch


def _hints(root: Path, event: FileSystemEvent) -> set[str]:
    inbox = Inbox(0.0, Clock())
    Handler(str(root), inbox).dispatch(event)
    batch = inbox.take()
    return set(batch.paths) if batch else set()


def test_the_callback_queues_vault_paths_of_both_ends_of_a_move(tmp_path: Path) -> None:
    root = tmp_path
    assert _hints(root, FileMovedEvent(str(root / "A.md"), str(root / "B/A.md"))) == {"A.md", "B/A.md"}
    # an atomic save: the editor's temp file renamed onto the note
    assert _hints(root, FileMovedEvent(str(root / ".A.md.x1.tmp"), str(root / "A.md"))) == {"A.md"}
    assert _hints(root, DirDeletedEvent(str(root / "Archive"))) == {"Archive"}
    assert _hints(root, FileModifiedEvent(str(root / "Goals/A.md"))) == {"Goals/A.md"}


def test_reads_folder_noise_and_outside_paths_are_not_queued(tmp_path: Path) -> None:
    assert _hints(tmp_path, FileOpenedEvent(str(tmp_path / "A.md"))) == set()
    assert _hints(tmp_path, DirModifiedEvent(str(tmp_path / "Goals"))) == set()
    assert _hints(tmp_path, FileModifiedEvent(str(tmp_path.parent / "elsewhere.md"))) == set()
    assert _hints(tmp_path, FileModifiedEvent(str(tmp_path))) == set()


def test_an_outside_config_file_stands_for_the_vault_config(tmp_path: Path) -> None:
    inbox = Inbox(0.0, Clock())
    Handler(str(tmp_path / "v"), inbox, {str(tmp_path / "mv.yaml"): ".mentorvault.yaml"}).dispatch(
        FileModifiedEvent(str(tmp_path / "mv.yaml")))
    assert inbox.take() == Batch(frozenset({".mentorvault.yaml"}), False)


def test_the_callback_never_raises(tmp_path: Path) -> None:
    class Broken(Inbox):
        def add(self, hints: object) -> None:
            raise RuntimeError("boom")

    inbox = Broken(0.0, Clock())
    Handler(str(tmp_path), inbox).dispatch(FileModifiedEvent(str(tmp_path / "A.md")))
    assert inbox.take() == Batch(frozenset(), True)  # the event is lost: the loop reloads
    Handler(str(tmp_path), Inbox(0.0)).dispatch(FileModifiedEvent(None))  # type: ignore[arg-type]


# -- our own writes --

def _session(root: Path, config: Config | None = None) -> Session:
    config = config or Config()
    return Session(root, config, TODAY, engine.Selection.make(config))


def test_our_own_write_is_known_by_its_bytes(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", dict(FILES))
    session, note = _session(root), ProgressNote()
    assert note.write(session, TODAY, Stopper()) is not None
    assert note.is_ours(session, NOTE) and not note.is_ours(session, "Target.md")
    path = root / NOTE
    mine = path.read_bytes()
    path.write_bytes(mine + b"\nThe user's own line.\n")
    assert not note.is_ours(session, NOTE)
    path.write_bytes(mine)
    assert note.is_ours(session, NOTE)
    assert note.write(session, TODAY, Stopper()) is None  # nothing changed: nothing written


def _watcher(root: Path, lines: list[str], **kwargs: object) -> Watcher:
    watcher = Watcher(root, lambda: load(root, None), lines.append, today=TODAY, **kwargs)  # type: ignore[arg-type]
    watcher.open(load(root, None))
    return watcher


def test_a_batch_of_only_our_write_does_no_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[str] = []
    watcher = _watcher(write_vault(tmp_path / "v", dict(FILES)), lines)
    try:
        monkeypatch.setattr(watcher.session, "update", lambda hints: pytest.fail("updated"))
        watcher.apply(Batch(frozenset({NOTE}), False))
        assert lines == []
    finally:
        watcher.close()


def test_a_change_is_reported_per_note_with_the_time(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", dict(FILES))
    lines: list[str] = []
    watcher = _watcher(root, lines)
    try:
        (root / "Notes/Reading.md").write_text("[[Nowhere]]\n", encoding="utf-8")
        watcher.apply(Batch(frozenset({"Notes/Reading.md"}), False))
        assert [line[9:] for line in lines][:2] == [
            "+ Notes/Reading.md:1:1: error broken-link link to 'Nowhere': no such note or file in the vault",
            f"{root.as_posix()}/{NOTE}: updated",
        ]
        assert lines[-1].endswith("vault: 1 errors, 0 warnings, 0 notices")
    finally:
        watcher.close()


def test_changes_lists_what_appeared_and_cleared(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"A.md": "[[X]]\n[[Y]]\n"})
    before = dict(_session(root).by_note)
    (root / "A.md").write_text("[[Y]]\n[[Z]]\n", encoding="utf-8")
    delta = changes(before, _session(root).by_note)
    assert [d.line for d in delta.cleared["A.md"]] == [1, 2]  # X at 1 and Y at 2 are gone
    assert [d.line for d in delta.appeared["A.md"]] == [1, 2]
    assert changes(before, before).empty


# -- repairs --

def test_a_failing_update_is_reported_and_repaired_by_a_reload(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[str] = []
    watcher = _watcher(write_vault(tmp_path / "v", dict(FILES)), lines)
    try:
        def fail(hints: object) -> None:
            raise KeyError("core bug")

        monkeypatch.setattr(watcher.session, "update", fail)
        (watcher.root / "Target.md").unlink()
        watcher.apply(Batch(frozenset({"Target.md"}), False))
        assert "the update failed (KeyError: 'core bug'): reading the whole vault again" in lines[0]
        assert any("+ Notes/Reading.md:1:1: error broken-link" in line for line in lines)
    finally:
        watcher.close()


def test_a_config_change_takes_effect_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    lines: list[str] = []
    watcher = _watcher(write_vault(tmp_path / "v", dict(FILES)), lines)
    try:
        (watcher.root / ".mentorvault.yaml").write_text("language: ru\n", encoding="utf-8")
        watcher.apply(Batch(frozenset({".mentorvault.yaml"}), False))
        assert watcher.session.config.language == "ru" and "в хранилище ошибок: 0" in lines[-1]
        (watcher.root / ".mentorvault.yaml").write_text("no_such_key: 1\n", encoding="utf-8")
        watcher.apply(Batch(frozenset({".mentorvault.yaml"}), False))
        assert "конфигурация неверна" in lines[-2] and watcher.session.config.language == "ru"
    finally:
        watcher.close()


def test_a_dead_observer_is_restarted_and_the_vault_read_again(tmp_path: Path) -> None:
    lines: list[str] = []
    watcher = _watcher(write_vault(tmp_path / "v", dict(FILES)), lines)
    try:
        assert watcher.keeper.watching is not None
        watcher.keeper.watching.observer.stop()
        watcher.keeper.watching.observer.join()
        watcher.step()
        assert "file watching stopped: reading the whole vault again" in lines[0]
        assert watcher.keeper.watching is not None and watcher.keeper.watching.healthy()
    finally:
        watcher.close()


def test_a_queue_overflow_logged_by_watchdog_means_a_reload(tmp_path: Path) -> None:
    lines: list[str] = []
    watcher = _watcher(write_vault(tmp_path / "v", dict(FILES)), lines)
    try:
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost")
        watcher.inbox.quiet = 0.0
        batch = watcher.inbox.take()
        assert batch is not None and batch.lost
        watcher.apply(batch)
        assert "file events were lost: reading the whole vault again" in lines[0]
    finally:
        watcher.close()


# -- observers --

def test_native_watching_that_fails_to_start_falls_back_to_polling(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: InotifyObserver) -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(InotifyObserver, "start", refuse)
    lines: list[str] = []
    watcher = _watcher(write_vault(tmp_path / "v", dict(FILES)), lines)
    try:
        assert watcher.keeper.watching is not None and watcher.keeper.watching.polling
        assert lines[0].endswith(
            "native file watching is unavailable (inotify watch limit reached): polling every 0.5 s instead")
        assert "by polling every 0.5 s" in watcher.banner()
    finally:
        watcher.close()


def test_polling_on_request_and_a_missing_folder(tmp_path: Path) -> None:
    handler = Handler(str(tmp_path), Inbox(0.0))
    watching, reason = start(str(tmp_path), handler, True, [])
    try:
        assert watching.polling and reason is None and watching.healthy()
    finally:
        watching.stop()
    with pytest.raises(OSError):
        start(str(tmp_path / "missing"), handler, False, [])


def test_an_observer_that_cannot_start_is_tried_again_later(tmp_path: Path) -> None:
    clock = Clock()
    keeper = Keeper(Handler(str(tmp_path / "missing"), Inbox(0.0)), False, clock)
    assert keeper.due()
    with pytest.raises(OSError):
        keeper.restart()
    assert not keeper.due()
    clock.now = RETRY
    assert keeper.due()


def test_a_folder_deleted_under_the_watch_makes_it_unhealthy(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    watching, _ = start(str(root), Handler(str(root), Inbox(0.0)), False, [])
    try:
        os.rmdir(root)
        root.mkdir()  # made again at once: the inotify watch died with the old folder
        deadline = time.monotonic() + 3
        while watching.healthy() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not watching.healthy()
    finally:
        watching.stop()


# -- stopping --

def test_a_stop_cuts_interruptible_work_and_waits_for_a_write() -> None:
    stopper = Stopper()
    with stopper.deferred(), stopper.interruptible():
        stopper._handle(2, None)  # a write in progress: only recorded
    assert stopper.requested
    with pytest.raises(Stopped), stopper.interruptible():
        pass  # already requested: long work does not even start
    other = Stopper()
    with pytest.raises(Stopped), other.interruptible():
        other._handle(15, None)


def test_the_note_is_rendered_only_when_what_it_shows_can_move(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[str] = []
    watcher = _watcher(write_vault(tmp_path / "v", dict(FILES)), lines)
    calls: list[str] = []
    write = watcher.note.write

    def counted(session: Session, today: date, stopper: Stopper) -> object:
        calls.append("write")
        return write(session, today, stopper)

    monkeypatch.setattr(watcher.note, "write", counted)
    try:
        (watcher.root / "Target.md").write_text("# Target\nMore text.\n", encoding="utf-8")
        watcher.apply(Batch(frozenset({"Target.md"}), False))
        assert calls == []  # no goal, no check-in, no problem moved
        (watcher.root / "Target.md").write_text("# Target\n[[Nowhere]]\n", encoding="utf-8")
        watcher.apply(Batch(frozenset({"Target.md"}), False))
        assert calls == ["write"]
    finally:
        watcher.close()


def test_a_note_that_failed_to_be_written_is_tried_on_the_next_change(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from mentorvault import watch_note
    from mentorvault.progress_note import ProgressNoteError

    lines: list[str] = []
    watcher = _watcher(write_vault(tmp_path / "v", dict(FILES)), lines)
    try:
        def refuse(*args: object, **kwargs: object) -> None:
            raise ProgressNoteError("Mentorship Progress.md: the disk is full")

        with monkeypatch.context() as patch:
            patch.setattr(watch_note, "write_block", refuse)
            (watcher.root / "Target.md").write_text("# Target\n[[Nowhere]]\n", encoding="utf-8")
            watcher.apply(Batch(frozenset({"Target.md"}), False))
        assert any(line.endswith("Mentorship Progress.md: the disk is full") for line in lines)
        (watcher.root / "Target.md").write_text("# Target\n[[Nowhere]]\nplain\n", encoding="utf-8")
        watcher.apply(Batch(frozenset({"Target.md"}), False))
        assert "Nowhere" in (watcher.root / NOTE).read_text("utf-8")
    finally:
        watcher.close()


def test_polling_follows_no_link_out_of_the_vault_or_round_in_it(tmp_path: Path) -> None:
    root, outside = tmp_path / "v", tmp_path / "outside"
    write_vault(root, {"A.md": "a\n"})
    write_vault(outside, {"Secret.md": "s\n"})
    os.symlink(outside, root / "out")
    os.symlink(".", root / "here")  # two loops: with os.stat, 2**40 paths and no start
    os.symlink(".", root / "there")
    inbox = Inbox(0.0)
    started: list[object] = []
    runner = threading.Thread(target=lambda: started.append(start(str(root), Handler(str(root), inbox), True, [])),
                              daemon=True)
    runner.start()
    runner.join(timeout=5)
    assert started, "the polling snapshot did not finish"
    watching = started[0][0]  # type: ignore[index]
    try:
        (outside / "New.md").write_text("n\n", encoding="utf-8")
        (root / "B.md").write_text("b\n", encoding="utf-8")
        seen: set[str] = set()
        deadline = time.monotonic() + 5
        while "B.md" not in seen and time.monotonic() < deadline:
            inbox.wait(0.1)
            batch = inbox.take()
            seen |= set(batch.paths) if batch else set()
        assert "B.md" in seen and not any(p.startswith(("out/", "here/", "there/")) for p in seen)
    finally:
        watching.stop()


def test_a_missing_folder_or_bad_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    from conftest import run_cli

    assert run_cli("watch", str(tmp_path / "missing")) == (2, f"mentorvault: {tmp_path / 'missing'}: no such folder\n")
    root = write_vault(tmp_path / "v", {".mentorvault.yaml": "rules: {no-such-rule: off}\n"})
    code, out = run_cli("watch", str(root))
    assert code == 2 and out.splitlines() == ["mentorvault: unknown rule 'no-such-rule' (see: mentorvault rules)"]

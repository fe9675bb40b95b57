"""`mentorvault index`: writing the note safely, `--check`, exit codes, and the writer under it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import TODAY, lines, run_cli

from mentorvault import progress_update, writer
from mentorvault.progress_note import BEGIN, END
from mentorvault.writer import ChangedOnDisk, write_if_changed

GOAL = """---
type: goal
title: Pass three interviews
category: career
horizon: short
status: active
start: 2026-11-01
due: 2027-01-31
metric: an offer
target: 3
current: 1
mentee: "[[Anna]]"
area: "[[Career]]"
resources: [mock interviews]
---
## Check-ins
- 2026-11-20: CV reviewed
"""
VAULT = {"Goals/Interview.md": GOAL, "Anna.md": "# Anna\n", "Career.md": "# Career\n"}
NOTE = "Mentorship Progress.md"


def index(root: Path, *extra: str) -> tuple[int, str]:
    return run_cli("index", str(root), "--today", TODAY, *extra)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_first_run_creates_the_note_and_the_second_writes_nothing(vault):
    root = vault(VAULT)
    code, out = index(root)
    assert (code, out) == (0, f"{root.as_posix()}/{NOTE}: created\n")
    note = root / NOTE
    os.utime(note, ns=(1_000_000_000, 1_000_000_000))  # an old mtime: any write would move it
    before = note.read_bytes()
    code, out = index(root)
    assert (code, out) == (0, f"{root.as_posix()}/{NOTE}: up to date\n")
    assert note.read_bytes() == before and note.stat().st_mtime_ns == 1_000_000_000
    assert "[[Goals/Interview\\|Pass three interviews]]" in before.decode()


def test_user_text_around_the_block_survives_an_update_bom_and_crlf_included(vault):
    root = vault(VAULT)
    index(root)
    note = root / NOTE
    generated = note.read_text("utf-8").replace("\n", "\r\n")
    start = generated.index("<!-- linter-disable -->")
    mine_above, mine_below = "\ufeff# Мои заметки\r\nтекст  \r\n\r\n", "\r\n## После\r\n- пункт\r\n"
    note.write_bytes((mine_above + generated[start:] + mine_below).encode("utf-8"))
    (root / "Goals/Interview.md").write_text(GOAL.replace("current: 1", "current: 2"), "utf-8")
    assert index(root)[0] == 0
    data = note.read_bytes()
    assert data.startswith(mine_above.encode("utf-8")) and data.endswith(mine_below.encode("utf-8"))
    assert b"67%" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_check_exit_codes_and_messages(vault):
    root = vault(VAULT)
    note = root / NOTE
    code, out = index(root, "--check")
    assert code == 1 and "does not exist yet: run `mentorvault index`" in out and not note.exists()
    index(root)
    assert index(root, "--check") == (0, f"{root.as_posix()}/{NOTE}: up to date\n")
    code, out = run_cli("index", str(root), "--today", "2026-11-29", "--check")
    assert code == 1 and "is out of date" in out and "run `mentorvault index`" in out
    (root / "Goals/Interview.md").write_text(GOAL.replace("status: active", "status: done"), "utf-8")
    before = note.read_bytes()
    assert index(root, "--check")[0] == 1 and note.read_bytes() == before
    note.write_text("# only mine\n", "utf-8")
    code, out = index(root, "--check")
    assert code == 1 and "has no mentorvault block" in out


def test_check_speaks_the_vaults_language(vault):
    root = vault({**VAULT, ".mentorvault.yaml": "language: ru\n"})
    assert index(root, "--check")[1].endswith("ещё не создана: запустите `mentorvault index`\n")
    assert index(root)[1].endswith(": создана\n")
    assert index(root, "--check")[1].endswith(": актуальна\n")


@pytest.mark.parametrize("extra", [(), ("--check",)])
def test_config_and_vault_errors_exit_2(vault, tmp_path, extra):
    root = vault({**VAULT, ".mentorvault.yaml": "index:\n  pathh: x.md\n"})
    code, out = index(root, *extra)
    assert code == 2 and "unknown key 'index.pathh'" in out
    assert index(tmp_path / "missing", *extra)[0] == 2
    code, out = run_cli("index", str(root), "--today", "someday", *extra)
    assert code == 2 and "--today" in out
    assert not (root / NOTE).exists() and not (root / "x.md").exists()


@pytest.mark.parametrize("path", ["../outside.md", "/tmp/abs.md", "Progress.txt", ".hidden/P.md", " "])
def test_an_index_path_outside_the_vault_or_not_a_note_is_refused(vault, path):
    root = vault({**VAULT, ".mentorvault.yaml": f"index:\n  path: '{path}'\n"})
    code, out = index(root)
    assert code == 2 and "must name a .md note inside the vault" in out
    assert not (root.parent / "outside.md").exists()


def test_a_folder_link_out_of_the_vault_is_not_followed(vault, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    root = vault({**VAULT, ".mentorvault.yaml": "index:\n  path: Out/P.md\n"})
    (root / "Out").symlink_to(outside, target_is_directory=True)
    code, out = index(root)
    assert code == 2 and "outside the vault" in out and list(outside.iterdir()) == []


def test_broken_markers_exit_2_and_leave_the_note_alone(vault):
    root = vault({**VAULT, NOTE: f"mine\n{BEGIN}\nno end\n"})
    code, out = index(root)
    assert code == 2 and "line 2" in out and "without its pair" in out
    assert (root / NOTE).read_text("utf-8") == f"mine\n{BEGIN}\nno end\n"


def test_a_failed_replace_leaves_the_old_note_and_no_temp_file(vault, monkeypatch):
    root = vault({**VAULT, NOTE: "# old note\n"})

    def fail(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "replace", fail)
    code, out = index(root)
    assert code == 2 and "cannot write the progress note: No space left on device" in out
    assert (root / NOTE).read_text("utf-8") == "# old note\n" and leftovers(root) == []


def test_a_failed_fsync_leaves_no_temp_file(vault, monkeypatch):
    root = vault(VAULT)

    def fail(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(writer.os, "fsync", fail)
    assert index(root)[0] == 2
    assert not (root / NOTE).exists() and leftovers(root) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_an_error_not_a_traceback(vault):
    root = vault({**VAULT, NOTE: "# old\n"})
    root.chmod(0o555)
    try:
        code, _out = index(root)
    finally:
        root.chmod(0o755)
    assert code == 2 and (root / NOTE).read_text("utf-8") == "# old\n" and leftovers(root) == []


def test_the_file_mode_is_kept(vault):
    root = vault({**VAULT, NOTE: "# old\n"})
    (root / NOTE).chmod(0o640)
    index(root)
    assert stat.S_IMODE((root / NOTE).stat().st_mode) == 0o640


def test_a_symlinked_note_is_not_written_through(vault):
    root = vault({**VAULT, "Real.md": "# real\n"})
    (root / NOTE).symlink_to(root / "Real.md")
    code, out = index(root)
    assert code == 2 and "symbolic link" in out
    assert (root / "Real.md").read_text("utf-8") == "# real\n"


def edit_after_reads(monkeypatch, note: Path, edits: list[str]) -> None:
    """Make the user save ``edits`` one by one, each right after mentorvault has read the note."""
    real = progress_update._read

    def read_then_edit(*args: object) -> bytes | None:
        data = real(*args)  # type: ignore[arg-type]
        if edits:
            note.write_text(edits.pop(0), "utf-8")
        return data

    monkeypatch.setattr(progress_update, "_read", read_then_edit)


def test_an_edit_between_read_and_write_is_kept(vault, monkeypatch):
    root = vault(VAULT)
    index(root)
    note = root / NOTE
    (root / "Goals/Interview.md").write_text(GOAL.replace("current: 1", "current: 3"), "utf-8")
    edited = note.read_text("utf-8") + "\nmy words after the block\n"
    edit_after_reads(monkeypatch, note, [edited])
    assert index(root)[0] == 0
    text = note.read_text("utf-8")
    assert text.endswith("\nmy words after the block\n") and "100%" in text


def test_a_note_created_between_read_and_write_is_kept(vault, monkeypatch):
    root = vault(VAULT)
    edit_after_reads(monkeypatch, root / NOTE, ["# made in Obsidian meanwhile\n"])
    assert index(root)[0] == 0
    text = (root / NOTE).read_text("utf-8")
    assert text.startswith("# made in Obsidian meanwhile\n\n<!-- linter-disable -->")


def test_a_note_that_keeps_changing_is_left_to_the_user(vault, monkeypatch):
    root = vault({**VAULT, NOTE: "v0\n"})
    edit_after_reads(monkeypatch, root / NOTE, ["v1\n", "v2\n", "v3\n"])
    code, out = index(root)
    assert code == 2 and "kept changing" in out
    assert (root / NOTE).read_text("utf-8") == "v3\n" and leftovers(root) == []


def test_writer_refuses_when_the_file_appeared(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes(b"theirs")
    with pytest.raises(ChangedOnDisk):
        write_if_changed(path, b"ours", expect_missing=True)
    assert path.read_bytes() == b"theirs"


def test_writer_checks_again_right_before_the_replace(tmp_path, monkeypatch):
    path = tmp_path / "n.md"
    path.write_bytes(b"old")
    real_fsync = os.fsync

    def save_meanwhile(fd: int) -> None:
        real_fsync(fd)
        path.write_bytes(b"saved by the editor during our fsync")

    monkeypatch.setattr(writer.os, "fsync", save_meanwhile)
    with pytest.raises(ChangedOnDisk):
        write_if_changed(path, b"new", expected=b"old")
    assert path.read_bytes() == b"saved by the editor during our fsync" and leftovers(tmp_path) == []


def test_the_note_is_no_goal_no_mentee_and_not_linted(vault):
    note = f"---\ntype: goal\nmentee: \"[[Ghost]]\"\n---\n[[Nowhere]]\n{BEGIN}\n{END}\n"
    root = vault({**VAULT, NOTE: note})
    index(root)
    text = (root / NOTE).read_text("utf-8")
    assert "| **Total** | **1** |" in text and "Ghost" not in text.split(BEGIN)[1]
    assert not [line for line in lines(root) if line.startswith(NOTE)]


def test_a_note_named_in_another_case_is_the_same_note(vault):
    root = vault({**VAULT, ".mentorvault.yaml": "index:\n  path: mentorship progress.md\n",
                  NOTE: "# mine\n"})
    index(root)
    assert sorted(p.name for p in root.glob("*rogress*")) == [NOTE]
    assert (root / NOTE).read_text("utf-8").startswith("# mine\n\n<!-- linter-disable -->")


def test_the_note_may_live_in_a_folder_that_does_not_exist_yet(vault):
    root = vault({**VAULT, ".mentorvault.yaml": "index:\n  path: Менторство/Прогресс.md\n"})
    assert index(root)[0] == 0
    assert (root / "Менторство/Прогресс.md").read_text("utf-8").startswith("---\nmentorvault: generated")


def test_today_comes_from_the_environment_too(vault):
    root = vault(VAULT)
    code, _ = run_cli("index", str(root), env={"MENTORVAULT_TODAY": TODAY})
    assert code == 0 and "As of 2026-11-28." in (root / NOTE).read_text("utf-8")


def test_a_link_to_the_note_does_not_make_the_first_run_differ_from_the_second(vault):
    root = vault({**VAULT, "Home.md": f"See [[{NOTE[:-3]}]] and [[{NOTE[:-3]}#Summary]].\n"})
    index(root)
    assert "Problems: 0 errors" in (root / NOTE).read_text("utf-8")
    assert index(root)[1].endswith(": up to date\n")

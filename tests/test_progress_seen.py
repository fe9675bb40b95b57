"""The watcher's writes of the progress note trust what they remember only while the file is untouched."""

from __future__ import annotations

from pathlib import Path

from mentorvault.progress_note import BEGIN, END
from mentorvault.progress_update import Seen, _stamp, write_block

NOTE = "Progress.md"


def block(text: str) -> bytes:
    return f"<!-- linter-disable -->\n{BEGIN}\n\n{text}\n\n{END}\n<!-- linter-enable -->\n".encode()


def test_a_save_between_two_updates_is_read_and_kept(tmp_path: Path) -> None:
    seen = Seen()
    assert write_block(tmp_path, NOTE, block("one"), "en", seen=seen).state == "created"
    path = tmp_path / NOTE
    path.write_bytes(b"My own line.\n" + path.read_bytes())
    assert write_block(tmp_path, NOTE, [block("two")], "en", seen=seen).state == "updated"
    assert path.read_bytes().startswith(b"My own line.\n") and b"two" in path.read_bytes()
    assert write_block(tmp_path, NOTE, block("two"), "en", seen=seen).state == "current"


def test_a_save_the_file_status_missed_is_never_overwritten(tmp_path: Path) -> None:
    seen = Seen()
    write_block(tmp_path, NOTE, block("one"), "en", seen=seen)
    path = tmp_path / NOTE
    path.write_bytes(b"Mine.\n" + path.read_bytes())
    seen.stamp = _stamp(tmp_path, NOTE)  # as if the save left size, inode and times as they were
    assert write_block(tmp_path, NOTE, block("two"), "en", seen=seen).state == "updated"
    data = path.read_bytes()
    assert data.startswith(b"Mine.\n---\n") and data.endswith(block("two")) and b"one" not in data
    assert seen.data == data


def test_a_note_that_is_not_there_any_more_is_created_again(tmp_path: Path) -> None:
    seen = Seen()
    write_block(tmp_path, NOTE, block("one"), "en", seen=seen)
    (tmp_path / NOTE).unlink()
    assert write_block(tmp_path, NOTE, block("one"), "en", seen=seen).state == "created"

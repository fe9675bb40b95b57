"""Reading notes: bad input becomes one clear diagnostic and the run goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import check_json, lines, run_cli

from mentorvault import vault as vault_mod
from mentorvault.config import Config


def test_bom_and_crlf_are_normal(vault):
    root = vault({"a.md": b"\xef\xbb\xbf---\r\ntags: [x]\r\n---\r\n# H\r\n[[Gone]]\r\n", "b.md": b"x\rline [[Lone]]\r"})
    assert lines(root) == ["a.md:5:1 broken-link", "b.md:2:6 broken-link"]


def test_not_utf8_is_unreadable_and_the_run_goes_on(vault):
    root = vault({"bad.md": b"ok \xff\xfe no", "utf16.md": "x".encode("utf-16"), "good.md": "[[Gone]]"})
    assert lines(root) == ["bad.md:1:1 unreadable-note", "good.md:1:1 broken-link", "utf16.md:1:1 unreadable-note"]
    msgs = {d["path"]: d["message"] for d in check_json(root)}
    assert "byte 3" in msgs["bad.md"] and "UTF-16" in msgs["utf16.md"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\n---\nbody\n", []),
        ("---\n- a\n- b\n---\n", ["a.md:2:1 invalid-frontmatter"]),
        ("---\njust text\n---\n", ["a.md:2:1 invalid-frontmatter"]),
        ("---\na: [1\n---\n", ["a.md:3:1 invalid-frontmatter"]),
        ("---\na: 1\nb: 2\na: 3\n---\n", ["a.md:4:1 invalid-frontmatter"]),
        ("---\na:\n\tb: 1\n---\n", ["a.md:3:1 invalid-frontmatter"]),
        ("---\nx: !!python/object/apply:os.system [ls]\n---\n", ["a.md:2:4 invalid-frontmatter"]),
        ("---\ntitle: never closed\n", ["a.md:1:1 invalid-frontmatter"]),
        ("text\n\n---\nnot: frontmatter\n---\n", []),
        ("\n---\nnot: frontmatter\n---\n", []),
    ],
)
def test_frontmatter_problems(vault, text, expected):
    assert lines(vault({"a.md": text})) == expected


def test_body_rules_are_not_frontmatter(vault):
    root = vault({"a.md": "---\ntags: [a]\n---\ntext\n\n---\n\nmore [[Gone]]\n---\n"})
    assert lines(root) == ["a.md:8:6 broken-link"]


def test_impossible_date_keeps_the_rest_of_the_frontmatter(vault):
    root = vault({"a.md": '---\ndue: 2027-02-30\nmentor: "[[Nobody]]"\n---\n'})
    assert lines(root) == ["a.md:3:10 broken-link"]


def test_yes_no_stay_text(tmp_path):
    from mentorvault.notes import parse_note

    note = parse_note("a.md", b"---\na: yes\nb: no\nc: true\nd: 2026-01-01\n---\n")
    assert note.fm == {"a": "yes", "b": "no", "c": True, "d": "2026-01-01"}


def test_alias_bomb_and_deep_nesting_are_bounded(vault):
    bomb = "---\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    ) + "---\n"
    deep = "---\na: " + "[" * 1000 + "]" * 1000 + "\n---\n"
    nested = "---\n" + "".join("  " * i + f"k{i}:\n" for i in range(1000)) + "---\n"
    root = vault({"bomb.md": bomb, "deep.md": deep, "nested.md": nested})
    rules = sorted(d["rule"] for d in check_json(root))
    assert rules == ["invalid-frontmatter"] * 3


def test_duplicate_key_message_names_the_first_line(vault):
    [d] = check_json(vault({"a.md": "---\nstatus: a\nstatus: b\n---\n"}))
    assert "'status'" in d["message"] and "line 2" in d["message"]


def test_note_too_large_is_not_parsed(vault):
    root = vault({"big.md": "[[Gone]]\n" * 200, ".mentorvault.yaml": "max_note_bytes: 1000\n"})
    assert lines(root) == ["big.md:1:1 note-too-large"]


def test_sync_conflict_copies_are_reported_only_as_such(vault):
    root = vault({
        "Note.md": "x",
        "Note.sync-conflict-20261101-120000-ABCDEFG.md": "[[Gone]]",
        "Note (conflicted copy 2026-11-01).md": "[[Gone]]",
        "a.md": "[[Note.sync-conflict-20261101-120000-ABCDEFG]]",
    })
    assert lines(root) == [
        "Note (conflicted copy 2026-11-01).md:1:1 sync-conflict-copy",
        "Note.sync-conflict-20261101-120000-ABCDEFG.md:1:1 sync-conflict-copy",
    ]


def test_deprecated_properties(vault):
    root = vault({"a.md": "---\ntag: x\nalias: y\ncssclass: z\ncssclasses: [w]\n---\n"})
    assert lines(root) == ["a.md:2:1 deprecated-property", "a.md:3:1 deprecated-property", "a.md:4:1 deprecated-property"]


def test_property_types_from_obsidian(vault):
    root = vault({
        ".obsidian/types.json": '{"types": {"rating": "number", "done": "checkbox", "due": "date", '
        '"genre": "multitext", "name": "text", "at": "datetime"}}',
        "ok.md": "---\nrating: 4.5\ndone: false\ndue: 2026-01-31\ngenre: [a, b]\nname: x\nat: 2026-01-31T10:00\n---\n",
        "bad.md": "---\nrating: five\ndone: yes\ndue: 2026-02-30\ngenre: [[a, b]]\nname: {a: 1}\nat: noon\n---\n",
    })
    assert lines(root) == [f"bad.md:{n}:{c} property-type" for n, c in ((2, 9), (3, 7), (4, 6), (5, 8), (6, 7), (7, 5))]


def test_templates_folder_is_not_linted_but_is_a_link_target(vault):
    root = vault({
        ".obsidian/templates.json": '{"folder": "Tpl"}',
        "Tpl/Movie.md": "---\nlast: {{date}}\n---\n[[Gone]]\n",
        "a.md": "[[Movie]]",
    })
    assert lines(root) == []


def test_hidden_folders_and_obsidian_excluded_files_are_skipped(vault):
    root = vault({
        ".obsidian/app.json": '{"userIgnoreFilters": ["Archive/", "/draft-\\\\d+/"]}',
        ".trash/old.md": "[[Gone]]",
        ".hidden/x.md": "[[Gone]]",
        "Archive/old.md": "[[Gone]]",
        "draft-12.md": "[[Gone]]",
        "a.md": "[[old]]",
    })
    assert lines(root) == []


def test_ignore_globs_from_config(vault):
    root = vault({
        ".mentorvault.yaml": "ignore: ['Daily/**', '*.draft.md']\n",
        "Daily/2026/01.md": "[[Gone]]", "x.draft.md": "[[Gone]]", "Sub/y.draft.md": "[[Gone]]", "a.md": "[[Gone]]",
    })
    assert lines(root) == ["a.md:1:1 broken-link"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_out_of_the_vault_are_not_followed(vault, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("[[Gone]]")
    root = vault({"a.md": "[[secret]]"})
    os.symlink(outside / "secret.md", root / "secret.md")
    os.symlink(outside, root / "linked")
    os.symlink(root, root / "loop")
    assert lines(root) == ["a.md:1:1 broken-link"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_fifo_and_directory_named_like_notes(vault):
    root = vault({"a.md": "[[x]] [[dir]]"})
    os.mkfifo(root / "x.md")
    (root / "dir.md").mkdir()
    # neither is a note: the run ends, and links to them are broken
    assert lines(root) == ["a.md:1:1 broken-link", "a.md:1:7 broken-link"]
    data, problem = vault_mod.read_bytes(root, "x.md", 1000)
    assert data is None and problem is not None and problem.msg.key == "unreadable-special"


def test_file_deleted_between_scan_and_read(vault, monkeypatch):
    root = vault({"a.md": "[[gone]]", "gone.md": "x"})
    real_scan = vault_mod.scan

    def scan_then_delete(path: Path):
        found = list(real_scan(path))
        (root / "gone.md").unlink()
        return iter(found)

    monkeypatch.setattr(vault_mod, "scan", scan_then_delete)
    model = vault_mod.load(root, Config())
    assert "gone.md" not in model.notes and "gone.md" not in model.files


def test_unreadable_file(vault, monkeypatch):
    root = vault({"a.md": "x", "b.md": "[[a]]"})
    real_open = os.open

    def deny(path, flags, *args):
        if str(path).endswith("a.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", deny)
    [d] = check_json(root)
    assert (d["path"], d["rule"]) == ("a.md", "unreadable-note")
    assert "Permission denied" in d["message"]


def test_invalid_utf8_file_name(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / "ok.md").write_text("[[Gone]]")
    with open(os.path.join(os.fsencode(root), b"bad\xff.md"), "wb") as fh:
        fh.write(b"[[Gone]]")
    code, out = run_cli("check", str(root), "--today", "2026-11-28")
    assert code == 1
    assert "bad\ufffd.md:1:1: error broken-link" in out


def test_dropbox_conflict_copy_with_the_editors_name(vault):
    root = vault({"Career (Anna's conflicted copy 2026-11-20).md": "x"})
    assert lines(root) == ["Career (Anna's conflicted copy 2026-11-20).md:1:1 sync-conflict-copy"]


def test_both_old_and_new_property_names(vault):
    [d] = check_json(vault({"a.md": "---\ntag: x\ntags: [y]\n---\n"}))
    assert d["rule"] == "deprecated-property" and not d["fixable"] and "move its values" in d["message"]


def test_links_into_a_note_too_large_are_not_guessed(vault):
    root = vault({"big.md": "# Head\n" + "x\n" * 600, "a.md": "[[big#Nope]] [[big#^nope]]", ".mentorvault.yaml": "max_note_bytes: 1000\n"})
    assert lines(root) == ["big.md:1:1 note-too-large"]


def test_a_note_read_whole_whatever_its_size_said(tmp_path):
    # fstat's size is a hint: a note that grew or shrank since is read to its end, up to the limit
    note = tmp_path / "n.md"
    note.write_bytes(b"0123456789" * 10_000)
    fd = os.open(note, os.O_RDONLY)
    try:
        assert vault_mod._read_all(fd, 3, 1 << 20) == note.read_bytes()
        os.lseek(fd, 0, os.SEEK_SET)
        assert vault_mod._read_all(fd, 500_000, 1 << 20) == note.read_bytes()
        os.lseek(fd, 0, os.SEEK_SET)
        assert vault_mod._read_all(fd, 10, 50) == note.read_bytes()[:51]  # past the limit: limit + 1 bytes
    finally:
        os.close(fd)
    data, problem = vault_mod.read_bytes(tmp_path, "n.md", 1 << 20, os.path.realpath(tmp_path))
    assert problem is None and data == note.read_bytes()

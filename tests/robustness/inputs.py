"""Bad inputs, generated into a temporary vault: nothing here is a committed fixture.

Each small input lives in its own folder of one shared vault, named after the
input, so one run of the command checks them all without one input's files
touching another's links. Big inputs each get a vault of their own (see
``BIG``). ``expect`` lists the diagnostics that must be reported in the
input's folder as ``(path, rule, line)``, the path relative to that folder
and ``line`` None where the line carries no meaning; with ``exact`` nothing
else may be reported there.

Every note links to ``[[Gone]]`` somewhere after the bad part where it can:
a broken-link reported on the right line proves the note was read past the
trouble, with its line numbers intact.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Build = Callable[[Path, Path], None]  # (the input's folder, a folder outside the vault)


@dataclass(frozen=True)
class Input:
    name: str
    what: str  # one line for the matrix in docs/reliability.md
    build: Build
    expect: tuple[tuple[str, str, int | None], ...] = ()
    exact: bool = True
    deny: tuple[str, ...] = ()  # paths (relative to the folder) the command is refused to open
    bug: str = ""  # a known bug makes this input fail: the test is an expected failure until fixed


def note(data: bytes | str, name: str = "note.md") -> Build:
    raw = data.encode("utf-8") if isinstance(data, str) else data

    def build(folder: Path, outside: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(raw)

    return build


def files(*builds: Build) -> Build:
    def build(folder: Path, outside: Path) -> None:
        for b in builds:
            b(folder, outside)

    return build


def fm(body: str, tail: str = "\n[[Gone]]\n") -> str:
    """A note whose frontmatter holds ``body``, then a broken link after it."""
    return f"---\n{body}---\n{tail}"


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """Billion laughs: each anchor lists the previous one ``width`` times."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def deep_flow(levels: int = 10_000) -> str:
    return "deep: " + "[" * levels + "]" * levels + "\n"


def goal(extra: str) -> str:
    return fm(
        "type: goal\ntitle: Pass three Senior Python interviews\ncategory: career\nhorizon: short\n"
        "status: active\nstart: 2026-11-01\n" + extra + "metric: an offer at grade 5\n",
        "\n## Plan\n- [ ] update the CV\n",
    )


def _special(kind: str) -> Build:
    def build(folder: Path, outside: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "links.md").write_text("[[x]]\n\n[[Gone]]\n")
        if kind == "dir":
            (folder / "x.md").mkdir()
            (folder / "x.md" / "inner.md").write_text("[[Gone]]\n")
        else:
            os.mkfifo(folder / "x.md")

    return build


def _bad_name(folder: Path, outside: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.path.join(os.fsencode(folder), b"bad\xff\xfe name.md"), "wb") as fh:
        fh.write(b"# ok\n[[Gone]]\n")
    with open(os.path.join(os.fsencode(folder), b"latin1 caf\xe9.md"), "wb") as fh:
        fh.write(b"[[Gone]]\n")


def _case(folder: Path, outside: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Plan.md").write_text("upper\n")
    (folder / "plan.md").write_text("lower\n")
    (folder / "links.md").write_text("[[Plan]] and [[plan]]\n\n[[PLAN]]\n")


def _nfc_nfd(folder: Path, outside: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / (unicodedata.normalize("NFD", "Йога") + ".md")).write_text("decomposed name\n")
    (folder / (unicodedata.normalize("NFC", "Café") + ".md")).write_text("composed\n")
    (folder / (unicodedata.normalize("NFD", "Café") + ".md")).write_text("decomposed\n")
    (folder / "links.md").write_text(unicodedata.normalize("NFC", "[[Йога]]\n\n[[Café]]\n"))


def _symlink_out(folder: Path, outside: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret folder"
    secret.mkdir(parents=True, exist_ok=True)
    (secret / "Secret.md").write_text("---\ntag: leaked\n---\n[[Leaked]]\n")
    os.symlink(secret / "Secret.md", folder / "Secret.md")
    os.symlink(secret, folder / "linked folder")
    os.symlink("/etc/passwd", folder / "passwd.md")
    (folder / "links.md").write_text("[[Secret]]\n\n[[linked folder/Secret]]\n")


def _symlink_loop(folder: Path, outside: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.symlink(".", folder / "here")
    os.symlink("..", folder / "up")
    os.symlink("a.md", folder / "b.md")
    os.symlink("b.md", folder / "a.md")
    os.symlink("self.md", folder / "self.md")
    (folder / "links.md").write_text("[[a]]\n")


LINKS_OUT = (
    "[[../../../../etc/passwd]]\n\n"
    "[up](../../../etc/passwd)\n\n"
    "![[../../secret.png]]\n\n"
    "[[/etc/passwd]]\n\n"
    "[abs](/etc/hosts)\n\n"
    "[file](file:///etc/passwd)\n\n"
    "[[../..]]\n"
)

SMALL: tuple[Input, ...] = (
    Input("non-utf8", "Latin-1 bytes in a note", note(b"caf\xe9 ok\n[[Gone]]\n"),
          (("note.md", "unreadable-note", 1),)),
    Input("utf16", "UTF-16 with its BOM", note("# Заметка\n[[Gone]]\n".encode("utf-16")),
          (("note.md", "unreadable-note", 1),)),
    Input("utf16-no-bom", "UTF-16-LE without a BOM (valid UTF-8 full of NULs)",
          note("[[Gone]]\n".encode("utf-16-le")), (), exact=False),
    Input("nul-bytes", "NUL bytes in text and in a link", note(b"a\x00b\n\n[[Go\x00ne]]\n\n[[Gone]]\n"),
          (("note.md", "broken-link", 5),), exact=False),
    Input("bom", "UTF-8 BOM before the frontmatter", note(b"\xef\xbb\xbf" + fm("tag: x\n").encode()),
          (("note.md", "deprecated-property", 2), ("note.md", "broken-link", 5))),
    Input("crlf", "CRLF line endings", note(fm("tag: x\n").replace("\n", "\r\n")),
          (("note.md", "deprecated-property", 2), ("note.md", "broken-link", 5))),
    Input("lone-cr", "lone CR line endings (classic Mac)", note(fm("tag: x\n").replace("\n", "\r")),
          (("note.md", "deprecated-property", 2), ("note.md", "broken-link", 5))),
    Input("mixed-endings", "LF, CRLF and CR in one note", note("a\r\nb\rc\n\r\n[[Gone]]\r"),
          (("note.md", "broken-link", 5),)),
    Input("unicode-breaks", "U+2028, U+0085, form feed and vertical tab inside lines",
          note("a\u2028b\x85c\x0cd\x0be\n\n[[Gone]]\n"), (("note.md", "broken-link", 3),)),
    Input("empty", "an empty file", note(b"")),
    Input("only-dashes", "only `---`", note("---")),
    Input("only-dashes-newline", "only `---` and a newline", note("---\n"), exact=False),
    Input("unterminated", "frontmatter never closed", note("---\ntitle: x\n\n[[Gone]]\n"),
          (("note.md", "invalid-frontmatter", 1), ("note.md", "broken-link", 4))),
    Input("fm-list", "frontmatter that is a YAML list", note(fm("- a\n- b\n")),
          (("note.md", "invalid-frontmatter", 2), ("note.md", "broken-link", 6))),
    Input("fm-scalar", "frontmatter that is a YAML scalar", note(fm("just text\n")),
          (("note.md", "invalid-frontmatter", 2), ("note.md", "broken-link", 5))),
    Input("yaml-tab", "a tab indenting a key", note(fm("a:\n\tb: 1\n")),
          (("note.md", "invalid-frontmatter", 3), ("note.md", "broken-link", 6))),
    Input("yaml-bad-indent", "a key indented under a scalar", note(fm("a: 1\n  b: 2\n")),
          (("note.md", "invalid-frontmatter", 3), ("note.md", "broken-link", 6))),
    Input("yaml-unclosed-quote", "a quote never closed", note(fm('title: "never closed\nx: 1\n')),
          (("note.md", "invalid-frontmatter", None), ("note.md", "broken-link", 6))),
    Input("yaml-unclosed-bracket", "a flow list never closed", note(fm("tags: [a, b\nx: 1\n")),
          (("note.md", "invalid-frontmatter", None), ("note.md", "broken-link", 6))),
    Input("yaml-unclosed-brace", "a flow mapping never closed", note(fm("x: {a: 1\n")),
          (("note.md", "invalid-frontmatter", None), ("note.md", "broken-link", 5))),
    Input("yaml-bad-alias", "an alias to no anchor", note(fm("a: *nowhere\n")),
          (("note.md", "invalid-frontmatter", 2), ("note.md", "broken-link", 5))),
    Input("yaml-two-documents", "two YAML documents in the frontmatter", note(fm("a: 1\n...\n---x\n")),
          (("note.md", "invalid-frontmatter", 4), ("note.md", "broken-link", 7))),
    Input("yaml-key-not-text", "a list and a number as property names", note(fm("? [a, b]\n: 1\n2: two\n")),
          (("note.md", "invalid-frontmatter", 2), ("note.md", "invalid-frontmatter", 4),
           ("note.md", "broken-link", 7)), exact=False),
    Input("duplicate-keys", "one property set twice", note(fm("status: a\nstatus: b\n")),
          (("note.md", "invalid-frontmatter", 3), ("note.md", "broken-link", 6))),
    Input("impossible-date", "due: 2027-02-30 on a goal", note(goal("due: 2027-02-30\n")),
          (("note.md", "goal-invalid-value", 8),), exact=False),
    Input("python-object", "!!python/object/apply:os.system in frontmatter",
          note(fm("x: !!python/object/apply:os.system ['touch PWNED']\n")),
          (("note.md", "invalid-frontmatter", 2), ("note.md", "broken-link", 5))),
    Input("python-name", "!!python/name:os.system in frontmatter", note(fm("x: !!python/name:os.system ''\n")),
          (("note.md", "invalid-frontmatter", 2), ("note.md", "broken-link", 5))),
    Input("alias-bomb", "billion laughs (9 levels of 9 aliases)", note(fm(alias_bomb())),
          (("note.md", "invalid-frontmatter", None), ("note.md", "broken-link", 13))),
    Input("deep-flow", "10,000 nested flow lists in frontmatter", note(fm(deep_flow())),
          (("note.md", "invalid-frontmatter", None), ("note.md", "broken-link", 5))),
    Input("deep-block", "300 levels of nested keys in frontmatter (indentation, under 64 KiB)",
          note(fm("".join(" " * i + f"k{i}:\n" for i in range(300)))),
          (("note.md", "invalid-frontmatter", None), ("note.md", "broken-link", 304))),
    Input("deep-body", "10,000 nested quotes, lists and emphasis in the body",
          note(">" * 10_000 + " x\n\n" + "- " * 10_000 + "x\n\n" + "*" * 10_000 + "x" + "*" * 10_000
               + "\n\n" + "> - " * 5_000 + "x\n\n[[Gone]]\n"),
          (), exact=False),
    Input("deep-outline", "an outline nested 10 levels deep, then a heading, a link and a task",
          note("".join("    " * i + f"- level {i + 1}\n" for i in range(10)) + "\n## After\n\n[[Gone]]\n"),
          (("note.md", "broken-link", 14),)),
    Input("brackets", "unbalanced brackets and link-like text",
          note("[[\n]]\n[[]]\n[[ ]]\n[]()\n![[]]\n[[a|]]\n[[#]]\n[[|x]]\n\n[[Gone]]\n"),
          (("note.md", "broken-link", 11),), exact=False),
    Input("links-outside", "links with ../ and absolute paths", note(LINKS_OUT),
          (("note.md", "link-outside-vault", 1), ("note.md", "link-outside-vault", 3),
           ("note.md", "link-outside-vault", 5), ("note.md", "broken-link", 7),
           ("note.md", "broken-link", 9), ("note.md", "link-outside-vault", 13))),
    Input("bad-file-name", "file names with invalid UTF-8 bytes", _bad_name,
          (("bad\ufffd\ufffd name.md", "broken-link", 2), ("latin1 caf\ufffd.md", "broken-link", 1))),
    Input("case-only", "Plan.md and plan.md side by side", _case,
          (("links.md", "ambiguous-link", 3),), exact=False),
    Input("nfc-nfd", "NFD file names linked in NFC, and the same name in both", _nfc_nfd,
          (("links.md", "ambiguous-link", 3),)),
    Input("symlink-out", "symlinks to a file, a folder and /etc/passwd outside the vault", _symlink_out,
          (("links.md", "broken-link", 1), ("links.md", "broken-link", 3))),
    Input("symlink-loop", "symlinks to . and .., a two-link cycle, a link to itself", _symlink_loop,
          (("links.md", "broken-link", 1),)),
    Input("unreadable", "a note the OS refuses to open (EACCES)",
          files(note("[[Gone]]\n", "locked.md"), note("[[locked]]\n", "links.md")),
          (("locked.md", "unreadable-note", 1),), deny=("locked.md",)),
    Input("dir-named-md", "a folder named x.md", _special("dir"),
          (("links.md", "broken-link", 1), ("links.md", "broken-link", 3), ("x.md/inner.md", "broken-link", 1))),
    Input("fifo-named-md", "a FIFO named x.md", _special("fifo"),
          (("links.md", "broken-link", 1), ("links.md", "broken-link", 3))),
    Input("frontmatter-too-large", "frontmatter over 64 KiB", note(fm("text: " + "x" * 70_000 + "\n")),
          (("note.md", "invalid-frontmatter", 1), ("note.md", "broken-link", 5))),
    Input("goal-odd-values", "a goal with infinite numbers and dates in years 1 and 9999",
          note(goal("due: 9999-12-31\ntarget: .inf\ncurrent: -.inf\n") + "## Check-ins\n- 0001-01-01: x\n"),
          (("note.md", "horizon-mismatch", 5), ("note.md", "goal-invalid-value", 10)), exact=False),
    Input("goal-nan-target", "a goal whose target is .nan (YAML's not-a-number)",
          note(goal("due: 2027-01-31\ntarget: .nan\ncurrent: 1\n")),
          (("note.md", "goal-invalid-value", 9),), exact=False),
    Input("control-chars", "escape sequences and BEL in text, a title and a link",
          note(fm("title: \x1b[31mred\x07\n", "\x1b]0;pwned\x07\n\n[[\x1b[2JGone]]\n")),
          (("note.md", "invalid-frontmatter", 2), ("note.md", "broken-link", 6))),
)


# Big inputs: one vault each, built by a function of the vault's root.

WORDS = ["mentor", "goal", "plan", "review", "check-in", "interview", "offer", "résumé", "цель", "план"]


def big_note(root: Path) -> None:
    """50 MB: over max_note_bytes, reported and never parsed."""
    root.mkdir(parents=True, exist_ok=True)
    chunk = ("[[Gone]] " + " ".join(WORDS) + "\n").encode("utf-8")
    with open(root / "huge.md", "wb") as fh:
        fh.writelines(chunk for _ in range(50 * 1024 * 1024 // len(chunk) + 1))


def many_lines(root: Path) -> int:
    """100,000 lines of prose in paragraphs; returns the line of the broken link at the end."""
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(100_000):
        lines.append(" ".join(WORDS[(i + k) % len(WORDS)] for k in range(5)))
        if i % 10 == 9:
            lines.append("")
    lines.append("[[Gone]]")
    (root / "long.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def long_line(root: Path) -> int:
    """One line of 2 MB; returns the column of the broken link at its end."""
    root.mkdir(parents=True, exist_ok=True)
    prose = ("word " * (2 * 1024 * 1024 // 5))
    (root / "line.md").write_text(prose + "[[Gone]]\n", encoding="utf-8")
    return len(prose) + 1


def many_links(root: Path) -> tuple[int, int]:
    """100,000 links in one note to 100 notes that exist; one broken link last.

    Returns the broken link's line and column.
    """
    root.mkdir(parents=True, exist_ok=True)
    for i in range(100):
        (root / f"Target {i}.md").write_text(f"# Part {i}\n")
    forms = ("[[Target {i}]]", "[[Target {i}#Part {i}|part]]", "![[Target {i}]]", "[t](Target%20{i}.md)")
    lines = []
    for row in range(1_000):
        lines.append(" ".join(forms[(row + k) % 4].format(i=(row + k) % 100) for k in range(100)))
        lines.append("")
    lines.append("see also [[Gone]]")
    (root / "hub.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines), len("see also ") + 1

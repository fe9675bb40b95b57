"""Properties that must hold for any note: parsing never raises, spans point at their text,
writing the progress note and fixing are idempotent, and a fix touches only its spans."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mentorvault import engine
from mentorvault import vault as vault_mod
from mentorvault.config import Config
from mentorvault.diagnostics import Fix
from mentorvault.fixer import fix_vault
from mentorvault.notes import parse_note

TODAY = date(2026, 11, 28)
# derandomized: the same examples on every run, so CI never fails on a new draw
FAST = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# -- parse_note never raises ---------------------------------------------------

def pieces(*parts: str, max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(parts), max_size=max_size).map("".join)


YAMLISH = pieces(*"ab:-[]{}'\"!&*|>#%@`,?~\t \n\r\\", "[[", "]]", "---", "\ufeff", "é", "я", "😀", "\x00",
                 "key: ", "- ", "  ", "!!python/object:os.system", "&a ", "*a", max_size=80)


def _parses(raw: bytes) -> None:
    note = parse_note("a.md", raw)
    assert note.path == "a.md" and note.line_count >= 0
    for link in note.links:
        assert link.span.line >= 1 and link.span.column >= 1


@FAST
@given(st.binary(max_size=2000))
def test_parse_note_never_raises_on_bytes(raw: bytes) -> None:
    _parses(raw)


@FAST
@given(st.text(max_size=2000))
def test_parse_note_never_raises_on_text(text: str) -> None:
    _parses(text.encode("utf-8", "surrogatepass"))


@FAST
@given(YAMLISH, st.text(max_size=300), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_parse_note_never_raises_on_frontmatter_shaped_text(yaml_text: str, body: str, eol: str, bom: bool) -> None:
    text = f"---{eol}{yaml_text}{eol}---{eol}{body}"
    _parses((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass"))


# -- every link span points at the link's text ----------------------------------

# prose that cannot start, end or hide a link: no brackets, parentheses, code, math, HTML,
# comments, tags, escapes or table pipes; but Cyrillic, emoji (outside the BMP), CJK, accents
PROSE = st.text(alphabet=st.sampled_from(list("abc xyzАБВгде 😀中é,.;:?'\"=+~&") + ["\u0301", "\t"]), max_size=12)
NAME = st.builds(str.__add__, st.sampled_from(list("aXЁ😀")), pieces(*"bcYZ жик😀.-_#^", "x/", max_size=8))
LABEL = st.builds(str.__add__, st.sampled_from(list("aЖ😀")), pieces(*"bc жё😀", max_size=5))
DEST = st.builds(str.__add__, st.sampled_from(list("aЖ")), pieces(*"bcж-_", "%20", "x/", max_size=5))


@st.composite
def link(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["wiki", "wiki-display", "embed", "markdown", "image"]))
    if kind == "wiki":
        return f"[[{draw(NAME)}]]"
    if kind == "wiki-display":
        return f"[[{draw(NAME)}|{draw(LABEL)}]]"
    if kind == "embed":
        return f"![[{draw(NAME)}]]"
    if kind == "markdown":
        return f"[{draw(LABEL)}]({draw(DEST)}.md)"
    return f"![{draw(LABEL)}]({draw(DEST)}.png)"


@st.composite
def note_with_links(draw: st.DrawFn) -> tuple[list[str], list[tuple[int, int, str]], str, bool]:
    """Lines of prose with links at known places: (lines, [(line, column, raw)], eol, bom)."""
    lines: list[str] = []
    placed: list[tuple[int, int, str]] = []
    if draw(st.booleans()):
        lines += ["---", "tags: [x]", "---"]
    for _ in range(draw(st.integers(1, 6))):
        text = "w"  # a word first: no list, heading, quote or indented code block
        for _ in range(draw(st.integers(0, 4))):
            text += draw(PROSE)
            raw = draw(link())
            placed.append((len(lines) + 1, len(text) + 1, raw))
            text += raw
        lines.append(text + draw(PROSE).rstrip())
        if draw(st.booleans()):
            lines.append("")
    return lines, placed, draw(st.sampled_from(["\n", "\r\n", "\r"])), draw(st.booleans())


@FAST
@given(note_with_links())
def test_every_link_span_points_at_the_links_text(case: tuple[list[str], list[tuple[int, int, str]], str, bool]) -> None:
    lines, placed, eol, bom = case
    raw = (b"\xef\xbb\xbf" if bom else b"") + eol.join(lines).encode("utf-8")
    note = parse_note("a.md", raw)
    found = sorted((x.span.line, x.span.column) for x in note.links)
    assert found == sorted((line, col) for line, col, _ in placed)
    for x in note.links:
        [text] = [r for line, col, r in placed if (line, col) == (x.span.line, x.span.column)]
        source = lines[x.span.line - 1]
        assert source[x.span.column - 1 :].startswith(text)
        assert source[x.span.column - 1 :].startswith(("[[", "![[", "[", "!["))
        assert (x.span.end_line, x.span.end_column) == (x.span.line, x.span.column + len(text))


FM_VALUE = st.sampled_from(['"[[{}]]"', "[[{}]]", "'[[{}]]'", '"see [[{}]] too"', "[\"[[{}]]\", b]"])


@FAST
@given(st.lists(st.tuples(NAME.map(lambda s: re.sub(r"[#^]", "", s)), FM_VALUE),
                min_size=1, max_size=5),
       st.sampled_from(["\n", "\r\n"]))
def test_frontmatter_link_spans_point_at_the_link(items: list[tuple[str, str]], eol: str) -> None:
    lines = ["---", *(f"k{i}: {form.format(name)}" for i, (name, form) in enumerate(items)), "---", "body"]
    note = parse_note("a.md", eol.join(lines).encode("utf-8"))
    assume(note.frontmatter.data is not None)  # names such as "x: y" can make other YAML
    links = [x for x in note.links if x.kind == "frontmatter"]
    assert len(links) == len(items)
    for x in links:
        name = items[x.span.line - 2][0]
        assert lines[x.span.line - 1][x.span.column - 1 : x.span.end_column - 1] == f"[[{name}]]"


# -- the progress note: writing twice changes nothing ---------------------------

TITLE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
USER_TEXT = pieces(*"ab #-*|\n\r%[]", "%%", "---", "\ufeff", "я", "%% mentorvault:begin %%\n", max_size=30)


def _goal(title: str, status: str) -> str:
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return (f'---\ntype: goal\ntitle: "{escaped}"\ncategory: career\nhorizon: short\nstatus: {status}\n'
            f"start: 2026-11-01\ndue: 2027-01-31\nmetric: m\n---\n## Plan\n- [ ] a\n")


@SLOW
@given(st.lists(st.tuples(TITLE, st.sampled_from(["active", "done", "planned"])), max_size=4), USER_TEXT,
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_writing_the_progress_note_twice_changes_nothing(tmp_path_factory, goals, user, eol, bom) -> None:
    from mentorvault.progress_note import ProgressNoteError
    from mentorvault.progress_update import refresh

    root = tmp_path_factory.mktemp("idem")
    for i, (title, status) in enumerate(goals):
        (root / f"g{i}.md").write_text(_goal(title, status), encoding="utf-8")
    note = root / "Mentorship Progress.md"
    if user:
        note.write_bytes((b"\xef\xbb\xbf" if bom else b"") + user.replace("\n", eol).encode("utf-8"))
    before = note.read_bytes() if note.exists() else None
    config = Config()

    def once() -> str:
        model = vault_mod.load(root, config)
        return refresh(model, config, engine.run(model, config, TODAY), TODAY).state

    try:
        first = once()
    except ProgressNoteError:  # the user's text holds a broken marker: refused, and untouched
        assert note.read_bytes() == before
        return
    written = note.read_bytes()
    assert first in ("created", "updated", "current")
    assert once() == "current" and note.read_bytes() == written
    if before and before.removeprefix(b"\xef\xbb\xbf"):
        assert written.startswith(before)  # the user's text is kept byte for byte, the block after it


# -- --fix: only its spans, and a second run does nothing -----------------------

FIXABLE = [
    "tag: t", "alias: a", "cssclass: wide", 'area: [[Career]]', "mentor: [[Ivan]]",
    "status: In Progress", "status: ACTIVE", "category: Career", "horizon: Short-term",
    "due: 31.01.2027", "start: 2026/11/1", "status: готово",
]
PLAIN = ["type: goal", "title: Pass three interviews", "metric: offer", "note: [[x]] text", "n: 3"]


@st.composite
def fixable_note(draw: st.DrawFn) -> bytes:
    props = draw(st.lists(st.sampled_from(FIXABLE + PLAIN), min_size=1, max_size=7, unique_by=lambda p: p.split(":")[0]))
    body = draw(st.lists(st.sampled_from(["text [[Career]]", "- [ ] task 📅 2027.01.05", "## Plan", "", "я 😀 end",
                                          "- [x] done ✅ 5.1.2027"]), max_size=5))
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = eol.join(["---", *props, "---", *body]) + draw(st.sampled_from(["", eol]))
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


def _offsets(raw: bytes) -> list[tuple[str, int]]:
    """Each line's text and the byte offset where it starts, as the parser splits them."""
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    text = raw[start:].decode("utf-8")
    out, pos, offset = [], 0, start
    for m in re.finditer(r"\r\n|\r|\n", text):
        out.append((text[pos : m.start()], offset))
        offset += len(text[pos : m.end()].encode("utf-8"))
        pos = m.end()
    out.append((text[pos:], offset))
    return out


def _byte_span(lines: list[tuple[str, int]], fix: Fix) -> tuple[int, int]:
    s = fix.span
    assert s.line == s.end_line, fix
    text, offset = lines[s.line - 1]
    start = offset + len(text[: s.column - 1].encode("utf-8"))
    return start, start + len(text[s.column - 1 : s.end_column - 1].encode("utf-8"))


@SLOW
@given(fixable_note())
def test_fix_touches_only_its_spans_and_a_second_run_does_nothing(tmp_path_factory, raw: bytes) -> None:
    root = tmp_path_factory.mktemp("fix")
    (root / "Career.md").write_text("# Career\n")
    (root / "Ivan.md").write_text("# Ivan\n")
    (root / "Goal.md").write_bytes(raw)
    config = Config()
    selection = engine.Selection.make(config)
    model = vault_mod.load(root, config)
    diagnostics = engine.run(model, config, TODAY, selection)
    fixes = sorted({d.fix for d in diagnostics if d.fix is not None and d.path == "Goal.md"},
                   key=lambda f: (f.span.line, f.span.column))
    spans = [_byte_span(_offsets(raw), f) for f in fixes]
    for (start, end), fix in zip(spans, fixes):
        assert raw[start:end].decode("utf-8") == fix.old  # each span holds the text it replaces
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # no two fixes overlap

    run = fix_vault(model, diagnostics, config, TODAY, selection)
    new = (root / "Goal.md").read_bytes()
    # bytes outside the spans are kept: the new file is the old one with each span either
    # replaced by its fix or left alone (a fix the fixer declined)
    pos, prev = 0, 0
    for i, ((start, end), fix) in enumerate(zip(spans, fixes)):
        assert new.startswith(raw[prev:start], pos), (raw, new)
        pos += start - prev
        following = raw[end : spans[i + 1][0] if i + 1 < len(spans) else len(raw)]
        choice = next((c for c in (fix.new.encode("utf-8"), fix.old.encode("utf-8"))
                       if new.startswith(c + following, pos)), None)
        assert choice is not None, (fix, raw, new)
        pos += len(choice)
        prev = end
    assert new[pos:] == raw[prev:], (raw, new)
    assert (run.fixed > 0) == (new != raw)

    again = fix_vault(vault_mod.load(root, config), run.diagnostics, config, TODAY, selection)
    assert again.fixed == 0 and (root / "Goal.md").read_bytes() == new


# prose that can do anything: code, math, HTML, comments, tables, escapes, lists, quotes
WILD = pieces(*"ab Жё😀\t*_`$%|\\<>#!()[]:-+>", "[[", "]]", "%%", "$$", "```", "> ", "- ", "1. ", "| a |",
              "<b>", "\\|", "    ", max_size=20)


@st.composite
def wild_note(draw: st.DrawFn) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        parts = [draw(WILD)]
        for _ in range(draw(st.integers(0, 3))):
            parts += [draw(link()), draw(WILD)]
        lines.append("".join(parts))
    return lines


@FAST
@given(wild_note(), st.sampled_from(["\n", "\r\n"]))
def test_found_link_spans_start_at_a_link_whatever_surrounds_them(lines: list[str], eol: str) -> None:
    """Whatever markdown the prose makes, a link that is found is found where its text starts."""
    note = parse_note("a.md", eol.join(lines).encode("utf-8"))
    for x in note.links:
        if x.kind == "frontmatter":
            continue
        source = lines[x.span.line - 1] if x.span.line <= len(lines) else ""
        at = source[x.span.column - 1 :]
        if x.kind == "wikilink":
            assert at.startswith("![[" if x.embed else "[["), (x, source)
        else:
            assert at.startswith("![" if x.embed else "["), (x, source)
        if x.span.end_line == x.span.line:
            assert source[x.span.end_column - 2] in "])>", (x, source)


@pytest.mark.parametrize("space", ["\u00a0", "\u3000", "\u2003", "\u2028"], ids=["nbsp", "ideographic", "em", "ls"])
def test_a_line_of_unicode_spaces_does_not_move_the_spans_below_it(space: str) -> None:
    note = parse_note("a.md", f"intro\n\n{space}\nsome text\nsee [[Gone]]\n".encode())
    [link] = note.links
    assert (link.span.line, link.span.column) == (5, 5)

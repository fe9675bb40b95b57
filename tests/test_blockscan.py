"""The line scanner reads a note exactly as markdown-it does, or declines it.

Each test parses a body twice, through the scanner and through markdown-it
with its stock inline settings (every text terminator, no cache of
normalised links), and asserts the two ``Body`` values are equal; a body the
scanner declines must be one of the constructs it leaves to markdown-it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.parser_inline import ParserInline

from mentorvault import blockscan
from mentorvault import frontmatter as fm
from mentorvault.body import Body, scan_body
from mentorvault.markdown import parser
from mentorvault.notes import _LINE_BREAK, decode, parse_note

REPO = Path(__file__).resolve().parent.parent
KEPANO = REPO.parent / "shared" / "corpora" / "kepano-obsidian"
EXAMPLES = int(os.environ.get("MV_BLOCKSCAN_EXAMPLES", "300"))
# with another markdown-it-py every note takes markdown-it's path: the results are still compared
scanner = pytest.mark.skipif(not blockscan.READS_AS_MARKDOWN_IT, reason="the line scanner follows markdown-it-py 4.3")


def _body_lines(raw: bytes) -> tuple[list[str], int] | None:
    text, _ = decode(raw)
    if text is None:
        return None
    lines = _LINE_BREAK.split(text)
    first = fm.parse(lines).body_line
    return lines[first - 1 :], first


@contextmanager
def _stock_inline() -> Iterator[None]:
    md = parser()
    # markdown-it-py before 4 has no terminator_re: its inline parser is stock already
    tuned = getattr(md.inline, "terminator_re", None), md.normalizeLink
    if tuned[0] is not None:
        md.inline.terminator_re = ParserInline().terminator_re
    md.normalizeLink = tuned[1].__wrapped__  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if tuned[0] is not None:
            md.inline.terminator_re = tuned[0]
        md.normalizeLink = tuned[1]


def _reference(lines: list[str], first_line: int = 1) -> Body:
    with _stock_inline():
        return scan_body(lines, first_line, fast=False)


def _same(lines: list[str], first_line: int = 1) -> bool:
    """Asserts the Body is the reference one; returns whether the scanner read the note."""
    assert scan_body(lines, first_line) == _reference(lines, first_line), lines
    return blockscan.scan(lines) is not None


def _declined(files: list[Path]) -> list[str]:
    """Checks every note; returns the names of those the scanner left to markdown-it."""
    declined = []
    for path in files:
        found = _body_lines(path.read_bytes())
        if found is None:
            continue
        if not _same(*found):
            declined.append(path.name)
    return declined


def _notes(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if ".obsidian" not in p.parts)


@scanner
def test_sample_vault_reads_the_same_and_fast():
    files = _notes(REPO / "sample_vault")
    assert files and _declined(files) == []


@scanner
@pytest.mark.skipif(not KEPANO.is_dir(), reason="the shared corpora are not beside this checkout")
def test_a_real_vault_reads_the_same_and_fast():
    files = _notes(KEPANO)
    assert len(files) > 50 and _declined(files) == []


@scanner
def test_a_generated_vault_reads_the_same_and_fast(tmp_path: Path):
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import make_vault
    finally:
        sys.path.remove(str(REPO / "bench"))
    make_vault.ensure_vault(300, tmp_path / "vault")
    files = _notes(tmp_path / "vault")
    assert len(files) == 300 and _declined(files) == []


def test_the_robustness_inputs_read_the_same(tmp_path: Path):
    from robustness.inputs import SMALL

    for case in SMALL:
        folder = tmp_path / "vault" / case.name
        folder.mkdir(parents=True)
        (tmp_path / "outside" / case.name).mkdir(parents=True)
        case.build(folder, tmp_path / "outside" / case.name)
    files = [p for p in _notes(tmp_path / "vault") if p.is_file() and not p.is_symlink()]
    assert len(files) > 20
    _declined(files)


def test_parse_note_is_the_same_on_either_path():
    for path in _notes(REPO / "sample_vault"):
        raw = path.read_bytes()
        with _stock_inline():
            reference = parse_note(path.name, raw, True, fast=False)
        assert parse_note(path.name, raw, True) == reference


# --- notes built from tricky lines ---

_WORDS = (
    "plain", "text", "[[Note]]", "[[Note#Plan|shown]]", "[[A\\|B]]", "![[img.png]]", "[x](Other.md)",
    "![pic](a.png)", "[x](<a b.md>)", "#tag", "#tag/sub", "#123", "%% hidden [[C]] %%", "%%", "`code [[D]]`",
    "``", "^abc-1", "$x$", "$$y$$", "x <span>[[E]]</span>", "x <https://e.org>", "**bold**", "_u_", "x[^1]",
    "^[inline]", "[ref]", "[ref]", "]", "\\[[F]]", "[[", "]]", "[", "]", "#", "\u00a0", "\u3000", "\u2003x",
    "📅 2025-01-02", "✅ 2025-01-03", "---", "===", ">", "-", "1.", "|", "&amp;", "\\", "*", "~",
    "*[[I]]*", "_a_[b](c)", "a-b:c", "&#35;x", "\\#x", "`a", "$a [[M]]$", "<a href='[[H]]'>", "[a *b*](c)",
    "[a](b 'title')", "[[a]](b)", "[x](y.md#Head%20ing)", "[l](https://e.org/[[x]])", "#t*a*g",
    "x#no", "@[[P]]", "!![[Q]]", "[![i](j)](k)", "<[[R]]>", "~~[[S]]~~", "[[T]]]", "[[[U]]", "[[V|", "%%[[W]]",
    "[[ ]]", "![[ ]]", "#t[[X]]", "[[Y]]#t", "##t", "a!b", "!", "#1984", "#a#b", "(#c)", "\u00a0#d", "#é-1/2",
    "[a](b)", "[a](b c)", "[a](<b c>)", "[a](javascript:x)", "[a](data:image/png;x)", "[a](b \"t\")", "[a](b)(c)",
    "[a]( b )", "[a](b\u00a0c)", "[a](%20x)", "[a](b#c d)", "[a](b)#t", "[a\u00a0b](c.md)", "![a](b)", "[a](b",
    "[*a*](b)", "[a](Ünï.md)", "[a](http://xn--e.org/ä)", "[a (b)](c)", "[a](b(c))", "[](x)", "[a]()", "[a](b&amp;c)",
    "[a](b\\)c)", "[^n](x)", "[[a]](b)", "[a][b]", "[a](b)[c](d)", "!![a](b)", "[a](vbscript:x)", "[a](<>)",
)
_INLINE = st.lists(st.sampled_from(_WORDS), max_size=5).map(" ".join)
_LEADS = (
    "", "# ", "## ", "###### ", "####### ", "#", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "1234567890. ",
    "- [ ] ", "- [x] ", "- [-] ", "- 2025-01-02: ", "1. [ ] ", "> ", ">", "> [!note] ", "> [!tip]- ", "> - ",
    ">> ", "> > ", "- > ", "- - ", "1. - ", "| ", "-   ", "-    ", "- # ", "- ```", "> ```",
)
_LINES = (
    "", "", "", " ", "   ", "\u00a0", "\u3000 ", "-", "- ", "* ", "1.", "2.", "=", "==", "---", "- - -", "***",
    "* * *", "___", "--- ", "= =", "```", "```python", "``` x ```", "~~~", "````", "~~~~ md", "$$", "x $$",
    "%%", "%% x [[G]] %%", "%% x %% y", "x %%", "| --- | :-: |", "|a|[[A\\|B]]|", "<!-- c -->", "<!--",
    "-->", "## heading ##", "# heading ^id", "text ^blk-2", "```\tcode", "x\ty",
)
_RISKY = (
    "\t", "\tindented", "  \t", "-\tx", "$$ x $$", "$$ (1)", "<div>", "</div>", "[x]: /url", "[^1]: note",
    "    code", "x\x00y", "[ref]: <u> 'title'", "<https://e.org>",
)
_INDENTS = (
    "", "", "", " ", "  ", "   ", "    ", "     ", "      ", "        ", "> ", ">", "> > ", "  > ", ">   ",
    "\t", "\t\t", " \t", "\t ", "  \t  ",
)


@st.composite
def _line(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from(_INDENTS))
    roll = draw(st.integers(0, 19))
    if roll == 0:
        return indent + draw(st.sampled_from(_RISKY))
    if roll < 9:
        return indent + draw(st.sampled_from(_LINES))
    return indent + draw(st.sampled_from(_LEADS)) + draw(_INLINE)


_BODIES = st.lists(_line(), max_size=14)
_CI = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@_CI
@given(_BODIES)
def test_tricky_notes_read_the_same(lines: list[str]):
    _same(lines, 3)


@_CI
@given(st.lists(st.sampled_from(["- ", "  - ", "    - ", "      - ", "   ", "1. ", "   1. ", "10. ", "  ", "> ", "",
                                  "\t- ", "\t\t- ", "\t", "\t\t", " \t- ", "\t1. ", "\t   "]), max_size=8),
       st.lists(_INLINE, min_size=8, max_size=8))
def test_nested_lists_read_the_same(leads: list[str], texts: list[str]):
    _same([lead + text for lead, text in zip(leads, texts)])


_GLUED = st.lists(st.sampled_from(_WORDS + ("(", ")", " ", "a", "!", "#", "[", "]", "](", "x.md", "\\")), max_size=14)


@_CI
@given(st.lists(_GLUED.map("".join), min_size=1, max_size=3))
def test_inline_text_reads_the_same(paragraph: list[str]):
    """Links, embeds and tags glued to each other and to punctuation."""
    _same(paragraph)
    _same(["- " + line for line in paragraph])


@scanner
def test_most_tricky_notes_take_the_fast_path():
    """The grammar is not vacuous: the scanner reads such notes itself."""
    for seed in range(200):
        lines = []
        for k in range(seed % 9):
            lines += [f"{'  ' * (k % 3)}- item {k} [[N{k}]]"] if (seed + k) % 4 else ["", f"para {k} #t", ""]
        lines += ["", "> [!note] Title", "> - [ ] task [[T]]", "", "```", "- not an item", "```", "$$", "x", "$$"]
        assert _same(lines)


@scanner
@pytest.mark.parametrize(
    "text",
    [
        "# Title ##\n\nSetext ^id\n---\n\n- a [[A]]\n    - b #tag\n\n      more\n- [ ] task 📅 2025-01-02",
        "para\n\n    code [[A]]\n\n\n    more code\nafter [[B]]",  # indented code
        "1. a\n2. b\n   3) c\n\n10. d\n    - e [[E]]",
        "> [!note] Title\n> - [x] done [[D]]\n>   - nested\n>\n> ```\n> [[Not]]\n> ```\n\n> > deep [[Q]]",
        "- ```\n  [[Not]]\n```\n[[Not either]]\n```",  # a fence closed by the end of its item
        "$$\n[[Not]]\n$$\n%%\n[[In comment]]\n%%\n<!--\n[[Not]]\n-->\ntext %% inline %% [[A]]",
        "| a | b |\n| --- | --- |\n| [[A\\|B]] | #t |",
        "-\n  after an empty item [[A]]\n-\n\n  - [ ] task",
        "text\n\u00a0\n\u3000 more [[A]]\n   \n\u00a0",
        "- a\nlazy [[L]]\n  ---\n1. b\n   - c\n  lazy ===\n\tlazy\n  - d",  # lazy lines in list items
        "- a [[A]]\n\t- b\n\t\t- [ ] c #t\n\t\t  wrapped\tx\n\t\t\tdeeper [[D]]\n\n\tpara [[P]]",  # Obsidian's tabs
        "```\n\tcode\t[[Not]]\n```\n1. a\n\t```\n\t\t[[Not]]\n\t```",
    ],
)
def test_what_the_scanner_reads(text: str):
    assert _same(text.split("\n"))


@pytest.mark.parametrize(
    "text",
    [
        "<div>\n[[A]]\n</div>",  # an HTML block
        "-\tb",  # a tab after a marker
        "> a\n>\t- b",  # a tab in a blockquote
        "\t> a",  # a blockquote after a tab
        "[ref]: /url\n\n[x][ref]",  # a link reference definition
        "[^1]: a footnote",  # a footnote definition
        "text[^1]\n[^1]: a footnote",  # one that ends a paragraph
        "> a\nlazy",  # and in a blockquote
        "> # H\nlazy",  # a line a blockquote takes lazily after a heading
        "> -\n>   b",  # an item opening on a blank line inside a blockquote
        "- a\n\n  $$\n  x\n  $$",  # math inside a list
        "> %% c %%",  # a comment block inside a blockquote
        "$$ x $$",  # math on one line
        "$$\nx\n\n$$",  # math with a blank line: not a block
        "$$\nx\n$$ (eq)",  # math with a label
        "-      code",  # an item opening on indented code
        "a\x00b",  # NUL, which markdown-it replaces
        "\n".join(f"{'  ' * k}- level {k}" for k in range(20)),  # deep nesting
    ],
)
def test_what_the_scanner_leaves_to_markdown_it(text: str):
    assert not _same(text.split("\n"))

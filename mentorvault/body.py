"""What the rules read of a note's body, collected once from its blocks.

The blocks come from :mod:`blockscan` when it can read the note, else from
markdown-it (set up in :mod:`markdown`); one collector turns both into a
:class:`Body`, with inline offsets converted to file lines and columns here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token

from . import blockscan
from .blockscan import Block
from .diagnostics import Span
from .markdown import TAG, parser

_TASK = re.compile(r"\[(.)\](?:\s|$)")
_WANTED = re.compile(r"[\[#%]")
_BLOCK_ID = re.compile(r"(?:^|\s)\^([A-Za-z0-9-]+)$")
_PLAIN_LINK = re.compile(
    r"(!?)\[\[([^\[\]\n]+)\]\]"  # a wikilink or an embed
    r"|(?<!!)\[([^\[\]\\`$%<!#\n]+)\]\(([^\x00-\x20\x7f()<>\[\]\\&]+)\)"  # [label](destination)
)
_OTHER_MARKUP = re.compile(r"[\[\]\\`$%<]")


@dataclass(frozen=True, slots=True)
class RawLink:
    kind: str  # "wikilink" or "markdown"
    embed: bool
    text: str  # wikilink inner text, or the markdown destination as written
    span: Span


@dataclass(frozen=True, slots=True)
class RawHeading:
    text: str
    level: int
    line: int


@dataclass(frozen=True, slots=True)
class RawItem:
    line: int
    text: str  # first line of the item, task box included
    task: str | None  # the character in the box, for tasks
    span: Span


@dataclass(frozen=True, slots=True)
class RawComment:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Body:
    headings: tuple[RawHeading, ...]
    links: tuple[RawLink, ...]
    block_ids: tuple[tuple[str, int], ...]
    tags: tuple[tuple[str, Span], ...]
    items: tuple[RawItem, ...]
    comments: tuple[RawComment, ...]


class _Locator:
    """Maps offsets in a block's inline source to 1-based file positions."""

    def __init__(self, lines: list[str], first_line: int) -> None:
        self.lines = lines
        self.first_line = first_line  # file line number of lines[0]
        self.cursor: dict[int, int] = {}
        # the block last asked about: its first source row, and each row's shift
        # (the source line's stripped length less the content line's)
        self._block: tuple[tuple[int, int], str] | None = None
        self._first = 0
        self._shifts: dict[int, int] = {}

    def span(self, rows: tuple[int, int], content: str, start: int, end: int) -> Span:
        raw = content[start:end]
        line, col, width = self._point(rows, content, start, raw)
        if "\n" not in raw:
            return Span(line, col, line, col + width)
        end_line, end_col, _ = self._point(rows, content, end, "")
        return Span(line, col, end_line, end_col)

    def _point(self, rows: tuple[int, int], content: str, offset: int, raw: str) -> tuple[int, int, int]:
        if self._block is None or self._block[1] is not content or self._block[0] != rows:
            self._block, self._first, self._shifts = (rows, content), self._first_row(rows), {}
        row = self._first + content.count("\n", 0, offset)
        line_start = content.rfind("\n", 0, offset) + 1
        src = self.lines[row] if row < len(self.lines) else ""
        shift = self._shifts.get(row)
        if shift is None:
            line_end = content.find("\n", line_start)
            piece = content[line_start : line_end if line_end >= 0 else len(content)]
            shift = self._shifts[row] = len(src.rstrip()) - len(piece.rstrip())
        col = shift + (offset - line_start)
        raw = raw.split("\n", 1)[0]
        if raw and not src.startswith(raw, col):
            found = src.find(raw, self.cursor.get(row, 0))
            if found < 0 and "|" in raw:  # a table cell's content has ``\\|`` unescaped
                raw = raw.replace("|", "\\|")
                found = src.find(raw, self.cursor.get(row, 0))
            col = found if found >= 0 else max(col, 0)
        if raw:
            self.cursor[row] = col + len(raw)
        return row + self.first_line, max(col, 0) + 1, len(raw)

    def _first_row(self, rows: tuple[int, int]) -> int:
        """The source line of the content's first line.

        markdown-it trims a paragraph as JavaScript does, so a first line of only
        Unicode spaces (no-break, ideographic...) is not in the content.
        """
        row, end = rows
        while row < end - 1 and row < len(self.lines) and not self.lines[row].strip():
            row += 1
        return row


def scan_body(body_lines: list[str], first_line: int, fast: bool = True) -> Body:
    """Parse the body (lines after the frontmatter) and collect what the rules read.

    The block structure comes from :func:`blockscan.scan` when it can read the
    note, else from markdown-it (``fast=False`` forces markdown-it); both give
    the same blocks, and the same code collects from them.
    """
    env: dict[str, Any] = {}
    blocks = blockscan.scan(body_lines) if fast else None
    if blocks is None:
        blocks = _markdown_it_blocks(body_lines, env)
    return _collect(blocks, env, _Locator(body_lines, first_line))


def _markdown_it_blocks(body_lines: list[str], env: dict[str, Any]) -> list[Block]:
    """The blocks markdown-it finds; link reference and footnote definitions go to ``env``."""
    md = parser()
    tokens: list[Token] = []
    md.block.parse("\n".join(body_lines).replace("\x00", "\ufffd"), md, env, tokens)
    blocks: list[Block] = []
    for i, tok in enumerate(tokens):
        if not tok.map:
            continue
        row, end = tok.map
        if tok.type == "list_item_open":
            blocks.append(("item", row, row, "", 0))
        elif tok.type == "mv_comment":
            blocks.append(("comment", row, end, tok.content, 0))
        elif tok.type == "inline":
            opener = tokens[i - 1] if i else tok
            kind = _KINDS.get(opener.type, "other")
            level = int(opener.tag[1]) if kind == "heading" else 0
            blocks.append((kind, row, end, tok.content, level))
    return blocks


_KINDS = {"heading_open": "heading", "paragraph_open": "paragraph"}


def _collect(blocks: list[Block], env: dict[str, Any], loc: _Locator) -> Body:
    acc: dict[str, list[Any]] = {k: [] for k in ("h", "l", "b", "t", "i", "c")}
    item_rows: set[int] = set()
    first_line = loc.first_line
    for kind, row, end, content, level in blocks:
        if kind == "item":
            item_rows.add(row)
        elif kind == "comment":
            span = Span(row + first_line, 1, end - 1 + first_line, 1)
            acc["c"].append(RawComment(content, span))
        else:
            _inline(kind, (row, end), content, level, env, loc, acc, item_rows)
    return Body(
        tuple(acc["h"]), tuple(acc["l"]), tuple(acc["b"]), tuple(acc["t"]), tuple(acc["i"]),
        tuple(acc["c"]),
    )


def _inline(
    kind: str, rows: tuple[int, int], content: str, level: int, env: dict[str, Any], loc: _Locator,
    acc: dict[str, list[Any]], items: set[int],
) -> None:
    line = rows[0] + loc.first_line
    if kind == "heading":
        # "## Plan ^plan" is linked as [[Note#Plan]] and as [[Note#^plan]]
        text = _BLOCK_ID.sub("", content.strip()).strip()
        acc["h"].append(RawHeading(text, level, line))
    if kind == "paragraph" and rows[0] in items:
        items.discard(rows[0])
        first = content.split("\n", 1)[0]
        task = _TASK.match(first)
        span = loc.span(rows, content, 0, len(first))
        acc["i"].append(RawItem(line, first, task.group(1) if task else None, span))
    if "^" in content:
        for k, text in enumerate(content.split("\n")):
            m = _BLOCK_ID.search(text.rstrip())
            if m:
                acc["b"].append((m.group(1), line + k))
    # links, embeds, tags and comments all start with "[", "#" or "%"
    if _WANTED.search(content):
        found = _plain_links(content) if blockscan.READS_AS_MARKDOWN_IT else None
        if found is None:
            found = _parsed(content, env)
        for what, text, start, end, embed in found:
            span = loc.span(rows, content, start, end)
            if what == "tag":
                acc["t"].append((text, span))
            elif what == "comment":
                acc["c"].append(RawComment(text, span))
            else:
                acc["l"].append(RawLink(what, embed, text, span))


Found = tuple[str, str, int, int, bool]
"""(kind: "wikilink", "markdown", "tag" or "comment"; text; start and end offsets; embed)"""


def _parsed(content: str, env: dict[str, Any]) -> list[Found]:
    md = parser()
    children: list[Token] = []
    md.inline.parse(content, md, env, children)
    found: list[Found] = []
    for child in _walk(children):
        meta = child.meta or {}
        if "start" not in meta:
            continue
        start, end = meta["start"], meta["end"]
        if child.type == "mv_wikilink":
            found.append(("wikilink", child.content, start, end, meta["embed"]))
        elif child.type == "link_open":
            found.append(("markdown", str(child.attrs.get("href", "")), start, end, False))
        elif child.type == "image":
            found.append(("markdown", str(child.attrs.get("src", "")), start, end, True))
        elif child.type == "mv_tag":
            found.append(("tag", child.content, start, end, False))
        elif child.type == "mv_comment":
            found.append(("comment", child.content, start, end, False))
    return found


def _plain_links(content: str) -> list[Found] | None:
    """What the inline rules find in text whose only markup is wikilinks, embeds, tags and
    simple markdown links (a plain label, a destination without spaces, brackets or escapes,
    no title); else None.

    Outside those, such text holds no bracket, backslash, backtick, ``$``, ``%``
    or ``<``: no other rule can start there, so markdown-it would find exactly
    these links, and tags where ``_tag`` finds them.
    """
    found: list[Found] = []
    last = 0
    for m in _PLAIN_LINK.finditer(content):
        if _OTHER_MARKUP.search(content, last, m.start()):
            return None
        wikilink = m.group(2)
        if wikilink is not None:
            if not wikilink.strip():
                return None
            link: Found = ("wikilink", wikilink, m.start(), m.end(), m.group(1) == "!")
        else:
            md = parser()
            href = md.normalizeLink(m.group(4))
            if not md.validateLink(href):
                return None
            link = ("markdown", href, m.start(), m.end(), False)
        _plain_tags(content, last, m.start(), found)
        found.append(link)
        last = m.end()
    if _OTHER_MARKUP.search(content, last):
        return None
    _plain_tags(content, last, len(content), found)
    return found


def _plain_tags(content: str, start: int, end: int, found: list[Found]) -> None:
    pos = content.find("#", start, end)
    while pos >= 0:
        m = TAG.match(content, pos) if pos == 0 or content[pos - 1].isspace() else None
        if m and not m.group(1).isdigit():
            found.append(("tag", m.group(1), pos, m.end(), False))
            pos = m.end()
        else:
            pos += 1
        pos = content.find("#", pos, end)


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for t in tokens:
        yield t
        if t.children:
            yield from _walk(t.children)

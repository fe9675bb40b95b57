"""parse_note: bytes in, an immutable Note out. Pure; positions are fixed here."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import unquote

from . import frontmatter as fm
from .body import Body, RawLink, scan_body
from .diagnostics import Msg, Span, pickled_by_fields

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_TASK_DATE = re.compile(r"(📅|⏳|🛫|✅|➕|❌)\ufe0f?\s*(\d{4}-\d{1,2}-\d{1,2}|\S+)")
# Syncthing: "Note.sync-conflict-20261120-101500-ABC1234.md";
# Dropbox: "Note (conflicted copy 2026-11-20).md" or "Note (Anna's conflicted copy 2026-11-20).md"
_CONFLICT = re.compile(r"\.sync-conflict-|\([^)]*conflicted copy\b", re.IGNORECASE)
# list items the rules read: tasks, and dated items (check-ins); others are not kept
_DATED_ITEM = re.compile(r"^(?:\*\*|__)?(?:\[\[)?\d{4}-\d{1,2}-\d{1,2}")
_YAML_IGNORE = re.compile(r"^\s*#\s*mentorvault-ignore\b(.*)$")
_IGNORE = re.compile(r"^\s*mentorvault-ignore\b(.*)$", re.DOTALL)


class Link(NamedTuple):
    kind: str  # "wikilink", "markdown" or "frontmatter"
    embed: bool
    path: str  # as written, decoded; "" for the note itself
    subpath: str  # heading chain or ^block id, without the leading "#"
    display: str
    span: Span
    key: str = ""  # the frontmatter key, for links in properties
    unquoted: bool = False
    raw: str = ""  # the link as written, for links in properties


class Heading(NamedTuple):
    text: str
    level: int
    line: int


class TaskDate(NamedTuple):
    emoji: str
    raw: str
    span: Span


class Item(NamedTuple):
    """A task, or a list item that starts with a date (a check-in); other items are not kept.

    ``task`` is the character in the task's box, None for a dated plain item.
    """

    line: int
    text: str
    task: str | None
    span: Span
    dates: tuple[TaskDate, ...] = ()

    @property
    def done(self) -> bool:
        return self.task is not None and self.task != " "


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Problem:
    rule: str
    span: Span
    msg: Msg


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Note:
    path: str
    size: int = 0
    frontmatter: fm.Frontmatter = field(default_factory=lambda: fm.Frontmatter(None))
    headings: tuple[Heading, ...] = ()
    links: tuple[Link, ...] = ()
    block_ids: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    items: tuple[Item, ...] = ()
    ignore_lines: tuple[tuple[int, frozenset[str]], ...] = ()
    problems: tuple[Problem, ...] = ()
    line_count: int = 0

    @property
    def fm(self) -> dict[str, Any]:
        return self.frontmatter.data or {}

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        return self.name[:-3] if self.name.lower().endswith(".md") else self.name

    @property
    def parsed(self) -> bool:
        """False for a note too large or unreadable: its headings and blocks are unknown."""
        return not any(p.rule in ("note-too-large", "unreadable-note") for p in self.problems)

    @property
    def is_conflict_copy(self) -> bool:
        """A Syncthing (``*.sync-conflict-*``) or Dropbox (``(conflicted copy)``) copy."""
        return bool(_CONFLICT.search(self.name))

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    def section_items(self, names: frozenset[str]) -> tuple[Item, ...]:
        """Items under a heading whose folded text is in ``names``, sub-headings included."""
        spans = [h for h in self.headings if h.text.casefold() in names]
        out: set[Item] = set()
        for h in spans:
            end = next((x.line for x in self.headings if x.line > h.line and x.level <= h.level), 1 << 60)
            out.update(i for i in self.items if h.line < i.line < end)
        return tuple(sorted(out, key=lambda i: i.line))

    def section_line(self, names: frozenset[str]) -> int | None:
        return next((h.line for h in self.headings if h.text.casefold() in names), None)


def decode(raw: bytes) -> tuple[str | None, Msg | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Msg.of("unreadable-utf16")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        return None, Msg.of("unreadable-encoding", offset=err.start)


def parse_note(path: str, raw: bytes, check_comments: bool = False, fast: bool = True) -> Note:
    """``fast=False`` reads the body with markdown-it alone (for benchmarks and tests: the Note is the same)."""
    text, error = decode(raw)
    if text is None:
        assert error is not None
        return Note(path, len(raw), problems=(Problem("unreadable-note", Span(1, 1, 1, 1), error),))
    lines = _LINE_BREAK.split(text)
    front = fm.parse(lines)
    body = scan_body(lines[front.body_line - 1 :], front.body_line, fast)
    links = [_body_link(r) for r in body.links] + [_fm_link(x) for x in front.links]
    if check_comments:
        links += _comment_links(body)
    problems = tuple(Problem("invalid-frontmatter", s, m) for s, m in front.problems)
    return Note(
        path=path,
        size=len(raw),
        frontmatter=front,
        headings=tuple(Heading(h.text, h.level, h.line) for h in body.headings),
        links=tuple(sorted((x for x in links if x is not None), key=lambda x: x.span)),
        block_ids=frozenset(b.casefold() for b, _ in body.block_ids),
        tags=_tags(front, body),
        items=tuple(_item(i) for i in body.items if i.task is not None or _DATED_ITEM.match(i.text)),
        ignore_lines=_ignores(body) + _yaml_ignores(lines, front),
        problems=problems,
        line_count=len(lines),
    )


def split_wikilink(inner: str) -> tuple[str, str, str]:
    target, _, display = inner.partition("|")
    target = target.removesuffix("\\")  # ``[[Note\|shown]]`` inside a table
    path, _, sub = target.partition("#")
    return path.strip(), sub.strip(), display


def _body_link(raw: RawLink) -> Link | None:
    if raw.kind == "wikilink":
        path, sub, display = split_wikilink(raw.text)
        # one string per target name, however many links name it: a large vault's model stays small
        return Link("wikilink", raw.embed, sys.intern(path), sys.intern(sub), display, raw.span)
    dest = raw.text.strip()
    if not dest or _SCHEME.match(dest):
        return None
    path, _, sub = unquote(dest).partition("#")
    return Link("markdown", raw.embed, sys.intern(path.strip()), sys.intern(sub.strip()), "", raw.span)


def _fm_link(link: fm.FrontmatterLink) -> Link:
    path, sub, display = split_wikilink(link.target)
    return Link("frontmatter", False, sys.intern(path), sys.intern(sub), display, link.span, link.key, link.unquoted, f"[[{link.target}]]")


def _comment_links(body: Body) -> list[Link | None]:
    out: list[Link | None] = []
    for c in body.comments:
        for m in fm._WIKILINK.finditer(c.text):
            before = c.text[: m.start()]
            line = c.span.line + before.count("\n")
            col = c.span.column + 2 + len(before) if "\n" not in before else len(before) - before.rfind("\n")
            span = Span(line, col, line, col + len(m.group(0)))
            out.append(_body_link(RawLink("wikilink", False, m.group(1), span)))
    return out


def _tags(front: fm.Frontmatter, body: Body) -> frozenset[str]:
    value = front.data.get("tags") if front.data else None
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    found = {str(n).lstrip("#").strip().casefold() for n in names if n is not None}
    found.update(t.casefold() for t, _ in body.tags)
    return frozenset(t for t in found if t)


def _item(raw: Any) -> Item:
    dates = []
    for m in _TASK_DATE.finditer(raw.text):
        col = raw.span.column + m.start()
        dates.append(TaskDate(m.group(1), m.group(2), Span(raw.line, col, raw.line, col + len(m.group(0)))))
    return Item(raw.line, raw.text, raw.task, raw.span, tuple(dates))


def _yaml_ignores(lines: list[str], front: fm.Frontmatter) -> tuple[tuple[int, frozenset[str]], ...]:
    """In frontmatter, a YAML comment ``# mentorvault-ignore rule`` covers the next line."""
    out = []
    for i in range(1, front.body_line - 2 if front.present else 0):
        m = _YAML_IGNORE.match(lines[i])
        if m:
            out.append((i + 2, frozenset(r for r in re.split(r"[\s,]+", m.group(1)) if r)))
    return tuple(out)


def _ignores(body: Body) -> tuple[tuple[int, frozenset[str]], ...]:
    out: list[tuple[int, frozenset[str]]] = []
    for c in body.comments:
        m = _IGNORE.match(c.text)
        if m:
            rules = frozenset(r for r in re.split(r"[\s,]+", m.group(1)) if r)
            out.append((c.span.end_line + 1, rules))
    return tuple(out)

"""A note's block structure read from its lines, for the constructs most notes are made of.

markdown-it tries every block rule on every line and builds tokens we never
read. :func:`scan` works out the same structure directly: paragraphs, ATX and
setext headings, bullet and ordered lists nested by indentation, blockquotes
and callouts, fenced and indented code, ``$$`` math and ``%%`` comment blocks, thematic
breaks. What it yields is what markdown-it yields for those notes: the same
inline content (continuation lines keep the indentation markdown-it keeps,
the paragraph is trimmed the same way), the same line maps, in the same order.

Whenever a note holds anything else, or a case whose reading depends on
markdown-it's details (HTML blocks other than comments, tabs in blockquotes or after list markers,
link reference and footnote definitions, lazy continuation lines in blockquotes, list items
that open on a blank line, deep nesting), it returns None and the caller
parses that note with markdown-it.
"""

from __future__ import annotations

import re

import markdown_it

try:
    from markdown_it.common.utils import mdTrim
except ImportError:  # markdown-it-py 3 trims with str.strip; the scanner is not used there

    def mdTrim(string: str) -> str:
        return string.strip()


# The scanner (and body._plain_links) are checked against markdown-it-py 4.3's rules:
# with another version markdown-it reads every note, until tests/test_blockscan.py passes with it.
READS_AS_MARKDOWN_IT = re.match(r"4\.3\.", markdown_it.__version__) is not None

Block = tuple[str, int, int, str, int]
"""(kind, first row, end row, inline content, heading level); kind is
``item`` (a list item opens on that row), ``paragraph``, ``heading`` or ``comment``."""

QUOTE = -1  # a blockquote in the container stack; a list item is its content column
_MAX_DEPTH = 16
_NONE, _PARAGRAPH, _FENCE, _CODE = 0, 1, 2, 3
_STRUCTURE = " \t>-*+.)0123456789"  # characters a tab among them could shift
_OPENERS = frozenset("$%`~>*-_+0123456789<[#=")  # a line starting otherwise is paragraph text


class Unsure(Exception):
    """The note holds something only markdown-it reads with certainty."""


def scan(lines: list[str]) -> list[Block] | None:
    """The blocks of the body ``lines``, or None when markdown-it must read them."""
    if not READS_AS_MARKDOWN_IT:
        return None
    try:
        return _Scanner(lines).run()
    except Unsure:
        return None


def _spaces(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _list_marker(t: str) -> tuple[int, int] | None:
    """(marker length, ordered value or -1) when ``t`` starts with a list marker."""
    c = t[0]
    if c in "*-+":
        return (1, -1) if len(t) == 1 or t[1] in " \t" else None
    if not "0" <= c <= "9" or len(t) < 2:
        return None
    i = 1
    while i < len(t) and "0" <= t[i] <= "9":
        i += 1
    if i >= 10 or i >= len(t) or t[i] not in ".)" or (i + 1 < len(t) and t[i + 1] not in " \t"):
        return None
    return i + 1, int(t[:i])


def _is_hr(t: str) -> bool:
    c = t[0]
    return c in "*-_" and t.count(c) >= 3 and not t.replace(c, "").strip(" \t")


def _fence_open(t: str) -> tuple[str, int] | None:
    c = t[0]
    if c not in "`~" or not t.startswith(c * 3):
        return None
    length = len(t) - len(t.lstrip(c))
    if c == "`" and "`" in t[length:]:
        return None
    return c, length


def _atx(t: str) -> tuple[int, str] | None:
    level = len(t) - len(t.lstrip("#"))
    if not 1 <= level <= 6 or (level < len(t) and t[level] not in " \t"):
        return None
    end = max(len(t.rstrip(" \t")), level)
    cut = end
    while cut > level and t[cut - 1] == "#":
        cut -= 1
    if cut > level and t[cut - 1] in " \t":
        end = cut
    return level, mdTrim(t[level:end])


def _underline(t: str) -> int:
    """2 or 1 for a setext underline (``---``, ``===``), else 0."""
    u = t.rstrip(" \t")
    if u and u[0] in "-=" and u == u[0] * len(u):
        return 1 if u[0] == "=" else 2
    return 0


def _interrupts(t: str, paragraph: bool) -> bool:
    """Whether a line starting with ``t`` ends a paragraph (or, not ``paragraph``, a lazy quote)."""
    c = t[0]
    if c not in _OPENERS:
        return False
    if c == "<" and t.startswith("<!--"):
        return True
    if c == "<" or t.startswith("[^"):
        raise Unsure  # another HTML block, or a footnote definition
    if c in "`~" and _fence_open(t) or c == ">" or c in "*-_" and _is_hr(t):
        return True
    marker = _list_marker(t)
    if marker is not None:
        if not paragraph:
            return True
        return marker[1] in (-1, 1) and bool(t[marker[0] :].strip(" \t"))
    return c == "#" and _atx(t) is not None


class _Scanner:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        # markdown-it drops a last line of only spaces (the text after the last newline)
        self.n = len(lines) - (1 if lines and not lines[-1].strip(" \t") else 0)
        self.stack: list[int] = []  # QUOTE, or a list item's content column
        self.out: list[Block] = []
        self.leaf = _NONE
        self.prev_blank = False
        self.para_start = 0
        self.para: list[str] = []
        self.fence = ("", 0)
        self.raw = ""  # the line as written; the scanner reads it with tabs expanded
        self.tabbed = False
        self.indent = 0

    def run(self) -> list[Block]:
        lines, r = self.lines, 0
        if any("\x00" in s for s in lines):
            raise Unsure  # markdown-it replaces NUL
        while r < self.n:
            self.raw = s = lines[r]
            # a fence's lines at the top level are never read; elsewhere a tab counts to the next stop of 4
            self.tabbed = "\t" in s and not (self.leaf == _FENCE and not self.stack)
            r = self._line(r, self._expand(s) if self.tabbed else s)
        self._close(0, self.n)
        return self.out

    def _expand(self, s: str) -> str:
        """``s`` with tabs in its indentation turned to spaces; only outside blockquotes, and
        only there: a tab after a list marker, or inside one, shifts columns in ways left to markdown-it."""
        lead = len(s) - len(s.lstrip(" \t"))
        head = len(s) - len(s.lstrip(_STRUCTURE))
        if "\t" in s[lead : head + 1] or QUOTE in self.stack or s.startswith(">", lead):
            raise Unsure
        width = 0
        for ch in s[:lead]:
            width += 4 - width % 4 if ch == "\t" else 1
        return " " * width + s[lead:]

    def _match(self, s: str) -> tuple[int, int, int]:
        """(containers matched, position after them, start of the innermost quote's content)."""
        if not self.stack:
            return 0, 0, 0
        pos = origin = 0
        for k, col in enumerate(self.stack):
            j = pos + _spaces(s[pos:])
            if col == QUOTE:
                if j >= len(s) or s[j] != ">":
                    return k, pos, origin
                if j - pos > 3:
                    raise Unsure
                pos = origin = j + 2 if s.startswith(" ", j + 1) else j + 1
            elif j < len(s):
                if j - origin < col:
                    return k, pos, origin
                pos = origin + col
        return len(self.stack), pos, origin

    def _line(self, r: int, s: str) -> int:
        k, pos, origin = self._match(s)
        rest = s[pos:]
        self.indent = pos  # of the innermost container's content: markdown-it's blkIndent, outside quotes
        if not rest.strip(" \t"):
            self._close(k, r)
            if self.leaf == _PARAGRAPH:
                self._end_paragraph(r)
            self.prev_blank = True
            return r + 1
        after_blank, self.prev_blank = self.prev_blank, False
        if k < len(self.stack):
            # a line that continues a paragraph or a blockquote lazily, without its markers
            quoted = QUOTE in self.stack[k:]
            if (self.leaf == _PARAGRAPH or quoted and not after_blank) and not self._ends_lazy(rest):
                if quoted:
                    raise Unsure  # a blockquote's lazy lines keep their indentation, or not, by cases
                # a list item's paragraph goes on, the line's indentation dropped
                self.para.append(self.raw.lstrip(" \t") if self.tabbed else rest.lstrip(" "))
                return r + 1
            self._close(k, r)
        elif self._in_leaf(r, rest):
            return r + 1
        return self._fresh(r, s, pos, origin)

    def _in_leaf(self, r: int, rest: str) -> bool:
        """Whether the line belongs to the open fence, code or paragraph (ending it, perhaps)."""
        if self.leaf == _FENCE:
            self._fence_line(rest)
            return True
        if self.leaf == _CODE:
            if _spaces(rest) > 3:
                return True
            self.leaf = _NONE
        return self.leaf == _PARAGRAPH and self._continues(r, rest)

    def _ends_lazy(self, rest: str) -> bool:
        sp = _spaces(rest)
        if sp > 3:
            raise Unsure
        return _interrupts(rest[sp:], False)

    def _fence_line(self, rest: str) -> None:
        sp = _spaces(rest)
        char, length = self.fence
        u = rest[sp:].rstrip(" \t")
        if sp < 4 and len(u) >= length and u == char * len(u):
            self.leaf = _NONE

    def _continues(self, r: int, rest: str) -> bool:
        """Adds ``rest`` to the open paragraph, or ends it; False when the line starts a block."""
        sp = _spaces(rest)
        if sp > 3:
            self.para.append(self._source(rest))
            return True
        t = rest[sp:]
        level = _underline(t) if t[0] in "-=" else 0
        if level:
            content = self._content()
            self.out.append(("heading", self.para_start, r, content, level))
            self.leaf = _NONE
            return True
        if _interrupts(t, True):
            self._end_paragraph(r)
            return False
        self.para.append(self._source(rest))
        return True

    def _source(self, rest: str) -> str:
        """The line as markdown-it puts it in a paragraph: less the container's indentation
        (a tab it takes only part of counts as the spaces left), tabs after that as they are."""
        if not self.tabbed:
            return rest
        raw, col, i = self.raw, 0, 0
        while i < len(raw) and col < self.indent and raw[i] in " \t":
            col += 4 - col % 4 if raw[i] == "\t" else 1
            i += 1
        return " " * (col - self.indent) + raw[i:]

    def _fresh(self, r: int, s: str, pos: int, origin: int) -> int:
        """Blocks starting at ``pos`` of row ``r``: blockquotes and list items, then a leaf block."""
        while True:
            rest = s[pos:]
            t = rest.lstrip(" ")
            sp = len(rest) - len(t)
            if not t:
                self.prev_blank = True
                return r + 1
            if sp > 3:
                self.leaf = _CODE  # indented code: nothing in it is read
                return r + 1
            c = t[0]
            if c == ">":
                if self.tabbed:
                    raise Unsure
                self._push(QUOTE)
                pos += sp + 1
                pos = origin = pos + 1 if s.startswith(" ", pos) else pos
                continue
            marker = _list_marker(t) if c in "*-+0123456789" and not _is_hr(t) else None
            if marker is None:
                return self._leaf(r, t)
            after = t[marker[0] :]
            gap = _spaces(after)
            if gap > 4 and gap < len(after):
                raise Unsure  # the item opens on indented code
            self.out.append(("item", r, r, "", 0))
            if gap == len(after):
                return self._empty_item(r, pos + sp - origin + marker[0] + 1)
            self._push(pos + sp - origin + marker[0] + gap)
            pos += sp + marker[0] + gap

    def _leaf(self, r: int, t: str) -> int:
        """The block ``t`` starts on row ``r`` (one holding no other); the row after what is read of it."""
        c = t[0]
        if c in _OPENERS:
            if c == "$" and t.startswith("$$"):
                return self._math(r, t)
            end = self._comment(r, self.raw, len(self.raw) - len(t)) if t.startswith("%%") else 0
            if end:
                return end
            fence = _fence_open(t)
            if fence:
                self.leaf, self.fence = _FENCE, fence
                return r + 1
            if _is_hr(t):
                return r + 1
            if t.startswith("<!--") and not self.stack:
                return self._html_comment(r, t)
            if c == "<" or t.startswith("[^"):
                raise Unsure  # another HTML block, or a footnote definition
            heading = _atx(t) if c == "#" else None
            if heading:
                self.out.append(("heading", r, r + 1, heading[1], heading[0]))
                return r + 1
        self.leaf, self.para_start, self.para = _PARAGRAPH, r, [t]
        return r + 1

    def _empty_item(self, r: int, col: int) -> int:
        """An item with nothing after its marker: its content starts on the next line, if anywhere."""
        if QUOTE in self.stack:
            raise Unsure
        following = r + 1
        if following < self.n and self.lines[following].strip(" \t"):
            self._push(col)
        # else markdown-it ends the item after the blank line that follows it
        self.prev_blank = True
        return r + 1

    def _html_comment(self, r: int, t: str) -> int:
        """An HTML block opened by ``<!--`` at the top level: it ends on the line holding ``-->``."""
        if "-->" in t:
            return r + 1
        for j in range(r + 1, self.n):
            if "-->" in self.lines[j]:
                return j + 1
        return self.n

    def _push(self, container: int) -> None:
        if len(self.stack) >= _MAX_DEPTH:
            raise Unsure
        self.stack.append(container)

    def _close(self, k: int, r: int) -> None:
        """Closes the containers from the ``k``-th on, and the open block inside them."""
        if k < len(self.stack) or r >= self.n:
            if self.leaf == _PARAGRAPH:
                self._end_paragraph(r)
            self.leaf = _NONE
            del self.stack[k:]

    def _content(self) -> str:
        content = mdTrim("\n".join(self.para))
        if self.para[0].startswith("[") and not self.para[0].startswith("[[") and "]:" in content:
            raise Unsure  # perhaps a link reference definition
        return content

    def _end_paragraph(self, r: int) -> None:
        self.out.append(("paragraph", self.para_start, r, self._content(), 0))
        self.leaf = _NONE

    def _math(self, r: int, t: str) -> int:
        """A ``$$`` block as dollarmath reads it; at the top level, opened by a line of only ``$$``."""
        if self.stack or t.strip() != "$$":
            raise Unsure
        for j in range(r + 1, self.n):
            text = self.lines[j].strip()
            if text.endswith("$$"):
                return j + 1
            if not text or text.endswith(")"):
                raise Unsure  # no closing line (a paragraph), or perhaps a label
        raise Unsure

    def _comment(self, r: int, s: str, col: int) -> int:
        """A ``%%`` comment block (see markdown._comment_block) at the top level: the row after it, or 0."""
        if self.stack:
            raise Unsure
        lines, last, close = self.lines, r, s.find("%%", col + 2)
        while close < 0 and last + 1 < len(lines):
            last += 1
            close = lines[last].find("%%")
        if close < 0:
            content = "\n".join([s[col + 2 :], *lines[r + 1 : self.n]])
            self.out.append(("comment", r, self.n, content, 0))
            return self.n
        if lines[last][close + 2 :].strip():
            return 0  # text follows the comment on its line: a paragraph with an inline comment
        if last == r:
            content = s[col + 2 : close]
        else:
            content = "\n".join([s[col + 2 :], *lines[r + 1 : last], lines[last][:close]])
        self.out.append(("comment", r, last + 1, content, 0))
        return last + 1

"""markdown-it-py set up as Obsidian reads a note, and our plugins.

Wikilinks, ``%% comments %%`` and inline tags are inline rules, so anything
markdown-it treats as code, math or HTML never yields them. markdown-it keeps
no inline positions; each plugin records the offset of its raw text in the
block's inline source, and :mod:`body` turns offsets into file lines and
columns once.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from . import blockscan

TAG = re.compile(r"#([^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~]+)")
_OPENERS = ("link_open", "image")
_CLOSER = re.compile(r"(?=\]\])")  # every "]]", overlapping ones too
_NEWLINE = re.compile(r"\n")
_BRACKET = re.compile(r"\\.|[\[\]]")  # an escaped character, or a bracket
_RULE_STARTS = re.compile(r"[\[\]!\\`$%#<]")


def _closer_after(state: StateInline, start: int) -> int:
    """The first ``]]`` at or after ``start`` on the same line, or -1.

    Positions are found once per inline source: searching from every ``[[``
    would be quadratic on a line of unclosed brackets.
    """
    marks: tuple[list[int], list[int]] | None = getattr(state, "_mv_marks", None)
    if marks is None:
        marks = [m.start() for m in _CLOSER.finditer(state.src)], [m.start() for m in _NEWLINE.finditer(state.src)]
        state._mv_marks = marks  # type: ignore[attr-defined]
    closers, newlines = marks
    i = bisect_left(closers, start)
    if i == len(closers) or closers[i] + 2 > state.posMax:
        return -1
    j = bisect_left(newlines, start)
    return -1 if j < len(newlines) and newlines[j] < closers[i] else closers[i]


def _wikilink(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not (embed or src.startswith("[[", pos)):
        return False
    open_at = pos + 1 if embed else pos
    end = _closer_after(state, open_at + 2)
    inner = src[open_at + 2 : end]
    if end < 0 or not inner.strip():
        return False
    if not silent:
        token = state.push("mv_wikilink", "", 0)
        token.content = inner
        token.meta = {"start": pos, "end": end + 2, "embed": embed}
    state.pos = end + 2
    return True


def _comment_inline(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("%%", pos):
        return False
    close = src.find("%%", pos + 2, state.posMax)
    end = state.posMax if close < 0 else close + 2
    if not silent:
        token = state.push("mv_comment", "", 0)
        token.content = src[pos + 2 : close if close >= 0 else end]
        token.meta = {"start": pos, "end": end}
    state.pos = end
    return True


def _comment_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    pos = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or not state.src.startswith("%%", pos):
        return False
    close = state.src.find("%%", pos + 2)
    last = start
    if close >= 0:
        while last < end and state.eMarks[last] < close:
            last += 1
        if state.src[close + 2 : state.eMarks[last]].strip():
            return False  # text follows the comment on its line: an inline comment
    else:
        last = end - 1
    if silent:
        return True
    token = state.push("mv_comment", "", 0)
    token.content = state.src[pos + 2 : close if close >= 0 else state.eMarks[last]]
    token.map = [start, last + 1]
    state.line = last + 1
    return True


def _tag(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "#" or (pos > 0 and not state.src[pos - 1].isspace()):
        return False
    m = TAG.match(state.src, pos, state.posMax)
    if not m or m.group(1).isdigit():
        return False
    if not silent:
        token = state.push("mv_tag", "", 0)
        token.content = m.group(1)
        token.meta = {"start": pos, "end": m.end()}
    state.pos = m.end()
    return True


def _unmatched_brackets(state: StateInline) -> set[int]:
    """Positions of ``[`` that no ``]`` closes, found in one pass over the source.

    markdown-it scans to the end of the paragraph from every ``[`` looking for
    its label's end: quadratic on a line of unclosed brackets. Without code
    spans or HTML (which could hide a bracket), an unmatched ``[`` is known
    before the scan. With them, every ``[`` is tried as markdown-it would.
    """
    found: set[int] | None = getattr(state, "_mv_unmatched", None)
    if found is None:
        found = set()
        if "`" not in state.src and "<" not in state.src:
            stack: list[int] = []
            for m in _BRACKET.finditer(state.src):
                if m.group() == "[":
                    stack.append(m.start())
                elif m.group() == "]" and stack:
                    stack.pop()
            found = set(stack)
        state._mv_unmatched = found  # type: ignore[attr-defined]
    return found


def _positioned(rule: Callable[[StateInline, bool], bool], bracket_at: int) -> Callable[[StateInline, bool], bool]:
    """Wrap markdown-it's link and image rules to record where the link's text sits."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if start + bracket_at in _unmatched_brackets(state):
            return False
        if not rule(state, silent):
            return False
        # pending text is flushed first, so the link token is not always at ``count``
        opener = next((t for t in state.tokens[count:] if t.type in _OPENERS), None)
        if opener is not None and not silent:
            opener.meta = {**opener.meta, "start": start, "end": state.pos}
        return True

    return wrapped


@cache
def parser() -> MarkdownIt:
    # commonmark's maxNesting of 20 drops the rest of a note after a 10-level outline
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 200})
    # no "table": a row is read as a paragraph line, which finds the same links at
    # their exact columns ([[A\|B]] included), for less work
    md.disable(["emphasis", "entity", "newline", "text_join"])
    dollarmath_plugin(md, allow_space=False, allow_digits=False, double_inline=True)
    # inline footnotes ^[...] stay in their paragraph, where links get exact positions
    footnote_plugin(md, inline=False)
    md.core.ruler.disable("footnote_tail")  # keeps definitions in place, referenced or not
    md.block.ruler.before("fence", "mv_comment", _comment_block)
    md.inline.ruler.before("link", "mv_wikilink", _wikilink)
    md.inline.ruler.before("mv_wikilink", "mv_comment", _comment_inline)
    md.inline.ruler.push("mv_tag", _tag)
    for name, bracket_at in (("link", 0), ("image", 1)):
        original = md.inline.ruler.__rules__[md.inline.ruler.__find__(name)].fn
        md.inline.ruler.at(name, _positioned(original, bracket_at))
    # a text run need only stop where an enabled inline rule can start (emphasis, entities,
    # line breaks and linkify are off), and at "]", which ends a link's label
    if blockscan.READS_AS_MARKDOWN_IT:
        md.inline.terminator_re = _RULE_STARTS
    # a vault names the same targets again and again; percent-encoding one is costly
    md.normalizeLink = lru_cache(maxsize=8192)(md.normalizeLink)  # type: ignore[method-assign]
    return md

"""Vault text made safe for the progress note's Markdown: titles, links, messages.

A goal title is written by a person and may hold anything. In the note it
lands in three places with different grammars:

* the display text of a wikilink in a table cell, ``[[Goals/X\\|title]]``.
  Obsidian ends a wikilink at the first ``]]``; in a table it splits cells at
  every ``|`` not written ``\\|`` and only then reads the link, so the
  separator must be ``\\|``, and whether a ``\\|`` *inside* the display text
  comes back as ``|`` differs between reading view, live preview and GitHub.
  ``<script>`` in display text is raw HTML to every Markdown renderer but
  Obsidian's link view. Backslash escapes are not read inside a wikilink at
  all. So the characters that can end or split a link or cell, or open HTML
  or code, are *replaced* by their fullwidth lookalikes (``[`` → ``［``,
  ``|`` → ``｜``, ``<`` → ``＜`` ...): the title stays readable, and no
  renderer can read them as syntax. ``#`` and ``^`` are harmless after the
  ``|`` (they only mean heading and block in the target) and are kept;
* a link target, which is a vault path: a path that holds ``# ^ [ ] |``
  cannot be written as a wikilink, and becomes a Markdown link with the path
  percent-encoded, which Obsidian resolves the same way;
* plain text (messages, names): CommonMark backslash escapes, which every
  renderer reads, keep ``#`` from making a tag, ``<`` from opening HTML and
  ``|`` from splitting a cell; well-formed wikilinks in our own messages
  ("did you mean [[Карьера]]?") are kept clickable.

Everywhere a line break becomes a space (a table row and a list item are one
line) and two touching ``%`` are parted, since ``%%`` opens an Obsidian comment
that would hide the rest of the note up to our end marker.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "[]|\\<>`"}
_DISPLAY = str.maketrans(_FULLWIDTH)
_UNSAFE_TARGET = re.compile(r"[\[\]|#^\\<>`]|%%|[\x00-\x1f\x7f\x85\u2028\u2029]")
_PLAIN = re.compile(r"([\\`*_\[\]<>#|$~^&=])")
_LINK_PART = r"[^\[\]|\\<>`%\n]+"
_WIKILINK = re.compile(rf"\[\[{_LINK_PART}(?:\|{_LINK_PART})?\]\]")


def one_line(text: str) -> str:
    """Line breaks and control characters to spaces, runs of spaces to one."""
    return " ".join(_BREAKS.sub(" ", text).split())


def part_comments(text: str) -> str:
    return text.replace("%%", "%\uff05")


def display(text: str, fallback: str = "") -> str:
    """A title as the display text of a link, in a table or a list."""
    shown = part_comments(one_line(text).translate(_DISPLAY))
    if not shown and fallback:
        return display(fallback)
    return shown or "\u2014"


def note_link(path: str, shown: str, in_table: bool = False) -> str:
    """A link to the vault note ``path`` showing ``shown`` (already passed through :func:`display`)."""
    target = path[:-3] if path.lower().endswith(".md") else path
    if _UNSAFE_TARGET.search(target) is None:
        if shown == target:
            return f"[[{target}]]"
        separator = "\\|" if in_table else "|"
        return f"[[{target}{separator}{shown}]]"
    return f"[{shown}]({quote(path, safe='/')})"


def stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


def plain(text: str, keep_links: bool = False) -> str:
    """Text that renders as itself; with ``keep_links``, well-formed wikilinks stay links."""
    flat = part_comments(one_line(text))
    if not keep_links:
        return _PLAIN.sub(r"\\\1", flat)
    out, pos = [], 0
    for m in _WIKILINK.finditer(flat):
        out += [_PLAIN.sub(r"\\\1", flat[pos : m.start()]), m.group()]
        pos = m.end()
    out.append(_PLAIN.sub(r"\\\1", flat[pos:]))
    return "".join(out)

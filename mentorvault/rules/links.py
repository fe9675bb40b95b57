"""Links, resolved as Obsidian resolves them (MV1xx)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Finding, Fix, Level, Msg
from ..links import find_heading_chain, heading_key
from ..templating import yaml_text
from . import rule

if TYPE_CHECKING:
    from ..engine import Context
    from ..notes import Link, Note


def _shown(link: Link) -> str:
    sub = f"#{link.subpath}" if link.subpath else ""
    return f"[[{link.path}{sub}]]"


@rule("MV101", "broken-link", Level.ERROR, "links")
def broken_link(note: Note, ctx: Context) -> Iterator[Finding]:
    """A link to a note or file that does not exist in the vault."""
    for link in note.links:
        if not link.path:
            continue
        res = ctx.resolve(note, link)
        if res.path is None and not res.outside:
            yield Finding(link.span, Msg.of("broken-link", target=link.path), _hint(link, ctx))


def _hint(link: Link, ctx: Context) -> Msg | None:
    owner = ctx.vault.alias_owner(link.path)
    if owner:
        return Msg.of("hint-alias", alias=link.path, note=owner)
    close = ctx.vault.index.close_name(link.path)
    return Msg.of("hint-did-you-mean", name=close) if close else None


@rule("MV102", "broken-heading", Level.ERROR, "links")
def broken_heading(note: Note, ctx: Context) -> Iterator[Finding]:
    """A link to a heading that the target note does not have."""
    for link, target in _subpath_targets(note, ctx):
        if link.subpath.startswith("^"):
            continue
        chain = link.subpath.split("#")
        if not find_heading_chain(ctx.heading_keys(target), chain):
            close = _close_heading(target, chain[-1])
            hint = Msg.of("hint-heading", heading=close) if close else None
            yield Finding(link.span, Msg.of("broken-heading", heading=link.subpath, note=target.stem), hint)


def _close_heading(target: Note, wanted: str) -> str | None:
    keys = {heading_key(h.text): h.text for h in target.headings}
    best = difflib.get_close_matches(heading_key(wanted), list(keys), n=1, cutoff=0.6)
    return keys[best[0]] if best else None


@rule("MV103", "broken-block", Level.ERROR, "links")
def broken_block(note: Note, ctx: Context) -> Iterator[Finding]:
    """A link to a block id (``#^id``) that the target note does not have."""
    for link, target in _subpath_targets(note, ctx):
        block = link.subpath[1:].strip().casefold()
        if link.subpath.startswith("^") and block not in target.block_ids:
            yield Finding(link.span, Msg.of("broken-block", block=link.subpath[1:], note=target.stem))


def _subpath_targets(note: Note, ctx: Context) -> Iterator[tuple[Link, Note]]:
    for link in note.links:
        if not link.subpath:
            continue
        path = ctx.resolve(note, link).path if link.path else note.path
        target = ctx.vault.notes.get(path) if path else None
        if target is not None and target.parsed and path and path.lower().endswith(".md"):
            yield link, target


@rule("MV104", "ambiguous-link", Level.WARNING, "links")
def ambiguous_link(note: Note, ctx: Context) -> Iterator[Finding]:
    """A link whose name matches several files: which one opens depends on the folder."""
    for link in note.links:
        res = ctx.resolve(note, link) if link.path else None
        if res is not None and res.ambiguous and res.path:
            others = ", ".join(res.candidates)
            yield Finding(
                link.span,
                Msg.of("ambiguous-link", target=link.path, count=len(res.candidates), chosen=res.path, candidates=others),
                Msg.of("hint-ambiguous", path=res.path.removesuffix(".md")),
            )


@rule("MV105", "link-outside-vault", Level.ERROR, "links")
def link_outside_vault(note: Note, ctx: Context) -> Iterator[Finding]:
    """A link whose path climbs above the vault root."""
    for link in note.links:
        if link.path and ctx.resolve(note, link).outside:
            yield Finding(link.span, Msg.of("link-outside-vault", target=link.path))


def _yaml_quoted(text: str) -> str:
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return yaml_text(text)


@rule("MV106", "unquoted-link", Level.WARNING, "links")
def unquoted_link(note: Note, ctx: Context) -> Iterator[Finding]:
    """A property written ``key: [[Note]]`` without quotes: YAML reads a nested list."""
    for link in note.links:
        if link.kind == "frontmatter" and link.unquoted:
            old = link.raw
            new = _yaml_quoted(old)
            yield Finding(link.span, Msg.of("unquoted-link", key=link.key, link=old), fix=Fix(link.span, old, new))

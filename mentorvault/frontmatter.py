"""Frontmatter as Obsidian reads it: split, load safely and bounded, locate keys.

python-frontmatter's ``parse`` drops a BOM-prefixed block, accepts any YAML
top level and raises bare ``ValueError``; Obsidian's rule is simpler (the
file's first line is ``---``), so the split is ours and only YAML loading is
delegated to libyaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Msg, Span, pickled_by_fields

MAX_BYTES = 64 * 1024
MAX_DEPTH = 64
MAX_NODES = 10_000

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_WIKILINK = re.compile(r"\[\[([^\]\n]*(?:\][^\]\n]+)*)\]\]")


_TEXT_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}


class ObsidianLoader(_Base):  # type: ignore[misc]
    """Safe loader that keeps dates and ``yes``/``no`` as text, as Obsidian does."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _TEXT_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


ObsidianLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))


def load_yaml(text: str) -> Any:
    """A whole YAML document read as Obsidian reads properties (for our own config file)."""
    loader = ObsidianLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Key:
    name: str
    span: Span  # the key itself
    value_span: Span


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FrontmatterLink:
    key: str
    target: str
    span: Span
    unquoted: bool


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Frontmatter:
    data: dict[str, Any] | None
    keys: tuple[Key, ...] = ()
    links: tuple[FrontmatterLink, ...] = ()
    problems: tuple[tuple[Span, Msg], ...] = ()
    body_line: int = 1  # first line of the body, 1-based
    present: bool = False

    def key(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)


@dataclass
class _Scan:
    first_line: int  # file line of the YAML text's first line
    text: str
    problems: list[tuple[Span, Msg]] = field(default_factory=list)
    links: list[FrontmatterLink] = field(default_factory=list)

    def span(self, node: Node) -> Span:
        s, e = node.start_mark, node.end_mark
        return Span(s.line + self.first_line, s.column + 1, e.line + self.first_line, e.column + 1)


def split(lines: list[str]) -> tuple[int, int] | None:
    """Index range of the YAML lines, or None when the file has no frontmatter."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return 1, i
    return None


def parse(lines: list[str]) -> Frontmatter:
    bounds = split(lines)
    if bounds is None:
        if lines and lines[0].rstrip() == "---" and len(lines) > 1:
            return Frontmatter(None, problems=((Span.at_line(1, 3), Msg.of("fm-unclosed")),))
        return Frontmatter(None)
    start, end = bounds
    scan = _Scan(start + 1, "\n".join(lines[start:end]))
    data, keys = _load(scan)
    return Frontmatter(data, tuple(keys), tuple(scan.links), tuple(scan.problems), end + 2, True)


def _load(scan: _Scan) -> tuple[dict[str, Any] | None, list[Key]]:
    if len(scan.text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        scan.problems.append((Span.at_line(scan.first_line - 1, 3), Msg.of("fm-too-large", limit=MAX_BYTES)))
        return None, []
    if not scan.text.strip():
        return {}, []
    loader = ObsidianLoader(scan.text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, []
        if not _within_bounds(node, scan):
            return None, []
        if not isinstance(node, MappingNode):
            kind = "list" if isinstance(node, SequenceNode) else "scalar"
            scan.problems.append((scan.span(node), Msg.of("fm-not-mapping", kind=kind)))
            return None, []
        keys = _check_keys(node, scan)
        if any(m.key == "fm-key-not-text" for _, m in scan.problems):
            return None, keys  # one problem is enough: a list as a name cannot be read further
        _collect_links(node, scan, "")
        data = loader.construct_document(node)
    except yaml.YAMLError as err:
        scan.problems.append(_yaml_problem(err, scan))
        return None, []
    finally:
        loader.dispose()
    return {str(k): v for k, v in data.items()}, keys


def _yaml_problem(err: yaml.YAMLError, scan: _Scan) -> tuple[Span, Msg]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = scan.first_line + (mark.line if mark else 0)
    col = (mark.column + 1) if mark else 1
    reason = getattr(err, "problem", None) or str(err).splitlines()[0]
    source_lines = scan.text.split("\n")
    row = source_lines[mark.line] if mark and mark.line < len(source_lines) else ""
    if "\t" in row[: len(row) - len(row.lstrip())]:
        return Span(line, 1, line, 2), Msg.of("fm-tab")
    return Span(line, col, line, col + 1), Msg.of("fm-yaml-error", reason=str(reason))


def _within_bounds(root: Node, scan: _Scan) -> bool:
    """Reject alias bombs and deep nesting before anything walks the tree recursively."""
    seen = 0
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        seen += 1
        if depth > MAX_DEPTH:
            scan.problems.append((scan.span(node), Msg.of("fm-too-deep", limit=MAX_DEPTH)))
            return False
        if seen > MAX_NODES:
            scan.problems.append((scan.span(root), Msg.of("fm-too-many-nodes", limit=MAX_NODES)))
            return False
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.extend(((k, depth + 1), (v, depth + 1)))
    return True


def _check_keys(node: MappingNode, scan: _Scan) -> list[Key]:
    keys: list[Key] = []
    seen: dict[str, int] = {}
    for i, (knode, vnode) in enumerate(node.value):
        if not isinstance(knode, ScalarNode) or knode.tag != "tag:yaml.org,2002:str":
            scan.problems.append((scan.span(knode), Msg.of("fm-key-not-text")))
            continue
        name = knode.value
        if name in seen:
            msg = Msg.of("fm-duplicate-key", key=name, first=seen[name])
            scan.problems.append((scan.span(knode), msg))
        else:
            seen[name] = knode.start_mark.line + scan.first_line
        keys.append(Key(name, scan.span(knode), scan.span(vnode)))
        node.value[i] = (knode, _relink(vnode, scan))
    return keys


def _relink(vnode: Node, scan: _Scan) -> Node:
    """``key: [[Note]]`` is YAML for a nested list; turn it back into the link text."""
    if isinstance(vnode, SequenceNode):
        if _is_unquoted_link(vnode, scan):
            return _as_text(vnode, scan)
        vnode.value = [_as_text(n, scan) if _is_unquoted_link(n, scan) else n for n in vnode.value]
    return vnode


def _is_unquoted_link(node: Node, scan: _Scan) -> bool:
    """YAML's reading of ``[[Note]]``: a flow list holding one flow list of one text."""
    if not (isinstance(node, SequenceNode) and node.flow_style and len(node.value) == 1):
        return False
    inner = node.value[0]
    if not (isinstance(inner, SequenceNode) and inner.flow_style and len(inner.value) == 1):
        return False
    raw = scan.text[node.start_mark.index : node.end_mark.index]
    return isinstance(inner.value[0], ScalarNode) and raw.startswith("[[") and raw.endswith("]]")


def _as_text(node: Node, scan: _Scan) -> ScalarNode:
    raw = scan.text[node.start_mark.index : node.end_mark.index]
    # style "u" marks the value as written without quotes, for unquoted-link
    return ScalarNode("tag:yaml.org,2002:str", raw, node.start_mark, node.end_mark, style="u")


def _collect_links(node: Node, scan: _Scan, key: str) -> None:
    stack: list[tuple[Node, str]] = [(node, key)]
    while stack:
        cur, k = stack.pop()
        if isinstance(cur, MappingNode):
            for kn, vn in cur.value:
                stack.append((vn, k or str(kn.value)))
        elif isinstance(cur, SequenceNode):
            stack.extend((child, k) for child in cur.value)
        elif isinstance(cur, ScalarNode) and "[[" in str(cur.value):
            _scalar_links(cur, scan, k)


def _scalar_links(node: ScalarNode, scan: _Scan, key: str) -> None:
    raw = scan.text[node.start_mark.index : node.end_mark.index]
    unquoted = node.style == "u"
    for m in _WIKILINK.finditer(str(node.value)):
        pos = raw.find(m.group(0))
        base = node.start_mark
        if pos < 0 or "\n" in raw[:pos]:
            line, col = base.line, base.column
        else:
            line, col = base.line, base.column + pos
        fl = line + scan.first_line
        scan.links.append(
            FrontmatterLink(key, m.group(1), Span(fl, col + 1, fl, col + 1 + len(m.group(0))), unquoted)
        )

"""``--format sarif``: one SARIF 2.1.0 log, for GitHub code scanning and SARIF viewers.

The log is a pure function of the diagnostics and the rule registry: no
timestamps, no absolute paths, rules in code order, so two runs over the same
vault give the same bytes and a CI diff shows only real changes. Locations are
vault-relative URI references resolved against ``%SRCROOT%``, the vault's root.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections import Counter
from collections.abc import Sequence
from importlib import metadata
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..diagnostics import Diagnostic, Fix, Level
from ..rules import RuleInfo, by_code
from ..rules.docs import doc
from . import Summary

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://mentorvault.dev"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "mentorvault/v1"
LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}


def render(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    rules = by_code()
    index = {info.name: i for i, info in enumerate(rules)}
    run = {
        "tool": {"driver": _driver(rules, summary.language)},
        "language": summary.language,
        # our columns count code points, not UTF-16 units: say so, or viewers shift
        # every column after a character outside the BMP
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The root folder of the vault."}}},
        "results": [_result(d, index.get(d.rule), fp) for d, fp in _fingerprints(diagnostics)],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _version() -> str:
    try:
        return metadata.version("mentorvault")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return __version__


def _driver(rules: list[RuleInfo], language: str) -> dict[str, Any]:
    return {
        "name": "mentorvault",
        "informationUri": INFORMATION_URI,
        "version": _version(),
        "rules": [_rule(info, language) for info in rules],
    }


def _rule(info: RuleInfo, language: str) -> dict[str, Any]:
    short = info.summary or info.name
    full = inspect.cleandoc(info.fn.__doc__ or "") or short
    # rule pages are Markdown; an English page beats none when a translation is missing
    page = doc(info.name, language) or doc(info.name, "en")
    return {
        "id": info.name,
        # `id` already carries the readable name; `name` carries the code that
        # `mentorvault rules MV101` and the JSON output use
        "name": info.code,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": page or full, "markdown": page or full},
        "defaultConfiguration": {"level": LEVELS[info.level]},
        "properties": {
            "code": info.code, "family": info.family, "tags": ["mentorvault", info.family],
        },
    }


def _fingerprints(diagnostics: Sequence[Diagnostic]) -> list[tuple[Diagnostic, str]]:
    """A stable identity per result: rule, note and the n-th such finding in the note.

    Lines and messages are left out on purpose: an edit above the finding moves
    its line, and date-based messages change every day; neither is a new problem.
    """
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for d in diagnostics:
        seen[d.rule, d.path] += 1
        key = "\0".join((d.rule, d.path, str(seen[d.rule, d.path])))
        out.append((d, hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]))
    return out


def _result(d: Diagnostic, rule_index: int | None, fingerprint: str) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": d.rule}
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    result["level"] = LEVELS[d.level]
    result["message"] = {"text": d.message + (f"\n{d.hint}" if d.hint else "")}
    result["locations"] = [{"physicalLocation": {
        "artifactLocation": _artifact(d.path),
        "region": _region(d.line, d.column, d.end_line, d.end_column),
    }}]
    result["partialFingerprints"] = {FINGERPRINT: fingerprint}
    if d.fix is not None:
        result["fixes"] = [_fix(d.path, d.fix)]
    return result


def _artifact(path: str) -> dict[str, str]:
    # a URI reference, not a file name: spaces, Cyrillic, '#', '%' and ':' are
    # percent-encoded (UTF-8) so every consumer decodes the same path back
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    # SARIF numbers from 1 and its endColumn is exclusive, as ours is; the clamps
    # keep a degenerate span (line 0, end before start) a valid, empty region
    start = (max(line, 1), max(column, 1))
    end = max((max(end_line, 1), max(end_column, 1)), start)
    return {"startLine": start[0], "startColumn": start[1], "endLine": end[0], "endColumn": end[1]}


def _fix(path: str, fix: Fix) -> dict[str, Any]:
    s = fix.span
    replacement = {
        "deletedRegion": _region(s.line, s.column, s.end_line, s.end_column),
        "insertedContent": {"text": fix.new},
    }
    change = {"artifactLocation": _artifact(path), "replacements": [replacement]}
    return {"artifactChanges": [change]}

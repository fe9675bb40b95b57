"""``--format github``: GitHub Actions workflow commands, one annotation per problem.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``, escaped
exactly as the Actions toolkit (@actions/core) escapes: a note title with a
``,`` or ``:`` cannot end a property early, and a newline in a message cannot
start a forged command on the next line. The last line is the plain summary.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, Level
from . import Summary, text

COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def escape_data(value: str) -> str:
    """@actions/core ``escapeData``: for the message after ``::``."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """@actions/core ``escapeProperty``: for ``key=value`` pairs, where ``:`` and ``,`` delimit."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    out = [annotation(d, summary.root) for d in diagnostics]
    # the same summary line as the text format, in the vault's language
    out.append(text.render((), summary).rstrip("\n"))
    return "\n".join(out) + "\n"


def annotation(d: Diagnostic, root: str = "") -> str:
    """One workflow command; ``root`` is the vault's folder relative to the repository."""
    props = [("file", f"{root}/{d.path}" if root else d.path), ("line", str(d.line))]
    if d.end_line == d.line:
        # the runner rejects an endColumn before col
        props += [("col", str(d.column)), ("endLine", str(d.end_line)),
                  ("endColumn", str(max(d.end_column, d.column)))]
    else:
        # the runner drops col and endColumn on an annotation spanning several lines
        props.append(("endLine", str(d.end_line)))
    props.append(("title", f"{d.rule} ({d.code})"))
    fields = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    message = d.message + (f"\n{d.hint}" if d.hint else "")
    return f"::{COMMANDS[d.level]} {fields}::{escape_data(message)}"

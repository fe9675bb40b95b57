"""``--format junit``: JUnit XML for CI test dashboards (GitLab, Jenkins, Azure).

One test case per linted note, so a clean note shows as a passed test and a
dashboard can count how much of the vault is healthy; one ``<failure>`` per
problem. Built with ElementTree, which escapes markup but not the control
characters XML 1.0 forbids: those are written as visible ``\\xNN`` escapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import Summary, text

SUITE = "mentorvault"
ROOT_CLASS = "(root)"  # Jenkins' own name for the unnamed package
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """``value`` with every character XML 1.0 cannot hold replaced by a visible escape."""
    return _FORBIDDEN.sub(lambda m: _escape(ord(m.group())), value)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def render(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    # a problem in a note the summary does not list still gets its test case
    paths = sorted({*summary.paths, *by_path})
    counts = {"tests": str(len(paths)), "failures": str(len(by_path)), "errors": "0"}
    suites = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": SUITE, **counts, "skipped": "0"})
    for path in paths:
        _testcase(suite, path, by_path.get(path, []), summary)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _testcase(suite: ET.Element, path: str, problems: list[Diagnostic], summary: Summary) -> None:
    folder = path.rpartition("/")[0]
    classname = xml_safe(folder or ROOT_CLASS)
    case = ET.SubElement(suite, "testcase", classname=classname, name=xml_safe(path))
    for d in problems:
        failure = ET.SubElement(case, "failure", type=d.rule, message=xml_safe(d.message))
        failure.text = xml_safe(_details(d, summary))


def _details(d: Diagnostic, summary: Summary) -> str:
    # the problem's lines exactly as the text format prints them (hint included),
    # without its summary line
    return "\n".join(text.render([d], summary).splitlines()[:-1])

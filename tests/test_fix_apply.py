"""fixes.apply_fixes: spans in the parsed view map back to the exact bytes of the file."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from mentorvault.diagnostics import Fix, Span
from mentorvault.fixes import apply_fixes, apply_safely, byte_range, insert_property, split_lines
from mentorvault.notes import parse_note

BOM = b"\xef\xbb\xbf"


def at(line: int, col: int, old: str, new: str) -> Fix:
    return Fix(Span(line, col, line, col + len(old)), old, new)


def test_bom_and_mixed_line_endings_survive_every_edit() -> None:
    raw = BOM + "---\r\nстатус: Active\nсрок: 31.01.2027\rtag: x\r\n---\n".encode()
    fixes = [at(2, 9, "Active", "active"), at(3, 7, "31.01.2027", "2027-01-31"), at(4, 1, "tag", "tags")]
    result = apply_fixes(raw, fixes)
    assert result.data == BOM + "---\r\nстатус: active\nсрок: 2027-01-31\rtags: x\r\n---\n".encode()
    assert len(result.applied) == 3 and result.skipped == ()


def test_a_fix_whose_text_is_not_at_its_span_is_skipped() -> None:
    raw = b"status: Active\n"
    moved = at(1, 9, "Paused", "paused")
    result = apply_fixes(raw, [moved, at(1, 1, "status", "state")])
    assert result.data == b"state: Active\n"
    assert result.skipped == (moved,)


def test_overlapping_fixes_apply_the_first_only() -> None:
    first, second = at(1, 1, "abc", "x"), at(1, 2, "bc", "y")
    result = apply_fixes(b"abcd", [second, first])
    assert result.data == b"xd" and result.skipped == (second,)


def test_identical_fixes_from_two_diagnostics_apply_once() -> None:
    fix = at(1, 1, "tag", "tags")
    assert apply_fixes(b"tag: a\n", [fix, fix]).data == b"tags: a\n"


def test_spans_past_the_line_or_across_lines_are_skipped() -> None:
    raw = b"ab\ncd\n"
    bad = [Fix(Span(1, 2, 2, 2), "b\nc", ""), Fix(Span(1, 2, 1, 9), "b", ""), Fix(Span(9, 1, 9, 2), "x", "")]
    result = apply_fixes(raw, bad)
    assert result.data == raw and len(result.skipped) == 3


def test_not_utf8_is_left_alone() -> None:
    raw = b"\xff\xfe t\x00a\x00g\x00"
    assert apply_fixes(raw, [at(1, 1, "tag", "tags")]).data == raw


def test_insertion_takes_the_line_ending_of_its_line() -> None:
    raw = BOM + b"---\r\ntitle: x\r\n---\r\nbody"
    note = parse_note("a.md", raw)
    fix = insert_property(note, "type: goal")
    assert fix == Fix(Span(2, 1, 2, 1), "", "type: goal\n")
    assert apply_fixes(raw, [fix]).data == BOM + b"---\r\ntype: goal\r\ntitle: x\r\n---\r\nbody"


def test_insertion_into_a_note_without_frontmatter_creates_it() -> None:
    raw = BOM + "# Цель\r\nтекст\r\n".encode()
    fix = insert_property(parse_note("a.md", raw), "type: goal")
    assert fix is not None
    assert apply_fixes(raw, [fix]).data == BOM + "---\r\ntype: goal\r\n---\r\n# Цель\r\nтекст\r\n".encode()


def test_insertion_into_an_empty_note_and_one_line_note() -> None:
    for raw in (b"", b"text"):
        fix = insert_property(parse_note("a.md", raw), "type: goal")
        assert fix is not None
        assert apply_fixes(raw, [fix]).data == b"---\ntype: goal\n---\n" + raw


def test_no_insertion_into_frontmatter_that_cannot_be_read() -> None:
    assert insert_property(parse_note("a.md", b"---\ntitle: [\n---\n"), "type: goal") is None
    assert insert_property(parse_note("a.md", b"---\ntitle: x\n"), "type: goal") is None


def test_insertion_and_replacement_at_one_point_both_apply() -> None:
    fixes = [Fix(Span(1, 1, 1, 1), "", "type: goal\n"), at(1, 1, "tag", "tags")]
    assert apply_fixes(b"tag: a\n", fixes).data == b"type: goal\ntags: a\n"


def test_two_insertions_at_one_point_apply_one() -> None:
    fixes = [Fix(Span(1, 1, 1, 1), "", "a\n"), Fix(Span(1, 1, 1, 1), "", "b\n")]
    result = apply_fixes(b"x\n", fixes)
    assert result.data == b"a\nx\n" and len(result.skipped) == 1


def test_a_fix_that_would_break_the_yaml_is_left_out() -> None:
    raw = b"---\ntag: x\nmentor: [[O'Brien \"Bob\"]]\n---\n"
    breaking = at(3, 9, "[[O'Brien \"Bob\"]]", "'[[O'Brien \"Bob\"]]'")
    result = apply_safely(raw, [at(2, 1, "tag", "tags"), breaking])
    assert result.data == raw.replace(b"tag:", b"tags:")
    assert result.skipped == (breaking,)


def test_fixes_to_broken_yaml_still_apply() -> None:
    raw = b"---\ntag: x\nbad: [\n---\n"
    assert apply_safely(raw, [at(2, 1, "tag", "tags")]).data == raw.replace(b"tag:", b"tags:")


_LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=8)
_END = st.sampled_from(["\n", "\r\n", "\r"])


@given(st.lists(st.tuples(_LINE, _END), min_size=1, max_size=6), _LINE, st.booleans(), st.data())
def test_any_span_maps_to_the_bytes_the_parser_saw(rows: list[tuple[str, str]], last: str, bom: bool,
                                                   data: st.DataObject) -> None:
    raw = (BOM if bom else b"") + ("".join(t + e for t, e in rows) + last).encode()
    parsed = re.split(r"\r\n|\r|\n", raw.decode("utf-8-sig"))
    lines = split_lines(raw)
    assert lines is not None and [x.text for x in lines] == parsed
    number = data.draw(st.integers(1, len(parsed)))
    text = parsed[number - 1]
    col = data.draw(st.integers(1, len(text) + 1))
    end = data.draw(st.integers(col, len(text) + 1))
    span = Span(number, col, number, end)
    where = byte_range(lines, span)
    assert where is not None and raw[where[0] : where[1]].decode() == text[col - 1 : end - 1]
    new = data.draw(_LINE)
    out = apply_fixes(raw, [Fix(span, text[col - 1 : end - 1], new)]).data
    assert out[: where[0]] == raw[: where[0]] and out[where[0] + len(new.encode()) :] == raw[where[1] :]

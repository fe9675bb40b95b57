"""Titles and messages that try to break the progress note: tables, links, HTML, the diagram.

Tables are checked twice (DESIGN §9): markdown-it-py's cells per row, and the
unescaped ``|`` in each row's source line, because markdown-it pads or cuts
every row to the header's width and so hides a broken row.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from test_progress_note import SMART, TODAY, diag, goal

from mentorvault.config import Config
from mentorvault.goals import Goal
from mentorvault.progress_escape import display, note_link, plain
from mentorvault.progress_gantt import name
from mentorvault.progress_note import render

NASTY = {
    "pipe": "Senior | Python || grade",
    "close": "Close ]] early",
    "open": "Open [[ nested [[Other]] link",
    "brackets": "a]b[c]",
    "hash": "C# and #tag and [[#heading]]",
    "caret": "Block ^id ^",
    "newline": "first line\nsecond\r\nthird\u2028fourth",
    "script": "<script>alert('x')</script> <img src=x onerror=alert(1)>",
    "colon": "Goal: finish: now",
    "semicolon": "one; two;",
    "percent": "100% done %% hidden %%",
    "quotes": "\"double\" 'single' «ёлочки» `code`",
    "backslash": "ends with \\",
    "cyrillic": "Пройти собеседование: этап №2 (Senior)",
    "keyword": "Section 5 of the plan",
    "call": "Call my mentor weekly",
    "date": "2026-12-01 deadline",
    "empty": "   ",
    "marker": "%% mentorvault:end %%",
}


def nasty_goals() -> list[Goal]:
    out = []
    for i, (key, title) in enumerate(sorted(NASTY.items())):
        out.append(goal(f"Goals/{key}.md", title=title, mentee=title if i % 3 == 0 else None,
                        category="career" if i % 2 else title, status="active",
                        start=date(2026, 11, 1), due=date(2027, 1, 1 + i), smart=SMART))
    return out


@pytest.fixture(scope="module")
def note() -> str:
    diagnostics = [diag(f"Goals/{k}.md", 1, f"value '{v}' is odd", hint=f"try [[{k}]] or {v}")
                   for k, v in NASTY.items()]
    return render(nasty_goals(), diagnostics, Config(), TODAY)


def tables(text: str) -> list[tuple[int, list[int], list[int]]]:
    """(header cells, cells of each body row, source line of each body row) per table."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found: list[tuple[int, list[int], list[int]]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "thead_open":
            found.append((_cells(tokens, i), [], []))
        elif tok.type == "tr_open" and found and tokens[i - 1].type in ("tbody_open", "tr_close"):
            assert tok.map is not None
            found[-1][1].append(_cells(tokens, i))
            found[-1][2].append(tok.map[0])
    return found


def _cells(tokens: list[Token], start: int) -> int:
    count = 0
    for tok in tokens[start + 1 :]:
        if tok.type == "tr_close":
            return count
        count += tok.type in ("th_open", "td_open")
    return count


def unescaped_pipes(line: str) -> int:
    """``|`` not written ``\\|``: the separators a table parser splits the row at."""
    return len(re.findall(r"(?<!\\)\|", line))


def test_every_row_has_as_many_cells_as_its_header(note):
    found = tables(note)
    assert len(found) >= 2
    source = note.split("\n")
    for header, rows, lines in found:
        assert rows and all(cells == header for cells in rows)
        for line in lines:
            assert unescaped_pipes(source[line]) == header + 1, source[line]


def test_a_broken_row_is_caught_by_counting_pipes_though_markdown_it_hides_it():
    text = "| a | b |\n| --- | --- |\n| x | y | z |\n"
    (header, rows, lines), = tables(text)
    assert rows == [header]  # markdown-it cut the row to the header's width
    assert unescaped_pipes(text.split("\n")[lines[0]]) == header + 2


def test_no_raw_html_reaches_the_note(note):
    opened = [line for line in note.split("\n") if re.search(r"(?<!\\)<[A-Za-z/!?]", line)]
    assert opened == ["<!-- linter-disable -->", "<!-- linter-enable -->"]
    html = MarkdownIt("commonmark").enable("table").render(note)
    assert "<script" not in html and "<img" not in html


def goal_cells(note: str) -> dict[str, str]:
    """Goal path -> the first cell of its table row."""
    out = {}
    for line in note.split("\n"):
        m = re.match(r"\| (\[\[(Goals/\w+)\\\|.*?) \| ", line)
        if m:
            out[m.group(2)] = m.group(1)
    return out


def test_each_title_stays_one_link(note):
    cells = goal_cells(note)
    assert len(cells) == len(NASTY)
    for cell in cells.values():
        # Obsidian ends a wikilink at the first "]]": it must be the cell's last characters
        assert cell.count("[[") == 1 and cell.index("]]") == len(cell) - 2, cell
        assert "\n" not in cell and "%%" not in cell


@pytest.mark.parametrize(("title", "shown"), [
    ("Senior | Python", "Senior ｜ Python"),
    ("Close ]] early", "Close ］］ early"),
    ("Open [[x]]", "Open ［［x］］"),
    ("C# and ^id", "C# and ^id"),
    ("first\nsecond\r\nthird", "first second third"),
    ("<script>x</script>", "＜script＞x＜/script＞"),
    ("50%% off", "50%％ off"),
    ("back\\slash `code`", "back＼slash ｀code｀"),
    ("   ", "fallback"),
])
def test_display_text(title, shown):
    assert display(title, "fallback") == shown


def test_links_to_paths_that_cannot_be_wikilinks_are_markdown_links():
    assert note_link("Goals/A b.md", "T", in_table=True) == "[[Goals/A b\\|T]]"
    assert note_link("Goals/A b.md", "T") == "[[Goals/A b|T]]"
    assert note_link("Goals/Note.md", "Note") == "[[Goals/Note|Note]]"
    assert note_link("Note.md", "Note") == "[[Note]]"
    assert note_link("Goals/C# plan.md", "T") == "[T](Goals/C%23%20plan.md)"
    assert note_link("Goals/a|b [x].md", "T", in_table=True) == "[T](Goals/a%7Cb%20%5Bx%5D.md)"


def test_plain_text_escapes_markdown_but_keeps_our_wikilinks():
    assert plain("a #tag | <b> *x* $y$ [z]") == r"a \#tag \| \<b\> \*x\* \$y\$ \[z\]"
    assert plain("did you mean [[Карьера]]? or [[Note#Part|shown]]", keep_links=True) == (
        "did you mean [[Карьера]]? or [[Note#Part|shown]]")
    assert plain("bad [[a <b>]] and [[ok]]\nnext", keep_links=True) == (
        r"bad \[\[a \<b\>\]\] and [[ok]] next")
    assert plain("%%x%%") == "%％x%％"


def test_links_in_messages_are_shown_and_links_in_hints_are_kept():
    d = diag("G/a.md", 4, 'write area: "[[Career]]"', hint="did you mean [[Карьера]]?")
    line = render([], [d], Config(), TODAY).split("\n")[-5]
    assert line == ('- [[G/a|a]] line 4: write area: "\\[\\[Career\\]\\]" — did you mean [[Карьера]]? '
                    "(error, broken-link)")


def test_problem_lines_are_one_line_each_and_end_with_the_rule(note):
    lines = [line for line in note.split("\n") if line.startswith("- [[Goals/")]
    assert len(lines) == len(NASTY)
    assert all(line.endswith("(error, broken-link)") for line in lines)


# --- the diagram ----------------------------------------------------------------------------
# Mermaid's gantt lexer (packages/mermaid/src/diagrams/gantt/parser/gantt.jison), case-insensitive,
# first matching rule wins. Rules that need a state (click, href, call) start the token we fail on.
_JISON = [
    (r"%%\{", "directive"), (r"accTitle\s*:\s*", "acc"), (r"accDescr\s*:\s*", "acc"),
    (r"accDescr\s*\{\s*", "acc"), (r"%%[^\n]*", None), (r"[^}]%+[^\n]*", None), (r"%+[^\n]*\n*", None),
    (r"\n+", "NL"), (r"\s+", None), (r"#[^\n]*", None), (r'href\s+"', "href"), (r"call\s+", "call"),
    (r"click\s+", "click"), (r"gantt", "gantt"), (r"dateFormat\s[^#\n;]+", "dateFormat"),
    (r"inclusiveEndDates", "kw"), (r"topAxis", "kw"), (r"axisFormat\s[^#\n;]+", "kw"),
    (r"tickInterval\s[^#\n;]+", "kw"), (r"includes\s[^#\n;]+", "kw"), (r"excludes\s[^#\n;]+", "kw"),
    (r"todayMarker\s[^\n;]+", "kw"), (r"weekday\s[^#\n;]+", "kw"), (r"weekend\s[^#\n;]+", "kw"),
    (r"\d\d\d\d-\d\d-\d\d", "date"), (r"title\s[^#\n;]+", "title"),
    (r"accDescription\s[^#\n;]+", "kw"), (r"section\s[^#:\n;]+", "section"), (r"[^#:\n;]+", "taskTxt"),
    (r":[^#\n;]+", "taskData"), (r":", ":"), (r".", "INVALID"),
]
_RULES = [(re.compile(rx, re.IGNORECASE), kind) for rx, kind in _JISON]


def gantt_tokens(source: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(source):
        for rx, kind in _RULES:
            m = rx.match(source, pos)
            if m and m.end() > pos:
                if kind is not None:
                    out.append((kind, m.group()))
                pos = m.end()
                break
    return out


def diagram(text: str) -> str:
    return text.split("```mermaid\n", 1)[1].split("```", 1)[0]


def test_the_lexer_model_reproduces_mermaids_failures():
    tokens = gantt_tokens("Call my mentor :2026-01-01, 2026-02-01\nC# course :x\n5% more :x\n")
    assert [k for k, _ in tokens][:2] == ["call", "taskTxt"]
    assert ("taskTxt", "C") in tokens and not any(v.startswith("5") for _, v in tokens)


def test_every_goal_is_one_task_named_by_its_title(note):
    tokens = gantt_tokens(diagram(note))
    kinds = [k for k, _ in tokens if k != "NL"]
    assert kinds[:2] == ["gantt", "dateFormat"]
    body = kinds[2:]
    assert set(body) == {"section", "taskTxt", "taskData"}
    assert body.count("taskTxt") == body.count("taskData") == len(NASTY)
    names = [v.strip() for k, v in tokens if k == "taskTxt"]
    assert sorted(names) == sorted(name(t, k) for k, t in NASTY.items())


@pytest.mark.parametrize(("title", "shown"), [
    ("Goal: finish; now # 5%", "Goal： finish； now ＃ 5％"),
    ("Section 5 of the plan", "▸ Section 5 of the plan"),
    ("call mentor", "▸ call mentor"),
    ("2026-12-01 deadline", "▸ 2026-12-01 deadline"),
    ("Ganttproject", "▸ Ganttproject"),
    ("accTitle: mine", "▸ accTitle： mine"),
    ("Accept an offer", "Accept an offer"),
    ("\"q\" [b] (p) {c} | Кириллица", "\"q\" [b] (p) {c} | Кириллица"),
    ("<b>```</b>", "＜b＞｀｀｀＜/b＞"),
    ("two\nlines", "two lines"),
])
def test_task_names(title, shown):
    assert name(title) == shown
    tokens = gantt_tokens(f"    {name(title)} :2026-01-01, 2026-02-01\n")
    assert [k for k, _ in tokens] == ["taskTxt", "taskData", "NL"]


@pytest.mark.parametrize("golden", sorted((Path(__file__).parent / "golden").glob("progress-*.md")),
                         ids=lambda p: p.name)
def test_golden_notes_have_whole_rows_and_no_html(golden):
    text = golden.read_text("utf-8")
    source = text.split("\n")
    found = tables(text)
    assert found
    for header, rows, lines in found:
        assert all(cells == header for cells in rows)
        assert all(unescaped_pipes(source[line]) == header + 1 for line in lines)
    opened = [line for line in source if re.search(r"(?<!\\)<[A-Za-z/!?]", line)]
    assert opened == ["<!-- linter-disable -->", "<!-- linter-enable -->"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
       | st.text(alphabet="|[]#^:;%<>`\\/\"' \n\r\tabcЯ-0123456789{}()*_$~=!&", max_size=40))
def test_no_title_breaks_the_row_the_link_or_the_diagram(title):
    text = render([goal("Goals/T.md", title=title, mentee=title, category=title)], [], Config(), TODAY)
    source = text.split("\n")
    for header, rows, lines in tables(text):
        assert all(cells == header for cells in rows)
        assert all(unescaped_pipes(source[line]) == header + 1 for line in lines)
    cell = goal_cells(text)["Goals/T"]
    assert cell.count("[[") == 1 and cell.index("]]") == len(cell) - 2
    kinds = [k for k, _ in gantt_tokens(diagram(text)) if k != "NL"]
    assert kinds == ["gantt", "dateFormat", "section", "taskTxt", "taskData"]
    assert not [line for line in source if re.search(r"(?<!\\)<[A-Za-z/!?]", line)][2:]
    assert text.count("%% mentorvault:") == 2

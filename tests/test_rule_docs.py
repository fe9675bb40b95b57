"""Every registered rule has its documentation page in English and Russian, in the ruff shape.

The rules are read from the registry, so a rule added without its pages fails
here, and docs/rules.md is compared with what docs/gen_rules_index.py makes of
the registry now, so the index cannot go stale.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from mentorvault.cli import main
from mentorvault.rules import REGISTRY
from mentorvault.rules.docs import doc

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {
    "en": ["What it does", "Why is this bad?", "Example", "Use instead", "Options"],
    "ru": ["Что проверяет", "Почему это плохо", "Пример", "Как правильно", "Настройки"],
}
RULES = sorted(REGISTRY)
PAGES = [(name, lang) for name in RULES for lang in SECTIONS]
FENCE = re.compile(r"^(`{3,}|~{3,})")


def sections(page: str) -> dict[str, list[str]]:
    """The page's ``## `` sections, each with its lines; headings inside code blocks don't count."""
    out: dict[str, list[str]] = {}
    current: list[str] = []
    fence = ""
    for line in page.splitlines():
        m = FENCE.match(line)
        if m and not fence:
            fence = m.group(1)
        elif fence and line.strip() == fence:
            fence = ""
        elif not fence and line.startswith("## "):
            current = out.setdefault(line[3:].strip(), [])
            continue
        current.append(line)
    return out


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), env={"LANG": "C"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_page_has_the_title_and_the_five_sections(name: str, lang: str) -> None:
    page = doc(name, lang)
    assert page, f"no page mentorvault/rules/docs/{lang}/{name}.md"
    assert page.splitlines()[0] == f"# {name} ({REGISTRY[name].code})"
    found = [title for title in sections(page) if title in SECTIONS[lang]]
    assert found == SECTIONS[lang], f"{lang}/{name}.md: sections {found}, want {SECTIONS[lang]}"


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_page_shows_a_failing_note(name: str, lang: str) -> None:
    example = sections(doc(name, lang)).get(SECTIONS[lang][2], [])
    assert "```markdown" in example, f"{lang}/{name}.md: no ```markdown block under {SECTIONS[lang][2]}"
    if lang == "ru":
        assert re.search("[а-яё]", "\n".join(example), re.IGNORECASE), f"ru/{name}.md: the example is not in Russian"


@pytest.mark.parametrize("name", RULES)
def test_cli_prints_the_russian_page(name: str) -> None:
    page = doc(name, "ru")
    assert page, f"no page mentorvault/rules/docs/ru/{name}.md"
    assert page.strip() in run_cli("rules", name, "--lang", "ru")
    assert page.strip() in run_cli("rules", REGISTRY[name].code, "--lang", "ru")


def test_cli_lists_every_rule() -> None:
    listed = {tuple(line.split()[:2]) for line in run_cli("rules").splitlines() if line.strip()}
    assert {(info.code, info.name) for info in REGISTRY.values()} <= listed


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_rules_index", ROOT / "docs" / "gen_rules_index.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_index_is_current() -> None:
    expected = _generator().render()
    current = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert current == expected, "docs/rules.md is out of date: run python docs/gen_rules_index.py"


def test_rules_index_lists_every_rule_once() -> None:
    text = _generator().render()
    for info in REGISTRY.values():
        assert text.count(f"| {info.code} | `{info.name}` |") == 1

"""The goal rules' documentation pages tell the truth: each Example fails its rule, each fix passes."""

from __future__ import annotations

import re

import pytest
from conftest import lines

from mentorvault.rules import REGISTRY
from mentorvault.rules.docs import doc

GOAL_RULES = sorted(n for n, info in REGISTRY.items() if info.family in ("smart", "progress"))
HEADINGS = {"en": ("## Example", "## Use instead"), "ru": ("## Пример", "## Как правильно")}
AREAS = {f"{n}.md": f"# {n}\n" for n in ("Карьера", "Обучение", "Развитие", "Сообщество")}
BLOCK = re.compile(r"```markdown\n(.*?)```", re.DOTALL)


def example(page: str, heading: str) -> str:
    section = page.split(heading + "\n", 1)[1]
    found = BLOCK.search(section)
    assert found, heading
    return found.group(1)


def fired(vault, rule: str, files: dict[str, str]) -> list[str]:
    return [x for x in lines(vault({**AREAS, **files})) if x.endswith(" " + rule)]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("rule", GOAL_RULES)
def test_example_fails_and_the_fix_passes(vault, rule: str, lang: str) -> None:
    page = doc(rule, lang)
    bad, good = (example(page, h) for h in HEADINGS[lang])
    # too-many-active-goals needs six goals of one mentee: five like the example, and the sixth
    crowd = {f"g{n}.md": bad for n in range(5)} if rule == "too-many-active-goals" else {}
    assert fired(vault, rule, {**crowd, "goal.md": bad}), f"{lang}/{rule}.md: the example passes"
    assert not fired(vault, rule, {**crowd, "goal.md": good}), f"{lang}/{rule}.md: the fix still fails"

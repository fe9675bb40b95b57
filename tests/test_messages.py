"""One message catalogue: every sentence in both languages, with the same blanks to fill."""

from __future__ import annotations

import string

import pytest

import mentorvault.fixer
import mentorvault.progress_labels
import mentorvault.rules
import mentorvault.vault_init
import mentorvault.watch_report  # noqa: F401 - each registers its sentences at import
from mentorvault import i18n

KEYS = sorted(i18n.MESSAGES)


def _blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_part_of_the_program_says_its_sentences_through_the_catalogue():
    prefixes = {k.split("-", 1)[0] for k in KEYS}
    assert {"watch", "init", "fix", "progress", "broken", "goal"} <= prefixes


@pytest.mark.parametrize("key", KEYS)
def test_a_sentence_exists_in_both_languages_with_the_same_blanks(key):
    english, russian = i18n.MESSAGES[key]
    assert english.strip() and russian.strip()
    assert _blanks(english) == _blanks(russian)


def test_text_fills_the_blanks_in_the_language_asked():
    assert i18n.text("watch-back", "en") == "the vault folder is back"
    assert i18n.text("fix-failed", "ru", path="a.md", why="диск полон") == (
        "a.md: не удалось записать исправление: диск полон")

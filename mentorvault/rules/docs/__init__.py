"""Rule documentation pages, one Markdown file per rule and language."""

from __future__ import annotations

from importlib import resources


def doc(name: str, language: str) -> str:
    lang = language if language in ("en", "ru") else "en"
    page = resources.files("mentorvault.rules.docs").joinpath(lang, f"{name}.md")
    return page.read_text("utf-8") if page.is_file() else ""

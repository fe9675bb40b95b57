"""A real public vault (kepano's, MIT) as Obsidian users keep it: templates, Bases, property types."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import check_json

KEPANO = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "kepano-obsidian"

pytestmark = pytest.mark.skipif(not KEPANO.is_dir(), reason="the shared corpora are not beside this checkout")


def test_kepano_vault_reports_only_real_problems():
    diagnostics = check_json(KEPANO)
    by_rule = Counter(d["rule"] for d in diagnostics)
    # unresolved links (notes the vault leaves unwritten) and one link in a date property
    assert set(by_rule) == {"broken-link", "property-type"}
    assert by_rule["property-type"] == 1
    # the 28 templates with {{date}} placeholders are link targets, never linted
    assert not any(d["path"].startswith("Templates/") for d in diagnostics)
    # Bases embeds with a view name are not heading links
    assert not any(".base" in d["message"] for d in diagnostics)


def test_kepano_links_into_templates_and_bases_resolve():
    messages = " ".join(d["message"] for d in check_json(KEPANO))
    for target in ("Movies.base", "Daily.base", "Movie Template"):
        assert f"'{target}'" not in messages

"""A lean model (outlines and packed notes, as `check` loads) reports exactly what a whole one does."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

from mentorvault import config as config_mod
from mentorvault import engine
from mentorvault import vault as vault_mod
from mentorvault.cache import NoteCache
from mentorvault.parallel import PARALLEL_MIN_NOTES

REPO = Path(__file__).resolve().parent.parent
KEPANO = REPO.parent / "shared" / "corpora" / "kepano-obsidian"
TODAY = date(2026, 11, 28)


def _report(root: Path, lean: bool, cache: NoteCache | None = None) -> list[tuple[object, ...]]:
    config = config_mod.load(root)
    model = vault_mod.load(root, config, cache, lean=lean)
    return [(d.path, d.line, d.column, d.rule, d.message, d.hint) for d in engine.run(model, config, TODAY)]


def _generated(tmp_path: Path, notes: int) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import make_vault
    finally:
        sys.path.remove(str(REPO / "bench"))
    root = tmp_path / "generated"
    make_vault.ensure_vault(notes, root)
    return root


def test_sample_vault_reports_the_same_lean_or_whole():
    whole = _report(REPO / "sample_vault", lean=False)
    assert whole and _report(REPO / "sample_vault", lean=True) == whole


@pytest.mark.skipif(not KEPANO.is_dir(), reason="the shared corpora are not beside this checkout")
def test_a_real_vault_reports_the_same_lean_or_whole():
    whole = _report(KEPANO, lean=False)
    assert whole and _report(KEPANO, lean=True) == whole


def test_a_generated_vault_parsed_in_workers_reports_the_same(tmp_path):
    root = _generated(tmp_path, PARALLEL_MIN_NOTES + 50)  # enough notes to parse in worker processes
    whole = _report(root, lean=False)
    rules = {r[3] for r in whole}
    assert {"broken-link", "broken-heading"} <= rules
    assert _report(root, lean=True) == whole
    # and from the cache, where lean notes are stored as their workers packed them
    cache = NoteCache(root, "t", tmp_path / "cache")
    assert _report(root, lean=True, cache=cache) == whole
    assert _report(root, lean=True, cache=NoteCache(root, "t", tmp_path / "cache")) == whole
    assert _report(root, lean=False, cache=NoteCache(root, "t", tmp_path / "cache")) == whole


def test_outlines_answer_what_other_notes_ask_alike(tmp_path):
    from mentorvault.goals import feeds_goals, is_checkin, is_goal

    root = _generated(tmp_path, 60)
    config = config_mod.load(root)
    model = vault_mod.load(root, config, lean=True)
    assert set(model.blobs) == set(model.notes)
    assert all(model.notes[p].links == () and model.full(p).path == p for p in model.notes)
    assert any(model.full(p).links for p in model.notes)
    assert any(is_goal(model.notes[p], config) for p in model.notes)
    assert any(is_checkin(model.notes[p], config) for p in model.notes)
    for p, outline in model.notes.items():
        whole = model.full(p)
        for question in (is_goal, is_checkin, feeds_goals):
            assert question(outline, config) == question(whole, config)
        assert (outline.headings, outline.block_ids, outline.parsed, outline.fm.get("aliases")) == (
            whole.headings, whole.block_ids, whole.parsed, whole.fm.get("aliases"))


def test_rules_in_forked_workers_report_what_one_process_does(tmp_path, monkeypatch):
    from mentorvault import parallel

    root = _generated(tmp_path, PARALLEL_MIN_NOTES + 50)
    config = config_mod.load(root)
    model = vault_mod.load(root, config, lean=True)
    assert len(model.lintable) >= PARALLEL_MIN_NOTES
    calls: list[int] = []
    real = parallel.forked_map

    def counted(fn, shared, parts):
        done = real(fn, shared, parts)
        calls.append(len(parts) if done is not None else 0)
        return done

    monkeypatch.setattr(engine, "forked_map", counted)
    forked = engine.run(model, config, TODAY)
    monkeypatch.setattr(engine, "FORK_MAX_NOTES", 0)
    alone = engine.run(model, config, TODAY)
    assert forked == alone and len(alone) > 100
    if parallel.workers() >= 2:
        assert calls == [parallel.workers()]


def _dies_in_a_worker(real, parent: int, done_here: list[int]):
    def wrapped(*args):
        if os.getpid() != parent:
            os._exit(1)  # as the out-of-memory killer would end it
        done_here.append(1)
        return real(*args)

    # pickled by name, as the function it stands in for: the workers look it up in its module
    wrapped.__module__, wrapped.__qualname__ = real.__module__, real.__qualname__
    return wrapped


@pytest.mark.parametrize("module, name", [("parallel", "_parse_batch"), ("engine", "_check_paths")])
def test_killed_workers_leave_the_check_whole(tmp_path, monkeypatch, module, name):
    from mentorvault import parallel

    where = {"parallel": parallel, "engine": engine}[module]
    root = _generated(tmp_path, PARALLEL_MIN_NOTES + 50)
    expected = _report(root, lean=True)
    done_here: list[int] = []
    monkeypatch.setattr(where, name, _dies_in_a_worker(getattr(where, name), os.getpid(), done_here))
    assert _report(root, lean=True) == expected
    assert done_here  # what the dead parse or rule workers had was done in this process

"""The command line: exit codes, options, configuration errors, languages, suppressions."""

from __future__ import annotations

import json

from conftest import TODAY, check_json, lines, run_cli


def test_exit_codes_and_fail_on(vault):
    root = vault({"a.md": "[[N]] [[Gone]]", "A/N.md": "x", "B/A/N.md": "x"})
    assert run_cli("check", str(root), "--today", TODAY)[0] == 1
    assert run_cli("check", str(root), "--today", TODAY, "--fail-on", "never")[0] == 0
    assert run_cli("check", str(root), "--today", TODAY, "--ignore", "broken-link")[0] == 0
    code, _ = run_cli("check", str(root), "--today", TODAY, "--ignore", "broken-link", "--fail-on", "warning")
    assert code == 1


def test_clean_vault_exits_zero_with_summary(vault):
    root = vault({"a.md": "[[b]]", "b.md": "x"})
    code, out = run_cli("check", str(root), "--today", TODAY)
    assert code == 0
    assert out == "2 notes, 0 goals: no problems\n"


def test_text_output_shape(vault):
    root = vault({"a.md": "x\n[[Сообщесво]]", "Сообщество.md": "x"})
    code, out = run_cli("check", str(root), "--today", TODAY)
    assert code == 1
    assert out.splitlines() == [
        "a.md:2:1: error broken-link link to 'Сообщесво': no such note or file in the vault",
        "    hint: did you mean [[Сообщество]]?",
        "2 notes, 0 goals: 1 errors, 0 warnings, 0 notices",
    ]


def test_json_output_shape(vault):
    root = vault({"Goals/a.md": "---\ntype: goal\n---\n[[Gone]]"})
    code, out = run_cli("check", str(root), "--format", "json", "--today", TODAY, "--select", "broken-link")
    assert code == 1
    doc = json.loads(out)
    assert doc["version"] == 1
    assert doc["summary"]["notes"] == 1 and doc["summary"]["goals"] == 1
    assert doc["diagnostics"] == [{
        "path": "Goals/a.md", "line": 4, "column": 1, "end_line": 4, "end_column": 9,
        "rule": "broken-link", "code": "MV101", "severity": "error",
        "message": "link to 'Gone': no such note or file in the vault", "hint": "", "fixable": False,
    }]


def test_russian_messages_from_config_and_lang(vault):
    root = vault({"a.md": "[[Нет]]", ".mentorvault.yaml": "language: ru\n"})
    [d] = check_json(root)
    assert d["message"] == "ссылка на «Нет»: такой заметки или файла в хранилище нет"
    root2 = vault({"a.md": "[[Нет]]", ".mentorvault.yaml": "rules: {}\n"})
    code, out = run_cli("check", str(root2), "--today", TODAY, env={"LANG": "ru_RU.UTF-8"})
    assert code == 1 and "такой заметки" in out and "ошибок: 1" in out


def test_nonexistent_vault_is_one_line_exit_2(tmp_path):
    code, out = run_cli("check", str(tmp_path / "nope"), "--today", TODAY)
    assert code == 2
    assert out.strip().splitlines() == [f"mentorvault: {tmp_path / 'nope'}: no such folder"]


def test_config_errors_name_key_and_file(vault):
    root = vault({".mentorvault.yaml": "review_dayz: 3\n", "a.md": "x"})
    code, out = run_cli("check", str(root), "--today", TODAY)
    assert code == 2
    assert "unknown key 'review_dayz'" in out and ".mentorvault.yaml" in out and "Traceback" not in out
    root = vault({".mentorvault.yaml": "review_days: soon\n"})
    code, out = run_cli("check", str(root), "--today", TODAY)
    assert code == 2 and "key 'review_days' must be a whole number" in out
    root = vault({".mentorvault.yaml": "rules: {broken-lnk: off}\n"})
    code, out = run_cli("check", str(root), "--today", TODAY)
    assert code == 2 and "unknown rule 'broken-lnk'" in out
    root = vault({".mentorvault.yaml": "rules: [\n"})
    code, out = run_cli("check", str(root), "--today", TODAY)
    assert code == 2 and "not valid YAML" in out


def test_bad_today_is_a_usage_error(vault):
    root = vault({"a.md": "x"})
    assert run_cli("check", str(root), "--today", "28.11.2026")[0] == 2
    code, out = run_cli("check", str(root), env={"MENTORVAULT_TODAY": "nope"})
    assert code == 2 and "MENTORVAULT_TODAY" in out


def test_rule_levels_from_config(vault):
    root = vault({"a.md": "[[Gone]]", ".mentorvault.yaml": "rules: {broken-link: warning}\n"})
    [d] = check_json(root)
    assert d["severity"] == "warning"
    root = vault({"a.md": "[[Gone]]", ".mentorvault.yaml": "rules: {broken-link: off}\n"})
    assert check_json(root) == []


def test_select_by_family_and_code_prefix(vault):
    root = vault({"a.md": "---\ntag: x\n---\n[[Gone]]"})
    assert lines(root, "--select", "links") == ["a.md:4:1 broken-link"]
    assert lines(root, "--select", "MV0") == ["a.md:2:1 deprecated-property"]


def test_per_note_and_per_line_suppression(vault):
    root = vault({
        "a.md": "---\nmentorvault-ignore: [broken-link]\n---\n[[Gone]]",
        "b.md": "%% mentorvault-ignore broken-link %%\n[[Gone]]\n[[Gone2]]\n",
        "c.md": "%% mentorvault-ignore %%\n[[Gone]] [[Gone#x]]\n",
        "d.md": "text [[Gone]] %% mentorvault-ignore ambiguous-link %%\n[[Gone]]\n",
    })
    assert lines(root) == ["b.md:3:1 broken-link", "d.md:1:6 broken-link", "d.md:2:1 broken-link"]


def test_files_restrict_the_report_but_links_resolve_vault_wide(vault, monkeypatch):
    root = vault({"a.md": "[[b]] [[Gone]]", "b.md": "[[Gone]]"})
    monkeypatch.chdir(root)
    code, out = run_cli("check", ".", "a.md", "--today", TODAY, "--format", "json")
    assert code == 1 and [d["path"] for d in json.loads(out)["diagnostics"]] == ["a.md"]
    code, out = run_cli("check", "a.md", "--today", TODAY, "--format", "json")
    assert code == 1 and [d["path"] for d in json.loads(out)["diagnostics"]] == ["a.md"]


def test_rules_command_lists_and_explains(vault):
    code, out = run_cli("rules")
    assert code == 0 and "MV101  broken-link" in out
    code, out = run_cli("rules", "nope")
    assert code == 2


def test_yaml_comment_suppresses_the_next_frontmatter_line(vault):
    root = vault({"a.md": "---\n# mentorvault-ignore deprecated-property\ntag: x\nalias: y\n---\n"})
    assert lines(root) == ["a.md:4:1 deprecated-property"]


def test_files_restrict_the_summary_to_those_notes(vault, monkeypatch):
    root = vault({"a.md": "[[Gone]]", "b.md": "x", "c.md": "y"})
    monkeypatch.chdir(root)
    code, out = run_cli("check", ".", "a.md", "b.md", "--today", TODAY, "--format", "json")
    assert code == 1 and json.loads(out)["summary"]["notes"] == 2


def test_progress_counter_only_on_a_terminal_and_for_large_vaults(monkeypatch, capsys):
    import sys

    from mentorvault import cli_common as cli

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert cli.progress_counter() is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    show = cli.progress_counter()
    assert show is not None
    show(10, 20)  # a small vault: too short a run to count
    show(250, cli.PROGRESS_FROM)
    show(cli.PROGRESS_FROM, cli.PROGRESS_FROM)
    err = capsys.readouterr().err
    assert err == f"\rmentorvault: reading notes 250/{cli.PROGRESS_FROM}\rmentorvault: reading notes {cli.PROGRESS_FROM}/{cli.PROGRESS_FROM}\n"

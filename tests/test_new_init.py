"""``new`` and ``init`` on a fresh vault, in English and Russian; the shipped templates."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import TODAY, check_json

from mentorvault import config as config_mod
from mentorvault.cli import main
from mentorvault.scaffold import TEMPLATES, templates_dir

SMART = ("smart-specific", "smart-measurable", "smart-achievable", "smart-relevant", "smart-time-bound")
REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def cli(*args: str, lang: str = "C") -> Result:
    env = {"LANG": lang, "LC_ALL": None, "LC_MESSAGES": None, "MENTORVAULT_TODAY": TODAY}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def frontmatter(path: Path) -> dict[str, object]:
    text = path.read_text("utf-8")
    return dict(yaml.safe_load(text.split("---\n")[1]))


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- the templates ---------------------------------------------------------------------------


def test_six_templates_ship_with_the_package():
    names = sorted(p.name for p in templates_dir().iterdir() if p.name.endswith(".md"))
    assert names == sorted(n for kinds in TEMPLATES.values() for n in kinds.values())
    for name in names:
        assert templates_dir().joinpath(name).read_bytes() == (REPO_TEMPLATES / name).read_bytes()


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_templates_are_valid_yaml_as_written_and_alike_in_both_languages(kind):
    en, ru = (yaml.safe_load(templates_dir().joinpath(TEMPLATES[kind][lang]).read_text("utf-8").split("---\n")[1])
              for lang in ("en", "ru"))
    assert list(en) == list(ru) and en["type"] == ru["type"] == kind
    assert en.get("title", "{{title}}") == "{{title}}"  # quoted, so Obsidian's own view of the template is valid


def test_goal_template_has_the_design_shape():
    for lang, headings in (("en", ("## Success criteria", "## Plan", "## Check-ins")),
                           ("ru", ("## Критерии успеха", "## План", "## Чек-ины"))):
        text = templates_dir().joinpath(TEMPLATES["goal"][lang]).read_text("utf-8")
        keys = list(yaml.safe_load(text.split("---\n")[1]))
        assert keys == ["type", "title", "category", "horizon", "status", "start", "due", "metric", "target",
                        "current", "mentor", "mentee", "area", "resources", "tags"]
        assert all(h in text for h in headings) and "> [!" in text
        assert "- [ ]" not in text.replace("`- [ ]", "")  # no real checkbox: an unfilled goal must not pass


# --- init ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "goal", "index"), [("en", "Goal.md", "Mentorship Progress.md"),
                                                     ("ru", "Цель.md", "Прогресс менторства.md")])
def test_init_writes_config_templates_and_the_templates_setting(tmp_path, lang, goal, index):
    result = cli("init", str(tmp_path), "--lang", lang)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Templates" / goal).read_bytes() == (REPO_TEMPLATES / goal).read_bytes()
    assert json.loads((tmp_path / ".obsidian/templates.json").read_text()) == {"folder": "Templates"}
    loaded = config_mod.load(tmp_path, env={})
    assert loaded.language == lang and loaded.index_path == index
    assert loaded == config_mod.Config(language=lang, index_path=index, source=loaded.source)
    assert len(result.output.splitlines()) == 5 and str(tmp_path / "Templates" / goal) in result.output


def test_init_config_has_every_schema_key_commented_and_valid(tmp_path):
    cli("init", str(tmp_path), "--lang", "en")
    text = (tmp_path / ".mentorvault.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    schema = config_mod.schema()
    jsonschema.validate(raw, schema)

    def keys(node: dict[str, object], value: dict[str, object], where: str) -> None:
        for key, sub in node.get("properties", {}).items():  # type: ignore[attr-defined]
            assert key in value, f"{where}{key} missing"
            if isinstance(value[key], dict) and "properties" in sub:
                keys(sub, value[key], f"{where}{key}.")  # type: ignore[arg-type]

    keys(schema, raw, "")
    for key in schema["properties"]:
        line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith(f"{key}:")))
        assert text.splitlines()[line - 1].startswith("# "), key


def test_init_twice_changes_nothing_and_says_so(tmp_path):
    cli("init", str(tmp_path), lang="ru_RU.UTF-8")
    before = snapshot(tmp_path)
    result = cli("init", str(tmp_path), lang="ru_RU.UTF-8")
    assert snapshot(tmp_path) == before
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "делать нечего: хранилище уже настроено"
    assert "Цель.md уже есть: оставлен как есть" in result.output


def test_init_uses_the_configured_templates_folder_and_keeps_settings(tmp_path):
    settings = tmp_path / ".obsidian/templates.json"
    settings.parent.mkdir()
    settings.write_text('{"folder": "Meta/Шаблоны/", "dateFormat": "DD.MM.YYYY"}')
    (tmp_path / ".mentorvault.yaml").write_text("language: ru\n")
    result = cli("init", str(tmp_path))
    assert (tmp_path / "Meta/Шаблоны/Цель.md").is_file()
    assert settings.read_text() == '{"folder": "Meta/Шаблоны/", "dateFormat": "DD.MM.YYYY"}'
    assert (tmp_path / ".mentorvault.yaml").read_text() == "language: ru\n"
    assert ".mentorvault.yaml уже есть" in result.output


def test_init_adds_the_folder_to_other_template_settings(tmp_path):
    settings = tmp_path / ".obsidian/templates.json"
    settings.parent.mkdir()
    settings.write_text('{"dateFormat": "DD.MM.YYYY", "timeFormat": "HH:mm"}')
    result = cli("init", str(tmp_path), "--lang", "en")
    assert json.loads(settings.read_text()) == {"dateFormat": "DD.MM.YYYY", "timeFormat": "HH:mm",
                                                "folder": "Templates"}
    assert "templates.json: templates folder set to Templates" in result.output


def test_init_leaves_unreadable_settings_alone(tmp_path):
    settings = tmp_path / ".obsidian/templates.json"
    settings.parent.mkdir()
    settings.write_text("{not json")
    result = cli("init", str(tmp_path), "--lang", "en")
    assert settings.read_text() == "{not json"
    assert (tmp_path / "Templates/Goal.md").is_file()
    assert "is not valid JSON: left as it is" in result.output


def test_init_never_overwrites_a_template_the_mentee_edited(tmp_path):
    (tmp_path / "Templates").mkdir()
    (tmp_path / "Templates/Goal.md").write_text("my own\n")
    cli("init", str(tmp_path), "--lang", "en")
    assert (tmp_path / "Templates/Goal.md").read_text() == "my own\n"


def test_init_on_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("x")
    assert cli("init", str(tmp_path / "f")).exit_code == 2


# --- new goal --------------------------------------------------------------------------------


def test_new_goal_english_with_synonyms_and_default_due(tmp_path):
    result = cli("new", "goal", "Pass three Senior Python interviews", "--vault", str(tmp_path),
                 "--category", "Career Planning", "--horizon", "Short-term", "--lang", "en")
    assert result.exit_code == 0, result.output
    path = tmp_path / "Goals/Pass three Senior Python interviews.md"
    assert result.stdout.strip() == str(path)
    fm = frontmatter(path)
    assert (fm["title"], fm["category"], fm["horizon"], fm["status"]) == (
        "Pass three Senior Python interviews", "career", "short", "active")
    assert (str(fm["start"]), str(fm["due"])) == ("2026-11-28", "2027-02-26")


@pytest.mark.parametrize(("horizon", "due"), [("medium", "2027-05-27"), ("long", "2027-11-28")])
def test_new_goal_due_follows_the_horizon(tmp_path, horizon, due):
    cli("new", "goal", "Lead the team of five", "--vault", str(tmp_path), "--horizon", horizon, "--lang", "en")
    assert str(frontmatter(tmp_path / "Goals/Lead the team of five.md")["due"]) == due


def test_new_goal_russian_in_the_mentee_folder(tmp_path):
    result = cli("new", "goal", "Пройти собеседование на позицию Senior Python Developer", "--vault", str(tmp_path),
                 "--category", "карьера", "--horizon", "краткосрочная", "--mentee", "Анна Смирнова",
                 lang="ru_RU.UTF-8")
    path = tmp_path / "Анна Смирнова/Цели/Пройти собеседование на позицию Senior Python Developer.md"
    assert result.stdout.strip() == str(path)
    fm = frontmatter(path)
    assert (fm["category"], fm["horizon"], fm["mentee"]) == ("career", "short", "[[Анна Смирнова]]")
    assert "## Критерии успеха" in path.read_text("utf-8")
    assert "mentorvault new mentee" in result.stderr  # the mentee note does not exist yet


def test_new_goal_goes_to_the_configured_goals_folder(tmp_path):
    (tmp_path / ".mentorvault.yaml").write_text("goals:\n  folders: [Mentorship/Goals/]\n")
    cli("new", "goal", "Speak at two meetups", "--vault", str(tmp_path), "--mentee", "Anna", "--lang", "en")
    assert (tmp_path / "Mentorship/Goals/Speak at two meetups.md").is_file()


def test_new_goal_due_without_horizon_infers_it(tmp_path):
    cli("new", "goal", "Ship the side project", "--vault", str(tmp_path), "--due", "2027-06-30", "--lang", "en")
    fm = frontmatter(tmp_path / "Goals/Ship the side project.md")
    assert (fm["horizon"], str(fm["due"])) == ("medium", "2027-06-30")


def test_new_goal_refuses_to_overwrite(tmp_path):
    args = ("new", "goal", "Pass three Senior Python interviews", "--vault", str(tmp_path), "--lang", "en")
    cli(*args)
    path = tmp_path / "Goals/Pass three Senior Python interviews.md"
    path.write_text("edited by the mentee\n")
    result = cli(*args, "--category", "career")
    assert result.exit_code == 1
    assert path.read_text() == "edited by the mentee\n"
    assert "already exists: not overwritten" in result.stderr
    other_case = cli("new", "goal", "PASS three senior python interviews", "--vault", str(tmp_path), "--lang", "en")
    assert other_case.exit_code == 1  # Obsidian names ignore case: the same note


def test_new_goal_made_meanwhile_is_not_overwritten(tmp_path, monkeypatch):
    import mentorvault.scaffold

    def obsidian_creates_it_now(path: Path) -> bool:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("made in Obsidian\n")
        return False

    monkeypatch.setattr(mentorvault.scaffold, "_exists", obsidian_creates_it_now)
    result = cli("new", "goal", "Pass three Senior Python interviews", "--vault", str(tmp_path), "--lang", "en")
    assert result.exit_code == 1
    assert (tmp_path / "Goals/Pass three Senior Python interviews.md").read_text() == "made in Obsidian\n"


@pytest.mark.parametrize("args", [("--category", "hobby"), ("--horizon", "forever"), ("--due", "31.01.2027"),
                                  ("--due", "2026-01-01"), ("--today", "yesterday")])
def test_new_goal_usage_errors(tmp_path, args):
    result = cli("new", "goal", "Pass three interviews", "--vault", str(tmp_path), *args)
    assert result.exit_code == 2
    assert not (tmp_path / "Goals").exists()


def test_new_goal_file_name_made_safe_title_kept(tmp_path):
    title = 'Goal: pass "C#" / Go interviews? [2] #career ^x | now.'
    result = cli("new", "goal", title, "--vault", str(tmp_path), "--lang", "en")
    path = Path(result.stdout.strip())
    assert path.name == "Goal - pass 'C' - Go interviews 2 career x - now.md"
    assert frontmatter(path)["title"] == title


def test_new_goal_with_an_unusable_title(tmp_path):
    assert cli("new", "goal", "???", "--vault", str(tmp_path)).exit_code == 2


def test_new_goal_uses_the_vault_own_template_and_date_format(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian/templates.json").write_text('{"folder": "Tpl", "dateFormat": "DD.MM.YYYY"}')
    (tmp_path / "Tpl").mkdir()
    (tmp_path / "Tpl/Goal.md").write_text("---\ntype: goal\ncreated: {{date}}\n---\n# {{title}}\n{{date:YYYY}}\n")
    cli("new", "goal", "Run a 10k race", "--vault", str(tmp_path), "--category", "personal", "--lang", "en")
    assert (tmp_path / "Goals/Run a 10k race.md").read_text() == (
        "---\ntype: goal\ncreated: 28.11.2026\ncategory: personal\nstart: 2026-11-28\n---\n# Run a 10k race\n2026\n")


# --- new check-in and mentee -----------------------------------------------------------------


def test_new_checkin_links_the_goal(tmp_path):
    cli("new", "goal", "Пройти собеседование на позицию Senior", "--vault", str(tmp_path), "--mentee", "Анна",
        "--lang", "ru")
    result = cli("new", "check-in", "Пройти собеседование на позицию Senior", "--vault", str(tmp_path),
                 "--date", "2026-12-05", "--lang", "ru")
    path = tmp_path / "Анна/Чек-ины/2026-12-05 Пройти собеседование на позицию Senior.md"
    assert result.exit_code == 0 and result.stdout.strip() == str(path)
    fm = frontmatter(path)
    assert (fm["type"], fm["goal"], str(fm["date"])) == ("check-in", "[[Пройти собеседование на позицию Senior]]",
                                                         "2026-12-05")
    again = cli("new", "check-in", "Пройти собеседование на позицию Senior", "--vault", str(tmp_path),
                "--date", "2026-12-05", "--lang", "ru")
    assert again.exit_code == 1


def test_new_checkin_by_path_with_an_ambiguous_name(tmp_path):
    for folder in ("A", "B"):
        (tmp_path / folder / "Goals").mkdir(parents=True)
        (tmp_path / folder / "Goals/Lead a project.md").write_text("---\ntype: goal\n---\n")
    result = cli("new", "check-in", str(tmp_path / "B/Goals/Lead a project.md"), "--vault", str(tmp_path),
                 "--lang", "en")
    path = tmp_path / "B/Check-ins/2026-11-28 Lead a project.md"
    assert result.stdout.strip() == str(path)
    assert frontmatter(path)["goal"] == "[[B/Goals/Lead a project]]"


def test_new_checkin_needs_a_goal(tmp_path):
    (tmp_path / "Note.md").write_text("just a note\n")
    assert cli("new", "check-in", "Note", "--vault", str(tmp_path)).exit_code == 2
    missing = cli("new", "check-in", "Nte", "--vault", str(tmp_path))
    assert missing.exit_code == 2 and "no goal note named 'Nte'" in missing.output


def test_new_mentee(tmp_path):
    result = cli("new", "mentee", "Anna Smirnova", "--vault", str(tmp_path), "--lang", "en")
    path = tmp_path / "Anna Smirnova/Anna Smirnova.md"
    assert result.stdout.strip() == str(path)
    assert frontmatter(path)["type"] == "mentee"
    assert '`"[[Anna Smirnova]]"`' in path.read_text()


# --- a goal made by `new`, unfilled and filled ----------------------------------------------


def smart_lines(root: Path) -> list[str]:
    return [f"{d['rule']}: {d['message']}" for d in check_json(root) if str(d["rule"]).startswith("smart-")]


def test_an_unfilled_goal_says_what_to_fill(tmp_path):
    cli("new", "goal", "Untitled", "--vault", str(tmp_path), "--lang", "en")
    found = smart_lines(tmp_path)
    assert {line.split(":")[0] for line in found} == set(SMART)
    text = "\n".join(found)
    for word in ("title", "metric", "Plan", "area", "due"):
        assert word in text


FILLED = {
    "en": ("Pass three Senior Python interviews", "Career", "Anna Smirnova", {
        'metric: ""': 'metric: "An offer at grade 5 or above"',
        'area: ""': 'area: "[[Career]]"',
        'mentor: ""': 'mentor: "[[Ivan Petrov]]"',
        "## Plan\n": "## Plan\n\n- [ ] Update the CV 📅 2026-12-01\n",
        "## Success criteria\n": "## Success criteria\n\n- [ ] Pass 3 technical interviews\n",
    }),
    "ru": ("Пройти собеседование на позицию Senior Python Developer", "Карьера", "Анна Смирнова", {
        'metric: ""': "metric: Получить оффер не ниже grade 5",
        'area: ""': 'area: "[[Карьера]]"',
        'mentor: ""': 'mentor: "[[Иван Петров]]"',
        "## План\n": "## План\n\n- [ ] Обновить резюме 📅 2026-12-01\n",
        "## Чек-ины\n": "## Чек-ины\n\n- 2026-11-28: обсудили резюме, самооценка 3/5\n",
    }),
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_goal_from_new_filled_in_passes_every_smart_rule(tmp_path, lang):
    title, area, mentee, replacements = FILLED[lang]
    cli("init", str(tmp_path), "--lang", lang)
    for note in (area, mentee.replace("Anna Smirnova", "Ivan Petrov").replace("Анна Смирнова", "Иван Петров")):
        (tmp_path / f"{note}.md").write_text("x\n")
    path = Path(cli("new", "goal", title, "--vault", str(tmp_path), "--category", "career", "--horizon", "short",
                    "--mentee", mentee, "--lang", lang).stdout.strip())
    cli("new", "mentee", mentee, "--vault", str(tmp_path), "--lang", lang)
    text = path.read_text("utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    assert smart_lines(tmp_path) == []
    assert check_json(tmp_path) == []

"""``mentorvault init``: the configuration and the templates a vault needs, never overwriting.

The templates go to the folder Obsidian's core Templates plugin reads
(``.obsidian/templates.json``); when none is set, ``Templates`` is chosen and
recorded there, keeping every other setting in that file. Running it again
finds everything in place and changes nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import config_text, i18n
from .config import CONFIG_NAMES, ConfigError, default_language, find, load
from .scaffold import TEMPLATES, templates_dir
from .vault import within
from .writer import ChangedOnDisk, write_if_changed

DEFAULT_FOLDER = "Templates"
SETTINGS = ".obsidian/templates.json"

_SAID = {
    "created": ("created {path}", "создан {path}"),
    "kept": ("{path} already exists: left as it is", "{path} уже есть: оставлен как есть"),
    "folder": ("{path}: templates folder set to {folder}", "{path}: папка шаблонов — {folder}"),
    "unreadable": (
        "{path} is not valid JSON: left as it is; choose the templates folder in Obsidian (Settings → Templates)",
        "{path} — не JSON: оставлен как есть; выберите папку шаблонов в Obsidian (Настройки → Шаблоны)",
    ),
    "outside": (
        "{path}: the templates folder {folder} is outside the vault: left as it is; templates copied to Templates",
        "{path}: папка шаблонов {folder} вне хранилища: оставлено как есть; шаблоны скопированы в Templates",
    ),
    "nothing": ("nothing to do: the vault is already set up", "делать нечего: хранилище уже настроено"),
}
i18n.register({f"init-{k}": v for k, v in _SAID.items()})


@dataclass(frozen=True)
class Step:
    action: str  # a key of _SAID
    path: str  # vault-relative
    folder: str = ""


def vault_language(root: Path, env: dict[str, str] | None = None) -> str:
    """The language the vault's configuration names, else the one ``LANG`` suggests."""
    env = dict(os.environ) if env is None else env
    try:
        return load(root, env=env).language
    except ConfigError:
        return default_language(env)  # a broken config is the user's to fix; init does not touch it


def init(root: Path, lang: str) -> list[Step]:
    if root.exists() and not root.is_dir():
        raise NotADirectoryError(f"{root}: not a folder")
    steps = [_config(root, lang)]
    folder, settings_step = _templates_folder(root)
    for kinds in TEMPLATES.values():
        name = kinds[lang]
        steps.append(_write_new(root, f"{folder}/{name}", templates_dir().joinpath(name).read_bytes()))
    if settings_step is not None:
        steps.append(settings_step)
    return steps


def _config(root: Path, lang: str) -> Step:
    existing = find(root)
    if existing is not None:
        return Step("kept", existing.name)
    return _write_new(root, CONFIG_NAMES[0], config_text.render(lang).encode("utf-8"))


def _write_new(root: Path, rel: str, data: bytes) -> Step:
    path = root / rel
    if os.path.lexists(path):
        return Step("kept", rel)
    try:
        write_if_changed(path, data, expect_missing=True)
    except ChangedOnDisk:
        return Step("kept", rel)  # made meanwhile: it is the user's now
    return Step("created", rel)


def _templates_folder(root: Path) -> tuple[str, Step | None]:
    """The folder Obsidian takes templates from, and the step that recorded it, if one did."""
    path = root / SETTINGS
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    settings: Any = {}
    if raw is not None:
        try:
            settings = json.loads(raw.decode("utf-8-sig") or "{}")
        except ValueError:
            return DEFAULT_FOLDER, Step("unreadable", SETTINGS)
        if not isinstance(settings, dict):
            return DEFAULT_FOLDER, Step("unreadable", SETTINGS)
    folder = settings.get("folder")
    if isinstance(folder, str) and folder.strip("/"):
        if not within(root, folder.strip("/")):
            return DEFAULT_FOLDER, Step("outside", SETTINGS, folder)  # not ours to fill
        return folder.strip("/"), None
    data = json.dumps({**settings, "folder": DEFAULT_FOLDER}, indent=2, ensure_ascii=False)
    write_if_changed(path, data.encode("utf-8"), expected=raw)
    return DEFAULT_FOLDER, Step("folder", SETTINGS, DEFAULT_FOLDER)


def describe(root: Path, steps: list[Step], lang: str) -> list[str]:
    """One line per file, in the vault's language; a line saying so when nothing changed."""
    lines = [i18n.text(f"init-{s.action}", lang, path=_shown(root, s.path), folder=s.folder) for s in steps]
    if all(s.action in ("kept", "unreadable") for s in steps):
        lines.append(i18n.text("init-nothing", lang))
    return lines


def _shown(root: Path, rel: str) -> str:
    return (root / rel).as_posix() if str(root) not in ("", ".") else rel

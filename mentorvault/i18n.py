"""The message catalogue: every sentence we say, in English and Russian, under one key.

The rules' messages are here; the goal rules, the progress note, the watcher,
``init`` and ``--fix`` register theirs at import (each key once), and all are
said through :func:`render` or :func:`text`.
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Msg

# key: (English, Russian). Each says what is wrong and what to do.
MESSAGES: dict[str, tuple[str, str]] = {
    # reading notes
    "unreadable-utf16": (
        "the note is UTF-16, not UTF-8: save it as UTF-8",
        "заметка в кодировке UTF-16, а не UTF-8: сохраните её в UTF-8",
    ),
    "unreadable-encoding": (
        "the note is not valid UTF-8 (byte {offset}): save it as UTF-8",
        "заметка не в кодировке UTF-8 (байт {offset}): сохраните её в UTF-8",
    ),
    "unreadable-io": ("cannot read the note: {error}", "не удаётся прочитать заметку: {error}"),
    "unreadable-special": (
        "not a regular file (a pipe, device or socket named like a note): remove or rename it",
        "это не обычный файл (канал, устройство или сокет с именем заметки): удалите или переименуйте его",
    ),
    "unreadable-outside": (
        "the note is a link to a file outside the vault: it is not read",
        "заметка — ссылка на файл вне хранилища: она не читается",
    ),
    "note-too-large": (
        "the note is {size} bytes, over the limit of {limit}: split it, or raise max_note_bytes",
        "заметка занимает {size} байт, больше предела {limit}: разделите её или увеличьте max_note_bytes",
    ),
    "fm-unclosed": (
        "frontmatter starts with --- but is never closed: add a --- line after the properties",
        "свойства начинаются с ---, но не закрыты: добавьте строку --- после свойств",
    ),
    "fm-too-large": (
        "frontmatter is over {limit} bytes: move long text into the note body",
        "свойства занимают больше {limit} байт: перенесите длинный текст в тело заметки",
    ),
    "fm-not-mapping": (
        "frontmatter is a YAML {kind}, not key: value pairs: write one property per line as key: value",
        "свойства записаны как YAML-{kind}, а не пары ключ: значение: пишите по одному свойству в строке",
    ),
    "fm-too-deep": (
        "frontmatter nests more than {limit} levels deep: flatten it",
        "вложенность свойств больше {limit} уровней: упростите их",
    ),
    "fm-too-many-nodes": (
        "frontmatter expands to more than {limit} values (YAML aliases?): remove the aliases",
        "свойства разворачиваются более чем в {limit} значений (YAML-алиасы?): уберите алиасы",
    ),
    "fm-tab": (
        "frontmatter is indented with a tab: YAML needs spaces",
        "свойства выровнены табуляцией: в YAML нужны пробелы",
    ),
    "fm-yaml-error": (
        "frontmatter is not valid YAML ({reason}): fix the property on this line",
        "свойства — неверный YAML ({reason}): исправьте свойство в этой строке",
    ),
    "fm-duplicate-key": (
        "property '{key}' is set twice (first on line {first}): Obsidian keeps only one; delete the other",
        "свойство «{key}» задано дважды (впервые в строке {first}): Obsidian сохранит одно; удалите лишнее",
    ),
    "fm-key-not-text": (
        "a property name must be text: quote it",
        "имя свойства должно быть текстом: возьмите его в кавычки",
    ),
    "sync-conflict-copy": (
        "'{name}' is a sync conflict copy: merge it into the original note and delete it",
        "«{name}» — копия конфликта синхронизации: перенесите правки в исходную заметку и удалите копию",
    ),
    "deprecated-property": (
        "property '{old}' is no longer read by Obsidian (1.9+): rename it to '{new}'",
        "свойство «{old}» больше не читается Obsidian (1.9+): переименуйте его в «{new}»",
    ),
    "deprecated-property-merge": (
        "property '{old}' is no longer read by Obsidian (1.9+) and '{new}' is also set: move its values into '{new}'",
        "свойство «{old}» больше не читается Obsidian (1.9+), а «{new}» тоже задано: перенесите значения в «{new}»",
    ),
    "property-type": (
        "property '{key}' is a {type} property in this vault (.obsidian/types.json), but holds '{value}'",
        "свойство «{key}» в этом хранилище имеет тип {type} (.obsidian/types.json), а содержит «{value}»",
    ),
    # links
    "broken-link": (
        "link to '{target}': no such note or file in the vault",
        "ссылка на «{target}»: такой заметки или файла в хранилище нет",
    ),
    "hint-did-you-mean": ("did you mean [[{name}]]?", "возможно, имелось в виду [[{name}]]?"),
    "hint-alias": (
        "'{alias}' is an alias of [[{note}]]; aliases are not link targets: write [[{note}|{alias}]]",
        "«{alias}» — псевдоним заметки [[{note}]]; по псевдонимам ссылки не работают: напишите [[{note}|{alias}]]",
    ),
    "broken-heading": (
        "no heading '{heading}' in [[{note}]]",
        "в заметке [[{note}]] нет заголовка «{heading}»",
    ),
    "hint-heading": ("did you mean #{heading}?", "возможно, имелось в виду #{heading}?"),
    "broken-block": (
        "no block ^{block} in [[{note}]]: add ' ^{block}' at the end of the paragraph you mean",
        "в заметке [[{note}]] нет блока ^{block}: допишите « ^{block}» в конец нужного абзаца",
    ),
    "ambiguous-link": (
        "'{target}' matches {count} files ({candidates}); from here Obsidian opens {chosen}",
        "«{target}» подходит к {count} файлам ({candidates}); отсюда Obsidian откроет {chosen}",
    ),
    "hint-ambiguous": (
        "write the path to make it certain: [[{path}]]",
        "укажите путь, чтобы ссылка была однозначной: [[{path}]]",
    ),
    "link-outside-vault": (
        "link to '{target}' leaves the vault: Obsidian cannot open it; link to a note inside the vault",
        "ссылка на «{target}» ведёт за пределы хранилища: Obsidian её не откроет; сошлитесь на заметку внутри",
    ),
    "unquoted-link": (
        "property '{key}': {link} without quotes is a nested list in YAML, not a link: write \"{link}\"",
        "свойство «{key}»: {link} без кавычек — это вложенный список YAML, а не ссылка: напишите \"{link}\"",
    ),
}


def render(msg: Msg | None, language: str) -> str:
    if msg is None:
        return ""
    pair = MESSAGES.get(msg.key)
    if pair is None:
        return msg.key
    template = pair[1] if language == "ru" else pair[0]
    args: dict[str, Any] = dict(msg.args)
    return template.format(**args)


def text(key: str, language: str, **args: Any) -> str:
    return render(Msg.of(key, **args), language)


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Rule families add their catalogues here at import."""
    clash = set(messages) & set(MESSAGES)
    if clash:
        raise ValueError(f"message keys defined twice: {sorted(clash)}")
    MESSAGES.update(messages)

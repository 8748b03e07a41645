"""The Spanish catalogue is whole: every message has a translation, and every
translation keeps the placeholders and markup its English carries, so no page
shows English to a Spanish speaker or breaks on a missing name."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
FIELD = re.compile(r"^(msgid_plural|msgid|msgctxt|msgstr(?:\[\d\])?) ")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}|</?\w+[^>]*>|&\w+;")


def _text(lines: list[str]) -> str:
    return "".join(re.findall(r'"(.*)"', "\n".join(lines)))


def entries():
    """(msgid, msgid_plural, [msgstr…], flags) for every message of the catalogue."""
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]:
        fields, key, flags = {}, None, ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            elif line.startswith("#~"):
                key = None
            elif m := FIELD.match(line):
                key = m.group(1)
                fields[key] = [line[len(key) + 1 :]]
            elif line.startswith('"') and key:
                fields[key].append(line)
        if "msgid" in fields:
            texts = {k: _text(v) for k, v in fields.items()}
            targets = [v for k, v in texts.items() if k.startswith("msgstr")]
            yield texts["msgid"], texts.get("msgid_plural"), targets, flags


ENTRIES = list(entries())


def test_the_catalogue_holds_the_whole_interface():
    assert len(ENTRIES) > 2000


def test_every_message_is_translated_and_none_is_left_fuzzy():
    missing = [
        msgid
        for msgid, _plural, targets, flags in ENTRIES
        if not targets or not all(t.strip() for t in targets) or "fuzzy" in flags
    ]
    assert missing == []


def test_no_translation_drops_or_invents_a_placeholder():
    wrong = []
    for msgid, plural, targets, _flags in ENTRIES:
        want = set(PLACEHOLDER.findall(msgid + (plural or "")))
        for target in targets:
            got = set(PLACEHOLDER.findall(target))
            if (plural and not got <= want) or (not plural and got != want):
                wrong.append((msgid, target))
    assert wrong == []


def test_plural_messages_have_every_spanish_form():
    assert all(len(targets) == 3 for _id, plural, targets, _f in ENTRIES if plural)


@pytest.mark.parametrize(
    ("english", "spanish"),
    [("Log in", "Iniciar sesión"), ("Language", "Idioma")],
)
def test_the_compiled_catalogue_is_what_the_site_serves(english, spanish):
    with translation.override("es"):
        assert translation.gettext(english) == spanish

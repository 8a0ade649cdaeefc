"""The message catalogue: every English msgid has Chinese, placeholders agree, no fragments."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import CHINESE, ENGLISH, locale_for, translator
from bot.i18n.catalogue import load_catalogue, po_path
from bot.i18n.extract import collect_msgids, collect_plurals, is_translation_call, source_files

EMOJI = re.compile(r":[a-z0-9_+-]+:")
LINK = re.compile(r"<[^<>]*>")


def _all_entries() -> list:
    with po_path(CHINESE).open("rb") as f:
        return [m for m in read_po(f, locale=CHINESE) if m.id]


def _entries() -> dict[str, object]:
    """The entries without plural forms."""
    return {m.id: m for m in _all_entries() if not m.pluralizable}


def _plural_entries() -> dict[tuple[str, str], object]:
    """(singular, plural) -> entry, with one msgstr per Chinese plural form (there is one)."""
    return {tuple(m.id): m for m in _all_entries() if m.pluralizable}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_msgid_in_the_code_has_a_chinese_translation():
    catalogue = load_catalogue(CHINESE)
    missing = {m: where for m, where in collect_msgids().items() if m not in catalogue}
    assert not missing, f"add these to {po_path(CHINESE)}: {missing}"


def test_the_catalogue_holds_only_msgids_the_code_uses():
    unused = set(_entries()) - set(collect_msgids())
    assert not unused, f"stale entries in the catalogue: {unused}"


def test_no_empty_or_fuzzy_translations():
    bad = [m.id for m in _entries().values() if not m.string or not m.string.strip() or m.fuzzy]
    assert not bad


def test_placeholders_in_each_translation_are_those_of_its_msgid():
    for msgid, entry in _entries().items():
        assert _fields(entry.string) == _fields(msgid), msgid


def test_translations_keep_emoji_links_and_code_spans():
    for msgid, entry in _entries().items():
        text = entry.string
        assert sorted(EMOJI.findall(text)) == sorted(EMOJI.findall(msgid)), msgid
        assert len(LINK.findall(text)) == len(LINK.findall(msgid)), msgid
        assert text.count("`") == msgid.count("`"), msgid
        assert text.count("*") == msgid.count("*"), msgid


def test_every_plural_in_the_code_has_chinese_and_nothing_else_is_kept():
    catalogue = load_catalogue(CHINESE)
    missing = {p: where for p, where in collect_plurals().items() if p not in catalogue}
    assert not missing, f"add these (msgid_plural, msgstr[0]) to {po_path(CHINESE)}: {missing}"
    assert not set(_plural_entries()) - set(collect_plurals())


def test_plural_translations_have_every_form_and_keep_the_placeholders():
    for (singular, plural), entry in _plural_entries().items():
        assert _fields(singular) == _fields(plural) and "count" in _fields(plural), singular
        assert len(entry.string) == 1 and not entry.fuzzy, singular  # Chinese: one form
        for text in entry.string:
            assert text.strip() and _fields(text) == _fields(plural), singular
            assert sorted(EMOJI.findall(text)) == sorted(EMOJI.findall(plural)), singular


def test_ngettext_picks_the_form_by_count():
    en, zh = translator("en-US"), translator("zh-CN")
    assert en.ngettext("{count} oops", "{count} oopses", 1) == "1 oops"
    assert en.ngettext("{count} oops", "{count} oopses", 2) == "2 oopses"
    assert zh.ngettext("{count} oops", "{count} oopses", 1) == "1 条失误记录"
    assert zh.ngettext("{count} oops", "{count} oopses", 5) == "5 条失误记录"


def test_msgids_have_no_literal_braces():
    assert not [m for m in collect_msgids() if "{{" in m or "}}" in m]


def _concatenations(tree: ast.AST) -> list[int]:
    """Lines where a translated string is glued to something with +, % or an f-string."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            operands = (node.left, node.right)
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            operands = (node.value,)
        elif isinstance(node, ast.JoinedStr):
            operands = tuple(v.value for v in node.values if isinstance(v, ast.FormattedValue))
        else:
            continue
        if any(is_translation_call(o) for o in operands):
            lines.append(node.lineno)
    return lines


def _dynamic_msgids(tree: ast.AST) -> list[int]:
    """Lines where a msgid is itself built (t(f"…"), t("a" + b)): it could never be found."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if is_translation_call(node)
        and node.args
        and isinstance(node.args[0], ast.JoinedStr | ast.BinOp)
    ]


def test_the_concatenation_check_catches_fragments():
    bad = 't("Posted in") + channel\nx = f"{t(\'Hello\')} {name}"\ny = "%s" % t("a")\n'
    assert _concatenations(ast.parse(bad)) == [1, 2, 3]
    assert _dynamic_msgids(ast.parse('t(f"Hi {name}")')) == [1]
    assert _concatenations(ast.parse('t("Posted in {channel}", channel=c)')) == []


@pytest.mark.parametrize("path", list(source_files()), ids=lambda p: p.name)
def test_no_string_is_built_from_translated_fragments(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert _concatenations(tree) == [], f"{path}: translate whole sentences with placeholders"
    assert _dynamic_msgids(tree) == [], f"{path}: msgids must be literal strings"


@pytest.mark.parametrize(
    ("slack_locale", "ours"),
    [
        ("zh-CN", CHINESE),
        ("zh-Hans", CHINESE),
        ("zh", CHINESE),
        ("zh_CN", CHINESE),
        ("ZH-cn", CHINESE),
        ("zh-TW", ENGLISH),
        ("zh-Hant", ENGLISH),
        ("en-US", ENGLISH),
        ("en-GB", ENGLISH),
        ("fr-FR", ENGLISH),
        ("", ENGLISH),
        (None, ENGLISH),
    ],
)
def test_locale_for(slack_locale, ours):
    assert locale_for(slack_locale) == ours


def test_translator_fills_placeholders_after_translating():
    zh, en = translator("zh-CN"), translator("en-US")
    assert en("Goes to {where}.", where="<#C1>") == "Goes to <#C1>."
    assert zh("Goes to {where}.", where="<#C1>") == "将发到 <#C1>。"
    # Values are inserted as they are, never read as a template themselves.
    assert en("Goes to {where}.", where="{people}") == "Goes to {people}."


def test_unknown_msgids_fall_back_to_english():
    assert translator("zh-CN")("Not in the catalogue") == "Not in the catalogue"
    assert translator(None) == translator("en") and translator("zh-Hans").locale == CHINESE

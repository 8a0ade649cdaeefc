"""Find every msgid in the source: literal first arguments of t(), gettext(), N_(), and the
literal singular/plural pairs of ngettext() and N_plural()."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

K = TypeVar("K")

BOT_DIR = Path(__file__).resolve().parents[1]
# The coach's rules read and write English only, by design: nothing there is translated.
SKIPPED = ("coach",)
TRANSLATING_NAMES = frozenset({"t", "gettext", "N_"})
PLURAL_NAMES = frozenset({"ngettext", "N_plural"})


def is_plural_call(node: ast.AST) -> bool:
    """ngettext("…", "…", n), x.ngettext("…", "…", n) or N_plural("…", "…")."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name in PLURAL_NAMES


def is_translation_call(node: ast.AST) -> bool:
    """t("…"), gettext("…"), N_("…"), x.gettext("…"), translator(locale)("…"), or a plural."""
    if not isinstance(node, ast.Call):
        return False
    if is_plural_call(node):
        return True
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in TRANSLATING_NAMES
    if isinstance(func, ast.Attribute):
        return func.attr == "gettext"
    return (
        isinstance(func, ast.Call)
        and isinstance(func.func, ast.Name)
        and func.func.id == "translator"
    )


def source_files(root: Path = BOT_DIR) -> Iterator[Path]:
    """The app's Python files whose strings are user-facing."""
    for path in sorted(root.rglob("*.py")):
        if not any(part in SKIPPED for part in path.relative_to(root).parts[:-1]):
            yield path


def msgids_in(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """(msgid, line) of each literal translation call in a parsed module."""
    for node in ast.walk(tree):
        if is_translation_call(node) and not is_plural_call(node) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value, node.lineno


def _collect(find: Callable[[ast.AST], Iterator[tuple[K, int]]], paths) -> dict[K, list[str]]:
    """What `find` yields in each file -> where it is used ("bot/views/home.py:42")."""
    found: dict[K, list[str]] = {}
    for path in paths if paths is not None else source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(BOT_DIR.parent)
        for key, line in find(tree):
            found.setdefault(key, []).append(f"{where}:{line}")
    return found


def collect_msgids(paths: Iterable[Path] | None = None) -> dict[str, list[str]]:
    """msgid -> where it is used ("bot/views/home.py:42")."""
    return _collect(msgids_in, paths)


def plurals_in(tree: ast.AST) -> Iterator[tuple[tuple[str, str], int]]:
    """((singular, plural), line) of each literal plural call in a parsed module."""
    for node in ast.walk(tree):
        if is_plural_call(node) and len(node.args) >= 2:
            pair = node.args[0], node.args[1]
            if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in pair):
                yield (pair[0].value, pair[1].value), node.lineno


def collect_plurals(paths: Iterable[Path] | None = None) -> dict[tuple[str, str], list[str]]:
    """(singular, plural) -> where it is used."""
    return _collect(plurals_in, paths)

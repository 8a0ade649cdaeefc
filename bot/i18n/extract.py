"""Find every msgid in the source: literal first arguments of t(), gettext(), N_()."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

BOT_DIR = Path(__file__).resolve().parents[1]
# The coach's rules read and write English only, by design: nothing there is translated.
SKIPPED = ("coach",)
TRANSLATING_NAMES = frozenset({"t", "gettext", "N_"})


def is_translation_call(node: ast.AST) -> bool:
    """t("…"), gettext("…"), N_("…"), x.gettext("…") or translator(locale)("…")."""
    if not isinstance(node, ast.Call):
        return False
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
        if is_translation_call(node) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value, node.lineno


def collect_msgids(paths: Iterable[Path] | None = None) -> dict[str, list[str]]:
    """msgid -> where it is used ("bot/views/home.py:42")."""
    found: dict[str, list[str]] = {}
    for path in paths if paths is not None else source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(BOT_DIR.parent)
        for msgid, line in msgids_in(tree):
            found.setdefault(msgid, []).append(f"{where}:{line}")
    return found

"""`oops-coach`: review a draft from the command line, without Slack."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from bot.coach.findings import Finding
from bot.coach.matcher import review

_CONTEXT = 40


def _highlight(text: str, f: Finding, color: bool) -> str:
    """The finding's span in a line of surrounding text, marked with [brackets] or ANSI bold."""
    start, end = max(f.start - _CONTEXT, 0), min(f.end + _CONTEXT, len(text))
    before, span, after = text[start : f.start], text[f.start : f.end], text[f.end : end]
    marked = f"\x1b[1;33m{span}\x1b[0m" if color else f"[{span}]"
    line = ("…" if start else "") + before + marked + after + ("…" if end < len(text) else "")
    return " ".join(line.split())


def format_findings(text: str, findings: Sequence[Finding], color: bool = False) -> str:
    """Human-readable report of `findings` in `text`."""
    if not findings:
        return "No issues found."
    lines = [f"{len(findings)} issue{'s' if len(findings) != 1 else ''} found:"]
    for n, f in enumerate(findings, 1):
        where = "whole message" if f.whole_text else f"chars {f.start}-{f.end}"
        lines.append(f"\n{n}. {f.kind} ({where})")
        if not f.whole_text:
            lines.append(f"   {_highlight(text, f, color)}")
        lines.append(f"   Why: {f.message}")
        if f.suggestion:
            lines.append(f"   Try: {f.suggestion}")
    return "\n".join(lines)


def as_json(text: str, findings: Sequence[Finding]) -> str:
    """`findings` as a JSON list with the excerpt each one points at."""
    rows = [
        {
            "kind": f.kind,
            "start": f.start,
            "end": f.end,
            "message": f.message,
            "suggestion": f.suggestion,
            "excerpt": f.excerpt(text),
        }
        for f in findings
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def main(argv: Sequence[str] | None = None) -> int:
    """Review the text given as arguments (or on stdin) and print the findings."""
    parser = argparse.ArgumentParser(
        prog="oops-coach", description="Review an owning-up message the way the /oops coach does."
    )
    parser.add_argument("text", nargs="*", help="the message; read from stdin when omitted")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    args = parser.parse_args(argv)
    if args.text:
        text = " ".join(args.text)
    elif sys.stdin.isatty():
        parser.error("give the message as an argument or on stdin")
    else:
        text = sys.stdin.read()
    findings = review(text)
    if args.json:
        print(as_json(text, findings))
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        print(format_findings(text, findings, color=color))
    return 0


if __name__ == "__main__":
    sys.exit(main())

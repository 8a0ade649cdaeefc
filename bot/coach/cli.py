"""`oops-coach`: review a draft from the command line, without Slack.

It reads at most MAX_CHARS of the text and lists at most MAX_LISTED findings, saying so when it
stops early; text the coach cannot read (not English) gets a note instead of "No issues found.";
and a reader that stops early (`oops-coach … | head`) ends it quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from bot.coach.findings import Finding
from bot.coach.language import unreadable_language
from bot.coach.matcher import review

_CONTEXT = 40
MAX_CHARS = 10_000  # a Slack message is at most 3,000; a whole document is not a message
MAX_LISTED = 50


def _highlight(text: str, f: Finding, color: bool) -> str:
    """The finding's span in a line of surrounding text, marked with [brackets] or ANSI bold."""
    start, end = max(f.start - _CONTEXT, 0), min(f.end + _CONTEXT, len(text))
    before, span, after = text[start : f.start], text[f.start : f.end], text[f.end : end]
    marked = f"\x1b[1;33m{span}\x1b[0m" if color else f"[{span}]"
    line = ("…" if start else "") + before + marked + after + ("…" if end < len(text) else "")
    return " ".join(line.split())


def format_findings(text: str, findings: Sequence[Finding], color: bool = False) -> str:
    """Human-readable report of `findings` in `text`, listing at most MAX_LISTED of them."""
    if not findings:
        return "No issues found."
    lines = [f"{len(findings)} issue{'s' if len(findings) != 1 else ''} found:"]
    for n, f in enumerate(findings[:MAX_LISTED], 1):
        where = "whole message" if f.whole_text else f"chars {f.start}-{f.end}"
        lines.append(f"\n{n}. {f.kind} ({where})")
        if not f.whole_text:
            lines.append(f"   {_highlight(text, f, color)}")
        lines.append(f"   Why: {f.message}")
        if f.suggestion:
            lines.append(f"   Try: {f.suggestion}")
    if len(findings) > MAX_LISTED:
        lines.append(f"\n…and {len(findings) - MAX_LISTED} more (--json lists them all).")
    return "\n".join(lines)


def language_note(text: str) -> str | None:
    """What to say instead of a review when the text is not in English; None when it is."""
    language = unreadable_language(text)
    if language is None:
        return None
    return (
        f"Not checked: this looks like {language} text, and the coach reads English only. "
        "Read it once more yourself for excuses, blame and a plain apology."
    )


def _read(args: argparse.Namespace, parser: argparse.ArgumentParser) -> tuple[str, bool]:
    """The text to review, at most MAX_CHARS of it, and whether there was more."""
    if args.file and args.text:
        parser.error("give the message as arguments or with --file, not both")
    if args.file and args.file != "-":
        try:
            with open(args.file, encoding="utf-8", errors="replace") as f:
                text = f.read(MAX_CHARS + 1)
        except OSError as err:
            parser.error(f"can't read {args.file}: {err.strerror}")
    elif args.text:
        text = " ".join(args.text)
    elif sys.stdin.isatty() and not args.file:
        parser.error("give the message as an argument, with --file, or on stdin")
    else:
        text = sys.stdin.read(MAX_CHARS + 1)
    return text[:MAX_CHARS], len(text) > MAX_CHARS


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
    parser.add_argument("--file", metavar="PATH", help="read the message from a file (- for stdin)")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    args = parser.parse_args(argv)
    text, cut = _read(args, parser)
    unread = language_note(text)
    findings = [] if unread else review(text)
    notes = [f"Reviewed the first {MAX_CHARS:,} characters only; the rest was not read."] * cut
    notes += [unread] if unread else []
    try:
        if args.json:
            print(as_json(text, findings))
            for line in notes:  # stdout stays a JSON list
                print(line, file=sys.stderr)
        else:
            color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
            report = [] if unread else [format_findings(text, findings, color=color)]
            print("\n\n".join([*notes, *report]))  # notes first, so `| head` shows them too
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`| head`): that is their choice, not an error. Point stdout
        # at /dev/null so the interpreter's last flush at exit does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())

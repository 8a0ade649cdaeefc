"""oops-coach: text and JSON output, stdin, and running as a module."""

import io
import json
import subprocess
import sys

from bot.coach.cli import main


def test_prints_findings_with_span_in_brackets(capsys):
    assert main(["Mistakes were made", "during", "the", "release."]) == 0
    out = capsys.readouterr().out
    assert "1 issue found" in out
    assert "passive (chars 0-18)" in out
    assert "[Mistakes were made] during the release." in out
    assert "Try: " in out


def test_clean_text_says_no_issues(capsys):
    assert main(["I deleted the file by mistake and restored it."]) == 0
    assert capsys.readouterr().out.strip() == "No issues found."


def test_whole_message_findings_are_labelled(capsys):
    main(["Sorry about the outage. The deploy failed and the site went down for an hour."])
    assert "missing_responsibility (whole message)" in capsys.readouterr().out


def test_json_output(capsys):
    text = "Sorry if anyone was affected."
    assert main(["--json", text]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in rows] == ["conditional_apology"]
    assert set(rows[0]) == {"kind", "start", "end", "message", "suggestion", "excerpt"}
    assert rows[0]["excerpt"] == text[rows[0]["start"] : rows[0]["end"]]


def test_reads_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("I'm such an idiot.\n"))
    assert main([]) == 0
    assert "over_apology" in capsys.readouterr().out


def test_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "bot.coach.cli", "--json", "It was only a small issue."],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout)[0]["kind"] == "minimizing"

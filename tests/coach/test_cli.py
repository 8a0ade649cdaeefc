"""oops-coach: text and JSON output, stdin, and running as a module."""

import io
import json
import subprocess
import sys

from bot.coach.cli import main


def test_prints_findings_with_span_in_brackets(capsys):
    assert main(["Mistakes were made", "during", "the", "release."]) == 0
    out = capsys.readouterr().out
    # One line is judged as a message too: it owns nothing and repairs nothing.
    assert "3 issues found" in out
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
    kinds = ["conditional_apology", "missing_repair", "missing_responsibility"]
    assert sorted(r["kind"] for r in rows) == kinds
    rows = [r for r in rows if r["kind"] == "conditional_apology"]
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


def test_text_in_another_language_gets_a_note_not_a_clean_bill(capsys):
    assert main(["我删除了测试数据库，已经从备份恢复了。"]) == 0
    out = capsys.readouterr().out
    assert "No issues found" not in out
    assert "Chinese" in out and "English only" in out


def test_json_stays_a_list_and_the_note_goes_to_stderr(capsys):
    assert main(["--json", "Я удалил базу данных"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert "English only" in captured.err


def _big_file(tmp_path):
    sentence = "Mistakes were made, but it was only a small issue. Sorry if anyone was affected. "
    path = tmp_path / "big.txt"
    path.write_text(sentence * 700)  # about 57 KB
    return path


def test_a_big_input_is_reviewed_only_up_to_the_cap_and_says_so(tmp_path, capsys):
    from bot.coach.cli import MAX_CHARS, MAX_LISTED

    assert main(["--file", str(_big_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Reviewed the first {MAX_CHARS:,} characters only")
    assert out.count("\n   Why: ") == MAX_LISTED
    assert "more (--json lists them all)" in out
    assert len(out) < 50_000


def test_closed_pipe_ends_quietly(tmp_path):
    big = _big_file(tmp_path)
    result = subprocess.run(
        [
            "bash",
            "-c",
            'set -o pipefail; "$0" -m bot.coach.cli --json --file "$1" | head -1',
            sys.executable,
            str(big),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stdout == "[\n"
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_a_reader_that_closes_at_once_gets_no_traceback(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.coach.cli", "--file", str(_big_file(tmp_path))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # nobody reads: the first write meets a closed pipe
    err = process.stderr.read().decode()
    assert process.wait() == 0
    assert "Traceback" not in err and "BrokenPipe" not in err

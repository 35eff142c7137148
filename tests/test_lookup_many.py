"""`dataclean lookup --file`: many addresses answered in one process, one line each."""

import csv
import io
import json

from typer.testing import CliRunner

from dataclean.cli import app

runner = CliRunner()
ADDRESSES = [
    "P. Phúc Xá, Q. Ba Đình, Hà Nội",
    "",
    "Xã Tiên Sơn, Huyện Việt Yên, Bắc Giang",
    '=HYPERLINK("http://x")',
]


def test_many_addresses_from_stdin_as_csv():
    result = runner.invoke(app, ["lookup", "--file", "-"], input="\n".join(ADDRESSES) + "\n")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["address"] for r in rows] == [
        "P. Phúc Xá, Q. Ba Đình, Hà Nội",
        "Xã Tiên Sơn, Huyện Việt Yên, Bắc Giang",
        '\'=HYPERLINK("http://x")',  # never a formula in a spreadsheet
    ]
    assert [r["new_commune_name"] for r in rows[:2]] == ["Phường Hồng Hà", "Phường Vân Hà"]
    assert rows[2]["status"] == "unresolved"


def test_many_addresses_from_a_file_as_json_lines(tmp_path):
    path = tmp_path / "dia_chi.txt"
    path.write_text("\n".join(ADDRESSES), encoding="utf-8")
    result = runner.invoke(app, ["lookup", "--file", str(path), "--json"])
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["new_commune_code"] for a in answers[:2]] == ["00097", "07798"]
    assert answers[0]["candidates"] == ""


def test_a_missing_list_is_one_line(tmp_path):
    result = runner.invoke(app, ["lookup", "--file", str(tmp_path / "khong_co.txt")])
    assert result.exit_code == 3
    assert "khong_co.txt" in result.output and "Traceback" not in result.output


def test_a_reader_that_goes_away_ends_the_answers_quietly(tmp_path):
    import subprocess
    import sys

    many = tmp_path / "dia_chi.txt"
    many.write_text("Phúc Xá, Ba Đình, Hà Nội\n" * 3000, encoding="utf-8")
    with many.open("rb") as given:
        lookup = subprocess.Popen(
            [sys.executable, "-m", "dataclean", "lookup", "--file", "-"],
            stdin=given,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        lookup.stdout.readline()  # `| head -1`: one line read, then the pipe is closed
        lookup.stdout.close()
        assert lookup.wait(timeout=60) == 141  # as SIGPIPE would have ended it
    assert lookup.stderr.read() == b""

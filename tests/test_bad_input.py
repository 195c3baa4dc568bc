"""Bad input: each case gets a clear message naming the file (and line), never a traceback.

`finkg build` exits 0 when every document loaded, 2 when some failed (the others are kept) or,
with --strict, when there were warnings, and 1 when it could not run at all.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from finkg.loaders.text import read_lines

from finkg.build import read_for_build
from finkg.cli import main


def good_text(number: int) -> str:
    """A tiny release of an invented company that states one revenue figure."""
    return (
        f"Company{number:04d} Widgets Inc. (NYSE: C{number:04d})\nMay 2, 2024\n\n"
        f"Company{number:04d} Widgets Announces First Quarter 2024 Results\n\n"
        f"- Revenues were USD {1000 + number:,} million in the first quarter of 2024.\n"
    )


def revenue_rows(store: Path) -> set[tuple[str, str, str]]:
    """(source file, period, value) of every revenue fact in the store."""
    output = CliRunner().invoke(main, ["facts", "--store", str(store)]).output
    return {
        (row["source"], row["period"], row["value"])
        for row in csv.DictReader(io.StringIO(output))
        if row["metric"] == "Revenues"
    }


def expected_revenue(number: int, name: str) -> tuple[str, str, str]:
    return (name, "FY2024 Q1", str((1000 + number) * 1_000_000))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")


def _binary(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def _utf16(path: Path) -> None:
    path.write_bytes(good_text(1).encode("utf-16-le"))


def _folder(path: Path) -> None:
    path.mkdir()


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "gone.txt")


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would block forever: it must not be opened


BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty": (_empty, "is empty"),
    "pdf": (_pdf, "is a PDF; convert it to text first"),
    "binary": (_binary, "is a binary file, not text"),
    "utf16": (_utf16, "is a binary file, not text"),
    "folder": (_folder, "is a folder, not a text file"),
    "dangling-link": (_dangling_link, "cannot read (a link to a file that does not exist)"),
    "fifo": (_fifo, "is not a regular file"),
}


@pytest.mark.parametrize("case", [pytest.param(case, id=case) for case in BROKEN])
def test_a_broken_file_is_named_and_the_good_one_is_kept(tmp_path: Path, case: str) -> None:
    make, message = BROKEN[case]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(good_text(7), encoding="utf-8")
    make(docs / "broken.txt")
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(docs), "--store", str(store)])
    assert result.exit_code == 2, result.output
    assert f"error: {docs / 'broken.txt'}: {message}\n" in result.output
    assert "(1 loaded, 0 unchanged, 1 failed)" in result.output
    assert "Traceback" not in result.output
    assert revenue_rows(store) == {expected_revenue(7, "good.txt")}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(good_text(1), encoding="utf-8")
    path.chmod(0)
    read = read_for_build(path)
    assert read.result.status == "failed"
    assert read.result.message == f"{path}: cannot read (Permission denied)"


@pytest.mark.parametrize(
    "encoding", [pytest.param("shift_jis", id="shift-jis"), pytest.param("cp1252", id="cp1252")]
)
def test_legacy_encodings_load_with_their_facts(tmp_path: Path, encoding: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    extra = "決算短信（米国基準）" if encoding == "shift_jis" else "Contact: Zoë Müller – “IR”"
    text = f"{good_text(3)}\n{extra}\n"
    (docs / "legacy.txt").write_bytes(text.encode(encoding))
    assert read_lines(docs / "legacy.txt")[0] == text
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(docs), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert revenue_rows(store) == {expected_revenue(3, "legacy.txt")}


def test_a_50_mb_single_line_file_is_cut_not_read(tmp_path: Path) -> None:
    """Measured in a fresh interpreter: time and peak memory stay small."""
    path = tmp_path / "huge.txt"
    line = good_text(5).replace("\n", " ")
    with path.open("w", encoding="utf-8") as out:
        for _ in range(50_000_000 // len(line)):
            out.write(line)
    script = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from finkg.build import read_for_build\n"
        "start = time.perf_counter()\n"
        "read = read_for_build(Path(sys.argv[1]))\n"
        "print(json.dumps({'s': time.perf_counter() - start,\n"
        "  'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,\n"
        "  'status': read.result.status, 'diagnostics': [str(d) for d in read.diagnostics]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    measured = json.loads(done.stdout)
    assert measured["status"] == "loaded"
    assert measured["diagnostics"][0] == (
        f"huge.txt:1: warning: the line has {path.stat().st_size:,} characters "
        "(over 20,000): only its first 200 are kept, unread"
    )
    assert measured["s"] < 20, measured
    assert measured["rss_mb"] < 600, measured


HEAD = (
    "Acme Widgets Inc. (NYSE: ACME)\nMay 2, 2024\n\n"
    "Acme Widgets Announces First Quarter 2024 Results\n\n"
    "Consolidated Statements of Income (in thousands of USD)\n\n"
    "| | 1Q24 | 4Q23 |\n|---|---|---|\n"
)


def _facts_and_warnings(tmp_path: Path, text: str) -> tuple[set[tuple[str, str]], list[str]]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    read = read_for_build(path)
    assert read.result.status == "loaded", read.result.message
    store = tmp_path / "store"
    assert CliRunner().invoke(main, ["build", str(path), "--store", str(store)]).exit_code == 0
    output = CliRunner().invoke(main, ["facts", "--store", str(store)]).output
    facts = {(row["metric"], row["value"]) for row in csv.DictReader(io.StringIO(output))}
    warnings = [str(d) for d in read.diagnostics if d.severity == "warning"]
    return facts, warnings


def test_a_table_cut_off_mid_row(tmp_path: Path) -> None:
    text = HEAD + "| Revenues | 1,234 | 1,100 |\n| Operating income | 20"
    facts, warnings = _facts_and_warnings(tmp_path, text)
    assert facts == {("Revenues", "1234000"), ("Revenues", "1100000")}
    assert (
        "doc.txt:11: warning: the file ends in the middle of this table row: the row is not read"
        in warnings
    )


def test_a_table_row_with_more_numbers_than_headers(tmp_path: Path) -> None:
    text = HEAD + "| Revenues | 1,234 | 1,100 | 977 | 5 |\n| Operating income | 200 | 180 |\n"
    facts, warnings = _facts_and_warnings(tmp_path, text)
    assert facts == {
        ("Revenues", "1234000"),
        ("Revenues", "1100000"),
        ("OperatingIncomeLoss", "200000"),
        ("OperatingIncomeLoss", "180000"),
    }
    assert (
        "doc.txt:10: warning: more numbers than the table has columns: 977, 5 not read" in warnings
    )


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        pytest.param(
            good_text(2).replace("May 2, 2024\n", ""),
            "nodate.txt:1: warning: no document date found",
            id="no-date",
        ),
        pytest.param(
            "Revenues were USD 1,234 million in the first quarter of 2024.\n",
            "nodate.txt:1: warning: no issuer name found",
            id="no-company",
        ),
    ],
)
def test_a_document_without_date_or_company_warns_and_strict_fails(
    tmp_path: Path, text: str, warning: str
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "nodate.txt").write_text(text, encoding="utf-8")
    report = tmp_path / "report.json"
    command = ["build", str(docs), "--report", str(report)]
    relaxed = CliRunner().invoke(main, [*command, "--store", str(tmp_path / "a")])
    assert relaxed.exit_code == 0, relaxed.output
    entries = json.loads(report.read_text())["unmapped"]
    found = [f"{e['document']}:{e['line']}: {e['severity']}: {e['reason']}" for e in entries]
    assert warning in found
    strict = CliRunner().invoke(main, [*command, "--store", str(tmp_path / "b"), "--strict"])
    assert strict.exit_code == 2, strict.output
    assert "Traceback" not in strict.output
    assert warning in strict.output.splitlines()


def test_a_build_that_cannot_run_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "store"
    blocker.write_text("not a store")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(good_text(1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(docs), "--store", str(blocker)])
    assert result.exit_code == 1
    assert result.output == f"error: {blocker}: is a file, not a store folder\n"


def test_a_thousand_files_of_which_ten_are_broken(tmp_path: Path) -> None:
    """All 990 good documents' facts are kept, each broken file is named, and the exit is 2."""
    docs = tmp_path / "docs"
    docs.mkdir()
    broken: dict[str, str] = {}
    makers = list(BROKEN.values())
    for number in range(1000):
        path = docs / f"doc{number:04d}.txt"
        if number % 100 == 50:
            make, message = makers[(number // 100) % len(makers)]
            make(path)
            broken[path.name] = f"error: {path}: {message}"
        else:
            path.write_text(good_text(number), encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(docs), "--store", str(store)])
    assert result.exit_code == 2, result.output[-2000:]
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == sorted(broken.values())
    assert "documents: 1000 (990 loaded, 0 unchanged, 10 failed)" in result.output
    assert revenue_rows(store) == {
        expected_revenue(number, f"doc{number:04d}.txt")
        for number in range(1000)
        if f"doc{number:04d}.txt" not in broken
    }

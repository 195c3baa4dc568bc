"""The loaders never raise on text: random or mutated input gives facts or diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from finkg.loaders.document import read_document
from finkg.loaders.text import DocumentReadError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SAMPLE = (
    sorted(CORPUS.glob("*.txt"))[1].read_text(encoding="utf-8").splitlines()[228:330]
    if CORPUS.is_dir()
    else ["| | 2Q02 | 1Q02 |", "| Total revenues | 10 | 9 |"]
)
TABLE_TEXT = st.sampled_from(
    ["|", "\t", " ", "(", ")", ",", "%", "JPY", "million", "Total", "2Q02", "FY2003", "-", "\n"]
)


def _read(tmp_path: Path, text: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    try:
        facts = read_document(path)
    except DocumentReadError as error:
        assert str(error).startswith(str(path))  # a clear error naming the file
        return
    assert facts.info.file_name == "doc.txt"
    for observation in facts.observations:
        assert observation.sources and observation.sources[0].line >= 1
    for diagnostic in facts.diagnostics:
        assert diagnostic.reason


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_random_text(tmp_path: Path, text: str) -> None:
    _read(tmp_path, text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(SAMPLE) - 1), st.integers(0, 60), st.lists(TABLE_TEXT, max_size=4)
        ),
        max_size=12,
    )
)
def test_mutated_statements(tmp_path: Path, edits: list[tuple[int, int, list[str]]]) -> None:
    lines = list(SAMPLE)
    for row, column, inserted in edits:
        line = lines[row]
        lines[row] = line[:column] + "".join(inserted) + line[column + len(inserted) :]
    _read(tmp_path, "Acme Widgets Inc. (NYSE: ACME)\nMay 2, 2024\n" + "\n".join(lines))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "is empty", id="empty"),
        pytest.param(b"%PDF-1.7\n\x00\x01binary", "is a PDF", id="pdf"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary", id="binary"),
    ],
)
def test_unreadable_files_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentReadError, match=message) as caught:
        read_document(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("encoding", ["shift_jis", "cp1252"])
def test_legacy_encodings_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "legacy.txt"
    text = (
        "Acme Widgets Inc. (NYSE: ACME)\nMay 2, 2024\n\n"
        "- Revenues were JPY 1,234 million in 1Q24.\n"
    )
    path.write_bytes(text.encode(encoding))
    facts = read_document(path)
    assert facts.info.issuer == "Acme Widgets Inc."

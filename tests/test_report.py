"""The HTML report, looked at in a real browser (headless Chromium over the DevTools protocol).

The browser is driven through ``--remote-debugging-pipe`` (no extra package): the test opens the
report, reads what the page shows (``innerText``), clicks a number's link and checks that the
page it lands on scrolls to the right source line (the ``:target`` element) and that this line
says the number. Skipped, with the reason, where Chromium is not installed.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from finkg.build import BuildReport, load_ontology
from finkg.report import ReportError, write_report
from finkg.store import EmbeddedStore

DATA = Path(__file__).parent / "data" / "report"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CorpusStore = tuple[EmbeddedStore, BuildReport]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)"
)
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)


class Browser:
    """A headless Chromium spoken to over the DevTools protocol on a pipe (fds 3 and 4)."""

    def __init__(self, executable: str, profile: Path, timeout: float = 30.0) -> None:
        self.timeout = timeout
        read_end, self._to_browser = os.pipe()
        self._from_browser, write_end = os.pipe()
        # the browser reads fd 3 and writes fd 4: park our ends high, dup2 them there in the child
        child_read = fcntl.fcntl(read_end, fcntl.F_DUPFD, 10)
        child_write = fcntl.fcntl(write_end, fcntl.F_DUPFD, 10)
        os.close(read_end)
        os.close(write_end)

        def wire() -> None:
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        self.process = subprocess.Popen(
            [executable, *_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire,
        )
        os.close(child_read)
        os.close(child_write)
        self._buffer = b""
        self._next_id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        self.call("Page.enable", session=True)

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = False
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, left))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self.mark_stale()
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_for(url)

    def mark_stale(self) -> None:
        """Mark the current page, so that waiting for the next one does not stop at this one."""
        self.evaluate("window.finkgStale = true")

    def wait_for(self, url_start: str) -> None:
        """Wait until a page at an address starting ``url_start`` has loaded (not a stale one)."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            try:
                state = self.evaluate("[location.href, document.readyState, !!window.finkgStale]")
            except RuntimeError:  # the page is being replaced by the next one
                state = ["", "", True]
            if state[0].startswith(url_start) and state[1] == "complete" and not state[2]:
                return
            time.sleep(0.05)
        raise TimeoutError(f"page {url_start} did not load")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def reports(
    corpus_store: CorpusStore, corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The report with the documents' full text, and one with only the lines the store quotes."""
    store, _ = corpus_store
    full = write_report(store, tmp_path_factory.mktemp("report"), documents=[corpus_dir])
    quoted = write_report(store, tmp_path_factory.mktemp("report-quoted"))
    return {"full-text": full, "quoted-lines": quoted}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    chromium = Browser(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chromium
    finally:
        chromium.close()


_CELL = """(metric, period) => {
  const row = document.querySelector(`table.key tr[data-metric="${metric}"]`);
  const headers = [...row.closest("table").tHead.rows[0].cells].map((c) => c.innerText);
  return row.cells[headers.indexOf(period)];
}"""
_STAKE = """(owned) => [...document.querySelectorAll("#ownership table.stakes tbody tr")]
  .find((row) => row.cells[1].innerText === owned).cells[2]"""
_LANDED = """(() => {
  const line = document.querySelector(":target");
  const box = line.getBoundingClientRect();
  return {href: location.href, id: line.id, text: line.querySelector(".t").innerText,
          inView: box.top >= -1 && box.top < innerHeight};
})()"""


def _follow(browser: Browser, element: str) -> dict[str, Any]:
    """Click the link inside ``element`` (a JS expression) and describe the line it lands on."""
    before = browser.evaluate("location.href")
    browser.mark_stale()
    browser.evaluate(f"({element}).querySelector('a').click()")
    browser.wait_for(before.rsplit("/", 1)[0] + "/sources/")
    landed: dict[str, Any] = browser.evaluate(_LANDED)
    return landed


def _js(function: str, *args: str) -> str:
    return f"({function})({', '.join(json.dumps(arg) for arg in args)})"


@needs_chromium
@pytest.mark.parametrize("kind", ["full-text", "quoted-lines"])
@pytest.mark.parametrize(
    "cell",
    [pytest.param(row, id=f"{row['metric']}-{row['period']}") for row in _read("report-cells.csv")],
)
def test_a_key_metric_shows_its_value_and_links_to_its_line(
    reports: dict[str, Path], browser: Browser, kind: str, cell: dict[str, str]
) -> None:
    browser.open(reports[kind].as_uri())
    element = _js(_CELL, cell["metric"], cell["period"])
    assert browser.evaluate(f"{element}.innerText") == cell["shown"]
    landed = _follow(browser, element)
    assert landed["href"].endswith(f"/sources/{cell['file']}.html#L{cell['line']}")
    assert landed["id"] == f"L{cell['line']}"
    assert cell["line_text"] in landed["text"]
    assert landed["inView"]


@needs_chromium
@pytest.mark.parametrize(
    "stake", [pytest.param(row, id=row["owned"]) for row in _read("report-stakes.csv")]
)
def test_a_stake_shows_its_percentage_linked_to_its_line(
    reports: dict[str, Path], browser: Browser, stake: dict[str, str]
) -> None:
    browser.open(reports["full-text"].as_uri())
    element = _js(_STAKE, stake["owned"])
    assert browser.evaluate(f"{element}.innerText") == stake["shown"]
    landed = _follow(browser, element)
    assert landed["id"] == f"L{stake['line']}"
    assert landed["href"].endswith(f"/sources/{stake['file']}.html#L{stake['line']}")
    assert stake["line_text"] in landed["text"]


@needs_chromium
def test_the_outlook_table_puts_guidance_next_to_the_actual(
    reports: dict[str, Path], browser: Browser
) -> None:
    browser.open(reports["full-text"].as_uri())
    rows = browser.evaluate(
        "[...document.querySelectorAll('#outlook tbody tr')]"
        ".map((row) => [...row.cells].map((cell) => cell.innerText))"
    )
    assert [
        "Revenues",
        "FY2002 Q2",
        "guidance range",
        "10,500 – 11,000",
        "10,568.342",
        "JPY million",
    ] in rows
    assert ["Revenues", "FY2012 H1", "Target", "50,500", "51,109", "JPY million"] in rows


@needs_chromium
def test_the_pictures_are_shown(reports: dict[str, Path], browser: Browser) -> None:
    browser.open(reports["full-text"].as_uri())
    images = browser.evaluate(
        "[...document.images].map((img) => ({src: img.getAttribute('src'), alt: img.alt,"
        " shown: img.complete && img.naturalWidth > 0,"
        " section: img.closest('section').id}))"
    )
    assert images and all(image["shown"] for image in images), images
    sections = {(image["section"], image["src"]) for image in images}
    assert ("ownership", "ownership.svg") in sections
    assert ("charts", "charts/Revenues.svg") in sections
    assert ("charts", "charts/OperatingIncomeLoss.svg") in sections
    # the page refers to nothing outside its folder: no CDN, no network
    references = browser.evaluate(
        "[...document.querySelectorAll('[src], [href]')]"
        ".map((e) => e.getAttribute('src') ?? e.getAttribute('href'))"
    )
    assert references and not [ref for ref in references if ":" in ref or ref.startswith("/")]


@needs_chromium
def test_every_section_is_there(reports: dict[str, Path], browser: Browser) -> None:
    browser.open(reports["full-text"].as_uri())
    headings = browser.evaluate("[...document.querySelectorAll('h2')].map((h) => h.innerText)")
    assert headings == [
        "Key metrics",
        "Guidance, targets and consensus",
        "Charts",
        "Ownership",
        "Services",
        "Customers",
        "Documents",
    ]
    statements = browser.evaluate(
        "[...document.querySelectorAll('#key-metrics h3')].map((h) => h.innerText)"
    )
    assert statements[:2] == ["Income statement", "Balance sheet"]


@needs_chromium
@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        pytest.param("full-text", "full text", id="full-text"),
        pytest.param("quoted-lines", "quoted lines only", id="quoted-lines"),
    ],
)
def test_the_documents_are_listed(
    reports: dict[str, Path], browser: Browser, corpus_dir: Path, kind: str, shown: str
) -> None:
    browser.open(reports[kind].as_uri())
    rows = browser.evaluate(
        "[...document.querySelectorAll('#documents tbody tr')]"
        ".map((row) => [row.cells[0].innerText, row.cells[3].innerText])"
    )
    assert rows == [[path.name, shown] for path in sorted(corpus_dir.glob("*.txt"))]


def test_an_empty_store_has_nothing_to_report(tmp_path: Path) -> None:
    with EmbeddedStore(None) as store:
        load_ontology(store)
        with pytest.raises(ReportError, match="the store holds no documents"):
            write_report(store, tmp_path)
    assert not (tmp_path / "index.html").exists()


def test_an_unknown_company_is_named_with_the_issuers(
    corpus_store: CorpusStore, tmp_path: Path
) -> None:
    store, _ = corpus_store
    with pytest.raises(ReportError) as caught:
        write_report(store, tmp_path, company="Example Holdings")
    assert str(caught.value) == (
        "no issuer named 'Example Holdings' in the store; issuers: 'Internet Initiative Japan'"
    )


def test_a_changed_document_file_is_not_shown_as_the_source(
    corpus_store: CorpusStore, corpus_dir: Path, tmp_path: Path
) -> None:
    store, _ = corpus_store
    original = corpus_dir / "001_db6793c7b74d69e5.txt"
    changed = tmp_path / "docs" / original.name
    changed.parent.mkdir()
    changed.write_text("edited after loading\n" + original.read_text(encoding="utf-8"), "utf-8")
    index = write_report(store, tmp_path / "report", documents=[changed])
    page = (index.parent / "sources" / f"{original.name}.html").read_text(encoding="utf-8")
    assert "Only the lines finkg quotes" in page
    assert "edited after loading" not in page
    assert '<div class="l cited" id="L249">' in page


@pytest.fixture(scope="module")
def acme_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A report on a small invented company written by hand (tests/data/report/acme.trig)."""
    with EmbeddedStore(None) as store:
        load_ontology(store)
        store.load_rdf(DATA / "acme.trig")
        yield write_report(store, tmp_path_factory.mktemp("acme-report"))


_ROWS = """(selector) => [...document.querySelectorAll(selector)]
  .map((row) => [...row.cells].map((cell) => cell.innerText))"""


@needs_chromium
@pytest.mark.parametrize(
    ("section", "row", "linked", "line", "line_text"),
    [
        pytest.param(
            "services",
            ["Acme Widgets", "WidgetCloud", "Cloud services", "2020-06-01", "acme-2020.txt:8"],
            3,
            8,
            "WidgetCloud, launched on June 1, 2020",
            id="services",
        ),
        pytest.param(
            "customers",
            ["Acme Widgets", "Globex", "automotive", "", "FY2020", "acme-2020.txt:9"],
            5,
            9,
            "Globex Corporation, a carmaker",
            id="customers",
        ),
        pytest.param(
            "ownership",
            [
                "Acme Widgets",
                "Sprocket Works",
                "60%",
                "consolidated subsidiary",
                "2020-05-12",
                "acme-2020.txt:5",
            ],
            2,
            5,
            "owns 60% of Sprocket Works",
            id="ownership",
        ),
    ],
)
def test_relations_are_shown_with_their_sources(
    acme_report: Path,
    browser: Browser,
    section: str,
    row: list[str],
    linked: int,
    line: int,
    line_text: str,
) -> None:
    browser.open(acme_report.as_uri())
    assert browser.evaluate(_js(_ROWS, f"#{section} tbody tr")) == [row]
    landed = _follow(browser, f"document.querySelector('#{section} tbody tr').cells[{linked}]")
    assert landed["href"].endswith(f"/sources/acme-2020.txt.html#L{line}")
    assert line_text in landed["text"]


@needs_chromium
def test_a_small_company_gets_its_own_report(acme_report: Path, browser: Browser) -> None:
    browser.open(acme_report.as_uri())
    assert browser.evaluate("document.querySelector('h1').innerText") == "Acme Widgets"
    key = browser.evaluate(_js(_ROWS, "table.key tr"))
    assert key == [["Metric", "FY2020"], ["Revenues EUR thousand", "12,500"]]
    shown = browser.evaluate(
        "[...document.images].map((img) => [img.getAttribute('src'), img.naturalWidth > 0])"
    )
    assert ["ownership.svg", True] in shown
    # a one-period series is a table row, not a chart
    charts = browser.evaluate(
        "[document.querySelectorAll('#charts img').length,"
        " document.querySelector('#charts .empty').innerText]"
    )
    assert charts == [0, "No series to chart."]

"""Real SPARQL servers for tests: started on 127.0.0.1 on a free port, stopped afterwards.

Not a conftest: test modules that need a server import these fixtures explicitly.

- :func:`oxigraph_server` runs ``oxigraph serve`` (the ``oxigraph`` package of the dev extras).
- :func:`virtuoso_server` runs Debian's ``virtuoso-t`` when it is installed, else skips.
- :func:`silent_server` accepts connections and never answers (a slow endpoint).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = [
    "SparqlServer",
    "free_port",
    "oxigraph_server",
    "running_oxigraph",
    "silent_server",
    "virtuoso_server",
]

_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class SparqlServer:
    """A running SPARQL service: its store URL (for ``--store``) and its endpoints."""

    name: str
    url: str
    query: str
    update: str


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tool(name: str) -> str | None:
    beside_python = Path(sys.executable).parent / name
    return str(beside_python) if beside_python.exists() else shutil.which(name)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the SPARQL server exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not to a bare GET
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the SPARQL server did not answer at {url} within {_START_TIMEOUT} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_oxigraph(folder: Path) -> Iterator[SparqlServer]:
    """Run ``oxigraph serve`` on a store in ``folder`` until the block ends."""
    binary = _tool("oxigraph")
    if binary is None:
        pytest.skip("oxigraph (pip install oxigraph, in the dev extras) is not installed")
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/", process, log)
        yield SparqlServer("oxigraph", base, f"{base}/query", f"{base}/update")
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """An ``oxigraph serve`` process with a store in a temporary folder."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


_VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[Parameters]
ServerPort = {isql_port}
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {folder}
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """Debian's Virtuoso (``apt-get install virtuoso-opensource``), skipped when absent."""
    binary = _tool("virtuoso-t")
    if binary is None:
        pytest.skip("virtuoso-t (Debian package virtuoso-opensource) is not installed")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, isql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(folder=folder, http_port=http_port, isql_port=isql_port))
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_up(f"{base}/sparql", process, log)
        _grant_update(binary, isql_port, folder)
        yield SparqlServer("virtuoso", f"{base}/sparql", f"{base}/sparql", f"{base}/sparql")
    finally:
        _stop(process)


def _grant_update(binary: str, isql_port: int, folder: Path) -> None:
    """Let the anonymous /sparql endpoint update (a throwaway test server only)."""
    isql = _tool("isql-vt") or str(Path(binary).with_name("isql-vt"))
    grants = 'GRANT SPARQL_UPDATE TO "SPARQL";\nGRANT EXECUTE ON DB.DBA.L_O_LOOK TO "SPARQL";\n'
    subprocess.run(
        [isql, str(isql_port), "dba", "dba"],
        input=grants.encode(),
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture()
def silent_server() -> Iterator[str]:
    """A base URL whose server accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        listener.close()

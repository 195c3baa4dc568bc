"""An installed finkg works outside the repository: build the wheel, install it, use it."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = textwrap.dedent(
    """
    import json, finkg
    from finkg.resources import ontology_graph, shapes_graph, query_text, query_names
    from finkg.loaders.lexicon import load_lexicon
    print(json.dumps({
        "file": finkg.__file__,
        "ontology_triples": len(ontology_graph()),
        "shapes_triples": len(shapes_graph()),
        "facts_query": "SELECT" in query_text("facts"),
        "queries": query_names(),
        "metrics": len(load_lexicon().metrics),
    }))
    """
)


@pytest.mark.slow
def test_wheel_installs_and_reads_its_package_data(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
        ],
        check=True,
    )
    wheel = next(dist.glob("finkg-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    # the dependencies come from this environment's site-packages (a plain path entry: its
    # .pth files, among them the editable finkg, are not processed)
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run(
        [str(python), "-c", CHECK], cwd=outside, check=True, capture_output=True, text=True
    )
    import json

    found = json.loads(result.stdout)
    assert found["file"].startswith(str(env_dir)), found["file"]
    assert found["ontology_triples"] > 500
    assert found["shapes_triples"] > 50
    assert found["facts_query"]
    assert {"facts", "stats", "conflicts"} <= set(found["queries"])
    assert found["metrics"] > 30

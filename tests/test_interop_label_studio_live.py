"""The Label Studio round trip against a REAL Label Studio on loopback.

unspun's tasks (real findings from the real pipeline) go in through Label Studio's HTTP
API with a project made from ``unspun label-studio config``; a reviewer's annotations are
made through the API; the JSON export comes back through ``unspun import label-studio``
with identical offsets, on texts with emoji, combining marks and CRLF line ends.

The ``label-studio`` package is big: it is installed once into its own throwaway venv,
``.cache/label-studio-venv`` (never into .venv), and the test is skipped when it cannot
be installed. The server gets a temporary data folder and is stopped afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

import unspun
from unspun.cli.main import cli
from unspun.interop.label_studio import MODEL_VERSION, labeling_config
from unspun.pipeline import Pipeline

from .helpers import ROOT

pytestmark = pytest.mark.slow

VERSION = "1.23.2"
VENV = ROOT / ".cache" / "label-studio-venv"
TOKEN = "unspun0test0token0for0loopback0only"
INSTALL_SECONDS = 900
START_SECONDS = 240

TEXTS = {
    "emoji": "Fans 👍🏽 cheered, but the so-called experts 🇺🇦 are traitors who lie to "
    "the nation. Experts believe the port will close.",
    "combining": "Cafe\u0301 owners say the corrupt elite will destroy everything we love; "
    "millions now openly say the reforms are a disaster.",
    "crlf": "Critics say the deal was doomed.\r\nThe minister said 40 percent of jobs will "
    "go 🚢.\r\nThese cowards betrayed us all!",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _installed() -> Path:
    exe = VENV / "bin" / "label-studio"
    if exe.exists():
        return exe
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=120)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", f"label-studio=={VERSION}"],
            check=True,
            timeout=INSTALL_SECONDS,
            capture_output=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        pytest.skip(f"label-studio {VERSION} could not be installed: {exc}")
    return exe


@pytest.fixture(scope="module")
def label_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A fresh Label Studio server on 127.0.0.1 and an API client with a token."""
    exe = _installed()
    data = tmp_path_factory.mktemp("label-studio")
    port = _free_port()
    env = {
        **os.environ,
        "LABEL_STUDIO_BASE_DATA_DIR": str(data),
        "LATEST_VERSION_CHECK": "false",
        "COLLECT_ANALYTICS": "false",
        "LABEL_STUDIO_USERNAME": "reviewer@example.org",
        "LABEL_STUDIO_PASSWORD": "unspun-review-pw",
        "LABEL_STUDIO_USER_TOKEN": TOKEN,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
    }
    log = (data / "server.log").open("w")
    command = [
        str(exe),
        "start",
        "--no-browser",
        "--internal-host",
        "127.0.0.1",
        "--port",
        str(port),
        "--data-dir",
        str(data),
        "--username",
        env["LABEL_STUDIO_USERNAME"],
        "--password",
        env["LABEL_STUDIO_PASSWORD"],
        "--user-token",
        TOKEN,
        "--enable-legacy-api-token",
    ]
    proc = subprocess.Popen(
        command, env=env, cwd=data, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    client = httpx.Client(
        base_url=f"http://127.0.0.1:{port}",
        headers={"Authorization": f"Token {TOKEN}"},
        timeout=60,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Label Studio exited: {(data / 'server.log').read_text()[-2000:]}")
            try:
                if client.get("/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Label Studio did not start in {START_SECONDS} s")
            time.sleep(1)
        yield client
    finally:
        client.close()
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _units(text: str, offset: int) -> int:
    """JavaScript's index for code point ``offset``, computed independently of unspun."""
    return len(text[:offset].encode("utf-16-le")) // 2


def test_label_studio_round_trip_keeps_every_offset(
    label_studio: httpx.Client, nlp: Pipeline, tmp_path: Path
) -> None:
    records = {key: unspun.analyze(text, id=key, pipeline=nlp) for key, text in TEXTS.items()}
    assert all(r.findings for r in records.values())
    tasks_file = tmp_path / "tasks.json"
    docs = [unspun.model.Document(id=key, text=text, lang="en") for key, text in TEXTS.items()]
    summary = unspun.run(docs, tasks_file, format="label-studio", pipeline=nlp)
    assert summary.analysed == 3 and summary.failed == 0

    project = label_studio.post(
        "/api/projects", json={"title": "unspun round trip", "label_config": labeling_config()}
    )
    assert project.status_code == 201, project.text
    pid = project.json()["id"]
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    imported = label_studio.post(f"/api/projects/{pid}/import", json=tasks)
    assert imported.status_code == 201, imported.text
    assert imported.json()["prediction_count"] == 3

    listed = label_studio.get("/api/tasks", params={"project": pid, "fields": "all"}).json()
    stored = {t["data"]["unspun_id"]: t for t in listed["tasks"]}
    assert {k: t["data"]["text"] for k, t in stored.items()} == TEXTS  # CRLF kept as is

    # A reviewer drops the first region, relabels one and draws one after an emoji.
    expected: dict[str, set[tuple[str, str, int, int]]] = {}
    for key in ("emoji", "crlf"):
        text = TEXTS[key]
        prediction = label_studio.get(f"/api/tasks/{stored[key]['id']}").json()["predictions"][0]
        assert prediction["model_version"] == MODEL_VERSION and prediction["score"] > 0
        regions = [r for r in prediction["result"] if r["type"] == "labels"][1:]
        relabelled = regions[0]
        relabelled["value"] = {**relabelled["value"], "labels": [relabelled["value"]["labels"][0]]}
        word = "traitors" if key == "emoji" else "cowards"
        start = text.index(word)
        regions.append(
            {
                "id": "by-hand",
                "from_name": "technique_manipulative_wording",
                "to_name": "text",
                "type": "labels",
                "origin": "manual",
                "value": {
                    "start": _units(text, start),
                    "end": _units(text, start + len(word)),
                    "text": word,
                    "labels": ["Loaded_Language"],
                },
            }
        )
        made = label_studio.post(
            f"/api/tasks/{stored[key]['id']}/annotations", json={"result": regions}
        )
        assert made.status_code == 201, made.text
        kept = {(r["id"], r["value"]["labels"][0]) for r in regions}
        expected[key] = {
            (f.kind, f.label, f.start, f.end)
            for i, f in enumerate(records[key].findings)
            if (f"unspun-{i}", f.label) in kept
        } | {("technique", "Loaded_Language", start, start + len(word))}

    export = label_studio.get(
        f"/api/projects/{pid}/export", params={"exportType": "JSON", "download_all_tasks": "true"}
    )
    assert export.status_code == 200, export.text
    export_file = tmp_path / "export.json"
    export_file.write_text(export.text, encoding="utf-8")

    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(cli, ["import", "label-studio", str(export_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 of 3 task(s) imported" in result.output and "1 task(s) without" in result.output
    back = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(back) == {"emoji", "crlf"}
    for key, record in back.items():
        assert record["text"] == TEXTS[key]
        got = {(f["kind"], f["label"], f["start"], f["end"]) for f in record["findings"]}
        assert got == expected[key]
        for f in record["findings"]:
            assert f["text"] == TEXTS[key][f["start"] : f["end"]] and f["score"] == 1.0

    # The gold scores like any gold: the unreviewed predictions against it.
    pred = tmp_path / "pred.jsonl"
    unspun.run(docs, pred, format="jsonl", pipeline=nlp)
    scored = CliRunner().invoke(
        cli, ["eval", "records", "--gold", str(out), "--pred", str(pred), "--scheme", "unspun"]
    )
    assert scored.exit_code == 0, scored.output
    assert "2 gold documents" in scored.output and "techniques: SI F1" in scored.output


def test_label_studio_push_and_pull_through_the_api(
    label_studio: httpx.Client, nlp: Pipeline, tmp_path: Path
) -> None:
    url = str(label_studio.base_url).rstrip("/")
    docs = [unspun.model.Document(id="emoji", text=TEXTS["emoji"], lang="en")]
    tasks = tmp_path / "tasks.json"
    unspun.run(docs, tasks, format="label-studio", pipeline=nlp)
    runner = CliRunner()
    pushed = runner.invoke(
        cli, ["label-studio", "push", str(tasks), "--url", url, "--token", TOKEN, "--title", "api"]
    )
    assert pushed.exit_code == 0, pushed.output
    answer = json.loads(pushed.stdout.strip().splitlines()[-1])
    assert answer["task_count"] == 1 and answer["prediction_count"] == 1
    project = answer["project"]
    listed = label_studio.get("/api/tasks", params={"project": project, "fields": "all"}).json()
    (task,) = listed["tasks"]
    regions = task["predictions"][0]["result"]
    made = label_studio.post(f"/api/tasks/{task['id']}/annotations", json={"result": regions})
    assert made.status_code == 201, made.text

    out = tmp_path / "pulled.jsonl"
    pulled = runner.invoke(
        cli,
        [
            "label-studio",
            "pull",
            "--url",
            url,
            "--token",
            TOKEN,
            "--project",
            str(project),
            "-o",
            str(out),
        ],
    )
    assert pulled.exit_code == 0, pulled.output
    (record,) = map(json.loads, out.read_text(encoding="utf-8").splitlines())
    original = unspun.analyze(TEXTS["emoji"], id="emoji", pipeline=nlp)
    assert {(f["kind"], f["label"], f["start"], f["end"]) for f in record["findings"]} == {
        (f.kind, f.label, f.start, f.end) for f in original.findings if f.kind != "narrative"
    }

    refused = runner.invoke(
        cli, ["label-studio", "pull", "--url", url, "--token", "wrong", "--project", "1"]
    )
    assert refused.exit_code == 4 and "[E772]" in refused.output and "token" in refused.output
    closed = f"http://127.0.0.1:{_free_port()}"
    unreachable = runner.invoke(
        cli, ["label-studio", "pull", "--url", closed, "--token", TOKEN, "--project", "1"]
    )
    assert unreachable.exit_code == 4 and "cannot reach Label Studio" in unreachable.output

"""The run manifest (``manifest.json``): what a run read, with what, and what came of it.

Written when a run starts (``status: running``) and again when it ends (``complete``),
always atomically, so a reader never sees half a file. The journal stays the truth about
what is committed; the manifest is its readable summary for people and programs.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from unspun.about import SCHEMA_VERSION, __version__
from unspun.batch.errors import RunStorageError
from unspun.batch.tables import TABLES

MANIFEST_NAME = "manifest.json"
#: Failures listed in the manifest (all of them are in the documents table).
LISTED_FAILURES = 1000


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def write_manifest(run_dir: Path, manifest: dict[str, Any]) -> Path:
    """Write ``manifest.json`` atomically (temporary file, fsync, rename)."""
    path = run_dir / MANIFEST_NAME
    tmp = run_dir / f"{MANIFEST_NAME}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, indent=2, ensure_ascii=False, sort_keys=False)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise RunStorageError(
            f"could not write {path}: {exc.strerror or exc}",
            hint="Check free space and permissions of the run folder.",
        ) from None
    return path


def read_manifest(run_dir: Path) -> dict[str, Any] | None:
    """The manifest of ``run_dir``, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads((run_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def base_manifest(
    identity: dict[str, Any], digest: str, started: str, sessions: list[dict[str, Any]]
) -> dict[str, Any]:
    """The parts of a manifest known before any document is analysed."""
    settings = {k: v for k, v in identity.items() if k != "files"}
    return {
        "unspun_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "status": "running",
        "started": started,
        "updated": now(),
        "fingerprint": digest,
        "inputs": {"paths": identity["inputs"], "files": identity["files"]},
        "settings": settings,
        "tables": {name: f"{name}/" for name in TABLES},
        "sessions": sessions,
    }

"""What a run was started with, and what differs when the same folder is run again.

A resume is only safe when the inputs and every result-deciding setting are the same.
Input files are compared by path, size and modification time (hashing an archive of
millions of articles on every resume would cost more than it saves); in addition the
runner checks that every committed input position still holds the same document id
(:class:`~unspun.batch.errors.InputDriftError`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from unspun.batch.options import BatchOptions
from unspun.readers.paths import walk_directory

_LISTED = 5


def input_files(options: BatchOptions) -> list[dict[str, Any]]:
    """Every file the inputs name (folders walked as the readers walk them)."""
    files: list[dict[str, Any]] = []
    for raw in options.inputs:
        path = Path(raw)
        found = (
            [p for p in walk_directory(path, options.read) if isinstance(p, Path)]
            if path.is_dir()
            else [path]
        )
        for f in found:
            try:
                stat = f.stat()
                files.append(
                    {"path": str(f.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
                )
            except OSError:  # a missing input is a read failure later, not a crash here
                files.append({"path": str(f.resolve()), "size": None, "mtime_ns": None})
    return files


def fingerprint(options: BatchOptions) -> dict[str, Any]:
    """The identity of a run: its settings and its input files."""
    identity = options.identity()
    identity["files"] = input_files(options)
    return identity


def digest(identity: dict[str, Any]) -> str:
    """A short stable hash of a fingerprint (shown in the manifest)."""
    blob = json.dumps(identity, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed between two fingerprints, in words (empty when they match)."""
    changes: list[str] = []
    old_files = {f["path"]: f for f in old.get("files", [])}
    new_files = {f["path"]: f for f in new.get("files", [])}
    for path in sorted(set(old_files) - set(new_files))[:_LISTED]:
        changes.append(f"input file {path} is gone")
    for path in sorted(set(new_files) - set(old_files))[:_LISTED]:
        changes.append(f"input file {path} is new")
    for path in sorted(set(old_files) & set(new_files)):
        a, b = old_files[path], new_files[path]
        if a["size"] != b["size"]:
            changes.append(f"input file {path} changed size ({a['size']} -> {b['size']} bytes)")
        elif a["mtime_ns"] != b["mtime_ns"]:
            changes.append(f"input file {path} was modified since the run started")
    old_settings = _flatten({k: v for k, v in old.items() if k != "files"})
    new_settings = _flatten({k: v for k, v in new.items() if k != "files"})
    for key in sorted(set(old_settings) | set(new_settings)):
        if old_settings.get(key) != new_settings.get(key):
            was, now = old_settings.get(key), new_settings.get(key)
            changes.append(f"setting {key} was {was!r}, now {now!r}")
    return changes

"""Where unspun caches what it builds, and how it checks the files it loads.

Every weight file and every model unspun assembles is checked against a recorded sha256
before use. Hashing a 70 MB file costs a few tenths of a second on every start, so a
successful check is remembered in a stamp under the cache (the file's path, size and
modification time with the sha256 it matched): a later start with the same stamp skips
the hash, and any change to the file (which changes its size or time) hashes it again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

#: Folder for assembled models, embedding caches and check stamps.
ENV_CACHE_DIR = "UNSPUN_CACHE_DIR"


def cache_root() -> Path:
    """``$UNSPUN_CACHE_DIR``, else ``~/.cache/unspun``."""
    env = os.environ.get(ENV_CACHE_DIR)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "unspun"


#: The committed model deltas, heads and configs, shipped inside the package (and wheel).
PACKAGED_MODELS = Path(__file__).resolve().parents[1] / "_models"


def model_folder(name: str, env: str) -> Path:
    """Where the model ``name`` lives: ``$<env>`` if set (a deployment's own copy), else
    the copy packaged with unspun (``unspun/_models/<name>``)."""
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    return PACKAGED_MODELS / name


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _stamp_path(path: Path) -> Path:
    key = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:32]
    return cache_root() / "verified" / f"{key}.json"


def _identity(path: Path, expected: str) -> dict[str, object]:
    stat = path.stat()
    return {
        "path": str(path.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": expected,
    }


def verify_recorded(path: Path, what: str = "cached model") -> None:
    """Raise ``ChecksumError`` if ``path`` differs from the sha256 recorded beside it
    (``<name>.sha256``, written when unspun built it)."""
    from unspun.errors import ChecksumError

    recorded = path.with_name(path.name + ".sha256")
    expected = recorded.read_text().strip() if recorded.is_file() else ""
    if not has_sha256(path, expected):
        raise ChecksumError(
            f"{what} {path} does not match its recorded sha256.",
            hint=f"Delete {path.parent} and run again to rebuild it.",
        )


def verify_file(path: Path, expected: str, *, what: str = "model file", hint: str = "") -> Path:
    """Return ``path`` if it exists and hashes to ``expected``; else raise the typed error.

    The one check every loaded weight, head and delta goes through: a missing file raises
    ``ResourceError``, a different one ``ChecksumError`` (both carry ``hint``).
    """
    from unspun.errors import ChecksumError, ResourceError

    if not path.is_file():
        raise ResourceError(f"{what} {path} is missing.", hint=hint or None)
    if not has_sha256(path, expected):
        raise ChecksumError(
            f"{what} {path} has sha256 {sha256_file(path)}, expected {expected}: it is not "
            "the file this version of unspun was built with (corrupted, truncated or replaced).",
            hint=hint or None,
        )
    return path


def has_sha256(path: Path, expected: str) -> bool:
    """True when ``path`` hashes to ``expected``; a match is stamped to skip the next hash."""
    identity = _identity(path, expected)
    stamp = _stamp_path(path)
    try:
        if json.loads(stamp.read_text(encoding="utf-8")) == identity:
            return True
    except (OSError, ValueError):
        pass
    if sha256_file(path) != expected:
        return False
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        tmp = stamp.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(identity), encoding="utf-8")
        os.replace(tmp, stamp)
    except OSError:
        pass  # a read-only cache only costs the hash next time
    return True


def cached_build(key: str, build: Callable[[Path], None], *, cache_dir: Path | None = None) -> Path:
    """The cached model file for ``key``, built by ``build(path)`` when missing or damaged.

    The one way unspun assembles a model from verified parts: ``build`` writes the model
    to the path it is given (inside a temporary folder beside the cache entry), which is
    then moved into place atomically with its sha256 recorded beside it. A cached file
    that no longer matches its recorded sha256 is rebuilt, with a warning: its sources are
    verified, so rebuilding is always safe.
    """
    target_dir = (cache_dir or cache_root()) / "models" / key
    target = target_dir / "model.onnx"
    recorded = target_dir / "model.onnx.sha256"
    if target.is_file() and recorded.is_file():
        if has_sha256(target, recorded.read_text().strip()):
            return target
        log.warning("cached model %s does not match its recorded sha256; rebuilding it", target)
    else:
        log.info("assembling %s (once)", target)
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target_dir) as tmp:
        out = Path(tmp) / "model.onnx"
        build(out)
        digest = sha256_file(out)
        os.replace(out, target)
    recorded.write_text(digest + "\n")
    return target

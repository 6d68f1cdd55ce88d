"""Where unspun caches what it builds, and how it checks the files it loads.

Every weight file and every model unspun assembles is checked against a recorded sha256
before use, by hashing its content on its first use in each process (size and
modification time are not trusted: bit rot and a restored mtime keep both). Hashing all
the models of the default pipeline costs about a third of a second (docs/hardening.md);
later uses of an unchanged file in the same process reuse the result.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
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


#: Files whose content this process has hashed and found as expected, keyed by their
#: identity (real path, device, inode, size, mtime) and the sha256 they matched.
_VERIFIED: set[tuple[object, ...]] = set()


def _identity(path: Path, expected: str) -> tuple[object, ...]:
    stat = path.stat()
    return (
        os.path.realpath(path),
        stat.st_dev,
        stat.st_ino,
        stat.st_size,
        stat.st_mtime_ns,
        expected,
    )


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
    """True when ``path`` hashes to ``expected``.

    The content is hashed on the first use of each file in a process (size and time are not
    trusted: bit rot keeps both); a later call for the same unchanged file in the same
    process reuses that result.
    """
    identity = _identity(path, expected)
    if identity in _VERIFIED:
        return True
    if sha256_file(path) != expected:
        return False
    _VERIFIED.add(identity)
    return True


def forget_verified() -> None:
    """Hash every file again on its next use (tests; a long-lived service may call it)."""
    _VERIFIED.clear()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic
    rename: a reader sees the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cache_error(folder: Path, exc: OSError) -> Exception:
    """The typed error (exit code 4) for a cache folder that cannot be written."""
    from unspun.errors import CacheError

    return CacheError(
        f"cannot write the model cache {folder}: {exc.strerror or exc}",
        hint=f"make the folder writable, or point ${ENV_CACHE_DIR} at a writable folder "
        "(a cache path must be a folder, not a file)",
        source=str(folder),
    )


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` so that two processes build one entry once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: atomic renames still keep files whole
        yield
        return
    with open(folder / ".lock", "a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _cached(target: Path, recorded: Path) -> bool:
    if not (target.is_file() and recorded.is_file()):
        return False
    if has_sha256(target, recorded.read_text().strip()):
        return True
    log.warning("cached model %s does not match its recorded sha256; rebuilding it", target)
    return False


def cached_build(key: str, build: Callable[[Path], None], *, cache_dir: Path | None = None) -> Path:
    """The cached model file for ``key``, built by ``build(path)`` when missing or damaged.

    The one way unspun assembles a model from verified parts (the technique tagger and the
    sentence encoder alike): ``build`` writes the model to the path it is given (inside a
    temporary folder beside the cache entry), which is then moved into place atomically
    with its sha256 recorded beside it (also by an atomic rename). Two processes starting
    at once build the entry once (a file lock) and never see a half-written file. A cached
    file that does not hash to its recorded sha256 (checked once per process) is rebuilt,
    with a warning: its sources are verified, so rebuilding is always safe. A cache folder
    that cannot be written raises :class:`~unspun.errors.CacheError`.
    """
    target_dir = (cache_dir or cache_root()) / "models" / key
    target = target_dir / "model.onnx"
    recorded = target_dir / "model.onnx.sha256"
    try:
        if _cached(target, recorded):
            return target
    except OSError as exc:
        raise cache_error(target_dir, exc) from None
    log.info("assembling %s (once)", target)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        with _build_lock(target_dir):
            if _cached(target, recorded):  # another process built it meanwhile
                return target
            with tempfile.TemporaryDirectory(dir=target_dir) as tmp:
                out = Path(tmp) / "model.onnx"
                build(out)
                digest = sha256_file(out)
                os.replace(out, target)
            write_atomic(recorded, (digest + "\n").encode("ascii"))
    except OSError as exc:
        raise cache_error(target_dir, exc) from None
    _VERIFIED.add(_identity(target, digest))
    return target

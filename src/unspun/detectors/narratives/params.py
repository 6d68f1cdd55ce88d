"""The tuned matcher settings that ship with unspun (``catalogues/thresholds.json``).

``training/tune_narratives.py`` fits the calibration and chooses the thresholds on the
``dev`` split of ``data/narratives/validation.jsonl`` and writes the file with the numbers
it measured; the detector reads it. A user can point ``thresholds_file`` at their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from unspun.detectors.narratives.catalogue import builtin_path
from unspun.detectors.narratives.matcher import MatchParams
from unspun.errors import ConfigError

THRESHOLDS_FILE = "thresholds.json"


def default_params_path() -> Path:
    return builtin_path(THRESHOLDS_FILE)


def read_params_file(path: Path | None = None) -> dict[str, Any]:
    """The whole tuned-settings file (params plus the numbers measured with them)."""
    path = path or default_params_path()
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if path == default_params_path():
            return {"params": MatchParams().as_dict()}
        raise ConfigError(f"the thresholds file {str(path)!r} does not exist.") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"cannot read the thresholds file {str(path)!r}: {exc}.",
            hint="Write it with training/tune_narratives.py.",
        ) from None
    return data


def load_params(path: str | Path | None = None) -> MatchParams:
    data = read_params_file(Path(path) if path else None)
    try:
        return MatchParams.from_dict(data["params"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"the thresholds file {str(path or default_params_path())!r} is not valid: {exc}.",
            hint="Write it with training/tune_narratives.py.",
        ) from None

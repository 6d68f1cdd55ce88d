"""Typed errors of corpus runs (``unspun batch`` / ``unspun report``): codes E730-E759.

Codes are never renumbered or reused. Each says what went wrong and what to do.
"""

from __future__ import annotations

from unspun.errors import ConfigError, OutputError, UnspunError


class BatchError(UnspunError):
    """A corpus run could not start, go on or finish."""

    code = "E730"
    exit_code = 1


class ResumeMismatchError(ConfigError):
    """RUN_DIR holds a run started with other inputs or settings: resuming it would mix
    results of two different jobs."""

    code = "E731"


class NotARunDirError(ConfigError):
    """The output folder exists, is not empty and holds no unspun run."""

    code = "E732"


class RunLockedError(BatchError):
    """Another process is writing to the same run folder right now."""

    code = "E733"
    exit_code = 2


class RunStorageError(OutputError):
    """A part file or the journal could not be written or read back."""

    code = "E734"


class JournalCorruptError(RunStorageError):
    """The journal of a run cannot be read (not a SQLite file, or a newer layout)."""

    code = "E735"


class InputDriftError(ResumeMismatchError):
    """On resume, a committed input position now holds another document."""

    code = "E736"


class EngineError(BatchError):
    """The execution engine (worker processes or a Ray cluster) failed."""

    code = "E737"
    exit_code = 70


class RayUnavailableError(EngineError):
    """``--engine ray`` was asked for but Ray cannot be imported or reached."""

    code = "E738"
    exit_code = 4


class BatchOptionError(ConfigError):
    """A ``unspun batch`` option has a value that cannot work."""

    code = "E739"


class ReportInputError(ConfigError):
    """``unspun report`` was pointed at a folder that holds no finished tables."""

    code = "E740"


#: The hint every refused resume ends with.
RESTART_HINT = (
    "To start this run again from nothing, add --restart (it deletes the run's tables); "
    "to keep it, write the new run to another folder with -o."
)

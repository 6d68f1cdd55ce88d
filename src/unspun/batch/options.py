"""What one corpus run is told: inputs, engine, chunking, dedup and metadata fields.

:class:`BatchOptions` is also what a resumed run must match: :meth:`BatchOptions.identity`
lists the settings that change the results (the engine and the worker count do not).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from unspun.pipeline.config import PipelineConfig
from unspun.readers.options import ReadOptions

Engine = Literal["local", "ray"]

#: The near-duplicate grouping rule (:mod:`unspun.batch.dedup`); a change of rule changes
#: this name, so that a run is never resumed with another rule than it started with.
DEDUP_ALGORITHM = "minhash-lsh-star-2"


class DedupOptions(BaseModel):
    """Near-duplicate grouping: MinHash over word shingles, banded LSH (datasketch)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = True
    threshold: float = Field(
        default=0.8, gt=0.0, lt=1.0, description="Estimated Jaccard similarity of shingles."
    )
    shingle: int = Field(default=3, ge=1, le=10, description="Words per shingle.")
    num_perm: int = Field(default=128, ge=16, le=512, description="MinHash permutations.")


class BatchOptions(BaseModel):
    """Everything :func:`unspun.batch.run_batch` needs besides the pipeline itself."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    inputs: tuple[str, ...] = Field(min_length=1)
    run_dir: Path
    read: ReadOptions = Field(default_factory=ReadOptions)
    config: PipelineConfig = Field(default_factory=PipelineConfig)
    author_field: str = Field(
        default="author", description="Record field with the author(s), read from meta."
    )
    include_text: bool = True
    dedup: DedupOptions = Field(default_factory=DedupOptions)
    engine: Engine = "local"
    workers: int = Field(default=1, ge=1, le=256)
    chunk_size: int = Field(
        default=500, ge=1, le=100_000, description="Documents per committed part file."
    )
    chunk_seconds: float = Field(
        default=60.0, gt=0, description="Commit at least this often, even if a chunk is short."
    )
    batch_size: int = Field(
        default=16, ge=1, le=4096, description="Documents sent to a worker at a time."
    )
    restart: bool = False
    ray_address: str | None = None

    def identity(self) -> dict[str, Any]:
        """The settings that decide the results; a resume must match every one."""
        return {
            "inputs": [str(Path(p).resolve()) if p != "-" else p for p in self.inputs],
            "read": self.read.model_dump(mode="json", exclude={"exclude"}),
            "config": self.config.model_dump(mode="json"),
            "author_field": self.author_field,
            "include_text": self.include_text,
            "dedup": {**self.dedup.model_dump(mode="json"), "algorithm": DEDUP_ALGORITHM},
        }

"""One way to open an ONNX model: the CPU session every unspun model runs in.

All models share the same settings: a fixed number of intra-op threads, one inter-op
thread, sequential execution and every graph optimisation. ``spinning=False`` stops idle
threads from busy-waiting between calls, which matters when several models (and spaCy)
share two cores in one pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def onnx_session(path: Path, *, threads: int = 1, spinning: bool = True) -> Any:
    """An ``onnxruntime.InferenceSession`` on the CPU for the model file ``path``."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, int(threads))
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if not spinning:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])

"""The small dense heads our models put on frozen sentence vectors, run in numpy."""

from __future__ import annotations

import numpy as np


def dense_forward(params: dict[str, np.ndarray], inputs: np.ndarray) -> np.ndarray:
    """Outputs of dense layers ``W0, b0, W1, b1, ...`` with ReLU between them."""
    hidden = inputs
    n_layers = sum(1 for key in params if key.startswith("W"))
    for i in range(n_layers):
        hidden = hidden @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers - 1:
            hidden = np.maximum(hidden, 0.0)
    return hidden

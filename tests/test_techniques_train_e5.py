"""The multilingual-e5 base for the technique tagger (``training/e5_base.py``): its
tokenizer's offsets point into the original text, and the dequantised torch encoder
reproduces the runtime encoder."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from .helpers import ROOT

sys.path.insert(0, str(ROOT / "training"))


def test_offsets_point_into_the_original_text() -> None:
    import e5_base

    tok = e5_base.E5TokenizerAdapter()
    text = "The  pro-Kremlin media\tsaid «так»\u00a0— 40%!\r\n\r\nНаступний рядок."
    enc = tok.encode(text)
    pieces = [text[s:e] for s, e in enc.offsets]
    assert pieces[:3] == ["The", "pro", "-"]
    assert "так" in pieces and "40%" in pieces
    for (s, e), piece in zip(enc.offsets, pieces, strict=True):
        assert 0 <= s < e <= len(text) and piece.strip() == piece
    assert tok.token_to_id("[CLS]") != tok.token_to_id("[SEP]")


def test_the_torch_encoder_matches_the_runtime_encoder() -> None:
    torch = pytest.importorskip("torch", reason="needs the train extra")
    pytest.importorskip("transformers", reason="needs the train extra")
    import e5_base

    from unspun.runtime.sentences import E5_SMALL, get_encoder

    model = e5_base.build_bert().eval()
    tok = e5_base.E5TokenizerAdapter()
    sentence = "Міністр заявив, що інфляція зросла."
    ids = [
        tok.token_to_id("[CLS]"),
        *tok.tok.encode("query: " + sentence),
        tok.token_to_id("[SEP]"),
    ]
    with torch.no_grad():
        hidden = (
            model(
                input_ids=torch.tensor([ids]),
                attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                token_type_ids=torch.zeros(1, len(ids), dtype=torch.long),
            )
            .last_hidden_state[0]
            .numpy()
        )
    mine = hidden.mean(0) / np.linalg.norm(hidden.mean(0))
    runtime = get_encoder(E5_SMALL, 1).encode([sentence], query=True)[0]
    assert float(mine @ runtime / np.linalg.norm(runtime)) > 0.999

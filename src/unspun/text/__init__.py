"""Text processing with exact offsets: normalisation, paragraphs, sentences, language."""

from unspun.text.normalize import NormalizedText, normalize
from unspun.text.segment import split_paragraphs, split_sentences

__all__ = ["NormalizedText", "normalize", "split_paragraphs", "split_sentences"]

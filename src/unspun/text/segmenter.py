"""The segmentation component: paragraphs and sentences for every later component."""

from __future__ import annotations

from unspun.model.analysis import Analysis
from unspun.pipeline.component import Component
from unspun.text.segment import split_paragraphs, split_sentences


class Segmenter(Component):
    name = "segment"
    version = "1.0.0"
    assigns = ("paragraphs", "sentences")

    def process(self, analysis: Analysis) -> None:
        paragraphs = split_paragraphs(analysis.text)
        analysis.set_paragraphs(paragraphs)
        analysis.set_sentences(split_sentences(analysis.text, analysis.lang, within=paragraphs))

"""The shared English parse is safe to use from several threads at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from unspun.model.finding import Span
from unspun.runtime.parse import parse_sentences

TEXT = "The minister said on Monday that the plan had failed, according to officials."


def test_a_cheap_parse_never_switches_the_parser_off_for_other_threads() -> None:
    spans = [Span(start=0, end=len(TEXT))] * 40

    def full() -> bool:
        return all(doc.has_annotation("DEP") for doc in parse_sentences(TEXT, spans))

    def cheap() -> bool:
        docs = parse_sentences(TEXT, spans, full=False)
        return not any(doc.has_annotation("DEP") for doc in docs)

    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = [pool.submit(full if i % 2 else cheap) for i in range(24)]
        assert all(job.result() for job in jobs)

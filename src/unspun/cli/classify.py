"""``unspun classify``: name the technique of given spans (the SemEval-2020 TC setting)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("classify")
@click.argument("spans", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option(
    "--articles",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder of article<ID>.txt files the spans point into.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Where to write the answered lines ('-' for standard output).",
)
@click.option(
    "--top",
    type=click.IntRange(1, 14),
    default=1,
    show_default=True,
    help="Also append the next-best techniques and their scores as extra columns.",
)
@click.option(
    "--model-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Technique model folder; the shipped model if omitted.",
)
def classify_cli(
    spans: Path, articles: Path, output: Path, top: int, model_dir: Path | None
) -> None:
    """Read PTC TC lines (`id <TAB> ? <TAB> start <TAB> end`) and write them back with the
    predicted PTC technique in the second column.

    SPANS is a .labels file (or '-' for standard input). The spans are character offsets
    into article<ID>.txt read as UTF-8, end exclusive. With --top N, N-1 extra columns
    give the runner-up techniques as `label:score`.
    """
    from unspun.detectors.techniques.tc import rank_spans
    from unspun.evaluation.ptc import LabelledSpan, parse_technique_lines, read_article

    text = sys.stdin.read() if str(spans) == "-" else _read(spans)
    wanted = parse_technique_lines(text, source=str(spans))
    texts = {i: read_article(articles, i) for i in dict.fromkeys(s.article_id for s in wanted)}
    ranked = rank_spans(
        texts, [(s.article_id, s.start, s.end) for s in wanted], model_dir=model_dir
    )
    lines = []
    for span, ranking in zip(wanted, ranked, strict=True):
        answered = LabelledSpan(span.article_id, ranking[0][0], span.start, span.end)
        extra = "".join(f"\t{label}:{score:.4f}" for label, score in ranking[1:top])
        lines.append(
            f"{answered.article_id}\t{answered.label}\t{answered.start}\t{answered.end}{extra}\n"
        )
    out = "".join(lines)
    if str(output) == "-":
        click.echo(out, nl=False)
    else:
        output.write_text(out, encoding="utf-8")
        click.echo(f"classified {len(wanted)} span(s) into {output}", err=True)


def _read(path: Path) -> str:
    from unspun.errors import InputNotFoundError

    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputNotFoundError(f"{str(path)!r} does not exist.") from None

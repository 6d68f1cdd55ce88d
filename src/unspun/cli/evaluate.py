"""``unspun eval``: score detectors against gold data."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group("eval")
def eval_cli() -> None:
    """Score unspun's detectors on annotated data."""


@eval_cli.command("attribution")
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    required=True,
    help="Sentence annotations (JSONL; see data/annotations/attribution/README.md).",
)
@click.option(
    "--articles",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of article<ID>.txt files the annotations point into (rows with article_id).",
)
@click.option(
    "--posts",
    type=click.Path(path_type=Path),
    default=None,
    help="UNLP-style posts JSONL (id, lang, text) the annotations point into (rows with "
    "post_id; see data/annotations/attribution/README-unlp.md).",
)
@click.option("--split", default=None, help="Only score rows of this split (dev or test).")
@click.option(
    "--json-out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the full result as JSON here.",
)
def attribution_cli(
    gold: Path, articles: Path | None, posts: Path | None, split: str | None, json_out: Path | None
) -> None:
    """Precision and recall of the attribution detector per kind."""
    from unspun.evaluation.attribution import format_table, load_gold, score, score_posts

    if (articles is None) == (posts is None):
        raise click.UsageError("give exactly one of --articles (PTC) or --posts (UNLP posts).")
    rows = load_gold(gold, split)
    if articles is not None:
        result = score(rows, articles)
    else:
        assert posts is not None
        result = score_posts(rows, posts)
    result["split"] = split
    click.echo(format_table(result))
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


@eval_cli.command("claims")
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    required=True,
    help="Claim-type annotations (data/annotations/claims/*.jsonl).",
)
@click.option(
    "--sentences",
    type=click.Path(path_type=Path),
    required=True,
    help="The CheckThat! TSV whose Sentence_id values the annotations use.",
)
@click.option(
    "--json-out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the full result as JSON here.",
)
def claims_cli(gold: Path, sentences: Path, json_out: Path | None) -> None:
    """Precision and recall of the claim types, numbers and dates."""
    from unspun.evaluation.claims import format_table, load_gold, read_sentences, score_claims

    result = score_claims(load_gold(gold), read_sentences(sentences))
    click.echo(format_table(result))
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


@eval_cli.command("narratives")
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("data/narratives/validation.jsonl"),
    show_default=True,
    help="Validation documents with gold narratives (JSONL; data/narratives/README.md).",
)
@click.option(
    "--split",
    default="test",
    show_default=True,
    help="Score rows of this split ('all': every row).",
)
@click.option(
    "--catalogue",
    "catalogues",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A catalogue to add to the built-ins (repeatable).",
)
@click.option("--threads", type=int, default=1, show_default=True, help="Encoder threads.")
@click.option(
    "--json-out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the full result as JSON here.",
)
def narratives_cli(
    gold: Path, split: str, catalogues: tuple[Path, ...], threads: int, json_out: Path | None
) -> None:
    """F1-samples of the narrative labels, coarse (narratives) and fine (sub-narratives)."""
    from unspun.evaluation.narratives import evaluate_file, format_table

    result = evaluate_file(
        gold, None if split == "all" else split, [str(c) for c in catalogues], threads
    )
    click.echo(format_table(result))
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


_PTC_ARTICLES = click.option(
    "--articles",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder of article<ID>.txt files (the PTC layout).",
)
_SPLIT_FILE = click.option(
    "--split-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="JSON listing held-out article ids (e.g. models/techniques/split.json).",
)
_SPLIT = click.option(
    "--split",
    default=None,
    help="Only score this split of --split-file ('validation'; 'train' = all the others).",
)
_JSON_OUT = click.option(
    "--json-out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the full result as JSON here.",
)
_MODEL_DIR = click.option(
    "--model-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Technique model folder (tagger.json + delta); the shipped model if omitted.",
)


@eval_cli.command("techniques")
@_PTC_ARTICLES
@click.option(
    "--labels",
    type=click.Path(path_type=Path),
    required=True,
    help="Gold technique labels: a .labels file or a folder (id, technique, start, end).",
)
@_SPLIT_FILE
@_SPLIT
@_MODEL_DIR
@_JSON_OUT
def techniques_cli(
    articles: Path,
    labels: Path,
    split_file: Path | None,
    split: str | None,
    model_dir: Path | None,
    json_out: Path | None,
) -> None:
    """SI F1, FLC F1, TC micro-F1, ECE and a per-technique table on PTC-format data."""
    from unspun.detectors.techniques.detector import TechniqueDetector
    from unspun.evaluation.ptc import read_article, read_technique_labels
    from unspun.evaluation.techniques import (
        format_table,
        predict_articles,
        score_techniques,
        select_ids,
    )

    ids = select_ids(articles, split_file, split)
    gold = read_technique_labels(labels)
    texts = {i: read_article(articles, i) for i in ids}
    detector = TechniqueDetector(model_dir)
    result = score_techniques(
        gold, predict_articles(detector, texts, gold), labels=detector.spec.channels[:-1]
    )
    result["split"] = split
    click.echo(format_table(result))
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


@eval_cli.command("unlp")
@click.option(
    "--data",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="UNLP-2025-style JSONL: id, lang, text, trigger_spans.",
)
@click.option("--lang", default=None, help="Only score posts of this language (uk or ru).")
@click.option("--limit", type=int, default=None, help="Score only the first N posts.")
@click.option(
    "--lexicon/--no-lexicon",
    default=True,
    help="Include the loaded-vocabulary flags (the default pipeline does).",
)
@_MODEL_DIR
@_JSON_OUT
def unlp_cli(
    data: Path,
    lang: str | None,
    limit: int | None,
    lexicon: bool,
    model_dir: Path | None,
    json_out: Path | None,
) -> None:
    """Manipulative-span token-F1 (technique-agnostic) on UNLP-2025-style posts.

    Posts go through the shipped routing: language identification, then the technique
    detector (English: MiniLM and e5 taggers joined; other languages: the e5 tagger) and,
    for every language but English, the multilingual sentence model beside it.
    """
    from unspun.evaluation.unlp import count_words, load_posts, token_f1
    from unspun.model import Document
    from unspun.pipeline import Pipeline, load_config

    posts = load_posts(data, lang)[:limit]
    config = load_config()
    config.pipeline.components = [
        "language",
        "segment",
        "techniques",
        "techniques_multilingual",
        *(["attribution", "loaded_vocabulary"] if lexicon else []),
    ]
    if model_dir is not None:
        config.set("techniques", "model_dir", str(model_dir))
    nlp = Pipeline.from_config(config)
    texts = {str(p["id"]): str(p["text"]) for p in posts}
    gold = {str(p["id"]): p.get("trigger_spans") or [] for p in posts}
    predicted: dict[str, list[tuple[int, int]]] = {}
    docs = [Document(id=d, text=t) for d, t in texts.items() if t.strip()]
    for outcome in nlp.run(docs):
        if outcome.analysis is not None:
            found = outcome.analysis.by_kind("technique")
            predicted[outcome.analysis.id] = [(f.start, f.end) for f in found]
    counts = token_f1(texts, gold, predicted)
    gold_words = counts.tp + counts.fn
    ratio = (counts.tp + counts.fp) / gold_words if gold_words else 0.0
    # The ratio mixes two things: how readily the detector flags, and how densely the
    # annotators marked this language's posts. The shares of all words keep them apart.
    words = count_words(texts)
    flagged_share = (counts.tp + counts.fp) / words if words else 0.0
    gold_share = gold_words / words if words else 0.0
    result = {
        "posts": len(posts),
        "lang": lang or "all",
        "lexicon": lexicon,
        "flagged_to_gold_words": round(ratio, 4),
        "words": words,
        "flagged_share_of_words": round(flagged_share, 4),
        "gold_share_of_words": round(gold_share, 4),
        **counts.as_dict(),
    }
    click.echo(
        f"{result['posts']} posts ({result['lang']}): token P {counts.precision:.4f} "
        f"R {counts.recall:.4f} F1 {counts.f1:.4f}; flagged words / gold words {ratio:.2f}"
        f" (flagged {flagged_share:.1%} of words, annotated {gold_share:.1%})"
    )
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


@eval_cli.command("records")
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Gold records JSONL (from 'unspun import ...': Label Studio, doccano, PTC, "
    "SemEval, CheckThat!).",
)
@click.option(
    "--pred",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Predicted records JSONL ('unspun analyze --format jsonl' or another import); "
    "without it, unspun's pipeline runs on the gold texts.",
)
@click.option(
    "--scheme",
    type=click.Choice(["ptc", "semeval2023", "unspun"]),
    default="ptc",
    show_default=True,
    help="Compare technique labels as PTC labels, SemEval-2023 techniques, or as written.",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Pipeline config for predicting (without --pred).",
)
@_JSON_OUT
def records_cli(
    gold: Path, pred: Path | None, scheme: str, config: Path | None, json_out: Path | None
) -> None:
    """Score predicted records against gold records, with every metric the gold supports."""
    from unspun.interop.records import read_records
    from unspun.interop.scoring import format_result, score_records

    gold_records = list(read_records(gold))
    if pred is not None:
        predicted = list(read_records(pred))
    else:
        from unspun.api import load
        from unspun.model import Document
        from unspun.model.record import AnalysisRecord

        nlp = load(config)
        docs = [Document(id=g.id, text=g.text or "", lang=g.lang) for g in gold_records]
        predicted = [AnalysisRecord.from_analysis(o.analysis) for o in nlp.run(docs) if o.analysis]
    result = score_records(gold_records, predicted, scheme=scheme)  # type: ignore[arg-type]
    click.echo(format_result(result))
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")

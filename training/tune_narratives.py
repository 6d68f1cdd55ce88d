"""Tune the narrative matcher on the dev split and write ``catalogues/thresholds.json``.

    nice .venv/bin/python training/tune_narratives.py [--write] [--vectors]

Reads ``data/narratives/validation.jsonl`` (our own documents; see its README). Only the
``dev`` rows choose anything:

1. a grid over the matcher's settings (examples and sentences averaged, description
   weight, distancing penalty, the calibration's features);
2. for each, a logistic fit per level (narratives, sub-narratives) of "this label is in the
   gold set" on the document features, then thresholds per level and the most narratives
   per document, chosen to maximise F1-samples (coarse + fine);
3. the grid point is chosen by 4-fold cross-fitting on dev (fit on three folds, score on
   the fourth), so that the number it is chosen by was not fitted on the same rows;
4. the winner is refitted on all of dev, and scored once on ``test``.

``--write`` stores the settings and the numbers; ``--vectors`` (re)writes the committed
catalogue vectors of the built-in catalogues.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

from unspun.detectors.narratives.catalogue import BUILTIN, load_catalogues  # noqa: E402
from unspun.detectors.narratives.distancing import is_distanced  # noqa: E402
from unspun.detectors.narratives.matcher import OTHER, Calibration, Matcher, MatchParams  # noqa: E402
from unspun.detectors.narratives.params import default_params_path  # noqa: E402
from unspun.detectors.narratives.vectors import (  # noqa: E402
    builtin_vectors_path,
    catalogue_texts,
    catalogue_vectors,
    texts_sha256,
    write_vectors,
)
from unspun.evaluation.narratives import GoldDocument, f1_samples, load_gold  # noqa: E402
from unspun.model.document import Document  # noqa: E402
from unspun.pipeline import Pipeline, load_config  # noqa: E402
from unspun.runtime.alignment import align  # noqa: E402
from unspun.runtime.sentences import E5_SMALL, get_encoder, sentence_embeddings, sentence_texts  # noqa: E402

GOLD = ROOT / "data" / "narratives" / "validation.jsonl"
MIN_SENTENCE_CHARS = 25
EVAL_BATCH = 16  # documents per batch in unspun.evaluation.narratives.evaluate_file
FEATURE_SETS = {
    "base": ("rel", "rel_max", "top1", "topk", "distanced"),
    "base+hub+domain": ("rel", "rel_max", "top1", "topk", "distanced", "hub", "domain"),
    "base+topic": ("rel", "rel_max", "top1", "topk", "distanced", "topic"),
    "all": ("rel", "rel_max", "top1", "topk", "distanced", "hub", "domain", "topic"),
    "all+manip": (
        "rel",
        "rel_max",
        "top1",
        "topk",
        "distanced",
        "hub",
        "domain",
        "topic",
        "manip",
        "msim",
    ),
    "base+manip": ("rel", "rel_max", "top1", "topk", "distanced", "manip", "msim"),
}


def embed(
    docs: list[GoldDocument], threads: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per document: the vectors of its matched sentences, their distancing flags and
    their manipulation probabilities (the multilingual technique head)."""
    from unspun.detectors.narratives.detector import manipulation_scorer

    manip = manipulation_scorer()
    config = load_config(components=["language", "segment"])
    nlp = Pipeline.from_config(config)
    encoder = get_encoder(E5_SMALL, threads)
    out = []
    analyses = [nlp(Document(id=d.id, text=d.text, lang=d.lang)) for d in docs]
    # in batches of EVAL_BATCH documents, as `unspun eval narratives` runs: the encoder pads
    # a batch, and padding moves a vector slightly (cosine ~0.999 to the unpadded one)
    vectors = [
        v
        for i in range(0, len(analyses), EVAL_BATCH)
        for v in sentence_embeddings(analyses[i : i + EVAL_BATCH], encoder, query=True)
    ]
    # as the detector does: languages the catalogues hold no examples in are moved by
    # their offset (unspun.runtime.alignment) before matching
    example_langs = {"en"} | {
        e.lang for c in load_catalogues([]).catalogues for n in c.narratives for e in n.examples
    }
    for analysis, vecs in zip(analyses, vectors, strict=True):
        if analysis.lang not in example_langs:
            vecs = align(vecs, analysis.lang)
        texts = sentence_texts(analysis)
        kept = [i for i, t in enumerate(texts) if len(t.strip()) >= MIN_SENTENCE_CHARS]
        kept = kept or list(range(len(texts)))
        flags = np.asarray([is_distanced(texts[i], analysis.lang) for i in kept], dtype=bool)
        out.append((vecs[kept], flags, manip(vecs[kept])))
    return out


def features(
    matcher: Matcher,
    embedded: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    docs: list[GoldDocument],
) -> list[dict]:
    """Document features per entry, plus ``_blocked``: the entries the subject gate turns
    off for the document (its catalogue's anchors are absent), as the detector does."""
    feats = []
    for (vecs, flags, manip), doc in zip(embedded, docs, strict=True):
        sim = matcher.sentence_similarity(vecs, flags)
        f = matcher.features(sim, flags, matcher.topic_similarity(vecs), manip)
        f["_blocked"] = matcher.off_topic(doc.text)
        feats.append(f)
    return feats


def fit_level(
    feats: list[dict], gold: list[set[str]], matcher: Matcher, sub: bool, names: tuple[str, ...]
) -> Calibration:
    from sklearn.linear_model import LogisticRegression

    mask = matcher.level == sub
    labels = [matcher.entries[i].label for i in np.flatnonzero(mask)]
    x = np.concatenate([np.stack([f[n][mask] for n in names], axis=1) for f in feats])
    y = np.concatenate([[lab in g for lab in labels] for g in gold]).astype(int)
    mean, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    # the features are correlated: solve to the (unique, L2-regularised) optimum, or lbfgs
    # stops at a different point of a flat valley on every run
    model = LogisticRegression(C=1.0, tol=1e-10, max_iter=20000).fit((x - mean) / sd, y)
    w = model.coef_[0] / sd
    b = float(model.intercept_[0] - np.sum(model.coef_[0] * mean / sd))
    return Calibration({n: float(v) for n, v in zip(names, w, strict=True)}, b)


def probabilities(matcher: Matcher, feats: list[dict], cal: dict[str, Calibration]) -> np.ndarray:
    out = np.zeros((len(feats), len(matcher)))
    for d, f in enumerate(feats):
        for level, sub in (("narrative", False), ("subnarrative", True)):
            mask = matcher.level == sub
            out[d, mask] = cal[level]({k: v[mask] for k, v in f.items() if k[0] != "_"})
        if "_blocked" in f:
            out[d, f["_blocked"]] = 0.0
    return out


def decide_all(
    matcher: Matcher, prob: np.ndarray, tn: float, ts: float, max_n: int
) -> tuple[list[list[str]], list[list[str]]]:
    coarse, fine = [], []
    tops_idx = np.flatnonzero(~matcher.level)
    for row in prob:
        tops = sorted((int(e) for e in tops_idx if row[e] >= tn), key=lambda e: -row[e])[:max_n]
        c, f = [], []
        for e in tops:
            c.append(matcher.entries[e].label)
            kids = [int(k) for k in matcher.children[e] if row[k] >= ts]
            f.extend(matcher.entries[k].label for k in kids)
            if not kids:
                f.append(f"{matcher.entries[e].label}: {OTHER}")
        coarse.append(c or [OTHER])
        fine.append(f or [OTHER])
    return coarse, fine


GRID_T = np.round(np.arange(0.05, 0.96, 0.05), 3)
#: Objective of the threshold search: plain F1-samples, or its mean over documents that
#: advance a narrative and documents that do not (``--balanced``), so that a tuning set
#: rich in neutral texts does not teach the matcher to answer Other.
OBJECTIVE = {"balanced": False}


def objective(predicted: list[list[str]], gold: list[list[str]]) -> float:
    if not OBJECTIVE["balanced"]:
        return f1_samples(predicted, gold)
    parts = []
    for advancing in (True, False):
        idx = [i for i, g in enumerate(gold) if (g != [OTHER]) == advancing]
        if idx:
            parts.append(f1_samples([predicted[i] for i in idx], [gold[i] for i in idx]))
    return float(np.mean(parts)) if parts else 0.0


def choose_thresholds(
    matcher: Matcher, prob: np.ndarray, docs: list[GoldDocument]
) -> tuple[float, float, int, float]:
    """Thresholds and max narratives maximising coarse + fine F1-samples on ``docs``: the
    three best (narrative threshold, max narratives) pairs by coarse F1, then the
    sub-narrative threshold for each."""
    gold_c = [d.narratives for d in docs]
    gold_f = [d.subnarratives for d in docs]
    coarse_scores = []
    for max_n in (1, 2, 3):
        for tn in GRID_T:
            c, _ = decide_all(matcher, prob, tn, 1.1, max_n)
            coarse_scores.append((objective(c, gold_c), float(tn), max_n))
    coarse_scores.sort(key=lambda r: (-r[0], -r[1]))
    best = (-1.0, 0.5, 0.5, 2)
    for fc, tn, max_n in coarse_scores[:3]:
        for ts in GRID_T:
            _, f = decide_all(matcher, prob, tn, float(ts), max_n)
            total = fc + objective(f, gold_f)
            if total > best[0] + 1e-9:
                best = (total, tn, float(ts), max_n)
    return best[1], best[2], best[3], best[0]


def fit(
    matcher: Matcher, feats: list[dict], docs: list[GoldDocument], names: tuple[str, ...]
) -> tuple[dict[str, Calibration], float, float, int]:
    cal = {
        "narrative": fit_level(feats, [set(d.narratives) for d in docs], matcher, False, names),
        "subnarrative": fit_level(
            feats, [set(d.subnarratives) for d in docs], matcher, True, names
        ),
    }
    prob = probabilities(matcher, feats, cal)
    tn, ts, max_n, _ = choose_thresholds(matcher, prob, docs)
    return cal, tn, ts, max_n


def score(
    matcher: Matcher,
    feats: list[dict],
    docs: list[GoldDocument],
    fitted: tuple,
    plain: bool = False,
) -> tuple[float, float]:
    """Coarse and fine scores by the tuning objective, or plain F1-samples (``plain``)."""
    cal, tn, ts, max_n = fitted
    c, f = decide_all(matcher, probabilities(matcher, feats, cal), tn, ts, max_n)
    measure = f1_samples if plain else objective
    return measure(c, [d.narratives for d in docs]), measure(f, [d.subnarratives for d in docs])


def crossfit(
    matcher: Matcher, feats: list[dict], docs: list[GoldDocument], names: tuple[str, ...]
) -> tuple[float, float]:
    folds = np.arange(len(docs)) % 4
    pooled_c: list[float] = []
    pooled_f: list[float] = []
    for k in range(4):
        tr = [i for i in range(len(docs)) if folds[i] != k]
        te = [i for i in range(len(docs)) if folds[i] == k]
        fitted = fit(matcher, [feats[i] for i in tr], [docs[i] for i in tr], names)
        c, f = score(matcher, [feats[i] for i in te], [docs[i] for i in te], fitted)
        pooled_c.append(c * len(te))
        pooled_f.append(f * len(te))
    return sum(pooled_c) / len(docs), sum(pooled_f) / len(docs)


def per_language(
    matcher: Matcher, feats: list[dict], docs: list[GoldDocument], fitted: tuple
) -> dict[str, Any]:
    out = {}
    for lang in sorted({d.lang or "?" for d in docs}):
        idx = [i for i, d in enumerate(docs) if (d.lang or "?") == lang]
        c, f = score(matcher, [feats[i] for i in idx], [docs[i] for i in idx], fitted, True)
        out[lang] = {"documents": len(idx), "coarse_f1": round(c, 4), "fine_f1": round(f, 4)}
    return out


def per_file(
    matcher: Matcher,
    feats: list[dict],
    docs: list[GoldDocument],
    fitted: tuple,
    sources: dict[str, str],
) -> dict[str, Any]:
    out = {}
    for name in sorted(set(sources.values())):
        idx = [i for i, d in enumerate(docs) if sources.get(d.id) == name]
        if not idx:
            continue
        c, f = score(matcher, [feats[i] for i in idx], [docs[i] for i in idx], fitted, True)
        out[name] = {"documents": len(idx), "coarse_f1": round(c, 4), "fine_f1": round(f, 4)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        help="another gold file we may tune on (its dev rows join dev, its test rows test): "
        "the PTC narrative set (with text), our real-register texts",
    )
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--write", action="store_true", help="write catalogues/thresholds.json")
    ap.add_argument(
        "--balanced",
        action="store_true",
        help="choose by F1-samples averaged over advancing and non-advancing documents",
    )
    ap.add_argument("--vectors", action="store_true", help="rewrite the built-in vectors")
    args = ap.parse_args()
    OBJECTIVE["balanced"] = args.balanced

    narratives = load_catalogues(builtins=BUILTIN)
    encoder = get_encoder(E5_SMALL, args.threads)
    if args.vectors:
        for catalogue in narratives.catalogues:
            texts, owner, _ = catalogue_texts(catalogue)
            vecs = encoder.encode(texts, query=True)
            path = builtin_vectors_path(catalogue.id)
            write_vectors(path, vecs, texts_sha256(texts, owner), E5_SMALL["sha256"])
            print(f"wrote {path} ({path.stat().st_size // 1024} KiB, {len(texts)} rows)")
    vectors = [
        catalogue_vectors(c, encoder, E5_SMALL["sha256"], builtin=True)
        for c in narratives.catalogues
    ]
    dev, test = load_gold(args.gold, "dev"), load_gold(args.gold, "test")
    sources = {d.id: args.gold.name for d in dev + test}
    files = [args.gold.name, *(p.name for p in args.also)]

    def by_file(docs: list[GoldDocument], name: str) -> list[GoldDocument]:
        return [d for d in docs if sources[d.id] == name]

    for extra in args.also:
        more_dev, more_test = load_gold(extra, "dev"), load_gold(extra, "test")
        dev, test = dev + more_dev, test + more_test
        sources.update({d.id: extra.name for d in more_dev + more_test})
    started = time.perf_counter()
    # each file's documents in their own batches, as `unspun eval narratives --gold FILE`
    # embeds them (padding moves a vector slightly; mixed batches would not reproduce)
    emb_dev = [e for name in files for e in embed(by_file(dev, name), args.threads)]
    emb_test = [e for name in files for e in embed(by_file(test, name), args.threads)]
    dev = [d for name in files for d in by_file(dev, name)]
    test = [d for name in files for d in by_file(test, name)]
    print(
        f"embedded {len(dev)} dev + {len(test)} test documents in "
        f"{time.perf_counter() - started:.1f} s"
    )

    results = []
    grid = itertools.product((1, 2), (2, 3), (0.3, 0.5), (0.0,), FEATURE_SETS)
    for top_ex, top_s, desc_w, penalty, fs in grid:
        params = MatchParams(
            top_examples=top_ex,
            top_sentences=top_s,
            description_weight=desc_w,
            distancing_penalty=penalty,
        )
        matcher = Matcher(narratives, vectors, params)
        feats = features(matcher, emb_dev, dev)
        c, f = crossfit(matcher, feats, dev, FEATURE_SETS[fs])
        results.append(((c + f) / 2, c, f, params, fs))
        print(
            f"ex={top_ex} sent={top_s} desc={desc_w} pen={penalty} feats={fs:18s} "
            f"cv coarse {c:.3f} fine {f:.3f}",
            flush=True,
        )
    results.sort(key=lambda r: -r[0])
    _, cv_c, cv_f, params, fs = results[0]
    matcher = Matcher(narratives, vectors, params)
    feats_dev = features(matcher, emb_dev, dev)
    fitted = fit(matcher, feats_dev, dev, FEATURE_SETS[fs])
    cal, tn, ts, max_n = fitted
    params = replace(
        params,
        calibration=cal,
        thresholds={"narrative": tn, "subnarrative": ts},
        max_narratives=max_n,
    )
    dev_c, dev_f = score(matcher, feats_dev, dev, fitted, True)
    feats_test = features(matcher, emb_test, test)
    test_c, test_f = score(matcher, feats_test, test, fitted, True)
    other_c = f1_samples([[OTHER]] * len(test), [d.narratives for d in test])
    numbers = {
        "data": ", ".join(
            [str(args.gold.relative_to(ROOT) if args.gold.is_relative_to(ROOT) else args.gold)]
            + [p.name for p in args.also]
        ),
        "chosen_by": "4-fold cross-fitting on dev, then refitted on all of dev"
        + (
            " (objective: F1-samples averaged over advancing and other documents)"
            if args.balanced
            else ""
        ),
        "features": list(FEATURE_SETS[fs]),
        "dev": {
            "documents": len(dev),
            "crossfit_coarse_f1": round(cv_c, 4),
            "crossfit_fine_f1": round(cv_f, 4),
            "fitted_coarse_f1": round(dev_c, 4),
            "fitted_fine_f1": round(dev_f, 4),
        },
        "test": {
            "documents": len(test),
            "coarse_f1": round(test_c, 4),
            "fine_f1": round(test_f, 4),
            "always_other_coarse_f1": round(other_c, 4),
            "per_language": per_language(matcher, feats_test, test, fitted),
            "per_file": per_file(matcher, feats_test, test, fitted, sources),
        },
    }
    print(json.dumps({"params": params.as_dict(), "numbers": numbers}, indent=2))
    if args.write:
        out = {
            "about": "Matcher settings tuned by training/tune_narratives.py on the dev split.",
            "encoder_sha256": E5_SMALL["sha256"],
            "catalogues": {c.id: c.version for c in narratives.catalogues},
            "params": params.as_dict(),
            "numbers": numbers,
        }
        default_params_path().write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {default_params_path()}")


if __name__ == "__main__":
    main()

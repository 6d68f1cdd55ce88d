"""Tune decoding and calibration on validation through the shipped, torch-free run-time path.

    .venv/bin/python training/tune_decoding.py [--no-int8]

Runs after ``export_delta.py``. Assembles the ONNX model exactly as a user's machine does,
scores the validation articles (``models/techniques/split.json``), and:

1. picks a decoding rule (threshold, gap, minimum length) per technique channel by
   coordinate ascent on validation FLC F1, and one for the any-technique channel on SI F1;
2. reports honest numbers by 2-fold cross-fitting (rules tuned on one half of the
   validation articles, scored on the other, pooled);
3. fits Platt calibration of span scores and reports ECE (cross-fitted too);
4. scores TC micro-F1 (gold spans, label = channel with the highest mean probability);
5. measures int8 dynamic quantisation against fp32 (F1 and articles/s) and keeps it
   only if FLC and SI F1 drop by less than 0.005.

Writes the results into ``models/techniques/tagger.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

from unspun.detectors.techniques import metrics  # noqa: E402
from unspun.detectors.techniques.assemble import assemble, load_spec  # noqa: E402
from unspun.detectors.techniques.calibration import fit_platt  # noqa: E402
from unspun.detectors.techniques.decode import ChannelRule, decode_channel  # noqa: E402
from unspun.detectors.techniques.tagger import TaggerSession  # noqa: E402
from unspun.runtime.minilm import locate_base  # noqa: E402

DATA = Path(os.environ.get("UNSPUN_DATA_DIR", ROOT.parent / "shared" / "data")) / "ptc"
MODEL_DIR = ROOT / "src" / "unspun" / "_models" / "techniques"
THRESHOLDS = [round(x, 2) for x in np.arange(0.1, 0.91, 0.05)]
GAPS = (0, 1, 3)
MIN_CHARS = (1, 6)
RULES = [ChannelRule(t, g, m) for t, g, m in itertools.product(THRESHOLDS, GAPS, MIN_CHARS)]


def load_validation():
    ids = json.loads((MODEL_DIR / "split.json").read_text())["validation"]
    docs = []
    for doc_id in ids:
        text = (DATA / "train-articles" / f"article{doc_id}.txt").read_text(encoding="utf-8")
        spans = []
        labels = DATA / "train-labels-task-flc-tc" / f"article{doc_id}.task-flc-tc.labels"
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                _id, label, start, end = line.split("\t")
                spans.append((int(start), int(end), label))
        docs.append((doc_id, text, spans))
    return docs


def score_docs(session, docs, chunk=8):
    t0 = time.perf_counter()
    out = []
    for i in range(0, len(docs), chunk):
        out += session.predict([text for _, text, _ in docs[i : i + chunk]])
    return out, len(docs) / (time.perf_counter() - t0)


def channel_sums(docs, scores, c, gold_of):
    """[rule, doc, 4] partial-credit sums of channel ``c`` for every rule."""
    sums = np.zeros((len(RULES), len(docs), 4))
    for d, ((_, text, _), sc) in enumerate(zip(docs, scores, strict=True)):
        gold = gold_of(d)
        for r, rule in enumerate(RULES):
            pred = [(s, e) for s, e, _ in decode_channel(text, sc.offsets, sc.probs[:, c], rule)]
            sums[r, d] = metrics.span_sums(pred, gold)
    return sums


def f1(total):
    return metrics.f1_from_sums(total[0], int(total[1]), total[2], int(total[3])).f1


def ascend(tech_sums, docs_idx, passes=3, own=()):
    """Per-channel rule indices maximising pooled FLC F1 on ``docs_idx``; the channels in
    ``own`` take the rule that maximises their own F1 instead (a rare technique the pooled
    optimum would switch off)."""
    per = [s[:, docs_idx].sum(1) for s in tech_sums]  # [rule, 4] per channel
    choice = [int(np.argmax([f1(row) for row in p])) for p in per]
    for _ in range(passes):
        for c in range(len(per)):
            if c in own:
                continue
            rest = sum(per[k][choice[k]] for k in range(len(per)) if k != c)
            choice[c] = int(np.argmax([f1(rest + row) for row in per[c]]))
    return choice


def calibrate(docs, pred):
    """Platt calibration of decoded span scores: raw score vs the share of the span that
    gold of its label covers. Returns the Platt fitted on all spans, the raw ECE and the
    ECE of Platt cross-fitted over the two halves of the articles."""
    raw, target, fold_of = [], [], []
    for i, (doc_id, _, gold) in enumerate(docs):
        for s, e, label, r in pred[doc_id]:
            raw.append(r)
            target.append(
                metrics.span_precision_share((s, e), [(a, b) for a, b, lab in gold if lab == label])
            )
            fold_of.append(i % 2)
    raw, target, fold_of = np.array(raw), np.array(target), np.array(fold_of)
    ece_raw = metrics.expected_calibration_error(raw.tolist(), target.tolist())
    cross = np.zeros_like(raw)
    for f in (0, 1):
        platt = fit_platt(raw[fold_of != f], target[fold_of != f])
        cross[fold_of == f] = [platt(x) for x in raw[fold_of == f]]
    ece_cal = metrics.expected_calibration_error(cross.tolist(), target.tolist())
    return fit_platt(raw, target), ece_raw, ece_cal


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-int8", action="store_true")
    ap.add_argument("--model-dir", default=str(MODEL_DIR))
    args = ap.parse_args(argv)
    spec = load_spec(Path(args.model_dir))
    channels = spec.channels
    techs = channels[:-1]
    docs = load_validation()
    tok_path = locate_base().tokenizer_path

    def session(quantize):
        path = assemble(spec, quantize=quantize)
        return TaggerSession(
            path,
            tok_path,
            n_channels=len(channels),
            max_tokens=spec.max_tokens,
            overlap=spec.overlap,
        ), path

    sess, path = session(False)
    scores, speed = score_docs(sess, docs)
    print(f"fp32: {speed:.1f} articles/s ({path})", flush=True)

    gold_flc = [[(s, e) for s, e, _ in d[2]] for d in docs]
    tech_sums = []
    for c, label in enumerate(techs):
        tech_sums.append(
            channel_sums(
                docs,
                scores,
                c,
                lambda d, label=label: [(s, e) for s, e, lab in docs[d][2] if lab == label],
            )
        )
        print(f"  swept {label}", flush=True)
    si_sums = channel_sums(docs, scores, len(techs), lambda d: metrics.merge_spans(gold_flc[d]))

    folds = [np.arange(len(docs))[0::2], np.arange(len(docs))[1::2]]
    held = {"flc": np.zeros(4), "si": np.zeros(4)}
    for a, b in ((0, 1), (1, 0)):
        choice = ascend(tech_sums, folds[a])
        held["flc"] += sum(tech_sums[c][choice[c]][folds[b]].sum(0) for c in range(len(techs)))
        si_r = int(np.argmax([f1(row) for row in si_sums[:, folds[a]].sum(1)]))
        held["si"] += si_sums[si_r][folds[b]].sum(0)
    all_idx = np.arange(len(docs))
    choice = ascend(tech_sums, all_idx)
    si_choice = int(np.argmax([f1(row) for row in si_sums.sum(1)]))
    rules = {label: RULES[choice[c]] for c, label in enumerate(techs)}
    si_rule = RULES[si_choice]

    def flc_pred(sc_list, rules_):
        out = {}
        for (doc_id, text, _), sc in zip(docs, sc_list, strict=True):
            out[doc_id] = [
                (s, e, label, raw)
                for c, label in enumerate(techs)
                for s, e, raw in decode_channel(text, sc.offsets, sc.probs[:, c], rules_[label])
            ]
        return out

    def evaluate(sc_list):
        pred = flc_pred(sc_list, rules)
        gold = {d[0]: d[2] for d in docs}
        flc = metrics.span_prf(
            {k: [(s, e, lab) for s, e, lab, _ in v] for k, v in pred.items()},
            gold,
            match_labels=True,
        )
        si_pred = {
            doc_id: [
                (s, e) for s, e, _ in decode_channel(text, sc.offsets, sc.probs[:, -1], si_rule)
            ]
            for (doc_id, text, _), sc in zip(docs, sc_list, strict=True)
        }
        si = metrics.span_prf(
            si_pred, {d[0]: metrics.merge_spans(gold_flc[i]) for i, d in enumerate(docs)}
        )
        union = metrics.span_prf(
            {k: [(s, e) for s, e, _, _ in v] for k, v in pred.items()},
            {d[0]: metrics.merge_spans(gold_flc[i]) for i, d in enumerate(docs)},
        )
        return pred, flc, si, union

    pred, flc, si, union = evaluate(scores)

    platt, ece_raw, ece_cal = calibrate(docs, pred)

    # TC: gold spans given; label = technique channel with the highest mean probability.
    tc_gold, tc_pred = [], []
    for (_, _, gold), sc in zip(docs, scores, strict=True):
        for s, e, label in gold:
            hit = (sc.offsets[:, 0] < e) & (sc.offsets[:, 1] > s)
            if not hit.any():
                tc_gold.append(label)
                tc_pred.append(None)
                continue
            tc_gold.append(label)
            tc_pred.append(techs[int(np.argmax(sc.probs[hit, :-1].mean(0)))])
    tc = metrics.tc_micro_f1(tc_gold, tc_pred)

    report = {
        "split": f"validation, {len(docs)} PTC train articles held out by article (split.json)",
        "cross_fitted": {
            "flc_f1": round(f1(held["flc"]), 4),
            "si_f1": round(f1(held["si"]), 4),
            "note": "decoding tuned on one half of validation, scored on the other, pooled",
        },
        "tuned_on_all_validation": {
            "flc": flc.as_dict(),
            "si": si.as_dict(),
            "si_from_technique_union": union.as_dict(),
        },
        "tc_micro_f1": round(tc, 4),
        "ece": {"raw": round(ece_raw, 4), "platt_cross_fitted": round(ece_cal, 4)},
        "fp32_articles_per_s": round(speed, 2),
    }
    quantize = False
    if not args.no_int8:
        sess8, _ = session(True)
        scores8, speed8 = score_docs(sess8, docs)
        _, flc8, si8, _ = evaluate(scores8)
        report["int8"] = {
            "flc_f1": round(flc8.f1, 4),
            "si_f1": round(si8.f1, 4),
            "articles_per_s": round(speed8, 2),
        }
        quantize = flc.f1 - flc8.f1 < 0.005 and si.f1 - si8.f1 < 0.005
    print(json.dumps(report, indent=1))

    spec_path = Path(args.model_dir) / "tagger.json"
    data = json.loads(spec_path.read_text())
    data["decoding"] = {
        "rules": {k: v.as_dict() for k, v in rules.items()},
        "si_rule": si_rule.as_dict(),
    }
    data["calibration"] = {
        "technique": platt.as_dict(),
        "method": "Platt on logit(mean token prob)",
    }
    data["runtime"] = {"quantize": bool(quantize)}
    data["validation"] = report
    spec_path.write_text(json.dumps(data, indent=1) + "\n")
    print(f"updated {spec_path}")


if __name__ == "__main__":
    main()

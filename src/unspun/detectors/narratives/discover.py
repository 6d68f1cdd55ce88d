"""Discovery: recurring claims and framings across a corpus that no catalogue entry covers.

Every claim-like sentence of the corpus is embedded (multilingual-e5-small, so a framing
repeated in Russian and Ukrainian lands in one cluster); sentences close to a known
catalogue entry are set aside; the rest are clustered (average-linkage agglomerative
clustering on cosine distance, scikit-learn). A cluster that recurs in at least
``min_documents`` documents becomes a *candidate*: named by its terms that stand out
against the other clusters (class-based TF-IDF) and described by the sentences nearest
its centre. Candidates are written as a catalogue (``status: candidate``) that an analyst
reviews, rewrites and adopts; nothing is added to the built-in catalogues automatically.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import yaml

from unspun.detectors.narratives.catalogue import FORMAT, ISO_639_1, parse_catalogue
from unspun.detectors.narratives.distancing import is_distanced
from unspun.detectors.narratives.matcher import Matcher
from unspun.model.analysis import Analysis
from unspun.model.document import Document
from unspun.model.failure import Failure
from unspun.runtime.sentences import SentenceEncoder, sentence_embeddings, sentence_texts

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{3,}", re.U)
# Words that name no framing; the terms of a cluster are chosen among the others.
_STOP = frozenset(
    """
    the and for that this with from have has had was were are been being not but they their
    them its it's his her she him who whom which what when where why how all any can could
    would should will shall may might must also than then there here these those such into
    onto over under about after before between while during because said says say more most
    very just only even still our ours your yours you we us one two new other some many much
    own same each every both few per via upon out off again further once did does doing do
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
    ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже
    или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они
    тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под
    будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем
    чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после
    над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо
    свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между
    это также которые который которая которое заявил заявила сказал
    і й та що він на я з як а це все вона так його але ти до у же ви за би по лише її мені
    було ось від мене ще ні о із йому тепер коли навіть чи якщо вже або бути був нього вас
    там потім себе нічого їй може вони тут де є треба ній для ми тебе їх ніж була сам щоб
    без чого раз теж собі під буде тоді хто цей того тому цього який зовсім ним тут цьому
    один майже мій тим щоб неї зараз були куди навіщо всіх ніколи можна при нарешті два про
    інший хоч після над більше той через ці нас усього них яка багато три цю моя також які
    котрі заявив заявила сказав
    """.split()
)


@dataclass
class Candidate:
    """One recurring cluster of sentences that matches no catalogue entry."""

    sentences: list[tuple[str, int, str, str]]  # (document id, sentence index, text, lang)
    terms: list[str]
    representative: list[int]  # indices into ``sentences``, nearest the centre first
    cohesion: float  # mean cosine of the members to the centre

    @property
    def documents(self) -> list[str]:
        return sorted({doc for doc, _, _, _ in self.sentences})

    @property
    def languages(self) -> list[str]:
        return sorted({lang for _, _, _, lang in self.sentences if lang in ISO_639_1})


@dataclass
class DiscoverySettings:
    """Knobs of :func:`discover` (defaults suit news corpora of a few hundred documents)."""

    #: A sentence this close (cosine) to a catalogue entry counts as known.
    known_similarity: float = 0.88
    #: Sentences closer than this (cosine) end up in one cluster.
    cluster_similarity: float = 0.88
    min_documents: int = 2
    min_sentences: int = 3
    min_words: int = 6
    max_words: int = 80
    #: Sentences clustered at most (the closest to nothing known are kept first).
    max_sentences: int = 15_000
    max_candidates: int = 50
    terms: int = 5
    examples: int = 5
    exclude_distanced: bool = True
    domain: str = "CANDIDATE"
    catalogue_id: str = "candidates"


def claim_like(text: str, settings: DiscoverySettings) -> bool:
    """Long enough to state something, short enough to be one statement, not a question."""
    words = len(text.split())
    stripped = text.strip()
    return (
        settings.min_words <= words <= settings.max_words
        and not stripped.endswith("?")
        and sum(ch.isalpha() for ch in stripped) >= 0.6 * len(stripped)
    )


def collect_sentences(
    analyses: Sequence[Analysis],
    encoder: SentenceEncoder,
    matcher: Matcher | None,
    settings: DiscoverySettings,
) -> tuple[list[tuple[str, int, str, str]], np.ndarray, np.ndarray]:
    """Claim-like sentences of a batch of analysed documents, their unit vectors and their
    best similarity to a catalogue entry (0 without a matcher)."""
    items: list[tuple[str, int, str, str]] = []
    rows: list[np.ndarray] = []
    known: list[float] = []
    vectors = sentence_embeddings(analyses, encoder, query=True)
    for analysis, vecs in zip(analyses, vectors, strict=True):
        texts = sentence_texts(analysis)
        keep = [
            i
            for i, t in enumerate(texts)
            if claim_like(t, settings)
            and not (settings.exclude_distanced and is_distanced(t, analysis.lang))
        ]
        if not keep:
            continue
        sub = vecs[keep]
        unit = sub / np.maximum(np.linalg.norm(sub, axis=1, keepdims=True), 1e-9)
        if matcher is not None:
            sim = matcher.sentence_similarity(unit, np.zeros(len(keep), dtype=bool))
            known.extend(sim.max(axis=1).tolist() if sim.size else [0.0] * len(keep))
        else:
            known.extend([0.0] * len(keep))
        rows.append(unit.astype(np.float32))
        lang = analysis.lang or ""
        items.extend((analysis.id, i, " ".join(texts[i].split()), lang) for i in keep)
    matrix = np.concatenate(rows) if rows else np.zeros((0, 384), np.float32)
    return items, matrix, np.asarray(known, dtype=np.float64)


def cluster(vectors: np.ndarray, similarity: float) -> np.ndarray:
    """Cluster ids of unit ``vectors``: average linkage, cut at cosine ``similarity``."""
    if len(vectors) < 2:
        return np.zeros(len(vectors), dtype=np.int64)
    from unspun.errors import require_extra

    require_extra("sklearn", "discover", "Narrative discovery")
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None,
        metric="cosine",
        linkage="average",
        distance_threshold=1.0 - similarity,
    )
    return np.asarray(model.fit_predict(vectors), dtype=np.int64)


def tokens(text: str) -> list[str]:
    return [
        w
        for w in (m.group(0).lower() for m in _WORD.finditer(text))
        if len(w) >= 3 and w not in _STOP
    ]


def class_terms(groups: Sequence[Sequence[str]], top: int) -> list[list[str]]:
    """Class-based TF-IDF: for each group of texts, the words frequent in it and rare in
    the other groups (``tf * log(1 + mean words per group / frequency in all groups)``)."""
    counts = [Counter(w for text in texts for w in tokens(text)) for texts in groups]
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    mean_words = sum(total.values()) / max(len(groups), 1)
    out = []
    for c in counts:
        size = sum(c.values()) or 1
        scored = {w: (n / size) * math.log(1 + mean_words / total[w]) for w, n in c.items()}
        # a term should recur inside the cluster, not come from one sentence
        ranked = sorted(scored, key=lambda w: (-(c[w] > 1), -scored[w], w))
        out.append(ranked[:top])
    return out


def find_candidates(
    items: Sequence[tuple[str, int, str, str]],
    vectors: np.ndarray,
    known: np.ndarray,
    settings: DiscoverySettings,
) -> list[Candidate]:
    """Cluster the unknown sentences and keep the clusters that recur across documents."""
    unknown = np.flatnonzero(known < settings.known_similarity)
    if unknown.size > settings.max_sentences:
        unknown = unknown[np.argsort(known[unknown], kind="stable")[: settings.max_sentences]]
        unknown.sort()
    if unknown.size < settings.min_sentences:
        return []
    labels = cluster(vectors[unknown], settings.cluster_similarity)
    found: list[tuple[list[int], np.ndarray]] = []
    for c in np.unique(labels):
        members = [int(unknown[i]) for i in np.flatnonzero(labels == c)]
        docs = {items[m][0] for m in members}
        if len(members) < settings.min_sentences or len(docs) < settings.min_documents:
            continue
        centre = vectors[members].mean(axis=0)
        centre = centre / max(float(np.linalg.norm(centre)), 1e-9)
        found.append((members, centre))
    # most widespread first
    found.sort(key=lambda mc: (-len({items[m][0] for m in mc[0]}), -len(mc[0])))
    found = found[: settings.max_candidates]
    terms = class_terms([[items[m][2] for m in members] for members, _ in found], settings.terms)
    candidates = []
    for (members, centre), words in zip(found, terms, strict=True):
        closeness = vectors[members] @ centre
        order = [int(i) for i in np.argsort(-closeness, kind="stable")]
        candidates.append(
            Candidate(
                sentences=[items[m] for m in members],
                terms=words,
                representative=_distinct(order, [items[m][2] for m in members]),
                cohesion=float(closeness.mean()),
            )
        )
    return candidates


def _distinct(order: list[int], texts: list[str]) -> list[int]:
    """``order`` without repeats of the same sentence text (kept first occurrence)."""
    seen: set[str] = set()
    out = []
    for i in order:
        key = texts[i].casefold()
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def candidates_yaml(candidates: Sequence[Candidate], settings: DiscoverySettings) -> str:
    """A catalogue in the documented format, every entry ``status: candidate``, each with a
    comment saying where it was found. The text is checked with :func:`parse_catalogue`."""
    langs = sorted({lang for c in candidates for lang in c.languages})
    header = {
        "format": FORMAT,
        "id": settings.catalogue_id,
        "name": "Candidate narratives (discovered)",
        "version": "0.1.0",
        "description": (
            "Recurring claims and framings that matched no catalogue entry, found by "
            "`unspun narratives discover`. Review each candidate: rewrite its name, "
            "description and examples, give it a parent if it refines a known narrative, "
            "and set status: adopted, or delete it."
        ),
        "languages": langs,
    }
    parts = [
        "# Candidate narratives written by `unspun narratives discover`.\n",
        "# They are pointers for an analyst, not verdicts: review before adopting.\n",
        yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=100),
        "narratives:\n",
    ]
    for n, cand in enumerate(candidates, 1):
        entry = candidate_entry(cand, n, settings)
        docs = cand.documents
        shown = ", ".join(docs[:10]) + (f", ... ({len(docs)} in all)" if len(docs) > 10 else "")
        parts.append(
            f"\n  # candidate {n}: {len(cand.sentences)} sentences in {len(docs)} documents "
            f"(cohesion {cand.cohesion:.2f}); documents: {_comment(shown)}\n"
        )
        body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
        parts.append("".join("  " + line + "\n" for line in body.splitlines()))
    return "".join(parts)


def _comment(text: str) -> str:
    return " ".join(text.split())


def candidate_entry(cand: Candidate, n: int, settings: DiscoverySettings) -> dict[str, object]:
    reps = cand.representative[: settings.examples]
    terms = ", ".join(cand.terms) or "no distinctive terms"
    first = cand.sentences[reps[0]][2]
    return {
        "id": f"{settings.catalogue_id}.candidate-{n:03d}",
        "label": f"Candidate {n}: {terms}",
        "name": f"Candidate {n}: {terms}",
        "parent": None,
        "domain": settings.domain,
        "description": (
            f"A framing that recurs in {len(cand.documents)} documents "
            f"({len(cand.sentences)} sentences) and matches no catalogue entry. Most "
            f"representative sentence: \u201c{_short(first)}\u201d. Frequent terms: {terms}. "
            "Rewrite this description in your own words before adopting the entry."
        ),
        "examples": [
            {"lang": cand.sentences[i][3] or "en", "text": cand.sentences[i][2]}
            for i in reps
            if (cand.sentences[i][3] or "en") in ISO_639_1
        ]
        or [{"lang": "en", "text": first}],
        "languages": cand.languages,
        "links": [],
        "status": "candidate",
    }


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def discover(
    documents: Iterable[Document | Failure],
    encoder: SentenceEncoder,
    matcher: Matcher | None,
    settings: DiscoverySettings | None = None,
    *,
    lang: str | None = None,
    batch_size: int = 32,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Candidate], str, int]:
    """Candidates in a corpus: returns them, their catalogue YAML (validated; empty when
    there is none) and how many documents could not be read or segmented."""
    from unspun.pipeline import Pipeline, load_config

    settings = settings or DiscoverySettings()
    config = load_config(components=["language", "segment"], batch_size=batch_size)
    if lang:
        config.set("language", "force", lang)
    pipeline = Pipeline.from_config(config)
    items: list[tuple[str, int, str, str]] = []
    rows: list[np.ndarray] = []
    known: list[np.ndarray] = []
    failed = 0
    batch: list[Analysis] = []

    def flush() -> None:
        got, vecs, sims = collect_sentences(batch, encoder, matcher, settings)
        items.extend(got)
        rows.append(vecs)
        known.append(sims)
        if progress is not None:
            progress(len(batch))
        for analysis in batch:  # keep only what clustering needs
            analysis.cache.clear()
        batch.clear()

    for outcome in pipeline.run(documents):
        if outcome.analysis is None:
            failed += 1
            if progress is not None:
                progress(1)
            continue
        batch.append(outcome.analysis)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    matrix = np.concatenate(rows) if rows else np.zeros((0, 384), np.float32)
    sims = np.concatenate(known) if known else np.zeros(0)
    candidates = find_candidates(items, matrix, sims, settings)
    text = candidates_yaml(candidates, settings) if candidates else ""
    if text:
        parse_catalogue(text, source="<discovered candidates>")  # what we write must load
    return candidates, text, failed

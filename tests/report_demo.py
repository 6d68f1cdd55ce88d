"""An invented news article with findings of every built-in kind, for demos and tests.

The town, people, outlet and events are fictional. Offsets are computed from the quotes,
so the record stays consistent if the text is edited.
"""

from __future__ import annotations

from unspun.about import SCHEMA_VERSION
from unspun.model.finding import Span
from unspun.model.record import AnalysisRecord, DetectorInfo, FindingRecord

#: The article; paragraphs are separated by blank lines.
PARAGRAPHS = (
    "CARROW BAY — The town council voted 7–2 on Tuesday night to approve a €48 million "
    "desalination plant on the northern headland, ending months of bitter debate over "
    "the town's water supply.",
    'Mayor Elena Hartmann called the decision "a historic day for every family in '
    'Carrow Bay" and said the plant would "secure our water for the next fifty years." '
    "According to council documents, the facility will process up to 12,000 cubic "
    "metres of seawater a day once it opens in 2027.",
    'Opponents were furious. "This reckless, corrupt council has sold out our '
    'coastline to its cronies," said Tom Briggs, a spokesman for the Save the Headland '
    'campaign, who described the vote as "a catastrophe that will poison the bay for '
    'generations." Critics say the brine released by the plant could harm the '
    "shellfish beds that support some forty local jobs.",
    'Some residents believe the project is being rushed. "Everyone knows the real '
    'reason they want this plant is the developers," one resident, who asked not to be '
    "named, told the Ledger. Experts say the environmental assessment left important "
    "questions unanswered.",
    'Supporters insist there is no alternative. "Either we build this plant now, or '
    'our children will be queuing for bottled water," said councillor Mark Odenkirk. '
    '"Real patriots protect their home town. Water for all, water forever!"',
    "The regional water authority said in a statement that the reservoir had fallen to "
    "31 per cent of capacity last summer, the lowest level since records began in "
    "1976. A hydrologist at Westmoor University, Dr. Priya Nair, said that "
    'desalination was "one reasonable option among several," adding that leak repairs '
    "and water reuse could close part of the gap.",
    "Briggs dismissed the authority's figures. \"And what about the council's own "
    'swimming pool, which wastes millions of litres a year? Nobody talks about that," '
    'he said. "The drought is simply the result of decades of mismanagement by this '
    'council, nothing more."',
    "Officials familiar with the tender said two foreign firms were among the bidders. "
    "Sources close to the mayor said she had been warned that delaying the vote would "
    'leave the town "at the mercy of the next dry summer."',
    'The campaign has vowed to challenge the decision in court. "We will never stop '
    'fighting. Never," Briggs said. "It is what it is: they have made their choice, '
    'and now they will live with it."',
    "Construction is expected to begin next spring, pending final permits.",
)
TEXT = "\n\n".join(PARAGRAPHS) + "\n"

# (quote, label, category, score, explanation)
TECHNIQUES = [
    (
        "bitter debate",
        "Loaded_Language",
        "manipulative_wording",
        0.41,
        "An emotionally coloured adjective describes the debate.",
    ),
    (
        "a historic day for every family in Carrow Bay",
        "Exaggeration-Minimisation",
        "manipulative_wording",
        0.62,
        "Sweeping claim that the decision matters to every family.",
    ),
    (
        "furious",
        "Loaded_Language",
        "manipulative_wording",
        0.33,
        "A strong emotional word characterises the opponents.",
    ),
    (
        "reckless, corrupt council",
        "Name_Calling-Labeling",
        "attack_on_reputation",
        0.88,
        "Labels the council as reckless and corrupt instead of engaging with its arguments.",
    ),
    (
        "sold out our coastline to its cronies",
        "Loaded_Language",
        "manipulative_wording",
        0.81,
        "Charged phrase implying betrayal without evidence.",
    ),
    (
        "its cronies",
        "Name_Calling-Labeling",
        "attack_on_reputation",
        0.74,
        "Dismissive label for unnamed associates of the council.",
    ),
    (
        "a catastrophe that will poison the bay",
        "Appeal_to_Fear-Prejudice",
        "justification",
        0.83,
        "Predicts disaster to frighten the reader.",
    ),
    (
        "poison the bay for generations",
        "Exaggeration-Minimisation",
        "manipulative_wording",
        0.69,
        "Stretches a possible harm into a permanent one.",
    ),
    (
        "Everyone knows the real reason",
        "Appeal_to_Popularity",
        "justification",
        0.7,
        "Presents a suspicion as something everybody already agrees on.",
    ),
    (
        "the real reason they want this plant is the developers",
        "Doubt",
        "attack_on_reputation",
        0.66,
        "Casts doubt on the council's motives without support.",
    ),
    (
        "Either we build this plant now, or our children will be queuing for bottled water",
        "False_Dilemma-No_Choice",
        "simplification",
        0.91,
        "Offers only two options although others exist (the article mentions leak repair "
        "and reuse).",
    ),
    (
        "our children will be queuing for bottled water",
        "Appeal_to_Fear-Prejudice",
        "justification",
        0.64,
        "Invokes children and scarcity to make the choice feel urgent.",
    ),
    (
        "Real patriots protect their home town",
        "Flag_Waving",
        "justification",
        0.86,
        "Ties support for the plant to loyalty to the town.",
    ),
    (
        "Water for all, water forever!",
        "Slogans",
        "call",
        0.9,
        "A short, catchy phrase in place of an argument.",
    ),
    (
        "And what about the council's own swimming pool, which wastes millions of litres a "
        "year? Nobody talks about that",
        "Whataboutism",
        "distraction",
        0.87,
        "Deflects from the authority's figures by pointing to a different issue.",
    ),
    (
        "The drought is simply the result of decades of mismanagement by this council, nothing "
        "more",
        "Causal_Oversimplification",
        "simplification",
        0.79,
        "Reduces a drought to a single cause.",
    ),
    (
        "at the mercy of the next dry summer",
        "Appeal_to_Fear-Prejudice",
        "justification",
        0.57,
        "Reported warning framed to alarm.",
    ),
    (
        "We will never stop fighting. Never",
        "Repetition",
        "manipulative_wording",
        0.52,
        "Repeats 'never' for emphasis.",
    ),
    (
        "It is what it is",
        "Conversation_Killer",
        "call",
        0.77,
        "A stock phrase that discourages further discussion.",
    ),
]

# (quote, label, scope sentence, score, explanation)
ATTRIBUTIONS = [
    (
        "Mayor Elena Hartmann",
        "named",
        'Mayor Elena Hartmann called the decision "a historic day for every family in Carrow Bay" '
        'and said the plant would "secure our water for the next fifty years."',
        0.95,
        "Named person with a stated role.",
    ),
    (
        "According to council documents",
        "official",
        "According to council documents, the facility will process up to 12,000 cubic metres of "
        "seawater a day once it opens in 2027.",
        0.9,
        "An official document is cited.",
    ),
    (
        "Tom Briggs, a spokesman for the Save the Headland campaign",
        "named",
        '"This reckless, corrupt council has sold out our coastline to its cronies," said Tom '
        "Briggs, a spokesman for the Save the Headland campaign",
        0.94,
        "Named person with affiliation.",
    ),
    (
        "Critics",
        "vague",
        "Critics say the brine released by the plant could harm the shellfish beds that support "
        "some forty local jobs.",
        0.82,
        "Unspecified group; the reader cannot check who said it.",
    ),
    (
        "Some residents",
        "vague",
        "Some residents believe the project is being rushed.",
        0.8,
        "How many residents, and which ones, is not said.",
    ),
    (
        "one resident, who asked not to be named",
        "anonymous",
        '"Everyone knows the real reason they want this plant is the developers," one resident, '
        "who asked not to be named, told the Ledger.",
        0.92,
        "Anonymous source; no reason given.",
    ),
    (
        "Experts",
        "vague",
        "Experts say the environmental assessment left important questions unanswered.",
        0.85,
        "No expert is named or quoted.",
    ),
    (
        "councillor Mark Odenkirk",
        "named",
        '"Either we build this plant now, or our children will be queuing for bottled water," '
        "said councillor Mark Odenkirk.",
        0.93,
        "Named person with a stated role.",
    ),
    (
        "The regional water authority",
        "official",
        "The regional water authority said in a statement that the reservoir had fallen to 31 per "
        "cent of capacity last summer, the lowest level since records began in 1976.",
        0.9,
        "Institution speaking on the record.",
    ),
    (
        "Dr. Priya Nair",
        "named",
        'A hydrologist at Westmoor University, Dr. Priya Nair, said that desalination was "one '
        'reasonable option among several," adding that leak repairs and water reuse could close '
        "part of the gap.",
        0.93,
        "Named expert with affiliation.",
    ),
    (
        "Officials familiar with the tender",
        "anonymous",
        "Officials familiar with the tender said two foreign firms were among the bidders.",
        0.88,
        "Unnamed officials.",
    ),
    (
        "Sources close to the mayor",
        "anonymous",
        "Sources close to the mayor said she had been warned that delaying the vote would leave "
        'the town "at the mercy of the next dry summer."',
        0.9,
        "Unnamed sources.",
    ),
]

# (quote, label, score, explanation)
CLAIMS = [
    (
        "the reservoir had fallen to 31 per cent of capacity last summer, the lowest level since "
        "records began in 1976",
        "checkable",
        0.84,
        "Specific figure and record that can be checked against the authority's data.",
    ),
    (
        "the facility will process up to 12,000 cubic metres of seawater a day",
        "checkable",
        0.76,
        "Capacity figure attributed to council documents.",
    ),
    (
        "two foreign firms were among the bidders",
        "checkable",
        0.58,
        "Statement about the tender, from unnamed officials.",
    ),
]


def _span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def _finding(
    quote: str,
    kind: str,
    label: str,
    category: str | None,
    score: float,
    explanation: str,
    detector: str,
    scope: str | None = None,
) -> FindingRecord:
    start, end = _span(quote)
    return FindingRecord(
        start=start,
        end=end,
        kind=kind,
        label=label,
        category=category,
        score=score,
        detector=detector,
        detector_version="1.0",
        explanation=explanation,
        scope=Span(start=_span(scope)[0], end=_span(scope)[1]) if scope else None,
        attrs={},
        text=quote,
    )


def _source_category(label: str) -> str:
    return "verifiable_source" if label in ("named", "official") else "unverifiable_source"


def demo_record() -> AnalysisRecord:
    """A fictional article with ~20 techniques (nested and crossing), sources and claims."""
    findings = [
        _finding(q, "technique", label, cat, score, expl, "unspun.detectors.techniques")
        for q, label, cat, score, expl in TECHNIQUES
    ]
    findings += [
        _finding(
            q,
            "attribution",
            label,
            _source_category(label),
            score,
            expl,
            "unspun.attribution",
            scope,
        )
        for q, label, scope, score, expl in ATTRIBUTIONS
    ]
    for q, label, score, expl in CLAIMS:
        sentence = next(s for _, _, s, _, _ in ATTRIBUTIONS if q in s)
        findings.append(_finding(q, "claim", label, None, score, expl, "unspun.claims", sentence))
    findings.sort(key=lambda f: (f.start, -f.end, f.kind, f.label))
    return AnalysisRecord(
        schema_version=SCHEMA_VERSION,
        id="harbour-ledger-2024-05-14-desalination",
        lang="en",
        lang_score=0.99,
        title="Council pushes ahead with Carrow Bay desalination plant despite protests",
        source="The Harbour Ledger (fictional)",
        url="https://example.org/news/carrow-bay-desalination",
        date="2024-05-14",
        authors=["Staff reporter"],
        text=TEXT,
        length=len(TEXT),
        detectors=[
            DetectorInfo(name="unspun.detectors.techniques", version="1.0"),
            DetectorInfo(name="unspun.attribution", version="1.0"),
            DetectorInfo(name="unspun.claims", version="1.0"),
        ],
        findings=findings,
    )

#!/usr/bin/env python3
# ruff: noqa: E501  (the texts and span strings are long lines on purpose)
"""Build unspun's synthetic Russia-Ukraine stress set in the PTC file layout.

Every text below was written by the unspun authors for this stress set. None is copied
from, or paraphrases, a real article, post or data set; names of experts, officials and
channels are invented. See README.md in this folder.

This one file holds the texts and their technique spans. A span is given as

    (technique, exact substring)              the substring occurs once in the document
    (technique, exact substring, k)           its k-th occurrence (0-based)
    (technique, exact substring, [k1, k2])    several occurrences, one span each

Occurrences are counted in the whole document as written to disk (title line, blank
line, body), which is also what the offsets index. Offsets are computed here, never by
hand, and every span is checked: doc[start:end] must equal the substring.

    python3 data/stress/build.py            # (re)write articles/ and labels/
    python3 data/stress/build.py --check    # verify that the files on disk are current

Python 3.9+, standard library only.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from unspun.detectors.techniques.labels import PTC_LABELS

HERE = Path(__file__).resolve().parent
FIRST_ID = 900001

TECHNIQUES = PTC_LABELS
# The detector's weakest techniques must appear at least this often in the set.
MIN_COUNT = 5
MIN_COUNT_WEAK = 8
WEAK = (
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
    "Black-and-White_Fallacy",
    "Bandwagon,Reductio_ad_hitlerum",
)
REGISTERS = ("state_media", "telegram", "neutral_news")
SIDES = ("pro_kremlin", "pro_ukrainian", "none")
MIN_WORDS, MAX_WORDS = 120, 350

# Short aliases for the labels, used only in the data below.
AUTH = "Appeal_to_Authority"
FEAR = "Appeal_to_fear-prejudice"
BAND = "Bandwagon,Reductio_ad_hitlerum"
BW = "Black-and-White_Fallacy"
CAUSE = "Causal_Oversimplification"
DOUBT = "Doubt"
EXAG = "Exaggeration,Minimisation"
FLAG = "Flag-Waving"
LOAD = "Loaded_Language"
NAME = "Name_Calling,Labeling"
REP = "Repetition"
SLOG = "Slogans"
TTC = "Thought-terminating_Cliches"
WHAT = "Whataboutism,Straw_Men,Red_Herring"

DOCS: list[dict] = []


def doc(register: str, side: str, title: str, body: str, spans: list[tuple]) -> None:
    """Add one text; its id is the next free one from FIRST_ID."""
    DOCS.append(
        {
            "id": str(FIRST_ID + len(DOCS)),
            "register": register,
            "side": side,
            "title": title,
            "body": body,
            "spans": spans,
        }
    )


def _occurrences(text: str, sub: str) -> list[int]:
    found, i = [], text.find(sub)
    while i != -1:
        found.append(i)
        i = text.find(sub, i + 1)
    return found


def render(d: dict) -> tuple[str, list[tuple[str, int, int]]]:
    """The file text of one document and its (technique, start, end) spans, checked."""
    where = f"article{d['id']}"
    title, body = d["title"].strip(), d["body"].strip()
    assert "\n" not in title, f"{where}: the title must be one line"
    text = f"{title}\n\n{body}\n"
    words = len(body.split())
    assert MIN_WORDS <= words <= MAX_WORDS, f"{where}: {words} words, not {MIN_WORDS}-{MAX_WORDS}"
    assert d["register"] in REGISTERS, f"{where}: unknown register {d['register']!r}"
    assert d["side"] in SIDES, f"{where}: unknown side {d['side']!r}"
    out: list[tuple[str, int, int]] = []
    for spec in d["spans"]:
        technique, sub = spec[0], spec[1]
        assert technique in TECHNIQUES, f"{where}: unknown technique {technique!r}"
        assert sub and sub == sub.strip(), f"{where}: span {sub!r} is empty or padded"
        starts = _occurrences(text, sub)
        assert starts, f"{where}: span not found: {sub!r}"
        if len(spec) == 2:
            assert len(starts) == 1, (
                f"{where}: {sub!r} occurs {len(starts)} times; say which occurrence(s)"
            )
            wanted = [0]
        else:
            wanted = spec[2] if isinstance(spec[2], list) else [spec[2]]
        for k in wanted:
            assert 0 <= k < len(starts), (
                f"{where}: {sub!r} has no occurrence {k} (it occurs {len(starts)} times)"
            )
            start = starts[k]
            end = start + len(sub)
            assert text[start:end] == sub
            out.append((technique, start, end))
    assert len(out) == len(set(out)), f"{where}: a span is listed twice"
    if d["register"] == "neutral_news":
        assert not out, f"{where}: a control text must carry no technique spans"
    else:
        assert out, f"{where}: a propaganda text without spans"
    out.sort(key=lambda s: (s[1], s[2], s[0]))
    return text, out


def build() -> dict[str, tuple[str, str]]:
    """article id -> (article file text, labels file text)."""
    ids = [d["id"] for d in DOCS]
    assert len(ids) == len(set(ids))
    files = {}
    for d in DOCS:
        text, spans = render(d)
        labels = "".join(f"{d['id']}\t{t}\t{s}\t{e}\n" for t, s, e in spans)
        files[d["id"]] = (text, labels)
    return files


def counts(files: dict[str, tuple[str, str]]) -> Counter:
    c: Counter = Counter()
    for _, labels in files.values():
        for line in labels.splitlines():
            c[line.split("\t")[1]] += 1
    return c


def check_minimums(c: Counter) -> list[str]:
    problems = []
    for t in TECHNIQUES:
        need = MIN_COUNT_WEAK if t in WEAK else MIN_COUNT
        if c[t] < need:
            problems.append(f"{t}: {c[t]} spans, need {need}")
    return problems


def main(argv: list[str]) -> int:
    files = build()
    c = counts(files)
    problems = check_minimums(c)
    articles, labels = HERE / "articles", HERE / "labels"
    if "--check" in argv:
        stale = []
        for i, (text, lab) in files.items():
            a = articles / f"article{i}.txt"
            b = labels / f"article{i}.task-flc-tc.labels"
            if not a.exists() or a.read_text(encoding="utf-8") != text:
                stale.append(str(a))
            if not b.exists() or b.read_text(encoding="utf-8") != lab:
                stale.append(str(b))
        extra = {p.name for p in articles.glob("article*.txt")} - {f"article{i}.txt" for i in files}
        stale += sorted(extra)
        for p in stale:
            print(f"stale or missing: {p}", file=sys.stderr)
        for p in problems:
            print(f"too few: {p}", file=sys.stderr)
        print(
            f"{len(files)} texts, {sum(c.values())} spans: "
            f"{'OK' if not stale and not problems else 'FAILED'}"
        )
        return 1 if stale or problems else 0
    articles.mkdir(exist_ok=True)
    labels.mkdir(exist_ok=True)
    for p in list(articles.glob("article*.txt")) + list(labels.glob("article*.labels")):
        p.unlink()
    for i, (text, lab) in files.items():
        with (articles / f"article{i}.txt").open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        with (labels / f"article{i}.task-flc-tc.labels").open(
            "w", encoding="utf-8", newline=""
        ) as fh:
            fh.write(lab)
    manifest = [
        {
            "id": d["id"],
            "register": d["register"],
            "side": d["side"],
            "title": d["title"],
            "words": len(d["body"].split()),
            "spans": len(files[d["id"]][1].splitlines()),
        }
        for d in DOCS
    ]
    (HERE / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    by_reg = Counter((d["register"], d["side"]) for d in DOCS)
    print(f"wrote {len(files)} texts, {sum(c.values())} spans to {articles} and {labels}")
    for (reg, side), n in sorted(by_reg.items()):
        print(f"  {reg:13} {side:14} {n}")
    for t in TECHNIQUES:
        print(f"  {c[t]:4}  {t}")
    for p in problems:
        print(f"too few: {p}", file=sys.stderr)
    return 1 if problems else 0


# ---------------------------------------------------------------------------------------
# The texts. Registers: state_media (translated state-media style), telegram (channel
# posts), neutral_news (controls, no techniques). Sides: whose propaganda register it is.
# ---------------------------------------------------------------------------------------

# ---- state media, pro-Kremlin register --------------------------------------------------

doc(
    "state_media",
    "pro_kremlin",
    "Kyiv regime continues shelling of residential districts of Donetsk",
    """
The armed formations of the Kyiv regime have once again shelled residential districts of Donetsk, the city administration reported on Tuesday. According to preliminary data, three apartment buildings and a school were damaged.

"The neo-Nazi battalions deliberately target civilians because they know they cannot win on the battlefield," said Viktor Lapshin, a political scientist at the Institute of Strategic Forecasting. "This is the terror tactic of a regime that lost its legitimacy in 2014."

Experts note that the shells used in the attack were supplied by NATO countries. The Western curators of the Kyiv regime, who pretend to care about human rights, have remained silent.

Meanwhile, the special military operation continues in accordance with the plan. All its objectives will be achieved, the ministry stressed.

Residents of Donetsk say they have lived under fire for eight years. "Where were the European human rights defenders all this time?" asked one pensioner, who lost her neighbour in the strike. "Nobody in Paris or Berlin shed a single tear for the children of Donbas."

The Russian side has repeatedly called on international organisations to give an objective assessment of the crimes of the Kyiv regime. So far, these calls have been ignored.
""",
    [
        (NAME, "Kyiv regime", [0, 1, 2, 3]),
        (REP, "Kyiv regime", [1, 2, 3]),
        (NAME, "neo-Nazi battalions"),
        (
            CAUSE,
            "The neo-Nazi battalions deliberately target civilians because they know they cannot win on the battlefield",
        ),
        (LOAD, "terror tactic"),
        (DOUBT, "a regime that lost its legitimacy in 2014"),
        (AUTH, "Experts note that the shells used in the attack were supplied by NATO countries"),
        (NAME, "Western curators"),
        (DOUBT, "who pretend to care about human rights"),
        (LOAD, "special military operation"),
        (SLOG, "All its objectives will be achieved"),
        (WHAT, "Where were the European human rights defenders all this time?"),
        (EXAG, "Nobody in Paris or Berlin shed a single tear for the children of Donbas"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Ministry: so-called counteroffensive has failed, enemy suffers heavy losses",
    """
The so-called counteroffensive of the Ukrainian armed forces has completely failed, the Defence Ministry said in its daily briefing on Thursday.

Over the past 24 hours, units of the Southern group of forces repelled four attacks in the Zaporizhzhia direction. The enemy lost up to 400 servicemen, two tanks and eleven armoured vehicles, many of them of Western manufacture.

"The Kyiv regime is throwing its soldiers into a meat grinder on the orders of its overseas masters," said retired colonel Andrei Bulatov, a military expert. "They are cannon fodder for Washington, nothing more."

According to the ministry, the much-praised Western tanks burn just as well as any other tanks. The hysteria in the Western press about a "turning point" has subsided, experts note.

In a number of areas, Russian units have taken up more advantageous positions. This regrouping was carried out in an organised manner and without losses.

The ministry stressed that Russian servicemen are displaying courage and heroism and are fulfilling their duty to the Motherland with honour. The people of Russia stand behind their defenders as one.

"The outcome has been clear from the very first day," Bulatov added. "Russia has never lost a war it considered just, and it will not lose this one."
""",
    [
        (DOUBT, "so-called counteroffensive", [0, 1]),
        (EXAG, "has completely failed"),
        (NAME, "Kyiv regime"),
        (LOAD, "meat grinder"),
        (NAME, "overseas masters"),
        (NAME, "cannon fodder for Washington"),
        (LOAD, "the much-praised Western tanks burn just as well as any other tanks"),
        (LOAD, "hysteria"),
        (LOAD, "regrouping"),
        (EXAG, "without losses"),
        (FLAG, "fulfilling their duty to the Motherland with honour"),
        (BAND, "The people of Russia stand behind their defenders as one"),
        (TTC, "The outcome has been clear from the very first day"),
        (SLOG, "Russia has never lost a war it considered just"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Western curators push Europe towards economic collapse, analysts say",
    """
The energy crisis in Europe is a direct result of the sanctions policy imposed on the European Union by Washington, analysts interviewed by our agency believe.

"Europeans are freezing in their homes because their leaders chose to obey the Americans instead of buying cheap Russian gas," said economist Dmitry Orekhov. "Brussels has sacrificed its own citizens to please the overseas hegemon."

Prices for electricity in Germany have risen several times over. Factories are closing, and families are forced to choose between heating and food. Entire industries are fleeing to the United States.

Meanwhile, the European bureaucrats continue to send billions of euros to the Kyiv regime, money that ends up in the pockets of corrupt officials. "Ordinary Germans, Frenchmen and Italians are paying for somebody else's war," Orekhov noted.

More and more Europeans understand that the sanctions hit Europe itself, not Russia. Thousands have taken to the streets of European capitals demanding an end to arms supplies.

Western media, of course, prefer not to notice these protests. Instead, they repeat the same tired stories about "Russian aggression".

Experts agree that the Russian economy has adapted to the restrictions. "Russia has enough friends in the world," Orekhov said. "It is Europe that has isolated itself."
""",
    [
        (
            CAUSE,
            "The energy crisis in Europe is a direct result of the sanctions policy imposed on the European Union by Washington",
        ),
        (
            CAUSE,
            "Europeans are freezing in their homes because their leaders chose to obey the Americans instead of buying cheap Russian gas",
        ),
        (NAME, "overseas hegemon"),
        (EXAG, "Entire industries are fleeing to the United States"),
        (NAME, "European bureaucrats"),
        (NAME, "Kyiv regime"),
        (LOAD, "money that ends up in the pockets of corrupt officials"),
        (LOAD, "somebody else's war"),
        (
            BAND,
            "More and more Europeans understand that the sanctions hit Europe itself, not Russia",
        ),
        (DOUBT, "Western media, of course, prefer not to notice these protests"),
        (LOAD, "the same tired stories"),
        (AUTH, "Experts agree that the Russian economy has adapted to the restrictions"),
        (EXAG, "It is Europe that has isolated itself"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Denazification remains a key goal, Foreign Ministry spokesperson reminds",
    """
The demilitarisation and denazification of Ukraine remain the key goals of the special military operation, a Foreign Ministry spokesperson told a briefing on Wednesday.

"Torchlight marches, streets named after Nazi collaborators, SS symbols on the uniforms of soldiers: this is the reality of today's Ukraine, which Western capitals do not want to see," the spokesperson said. "History teaches us what happens when Nazism is not stopped in time."

She recalled that the Russian people paid a terrible price to defeat fascism in the Great Patriotic War. "We will not allow it to be reborn on our borders. Our grandfathers defeated it, and we will defeat it too."

Asked about Western criticism, the spokesperson said Russia would not take lessons in democracy from countries that bombed Belgrade, invaded Iraq and destroyed Libya.

"The West has only ever had one goal: to dismember Russia and seize its resources," she said. "Either the world returns to respect for international law, or it will be ruled by the law of the jungle that Washington prefers."

The spokesperson also dismissed reports about damage to civilian infrastructure as "fakes manufactured in the laboratories of Western special services."
""",
    [
        (LOAD, "denazification", 0),
        (LOAD, "special military operation"),
        (
            BAND,
            "Torchlight marches, streets named after Nazi collaborators, SS symbols on the uniforms of soldiers: this is the reality of today's Ukraine",
        ),
        (FEAR, "History teaches us what happens when Nazism is not stopped in time"),
        (
            FLAG,
            "the Russian people paid a terrible price to defeat fascism in the Great Patriotic War",
        ),
        (SLOG, "Our grandfathers defeated it, and we will defeat it too"),
        (
            WHAT,
            "Russia would not take lessons in democracy from countries that bombed Belgrade, invaded Iraq and destroyed Libya",
        ),
        (WHAT, "The West has only ever had one goal: to dismember Russia and seize its resources"),
        (
            BW,
            "Either the world returns to respect for international law, or it will be ruled by the law of the jungle that Washington prefers",
        ),
        (DOUBT, "fakes manufactured in the laboratories of Western special services"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Liberated territories return to peaceful life",
    """
Life in the liberated territories is steadily returning to normal, the head of the regional administration told reporters during a visit to a restored hospital on Monday.

"People here waited for Russia for eight long years. Today they are finally home," he said. "Schools are opening, pensions are being paid, and nobody forbids children to speak their native language anymore."

According to him, more than two hundred residential buildings damaged during the fighting have already been rebuilt by construction crews from Russian regions. Residents thank the builders with tears in their eyes, he added.

Political scientist Irina Voskresenskaya believes the reunification with the historical homeland was the only possible outcome. "There was never any other option. Either these lands would be part of the Russian world, or they would be turned into a testing ground for NATO," she said.

Western politicians who call the referendums illegitimate have never visited these places, she noted. "They do not care what the people here think. For them, the residents of Donbas are simply an obstacle."

The administration head also said that the Kyiv regime continues to shell the liberated territories with Western weapons in revenge for the free choice made by its people. "Those who fire on peaceful towns will answer for it," he said. "We don't abandon our own."
""",
    [
        (LOAD, "Liberated territories"),
        (LOAD, "liberated territories", [0, 1]),
        (REP, "liberated territories", 1),
        (FLAG, "People here waited for Russia for eight long years. Today they are finally home"),
        (EXAG, "Residents thank the builders with tears in their eyes"),
        (LOAD, "reunification with the historical homeland"),
        (TTC, "There was never any other option"),
        (
            BW,
            "Either these lands would be part of the Russian world, or they would be turned into a testing ground for NATO",
        ),
        (
            WHAT,
            "Western politicians who call the referendums illegitimate have never visited these places",
        ),
        (WHAT, "They do not care what the people here think"),
        (NAME, "Kyiv regime"),
        (CAUSE, "in revenge for the free choice made by its people"),
        (SLOG, "We don't abandon our own"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Kyiv preparing new staged provocation, intelligence warns",
    """
Ukrainian special services, together with their Western curators, are preparing yet another staged provocation to accuse Russia of war crimes, a source in the security services told our agency.

According to the source, a group of foreign journalists has already been brought to the area to film the "consequences" of an alleged strike. Bodies for the staging are being transported from morgues, the source claimed.

"This is the same scenario we have seen again and again," said Sergei Malinin, a member of the parliamentary defence committee. "First the picture appears on Western television, then comes the hysteria, then new sanctions. Nobody even bothers to check the facts."

Malinin stressed that Russian servicemen never strike civilian targets. "Our army fights with armed units, not with civilians. That is a principle."

Experts point out that every such provocation coincides with an important summit or a vote on arms supplies in Western parliaments. "It is no coincidence," Malinin said. "Draw your own conclusions."

The so-called independent investigators of international organisations have, as usual, taken the side of Kyiv without waiting for any evidence. The Russian side has demanded an impartial investigation, but its requests have once again gone unanswered.
""",
    [
        (NAME, "Western curators"),
        (LOAD, "staged provocation", 1),
        (FEAR, "Kyiv preparing new staged provocation"),
        (DOUBT, "Bodies for the staging are being transported from morgues"),
        (LOAD, "hysteria"),
        (EXAG, "Nobody even bothers to check the facts"),
        (EXAG, "Russian servicemen never strike civilian targets"),
        (SLOG, "Our army fights with armed units, not with civilians"),
        (
            CAUSE,
            "every such provocation coincides with an important summit or a vote on arms supplies in Western parliaments",
        ),
        (AUTH, "Experts point out that every such provocation coincides"),
        (TTC, "Draw your own conclusions"),
        (DOUBT, "so-called independent investigators"),
        (DOUBT, "taken the side of Kyiv without waiting for any evidence"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Forced mobilisation in Ukraine: men hunted on the streets",
    """
The Kyiv regime has stepped up forced mobilisation, with military enlistment officers literally hunting men on the streets of Ukrainian cities, human rights activists report.

Videos circulating on social networks show men being pushed into minibuses outside shopping centres. According to local residents, people are afraid to leave their homes.

"The Zelensky junta is ready to fight to the last Ukrainian," said Alexei Fomin, director of the Centre for Eurasian Studies. "For the puppeteers in Washington and London, Ukrainians are expendable material. Nobody in Kyiv is asking the people whether they want to die for the interests of BlackRock."

According to Fomin, the whole of Ukraine is now one big concentration camp from which men are not allowed to leave. "This is a regime worthy of the darkest pages of the twentieth century," he said.

Thousands of Ukrainian men have already fled abroad, while those who remain are sent to the front after two weeks of training. The losses of the Ukrainian armed forces, according to experts, are catastrophic.

Meanwhile, in Russia, volunteers continue to sign contracts with the Defence Ministry. "Our men go to defend the Motherland of their own free will," Fomin noted. "That is the difference between a nation and a regime."
""",
    [
        (NAME, "Kyiv regime"),
        (EXAG, "literally hunting men on the streets"),
        (NAME, "Zelensky junta"),
        (SLOG, "fight to the last Ukrainian"),
        (NAME, "puppeteers in Washington and London"),
        (LOAD, "expendable material"),
        (CAUSE, "die for the interests of BlackRock"),
        (EXAG, "the whole of Ukraine is now one big concentration camp"),
        (BAND, "a regime worthy of the darkest pages of the twentieth century"),
        (AUTH, "according to experts, are catastrophic"),
        (FLAG, "Our men go to defend the Motherland of their own free will"),
        (BW, "That is the difference between a nation and a regime"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Pentagon's military biological activity in Ukraine poses threat to all of Europe",
    """
Documents obtained during the special military operation confirm that the Pentagon financed dozens of biological laboratories in Ukraine, the head of the radiation, chemical and biological protection troops said at a briefing.

"Dangerous pathogens were studied in immediate proximity to the Russian border. Their spread could have caused an epidemic across the entire continent," he said, showing a series of slides.

According to him, the laboratories worked with samples collected from migratory birds, bats and residents of Ukrainian villages. The results were sent to the United States.

Professor Nikolai Gavrilov, an epidemiologist, said the evidence speaks for itself. "No honest scientist can look at these documents and remain silent," he said. "Ukrainians were used as guinea pigs."

Washington, as always, denies everything. But the same Americans once told the world about weapons of mass destruction in Iraq, the professor recalled. "Why should anyone believe them now?"

The ministry called on the international community to demand that the United States disclose the full details of its military biological programmes. "The world deserves to know what has been brewing under its nose," the general said. "Tomorrow it may be too late."
""",
    [
        (LOAD, "special military operation"),
        (FEAR, "Their spread could have caused an epidemic across the entire continent"),
        (FEAR, "poses threat to all of Europe"),
        (
            AUTH,
            "Professor Nikolai Gavrilov, an epidemiologist, said the evidence speaks for itself",
        ),
        (BAND, "No honest scientist can look at these documents and remain silent"),
        (LOAD, "guinea pigs"),
        (DOUBT, "Washington, as always, denies everything"),
        (WHAT, "the same Americans once told the world about weapons of mass destruction in Iraq"),
        (DOUBT, "Why should anyone believe them now?"),
        (LOAD, "brewing under its nose"),
        (FEAR, "Tomorrow it may be too late"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Withdrawal of troops is a goodwill gesture, ministry explains",
    """
The withdrawal of Russian units from the island was a goodwill gesture intended to demonstrate that Russia does not obstruct the export of agricultural products, the Defence Ministry said in a statement.

"The decision was taken in order to facilitate the work of the United Nations humanitarian corridor," the statement said. "The Russian Federation has fulfilled all its obligations."

Military expert Roman Ilyin stressed that the island had lost its military significance after the objectives set there had been achieved. "This is a routine, planned step. Nothing more," he said. "Only Western propagandists could see a defeat in it."

Ukrainian media, he said, were quick to present the move as a victory. "They need at least some good news to keep begging for money. The whole world knows that the situation on the front line has not changed at all."

According to Ilyin, the so-called experts of Western think tanks have predicted the collapse of the Russian army every week since February. "And every week they turn out to be wrong."

The ministry added that the Kyiv regime, by contrast, has done nothing to ensure the safety of shipping. "It is Kyiv that mines the ports, it is Kyiv that blocks the grain, and it is Kyiv that lies about it."
""",
    [
        (LOAD, "goodwill gesture", [0, 1]),
        (REP, "goodwill gesture", 1),
        (EXAG, "This is a routine, planned step. Nothing more"),
        (NAME, "Western propagandists"),
        (LOAD, "keep begging for money"),
        (BAND, "The whole world knows that the situation on the front line has not changed at all"),
        (DOUBT, "so-called experts of Western think tanks"),
        (EXAG, "every week since February"),
        (NAME, "Kyiv regime"),
        (REP, "it is Kyiv that", [0, 1]),
        (LOAD, "lies about it"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Russia had no choice: thirty years of NATO expansion",
    """
For thirty years, NATO has been moving closer to Russia's borders despite the promises given to Moscow in 1990, the deputy foreign minister said in an interview with our agency on the anniversary of the start of the special military operation.

"We warned them. We warned them in Munich, we warned them in Bucharest, we warned them in December. Nobody listened," he said. "Russia was left with no choice."

According to the deputy minister, the current conflict was provoked exclusively by the Anglo-Saxons, who turned Ukraine into an anti-Russia. "If the West had respected our security interests, there would have been no war. It is that simple."

The diplomat rejected accusations that Russia threatens its neighbours. "Russia does not start wars. Russia ends them," he said.

He recalled that the United States has military bases in dozens of countries and has taken part in more armed conflicts than any other state since 1945. "And these people accuse us of imperialism?"

"Those who are not with us today will have to explain to their children why they took the side of the neo-Nazis," he said. "The world is dividing into those who defend sovereignty and those who serve the hegemon. There is no third way."
""",
    [
        (LOAD, "special military operation"),
        (REP, "We warned them", 1),
        (REP, "we warned them", [0, 1]),
        (EXAG, "Nobody listened"),
        (TTC, "Russia was left with no choice"),
        (CAUSE, "the current conflict was provoked exclusively by the Anglo-Saxons"),
        (NAME, "Anglo-Saxons"),
        (NAME, "anti-Russia"),
        (CAUSE, "If the West had respected our security interests, there would have been no war"),
        (TTC, "It is that simple"),
        (SLOG, "Russia does not start wars. Russia ends them"),
        (
            WHAT,
            "the United States has military bases in dozens of countries and has taken part in more armed conflicts than any other state since 1945",
        ),
        (BAND, "took the side of the neo-Nazis"),
        (
            BW,
            "The world is dividing into those who defend sovereignty and those who serve the hegemon. There is no third way",
        ),
        (NAME, "the hegemon"),
    ],
)

doc(
    "state_media",
    "pro_kremlin",
    "Russia remains the last bastion of traditional values, say participants of forum",
    """
Russia is today the last bastion of traditional values in a world where the West has declared war on the family, faith and common sense, participants of the international forum "Sovereignty and Tradition" said in Moscow.

"In Europe, children are taught that there are dozens of genders. Priests are persecuted, and parents are turned into 'parent number one' and 'parent number two'," said the forum's moderator, philosopher Gleb Arkhipov. "That is what the liberal West wants to bring to Ukraine and then to us."

According to Arkhipov, the conflict in Ukraine is not a territorial dispute but a clash of civilisations. "On one side is the Russian world with its thousand-year history. On the other is a decaying, godless West that has lost its soul."

Delegates from more than forty countries attended the forum. Many of them, Arkhipov said, came to Moscow because they see Russia as the hope of all normal people on the planet. "Millions of people in Europe and America are looking at Russia with hope today."

The forum adopted a declaration calling for the protection of traditional values. "We are fighting not only for our land but for the soul of humanity," the declaration says. "Truth is on our side, and where the truth is, there is strength."
""",
    [
        (FLAG, "Russia is today the last bastion of traditional values"),
        (WHAT, "the West has declared war on the family, faith and common sense"),
        (FEAR, "That is what the liberal West wants to bring to Ukraine and then to us"),
        (EXAG, "In Europe, children are taught that there are dozens of genders"),
        (
            BW,
            "On one side is the Russian world with its thousand-year history. On the other is a decaying, godless West that has lost its soul",
        ),
        (LOAD, "decaying, godless West"),
        (BAND, "they see Russia as the hope of all normal people on the planet"),
        (BAND, "Millions of people in Europe and America are looking at Russia with hope today"),
        (FLAG, "We are fighting not only for our land but for the soul of humanity"),
        (SLOG, "where the truth is, there is strength"),
    ],
)

# ---- state media, pro-Ukrainian register ------------------------------------------------

doc(
    "state_media",
    "pro_ukrainian",
    "Occupiers shelled Kherson again, terrorist state shows its true face",
    """
The russian occupiers shelled the centre of Kherson again on Saturday morning, the regional military administration reported. A market, a bus stop and several private houses were hit.

"The terrorist state continues to wage war against civilians, because it cannot defeat the Armed Forces of Ukraine on the battlefield," the head of the administration said. "These are the actions of barbarians who came to our land to kill."

According to the administration, the occupiers fired from the left bank of the Dnipro, where they fled in November. "They ran away like cowards, and now they take revenge on pensioners and children," he added.

Military analyst Oleh Kravets noted that every such attack only strengthens the resolve of Ukrainians. "The enemy thinks that terror will break us. It never will. The whole civilised world sees who is the aggressor and who is the victim."

The head of the administration called on residents to stay in shelters when the air raid alert sounds and not to ignore the warnings.

"Kherson is Ukraine. Kherson was, is and will be Ukrainian," he said. "The occupiers will answer for every life they have taken. Glory to Ukraine!"
""",
    [
        (LOAD, "Occupiers"),
        (LOAD, "occupiers", [0, 1, 2]),
        (REP, "occupiers", [1, 2]),
        (NAME, "terrorist state", [0, 1]),
        (REP, "terrorist state", 1),
        (CAUSE, "because it cannot defeat the Armed Forces of Ukraine on the battlefield"),
        (NAME, "barbarians who came to our land to kill"),
        (NAME, "like cowards"),
        (LOAD, "take revenge on pensioners and children"),
        (FLAG, "every such attack only strengthens the resolve of Ukrainians"),
        (TTC, "It never will"),
        (BAND, "The whole civilised world sees who is the aggressor and who is the victim"),
        (SLOG, "Kherson is Ukraine"),
        (SLOG, "Kherson was, is and will be Ukrainian"),
        (SLOG, "Glory to Ukraine!"),
    ],
)

doc(
    "state_media",
    "pro_ukrainian",
    "General Staff: another 780 invaders liquidated over the past day",
    """
Over the past day, the Defence Forces of Ukraine liquidated another 780 russian invaders, the General Staff of the Armed Forces of Ukraine reported on Friday morning. The total combat losses of the enemy have passed a new symbolic mark.

In addition, Ukrainian defenders destroyed nine tanks, fourteen armoured combat vehicles, twenty-one artillery systems and thirty operational-tactical drones.

"The enemy keeps throwing wave after wave of poorly trained mobilised men at our positions. The Kremlin does not count its dead; for them, these people are just meat," a spokesperson for the Eastern group of forces said on national television.

He noted that the invaders' morale is at its lowest point since the start of the full-scale invasion. "Captured occupiers tell the same story: they were sent to die without proper equipment and without any idea what they were fighting for."

Military expert Yuliia Marchenko believes the enemy's resources are nearly exhausted. "The russian army is a colossus with feet of clay. Another few months of such losses, and it will collapse," she said.

The General Staff called on the occupiers to surrender, reminding them that Ukraine treats prisoners in accordance with the Geneva Conventions. "Save your life. Every russian soldier on our land is a legitimate target."
""",
    [
        (LOAD, "invaders", [0, 1, 2]),
        (REP, "invaders", [1, 2]),
        (LOAD, "liquidated", [0, 1]),
        (REP, "liquidated", 1),
        (LOAD, "wave after wave"),
        (LOAD, "these people are just meat"),
        (EXAG, "The Kremlin does not count its dead"),
        (
            EXAG,
            "the invaders' morale is at its lowest point since the start of the full-scale invasion",
        ),
        (EXAG, "Captured occupiers tell the same story"),
        (
            AUTH,
            "Military expert Yuliia Marchenko believes the enemy's resources are nearly exhausted",
        ),
        (NAME, "a colossus with feet of clay"),
        (EXAG, "Another few months of such losses, and it will collapse"),
        (LOAD, "occupiers", 1),
    ],
)

doc(
    "state_media",
    "pro_ukrainian",
    "Explosions at occupied airfield: the 'cotton' season continues",
    """
Residents of the occupied peninsula reported a series of powerful explosions near a military airfield overnight, local channels said. Columns of black smoke were visible from the nearby town.

The occupation authorities traditionally blamed "a violation of fire safety rules" and "the detonation of ammunition due to the heat". Ukrainian officials did not confirm their involvement, but the spokesperson of the Air Force noted that "smoking in unauthorised places is harmful to the health of russian military aircraft".

"Cotton is blooming in Crimea again. The season is in full swing," a representative of the intelligence directorate wrote on social networks, adding an emoji of a cotton plant.

According to military analyst Taras Hnatiuk, the occupiers are losing their sense of security even deep in the rear. "The Kremlin promised them that Crimea is an impregnable fortress. Now every russian officer on the peninsula sleeps with one eye open," he said.

Holidaymakers from russia were seen queuing for hours at the bridge as they hurried to leave. "Crimea is Ukraine, and the occupiers know it better than anyone," Hnatiuk said. "Their time here is running out. It is only a matter of time."

The occupation authorities called the reports of damage "fakes". Satellite images published on Tuesday tell a different story.
""",
    [
        (LOAD, "'cotton'"),
        (DOUBT, "The occupation authorities traditionally blamed"),
        (
            LOAD,
            "smoking in unauthorised places is harmful to the health of russian military aircraft",
        ),
        (LOAD, "Cotton is blooming in Crimea again"),
        (LOAD, "occupiers", [0, 1]),
        (REP, "occupiers", 1),
        (EXAG, "every russian officer on the peninsula sleeps with one eye open"),
        (EXAG, "queuing for hours"),
        (SLOG, "Crimea is Ukraine"),
        (TTC, "It is only a matter of time"),
        (DOUBT, "The occupation authorities called the reports of damage"),
    ],
)

doc(
    "state_media",
    "pro_ukrainian",
    "Ruscism is the new fascism, historians say at international conference",
    """
Ruscism is a new form of fascism that the free world must defeat just as it defeated Nazism eighty years ago, participants of an international historical conference said in Kyiv on Thursday.

"Parades, cult of death, the letter Z instead of the swastika: the rashists did not even try to hide where they got their inspiration," said historian Mykola Sereda, who opened the conference. "The Kremlin regime has copied the Third Reich down to the smallest detail."

According to Sereda, the horde that came to Ukraine in 2022 is no different from the hordes that burned Ukrainian villages in previous centuries. "It is the same empire with the same appetite. It only changes its flags."

Speakers stressed that the international community must recognise ruscism as an ideology and hold all its carriers accountable. "Every russian who keeps silent is complicit," one of the participants said. "There are no neutral positions in a war between good and evil."

The conference adopted a resolution calling on partner states to recognise russia as a state sponsor of terrorism. "The world has already made its choice," Sereda said. "Only cowards and hypocrites still say that everything is not so clear."

"Ukraine is defending not only itself but the whole of Europe," the resolution says.
""",
    [
        (BAND, "Ruscism is the new fascism"),
        (BAND, "Ruscism is a new form of fascism"),
        (NAME, "rashists"),
        (BAND, "The Kremlin regime has copied the Third Reich down to the smallest detail"),
        (NAME, "Kremlin regime"),
        (NAME, "the horde", 0),
        (
            EXAG,
            "is no different from the hordes that burned Ukrainian villages in previous centuries",
        ),
        (TTC, "It only changes its flags"),
        (EXAG, "Every russian who keeps silent is complicit"),
        (BW, "There are no neutral positions in a war between good and evil"),
        (BAND, "The world has already made its choice"),
        (NAME, "cowards and hypocrites"),
        (FLAG, "Ukraine is defending not only itself but the whole of Europe"),
    ],
)

doc(
    "state_media",
    "pro_ukrainian",
    "So-called referendums staged by Kremlin puppets have no legal force",
    """
The so-called referendums held by the occupation administrations in the temporarily occupied territories have no legal force and will never be recognised by the civilised world, the Ministry of Foreign Affairs of Ukraine said in a statement.

"This farce, staged at gunpoint by Kremlin puppets and local collaborators, changes nothing," the statement said. "Soldiers with machine guns went from door to door collecting 'votes'. The results were written in Moscow long before the first ballot was cast."

The ministry recalled that the pseudo-referendum in Crimea in 2014 followed exactly the same scenario. "The Kremlin has no imagination. It repeats the same lie again and again, hoping that the world will get tired of refuting it."

Ukrainian political scientist Andrii Zhuk noted that the very word "referendum" has lost any meaning in the mouths of russian propagandists. "In their language, occupation is called liberation, a massacre is called a goodwill gesture, and a retreat is called regrouping," he said.

All the collaborators who took part in organising the vote will be held accountable under Ukrainian law, the ministry warned. "Traitors will not escape justice. The land will return home, and so will the truth."
""",
    [
        (DOUBT, "So-called referendums"),
        (DOUBT, "so-called referendums"),
        (NAME, "Kremlin puppets", [0, 1]),
        (REP, "Kremlin puppets", 1),
        (LOAD, "This farce"),
        (NAME, "collaborators", [0, 1]),
        (EXAG, "The results were written in Moscow long before the first ballot was cast"),
        (DOUBT, "pseudo-referendum"),
        (LOAD, "The Kremlin has no imagination"),
        (NAME, "russian propagandists"),
        (NAME, "Traitors"),
        (SLOG, "The land will return home, and so will the truth"),
    ],
)

doc(
    "state_media",
    "pro_ukrainian",
    "Energy terror will not break Ukraine, government says",
    """
russia's massive missile attacks on Ukraine's energy infrastructure are a deliberate attempt to freeze Ukrainians into submission, the Prime Minister said at a government meeting on Tuesday.

"The terrorist state has chosen to fight against our children, our elderly and our hospitals. This is genocide by cold," he said. "But they have miscalculated. Ukrainians will sit in the dark, but they will never sit under the occupier."

According to the government, energy workers restored power to more than a million households within a day after the latest attack. The Prime Minister called them "heroes of the energy front".

Economist Svitlana Hrytsenko said that the strikes are the only thing left to an enemy that has lost the war on the battlefield. "When an army cannot win against soldiers, it attacks transformers. That says everything about the russian army."

The government thanked partner countries for air defence systems and generators. "The whole world is with Ukraine. Every country that values freedom understands that if Ukraine falls, the war will knock on its own door," the Prime Minister said.

"We will get through this winter. We will get through any winter," he said. "Darkness will not win. Ukraine will."
""",
    [
        (LOAD, "Energy terror"),
        (LOAD, "freeze Ukrainians into submission"),
        (NAME, "terrorist state"),
        (EXAG, "This is genocide by cold"),
        (SLOG, "Ukrainians will sit in the dark, but they will never sit under the occupier"),
        (FLAG, "heroes of the energy front"),
        (
            CAUSE,
            "the strikes are the only thing left to an enemy that has lost the war on the battlefield",
        ),
        (TTC, "That says everything about the russian army"),
        (BAND, "The whole world is with Ukraine"),
        (FEAR, "if Ukraine falls, the war will knock on its own door"),
        (REP, "We will get through", 1),
        (SLOG, "Darkness will not win. Ukraine will"),
        (FLAG, "We will get through this winter"),
    ],
)

doc(
    "state_media",
    "pro_ukrainian",
    "Zombified by propaganda: why russians support the war",
    """
The overwhelming majority of russians support the war against Ukraine because decades of television propaganda have turned them into a zombified mass, incapable of critical thinking, sociologist Iryna Bondar said in an interview with national television.

"Vatniks have been raised on the myth of the great empire since childhood. They do not need facts; they need the feeling that someone out there is afraid of them," Bondar said. "That is why they cheer when missiles hit our cities."

According to her, the so-called "good russians" who fled to Georgia and Kazakhstan are no better. "They left not because of the war but because of the mobilisation. None of them cared about Ukraine until the war came to their own homes."

Bondar rejected the idea that the russian people are hostages of the regime. "Hostages do not loot washing machines and toilets from Ukrainian homes," she said.

Asked whether there is any hope for change in russia, the sociologist was sceptical. "The swamp does not change. It only waits for the next tsar. Anyone who tells you otherwise has never lived next to them."

"Ukraine has only one way: to win and to build a wall," she concluded.
""",
    [
        (
            CAUSE,
            "The overwhelming majority of russians support the war against Ukraine because decades of television propaganda have turned them into a zombified mass",
        ),
        (NAME, "Zombified"),
        (NAME, "zombified mass"),
        (NAME, "Vatniks"),
        (DOUBT, 'so-called "good russians"'),
        (EXAG, "None of them cared about Ukraine until the war came to their own homes"),
        (LOAD, "loot washing machines and toilets"),
        (NAME, "The swamp"),
        (TTC, "The swamp does not change"),
        (EXAG, "Anyone who tells you otherwise has never lived next to them"),
        (BW, "Ukraine has only one way: to win and to build a wall"),
    ],
)

doc(
    "state_media",
    "pro_ukrainian",
    "Armed Forces liberate another village as enemy flees in panic",
    """
Units of the Defence Forces of Ukraine have liberated another village in the southern direction, the spokesperson of the Tavria group of forces announced on Sunday. The blue and yellow flag has been raised over the village council building.

"The enemy fled in panic, abandoning equipment, ammunition and even their wounded," the spokesperson said. "This is how the second army of the world fights: it runs."

Footage published by one of the brigades shows soldiers removing a russian tricolour from a school. According to the brigade, the occupiers had turned the school into a barracks and left it in ruins.

Military observer Denys Lutsenko said that the russian command would once again call the retreat "a goodwill gesture". "They made so many goodwill gestures last year that they are running out of territory for them," he joked.

The spokesperson noted that the counteroffensive is proceeding exactly as planned and that every metre of liberated land brings victory closer. "We are not in a hurry, because we value the lives of our soldiers, unlike the enemy."

"Every Ukrainian village will be free," she said. "We are coming home. Glory to the Armed Forces of Ukraine!"
""",
    [
        (EXAG, "The enemy fled in panic, abandoning equipment, ammunition and even their wounded"),
        (LOAD, "fled in panic"),
        (LOAD, "the second army of the world"),
        (LOAD, "it runs"),
        (LOAD, "occupiers"),
        (LOAD, "goodwill gesture", 0),
        (REP, "goodwill gestures"),
        (EXAG, "they are running out of territory for them"),
        (TTC, "the counteroffensive is proceeding exactly as planned"),
        (FLAG, "every metre of liberated land brings victory closer"),
        (WHAT, "unlike the enemy"),
        (SLOG, "We are coming home"),
        (SLOG, "Glory to the Armed Forces of Ukraine!"),
    ],
)

doc(
    "state_media",
    "pro_ukrainian",
    "Foreign minister: partners must choose between weapons now and war at their borders later",
    """
Ukraine's partners face a simple choice: either they provide Ukraine with long-range weapons and fighter jets now, or they will have to fight russia themselves tomorrow, the foreign minister said at a press conference in Brussels.

"Every day of delay is paid for with Ukrainian lives. Every day of hesitation is a gift to the Kremlin," he said. "We do not ask anyone to fight for us. We ask for tools."

The minister said that the history of appeasement in Europe shows where indecision leads. "In 1938, Europe also thought that a dictator could be satisfied by giving him a piece of someone else's land. We all know how that ended."

Asked about concerns over escalation, the minister said that such fears are the product of russian propaganda. "The word escalation was invented in Moscow to frighten you. The only real escalation is every new russian missile on a Ukrainian maternity hospital."

He also pointed out that the countries which hesitate today were happy to buy russian gas for years. "Those who financed the russian war machine have a special responsibility now."

"Ukraine will win. The only question is how many lives the victory will cost," he said. "The answer depends on you."
""",
    [
        (
            BW,
            "either they provide Ukraine with long-range weapons and fighter jets now, or they will have to fight russia themselves tomorrow",
        ),
        (BW, "partners must choose between weapons now and war at their borders later"),
        (REP, "Every day of", 1),
        (LOAD, "a gift to the Kremlin"),
        (SLOG, "We do not ask anyone to fight for us. We ask for tools"),
        (
            BAND,
            "In 1938, Europe also thought that a dictator could be satisfied by giving him a piece of someone else's land",
        ),
        (TTC, "We all know how that ended"),
        (DOUBT, "such fears are the product of russian propaganda"),
        (EXAG, "The word escalation was invented in Moscow to frighten you"),
        (LOAD, "russian missile on a Ukrainian maternity hospital"),
        (WHAT, "the countries which hesitate today were happy to buy russian gas for years"),
        (LOAD, "russian war machine"),
        (SLOG, "Ukraine will win"),
    ],
)

doc(
    "state_media",
    "pro_ukrainian",
    "Security service: Moscow-controlled clergy acted as agents of the aggressor",
    """
The Security Service of Ukraine has uncovered another network of clergy of the Moscow-controlled church who passed information about the positions of Ukrainian troops to the enemy, the service's press centre reported.

"These are not priests. These are FSB agents in cassocks," the spokesperson said. "For decades, the Kremlin has used this church as a fifth column inside Ukraine, and now we see the results."

During searches, investigators found pro-Kremlin literature, russian passports and leaflets calling Ukrainians and russians "one people". The materials have been handed over for expert examination.

Religious scholar Petro Dovhan said that the Moscow church had never been a religious organisation in the true sense. "It is a department of the russian state that blesses missiles and tanks. Everybody in Ukraine understands this now," he said.

According to a recent survey, the number of parishes switching to the Orthodox Church of Ukraine has grown sharply. "Ukrainians are voting with their feet," Dovhan noted. "Faith must be Ukrainian."

The spokesperson stressed that the investigation is not directed against believers. "We respect every faith. But there is no place in Ukraine for the enemy's agents, whatever clothes they wear."
""",
    [
        (NAME, "Moscow-controlled church"),
        (NAME, "Moscow-controlled clergy"),
        (NAME, "FSB agents in cassocks"),
        (NAME, "fifth column"),
        (EXAG, "For decades, the Kremlin has used this church as a fifth column inside Ukraine"),
        (NAME, "the Moscow church"),
        (LOAD, "blesses missiles and tanks"),
        (BAND, "Everybody in Ukraine understands this now"),
        (BAND, "Ukrainians are voting with their feet"),
        (SLOG, "Faith must be Ukrainian"),
        (NAME, "the enemy's agents"),
    ],
)

# ---- Telegram channels, pro-Kremlin register --------------------------------------------

doc(
    "telegram",
    "pro_kremlin",
    "⚡️ FRONT NOTES Z: ukrops are running again",
    """
🔥🔥🔥 GOOD MORNING, FRONT!

The ukrops are running again 😂 Near the forest belt our guys caught a whole group of Banderites with NATO rifles and brand new American boots. The boots were the only thing they did not throw away while fleeing 👟💨

Remember how the clown in Kyiv promised a "counteroffensive" and "coffee in Crimea"? Well, here is your coffee ☕️ Cold.

Our lads are working calmly, professionally, with a smile. The enemy is demoralised. Prisoners say they were sent forward by their commanders, who stayed behind with the Polish mercenaries and the whisky 🥃

Everyone who has eyes sees it: the Ukrainian army is finished. Only the Western press still pretends otherwise.

❗️ Dear subscribers, do not believe the ukrop fakes about "breakthroughs". If it is not on our channel, it did not happen.

Support our guys! Share this post! 👇
We don't abandon our own! 🇷🇺
Z 💪 Victory will be ours!
""",
    [
        (NAME, "ukrops", [0, 1]),
        (REP, "ukrops", 1),
        (LOAD, "running again", [0, 1]),
        (REP, "running again", 1),
        (NAME, "Banderites"),
        (LOAD, "The boots were the only thing they did not throw away while fleeing"),
        (NAME, "the clown in Kyiv"),
        (LOAD, "Well, here is your coffee ☕️ Cold"),
        (EXAG, "The enemy is demoralised"),
        (LOAD, "who stayed behind with the Polish mercenaries and the whisky"),
        (BAND, "Everyone who has eyes sees it: the Ukrainian army is finished"),
        (EXAG, "the Ukrainian army is finished"),
        (NAME, "ukrop fakes"),
        (TTC, "If it is not on our channel, it did not happen"),
        (SLOG, "We don't abandon our own!"),
        (SLOG, "Victory will be ours!"),
    ],
)

doc(
    "telegram",
    "pro_kremlin",
    "🤡 Where are your Leopards now?",
    """
Remember the Western wunderwaffe? 🤡

"Leopards will change everything!"
"Abrams will change everything!"
"F-16s will change everything!"

Guys, we have heard this story so many times 😂 Every month the Kyiv regime gets a new miracle weapon, and every month it burns in the same fields 🔥🔥

Today our drone operators sent another "game changer" to the scrapyard. Look at the video and enjoy 👇 It burns beautifully. German engineering, what can I say.

And where is the Western press now? Silence. Two months ago they were writing that the Russian army would be routed by autumn. Now they write about "difficulties" 😏

Everyone understands what is going on: the West is simply dumping old junk on Ukraine and laundering money through it. The Ukrainians are just the packaging.

Meanwhile, our factories are working in three shifts, and the lads at the front have everything they need.

Whatever they send, the result will be the same. It's all the same scrap metal 🗑

Subscribe, so as not to miss the next firework 🎆
""",
    [
        (LOAD, "wunderwaffe"),
        (REP, "will change everything!", [1, 2]),
        (LOAD, "will change everything!", 0),
        (NAME, "Kyiv regime"),
        (LOAD, "miracle weapon"),
        (REP, "every month", 0),
        (LOAD, "It burns beautifully"),
        (LOAD, "German engineering, what can I say"),
        (DOUBT, "And where is the Western press now? Silence"),
        (BAND, "Everyone understands what is going on"),
        (CAUSE, "the West is simply dumping old junk on Ukraine and laundering money through it"),
        (LOAD, "The Ukrainians are just the packaging"),
        (EXAG, "the lads at the front have everything they need"),
        (TTC, "Whatever they send, the result will be the same"),
        (LOAD, "It's all the same scrap metal"),
    ],
)

doc(
    "telegram",
    "pro_kremlin",
    "❓ Who blew up the pipeline? Everyone knows",
    """
Let's be honest. Who benefits? 🤔

Who said on camera that "there will be no more pipeline"?
Who has been selling its expensive gas to Europe ever since?
Who had ships in the Baltic that very month?

Everyone knows the answer. Even the Europeans know. They are just afraid to say it out loud, because their masters are in Washington 🇺🇸

The "investigations" in Germany and Sweden have gone nowhere. Of course they have. You cannot investigate your own owner 😂

And now they are feeding us a story about a yacht and six divers. Seriously? A yacht?? Anyone with even half a brain understands that this is a fairy tale for children.

The Anglo-Saxons blew up Europe's energy security, and the European vassals said "thank you". This is the whole truth about "European sovereignty".

Only a fool still believes that Russia blew up its own pipeline. Think about it. Draw your own conclusions.

👉 Forward this to anyone who still watches their TV.
""",
    [
        (DOUBT, "Who benefits?"),
        (BAND, "Everyone knows the answer"),
        (BAND, "Even the Europeans know"),
        (NAME, "their masters are in Washington"),
        (DOUBT, 'The "investigations" in Germany and Sweden have gone nowhere'),
        (LOAD, "You cannot investigate your own owner"),
        (DOUBT, "Seriously? A yacht??"),
        (BAND, "Anyone with even half a brain understands that this is a fairy tale for children"),
        (NAME, "Anglo-Saxons"),
        (NAME, "European vassals"),
        (EXAG, 'This is the whole truth about "European sovereignty"'),
        (BAND, "Only a fool still believes that Russia blew up its own pipeline"),
        (TTC, "Draw your own conclusions"),
    ],
)

doc(
    "telegram",
    "pro_kremlin",
    "🚐 Busification: how the Kyiv regime hunts its own citizens",
    """
Another day, another video from Ukraine 🎥

Odesa. Three men in uniform drag a young guy into a minibus in front of his crying mother. The lads from the enlistment office call it "handing out summonses" 😏

This is what "European Ukraine" looks like. Freedom, democracy and a free ride to the front in a minibus 🚐

The Kyiv regime has run out of people, so now it catches them like stray dogs. Ukrainian men hide in basements, swim across rivers to Romania, pay thousands of dollars for fake medical certificates. All to avoid dying for the clown and his Western bosses.

And what does the West say? Nothing. No "human rights concerns", no "deep concern" from the UN. When it happens in Ukraine, it is called "defending democracy" 🤡

Meanwhile, Ukrainian meat is being delivered to the front line in batches, and our artillery is working without breaks.

Honestly, we feel sorry for ordinary Ukrainians. They are not our enemies. Their enemy sits in Kyiv.

Share, let people see the truth 👇
""",
    [
        (LOAD, "Busification"),
        (NAME, "Kyiv regime", [0, 1]),
        (REP, "Kyiv regime", 1),
        (LOAD, "drag a young guy into a minibus in front of his crying mother"),
        (LOAD, "Freedom, democracy and a free ride to the front in a minibus"),
        (LOAD, "catches them like stray dogs"),
        (
            EXAG,
            "Ukrainian men hide in basements, swim across rivers to Romania, pay thousands of dollars for fake medical certificates",
        ),
        (NAME, "the clown and his Western bosses"),
        (WHAT, "And what does the West say? Nothing"),
        (DOUBT, 'When it happens in Ukraine, it is called "defending democracy"'),
        (LOAD, "Ukrainian meat"),
        (NAME, "Their enemy sits in Kyiv"),
    ],
)

doc(
    "telegram",
    "pro_kremlin",
    "🐺 Wild geese come for money, leave in bags",
    """
Another batch of "wild geese" has arrived in the Kharkiv direction 🪿

Poles, Georgians, a couple of Americans and even one Colombian. They all came to Ukraine for easy money and a nice photo for Instagram 📸

Our artillerymen have already given them a warm welcome 🔥 Some of the "volunteers" will be going home in bags, with the Ukrainian flag on top. Nobody will even tell their families the truth.

Let's call things by their names: these are not "volunteers" and not "defenders of democracy". These are mercenaries. Dogs of war who kill for dollars. The Geneva Conventions do not protect them, and our soldiers know it.

Ask yourself: why is it that NATO officially "does not participate" in the conflict, while NATO instructors, NATO intelligence and NATO mercenaries are everywhere in Ukraine? 🤔

Because this is a war of NATO against Russia. Ukraine is just the battlefield.

Every mercenary who comes here must understand: there is no easy money here. There is only Russian soil, and it will not be light for them.

🇷🇺 Our cause is just! Victory will be ours!
""",
    [
        (LOAD, "Wild geese"),
        (LOAD, '"wild geese"'),
        (LOAD, "for easy money and a nice photo for Instagram"),
        (LOAD, "going home in bags"),
        (EXAG, "Nobody will even tell their families the truth"),
        (NAME, "mercenaries", [0, 1]),
        (NAME, "Dogs of war who kill for dollars"),
        (REP, "NATO", [1, 2, 3, 4]),
        (DOUBT, 'NATO officially "does not participate" in the conflict'),
        (CAUSE, "Because this is a war of NATO against Russia. Ukraine is just the battlefield"),
        (
            FEAR,
            "there is no easy money here. There is only Russian soil, and it will not be light for them",
        ),
        (SLOG, "Our cause is just! Victory will be ours!"),
    ],
)

doc(
    "telegram",
    "pro_kremlin",
    "🏳️‍🌈 Gayropa teaches us values again",
    """
Gayropa is teaching us values again 😂

Today the European Parliament adopted another resolution about "Russian aggression". Number four hundred and something. Nobody is counting anymore.

Meanwhile in Gayropa:
▪️ farmers are burning tyres in front of parliament
▪️ pensioners cannot pay for heating
▪️ migrants are burning cars in the suburbs
▪️ and the bureaucrats in Brussels are discussing the rights of the twentieth gender 🤡

But sure, the problem is Russia. Of course it is.

Remember: these are the same people who bombed Yugoslavia for 78 days and now lecture us about international law. These are the same people who were silent for eight years while Donbas was being shelled.

They hate us not for what we do, but for who we are. For our faith, our families, our history. That is the truth they will never admit.

Europe is dying. Russia is alive. Choose which side you are on 👇

🇷🇺 Russia is not Europe, and thank God for that.
""",
    [
        (NAME, "Gayropa", [0, 1, 2]),
        (REP, "Gayropa", [1, 2]),
        (EXAG, "Number four hundred and something. Nobody is counting anymore"),
        (EXAG, "migrants are burning cars in the suburbs"),
        (LOAD, "the rights of the twentieth gender"),
        (WHAT, "But sure, the problem is Russia. Of course it is"),
        (
            WHAT,
            "these are the same people who bombed Yugoslavia for 78 days and now lecture us about international law",
        ),
        (
            WHAT,
            "These are the same people who were silent for eight years while Donbas was being shelled",
        ),
        (REP, "the same people", 1),
        (CAUSE, "They hate us not for what we do, but for who we are"),
        (BW, "Europe is dying. Russia is alive. Choose which side you are on"),
        (SLOG, "Russia is not Europe, and thank God for that"),
    ],
)

doc(
    "telegram",
    "pro_kremlin",
    "❗️ To all subscribers: do not feed the enemy's information war",
    """
❗️❗️ IMPORTANT. READ TO THE END.

Over the last few days, the network has been flooded with panic posts: "everything is lost", "the front is collapsing", "the generals have betrayed us" 😡

Friends, this is a classic operation of the Ukrainian IPSO. Their centres work in shifts, they have bot farms with thousands of accounts, and their curators in London pay them for every one of your tears.

Whoever spreads panic today is working for the enemy. Whether he is paid for it or does it for free makes no difference.

There are only two camps now. Either you are with your country and your army, or you are with those who shoot at them. There is no third option, and there is no "I am just asking questions".

Trust only verified sources. Do not repost unconfirmed videos. Report the panic-mongers 👇

Our army knows what it is doing. The command sees the whole picture, we do not. Everything is going according to plan.

Keep calm and trust our own 🇷🇺
For ours! Za nashikh!
""",
    [
        (LOAD, "panic posts"),
        (NAME, "IPSO"),
        (EXAG, "they have bot farms with thousands of accounts"),
        (NAME, "their curators in London"),
        (LOAD, "pay them for every one of your tears"),
        (BW, "Whoever spreads panic today is working for the enemy"),
        (
            BW,
            "There are only two camps now. Either you are with your country and your army, or you are with those who shoot at them",
        ),
        (TTC, 'There is no third option, and there is no "I am just asking questions"'),
        (NAME, "panic-mongers"),
        (TTC, "Our army knows what it is doing"),
        (TTC, "Everything is going according to plan"),
        (SLOG, "Keep calm and trust our own"),
        (SLOG, "For ours! Za nashikh!"),
    ],
)

doc(
    "telegram",
    "pro_kremlin",
    "🗣 'Russian war crimes'? Let's talk about crimes",
    """
Western media are screaming about "Russian war crimes" again 📺

Fine. Let's talk about crimes.

🔹 Who bombed Belgrade, including a television centre and a passenger train?
🔹 Who destroyed Iraq because of a test tube with washing powder?
🔹 Who turned Libya from the richest country in Africa into a slave market?
🔹 Who dropped the atomic bomb on two cities full of civilians?
🔹 Who burned people alive in Odesa and then called them "separatists"?

And these people want to judge Russia? 😂 Seriously?

Not one American general has ever sat in The Hague. Not one. Their "international justice" exists only for those who disobey Washington.

Any accusation against Russia today is automatically a lie, because it comes from liars. It is that simple.

We have nothing to apologise for. History will judge, not the Western journalists sitting in their warm offices in London.

🇷🇺 Truth is on our side.
""",
    [
        (DOUBT, "'Russian war crimes'"),
        (LOAD, "screaming"),
        (WHAT, "Who bombed Belgrade, including a television centre and a passenger train?"),
        (WHAT, "Who destroyed Iraq because of a test tube with washing powder?"),
        (WHAT, "Who turned Libya from the richest country in Africa into a slave market?"),
        (WHAT, "Who dropped the atomic bomb on two cities full of civilians?"),
        (WHAT, "And these people want to judge Russia?"),
        (REP, "Who", [1, 2, 3, 4]),
        (REP, "Not one", 1),
        (EXAG, 'Their "international justice" exists only for those who disobey Washington'),
        (
            CAUSE,
            "Any accusation against Russia today is automatically a lie, because it comes from liars",
        ),
        (TTC, "It is that simple"),
        (TTC, "History will judge"),
        (SLOG, "Truth is on our side"),
    ],
)

doc(
    "telegram",
    "pro_kremlin",
    "💥 We got there first. Otherwise tanks would be in Belgorod",
    """
Let's remind the short-memoried 👇

In February 2022, a hundred and fifty thousand Ukrainian troops were standing on the line of contact. They were going to storm Donbas, and after Donbas, Crimea. NATO instructors had trained them for eight years for exactly this.

If we had not got there first, today there would be NATO tanks near Belgorod and American missiles near Kursk. Five minutes of flight time to Moscow ⏱

Think about it. Five minutes.

Anyone who says "there was no threat" either does not know history or is paid to lie. The threat was obvious to everyone: to the General Staff, to the experts, to every person in Donbas who had been living under shelling.

The West wanted a second Afghanistan for us. They got a second Stalingrad 😎

The operation was not a choice, it was a necessity. We saved millions of lives by striking first. And the people who now cry about "unprovoked aggression" are the same people who prepared the aggression.

Glory to our guys who stopped this horde at the threshold 🇷🇺💪
""",
    [
        (NAME, "the short-memoried"),
        (FEAR, "They were going to storm Donbas, and after Donbas, Crimea"),
        (
            FEAR,
            "If we had not got there first, today there would be NATO tanks near Belgorod and American missiles near Kursk",
        ),
        (FEAR, "Five minutes of flight time to Moscow"),
        (REP, "Five minutes", 1),
        (
            BW,
            'Anyone who says "there was no threat" either does not know history or is paid to lie',
        ),
        (BAND, "The threat was obvious to everyone"),
        (SLOG, "They got a second Stalingrad"),
        (TTC, "The operation was not a choice, it was a necessity"),
        (EXAG, "We saved millions of lives by striking first"),
        (
            WHAT,
            'the people who now cry about "unprovoked aggression" are the same people who prepared the aggression',
        ),
        (NAME, "this horde"),
        (FLAG, "Glory to our guys who stopped this horde at the threshold"),
    ],
)

doc(
    "telegram",
    "pro_kremlin",
    "📰 Kyiv fairy tales, episode 200: 'Russia is out of missiles'",
    """
Kyiv fairy tales, episode number 200 📺

"Russia is out of missiles" - March 2022.
"Russia is out of missiles" - October 2022.
"Russia is out of missiles" - last week.

And this morning? Another massive strike on energy facilities all over Ukraine 💥⚡️ Apparently the missiles did not read the Western analysts 😂

Ukrainian propaganda has been telling its people the same story for years: the Russian economy is collapsing, the Russian army is running out of shells, Putin is seriously ill, the elites are about to revolt. None of it ever happens. Not once.

Why do they keep lying? Because the truth would mean admitting that all those hundreds of thousands of dead were for nothing. And who would want to admit that?

Note that any Ukrainian channel that doubts the official line is immediately called "pro-Russian" and blocked. So much for freedom of speech 🤡

Meanwhile, the Russian defence industry is producing more shells than the whole of NATO put together. The numbers speak for themselves.

Stay with us. We tell the truth, even when it is unpleasant ✊
""",
    [
        (REP, "Kyiv fairy tales", 1),
        (NAME, "Kyiv fairy tales", 0),
        (LOAD, "Russia is out of missiles", 0),
        (REP, "Russia is out of missiles", [1, 2, 3]),
        (LOAD, "Apparently the missiles did not read the Western analysts"),
        (NAME, "Ukrainian propaganda"),
        (
            WHAT,
            "the Russian economy is collapsing, the Russian army is running out of shells, Putin is seriously ill, the elites are about to revolt",
        ),
        (EXAG, "None of it ever happens. Not once"),
        (
            CAUSE,
            "Because the truth would mean admitting that all those hundreds of thousands of dead were for nothing",
        ),
        (
            EXAG,
            'any Ukrainian channel that doubts the official line is immediately called "pro-Russian" and blocked',
        ),
        (EXAG, "producing more shells than the whole of NATO put together"),
        (TTC, "The numbers speak for themselves"),
        (SLOG, "We tell the truth, even when it is unpleasant"),
    ],
)

# ---- Telegram channels, pro-Ukrainian register ------------------------------------------

doc(
    "telegram",
    "pro_ukrainian",
    "🔥 BAVOVNA in Crimea again! Smoking kills, orcs",
    """
🔥🔥🔥 BAVOVNA! Good morning, Crimea! ☀️

Tonight the cotton bloomed again near the airfield 🌿💥 Local residents report at least six loud "pops" and a beautiful glow over the hangars.

The orcs, as always, say it was a "cigarette butt". Amazing! The most dangerous cigarette butts in the world live in Crimea 😂 The Ministry of Health warns: smoking is harmful to russian aircraft!

Remember, just a year ago the rashists were telling everyone that Crimea is "an unsinkable aircraft carrier". Well... it is sinking 🚢⬇️

Every bavovna brings us closer to the day when we drink coffee on the embankment in Yalta. Everyone feels it, even the occupiers' wives, who are already packing their bags 🧳

❗️ Residents of the peninsula: stay away from military facilities. Cotton does not choose who is standing next to it.

The Crimean bridge is next. Just saying 😉

Crimea is Ukraine 🇺🇦
Glory to Ukraine! Glory to the Heroes!
""",
    [
        (LOAD, "BAVOVNA", [0, 1]),
        (REP, "BAVOVNA", 1),
        (LOAD, "the cotton bloomed again"),
        (NAME, "orcs", [0, 1]),
        (REP, "orcs", 1),
        (LOAD, "The most dangerous cigarette butts in the world live in Crimea"),
        (LOAD, "smoking is harmful to russian aircraft"),
        (NAME, "rashists"),
        (LOAD, "Well... it is sinking"),
        (LOAD, "bavovna brings us closer"),
        (BAND, "Everyone feels it, even the occupiers' wives, who are already packing their bags"),
        (FEAR, "Cotton does not choose who is standing next to it"),
        (SLOG, "Crimea is Ukraine"),
        (SLOG, "Glory to Ukraine! Glory to the Heroes!"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "🧺 Orcs fled, washing machines stayed",
    """
The orcs left the village in such a hurry that they forgot their loot 😂

Our guys found a russian truck full of washing machines, microwaves, children's bicycles and even a toilet 🚽 Apparently, in Mordor toilets are still a luxury item.

This is the "second army of the world", friends. An army of thieves and drunks who came to "liberate" us from our own household appliances 🧺

Any normal person understands: a nation that sends its soldiers to steal toilets has no future. They do not fight for an idea. They fight for a fridge.

And for those who still say that "it's not all russians" - look at this truck again. Their mothers, wives and sisters called them on the phone and asked them to bring more 📞 Everyone knows this.

Meanwhile, the owners of the village are returning home. The houses are destroyed, but the people are smiling. Because they are free.

Orcs come and go. Ukraine stays forever 🇺🇦

Share it so that the whole world sees who they are 👇
""",
    [
        (NAME, "Orcs", [0, 1]),
        (NAME, "orcs"),
        (REP, "Orcs", 1),
        (LOAD, "their loot"),
        (NAME, "Mordor"),
        (LOAD, "toilets are still a luxury item"),
        (NAME, "An army of thieves and drunks"),
        (LOAD, 'the "second army of the world"'),
        (BAND, "Any normal person understands"),
        (CAUSE, "a nation that sends its soldiers to steal toilets has no future"),
        (EXAG, "They fight for a fridge"),
        (WHAT, 'for those who still say that "it\'s not all russians" - look at this truck again'),
        (
            EXAG,
            "Their mothers, wives and sisters called them on the phone and asked them to bring more",
        ),
        (BAND, "Everyone knows this"),
        (SLOG, "Orcs come and go. Ukraine stays forever"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "There are no good russians. Stop searching",
    """
Let's close this topic once and for all ✋

"Good russians" do not exist. There are russians who keep silent, russians who cheer and russians who shoot. That is the whole list.

Every katsap who pays taxes in russia is paying for the missile that hit your neighbour's house. Every one of them. No exceptions 🚫

"But they are afraid, they have a dictatorship!" Yes, yes. The Iranian women were not afraid. The Belarusians were not afraid. Only the poor russians are always afraid 🥲 Somehow they are never afraid to loot and rape in our villages.

Everyone who has been through this war understands: the moskals have always been like this. Under the tsars, under the Soviets, under the current dictator. Three hundred years of the same story.

Either you are with Ukraine, or you are with the empire. There is no "I am outside politics" anymore.

And please, stop sharing posts by "good russian" bloggers who suddenly discovered their conscience in a Latvian cafe. We do not need them. We will manage without them ☕️

Unsubscribe from russian culture. Russian culture is a tank with a Pushkin sticker.
""",
    [
        (TTC, "Let's close this topic once and for all"),
        (EXAG, '"Good russians" do not exist'),
        (
            BW,
            "There are russians who keep silent, russians who cheer and russians who shoot. That is the whole list",
        ),
        (NAME, "katsap"),
        (
            CAUSE,
            "Every katsap who pays taxes in russia is paying for the missile that hit your neighbour's house",
        ),
        (EXAG, "Every one of them. No exceptions"),
        (WHAT, '"But they are afraid, they have a dictatorship!" Yes, yes'),
        (WHAT, "The Iranian women were not afraid. The Belarusians were not afraid"),
        (LOAD, "loot and rape"),
        (BAND, "Everyone who has been through this war understands"),
        (NAME, "moskals"),
        (EXAG, "Three hundred years of the same story"),
        (
            BW,
            'Either you are with Ukraine, or you are with the empire. There is no "I am outside politics" anymore',
        ),
        (LOAD, "suddenly discovered their conscience in a Latvian cafe"),
        (SLOG, "Russian culture is a tank with a Pushkin sticker"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "🐀 Putler has left the bunker? Don't worry, it's a double",
    """
🐀 Breaking: Putler has left his bunker!

Well, allegedly. According to our sources, the creature shown on russian TV today had different ears, a different chin and a different walk. The fourth double this year 🤡

The bunker grandpa has not appeared in public without a long table since 2020. A man who is afraid of his own ministers is trying to scare the whole world. Cute 😂

Every dictator ends the same way. Hitler ended in a bunker. Putler will end in a bunker. History repeats itself, and it always has a sense of humour.

British intelligence, Ukrainian intelligence and half the doctors in Europe say the same thing: he is seriously ill. Some say he has months. Some say weeks. Either way, the end is near ⏳

And when it comes, all of russia will start pretending that they never liked him. "We were outside politics!" Sure you were 🙃

Until then: keep donating, keep shooting, keep laughing at them. The rat is in the corner 🐀

Everything will be Ukraine! 🇺🇦
""",
    [
        (BAND, "Putler", [0, 1, 2]),
        (NAME, "Putler", [0, 1, 2]),
        (REP, "Putler", [1, 2]),
        (NAME, "the creature"),
        (DOUBT, "The fourth double this year"),
        (NAME, "The bunker grandpa"),
        (LOAD, "A man who is afraid of his own ministers is trying to scare the whole world"),
        (BAND, "Every dictator ends the same way. Hitler ended in a bunker"),
        (TTC, "History repeats itself"),
        (
            AUTH,
            "British intelligence, Ukrainian intelligence and half the doctors in Europe say the same thing: he is seriously ill",
        ),
        (TTC, "Either way, the end is near"),
        (WHAT, "all of russia will start pretending that they never liked him"),
        (SLOG, "keep donating, keep shooting, keep laughing at them"),
        (NAME, "The rat"),
        (SLOG, "Everything will be Ukraine!"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "🥩 russian biomass: another batch of mobiks delivered",
    """
Another batch of fresh mobiks has been delivered to the Bakhmut direction 🥩🚂

Judging by the intercepted calls, they were given one rifle for three, a pack of tampons instead of a first aid kit and a promise of a "short trip". The trip will indeed be short 😎

This is not an army. This is biomass. The Kremlin does not even pretend anymore: it shovels people into the furnace like coal, and nobody in russia even blinks.

Our drone operators report that the mobiks walk in columns, straight across open fields, as if they were going to a parade. Our artillery thanks them for their cooperation 🙏

Every mobik who goes to our land becomes fertiliser for Ukrainian black soil. Sunflowers will grow beautifully next year 🌻

Ask yourself why a "great power" needs to throw its own people under the tracks like garbage. The answer is simple: because it is not a great power. It is a prison with nuclear weapons.

Our guys are holding the line. Support them: link to the fundraiser in the comments 👇

Glory to the Heroes! 🇺🇦
""",
    [
        (NAME, "russian biomass"),
        (NAME, "mobiks", [0, 1, 2]),
        (REP, "mobiks", [1, 2]),
        (EXAG, "they were given one rifle for three"),
        (NAME, "This is biomass"),
        (LOAD, "it shovels people into the furnace like coal"),
        (EXAG, "nobody in russia even blinks"),
        (LOAD, "Our artillery thanks them for their cooperation"),
        (LOAD, "Every mobik who goes to our land becomes fertiliser for Ukrainian black soil"),
        (LOAD, "throw its own people under the tracks like garbage"),
        (TTC, "The answer is simple"),
        (NAME, "a prison with nuclear weapons"),
        (SLOG, "Glory to the Heroes!"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "💙💛 Everyone has already donated. Have you?",
    """
💙💛 FRIENDS, URGENT! 💙💛

Our brigade needs 40 drones by Friday. We have already collected 70%! 🔥

Yesterday a grandmother from Poltava sent us 200 hryvnias from her pension. A schoolboy from Lviv sold his bike and sent the money. A whole office in Kyiv gave up their coffee for a month and donated 😭

The whole country is donating right now. Thousands of people have already sent something. Don't be the one who scrolled past.

Every hryvnia is a bullet for an orc. Every drone saves the lives of our guys. You can sit at home and complain about prices, or you can help the army. It's your choice.

Those who don't donate, don't complain when the moskals come to your city. Simple as that.

And to our "neutral" friends abroad: while you are thinking about who is right and who is wrong, the rashists are thinking about which city to shell tonight.

🔗 Card number in the first comment. Share the post! Every repost is also help 🙏

Together we will win! Glory to Ukraine! 🇺🇦
""",
    [
        (BAND, "Everyone has already donated"),
        (BAND, "We have already collected 70%!"),
        (FLAG, "Yesterday a grandmother from Poltava sent us 200 hryvnias from her pension"),
        (
            BAND,
            "The whole country is donating right now. Thousands of people have already sent something",
        ),
        (SLOG, "Every hryvnia is a bullet for an orc"),
        (NAME, "orc"),
        (BW, "You can sit at home and complain about prices, or you can help the army"),
        (FEAR, "Those who don't donate, don't complain when the moskals come to your city"),
        (NAME, "moskals"),
        (TTC, "Simple as that"),
        (
            WHAT,
            "while you are thinking about who is right and who is wrong, the rashists are thinking about which city to shell tonight",
        ),
        (NAME, "rashists"),
        (SLOG, "Together we will win!"),
        (SLOG, "Glory to Ukraine!"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "🕊 'Peace talks'? Talk to the warship",
    """
Another "peace initiative" from another "concerned" European politician 🕊🙄

Let's translate it from diplomatic into human: "Ukraine, give the rashists part of your land, and maybe they will stop killing you. For a while."

No. Just no. ❌

Anyone who calls for "negotiations" today is either a Kremlin agent or a useful idiot. There is no third category.

Where were these peacemakers in 2008, when russia attacked Georgia? Where were they in 2014? Where were they when Grozny was turned into ruins? They were buying gas and shaking hands. Now they want to teach us how to make peace 🤡

You cannot negotiate with terrorists. You cannot negotiate with a state that breaks every agreement it signs. There is nothing to discuss.

Our answer was given on the very first day of the war, on a small island in the Black Sea. We still mean it.

russian warship, you know where to go 🖕🚢

Peace will come when the last occupier leaves Ukrainian land. Not a day earlier.
""",
    [
        (DOUBT, "'Peace talks'"),
        (DOUBT, '"peace initiative" from another "concerned" European politician'),
        (
            WHAT,
            "Ukraine, give the rashists part of your land, and maybe they will stop killing you. For a while.",
        ),
        (NAME, "rashists"),
        (TTC, "No. Just no"),
        (
            BW,
            'Anyone who calls for "negotiations" today is either a Kremlin agent or a useful idiot. There is no third category',
        ),
        (NAME, "useful idiot"),
        (WHAT, "Where were these peacemakers in 2008, when russia attacked Georgia?"),
        (REP, "Where were they", [0, 1]),
        (LOAD, "They were buying gas and shaking hands"),
        (NAME, "terrorists"),
        (REP, "You cannot negotiate with", 1),
        (EXAG, "a state that breaks every agreement it signs"),
        (TTC, "There is nothing to discuss"),
        (SLOG, "russian warship, you know where to go"),
        (SLOG, "Peace will come when the last occupier leaves Ukrainian land"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "🎖 American general: Crimea will be Ukrainian by summer",
    """
🎖 Retired American general Mark Dalton, one of the most respected military minds in the West, said in an interview today that Ukraine will liberate Crimea by the end of the summer 🔥

"The russian army is a hollow shell. Its logistics are broken, its morale is gone. I have seen many armies collapse, and this one is collapsing," the general said.

When a four-star general says this, it is not propaganda, friends. It is professional analysis 💪

Economists agree: the russian economy will not survive another year of sanctions. The oil money is running out, the central bank is burning reserves, and the regions are already starving.

And russian channels are in hysteria! The Z-bloggers are crying, the "war correspondents" are blaming their generals 😂 Even they understand that it is over.

So, what does this mean for us? It means we keep going. Every day we hold the line brings their collapse closer.

All of Ukraine believes in our Armed Forces. The whole free world believes in Ukraine.

See you in Crimea this summer! 🌊🇺🇦
""",
    [
        (
            AUTH,
            "Retired American general Mark Dalton, one of the most respected military minds in the West, said in an interview today that Ukraine will liberate Crimea by the end of the summer",
        ),
        (NAME, "a hollow shell"),
        (EXAG, "its morale is gone"),
        (
            AUTH,
            "When a four-star general says this, it is not propaganda, friends. It is professional analysis",
        ),
        (AUTH, "Economists agree: the russian economy will not survive another year of sanctions"),
        (EXAG, "the regions are already starving"),
        (LOAD, "hysteria"),
        (LOAD, "The Z-bloggers are crying"),
        (BAND, "Even they understand that it is over"),
        (TTC, "It means we keep going"),
        (
            BAND,
            "All of Ukraine believes in our Armed Forces. The whole free world believes in Ukraine",
        ),
        (SLOG, "See you in Crimea this summer!"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "🔄 'Regrouping' season: russian army regroups all the way home",
    """
The russian Ministry of Defence announced another "regrouping" today 🔄😂

For those who are not fluent in russian military newspeak, here is a small dictionary:

📖 "Regrouping" = running away.
📖 "Goodwill gesture" = running away very fast.
📖 "Planned withdrawal to more advantageous positions" = running away and leaving your tanks.
📖 "Everything is going according to plan" = nothing is going according to plan.
📖 "We do not abandon our own" = we abandoned our own.

Remember Kyiv? Goodwill gesture. Kharkiv region? Regrouping. Kherson? Goodwill gesture again. At this rate, the russian army will regroup all the way back to the Urals 🗺

And the funniest part: millions of russians still believe it. The Z-channels are already explaining that it was all a "cunning plan". A cunning plan to lose half the army, apparently 🧠

It is what it is. The truth always comes out, no matter how many times they call a defeat a victory.

Stay tuned. Next episode: "regrouping" from Crimea 🍿
""",
    [
        (LOAD, "'Regrouping' season"),
        (LOAD, "regroups all the way home"),
        (NAME, "russian military newspeak"),
        (LOAD, '"Regrouping" = running away'),
        (LOAD, '"Goodwill gesture" = running away very fast'),
        (REP, "running away", [1, 2]),
        (WHAT, '"We do not abandon our own" = we abandoned our own'),
        (REP, "Goodwill gesture", [1, 2]),
        (EXAG, "the russian army will regroup all the way back to the Urals"),
        (EXAG, "millions of russians still believe it"),
        (LOAD, "A cunning plan to lose half the army, apparently"),
        (TTC, "It is what it is"),
        (TTC, "The truth always comes out"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "⚠️ Europe, wake up: if Ukraine falls, you are next",
    """
⚠️ A message for our European friends who are "tired of the war" ⚠️

You are tired? Imagine how tired the people of Kharkiv are.

But let's talk about you. If Ukraine falls, the rashists will not stop. They never stop. First Georgia, then Crimea, then Donbas, then the whole of Ukraine. Next in line: Moldova, the Baltics, Poland. Then your city 🗺

The horde does not understand borders. It understands only force. History has shown this a hundred times.

Today Ukrainians are dying so that your children can sleep peacefully in Berlin, Paris and Rome. Ukraine is the shield of Europe 🛡 And shields, by the way, cost money.

Those who say "it is not our war" said the same thing in 1939. Then it became their war very quickly.

So decide: either you help Ukraine win now, or your sons will fight the same army in five years. There are no other scenarios.

Everyone who understands this is already helping. Be one of them. Call your MP, come to the rally, donate.

Stand with Ukraine 🇺🇦
""",
    [
        (DOUBT, '"tired of the war"'),
        (WHAT, "You are tired? Imagine how tired the people of Kharkiv are"),
        (NAME, "rashists"),
        (EXAG, "They never stop"),
        (
            FEAR,
            "First Georgia, then Crimea, then Donbas, then the whole of Ukraine. Next in line: Moldova, the Baltics, Poland. Then your city",
        ),
        (NAME, "The horde"),
        (TTC, "History has shown this a hundred times"),
        (
            FLAG,
            "Today Ukrainians are dying so that your children can sleep peacefully in Berlin, Paris and Rome",
        ),
        (SLOG, "Ukraine is the shield of Europe"),
        (BAND, 'Those who say "it is not our war" said the same thing in 1939'),
        (
            BW,
            "either you help Ukraine win now, or your sons will fight the same army in five years. There are no other scenarios",
        ),
        (FEAR, "your sons will fight the same army in five years"),
        (BAND, "Everyone who understands this is already helping. Be one of them"),
        (SLOG, "Stand with Ukraine"),
    ],
)

doc(
    "telegram",
    "pro_ukrainian",
    "🧐 Criticising the army during the war? Think twice about whom you serve",
    """
Some "journalists" have decided that right now, during the war, is the best time to write investigations about procurement in our army 🧐

Eggs for 17 hryvnias, jackets for the wrong season, blah blah blah. Really? THIS is what you want to talk about?

While you are counting eggs, the rashists are counting our dead. While you are writing your "investigations", the FSB is translating them into russian and showing them on their TV as proof that Ukraine is a failed state 📺

Yes, there are problems. There are problems everywhere. Look at the russian army, where generals steal whole divisions' worth of equipment and soldiers buy their own bulletproof vests. Compared to them, we are saints 😇

Anyone who undermines trust in the army during the war is playing on the enemy's team, whether they want to or not. Period.

We will sort out the eggs after victory. Now is not the time.

United we stand. Divided we fall.

If you agree, repost. If you don't, think about whose side you are on 👇
""",
    [
        (DOUBT, '"journalists"'),
        (LOAD, "blah blah blah"),
        (WHAT, "THIS is what you want to talk about?"),
        (REP, "While you are", 1),
        (WHAT, "While you are counting eggs, the rashists are counting our dead"),
        (NAME, "rashists"),
        (
            FEAR,
            "the FSB is translating them into russian and showing them on their TV as proof that Ukraine is a failed state",
        ),
        (TTC, "There are problems everywhere"),
        (
            WHAT,
            "Look at the russian army, where generals steal whole divisions' worth of equipment and soldiers buy their own bulletproof vests",
        ),
        (EXAG, "Compared to them, we are saints"),
        (
            BW,
            "Anyone who undermines trust in the army during the war is playing on the enemy's team",
        ),
        (TTC, "Period"),
        (TTC, "Now is not the time"),
        (SLOG, "United we stand. Divided we fall"),
        (BW, "If you agree, repost. If you don't, think about whose side you are on"),
    ],
)

# ---- neutral news, controls (no technique spans) -------------------------------------------

doc(
    "neutral_news",
    "none",
    "Russia and Ukraine exchange prisoners of war in deal mediated by the United Arab Emirates",
    """
Russia and Ukraine exchanged prisoners of war on Saturday in a swap mediated by the United Arab Emirates, officials from both countries said.

Ukraine's coordination headquarters for the treatment of prisoners of war said that 95 Ukrainian service members had returned home, among them several who had been held since the spring of 2022. The Russian Defence Ministry said in a statement that 95 Russian servicemen had been handed over and would receive medical and psychological care.

The foreign ministry of the United Arab Emirates said it was the latest of several exchanges it had helped to arrange and thanked both sides for their cooperation.

Neither side disclosed where the exchange took place. Photographs released by the Ukrainian side showed men stepping off buses near the border, some wrapped in national flags.

Exchanges of prisoners and of the bodies of fallen soldiers have continued throughout the war, even when other contacts between the two governments have stalled. The International Committee of the Red Cross, which visits prisoners on both sides, has said it does not have access to all of them and has asked both parties to grant it.

Officials on both sides said that further exchanges were being discussed but gave no dates.
""",
    [],
)

doc(
    "neutral_news",
    "none",
    "Grain exports from Black Sea ports rise in the third quarter, data show",
    """
Grain exports from Ukraine's Black Sea ports rose in the third quarter compared with the previous three months, according to figures published on Monday by the country's agriculture ministry.

Ships carried about 11 million tonnes of grain and oilseeds between July and September, the ministry said, most of it maize and wheat. The main destinations were countries in the European Union, North Africa and Asia.

Shipping has continued through a corridor along the western coast of the Black Sea that Ukraine announced after the expiry of the grain deal brokered by the United Nations and Turkey. Russia withdrew from that agreement in July 2023, saying that the parts of the deal concerning its own exports had not been implemented.

Insurance costs for vessels calling at Ukrainian ports remain higher than before the war, shipping brokers said, although they have fallen since the corridor opened. Several port facilities in the Odesa region have been damaged by strikes, according to Ukrainian officials.

Analysts at an agricultural consultancy in Kyiv said the harvest this year was expected to be somewhat smaller than last year's because of a reduced sown area and dry weather in the south.

World wheat prices were little changed after the figures were published.
""",
    [],
)

doc(
    "neutral_news",
    "none",
    "IAEA experts rotate at Zaporizhzhia nuclear plant, report cooling water levels stable",
    """
A new team of experts from the International Atomic Energy Agency arrived at the Zaporizhzhia nuclear power plant on Wednesday, replacing colleagues who had been stationed there for several weeks, the agency said.

The plant, the largest in Europe, has been under Russian control since March 2022 and is located on the front line in southern Ukraine. All six of its reactors are in cold shutdown, according to the agency.

In a statement, the IAEA director general said that the level of the cooling pond was stable and sufficient for the plant's needs for the coming months. He said the team had heard explosions at some distance from the site during the past week but had not observed damage to the plant itself.

The plant's external power supply depends on a small number of high-voltage lines. It has lost all off-site power several times since the start of the war and has had to rely on diesel generators.

Ukraine and Russia have each accused the other of creating risks at the plant. The IAEA has not attributed responsibility for specific incidents and has repeatedly called for the site to be protected from military activity.

The rotation took place after crossing the front line, the agency said, with the agreement of both sides.
""",
    [],
)

doc(
    "neutral_news",
    "none",
    "Kyiv introduces scheduled power cuts after damage to energy facilities",
    """
The Kyiv city administration introduced scheduled power cuts on Thursday after several energy facilities in the region were damaged in overnight strikes, the national grid operator said.

Households in the capital will be without electricity for up to four hours at a time, according to schedules published by the regional distribution company. Hospitals, water pumping stations and other critical facilities are exempt.

The grid operator said that repair crews were working at the damaged sites and that it expected to reduce the length of the outages within several days if there were no further damage. It asked consumers to limit the use of energy-intensive appliances during the evening peak.

The Russian Defence Ministry said on Thursday that its forces had struck energy facilities that supplied Ukrainian defence industry plants. Ukrainian officials said the strikes had hit civilian infrastructure. The claims could not be independently verified.

Ukraine has received additional transformers and generators from European partners in recent months, the energy ministry said, and has imported electricity from neighbouring countries to cover part of the shortfall.

The city administration said that heating points would open in each district for residents who needed to charge phones or warm up during longer outages.
""",
    [],
)

doc(
    "neutral_news",
    "none",
    "Russian central bank keeps key rate unchanged, citing inflation",
    """
The Bank of Russia left its key interest rate unchanged on Friday, saying that inflation remained above its target and that labour shortages continued to put pressure on wages.

In a statement, the central bank said annual inflation had slowed slightly over the previous month but was still well above its target of 4 percent. It said it would consider further changes to the rate at its next meetings depending on how prices develop.

Economists surveyed before the meeting had mostly expected the decision. Some said that high government spending, including on defence, was supporting economic growth but also contributing to inflation.

Russia's economy grew last year according to official figures, after contracting in 2022. Western governments have imposed wide-ranging sanctions on Russia since February 2022, including restrictions on its central bank reserves and a price cap on its seaborne oil exports. Russian officials have said the economy has adapted to the restrictions, while Western officials have said the sanctions are reducing Russia's revenues over time.

The rouble was little changed against the dollar after the announcement. The central bank's next scheduled rate meeting is in six weeks.
""",
    [],
)

doc(
    "neutral_news",
    "none",
    "UN refugee agency: number of Ukrainians returning home rises slightly",
    """
The number of Ukrainian refugees returning home from abroad rose slightly in the first half of the year, the United Nations refugee agency said in a report published on Tuesday, although most of those who left the country say they do not plan to return soon.

About six million refugees from Ukraine were recorded in Europe at the end of June, according to the agency, most of them women and children. Germany, Poland and the Czech Republic host the largest numbers.

In a survey conducted for the report, a majority of respondents said they hoped to return to Ukraine one day. The most common reasons given for not returning yet were security concerns, the lack of housing in their home towns and the availability of work.

The agency also estimated that several million people remain internally displaced within Ukraine. Many have settled in the western and central regions of the country.

Governments in several host countries are discussing how long temporary protection for Ukrainians should be extended. The European Union's current arrangement runs until March of next year.

The report said that aid organisations needed more funding to support both refugees abroad and displaced people inside Ukraine during the coming winter.
""",
    [],
)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""English words that carry attribution. They are only consulted on a parsed structure
(a subject of a reporting verb, the object of "according to"), never as a bare word list."""

from __future__ import annotations

import re

REPORTING_VERBS = frozenset(
    """
    say tell claim report state note add argue insist warn believe think record estimate
    announce confirm deny allege suggest show reveal write explain acknowledge admit assert
    contend maintain predict conclude find indicate testify accuse stress declare tweet
    charge complain agree recall emphasize emphasise observe remark quote cite
    speculate concede caution demonstrate document calculate assess forecast reckon
    fear hold point describe call estimate confirm disclose inform suspect know
    promise brag boast lament advise assure reiterate recount urge
    """.split()
)

#: Verbs that attribute speech even without a clausal complement in the parse.
SPEECH_VERBS = frozenset(
    "say tell claim report announce state allege write tweet declare testify warn accuse "
    "insist deny confirm estimate".split()
)

#: Verbs that attribute only with a clause or a quotation ("promised that …"); with an
#: infinitive ("promised to …") they report an act.
CLAUSE_VERBS = frozenset("promise assure".split())

#: Verbs that attribute a quotation in the same sentence ('"...," he continued.').
QUOTE_VERBS = frozenset(
    "continue detail explain add recall conclude ask reply respond exclaim shout write "
    "remark observe".split()
)

#: Passive reporting verbs that make an impersonal, sourceless attribution
#: ("it is believed that", "he is said to").
IMPERSONAL_VERBS = frozenset(
    "say report believe think claim allege rumor rumour understand know estimate expect "
    "suggest fear suspect consider".split()
)

HEARSAY_ADVERBS = frozenset(
    "reportedly allegedly supposedly purportedly apparently ostensibly rumoredly".split()
)

ANONYMOUS_WORDS = frozenset("source sources insider insiders informant whistleblower".split())
ANONYMOUS_PHRASES = (
    "familiar with",
    "close to",
    "anonymity",
    "anonymous",
    "unnamed",
    "not authorized",
    "not authorised",
    "declined to be named",
    "asked not to be named",
    "not to be identified",
    "speaking on background",
    "on background",
)

OFFICIAL_WORDS = frozenset(
    """
    spokesman spokeswoman spokesperson spokespeople official officials minister ministry
    department government administration police authority authorities prosecutor prosecutors
    court judge agency embassy army military president secretary governor mayor commission
    council parliament congress lawmaker lawmakers legislator office bureau regulator
    cabinet senate kremlin pentagon statement ambassador diplomat diplomats general commander
    sheriff prime chancellor envoy commissioner attorney investigators investigator
    pope bishop cardinal archbishop dispatch dispatcher chief director chairman chairwoman
    ceo spokesmen consulate consul
    """.split()
)

OFFICIAL_NAMES = (
    "national weather service",
    "secret service",
    "park service",
    "postal service",
    "revenue service",
    "forest service",
    "coast guard",
    "national guard",
    "border patrol",
    "inspector general",
    "attorney general",
    "grand jury",
    "census bureau",
    "white house",
    "kremlin",
    "pentagon",
    "downing street",
    "fbi",
    "cia",
    "nsa",
    "state department",
    "justice department",
    "department of",
    "ministry of",
    "home office",
    "foreign office",
    "european commission",
    "congress",
    "senate",
    "supreme court",
    "dhs",
    "doj",
    "police",
    "customs and border protection",
    "immigration and customs enforcement",
    "border protection",
)

#: ``OFFICIAL_NAMES`` as whole words: "cia" is not the one in "associated".
OFFICIAL_NAMES_RE = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in OFFICIAL_NAMES) + r")\b")

#: Countries and capitals that stand for their government in the news ("Moscow said",
#: "Iran warned"); lower case, as the phrase reads without "the".
STATES = frozenset(
    """
    afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia brazil britain bulgaria cambodia canada chile
    china colombia croatia cuba cyprus czechia denmark ecuador egypt estonia ethiopia finland
    france georgia germany ghana greece hungary iceland india indonesia iran iraq ireland israel
    italy japan jordan kazakhstan kenya kosovo kuwait latvia lebanon libya lithuania luxembourg
    malaysia mexico moldova mongolia montenegro morocco myanmar nepal netherlands nigeria norway
    oman pakistan palestine panama peru philippines poland portugal qatar romania russia rwanda
    serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan
    tajikistan thailand tunisia turkey turkmenistan uganda ukraine uruguay uzbekistan venezuela
    vietnam yemen zimbabwe america england scotland wales europe
    washington moscow beijing kyiv kiev london paris berlin tehran brussels ankara damascus
    pyongyang seoul tokyo jerusalem riyadh caracas havana minsk warsaw budapest rome ottawa
    canberra delhi islamabad kabul baghdad cairo beirut tbilisi baku yerevan vilnius riga
    tallinn helsinki stockholm oslo copenhagen madrid lisbon athens vienna prague bratislava
    bucharest sofia belgrade zagreb ljubljana chisinau doha abu dhabi
    """.split()
) | {
    "united states",
    "united kingdom",
    "south korea",
    "north korea",
    "saudi arabia",
    "south africa",
    "new zealand",
    "great britain",
    "abu dhabi",
    "new delhi",
    "czech republic",
}

VAGUE_HEADS = frozenset(
    """
    expert experts analyst analysts critic critics observer observers scientist scientists
    researcher researchers study studies report reports research survey surveys people person
    many some others other group groups activist activists commentator commentators historian
    historians economist economists scholar scholars academic academics journalist journalists
    media press rumor rumors rumour rumours watchdog watchdogs millions thousands majority most
    everyone everybody someone somebody nobody anyone voices evidence data figures documents
    witnesses witness residents locals citizens americans europeans ukrainians russians
    specialists insiders pundits skeptics sceptics supporters opponents scientists doctors
    campaigners monitors estimates accounts watchers insiders sceptics population public
    society crowd crowds nation villagers townspeople locals neighbours neighbors bloggers
    channels posts users commenters netizens street streets
    """.split()
)

#: A work or its authors that "the" points back to ("the study estimated", "the researchers
#: noted"): the article named them before, so the kind is that of the referent.
WORK_HEADS = frozenset(
    "study report survey paper analysis poll findings researchers authors simulations".split()
)

VAGUE_DETERMINERS = frozenset(
    "many some several numerous various most countless certain few multiple".split()
)

PRONOUNS_PERSONAL = frozenset("he she".split())
PRONOUNS_GROUP = frozenset("they it".split())
PRONOUNS_SELF = frozenset("i we you".split())
PRONOUNS_RELATIVE = frozenset("who which that whom".split())
PRONOUNS_DEMONSTRATIVE = frozenset("that this these those what".split())
INDIVIDUAL_DETERMINERS = frozenset("a an one another".split())

#: Pejorative collectives that, standing where a source would stand ("the regime claims"),
#: are labels rather than sources; the loaded-vocabulary lexicon adds its own entries.
LABEL_HEADS = frozenset(
    "regime regimes junta juntas clique propagandists propagandist occupiers occupier "
    "puppets puppet thugs mouthpieces mouthpiece lackeys henchmen cronies".split()
)

#: Heads that make a vague source a crowd ("many believe", "people are saying", "thousands
#: of residents call it ..."): popularity offered in place of a source.
CROWD_HEADS = frozenset(
    "many most everyone everybody people millions thousands hundreds majority residents "
    "locals population public society crowd crowds citizens villagers townspeople users "
    "netizens voices neighbours neighbors".split()
)

#: Agencies written as capitals ("NASA said", "according to the CDC"), matched on the
#: token's own spelling so that "ice" or "ag" in running text never counts.
OFFICIAL_ABBREVIATIONS = frozenset(
    "NASA CDC FDA EPA IRS ICE NOAA USDA DOD DHS DOJ FEMA TSA ATF DEA NIH FTC FCC SEC AG CBP IG "
    "OIG USCIS".split()
)

#: Institutions that are the head of their phrase even when a person modifies it ("the
#: Trump administration", "Marx's office"): the office speaks, not the person.
INSTITUTION_HEADS = frozenset(
    "administration government ministry department office embassy agency bureau".split()
)

#: Relatives and acquaintances: identifiable people the report does not name ("his
#: brother said", "the victim's parents").
KIN_HEADS = frozenset(
    """
    brother brothers sister sisters mother father parent parents son sons daughter daughters
    wife husband widow widower cousin uncle aunt nephew niece grandmother grandfather
    relative relatives friend friends neighbor neighbour girlfriend boyfriend fiance fiancee
    """.split()
)

#: "the group said": a definite organisation noun alone refers back to one named earlier.
ANAPHORIC_ORGANISATIONS = frozenset(
    """
    group organization organisation company firm outlet newspaper paper magazine network
    charity union campaign website publication broadcaster
    """.split()
)

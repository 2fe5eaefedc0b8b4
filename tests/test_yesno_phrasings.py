"""Yes/no answers on generated replies (issue 10): the many ways a reply says no ("There is no
... as such", "has not yet been set up", "was abolished in 2019", "is planned for 2027", "a
draft law ... is under discussion", "Neither ... nor ..."), and yes in words that hold a
negation ("no longer than 90 days", "no fee is charged" for "is it free?", "cannot be
punished" for a non-punishment provision, "without the victim's consent"), each in several
subjects, question verbs (a synonym or a nominalisation of the reply's) and house styles,
the deciding sentence among distractors and not first. `decide` says how the answer was
reached, the confidence reads it, and a sentence that mentions the subject but decides
nothing gives no confident answer."""

from __future__ import annotations

import itertools
import random
import re
from types import SimpleNamespace

import numpy as np
import pytest

from greta_search.answer import score_sentences, short_answer, text_confidence, text_features
from greta_search.answer_types import analyse
from greta_search.chunk import Chunk
from greta_search.search import Hit
from greta_search.sentences import Passage, Sentence, split_sentences
from greta_search.yesno import about_asked, decide, words

STATES = ["Vendaria", "Osterlich", "Grand Fenwick"]
# Things a State may have set up: (the thing, its plural head for "no such ...").
BODIES = ["national rapporteur on trafficking", "code of conduct for internet providers",
          "compensation fund for victims of trafficking", "specialised shelter for male victims",
          "helpline for victims of labour exploitation", "register of recruitment agencies"]
# Questions on a thing's existence: the reply's verb, a synonym, a nominalisation.
EXIST_QUESTIONS = ["Is there a {x} in {s}?", "Has a {x} been set up in {s}?",
                   "Has {s} established a {x}?", "Does {s} have a {x}?",
                   "Has the creation of a {x} been completed in {s}?"]
EXIST_NO = [
    "No {x} exists in {s}.",
    "There is no {x} as such.",
    "No such body as a {x} has been established so far.",
    "At present, there are no plans to set up a {x}.",
    "The legislation contains no {x}.",
    "A {x} has not yet been set up.",
    "A {x} has not been created.",
    "The establishment of a {x} is planned for 2027.",
    "A draft law providing for a {x} is under discussion in Parliament.",
    "The {x} was abolished in 2019.",
    "{s} has yet to establish a {x}.",
    "Neither the Government nor Parliament has set up a {x}.",
    "Setting up a {x} is not possible under the current budget law.",
]
EXIST_YES = [
    "A {x} was set up in {s} in 2021.",
    "{s} established a {x} in 2019; it reports no later than 31 March each year.",
    "The {x} has existed since 2018, not only in law but also in practice.",
    "Since 2020 there has been a {x}, whose members serve no longer than four years.",
    "The {x}, created by Law No. 45/2018, now has a staff of 12.",
    "Yes. The {x} has been operational since 2022 and is not subject to ministerial orders.",
]
# Conduct a State may criminalise, and how questions and replies say it.
CONDUCT = ["forced begging", "the use of services of a trafficking victim", "forced labour",
           "the exploitation of criminal activities"]
CRIME_QUESTIONS = ["Is {x} criminalised as a separate offence in {s}?",
                   "Is {x} a criminal offence in {s}?",
                   "Does the Criminal Code of {s} criminalise {x}?"]
CRIME_NO = [
    "{X} is not criminalised as a separate offence.",
    "{s} law does not provide for a separate offence of {x}.",
    "There is no separate offence of {x}; such acts are prosecuted as trafficking.",
    "The Criminal Code contains no offence of {x} as such.",
    "The criminalisation of {x} was repealed in 2019.",
    "A draft amendment making {x} a criminal offence is under consideration.",
]
CRIME_YES = [
    "{X} is a criminal offence under Article 171-2 of the Criminal Code.",
    "{X} is punishable by imprisonment of no less than 3 years (Article 171-2 CC).",
    "Since 2021 the Criminal Code has criminalised {x} (Article 171-2), not only when "
    "committed by organised groups.",
]
# Services that may be free: yes said with a negation, no said without one.
SERVICES = ["legal aid", "medical treatment", "psychological counselling",
            "interpretation during interviews"]
FREE_QUESTIONS = ["Is {x} free of charge for victims in {s}?", "Is {x} free for victims?"]
FREE_YES = ["No fee is charged to victims for {x}.", "Victims do not have to pay for {x}.",
            "{X} is provided to victims at no cost."]
FREE_NO = ["A fee is charged to victims for {x}.", "Victims must pay for {x} themselves."]
# Yes said with a negation the question asks about, and the same words that say no.
SPECIAL = [
    ("Is there a non-punishment provision for victims of trafficking in {s}?",
     "Victims of trafficking cannot be punished for offences they were compelled to commit "
     "(Article 40-1 of the Criminal Code).", "Yes"),
    ("Is there a non-punishment provision for victims of trafficking in {s}?",
     "There is no specific non-punishment provision for victims of trafficking.", "No"),
    ("Can the police open an investigation of trafficking without the victim's consent?",
     "The police open an investigation of trafficking ex officio, without the victim's "
     "consent.", "Yes"),
    ("Can the police open an investigation of trafficking without the victim's consent?",
     "The police cannot open an investigation of trafficking without the victim's consent.",
     "No"),
    ("Is there a recovery and reflection period for victims in {s}?",
     "The recovery and reflection period lasts no longer than 90 days.", "Yes"),
    ("Are hearings with child victims held in public in {s}?",
     "Hearings with child victims are held in camera.", "No"),
    ("Are hearings with child victims held in public in {s}?",
     "Hearings with child victims are held behind closed doors.", "No"),
    ("Is participation in the assistance programme mandatory for victims in {s}?",
     "Participation of victims in the assistance programme is voluntary.", "No"),
    ("Are exploited migrant workers exempt from the work permit requirement in {s}?",
     "Exploited migrant workers are not required to hold a work permit.", "Yes"),
    ("Are cases of trafficking for forced marriage recorded separately in {s}?",
     "Such cases of trafficking for forced marriage are not recorded separately.", "No"),
    ("Can victims obtain a residence permit in {s}?",
     "Victims can obtain a residence permit only in cases of co-operation with the "
     "authorities or of personal circumstances.", "Yes"),
    ("Is the residence permit for victims of trafficking renewable in {s}?",
     "The residence permit for victims of trafficking is not renewable.", "No"),
    ("Is Article 144 on the criminal liability of legal persons still in force in {s}?",
     "Article 144 on the criminal liability of legal persons was repealed in 2019.", "No"),
    ("Is a new law on the criminal liability of legal persons being drafted in {s}?",
     "A new law on the criminal liability of legal persons is being drafted.", "Yes"),
    ("Does the referral mechanism in {s} apply to victims of internal trafficking?",
     "The referral mechanism applies to victims of internal trafficking; it is not "
     "applicable to victims of smuggling.", "Yes"),
    ("Does the referral mechanism in {s} apply to victims of smuggling?",
     "The referral mechanism is not applicable to victims of smuggling.", "No"),
]
# Sentences about other things that stand beside the deciding one; some hold a negation.
DISTRACTORS = [
    "The Ministry of Labour co-ordinates the work of the labour inspectorate.",
    "In 2025, 46 victims were identified, none of them children.",
    "Training for judges is not yet compulsory.",
    "GRETA's recommendations were published on the website of the Ministry of Justice.",
    "The Anti-Trafficking Office has a budget of EUR 1.2 million.",
]
# How a reply is set out: a paragraph, the answer after a bold lead, a bullet.
STYLES = ["{t}", "Answer: {t}", "**{t}**", "- {t}"]


def _cases() -> list[tuple[str, str, str]]:
    """(question, deciding sentence, expected answer) over subjects, phrasings and States."""
    out = []
    families = [(BODIES, EXIST_QUESTIONS, EXIST_NO, EXIST_YES),
                (CONDUCT, CRIME_QUESTIONS, CRIME_NO, CRIME_YES),
                (SERVICES, FREE_QUESTIONS, FREE_NO, FREE_YES)]
    for things, questions, nos, yeses in families:
        for thing, (said, answer), state in itertools.product(
                things, [(n, "No") for n in nos] + [(y, "Yes") for y in yeses], STATES[:1]):
            for asked in questions:
                fill = dict(x=thing, X=thing[0].upper() + thing[1:], s=state)
                out.append((asked.format(**fill), said.format(**fill), answer))
    for (asked, said, answer), state in itertools.product(SPECIAL, STATES):
        out.append((asked.format(s=state), said.format(s=state), answer))
    return out


CASES = _cases()


def _asked(question: str):
    """The question as `ask` analyses it: the State it names dropped."""
    for state in STATES:
        question = question.replace(f" of {state}", "").replace(f" in {state}", "")
        question = question.replace(f"{state} ", "")
    return analyse(question)


@pytest.mark.parametrize(("question", "said", "answer"), CASES)
def test_the_deciding_sentence_answers_yes_or_no(question: str, said: str, answer: str) -> None:
    q = _asked(question)
    assert q.kind == "yesno", question
    sentence = Sentence(text=said, passage=None)  # type: ignore[arg-type]
    assert short_answer(q, sentence, said) == answer, (question, said)
    assert about_asked(q, said), (question, said)


@pytest.mark.parametrize("seed", range(40))
def test_the_decision_survives_the_distractors_and_the_house_style(seed: int) -> None:
    """The deciding sentence among distractors, not first, in a house style: the sentence
    the reply splits into still answers, and the distractors answer nothing confidently."""
    rng = random.Random(seed)
    question, said, answer = rng.choice(CASES)
    q = _asked(question)
    before = rng.sample(DISTRACTORS, rng.randint(1, 3))
    line = rng.choice(STYLES).format(t=" ".join([*before, said]))
    pieces = split_sentences(line.replace("**", "").removeprefix("- "))
    deciding = max((p for p in pieces if p in said), key=len)
    assert decide(q, deciding).answer == answer, (question, deciding)
    for other in pieces:
        if other not in said:
            assert not about_asked(q, other), (question, other)


FEATURES = dict(mass=1.0, keyword=0.9, context=0.9, heading=0.9, dense=0.9, years=1.0,
                span_quality=0.0, margin=1.0)


def _sentence(text: str) -> Sentence:
    passage = SimpleNamespace(dense=0.9, prior=1.0)
    return Sentence(text=text, passage=passage, **FEATURES)  # type: ignore[arg-type]


@pytest.mark.parametrize(("question", "said", "answer"), CASES[::7])
def test_how_the_answer_was_decided_is_a_feature(question: str, said: str, answer: str) -> None:
    """A "Yes,"/"No," opener, a denial of what is asked, or Yes for want of a denial: one
    indicator each, with the share of the question's words the deciding clause holds."""
    q = _asked(question)
    features = text_features(q, _sentence(said))
    how = decide(q, said).how
    assert {name for name in ("yn_explicit", "yn_denied", "yn_affirmed")
            if features[name] == 1.0} == {f"yn_{how}"}
    assert features["yn_denied"] == float(answer == "No" and how != "explicit")
    assert 0.0 < features["yn_overlap"] <= 1.0
    other = text_features(analyse("How many victims were identified in 2025?"), _sentence(said))
    assert other["yn_explicit"] == other["yn_denied"] == other["yn_affirmed"] == 0.0
    assert other["yn_overlap"] == 0.0


@pytest.mark.parametrize(("question", "said", "answer"),
                         [c for c in CASES[::5] if len(words(_asked(c[0]).text)) >= 3])
def test_a_sentence_on_the_subject_that_decides_nothing_is_not_confident(
        question: str, said: str, answer: str) -> None:
    """A sentence that names one word of a subject of three or more in passing ("the
    Ministry publishes an annual leaflet (recruitment)") shares too little of what is asked
    for a confident Yes."""
    q = _asked(question)
    word = max(re.findall(r"[A-Za-z]{4,}", q.text), key=len)
    passing = f"The Ministry of Justice publishes an annual leaflet ({word})."
    assert text_confidence(q, _sentence(passing)) < 0.5, (question, passing)


# --- the evidence chosen (real e5 model) --------------------------------------------------------


class _Searcher:
    """What sentence scoring needs of a searcher: its passages (word weights) and embedder."""

    def __init__(self, chunks: list[Chunk], embedder) -> None:
        self.chunks, self.embedder = chunks, embedder


@pytest.fixture(scope="module")
def e5():
    from greta_search.embed import E5Embedder

    return E5Embedder()


def test_the_evidence_is_the_deciding_sentence(e5) -> None:
    """In a passage where the deciding sentence stands among distractors (some holding a
    negation of another thing), neither first nor last, the best sentence is the deciding one
    (or its part after a "Yes."), and it answers right."""
    for seed in range(30):
        rng = random.Random(seed)
        question, said, answer = rng.choice(CASES)
        q = _asked(question)
        before = rng.sample(DISTRACTORS, rng.randint(1, 3))
        after = rng.choice([d for d in DISTRACTORS if d not in before])
        chunk = Chunk(id="c1", doc="D", text=" ".join([*before, said, after]), citation="Q1",
                      question=1, kind="text", position=0)
        other = Chunk(id="c2", doc="D", citation="Q2", question=2, kind="text", position=1,
                      text="The action plan covers prevention, protection and prosecution.")
        vector = e5.embed_queries([q.text])[0]
        dense = float(np.dot(e5.embed_passages([chunk.text])[0], vector))
        passages = [Passage(Hit(chunk, 1.0), prior=1.0, dense=dense)]
        best = score_sentences(q, passages, vector, _Searcher([chunk, other], e5))[0]
        assert best.text in said, (question, best.text)
        assert decide(q, best.text).answer == answer, (question, best.text)

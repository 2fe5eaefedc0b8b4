"""Yes or No from the evidence, on generated sentences (issue 10): yes/no predicates x forms of
negation x its scope (the negation must govern what is asked: a negation in another clause,
"Act No. 45", "not only", "no later than" say nothing against it); an explicit "Yes," or
"No," that opens a reply; and evidence about another thing gives no confident answer."""

from __future__ import annotations

import itertools
import random
from types import SimpleNamespace

import pytest

from greta_search.answer import short_answer, text_confidence
from greta_search.answer_types import analyse
from greta_search.sentences import Sentence

# (the question, what the reply says when it is so, the thing asked about)
THINGS = ["free legal aid", "a reflection period", "State compensation", "a specialised shelter",
          "a residence permit", "psychological counselling", "a national referral mechanism"]
QUESTIONS = [
    ("Are victims entitled to {x}?", "victims are entitled to {x}"),
    ("Do victims have access to {x}?", "victims have access to {x}"),
    ("Is {x} provided to victims by law?", "{x} is provided to victims by law"),
    ("Can victims obtain {x}?", "victims can obtain {x}"),
]
# Ways a reply says the thing asked is not so.
NEGATIVE = [
    "victims are not entitled to {x}",
    "victims do not have access to {x}",
    "{x} is not provided to victims by law",
    "victims cannot obtain {x}",
    "victims have no access to {x}",
    "no {x} is provided to victims",
    "victims are unable to obtain {x}",
    "the State has yet to provide {x} to victims",
    "{x} is never provided to victims",
]
# Things said beside it that hold a negation about something else, or words that only look
# like one.
ASIDES = [
    "{s}; this does not depend on their cooperation with the police.",
    "{s}. The procedure is not subject to a fee.",
    "Under Act No. {n}/2013, {s}.",
    "Under Law No. {n}, {s}, no later than {n} days after their identification.",
    "{s}, which is not conditional on a complaint.",
    "{s}, not less than {n} days a year.",
]


def _sentence(text: str) -> Sentence:
    return Sentence(text=text[0].upper() + text[1:], passage=None)  # type: ignore[arg-type]


@pytest.mark.parametrize(("question", "negative", "thing"),
                         itertools.product(range(len(QUESTIONS)), NEGATIVE, THINGS))
def test_a_negation_of_what_is_asked_says_no(question: int, negative: str, thing: str) -> None:
    asked, _ = QUESTIONS[question]
    text = negative.format(x=thing) + "."
    q = analyse(asked.format(x=thing))
    assert short_answer(q, _sentence(text), text) == "No", text


@pytest.mark.parametrize(("question", "aside", "thing"),
                         itertools.product(range(len(QUESTIONS)), ASIDES, THINGS))
def test_a_negation_of_another_thing_still_says_yes(question: int, aside: str, thing: str) -> None:
    asked, says = QUESTIONS[question]
    rng = random.Random(f"{question}{aside}{thing}")
    text = aside.format(s=says.format(x=thing), n=rng.randint(2, 90))
    q = analyse(asked.format(x=thing))
    assert short_answer(q, _sentence(text), text) == "Yes", text


@pytest.mark.parametrize(("question", "negative", "thing"), itertools.product(
    range(len(QUESTIONS)), NEGATIVE[:5], THINGS[:4]))
def test_the_negation_counts_in_a_clause_after_the_context(question: int, negative: str,
                                                           thing: str) -> None:
    """The question's setting affirmed in one clause, what is asked denied in the next ("...
    were checked against indicators; however, no victims were identified") or in the next
    sentence ("No such request has been made so far")."""
    asked, _ = QUESTIONS[question]
    q = analyse(asked.format(x=thing) .replace("?", " in shelters run by the State?"))
    for text in (f"In shelters run by the State, staff assess every case; however, "
                 f"{negative.format(x=thing)}.",
                 f"Shelters run by the State may offer {thing} to victims on request. "
                 f"No such request has been made so far."):
        assert short_answer(q, _sentence(text), text) == "No", text


@pytest.mark.parametrize(("only", "thing"), itertools.product([True, False], THINGS))
def test_only_others_not_the_ones_asked_says_no(only: bool, thing: str) -> None:
    q = analyse(f"Are foreign victims entitled to {thing}?")
    text = (f"Only citizens are entitled to {thing}, not foreign victims." if only
            else f"Citizens and foreign victims alike are entitled to {thing}.")
    assert short_answer(q, _sentence(text), text) == ("No" if only else "Yes"), text


@pytest.mark.parametrize(("said", "thing"), itertools.product(["Yes", "No"], THINGS))
def test_a_reply_that_says_yes_or_no_first_is_taken_at_its_word(said: str, thing: str) -> None:
    q = analyse(f"Can victims without a residence permit obtain {thing}?")
    rest = ("the residence condition no longer applies to victims" if said == "Yes"
            else f"{thing} is granted to victims lawfully residing in the country")
    text = f"{said}, since 2024. Since then, {rest}."
    assert short_answer(q, _sentence(text), text) == said, text


FEATURES = dict(mass=1.0, keyword=0.9, context=0.9, heading=0.9, dense=0.9, years=1.0,
                span_quality=0.0, margin=1.0)


@pytest.mark.parametrize(("question", "thing", "other"), itertools.product(
    range(len(QUESTIONS)), THINGS, ["The hotline operates around the clock in four languages.",
                                    "Labour inspectors carried out 120 visits to farms."]))
def test_evidence_about_another_thing_gives_no_confident_answer(question, thing, other) -> None:
    """However close the passage and its headings, a sentence that says nothing of what a
    yes/no question asks answers neither Yes nor No."""
    asked, says = QUESTIONS[question]
    q = analyse(asked.format(x=thing))
    passage = SimpleNamespace(dense=0.9, prior=1.0)
    about = Sentence(text=says.format(x=thing).capitalize() + ".", passage=passage,  # type: ignore[arg-type]
                     **FEATURES)
    elsewhere = Sentence(text=other, passage=passage, **FEATURES)  # type: ignore[arg-type]
    assert text_confidence(q, about) >= 0.5
    assert text_confidence(q, elsewhere) < 0.5

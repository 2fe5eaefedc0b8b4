"""A penalty asked ("What is the penalty for ...?", "What penalty does ... carry?", "What is
the minimum penalty ...?") is a number: the term of imprisonment or the fine, not the
sentence around it, and not a count beside it ("14 persons were convicted"); a term that a
fronted condition restricts ("Where it caused the death of the victim, the penalty is at
least ten years") answers the question naming that condition. A law about penalties
("Which penalty provisions apply?") is no number. Generated over question frame x offence x
term form x count x condition x order."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.spans import best_span

OFFENCES = ("trafficking in children", "forced marriage", "forced labour",
            "using the services of a victim", "human exploitation", "forced begging")
QUESTIONS = ("What is the penalty for {o}?", "What penalty does {o} carry?",
             "What is the basic penalty for {o}?", "What penalty applies to {o}?",
             "What punishment does the law set for {o}?", "Which penalty applies to {o}?",
             "What is the applicable penalty for {o} in Borduria?")
TERMS = ("{a} to {b} years' imprisonment", "from {a} to {b} years", "{a} to {b} years",
         "up to {b} years' imprisonment", "a fine of up to EUR {m},000")
FRAMES = ("{O} is punishable by {t}.", "{O} is an offence under Article 171 of the Criminal Code,"
          " punishable by {t}.", "The penalty for {o} is {t}.")
COUNTS = ("In 2025, {c} persons were convicted of {o}.", "{c} cases of {o} were prosecuted.")


@pytest.mark.parametrize("frame", QUESTIONS)
def test_a_penalty_asked_is_a_number(frame: str) -> None:
    assert analyse(frame.format(o="trafficking")).kind == "number"


@pytest.mark.parametrize("question", ["Which penalty provisions apply to trafficking?",
                                      "What penalty laws were amended in 2024?",
                                      "Does the vulnerability of the victim aggravate the "
                                      "penalty?"])
def test_a_law_or_yes_no_about_penalties_is_no_number(question: str) -> None:
    assert analyse(question).kind != "number"


@pytest.mark.parametrize("seed", range(150))
def test_the_term_is_the_answer_not_a_count_beside_it(seed: int) -> None:
    rng = random.Random(seed)
    offence = rng.choice(OFFENCES)
    low = rng.randint(1, 9)
    term = rng.choice(TERMS).format(a=low, b=low + rng.randint(2, 10), m=rng.randint(2, 90))
    penalty = rng.choice(FRAMES).format(o=offence, O=offence[0].upper() + offence[1:], t=term)
    count = rng.choice(COUNTS).format(c=rng.randint(11, 90), o=offence)
    count = count[0].upper() + count[1:]
    parts = [penalty.rstrip("."), count[0].lower() + count[1:-1]]
    if rng.random() < 0.5:
        parts.reverse()
    sentence = "; ".join(parts) + "."
    sentence = sentence[0].upper() + sentence[1:]
    question = analyse(rng.choice(QUESTIONS).format(o=offence))
    chosen = best_span(sentence, question)[0] or ""
    assert chosen in term and chosen.endswith(term.split()[-1].rstrip(".")), sentence


@pytest.mark.parametrize("seed", range(100))
def test_the_term_of_the_condition_asked_is_the_answer(seed: int) -> None:
    rng = random.Random(500 + seed)
    # offences and aggravations that share no word with the condition asked: the condition
    # alone tells the terms apart
    offence = rng.choice(("forced marriage", "forced labour", "human exploitation",
                          "forced begging", "servitude"))
    base, other = rng.sample(range(2, 15), 2)
    written = rng.choice(("at least {n} years", "up to {n} years", "{n} to {m} years",
                          "{n} to {m} years' imprisonment")).format(n=other, m=other + 7)
    aggravated = rng.choice(("committed by an organised group", "committed by a public official",
                             "committed repeatedly"))
    condition = rng.choice(("Where", "If", "When", "In cases where"))
    terms = [f"The penalty is {base + 1} to {base + 5} years where it was {aggravated}.",
             f"{condition} it caused the death of the victim, the penalty is {written}."]
    if rng.random() < 0.5:
        terms.reverse()
    sentence = " ".join([f"{offence[0].upper()}{offence[1:]} is punishable by {base} to "
                         f"{base + 3} years.", *terms])
    question = analyse(rng.choice(("What is the penalty for {o} where it caused the death of "
                                   "the victim?", "What penalty applies to {o} if it caused the "
                                   "death of the victim?")).format(o=offence))
    assert best_span(sentence, question)[0] == written, sentence

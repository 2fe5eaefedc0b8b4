"""The unit of an amount asked ("How much ...", "What amount ...") is any currency of
`greta_search.currency`'s vocabulary (names in any case, codes in capitals), the same
vocabulary the rest of the answering reads money in: the amount in it answers, a count
beside it does not. Generated over currency x number x sentence frame."""

from __future__ import annotations

import random

import pytest

from greta_search import currency
from greta_search.answer_types import analyse
from greta_search.spans import best_span

# One written name of each currency of the vocabulary (and some it has no code for).
NAMES = ("euros", "dollars", "pounds", "francs", "manats", "lei", "laris", "drams", "dinars",
         "denars", "kunas", "forints", "zlotys", "koruny", "kronor", "hryvnias", "roubles",
         "liras", "lek", "marks", "leva", "tenge", "yen", "yuan", "rupees", "florins", "ducats")
FRAMES = ("In {y}, {c} victims received {a} each from the State.",
          "Each of the {c} victims received {a} in {y}.",
          "{a} was given to each of the {c} victims in {y}.")
QUESTIONS = ("How much did each victim receive?", "What amount did each victim receive?")


def test_the_names_cover_the_vocabulary() -> None:
    for name in NAMES:
        assert currency.is_currency(name), name


@pytest.mark.parametrize("seed", range(60))
def test_an_amount_in_any_currency_answers_how_much(seed: int) -> None:
    rng = random.Random(seed)
    written = rng.choice([*NAMES, *sorted(currency.CODES)])
    amount = f"{rng.randint(21, 99) * 10} {written}"  # no year
    year = rng.choice([2019, 2021, 2023])
    sentence = rng.choice(FRAMES).format(y=year, c=rng.randint(3, 60), a=amount)
    sentence = sentence[0].upper() + sentence[1:]
    question = analyse(rng.choice(QUESTIONS))
    assert best_span(sentence, question)[0] == amount, sentence

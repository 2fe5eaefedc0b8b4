"""What a count counts, on generated sentences (numbers x modifiers x nouns x what follows):
the span runs through the modifiers to the plural head noun ("46 such rooms", "11 border
crossing points", "4 States", "214 judges and prosecutors") and stops there, never taking
the clause, the list or the phrase that follows; amounts, durations and shares keep their
shapes."""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.answer_types import analyse
from greta_search.spans import best_span

MODIFIERS = ["", "such ", "new ", "additional ", "specialised "]
NOUNS = ["rooms", "border crossing points", "shelter places", "labour inspectors", "States",
         "Member States", "NGOs", "judges and prosecutors", "men and women", "children"]
FOLLOWING = [" were opened by the end of the period.", ", namely those in the capital.",
             " in the northern regions.", ".", " have been set up since then."]


@pytest.mark.parametrize(("modifier", "noun", "following"),
                         itertools.product(MODIFIERS, NOUNS, FOLLOWING))
def test_a_count_keeps_its_noun_phrase_and_stops_at_its_head(modifier, noun, following) -> None:
    number = random.Random(modifier + noun + following).choice(["3", "11", "46", "214", "1,250"])
    sentence = f"By the end of the reporting period, {number} {modifier}{noun}{following}"
    question = analyse(f"How many {noun} were there by the end of the reporting period?")
    assert best_span(sentence, question)[0] == f"{number} {modifier}{noun}", sentence


@pytest.mark.parametrize(("tail", "counted"), [
    ("victims and 3 witnesses were protected", "victims"),  # "and" a second count
    ("victims and witnesses protection measures were applied", "victims"),  # not two nouns
    ("victims of trafficking were protected", "victims"),
    ("new specialised rooms were protected", "new specialised rooms"),
    ("days and adopts a decision", "days"),  # "adopts", a verb, and its object
    ("victims identified by the police were protected", "victims"),
    ("border crossing points equipped with scanners were protected", "border crossing points"),
    ("States Parties, namely Ruritania and Molvania, were protected", "States Parties"),
    ("rooms, such premises being protected", "rooms"),
])
@pytest.mark.parametrize("number", ["7", "46", "1,250"])
def test_a_count_never_swallows_what_follows(tail: str, counted: str, number: str) -> None:
    sentence = f"By the end of the reporting period, {number} {tail}."
    question = analyse(f"How many {counted} were protected?")
    assert best_span(sentence, question)[0] == f"{number} {counted}", sentence


@pytest.mark.parametrize("seed", range(10))
def test_amounts_durations_and_shares_keep_their_shapes(seed: int) -> None:
    rng = random.Random(seed)
    count, share = rng.randint(2, 90), f"{rng.randint(1, 99)}.{rng.randint(1, 9)}%"
    year = rng.choice([2019, 2021, 2023])
    cases = [
        (f"Since {year}, the fine has been {count * 10} manats.", "How much is the fine?",
         f"{count * 10} manats"),
        (f"In {year}, the budget amounted to AZN {count}.5 million.",
         "How much was the budget?", f"AZN {count}.5 million"),
        (f"Since {year}, the recovery period has lasted {count} days.",
         "How long is the recovery period?", f"{count} days"),
        (f"Since {year}, the sentence has been {count} months of imprisonment.",
         "How long is the sentence?", f"{count} months"),
        (f"In {year}, women made up {share} of victims.", "What percentage of victims were women?",
         share),
    ]
    for sentence, asked, span in cases:
        assert best_span(sentence, analyse(asked))[0] == span, sentence

"""An amount of money asked by what it is ("What fine applies ...?", "What is the maximum
fine ...?", "What budget does ... have?") is money as much as one asked "how much": an
amount in a currency answers it, and so does a share of a sum ("up to 4% of the annual
turnover"), with the quality of a good answer (the confidence reads it), not as a share
written where a count was asked. Generated over question frame x amount form x sentence
frame."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.spans import choose_span

QUESTIONS = ("What fine applies to a provider that fails to remove illegal content?",
             "What is the maximum fine for a provider that does not remove illegal content?",
             "What fine can a platform face for not removing illegal content?",
             "What was the highest fine for a provider that kept illegal content online?",
             "Which fine is imposed on a provider that does not take down illegal content?")
SHARES = ("up to {p}% of the provider's annual turnover", "up to {p} % of the annual turnover",
          "up to {p} per cent of its worldwide annual turnover",
          "up to {p}% of the worldwide annual turnover")
AMOUNTS = ("up to EUR {a}", "up to {a} SYT", "up to MVF {a}", "up to RUC {a}")
FRAMES = ("Non-compliance is punished by a fine of {x}.",
          "A provider that does not remove illegal content faces a fine of {x}.",
          "Failure to remove the content is fined {x} under the Digital Services Act.",
          "The fine for a provider that keeps illegal content online is {x}.")


@pytest.mark.parametrize("seed", range(160))
def test_a_fine_written_as_a_share_or_an_amount_answers(seed: int) -> None:
    rng = random.Random(seed)
    if seed % 2:
        value = rng.choice(SHARES).format(p=rng.choice((1, 2, 3, 4, 5, 6, 10)))
    else:
        value = rng.choice(AMOUNTS).format(a=f"{rng.randint(2, 900) * 1000:,}")
    sentence = rng.choice(FRAMES).format(x=value)
    choice = choose_span(sentence, analyse(rng.choice(QUESTIONS)))
    assert choice.text == value, sentence
    assert choice.quality >= 0.6, (sentence, choice.quality)

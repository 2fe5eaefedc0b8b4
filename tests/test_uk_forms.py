"""English forms of dates and shares that civil-service replies print: a day with its
ordinal ending ("3rd March 2024", "March 3rd, 2024") is one date, never a count; a share in
words ("30.4 per cent", "12 percent") is one percentage. Generated over day x month x year x
sentence frame, and over number x spelling x frame."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.numbers import canonical, counts_in, number_value
from greta_search.spans import DATE_RE, best_span

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DATE_FRAMES = ("The Act entered into force on {d}.", "On {d}, the Government adopted the Plan.",
               "The Plan, adopted on {d}, runs for four years.")
SHARE_FRAMES = ("Women made up {p} of the victims identified in 2024.",
                "In 2024, {p} of the victims identified were women, against 41 men.")


def ordinal(day: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st, 22nd, 23rd, 31st."""
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{({1: 'st', 2: 'nd', 3: 'rd'}).get(day % 10, 'th')}"


@pytest.mark.parametrize("seed", range(40))
def test_a_date_with_an_ordinal_day_is_read_whole(seed: int) -> None:
    rng = random.Random(seed)
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2005, 2025)
    written = (f"{ordinal(day)} {month} {year}" if seed % 2 else
               f"{month} {ordinal(day)}, {year}")
    sentence = rng.choice(DATE_FRAMES).format(d=written)
    assert [m.group() for m in DATE_RE.finditer(sentence)] == [written]
    question = analyse(rng.choice(("When did the Act enter into force?",
                                   "When was the Plan adopted?")))
    assert best_span(sentence, question)[0] == written, sentence
    # the day is not a count of anything
    assert all(m.group() != str(day) for m in counts_in(f"On {ordinal(day)} {month}, 97 "
                                                       "victims were identified."))


@pytest.mark.parametrize("seed", range(40))
def test_a_share_written_in_words_is_one_percentage(seed: int) -> None:
    rng = random.Random(seed)
    number = rng.choice([f"{rng.randint(1, 99)}.{rng.randint(1, 9)}", str(rng.randint(2, 99))])
    spelt = rng.choice(("per cent", "percent", "%", " %"))
    share = f"{number}{spelt}" if spelt.strip() == "%" else f"{number} {spelt}"
    assert number_value(share) == number_value(number)
    assert canonical(share) == canonical(f"{number}%")
    sentence = rng.choice(SHARE_FRAMES).format(p=share)
    question = analyse("What percentage of the victims identified in 2024 were women?")
    assert best_span(sentence, question)[0] == share, sentence

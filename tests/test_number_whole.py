"""The number a question asks for, whole, with its qualifier (issue 10): ranges ("MVF 40,000
to MVF 120,000", "one to ten years", "from 1.5 to 6 years", "between 2 and 8 years"), rates
("EUR 300 a month"), proportions ("7 cases out of 10", "14 of the 22 institutions"), shares
of an amount ("up to 3 % of the annual turnover"), the counted noun whole ("2 types of
exploitation"); money, time limits and ages asked by what they are ("What is the maximum
fine ...", "Within what time ...", "Up to what age ..."); which count ("512 inspectors", not
"8 regional inspectorates"; "six months" written in words, not "60 days"). Generated over
frames x numbers x units x qualifiers."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.number_extent import carry_context
from greta_search.spans import best_span

CODES = ("MVF", "RUC", "EUR", "BDD", "SYT")
QUALIFIERS = ("up to ", "at least ", "not less than ", "more than ", "")
WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
UNITS = ("days", "weeks", "months", "years")
FINE_QUESTIONS = ("What is the maximum fine for an employer who breaks the rule?",
                  "What fine does an employer face for breaking the rule?",
                  "What is the highest fine for an employer who breaks the rule?")
FINE_FRAMES = ("A breach is punished by a fine of {a}.",
               "An employer who breaks the rule is liable to a fine of {a} per worker.",
               "The fine for a breach is {a}, imposed by the labour inspectorate.")


def _amount(rng: random.Random) -> str:
    return f"{rng.randint(2, 99)},{rng.randint(0, 9)}00"


@pytest.mark.parametrize("seed", range(40))
def test_a_fine_asked_is_its_amount_with_its_range_and_qualifier(seed: int) -> None:
    rng = random.Random(seed)
    code = rng.choice(CODES)
    low, high = sorted({_amount(rng), _amount(rng)} | {"1,000"}, key=lambda a: int(
        a.replace(",", "")))[-2:]
    amount = rng.choice([f"{code} {low} to {code} {high}", f"between {low} and {high} {code}",
                         f"{rng.choice(QUALIFIERS)}{code} {high}"]).strip()
    sentence = rng.choice(FINE_FRAMES).format(a=amount)
    question = analyse(rng.choice(FINE_QUESTIONS))
    assert question.kind == "number"
    assert amount in (best_span(sentence, question)[0] or ""), sentence


@pytest.mark.parametrize("seed", range(30))
def test_a_share_of_the_turnover_answers_a_fine(seed: int) -> None:
    rng = random.Random(seed)
    share = f"{rng.choice(['up to ', ''])}{rng.randint(1, 9)}{rng.choice([' %', '%'])} of the "
    share += rng.choice(["annual turnover", "provider's annual turnover", "yearly income"])
    sentence = rng.choice(FINE_FRAMES).format(a=share)
    question = analyse(rng.choice(FINE_QUESTIONS))
    assert best_span(sentence, question)[0].startswith(share), sentence


@pytest.mark.parametrize("seed", range(40))
def test_a_length_of_time_keeps_its_range_qualifier_and_words(seed: int) -> None:
    rng = random.Random(seed)
    unit = rng.choice(UNITS)
    first, last = sorted(rng.sample(range(2, 10), 2))
    length = rng.choice([f"{WORDS[first - 2]} {unit}", f"one to {WORDS[last - 2]} {unit}",
                         f"from {first} to {last} {unit}", f"between {first} and {last} {unit}",
                         f"{rng.choice(QUALIFIERS[:3])}{WORDS[last - 2]} {unit}"])
    other = f"{rng.randint(11, 99)} {rng.choice(UNITS)}"
    frame = rng.choice(["The permit is issued for {l}; the police must decide within {o}.",
                        "The police must decide within {o}, and the permit is issued for {l}."])
    sentence = frame.format(l=length, o=other)
    question = analyse(rng.choice(["For how long is the permit issued?",
                                   "How long is the permit issued for?"]))
    assert length in (best_span(sentence, question)[0] or ""), sentence


@pytest.mark.parametrize("seed", range(30))
def test_a_rate_keeps_its_period(seed: int) -> None:
    rng = random.Random(seed)
    period = rng.choice(["a month", "per month", "a year", "per week", "each month"])
    amount = f"{rng.choice(['EUR', 'RUC', 'MVF'])} {rng.randint(11, 99) * 10} {period}"
    sentence = (f"Victims receive a contribution to rent of {amount} for "
                f"{rng.randint(2, 9)} months after leaving the shelter.")
    question = analyse("How much does the Programme contribute to a victim's rent?")
    assert amount in (best_span(sentence, question)[0] or ""), sentence


@pytest.mark.parametrize("seed", range(30))
def test_a_proportion_is_read_whole(seed: int) -> None:
    rng = random.Random(seed)
    part, whole = sorted(rng.sample(range(3, 60), 2))
    noun = rng.choice(["institutions", "shelters", "centres", "cases"])
    shape = rng.choice([f"{part} of the {whole} {noun}", f"{part} {noun} out of {whole}"])
    sentence = rng.choice([f"By the end of 2025, {shape} had been closed.",
                           f"The study found that in {shape} the recruiter was known."])
    question = analyse(f"How many of the {noun} had been closed?" if "closed" in sentence
                       else f"In what proportion of {noun} was the recruiter known?")
    assert shape in (best_span(sentence, question)[0] or ""), sentence


@pytest.mark.parametrize("seed", range(30))
def test_the_counted_noun_keeps_its_complement(seed: int) -> None:
    rng = random.Random(seed)
    kind = rng.choice(["types", "kinds", "forms", "categories"])
    what = rng.choice(["exploitation", "assistance", "violence", "support"])
    count = rng.choice([str(rng.randint(2, 30)), rng.choice(WORDS)])
    sentence = (f"In practice only {count} {kind} of {what} have been observed, "
                f"in {rng.randint(3, 9)} regions.")
    question = analyse(f"How many {kind} of {what} have been observed?")
    assert f"{count} {kind} of {what}" in (best_span(sentence, question)[0] or ""), sentence


@pytest.mark.parametrize("seed", range(30))
def test_the_count_of_the_noun_asked_as_written(seed: int) -> None:
    rng = random.Random(seed)
    small, big = rng.randint(2, 12), rng.randint(100, 900)
    body, staff = rng.choice([("inspectorates", "inspectors"), ("directorates", "directors"),
                              ("administrations", "administrators")])
    sentence = rng.choice([f"The Service and its {small} regional {body} employ {big} {staff}.",
                           f"Its {small} regional {body} employ {big} {staff} in all."])
    question = analyse(f"How many {staff} work for the Service?")
    assert best_span(sentence, question)[0] == f"{big} {staff}", sentence


@pytest.mark.parametrize("seed", range(30))
def test_the_part_asked_of_a_whole(seed: int) -> None:
    rng = random.Random(seed)
    whole = rng.randint(20, 60)
    part = rng.randint(2, whole - 5)
    noun, (one, other) = rng.choice([("children", ("girls", "boys")),
                                     ("victims", ("women", "men")),
                                     ("persons", ("foreigners", "nationals"))])
    sentence = f"Of the {whole} {noun} interviewed in 2025, {part} were {one} and " \
               f"{whole - part} were {other}."
    question = analyse(f"How many of the {noun} interviewed in 2025 were {one}?")
    assert best_span(sentence, question)[0] == str(part), sentence


@pytest.mark.parametrize("seed", range(20))
def test_a_raised_amount_is_the_new_one(seed: int) -> None:
    rng = random.Random(seed)
    old, new = sorted(rng.sample(range(100, 900), 2))
    code = rng.choice([c for c in CODES if c != "EUR"])  # glossed in euro
    verb = rng.choice(["raised", "increased"])
    sentence = (f"The maximum amount of State compensation was {verb} from {code} {old},000 "
                f"to {code} {new},000 (approximately EUR {rng.randint(2, 90)},000) in 2023.")
    question = analyse("What is the current maximum amount of State compensation?")
    assert best_span(sentence, question)[0] == f"{code} {new},000", sentence


@pytest.mark.parametrize("question, kind", [
    ("What is the maximum fine for a provider?", "number"),
    ("What fine can a legal entity receive?", "number"),
    ("What was the annual budget of the Office in 2025?", "number"),
    ("Within what time limit must a victim apply?", "number"),
    ("Up to what age are children interviewed at a Children's House?", "number"),
])
def test_amounts_limits_and_ages_are_numbers(question: str, kind: str) -> None:
    assert analyse(question).kind == kind


def test_provisions_on_fines_are_no_amount() -> None:
    assert analyse("What fine provisions apply to employers?").kind != "number"


class _Sentence:
    def __init__(self, passage: object, keyword: float, span: str | None) -> None:
        self.passage, self.keyword, self.span = passage, keyword, span


def test_the_amount_in_the_next_sentence_takes_its_subject() -> None:
    first, second = object(), object()
    subject = _Sentence(first, 0.9, None)
    amount = _Sentence(first, 0.1, "up to RUC 200,000")
    elsewhere = _Sentence(second, 0.1, "EUR 5")
    carried = carry_context([subject, amount, elsewhere], lambda s: bool(s.span))
    assert [s for s, _, _ in carried] == [amount]
    assert carried[0][2] is subject
    assert carried[0][1] > amount.keyword


@pytest.mark.parametrize("seed", range(30))
def test_an_age_asked_is_an_age_not_a_count(seed: int) -> None:
    rng = random.Random(seed)
    low, high = sorted(rng.sample(range(2, 18), 2))
    age = rng.choice([f"under {high}", f"aged from {low} to {high} years", f"{high} and above",
                      f"the age of {high}", f"over {high}"])
    count = f"{rng.randint(2, 40)} {rng.choice(['children', 'interviews', 'families'])}"
    frame = rng.choice(["In 2025 {c} were recorded; a child {a} is heard at a Children's House.",
                        "A child {a} is heard at a Children's House, and {c} were recorded."])
    sentence = frame.format(c=count, a=age)
    question = analyse(rng.choice(["Up to what age is a child heard at a Children's House?",
                                   "At what age is a child heard at a Children's House?",
                                   "For what age range is a child heard at a House?"]))
    assert age in (best_span(sentence, question)[0] or ""), sentence

"""Numbers written the continental way as well as the English way (`greta_search.numbers`),
on generated variants: every grouping style (comma, dot, space, no-break, narrow no-break
and thin space, apostrophe) x magnitudes x decimal point or comma x percent with or without
a space x scale words, read whole in short answers among distractor numbers and years, the
value of a table cell, and the answer checker comparing values ("12 500" is "12,500"). Two
separate numbers are never joined ("in 2024 12 victims", "Table 3 140 cases", "Articles 12
13", "2023, 2024")."""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.answer_types import analyse
from greta_search.evaluate import contains
from greta_search.numbers import canonical, number_value, numbers_in
from greta_search.spans import best_span
from greta_search.tables import parse_number

# Thousands separators: (name, separator); the dot only groups two or more groups ("1.250"
# alone is English 1.25).
SEPARATORS = [("comma", ","), ("dot", "."), ("space", " "), ("no-break", "\u00a0"),
              ("narrow", "\u202f"), ("thin", "\u2009"), ("apostrophe", "'")]
MAGNITUDES = [1_240, 7_350, 12_977, 18_300, 30_000, 250_000, 1_250_000, 4_500_000]


def grouped(value: int, separator: str) -> str:
    """`value` written with `separator` between groups of three digits."""
    return f"{value:,}".replace(",", separator)


def variants() -> list[tuple[int, str]]:
    """(value, writing) for every separator and magnitude the grammar reads unambiguously."""
    return [(v, grouped(v, sep)) for (_, sep), v in itertools.product(SEPARATORS, MAGNITUDES)
            if not (sep == "." and v < 1_000_000)]


VARIANTS = variants()
NOUNS = ["households", "conversations", "officers", "inspections", "calls"]
DISTRACTORS = ["6 regional offices", "24 staff", "3 helplines", "19 shelters"]
COUNT_TEMPLATES = [
    "In {year}, the service recorded {n} {noun} and opened {d}.",
    "The survey of {year} covered {n} {noun} in {d}.",
    "With {d}, the programme reached {n} {noun} in {year}.",
    "According to the Ministry, {n} {noun} were registered in {year}, against {d} before.",
]


# --- the value of a number --------------------------------------------------------------------


@pytest.mark.parametrize(("value", "written"), VARIANTS)
def test_a_grouped_number_has_its_value(value: int, written: str) -> None:
    assert number_value(written) == value
    assert parse_number(written) == value  # a table cell (the old cell grammar read no dots)


@pytest.mark.parametrize("percent", ["%", " %", "\u00a0%", "\u202f%"])
@pytest.mark.parametrize(("written", "value"), [("3,5", 3.5), ("3.5", 3.5), ("35", 35),
                                                ("0,75", 0.75), ("12,25", 12.25)])
def test_a_share_with_a_decimal_comma_or_point(written: str, value: float, percent: str) -> None:
    assert number_value(written + percent) == value
    assert parse_number(written + percent) == value


@pytest.mark.parametrize(("scale", "factor"), [("million", 10**6), ("mln", 10**6),
                                                ("billion", 10**9), ("bn", 10**9),
                                                ("thousand", 10**3)])
@pytest.mark.parametrize(("written", "value"), [("2,1", 2.1), ("4.8", 4.8), ("12", 12)])
def test_a_scale_word_multiplies(written: str, value: float, scale: str, factor: int) -> None:
    assert number_value(f"{written} {scale}") == pytest.approx(value * factor)


@pytest.mark.parametrize(("written", "value"), [("-4", -4), ("−4", -4), ("+12", 12),
                                                ("1.250,5", 1250.5), ("12 500,75", 12500.75),
                                                ("1,234.5", 1234.5)])
def test_signs_and_mixed_separators(written: str, value: float) -> None:
    assert number_value(written) == value


@pytest.mark.parametrize("text", ["12.06.2024", "Article 5-1", "abc", "2023, 2024", "3 14"])
def test_what_is_no_single_number_has_no_value(text: str) -> None:
    assert number_value(text) is None


# --- two numbers are never one ----------------------------------------------------------------

APART = [
    ("in {year} {small} victims", ["{year}", "{small}"]),
    ("Table {small} {big} cases", ["{small}", "{big}"]),
    ("Articles {small} {small2}", ["{small}", "{small2}"]),
    ("the years {year}, {year2} and {year3}", ["{year}", "{year2}", "{year3}"]),
    ("{small}, {big} and {small2}", ["{small}", "{big}", "{small2}"]),
    ("on 12.06.{year} {small} persons", ["{small}"]),
    ("{year} {small} 7 {big},650", ["{year}", "{small}", "7", "{big},650"]),  # a table's row
]


@pytest.mark.parametrize(("template", "expected"), APART)
@pytest.mark.parametrize("seed", range(6))
def test_separate_numbers_stay_apart(template: str, expected: list[str], seed: int) -> None:
    rng = random.Random(seed)
    fill = {"year": rng.randint(2015, 2026), "year2": rng.randint(2015, 2026),
            "year3": rng.randint(2015, 2026), "small": rng.randint(1, 99),
            "small2": rng.randint(1, 99), "big": rng.randint(100, 999)}
    text = template.format(**fill)
    assert [m.group() for m in numbers_in(text)] == [e.format(**fill) for e in expected]


# --- short answers read the whole number ------------------------------------------------------


@pytest.mark.parametrize(("value", "written"), VARIANTS)
def test_a_count_is_read_whole(value: int, written: str) -> None:
    """Fails on the old span grammar, which read the last group only ("240 households")."""
    rng = random.Random(written)
    noun, distractor = rng.choice(NOUNS), rng.choice(DISTRACTORS)
    year = rng.randint(2019, 2025)
    sentence = rng.choice(COUNT_TEMPLATES).format(year=year, n=written, noun=noun, d=distractor)
    question = analyse(f"How many {noun} were there in {year}?")
    assert best_span(sentence, question)[0] == f"{written} {noun}", sentence


@pytest.mark.parametrize(("value", "written"), VARIANTS)
@pytest.mark.parametrize("where", ["before", "after"])
def test_an_amount_is_read_whole(value: int, written: str, where: str) -> None:
    """Fails on the old grammar ("000 SYT", "EUR 30")."""
    amount = f"EUR {written}" if where == "before" else f"{written} EUR"
    rng = random.Random(written + where)
    sentence = rng.choice([
        "Since {year} each victim receives a one-off integration allowance of {a}.",
        "The one-off integration allowance, raised in {year}, is {a} for each of the 12 regions.",
    ]).format(year=rng.randint(2019, 2025), a=amount)
    question = analyse("How much is the one-off integration allowance?")
    assert best_span(sentence, question)[0] == amount, sentence


@pytest.mark.parametrize("percent", ["%", " %", "\u00a0%"])
@pytest.mark.parametrize("share", ["35", "3,2", "3.2", "12,75"])
@pytest.mark.parametrize("amount", ["EUR 4,8 million", "EUR 4.8 million", "120 million EUR"])
def test_a_share_asked_is_the_percentage(amount: str, share: str, percent: str) -> None:
    """Fails on the old code: a decimal comma was no number, and "35 %" won no bonus over
    the amount before it."""
    sentence = (f"The total budget of the Action Plan is {amount}, of which {share}{percent} "
                "is earmarked for prevention.")
    question = analyse("What percentage of the Action Plan budget is earmarked for prevention?")
    assert best_span(sentence, question)[0] == f"{share}{percent}"


@pytest.mark.parametrize(("scale", "noun"), itertools.product(["million", "mln", "bn"],
                                                              ["times", "views"]))
@pytest.mark.parametrize("written", ["2,4", "2.4", "12"])
def test_a_scaled_count_with_a_decimal_comma(written: str, scale: str, noun: str) -> None:
    """Fails on the old code for "2,4" (no number at all)."""
    sentence = (f"In 2025 the campaign was seen {written} {scale} {noun} on social media "
                "by 18 groups.")
    question = analyse(f"How many {noun} was the campaign seen on social media?")
    assert best_span(sentence, question)[0] == f"{written} {scale} {noun}"


@pytest.mark.parametrize("low", [2, 3, 5])
@pytest.mark.parametrize("high", [8, 10, 12])
@pytest.mark.parametrize("joint", ["{a} to {b}", "{a}-{b}", "{a}–{b}", "between {a} and {b}"])
def test_a_range_is_read_whole(low: int, high: int, joint: str) -> None:
    """Fails on the old code: "10 years" (of "3 to 10") or nothing at all (of "3-10"); the
    penalty is read whole ("3 to 10 years' imprisonment", issue 10)."""
    written = joint.format(a=low, b=high)
    sentence = f"Trafficking is punishable by {written} years' imprisonment under Section 14."
    question = analyse("How long is the prison sentence for trafficking?")
    assert best_span(sentence, question)[0] == f"{written} years' imprisonment"


@pytest.mark.parametrize("n", [2, 3, 5])
@pytest.mark.parametrize("unit", ["years", "months"])
def test_a_frequency_keeps_every(n: int, unit: str) -> None:
    """Fails on the old code ("2 years": a duration, not a frequency)."""
    sentence = f"The National Rapporteur evaluates the Action Plan 2024-2027 every {n} {unit}."
    question = analyse("How often does the National Rapporteur evaluate the Action Plan?")
    assert best_span(sentence, question)[0] == f"every {n} {unit}"


# --- the answer checker compares values -------------------------------------------------------


@pytest.mark.parametrize(("value", "written"), VARIANTS)
def test_the_checker_compares_values(value: int, written: str) -> None:
    for other in {grouped(value, ","), grouped(value, "\u00a0"), str(value)}:
        assert contains(f"{other} households", f"{written} households")
    assert not contains(f"{value + 1:,} households", f"{written} households")


@pytest.mark.parametrize(("gold", "answer"), [("350", "7 350"), ("240 households",
                                                                  "1 240 households"),
                                              ("000 SYT", "30 000 SYT")])
def test_a_group_is_no_number_of_its_own(gold: str, answer: str) -> None:
    """Fails on the old checker, which found "350" in "7 350"."""
    assert not contains(answer, gold)


@pytest.mark.parametrize(("a", "b"), [("3,5 %", "3.5%"), ("2,1 million SYT", "2.1 million SYT"),
                                      ("EUR 4,8 million", "EUR 4.8 million"),
                                      ("1.250.000", "1,250,000")])
def test_one_value_two_writings(a: str, b: str) -> None:
    assert canonical(a) == canonical(b)
    assert contains(a, b) and contains(b, a)


@pytest.mark.parametrize(("word", "years"), list(itertools.product(
    ["took part", "Part", "item", "points", "see Section", "pages"],
    [("2022", "2025"), ("2019", "2020"), ("2023", "2024")])))
def test_a_range_after_a_reference_word_is_read_not_split(word: str, years: tuple) -> None:
    """A span matched from a word ("between 2022 and 2025") after a reference word ("took
    part") is no space-grouped number: it is read whole, never cut at its first group."""
    from greta_search.number_spans import NUMBER_RE as SPAN_RE

    first, last = years
    text = f"In all, 96 victims {word} between {first} and {last} in the programme."
    found = [m.group() for m in numbers_in(text, SPAN_RE)]
    assert "96" in found[0] and any(first in f and last in f for f in found), found

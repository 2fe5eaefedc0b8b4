"""Which of a sentence's numbers counts what the question asks (issue 10: the right
sentence, another of its numbers), on generated sentences: parts ("of whom", "N of them",
"N of the M", "Of the N ..., M were"), capacities beside counts, another year's figure ("up
from 31 in 2023", "(2019: 356)"), a share beside its count, a target beside what was done,
a budget beside what was spent, two verbs sharing a noun ("sent 47 and received 38
requests"), coordinated counts, a passive verb asked ("be extended"), numbers in English
and continental grouping; each with a question for each number's role, chosen with no
similarity and with one that favours the longest stretch of the sentence (e5 favours the
stretch that holds the sentence's opening)."""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.answer_types import analyse
from greta_search.evaluate import contains
from greta_search.number_roles import asked, roles
from greta_search.number_spans import number_spans
from greta_search.spans import choose_span

# (whole noun, part noun said of some, a verb phrase said of others)
GROUPS = [("victims", "children", "accepted assistance"),
          ("persons", "women", "returned to their country"),
          ("migrants", "minors", "applied for asylum"),
          ("workers", "foreign nationals", "received compensation")]
STAFF = [("Anti-Trafficking Unit", "staff", "investigators"),
         ("National Referral Office", "employees", "social workers"),
         ("Helpline Centre", "staff members", "psychologists")]
PLACES = [("shelters", "beds", "victims"), ("crisis centres", "places", "women"),
          ("safe houses", "rooms", "children")]
BODIES = ["Ministry of Justice", "Prosecutor General's Office", "State Police"]
YEARS = [2022, 2023, 2024, 2025]


def number(rng: random.Random, low: int, high: int, taken: set[int]) -> tuple[str, int]:
    """A number not yet taken, written in one of the house styles."""
    value = rng.randint(low, high)
    while value in taken:
        value = rng.randint(low, high)
    taken.add(value)
    if value >= 1000:
        style = rng.choice([",", " ", "\u00a0", ""])
        return f"{value:,}".replace(",", style), value
    return str(value), value


def similar_longest(texts: list[str]) -> list[float]:
    """A similarity that favours the longest stretch, as e5 favours the one holding the
    sentence's opening words."""
    return [len(t) / 1000 for t in texts]


def check(sentence: str, question: str, expected: str, others: list[str]) -> None:
    q = analyse(question)
    assert q.kind == "number", question
    for similar in (None, similar_longest):
        choice = choose_span(sentence, q, similar=similar)
        assert choice.text is not None, (sentence, question)
        assert contains(choice.text, expected), (sentence, question, choice.text)
        assert not any(contains(choice.text, o) for o in others), (sentence, question, choice)
        assert choice.margin > 0.0, (sentence, question, choice)


def cases(seed: int) -> list[tuple[str, str, str, list[str]]]:
    """Sentences of every shape with a question for each number's role: (sentence,
    question, the number asked, the other numbers)."""
    rng = random.Random(seed)
    taken: set[int] = set()
    out = []
    whole, part, verb = rng.choice(GROUPS)
    year = rng.choice(YEARS)
    (a, _), (b, _), (c, _) = (number(rng, 40, 2500, taken), number(rng, 3, 35, taken),
                              number(rng, 3, 35, taken))
    sentence = f"Of the {a} {whole} identified in {year}, {b} were {part} and {c} {verb}."
    out += [(sentence, f"How many {part} were among the {whole} identified in {year}?", b, [a, c]),
            (sentence, f"How many of the {whole} identified in {year} {verb}?", c, [a, b]),
            (sentence, f"How many {whole} were identified in {year}?", a, [b, c])]
    sentence = f"In {year}, {a} {whole} were identified, of whom {b} were {part}."
    out += [(sentence, f"How many {part} were identified in {year}?", b, [a]),
            (sentence, f"How many {whole} were identified in {year}?", a, [b])]
    unit, staff, role = rng.choice(STAFF)
    taken.clear()
    (a, _), (b, _) = number(rng, 12, 90, taken), number(rng, 2, 11, taken)
    sentence = f"The {unit} has a staff of {a}, of whom {b} are {role}."
    out += [(sentence, f"How many {role} work in the {unit}?", b, [a])]
    shelters, beds, victims = rng.choice(PLACES)
    taken.clear()
    (a, _), (b, _), (c, _) = (number(rng, 2, 9, taken), number(rng, 20, 80, taken),
                              number(rng, 100, 400, taken))
    sentence = (f"The {a} {shelters}, with a capacity of {b} {beds}, received {c} {victims} "
                f"in {year}.")
    out += [(sentence, f"How many {victims} did the {shelters} receive in {year}?", c, [a, b]),
            (sentence, f"How many {beds} do the {shelters} have?", b, [a, c]),
            (sentence, f"How many {shelters} are there?", a, [b, c])]
    taken.clear()
    (a, _), (b, _) = number(rng, 30, 1500, taken), number(rng, 30, 1500, taken)
    noun = rng.choice(["victims", "presumed victims", "child victims"])
    for sentence in (f"In {year}, {a} {noun} were identified, up from {b} in {year - 1}.",
                     f"{a} {noun} were identified in {year} (compared with {b} in {year - 1}).",
                     f"In {year}, {a} {noun} were identified ({year - 1}: {b})."):
        out += [(sentence, f"How many {noun} were identified in {year}?", a, [b]),
                (sentence, f"How many {noun} were identified?", a, [b])]
    taken.clear()
    (a, _), (p, _) = number(rng, 40, 300, taken), number(rng, 5, 35, taken)
    sentence = f"{a} {whole} ({p} %) {verb}."
    out += [(sentence, f"How many {whole} {verb}?", a, [f"{p} %"]),
            (sentence, f"What share of the {whole} {verb}?", f"{p} %", [a])]
    taken.clear()
    (a, _), (b, _) = number(rng, 200, 400, taken), number(rng, 450, 900, taken)
    officers = rng.choice(["police officers", "judges", "labour inspectors"])
    sentence = f"The Action Plan aimed to train {b} {officers}; {a} were trained in {year}."
    out += [(sentence, f"How many {officers} were trained in {year}?", a, [b])]
    taken.clear()
    (a, _), (b, _) = number(rng, 2, 9, taken), number(rng, 10, 99, taken)
    sentence = f"In {year}, {b} labour inspections led to {a} criminal cases."
    out += [(sentence, f"How many criminal cases did the labour inspections lead to in {year}?",
             a, [b]),
            (sentence, f"How many labour inspections were carried out in {year}?", b, [a])]
    body = rng.choice(BODIES)
    taken.clear()
    (a, _), (b, _) = number(rng, 10, 99, taken), number(rng, 10, 99, taken)
    sentence = (f"In {year} the {body} sent {a} and received {b} requests for mutual legal "
                f"assistance in trafficking cases.")
    out += [(sentence, f"How many requests for mutual legal assistance did the {body} send in "
             f"{year}?", a, [b]),
            (sentence, f"How many requests for mutual legal assistance did the {body} receive "
             f"in {year}?", b, [a])]
    taken.clear()
    (a, _), (b, _) = number(rng, 10, 60, taken), number(rng, 100, 300, taken)
    sentence = (f"In {year}, {a} of the {b} final convictions for trafficking were based on "
                f"plea agreements.")
    # the part with its whole, as a proportion: "31 of the 220 final convictions"
    out += [(sentence, f"How many of the final convictions in {year} were based on plea "
             f"agreements?", f"{a} of the {b} final convictions", [])]
    taken.clear()
    (a, _), (b, _) = number(rng, 1000, 2000, taken), number(rng, 100, 400, taken)
    sentence = (f"In {year}, {a} members of the Roma minority completed courses, and {b} of "
                f"them found work.")
    out += [(sentence, f"How many Roma who completed courses found work in {year}?", b, [a])]
    taken.clear()
    (a, _), (b, _) = number(rng, 200, 1500, taken), number(rng, 20, 150, taken)
    first, second = rng.sample(["social workers", "guardians", "police officers", "teachers"], 2)
    sentence = f"In {year} the Institute trained {a} {first} and {b} {second}."
    out += [(sentence, f"How many {second} did the Institute train in {year}?", b, [a]),
            (sentence, f"How many {first} did the Institute train in {year}?", a, [b])]
    sentence = f"In {year} the course was attended by {a} {first} and {b} {second}."
    out += [(sentence, f"How many {second} attended the course in {year}?", b, [a])]
    taken.clear()
    (a, _), (b, _) = number(rng, 90, 180, taken), number(rng, 20, 89, taken)
    sentence = (f"A woman may stay in a centre for up to {a} days, which can be extended once "
                f"by a further {b} days.")
    out += [(sentence, "By how many days can a stay in a centre be extended?", f"{b} days",
             [str(a)])]
    taken.clear()
    (a, _), (b, _) = number(rng, 40, 300, taken), number(rng, 2, 30, taken)
    for sentence in (f"{a} {whole} were identified in {year}, including {b} {part}.",
                     f"In {year}, {a} {whole} were identified, among them {b} {part}."):
        out += [(sentence, f"How many {part} were identified in {year}?", b, [a]),
                (sentence, f"How many {whole} were identified in {year}?", a, [b])]
    taken.clear()
    (a, _), (b, _) = number(rng, 1000, 9000, taken), number(rng, 10000, 99000, taken)
    thing = rng.choice(["shelters", "awareness campaigns", "training of judges"])
    code = rng.choice(["EUR", "RUC", "MVF"])
    sentence = (f"In {year} the Action Plan had a budget of {code} {b}, of which {code} {a} was "
                f"spent on {thing}.")
    out += [(sentence, f"How much was spent on {thing} in {year}?", f"{code} {a}", [b]),
            (sentence, f"How much was the budget of the Action Plan in {year}?", f"{code} {b}",
             [a])]
    taken.clear()
    (a, _), (b, _) = number(rng, 40, 90, taken), number(rng, 100, 900, taken)
    for sentence in (f"The number of {noun} identified increased from {a} to {b} in {year}.",
                     f"The number of {noun} identified rose from {a} in {year - 1} to {b} in "
                     f"{year}."):
        out += [(sentence, f"How many {noun} were identified in {year}?", b, [a])]
    taken.clear()
    (a, _), (b, _) = number(rng, 200, 400, taken), number(rng, 450, 900, taken)
    sentence = f"{a} {officers} were trained in {year}, against a target of {b}."
    out += [(sentence, f"How many {officers} were trained in {year}?", a, [b])]
    taken.clear()
    word, value = rng.choice([("two", 2), ("three", 3), ("twelve", 12), ("Twenty-one", 21)])
    (a, _) = number(rng, 22, 90, taken)
    sentence = (f"The clinic advised {a} victims in {year}; its students work under the "
                f"supervision of {word.lower()} attorneys and a professor.")
    out += [(sentence, "How many attorneys supervise the students of the clinic?",
             f"{word.lower()} attorneys", [a]),
            (sentence, f"How many victims did the clinic advise in {year}?", a, [word.lower()])]
    sentence = f"{word} victims were identified in {year} and {a} were referred to shelters."
    out += [(sentence, f"How many victims were identified in {year}?", f"{word} victims", [a])]
    day, other = rng.randint(2, 9), rng.randint(10, 28)
    (a, _) = number(rng, 30, 90, taken)
    sentence = f"Courses were held on {day} March and {other} October {year} for {a} judges."
    out += [(sentence, f"How many judges took part in the courses in {year}?", a, [str(day)])]
    return out


CASES = [case for seed in range(6) for case in cases(seed)]


@pytest.mark.parametrize(("sentence", "question", "expected", "others"), CASES)
def test_the_number_that_counts_what_is_asked(sentence, question, expected, others) -> None:
    check(sentence, question, expected, others)


@pytest.mark.parametrize(("whole", "part", "seed"),
                         [(w, p, s) for (w, p, _), s in itertools.product(GROUPS, range(2))])
def test_a_part_inherits_what_its_whole_counts(whole: str, part: str, seed: int) -> None:
    rng = random.Random(seed)
    a, b = rng.randint(50, 99), rng.randint(2, 20)
    sentence = f"In 2024, {a} {whole} were identified, of whom {b} were {part}."
    spans = number_spans(sentence, analyse(f"How many {part} were identified?"))
    found = roles(sentence, spans)
    assert found[1].whole == 0 and found[0].whole is None
    assert set(analyse(whole).terms) <= found[1].noun


def test_what_the_question_counts() -> None:
    wanted = asked(analyse("How many prosecutors and police officers took part in 2025?"))
    assert {"prosecutor", "polic", "offic"} <= wanted.target
    assert asked(analyse("By how many days can the stay be extended?")).verbs == {"extend"}
    assert asked(analyse("What share of the budget is for victims?")).share


@pytest.mark.parametrize("seed", range(4))
def test_the_confidence_reads_whether_another_number_fits_as_well(seed: int) -> None:
    rng = random.Random(seed)
    a, b = rng.sample(range(10, 99), 2)
    body = rng.choice(BODIES)
    sentence = f"In 2024 the {body} sent {a} and received {b} requests for legal assistance."
    decided = choose_span(sentence, analyse(f"How many requests did the {body} send in 2024?"))
    assert decided.text == str(a) and decided.role_rival == 0.0
    either = choose_span(sentence, analyse("How many requests for legal assistance were there?"))
    assert either.role_rival == 1.0

"""Bodies for "which court / authority ...?" (`greta_search.body_fit`): a currency code (next
to an amount, defined after a currency's name, or a common ISO code) is never a body; a
body written in lower case and named by its place ("the labour court of Brelnitsa") is one;
the body whose own words hold the noun the question asks for is preferred. Generated
sentences with invented codes, places and bodies."""

from __future__ import annotations

import random
import string

import pytest

from greta_search.answer_types import analyse
from greta_search.body_fit import asked_noun, currency_codes
from greta_search.spans import body_spans, choose_span

PLACES = ("Brelnitsa", "Tarzov", "Kravnik", "Ulmen", "Dolna Vesh")
# (a body in lower case, the noun a question asks for it by)
LOWER_BODIES = (("labour court", "court"), ("municipal inspection", "authority"),
                ("district court", "court"), ("regional police department", "department"),
                ("local employment service", "service"), ("police unit", "unit"))
NAMED_BODIES = ("Higher Court", "Labour Inspectorate", "Prosecutor's Office", "Police Directorate")


def code(rng: random.Random) -> str:
    while True:
        text = "".join(rng.choices(string.ascii_uppercase, k=3))
        if text not in {"THE", "AND"}:
            return text


def amount(rng: random.Random) -> str:
    return rng.choice([f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}",
                       f"{rng.randint(1, 99)} million", f"{rng.randint(1, 9)}.{rng.randint(1, 9)}"])


@pytest.mark.parametrize("seed", range(40))
def test_a_currency_code_is_never_a_body(seed: int) -> None:
    rng = random.Random(seed)
    cur = code(rng)
    money = rng.choice([f"{amount(rng)} {cur}", f"{cur} {amount(rng)}"])
    place = rng.choice(PLACES)
    body, noun = rng.choice(LOWER_BODIES)
    sentence = rng.choice([
        f"In 2023 the {body} of {place} ordered the payment of {money} in unpaid wages.",
        f"The {body} of {place} awarded {money} to the victim.",
        f"A fine of {money} was imposed by the {body} of {place}.",
    ])
    spans = [s.text for s in body_spans(sentence, analyse(f"Which {noun} acted?"))]
    assert cur not in spans
    assert f"{body} of {place}" in spans
    question = analyse(f"Which {noun} ordered the payment?")
    assert choose_span(sentence, question).text == f"{body} of {place}"


@pytest.mark.parametrize("seed", range(20))
def test_a_currency_the_text_defines(seed: int) -> None:
    rng = random.Random(seed)
    cur = code(rng)
    name = rng.choice(["Bordurian dinars", "Syldavian marks", "Freedonian crowns", "lei"])
    sentence = f"Amounts are given in {name} ({cur}), as paid by the {rng.choice(NAMED_BODIES)}."
    assert cur in currency_codes(sentence)
    assert f"({cur})" not in [s.text for s in body_spans(sentence, analyse("Which body?"))]
    assert cur not in [s.text for s in body_spans(sentence, analyse("Which body?"))]


@pytest.mark.parametrize(("sentence", "codes"), [
    ("The NOCTP and the CVCB paid 1.6 million BDD (about EUR 26,000).", {"BDD", "EUR"}),
    ("The SPO and the MoI met the NGO.", set()),
    ("Funding in USD came from the IOM.", {"USD"}),
    ("In 2024 SSB represented 11 victims and was paid 1,200 BDD.", {"BDD"}),
    ("The grant of 2.5 million XQZ came from the UNICEF office in 2023 CRW.", {"XQZ"}),
])
def test_currency_codes(sentence: str, codes: set[str]) -> None:
    assert currency_codes(sentence) == codes


@pytest.mark.parametrize("seed", range(30))
def test_the_body_of_the_noun_asked_is_preferred(seed: int) -> None:
    rng = random.Random(seed)
    place, other = rng.sample(PLACES, 2)
    court = f"{other} {rng.choice(['Higher', 'District', 'Appeal'])} Court"
    acronym = code(rng)
    sentence = (f"The {acronym} paid {rng.randint(3, 90)} million {code(rng)} to the workers "
                f"of {place} after the {court} had examined the case.")
    question = analyse(f"Which court examined the case of the workers of {place}?")
    assert choose_span(sentence, question).text == court


@pytest.mark.parametrize(("question", "noun"), [
    ("Which court ordered the payment?", "court"), ("What inspectorate fined them?",
                                                   "inspectorate"),
    ("Which authority closed the hostel?", None), ("Which body decided?", None),
    ("Who chairs the Board?", None)])
def test_asked_noun(question: str, noun: str | None) -> None:
    assert asked_noun(question) == noun

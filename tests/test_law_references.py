"""Law references kept whole (`law_grammar.law_spans`): an article keeps the code abbreviation
after it ("Article 392 CPC") or the law it is "of" ("Article 196 of the Labour Law",
"Article 14 of the Law on Temporary Work Agencies", "Articles 252 to 260 of the CPC"), an
act keeps its date ("Law No. 44/2019 of 12 June 2019"); generated in several sentence
frames, with what must stay out (a currency after an article, a sentence going on)."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.law_grammar import law_spans
from greta_search.spans import choose_span

CODES = ("CC", "CPC", "LC", "CrPC", "CrC", "PC", "CCP")
LAW_NAMES = ("Labour", "Family", "Customs", "Misdemeanours", "Aliens")
TITLES = ("Temporary Work Agencies", "Free Legal Aid", "Public Information and Media",
          "the Protection of Witnesses", "Seizure and Confiscation of the Proceeds of Crime")
MONTHS = ("January", "March", "June", "October", "December")
FRAMES = (
    "The rule is laid down in {ref}.",
    "Victims may claim compensation ({ref}).",
    "Under {ref}, the court must inform the victim of his or her rights.",
    "{ref} was amended in 2024, and the new rule applies since then.",
    "The prosecutor, under {ref}, may request the seizure of assets.",
)


def article(rng: random.Random) -> str:
    number = f"{rng.randint(1, 499)}{rng.choice(['', 'a', 'b'])}"
    return f"Article {number}{rng.choice(['', f'({rng.randint(1, 12)})'])}"


def reference(rng: random.Random) -> str:
    """A whole reference of one of the forms kept whole."""
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(1995, 2025)
    forms = [
        lambda: f"{article(rng)} {rng.choice(CODES)}",
        lambda: f"{article(rng)} of the {rng.choice(LAW_NAMES)} Law",
        lambda: f"{article(rng)} of the Law on {rng.choice(TITLES)}",
        lambda: f"{article(rng)} of the {rng.choice(CODES)}",
        lambda: f"Law No. {rng.randint(1, 120)}/{year} of {day} {month} {year}",
        lambda: f"Law No. {rng.randint(1, 120)}/{year} dated {day} {month} {year}",
    ]
    return rng.choice(forms)()


@pytest.mark.parametrize("seed", range(80))
def test_a_reference_is_kept_whole(seed: int) -> None:
    rng = random.Random(seed)
    ref = reference(rng)
    sentence = rng.choice(FRAMES).format(ref=ref)
    texts = [s.text for s in law_spans(sentence, analyse("Which provision applies?"))]
    assert ref in texts, (sentence, texts)
    choice = choose_span(sentence, analyse("Which provision governs this?"))
    assert choice.text == ref, sentence


@pytest.mark.parametrize(("sentence", "expected"), [
    ("It is paid at 12,000 BDD per day (Article 12).", "Article 12"),
    ("Article 5 EUR 200 is the fee.", "Article 5"),
    ("Under Article 7 of the Convention, States must act.", "Article 7 of the Convention"),
    ("The Law No. 31/2020 of the Ministry applies.", "Law No. 31/2020"),
    ("Article 12 ICTY case law", "Article 12"),
])
def test_what_stays_out_of_a_reference(sentence: str, expected: str) -> None:
    texts = [s.text for s in law_spans(sentence, analyse("Which provision applies?"))]
    assert expected in texts and not any(t.startswith(expected) and t != expected
                                         for t in texts), texts


@pytest.mark.parametrize("code", CODES)
def test_an_article_with_its_code_wins_over_a_bare_one(code: str) -> None:
    sentence = (f"The principle is in Article 388(11) {code}, and Article 15 lists the "
                "exceptions.")
    choice = choose_span(sentence, analyse("Which provision contains the principle?"))
    assert choice.text == f"Article 388(11) {code}"

"""One currency vocabulary (`greta_search.currency`) for tables, spans and bodies: generated
currencies (real ones by code, name in the singular and the plural, sign; invented ones a
document defines by "Name (CODE)" or "CODE (name)"), written before or after amounts, asked
"in <name>" or "in <code>" of tables with columns in two currencies and of sentences with an
amount in each; a currency is never a body."""

from __future__ import annotations

import random
import string

import pytest

from greta_search.answer_types import analyse
from greta_search.body_spans import body_spans
from greta_search.chunk import Chunk
from greta_search.spans import best_span
from greta_search.table_scope import currencies
from tests.test_table_columns import YEARS, answer, grid, numbers, picked

# (code, singular, plural, the nationality that names it alone)
REAL = [("SEK", "krona", "kronor", "Swedish"), ("NOK", "krone", "kroner", "Norwegian"),
        ("DKK", "krone", "kroner", "Danish"), ("ISK", "krona", "kronur", "Icelandic"),
        ("RON", "leu", "lei", "Romanian"), ("MDL", "leu", "lei", "Moldovan"),
        ("KZT", "tenge", "tenge", "Kazakh"), ("ALL", "lek", "lek", "Albanian"),
        ("BAM", "mark", "marks", "Bosnian"), ("TRY", "lira", "liras", "Turkish"),
        ("GEL", "lari", "laris", "Georgian"), ("AMD", "dram", "drams", "Armenian"),
        ("HUF", "forint", "forints", "Hungarian"), ("PLN", "zloty", "zlotys", "Polish"),
        ("CZK", "koruna", "koruny", "Czech"), ("UAH", "hryvnia", "hryvnias", "Ukrainian"),
        ("AZN", "manat", "manats", "Azerbaijani"), ("RSD", "dinar", "dinars", "Serbian"),
        ("MKD", "denar", "denars", "Macedonian"), ("CHF", "franc", "francs", "Swiss")]
SIGNS = [("₼", "AZN"), ("₴", "UAH"), ("₾", "GEL"), ("₺", "TRY"), ("₽", "RUB")]
CODES = {code for code, *_ in REAL} | {"EUR", "USD", "GBP", "JPY", "CNY", "HRK", "BRL", "XAF"}
# Invented currencies a reply defines: (singular, plural), a nationality. The first are
# currency words; the others are known as such only by what the text says of them.
NAMED = [("florin", "florins"), ("thaler", "thalers"), ("dinar", "dinars"), ("crown", "crowns"),
         ("ducat", "ducats")]
NOUNS = [*NAMED, ("krell", "krells"), ("zorin", "zorins")]
NATIONS = ["Molvanian", "Syldavian", "Bordurian", "Ruritanian", "Elbonian"]
DEFINITIONS = ["Amounts are given in {nation} {plural} ({code}).",
               "All amounts are in {plural} ({code}) unless stated otherwise.",
               "Figures are in the national currency, the {singular} ({code}).",
               "Amounts are given in {code} ({plural}); 1 EUR = 24.5 {code}."]


def invented(rng: random.Random) -> str:
    """A three-letter code that is no ISO code."""
    while True:
        code = "".join(rng.choices(string.ascii_uppercase, k=2)) + rng.choice("FKLY")
        if code not in CODES:
            return code


def amount(rng: random.Random) -> str:
    return f"{rng.randint(2, 999)},{rng.randint(100, 999)}"


# --- the vocabulary ------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "singular", "plural", "nation"), REAL)
def test_a_currency_is_named_by_its_code_name_or_nationality(code, singular, plural,
                                                            nation) -> None:
    rng = random.Random(code)
    for text in [f"in {plural}", f"one {singular}", f"{amount(rng)} {code}",
                 f"{code} {amount(rng)}", f"in {nation} {plural}"]:
        assert code in currencies(text), text
    assert currencies(f"in {nation} {plural}") == {code}
    # Another nation's currency of that name is not this one.
    assert code not in currencies(f"in Molvanian {plural}")


@pytest.mark.parametrize(("sign", "code"), SIGNS)
def test_a_sign_is_its_currency(sign: str, code: str) -> None:
    assert currencies(f"a fine of {sign} 3,2 million") == {code}


# --- tables: the column in the currency asked, a document's own currency included ------------

def compensation(rng: random.Random, code: str) -> tuple[object, dict, str]:
    """A table with the amounts in the national `code` and in euro or dollars; the foreign
    column first (a question it cannot tell apart gets the first)."""
    foreign = rng.choice(["EUR", "USD"])
    columns = ["Victims awarded", f"Amount awarded ({foreign})", f"Amount awarded ({code})"]
    cells = {c: numbers(rng) for c in columns}
    return grid(1, "Compensation of victims of trafficking", columns, cells,
                "the number of victims who were awarded compensation.", rng), cells, foreign


def prose(text: str, position: int) -> Chunk:
    return Chunk(id="intro", doc="GRETA(2030)01_ABC_rep", text=text, citation="Intro",
                 question=0, kind="text", position=position)


@pytest.mark.parametrize("seed", range(24))
def test_an_amount_asked_in_a_currency_the_document_defines(seed: int) -> None:
    rng = random.Random(seed)
    code, nation = invented(rng), rng.choice(NATIONS)
    singular, plural = rng.choice(NOUNS)
    definition = rng.choice(DEFINITIONS).format(nation=nation, singular=singular, plural=plural,
                                                code=code)
    table, cells, foreign = compensation(rng, code)
    chunks = [table, prose(f"{rng.choice(NATIONS)} reply. {definition}", 50)]
    year = rng.choice(YEARS)
    start = rng.choice(["How much compensation {c} was awarded to victims in {y}?",
                        "What amount of compensation was awarded {c} in {y}?"])
    name = rng.choice([plural, f"{nation} {plural}", singular])
    for asked, column in [(f"in {name}", code), (f"in {code}", code),
                          (rng.choice(["in euro", "in EUR"]) if foreign == "EUR"
                           else rng.choice(["in US dollars", "in USD"]), foreign)]:
        question = start.format(c=asked, y=year)
        found, note, _ = answer(chunks, question)
        wanted = f"Amount awarded ({column})"
        assert picked(found) == wanted and found.span == cells[wanted][year], (
            definition, question, found and found.columns, note)
        assert found.features["unit"] == 1.0


# --- spans: the amount in the currency asked ------------------------------------------------

@pytest.mark.parametrize("seed", range(24))
def test_a_money_question_picks_the_amount_in_the_currency_asked(seed: int) -> None:
    rng = random.Random(seed)
    code, nation = invented(rng), rng.choice(NATIONS)
    singular, plural = rng.choice(NOUNS)
    national = rng.choice([f"{amount(rng)} {code}", f"{code} {amount(rng)}"])
    euro = rng.choice([f"EUR {amount(rng)}", f"€ {amount(rng)}", f"{amount(rng)} euros"])
    first, second = rng.sample([national, euro], 2)
    sentence = (f"In 2024 the court awarded the victim {first} ({second}) in compensation, "
                f"in {nation} {plural} ({code}).")
    for asked, wanted in [(f"in {code}", national), (f"in {plural}", national),
                          ("in euro", euro)]:
        question = analyse(f"How much compensation {asked} was awarded to the victim in 2024?")
        assert best_span(sentence, question)[0] == wanted, (sentence, asked)


@pytest.mark.parametrize("form", ["EUR {n} 500", "€ {n},2 million", "{n} 250 SYT"])
@pytest.mark.parametrize("seed", range(4))
def test_an_amount_written_with_spaces_or_a_decimal_comma_is_whole(form: str, seed: int) -> None:
    rng = random.Random(seed)
    money = form.format(n=rng.randint(2, 99))
    sentence = f"A fine of {money} was imposed on the employer in 2024."
    question = analyse("How much was the fine imposed on the employer in 2024?")
    assert best_span(sentence, question)[0] == money


# --- a currency is never a body --------------------------------------------------------------

@pytest.mark.parametrize("seed", range(24))
def test_a_currency_the_sentence_names_is_never_a_body(seed: int) -> None:
    rng = random.Random(seed)
    real = rng.choice(REAL)
    code, nation = rng.choice([(invented(rng), rng.choice(NATIONS)), (real[0], real[3])])
    named = rng.choice(NAMED)[1] if code not in CODES else real[2]
    plural = rng.choice(NOUNS)[1] if code not in CODES else real[2]
    body = rng.choice(["Labour Inspectorate", "Higher Court", "State Compensation Fund"])
    sentence, plural = rng.choice([
        (f"The {body} pays compensation in {nation} {named} ({code}).", named),
        (f"The {body} reported its budget in {code} ({named}).", named),
        (f"Payments by the {body} are made in the national currency, the {plural} ({code}).",
         plural),
        (f"The {body} paid amounts in {plural} ({code}).", plural),
    ])
    spans = [s.text for s in body_spans(sentence, analyse("Which body pays compensation?"))]
    assert body in " ".join(spans), (sentence, spans)
    assert not any(code in s or plural in s.lower() for s in spans), (sentence, spans)

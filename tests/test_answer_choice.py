"""Choosing what answers, on generated documents: the table whose own measure the question
names, among tables that share their columns, whatever retrieval ranks first; values written
only in a table's column names ("a one-time allowance – 450 euros"); and, in a sentence
holding several amounts, the one whose own clause the question paraphrases ("buy land" for
"purchase of land": real e5 model)."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from greta_search.answer import ask
from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse
from greta_search.chunk import Chunk
from greta_search.spans import best_span

# --- the table chosen -------------------------------------------------------------------------

# (the measure a table's bullet describes, how a question names it)
MEASURES = [
    ("presumed victims and identified victims of human trafficking", "identified victims"),
    ("victims of human trafficking identified within the asylum procedure",
     "victims identified within the asylum procedure"),
    ("victims of human trafficking granted a recovery and reflection period",
     "victims granted a recovery and reflection period"),
    ("victims of human trafficking repatriated to their country of origin",
     "victims repatriated to their country of origin"),
    ("victims of human trafficking placed in state shelters", "victims placed in shelters"),
    ("victims of human trafficking who received free legal assistance",
     "victims who received free legal assistance"),
    ("victims of human trafficking who received a residence permit",
     "victims who received a residence permit"),
]
YEARS = [2019, 2020, 2021, 2022]


class ChunkSearcher:
    """What table look-ups and word weights need of a searcher: its passages."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks


def table_chunk(number: int, measure: str, base: int, position: int) -> Chunk:
    """A statistics table of one measure with the columns every table here shares (gender,
    age range, form of exploitation); its figures start at `base`."""
    lines = [f"Table {number}", "Years\tGender\t\tAge range\tSexual exploitation\tForced labor",
             "\tmale\tfemale\t\t\t"]
    for i, year in enumerate(YEARS):
        young, older = base + i, base + 50 + i
        lines.append(f"{year}\t{base + i}\t{base + 20 + i}\t{young} persons 18-25 "
                     f"{older} persons 25-35\t{base + 30 + i}\t{base + 40 + i}")
    return Chunk(id=f"t{number}", doc="GRETA(2030)01_ABC_rep", text="\n".join(lines),
                 citation=f"Q42({number})", question=42, item=str(number),
                 item_text=f"the number of {measure}.", kind="table", position=position)


@pytest.mark.parametrize("seed", range(12))
def test_the_table_named_wins_over_the_table_retrieved_first(seed: int) -> None:
    rng = random.Random(seed)
    measures = rng.sample(MEASURES, rng.randint(3, len(MEASURES)))
    chunks = [table_chunk(n, m, 100 * n, n - 1) for n, (m, _) in enumerate(measures, start=1)]
    searcher = ChunkSearcher(chunks)
    for target, (_, named) in enumerate(measures):
        decoy = rng.choice([i for i in range(len(measures)) if i != target])
        year = rng.choice(YEARS)
        question = analyse(f"How many {named} were aged 18-25 in {year}?")
        # Retrieval ranks another table first, and the one asked about low or not at all.
        ranks = {decoy: 0} | ({target: rng.randint(3, 7)} if rng.random() < 0.5 else {})
        found, note, _ = table_answer(question, searcher, None, ranks)
        assert found is not None, note
        base = 100 * (target + 1) + YEARS.index(year)
        assert found.text == f"{base} persons 18-25 (Table {target + 1}, {year}, Age range)", \
            (question.text, [m for m, _ in measures])
        assert found.features["lead"] > 0


# --- values written only in column names ----------------------------------------------------

BODIES = ["Council of Ministers", "Cabinet of Ministers", "Government", "Ministry of Finance"]
PAYMENTS = [("a one-time allowance", "one-time allowance"),
            ("a single lump-sum payment", "single lump-sum payment"),
            ("a reintegration grant", "reintegration grant")]
FUNDS = ["Assistance Fund for Victims of Human Trafficking", "Victims Support Fund",
         "National Solidarity Fund"]
CURRENCIES = ["manats", "euros", "dollars"]


def reply_with_amounts_in_headers(rng: random.Random) -> tuple[str, dict]:
    body, (payment, named), fund = rng.choice(BODIES), rng.choice(PAYMENTS), rng.choice(FUNDS)
    currency = rng.choice(CURRENCIES)
    lump, monthly = rng.randrange(300, 990, 10), rng.randrange(20, 95, 5)
    first = f"In accordance with the relevant decision of the {body}, {payment} – {lump} {currency}"
    second = f"From the {fund} – {monthly} {currency}"
    columns = [first, second] if rng.random() < 0.5 else [second, first]
    rows = "\n".join(f"{y}\t{rng.randint(10, 99)} persons\t{rng.randint(10, 99)} persons"
                     for y in YEARS)
    text = f"""GRETA(2030)01_ABC_rep

Reply by Ruritania
to the Questionnaire

PART I: PREVENTION

1. What measures are taken to prevent trafficking in human beings?

Answer – Awareness campaigns were held in schools. In 2023, {rng.randint(100, 300)} teachers \
were trained and {rng.randint(10, 40)} brochures costing {rng.randint(2, 9)},000 {currency} \
were printed.

2. What support is provided to victims?

Answer – Victims receive shelter, medical care and legal aid. The social services pay a \
monthly benefit to victims staying in shelters.

PART III: STATISTICS

3. Starting from 2019, please provide the following statistics for each year:

- the number of victims of human trafficking who received other forms of financial support \
from the State, indicating the amount received.

Table 1

Years\t{columns[0]}\t{columns[1]}
{rows}

- the number of victims who received free legal aid.

Table 2

Years\tValue
{rows.replace(" persons", "").split(chr(10))[0]}
"""
    questions = {
        f"What is the amount of the {named} paid to victims under the {body} decision?":
            (f"{lump} {currency}", first),
        f"How much is paid to victims from the {fund}?": (f"{monthly} {currency}", second),
    }
    return text, questions


@pytest.mark.parametrize("seed", range(4))
def test_amounts_written_only_in_column_names(tmp_path, seed: int) -> None:
    from greta_search.embed import HashEmbedder
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    text, questions = reply_with_amounts_in_headers(random.Random(seed))
    path = tmp_path / "reply.txt"
    path.write_text(text, encoding="utf-8")
    IndexStore(tmp_path / "index").build([path], HashEmbedder())
    searcher = Searcher(IndexStore(tmp_path / "index"))
    for question, (amount, header) in questions.items():
        answer = ask(searcher, question, threshold=0.0)
        assert answer.answer == amount, (question, answer.evidence)
        assert answer.evidence == header
        assert answer.citations[0].chunk.kind == "table"


# --- a paraphrase points to the span (real e5 model) ---------------------------------------------

# (what the sentence says the money was for, how a question paraphrases it)
PURPOSES = [
    ("purchase of land for the shelter", "buy land for the shelter"),
    ("renovation of the reception centre", "repair the reception centre"),
    ("production of a documentary film", "make a documentary film"),
    ("printing of information leaflets", "print information leaflets"),
    ("equipping of the hotline office", "furnish the hotline office"),
]


@pytest.fixture(scope="module")
def e5():
    from greta_search.embed import E5Embedder

    return E5Embedder()


def test_a_paraphrase_picks_the_amount_of_its_clause(e5) -> None:
    rng = random.Random(7)
    for _ in range(6):
        (said_a, asked_a), (said_b, asked_b) = rng.sample(PURPOSES, 2)
        union_a, union_b = rng.sample(["Clean World", "Children First", "Safe Home",
                                       "Hope Centre"], 2)
        a, b = rng.randrange(11, 99) * 1000, rng.randrange(11, 99) * 1000
        sentence = (f"In addition, {a:,} manats were allocated to the Public Union “{union_a}” "
                    f"for {said_a}, and {b:,} manats were allocated to the Public Union "
                    f"“{union_b}” for {said_b}.")
        for asked, union, amount in [(asked_a, union_a, a), (asked_b, union_b, b)]:
            question = analyse(f"How much money was given to {union} to {asked}?")
            vector = e5.embed_queries([question.text])[0]

            def similar(texts, vector=vector):
                return [float(np.dot(v, vector)) for v in e5.embed_passages(texts)]

            span, _ = best_span(sentence, question, None, similar)
            assert span == f"{amount:,} manats", (question.text, sentence)


ACTS = [("Law", "inspections carried out at business entities were suspended",
         "suspending inspections of businesses"),
        ("Decree", "the quota for foreign workers was frozen",
         "freezing the quota for foreign workers"),
        ("Resolution", "the fees for work permits were waived", "waiving work permit fees")]
TITLES = ["On Suspension of Inspections in the Field of Entrepreneurship", "On Labour Migration",
          "On Employment"]


def test_the_date_of_an_act_not_the_end_of_the_period_it_sets(e5) -> None:
    """"... dated 20 October 2015 ..., inspections were suspended until 1 January 2026": the
    question's words stand beside the end of the period, and e5 reads that clause as closer
    to the question; the act's date is still the answer to "when was it adopted"."""
    rng = random.Random(3)
    for (act, what, asked), title in itertools.product(ACTS, TITLES):
        day, year = rng.randint(1, 28), rng.randint(2010, 2020)
        sentence = (f"According to the {act} of the Republic of Ruritania dated {day} October "
                    f"{year} No. {rng.randint(100, 999)}-IVQ “{title}”, {what} until "
                    f"1 January {rng.randint(2025, 2030)}.")
        question = analyse(f"When was the {act.lower()} {asked} adopted?")
        vector = e5.embed_queries([question.text])[0]

        def similar(texts, vector=vector):
            return [float(np.dot(v, vector)) for v in e5.embed_passages(texts)]

        assert best_span(sentence, question, None, similar)[0] == f"{day} October {year}", \
            sentence


# --- the column chosen --------------------------------------------------------------------------


def chunk_of(number: int, header: list[str], rows: list[list[str]], measure: str,
             position: int, caption: str = "") -> Chunk:
    lines = [f"Table {number} – {(caption or measure).capitalize()}", *header,
             *("\t".join(row) for row in rows)]
    return Chunk(id=f"c{number}", doc="GRETA(2030)01_ABC_rep", text="\n".join(lines),
                 citation=f"Q42({number})", question=42, item=str(number),
                 item_text=f"the number of {measure}.", kind="table", position=position)


@pytest.mark.parametrize("seed", range(6))
def test_columns_by_age_range_amount_and_sex_across_tables_of_one_measure(seed: int) -> None:
    """Totals in one table and the age groups of the same victims in the next (both under
    one bullet), columns of one sex without a "Gender" heading, and an amount beside a
    count: each question gets the cell it asks for, whatever order retrieval gives."""
    rng = random.Random(seed)
    men, women = rng.choice([("male", "female"), ("men", "women"), ("boys", "girls")])
    groups = [(0, 13), (14, 17), (18, 24), (25, 39), (40, 59)]
    dash = rng.choice(["-", "–"])
    totals, ages, sexes, money = [], [], [], []
    for i, year in enumerate(YEARS):
        by_age = [rng.randint(1, 40) for _ in groups]
        totals.append([str(year), str(sum(by_age) + 5), str(3 + i), str(sum(by_age) + 2 - i)])
        ages.append([str(year), *map(str, by_age)])
        sexes.append([str(year), str(10 + i), str(30 + i)])
        money.append([str(year), str(2 + i), f"{rng.randint(10, 99)},{rng.randint(100, 999)}"])
    identified = "victims of human trafficking identified by the police"
    chunks = [
        chunk_of(1, ["Year\tTotal\tSex\t", f"\t\t{men}\t{women}"], totals, identified, 0),
        chunk_of(2, ["Year\t" + "\t".join(f"{a}{dash}{b}" for a, b in groups)], ages,
                 identified, 1, "victims identified by the police, by age group"),
        chunk_of(3, [f"Year\t{men}\t{women}"], sexes,
                 "victims of human trafficking granted a reflection period", 2),
        chunk_of(4, ["Year\tVictims awarded compensation\tAmount awarded (EUR)"], money,
                 "victims of human trafficking awarded compensation", 3),
    ]
    searcher = ChunkSearcher(chunks)
    for _ in range(4):
        order = rng.sample(range(4), 4)
        ranks = {position: rank for rank, position in enumerate(order)}
        i = rng.randrange(len(YEARS))
        year = YEARS[i]
        g = rng.randrange(len(groups))
        low, high = groups[g]
        asked_age = rng.choice([f"aged {low}-{high}", f"between {low} and {high}",
                                f"aged {low} to {high}"])
        cases = {
            f"How many victims were identified in {year}?": totals[i][1],
            f"How many victims identified in {year} were {asked_age}?": ages[i][1 + g],
            f"How many victims were granted a reflection period in {year}?":
                str(int(sexes[i][1]) + int(sexes[i][2])),
            f"How much compensation was awarded to victims in {year}?": money[i][2],
        }
        for question, value in cases.items():
            found, note = table_answer(analyse(question), searcher, None, ranks)[:2]
            assert found is not None, (question, note)
            assert found.text.startswith(f"{value} ("), (question, found.text)


# --- complete spans -------------------------------------------------------------------------------


@pytest.mark.parametrize("currency", ["EUR", "USD", "GEL", "RUC", "€", "$"])
@pytest.mark.parametrize("amount", ["500,000", "3.2 million", "75"])
def test_a_currency_written_before_the_amount_is_part_of_it(currency: str, amount: str) -> None:
    sentence = f"An agency must lodge a security deposit of {currency} {amount} with the Ministry."
    question = analyse("How large a security deposit must an agency lodge?")
    assert best_span(sentence, question)[0] == f"{currency} {amount}"


@pytest.mark.parametrize("article", ["169b", "211c", "144-1", "61.1.7", "12a.3"])
def test_articles_with_letters(article: str) -> None:
    sentence = (f"Forced marriage became a separate offence under Article {article} of the "
                "Criminal Code.")
    question = analyse("Which article of the Criminal Code makes forced marriage an offence?")
    assert best_span(sentence, question)[0] == f"Article {article} of the Criminal Code"


@pytest.mark.parametrize("years", [(2022, 2026), (2019, 2025), (2024, 2030)])
def test_a_period_the_question_names_is_not_the_date_asked(years) -> None:
    first, last = years
    sentence = (f"The National Strategy {first}–{last} was approved by the Government on "
                f"12 March {first}.")
    question = analyse(f"When was the National Strategy {first}-{last} approved?")
    assert best_span(sentence, question)[0] == f"12 March {first}"
    # A sentence whose only date is the period the question names has no date to give.
    alone = f"The National Strategy {first}–{last} names four priority groups."
    assert best_span(alone, question)[0] is None


@pytest.mark.parametrize(("length", "noun"), [("16-hour", "course"), ("5-day", "training"),
                                              ("3-month", "programme")])
def test_a_length_is_not_the_count_asked(length: str, noun: str) -> None:
    sentence = (f"The Academy runs a {length} accredited {noun} on child trafficking; it was "
                f"completed by 588 professionals.")
    count = analyse(f"How many professionals completed the accredited {noun}?")
    assert best_span(sentence, count)[0] == "588 professionals"
    assert best_span(sentence, analyse(f"How long is the accredited {noun}?"))[0].startswith(length)

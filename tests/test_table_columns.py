"""Which column of a table answers, or that the table cannot: on generated tables and
questions (column names, units, breakdowns and provisions drawn at random), the column the
question names whole wins over one it names in part; the currency or share asked picks the
column in it; and a table that lacks the age band, sex, nationality, form of exploitation or
article the question names gives no answer (its total is another figure), while a table of
the same measure that has it answers."""

from __future__ import annotations

import random
import string

import pytest

from greta_search.answer_tables import refusal, table_answer
from greta_search.answer_types import analyse
from greta_search.table_entries import tables_of
from greta_search.table_scope import (
    articles,
    currencies,
    is_share_column,
    missing_parts,
    parts_named,
    unasked_part,
    without_currency,
)
from tests.test_table_measures import ChunkSearcher, chunk

YEARS = [2020, 2021, 2022, 2023, 2024]
SEEDS = range(8)


def grid(number: int, caption: str, columns: list[str], cells: dict[str, dict[int, str]],
         item: str, rng: random.Random) -> object:
    """A table passage with a column per name (in `columns` order), rows by year, cells as
    given, in one of two layouts (TABs or pipes)."""
    sep = rng.choice(["\t", " | "])
    lines = [f"Table {number}. {caption}", sep.join(["Year", *columns])]
    lines += [sep.join([str(y), *(cells[c][y] for c in columns)]) for y in YEARS]
    return chunk(number, lines, item)


def numbers(rng: random.Random) -> dict[int, str]:
    return {y: f"{rng.randint(1, 999):,}" for y in YEARS}


def answer(chunks: list, question: str, retrieved: bool = False):
    """The table answer; `retrieved`: as if retrieval ranked the first table first."""
    ranks = {chunks[0].position: 0} if retrieved else {}
    return table_answer(analyse(question), ChunkSearcher(chunks), None, ranks)


def picked(found) -> str | None:
    return found.columns[0] if found is not None and len(found.columns) == 1 else None


# --- a column named whole beats one named in part ---------------------------------------------

THINGS = ["Inspections", "Checks", "Visits", "Audits"]
TOPICS = [("illegal work", "working illegally"), ("undeclared employment", "employed undeclared"),
          ("illegal employment", "employed illegally")]
BODIES = ["the labour inspectorate", "the State Labour Inspection", "the inspection service"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_thing_counted_is_the_column_named_whole(seed: int) -> None:
    rng = random.Random(seed)
    thing, (topic, found_as) = rng.choice(THINGS), rng.choice(TOPICS)
    columns = [thing, f"Workers found {found_as}", "of whom foreign nationals",
               "Cases referred to the police"]
    rng.shuffle(columns)
    cells = {c: numbers(rng) for c in columns}
    table = grid(1, f"{thing} of the inspectorate concerning {topic}", columns, cells,
                 "the number of inspections.", rng)
    year = rng.choice(YEARS)
    asked = f"How many {thing.lower()} concerning {topic} did {rng.choice(BODIES)} carry out in " \
            f"{year}?"
    found, note, _ = answer([table], asked)
    assert picked(found) == thing and found.span == cells[thing][year], (asked, found, note)
    workers = f"How many workers were found {found_as} in {year}?"
    found, note, _ = answer([table], workers)
    assert picked(found) == f"Workers found {found_as}", (workers, found and found.text, note)


INVESTIGATIONS = ["Criminal cases opened", "Criminal cases initiated",
                  "Criminal proceedings instituted"]
CASE_QUESTIONS = ["How many criminal cases {q}were opened in {y}?",
                  "How many criminal proceedings {q}were initiated in {y}?",
                  "In {y}, how many criminal cases {q}were instituted?"]


@pytest.mark.parametrize("seed", SEEDS)
def test_cases_opened_are_not_cases_sent_to_court(seed: int) -> None:
    """The statistics vocabulary reads the question and the column alike, whatever stands
    between "criminal cases" and "opened"."""
    rng = random.Random(seed)
    opened = rng.choice(INVESTIGATIONS)
    columns = [opened, rng.choice(["Cases sent to court", "Cases referred to court"]),
               "Persons prosecuted", "Persons convicted"]
    rng.shuffle(columns)
    cells = {c: numbers(rng) for c in columns}
    table = grid(1, "Investigations, prosecutions and convictions", columns, cells,
                 "the number of investigations conducted in human trafficking cases.", rng)
    year = rng.choice(YEARS)
    qualifier = rng.choice(["", "for trafficking ", "concerning trafficking in human beings "])
    asked = rng.choice(CASE_QUESTIONS).format(q=qualifier, y=year)
    found, note, _ = answer([table], asked)
    assert picked(found) == opened and found.span == cells[opened][year], (asked, found, note)


# --- units: the currency asked, a share for a share, a count for a count -----------------------

CURRENCY_ASKED = {"EUR": ["in euro", "in euros", "in EUR"], "USD": ["in US dollars", "in USD"]}


def national_code(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(2)) + rng.choice("FKL")


def compensation(rng: random.Random, code: str, other: str) -> tuple[object, dict]:
    columns = ["Victims who claimed", "Victims awarded", f"Amount awarded ({code})",
               f"Amount awarded ({other})"]
    rng.shuffle(columns)
    cells = {c: numbers(rng) for c in columns}
    return grid(1, "Compensation of victims of trafficking", columns, cells,
                "the number of victims who were awarded compensation.", rng), cells


@pytest.mark.parametrize("seed", SEEDS)
def test_an_amount_is_given_in_the_currency_asked_or_not_at_all(seed: int) -> None:
    rng = random.Random(seed)
    code = national_code(rng)
    asked_code = rng.choice(sorted(CURRENCY_ASKED))
    table, cells = compensation(rng, code, asked_code)
    year = rng.choice(YEARS)
    start = rng.choice(["What amount of compensation {c} was awarded to victims in {y}?",
                        "How much compensation {c} was awarded in {y}?"])
    asked = start.format(c=rng.choice(CURRENCY_ASKED[asked_code]), y=year)
    found, note, _ = answer([table], asked)
    column = f"Amount awarded ({asked_code})"
    assert picked(found) == column and found.span == cells[column][year], (asked, found, note)
    assert found.features["unit"] == 1.0
    national = start.format(c=f"in {code}", y=year)  # the table's own code, written out
    found, note, _ = answer([table], national)
    assert picked(found) == f"Amount awarded ({code})", (national, found, note)
    missing = "EUR" if asked_code == "USD" else "USD"
    other = start.format(c=rng.choice(CURRENCY_ASKED[missing]), y=year)
    found, note, _ = answer([table], other)
    assert found is None and note and missing in note, (other, found and found.text)
    count = f"How many victims were awarded compensation in {year}?"
    found, note, _ = answer([table], count)
    assert picked(found) == "Victims awarded", (count, found and found.text, note)


SHARE_NAMES = ["Share of foreign nationals", "Foreign nationals (%)", "Percentage of foreigners",
               "Proportion of foreign victims"]
SHARE_QUESTIONS = ["What share of the victims identified in {y} were foreigners?",
                   "What percentage of identified victims were foreign nationals in {y}?",
                   "What proportion of the victims identified in {y} were foreign?"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_share_is_read_from_percentages_and_a_count_from_counts(seed: int) -> None:
    rng = random.Random(seed)
    share = rng.choice(SHARE_NAMES)
    columns = ["Children (under 18)", "Foreign nationals", share]
    rng.shuffle(columns)
    cells = {c: numbers(rng) for c in columns}
    cells[share] = {y: f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%" for y in YEARS}
    table = grid(1, "Identified victims: children and foreign nationals", columns, cells,
                 "the number of identified victims of human trafficking.", rng)
    year = rng.choice(YEARS)
    asked = rng.choice(SHARE_QUESTIONS).format(y=year)
    found, note, _ = answer([table], asked)
    assert picked(found) == share and cells[share][year] in found.text, (asked, found, note)
    count = f"How many of the victims identified in {year} were foreign nationals?"
    found, note, _ = answer([table], count)
    assert picked(found) == "Foreign nationals", (count, found and found.text, note)
    # The same table without its percentages cannot give a share.
    columns.remove(share)
    plain = grid(1, "Identified victims: children and foreign nationals", columns, cells,
                 "the number of identified victims of human trafficking.", rng)
    found, note, _ = answer([plain], asked)
    assert found is None and note and "share" in note, (asked, found and found.text)


# --- a part of the measure the table lacks: no answer from its total ---------------------------

FORMS = ["Sexual exploitation", "Labour exploitation", "Forced begging", "Forced criminality",
         "Forced marriage", "Domestic servitude"]
FORM_ASKED = {"Sexual exploitation": "sexual exploitation", "Labour exploitation": "forced labour",
              "Forced begging": "forced begging", "Forced criminality": "forced criminality",
              "Forced marriage": "forced marriage", "Domestic servitude": "domestic servitude"}
VICTIMS = ("the number of presumed victims and identified victims of human trafficking "
           "(disaggregated by gender, age, citizenship, and form of exploitation).")


def by_form(rng: random.Random, forms: list[str]) -> tuple[object, dict]:
    columns = [*forms, "Total"]
    cells = {c: numbers(rng) for c in columns}
    return grid(1, "Identified victims of trafficking by form of exploitation", columns, cells,
                VICTIMS, rng), cells


def by_sex(rng: random.Random, number: int) -> tuple[object, dict]:
    columns = rng.choice([["Men", "Women"], ["male", "female"], ["Total", "Male", "Female"]])
    cells = {c: numbers(rng) for c in columns}
    return grid(number, "Identified victims by sex", columns, cells, VICTIMS, rng), cells


@pytest.mark.parametrize("seed", SEEDS)
def test_an_age_band_sex_or_form_the_table_lacks_gets_no_answer_from_its_total(seed: int) -> None:
    rng = random.Random(seed)
    forms = rng.sample(FORMS, 3)
    table, cells = by_form(rng, forms)
    year = rng.choice(YEARS)
    low = rng.choice([14, 18, 25, 30])
    high = low + rng.choice([4, 6, 9, 14])
    lacking = [
        rng.choice(["How many identified victims were aged {a}-{b} in {y}?",
                    "How many victims identified in {y} were between {a} and {b}?",
                    "How many victims aged {a} to {b} were identified in {y}?"]),
        rng.choice(["How many women were identified as victims in {y}?",
                    "How many male victims were identified in {y}?"]),
        "How many victims of {f} were identified in {y}?",
        rng.choice(["How many Ukrainian citizens were identified as victims in {y}?",
                    "How many foreign victims were identified in {y}?"]),
    ]
    absent = FORM_ASKED[rng.choice([f for f in FORMS if f not in forms])]
    for wording in lacking:
        asked = wording.format(a=low, b=high, y=year, f=absent)
        found, _, _ = answer([table], asked, retrieved=True)
        assert found is None, (asked, found.text)
        entry = tables_of(ChunkSearcher([table]))[0]
        assert refusal(entry, analyse(asked)), asked  # whether or not the measure matched
    present = rng.choice(forms)
    asked = f"How many victims of {FORM_ASKED[present]} were identified in {year}?"
    found, note, _ = answer([table], asked)
    assert picked(found) == present and found.span == cells[present][year], (asked, found, note)
    total = f"How many victims were identified in {year}?"
    found, note, _ = answer([table], total)
    assert picked(found) == "Total", (total, found and found.text, note)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_sex_asked_is_read_from_the_table_of_the_same_measure_that_has_it(seed: int) -> None:
    rng = random.Random(seed)
    forms, sexes = by_form(rng, rng.sample(FORMS, 3)), by_sex(rng, 2)
    chunks = [forms[0], sexes[0]]
    rng.shuffle(chunks)
    year = rng.choice(YEARS)
    women = next(c for c in sexes[1] if c.lower() in {"women", "female"})
    asked = rng.choice(["How many women were identified as victims in {y}?",
                        "How many female victims were identified in {y}?"]).format(y=year)
    found, note, _ = answer(chunks, asked)
    assert picked(found) == women and found.span == sexes[1][women][year], (asked, found, note)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_part_column_is_not_taken_for_a_word_it_shares(seed: int) -> None:
    """"Labour" in "the State Labour Inspectorate" is no form of exploitation: the total."""
    rng = random.Random(seed)
    table, cells = by_form(rng, ["Sexual exploitation", "Labour exploitation", "Forced begging"])
    year = rng.choice(YEARS)
    body = rng.choice(["the State Labour Inspectorate", "labour inspectors",
                       "the Labour Inspection Service"])
    asked = f"How many victims did {body} identify in {year}?"
    found, _, _ = answer([table], asked)
    assert found is None or picked(found) == "Total", (asked, found.text)


# --- a legal provision the table does not cover ------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_an_article_the_table_does_not_cover_gets_no_answer(seed: int) -> None:
    rng = random.Random(seed)
    base = rng.randint(100, 320)
    own = sorted(rng.sample(range(1, 6), 2))
    covered = [f"{base}-{n}" for n in own]
    columns = ["Criminal cases opened", "Persons prosecuted", "Persons convicted"]
    cells = {c: numbers(rng) for c in columns}
    cited = rng.choice([f"Articles {covered[0]} and {covered[1]}",
                        f"Art. {covered[0]} and Art. {covered[1]}"])
    table = grid(1, f"Investigations, prosecutions and convictions under {cited} of the "
                 "Criminal Code", columns, cells, "the number of persons convicted.", rng)
    year = rng.choice(YEARS)
    other = f"{base}-{rng.choice([n for n in range(1, 7) if n not in own])}"
    wording = rng.choice(["How many persons were convicted under Article {a} of the Criminal "
                          "Code in {y}?", "In {y}, how many persons were convicted under "
                          "Article {a}?"])
    found, note, _ = answer([table], wording.format(a=other, y=year))
    assert found is None and note and other in note, (other, cited, found and found.text)
    asked = wording.format(a=rng.choice(covered), y=year)
    found, note, _ = answer([table], asked)
    assert picked(found) == "Persons convicted", (asked, found, note)
    assert found.span == cells["Persons convicted"][year]


# --- the pieces --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "question", "parts"), [
    ("How many identified victims were aged 18-24 in 2023?", True, {"age 18-24"}),
    ("How many victims were between 25 and 39?", True, {"age 25-39"}),
    ("Under Articles 2 and 3", True, set()),  # no age word: no band
    ("How many girls were among the victims?", True, {"girl"}),
    ("How many men were identified?", True, {"male"}),
    ("How many women were identified?", True, {"female"}),
    ("victims reported by the Ministry of Foreign Affairs", True, set()),
    ("How many nationals of Moldova were identified?", True, {"nationality moldo"}),
    ("Form of exploitation / labour exploitation", False, {"labour exploitation"}),
    ("18–24", False, {"age 18-24"}),
    ("Children (under 18)", False, {"child"}),
])
def test_parts_named(text: str, question: bool, parts: set[str]) -> None:
    assert parts_named(text, question=question) == parts


def test_a_nationality_is_found_in_a_table_by_its_country() -> None:
    asked = "How many Moldovan citizens were identified as victims?"
    assert missing_parts(asked, ["Country of origin"], ["Moldova", "Ukraine"]) == []
    assert missing_parts(asked, ["Country of origin"], ["Ukraine"]) == ["nationality moldo"]


def test_articles_and_currencies() -> None:
    assert articles("under Articles 171-2 and 171-4 of the Criminal Code") == {"171-2", "171-4"}
    assert articles("paragraph 2 of Article 144-1.3") == {"144-1"}
    assert currencies("Amount awarded (MVF)") == {"MVF"}
    assert currencies("in euro") == {"EUR"}
    assert currencies("the SMS and the NGO", {"MVF"}) == set()
    assert currencies("What amount did they try to recover?") == set()  # "TRY" in capitals
    assert without_currency("What amount was awarded in euro?").split() == [
        "What", "amount", "was", "awarded", "?"]
    assert without_currency("How many received the 700 manat allowance?").count("manat") == 1
    assert is_share_column("Foreign", ["15.0%", "16.1%", ""]) and not is_share_column("Foreign",
                                                                                     ["15", "16"])
    assert unasked_part("Labour exploitation", "victims found by the Labour Inspectorate")
    assert not unasked_part("Forced labor", "victims of forced labour")


DURATION_QUESTIONS = ["How long did the {b} take on average to decide an application in {y}?",
                      "How many days did a decision of the {b} take in {y}?",
                      "What was the average duration of the procedure before the {b} in {y}?"]
TIME_COLUMNS = ["Average duration (days)", "Days to decide (average)", "Length of procedure",
                "Average stay (months)"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_length_of_time_is_read_from_a_column_of_time_or_not_at_all(seed: int) -> None:
    """"How long ...?" never takes a count: a table of applications gives no answer, one with a
    column of days gives that column or nothing."""
    rng = random.Random(seed)
    body = rng.choice(["Compensation Board", "commission", "court"])
    counts = rng.sample(["Applications", "Granted", "Rejected", "Victims assisted"], 3)
    cells = {c: numbers(rng) for c in counts}
    table = grid(1, f"Applications to the {body}", counts, cells,
                 "the number of applications and decisions.", rng)
    year = rng.choice(YEARS)
    asked = rng.choice(DURATION_QUESTIONS).format(b=body, y=year)
    found, note, _ = answer([table], asked, retrieved=True)
    assert found is None and (note is None or "length of time" in note), (asked, found.text)
    time_column = rng.choice(TIME_COLUMNS)
    columns = [*counts, time_column]
    rng.shuffle(columns)
    cells[time_column] = {y: str(rng.randint(20, 90)) for y in YEARS}
    timed = grid(1, f"Applications to the {body}", columns, cells,
                 "the number of applications and the time taken to decide them.", rng)
    found, note, _ = answer([timed], asked, retrieved=True)
    assert found is None or picked(found) == time_column, (asked, found.text, note)
    count = f"How many applications did the {body} receive in {year}?"
    found, note, _ = answer([table], count, retrieved=True)
    assert found is not None and picked(found) != time_column, (count, note)

"""Three more table shapes answered: a year and a part in one header ("2024 men", "men
2024", "2024 (women)", or years over parts on two header lines), read as a row per year
with a column per row label and part; a nationality asked by its country ("victims from
Vulgaria", "nationals of Borduria") against rows of adjectives ("Vulgarian") or country
names, "Other EU" and "Third countries" naming none; internal and transnational
trafficking, parts a table without such a column has no figure for. Generated tables:
layouts, header orders, parts and question wordings drawn at random."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse
from greta_search.table_entries import by_year
from greta_search.tables import tables_in_passage
from tests.test_table_measures import ChunkSearcher, chunk
from tests.test_table_parts import table as years_table

SEEDS = range(12)
YEARS = [2023, 2024, 2025]
CAPTION = "Table 8 – Persons convicted at first instance, by sentence"
BULLET = ("the number of judgments in human trafficking cases, indicating the type and "
          "duration of the sentence.")
# A row of sentences and the wordings asking it ({p}: the part's noun, {y}: the year).
SENTENCES = {
    "Immediate imprisonment": ["How many {p} were sentenced to immediate imprisonment in {y}?",
                               "How many {p} received immediate imprisonment in {y}?"],
    "Suspended sentence": ["How many {p} received a suspended sentence in {y}?",
                           "How many {p} got a suspended sentence in {y}?"],
    "Fine only": ["How many {p} received only a fine in {y}?",
                  "How many {p} were sentenced to a fine only in {y}?"],
}
# Parts across the top: the header word of each and the nouns a question names it by.
PART_SETS = [
    {"men": ["men", "male persons"], "women": ["women", "female persons"]},
    {"male": ["men", "males"], "female": ["women", "females"]},
    {"adults": ["adults", "adult persons"], "minors": ["minors", "children"]},
    {"Men": ["men"], "Women": ["women"], "Boys": ["boys"], "Girls": ["girls"]},
]
ORDERS = ["{y} {p}", "{p} {y}", "{y} – {p}", "{y}/{p}", "{y} ({p})", "{p} ({y})", "{p}, {y}"]
LAYOUTS = ["tabs", "pipes", "aligned", "two_level_tabs", "two_level_pipes"]


def year_part_table(rng: random.Random, layout: str, parts: list[str],
                    values: dict[tuple[str, int, str], int]) -> list[str]:
    """The lines of a table of sentences with a year and a part in each header."""
    order = rng.choice(ORDERS)
    heads = [(y, p) for y in YEARS for p in parts]
    rows = [[label, *(str(values[label, y, p]) for y, p in heads)] for label in SENTENCES]
    if layout.startswith("two_level"):
        sep = "\t" if layout.endswith("tabs") else " | "
        top = ["Sentence", *(str(y) if i == 0 else "" for y in YEARS for i in range(len(parts)))]
        header = [["", *(p for _, p in heads)]]
        lines = [sep.join(top), *map(sep.join, header), *map(sep.join, rows)]
        return [f"| {line} |" if sep == " | " else line for line in lines]
    names = ["Sentence", *(order.format(y=y, p=p) for y, p in heads)]
    if layout == "aligned":
        widths = [max(len(r[i]) for r in [names, *rows]) + 3 for i in range(len(names))]
        return ["".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(r, widths, strict=True))).rstrip()
                for r in [names, *rows]]
    sep = "\t" if layout == "tabs" else " | "
    return [(f"| {sep.join(r)} |" if layout == "pipes" else sep.join(r)) for r in [names, *rows]]


def answer(passage, question: str):
    return table_answer(analyse(question), ChunkSearcher([passage]), None,
                        {passage.position: 0})


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_year_and_a_part_in_one_header_give_the_cell_of_both(layout: str, seed: int) -> None:
    """Every row, year and part asked, in any header order, gives its own cell; a part the
    header lacks (children of a table of men and women) gets no answer."""
    rng = random.Random(f"yp{layout}{seed}")
    nouns = rng.choice(PART_SETS)
    parts = list(nouns)
    values = {(label, y, p): rng.randint(0, 60) for label in SENTENCES for y in YEARS
              for p in parts}
    passage = chunk(8, [CAPTION, *year_part_table(rng, layout, parts, values)], BULLET)
    for label, wordings in SENTENCES.items():
        part = rng.choice(parts)
        year = rng.choice(YEARS)
        asked = rng.choice(wordings).format(p=rng.choice(nouns[part]), y=year)
        found, note, _ = answer(passage, asked)
        assert found is not None, (asked, passage.text, note)
        assert found.span == str(values[label, year, part]), (asked, found.text, passage.text)
    if "minors" not in parts:
        asked = rng.choice(SENTENCES["Suspended sentence"]).format(p="children", y=YEARS[0])
        found, _, _ = answer(passage, asked)
        assert found is None, (asked, found.text)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_year_and_a_part_header_is_read_into_a_row_per_year(seed: int) -> None:
    """`by_year`: the years become rows and each row label with each part a column;
    columns of a year alone or of no year keep their table as it is."""
    rng = random.Random(f"rows{seed}")
    parts = list(rng.choice(PART_SETS))
    values = {(label, y, p): rng.randint(0, 60) for label in SENTENCES for y in YEARS
              for p in parts}
    layout = rng.choice(["tabs", "pipes", "aligned"])
    text = "\n".join([CAPTION, *year_part_table(rng, layout, parts, values)])
    turned = by_year(tables_in_passage(text, None)[0])
    assert [r.year for r in turned.rows] == YEARS
    assert turned.columns[1:] == [f"{label} / {p}" for label in SENTENCES for p in parts]
    label, year, part = rng.choice(sorted(values))
    assert turned.row(year).cells[f"{label} / {part}"].text == str(values[label, year, part])
    plain = "\n".join([CAPTION, "\t".join(["Sentence", "Men", "Women"]),
                       *("\t".join([label, "3", "4"]) for label in SENTENCES)])
    assert by_year(tables_in_passage(plain, None)[0]).columns == ["Sentence", "Men", "Women"]


# Countries: the name a question gives and the adjective a table's row may give.
COUNTRIES = [("Vulgaria", "Vulgarian"), ("Borduria", "Bordurian"), ("Moldova", "Moldovan"),
             ("Ukraine", "Ukrainian"), ("Nigeria", "Nigerian"), ("Romania", "Romanian"),
             ("Albania", "Albanian"), ("Syldavia", "Syldavian")]
OTHERS = ["Other EU", "Third countries", "Other"]
NATIONALITY_QUESTIONS = [
    "How many victims from {c} were identified in {y}?",
    "How many nationals of {c} were identified as victims in {y}?",
    "How many {c} citizens were identified as victims in {y}?",
    "How many citizens of {c} were identified as victims in {y}?",
    "How many {a} victims were identified in {y}?",
    "How many identified victims in {y} were nationals of {c}?",
]


@pytest.mark.parametrize("layout", ["tabs", "pipes", "years_across"])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_nationality_is_asked_by_its_country_or_its_people(layout: str, seed: int) -> None:
    """A table of victims by citizenship, its rows (or columns) adjectives or country
    names: each wording gives the country's own figure; a country the table does not name
    gets no answer, not "Other EU" or "Third countries" and not the total."""
    rng = random.Random(f"nat{layout}{seed}")
    chosen = rng.sample(COUNTRIES, 4)
    adjectives = rng.random() < 0.7
    names = [a if adjectives else c for c, a in chosen[:3]]
    columns = [*names, *rng.sample(OTHERS, 2), "Total"]
    cells = {c: {y: rng.randint(1, 90) for y in [2020, 2021, 2022, 2023, 2024]} for c in columns}
    passage = years_table(rng, layout, "Table 3 – Identified victims by citizenship",
                          columns, cells, "the number of identified victims (by citizenship).")
    year = rng.choice([2020, 2021, 2022, 2023, 2024])
    for (country, adjective), name in zip(chosen[:3], names, strict=True):
        for wording in rng.sample(NATIONALITY_QUESTIONS, 3):
            asked = wording.format(c=country, a=adjective, y=year)
            found, note, _ = answer(passage, asked)
            assert found is not None, (asked, columns, note)
            assert found.span == str(cells[name][year]), (asked, found.text)
    country, adjective = chosen[3]
    asked = rng.choice(NATIONALITY_QUESTIONS).format(c=country, a=adjective, y=year)
    found, _, _ = answer(passage, asked)
    assert found is None, (asked, columns, found.text)


SCOPES = {
    "internal": (["Internal trafficking", "Domestic trafficking", "Internal",
                  "Type of trafficking / domestic"],
                 ["How many victims of internal trafficking were identified in {y}?",
                  "How many victims of domestic trafficking were identified in {y}?",
                  "How many victims were identified in {y} in cases of internal trafficking?"]),
    "transnational": (["Transnational trafficking", "Cross-border trafficking", "Transnational",
                       "Type of trafficking / cross-border"],
                      ["How many victims of transnational trafficking were identified in {y}?",
                       "How many victims of cross-border trafficking were identified in {y}?",
                       "How many victims of international trafficking were identified in {y}?"]),
}


@pytest.mark.parametrize("layout", ["tabs", "pipes", "years_across"])
@pytest.mark.parametrize("seed", SEEDS)
def test_internal_or_transnational_trafficking_only_from_its_own_figure(
        layout: str, seed: int) -> None:
    """A table without a column (or row) of the scope asked does not answer with its total
    or any other column; a table with one answers from it, not from the other scope's."""
    rng = random.Random(f"scope{layout}{seed}")
    scope = rng.choice(sorted(SCOPES))
    other = next(s for s in SCOPES if s != scope)
    year = rng.choice([2020, 2021, 2022, 2023, 2024])
    plain = ["Total", rng.choice(["Men", "Women", "Children", "Sexual exploitation"])]
    cells = {c: {y: rng.randint(1, 90) for y in range(2020, 2025)} for c in plain}
    passage = years_table(rng, layout, "Table 1 – Identified victims", plain, cells)
    for wording in SCOPES[scope][1]:
        found, _, _ = answer(passage, wording.format(y=year))
        assert found is None, (wording, plain, found.text)
    own = rng.choice(SCOPES[scope][0])
    theirs = next(c for c in SCOPES[other][0] if c.count("/") == own.count("/")
                  and (" " in c) == (" " in own))
    columns = ["Total", own, theirs]
    rng.shuffle(columns)
    cells = {c: {y: rng.randint(1, 90) for y in range(2020, 2025)} for c in columns}
    passage = years_table(rng, layout, "Table 1 – Identified victims", columns, cells)
    for wording in SCOPES[scope][1]:
        asked = wording.format(y=year)
        found, note, _ = answer(passage, asked)
        assert found is not None and found.span == str(cells[own][year]), (asked, columns,
                                                                            found, note)


# Sentences giving a whole and its parts, each part's figure in its own phrase.
SPLITS = {
    "scope": ([("internal", ["internal", "domestic"]),
               ("transnational", ["transnational", "cross-border"])],
              ["{a} were victims of {p} trafficking and {b} of {q} trafficking",
               "{a} of {p} trafficking and {b} of {q} trafficking",
               "{a} were victims of {p} trafficking, {b} victims of {q} trafficking"],
              "How many victims of {p} trafficking were identified in {y}?"),
    "sex": ([("male", ["men"]), ("female", ["women"])],
            ["{a} were {p} and {b} {q}", "{a} {p} and {b} {q}"],
            "How many {p} were identified as victims in {y}?"),
}


@pytest.mark.parametrize("kind", sorted(SPLITS))
@pytest.mark.parametrize("seed", SEEDS)
def test_a_sentence_gives_the_part_asked_not_the_whole_or_the_other_part(
        kind: str, seed: int) -> None:
    """"Of the 86 victims identified in 2025, 38 were victims of internal trafficking and 48
    of transnational trafficking": the number of the part asked, in either order, whatever
    the words for it; not the whole and not the other part."""
    from greta_search.spans import best_span

    rng = random.Random(f"split{kind}{seed}")
    parts, patterns, question = SPLITS[kind]
    first, second = rng.sample(parts, 2)
    a, b = rng.sample(range(3, 60), 2)
    year = rng.choice(YEARS)
    words = {key: rng.choice(names) for key, names in parts}
    sentence = (f"Of the {a + b} victims identified in {year}, "
                + rng.choice(patterns).format(a=a, b=b, p=words[first[0]], q=words[second[0]])
                + ".")
    asked_part = rng.choice([first, second])
    expected = a if asked_part is first else b
    asked = question.format(p=rng.choice(asked_part[1]), y=year)
    span, _ = best_span(sentence, analyse(asked))
    assert span is not None and span.split()[0] == str(expected), (asked, sentence, span)

"""A table answers only with the cell of what the question asks, or not at all: generated
tables of two measures that are easily swapped (a count and an amount, incoming and
outgoing requests, victims repatriated from and to the State, nationals trafficked abroad
and foreigners trafficked in it, investigations, prosecutions and convictions, presumed and
identified victims, cases and persons, first-instance and final convictions), each with one
or both of them, in several layouts (years as rows or across the top, header words varied),
asked for each; and parts of a measure (children, women, a form of exploitation, two at
once) that a table has or lacks, also under an "of which" row of another measure and in a
table typed without a caption whose introducing sentence names its subject."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse
from tests.test_table_measures import ChunkSearcher, chunk
from tests.test_texttables import Searcher, parse_reply, reply

YEARS = [2021, 2022, 2023, 2024]
# A pair of measures a question may swap: (caption, {side: (labels, questions)}).
PAIRS = {
    "amount": ("Compensation awarded to victims of trafficking", {
        "count": (["Number of awards", "No. of compensation awards", "Awards granted",
                   "Number of victims compensated"],
                  ["How many compensation awards were made in {y}?",
                   "What was the number of victims awarded compensation in {y}?",
                   "How many victims were awarded compensation in {y}?"]),
        "amount": (["Amount awarded (EUR)", "Total sum (EUR)", "Amount paid in EUR",
                    "Compensation paid (EUR)"],
                   ["How much compensation was awarded to victims in {y}?",
                    "What amount of compensation was awarded to victims in {y}?",
                    "What was the total sum of compensation awarded in {y}?"])}),
    "requests": ("Mutual legal assistance requests in trafficking cases", {
        "incoming": (["Incoming requests", "Requests received", "No. of incoming requests"],
                     ["How many incoming requests for mutual legal assistance were there "
                      "in {y}?",
                      "How many requests for legal assistance were received in {y}?"]),
        "outgoing": (["Outgoing requests", "Requests sent", "No. of outgoing requests"],
                     ["How many outgoing requests for mutual legal assistance were there "
                      "in {y}?",
                      "How many requests for legal assistance were sent in {y}?"])}),
    "repatriation": ("Repatriation of victims of trafficking", {
        "from": (["Victims repatriated from Testland", "Repatriated from Testland"],
                 ["How many victims were repatriated from Testland in {y}?",
                  "How many persons were repatriated from Testland in {y}?"]),
        "to": (["Victims repatriated to Testland", "Repatriated to Testland"],
               ["How many victims were repatriated to Testland in {y}?",
                "How many persons were repatriated to Testland in {y}?"])}),
    "where": ("Victims of trafficking by place of exploitation", {
        "abroad": (["Nationals trafficked abroad", "Nationals exploited abroad"],
                   ["How many nationals were trafficked abroad in {y}?",
                    "How many of the country's nationals were exploited abroad in {y}?"]),
        "within": (["Foreigners trafficked in Testland", "Foreign nationals exploited in "
                    "Testland"],
                   ["How many foreigners were trafficked in Testland in {y}?",
                    "How many foreign nationals were exploited in Testland in {y}?"])}),
    "stage": ("Criminal justice response to trafficking", {
        "investigations": (["Investigations", "Criminal cases initiated",
                            "Number of investigations"],
                           ["How many investigations were opened in {y}?",
                            "How many trafficking investigations were launched in {y}?"]),
        "prosecutions": (["Persons prosecuted", "Prosecutions", "Persons indicted"],
                         ["How many persons were prosecuted in {y}?",
                          "How many persons were indicted for trafficking in {y}?"]),
        "convictions": (["Persons convicted", "Convictions", "Persons found guilty"],
                        ["How many persons were convicted of trafficking in {y}?",
                         "How many convictions were handed down in {y}?"])}),
    "status": ("Victims of trafficking", {
        "presumed": (["Presumed victims", "Potential victims"],
                     ["How many presumed victims were there in {y}?",
                      "How many potential victims of trafficking were there in {y}?"]),
        "identified": (["Identified victims", "Victims identified", "Formally identified "
                        "victims"],
                       ["How many victims were identified in {y}?",
                        "How many identified victims of trafficking were there in {y}?"])}),
    "counted": ("Prosecutions for trafficking", {
        "cases": (["Cases prosecuted", "Prosecuted cases"],
                  ["How many cases were prosecuted in {y}?",
                   "How many trafficking cases were brought to court in {y}?"]),
        "persons": (["Persons prosecuted", "Defendants prosecuted"],
                    ["How many persons were prosecuted in {y}?",
                     "How many persons were indicted in {y}?"])}),
    "instance": ("Convictions for trafficking", {
        "first": (["Persons convicted (first instance)", "Convictions at first instance"],
                  ["How many persons were convicted at first instance in {y}?",
                   "How many first-instance convictions were there in {y}?"]),
        "final": (["Persons convicted (final)", "Final convictions"],
                  ["How many persons were finally convicted in {y}?",
                   "How many final convictions were there in {y}?"])}),
}


def layout(rng: random.Random, caption: str, columns: list[str],
           values: dict[str, dict[int, int]], number: int = 1) -> list[str]:
    """The lines of a captioned table, years as rows or across the top."""
    head = [f"Table {number} – {caption}"]
    if rng.random() < 0.5:
        return head + ["Year\t" + "\t".join(columns)] + [
            f"{y}\t" + "\t".join(str(values[c][y]) for c in columns) for y in YEARS]
    return head + ["\t" + "\t".join(map(str, YEARS))] + [
        c + "\t" + "\t".join(str(values[c][y]) for y in YEARS) for c in columns]


def pair_case(seed: int) -> tuple[list, dict[str, str | None], dict[str, int | None]]:
    """A table of one or both sides of a pair; each side's questions with the answer
    expected (the side's cell, or None when the table lacks it)."""
    rng = random.Random(seed)
    pair = sorted(PAIRS)[seed % len(PAIRS)]
    caption, sides = PAIRS[pair]
    kept = rng.sample(sorted(sides), rng.choice([1, 2, len(sides)]))
    labels = {side: rng.choice(sides[side][0]) for side in kept}
    values = {labels[s]: {y: rng.randint(3, 900) for y in YEARS} for s in kept}
    lines = layout(rng, caption, [labels[s] for s in kept], values)
    item = f"the number of {caption.lower()}."
    year = rng.choice(YEARS)
    expected = {}
    for side, (_, questions) in sides.items():
        for question in questions:
            expected[question.format(y=year)] = (values[labels[side]][year] if side in kept
                                                 else None)
    return [chunk(1, lines, item)], lines, expected


def check(searcher, expected: dict, lines: list[str]) -> None:
    for question, value in expected.items():
        found, note, _ = table_answer(analyse(question), searcher, None, {})
        got = found and (found.span, found.text)
        if value is None:
            assert found is None, (question, got, lines)
        else:
            assert found is not None and found.span == str(value), (question, got, note, lines)


@pytest.mark.parametrize("seed", range(48))
def test_the_side_asked_or_none(seed: int) -> None:
    chunks, lines, expected = pair_case(seed)
    check(ChunkSearcher(chunks), expected, lines)


@pytest.mark.parametrize("seed", range(16))
def test_the_side_asked_or_none_in_a_table_typed_without_a_caption(seed: int) -> None:
    """The same tables typed without a caption after the sentence introducing them; and a
    year no row has is asked of none."""
    _, lines, expected = pair_case(seed)
    caption = lines[0].split(" – ", 1)[1]
    intro = random.Random(seed).choice(["The {c} were as follows:", "Data on the {c}:",
                                        "The table below shows the {c}."])
    searcher = ChunkSearcher(parse_reply(reply(intro.format(c=caption.lower()), lines[1:])))
    check(searcher, expected, lines)
    asked = next(q for q, v in expected.items() if v is not None)
    year = next(str(y) for y in YEARS if str(y) in asked)
    check(searcher, {asked.replace(year, "2031"): None}, lines)


# --- parts of the measure ---------------------------------------------------------------------

PART_COLUMNS = {  # a column giving a part, and questions asking it
    "children": (["of which: children", "Children", "Minors"],
                 "How many child victims were identified in {y}?"),
    "women": (["Women", "of which: women", "Female"],
              "How many women were identified as victims in {y}?"),
    "sexual": (["Sexual exploitation", "of which: sexual exploitation"],
               "How many victims of sexual exploitation were identified in {y}?"),
    "labour": (["Labour exploitation", "Forced labour"],
               "How many victims of labour exploitation were identified in {y}?"),
    "older": (["60 and over", "Over 60", "Aged 60+"],
              "How many victims aged over 60 were identified in {y}?"),
}
COMBINED = ["How many women victims of labour exploitation were identified in {y}?",
            "How many girls were identified as victims of sexual exploitation in {y}?",
            "How many child victims of forced begging were identified in {y}?"]


@pytest.mark.parametrize("seed", range(24))
def test_a_part_the_table_has_or_none(seed: int) -> None:
    rng = random.Random(f"parts-{seed}")
    kept = rng.sample(sorted(PART_COLUMNS), rng.randint(1, 3))
    labels = {p: rng.choice(PART_COLUMNS[p][0]) for p in kept}
    # An "of which" column right after the measure it is a part of.
    columns = [rng.choice(["Total", "Victims identified"]), *sorted(
        labels.values(), key=lambda c: not c.startswith("of which"))]
    values = {c: {y: rng.randint(3, 900) for y in YEARS} for c in columns}
    lines = layout(rng, "Identified victims of trafficking", columns, values)
    year = rng.choice(YEARS)
    expected = {question.format(y=year): values[labels[p]][year] if p in kept else None
                for p, (_, question) in PART_COLUMNS.items()}
    expected |= {q.format(y=year): None for q in COMBINED}
    expected[f"How many victims were identified in {year}?"] = values[columns[0]][year]
    check(ChunkSearcher([chunk(1, lines, "the number of identified victims.")]), expected,
          lines)


@pytest.mark.parametrize("seed", range(12))
def test_an_of_which_row_belongs_to_the_measure_above_it(seed: int) -> None:
    """Years across the top, an "of which" row under each of two measures: a part asked of
    one measure is not the other's."""
    rng = random.Random(f"of-which-{seed}")
    first, second = rng.sample(["Persons prosecuted", "Persons convicted (first instance)",
                                "Persons convicted (final)", "Investigations opened"], 2)
    part, other = rng.sample(["women", "children"], 2)
    rows = {first: [rng.randint(20, 90) for _ in YEARS],
            f"  of which: {part}": [rng.randint(1, 19) for _ in YEARS],
            second: [rng.randint(20, 90) for _ in YEARS]}
    lines = ["Table 3 – Criminal justice response", "\t" + "\t".join(map(str, YEARS))]
    lines += [label + "\t" + "\t".join(map(str, cells)) for label, cells in rows.items()]
    words = {"Persons prosecuted": "were prosecuted", "Persons convicted (first instance)":
             "were convicted at first instance", "Persons convicted (final)":
             "were finally convicted", "Investigations opened": "were investigated"}
    who = {"women": "women", "children": "children"}
    i = rng.randrange(len(YEARS))
    searcher = ChunkSearcher([chunk(1, lines, "the number of prosecutions and convictions.")])
    expected = {f"How many {who[part]} {words[first]} in {YEARS[i]}?":
                rows[f"  of which: {part}"][i],
                f"How many {who[part]} {words[second]} in {YEARS[i]}?": None,
                f"How many {who[other]} {words[first]} in {YEARS[i]}?": None,
                f"How many persons {words[second]} in {YEARS[i]}?"
                if "Investigations" not in second else
                f"How many investigations were opened in {YEARS[i]}?": rows[second][i]}
    check(searcher, expected, lines)


@pytest.mark.parametrize("seed", range(12))
def test_an_untitled_table_of_one_subject_does_not_answer_another(seed: int) -> None:
    rng = random.Random(f"untitled-{seed}")
    subject, other = rng.sample([("adult", "adult"), ("child", "child"),
                                 ("foreign", "foreign")], 2)
    intro = rng.choice(["The table below shows {s} victims identified, by sex:",
                        "The number of {s} victims identified was as follows:",
                        "{S} victims identified, by year (see the figures below):"])
    intro = intro.format(s=subject[0], S=subject[0].capitalize())
    values = [[rng.randint(1, 40), rng.randint(1, 40)] for _ in YEARS]
    lines = ["Year\tMen\tWomen\tTotal"] + [f"{y}\t{m}\t{w}\t{m + w}"
                                           for y, (m, w) in zip(YEARS, values, strict=True)]
    text = reply(intro, lines)
    searcher = Searcher(parse_reply(text))
    i = rng.randrange(len(YEARS))
    year, (men, women) = YEARS[i], values[i]
    expected = {f"How many {other[1]} victims were identified in {year}?": None,
                f"How many {subject[1]} victims were identified in {year}?": men + women,
                f"How many {subject[1]} women were identified as victims in {year}?": women}
    check(searcher, expected, lines)


# --- a sentence counting more narrowly than the table ------------------------------------------

QUALIFIED = [("joint", "inspections"), ("unannounced", "inspections"), ("night", "raids"),
             ("cross-border", "operations"), ("online", "investigations"),
             ("specialised", "prosecutors")]


@pytest.mark.parametrize(("qualifier", "noun"), QUALIFIED)
def test_a_sentence_counting_the_qualified_thing_beats_a_table_of_all(qualifier, noun) -> None:
    """"How many joint inspections ...?": the sentence's "58 joint inspections" is narrower
    than a table of all "Inspections"; not when the table writes the qualifier too, nor
    when the question asks for all of them, nor when the sentence counts another thing."""
    from greta_search.table_scope import narrower_in_text

    rng = random.Random(qualifier + noun)
    question = rng.choice([f"How many {qualifier} {noun} were carried out in 2025?",
                           f"How many {qualifier} {noun} did the police and the labour "
                           "inspectorate carry out in 2025?"])
    n = rng.randint(5, 90)
    table = f"Table 7 – Labour inspection\nYear\t{noun.title()}\tFines imposed\n2025\t3012\t38"
    assert narrower_in_text(question, f"{n} {qualifier} {noun}", table)
    qualified = table.replace(noun.title(), f"{qualifier.title()} {noun}")
    assert not narrower_in_text(question, f"{n} {qualifier} {noun}", qualified)
    assert not narrower_in_text(f"How many {noun} were carried out in 2025?",
                                f"{n} {qualifier} {noun}", table)
    assert not narrower_in_text(question, f"{n} presumed victims", table)

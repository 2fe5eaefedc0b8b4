"""Tables matched to questions worded differently from their labels ("investigations opened"
for "Criminal cases initiated", "indicted" for "Persons prosecuted", "recognised as victims"
for "Identified victims"), on generated documents: several measures, each printed under one
of its usual names, in four layouts (a table of measures by year; the same with the years
across the top; one table per measure broken down by sex, with or without a total), asked
in paraphrase; and the near misses that must stay unanswered (a measure no table has, a year
no row has)."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse, weights_of
from greta_search.chunk import Chunk
from greta_search.embed import HashEmbedder
from greta_search.measures import measure_terms, rewrite
from greta_search.table_entries import tables_of
from greta_search.table_rank import meanings, rank_tables

# A measure: the names a table prints it under, and questions asking for it ({y}: a year).
MEASURES = {
    "investigations": (
        ["Investigations", "Criminal cases initiated", "Criminal proceedings instituted",
         "Pre-trial investigations"],
        ["How many investigations were opened in {y}?",
         "How many trafficking investigations were launched in {y}?",
         "How many criminal cases were opened in {y}?",
         "In {y}, how many criminal proceedings were initiated?"]),
    "prosecutions": (
        ["Persons prosecuted", "Persons indicted", "Persons brought to court"],
        ["How many persons were prosecuted in {y}?",
         "How many persons were indicted in {y}?",
         "How many persons were brought to trial in {y}?",
         "How many persons were sent to court for trafficking in {y}?"]),
    "convictions": (
        ["Persons convicted", "Convictions", "Persons found guilty"],
        ["How many persons were convicted in {y}?",
         "How many persons were found guilty of trafficking in {y}?",
         "How many convictions were recorded in {y}?"]),
    "judgments": (
        ["Judgments", "Court decisions", "Verdicts"],
        ["How many court judgments were handed down in {y}?",
         "How many judgments were delivered in {y}?",
         "How many verdicts were pronounced in {y}?"]),
    "victims": (
        ["Identified victims", "Persons recognised as victims", "Victims identified"],
        ["How many persons were recognised as victims in {y}?",
         "How many victims were identified in {y}?",
         "How many people were recognized as victims of trafficking in {y}?"]),
}
# The questionnaire's items (round 4, Part III, question 42) a table is printed under.
ITEMS = {
    "investigations": "the number of investigations conducted in human trafficking cases "
                      "(disaggregated by form of exploitation).",
    "prosecutions": "the number of prosecutions in human trafficking cases (disaggregated by "
                    "form of exploitation, indicating the number of accused persons).",
    "convictions": "the number of persons convicted of human trafficking offences "
                   "(disaggregated by gender, age, citizenship, and form of exploitation).",
    "judgments": "the number of judgments in human trafficking cases, indicating the type "
                 "and duration of the sentence.",
    "victims": "the number of presumed victims and identified victims of human trafficking "
               "(disaggregated by sex, age, citizenship, form of exploitation).",
}
# Measures no generated table holds: asked, they must get no table answer.
ABSENT = ["How many victims were granted a residence permit in {y}?",
          "How many victims received compensation in {y}?",
          "How many children were placed in foster care in {y}?"]
YEARS = [2019, 2020, 2021, 2022, 2023]
LAYOUTS = ["by_year", "years_across", "sex_with_total", "sex_without_total"]


# The prose of a reply around its tables, so that words weigh as in a real index
# ("trafficking" and "persons" common, "indicted" rare).
PROSE = ["Victims of trafficking in human beings are identified by the police and NGOs.",
         "The persons concerned receive assistance, shelter and legal aid.",
         "Trafficking in human beings is an offence under the Criminal Code.",
         "Training on trafficking was given to judges, prosecutors and police officers.",
         "Child victims of trafficking are referred to the social services.",
         "The national referral mechanism covers all persons presumed to be victims.",
         "Labour inspectors check the working conditions of migrant workers.",
         "The State provides compensation to victims of violent crime.",
         "Cases of trafficking are investigated by a specialised police unit."]


class ChunkSearcher:
    """What table look-ups and word weights need of a searcher: its passages (the tables
    and the prose around them)."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks + [
            Chunk(id=f"p{i}", doc="GRETA(2030)01_ABC_rep", text=text, citation=f"Q{i}",
                  question=i, kind="text", position=len(chunks) + i)
            for i, text in enumerate(PROSE * 3, start=1)]


def chunk(number: int, lines: list[str], item_text: str) -> Chunk:
    return Chunk(id=f"t{number}", doc="GRETA(2030)01_ABC_rep", text="\n".join(lines),
                 citation=f"Q42({number})", question=42, item=str(number),
                 item_text=item_text, kind="table", position=number - 1)


def document(rng: random.Random, layout: str) -> tuple[list[Chunk], dict]:
    """The tables of three or four measures (a name for each drawn at random) and the
    expected answer of each: measure -> year -> the number printed (or added)."""
    measures = rng.sample(sorted(MEASURES), rng.randint(3, 4))
    labels = {m: rng.choice(MEASURES[m][0]) for m in measures}
    values = {m: {y: rng.randint(3, 400) for y in YEARS} for m in measures}
    # A table of several measures sits under the questionnaire's item of one of them.
    bullet = ITEMS[rng.choice(measures)]
    if layout == "by_year":
        lines = ["Table 1 – Statistics", "Year\t" + "\t".join(labels[m] for m in measures)]
        lines += [f"{y}\t" + "\t".join(str(values[m][y]) for m in measures) for y in YEARS]
        return [chunk(1, lines, bullet)], values
    if layout == "years_across":
        lines = ["Table 1 – Statistics", "\t" + "\t".join(map(str, YEARS))]
        lines += [labels[m] + "\t" + "\t".join(str(values[m][y]) for y in YEARS)
                  for m in measures]
        return [chunk(1, lines, bullet)], values
    chunks, expected = [], {}
    for number, m in enumerate(measures, start=1):
        total = layout == "sex_with_total"
        lines = [f"Table {number} – {labels[m]}",
                 "Year\t" + ("Total\t" if total else "") + "Sex\t", "\t" + ("\t" if total else "")
                 + "male\tfemale"]
        expected[m] = {}
        for y in YEARS:
            male = rng.randint(0, values[m][y])
            female = values[m][y] - male
            lines.append(f"{y}\t" + (f"{values[m][y]}\t" if total else "") + f"{male}\t{female}")
            expected[m][y] = values[m][y]
        chunks.append(chunk(number, lines, ITEMS[m]))
    return chunks, expected


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(6))
def test_a_measure_asked_in_other_words_is_answered_from_its_table(layout: str,
                                                                   seed: int) -> None:
    rng = random.Random(f"{layout}-{seed}")
    chunks, expected = document(rng, layout)
    searcher = ChunkSearcher(chunks)
    for measure, by_year in expected.items():
        for wording in MEASURES[measure][1]:
            year = rng.choice(YEARS)
            question = analyse(wording.format(y=year))
            found, note, _ = table_answer(question, searcher, None, {})
            assert found is not None, (question.text, note, [c.text for c in chunks])
            assert found.span == str(by_year[year]), (question.text, found.text,
                                                       [c.text for c in chunks])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(4))
def test_a_measure_or_year_the_tables_lack_gets_no_table_answer(layout: str, seed: int) -> None:
    rng = random.Random(f"absent-{layout}-{seed}")
    chunks, expected = document(rng, layout)
    searcher = ChunkSearcher(chunks)
    for wording in ABSENT:
        question = analyse(wording.format(y=rng.choice(YEARS)))
        found, _, _ = table_answer(question, searcher, None, {})
        assert found is None, (question.text, found and found.text)
    measure = rng.choice(sorted(expected))
    question = analyse(rng.choice(MEASURES[measure][1]).format(y=2031))
    found, note, _ = table_answer(question, searcher, None, {})
    assert found is None and note and "2031" in note, (question.text, found and found.text)


@pytest.mark.parametrize("measure", sorted(MEASURES))
def test_every_name_of_a_measure_reads_as_the_same_stems(measure: str) -> None:
    labels, questions = MEASURES[measure]
    own = [set(measure_terms(label)) for label in labels]
    for wording in questions:
        asked = set(measure_terms(wording.format(y=2020)))
        assert all(stems & asked for stems in own), (wording, own, asked)
    others = [m for m in MEASURES if m != measure]
    for other in others:  # and no name of another measure reads as this one
        assert not any(set(measure_terms(label)) <= set(measure_terms(mine))
                       for label in MEASURES[other][0] for mine in labels), (measure, other)


def test_the_rewrite_leaves_other_words_alone() -> None:
    text = "The victim was recognised by the court; the case was opened for appeal."
    assert rewrite(text) == ("The victim was identified by the court; the case was opened "
                             "for appeal.")
    assert rewrite("12 criminal cases were initiated") == "12 investigations"


# --- the e5 part: how near a table's own labels come to the question in meaning -------------

MEANING_TABLES = [  # (the item above the table, the table's caption), measures apart
    ("the number of presumed victims and identified victims of human trafficking.",
     "Identified victims"),
    ("the number of victims of human trafficking granted a recovery and reflection period.",
     "Victims granted a reflection period"),
    ("the number of persons convicted of human trafficking offences.", "Persons convicted"),
    ("the number of victims of human trafficking who received free legal assistance.",
     "Legal assistance"),
]


class CountingEmbedder:
    """An embedder that counts the label texts it is asked to embed."""

    def __init__(self, embedder, name: str | None = None) -> None:
        self.embedder, self.embedded = embedder, []
        self.name, self.dim = name or embedder.name, embedder.dim

    def embed_passages(self, texts):
        self.embedded += texts
        return self.embedder.embed_passages(texts)

    def embed_queries(self, texts):
        return self.embedder.embed_queries(texts)


def meaning_searcher(embedder, rng: random.Random, name: str | None = None) -> ChunkSearcher:
    order = rng.sample(MEANING_TABLES, len(MEANING_TABLES))
    chunks = []
    for number, (item, caption) in enumerate(order, start=1):
        lines = [f"Table {number} – {caption}", "Year\tTotal"]
        lines += [f"{y}\t{rng.randint(1, 99)}" for y in YEARS]
        chunks.append(chunk(number, lines, item))
    searcher = ChunkSearcher(chunks)
    searcher.embedder = CountingEmbedder(embedder, name)
    return searcher


@pytest.fixture(scope="module")
def e5():
    from greta_search.embed import E5Embedder

    return E5Embedder()


@pytest.mark.parametrize("seed", range(3))
def test_the_table_whose_labels_mean_the_question_is_nearest_in_meaning(e5, seed: int) -> None:
    """Real e5 model: a question in other words than every label ("recognised as victims",
    "offenders found guilty", "free legal aid") is nearest in meaning to its own table, and
    the answer's `meaning` feature is that lead."""
    rng = random.Random(seed)
    searcher = meaning_searcher(e5, rng)
    entries = tables_of(searcher)
    asked = {"Identified victims": "How many persons were recognised as victims in {y}?",
             "Persons convicted": "How many offenders were found guilty in {y}?",
             "Legal assistance": "How many victims got free legal aid in {y}?"}
    for caption, wording in asked.items():
        question = analyse(wording.format(y=2021))
        candidates = rank_tables(question.terms, entries, weights_of(searcher), {})
        near = meanings(question, searcher, candidates)
        nearest = max(candidates, key=lambda c: near[id(c)])
        assert caption in nearest.entry.table.caption, (wording, {
            c.entry.table.caption: round(near[id(c)], 3) for c in candidates})
    found, _, _ = table_answer(analyse("How many persons were recognised as victims in 2020?"),
                               searcher, None, {})
    assert found is not None and found.features["meaning"] > 0, found


def test_labels_are_embedded_once_per_searcher_and_hash_still_answers() -> None:
    searcher = meaning_searcher(HashEmbedder(), random.Random(0))
    first, _, _ = table_answer(analyse("How many victims were granted a reflection period "
                                       "in 2020?"), searcher, None, {})
    embedded = len(searcher.embedder.embedded)
    assert first is not None and "reflection" in first.entry.table.caption
    assert first.features["meaning"] > 0  # the hash embedder shares words: it leads too
    again, _, _ = table_answer(analyse("How many persons were convicted in 2021?"), searcher,
                               None, {})
    assert again is not None and "convicted" in again.entry.table.caption
    assert len(searcher.embedder.embedded) == embedded  # nothing embedded twice


def test_label_vectors_are_kept_in_the_embedding_cache_across_runs() -> None:
    """A second `ask` (a new process, a new searcher) embeds no label again."""
    question = analyse("How many persons were convicted in 2021?")
    first = meaning_searcher(HashEmbedder(), random.Random(2), name="hash-like")
    found, _, _ = table_answer(question, first, None, {})
    assert found is not None and first.embedder.embedded
    second = meaning_searcher(HashEmbedder(), random.Random(2), name="hash-like")
    again, _, _ = table_answer(question, second, None, {})
    assert again is not None and second.embedder.embedded == []
    assert again.features["meaning"] == pytest.approx(found.features["meaning"], abs=1e-6)


def test_the_next_tables_answer_as_alternatives_with_a_lower_margin() -> None:
    item = "the number of presumed victims and identified victims of human trafficking."
    by_sex = chunk(1, ["Table 1 – Identified victims, by sex", "Year\tTotal\tmale\tfemale",
                       "2020\t30\t10\t20", "2021\t40\t15\t25"], item)
    by_age = chunk(2, ["Table 2 – Identified victims, by age group",
                       "Year\tunder 18\t18 and over", "2020\t4\t26", "2021\t9\t31"], item)
    searcher = ChunkSearcher([by_age, by_sex])
    question = analyse("How many victims of trafficking were identified in 2020?")
    chosen, _, _ = table_answer(question, searcher, None, {})
    other, _, _ = table_answer(question, searcher, None, {}, alternative=1)
    assert chosen is not None and chosen.span == "30"  # the table with the total
    assert other is not None and other.entry is not chosen.entry
    assert chosen.features["margin"] > other.features["margin"]
    assert table_answer(question, searcher, None, {}, alternative=2)[0] is None

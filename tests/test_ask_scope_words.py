"""What a question's words say about where its answer is (generated variants): a "which
<institution>" question asks for a body; "women and girls" is the female total; an acronym
the document defines matches its name in a table; a State's adjective ("Bordurian") picks
the State's document and says nothing of the measure; a `kind` filter keeps tables out."""

from __future__ import annotations

import random

import pytest

from greta_search.acronyms import defined, document_acronyms, expand
from greta_search.answer_scope import named_documents, without_states
from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse, question_kind
from greta_search.chunk import Chunk
from greta_search.search import Filters
from greta_search.table_entries import tables_of
from greta_search.table_scope import missing_parts, parts_named

SEEDS = range(8)
DOC = "GRETA(2030)02_QRS_rep"

# --- which <institution>: a body ------------------------------------------------------------

INSTITUTIONS = ["inspection", "inspectorate", "office", "board", "commission", "council",
                "court", "police", "committee", "directorate", "tribunal", "ombudsman"]
QUALIFIERS = ["", "labour ", "Bordurian ", "national ", "State ", "regional ", "higher "]
VERBS = ["decides on applications", "carried out the checks", "identified the victims",
         "coordinates the action plan", "issued the permits", "imposed the fines"]


@pytest.mark.parametrize("seed", SEEDS)
def test_which_institution_asks_for_a_body(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(20):
        noun = rng.choice(INSTITUTIONS)
        noun += "s" if rng.random() < 0.3 and noun not in {"police", "ombudsman"} else ""
        opener = rng.choice(["Which", "What", "which"])
        question = f"{opener} {rng.choice(QUALIFIERS)}{noun} {rng.choice(VERBS)}?"
        if opener == "which":
            question = f"In {rng.choice(['2024', 'Borduria'])}, {question}"
        assert question_kind(question) == "body", question


@pytest.mark.parametrize("seed", SEEDS)
def test_an_institution_that_modifies_a_noun_or_follows_a_clause_is_no_body(seed: int) -> None:
    rng = random.Random(f"no-{seed}")
    noun = rng.choice(["court", "police", "board", "inspectorate"])
    thing = rng.choice(["instruction", "decisions", "procedures", "guidelines", "reports"])
    assert question_kind(f"Which {noun} {thing} {rng.choice(VERBS)}?") != "body"
    assert question_kind(f"What fines did the {noun} impose in 2024?") != "body"
    kind = rng.choice(["support", "social", "legal"])
    assert question_kind(f"What {kind} services are offered to victims?") == "list"


# --- "women and girls": the female total ---------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_women_and_girls_is_the_sex_not_a_breakdown_by_age(seed: int) -> None:
    rng = random.Random(f"sex-{seed}")
    female = rng.choice(["women and girls", "girls and women", "Women and girls"])
    male = rng.choice(["men and boys", "boys and men"])
    table = rng.choice(["Year\tMale\tFemale", "Year\tmen\twomen", "Sex / male\tSex / female"])
    for words, part in [(female, "female"), (male, "male")]:
        question = f"How many {words} were identified as victims in {rng.randint(2019, 2025)}?"
        assert parts_named(question, question=True) == {part}
        assert missing_parts(question, table.split("\t")) == []
    # A question on girls alone still needs a table that has them.
    assert missing_parts("How many girls were identified in 2024?",
                         table.split("\t")) == ["girl"]


def sex_table_searcher(rng: random.Random) -> tuple[list[Chunk], dict[int, tuple[int, int]]]:
    values = {y: (rng.randint(1, 60), rng.randint(1, 60)) for y in range(2020, 2026)}
    lines = [f"Table 1 – {rng.choice(['Identified victims', 'Victims identified'])}",
             "Year\tMale\tFemale", *[f"{y}\t{m}\t{f}" for y, (m, f) in values.items()]]
    chunk = Chunk(id="t1", doc=DOC, text="\n".join(lines), citation="Q42(1)", question=42,
                  item="1", item_text="the number of identified victims of trafficking.",
                  kind="table", position=0)
    return [chunk], values


class ChunkSearcher:
    """What table look-ups need of a searcher: its passages."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks


@pytest.mark.parametrize("seed", SEEDS)
def test_women_and_girls_are_answered_from_the_female_column(seed: int) -> None:
    rng = random.Random(f"sexq-{seed}")
    chunks, values = sex_table_searcher(rng)
    year = rng.choice(sorted(values))
    female = rng.choice(["women and girls", "girls and women"])
    found, note, _ = table_answer(analyse(f"How many {female} were identified as victims "
                                          f"in {year}?"), ChunkSearcher(chunks), None, {})
    assert found is not None, note
    assert found.span == str(values[year][1])


# --- acronyms the document defines ----------------------------------------------------------

BODIES = [("Crime Victims Compensation Board", "CVCB"), ("State Labour Inspectorate", "SLI"),
          ("National Referral Office", "NRO"), ("Migration Appeals Commission", "MAC"),
          ("Office for Victim Support", "OVS")]


@pytest.mark.parametrize("seed", SEEDS)
def test_an_acronym_defined_anywhere_in_the_document_reads_as_its_name(seed: int) -> None:
    rng = random.Random(f"acr-{seed}")
    name, acronym = rng.choice(BODIES)
    glossary = rng.random() < 0.5
    definition = (f"– {acronym}: {name}" if glossary
                  else f"The reply was drafted with the {name} ({acronym}).")
    assert defined(definition) == {acronym: name}
    assert expand(f"Applications to the {acronym} in 2024", {acronym: name}) == \
        f"Applications to the {name} in 2024"
    # An acronym after its own name stays as it is; a longer word holding it is no acronym.
    assert expand(f"the {name} ({acronym})", {acronym: name}) == f"the {name} ({acronym})"
    assert expand(f"{acronym}X and X{acronym}", {acronym: name}) == f"{acronym}X and X{acronym}"


def acronym_document(rng: random.Random, name: str, acronym: str
                     ) -> tuple[list[Chunk], dict[int, int]]:
    """A reply that defines an acronym in its opening paragraph and uses it alone above a
    table of applications, beside a table of another measure."""
    years = range(2021, 2026)
    applied = {y: rng.randint(2, 40) for y in years}
    intro = Chunk(id="p1", doc=DOC, text=f"1. This reply was prepared with the {name} "
                  f"({acronym}) and other bodies.", citation="Q1", question=1, kind="text",
                  position=0)
    rows = ["Year\tApplications\tGranted",
            *[f"{y}\t{applied[y]}\t{rng.randint(0, applied[y])}" for y in years]]
    # A table with its caption, or one without, introduced by the passage before it.
    lines = [f"Table {rng.randint(1, 9)} – Applications to the {acronym}", *rows]
    before = Chunk(id="p2", doc=DOC, text="Victims may apply for State compensation.",
                   citation="Q11 ¶1", question=11, kind="text", position=1)
    if rng.random() < 0.5:
        lines = rows
        before.text += f" 47. Applications to the {acronym} by victims of trafficking:"
    table = Chunk(id="t1", doc=DOC, text="\n".join(lines), citation="Q11 ¶2", question=11,
                  kind="table", position=2)
    other = Chunk(id="t2", doc=DOC, text="\n".join(
        ["Table 12 – Identified victims", "Year\tTotal",
         *[f"{y}\t{rng.randint(50, 99)}" for y in years]]), citation="Q42", question=42,
        kind="table", position=3)
    return [intro, before, table, other], applied


@pytest.mark.parametrize("seed", SEEDS)
def test_a_question_naming_the_body_finds_the_table_of_its_acronym(seed: int) -> None:
    rng = random.Random(f"acrt-{seed}")
    name, acronym = rng.choice(BODIES)
    chunks, applied = acronym_document(rng, name, acronym)
    searcher = ChunkSearcher(chunks)
    assert document_acronyms(searcher, DOC) == {acronym: name}
    for asked in (name, acronym):
        year = rng.choice(sorted(applied))
        found, note, _ = table_answer(analyse(f"How many applications to the {asked} were "
                                              f"registered in {year}?"), searcher, None, {})
        assert found is not None, (asked, note)
        assert found.span == str(applied[year])


# --- a State's adjective ----------------------------------------------------------------------

STATES = ["Borduria", "Molvania", "Ruritania", "Freedonia", "Azerbaijan", "Syldavia"]
ADJECTIVES = {"Borduria": "Bordurian", "Molvania": "Molvanian", "Ruritania": "Ruritanian",
              "Freedonia": "Freedonian", "Azerbaijan": "Azerbaijani", "Syldavia": "Syldavian"}


@pytest.mark.parametrize("seed", SEEDS)
def test_a_states_adjective_picks_its_document_and_leaves_the_question(seed: int) -> None:
    rng = random.Random(f"adj-{seed}")
    state, other = rng.sample(STATES, 2)
    docs = [(f"GRETA(2030)0{i}_X{i}_rep", c) for i, c in enumerate([state, other])]
    body = rng.choice(["labour inspectorate", "courts", "police", "Criminal Code"])
    question = f"What fines did the {ADJECTIVES[state]} {body} impose in 2024?"
    assert named_documents(question, docs) == [docs[0][0]]
    assert without_states(question, [state]) == f"What fines did the {body} impose in 2024?"
    # The name itself still goes, with its preposition; another State's word stays.
    assert without_states(f"How many victims in {state}?", [state]) == "How many victims?"
    assert ADJECTIVES[other] in without_states(f"{ADJECTIVES[other]} courts", [state])
    # An adjective of people is a nationality: it stays, and picks no document.
    people = rng.choice(["citizens", "nationals", "victims", "women", "children"])
    asked = f"How many {ADJECTIVES[state]} {people} were identified in {other}?"
    assert without_states(asked, [state]) == asked
    assert named_documents(asked, docs) == [docs[1][0]]


# --- a kind filter ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["recommendation", "proposal", "text"])
def test_a_kind_filter_keeps_tables_out_of_answers(seed: int, kind: str) -> None:
    rng = random.Random(f"kind-{seed}")
    chunks, values = sex_table_searcher(rng)
    searcher = ChunkSearcher(chunks)
    year = rng.choice(sorted(values))
    question = analyse(f"How many victims were identified in {year}?")
    assert table_answer(question, searcher, None, {})[0] is not None
    filters = Filters(kind=[kind])
    assert tables_of(searcher, filters) == []
    assert table_answer(question, searcher, filters, {})[0] is None
    assert table_answer(question, searcher, Filters(kind=["table"]), {})[0] is not None


@pytest.mark.parametrize("kind", ["recommendation", "proposal", "note"])
def test_a_kind_filter_keeps_the_stores_tables_out_of_answers(report_index, kind: str) -> None:
    """Through the store, whose facets have no kind (the seed's statistics tables beside
    generated reports' findings)."""
    from greta_search.answer import ask
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    searcher = Searcher(IndexStore(report_index[0]))
    assert tables_of(searcher, None)
    assert tables_of(searcher, Filters(kind=[kind])) == []
    assert tables_of(searcher, Filters(kind=["table"]))
    answer = ask(searcher, "How many victims were identified in 2022?", Filters(kind=[kind]),
                 threshold=0.0)
    assert answer.source != "table"
    assert all(h.chunk.kind == kind for h in answer.citations + answer.passages)

"""Filters, collapsing and dense retrieval over an index built with the hash embedder."""

from __future__ import annotations

import pytest

from greta_search.chunk import Chunk
from greta_search.embed import HashEmbedder
from greta_search.search import Filters, Hit, Searcher, collapse, same_numeral
from greta_search.store import IndexStore


def chunk(**fields) -> Chunk:
    base = dict(id="x", doc="GRETA(2023)11_AZE_rep", text="t", citation="c")
    return Chunk(**{**base, **fields})


@pytest.mark.parametrize(
    ("wanted", "value", "same"),
    [("1", "Part 1", True), ("I", "Part 1", True), ("Part III", "Part III", True),
     ("3", "Part III", True), ("2", "Part III", False), ("II", "II", True),
     ("iii", "III", True), ("x", "Part 1", False), ("1", None, False)],
)
def test_same_numeral(wanted, value, same):
    assert same_numeral(wanted, value) is same


def test_filters_accept_only_matching_chunks():
    c = chunk(country="Azerbaijan", part="Part 1", section="II",
              section_title="IDENTIFICATION OF VICTIMS", question=22)
    assert Filters().accepts(c)
    assert Filters(doc=["greta(2023)11"]).accepts(c)
    assert not Filters(doc=["GRETA(2024)"]).accepts(c)
    assert Filters(country=["azerbaijan"]).accepts(c)
    assert not Filters(country=["Armenia"]).accepts(c)
    assert Filters(part=["I"]).accepts(c) and not Filters(part=["II"]).accepts(c)
    assert Filters(section=["2"]).accepts(c) and Filters(section=["identification"]).accepts(c)
    assert not Filters(section=["I"]).accepts(c)
    assert Filters(question=[21, 22]).accepts(c) and not Filters(question=[2]).accepts(c)
    assert not Filters(country=["Azerbaijan"], question=[1]).accepts(c)
    fourth = chunk(round="Fourth")
    assert Filters(round=["4"]).accepts(fourth) and Filters(round=["fourth"]).accepts(fourth)
    assert not Filters(round=["3"]).accepts(fourth) and not Filters(round=["4"]).accepts(c)


def test_collapse_keeps_n_per_question_and_never_collapses_loose_passages():
    hits = [Hit(chunk(id=str(i), question=q), 1.0 - i / 10) for i, q in
            enumerate([2, 2, 5, 2, None, None, 5])]
    assert [h.chunk.id for h in collapse(hits, 1)] == ["0", "2", "4", "5"]
    assert [h.chunk.id for h in collapse(hits, 2)] == ["0", "1", "2", "4", "5", "6"]
    assert len(collapse(hits, 0)) == len(hits)


@pytest.fixture
def searcher(hash_index):
    return Searcher(IndexStore(hash_index), HashEmbedder())


def test_dense_search_ranks_and_collapses(searcher):
    hits = searcher.search("electronic register of private employment agencies", k=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.chunk.question for h in hits}) == 5
    passages = searcher.search("electronic register of private employment agencies", k=5,
                               per_question=0)
    assert len({h.chunk.question for h in passages}) <= 5


def test_filters_apply_to_search(searcher):
    hits = searcher.search("victims", k=10, filters=Filters(part=["III"]))
    assert hits and {h.chunk.question for h in hits} == {42}
    hits = searcher.search("victims", k=3, filters=Filters(question=[13]), per_question=0)
    assert hits and all(h.chunk.question == 13 for h in hits)
    assert searcher.search("victims", filters=Filters(country=["Nowhere"])) == []


def test_search_many_matches_single_searches(searcher):
    queries = ["labour inspection complaints", "media and victims' privacy"]
    many = searcher.search_many(queries, k=3)
    for query, hits in zip(queries, many, strict=True):
        assert [h.chunk.id for h in hits] == [h.chunk.id for h in searcher.search(query, k=3)]


# --- fusion and boosts -----------------------------------------------------------------------

from greta_search.keyword import exact_terms  # noqa: E402
from greta_search.search import (  # noqa: E402
    FusionParams,
    exact_match_fraction,
    question_refs,
    rrf,
)


def test_rrf_weights_by_rank():
    scores = rrf([7, 3, 9], weight=2.0, k=10)
    assert scores == {7: 2 / 11, 3: 2 / 12, 9: 2 / 13}


@pytest.mark.parametrize(
    ("query", "refs"),
    [("what does question 26 say about permits", {26}), ("Q26 residence", {26}),
     ("answers to q 7 and Question 8", {7, 8}), ("26 victims in 2019", set()),
     ("FAQ on shelters", set())],
)
def test_question_refs(query, refs):
    assert question_refs(query) == refs


def test_exact_terms_and_matching_respect_reference_boundaries():
    assert exact_terms("Article 144-1 of the Criminal Code in 2019, No. 131") == [
        "144-1", "2019", "131"]
    assert exact_match_fraction(["144-1"], "Article 144-1.2.3 of the Criminal Code") == 1.0
    assert exact_match_fraction(["144-1"], "Article 144-10 of the Criminal Code") == 0.0
    assert exact_match_fraction(["50.2"], "Article 150.2.5 of the Code") == 0.0
    assert exact_match_fraction(["2019"], "from 01.01.2019 to 31.12.2025") == 1.0
    assert exact_match_fraction(["131", "2009"], "Resolution No. 131 of 2010") == 0.5
    assert exact_match_fraction([], "anything") == 0.0


def test_named_question_comes_first(searcher):
    hits = searcher.search("what does question 26 say", k=3)
    assert hits[0].chunk.question == 26
    off = Searcher(searcher.store, HashEmbedder(), FusionParams(question_boost=0.0))
    assert off.search("what does question 26 say", k=3)[0].chunk.question != 26


def test_exact_reference_boost_lifts_passages_citing_it(searcher):
    query = "Article 222 confidentiality"
    boosted = searcher.search(query, k=1, per_question=0)[0]
    assert "222" in boosted.chunk.text
    plain = Searcher(searcher.store, HashEmbedder(), FusionParams(exact_boost=0.0))
    scores = {h.chunk.id: h.score for h in plain.search(query, k=50, per_question=0)}
    assert boosted.score > scores.get(boosted.chunk.id, 0.0)


class NoQueries(HashEmbedder):
    def embed_queries(self, texts):
        raise AssertionError("keyword mode must not embed the query")


def test_keyword_mode_ranks_by_bm25_without_embedding(hash_index):
    searcher = Searcher(IndexStore(hash_index), NoQueries())
    hits = searcher.search("electronic register of agencies", k=3, mode="keyword")
    assert "electronic register" in hits[0].chunk.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    with pytest.raises(ValueError, match="unknown mode"):
        searcher.search("x", mode="magic")


def test_count_queries_about_a_year_show_the_table_with_that_row():
    from greta_search.search import counted_years, has_year_row, prefer_year_tables

    assert counted_years("How many victims were identified in 2025?") == ["2025"]
    assert counted_years("victims identified in 2025") == []
    table = "Table 3\nYears\tNumber of children\n2019\t0\n2024\t4"
    assert has_year_row(table, "2024") and not has_year_row(table, "2025")
    hits = [Hit(chunk(id="para42", question=42), 0.9), Hit(chunk(id="q8", question=8), 0.8),
            Hit(chunk(id="table42", question=42, kind="table", text=table), 0.5)]
    ranked = prefer_year_tables(hits, ["2024"])
    assert [(h.chunk.id, h.score) for h in ranked] == [
        ("table42", 0.9), ("para42", 0.9), ("q8", 0.8)]
    assert [h.chunk.id for h in collapse(ranked, 1)] == ["table42", "q8"]
    assert prefer_year_tables(hits, ["2030"]) == hits

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

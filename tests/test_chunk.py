"""Passages and citations."""

from __future__ import annotations

import pytest

from greta_search.chunk import MAX_PASSAGE_CHARS, chunk_document
from greta_search.cite import article_ranges, format_citation


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        ([5, 6, 7], "Arts 5-7"),
        ([10, 11, 12, 14, 16], "Arts 10-12, 14, 16"),
        ([4, 18, 19, 23, 24, 27, 28, 30], "Arts 4, 18-19, 23-24, 27-28, 30"),
        ([4], "Art. 4"),
        ([], ""),
    ],
)
def test_article_ranges(articles, expected):
    assert article_ranges(articles) == expected


def test_citation_format():
    assert (
        format_citation("GRETA(2023)11_AZE_rep", "Part 1", "I", [5, 6, 7], 2, "a", 3)
        == "GRETA(2023)11_AZE_rep, Part 1, Section I (Arts 5-7), Q2(a), ¶3"
    )
    assert (
        format_citation("D", "Part III", None, [], 42, "1", 1, 2, 12, 13)
        == "D, Part III, Q42(1), ¶1-2, pp. 12-13"
    )
    assert format_citation("D", question=7, paragraph=2, page=5) == "D, Q7, ¶2, p. 5"


def test_passages_never_cut_a_paragraph(seed_doc, seed_chunks):
    paragraphs = {
        (q.number, i.label if i else None): [p.text for p in (i.paragraphs if i else q.paragraphs)]
        for q in seed_doc.questions()
        for i in [None, *q.items]
    }
    for chunk in seed_chunks:
        texts = paragraphs[(chunk.question, chunk.item)]
        span = texts[chunk.paragraph - 1 : chunk.paragraph_end]
        span_lines = {line for text in span for line in text.split("\n")}
        assert set(chunk.text.split("\n")) <= span_lines
        for text in span:
            if "\n- " not in text:  # only a long list may be split (between its bullets)
                assert text in chunk.text


def test_passages_are_small_and_tables_stand_alone(seed_chunks):
    for chunk in seed_chunks:
        if chunk.kind == "table":
            assert chunk.text.startswith("Table ")
        elif chunk.paragraph != chunk.paragraph_end:
            # several paragraphs only within the budget
            assert len(chunk.text) <= MAX_PASSAGE_CHARS + 1
    assert sum(c.kind == "table" for c in seed_chunks) == 10


def test_every_question_is_covered_and_cited(seed_chunks):
    assert {c.question for c in seed_chunks} == set(range(1, 43))
    q2a = [c for c in seed_chunks if c.question == 2 and c.item == "a"]
    assert q2a[0].citation == "GRETA(2023)11_AZE_rep, Part 1, Section I (Arts 5-7), Q2(a), ¶1"
    assert q2a[0].heading.startswith("Q2. What specific measures")
    assert "(a) protection of children" in q2a[0].heading
    assert q2a[0].embed_text.startswith(q2a[0].heading)
    assert len({c.id for c in seed_chunks}) == len(seed_chunks)


def test_unstructured_document_is_chunked_by_paragraph(recwarn):
    from greta_search.load import SourceLine
    from greta_search.parse import parse_lines

    text = "\n\n".join(f"Paragraph number {n} of a plain report." for n in range(1, 6))
    doc = parse_lines([SourceLine(t, 2) for t in text.split("\n")], source="plain-report.txt")
    chunks = chunk_document(doc, budget=80)
    assert [c.question for c in chunks] == [None] * len(chunks)
    assert chunks[0].doc == "plain-report"
    assert chunks[0].citation.startswith("plain-report, ¶1")
    assert chunks[0].citation.endswith("p. 2")


def test_items_answered_together_are_part_of_the_question_heading(seed_chunks):
    q24 = [c for c in seed_chunks if c.question == 24]
    assert q24 and all(c.item is None for c in q24)
    assert "(c) victims with children;" in q24[0].heading
    q2 = next(c for c in seed_chunks if c.question == 2)
    assert "(b)" not in q2.question_text  # items with their own answers stay in their chunks


def test_chunk_records_round_trip_and_tolerate_unknown_fields(seed_chunks):
    from greta_search.chunk import Chunk

    record = seed_chunks[5].to_dict()
    assert Chunk.from_dict(record) == seed_chunks[5]
    assert Chunk.from_dict({**record, "added_by_a_later_version": 1}) == seed_chunks[5]

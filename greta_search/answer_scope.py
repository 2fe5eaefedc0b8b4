"""Which document a question is answered from: the documents the filters let through, the
States a question names (which pick their document and are then dropped from the question),
and the passages of one question of one document (what a cross-reference leads to)."""

from __future__ import annotations

import re

from greta_search.chunk import Chunk
from greta_search.search import Filters, Searcher


def question_chunks(searcher: Searcher, doc: str, question: int) -> list[Chunk]:
    """The passages of one question of one document, in order (read by look-up from the
    lazily-read store; a plain list of passages is scanned)."""
    chunks = searcher.chunks
    if hasattr(chunks, "where"):
        return chunks.where("doc = ? AND question = ?", [doc, question])
    return [c for c in chunks if c.doc == doc and c.question == question]


def documents(searcher: Searcher, filters: Filters | None) -> list[tuple[str, str | None]]:
    """The (document, country) pairs the filters let through, in index order (from the
    store's facets; a plain list of passages is scanned)."""
    if hasattr(searcher.chunks, "documents"):
        if not filters:
            return searcher.chunks.documents()
        return searcher.chunks.documents(filters.accepts, filters.doc_test())
    seen: dict[str, str | None] = {}
    for chunk in searcher.chunks:
        if chunk.doc not in seen and (not filters or filters.accepts(chunk)):
            seen[chunk.doc] = chunk.country
    return list(seen.items())


def named_documents(question: str, docs: list[tuple[str, str | None]]) -> list[str]:
    """The documents whose State (or code) the question names."""
    return [doc for doc, country in docs
            if (country and re.search(rf"\b{re.escape(country)}\b", question, re.IGNORECASE))
            or doc.casefold() in question.casefold()]


def without_states(question: str, countries: list[str | None]) -> str:
    """The question without the States it names ("... identified in Freedonia in 2025")."""
    for country in filter(None, countries):
        question = re.sub(rf"\s*\b(?:in\s+|of\s+|by\s+)?{re.escape(country)}\b", "", question,
                          flags=re.IGNORECASE)
    return question

"""Which document a question is answered from: the documents the filters let through, the
States a question names by name or adjective (which pick their document and are then
dropped from the question), the passages of one question of one document (what a
cross-reference leads to), and whether the filters let a passage's tables answer."""

from __future__ import annotations

import re
from dataclasses import replace

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


# People an adjective qualifies: "Bordurian citizens" is a nationality, not the State's reply.
PEOPLE = (r"(?!\s+(?:citizens?|nationals?|victims?|persons?|people|men|women|girls?|boys?"
          r"|child(?:ren)?|minors?|adults?|workers?|migrants?|residents?|nationality)\b)")


def state_pattern(country: str) -> str:
    """A regular expression for a State's name or its adjective, derived by the usual
    endings: "Borduria" -> "Bordurian", "Azerbaijan" -> "Azerbaijani", "Chad" -> "Chadian",
    "Malta" -> "Maltese" (a final vowel dropped before "-an", "-ian", "-ese", "-ish"). An
    adjective of people ("Bordurian citizens") names a nationality and is left out."""
    stem = re.sub(r"[aeiouy]$", "", country)
    return (rf"\b(?:{re.escape(country)}\b|(?:{re.escape(country)}(?:n|i)"
            rf"|{re.escape(stem)}(?:an|ian|ese|ish))\b{PEOPLE})")


def named_documents(question: str, docs: list[tuple[str, str | None]]) -> list[str]:
    """The documents whose State (by its name or adjective) or code the question names."""
    return [doc for doc, country in docs
            if (country and re.search(state_pattern(country), question, re.IGNORECASE))
            or doc.casefold() in question.casefold()]


def without_states(question: str, countries: list[str | None]) -> str:
    """The question without the States it names ("... identified in Freedonia in 2025",
    "the Molvanian labour inspectorate"): they pick the document, and a table or passage
    of the State's own reply need not print them."""
    for country in filter(None, countries):
        question = re.sub(rf"\s*(?:\b(?:in|of|by)\s+)?{state_pattern(country)}", "", question,
                          flags=re.IGNORECASE)
    return question


def tables_pass(filters: Filters | None, chunk: Chunk) -> bool:
    """Whether the filters let a passage's tables answer. The store's facets have no kind,
    so a `kind` filter ("recommendation") is tested here on the passage itself: it keeps
    tables out of `ask` as it keeps them out of search; "table" lets every table through,
    also one printed inside a passage of text."""
    if not filters:
        return True
    if "table" in filters.kind:
        chunk = replace(chunk, kind="table")
    return filters.accepts(chunk)

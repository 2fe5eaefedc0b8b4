"""Retrieve passages for a query: dense vectors (FAISS), filters, and collapsing several
passages of one question so that the top results are different questions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from greta_search.chunk import Chunk
from greta_search.parse import roman_to_int
from greta_search.store import IndexStore

# How many dense candidates to take per requested hit before filtering and collapsing.
CANDIDATES_PER_HIT = 20
MIN_CANDIDATES = 200


@dataclass
class Filters:
    """Restrict a search to some documents or parts of them; empty means no restriction."""

    doc: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    part: list[str] = field(default_factory=list)
    section: list[str] = field(default_factory=list)
    question: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((self.doc, self.country, self.part, self.section, self.question))

    def accepts(self, chunk: Chunk) -> bool:
        """True when the chunk passes every filter given."""
        if self.doc and not any(same_doc(d, chunk.doc) for d in self.doc):
            return False
        if self.country and (chunk.country or "").casefold() not in {
            c.casefold() for c in self.country
        }:
            return False
        if self.part and not any(same_numeral(p, chunk.part) for p in self.part):
            return False
        if self.section and not any(same_section(s, chunk) for s in self.section):
            return False
        return not (self.question and chunk.question not in self.question)


def same_doc(wanted: str, doc: str) -> bool:
    """Document codes compare case-insensitively; a prefix such as "GRETA(2023)11" matches."""
    return doc.casefold().startswith(wanted.casefold())


def numeral_value(text: str | None) -> int | None:
    """"Part 1", "II", "Section III", "2" -> the number it names."""
    if not text:
        return None
    token = re.sub(r"^(part|section)\s*", "", text.strip(), flags=re.IGNORECASE)
    if token.isdigit():
        return int(token)
    if re.fullmatch(r"[IVXLC]+", token, flags=re.IGNORECASE):
        return roman_to_int(token)
    return None


def same_numeral(wanted: str, value: str | None) -> bool:
    """Compare Part/Section labels written in Arabic or Roman numerals."""
    a, b = numeral_value(wanted), numeral_value(value)
    return a is not None and a == b


def same_section(wanted: str, chunk: Chunk) -> bool:
    """A section named by numeral ("II", "Section 2") or by a word of its title."""
    if numeral_value(wanted) is not None:
        return same_numeral(wanted, chunk.section)
    title = (chunk.section_title or "").casefold()
    return bool(re.search(rf"\b{re.escape(wanted.casefold())}", title))


@dataclass
class Hit:
    """A retrieved passage with its rank and score."""

    chunk: Chunk
    score: float
    rank: int = 0

    def to_dict(self) -> dict:
        """The public JSON shape of a hit (a contract: extend, never rename or drop)."""
        c = self.chunk
        return {
            "rank": self.rank,
            "score": round(float(self.score), 4),
            "doc": c.doc,
            "country": c.country,
            "part": c.part,
            "section": c.section,
            "question": c.question,
            "item": c.item,
            "paragraph": c.paragraph,
            "page": c.page,
            "citation": c.citation,
            "text": c.text,
            "paragraph_end": c.paragraph_end,
            "page_end": c.page_end,
            "part_title": c.part_title,
            "section_title": c.section_title,
            "articles": c.articles,
            "question_text": c.question_text,
            "item_text": c.item_text,
            "kind": c.kind,
            "chunk_id": c.id,
        }


def collapse(hits: list[Hit], per_question: int) -> list[Hit]:
    """Keep at most `per_question` hits of each (document, question); 0 keeps all.
    Passages outside any question are never collapsed."""
    if per_question <= 0:
        return hits
    counts: dict[tuple[str, int], int] = {}
    kept = []
    for hit in hits:
        key = (hit.chunk.doc, hit.chunk.question)
        if hit.chunk.question is not None:
            if counts.get(key, 0) >= per_question:
                continue
            counts[key] = counts.get(key, 0) + 1
        kept.append(hit)
    return kept


class Searcher:
    """Loads an index once and answers many queries."""

    def __init__(self, store: IndexStore, embedder=None) -> None:
        self.store = store
        self.manifest = store.manifest()
        if embedder is None:
            from greta_search.embed import get_embedder

            embedder = get_embedder(self.manifest.model)
        store.check_model(embedder.name, embedder.dim)
        self.embedder = embedder
        self.chunks = store.chunks()
        self.index = store.faiss_index()

    def search(
        self, query: str, k: int = 5, filters: Filters | None = None, per_question: int = 1
    ) -> list[Hit]:
        """The k best passages for one query."""
        return self.search_many([query], k, filters, per_question)[0]

    def search_many(
        self,
        queries: list[str],
        k: int = 5,
        filters: Filters | None = None,
        per_question: int = 1,
    ) -> list[list[Hit]]:
        """The k best passages for each query; queries are embedded in one batch."""
        if not queries:
            return []
        vectors = self.embedder.embed_queries(list(queries))
        allowed = self._allowed(filters)
        results = []
        for vector in vectors:
            hits = self._dense(vector, k, allowed)
            hits = collapse(hits, per_question)[:k]
            for rank, hit in enumerate(hits, start=1):
                hit.rank = rank
            results.append(hits)
        return results

    def _allowed(self, filters: Filters | None) -> np.ndarray | None:
        if not filters:
            return None
        return np.array(
            [i for i, c in enumerate(self.chunks) if filters.accepts(c)], dtype=np.int64
        )

    def _dense(self, vector: np.ndarray, k: int, allowed: np.ndarray | None) -> list[Hit]:
        import faiss

        n = self.index.ntotal if allowed is None else len(allowed)
        want = min(n, max(k * CANDIDATES_PER_HIT, MIN_CANDIDATES))
        if want == 0:
            return []
        params = None
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed))
        scores, ids = self.index.search(
            np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32), want, params=params
        )
        return [
            Hit(self.chunks[i], float(s)) for s, i in zip(scores[0], ids[0], strict=True) if i >= 0
        ]

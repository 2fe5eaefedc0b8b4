"""Retrieve passages for a query: dense vectors (FAISS), filters, and collapsing several
passages of one question so that the top results are different questions."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from greta_search.chunk import Chunk
from greta_search.countries import same_country
from greta_search.keyword import exact_terms
from greta_search.layout import YEAR
from greta_search.parse import roman_to_int
from greta_search.provisions import Lookup, Provision, find_in_query, parse_lookup
from greta_search.store import IndexReader, IndexStore

# How many dense candidates to take per requested hit before filtering and collapsing.
CANDIDATES_PER_HIT = 20
MIN_CANDIDATES = 200


KINDS = ("text", "list", "table", "note", "recommendation", "proposal")  # of a passage


@dataclass
class Filters:
    """Restrict a search to some documents or parts of them; empty means no restriction."""

    doc: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    round: list[str] = field(default_factory=list)
    part: list[str] = field(default_factory=list)
    section: list[str] = field(default_factory=list)
    question: list[int] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)  # "recommendation", "proposal", "table"...

    def __bool__(self) -> bool:
        return any((self.doc, self.country, self.round, self.part, self.section, self.question,
                    self.kind))

    def accepts(self, chunk: Chunk) -> bool:
        """True when the chunk passes every filter given."""
        if self.doc and not any(same_doc(d, chunk.doc) for d in self.doc):
            return False
        if self.country and not any(same_country(c, chunk.country) for c in self.country):
            return False  # a name in English or French: "Azerbaïdjan" is "Azerbaijan"
        if self.round and not any(same_round(r, chunk.round) for r in self.round):
            return False
        if self.part and not any(same_numeral(p, chunk.part) for p in self.part):
            return False
        if self.section and not any(same_section(s, chunk) for s in self.section):
            return False
        if self.kind and hasattr(chunk, "kind") and chunk.kind not in self.kind:
            return False  # (a facet has no kind: `Searcher` filters kinds on their column)
        return not (self.question and chunk.question not in self.question
                    and not set(self.question) & set(getattr(chunk, "questions", None) or ()))

    def doc_test(self) -> Callable[[str], bool] | None:
        """The document filter alone, as a test on a document code (None without one):
        lets the store test only the facets of the documents it lets through."""
        if not self.doc:
            return None
        return lambda code: any(same_doc(d, code) for d in self.doc)


def same_doc(wanted: str, doc: str) -> bool:
    """Document codes compare case-insensitively; a prefix such as "GRETA(2023)11" matches."""
    return doc.casefold().startswith(wanted.casefold())


def numeral_value(text: str | None) -> int | None:
    """"Part 1", "II", "Section III", "2" -> the number it names."""
    if not text:
        return None
    token = re.sub(r"^(part|section|chapter)\s*", "", text.strip(), flags=re.IGNORECASE)
    if token.isdigit():
        return int(token)
    if re.fullmatch(r"[IVXLC]+", token, flags=re.IGNORECASE):
        return roman_to_int(token)
    return None


def same_numeral(wanted: str, value: str | None) -> bool:
    """Compare Part/Section labels written in Arabic or Roman numerals."""
    a, b = numeral_value(wanted), numeral_value(value)
    return a is not None and a == b


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
ORDINALS_FR = ("premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième")


def round_value(text: str | None) -> int | None:
    """"Fourth", "4", "4th", "Quatrième" -> 4."""
    if not text:
        return None
    token = text.strip().lower()
    for words in (ORDINALS, ORDINALS_FR):
        if token in words:
            return words.index(token) + 1
    digits = re.match(r"\d+", token)
    return int(digits.group()) if digits else None


def same_round(wanted: str, value: str | None) -> bool:
    """Evaluation rounds written as words or numbers."""
    a, b = round_value(wanted), round_value(value)
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

    def __getattr__(self, name: str):
        """The passage's fields (doc, citation, text, question...) read through the hit."""
        if name.startswith("_") or "chunk" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["chunk"], name)

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
            "question_canonical": c.question_canonical,
            "item_text": c.item_text,
            "items_before": c.items_before,
            "kind": c.kind,
            "chunk_id": c.id,
            "round": c.round,
            "inferred": c.inferred,
            "heading_path": c.heading_path,
            "strength": c.strength,
            "refers_to": c.refers_to,
            "questions": c.questions,
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


QUESTION_REF_RE = re.compile(r"\b(?:questions?|q)\s*(\d{1,2})\b", re.IGNORECASE)
MODES = ("hybrid", "dense", "keyword")


@dataclass
class FusionParams:
    """How dense and keyword rankings are fused (reciprocal rank fusion) and boosted.
    Defaults were tuned on the labelled dev queries; see scripts/tune.py."""

    rrf_k: float = 60.0
    dense_weight: float = 1.0
    keyword_weight: float = 0.5
    exact_boost: float = 1.0
    question_boost: float = 3.0
    provision_boost: float = 3.0


def rrf(ranking: list[int], weight: float, k: float) -> dict[int, float]:
    """Reciprocal-rank-fusion contributions of one ranking (best first)."""
    return {idx: weight / (k + rank) for rank, idx in enumerate(ranking, start=1)}


def question_refs(query: str) -> set[int]:
    """Question numbers a query names: "question 26", "Q26", "questions 5"."""
    return {int(n) for n in QUESTION_REF_RE.findall(query)}


COUNT_RE = re.compile(r"\b(?:how many|how much|number of|numbers of|combien|nombre de)\b",
                      re.IGNORECASE)
# Every year a query writes as a word of its own, both ends of a range too ("2019-2020").
YEAR_WORD_RE = re.compile(rf"\b{YEAR}\b")


def counted_years(query: str) -> list[str]:
    """The years of a query that asks for a count ("how many victims ... in 2025")."""
    return YEAR_WORD_RE.findall(query) if COUNT_RE.search(query) else []


def has_year_row(table_text: str, year: str) -> bool:
    """Whether a statistics table has a row for the year."""
    return any(line.split("\t", 1)[0].split(" ", 1)[0] == year
               for line in table_text.split("\n"))


def prefer_year_tables(hits: list[Hit], years: list[str]) -> list[Hit]:
    """For a count query about a year, let a question be represented by its statistics
    table that has a row for that year (at the question's best score), not by the
    paragraph that happened to score highest. The order of questions is unchanged."""
    tables: dict[tuple[str, int | None], Hit] = {}
    for hit in hits:
        key = (hit.chunk.doc, hit.chunk.question)
        if (hit.chunk.kind == "table" and hit.chunk.question is not None and key not in tables
                and any(has_year_row(hit.chunk.text, y) for y in years)):
            tables[key] = hit
    out: list[Hit] = []
    placed: set[tuple[str, int | None]] = set()
    for hit in hits:
        key = (hit.chunk.doc, hit.chunk.question)
        table = tables.get(key)
        if table is None:
            out.append(hit)
        elif key not in placed:
            placed.add(key)
            out.append(Hit(table.chunk, hit.score))
            if hit is not table:
                out.append(hit)
        elif hit is not table:
            out.append(hit)
    return out


def exact_match_fraction(terms: list[str], text: str) -> float:
    """Share of the query's exact terms (numbers, legal references) found in a passage."""
    if not terms:
        return 0.0
    found = sum(bool(re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", text)) for t in terms)
    return found / len(terms)


class Searcher:
    """Loads an index once and answers many queries: dense and keyword retrieval fused,
    boosted by exact references and question numbers named in the query."""

    def __init__(self, store: IndexReader, embedder=None, params: FusionParams | None = None):
        self.store = store
        self.manifest = store.manifest()
        if embedder is None:
            from greta_search.embed import get_embedder

            embedder = get_embedder(self.manifest.model)
        store.check_model(embedder.name, embedder.dim)
        self.embedder = embedder
        self.params = params or FusionParams()
        self.chunks = store.chunks()
        store.open_retrieval()

    def search(
        self,
        query: str,
        k: int = 5,
        filters: Filters | None = None,
        per_question: int = 1,
        mode: str = "hybrid",
    ) -> list[Hit]:
        """The k best passages for one query."""
        return self.search_many([query], k, filters, per_question, mode)[0]

    def search_many(
        self,
        queries: list[str],
        k: int = 5,
        filters: Filters | None = None,
        per_question: int = 1,
        mode: str = "hybrid",
    ) -> list[list[Hit]]:
        """The k best passages for each query; queries are embedded in one batch."""
        if not queries:
            return []
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        allowed = self._allowed(filters)
        want = max(k * CANDIDATES_PER_HIT, MIN_CANDIDATES)
        vectors = self.embedder.embed_queries(list(queries)) if mode != "keyword" else None
        results = []
        for i, query in enumerate(queries):
            dense = self._dense(vectors[i], want, allowed) if vectors is not None else []
            keyword = self._keyword(query, want, allowed) if mode != "dense" else []
            if mode == "hybrid":
                ranked = self._fuse(query, dense, keyword, allowed)
                years = counted_years(query)
                if years and per_question:  # choosing which passage shows each question
                    ranked = prefer_year_tables(ranked, years)
            else:
                ranked = dense or keyword
            hits = collapse(ranked, per_question)[:k]
            for rank, hit in enumerate(hits, start=1):
                hit.rank = rank
            results.append(hits)
        return results

    def route_tops(self, query: str, vector: np.ndarray, filters: Filters | None = None
                   ) -> tuple[int | None, int | None]:
        """The position of the first passage by e5 alone (for the query's `vector`) and by
        BM25 alone, within the filters; None where a route finds nothing."""
        allowed = self._allowed(filters)
        dense = self.store.dense(vector, 1, allowed)
        keyword = self.store.keyword(query, 1, allowed)
        return (dense[0][0] if dense else None), (keyword[0][0] if keyword else None)

    def _allowed(self, filters: Filters | None) -> np.ndarray | None:
        if not filters:
            return None
        if hasattr(self.chunks, "positions"):  # the lazily-read store: filter its facets
            allowed = self.chunks.positions(filters.accepts, filters.doc_test())
            if filters.kind:
                allowed = np.intersect1d(allowed, self.chunks.kind_positions(filters.kind))
            return allowed
        return np.array(
            [i for i, c in enumerate(self.chunks) if filters.accepts(c)], dtype=np.int64
        )

    def _dense(self, vector: np.ndarray, want: int, allowed: np.ndarray | None) -> list[Hit]:
        return self._hits(self.store.dense(vector, want, allowed))

    def _hits(self, found: list[tuple[int, float]]) -> list[Hit]:
        """Hits for (position, score) pairs, reading their chunks in one go."""
        chunks = (self.chunks.many(p for p, _ in found) if hasattr(self.chunks, "many")
                  else [self.chunks[p] for p, _ in found])
        return [Hit(c, s) for c, (_, s) in zip(chunks, found, strict=True)]

    def _keyword(self, query: str, want: int, allowed: np.ndarray | None) -> list[Hit]:
        return self._hits(self.store.keyword(query, want, allowed))

    def _fuse(
        self, query: str, dense: list[Hit], keyword: list[Hit], allowed: np.ndarray | None
    ) -> list[Hit]:
        p = self.params
        by_position = {h.chunk.position: h.chunk for h in dense + keyword}
        fused: dict[int, float] = {}
        for ranking, weight in ((dense, p.dense_weight), (keyword, p.keyword_weight)):
            for pos, score in rrf([h.chunk.position for h in ranking], weight, p.rrf_k).items():
                fused[pos] = fused.get(pos, 0.0) + score
        unit = 1.0 / (p.rrf_k + 1)
        terms = exact_terms(query)
        if terms and p.exact_boost:
            for pos in fused:
                fused[pos] += p.exact_boost * unit * exact_match_fraction(
                    terms, by_position[pos].embed_text
                )
        allowed_set = None if allowed is None else set(allowed.tolist())

        def lift(positions, weight: float) -> None:
            """Add `weight` units to these passages, retrieved or not (filters permitting)."""
            for pos in positions:
                if allowed_set is None or pos in allowed_set:
                    fused[pos] = fused.get(pos, 0.0) + weight * unit

        named = question_refs(query)
        if named and p.question_boost:
            lift(self.chunks.question_positions(named) if hasattr(self.chunks, "question_positions")
                 else [c.position for c in self.chunks if c.question in named], p.question_boost)
        lookups = find_in_query(query)
        if lookups and p.provision_boost:
            lift(self.store.citations().positions(lookups), p.provision_boost)
        order = sorted(fused, key=lambda pos: (-fused[pos], pos))
        missing = [pos for pos in order if pos not in by_position]
        for hit in self._hits([(pos, 0.0) for pos in missing]):
            by_position[hit.chunk.position] = hit.chunk
        return [Hit(by_position[pos], fused[pos]) for pos in order]


@dataclass
class ProvisionResult:
    """The passages citing a looked-up provision, in document order."""

    lookup: Lookup
    matches: list[tuple[Hit, Provision]]
    known: bool  # the instrument is cited somewhere in the index
    suggestions: list[str]


def lookup_provision(store: IndexStore, query: str, filters: Filters | None = None):
    """Exact provision lookup: every passage citing the provision or a sub-provision of it.
    Reads only the matching citation rows and the passages citing them: no model, no
    vectors."""
    from greta_search.provisions import suggest_instruments

    lookup = parse_lookup(query)
    chunks, citations = store.chunks(), store.citations()
    known = lookup.instrument is None or citations.knows(lookup.instrument)
    found: dict[int, Provision] = {}
    for position, provision in citations.matching(lookup):
        found.setdefault(position, provision)
    positions = sorted(found)
    if filters:
        positions = chunks.accepted(positions, filters.accepts)
    hits = [(Hit(chunk, float("nan"), rank), found[chunk.position])
            for rank, chunk in enumerate(chunks.many(positions), start=1)]
    suggestions = [] if known else suggest_instruments(lookup.instrument or query,
                                                       citations.instruments())
    return ProvisionResult(lookup, hits, known, suggestions)


def provision_summary(store: IndexStore, instrument: str | None = None) -> list[dict]:
    """Every instrument cited, with its articles, citation counts and citing questions
    (counted in SQL: no passage is read)."""
    table: dict[str, dict] = {}
    for name, article, doc, question, count in store.citations().summary_rows(instrument):
        entry = table.setdefault(name, {"instrument": name, "citations": 0,
                                        "questions": set(), "articles": {}})
        entry["citations"] += count
        where = (doc, question)
        entry["questions"].add(where)
        if article:
            art = entry["articles"].setdefault(article, {
                "article": article, "citations": 0, "questions": set()})
            art["citations"] += count
            art["questions"].add(where)

    def questions(pairs: set) -> list[dict]:
        ordered = sorted(pairs, key=lambda pair: (pair[0], pair[1] or 0))
        return [{"doc": d, "question": q} for d, q in ordered]

    summary = []
    for entry in sorted(table.values(), key=lambda e: (-e["citations"], e["instrument"])):
        articles = sorted(entry["articles"].values(), key=lambda a: article_key(a["article"]))
        summary.append({
            "instrument": entry["instrument"],
            "citations": entry["citations"],
            "questions": questions(entry["questions"]),
            "articles": [{**a, "questions": questions(a["questions"])} for a in articles],
        })
    return summary


def article_key(article: str) -> list:
    """Sort "144-1.2.10" after "144-1.2.3": numbers compare as numbers."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", article)]


_DEFINITIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def document_definitions(searcher, doc: str, read: Callable[[str], dict[str, str]]
                         ) -> dict[str, str]:
    """What `read` finds defined in one document's passages (acronyms, currencies: key ->
    name, the first definition winning), read once per searcher, document and reader."""
    cached = _DEFINITIONS.setdefault(searcher, {})
    key = (read.__module__, read.__qualname__, doc)
    if key not in cached:
        chunks = searcher.chunks
        passages = (chunks.where("doc = ?", [doc]) if hasattr(chunks, "where")
                    else [c for c in chunks if c.doc == doc])
        found: dict[str, str] = {}
        for chunk in passages:
            for short, name in read(chunk.text).items():
                found.setdefault(short, name)
        cached[key] = found
    return cached[key]

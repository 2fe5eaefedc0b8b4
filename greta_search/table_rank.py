"""Which statistics table a question asks about: the one whose measure it names.

The question's words against each table's description, caption and column names, weighted
by how rare each word is; tables that share their columns are told apart by their own
measure (how much of it the question names, against the best other table), which outweighs
the rank retrieval gave them (`rank_tables`). How near the question comes in meaning (e5) to
the table's own labels, against the other tables, is a feature of the confidence
(`meanings`).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from greta_search.answer_types import Question, Weights
from greta_search.measures import needed
from greta_search.search import Searcher
from greta_search.table_entries import (
    CAPTION_RE,
    GENERIC_COLUMNS,
    LABEL_RE,
    TableEntry,
    core_measure,
)


@dataclass
class Candidate:
    """A table weighed against a question: `match` (the question's words found among the
    table's description, caption and columns, more when its own measure is named, a little
    more when retrieval ranked it), `precision` (the share of the table's own measure the
    question names), `lead` (that precision against the best other table's) and `choice`,
    the score the answering table is chosen by."""

    entry: TableEntry
    match: float
    precision: float
    retrieved: float
    lead: float = 0.0
    choice: float = 0.0


# How much the lead of a table's own measure over every other table's counts in the choice:
# a table that retrieval ranks first but whose measure the question does not name (the
# asylum-procedure table for "identified victims aged 18-25") loses to the one it names.
# Chosen on the tuning half of tests/data/qa.jsonl (263 questions, three replies): from 0.2
# to 1.5 the table answers are the same (76 right, 3 wrong); 0.1 gives 75 and 4, 0 (the
# choice before) 73 and 6.
LEAD_WEIGHT = 0.5


def rank_tables(wanted: list[str], entries: list[TableEntry], weights: Weights,
                ranks: dict[int, int], rows: dict[int, set[str]] | None = None) -> list[Candidate]:
    """The tables, best first by `choice`: the words matched, plus the lead of the table's
    own measure over the others'. `rows` gives, by `id` of an entry, the words of the row
    the question names in it ("the National Trafficking Section" of a table by unit): found
    too."""
    asked = set(wanted)
    found = []
    for entry in entries:
        words = entry.terms | (rows or {}).get(id(entry), set())
        recall = weights.recall(needed(wanted, words), words)
        precision = max((weights.recall(core, asked) for core in entry.cores), default=0.0)
        rank = ranks.get(entry.chunk.position)
        retrieved = 1.0 / (1.0 + rank) if rank is not None else 0.0
        found.append(Candidate(entry, recall * (0.7 + 0.3 * precision) + 0.1 * retrieved,
                               precision, retrieved))
    for candidate in found:
        rival = max((c.precision for c in found if c is not candidate), default=0.0)
        candidate.lead = candidate.precision - rival
        candidate.choice = candidate.match + LEAD_WEIGHT * candidate.lead
    found.sort(key=lambda c: -c.choice)
    return found


_LABELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def labels(entry: TableEntry) -> list[str]:
    """What a table says it counts, in its own words: the bullets above it (up to their
    qualifiers), its caption and its column names."""
    table = entry.table
    bullets = (table.description or entry.chunk.item_text or "").split("\n")
    found = [core_measure(LABEL_RE.sub("", b)).strip() for b in bullets]
    found += [CAPTION_RE.sub("", table.caption)] * bool(table.number) + table.columns[1:]
    return list(dict.fromkeys(t for t in found if t and not GENERIC_COLUMNS.match(t)))


def embed_labels(embedder, texts: list[str]) -> dict[str, object]:
    """Label vectors, through the user's embedding cache (`greta_search.cache`) when there
    is one, so that a table's labels are embedded once, not at every `ask`."""
    import contextlib
    import hashlib
    import sqlite3

    from greta_search.cache import EmbeddingCache
    from greta_search.embed import cache_key

    cache = EmbeddingCache.default() if embedder.name != "hash" else None
    model = f"{cache_key(embedder)}:table-label"
    hashes = {t: hashlib.sha256(t.encode()).hexdigest() for t in texts}
    found = cache.get_many(model, embedder.dim, list(hashes.values())) if cache else {}
    todo = [t for t in texts if hashes[t] not in found]
    if todo:
        fresh = embedder.embed_passages(todo)
        found.update({hashes[t]: v for t, v in zip(todo, fresh, strict=True)})
        if cache is not None:  # (a read-only cache: the vectors are still used)
            with contextlib.suppress(sqlite3.Error):
                cache.put_many(model, [hashes[t] for t in todo], fresh)
    return {t: found[hashes[t]] for t in texts}


def meanings(question: Question, searcher: Searcher,
             candidates: list[Candidate]) -> dict[int, float]:
    """How near each table's labels come to the question in meaning (the embedder's cosine
    of the question and the table's closest label), by the table's id; empty with no
    embedder. The label vectors are kept per searcher: each label is embedded once."""
    embedder = getattr(searcher, "embedder", None)
    if embedder is None or not candidates:
        return {}
    import numpy as np

    vectors = _LABELS.setdefault(searcher, {})
    texts = {c.entry.chunk.position: labels(c.entry) for c in candidates}
    missing = list(dict.fromkeys(t for ts in texts.values() for t in ts if t not in vectors))
    if missing:
        vectors.update(embed_labels(embedder, missing))
    asked = embedder.embed_queries([question.text])[0]
    return {id(c): max((float(np.dot(vectors[t], asked)) for t in texts[c.entry.chunk.position]),
                       default=0.0) for c in candidates}



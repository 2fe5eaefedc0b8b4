"""The Python API: the one surface the CLI, the web app and notebooks call.

    import greta_search as gs
    idx = gs.open_index("index")                  # or gs.build_index(["corpus/"], "index")
    hits = idx.search("residence permits for victims", k=10, country="Azerbaijan")
    hits.to_pandas()

Results are typed objects (`results`); their `to_dict()` is exactly the CLI's JSON. User
errors (a missing index, an unknown question, a bad filter) raise `GretaSearchError`, whose
message is one line naming the problem. Heavy modules load on first use: opening an index
reads its manifest only; the model loads with the first search.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

FILTER_NAMES = ("doc", "country", "round", "part", "section", "question")
REF_RE = re.compile(r"^\s*q?(\d{1,3})\s*(?:[(.]?\s*([a-z]|\d{1,2})\s*\)?)?\s*$", re.IGNORECASE)
QUESTION_TARGET_RE = re.compile(r"^\s*q?(\d{1,3})\s*$", re.IGNORECASE)
BATCH_SIZE = 32


class GretaSearchError(Exception):
    """A user error (bad input, missing index, nothing found): `str(err)` is one line that
    names the file or the problem. The CLI prints it and exits non-zero."""


class NotFound(GretaSearchError):
    """What was asked for (a question, a table, a provision, a document) is not indexed."""


def make_filters(filters: dict):
    """A `search.Filters` from keyword filters: doc, country, round, part, section, question,
    each one value or a list of values (None or empty means no restriction)."""
    from greta_search.search import Filters

    unknown = sorted(set(filters) - set(FILTER_NAMES))
    if unknown:
        raise GretaSearchError(f"unknown filter {unknown[0]!r}; use {', '.join(FILTER_NAMES)}")
    values = {}
    for name, value in filters.items():
        items = [] if value is None else [value] if isinstance(value, str | int) else list(value)
        if name == "question":
            try:
                items = [int(v) for v in items]
            except (TypeError, ValueError):
                raise GretaSearchError(f"question filter must be a number, not {items!r}") from None
        else:
            items = [str(v) for v in items]
        values[name] = items
    return Filters(**values)


def model_name(model: str | None) -> str:
    """The embedding model to build with: the given one, env GRETA_SEARCH_MODEL, or e5."""
    from greta_search.embed import DEFAULT_MODEL, MODELS

    model = model or os.environ.get("GRETA_SEARCH_MODEL") or DEFAULT_MODEL
    if model not in MODELS:
        raise GretaSearchError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    return model


def build_index(
    paths: Iterable[str | Path],
    index_dir: str | Path = "index",
    model: str | None = None,
    add: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Index:
    """Index documents (files or folders of .txt, .md, .pdf) into `index_dir`, replacing it
    atomically (or, with `add`, keeping the documents already there). Returns the opened
    index; its `report` holds counts and warnings. `progress(advance, total)` follows the
    embedding."""
    from greta_search.embed import get_embedder
    from greta_search.load import InputError, find_documents
    from greta_search.store import IndexStore

    paths = [Path(p) for p in paths]
    model = model_name(model)
    try:
        files = find_documents(paths)
    except InputError as err:
        raise GretaSearchError(str(err)) from None
    if not files:
        where = ", ".join(map(str, paths))
        raise GretaSearchError(f"{where}: no .txt, .md or .pdf documents found")
    embedder = get_embedder(model)
    try:
        report = IndexStore(Path(index_dir)).build(files, embedder, progress, keep_existing=add)
    except InputError as err:
        raise GretaSearchError(str(err)) from None
    index = open_index(index_dir)
    index._embedder = embedder
    index.report = report
    return index


def open_index(path: str | Path = "index", model: str | None = None) -> Index:
    """Open an index folder (its manifest is checked; nothing heavy loads yet). With `model`,
    check the index was built with it."""
    return Index(path, model)


class Index:
    """An opened index: every command of the CLI as a method."""

    def __init__(self, path: str | Path = "index", model: str | None = None) -> None:
        from greta_search.store import IndexStore, IndexUnusable

        self.path = Path(path)
        self.store = IndexStore(self.path)
        try:
            self.manifest = self.store.manifest()
        except IndexUnusable as err:
            raise GretaSearchError(str(err)) from None
        self.model = model
        self.report = None  # a store.BuildReport after build_index
        self._embedder = None
        self._searcher = None
        self._chunks = None
        self._provisions = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        docs = len(self.manifest.documents)
        return f"<Index {self.path} model={self.manifest.model} docs={docs}>"

    # loading ---------------------------------------------------------------------------------
    @property
    def searcher(self):
        """The `search.Searcher` (model, vectors, BM25), loaded once on first use."""
        with self._lock:
            if self._searcher is None:
                from greta_search.embed import get_embedder
                from greta_search.search import Searcher
                from greta_search.store import IndexUnusable

                try:
                    embedder = self._embedder or (get_embedder(self.model) if self.model else None)
                    self._searcher = Searcher(self.store, embedder)
                except (IndexUnusable, ValueError) as err:
                    raise GretaSearchError(str(err)) from None
                self._chunks = self._searcher.chunks
        return self._searcher

    @property
    def chunks(self) -> list:
        """Every passage (`chunk.Chunk`) in index order, read once."""
        if self._chunks is None:
            self._chunks = self.store.chunks()
        return self._chunks

    def load(self) -> Index:
        """Load everything now (the model too), so that the first query is fast."""
        self.searcher.search("warm up", k=1)
        return self

    # searching -------------------------------------------------------------------------------
    def search(self, query: str, /, k: int = 5, per_question: int = 1, mode: str = "hybrid",
               **filters):
        """The k best passages for `query` (`Hits`), one per question unless `per_question`
        says otherwise (0: all); `mode` is hybrid, dense or keyword."""
        return self.batch([query], k=k, per_question=per_question, mode=mode, **filters)[0]

    def batch(self, queries: Iterable[str], /, k: int = 5, per_question: int = 1,
              mode: str = "hybrid", **filters):
        """`search` for many queries at once (embedded in batches): a list of `Hits`."""
        from greta_search.results import Hits

        queries = list(queries)
        if any(not q.strip() for q in queries):
            raise GretaSearchError("empty query")
        chosen = make_filters(filters)
        out = []
        for start in range(0, len(queries), BATCH_SIZE):
            try:
                found = self.searcher.search_many(queries[start:start + BATCH_SIZE], k, chosen,
                                                  per_question, mode)
            except ValueError as err:
                raise GretaSearchError(str(err)) from None
            out += [Hits(hits) for hits in found]
        return out

    def run_batch(self, queries: list[dict], k: int = 5, per_question: int = 1,
                  answers: bool = False, progress: Callable[[list[dict]], None] | None = None,
                  **filters) -> list[dict]:
        """Batch records `{"id", "query", "hits": [hit...], "answer"?}` for query records
        (`queries.read_queries`), as `batch --format jsonl` prints them; `progress(done)`
        is called after each group of queries."""
        records = []
        for start in range(0, len(queries), BATCH_SIZE):
            group = queries[start:start + BATCH_SIZE]
            results = self.batch([q["query"] for q in group], k, per_question, **filters)
            for query, hits in zip(group, results, strict=True):
                record = {"id": query["id"], "query": query["query"], "hits": hits.to_dicts()}
                if answers:
                    record["answer"] = self.ask(query["query"], **filters).to_dict()
                records.append(record)
            if progress:
                progress(group)
        return records

    def ask(self, question: str, /, **filters):
        """An extractive, cited answer (`answer.Answer`); its `answer` is None when nothing
        supports one."""
        from greta_search.answer import ask

        if not question.strip():
            raise GretaSearchError("empty question")
        return ask(self.searcher, question, make_filters(filters))

    # reading the documents ---------------------------------------------------------------------
    def show(self, ref: str | int, doc: str | list[str] | None = None):
        """A whole question or sub-item in document order (`Hits` of `Passage`), REF as 26,
        "2a", "Q2(a)" or "40.1"; questions it refers to follow, with `referenced_from`."""
        from greta_search.answer import references
        from greta_search.results import Hits, Passage

        m = REF_RE.match(str(ref))
        if not m:
            raise GretaSearchError(f"{ref!r}: not a question reference; use e.g. 26, 2a or 40.1")
        number, item = int(m.group(1)), (m.group(2) or "").lower() or None
        filters = make_filters({"doc": doc, "question": number})
        selected = [c for c in self.chunks
                    if filters.accepts(c) and (item is None or c.item == item)]
        if not selected:
            raise NotFound(f"question {ref} not found in {self.path}")
        docs_shown = {c.doc for c in selected}
        cited = sorted({n for c in selected for n in references(c.text)} - {number})
        followed = [c for c in self.chunks if c.question in cited and c.doc in docs_shown]
        return Hits(
            Passage(c, float("nan"), rank,
                    {"referenced_from": number} if c.question != number else {})
            for rank, c in enumerate(selected + followed, start=1)
        )

    def cited_provisions(self, hits) -> list[str]:
        """The provisions cited in some passages (e.g. a question's), each once, in order of
        first citation."""
        from greta_search.provisions import Lookup

        if self._provisions is None:
            self._provisions = self.store.provisions()
        positions = {h.chunk.position for h in hits}
        found = [str(Lookup(r["instrument"], r["article"])) for r in self._provisions
                 if r["chunk"] in positions]
        return list(dict.fromkeys(found))

    def docs(self):
        """The indexed documents with their metadata (`Records` of dicts)."""
        from greta_search.results import Records

        return Records(
            {"doc": e.doc, "source": e.source, "passages": e.chunks, "structured": e.structured,
             **{k: v for k, v in e.meta.items() if k != "code"}}
            for e in self.manifest.documents
        )

    def cite(self, doc: str | None = None, fmt: str = "bibtex") -> str:
        """The reference of a document (code prefix; all when None) as BibTeX, RIS or
        CSL-JSON text."""
        from greta_search import bibliography
        from greta_search.search import same_doc

        entries = [e for e in self.manifest.documents if doc is None or same_doc(doc, e.doc)]
        if not entries:
            known = ", ".join(e.doc for e in self.manifest.documents)
            raise NotFound(f"{doc!r}: no such document in {self.path} (indexed: {known})")
        try:
            return bibliography.format_entries([{**e.meta, "doc": e.doc} for e in entries], fmt)
        except ValueError as err:
            raise GretaSearchError(str(err)) from None

    def documents(self) -> dict[str, dict]:
        """doc code -> metadata, as `export` and `bibliography` take it."""
        from greta_search import export

        return export.documents_from_manifest(self.manifest)

    def bibliography(self, records: list[dict], fmt: str = "bibtex") -> str:
        """The references (bibtex, ris or csljson) of every document cited in batch records
        (`{"hits": [hit...], "answer"?}`), each once."""
        from greta_search import bibliography, export

        try:
            return bibliography.format_entries(
                export.cited_documents(records, self.documents()), fmt)
        except ValueError as err:
            raise GretaSearchError(str(err)) from None

    def tables(self, n: int | None = None, doc: str | list[str] | None = None):
        """The statistics tables (`Tables`), or only table `n`, of every (or one) document."""
        from greta_search.results import Table, Tables
        from greta_search.tables import tables_in_passage

        filters = make_filters({"doc": doc})
        found = Tables(
            Table(c.doc, c.citation, t, c) for c in self.chunks
            if c.kind == "table" and filters.accepts(c)
            for t in tables_in_passage(c.text, c.item_text) if n is None or t.number == n
        )
        if not found:
            raise NotFound(f"no table {n} in {self.path}" if n
                                   else f"no tables in {self.path}")
        return found

    def compare(self, target: str | int, /, **filters):
        """One question (26, "Q26") in every document, or the best passage per document for a
        query (`results.Comparison`)."""
        from greta_search import compare
        from greta_search.results import Comparison

        chosen = make_filters(filters)
        m = QUESTION_TARGET_RE.match(str(target))
        if m:
            entries = compare.compare_question(self.chunks, int(m.group(1)), chosen)
            heading = f"Question {m.group(1)}"
            if entries:
                heading += f". {entries[0].hits[0].chunk.question_text}"
        else:
            if not str(target).strip():
                raise GretaSearchError("empty query")
            entries = compare.compare_query(self.searcher, str(target), chosen)
            heading = f"Best passage per document for: {target}"
        if not entries:
            raise NotFound(f"{str(target)!r}: nothing to compare in {self.path}")
        return Comparison(str(target), heading, entries, bool(m))

    # legal provisions ----------------------------------------------------------------------------
    def provision(self, ref: str, /, **filters):
        """Every passage citing a provision or a sub-provision of it
        (`results.ProvisionMatches`), e.g. "Article 144-1 of the Criminal Code"."""
        from greta_search.provisions import Lookup
        from greta_search.results import Hits, Passage, ProvisionMatches
        from greta_search.search import lookup_provision

        result = lookup_provision(self.store, ref, make_filters(filters))
        if result.lookup.instrument is None and result.lookup.article is None:
            raise GretaSearchError(f"{ref!r}: no article or instrument recognised")
        if not result.known:
            hint = ", ".join(result.suggestions)
            hint = f"; closest cited: {hint}" if hint else ""
            raise NotFound(
                f"{result.lookup.instrument!r} is not cited in {self.path}{hint}")
        matches = Hits(
            Passage(hit.chunk, hit.score, hit.rank,
                    {"provision": str(Lookup(prov.instrument, prov.article)), "cited": prov.cited,
                     "quote": prov.quote})
            for hit, prov in result.matches
        )
        return ProvisionMatches(ref, result.lookup.instrument, result.lookup.article, matches)

    def provisions(self, instrument: str | None = None):
        """Every instrument cited, its articles, counts and citing questions (`Records`)."""
        from greta_search.results import Records
        from greta_search.search import provision_summary

        summary = provision_summary(self.store, instrument)
        if instrument and not summary:
            raise NotFound(f"{instrument!r} is not cited in {self.path}")
        return Records(summary)

    # measuring -----------------------------------------------------------------------------------
    def evaluate(self, queries: list[dict]) -> dict:
        """hit@1, hit@5, MRR@10 (question level) on labelled queries ({"query", "gold"})."""
        from greta_search.evaluate import evaluate

        missing = [q.get("id") for q in queries if not q.get("gold")]
        if missing:
            raise GretaSearchError(f"queries without \"gold\": {missing[:5]}")
        results = self.batch([q["query"] for q in queries], k=10, per_question=1)
        return evaluate(queries, [hits.to_dicts() for hits in results])

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

import functools
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from greta_search.errors import EXIT_INDEX, EXIT_INPUT, EXIT_USAGE

FILTER_NAMES = ("doc", "country", "round", "part", "section", "question")
REF_RE = re.compile(r"^\s*q?(\d{1,3})\s*(?:[(.]?\s*([a-z]|\d{1,2})\s*\)?)?\s*$", re.IGNORECASE)
QUESTION_TARGET_RE = re.compile(r"^\s*q?(\d{1,3})\s*$", re.IGNORECASE)
BATCH_SIZE = 32


class GretaSearchError(Exception):
    """A user error (bad input, missing index, nothing found): `str(err)` is one line that
    names the file or the problem. The CLI prints it and exits with `exit_code` (README,
    "Errors and exit codes")."""

    exit_code = EXIT_INPUT


class NotFound(GretaSearchError):
    """What was asked for (a question, a table, a provision, a document) is not indexed."""


class UsageProblem(GretaSearchError):
    """A bad argument: an empty query, k out of range, a filter value the index lacks."""

    exit_code = EXIT_USAGE


class IndexUnavailable(GretaSearchError):
    """The index is missing, damaged, or built with another model or format."""

    exit_code = EXIT_INDEX


def reads_index(method):
    """A method that reads the index: a damaged file met on the way (store.IndexProblem)
    becomes IndexUnavailable (exit 3), like one found on opening."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        from greta_search.records import IndexProblem

        try:
            return method(self, *args, **kwargs)
        except IndexProblem as err:
            raise IndexUnavailable(str(err)) from None

    return wrapper


def clean(text: str, what: str = "query", warn: Callable[[str], None] | None = None) -> str:
    """A query cleaned by `validate.clean_query` (control characters, surrogates, length),
    what was changed passed to `warn`; UsageProblem when nothing is left."""
    from greta_search.validate import QueryError, clean_query

    try:
        cleaned = clean_query(str(text), what)
    except QueryError as err:
        raise UsageProblem(str(err)) from None
    for warning in cleaned.warnings if warn else ():
        warn(warning)
    return cleaned.text


def check_k(k: int, name: str = "k") -> int:
    """`k` within 1..MAX_K."""
    from greta_search.validate import MAX_K

    if not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise UsageProblem(f"{name} must be between 1 and {MAX_K}, not {k!r}")
    return k


def make_filters(filters: dict):
    """A `search.Filters` from keyword filters: doc, country, round, part, section, question,
    kind ("recommendation": GRETA's findings in its reports), each one value or a list of
    values (None or empty means no restriction)."""
    from greta_search.search import KINDS, Filters

    unknown = sorted(set(filters) - set(FILTER_NAMES) - {"kind"})  # kind: not a facet
    if unknown:
        raise GretaSearchError(f"unknown filter {unknown[0]!r}; use {', '.join(FILTER_NAMES)}")
    values = {}
    for name, value in filters.items():
        items = [] if value is None else [value] if isinstance(value, str | int) else list(value)
        if name == "kind" and set(map(str, items)) - set(KINDS):
            raise UsageProblem(f"kind must be one of {', '.join(KINDS)}, not {items!r}")
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
    merge: Iterable[str | Path] = (),
    template=None,
    skip_bad: bool = True,
) -> Index:
    """Index documents (files or folders of .txt, .md, .pdf, .docx) into `index_dir`, replacing it
    atomically (or, with `add`, keeping the documents already there). `merge` adds the
    documents of other index folders with their vectors; `template` (a `template.Template`)
    replaces the round's questionnaire; with `skip_bad`, unreadable documents are skipped and
    listed in `report.failed`. Returns the opened index; its `report` holds counts, one
    structure line per document (`summaries`) and warnings. `progress(done, total)` follows
    the embedding."""
    from greta_search.embed import get_embedder
    from greta_search.load import InputError, find_documents
    from greta_search.store import IndexProblem, IndexStore

    paths = [Path(p) for p in paths]
    merge = [Path(p) for p in merge]
    try:
        if merge and not model:  # merging keeps the merged index's model
            model = IndexStore(merge[0]).manifest().model
        files = find_documents(paths) if paths else []
    except IndexProblem as err:
        raise IndexUnavailable(str(err)) from None
    except InputError as err:
        raise GretaSearchError(str(err)) from None
    model = model_name(model)
    if not files and not merge:
        where = ", ".join(map(str, paths))
        raise GretaSearchError(f"{where}: no .txt, .md, .pdf or .docx documents found")
    embedder = get_embedder(model)
    try:
        report = IndexStore(Path(index_dir)).build(
            files, embedder, progress, keep_existing=add or bool(merge), merge_from=merge,
            skip_bad=skip_bad, template=template)
    except IndexProblem as err:
        raise IndexUnavailable(str(err)) from None
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


def inspect(paths: Iterable[str | Path], template=None) -> list:
    """The structure found in documents before any indexing (`structure.StructureReport`
    per file: Parts, Sections, questions with where they start, items, tables, template
    questions missing or matched fuzzily, a structure score)."""
    import warnings

    from greta_search.load import InputError, find_documents
    from greta_search.parse import parse_file
    from greta_search.structure import inspect_document

    reports = []
    try:
        for path in find_documents([Path(p) for p in paths]):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reports.append(inspect_document(parse_file(path, template)))
    except InputError as err:
        raise GretaSearchError(str(err)) from None
    return reports


def read_template(path: str | Path | None):
    """A questionnaire template from a JSON file (README, "Templates"), or None."""
    from greta_search.template import TemplateError, load_template

    try:
        return load_template(Path(path)) if path else None
    except TemplateError as err:
        raise GretaSearchError(str(err)) from None


class Index:
    """An opened index: every command of the CLI as a method."""

    def __init__(self, path: str | Path = "index", model: str | None = None,
                 log: Callable[[str], None] | None = None) -> None:
        from greta_search.store import IndexStore, IndexUnusable

        self.path = Path(path)
        self.store = IndexStore(self.path)
        try:
            self.manifest = self.store.manifest()
        except IndexUnusable as err:
            raise IndexUnavailable(str(err)) from None
        self.model = model
        self.log = log or (lambda message: print(message, file=sys.stderr))
        self.report = None  # a store.BuildReport after build_index
        self._embedder = None
        self._searcher = None
        self._chunks = None
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
                    self.refresh_if_stale(embedder)
                    self._searcher = Searcher(self.store, embedder)
                except (IndexUnusable, ValueError) as err:
                    raise IndexUnavailable(str(err)) from None
                self._chunks = self._searcher.chunks
        return self._searcher

    def refresh_if_stale(self, embedder=None) -> None:
        """Rebuild an index whose sources or chunking code changed (re-embedding only the
        passages that changed); a read-only index is used as it is, with a warning."""
        from greta_search.embed import get_embedder
        from greta_search.load import InputError
        from greta_search.store import IndexStore, ProgressLine

        reason = self.store.stale_reason()
        if reason is None:
            return
        if not os.access(self.store.root, os.W_OK):
            self.log(f"warning: {self.store.root} is out of date ({reason}) and read-only")
            return
        self.log(f"{self.store.root} is out of date ({reason}): refreshing")
        try:
            report = self.store.refresh(embedder or get_embedder(self.manifest.model),
                                        ProgressLine())
        except InputError as err:
            self.log(f"warning: could not refresh {self.store.root}: {err}")
            return
        self.log(f"refreshed: {report.embedded} passage(s) embedded, {report.reused} reused")
        self.store = IndexStore(self.path)
        self.manifest = self.store.manifest()
        self._chunks = None

    def verify(self) -> list[str]:
        """Every file of the index checked against the sha256 in its manifest: the problems
        found (none when the index is sound)."""
        return self.store.verify()

    @reads_index
    def filters(self, filters: dict):
        """`make_filters`, and a UsageProblem naming any value the index does not hold
        (checked against the distinct facet values, not the passages)."""
        from greta_search.validate import unknown_filter_values

        chosen = make_filters(filters)
        if any(filters.values()):
            problems = unknown_filter_values(chosen, self.chunks)
            if problems:
                raise UsageProblem("; ".join(problems))
        return chosen

    @reads_index
    def facets(self, **filters) -> dict[str, dict]:
        """For each facet (`FILTER_NAMES`: doc, country, round, part, section, question), the
        number of passages of each value in the whole index within the filters given
        (counted on the facets table: no passage is read)."""
        chosen = self.filters(filters)
        counts: dict[str, dict] = {name: {} for name in FILTER_NAMES}
        scope = (chosen.accepts, chosen.doc_test()) if chosen else ()
        for facet, n in self.chunks.facet_counts(*scope):
            for name in FILTER_NAMES:
                value = getattr(facet, name)
                if value is not None:
                    counts[name][value] = counts[name].get(value, 0) + n
        return {name: values for name, values in counts.items() if values}

    @reads_index
    def kinds(self, **filters) -> dict[str, int]:
        """The number of passages of each kind (`search.KINDS`: text, list, table, note,
        recommendation, proposal) within the filters given, a `kind` filter aside; kinds
        without a passage left out."""
        import numpy as np

        from greta_search.search import KINDS

        chosen = self.filters({**filters, "kind": None})
        scope = self.chunks.positions(chosen.accepts, chosen.doc_test()) if chosen else None
        counts = {}
        for kind in KINDS:
            positions = self.chunks.kind_positions([kind])
            n = len(positions) if scope is None else len(np.intersect1d(positions, scope))
            if n:
                counts[kind] = n
        return counts

    @property
    def chunks(self):
        """Every passage (`chunk.Chunk`) in index order, a `records.ChunkTable` read lazily
        (records are read as they are asked for)."""
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

        queries = [clean(q) for q in queries]
        check_k(k)
        chosen = self.filters(filters)
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

        return ask(self.searcher, clean(question, "question"), self.filters(filters))

    # reading the documents ---------------------------------------------------------------------
    @reads_index
    def show(self, ref: str | int, doc: str | list[str] | None = None):
        """A whole question or sub-item in document order (`Hits` of `Passage`), REF as 26,
        "2a", "Q2(a)" or "40.1"; questions it refers to follow, with `referenced_from`."""
        from greta_search.layout import references
        from greta_search.results import Hits, Passage

        m = REF_RE.match(str(ref))
        if not m:
            raise UsageProblem(f"{ref!r}: not a question reference; use e.g. 26, 2a or 40.1")
        number, item = int(m.group(1)), (m.group(2) or "").lower() or None
        filters = make_filters({"doc": doc, "question": number})
        chunks = self.chunks  # read lazily: only these questions' passages
        selected = [c for c in chunks.many(chunks.positions(filters.accepts))
                    if item is None or c.item == item]
        if not selected:
            raise NotFound(self.missing_reference(make_filters({"doc": doc}), number, item))
        docs_shown = {c.doc for c in selected}
        cited = sorted({n for c in selected for n in references(c.text)} - {number})
        followed = [c for c in chunks.many(chunks.question_positions(cited))
                    if c.doc in docs_shown]
        return Hits(
            Passage(c, float("nan"), rank,
                    {"referenced_from": number} if c.question != number else {})
            for rank, c in enumerate(selected + followed, start=1)
        )

    @reads_index
    def missing_reference(self, filters, number: int, item: str | None) -> str:
        """Why `show` found nothing: no such document, no such question (with the range
        indexed), or no such item (with the question's items)."""
        from greta_search.validate import known_values, unknown_filter_values

        unknown = unknown_filter_values(filters, self.chunks)
        if unknown:
            return "; ".join(unknown)
        questions = {f.question for f in self.chunks.facets(filters.accepts).values()}
        if item is not None and number in questions:
            items = [c.item for c in self.chunks.where("question = ?", [number], filters.accepts)
                     if c.item]
            listed = f"items {known_values(items)}" if items else "no items"
            return f"question {number} has no item {item} in {self.path} ({listed})"
        return f"question {number} not found in {self.path} (questions {known_values(questions)})"

    @reads_index
    def cited_provisions(self, hits) -> list[str]:
        """The provisions cited in some passages (e.g. a question's), each once, in order of
        first citation."""
        from greta_search.provisions import Lookup

        cited = self.store.citations().cited_in(h.chunk.position for h in hits)
        return list(dict.fromkeys(str(Lookup(p.instrument, p.article)) for _, p in cited))

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

    @reads_index
    def tables(self, n: int | None = None, doc: str | list[str] | None = None):
        """The statistics tables (`Tables`), or only table `n`, of every (or one) document."""
        from greta_search.results import Table, Tables
        from greta_search.tables import tables_in_passage

        filters = make_filters({"doc": doc})
        found = Tables(
            Table(c.doc, c.citation, t, c)
            for c in self.chunks.where("kind = 'table'", accepts=filters.accepts)
            for t in tables_in_passage(c.text, c.item_text) if n is None or t.number == n
        )
        if not found:
            raise NotFound(f"no table {n} in {self.path}" if n
                                   else f"no tables in {self.path}")
        return found

    @reads_index
    def compare(self, target: str | int, /, **filters):
        """One question (26, "Q26") in every document, or the best passage per document for a
        query (`results.Comparison`)."""
        from greta_search import compare
        from greta_search.results import Comparison

        chosen = self.filters(filters)
        target = clean(target, "target")
        m = QUESTION_TARGET_RE.match(target)
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
    @reads_index
    def provision(self, ref: str, /, **filters):
        """Every passage citing a provision or a sub-provision of it
        (`results.ProvisionMatches`), e.g. "Article 144-1 of the Criminal Code"."""
        from greta_search.provisions import Lookup
        from greta_search.results import Hits, Passage, ProvisionMatches
        from greta_search.search import lookup_provision

        result = lookup_provision(self.store, clean(ref, "reference"), self.filters(filters))
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

    @reads_index
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

"""The `greta-search` command line: one click group, one command per verb.

Heavy modules (numpy, faiss, torch, sentence-transformers) are imported inside the commands
that need them, so `--help`, `show` and errors stay fast.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sys
import textwrap
from pathlib import Path

import click

DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "corpus"
FORMATS = ("text", "json", "jsonl")
STOPWORDS = frozenset(
    "a an and are as at be by for from how in is it of on or that the this to was were what "
    "when where which who why with do does did there their they has have had been".split()
)


def fail(message: str) -> click.ClickException:
    """A user error: one line on stderr, exit code 1, no traceback."""
    return click.ClickException(message)


def default_format() -> str:
    """Text for people on a terminal, JSON for pipes and scripts."""
    return "text" if sys.stdout.isatty() else "json"


def index_option(func):
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_INDEX,
        envvar="GRETA_SEARCH_INDEX",
        show_default=True,
        help="Index folder (env GRETA_SEARCH_INDEX).",
    )(func)


def format_option(choices=FORMATS):
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=None,
        help="Output format (default: text on a terminal, else json).",
    )


FILTERS = (
    ("--doc", "doc", "Only this document code (prefix match); repeatable.", str),
    ("--country", "country", "Only documents of this country; repeatable.", str),
    ("--round", "round", "Only this evaluation round (fourth, 4); repeatable.", str),
    ("--part", "part", "Only this Part (1, II, 'Part III'); repeatable.", str),
    ("--section", "section", "Only this Section (numeral or title word); repeatable.", str),
    ("--question", "question", "Only this question number; repeatable.", int),
)


def filter_options(func):
    """Add the filter options to a command; it receives them as one `filters` argument."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from greta_search.search import Filters

        values = {name: list(kwargs.pop(f"filter_{name}")) for _, name, _, _ in FILTERS}
        return func(*args, filters=Filters(**values), **kwargs)

    for flag, name, help_text, kind in reversed(FILTERS):
        wrapper = click.option(flag, f"filter_{name}", multiple=True, type=kind,
                               help=help_text)(wrapper)
    return wrapper


@click.group()
@click.version_option(package_name="greta-search")
def cli() -> None:
    """Offline semantic search over GRETA questionnaire replies, with citations."""


# --- index -----------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option(
    "--model", default=None, envvar="GRETA_SEARCH_MODEL",
    help="Embedding model: e5, minilm or hash (default e5; env GRETA_SEARCH_MODEL).",
)
@click.option("--add", is_flag=True, help="Keep the documents already in the index.")
def index(paths: tuple[Path, ...], index_dir: Path, model: str | None, add: bool) -> None:
    """Index documents (files or folders; default: corpus/) into the index folder."""
    report = build_index(list(paths) or [Path(DEFAULT_CORPUS)], index_dir, model, add)
    click.echo(
        f"indexed {report.documents} document(s), {report.chunks} passages "
        f"({report.embedded} embedded, {report.reused} reused) in {report.seconds:.1f}s "
        f"-> {index_dir}",
        err=True,
    )


def build_index(paths: list[Path], index_dir: Path, model: str | None, add: bool = False):
    """Build (or refresh) an index, reporting progress and warnings on stderr."""
    from greta_search.embed import DEFAULT_MODEL, MODELS, get_embedder
    from greta_search.load import InputError, find_documents
    from greta_search.store import IndexStore

    model = model or os.environ.get("GRETA_SEARCH_MODEL") or DEFAULT_MODEL
    if model not in MODELS:
        raise fail(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    try:
        files = find_documents(paths)
    except InputError as err:
        raise fail(str(err)) from None
    if not files:
        raise fail(f"{', '.join(map(str, paths))}: no .txt, .md or .pdf documents found")
    embedder = get_embedder(model)
    bar = None

    def progress(advance: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="embedding", file=sys.stderr)
            bar.__enter__()
        bar.update(advance)

    try:
        report = IndexStore(index_dir).build(files, embedder, progress, keep_existing=add)
    except InputError as err:
        raise fail(str(err)) from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    return report


# --- search ----------------------------------------------------------------------------------


def open_searcher(index_dir: Path, model: str | None = None):
    """Load the index (building it from corpus/ on a first run with default paths)."""
    from greta_search.embed import get_embedder
    from greta_search.search import Searcher
    from greta_search.store import IndexStore, IndexUnusable

    store = IndexStore(index_dir)
    if not store.exists() and index_dir == Path(DEFAULT_INDEX) and Path(DEFAULT_CORPUS).is_dir():
        click.echo(f"no index yet: building {index_dir}/ from {DEFAULT_CORPUS}/", err=True)
        build_index([Path(DEFAULT_CORPUS)], index_dir, model)
    try:
        embedder = get_embedder(model) if model else None
        return Searcher(store, embedder)
    except (IndexUnusable, ValueError) as err:
        raise fail(str(err)) from None


@cli.command()
@click.argument("query")
@click.option("-k", "--limit", "k", default=5, show_default=True, help="Number of hits.")
@click.option(
    "--per-question", default=1, show_default=True,
    help="Passages kept per question (0 = all passages).",
)
@click.option(
    "--mode", type=click.Choice(["hybrid", "dense", "keyword"]), default="hybrid",
    show_default=True, help="Retrieval: fused (hybrid), vectors only, or BM25 only.",
)
@filter_options
@index_option
@click.option("--model", default=None, help="Check the index was built with this model.")
@format_option()
def search(query, k, per_question, mode, filters, index_dir, model, fmt):
    """Search the index for QUERY and print the best passages with citations."""
    if not query.strip():
        raise fail("empty query")
    searcher = open_searcher(index_dir, model)
    hits = searcher.search(query, k=k, filters=filters, per_question=per_question, mode=mode)
    print_hits(hits, fmt or default_format(), query)


def print_hits(hits, fmt: str, query: str = "") -> None:
    """Print hits as JSON, JSON lines, or wrapped text for people."""
    if fmt == "json":
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for h in hits:
            click.echo(json.dumps(h.to_dict(), ensure_ascii=False))
    else:
        if not hits:
            click.echo("no matching passages")
        for h in hits:
            echo_hit_text(h.to_dict(), query)


def echo_hit_text(hit: dict, query: str = "") -> None:
    """One hit for people: citation, score, the passage wrapped, query terms highlighted."""
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    score = "" if hit["score"] is None else f"  [{hit['score']:.3f}]"
    rank = f"{hit['rank']}. " if hit["rank"] else ""
    click.echo(click.style(f"{rank}{hit['citation']}", bold=True) + score)
    if hit.get("question_text") and hit["rank"]:
        click.echo(click.style(textwrap.shorten(f"Q{hit['question']}. {hit['question_text']}",
                                                width - 3), dim=True).join(["   ", ""]))
    echo_wrapped(hit["text"], query, width)
    click.echo()


def echo_wrapped(text: str, query: str = "", width: int = 100) -> None:
    """Print text indented and wrapped line by line, the query's words highlighted."""
    for line in text.split("\n"):
        for wrapped in textwrap.wrap(line, width - 3) or [""]:
            click.echo("   " + highlight(wrapped, query))


def highlight(text: str, query: str) -> str:
    """Embolden the query's content words in the text (styles vanish off a terminal)."""
    terms = {w for w in re.findall(r"\w+", query.lower()) if len(w) > 2 and w not in STOPWORDS}
    if not terms:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(terms))) + r")\w*", re.I)
    return pattern.sub(lambda m: click.style(m.group(0), fg="yellow", bold=True), text)


# --- show ------------------------------------------------------------------------------------

REF_RE = re.compile(r"^\s*q?(\d{1,3})\s*(?:[(.]?\s*([a-z]|\d{1,2})\s*\)?)?\s*$", re.IGNORECASE)


@cli.command()
@click.argument("ref")
@click.option("--doc", multiple=True, help="Only this document code (prefix match).")
@index_option
@format_option()
def show(ref: str, doc, index_dir: Path, fmt: str | None) -> None:
    """Print a whole question or sub-item, cited: REF is 26, 2a, Q2(a) or 40.1. Questions
    it refers to ("See the answer to Question 24") follow, marked `referenced_from`."""
    from greta_search.answer import references
    from greta_search.search import Filters, Hit

    m = REF_RE.match(ref)
    if not m:
        raise fail(f"{ref!r}: not a question reference; use e.g. 26, 2a or 40.1")
    number, item = int(m.group(1)), (m.group(2) or "").lower() or None
    chunks = open_store(index_dir).chunks()
    filters = Filters(doc=list(doc), question=[number])
    selected = [
        c for c in chunks if filters.accepts(c) and (item is None or c.item == item)
    ]
    if not selected:
        raise fail(f"question {ref} not found in {index_dir}")
    docs_shown = {c.doc for c in selected}
    cited = sorted({n for c in selected for n in references(c.text)} - {number})
    followed = [c for c in chunks if c.question in cited and c.doc in docs_shown]
    hits = [Hit(c, float("nan")) for c in selected + followed]
    fmt = fmt or default_format()
    if fmt != "text":
        dicts = [
            {**h.to_dict(), "rank": i, "score": None}
            | ({"referenced_from": number} if h.chunk.question != number else {})
            for i, h in enumerate(hits, 1)
        ]
        if fmt == "json":
            click.echo(json.dumps(dicts, ensure_ascii=False, indent=2))
        else:
            for d in dicts:
                click.echo(json.dumps(d, ensure_ascii=False))
        return
    heading = None
    for hit in hits:
        c = hit.chunk
        if (c.doc, c.question) != (heading or (None, None))[:2]:
            via = f"(referred to by Q{number}) " if c.question != number else ""
            click.echo(click.style(f"{c.doc} — {via}Q{c.question}. {c.question_text}",
                                   bold=True))
            click.echo()
            heading = (c.doc, c.question, None)
        if c.item and (c.doc, c.question, c.item) != heading:
            click.echo(click.style(f"  ({c.item}) {c.item_text}", bold=True))
            heading = (c.doc, c.question, c.item)
        echo_hit_text({**hit.to_dict(), "rank": 0, "score": None})


@cli.command()
@index_option
@format_option(("text", "json"))
def docs(index_dir: Path, fmt: str | None) -> None:
    """List the indexed documents with their metadata."""
    manifest = open_store(index_dir).manifest()
    rows = [
        {"doc": e.doc, "source": e.source, "passages": e.chunks, "structured": e.structured,
         **{k: v for k, v in e.meta.items() if k != "code"}}
        for e in manifest.documents
    ]
    if (fmt or default_format()) == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"model {manifest.model}, built {manifest.built_at}")
    for row in rows:
        click.echo(f"{row['doc']}  {row['country'] or '?'}  {row['round'] or '?'} round  "
                   f"{row['passages']} passages  {row['source']}")


# --- answers and tables ----------------------------------------------------------------------


@cli.command()
@click.argument("question")
@filter_options
@index_option
@format_option(("text", "json"))
def ask(question, filters, index_dir, fmt):
    """Answer QUESTION from the documents: a short extractive answer (a sentence, a number,
    a date, a law, or a table cell), its citation and confidence, and the best passages.
    Says so when nothing supports an answer."""
    from greta_search.answer import ask as answer_question

    if not question.strip():
        raise fail("empty question")
    result = answer_question(open_searcher(index_dir), question, filters)
    if (fmt or default_format()) == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    if len(result.answers) > 1:
        # One line per State, each with its own citation.
        for each in result.answers:
            state = each.country or each.doc
            if each.answer is None:
                click.echo(f"{state}: no answer found" + (f" ({each.note})" if each.note else ""))
                continue
            click.echo(f"{state}: " + click.style(each.answer.split("\n")[0], bold=True)
                       + f"  [{each.confidence:.2f}; {each.citations[0].chunk.citation}]")
        click.echo()
    if result.answer is None:
        click.echo(click.style("No answer found in the documents", bold=True)
                   + (f" ({result.note})" if result.note else "") + "; closest passages:\n")
    else:
        click.echo(click.style(result.answer, bold=True))
        if result.evidence and result.evidence != result.answer:
            echo_wrapped(f"“{result.evidence}”")
        click.echo("   — " + "; ".join(h.chunk.citation for h in result.citations))
        click.echo(f"confidence {result.confidence:.2f}"
                   + (f"; {result.note}" if result.note else "") + "\n")
    for hit in result.passages:
        echo_hit_text(hit.to_dict(), question)


@cli.command()
@click.argument("number", required=False, type=int)
@click.option("--doc", multiple=True, help="Only this document code (prefix match).")
@index_option
@format_option(("text", "json", "csv"))
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw the table's yearly series to this PNG (needs the `plot` extra).")
def tables(number, doc, index_dir, fmt, plot):
    """List the statistics tables, or show table NUMBER (as text, JSON or CSV)."""
    from greta_search.search import Filters
    from greta_search.tables import tables_in_passage

    filters = Filters(doc=list(doc))
    found = [(c, t) for c in open_store(index_dir).chunks() if c.kind == "table"
             and filters.accepts(c) for t in tables_in_passage(c.text, c.item_text)
             if number is None or t.number == number]
    if not found:
        raise fail(f"no table {number} in {index_dir}" if number else f"no tables in {index_dir}")
    fmt = fmt or default_format()
    if plot:
        if number is None or len(found) > 1:
            raise fail("--plot draws one table: give its NUMBER (and --doc if several replies)")
        plot_table(found[0][1], found[0][0].doc, plot)
        click.echo(f"wrote {plot}", err=True)
    if fmt == "json":
        click.echo(json.dumps([{"doc": c.doc, "citation": c.citation, **t.to_dict()}
                               for c, t in found], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        for _, table in found:
            click.echo(table.to_csv(), nl=False)
    elif number is None:
        for chunk, table in found:
            years = [r.year for r in table.rows if r.year]
            span = f"{min(years)}-{max(years)}" if years else "no years"
            click.echo(click.style(f"{chunk.doc}  {table.caption}", bold=True)
                       + f"  ({span}; {len(table.columns)} columns)  {chunk.citation}")
            if table.description:
                click.echo("   " + textwrap.shorten(table.description, 96))
    else:
        for chunk, table in found:
            click.echo(click.style(f"{table.caption} — {chunk.citation}", bold=True))
            if table.description:
                click.echo(textwrap.fill(table.description, 100))
            click.echo(table.to_text())


def plot_table(table, doc: str, path: Path) -> None:
    """Draw every numeric column of a table by year."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise fail("--plot needs matplotlib: pip install 'greta-search[plot]'") from None
    rows = [r for r in table.rows if r.year]
    series = {}
    for column in table.columns[1:]:
        values = [r.cells[column].value if column in r.cells else None for r in rows]
        if sum(v is not None for v in values) >= 2:
            series[column] = values
    if not series:
        raise fail(f"{table.caption}: no numeric yearly series to plot")
    fig, ax = plt.subplots(figsize=(8, 4.5))
    years = [r.year for r in rows]
    for column, values in series.items():
        ax.plot(years, [float("nan") if v is None else v for v in values], marker="o",
                label=column)
    ax.set_xticks(years)
    ax.set_title(textwrap.shorten(f"{table.caption}: {table.description or ''}", 90), fontsize=9)
    ax.set_xlabel("year")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.text(0.01, 0.01, doc, fontsize=7, color="grey")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# --- compare ---------------------------------------------------------------------------------

QUESTION_TARGET_RE = re.compile(r"^\s*q?(\d{1,3})\s*$", re.IGNORECASE)


@cli.command()
@click.argument("target")
@filter_options
@index_option
@format_option(("text", "markdown", "csv", "json"))
def compare(target, filters, index_dir, fmt):
    """Compare replies side by side: TARGET is a question number (26, Q26) shown for every
    document, or a query whose best passage is shown for every document."""
    from greta_search import compare as comparison

    m = QUESTION_TARGET_RE.match(target)
    if m:
        chunks = open_store(index_dir).chunks()
        entries = comparison.compare_question(chunks, int(m.group(1)), filters)
        heading = f"Question {m.group(1)}"
        if entries:
            heading += f". {entries[0].hits[0].chunk.question_text}"
    else:
        entries = comparison.compare_query(open_searcher(index_dir), target, filters)
        heading = f"Best passage per document for: {target}"
    if not entries:
        raise fail(f"{target!r}: nothing to compare in {index_dir}")
    fmt = fmt or default_format()
    if fmt == "json":
        click.echo(json.dumps({"target": target, "documents": [e.to_dict() for e in entries]},
                              ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(comparison.to_markdown(entries, heading), nl=False)
    elif fmt == "csv":
        click.echo(comparison.to_csv(entries), nl=False)
    else:
        click.echo(click.style(heading, bold=True) + "\n")
        for e in entries:
            click.echo(click.style(f"{e.country or e.doc} — {e.citation}", bold=True))
            echo_wrapped(e.text, "" if m else target)
            click.echo()


# --- legal provisions ------------------------------------------------------------------------


def open_store(index_dir: Path):
    """The index store, checked usable (no model is loaded)."""
    from greta_search.store import IndexStore, IndexUnusable

    store = IndexStore(index_dir)
    try:
        store.manifest()
    except IndexUnusable as err:
        raise fail(str(err)) from None
    return store


@cli.command()
@click.argument("reference")
@filter_options
@index_option
@format_option()
def provision(reference, filters, index_dir, fmt):
    """Every passage citing a legal provision or a sub-provision of it, e.g.
    "Article 144-1 of the Criminal Code", "Resolution No. 131", "Art. 50.2 Migration Code"."""
    from greta_search.search import lookup_provision

    store = open_store(index_dir)
    result = lookup_provision(store, reference, filters)
    if result.lookup.instrument is None and result.lookup.article is None:
        raise fail(f"{reference!r}: no article or instrument recognised")
    if not result.known:
        hint = f"; closest cited: {', '.join(result.suggestions)}" if result.suggestions else ""
        raise fail(f"{result.lookup.instrument!r} is not cited in {index_dir}{hint}")
    fmt = fmt or default_format()
    matches = [
        {**hit.to_dict(), "score": None, "provision": str(provision_ref(prov)),
         "cited": prov.cited, "quote": prov.quote}
        for hit, prov in result.matches
    ]
    if fmt == "json":
        record = {"lookup": reference, "instrument": result.lookup.instrument,
                  "article": result.lookup.article, "matches": matches}
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for match in matches:
            click.echo(json.dumps(match, ensure_ascii=False))
    else:
        click.echo(f"{result.lookup}: {len(matches)} passage(s)", err=True)
        for match in matches:
            click.echo(click.style(f"{match['rank']}. {match['citation']}", bold=True)
                       + f"  [{match['provision']}]")
            echo_wrapped(match["quote"])
            click.echo()


def provision_ref(prov):
    from greta_search.provisions import Lookup

    return Lookup(prov.instrument, prov.article)


@cli.command()
@click.option("--instrument", default=None, help="Only this instrument (e.g. \"Criminal Code\").")
@index_option
@format_option(("text", "json"))
def provisions(instrument, index_dir, fmt):
    """All instruments and articles cited in the index, with counts."""
    from greta_search.search import provision_summary

    summary = provision_summary(open_store(index_dir), instrument)
    if instrument and not summary:
        raise fail(f"{instrument!r} is not cited in {index_dir}")
    if (fmt or default_format()) == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    for entry in summary:
        qs = ", ".join(f"Q{q['question']}" for q in entry["questions"] if q["question"])
        click.echo(click.style(entry["instrument"], bold=True)
                   + f"  {entry['citations']} citation(s)  {qs}")
        for art in entry["articles"]:
            qs = ", ".join(f"Q{q['question']}" for q in art["questions"] if q["question"])
            click.echo(f"   Article {art['article']:<14} {art['citations']:>3}  {qs}")


# --- batch and eval ----------------------------------------------------------------------


def read_queries(path: Path) -> list[dict]:
    """Queries from JSONL ({"id", "query"}; other fields kept), CSV (a `query` column and an
    optional `id`) or plain text, one query per line (id = line number)."""
    try:
        text = path.read_text(encoding="utf-8-sig") if str(path) != "-" else sys.stdin.read()
    except (OSError, UnicodeDecodeError) as err:
        raise fail(f"{path}: cannot read queries ({err})") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    if str(path).lower().endswith(".csv") or re.match(r'^\W?"?query"?\s*,|.*,\s*"?query"?\s*(,|$)',
                                                       first.lower()):
        queries = read_csv_queries(path, text)
    else:
        queries = read_line_queries(path, text)
    if not queries:
        raise fail(f"{path}: no queries")
    return queries


def read_line_queries(path: Path, text: str) -> list[dict]:
    queries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise fail(f"{path}:{number}: bad JSON ({err.msg})") from None
            if not str(record.get("query", "")).strip():
                raise fail(f"{path}:{number}: no \"query\" field")
            record.setdefault("id", number)
            queries.append(record)
        else:
            queries.append({"id": number, "query": line.strip()})
    return queries


def read_csv_queries(path: Path, text: str) -> list[dict]:
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text))
    columns = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    if "query" not in columns:
        raise fail(f"{path}: CSV has no \"query\" column")
    queries = []
    for number, row in enumerate(reader, start=2):
        query = (row.get(columns["query"]) or "").strip()
        if query:
            ident = (row.get(columns["id"]) or "").strip() if "id" in columns else ""
            queries.append({"id": ident or number, "query": query})
    return queries


BATCH_SIZE = 32


@cli.command()
@click.argument("queries_file", type=click.Path(path_type=Path, allow_dash=True))
@click.option("-k", "--limit", "k", default=5, show_default=True, help="Hits per query.")
@click.option("--per-question", default=1, show_default=True, help="Passages per question.")
@filter_options
@index_option
@click.option(
    "--format", "fmt", default="jsonl", show_default=True,
    type=click.Choice(["jsonl", "json", "csv", "markdown", "html", "text"]),
    help="Output: JSON lines, JSON, CSV (a row per hit), or a Markdown/HTML report.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of stdout.")
@click.option("--ask", "with_answers", is_flag=True, help="Add the `ask` answer per query.")
@click.option("--bibliography", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the cited documents' references (.bib, .ris or .json).")
def batch(queries_file, k, per_question, filters, index_dir, fmt, output, with_answers,
          bibliography):
    """Run every query of QUERIES_FILE (JSONL, CSV or one query per line) with one model
    load, queries embedded in batches; reports are deduplicated per query."""
    import time

    from greta_search import export
    from greta_search.answer import ask as answer_question

    queries = read_queries(queries_file)
    bib_format = bibliography_format(bibliography) if bibliography else None
    searcher = open_searcher(index_dir)
    records = []
    started = time.perf_counter()

    def rate(_item) -> str:
        return f"{len(records) / max(time.perf_counter() - started, 1e-9):.0f} queries/s"

    with click.progressbar(length=len(queries), label="queries", file=sys.stderr,
                           show_pos=True, item_show_func=rate) as bar:
        for start in range(0, len(queries), BATCH_SIZE):
            chunk = queries[start : start + BATCH_SIZE]
            results = searcher.search_many([q["query"] for q in chunk], k, filters, per_question)
            for query, hits in zip(chunk, results, strict=True):
                record = {"id": query["id"], "query": query["query"],
                          "hits": [h.to_dict() for h in hits]}
                if with_answers:
                    record["answer"] = answer_question(searcher, query["query"], filters).to_dict()
                records.append(record)
            bar.update(len(chunk), current_item=chunk[-1])
    seconds = time.perf_counter() - started
    click.echo(f"{len(queries)} queries in {seconds:.1f}s "
               f"({len(queries) / max(seconds, 1e-9):.1f} queries/s)", err=True)
    documents = export.documents_from_manifest(searcher.manifest)
    with open_output(output) as out:
        if fmt == "json":
            out.write(json.dumps(export.dedupe_hits(records), ensure_ascii=False, indent=2) + "\n")
        elif fmt == "text":
            for record in export.dedupe_hits(records):
                out.write(f"# {record['id']}: {record['query']}\n")
                for hit in record["hits"]:
                    out.write(f"{hit['rank']}. {hit['citation']}  [{hit['score']:.3f}]\n")
                    out.write(textwrap.indent(hit["text"], "   ") + "\n\n")
        else:
            export.write(records, documents, fmt, out)
    if bibliography:
        write_bibliography(records, documents, bibliography, bib_format)


BIB_SUFFIXES = {".bib": "bibtex", ".ris": "ris", ".json": "csljson"}


def bibliography_format(path: Path) -> str:
    fmt = BIB_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise fail(f"{path}: bibliography file must end in .bib, .ris or .json")
    return fmt


def write_bibliography(records, documents, path: Path, fmt: str) -> None:
    """The references of every document cited in the records, each once."""
    from greta_search import bibliography, export

    metas = export.cited_documents(records, documents)
    path.write_text(bibliography.format_entries(metas, fmt), encoding="utf-8")


class open_output:
    """stdout, or a file opened for text with newline="" (CSV keeps its CRLF rows)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle = None

    def __enter__(self):
        if self.path is None:
            return sys.stdout
        try:
            self.handle = open(self.path, "w", encoding="utf-8", newline="")
        except OSError as err:
            raise fail(f"{self.path}: cannot write ({err.strerror})") from None
        return self.handle

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()


@cli.command()
@click.argument("doc", required=False)
@index_option
@click.option("--format", "fmt", type=click.Choice(["bibtex", "ris", "csljson"]),
              default="bibtex", show_default=True, help="Reference format.")
def cite(doc: str | None, index_dir: Path, fmt: str) -> None:
    """The reference of an indexed document (code prefix; all documents when omitted), for
    reference managers."""
    from greta_search import bibliography
    from greta_search.search import same_doc

    manifest = open_store(index_dir).manifest()
    entries = [e for e in manifest.documents if doc is None or same_doc(doc, e.doc)]
    if not entries:
        known = ", ".join(e.doc for e in manifest.documents)
        raise fail(f"{doc!r}: no such document in {index_dir} (indexed: {known})")
    metas = [{**e.meta, "doc": e.doc} for e in entries]
    click.echo(bibliography.format_entries(metas, fmt), nl=False)


@cli.command("eval")
@click.argument("queries_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@index_option
@click.option("-v", "--verbose", is_flag=True, help="List the queries that missed at rank 1.")
@format_option(("text", "json"))
def evaluate_cmd(queries_file: Path, index_dir: Path, verbose: bool, fmt: str | None) -> None:
    """Measure hit@1, hit@5 and MRR@10 (question level) on labelled queries."""
    from greta_search.evaluate import evaluate

    queries = read_queries(queries_file)
    missing = [q["id"] for q in queries if not q.get("gold")]
    if missing:
        raise fail(f"{queries_file}: queries without \"gold\": {missing[:5]}")
    searcher = open_searcher(index_dir)
    results = searcher.search_many([q["query"] for q in queries], k=10, per_question=1)
    report = evaluate(queries, [[h.to_dict() for h in hits] for hits in results])
    if (fmt or "text") == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"queries {report['queries']}  hit@1 {report['hit@1']:.3f}  hit@5 {report['hit@5']:.3f}"
        f"  MRR@10 {report['mrr@10']:.3f}  model {searcher.manifest.model}"
    )
    if report["answers"]:
        click.echo(
            f"answer strings: in top passage {report['answer@1']:.3f}, "
            f"in top 5 passages {report['answer@5']:.3f} (of {report['answers']})"
        )
    if verbose:
        for row in report["details"]:
            if row["rank"] != 1:
                click.echo(f"  {row['id']}: gold {row['gold']} rank {row['rank']} "
                           f"top {row['top']}  {row['query']}")


def main() -> None:
    """Console-script entry point."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    cli()

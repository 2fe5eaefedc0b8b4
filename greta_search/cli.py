"""The `greta-search` command line: one click group, one command per verb. Every command
calls the Python API (`greta_search.api`) and prints its results; the API's
`GretaSearchError` becomes the one-line error message.

Heavy modules (numpy, faiss, torch, sentence-transformers) are imported inside the commands
that need them, so `--help`, `show` and errors stay fast.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
import textwrap
from pathlib import Path

import click

from greta_search.api import GretaSearchError
from greta_search.errors import EXIT_BUG, EXIT_PARTIAL, UserError
from greta_search.validate import MAX_K

DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "corpus"
FORMATS = ("text", "json", "jsonl")


def fail(message: str) -> click.ClickException:
    """A user error: one line on stderr, exit code 1, no traceback."""
    return UserError(message)


def checked_query(text: str, what: str = "query") -> str:
    """The query cleaned (`api.clean`), its warnings on stderr; exit 2 if empty."""
    from greta_search.api import clean

    return clean(text, what, warn=lambda warning: click.echo(f"warning: {warning}", err=True))


K_RANGE = click.IntRange(1, MAX_K)


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
    """Add the filter options to a command; it receives them as one `filters` dict (the API's
    keyword filters)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        values = {name: list(kwargs.pop(f"filter_{name}")) for _, name, _, _ in FILTERS}
        return func(*args, filters=values, **kwargs)

    for flag, name, help_text, kind in reversed(FILTERS):
        wrapper = click.option(flag, f"filter_{name}", multiple=True, type=kind,
                               help=help_text)(wrapper)
    return wrapper


class Group(click.Group):
    """Turns the API's user errors into click's one-line message and their exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GretaSearchError as err:
            raise UserError(str(err), err.exit_code) from None


@click.group(cls=Group)
@click.version_option(package_name="greta-search")
def cli() -> None:
    """Offline semantic search over GRETA questionnaire replies, with citations."""


def open_index(index_dir: Path, model: str | None = None, build: bool = False):
    """The API's index; with `build`, a first run with the default folders builds it from
    corpus/."""
    from greta_search import api

    if (build and index_dir == Path(DEFAULT_INDEX) and Path(DEFAULT_CORPUS).is_dir()
            and not (index_dir / "current" / "manifest.json").is_file()):
        click.echo(f"no index yet: building {index_dir}/ from {DEFAULT_CORPUS}/", err=True)
        report = build_index([Path(DEFAULT_CORPUS)], index_dir, model)
        for message in report.failed:
            click.echo(f"warning: not indexed: {message}", err=True)
    return api.open_index(index_dir, model)


# --- index -----------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option(
    "--model", default=None, envvar="GRETA_SEARCH_MODEL",
    help="Embedding model: e5, minilm or hash (default e5; env GRETA_SEARCH_MODEL).",
)
@click.option("--add", is_flag=True, help="Keep the documents already in the index.")
@click.option("--merge", "merge", multiple=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Add the documents of another index folder, reusing its vectors.")
@click.option("--template", "template_file", type=click.Path(path_type=Path), default=None,
              help="Questionnaire template JSON (default: the round's shipped template).")
def index(paths: tuple[Path, ...], index_dir: Path, model: str | None, add: bool,
          merge: tuple[Path, ...], template_file: Path | None) -> None:
    """Index documents (files or folders; default: corpus/) into the index folder."""
    from greta_search.api import read_template

    defaults = [] if merge else [Path(DEFAULT_CORPUS)]
    report = build_index(list(paths) or defaults, index_dir, model, add, list(merge),
                         read_template(template_file))
    click.echo(
        f"indexed {report.documents} document(s), {report.chunks} passages "
        f"({report.embedded} embedded, {report.reused} reused, {report.cached} of them from "
        f"the cache) in {report.seconds:.1f}s -> {index_dir}",
        err=True,
    )
    if report.failed:
        click.echo(f"{len(report.failed)} document(s) skipped, not indexed:", err=True)
        for message in report.failed:
            click.echo(f"  {message}", err=True)
        sys.exit(EXIT_PARTIAL)


def build_index(paths: list[Path], index_dir: Path, model: str | None, add: bool = False,
                merge: list[Path] | None = None, template=None):
    """Build (or refresh) an index with progress (passages/s, ETA), one structure line per
    document and warnings on stderr."""
    from greta_search import api
    from greta_search.store import ProgressLine

    report = api.build_index(announce(paths), index_dir, model, add, ProgressLine(),
                             merge or [], template).report
    for summary in report.summaries:
        click.echo(summary, err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    return report


LARGE_FILE = 2_000_000


def announce(paths: list[Path]):
    """The paths, saying on stderr when a large file will be read (progress)."""
    for path in paths:
        size = path.stat().st_size if path.is_file() else 0
        if size >= LARGE_FILE:
            click.echo(f"reading {path} ({size / 1e6:.0f} MB)", err=True)
        yield path


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--template", "template_file", type=click.Path(path_type=Path), default=None,
              help="Questionnaire template JSON (default: the round's shipped template).")
@format_option(("text", "json"))
def inspect(files: tuple[Path, ...], template_file: Path | None, fmt: str | None) -> None:
    """Print the structure found in documents, before any indexing."""
    from greta_search import api
    from greta_search.structure import format_text

    reports = api.inspect(files, api.read_template(template_file))
    if (fmt or default_format()) == "json":
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(format_text(r) for r in reports))


# --- search ----------------------------------------------------------------------------------


@cli.command()
@click.argument("query")
@click.option("-k", "--limit", "k", default=5, show_default=True, type=K_RANGE,
              help="Number of hits.")
@click.option(
    "--per-question", default=1, show_default=True, type=click.IntRange(min=0),
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
    query = checked_query(query)
    hits = open_index(index_dir, model, build=True).search(
        query, k=k, per_question=per_question, mode=mode, **filters)
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
    from greta_search.highlight import terms_pattern

    pattern = terms_pattern(query)
    if pattern is None:
        return text
    return pattern.sub(lambda m: click.style(m.group(0), fg="yellow", bold=True), text)


# --- show ------------------------------------------------------------------------------------


@cli.command()
@click.argument("ref")
@click.option("--doc", multiple=True, help="Only this document code (prefix match).")
@index_option
@format_option()
def show(ref: str, doc, index_dir: Path, fmt: str | None) -> None:
    """Print a whole question or sub-item, cited: REF is 26, 2a, Q2(a) or 40.1. Questions
    it refers to ("See the answer to Question 24") follow, marked `referenced_from`."""
    hits = open_index(index_dir).show(ref, doc=list(doc))
    fmt = fmt or default_format()
    if fmt == "json":
        click.echo(json.dumps(hits.to_dicts(), ensure_ascii=False, indent=2))
        return
    if fmt == "jsonl":
        for d in hits.to_dicts():
            click.echo(json.dumps(d, ensure_ascii=False))
        return
    number = hits[0].chunk.question
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
    idx = open_index(index_dir)
    rows = idx.docs().to_dicts()
    if (fmt or default_format()) == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"model {idx.manifest.model}, built {idx.manifest.built_at}")
    for row in rows:
        click.echo(f"{row['doc']}  {row['country'] or '?'}  {row['round'] or '?'} round  "
                   f"{row['passages']} passages  {row['source']}")


@cli.command()
@index_option
def verify(index_dir: Path) -> None:
    """Check every file of the index against the sha256 recorded in its manifest."""
    problems = open_index(index_dir).verify()
    if problems:
        raise fail(f"{index_dir}: damaged index ({'; '.join(problems)}); re-index with "
                   f"`greta-search index`")
    click.echo(f"{index_dir}: ok", err=True)


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
    question = checked_query(question, "question")
    result = open_index(index_dir, build=True).ask(question, **filters)
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
    found = open_index(index_dir).tables(number, doc=list(doc))
    fmt = fmt or default_format()
    if plot:
        if number is None or len(found) > 1:
            raise fail("--plot draws one table: give its NUMBER (and --doc if several replies)")
        found[0].plot(plot)
        click.echo(f"wrote {plot}", err=True)
    if fmt == "json":
        click.echo(json.dumps(found.to_dicts(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        for table in found:
            click.echo(table.to_csv(), nl=False)
    elif number is None:
        for table in found:
            years = table.years()
            span = f"{min(years)}-{max(years)}" if years else "no years"
            click.echo(click.style(f"{table.doc}  {table.caption}", bold=True)
                       + f"  ({span}; {len(table.columns)} columns)  {table.citation}")
            if table.description:
                click.echo("   " + textwrap.shorten(table.description, 96))
    else:
        for table in found:
            click.echo(click.style(f"{table.caption} — {table.citation}", bold=True))
            if table.description:
                click.echo(textwrap.fill(table.description, 100))
            click.echo(table.to_text())


# --- compare ---------------------------------------------------------------------------------


@cli.command()
@click.argument("target")
@filter_options
@index_option
@format_option(("text", "markdown", "csv", "json"))
def compare(target, filters, index_dir, fmt):
    """Compare replies side by side: TARGET is a question number (26, Q26) shown for every
    document, or a query whose best passage is shown for every document."""
    target = checked_query(target, "target")
    result = open_index(index_dir, build=True).compare(target, **filters)
    fmt = fmt or default_format()
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(result.to_markdown(), nl=False)
    elif fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    else:
        click.echo(click.style(result.heading, bold=True) + "\n")
        for e in result.entries:
            click.echo(click.style(f"{e.country or e.doc} — {e.citation}", bold=True))
            echo_wrapped(e.text, "" if result.by_question else target)
            click.echo()


# --- legal provisions ------------------------------------------------------------------------


@cli.command()
@click.argument("reference")
@filter_options
@index_option
@format_option()
def provision(reference, filters, index_dir, fmt):
    """Every passage citing a legal provision or a sub-provision of it, e.g.
    "Article 144-1 of the Criminal Code", "Resolution No. 131", "Art. 50.2 Migration Code"."""
    reference = checked_query(reference, "reference")
    result = open_index(index_dir).provision(reference, **filters)
    matches = result.matches.to_dicts()
    fmt = fmt or default_format()
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for match in matches:
            click.echo(json.dumps(match, ensure_ascii=False))
    else:
        click.echo(f"{result.described}: {len(matches)} passage(s)", err=True)
        for match in matches:
            click.echo(click.style(f"{match['rank']}. {match['citation']}", bold=True)
                       + f"  [{match['provision']}]")
            echo_wrapped(match["quote"])
            click.echo()


@cli.command()
@click.option("--instrument", default=None, help="Only this instrument (e.g. \"Criminal Code\").")
@index_option
@format_option(("text", "json"))
def provisions(instrument, index_dir, fmt):
    """All instruments and articles cited in the index, with counts."""
    summary = open_index(index_dir).provisions(instrument).to_dicts()
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


@cli.command()
@click.argument("queries_file", type=click.Path(path_type=Path, allow_dash=True))
@click.option("-k", "--limit", "k", default=5, show_default=True, type=K_RANGE,
              help="Hits per query.")
@click.option("--per-question", default=1, show_default=True, type=click.IntRange(min=0),
              help="Passages per question.")
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
    from greta_search.queries import read_queries

    queries = read_queries(queries_file)
    bib_format = bibliography_format(bibliography) if bibliography else None
    idx = open_index(index_dir, build=True)
    done = 0
    started = time.perf_counter()

    def rate(_item) -> str:
        return f"{done / max(time.perf_counter() - started, 1e-9):.0f} queries/s"

    with click.progressbar(length=len(queries), label="queries", file=sys.stderr,
                           show_pos=True, item_show_func=rate) as bar:
        def progress(group: list[dict]) -> None:
            nonlocal done
            done += len(group)
            bar.update(len(group), current_item=group[-1])

        records = idx.run_batch(queries, k, per_question, with_answers, progress, **filters)
    seconds = time.perf_counter() - started
    click.echo(f"{len(queries)} queries in {seconds:.1f}s "
               f"({len(queries) / max(seconds, 1e-9):.1f} queries/s)", err=True)
    documents = idx.documents()
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
        bibliography.write_text(idx.bibliography(records, bib_format), encoding="utf-8")


BIB_SUFFIXES = {".bib": "bibtex", ".ris": "ris", ".json": "csljson"}


def bibliography_format(path: Path) -> str:
    fmt = BIB_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise fail(f"{path}: bibliography file must end in .bib, .ris or .json")
    return fmt


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
    click.echo(open_index(index_dir).cite(doc, fmt), nl=False)


@cli.command("eval")
@click.argument("queries_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@index_option
@click.option("-v", "--verbose", is_flag=True, help="List the queries that missed at rank 1.")
@format_option(("text", "json"))
def evaluate_cmd(queries_file: Path, index_dir: Path, verbose: bool, fmt: str | None) -> None:
    """Measure hit@1, hit@5 and MRR@10 (question level) on labelled queries."""
    from greta_search.queries import read_queries

    queries = read_queries(queries_file)
    missing = [q["id"] for q in queries if not q.get("gold")]
    if missing:
        raise fail(f"{queries_file}: queries without \"gold\": {missing[:5]}")
    idx = open_index(index_dir, build=True)
    report = idx.evaluate(queries)
    if (fmt or "text") == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"queries {report['queries']}  hit@1 {report['hit@1']:.3f}  hit@5 {report['hit@5']:.3f}"
        f"  MRR@10 {report['mrr@10']:.3f}  model {idx.manifest.model}"
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


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback: only this computer).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@index_option
def serve(host: str, port: int, index_dir: Path) -> None:
    """Run the local web app (search, questions, provisions, tables, compare, export) and
    its JSON API under /api/. Read-only; needs the `web` extra."""
    try:
        import uvicorn

        from greta_search.web.app import create_app
    except ImportError:
        raise fail("serve needs the web extra: pip install 'greta-search[web]'") from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other computers can reach this server",
                   err=True)
    click.echo(f"loading {index_dir} ...", err=True)
    app = create_app(open_index(index_dir, build=True))
    click.echo(f"greta-search on http://{host}:{port}/  (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


cli.add_command(__import__("greta_search.recommendations", fromlist=["_"]).recommendations)


def main() -> None:
    """Console-script entry point. An unexpected error (a bug) is one line too, exit 70;
    GRETA_SEARCH_DEBUG=1 shows its traceback."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        cli()
    except Exception as err:
        if os.environ.get("GRETA_SEARCH_DEBUG"):
            raise
        click.echo(f"Error: internal error ({type(err).__name__}: {err}); please report it "
                   "(GRETA_SEARCH_DEBUG=1 shows the traceback)", err=True)
        sys.exit(EXIT_BUG)

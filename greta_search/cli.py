"""The `greta-search` command line: one click group, the options and printing the commands
share, and the retrieval verbs (search, show, ask, compare). The other verbs live in modules
of their own, loaded when used (`COMMANDS`): index and maintenance (`cli_index`), tables and
legal provisions (`cli_records`), batch runs and references (`cli_export`). Every command
calls the Python API (`greta_search.api`) and prints its results; the API's
`GretaSearchError` becomes the one-line error message.

Heavy modules (numpy, faiss, torch, sentence-transformers) are imported inside the commands
that need them, so `--help`, `show` and errors stay fast.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import shutil
import sys
import textwrap
from pathlib import Path

import click

from greta_search.api import GretaSearchError
from greta_search.confidence import shown
from greta_search.errors import EXIT_BUG, EXIT_USAGE, UserError
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
    ("--country", "country", "Only documents of this country, named in English or French; "
     "repeatable.", str),
    ("--round", "round", "Only this evaluation round (fourth, 4); repeatable.", str),
    ("--part", "part", "Only this Part (1, II, 'Part III'); repeatable.", str),
    ("--section", "section", "Only this Section (numeral or title word); repeatable.", str),
    ("--question", "question", "Only this question number; repeatable.", int),
    ("--kind", "kind", "Only passages of this kind (text, list, table, note, recommendation, "
     "proposal); repeatable.", str),
)


def filter_options(func):
    """Add the filter options to a command; it receives them as one `filters` dict (the API's
    keyword filters)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        values = {name: list(kwargs.pop(f"filter_{name}")) for _, name, _, _ in FILTERS}
        values["kind"] = checked_kinds(values["kind"])
        return func(*args, filters=values, **kwargs)

    for flag, name, help_text, kind in reversed(FILTERS):
        wrapper = click.option(flag, f"filter_{name}", multiple=True, type=kind,
                               help=help_text)(wrapper)
    return wrapper


def checked_kinds(kinds: list[str]) -> list[str]:
    """The `--kind` values in lower case; a usage error (exit 2, one line naming the kinds)
    for one that is not a kind of passage, before any index is opened."""
    if not kinds:
        return []
    from greta_search.search import KINDS  # (numpy: only when a kind is given)

    for kind in kinds:
        if kind.strip().lower() not in KINDS:
            raise UserError(f"--kind {kind}: not a kind of passage; use one of "
                            f"{', '.join(KINDS)}", EXIT_USAGE)
    return [kind.strip().lower() for kind in kinds]


# The commands defined in other modules, by name: "module:function". To add a command, write
# it with `@click.command()` in a module of its own and add its one line here.
COMMANDS = {
    "index": "greta_search.cli_index:index",
    "inspect": "greta_search.cli_index:inspect",
    "docs": "greta_search.cli_index:docs",
    "verify": "greta_search.cli_index:verify",
    "eval": "greta_search.cli_index:evaluate_cmd",
    "serve": "greta_search.cli_index:serve",
    "tables": "greta_search.cli_records:tables",
    "provision": "greta_search.cli_records:provision",
    "provisions": "greta_search.cli_records:provisions",
    "batch": "greta_search.cli_export:batch",
    "cite": "greta_search.cli_export:cite",
    "recommendations": "greta_search.recommendations:recommendations",
}


class Group(click.Group):
    """Turns the API's user errors into click's one-line message and their exit code, and
    loads the commands of `COMMANDS` from their modules when they are needed (click's lazy
    group: `--help` lists them all, a command imports only its own module)."""

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx, name):
        if name in COMMANDS:
            module, _, attribute = COMMANDS[name].partition(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)

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


# --- printing --------------------------------------------------------------------------------


def echo_json(data) -> None:
    """Print data as indented JSON, non-ASCII kept."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def echo_jsonl(rows) -> None:
    """Print each row as a JSON line, non-ASCII kept."""
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


def print_hits(hits, fmt: str, query: str = "") -> None:
    """Print hits as JSON, JSON lines, or wrapped text for people."""
    if fmt == "json":
        echo_json([h.to_dict() for h in hits])
    elif fmt == "jsonl":
        echo_jsonl(h.to_dict() for h in hits)
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
    finding = f"  (GRETA {hit['strength']})" if hit.get("strength") else ""
    click.echo(click.style(f"{rank}{hit['citation']}", bold=True) + score + finding)
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


# --- search and show -------------------------------------------------------------------------


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
        echo_json(hits.to_dicts())
        return
    if fmt == "jsonl":
        echo_jsonl(hits.to_dicts())
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


# --- answers and comparison ------------------------------------------------------------------


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
        echo_json(result.to_dict())
        return
    if len(result.answers) > 1:
        # One line per State, each with its own citation.
        for each in result.answers:
            state = each.country or each.doc
            if each.answer is None:
                click.echo(f"{state}: no answer found" + (f" ({each.note})" if each.note else ""))
                continue
            click.echo(f"{state}: " + click.style(each.answer.split("\n")[0], bold=True)
                       + f"  [{shown(each.confidence)}; {each.citations[0].chunk.citation}]")
        click.echo()
    if result.answer is None:
        click.echo(click.style("No answer found in the documents", bold=True)
                   + (f" ({result.note})" if result.note else "") + "; closest passages:\n")
    else:
        click.echo(click.style(result.answer, bold=True))
        if result.evidence and result.evidence != result.answer:
            echo_wrapped(f"“{result.evidence}”")
        click.echo("   — " + "; ".join(h.chunk.citation for h in result.citations))
        click.echo(f"confidence {shown(result.confidence)}"
                   + (f"; {result.note}" if result.note else "") + "\n")
    for hit in result.passages:
        echo_hit_text(hit.to_dict(), question)


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
        echo_json(result.to_dict())
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

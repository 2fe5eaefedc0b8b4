"""The index and maintenance verbs of the command line: index, inspect, docs, verify, eval,
serve (registered on the group in `cli.COMMANDS`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from greta_search.cli import (
    DEFAULT_CORPUS,
    build_index,
    default_format,
    echo_json,
    fail,
    format_option,
    index_option,
    open_index,
)
from greta_search.errors import EXIT_PARTIAL


@click.command()
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


@click.command()
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
        echo_json([r.to_dict() for r in reports])
    else:
        click.echo("\n\n".join(format_text(r) for r in reports))


@click.command()
@index_option
@format_option(("text", "json"))
def docs(index_dir: Path, fmt: str | None) -> None:
    """List the indexed documents with their metadata."""
    idx = open_index(index_dir)
    rows = idx.docs().to_dicts()
    if (fmt or default_format()) == "json":
        echo_json(rows)
        return
    click.echo(f"model {idx.manifest.model}, built {idx.manifest.built_at}")
    for row in rows:
        click.echo(f"{row['doc']}  {row['country'] or '?'}  {row['round'] or '?'} round  "
                   f"{row['passages']} passages  {row['source']}")


@click.command()
@index_option
def verify(index_dir: Path) -> None:
    """Check every file of the index against the sha256 recorded in its manifest."""
    problems = open_index(index_dir).verify()
    if problems:
        raise fail(f"{index_dir}: damaged index ({'; '.join(problems)}); re-index with "
                   f"`greta-search index`")
    click.echo(f"{index_dir}: ok", err=True)


@click.command("eval")
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
        echo_json(report)
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


@click.command()
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

"""The export verbs of the command line: `batch` (many queries, written as JSON lines, CSV,
Markdown or HTML, with a bibliography) and `cite` (references for reference managers),
registered on the group in `cli.COMMANDS`."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from greta_search.cli import K_RANGE, fail, filter_options, index_option, open_index


@click.command()
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


@click.command()
@click.argument("doc", required=False)
@index_option
@click.option("--format", "fmt", type=click.Choice(["bibtex", "ris", "csljson"]),
              default="bibtex", show_default=True, help="Reference format.")
def cite(doc: str | None, index_dir: Path, fmt: str) -> None:
    """The reference of an indexed document (code prefix; all documents when omitted), for
    reference managers."""
    click.echo(open_index(index_dir).cite(doc, fmt), nl=False)

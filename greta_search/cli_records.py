"""The verbs of the records parsed at index time: statistics tables (`tables`) and legal
provisions (`provision`, `provisions`), registered on the group in `cli.COMMANDS`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from greta_search.cli import (
    checked_query,
    default_format,
    echo_json,
    echo_jsonl,
    echo_wrapped,
    fail,
    filter_options,
    format_option,
    index_option,
    open_index,
)


@click.command()
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
        echo_json(found.to_dicts())
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


@click.command()
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
        echo_json(result.to_dict())
    elif fmt == "jsonl":
        echo_jsonl(matches)
    else:
        click.echo(f"{result.described}: {len(matches)} passage(s)", err=True)
        for match in matches:
            click.echo(click.style(f"{match['rank']}. {match['citation']}", bold=True)
                       + f"  [{match['provision']}]")
            echo_wrapped(match["quote"])
            click.echo()


@click.command()
@click.option("--instrument", default=None, help="Only this instrument (e.g. \"Criminal Code\").")
@index_option
@format_option(("text", "json"))
def provisions(instrument, index_dir, fmt):
    """All instruments and articles cited in the index, with counts."""
    summary = open_index(index_dir).provisions(instrument).to_dicts()
    if (fmt or default_format()) == "json":
        echo_json(summary)
        return
    for entry in summary:
        qs = ", ".join(f"Q{q['question']}" for q in entry["questions"] if q["question"])
        click.echo(click.style(entry["instrument"], bold=True)
                   + f"  {entry['citations']} citation(s)  {qs}")
        for art in entry["articles"]:
            qs = ", ".join(f"Q{q['question']}" for q in art["questions"] if q["question"])
            click.echo(f"   Article {art['article']:<14} {art['citations']:>3}  {qs}")

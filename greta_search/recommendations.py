"""`greta-search recommendations`: GRETA's findings in its evaluation reports ("GRETA urges
/ considers that ... should / invites", "Le GRETA exhorte / considère / invite"), listed
with their citations, or the ones that best match a query (in English or French)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

STRENGTHS = ("urges", "considers", "invites")  # report.STRENGTHS, without importing the parser
FIELDS = ("citation", "doc", "country", "part", "articles", "paragraph", "strength",
          "refers_to", "text")


def recommendation_hits(index, query: str | None = None, k: int = 20, appendix: bool = False,
                        articles: tuple[int, ...] = (), strengths: tuple[str, ...] = (),
                        mode: str = "dense", **filters) -> list[dict]:
    """GRETA's recommendations (or, with `appendix`, the proposals of its appendix lists)
    as hit dicts in document order, or the `k` that best match `query`; `articles` and
    `strengths` narrow them ("urges", "considers", "invites"). A query is matched by
    meaning alone (`mode` "dense") by default: BM25's words, English-stemmed, pull a French
    query towards the French reports only (measured in README, "GRETA's reports")."""
    from greta_search.search import Hit

    kind = "proposal" if appendix else "recommendation"
    if query:
        hits = [h.to_dict() for h in index.search(query, k=k, per_question=0, mode=mode,
                                                  kind=kind, **filters)]
    else:
        chosen = index.filters(filters)
        chunks = index.chunks.where("kind = ?", [kind], accepts=chosen.accepts)
        hits = []
        for chunk in chunks:
            hit = Hit(chunk, 0.0, len(hits) + 1).to_dict()
            hits.append({**hit, "score": None})
    kept = [h for h in hits
            if (not articles or set(articles) & set(h["articles"]))
            and (not strengths or h["strength"] in strengths)]
    for rank, hit in enumerate(kept, start=1):
        hit["rank"] = rank
    return kept


def write_csv(hits: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(FIELDS)
    for hit in hits:
        row = {**hit, "articles": " ".join(map(str, hit["articles"])),
               "refers_to": " ".join(map(str, hit["refers_to"]))}
        writer.writerow([row[f] for f in FIELDS])
    return out.getvalue()


@click.command()
@click.argument("query", required=False)
@click.option("--country", multiple=True,
              help="Only reports on this country (English or French name); repeatable.")
@click.option("--doc", multiple=True, help="Only this report (code prefix); repeatable.")
@click.option("--round", "round_", multiple=True, help="Only this evaluation round.")
@click.option("--article", multiple=True, type=int,
              help="Only findings under this Convention article; repeatable.")
@click.option("--strength", multiple=True, type=click.Choice(STRENGTHS),
              help="Only findings of this strength: urges > considers > invites; repeatable.")
@click.option("--appendix", is_flag=True,
              help="The proposals of the appendix lists, each citing its paragraph.")
@click.option("-k", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="With a QUERY: how many.")
@click.option("--mode", type=click.Choice(("dense", "hybrid", "keyword")), default="dense",
              show_default=True, help="With a QUERY: how it is matched.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
              default="index", envvar="GRETA_SEARCH_INDEX", show_default=True,
              help="Index folder (env GRETA_SEARCH_INDEX).")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "jsonl", "csv")),
              default="text", show_default=True)
def recommendations(query, country, doc, round_, article, strength, appendix, k, mode,
                    index_dir, fmt):
    """GRETA's recommendations in the indexed evaluation reports, with citations; with a
    QUERY (English or French), the ones that match it best."""
    from greta_search import api

    index = api.open_index(index_dir)
    query = api.clean(query, "query") if query else None
    filters = {"country": list(country), "doc": list(doc), "round": list(round_)}
    hits = recommendation_hits(index, query, k, appendix, article, strength, mode, **filters)
    if fmt == "json":
        click.echo(json.dumps(hits, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for hit in hits:
            click.echo(json.dumps(hit, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(write_csv(hits), nl=False)
    else:
        if not hits:
            click.echo("no recommendations found")
        for hit in hits:
            click.echo(click.style(f"{hit['rank']}. {hit['citation']}", bold=True)
                       + f"  [{hit['strength']}]")
            click.echo(f"   {' '.join(hit['text'].split())}\n")

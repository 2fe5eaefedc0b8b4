"""Read query files for `batch` and `eval`: JSONL, CSV, or one query per line."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

HEADER_RE = re.compile(r'^\W?"?query"?\s*,|.*,\s*"?query"?\s*(,|$)')


def read_queries(path: Path) -> list[dict]:
    """Queries from JSONL ({"id", "query"}; other fields kept), CSV (a `query` column and an
    optional `id`) or plain text, one query per line (id = line number). "-" reads stdin."""
    from greta_search.api import GretaSearchError

    try:
        text = path.read_text(encoding="utf-8-sig") if str(path) != "-" else sys.stdin.read()
    except (OSError, UnicodeDecodeError) as err:
        raise GretaSearchError(f"{path}: cannot read queries ({err})") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    if str(path).lower().endswith(".csv") or HEADER_RE.match(first.lower()):
        queries = read_csv_queries(path, text)
    else:
        queries = read_line_queries(path, text)
    if not queries:
        raise GretaSearchError(f"{path}: no queries")
    return [clean_record(path, query) for query in queries]


def clean_record(path: Path, query: dict) -> dict:
    """A query record with its query cleaned (validate.clean_query); warnings on stderr."""
    from greta_search.api import GretaSearchError
    from greta_search.validate import QueryError, clean_query

    try:
        cleaned = clean_query(str(query["query"]), where=f"{path}: query {query['id']}")
    except QueryError as err:
        raise GretaSearchError(str(err)) from None
    for warning in cleaned.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return {**query, "query": cleaned.text}


def read_line_queries(path: Path, text: str) -> list[dict]:
    from greta_search.api import GretaSearchError

    queries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise GretaSearchError(f"{path}:{number}: bad JSON ({err.msg})") from None
            if not str(record.get("query", "")).strip():
                raise GretaSearchError(f"{path}:{number}: no \"query\" field")
            record.setdefault("id", number)
            queries.append(record)
        else:
            queries.append({"id": number, "query": line.strip()})
    return queries


def read_csv_queries(path: Path, text: str) -> list[dict]:
    from greta_search.api import GretaSearchError

    reader = csv.DictReader(io.StringIO(text))
    columns = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    if "query" not in columns:
        raise GretaSearchError(f"{path}: CSV has no \"query\" column")
    queries = []
    for number, row in enumerate(reader, start=2):
        query = (row.get(columns["query"]) or "").strip()
        if query:
            ident = (row.get(columns["id"]) or "").strip() if "id" in columns else ""
            queries.append({"id": ident or number, "query": query})
    return queries

"""Check what a user typed before it reaches the index: queries and filter values.

Rules (README, "Errors and exit codes"):
- control characters (C0/C1, DEL) become spaces; lone surrogates (bytes that were not
  UTF-8 on the command line, or "\\ud800" escapes in JSON) are removed, with a warning;
- a query that is empty after that is an error;
- a query longer than MAX_QUERY_CHARS is cut at the last space before the limit, with a
  warning (the e5 model reads at most 512 tokens, about 2,000 characters, anyway);
- a filter value that matches nothing in the index is an error listing the known values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

MAX_QUERY_CHARS = 2000
MAX_K = 1000
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


class QueryError(ValueError):
    """A query that cannot be searched (empty once cleaned)."""


@dataclass
class CleanQuery:
    """A query ready to search, and what was changed to make it so."""

    text: str
    warnings: list[str] = field(default_factory=list)


def clean_query(text: str, what: str = "query", where: str = "") -> CleanQuery:
    """Remove lone surrogates, turn control characters into spaces, cap the length; raise
    QueryError when nothing is left. Messages start with `where` (e.g. "q.jsonl: query 3")
    or else with `what`."""
    label = where or what
    warnings: list[str] = []
    surrogates = len(SURROGATE_RE.findall(text))
    if surrogates:
        text = SURROGATE_RE.sub("", text)
        warnings.append(f"{label}: removed {surrogates} invalid character(s) (not UTF-8)")
    controls = len(CONTROL_RE.findall(text))
    if controls:
        text = CONTROL_RE.sub(" ", text)
        warnings.append(f"{label}: replaced {controls} control character(s) with spaces")
    text = " ".join(text.split())
    if not text:
        raise QueryError(f"{where}: empty {what}" if where else f"empty {what}")
    if len(text) > MAX_QUERY_CHARS:
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS + 1)
        original = len(text)
        text = text[: cut if cut > 0 else MAX_QUERY_CHARS]
        warnings.append(
            f"{label}: {original:,} characters, cut to the first {len(text):,} "
            f"(limit {MAX_QUERY_CHARS:,})"
        )
    return CleanQuery(text, warnings)


def unknown_filter_values(filters, chunks) -> list[str]:
    """One message per filter value that matches no passage of the index, naming the
    values the index knows. `filters` is a search.Filters, `chunks` the index's
    records.ChunkTable: values are checked against the distinct facet values (SQL
    DISTINCT), never the passages themselves."""
    from greta_search.search import Filters, same_doc, same_numeral, same_round, same_section

    if not filters:
        return []
    problems = []
    checks = [
        ("--doc", "document", filters.doc, ("doc",), lambda v, c: same_doc(v, c.doc),
         lambda c: c.doc),
        ("--country", "country", filters.country, ("country",),
         lambda v, c: Filters(country=[v]).accepts(c), lambda c: c.country),
        ("--round", "round", filters.round, ("round",), lambda v, c: same_round(v, c.round),
         lambda c: c.round),
        ("--part", "part", filters.part, ("part",), lambda v, c: same_numeral(v, c.part),
         lambda c: c.part),
        ("--section", "section", filters.section, ("section", "section_title"), same_section,
         lambda c: c.section and f"{c.section} ({c.section_title})"),
        ("--question", "question", filters.question, ("question",),
         lambda v, c: c.question == v, lambda c: c.question),
    ]
    for flag, noun, values, fields, match, label in checks:
        known = chunks.distinct(fields) if values else []
        if values and fields == ("question",):  # and those a joint answer covers
            known = [*known, *(SimpleNamespace(question=n) for f in chunks.facets().values()
                               for n in f.questions)]
        for value in values:
            if not any(match(value, c) for c in known):
                problems.append(f"{flag} {value}: no such {noun} in the index (known: "
                                f"{known_values(label(c) for c in known)})")
    return problems


def known_values(values: Iterable) -> str:
    """The distinct known values, sorted, shortened when there are many."""
    distinct = sorted({v for v in values if v not in (None, "")}, key=lambda v: (str(type(v)), v))
    if not distinct:
        return "none"
    if distinct and all(isinstance(v, int) for v in distinct) and len(distinct) > 8:
        return f"{distinct[0]}-{distinct[-1]}"
    shown = ", ".join(map(str, distinct[:12]))
    return shown + (f", ... ({len(distinct)} in all)" if len(distinct) > 12 else "")

"""Cross-country comparison: one question (or the best passage for a query) in every
indexed reply, side by side."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace

from greta_search.cite import format_citation
from greta_search.export import md_escape as escape_md
from greta_search.records import ChunkTable
from greta_search.results import Passage
from greta_search.search import Filters, Hit


@dataclass
class Entry:
    """What one document says: its passages for the question or query."""

    doc: str
    country: str | None
    hits: list[Hit] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(h.chunk.text for h in self.hits)

    @property
    def citation(self) -> str:
        """The single passage's citation, or the question's (with its item when all passages
        share one, and the page range)."""
        first, last = self.hits[0].chunk, self.hits[-1].chunk
        if len(self.hits) == 1:
            return first.citation
        item = first.item if all(h.chunk.item == first.item for h in self.hits) else None
        return format_citation(first.doc, first.part, first.section, first.articles,
                               first.question, item, page=first.page, page_end=last.page_end)

    def to_dict(self) -> dict:
        return {
            "doc": self.doc,
            "country": self.country,
            "citation": self.citation,
            "text": self.text,
            "passages": [h.to_dict() for h in self.hits],
        }


def compare_question(chunks: ChunkTable, number: int, filters: Filters | None = None):
    """The passages of question `number` in each document, in document order (only the
    records of that question that pass the filters are read)."""
    entries: dict[str, Entry] = {}
    for chunk in chunks.where("question = ?", [number], filters.accepts if filters else None):
        entry = entries.setdefault(chunk.doc, Entry(chunk.doc, chunk.country))
        entry.hits.append(Passage(chunk, float("nan"), len(entry.hits) + 1))
    return list(entries.values())


def compare_query(searcher, query: str, filters: Filters | None = None) -> list[Entry]:
    """The best passage for `query` in each document (documents in index order, found
    from the facets)."""
    entries = []
    base = filters or Filters()
    for doc, country in searcher.chunks.documents(filters.accepts if filters else None):
        scoped = replace(base, doc=[doc])
        hits = [h for h in searcher.search(query, k=1, filters=scoped) if h.chunk.doc == doc]
        if hits:
            entries.append(Entry(doc, country, hits))
    return entries


def to_markdown(entries: list[Entry], heading: str) -> str:
    """A Markdown table: one row per document."""
    lines = [f"## {escape_md(heading)}", "", "| Country | Document | Answer | Citation |",
             "| --- | --- | --- | --- |"]
    for e in entries:
        answer = "<br>".join(escape_md(t) for t in e.text.split("\n"))
        lines.append(f"| {escape_md(e.country or '')} | {escape_md(e.doc)} | {answer} | "
                     f"{escape_md(e.citation)} |")
    return "\n".join(lines) + "\n"


def to_csv(entries: list[Entry]) -> str:
    """One row per document: doc, country, citation, text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["doc", "country", "citation", "text"])
    for e in entries:
        writer.writerow([e.doc, e.country or "", e.citation, e.text])
    return out.getvalue()

"""Typed results of the Python API: lists of hits, passages in document order, tables,
comparisons and provision look-ups. `to_dict()` gives exactly the CLI's JSON; `to_pandas()`
needs the optional `pandas` extra."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from greta_search.search import Hit


def _pandas():
    from greta_search.api import GretaSearchError

    try:
        import pandas
    except ImportError:
        raise GretaSearchError(
            "to_pandas needs pandas: pip install 'greta-search[pandas]'") from None
    return pandas


class Records(list):
    """A list of result objects (or plain dicts) that converts as a whole."""

    def to_dicts(self) -> list[dict]:
        return [r if isinstance(r, dict) else r.to_dict() for r in self]

    def to_dict(self) -> list[dict]:
        """The CLI's JSON for the whole list."""
        return self.to_dicts()

    def to_pandas(self):
        """One row per result, the JSON fields as columns."""
        return _pandas().DataFrame(self.to_dicts())


class Hits(Records):
    """Ranked passages (`search`, `ask` passages): a list of `Hit`."""


@dataclass
class Passage(Hit):
    """A passage listed in document order rather than ranked (`show`, `provision`): its
    score is null, and `extra` carries the fields the listing adds."""

    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "score": None, **self.extra}


@dataclass
class ProvisionMatches:
    """The passages citing a provision (`provision`), in document order."""

    lookup: str
    instrument: str | None
    article: str | None
    matches: Hits

    @property
    def described(self) -> str:
        """The provision as recognised: "Article 144-1 of the Criminal Code"."""
        from greta_search.provisions import Lookup

        return str(Lookup(self.instrument, self.article))

    def to_dict(self) -> dict:
        return {"lookup": self.lookup, "instrument": self.instrument, "article": self.article,
                "matches": self.matches.to_dicts()}

    def to_pandas(self):
        return self.matches.to_pandas()


@dataclass
class Table:
    """A statistics table of one document (`tables`), with the passage it was parsed from."""

    doc: str
    citation: str
    table: object  # tables.StatTable
    chunk: object  # chunk.Chunk

    def __getattr__(self, name: str):
        if name.startswith("_") or "table" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["table"], name)

    def to_dict(self) -> dict:
        return {"doc": self.doc, "citation": self.citation, **self.table.to_dict()}

    def to_pandas(self):
        """The table as a DataFrame: one row per table row, indexed by its key column
        (years), cells as numbers where they are numbers, else as text."""
        columns = self.table.columns
        rows = [[c.value if c.value is not None else c.text
                 for c in (r.cells[name] for name in columns)] for r in self.table.rows]
        return _pandas().DataFrame(rows, columns=columns).set_index(columns[0])

    def series(self) -> dict[str, list]:
        """Every numeric column with at least two values, by year: {column: [value|None]}
        over `years()`."""
        rows = [r for r in self.table.rows if r.year]
        out = {}
        for column in self.table.columns[1:]:
            values = [r.cells[column].value if column in r.cells else None for r in rows]
            values = [None if v is None or math.isnan(v) else v for v in values]
            if sum(v is not None for v in values) >= 2:
                out[column] = values
        return out

    def years(self) -> list[int]:
        return [r.year for r in self.table.rows if r.year]

    def plot(self, path: Path | None = None, fmt: str = "png"):
        """Draw the yearly series (matplotlib, the `plot` extra): to `path`, or return the
        image as bytes (`fmt` png or svg)."""
        from greta_search.plot import draw_table

        return draw_table(self, path, fmt)


class Tables(Records):
    """Statistics tables: a list of `Table`."""

    def to_pandas(self):
        """One table's DataFrame, or all of them stacked under a (doc, number) index."""
        if len(self) == 1:
            return self[0].to_pandas()
        pd = _pandas()
        return pd.concat([t.to_pandas() for t in self],
                         keys=[(t.doc, t.table.number) for t in self], names=["doc", "table"])


@dataclass
class Comparison:
    """One question (or the best passage for a query) in every document (`compare`)."""

    target: str
    heading: str
    entries: list  # compare.Entry
    by_question: bool

    def to_dict(self) -> dict:
        return {"target": self.target, "documents": [e.to_dict() for e in self.entries]}

    def to_markdown(self) -> str:
        from greta_search import compare

        return compare.to_markdown(self.entries, self.heading)

    def to_csv(self) -> str:
        from greta_search import compare

        return compare.to_csv(self.entries)

    def to_pandas(self):
        return _pandas().DataFrame(
            [{k: v for k, v in e.to_dict().items() if k != "passages"} for e in self.entries])

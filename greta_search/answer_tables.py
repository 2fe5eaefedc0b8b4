"""Answers from statistics tables (`greta_search.tables` records, whatever layout they were
read from).

The table is the one whose measure the question names (`greta_search.table_rank`, among
the tables in scope: `greta_search.table_entries`). Words are matched in the
questionnaire's statistics vocabulary (`greta_search.measures`: "indicted" is prosecuted,
"criminal cases initiated" are investigations). The row is the year (or label) asked; the
column is the one the question names, else the table's total, else its only column, else
male + female added (`greta_search.table_columns`). A table that lacks an age band, sex,
nationality, form of exploitation, article or unit the question names does not answer
(`refusal`): another table of the same measure may.

The answer is the cell as printed with its place: "46 persons (Table 1, 2025, Total)", "58
(table in Q5 ¶2, 2023, Victims granted free legal aid)"; the evidence is the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from greta_search.acronyms import acronyms_in, expand
from greta_search.answer_types import RANGE_RE, Question, Weights, weights_of
from greta_search.chunk import Chunk
from greta_search.currency import defined as defined_currencies
from greta_search.currency import document_currencies
from greta_search.measures import measure_terms
from greta_search.search import Filters, Searcher
from greta_search.table_agree import disagreement
from greta_search.table_columns import COUNT_RE, cells_text, column_choice, filled, row_evidence
from greta_search.table_entries import (
    GENERIC_COLUMNS,
    TableEntry,
    figure_places,
    tables_of,
    text_of,
)
from greta_search.table_rank import meanings, rank_tables
from greta_search.table_rows import caption_covers, named_rows, period_rows, total_row
from greta_search.table_scope import (
    MONEY_ASKED_RE,
    asks_share,
    holds_shares,
    missing_articles,
    missing_parts,
    unit_missing,
    unit_named,
    without_age_words,
    without_currency,
    without_nationalities,
)
from greta_search.tables import Row, parse_number


@dataclass
class TableAnswer:
    """A table cell (or column) that answers a question, with what the confidence model
    needs: how well the measure matched, its lead over the next table (by the whole match
    and by the table's own measure alone), a named column."""

    entry: TableEntry
    row: Row | None
    columns: list[str]
    text: str
    span: str | None
    evidence: str
    features: dict[str, float] = field(default_factory=dict)
    note: str | None = None
    confidence: float = 0.0

    @property
    def match(self) -> float:
        return self.features.get("match", 0.0)


def table_words(answer: TableAnswer) -> str:
    """What a table answer's table writes: its passage (caption, names, rows) and the
    bullet above it."""
    chunk = answer.entry.chunk
    return "\n".join(filter(None, [chunk.text, chunk.item_text, answer.entry.table.description]))


def range_total(question: Question, rows: list[Row], spans: list[str | None]) -> str | None:
    """The sum of a count over the years of a range the question asks ("how many ... in
    2020-2025"), as the table prints its thousands, or None."""
    if (len(rows) < 2 or any(r.year is None for r in rows) or not RANGE_RE.search(question.text)
            or not COUNT_RE.search(question.text)):
        return None
    values = [parse_number(s) if s else None for s in spans]
    if any(v is None or v != int(v) for v in values):
        return None
    return f"{int(sum(values)):,}"  # type: ignore[arg-type]


def asked_rows(entry: TableEntry, question: Question) -> list[Row] | None:
    """The rows the question asks for: the row of each year asked, else of the period
    asked ("FY2021/22"), else, in a table of the one year asked by its caption, the row
    the question names or the total (`greta_search.table_rows`); None when a year asked
    has no row. With no year asked, the row (no year) the question names, if any."""
    table = entry.table
    if not question.years:
        return named_rows(table, question.text)[:1]
    rows = [table.row(year) for year in question.years]
    if all(rows):
        return rows
    found = period_rows(table, question.text)
    if found:
        return found
    described = [table.caption, table.description or "", entry.chunk.item_text or ""]
    if caption_covers(table, described, question.years):
        named = named_rows(table, question.text)[:1]
        total = total_row(table)
        return named or ([total] if total else None)
    return None


def refusal(entry: TableEntry, question: Question, weights: Weights | None = None) -> str | None:
    """Why this table cannot answer the question although it holds its measure, or None: an
    article the question names that the table's labels do not cover ("Article 171-3" for a
    table of Articles 171-2 and 171-4), a part of the measure it has no figure for (an age
    band, a sex, a nationality, a form of exploitation: its total would be another figure),
    a share when it has no percentages, an amount in a currency none of its columns is in;
    with `weights`, also a column it would answer from that is not what the question asks
    (another side of the measure, an amount for a count, a part it does not give:
    `table_agree`)."""
    table = entry.table
    place = f"{table.name} ({entry.chunk.citation})"
    articles = missing_articles(question.text, text_of(entry))
    if articles:
        return f"{place} does not cover Article {', '.join(articles)}"
    parts = missing_parts(question.text, *figure_places(entry))
    if parts:
        return f"{place} has no figure for {', '.join(parts)}"
    data = [c for c in table.columns[1:] if not GENERIC_COLUMNS.match(c) or c == "Total"]
    unit = unit_missing(question.text, table, data, entry.currencies)
    if unit:
        return f"{place} gives no {unit}"
    if weights is not None:
        choice = column_choice(entry, question, weights)
        columns = choice[0] if choice else table.columns[1:2]
        named = [r.label for r in asked_rows(entry, question) or [] if r.year is None]
        why = disagreement(question.text, entry, columns, named)
        if why:
            return f"{place} {why}"
    return None


def table_answer(
    question: Question, searcher: Searcher, filters: Filters | None, ranks: dict[int, int],
    alternative: int = 0,
) -> tuple[TableAnswer | None, str | None, Chunk | None]:
    """The table cell that answers the question, or None with a note saying why not; and
    the passage of the table that matches the question's measure best, if one does. The
    answer's `features` feed the confidence model (`greta_search.confidence`).
    `alternative` n > 0 answers instead from the n-th next table that matches well enough
    to answer (what the confidence model is also trained on: tables that were not chosen)."""
    from greta_search.confidence import probability

    weights = weights_of(searcher)
    # The question in the statistics vocabulary the tables are read in (`measures`).
    # The currency of an amount asked ("in euro") is its unit, not its measure.
    entries = tables_of(searcher, filters)
    # An acronym the documents define reads as its name, as in the tables' words.
    names: dict[str, str] = {}
    for doc in dict.fromkeys(e.chunk.doc for e in entries):
        names = acronyms_in(searcher, doc, question.text) | names
    money: dict[str, str] = {}
    if MONEY_ASKED_RE.search(question.text):
        # An amount asked: the currencies each table's document defines, read once.
        for e in entries:
            if e.currencies is None:
                e.currencies = {**document_currencies(searcher, e.chunk.doc),
                                **defined_currencies(e.chunk.text)}
            money |= e.currencies
    text = question.text
    question = replace(question, terms=list(measure_terms(
        without_nationalities(without_age_words(without_currency(expand(question.text, names),
                                                                 money))))))
    # Numbers, ranges and periods ("18-25", "FY2021/22") pick a cell, not a table.
    wanted = [t for t in question.terms if not re.fullmatch(r"[\d,.–-]+|fy\d{0,4}", t)]
    if not entries or not wanted:
        return None, None, None
    # The words of a row the question names (a unit, a region) are found in its table.
    rows = {id(e): set(measure_terms(" ".join(r.label for r in named_rows(e.table, text)[:1])))
            for e in entries}
    ranked = rank_tables(wanted, entries, weights, ranks, rows)
    if ranked[0].match < 0.5:
        return None, None, None
    # Tables of the measure that lack what the question names beside it give way to one of
    # the same measure that has it, or leave the question to the text.
    refused = {id(c): refusal(c.entry, question, weights) for c in ranked if c.match >= 0.5}
    usable = [c for c in ranked if c.match >= 0.5 and not refused[id(c)]
              and c.precision >= ranked[0].precision - 0.05]
    if not usable:
        return None, refused[id(ranked[0])], ranked[0].entry.chunk
    best = usable[0]
    choice = column_choice(best.entry, question, weights)
    if choice is None or not choice[1]:
        # The question names no column of this table (or none answers): another table of
        # the same measure may have it (a breakdown by age beside the table of totals).
        for other in usable[1:]:
            found = column_choice(other.entry, question, weights)
            if found is not None and (found[1] or choice is None):
                best, choice = other, found
                break
    gave_way = ranked[0]
    if alternative:
        others = [c for c in ranked if c is not best and c.match >= 0.5 and not refused[id(c)]]
        if len(others) < alternative:
            return None, None, None
        best, gave_way = others[alternative - 1], None
        choice = column_choice(best.entry, question, weights)
    columns, named = choice or (best.entry.table.columns[1:2], False)
    # The margin is over the tables of other measures: a table that gave way to one of the
    # same measure with the column asked is not its rival (and an alternative's is <= 0).
    runner_up = max((c.choice for c in ranked if c is not best and c is not gave_way),
                    default=0.0)
    entry = best.entry
    table = entry.table
    # The lead in meaning over the other tables in scope (0 when it has none).
    near = meanings(question, searcher, ranked)
    rival = max((v for k, v in near.items() if k != id(best)), default=None)
    features = {
        "meaning": near[id(best)] - rival if id(best) in near and rival is not None else 0.0,
        "match": best.match,
        "precision": best.precision,
        "margin": min(1.0, max(-1.0, (best.choice - runner_up) * 4)),  # < 0: not the first
        "lead": best.lead,
        "named": float(named),
        "guess": float(choice is None),  # no column named, no total, no sexes: the first
        "retrieved": best.retrieved,
        "aligned": float(entry.aligned),
        "year": float(bool(question.years)),
        "count": float(bool(COUNT_RE.search(question.text))),
        "unit": unit_named(question.text, table, columns, entry.currencies),
    }
    if asks_share(question.text) and not holds_shares(table, columns):
        return None, None, entry.chunk  # a share asked: counts are not one
    name = table.name
    asked = asked_rows(entry, question)
    if asked is None:
        missing = [y for y in question.years if table.row(y) is None]
        have = [r.year for r in table.rows if r.year is not None]
        span = f"{min(have)}-{max(have)}" if have else "no years"
        note = (f"{name} ({entry.chunk.citation}) matches the measure but has no row for "
                f"{', '.join(map(str, missing))} (rows {span})")
        return None, note, entry.chunk
    if not entry.aligned and columns != ["Total"]:
        # Cells that may sit under the wrong column: give the row as printed.
        columns = [c for c in table.columns[1:] if c != "Total"]
        features["aligned"] = 0.0
    if asked:
        rows = asked
        pieces, spans, labels = [], [], []
        for row in rows:
            if not any(filled(row.cells[c]) for c in columns):
                note = f"{name} ({entry.chunk.citation}) has no figure for {row.label}"
                return None, note, entry.chunk
            text, span, label = cells_text(row, columns, question)
            if not entry.aligned and columns != ["Total"]:
                label = None
            pieces.append(text if len(rows) == 1 else f"{row.label}: {text}")
            spans.append(span)
            labels.append(label)
        place = ", ".join(filter(None, [name, ", ".join(r.label for r in rows),
                                        labels[0] if len(set(labels)) == 1 else None]))
        text = f"{'; '.join(pieces)} ({place})"
        total = range_total(question, rows, spans)
        if total is not None:  # "in 2020-2025": the years' sum, each year shown
            text, spans = f"{total} in {rows[0].label}-{rows[-1].label}: {text}", [total]
        answer = TableAnswer(entry, rows[0], columns, text, spans[0] if len(spans) == 1 else None,
                             "\n".join(row_evidence(table, r) for r in rows), features)
        answer.confidence = probability("table", features)
        return answer, None, entry.chunk
    if not COUNT_RE.search(question.text) or best.match < 0.8:
        return None, None, entry.chunk
    # No year asked: the whole column, year by year.
    pieces, label = [], None
    for row in table.rows:
        if any(filled(row.cells[c]) for c in columns):
            text, _, label = cells_text(row, columns, question)
            pieces.append(f"{row.label}: {text}")
    if not pieces:
        return None, None, entry.chunk
    place = ", ".join(filter(None, [name, label if label and "+" not in label else None]))
    text = f"{'; '.join(pieces)} ({place})"
    features["year"] = 0.0
    answer = TableAnswer(entry, None, columns, text, None,
                         "\n".join(row_evidence(table, r) for r in table.rows), features)
    answer.confidence = probability("table", features)
    return answer, None, entry.chunk

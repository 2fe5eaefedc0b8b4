"""Answers from statistics tables (`greta_search.tables` records, whatever layout they were
read from).

The table is the one whose measure the question names: the question's words against each
table's description (the bullet or bullets above it: a bullet answered by the next table,
such as "the number of investigations ..." above "the number of prosecutions ...", is read
with it), caption and column names, weighted by how rare each word is; tables that share
their columns are told apart by their own measure (how much of it the question names,
against the best other table), which outweighs the rank retrieval gave them. Words are
matched in the questionnaire's statistics vocabulary (`greta_search.measures`: "indicted" is
prosecuted, "criminal cases initiated" are investigations), and how near the question comes
in meaning (e5) to the table's own labels, against the other tables, is a feature of the
confidence. A table with its years across the top is read as one row per year. The row is the year
(or label) asked. The column is the one the question names ("female", "forced labour",
"submitted"; whole rather than in part, in the unit asked: `column_score`,
`table_scope.in_unit`), else the table's total, else its only column, else male + female
added (the answer says which cells were added). A table that lacks an age band, sex,
nationality, form of exploitation, article or unit the question names does not answer
(`refusal`): another table of the same measure may. A cell holding a breakdown ("12
persons 18-25 46 persons 25-35") gives the part the question names ("aged 18-25").

A column that narrows the thing counted is preferred to the thing alone ("Rejected" beside
"Applications" for "how many applications were rejected": `narrower`). A table typed
without a caption is read too (`greta_search.untitled`): the sentence introducing it
describes it, its question's text adds to its words.

The answer is the cell as printed with its place: "46 persons (Table 1, 2025, Total)", "58
(table in Q5 ¶2, 2023, Victims granted free legal aid)"; the evidence is the row.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, replace

from greta_search.acronyms import acronyms_in, expand, passage_acronyms
from greta_search.answer_scope import tables_pass
from greta_search.answer_types import Question, Weights, terms, weights_of
from greta_search.chunk import Chunk
from greta_search.measures import measure_terms, needed
from greta_search.numbers import NUMBER, number_value
from greta_search.search import Filters, Searcher
from greta_search.spans import NUMBER_RE
from greta_search.table_scope import (
    MONEY_ASKED_RE,
    age_bands,
    asks_duration,
    asks_share,
    column_currencies,
    counted_head,
    holds_shares,
    in_unit,
    missing_articles,
    missing_parts,
    narrower,
    unasked_part,
    unit_missing,
    unit_named,
    without_age_words,
    without_currency,
)
from greta_search.tables import Cell, Row, StatTable, tables_in_passage
from greta_search.untitled import is_untitled, untitled_tables

COUNT_RE = re.compile(r"\bhow\s+many\b|\bnumber\s+of\b", re.IGNORECASE)
GENERIC_COLUMNS = re.compile(r"^(?:years?|value|column \d+|total)$", re.IGNORECASE)
GENDER_RE = re.compile(r"^(?:gender|sex)\s*/\s*", re.IGNORECASE)
# A column of one sex, under a "Gender"/"Sex" heading or alone ("male", "women").
SEX_COLUMN_RE = re.compile(r"^(?:(?:gender|sex)\s*/\s*)?(?:male|female|men|women|boys|girls)$",
                           re.IGNORECASE)
MONEY_COLUMN_RE = re.compile(r"\bamount|\bsum\b|\b(?:EUR|USD|AZN|euros?|manats?|dollars?)\b|[€$£]",
                             re.IGNORECASE)
# A part of a breakdown cell: "12 persons 18-25", "89 persons – Azerbaijan", "25–35: 9 persons"
# (an age band's dash: hyphen, en or em dash, as table_scope.AGE_BAND_RE reads them).
PART_RE = re.compile(r"\d[\d,]*\s+persons?\b|\d{1,2}\s*[-–—]\s*\d{1,2}\s*:")
# Where a breakdown cell splits into parts: before a count ("... 12 persons 18-25") unless
# the count follows its band's colon ("25-35: 9 persons"), after a comma before a number, or
# before a band and its colon.
SEGMENT_SPLIT_RE = re.compile(r"(?:,\s*|(?<![:\s])\s+)(?=\d[\d,]*\s+persons?\b)|,\s+(?=\d)"
                              r"|\s+(?=\d{1,2}\s*[-–—]\s*\d{1,2}\s*:)")
PART_COUNT_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s+persons?\b")


@dataclass
class TableEntry:
    """A parsed statistics table with the passage it came from and its terms."""

    table: StatTable
    chunk: Chunk
    terms: set[str]
    cores: list[list[str]]  # what the table counts, per bullet describing it
    aligned: bool = True  # whether cells can be trusted to sit under their column names


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


_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def core_measure(description: str) -> str:
    """What a table counts, without its qualifiers: "the number of presumed victims and
    identified victims of human trafficking, understood as ..." -> up to the first comma
    or parenthesis."""
    return re.split(r"[,(;]", description, maxsplit=1)[0]


def aligned_layout(table: StatTable) -> bool:
    """Whether a table read without TABs (from a PDF) still has its cells under the right
    columns: no data wider than the header ("Column 8"), and no single column holding a
    whole row of figures."""
    data = table.columns[1:]
    if any(re.fullmatch(r"Column \d+", c) for c in data) and len(data) > 1:
        return False
    crowded = any(len(NUMBER_RE.findall(row.cells[c].text)) >= 3 for row in table.rows
                  for c in data if c != "Total")
    return not (crowded and len([c for c in data if c != "Total"]) == 1)


LABEL_RE = re.compile(r"^\(\w+\)\s*")  # "(12) " before an item listed above
YEAR_COLUMN_RE = re.compile(r"(?:19|20)\d{2}")


def by_year(table: StatTable) -> StatTable:
    """A table with its years across the top ("\t2019\t2020" over rows "Investigations",
    "Persons prosecuted") turned to have a row per year and a column per measure, as every
    other table has; any other table as it is."""
    years = [c for c in table.columns[1:] if YEAR_COLUMN_RE.fullmatch(c)]
    if len(years) < 2 or any(r.year is not None for r in table.rows) or not table.rows:
        return table
    key = table.columns[0]
    labels = [r.label or f"Row {i}" for i, r in enumerate(table.rows, start=1)]
    columns = [key, *dict.fromkeys(labels)]
    rows = [Row(int(year), year, {key: Cell(year)} | {label: row.cells[year] for label, row
                                                     in zip(labels, table.rows, strict=True)})
            for year in years]
    return StatTable(table.number, table.caption, table.description, columns, rows)


def tables_of(searcher: Searcher, filters: Filters | None = None) -> list[TableEntry]:
    """The statistics tables of the passages the filters let through, in index order. From
    the lazily-read store only the passages with a caption-like line (see
    `records.has_caption`) or of kind "table" (a table typed without a caption, read with
    the passage before it: `untitled`) are read, each parsed once per searcher; a plain list
    of passages is scanned once."""
    chunks = searcher.chunks
    if not hasattr(chunks, "where"):
        if searcher not in _TABLES:
            _TABLES[searcher] = [
                e for before, chunk in zip([None, *chunks], chunks, strict=False)
                for e in _table_entries(chunk, before, searcher)]
        return [e for e in _TABLES[searcher] if tables_pass(filters, e.chunk)]
    parsed = _TABLES.setdefault(searcher, {})
    found = []
    sql = "caption = 1 OR kind = 'table'"  # a typed table may have no caption (`untitled`)
    scope = (chunks.where(sql, [], filters.accepts, filters.doc_test()) if filters
             else chunks.where(sql))
    for chunk in scope:
        if chunk.position not in parsed:
            before = (chunks.many([chunk.position - 1])[0]
                      if chunk.position and is_untitled(chunk) else None)
            parsed[chunk.position] = _table_entries(chunk, before, searcher)
        if tables_pass(filters, chunk):
            found += parsed[chunk.position]
    return found


def _table_entries(chunk: Chunk, before: Chunk | None, searcher: Searcher) -> list[TableEntry]:
    """The statistics tables of one passage with their terms and measures; a table typed
    without a caption is described by the passage `before` it (`untitled`) and its
    question. The acronyms its document defines (read through `searcher`, only for a
    passage that holds a table) are written out in its words ("the CVCB":
    `greta_search.acronyms`)."""
    tables = untitled_tables(chunk, before) if is_untitled(chunk) else \
        tables_in_passage(chunk.text, chunk.item_text) if "table" in chunk.text.lower() else []
    names = passage_acronyms(searcher, chunk, before) if tables else {}
    found = []
    for table in map(by_year, tables):
        bullets = [b for b in (table.description or "").split("\n") if b.strip()]
        if chunk.item_text and table.description != chunk.item_text:
            bullets.append(chunk.item_text)
        bullets += [LABEL_RE.sub("", b) for b in (chunk.items_before or "").split("\n")
                    if b.strip()]
        # A table without a caption: its question says what it is about (not what it counts).
        about = [chunk.question_text or ""] if not table.number else [table.caption]
        words = expand(" ".join([*bullets, *about, *table.columns]), names)
        cores = [list(measure_terms(expand(core_measure(b), names))) for b in bullets]
        found.append(TableEntry(table, chunk, set(measure_terms(words)), [c for c in cores if c],
                                "\t" in chunk.text or aligned_layout(table)))
    return found


def is_sex_column(column: str) -> bool:
    return bool(GENDER_RE.match(column) or SEX_COLUMN_RE.match(column))


def _column_choice(entry: TableEntry, question: Question,
                   weights: Weights) -> tuple[list[str], bool] | None:
    """The columns to answer from and whether the question named them: the column of the
    age range asked, else of the amount asked ("how much": "Amount awarded (EUR)", in the
    currency asked), else the column the question names best (`column_score`), else the
    total, the only column or the sexes added. A column of a part the question does not
    name ("Labour exploitation"), or of percentages for a count, is not a candidate. None
    when the question names no column and the table has no total (one of its columns would
    be a guess)."""
    table = entry.table
    data = table.columns[1:]
    asked_ages = age_bands(question.text, question=True)
    for column in data:
        if asked_ages & age_bands(column):
            return [column], True
    wanted = set(question.terms) | set(terms(question.text))
    head = counted_head(question.text)
    counted = set(terms(head)) | set(measure_terms(head))
    candidates = in_unit(question.text, table, [c for c in data if not GENERIC_COLUMNS.match(c)
                                                and not unasked_part(c, question.text)],
                         counts=bool(COUNT_RE.search(question.text)))
    money = [c for c in candidates if MONEY_COLUMN_RE.search(c) or column_currencies(table, c)]
    if MONEY_ASKED_RE.search(question.text) and money:
        candidates = money
    best, best_score = None, 0.0
    for column in candidates:
        score = column_score(GENDER_RE.sub("", column), wanted, counted, weights)
        if score > best_score:
            best, best_score = column, score
    if best is not None:
        best = narrower(best, candidates, wanted, counted) or best
    if best is None and candidates and (candidates is money or asks_share(question.text)
                                        or asks_duration(question.text)):
        best = candidates[0]
    if best is None and asked_ages:
        best = next((c for c in data if c.lower().startswith("age")), None)
    if best is not None:
        return [best], True
    if "Total" in data:
        return ["Total"], False
    if len(data) == 1:
        return data, False
    sexes = [c for c in data if is_sex_column(c)]
    if len(sexes) >= 2:
        return sexes, False
    return None


def column_score(label: str, wanted: set[str], counted: set[str], weights: Weights) -> float:
    """How well the question names a column: the share of the column's words (by weight)
    the question holds, times their weight, the thing the question counts weighing twice
    ("inspections" of "how many inspections concerning illegal work"); in the column's own
    words or in the statistics vocabulary ("Criminal cases opened" is also "investigations"),
    the better of the two. A column named only in part ("Workers found working illegally")
    loses to the one named whole ("Inspections")."""
    best = 0.0
    for own in (set(terms(label)), set(measure_terms(label))):
        total = sum(weights.idf(t) for t in own)
        shared = sum(weights.idf(t) for t in own & wanted)
        if total:
            best = max(best, shared / total * (shared + sum(weights.idf(t)
                                                            for t in own & wanted & counted)))
    return best


def _text_of(entry: TableEntry, cells: bool = True) -> str:
    """What a table says: caption, the bullets above it, column names, row labels and (with
    `cells`) every cell."""
    table = entry.table
    parts = [table.caption, table.description or "", entry.chunk.item_text or "",
             entry.chunk.items_before or "", *table.columns, *(r.label or "" for r in table.rows)]
    if cells:
        parts += [cell.text for row in table.rows for cell in row.cells.values()]
    return "\n".join(parts)


def refusal(entry: TableEntry, question: Question) -> str | None:
    """Why this table cannot answer the question although it holds its measure, or None: an
    article the question names that the table's labels do not cover ("Article 171-3" for a
    table of Articles 171-2 and 171-4), a part of the measure it has no figure for (an age
    band, a sex, a nationality, a form of exploitation: its total would be another figure),
    a share when it has no percentages, an amount in a currency none of its columns is in."""
    table = entry.table
    place = f"{table.name} ({entry.chunk.citation})"
    articles = missing_articles(question.text, _text_of(entry, cells=False))
    if articles:
        return f"{place} does not cover Article {', '.join(articles)}"
    parts = missing_parts(question.text, _text_of(entry))
    if parts:
        return f"{place} has no figure for {', '.join(parts)}"
    data = [c for c in table.columns[1:] if not GENERIC_COLUMNS.match(c) or c == "Total"]
    unit = unit_missing(question.text, table, data)
    if unit:
        return f"{place} gives no {unit}"
    return None


def segment(text: str, question: Question) -> str | None:
    """The part of a breakdown cell the question names: "12 persons 18-25" of "1 persons –
    child 12 persons 18-25 46 persons 25-35" for "aged 18-25"; None when the cell is not a
    breakdown or the question names none of its parts."""
    parts = [p.strip(" ,;") for p in SEGMENT_SPLIT_RE.split(text) if p.strip(" ,;")]
    if len(parts) < 2 or not all(PART_RE.match(p) for p in parts):
        return None
    ages = age_bands(question.text, question=True)
    wanted = set(question.terms)
    for part in parts:
        if ages and age_bands(part) & ages:
            return part
    for part in parts:
        own = set(terms(re.sub(r"\d", " ", part))) - {"person"}
        if own and own & wanted:
            return part
    return None


def cell_number(text: str) -> str | None:
    """The leading number of a cell's text ("46" of "46 persons", "12 977" of "12 977
    inspections")."""
    match = re.match(rf"\s*({NUMBER})", text)
    return match.group(1) if match else None


def _value(cell: Cell) -> int | float | None:
    """A cell's number, a dash counting as 0."""
    if cell.value is not None:
        return cell.value
    if cell.text.strip() in {"-", "–", "—", "−"}:
        return 0
    value = number_value(number) if (number := cell_number(cell.text)) else None
    return value if isinstance(value, int) else None


def _cells_text(row: Row, columns: list[str],
                question: Question) -> tuple[str, str | None, str | None]:
    """The answer from one row: the printed cell (or the part of it the question names, or
    the sum of the gender cells), the single number in it, and the label of its column."""
    cells = [(c, row.cells[c]) for c in columns]
    if len(cells) == 1:
        column, cell = cells[0]
        part = segment(cell.text, question)
        label = GENDER_RE.sub("", column) if not GENERIC_COLUMNS.match(column) \
            or column == "Total" else None
        if part:
            count = PART_COUNT_RE.search(part)  # "25-35: 9 persons": the count, not the band
            return part, count.group(1) if count else cell_number(part), label
        return cell.text, cell_number(cell.text), label
    if all(is_sex_column(c) for c, _ in cells):
        values = [_value(cell) for _, cell in cells]
        added = " + ".join(f"{GENDER_RE.sub('', c)} {cell.text or '–'}" for c, cell in cells)
        if all(v is not None for v in values):
            total = sum(values)  # type: ignore[arg-type]
            return str(total), str(total), added
        return ", ".join(f"{GENDER_RE.sub('', c)} {cell.text or '–'}" for c, cell in cells), \
            None, "Gender"
    return " ".join(cell.text for _, cell in cells if cell.text), None, None


def row_evidence(table: StatTable, row: Row) -> str:
    """A row as printed, each cell with its column: "Table 1, 2025: Total 46 persons;
    Gender / male -; ..."."""
    cells = [f"{c} {row.cells[c].text}" for c in table.columns[1:] if row.cells[c].text]
    name = table.name
    return f"{name}, {row.label}: " + "; ".join(cells)


def _filled(cell: Cell) -> bool:
    return bool(cell.text.strip())


@dataclass
class Candidate:
    """A table weighed against a question: `match` (the question's words found among the
    table's description, caption and columns, more when its own measure is named, a little
    more when retrieval ranked it), `precision` (the share of the table's own measure the
    question names), `lead` (that precision against the best other table's) and `choice`,
    the score the answering table is chosen by."""

    entry: TableEntry
    match: float
    precision: float
    retrieved: float
    lead: float = 0.0
    choice: float = 0.0


# How much the lead of a table's own measure over every other table's counts in the choice:
# a table that retrieval ranks first but whose measure the question does not name (the
# asylum-procedure table for "identified victims aged 18-25") loses to the one it names.
# Chosen on the tuning half of tests/data/qa.jsonl (263 questions, three replies): from 0.2
# to 1.5 the table answers are the same (76 right, 3 wrong); 0.1 gives 75 and 4, 0 (the
# choice before) 73 and 6.
LEAD_WEIGHT = 0.5


def rank_tables(wanted: list[str], entries: list[TableEntry], weights: Weights,
                ranks: dict[int, int]) -> list[Candidate]:
    """The tables, best first by `choice`: the words matched, plus the lead of the table's
    own measure over the others'."""
    asked = set(wanted)
    found = []
    for entry in entries:
        recall = weights.recall(needed(wanted, entry.terms), entry.terms)
        precision = max((weights.recall(core, asked) for core in entry.cores), default=0.0)
        rank = ranks.get(entry.chunk.position)
        retrieved = 1.0 / (1.0 + rank) if rank is not None else 0.0
        found.append(Candidate(entry, recall * (0.7 + 0.3 * precision) + 0.1 * retrieved,
                               precision, retrieved))
    for candidate in found:
        rival = max((c.precision for c in found if c is not candidate), default=0.0)
        candidate.lead = candidate.precision - rival
        candidate.choice = candidate.match + LEAD_WEIGHT * candidate.lead
    found.sort(key=lambda c: -c.choice)
    return found


_LABELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
CAPTION_RE = re.compile(r"^Table\s+\w+[.:]?\s*[–—-]?\s*", re.IGNORECASE)


def labels(entry: TableEntry) -> list[str]:
    """What a table says it counts, in its own words: the bullets above it (up to their
    qualifiers), its caption and its column names."""
    table = entry.table
    bullets = (table.description or entry.chunk.item_text or "").split("\n")
    found = [core_measure(LABEL_RE.sub("", b)).strip() for b in bullets]
    found += [CAPTION_RE.sub("", table.caption)] * bool(table.number) + table.columns[1:]
    return list(dict.fromkeys(t for t in found if t and not GENERIC_COLUMNS.match(t)))


def embed_labels(embedder, texts: list[str]) -> dict[str, object]:
    """Label vectors, through the user's embedding cache (`greta_search.cache`) when there
    is one, so that a table's labels are embedded once, not at every `ask`."""
    import contextlib
    import hashlib
    import sqlite3

    from greta_search.cache import EmbeddingCache
    from greta_search.embed import cache_key

    cache = EmbeddingCache.default() if embedder.name != "hash" else None
    model = f"{cache_key(embedder)}:table-label"
    hashes = {t: hashlib.sha256(t.encode()).hexdigest() for t in texts}
    found = cache.get_many(model, embedder.dim, list(hashes.values())) if cache else {}
    todo = [t for t in texts if hashes[t] not in found]
    if todo:
        fresh = embedder.embed_passages(todo)
        found.update({hashes[t]: v for t, v in zip(todo, fresh, strict=True)})
        if cache is not None:  # (a read-only cache: the vectors are still used)
            with contextlib.suppress(sqlite3.Error):
                cache.put_many(model, [hashes[t] for t in todo], fresh)
    return {t: found[hashes[t]] for t in texts}


def meanings(question: Question, searcher: Searcher,
             candidates: list[Candidate]) -> dict[int, float]:
    """How near each table's labels come to the question in meaning (the embedder's cosine
    of the question and the table's closest label), by the table's id; empty with no
    embedder. The label vectors are kept per searcher: each label is embedded once."""
    embedder = getattr(searcher, "embedder", None)
    if embedder is None or not candidates:
        return {}
    import numpy as np

    vectors = _LABELS.setdefault(searcher, {})
    texts = {c.entry.chunk.position: labels(c.entry) for c in candidates}
    missing = list(dict.fromkeys(t for ts in texts.values() for t in ts if t not in vectors))
    if missing:
        vectors.update(embed_labels(embedder, missing))
    asked = embedder.embed_queries([question.text])[0]
    return {id(c): max((float(np.dot(vectors[t], asked)) for t in texts[c.entry.chunk.position]),
                       default=0.0) for c in candidates}


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
    question = replace(question, terms=list(measure_terms(
        without_age_words(without_currency(expand(question.text, names))))))
    # Numbers and ranges ("18-25") pick a cell, not a table.
    wanted = [t for t in question.terms if not re.fullmatch(r"[\d,.–-]+", t)]
    if not entries or not wanted:
        return None, None, None
    ranked = rank_tables(wanted, entries, weights, ranks)
    if ranked[0].match < 0.5:
        return None, None, None
    # Tables of the measure that lack what the question names beside it give way to one of
    # the same measure that has it, or leave the question to the text.
    refused = {id(c): refusal(c.entry, question) for c in ranked if c.match >= 0.5}
    usable = [c for c in ranked if c.match >= 0.5 and not refused[id(c)]
              and c.precision >= ranked[0].precision - 0.05]
    if not usable:
        return None, refused[id(ranked[0])], ranked[0].entry.chunk
    best = usable[0]
    choice = _column_choice(best.entry, question, weights)
    if choice is None or not choice[1]:
        # The question names no column of this table (or none answers): another table of
        # the same measure may have it (a breakdown by age beside the table of totals).
        for other in usable[1:]:
            found = _column_choice(other.entry, question, weights)
            if found is not None and (found[1] or choice is None):
                best, choice = other, found
                break
    gave_way = ranked[0]
    if alternative:
        others = [c for c in ranked if c is not best and c.match >= 0.5 and not refused[id(c)]]
        if len(others) < alternative:
            return None, None, None
        best, gave_way = others[alternative - 1], None
        choice = _column_choice(best.entry, question, weights)
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
        "unit": unit_named(question.text, table, columns),
    }
    if asks_share(question.text) and not holds_shares(table, columns):
        return None, None, entry.chunk  # a share asked: counts are not one
    name = table.name
    rows = [table.row(year) for year in question.years] if question.years else []
    labelled = [r for r in table.rows if r.year is None and r.label
                and re.search(rf"\b{re.escape(r.label)}\b", question.text, re.IGNORECASE)]
    if question.years and not all(rows):
        missing = [y for y, r in zip(question.years, rows, strict=True) if r is None]
        have = [r.year for r in table.rows if r.year is not None]
        span = f"{min(have)}-{max(have)}" if have else "no years"
        note = (f"{name} ({entry.chunk.citation}) matches the measure but has no row for "
                f"{', '.join(map(str, missing))} (rows {span})")
        return None, note, entry.chunk
    if not entry.aligned and columns != ["Total"]:
        # Cells that may sit under the wrong column: give the row as printed.
        columns = [c for c in table.columns[1:] if c != "Total"]
        features["aligned"] = 0.0
    if rows or labelled:
        rows = rows or labelled[:1]
        pieces, spans, labels = [], [], []
        for row in rows:
            if not any(_filled(row.cells[c]) for c in columns):
                note = f"{name} ({entry.chunk.citation}) has no figure for {row.label}"
                return None, note, entry.chunk
            text, span, label = _cells_text(row, columns, question)
            if not entry.aligned and columns != ["Total"]:
                label = None
            pieces.append(text if len(rows) == 1 else f"{row.label}: {text}")
            spans.append(span)
            labels.append(label)
        place = ", ".join(filter(None, [name, ", ".join(r.label for r in rows),
                                        labels[0] if len(set(labels)) == 1 else None]))
        text = f"{'; '.join(pieces)} ({place})"
        answer = TableAnswer(entry, rows[0], columns, text, spans[0] if len(spans) == 1 else None,
                             "\n".join(row_evidence(table, r) for r in rows), features)
        answer.confidence = probability("table", features)
        return answer, None, entry.chunk
    if not COUNT_RE.search(question.text) or best.match < 0.8:
        return None, None, entry.chunk
    # No year asked: the whole column, year by year.
    pieces, label = [], None
    for row in table.rows:
        if any(_filled(row.cells[c]) for c in columns):
            text, _, label = _cells_text(row, columns, question)
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

"""Whether the cell a table would answer with is of what the question asks.

A table that matches a question's words may still hold another figure than the one asked:
the count of awards for "how much compensation" (or the amount for "how many awards"),
incoming requests for outgoing ones, victims repatriated to the State for those
repatriated from it, nationals trafficked abroad for foreigners trafficked in the State,
prosecutions for convictions, presumed victims for identified ones, cases for persons,
first-instance convictions for final ones; or the total (or another part) for a part it has
no figure of ("women victims of labour exploitation" from "of which: labour exploitation").

The sides of each such measure (`SIDES`) are read in the answer's own labels, its columns
(with the measure an "of which" row belongs to: `table_entries.by_year`) and the row named,
else in the table's caption or introducing sentence: a side named there that the question
does not ask is a disagreement. Where nothing names a side, nothing is known against the
answer. Used by `greta_search.answer_tables` to refuse, and by `table_columns` to choose the
column.
"""

from __future__ import annotations

import functools
import re

from greta_search import currency
from greta_search.measures import rewrite
from greta_search.table_entries import CAPTION_RE, GENERIC_COLUMNS, TableEntry, figure_places
from greta_search.table_scope import (
    MONEY_ASKED_RE,
    column_cells,
    counted_head,
    currencies,
    gives,
    missing_parts,
    parts_named,
    subject_parts,
    table_codes,
)

_MOVED = r"\b(?:repatriat|return|transferr?|deport|sent\s+back)\w*\s+(?:[\w'-]+\s+){0,3}?"
# Each measure's sides, in the statistics vocabulary (`measures.rewrite` first: "indicted"
# is prosecuted, "recognised" identified, "sent to court" prosecuted).
SIDES: dict[str, dict[str, str]] = {
    "stage": {"investigated": r"\binvestigat", "prosecuted": r"\bprosecut",
              "convicted": r"\bconvict|\bsentenced\b"},
    "status": {"presumed": r"\b(?:presumed|potential|possible|suspected)\b",
               "identified": r"\bidentif"},
    "instance": {"first": r"\bfirst[-\s]+instance\b|\bnon-final\b|\bnot\s+(?:yet\s+)?final\b",
                 "final": r"(?<!non-)(?<!not\s)(?<!yet\s)\bfinal(?:ly)?\b"},
    "direction": {"incoming": r"\bincoming\b|\binbound\b|\breceived\b",
                  "outgoing": r"\boutgoing\b|\boutbound\b|\bsent\b(?!\s+back)|\bissued\b"},
    "return": {"from": _MOVED + r"from\b", "to": _MOVED + r"to\b(?!\s+(?:court|trial)\b)"},
    "place": {"abroad": r"\babroad\b|\boutside\s+(?:the\s+)?(?:country|territory)\b"
                        r"|\bin\s+other\s+countries\b",
              "within": r"\bforeign(?:ers?)?\b(?!\s+(?:affairs|ministry|policy|embass))"
                        r"|\bnon-?nationals?\b|\bthird[- ]country\s+nationals?\b"},
    "counted": {"cases": r"\bcases?\b",
                "persons": r"\bpersons?\b|\bpeople\b|\bindividuals?\b|\boffenders?\b"
                           r"|\bdefendants?\b|\bperpetrators?\b|\baccused\b"},
}
SIDE_RES = {group: {side: re.compile(p, re.IGNORECASE) for side, p in sides.items()}
            for group, sides in SIDES.items()}
# "Presumed victims identified": the victims are presumed, "identified" is the verb.
OUTRANKS = {"presumed": "identified"}
COUNT_ASKED_RE = re.compile(r"\bhow\s+many\b|\bnumber\s+of\b", re.IGNORECASE)
MONEY_LABEL_RE = re.compile(r"\bamounts?\b|\bsums?\b|[€$£]", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def sides(text: str) -> dict[str, frozenset[str]]:
    """The sides of each measure `text` names: {"stage": {"convicted"}, ...}."""
    text = rewrite(text)
    found = {}
    for group, patterns in SIDE_RES.items():
        named = {side for side, pattern in patterns.items() if pattern.search(text)}
        named -= {OUTRANKS[s] for s in named if s in OUTRANKS}
        if named:
            found[group] = frozenset(named)
    return found


def asked_sides(question: str) -> dict[str, frozenset[str]]:
    """The sides a question asks; cases or persons only as the thing it counts ("how many
    cases ..."), not in a qualifier ("victims in cases of ...")."""
    found = sides(question)
    head = counted_head(question)
    counted = sides(head).get("counted") if head else None
    found.pop("counted", None)
    if counted:
        found["counted"] = counted
    return found


def subject(entry: TableEntry) -> str:
    """What the whole table says it holds: its caption, or the sentence introducing a table
    typed without one."""
    table = entry.table
    if table.number:
        return CAPTION_RE.sub("", table.caption)
    return (table.description or "").split("\n")[0]


def side_disagrees(question: str, labels: list[str], whole: str) -> str | None:
    """The side the answer's `labels` (else the table's `whole` subject) name where the
    question asks another: "prosecuted, not convicted"; None when they agree or are silent."""
    own_sides = [sides(label) for label in labels if not GENERIC_COLUMNS.match(label)]
    for group, asked in asked_sides(question).items():
        own = frozenset().union(*(s.get(group, frozenset()) for s in own_sides))
        if not own:
            own = sides(whole).get(group, frozenset())
        if own and not own & asked:
            return f"{', '.join(sorted(own))}, not {', '.join(sorted(asked))}"
    return None


def is_money(entry: TableEntry, column: str) -> bool:
    """Whether a column holds amounts: its name says so ("Amount awarded", "(EUR)", not a
    currency with a number of its own) or its cells carry a currency; a total or year column
    by the table's caption."""
    if GENERIC_COLUMNS.match(column):
        whole = subject(entry)
        return bool(MONEY_LABEL_RE.search(whole) or currency.currencies(whole,
                                                                         entry.currencies))
    label = currency.without_amounts(column)  # "allowance – 700 manats": a count of them
    cells = [c for c in column_cells(entry.table, column) if c.strip()]
    return bool(MONEY_LABEL_RE.search(label) or currencies(label, None, entry.currencies)
                or currencies(" ".join(cells), table_codes(entry.table), entry.currencies))


def unit_disagrees(question: str, entry: TableEntry, columns: list[str]) -> str | None:
    """An amount asked ("how much", "what amount", "the total sum") of columns that hold no
    amount, or a count asked ("how many awards") of columns that hold only amounts."""
    money = [is_money(entry, c) for c in columns]
    named = currency.asked_in(question, entry.currencies)
    if MONEY_ASKED_RE.search(question) or (named and COUNT_ASKED_RE.search(question)):
        return None if any(money) else "no amount"
    if COUNT_ASKED_RE.search(question) and money and all(money):
        return "an amount, not a count"
    return None


def disagreement(question: str, entry: TableEntry, columns: list[str],
                 rows: list[str]) -> str | None:
    """Why the answer from `columns` (and the rows named by label, `rows`) is not what the
    question asks, or None: another side of its measure, another unit, or a part asked that
    these columns do not give (each column of a sum must give it)."""
    why = side_disagrees(question, [*columns, *rows], subject(entry))
    if why:
        return f"gives {why}"
    why = unit_disagrees(question, entry, columns)
    if why:
        return f"gives {why}"
    _, _, described = figure_places(entry)
    for column in columns:
        cells = column_cells(entry.table, column)
        parts = missing_parts(question, [column, *rows], cells, described)
        if parts:
            return f"has no figure for {', '.join(parts)} in {column}"
    return None


def side_match(question: str, label: str) -> int:
    """1 when a column's label names a side the question asks, -1 when it names only
    another side of a measure the question asks a side of, 0 when it is silent."""
    own = sides(label)
    found = 0
    for group, asked in asked_sides(question).items():
        if group in own:
            if not own[group] & asked:
                return -1
            found = 1
    return found


def parts_given(entry: TableEntry, question: str, columns: list[str]) -> list[str]:
    """The columns that give every part the question names (an age band, a sex, a form of
    exploitation) that is not the whole table's subject; none when it names no such part."""
    _, _, described = figure_places(entry)
    whole = set().union(*(subject_parts(d) for d in described))
    asked = {p for p in parts_named(question, question=True)
             if not p.startswith("nationality ")} - whole
    if not asked:
        return []
    return [c for c in columns if all(gives(c, p, asked) for p in asked)]

"""What a question asks of a statistics table beyond its measure, and whether a table has it.

A question may name a part of the measure: an age band ("aged 18-24"), a sex ("women"),
a nationality ("foreign nationals"; a country, "victims from Vulgaria", is had by a label
"Vulgarian" or "Vulgaria"), a form of exploitation ("forced begging"), internal or
transnational trafficking, a legal provision ("under Article 171-3"); and a unit ("in
euro", "what share"). A table that lacks
a part named cannot answer (its total is another figure): a part is had only where its
figure can be, a column, row label or group header, a breakdown cell, or a caption saying
the whole table counts it (`missing_parts`), never a word in a note; a column of a part the question
does not name is not the one asked; a column in another currency than the one asked, or a
percentage for a count, is the wrong column. Used by `greta_search.answer_tables` to choose
the column and to refuse.
"""

from __future__ import annotations

import re

from greta_search import currency
from greta_search.answer_types import TIME_UNITS, asks_duration, terms
from greta_search.institutions import BODY_WORDS
from greta_search.instruments import CITE_RE, article_list
from greta_search.tables import StatTable

# --- parts of a measure: age, sex, nationality, form of exploitation ----------------------

AGE_CUE_RE = re.compile(r"\b(?:aged?|ages|between|years?[\s-]+old|year-olds?)\b", re.IGNORECASE)
# An age band, in a question or a table's labels: "18-24", "18 - 24", "18–24", "18—24",
# "18 to 24", "between 25 and 35" (see `age_bands`); open above: "60+", "60 and over",
# "60 or older". Not a piece of a longer number ("2019-20", "1,18-24", "18-24.5").
AGE_BAND_RE = re.compile(
    r"(?<![\w.,–—-])(?P<low>\d{1,2})\s*(?:"
    r"(?P<sep>[-–—]|(?i:to|and)\b)\s*(?P<high>\d{1,2})(?!\d|[.,–—-]\d)"
    r"|(?:\+|(?i:and|or)\s+(?i:over|above|older)\b)(?!\d))"
)
# Open above, the bound first: "over 60", "above 65", "older than 60".
AGE_ABOVE_RE = re.compile(r"\b(?:over|above|older\s+than)\s+(?P<low>\d{1,2})\b(?![.,–—-]?\d)",
                          re.IGNORECASE)
ADULT_AGE = 18  # "18 and over", "18+": the part "adult", no band of its own
PARTS = {  # key -> the words that name it, in a question or in a table's labels
    "child": r"\bchild(?:ren)?\b|\bminors?\b|\bjuveniles?\b|\bunder-?age\b|\bunder-18s?\b"
             r"|\b(?:under|below|younger\s+than)\s+(?:the\s+age\s+of\s+)?18\b",
    "adult": r"\badults?\b|\b18\s+(?:and|or)\s+(?:over|above|older)\b|\bover\s+18\b|\b18\s*\+",
    "female": r"\bfemales?\b|\bwom[ae]n\b",
    "male": r"\bmales?\b|\bm[ae]n\b",
    "girl": r"\bgirls?\b",
    "boy": r"\bboys?\b",
    "foreign": r"\bforeign(?:ers?)?\b(?!\s+(?:affairs|ministry|policy|embass))"
               r"|\bnon-?nationals?\b|\bthird[- ]country\s+nationals?\b",
    "sexual exploitation": r"\bsexual(?:ly)?\s+exploit|\bprostitution\b",
    "labour exploitation": r"\bforced\s+labou?r\b|\blabou?r\s+exploitation\b"
                           r"|\bexploitation\s+of\s+labou?r\b|\blabou?r\s+trafficking\b",
    "forced begging": r"\bbegging\b",
    "forced criminality": r"\bforced\s+criminality\b|\bcriminal\s+activit(?:y|ies)\b",
    "forced marriage": r"\b(?:forced|sham|fictitious)\s+marriages?\b",
    "servitude": r"\bservitude\b|\bslavery\b",
    "organ removal": r"\bremoval\s+of\s+(?:human\s+)?organs?\b|\borgan\s+(?:removal|harvesting)\b",
    # Where the trafficking took place: within the country or across borders. The word
    # alone names it only at the end of a label ("Type of trafficking / internal").
    "internal": r"\b(?:internal|domestic|in-country)\s+trafficking\b"
                r"|\b(?:internal|domestic)\s*\)?$",
    "transnational": r"\b(?:transnational|cross-border|international|trans-border)\s+"
                     r"trafficking\b|\b(?:transnational|cross-border)\s*\)?$",
}
PART_RES = {key: re.compile(pattern, re.IGNORECASE) for key, pattern in PARTS.items()}
BODY_RE = re.compile(rf"(?:{BODY_WORDS})", re.IGNORECASE)  # "victims from the Police": no country
# A nationality named: "Ukrainian citizens", "nationals of Moldova", "victims from Vulgaria",
# "Vulgarian victims" (a word of a nationality's endings, not the first of a sentence).
NATIONALITY_RES = [
    re.compile(r"\b([A-Z][a-z]{3,})\s+(?:citizens|nationals)\b"),
    re.compile(r"\b(?:citizens|nationals)\s+of\s+(?:the\s+)?([A-Z][a-z]{3,})\b"),
    re.compile(r"\b(?:victims|persons|people|nationals|citizens|workers|children|women|men"
               r"|minors|adults|girls|boys)\s+(?:coming\s+)?from\s+(?:the\s+)?([A-Z][a-z]{3,})\b"),
    re.compile(r"(?<=[a-z,]\s)([A-Z][a-z]{2,}(?:ian|ean|an|ese|ish|i))\s+(?:victims|persons"
               r"|people|workers|children|women|men|minors|adults|girls|boys)\b"),
]


def age_bands(text: str, question: bool = False) -> set[tuple[int, int | None]]:
    """The age bands `text` names, each (low, high), or (low, None) when open above ("60+",
    "60 and over", "over 60"). "and" joins a band only in a `question` ("between 25 and 35"): in a
    table's labels "2 and 3" is no band."""
    found: set[tuple[int, int | None]] = {(int(m["low"]), None)
                                          for m in AGE_ABOVE_RE.finditer(text)}
    for match in AGE_BAND_RE.finditer(text):
        low = int(match["low"])
        if match["high"] is None:
            found.add((low, None))
        elif (question or match["sep"].lower() != "and") and low < int(match["high"]):
            found.add((low, int(match["high"])))
    return found


def without_nationalities(question: str) -> str:
    """A question without the country or people it names ("victims from Vulgaria" ->
    "victims from"; "nationals of Borduria" gone whole when the question counts victims):
    a nationality picks a column or row, it names no measure."""
    for number, pattern in enumerate(NATIONALITY_RES):
        for match in reversed(list(pattern.finditer(question))):
            if BODY_RE.fullmatch(match[1]):
                continue
            rest = question[:match.start()] + question[match.end():]
            whole = number < 2 and re.search(r"\bvictims?\b", rest, re.IGNORECASE)
            kept = "" if whole else match[0].replace(match[1], "")
            question = question[:match.start()] + kept + question[match.end():]
    return question


def without_age_words(question: str) -> str:
    """A question with its open age bands as bare numbers ("aged 60 and over" -> "aged 60"):
    "over", "older" pick a column, they name no measure."""
    return AGE_BAND_RE.sub(lambda m: m[0] if m["high"] is not None else m["low"], question)


# Both ages of one sex: "women and girls" is the female total, not a breakdown by age; both
# sexes of one age: "boys and girls" are the children.
WHOLE_SEX_RE = re.compile(r"\b(?:wom[ae]n\s+and\s+girls|girls\s+and\s+wom[ae]n"
                          r"|m[ae]n\s+and\s+boys|boys\s+and\s+m[ae]n"
                          r"|boys\s+and\s+girls|girls\s+and\s+boys)\b", re.IGNORECASE)


def whole_sexes(text: str) -> str:
    """`text` with "women and girls" as "females", "men and boys" as "males" and "boys and
    girls" as "children"."""
    def whole(match: re.Match) -> str:
        words = match[0].lower()
        if "boy" in words and "girl" in words:
            return "children"
        return "females" if "girl" in words else "males"

    return WHOLE_SEX_RE.sub(whole, text)


def parts_named(text: str, question: bool = False) -> set[str]:
    """The parts of a measure `text` names: "age 18-24", "age 60+", "female", "foreign",
    "forced begging", "nationality ukrain". Age bands are read in a question only beside an
    age word ("aged", "between"; "Articles 2 and 3" is no band). "Women and girls" (and
    "men and boys") name a sex, not its children."""
    text = whole_sexes(text)
    found = {key for key, pattern in PART_RES.items() if pattern.search(text)}
    if not question or AGE_CUE_RE.search(text):
        found |= {f"age {low}-{high}" if high is not None else f"age {low}+"
                  for low, high in age_bands(text, question)
                  if high is not None or low != ADULT_AGE}
    if question:
        found |= {f"nationality {m.group(1).lower()[:5]}" for pattern in NATIONALITY_RES
                  for m in pattern.finditer(text) if m.group(1).lower() != "foreign"
                  and not BODY_RE.fullmatch(m.group(1))}
    return found


def dimension(part: str) -> str:
    """What a part divides the measure by: "age" (children, adults, age bands), "sex",
    "nationality", "form" (of exploitation) or "scope" (internal or transnational)."""
    if part in {"child", "adult"} or part.startswith("age "):
        return "age"
    if part in {"female", "male", "girl", "boy"}:
        return "sex"
    if part == "foreign" or part.startswith("nationality "):
        return "nationality"
    if part in {"internal", "transnational"}:
        return "scope"
    return "form"


# A part that is also another: girls are children and female ("Children / of which girls"
# gives the girls).
IMPLIES = {"girl": {"child", "female"}, "boy": {"child", "male"}}


def gives(label: str, part: str, asked: set[str]) -> bool:
    """Whether a column or row label gives the figure of `part`: it names it, and any other
    part it names is asked too or of the same kind ("Children (0-17)"), so that it is not a
    narrower figure ("Children / boys", "Women victims of sexual exploitation")."""
    own = parts_named(label)
    implied = set().union(*(IMPLIES.get(p, set()) for p in asked))
    return part in own and all(p in asked | implied or dimension(p) == dimension(part)
                               for p in own)


# Where a description stops saying what is counted and starts qualifying it: "Identified
# victims, including 12 children", "Victims (of whom children)", "Victims by age".
QUALIFIER_RE = re.compile(r"[,(;:]|\b(?:including|incl\.|of\s+wh(?:om|ich)|among|by|such\s+as"
                          r"|excluding|except|other\s+than|not|whether)\b", re.IGNORECASE)


def subject_parts(description: str) -> set[str]:
    """The parts a table's caption or bullet says the whole table counts: named before any
    qualifier, alone of their kind ("Reflection periods granted to foreign victims": foreign;
    "Adult and child victims", "Victims, including children": none)."""
    named = parts_named(QUALIFIER_RE.split(description, maxsplit=1)[0])
    return {p for p in named if not any(q != p and dimension(q) == dimension(p) for q in named)}


def missing_parts(question: str, labels: list[str], cells: list[str] = (),
                  descriptions: list[str] = ()) -> list[str]:
    """The parts the question names that the table has no figure for: not in a column or
    row label that gives it (`gives`; a group header counts, it is part of its columns'
    names), not in a cell (a breakdown: "1 persons – child"), and not the subject of the
    whole table by its caption or bullets (`subject_parts`). A word in a note, a caption's
    "including 12 children" or the question heading is no figure: the table's total is
    another figure."""
    asked = parts_named(question, question=True)
    have = set().union(*(subject_parts(d) for d in descriptions), *map(parts_named, cells))
    have |= {p for p in asked for label in labels if gives(label, p, asked)}
    lowered = "\n".join([*labels, *cells]).lower()
    return [part for part in sorted(asked)
            if part not in have and not (part.startswith("nationality ")
                                         and part.split(" ", 1)[1] in lowered)]


def unasked_part(column: str, question: str) -> bool:
    """Whether a column is a part of the measure (a sex, an age band, a form of
    exploitation, foreign nationals) that the question does not name: "Labour
    exploitation" is not the column of "the State Labour Inspectorate"."""
    own = parts_named(column)
    asked = parts_named(question, question=True)
    return bool(own) and not any(gives(column, p, asked) for p in own & asked)


# --- legal provisions -----------------------------------------------------------------------


def articles(text: str) -> set[str]:
    """The article numbers `text` cites ("Articles 171-2 and 171-4" -> 171-2, 171-4), each
    as its article without paragraph ("144-1.2" -> "144-1")."""
    found = set()
    for match in CITE_RE.finditer(text):
        if match["kw"].lower().startswith("art"):
            found |= {a.split(".")[0] for a in article_list(match["items"], None)}
    return found


def missing_articles(question: str, labels: str) -> list[str]:
    """The articles the question names that the table's labels do not cover."""
    return sorted(articles(question) - articles(labels))


# --- units: currencies and shares ---------------------------------------------------------

CODE_RE = re.compile(r"\b[A-Z]{3}\b")
# A currency code in a column name: "Amount awarded (MVF)", "Fines (thousand EUR)".
COLUMN_CODE_RE = re.compile(r"\((?:[^()]*\s)?([A-Z]{3})\)")


def currencies(text: str, codes: set[str] | None = None,
               known: dict[str, str] | None = None) -> set[str]:
    """The currencies `text` names (`currency.currencies`: codes, names, signs, those the
    document defines in `known`), a code in brackets ("(MVF)"), plus any of `codes` (the
    codes a table uses, such as a national "MVF") written out."""
    found = currency.currencies(text, known) | set(COLUMN_CODE_RE.findall(text))
    if codes:
        found |= set(CODE_RE.findall(text)) & codes
    return found


MONEY_ASKED_RE = re.compile(r"\bhow\s+much\b|\bamount\b|\bsum\b", re.IGNORECASE)
SHARE_ASKED_RE = re.compile(r"\b(?:share|percentage|proportion|per\s?cent)\b|%", re.IGNORECASE)
SHARE_COLUMN_RE = re.compile(r"\b(?:share|percentage|proportion|per\s?cent|rate)\b|%",
                             re.IGNORECASE)


def asks_share(question: str) -> bool:
    return bool(SHARE_ASKED_RE.search(question))


def is_share_column(column: str, cells: list[str]) -> bool:
    """A column of percentages: named so ("Share of foreign nationals", "%"), or most of its
    filled cells printed with "%"."""
    filled = [c for c in cells if c.strip()]
    return bool(SHARE_COLUMN_RE.search(column)) or (
        bool(filled) and sum(c.strip().endswith("%") for c in filled) * 2 > len(filled))


def column_cells(table: StatTable, column: str) -> list[str]:
    return [row.cells[column].text for row in table.rows if column in row.cells]


def table_codes(table: StatTable) -> set[str]:
    """The currency codes a table's column names carry ("(MVF)")."""
    return set(COLUMN_CODE_RE.findall(" ".join(table.columns)))


def column_currencies(table: StatTable, column: str,
                       known: dict[str, str] | None = None) -> set[str]:
    """The currencies a column is in, by its name or its cells ("EUR 184,000")."""
    return currencies(" ".join([column, *column_cells(table, column)]), table_codes(table), known)


def asked_currencies(question: str, table: StatTable,
                     known: dict[str, str] | None = None) -> set[str]:
    """The currencies an amount question asks in ("What amount ... in euro", "in florins"
    where the document defines "Molvanian florins (MVF)"), the table's own codes included
    ("in MVF"); none for a count ("700 manat allowance")."""
    if not MONEY_ASKED_RE.search(question):
        return set()
    codes = set(CODE_RE.findall(question)) & table_codes(table)
    return currency.asked_in(question, known) | codes


def holds_shares(table: StatTable, columns: list[str]) -> bool:
    """Whether the columns hold shares: a caption or column that says so, or a "%" in a cell."""
    return any(SHARE_COLUMN_RE.search(text) for text in [table.caption, *columns]) or any(
        "%" in cell for c in columns for cell in column_cells(table, c))


def share_columns(table: StatTable, columns: list[str]) -> list[str]:
    return [c for c in columns if is_share_column(c, column_cells(table, c))]


# A column that holds a length of time ("Average stay (days)", "Duration", "Length of
# procedure"), for a length of time asked (`answer_types.asks_duration`).
TIME_COLUMN_RE = re.compile(rf"\b(?:{TIME_UNITS}|duration|length|stay)\b", re.IGNORECASE)


def in_unit(question: str, table: StatTable, columns: list[str], counts: bool,
            known: dict[str, str] | None = None) -> list[str]:
    """The columns in the unit the question asks: the percentages for a share ("what share
    of ..."), none of them for a count (`counts`), the currency named for an amount."""
    shares = share_columns(table, columns)
    if asks_share(question):
        return shares or columns
    if asks_duration(question):
        return [c for c in columns if TIME_COLUMN_RE.search(c)] or columns
    if counts:
        columns = [c for c in columns if c not in shares]
    asked = asked_currencies(question, table, known)
    within = [c for c in columns if column_currencies(table, c, known) & asked]
    return within or columns


def unit_missing(question: str, table: StatTable, columns: list[str],
                 known: dict[str, str] | None = None) -> str | None:
    """The unit the question asks that none of the columns is in: a share where there are
    no percentages, a length of time where no column holds one, a currency where the amounts
    are in others; None otherwise (a table that names no currency may still be in the one
    asked)."""
    if asks_share(question) and not share_columns(table, columns):
        return "share or percentage"
    if asks_duration(question) and not any(TIME_COLUMN_RE.search(c) for c in columns):
        return "length of time"
    asked = asked_currencies(question, table, known)
    held = [column_currencies(table, c, known) for c in columns]
    if asked and any(held) and not any(h & asked for h in held):
        return f"amount in {', '.join(sorted(asked))}"
    return None


def unit_named(question: str, table: StatTable, columns: list[str],
               known: dict[str, str] | None = None) -> float:
    """1.0 when the question asks a unit (a share, an amount in a currency) and the answer's
    columns are in it: a feature of the confidence (such questions are no count)."""
    if asks_share(question):
        return float(len(share_columns(table, columns)) == len(columns))
    asked = asked_currencies(question, table, known)
    return float(bool(asked) and all(column_currencies(table, c, known) & asked for c in columns))


def without_currency(question: str, known: dict[str, str] | None = None) -> str:
    """An amount question without the currency it asks in ("... in euro"): the unit, not
    the measure, matched against the tables. Other questions as they are ("the 700 manat
    allowance" names a measure)."""
    if not MONEY_ASKED_RE.search(question):
        return question
    return currency.without_currencies(question, known)


# --- what is counted ------------------------------------------------------------------------

COUNTED_RE = re.compile(
    r"\b(?:how\s+many|number\s+of)\s+(.+?)(?=\s+(?:were|was|are|is|did|do|does|have|has|had"
    r"|in|on|at|for|during|since|from|by|of|concerning|regarding|about|relat\w*|involving"
    r"|under|with|against|into|who|that|which|among)\b|[?.,;]|$)",
    re.IGNORECASE,
)


def counted_head(question: str) -> str:
    """The thing a count question counts, without what qualifies it: "inspections" of "how
    many inspections concerning illegal work", "criminal cases" of "how many criminal cases
    for trafficking were opened" (a participle after the noun ends it too: "cases opened");
    "" for other questions and for "how many of the ..."."""
    match = COUNTED_RE.search(question)
    if not match:
        return ""
    words = match.group(1).split()
    if words[0].lower() == "of":
        return ""
    for i, word in enumerate(words[1:], start=1):
        if word.lower().endswith("ed"):
            return " ".join(words[:i])
    return " ".join(words)


def narrower(best: str, candidates: list[str], wanted: set[str], counted: set[str]) -> str | None:
    """A column that narrows the thing counted, when the best column is that thing alone:
    "Rejected" beside "Applications" for "how many applications were rejected" (every word
    of it named, none of them the counted head's); None when there is none."""
    def own(column: str) -> set[str]:
        return set(terms(re.sub(r"^(?:gender|sex)\s*/\s*", "", column, flags=re.IGNORECASE)))

    if not counted or not own(best) or not own(best) <= counted:
        return None
    found = [c for c in candidates if c != best and own(c) and own(c) <= wanted
             and not own(c) & counted]
    return found[0] if len(found) == 1 else None


def narrower_in_text(question: str, span: str | None, table_words: str) -> bool:
    """Whether a sentence counts what the question counts more narrowly than the table
    can: the question's counted thing has a word before its noun ("joint inspections") that
    the sentence's number keeps ("58 joint inspections") and the table never writes (its
    "Inspections" are all of them)."""
    counted = counted_head(question).lower().split()
    if len(counted) < 2 or not span:
        return False
    phrase = " ".join(counted)
    qualifier = counted[-2]
    return (re.search(rf"\b{re.escape(phrase)}\b", span.lower()) is not None
            and not re.search(rf"\b{re.escape(qualifier)}\b", table_words.lower()))

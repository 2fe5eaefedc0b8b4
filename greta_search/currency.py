"""One vocabulary of currencies, for every part of the answering that reads money.

* `VOCABULARY`: ISO codes with their names, singular and plural ("manat", "manats": AZN),
  the nationality that tells apart currencies sharing a name ("Moldovan lei": MDL, not RON),
  and signs (€ $ £ ...); a few names have no code here ("florins", "thaler");
* `defined`: the currencies a text defines, by "Name (CODE)" or "CODE (name)": "Bordurian
  dinars (BDD)", "florins (MVF)", "the national currency, the krell (KRL)"; `document_currencies`
  reads them from all of one document's passages (once per searcher, as `acronyms` does);
* `currencies`: which currencies a text names (codes, names, signs); a name the document
  defines is its code there ("dinars" is BDD in a reply that defines "Bordurian dinars (BDD)"),
  a name another nationality qualifies ("Bordurian dinars") none of the vocabulary's;
* the regular-expression pieces for an amount and its currency: a code, a sign or a name
  after the number ("12.500 SYT", "13.7 million euros") or a code or sign before it
  ("EUR 12 500", "€ 3,2 million").
"""

from __future__ import annotations

import re

from greta_search.layout import YEAR
from greta_search.search import document_definitions

# (code, names: a regular expression in lower case, the nationality adjective or "")
VOCABULARY: tuple[tuple[str, str, str], ...] = (
    ("EUR", r"euros?", ""), ("USD", r"dollars?", "US|American"),
    ("GBP", r"pounds?(?:\s+sterling)?", "British"), ("CHF", r"francs?", "Swiss"),
    ("AZN", r"manats?", "Azerbaijani"), ("TMT", r"manats?", "Turkmen"),
    ("RON", r"lei|leu", "Romanian"), ("MDL", r"lei|leu", "Moldovan"),
    ("GEL", r"laris?", "Georgian"), ("AMD", r"drams?", "Armenian"),
    ("RSD", r"dinars?", "Serbian"), ("MKD", r"denars?|denari", "Macedonian"),
    ("HRK", r"kunas?", "Croatian"), ("HUF", r"forints?", "Hungarian"),
    ("PLN", r"zlot(?:y|ys|ych|ies)", "Polish"), ("CZK", r"korun(?:a|y)|crowns?", "Czech"),
    ("SEK", r"kron(?:a|or)", "Swedish"), ("ISK", r"kron(?:a|ur)", "Icelandic"),
    ("NOK", r"kron(?:e|er)", "Norwegian"), ("DKK", r"kron(?:e|er)", "Danish"),
    ("UAH", r"hryvnias?|hryvnia", "Ukrainian"), ("RUB", r"r(?:o)?ubles?", "Russian"),
    ("BYN", r"r(?:o)?ubles?", "Belarusian"), ("TRY", r"liras?", "Turkish"),
    ("ALL", r"lek[eë]?", "Albanian"), ("BAM", r"(?:convertible\s+)?marks?", "Bosnian"),
    ("BGN", r"leva?", "Bulgarian"), ("KZT", r"tenge", "Kazakh|Kazakhstani"),
    ("JPY", r"yen", "Japanese"), ("CNY", r"yuan|renminbi", "Chinese"),
    ("INR", r"rupees?", "Indian"),
)
# Currency names without a code here: a document defines theirs ("Molvanian florins (MVF)");
# a name another nationality qualifies is none of the vocabulary's ("Elbonian crowns").
CODELESS = r"florins?|guilders?|thalers?|ducats?|shillings?|pesos?|rands?"
SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "₼": "AZN", "₽": "RUB", "₴": "UAH", "₾": "GEL",
         "₺": "TRY", "֏": "AMD"}
SIGN = "[" + "".join(SIGNS) + "]"
CODES = frozenset(code for code, _, _ in VOCABULARY)
# Every currency name, for "an amount followed by a currency" (any case).
NAMES = "|".join(dict.fromkeys([n for _, n, _ in VOCABULARY] + [CODELESS]))
# A currency written beside an amount: a name (any case) or a code (capitals only).
UNIT = rf"(?i:{NAMES})|(?-i:{'|'.join(sorted(CODES))})"
# A three-letter code (in capitals).
CODE = r"(?<![\w-])[A-Z]{3}(?![\w-])"
# A code or sign written before an amount ("EUR 12 500", "€ 3,2 million", "$20").
BEFORE_RE = re.compile(rf"(?:(?<![\w-])[A-Z]{{3}}|{SIGN})\s?$")
# A nationality adjective before a name ("Bordurian dinars", "Moldovan lei").
ADJECTIVE = r"[A-Z][a-z]+(?:an|ish|ese|ic|i)"
ADJECTIVE_RE = re.compile(rf"({ADJECTIVE})\s+$")

# Words that may follow an amount and its currency ("5,000 RUC to each victim").
FOLLOW = ("of|in|on|at|to|for|from|by|with|within|under|and|or|were|was|are|is|be|been|had"
          "|have|has|per|each|a|an|the|as|which|that|who")
_NAME_WORD = r"[A-Za-z][a-z]+"
# "Bordurian dinars (BDD)", "the krell (KRL)"; "MVF (florins)".
NAME_CODE_RE = re.compile(rf"((?:[A-Z][a-z]+\s+)?{_NAME_WORD})\s*\(\s*([A-Z]{{3}})\s*\)")
CODE_NAME_RE = re.compile(rf"(?<![\w-])([A-Z]{{3}})\s*\(\s*((?:[A-Z][a-z]+\s+)?{_NAME_WORD})\s*\)")
# What comes right before a currency's name: "given in ", "currency, the ", "currency is ".
INTRODUCED_RE = re.compile(r"(?:\bin|\bcurrency,?(?:\s+(?:is|was))?)\s+(?:the\s+)?$",
                           re.IGNORECASE)
CURRENCY_CUE_RE = re.compile(r"\b(?:currency|currencies|monetary\s+units?|amounts?|sums?"
                             r"|expressed|denominated)\b", re.IGNORECASE)
# A name in any case but capitals ("lei", "Lei", not the acronym "LEI").
NAMED = rf"(?![A-Z]{{2,}}\b)(?i:{NAMES})"


def beside_amount(text: str, code: str) -> bool:
    """Whether `text` writes `code` as an amount's currency: after the number and before no
    noun ("12.500 SYT were paid", not "12 NGO shelters"), or before it ("SYT 40", not a year)."""
    return bool(re.search(
        rf"\d\s*(?:million\s+|thousand\s+|billion\s+)?{code}(?![\w-])(?=\s*$|\s*[^\w\s]"
        rf"|\s+(?:{FOLLOW})\b)|(?<![\w-]){code}\s?(?!{YEAR}\b)\d", text))


def _is_currency_name(name: str, code: str, text: str, at: int) -> bool:
    """A bracketed pair is a currency when the name is one of the vocabulary's, or a noun in
    lower case ("zorins"; a body's name is capitalised) introduced as one ("amounts are
    given in zorins", "the national currency, the krell") or whose code stands beside an
    amount in the text (and the code no acronym of it)."""
    word = name.split()[-1]
    if re.fullmatch(rf"(?i:{NAMES})", word):
        return True
    initials = "".join(w[0] for w in name.split()).upper()
    if initials == code or not word.islower():
        return False
    before = text[max(0, at - 60) : at]
    return bool(CURRENCY_CUE_RE.search(before) and INTRODUCED_RE.search(before)) or beside_amount(
        text, code)


def defined(text: str) -> dict[str, str]:
    """The currencies `text` defines, code -> name: "Molvanian florins (MVF)" -> {"MVF":
    "Molvanian florins"}, "KRL (krell)" -> {"KRL": "krell"} (the first definition wins)."""
    found: dict[str, str] = {}
    for match in NAME_CODE_RE.finditer(text):
        name, code = match.groups()
        if name.split()[0].lower() == "the":
            name = name.split(None, 1)[1] if " " in name else name
        if name.lower() != "the" and _is_currency_name(name, code, text, match.start()):
            found.setdefault(code, name)
    for match in CODE_NAME_RE.finditer(text):
        code, name = match.groups()  # "MVF (florins)": a name in lower case ("NGO (La Strada)")
        if name.split()[-1].islower() and _is_currency_name(name, code, text, match.start()):
            found.setdefault(code, name)
    return found


def document_currencies(searcher, doc: str) -> dict[str, str]:
    """The currencies one document defines (read from all its passages, once per searcher)."""
    return document_definitions(searcher, doc, defined)


def _plural(word: str) -> str:
    """A regular expression for a name's last word in the singular or the plural."""
    base = word[:-1] if word.endswith("s") and len(word) > 3 and not word.endswith("ss") else word
    return rf"{re.escape(base)}s?"


def name_pattern(name: str) -> str:
    """"Molvanian florins" -> the adjective optional, the noun singular or plural."""
    words = name.split()
    noun = _plural(words[-1])
    adjectives = "".join(rf"(?:{re.escape(w)}\s+)?" for w in words[:-1])
    return rf"(?i:{adjectives}{noun})"


def currencies(text: str, known: dict[str, str] | None = None) -> set[str]:
    """The currencies `text` names: the codes of `known` (the document's definitions) and of
    the vocabulary in capitals ("TRY", never "try"), their names and signs. A name the
    document defines means its code; one qualified by another nationality means none of the
    vocabulary's ("Bordurian dinars")."""
    found: set[str] = set()
    known = known or {}
    for code, name in known.items():
        pattern = re.compile(rf"(?<!\w)(?:{name_pattern(name)}|{code})(?!\w)")
        if pattern.search(text):
            found.add(code)
            text = pattern.sub(" ", text)
    found |= set(re.findall(CODE, text)) & CODES
    found |= {SIGNS[s] for s in re.findall(SIGN, text)}
    for code, names, adjective in VOCABULARY:
        for match in re.finditer(rf"(?<!\w)(?![A-Z]{{2,}}\b)(?i:{names})(?!\w)", text):
            qualifier = ADJECTIVE_RE.search(text[max(0, match.start() - 30) : match.start()])
            if qualifier is None or (adjective and re.fullmatch(adjective, qualifier.group(1))):
                found.add(code)
    return found


def is_currency(text: str, known: dict[str, str] | None = None) -> bool:
    """Whether `text` is nothing but a currency: a code, a name ("Bordurian dinars", "the
    krell"), one the document defines."""
    text = re.sub(r"^(?:the\s+)", "", text.strip("() "), flags=re.IGNORECASE)
    names = [name_pattern(n) for n in (known or {}).values()] + [rf"(?i:{NAMES})"]
    return text in CODES or text in (known or {}) or any(
        re.fullmatch(rf"(?:[A-Z][a-z]+\s+)?(?:{n})", text) for n in names)


def without_currencies(text: str, known: dict[str, str] | None = None) -> str:
    """`text` without the currency it is asked in ("... in euro", "in florins", "in MVF")."""
    pieces = [name_pattern(n) + "|" + c for c, n in (known or {}).items()]
    pieces += [NAMED, "|".join(CODES), SIGN]
    for piece in pieces:
        text = re.sub(rf"(?:\b[Ii]n\s+)?(?:{ADJECTIVE}\s+)?(?<!\w)(?:{piece})(?!\w)", " ", text)
    return text


def asked_in(question: str, known: dict[str, str] | None = None) -> set[str]:
    """The currencies a question asks an amount in: those it names, but not one written with
    a number of its own ("the 700 manat allowance" names a measure)."""
    return currencies(without_amounts(question), known)


def without_amounts(text: str) -> str:
    """`text` without the amounts written in it ("the 700 manat allowance" -> "the
    allowance"): a currency with a number of its own names a measure, not a unit."""
    return re.sub(rf"\d[\d,.]*\s*(?:million\s+)?(?:{NAMED}|[A-Z]{{3}})(?!\w)", " ", text)

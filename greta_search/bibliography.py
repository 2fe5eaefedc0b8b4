"""Citations of GRETA documents for reference managers: BibTeX, RIS and CSL-JSON.

A reply to GRETA's questionnaire is a report by a government to the Council of Europe: its
author is the government (an institutional author, never split into first and last names),
its number is the document code (`GRETA(2023)11_AZE_rep`) and its publisher the Council of
Europe's Group of Experts on Action against Trafficking in Human Beings (GRETA).

Every function takes a document's metadata as a dict (`parse.DocumentMeta` as a dict, as the
index manifest stores it; any field may be None or missing). A document whose text names no
code is identified by `meta["doc"]` (the file stem the index uses) when present.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

FORMATS = ("bibtex", "ris", "csljson")

PUBLISHER = "Council of Europe, GRETA"
PLACE = "Strasbourg"
GRETA_NAME = "Group of Experts on Action against Trafficking in Human Beings (GRETA)"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "janvier"), ("february", "février", "fevrier"), ("march", "mars"),
            ("april", "avril"), ("may", "mai"), ("june", "juin"), ("july", "juillet"),
            ("august", "août", "aout"), ("september", "septembre"), ("october", "octobre"),
            ("november", "novembre"), ("december", "décembre", "decembre"),
        ],
        start=1,
    )
    for name in names
}
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                 "dec")
CODE_YEAR_RE = re.compile(r"GRETA\((\d{4})\)", re.IGNORECASE)
# Country names written with "the" after "Government of".
THE_COUNTRIES = re.compile(
    r"^(?:Netherlands|United\b|Russian\b|Holy See|Czech Republic|Slovak Republic|Republic\b"
    r"|Principality\b|Kingdom\b|Grand Duchy\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reference:
    """One document's bibliographic record, normalised from its metadata."""

    key: str
    doc: str
    author: str
    title: str
    year: int | None
    month: int | None
    day: int | None
    genre: str
    note: str | None

    @property
    def iso_date(self) -> str | None:
        """"2026-04-07", "2026-04" or "2026"."""
        if self.year is None:
            return None
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


def one_line(value) -> str:
    """A metadata value as one line of text (None -> "")."""
    return " ".join(str(value).split()) if value is not None else ""


def doc_code(meta: dict) -> str:
    """The document's code, else the identifier the index uses for it."""
    return one_line(meta.get("code")) or one_line(meta.get("doc")) or "untitled"


def cite_key(meta: dict) -> str:
    """A stable ASCII citation key: GRETA(2023)11_AZE_rep -> "GRETA2023-11-AZE-rep".
    Letters are transliterated to ASCII where possible; a code with no ASCII letters or
    digits gets a key from its hash."""
    code = doc_code(meta)
    ascii_text = unicodedata.normalize("NFKD", code).encode("ascii", "ignore").decode("ascii")
    key = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text.replace("(", "")).strip("-")
    if not key:
        key = "doc-" + hashlib.sha1(code.encode("utf-8")).hexdigest()[:8]
    return key


def parse_date(text: str | None) -> tuple[int | None, int | None, int | None]:
    """"7 April 2026" -> (2026, 4, 7); "April 2026" -> (2026, 4, None); "2026-04-07" too."""
    text = one_line(text)
    if not text:
        return None, None, None
    m = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    year_m = re.search(r"\b(1[89]\d{2}|2\d{3})\b", text)
    if not year_m:
        return None, None, None
    year = int(year_m.group(1))
    for m in re.finditer(r"(?:\b(\d{1,2})(?:er)?\s+)?([^\W\d_]+)", text):
        month = MONTHS.get(m.group(2).casefold())
        if month:
            day = int(m.group(1)) if m.group(1) else None
            return year, month, day if day and 1 <= day <= 31 else None
    return year, None, None


def government(country: str) -> str:
    """"Azerbaijan" -> "Government of Azerbaijan"; "Netherlands" -> "Government of the
    Netherlands"."""
    the = "the " if THE_COUNTRIES.match(country) else ""
    return f"Government of {the}{country}"


def kind(meta: dict) -> str:
    """"reply" (a State's reply), "report" (a GRETA report) or "document" (unknown)."""
    doc_type = one_line(meta.get("doc_type")).casefold()
    if doc_type in ("reply", "report"):
        return doc_type
    code = doc_code(meta)
    if code.endswith("_rep") or one_line(meta.get("country")):
        return "reply"
    return "report" if CODE_YEAR_RE.match(code) else "document"


GENRES = {"reply": "Reply to the GRETA questionnaire", "report": "GRETA report",
          "document": "Document"}


def reference(meta: dict) -> Reference:
    """Normalise a document's metadata into a Reference. The author of a reply is its
    government; of a GRETA report, or of a document that names no country, GRETA."""
    code = doc_code(meta)
    country = one_line(meta.get("country"))
    doc_kind = kind(meta)
    author = government(country) if country and doc_kind != "report" else GRETA_NAME
    title = one_line(meta.get("title"))
    if not title:
        title = f"Reply by {country} to the GRETA questionnaire" if country else code
    year, month, day = parse_date(meta.get("submitted"))
    if year is None:
        m = CODE_YEAR_RE.search(code)
        year = int(m.group(1)) if m else None
    notes = []
    if one_line(meta.get("round")):
        rnd = one_line(meta["round"])
        notes.append(f"{rnd[:1].upper()}{rnd[1:]} evaluation round")
    if one_line(meta.get("thematic_focus")):
        notes.append(f"thematic focus: {one_line(meta['thematic_focus'])}")
    if one_line(meta.get("submitted")) and day is None and month is None:
        notes.append(f"submitted {one_line(meta['submitted'])}")
    return Reference(
        key=cite_key(meta),
        doc=code,
        author=author,
        title=title,
        year=year,
        month=month,
        day=day,
        genre=GENRES[doc_kind],
        note="; ".join(notes) or None,
    )


# --- BibTeX ----------------------------------------------------------------------------------

# Braces become commands so that braces stay balanced for BibTeX, which counts "\{" too.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "#": r"\#",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in BIBTEX_ESCAPES))


def bibtex_escape(text: str) -> str:
    """Escape LaTeX's special characters; the text is made one line. Non-ASCII characters
    are kept as UTF-8 (biber, bibtexparser and modern BibTeX read them)."""
    return BIBTEX_SPECIAL_RE.sub(lambda m: BIBTEX_ESCAPES[m.group(0)], one_line(text))


def to_bibtex(meta: dict, key: str | None = None) -> str:
    """One @techreport entry. The institutional author and the title are wrapped in an
    extra pair of braces, so that styles neither split the author into names nor
    lower-case the title's proper nouns."""
    ref = reference(meta)
    fields: list[tuple[str, str]] = [
        ("author", "{{" + bibtex_escape(ref.author) + "}}"),
        ("title", "{{" + bibtex_escape(ref.title) + "}}"),
        ("institution", "{" + bibtex_escape(PUBLISHER) + "}"),
        ("address", "{" + PLACE + "}"),
        ("type", "{" + bibtex_escape(ref.genre) + "}"),
        ("number", "{" + bibtex_escape(ref.doc) + "}"),
    ]
    if ref.year is not None:
        fields.append(("year", "{" + str(ref.year) + "}"))
    if ref.month:
        fields.append(("month", BIBTEX_MONTHS[ref.month - 1]))
    if ref.iso_date:
        fields.append(("date", "{" + ref.iso_date + "}"))
    if ref.note:
        fields.append(("note", "{" + bibtex_escape(ref.note) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@techreport{{{key or ref.key},\n{body}\n}}\n"


# --- RIS -------------------------------------------------------------------------------------


def ris_line(tag: str, value) -> str:
    """"TI  - value": a RIS line; values are made one line (RIS has no continuation)."""
    return f"{tag}  - {one_line(value)}"


def to_ris(meta: dict, key: str | None = None) -> str:
    """One RIS record (TY first, ER last, LF line ends). The government is the author (AU)
    and the Council of Europe the publisher (PB); the code is the report number (SN, which
    Zotero and EndNote read as a report's number)."""
    ref = reference(meta)
    lines = [
        ("TY", "RPRT"),
        ("ID", key or ref.key),
        ("AU", ref.author),
        ("TI", ref.title),
        ("PY", ref.year),
        ("DA", ref.iso_date.replace("-", "/") if ref.iso_date else None),
        ("PB", PUBLISHER),
        ("CY", PLACE),
        ("SN", ref.doc),
        ("M3", ref.genre),
        ("N1", ref.note),
        ("ER", ""),
    ]
    return "".join(ris_line(tag, value) + "\n" for tag, value in lines if value is not None)


# --- CSL-JSON ----------------------------------------------------------------------------------


def to_csljson(meta: dict, key: str | None = None) -> dict:
    """One CSL-JSON item (type "report"; the author is a literal, institutional name)."""
    ref = reference(meta)
    item: dict = {
        "id": key or ref.key,
        "type": "report",
        "title": ref.title,
        "author": [{"literal": ref.author}],
        "number": ref.doc,
        "genre": ref.genre,
        "publisher": PUBLISHER,
        "publisher-place": PLACE,
    }
    date_parts = [p for p in (ref.year, ref.month, ref.day) if p]
    item["issued"] = {"date-parts": [date_parts]} if date_parts else {"literal": "n.d."}
    if ref.note:
        item["note"] = ref.note
    return item


# --- several documents -------------------------------------------------------------------------


def unique_keys(metas: list[dict]) -> list[tuple[dict, str]]:
    """Each document once (by code), with citation keys made unique by a suffix."""
    seen_docs: set[str] = set()
    used: set[str] = set()
    out = []
    for meta in metas:
        doc = doc_code(meta)
        if doc in seen_docs:
            continue
        seen_docs.add(doc)
        key = base = cite_key(meta)
        n = 2
        while key in used:
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        out.append((meta, key))
    return out


def format_entries(metas: list[dict], fmt: str) -> str:
    """Several documents in one format; a document listed twice is written once. CSL-JSON is
    a JSON array; BibTeX entries and RIS records are separated by a blank line."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown bibliography format {fmt!r}; choose one of {', '.join(FORMATS)}")
    entries = unique_keys(metas)
    if fmt == "csljson":
        items = [to_csljson(meta, key) for meta, key in entries]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    writer = to_bibtex if fmt == "bibtex" else to_ris
    return "\n".join(writer(meta, key) for meta, key in entries)


def format_reference(
    meta: dict,
    escape: Callable[[str], str] = lambda s: s,
    emphasis: Callable[[str], str] = lambda s: s,
) -> str:
    """A reference line for people: `Government of Azerbaijan (2026). Title. Reply to the
    GRETA questionnaire GRETA(2023)11_AZE_rep, 7 April 2026. Fourth evaluation round; ...
    Strasbourg: Council of Europe, GRETA.` Every piece of data goes through `escape`
    (for Markdown or HTML) and the escaped title through `emphasis`."""
    ref = reference(meta)
    year = str(ref.year) if ref.year is not None else "n.d."
    title = ref.title.rstrip(".")
    dated = f", {one_line(meta.get('submitted'))}" if ref.day or ref.month else ""
    pieces = [
        f"{escape(ref.author)} ({escape(year)}). {emphasis(escape(title))}.",
        f"{escape(ref.genre)} {escape(ref.doc)}{escape(dated)}.",
    ]
    if ref.note:
        note = ref.note[:1].upper() + ref.note[1:]
        pieces.append(escape(note.rstrip(".")) + ".")
    pieces.append(f"{escape(PLACE)}: {escape(PUBLISHER)}.")
    return " ".join(pieces)

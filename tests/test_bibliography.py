"""Citations of GRETA documents (BibTeX, RIS, CSL-JSON), read back by strict parsers."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

import pytest

from greta_search import bibliography as bib

SEED_KEY = "GRETA2023-11-AZE-rep"
SEED_TITLE = (
    "Reply by Azerbaijan to the Questionnaire for the evaluation of the implementation of the "
    "Council of Europe Convention on Action against Trafficking in Human Beings"
)
SEED_NOTE = (
    "Fourth evaluation round; thematic focus: Addressing vulnerabilities to trafficking in "
    "human beings"
)
NASTY_TITLE = (
    'Reply “quoted” – {braces} } { 100% & a_b #1 $5 ~tilde ^caret \\back, "double", '
    "Кириллица, <script>alert(1)</script>\nsecond line"
)
NASTY = {
    "code": "GRETA(2024)7_X&Y_rep",
    "country": "Côte d’Ivoire",
    "round": "third",
    "thematic_focus": "Access to justice & {effective} remedies_100%",
    "submitted": "1 février 2025",
    "title": NASTY_TITLE,
    "doc_type": "reply",
}


@pytest.fixture(scope="module")
def seed_meta(seed_doc):
    return asdict(seed_doc.meta)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- a strict BibTeX reader ------------------------------------------------------------------

LATEX_UNESCAPES = {
    r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\%": "%", r"\&": "&",
    r"\_": "_", r"\#": "#", r"\$": "$",
}
MONTH_MACROS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec"}


class BibError(ValueError):
    pass


def parse_bibtex(text: str) -> list[dict]:
    """Entries as {"ENTRYTYPE", "ID", field: raw value}. Strict: nothing but whitespace
    between entries, key without spaces, braces balanced counting every brace (as BibTeX
    does, escaped or not), bare values only month macros or digits, no duplicate fields."""
    entries = []
    i, n = 0, len(text)

    def skip_ws():
        nonlocal i
        while i < n and text[i].isspace():
            i += 1

    def expect(ch):
        nonlocal i
        if i >= n or text[i] != ch:
            raise BibError(f"expected {ch!r} at {i}: {text[i:i + 30]!r}")
        i += 1

    def match(pattern):
        nonlocal i
        m = re.compile(pattern).match(text, i)
        if not m:
            raise BibError(f"expected {pattern} at {i}: {text[i:i + 30]!r}")
        i = m.end()
        return m.group(0)

    while True:
        skip_ws()
        if i >= n:
            return entries
        expect("@")
        entry = {"ENTRYTYPE": match(r"[A-Za-z]+").lower()}
        expect("{")
        entry["ID"] = match(r"[A-Za-z0-9_:.+-]+")
        skip_ws()
        expect(",")
        while True:
            skip_ws()
            if i < n and text[i] == "}":
                i += 1
                break
            name = match(r"[a-z]+")
            skip_ws()
            expect("=")
            skip_ws()
            if i < n and text[i] == "{":
                depth, start = 0, i
                while True:
                    if i >= n:
                        raise BibError("unbalanced braces")
                    if text[i] == "{":
                        depth += 1
                    elif text[i] == "}":
                        depth -= 1
                        if depth == 0:
                            break
                    i += 1
                value = text[start + 1 : i]
                i += 1
            else:
                value = match(r"[A-Za-z0-9]+")
                if not (value.isdigit() or value in MONTH_MACROS):
                    raise BibError(f"undefined macro {value!r}")
            if name in entry:
                raise BibError(f"duplicate field {name}")
            entry[name] = value
            skip_ws()
            if i < n and text[i] == ",":
                i += 1
                continue
            skip_ws()
            expect("}")
            break
        entries.append(entry)


def latex_value(raw: str) -> str:
    """A field's text: special characters must all be escaped; escapes are undone."""
    pattern = re.compile("|".join(re.escape(k) for k in LATEX_UNESCAPES))
    rest = pattern.sub("", raw)
    bad = re.findall(r"[\\%&_#$~^]", rest)
    assert not bad, f"unescaped {bad} in {raw!r}"
    return pattern.sub(lambda m: LATEX_UNESCAPES[m.group(0)], raw)


def braced(raw: str) -> str:
    """The inside of a protective extra pair of braces."""
    assert raw.startswith("{") and raw.endswith("}"), raw
    return raw[1:-1]


def test_strict_bibtex_reader_rejects_broken_input():
    with pytest.raises(BibError):
        parse_bibtex("@techreport{k,\n title = {a \\{ b}\n}")  # BibTeX counts "\{"
    with pytest.raises(BibError):
        parse_bibtex("@techreport{k, title = {a}, title = {b}}")
    with pytest.raises(BibError):
        parse_bibtex("@techreport{a key, title = {a}}")
    with pytest.raises(BibError):
        parse_bibtex("junk @techreport{k, title = {a}}")
    with pytest.raises(AssertionError):
        latex_value("50% & more")


def test_bibtex_of_the_seed(seed_meta):
    [entry] = parse_bibtex(bib.to_bibtex(seed_meta))
    assert entry["ENTRYTYPE"] == "techreport"
    assert entry["ID"] == SEED_KEY
    # the institutional author is protected by braces: one name, never split
    assert entry["author"] == "{Government of Azerbaijan}"
    assert latex_value(braced(entry["title"])) == SEED_TITLE
    assert latex_value(entry["number"]) == "GRETA(2023)11_AZE_rep"
    assert entry["number"] == r"GRETA(2023)11\_AZE\_rep"
    assert entry["year"] == "2026"
    assert entry["month"] == "apr"
    assert entry["date"] == "2026-04-07"
    assert entry["institution"] == "Council of Europe, GRETA"
    assert entry["type"] == "Reply to the GRETA questionnaire"
    assert latex_value(entry["note"]) == SEED_NOTE


def test_bibtex_escapes_every_special_character():
    text = bib.to_bibtex(NASTY)
    [entry] = parse_bibtex(text)  # braces stay balanced although the title has lone ones
    assert latex_value(braced(entry["title"])) == flat(NASTY_TITLE)
    assert latex_value(entry["note"]) == (
        "Third evaluation round; thematic focus: Access to justice & {effective} remedies_100%"
    )
    assert latex_value(entry["number"]) == "GRETA(2024)7_X&Y_rep"
    assert braced(entry["author"]) == "Government of Côte d’Ivoire"
    assert entry["year"] == "2025" and entry["month"] == "feb" and entry["date"] == "2025-02-01"
    assert entry["ID"] == "GRETA2024-7-X-Y-rep"
    assert "\\{" not in text and "\\}" not in text


# --- a strict RIS reader -----------------------------------------------------------------------

RIS_TAGS = {"TY", "ID", "AU", "TI", "PY", "DA", "PB", "CY", "SN", "M3", "N1", "ER"}
RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")


def parse_ris(text: str) -> list[list[tuple[str, str]]]:
    """Records as lists of (tag, value). Strict: one line ending throughout, every line
    "XX  - value", TY first, ER last and empty, records separated by blank lines only."""
    assert "\r" not in text.replace("\r\n", ""), "stray CR"
    assert not ("\r\n" in text and re.search(r"(?<!\r)\n", text)), "mixed line endings"
    assert text.endswith("\n")
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for line in text.splitlines():
        if current is None:
            if not line:
                continue
            current = []
        m = RIS_LINE.match(line)
        assert m, f"bad RIS line {line!r}"
        tag, value = m.groups()
        assert tag in RIS_TAGS, tag
        if not current:
            assert tag == "TY", "TY must come first"
        current.append((tag, value))
        if tag == "ER":
            assert value == ""
            records.append(current)
            current = None
        else:
            assert value == value.strip() and value, f"{tag} has an empty or padded value"
    assert current is None, "record without ER"
    return records


def test_strict_ris_reader_rejects_broken_input():
    with pytest.raises(AssertionError):
        parse_ris("TI  - x\nTY  - RPRT\nER  - \n")
    with pytest.raises(AssertionError):
        parse_ris("TY  - RPRT\nTI - x\nER  - \n")
    with pytest.raises(AssertionError):
        parse_ris("TY  - RPRT\nTI  - x\n")
    with pytest.raises(AssertionError):
        parse_ris("TY  - RPRT\r\nER  - \n")


def test_ris_of_the_seed(seed_meta):
    [record] = parse_ris(bib.to_ris(seed_meta))
    fields = dict(record)
    assert record[0] == ("TY", "RPRT") and record[-1] == ("ER", "")
    assert fields["AU"] == "Government of Azerbaijan"
    assert "," not in fields["AU"]  # a comma would split it into last and first names
    assert fields["TI"] == SEED_TITLE
    assert fields["PY"] == "2026"
    assert fields["DA"] == "2026/04/07"
    assert fields["PB"] == "Council of Europe, GRETA"
    assert fields["SN"] == "GRETA(2023)11_AZE_rep"
    assert fields["N1"] == SEED_NOTE
    assert fields["ID"] == SEED_KEY


def test_ris_keeps_nasty_text_on_one_line():
    [record] = parse_ris(bib.to_ris(NASTY))
    fields = dict(record)
    assert fields["TI"] == flat(NASTY_TITLE)
    assert fields["DA"] == "2025/02/01"


# --- CSL-JSON ------------------------------------------------------------------------------------


def test_csljson_of_the_seed(seed_meta):
    item = json.loads(json.dumps(bib.to_csljson(seed_meta)))
    for key in ("id", "type", "title", "author", "issued", "number", "publisher"):
        assert key in item
    assert item["type"] == "report"
    assert item["author"] == [{"literal": "Government of Azerbaijan"}]
    assert item["issued"] == {"date-parts": [[2026, 4, 7]]}
    assert item["number"] == "GRETA(2023)11_AZE_rep"
    assert item["title"] == SEED_TITLE
    assert item["publisher"] == "Council of Europe, GRETA"
    assert item["note"] == SEED_NOTE


def test_csljson_keeps_nasty_text():
    item = bib.to_csljson(NASTY)
    assert item["title"] == flat(NASTY_TITLE)
    assert item["issued"] == {"date-parts": [[2025, 2, 1]]}


# --- keys, dates, fallbacks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "key"),
    [
        ({"code": "GRETA(2023)11_AZE_rep"}, "GRETA2023-11-AZE-rep"),
        ({"code": "GRETA(2026)99_XYZ_rep"}, "GRETA2026-99-XYZ-rep"),
        ({"code": None, "doc": "Réponse de la France"}, "Reponse-de-la-France"),
        ({"doc": "notes_2024 (draft)"}, "notes-2024-draft"),
    ],
)
def test_cite_keys_are_stable_ascii(meta, key):
    assert bib.cite_key(meta) == key
    assert bib.cite_key(dict(meta)) == key


def test_cite_key_of_a_name_without_ascii_letters():
    key = bib.cite_key({"doc": "Справка"})
    assert re.fullmatch(r"doc-[0-9a-f]{8}", key)
    assert key == bib.cite_key({"doc": "Справка"})
    assert key != bib.cite_key({"doc": "Отчёт"})


def test_year_falls_back_on_the_code_and_nothing_breaks_without_metadata():
    meta = {"code": "GRETA(2019)5_ABC_rep", "country": None, "submitted": None, "title": None}
    assert bib.to_csljson(meta)["issued"] == {"date-parts": [[2019]]}
    [entry] = parse_bibtex(bib.to_bibtex(meta))
    assert entry["year"] == "2019" and "month" not in entry
    bare = {"doc": "some_file", "code": None, "country": None, "round": None,
            "thematic_focus": None, "submitted": None, "title": None, "doc_type": None}
    item = bib.to_csljson(bare)
    assert item["title"] == "some_file" and item["number"] == "some_file"
    assert item["issued"] == {"literal": "n.d."}
    assert item["author"] == [{"literal": bib.GRETA_NAME}]
    [entry] = parse_bibtex(bib.to_bibtex(bare))
    assert latex_value(entry["number"]) == "some_file" and "year" not in entry
    [record] = parse_ris(bib.to_ris({}))
    assert dict(record)["TI"] == "untitled"


def test_dates_and_government_names():
    assert bib.parse_date("7 April 2026") == (2026, 4, 7)
    assert bib.parse_date("1er mars 2025") == (2025, 3, 1)
    assert bib.parse_date("2026-04-07") == (2026, 4, 7)
    assert bib.parse_date("April 2026") == (2026, 4, None)
    assert bib.parse_date("sometime") == (None, None, None)
    assert bib.government("Netherlands") == "Government of the Netherlands"
    assert bib.government("Republic of Moldova") == "Government of the Republic of Moldova"
    assert bib.government("Azerbaijan") == "Government of Azerbaijan"


def test_a_greta_report_is_authored_by_greta():
    item = bib.to_csljson({"code": "GRETA(2023)11", "country": "Azerbaijan",
                           "doc_type": "report", "title": "Evaluation Report Azerbaijan"})
    assert item["author"] == [{"literal": bib.GRETA_NAME}]
    assert item["genre"] == "GRETA report"


# --- several documents ---------------------------------------------------------------------------


def test_format_entries_writes_each_document_once_with_unique_keys(seed_meta):
    metas = [seed_meta, NASTY, dict(seed_meta), {"doc": "A_B"}, {"doc": "A-B"}]
    entries = parse_bibtex(bib.format_entries(metas, "bibtex"))
    assert [e["ID"] for e in entries] == [SEED_KEY, "GRETA2024-7-X-Y-rep", "A-B", "A-B-2"]
    records = parse_ris(bib.format_entries(metas, "ris"))
    assert [dict(r)["ID"] for r in records] == [e["ID"] for e in entries]
    items = json.loads(bib.format_entries(metas, "csljson"))
    assert isinstance(items, list) and [i["id"] for i in items] == [e["ID"] for e in entries]
    assert bib.format_entries([], "csljson").strip() == "[]"
    assert bib.format_entries([], "bibtex") == ""
    with pytest.raises(ValueError, match="unknown bibliography format"):
        bib.format_entries(metas, "endnote")
    assert bib.FORMATS == ("bibtex", "ris", "csljson")


def test_format_reference_escapes_every_piece(seed_meta):
    plain = bib.format_reference(seed_meta)
    assert plain.startswith("Government of Azerbaijan (2026). Reply by Azerbaijan")
    assert "GRETA(2023)11_AZE_rep, 7 April 2026." in plain
    assert plain.endswith("Strasbourg: Council of Europe, GRETA.")
    shouted = bib.format_reference(NASTY, escape=str.upper, emphasis=lambda t: f"<<{t}>>")
    assert "<<REPLY “QUOTED”" in shouted
    assert "Côte" not in shouted  # every piece of data went through escape

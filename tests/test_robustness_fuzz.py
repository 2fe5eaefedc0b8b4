"""Property-based fuzzing (issue 12, item 5) of the structure parser and chunker, the
provision extractor, the table parser and the `show` reference parser: they never crash
and never lose text.

"Never lose text", precisely: take the words of the input (maximal runs of `\\w`
characters, after removing the `**` bold markers, the only markup the parser strips, and
the invisible characters it removes: soft hyphens, zero-width spaces).
Every word lands in exactly one place of the output: the text of exactly one passage, or
once in the heading fields of the passages it heads (part and section titles, question and
item text, counted once per run of consecutive passages under that heading). Allowed
exceptions, each a documented behaviour:
- labels and markers may be consumed, never duplicated: numbers, single letters and Roman
  numerals (question numbers, item letters, section numerals) and MARKERS ("Answer",
  "Part", "Articles", ...); the "(b) " labels the chunker writes before items listed in a
  heading (LABELLED_RE) are not counted;
- a heading that heads no text (a Part with nothing under it, an unanswered question)
  makes no passage: the words of heading lines (HEADING_RE, and the lines that continue
  them) may be missing, at most as often as those lines hold them;
- a list longer than a passage is split between bullets, each piece repeating the
  sentence that introduces the list: that sentence counts once;
- a Part or Section the reply does not head takes its title from the questionnaire
  template (`Chunk.inferred`): those titles are not the reply's words and are not counted;
- in a reply with questions, the text before its first Part, Section or question
  (`Document.front_matter`) is the title page: read for metadata (code, country, round),
  not made into passages.
Text input has no running headers or footers to remove (the PDF reader's job, tested in
test_pdf.py).

The example budget is CI-sized; GRETA_FUZZ=long runs 50 times more examples.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from greta_search.chunk import chunk_document
from greta_search.layout import INVISIBLE
from greta_search.load import SourceLine
from greta_search.parse import parse_lines

from .conftest import SEED

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=3000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("long" if os.environ.get("GRETA_FUZZ") == "long" else "ci")

WORD_RE = re.compile(r"\w+")
MARKERS = {"Answer", "Réponse", "general", "générale", "Part", "Partie", "Articles", "Article",
           "and", "et"}
LABEL_RE = re.compile(r"\d+|[^\W\d_]|[IVXLC]+", re.IGNORECASE)
ANSWER_MARK_RE = re.compile(
    r"^(?:[-•]\s*)?(?:Answer|Réponse)\s*(?:\((?:general|générale)\))?\s*[–—:-]")
BULLET_LINE_RE = re.compile(r"[-•▪●◦–]")
LIST_ITEM_RE = re.compile(r"\s*(?:[-•]|\d{1,2}[.)]\s)")
LABELLED_RE = re.compile(r"\(\w{1,3}\) ")  # "(b) ", "(12) ": item labels the chunker writes
HEADING_RE = re.compile(
    r"^[-•\s*]*(?:Part(?:ie)?\s|[IVXLC]+\.\s|\d{1,2}\.\s|[a-z][.)]\s|Table\s+\d)")
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def words(text: str) -> list[str]:
    """Words as the parser reads them: without bold markers and without the invisible
    characters it removes (soft hyphens join "traf\u00adficking" into one word)."""
    return WORD_RE.findall(text.replace("**", "").translate(INVISIBLE))


def consumable(word: str) -> bool:
    """A word the parser may take as a label or marker instead of text."""
    return word in MARKERS or bool(LABEL_RE.fullmatch(word))


def output_words(chunks) -> Counter:
    """Words of the passages' texts, plus their headings once per run of passages."""
    out: Counter = Counter()
    previous = None
    intros: set[str] = set()  # sentences introducing a list, in the current item
    for chunk in chunks:
        scope = (chunk.doc, chunk.part, chunk.section, chunk.question, chunk.item)
        if previous is None or scope != (previous.doc, previous.part, previous.section,
                                         previous.question, previous.item):
            intros = set()
        lines = chunk.text.split("\n")
        for i, line in enumerate(lines):
            introduces = (i + 1 < len(lines) and not LIST_ITEM_RE.match(line)
                          and bool(LIST_ITEM_RE.match(lines[i + 1])))
            if not (i == 0 and introduces and line in intros):  # a piece of a long list
                out.update(words(line))
            if introduces:
                intros.add(line)
        new_part = previous is None or (chunk.doc, chunk.part) != (previous.doc, previous.part)
        if new_part and "part" not in chunk.inferred:
            out.update(words(chunk.part_title or ""))
        new_section = previous is None or (chunk.part, chunk.section, chunk.section_title) != (
            previous.part, previous.section, previous.section_title)
        if new_section and "section" not in chunk.inferred:
            out.update(words(chunk.section_title or ""))
        same_question = previous is not None and (chunk.part, chunk.section, chunk.question,
                                                  chunk.question_text) == (
            previous.part, previous.section, previous.question, previous.question_text)
        if not same_question:
            out.update(words(LABELLED_RE.sub("", chunk.question_text or "")))
        if not same_question or (chunk.item, chunk.item_text) != (previous.item,
                                                                   previous.item_text):
            out.update(words(LABELLED_RE.sub("", chunk.item_text or "")))
            out.update(words(LABELLED_RE.sub("", chunk.items_before or "")))
        previous = chunk
    return out


def heading_lines(lines: list[str]) -> list[str]:
    """Lines that look like headings, with the lines that continue them: the following
    lines of the same block up to an answer or a table (wrapped heading text), and the
    bullets right under a heading, in its block or in the blocks after it, which may be
    unlettered sub-questions (the seed's questions 40-42 put them after a blank line)."""
    out = []
    inside = False
    blank = False  # a blank line since the heading: only bullets carry on from it
    for line in lines:
        plain = line.replace("**", "").strip()
        if HEADING_RE.match(line.replace("**", "")):
            inside, blank = True, False
        elif ANSWER_MARK_RE.match(plain) or "\t" in line:
            inside = False
        elif not plain:
            blank = True
        elif blank:  # a bullet (and the lines of its block) or the end of the heading
            inside, blank = inside and bool(BULLET_LINE_RE.match(plain)), False
        if inside and plain:
            out.append(line)
    return out


def check_nothing_lost(lines: list[str]) -> None:
    """Parse and chunk `lines`; every word is accounted for exactly once (see above)."""
    doc = parse_lines([SourceLine(line) for line in lines], "fuzz.txt")
    chunks = chunk_document(doc)
    source = Counter(words("\n".join(lines)))
    out = output_words(chunks)
    headings = Counter(w for line in heading_lines(lines) for w in words(line))
    if doc.structured:  # a reply with questions: its title page (Document.front_matter)
        headings.update(w for paragraph in doc.front_matter for w in words(paragraph.text))
    lost = {w: n - out[w] for w, n in source.items()
            if out[w] < n and not consumable(w) and n - out[w] > headings[w]}
    doubled = {w: out[w] - n for w, n in source.items() if out[w] > n}
    invented = {w for w in out if w not in source}
    assert not lost, f"words lost: {lost}"
    assert not doubled, f"words in two places: {doubled}"
    assert not invented, f"words invented: {invented}"
    assert all(chunk.text.strip() for chunk in chunks)


# --- the structure parser and chunker ------------------------------------------------------

STRUCTURE = [
    "Part {n} – Title of part {w}",
    "{r}. PROTECTION OF {W} (Articles {n}, {m} and 12)",
    "{n}. What measures are taken about {w}?",
    "- **{n}. Bold question about {w}**",
    "{l}) item about {w};",
    "- {l}. item about {w}?**",
    "Answer – {w} is answered here.",
    "Answer (general) – {w}",
    "Réponse – {w}",
    "Table {n}. Victims by {w}",
    "Years\tTotal\t{w}",
    "20{n}\t{m}\t-",
    "- a bullet about {w}",
    "• {w}",
    "{n}. a numbered line about {w}",
    "See the answer to Question {n}.",
    "GRETA(2024)0{n}_XYZ_rep",
    "Reply by {W}",
    "",
]

text_st = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
word_st = st.text(st.characters(categories=("Lu", "Ll", "Nd")), min_size=1, max_size=12)


@st.composite
def structural_line(draw) -> str:
    template = draw(st.sampled_from(STRUCTURE))
    return template.format(
        n=draw(st.integers(0, 60)), m=draw(st.integers(0, 999)),
        l=draw(st.sampled_from("abcdefz")), r=draw(st.sampled_from(["I", "II", "IV", "X"])),
        w=draw(word_st), W=draw(word_st).upper(),
    )


@st.composite
def edited_seed(draw) -> list[str]:
    """A window of the seed reply with random edits: lines deleted, duplicated, moved,
    joined, cut, bolded, and random unicode or structural lines inserted."""
    size = draw(st.integers(5, 80))
    start = draw(st.integers(0, len(SEED_LINES) - size))
    lines = SEED_LINES[start : start + size]
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        op = draw(st.sampled_from(["delete", "duplicate", "move", "join", "cut", "bold",
                                   "unicode", "structure", "blank", "splice"]))
        if not lines:
            lines = [draw(text_st)]
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "move":
            lines.insert(draw(st.integers(0, len(lines))), lines.pop(i))
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + draw(st.sampled_from([" ", "", "\t"])) + lines[i + 1]]
        elif op == "cut":
            at = draw(st.integers(0, len(lines[i])))
            lines[i : i + 1] = [lines[i][:at], lines[i][at:]]
        elif op == "bold":
            lines[i] = f"**{lines[i]}**"
        elif op == "unicode":
            lines.insert(i, draw(text_st))
        elif op == "structure":
            lines.insert(i, draw(structural_line()))
        elif op == "blank":
            lines.insert(i, draw(st.sampled_from(["", " ", "\t", "\u00a0"])))
        elif op == "splice":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(text_st) + lines[i][at:]
    return lines


Q1_LINE = next(line for line in SEED_LINES if line.startswith("1. "))


@given(edited_seed())
@example(["Fourth evaluation round", "", "I. PREVENTION (Articles 5, 6 and 7)", "", Q1_LINE, "",
          "Answer – Yes."])  # no Part heading: Part 1 and its title come from the template
def test_parser_never_crashes_nor_loses_text_on_edited_seed(lines):
    check_nothing_lost(lines)


@given(st.lists(st.one_of(text_st, structural_line()), max_size=40))
@example(["1. ?", "", "-_"])  # a bullet sub-question after a blank line, unanswered
@example(["0\xad_"])  # a soft hyphen is removed: one word
def test_parser_never_crashes_nor_loses_text_on_random_lines(lines):
    check_nothing_lost(lines)


def test_nothing_lost_in_the_whole_seed():
    check_nothing_lost(SEED_LINES)


def test_the_property_can_fail():
    """The check notices a lost word and a duplicated one."""
    from greta_search import chunk as chunk_module

    doc_lines = ["1. What is done?", "", "Answer – The shelters open daily."]
    check_nothing_lost(doc_lines)
    original = chunk_module.chunk_document

    def losing(doc, budget=700):
        out = original(doc, budget)
        out[0].text = out[0].text.replace("shelters", "")
        return out

    def doubling(doc, budget=700):
        out = original(doc, budget)
        return out + out[:1]

    for broken, message in [(losing, "words lost"), (doubling, "in two places")]:
        globals()["chunk_document"] = broken
        try:
            with pytest.raises(AssertionError, match=message):
                check_nothing_lost(doc_lines)
        finally:
            globals()["chunk_document"] = original


# --- the provision extractor ---------------------------------------------------------------

LEGAL = [
    "Article {n} of the Criminal Code", "Articles {n}.{m}, {m}-1 and {n}.2.1 of the Labor Code",
    "of the same Code", "(hereinafter – the Code)", "Article {n} of the Code",
    "the Law \"On {W}\"", "Resolution No. {m} dated {n} March 2019", "Decree No. {m}",
    "Article {n}", "Art. {n}.{m}", "paragraph {n} of Article {m}", "the said Law",
    "Code of Administrative Offences", "Convention", ";", ".", ",", "(", ")", "–",
]


@st.composite
def legal_text(draw) -> str:
    pieces = draw(st.lists(st.one_of(
        st.sampled_from(LEGAL).map(lambda t: t), text_st, word_st), max_size=14))
    out = []
    for piece in pieces:
        out.append(piece.format(n=draw(st.integers(0, 400)), m=draw(st.integers(0, 99)),
                                W=draw(word_st)) if "{" in piece and piece in LEGAL else piece)
    return " ".join(out)


@given(st.lists(legal_text(), min_size=1, max_size=5))
def test_provision_extractor_never_crashes_and_quotes_its_text(paragraphs):
    from greta_search.provisions import extract_provisions

    for found in extract_provisions(paragraphs):
        assert 0 <= found.paragraph < len(paragraphs)
        text = paragraphs[found.paragraph]
        assert found.quote and found.quote in text
        assert all(word in text for word in words(found.cited))
        if found.article is not None:
            leading = re.match(r"\d+", found.article)
            assert leading is None or leading.group() in words(text)


@given(legal_text())
def test_provision_lookup_parser_never_crashes(query):
    from greta_search.provisions import find_in_query, parse_lookup

    parse_lookup(query)
    find_in_query(query)


# --- the table parser ------------------------------------------------------------------------

cell_st = st.one_of(
    st.integers(0, 99_999).map(str), st.integers(0, 9_999).map(lambda n: f"{n:,}"),
    st.sampled_from(["-", "–", "", "n/a", "0"]), word_st, text_st.filter(lambda t: "\n" not in t),
)


@st.composite
def table_lines(draw) -> tuple[list[str], list[list[str]]]:
    width = draw(st.integers(1, 7))
    header = ["Years", *draw(st.lists(word_st, min_size=width, max_size=width))]
    rows = []
    for year in draw(st.lists(st.integers(1990, 2030), min_size=1, max_size=8)):
        cells = [str(year), *draw(st.lists(cell_st, min_size=0, max_size=width + 1))]
        rows.append([c.replace("\t", " ") for c in cells])
    lines = ["\t".join(header)] + ["\t".join(cells) for cells in rows]
    return lines, rows


@given(table_lines(), st.integers(1, 12))
def test_table_parser_never_crashes_nor_loses_cells(table, number):
    from greta_search.tables import parse_table, tables_in_passage

    lines, rows = table
    parsed = parse_table(f"Table {number}. Victims", lines)
    assert parsed.number == number
    assert all(list(row.cells) == parsed.columns for row in parsed.rows)
    kept = Counter(w for row in parsed.rows for cell in row.cells.values()
                   for w in words(cell.text))
    kept.update(w for column in parsed.columns for w in words(column))
    given_words = Counter(w for cells in rows for cell in cells for w in words(cell))
    lost = {w: n for w, n in given_words.items() if kept[w] < n}
    years = {cells[0] for cells in rows}
    assert not lost or set(lost) <= years, f"cells lost: {lost}"
    tables_in_passage("\n".join([f"Table {number}. Victims", *lines]))


@given(st.lists(st.one_of(text_st, structural_line()), max_size=20))
def test_table_finder_never_crashes_on_random_passages(lines):
    from greta_search.tables import tables_in_passage

    tables_in_passage("\n".join(["Table 1.", *lines]))


# --- the `show` reference parser -----------------------------------------------------------

@pytest.fixture(scope="module")
def index(tmp_path_factory):
    from greta_search.embed import HashEmbedder
    from greta_search.store import IndexStore

    root = tmp_path_factory.mktemp("fuzz") / "idx"
    IndexStore(root).build([SEED], HashEmbedder())
    return root


ref_st = st.one_of(
    text_st,
    st.builds(lambda q, n, sep, item: f"{q}{n}{sep}{item}",
              st.sampled_from(["", "q", "Q", " Q"]), st.integers(0, 1200),
              st.sampled_from(["", "(", ".", " ", "-"]),
              st.sampled_from(["", "a", "b)", "z", "1", "12", "(c)", "aa", "ä"])),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ref_st)
def test_show_reference_never_crashes(index, ref):
    from greta_search.errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE

    result = CliRunner().invoke(__import__("greta_search.cli").cli.cli,
                                ["show", "--index", str(index), "--format", "json", "--", ref])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert result.exit_code in (EXIT_OK, EXIT_INPUT, EXIT_USAGE)
    if result.exit_code:
        assert len([x for x in result.stderr.splitlines() if x.startswith("Error")]) == 1

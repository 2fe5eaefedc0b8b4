"""PDF extraction: the seed reply rendered by scripts/render_pdf.py, and hand-made PDFs."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from greta_search.load import InputError, SourceLine, load_lines
from greta_search.pdf import extract_lines
from tests.conftest import load_renderer

ROOT = Path(__file__).resolve().parent.parent
CODE = "GRETA(2023)11_AZE_rep"
WORD = r"[^\W\d_]+(?:-[^\W\d_]+)+"  # a hyphenated compound


def extract(path: Path) -> list[SourceLine]:
    return extract_lines(path, path.read_bytes())


def norm(line: str) -> str:
    """Whitespace collapsed and ** dropped; TAB-separated cells kept, trailing empties cut."""
    cells = line.replace("**", "").split("\t")
    return "\t".join(re.sub(r"\s+", " ", cell).strip() for cell in cells).rstrip("\t")


@pytest.fixture(scope="session")
def seed_lines(seed_pdf) -> list[SourceLine]:
    return extract(seed_pdf)


@pytest.fixture(scope="session")
def seed_texts(seed_lines) -> list[str]:
    return [line.text for line in seed_lines]


@pytest.fixture(scope="session")
def source_lines(seed_path) -> list[str]:
    return seed_path.read_text(encoding="utf-8").splitlines()


# --- the rendered seed ---------------------------------------------------------------------


def test_renderer_is_deterministic(seed_pdf, seed_path, tmp_path):
    again = tmp_path / "again.pdf"
    load_renderer().render_pdf(seed_path, again)
    assert again.read_bytes() == seed_pdf.read_bytes()


def test_every_page_is_present_and_pages_never_decrease(seed_pdf, seed_lines):
    pages = [line.page for line in seed_lines]
    assert all(isinstance(page, int) for page in pages)
    assert pages == sorted(pages)
    assert set(pages) == set(range(1, len(PdfReader(seed_pdf).pages) + 1))


def test_running_headers_and_page_numbers_are_removed(seed_texts, source_lines):
    # the title page states the code once in the text itself; every page header repeats it
    assert seed_texts.count(CODE) == [line.strip() for line in source_lines].count(CODE) == 1
    assert not [t for t in seed_texts if re.fullmatch(r"(?:Page\s*)?\d{1,3}(?:/\d+)?", t)]


def renderer_splits(pdf: Path) -> list[tuple[str, str]]:
    """(head, tail) of every word the renderer hyphenated at a line end, from pypdf's text."""
    splits = []
    for page in PdfReader(pdf).pages:
        rows = page.extract_text().splitlines()
        for row, following in zip(rows, rows[1:], strict=False):
            head = re.search(r"([^\W\d_]+)-$", row.strip())
            tail = re.match(r"[^\W\d_]+", following.strip())
            if head and tail:
                splits.append((head.group(1), tail.group()))
    return splits


def test_line_end_hyphenation_is_undone(seed_pdf, seed_texts, seed_path):
    source = seed_path.read_text(encoding="utf-8")
    text = "\n".join(seed_texts)
    splits = renderer_splits(seed_pdf)
    words = [(head, tail) for head, tail in splits if f"{head}-{tail}" not in source]
    compounds = [(head, tail) for head, tail in splits if f"{head}-{tail}" in source]
    assert len(words) > 100 and compounds  # the renderer split words and compounds
    for head, tail in words:
        assert head + tail in text
        assert f"{head}-{tail}" not in text and f"{head}- {tail}" not in text
    for head, tail in compounds:  # e.g. "awareness-" + "raising" keeps its hyphen
        assert f"{head}-{tail}" in text
    assert set(re.findall(WORD, text)) <= set(re.findall(WORD, source))
    assert text.count("awareness-raising") >= source.count("awareness-raising")


def test_paragraphs_come_back_as_single_logical_lines(seed_texts, source_lines):
    paragraphs = [norm(line) for line in source_lines if line.strip()]
    extracted = {norm(text) for text in seed_texts}
    found = sum(paragraph in extracted for paragraph in paragraphs)
    assert found / len(paragraphs) >= 0.95


def test_question_26_heading_and_its_answer(seed_texts):
    heading = (
        "- 26. If your country's legislation provides for the possibility of granting a "
        "residence permit based on the victim's personal situation, how is this provision "
        "interpreted in practice? Provide examples."
    )
    index = seed_texts.index(heading)
    assert seed_texts[index + 1].startswith("- Answer – The Migration Code of the Republic")


def test_paragraphs_split_mid_sentence_in_the_text_stay_whole_or_are_rejoined(
    seed_texts, source_lines
):
    triples = zip(source_lines, source_lines[1:], source_lines[2:], strict=False)
    pairs = [
        (norm(a), norm(b))
        for a, gap, b in triples
        if a.strip() and not gap.strip() and "\t" not in a + b
        if not re.search(r"[.:;?!”\")]$", norm(a)) and norm(b)[:1].islower()
    ]
    assert len(pairs) > 20
    texts = [norm(text) for text in seed_texts]
    joined = {text for text in texts if text}
    for a, b in pairs:
        glued = a + b if a.endswith("-") else f"{a} {b}"
        apart = any(
            texts[i].endswith(a[-60:]) and texts[i + 1] == "" and texts[i + 2].startswith(b[:60])
            for i in range(len(texts) - 2)
        )
        assert apart or any(glued in text for text in joined), a[-40:]
    # "... awareness-" | "raising activities ..." keeps the hyphen either way
    assert any("awareness-raising activities based on this" in t for t in texts) or any(
        t.endswith("awareness-") for t in texts
    )


def test_table_5_rows_are_tab_separated(seed_texts):
    start = seed_texts.index("Table 5")
    rows = seed_texts[start + 2 : start + 10]
    assert seed_texts[start + 1] == ""
    assert rows == [
        "Years\tSubmitted\tReceived",
        "2019\t1\t0",
        "2020\t0\t0",
        "2021\t2\t0",
        "2022\t0\t0",
        "2023\t2\t0",
        "2024\t2\t0",
        "2025\t8\t0",
    ]


def test_table_rows_keep_empty_cells_in_their_columns(seed_texts):
    start = seed_texts.index("Table 8 Victims repatriated from our country")
    rows = seed_texts[start + 2 : start + 11]
    assert rows[1] == "\tmale\tfemale\t\t\t\t\t"
    assert rows[3] == "2020\t\t1\t1 persons 35-55\t\t1\tRussia - 1 persons\tAzerbaijan"
    assert rows[4] == "2021\t\t\t\t\t\t\t"


def test_the_parser_finds_all_questions_in_the_pdf(seed_pdf):
    from greta_search.parse import parse_lines

    doc = parse_lines(load_lines(seed_pdf), str(seed_pdf))
    questions = doc.questions()
    assert [q.number for q in questions] == list(range(1, 43))
    assert all(q.page for q in questions)
    assert [q.page for q in questions] == sorted(q.page for q in questions)


# --- nasty inputs ---------------------------------------------------------------------------


def fpdf_document(draw: Callable[[FPDF], None]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(load_renderer().find_font()))
    pdf.set_font("DejaVu", size=11)
    draw(pdf)
    return bytes(pdf.output())


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def assert_rejected(path: Path, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        load_lines(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert reason in message


def test_text_file_named_pdf_is_rejected(tmp_path):
    path = write(tmp_path / "reply.pdf", "Answer – plain text, not a PDF.\n".encode())
    assert_rejected(path, "not a PDF")


def test_damaged_pdf_is_rejected(tmp_path):
    path = write(tmp_path / "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF")
    with pytest.raises(InputError) as caught:
        load_lines(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_pdf_without_pages_is_rejected(tmp_path):
    buffer = io.BytesIO()
    PdfWriter().write(buffer)
    assert_rejected(write(tmp_path / "empty.pdf", buffer.getvalue()), "no pages")


def test_pdf_without_text_is_rejected(tmp_path):
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        pdf.rect(20, 20, 100, 60)

    assert_rejected(write(tmp_path / "scan.pdf", fpdf_document(draw)), "no extractable text")


def test_password_protected_pdf_is_rejected(tmp_path):
    writer = PdfWriter(clone_from=io.BytesIO(fpdf_document(lambda pdf: pdf.add_page())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert_rejected(write(tmp_path / "locked.pdf", buffer.getvalue()), "password")


def test_hand_made_hyphens_and_wide_gaps(tmp_path):
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        rows = [
            "Awareness-raising remains a priority of the govern-",
            "ment, which funds awareness-",
            "raising campaigns in every region.",
        ]
        for number, row in enumerate(rows):
            pdf.text(20, 30 + 6 * number, row)
        pdf.text(20, 60, "Left column text")  # a lone line with a wide gap: not a table
        pdf.text(120, 60, "right column text")
        for number, (region, cases) in enumerate([("Region", "Cases"), ("Baku", "12")]):
            pdf.text(20, 80 + 6 * number, region)
            pdf.text(90, 80 + 6 * number, cases)

    lines = extract(write(tmp_path / "hand.pdf", fpdf_document(draw)))
    assert [line.text for line in lines] == [
        "Awareness-raising remains a priority of the government, which funds "
        "awareness-raising campaigns in every region.",
        "",
        "Left column text right column text",
        "",
        "Region\tCases",
        "Baku\t12",
    ]
    assert {line.page for line in lines} == {1}


def test_paragraph_across_a_page_break_with_running_header_and_footer(tmp_path):
    paragraph = (
        "The national referral mechanism was revised so that every agency that meets a "
        "presumed victim of trafficking refers the person to the Main Department, which "
        "decides on identification within ten days. "
    ) * 12

    class Report(FPDF):
        def header(self) -> None:
            self.set_y(8)
            self.cell(0, 5, "Reply by Testland – GRETA(2099)1", align="C")
            self.set_y(20)

        def footer(self) -> None:
            self.set_y(-12)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Report(format="A4")
    pdf.add_font("DejaVu", fname=str(load_renderer().find_font()))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.set_y(200)
    pdf.multi_cell(0, 6, "Opening statement of the authorities.")
    pdf.ln(4)
    pdf.multi_cell(0, 6, paragraph.strip(), align="J")
    pdf.ln(4)
    pdf.multi_cell(0, 6, "- first measure;\n- second measure.")
    lines = extract(write(tmp_path / "report.pdf", bytes(pdf.output())))
    assert [(line.text, line.page) for line in lines] == [
        ("Opening statement of the authorities.", 1),
        ("", 1),
        (paragraph.strip(), 1),
        ("", 2),
        ("- first measure;", 2),
        ("- second measure.", 2),
    ]

"""What real word processors do to a PDF, drawn by hand with fpdf2 (no LibreOffice needed;
tests/test_pdf_libreoffice.py checks whole replies exported by LibreOffice): text hidden by
a clipping path, footnotes under a separator rule with full-size numbers, headings set
directly above the next line, words broken in narrow table cells."""

from __future__ import annotations

from greta_search.pdfwords import BREAK_MARK, HYPHEN_MARK, word_resolver
from tests.test_pdf import extract, fpdf_document, write


def test_text_hidden_by_a_clipping_path_is_left_out(tmp_path):
    def draw(pdf) -> None:
        pdf.add_page()
        pdf.text(20, 30, "Visible first line.")
        with pdf.rect_clip(x=20, y=35, w=120, h=8):
            pdf.text(22, 41, "Shown inside the box.")
            pdf.text(22, 50, "Cut off below the box.")
        pdf.text(20, 70, "Visible last line.")

    text = " ".join(line.text for line in extract(write(tmp_path / "clip.pdf",
                                                         fpdf_document(draw))))
    assert "Shown inside the box." in text and "Visible last line." in text
    assert "Cut off" not in text


def test_footnotes_under_a_separator_rule_with_full_size_numbers(tmp_path):
    """LibreOffice sets a note's number at the size of its text, glued to it, under a short
    rule at the left margin: the notes are still taken off the page, each "[n] text"."""
    def draw(pdf) -> None:
        pdf.add_page()
        body = ["The first paragraph of the page runs across the whole width of the text, "
                "and ends.", "", "The second paragraph follows it."]
        for row, text in enumerate(body):
            pdf.text(20, 30 + 6 * row, text)
        pdf.line(20, 250, 60, 250)
        pdf.text(20, 258, "1The first note, long enough to go on")
        pdf.text(20, 264, "to a second line.")
        pdf.text(20, 270, "2The second note.")

    texts = [line.text for line in extract(write(tmp_path / "notes.pdf", fpdf_document(draw)))]
    assert sorted(t for t in texts if t) == sorted([
        "The first paragraph of the page runs across the whole width of the text, and ends.",
        "The second paragraph follows it.",
        "[1] The first note, long enough to go on to a second line.",
        "[2] The second note.",
    ])  # each note a paragraph of its own (where it goes: tests/test_pdf_word.py)


def test_a_heading_in_larger_type_never_runs_into_the_next_line(tmp_path):
    def draw(pdf) -> None:
        pdf.add_page()
        pdf.set_font(size=14)
        pdf.text(20, 30, "II. IDENTIFICATION OF VICTIMS")
        pdf.set_font(size=11)
        pdf.text(20, 36, "19. Among identified victims, have there been persons subjected")
        pdf.text(20, 41, "to exploitation?")

    texts = [line.text for line in extract(write(tmp_path / "head.pdf", fpdf_document(draw)))]
    assert texts == ["II. IDENTIFICATION OF VICTIMS", "",
                     "19. Among identified victims, have there been persons subjected "
                     "to exploitation?"]


def test_words_broken_in_table_cells_are_rejoined_from_the_documents_vocabulary():
    resolve = word_resolver([
        "All persons identified received the services; the place of exploitation was "
        "recorded for every victim, each child victim had a representative."])
    b = BREAK_MARK
    assert resolve(f"91 perso{b}ns – Azerb{b}aijan") == "91 persons – Azerbaijan"
    assert resolve(f"Place{b}of exploi{b}tation") == "Place of exploitation"
    assert resolve(f"Child{b}victi{b}m") == "Child victim"
    assert resolve(f"Force{b}d labor") == "Forced labor"
    assert resolve(f"12{b}persons 18-{HYPHEN_MARK}25") == "12 persons 18-25"


def test_line_end_hyphens_of_compounds_stay_when_the_document_is_not_hyphenated():
    texts = [f"self-{HYPHEN_MARK}confidence grows with long-{HYPHEN_MARK}term support, and "
             f"self-{HYPHEN_MARK}employment", "self employment and confidence matter",
             "support over the long term"]
    assert word_resolver(texts)(texts[0]) == (
        "self-confidence grows with long-term support, and self-employment")
    hyphenated = [f"the govern-{HYPHEN_MARK}ment funds traf-{HYPHEN_MARK}ficking studies",
                  "the government and trafficking"]
    assert word_resolver(hyphenated)(hyphenated[0]) == (
        "the government funds trafficking studies")



def test_table_of_contents_entries_with_dot_leaders_are_dropped(tmp_path):
    """A contents page (headings, dot leaders, page numbers) is navigation, not text: the
    headings must not be read twice."""
    def draw(pdf) -> None:
        pdf.add_page()
        pdf.text(20, 30, "Contents")
        pdf.text(20, 40, "Part 1 - Eliminating Vulnerabilities " + "." * 40 + " 3")
        pdf.text(20, 46, "I. PREVENTION (Articles 5, 6 and 7) " + ". " * 20 + "4")
        pdf.text(20, 52, "Part III - Statistics \u2026\u2026\u2026\u2026\u2026 12")
        pdf.add_page()
        pdf.text(20, 30, "Part 1 - Eliminating Vulnerabilities")
        pdf.text(20, 45, "The text of the reply starts here. It costs 3.50 ... 4")

    texts = [line.text for line in extract(write(tmp_path / "toc.pdf", fpdf_document(draw)))]
    assert [t for t in texts if t] == ["Contents", "Part 1 - Eliminating Vulnerabilities",
                                       "The text of the reply starts here. It costs 3.50 ... 4"]


def test_a_ruled_table_broken_by_a_page_break_is_one_table_again(tmp_path):
    """Its header row repeated (and cut short) at the top of the next page is dropped, and
    the row split by the break is joined; the text after the table is a block of its own."""
    def grid(pdf, top: float, rows: list[list[str]]) -> None:
        for number, row in enumerate(rows):
            y, x = top + 8 * number, 20.0
            for width, text in zip((30, 40, 60), row, strict=True):
                pdf.rect(x, y, width, 8)
                pdf.text(x + 2, y + 5.5, text)
                x += width

    def draw(pdf) -> None:
        pdf.add_page()
        for row in range(30):  # a page of text in its usual leading
            pdf.text(20, 60 + 5.5 * row, f"Line {row} of the text above the table.")
        pdf.text(20, 232, "Table 1")
        grid(pdf, 240, [["Years", "Total", "Place"], ["2019", "91 persons", "abroad"],
                        ["2021", "95 persons", "Azerbaijan and"]])
        pdf.add_page()
        grid(pdf, 20, [["Years", "Total", "Pla"], ["", "", "Russia"],
                       ["2022", "93 persons", "Nigeria"]])
        pdf.text(20, 52, "The figures for 2023 follow.")

    texts = [line.text for line in extract(write(tmp_path / "split.pdf", fpdf_document(draw)))]
    assert [t for t in texts if t][-6:] == [
        "Table 1", "Years\tTotal\tPlace",
        "2019\t91 persons\tabroad", "2021\t95 persons\tAzerbaijan and Russia",
        "2022\t93 persons\tNigeria", "The figures for 2023 follow."]
    assert texts[texts.index("2022\t93 persons\tNigeria") + 1] == ""

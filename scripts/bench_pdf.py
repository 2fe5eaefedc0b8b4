"""Compare PDF extractors on the seed reply rendered in several looks.

For each look (scripts/render_pdf.py's, scripts/render_word_pdf.py's Word-like looks with
ruled tables and footnotes, and, when LibreOffice is installed, the seed written as .docx
by scripts/render_docx.py in its three looks and exported to PDF by LibreOffice) and each
extractor, print: tables whose records are
identical to the text's (of 10), questions found (of 42), Q2's items (of 6), questions whose
text (footnotes and tables aside) is identical to the text's (of 42), page citations that
hold (sampled passages whose first words are on the cited page and last words on the last
cited page or the next), footnotes kept, extraction seconds.

Extractors: `pypdf` is greta_search.pdf with its ruled-table reader switched off (runs from
pypdf, columns rebuilt from text positions); `pypdf+plumber` is greta_search.pdf as shipped
(pdfplumber reads ruled grids); `plumber` also takes the text runs from pdfplumber's words
instead of pypdf's.

Usage: python scripts/bench_pdf.py [SEED.txt]
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from render_pdf import render_pdf  # noqa: E402
from render_word_pdf import body_texts, found_on, render_word_pdf  # noqa: E402

from greta_search import pdf as pdfmod  # noqa: E402
from greta_search import pdfgrids  # noqa: E402
from greta_search.chunk import chunk_document  # noqa: E402
from greta_search.load import SourceLine  # noqa: E402
from greta_search.parse import parse_file, parse_lines  # noqa: E402
from greta_search.pdfruns import Ink, Run  # noqa: E402
from greta_search.tables import find_tables  # noqa: E402

NOTE_RE = re.compile(r"^\[\d+\] ")


def plumber_runs(path: Path, raw: bytes) -> tuple[list[Ink], list[int]]:
    """Text runs (one per word) of every page from pdfplumber, and every page as ruled."""
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            height = float(page.height)
            runs = []
            for word in page.extract_words(extra_attrs=["size"], x_tolerance=1.5):
                size = float(word["size"])
                y = height - float(word["bottom"]) + 0.2 * size
                x0, x1 = float(word["x0"]), float(word["x1"])
                runs.append(Run(x0, x1, x1, y, size, word["text"], 0.3 * size, x1 - x0))
            pages.append(Ink(runs))
    return pages, list(range(1, len(pages) + 1))


def squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def body(paragraphs) -> str:
    texts = [p.text for p in paragraphs if not NOTE_RE.match(p.text) and p.kind != "table"]
    return " ".join(" ".join(texts).split())


def question_texts(doc) -> dict[int, str]:
    return {
        q.number: body(q.paragraphs + [p for item in q.items for p in item.paragraphs])
        for q in doc.questions()
    }


def citations_ok(doc, pdf: Path) -> float:
    """Share of passages whose first words are on the cited page and last words end on
    the last cited page or the next (tests/test_pdf_word.py, `cited_pages_hold`)."""
    from tests.test_pdf_word import cited_pages_hold

    pages = body_texts(pdf, 9.5 if "word" in pdf.stem else 9.9)
    chunks = [c for c in chunk_document(doc) if c.kind != "table" and c.page]
    good = sum(cited_pages_hold(c, pages, found_on) for c in chunks)
    return good / len(chunks) if chunks else 0.0


def measure(pdf: Path, seed: Path, extractor: str) -> dict:
    patches = []
    if extractor == "pypdf":
        patches.append(mock.patch.object(pdfgrids, "ruled_tables", lambda *a: {}))
    if extractor == "plumber":
        patches.append(mock.patch.object(pdfmod, "read_pages", plumber_runs))
    for patch in patches:
        patch.start()
    try:
        start = time.perf_counter()
        lines: list[SourceLine] = pdfmod.extract_lines(pdf, pdf.read_bytes())
        seconds = time.perf_counter() - start
    finally:
        for patch in patches:
            patch.stop()
    text_doc = parse_file(seed)
    doc = parse_lines(lines, str(pdf))
    expected = {t.number: t.to_dict() for t in find_tables(seed.read_text().splitlines())}
    found = {t.number: t.to_dict() for t in find_tables([line.text for line in lines])}
    theirs, mine = question_texts(text_doc), question_texts(doc)
    questions = doc.questions()
    return {
        "tables": sum(found.get(n) == t for n, t in expected.items()),
        "questions": len({q.number for q in questions} & set(range(1, 43))),
        "q2 items": len(questions[1].items) if len(questions) > 1 else 0,
        "text same": sum(mine.get(n) == text for n, text in theirs.items()),
        "citations": f"{citations_ok(doc, pdf):.3f}",
        "notes": sum(bool(NOTE_RE.match(line.text)) for line in lines),
        "seconds": f"{seconds:.1f}",
    }


def main() -> None:
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "corpus" / (
        "greta-2023-11-aze-reply.txt")
    folder = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    looks = {"plain (render_pdf)": folder / "plain.pdf"}
    render_pdf(seed, looks["plain (render_pdf)"])
    for look in ("word-sans", "word-serif"):
        looks[look] = folder / f"{look}.pdf"
        render_word_pdf(seed, looks[look], look)
    soffice = shutil.which("soffice")
    if soffice:  # the seed as .docx (scripts/render_docx.py) exported by LibreOffice
        from render_docx import LOOKS, render_docx

        for look in LOOKS:
            render_docx(seed, folder / f"lo-{look}.docx", look)
            looks[f"libreoffice {look}"] = folder / f"lo-{look}.pdf"
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'profile'}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                        *[str(folder / f"lo-{look}.docx") for look in LOOKS]],
                       check=True, capture_output=True)
    header = None
    for look, pdf in looks.items():
        for extractor in ("pypdf", "pypdf+plumber", "plumber"):
            row = measure(pdf, seed, extractor)
            if header is None:
                header = ["look", "extractor", *row]
                print("| " + " | ".join(header) + " |")
                print("|" + " --- |" * len(header))
            print(f"| {look} | {extractor} | " + " | ".join(str(v) for v in row.values()) + " |")


if __name__ == "__main__":
    main()

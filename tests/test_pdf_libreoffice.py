"""Replies written as Word .docx files (scripts/render_docx.py: automatic or style-linked
numbering, or typed numbers; real Word tables with merged header cells and a repeated
header row; footnotes; running header and footer) and exported to PDF by LibreOffice, as a
real word processor exports them: every question, item and statistics table comes back as
from the text. LibreOffice breaks words wider than a narrow column, cuts the repeated header
row short with a clipping path, splits rows across pages and sets footnote numbers at full
size under a separator rule: all of it is in these files.

Skipped when LibreOffice is not installed (scripts/setup.sh installs it as root). The four
documents are converted in one soffice call, once per session."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from greta_search.load import load_lines
from greta_search.parse import parse_file, parse_lines
from greta_search.tables import find_tables
from tests.conftest import ROOT, SEED, load_script

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: scripts/setup.sh installs "
    "libreoffice-writer-nogui when run as root",
)
SYNTHETIC = ROOT / "tests" / "data" / "synthetic-xyz-reply.txt"
# name: (the reply: a file, or a style of scripts/restyle.py applied to the seed; the look)
VARIANTS = {
    "seed-auto": (SEED, "auto"),
    "seed-typed": (SEED, "typed"),
    "state-reply-list-number": ("state-reply", "list-number"),
    "synthetic-auto": (SYNTHETIC, "auto"),
}
NOTE_RE = re.compile(r"^\[(\d+)\] ")


@pytest.fixture(scope="session")
def lo_pdfs(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each variant as (its text reply, its LibreOffice PDF)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    render = load_script("render_docx").render_docx
    restyle = load_script("restyle")
    texts = {}
    for name, (source, look) in VARIANTS.items():
        text = folder / f"{name}.txt"
        if isinstance(source, Path):
            text.write_bytes(source.read_bytes())
        else:
            text.write_text(restyle.restyle(SEED, restyle.STYLES[source]), encoding="utf-8")
        render(text, folder / f"{name}.docx", look)
        texts[name] = text
    docx = [str(folder / f"{name}.docx") for name in VARIANTS]
    # a profile of its own: a LibreOffice already running would otherwise take the job
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"
    subprocess.run([SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir",
                    str(folder), *docx], check=True, capture_output=True, timeout=600)
    return {name: (texts[name], folder / f"{name}.pdf") for name in VARIANTS}


@pytest.fixture(scope="session")
def lo_lines(lo_pdfs) -> dict[str, list]:
    return {name: load_lines(pdf) for name, (_, pdf) in lo_pdfs.items()}


def footnotes(docx: Path) -> int:
    with zipfile.ZipFile(docx) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return 0
        xml = archive.read("word/footnotes.xml").decode("utf-8")
    return len(re.findall(r'<w:footnote w:id="[1-9]\d*"', xml))


@pytest.mark.parametrize("name", VARIANTS)
def test_every_question_item_and_table_as_from_the_text(name, lo_pdfs, lo_lines):
    text, pdf = lo_pdfs[name]
    expected = parse_file(text)
    doc = parse_lines(lo_lines[name], str(pdf))
    assert [q.number for q in doc.questions()] == [q.number for q in expected.questions()]
    for theirs, mine in zip(expected.questions(), doc.questions(), strict=True):
        assert [i.label for i in mine.items] == [i.label for i in theirs.items], theirs.number
        for their_item, my_item in zip(theirs.items, mine.items, strict=True):
            assert " ".join(my_item.text.split()) == " ".join(their_item.text.split())
    assert [(p.label, [s.numeral for s in p.sections]) for p in doc.parts] == [
        (p.label, [s.numeral for s in p.sections]) for p in expected.parts]
    tables = find_tables(text.read_text(encoding="utf-8").splitlines())
    found = {t.number: t.to_dict() for t in find_tables([line.text for line in lo_lines[name]])}
    assert tables
    for table in tables:  # every cell's text and value, the headers, the captions
        assert found.get(table.number) == table.to_dict(), (name, table.number)


@pytest.mark.parametrize("name", VARIANTS)
def test_footnotes_headers_and_footers(name, lo_pdfs, lo_lines):
    """Footnotes (LibreOffice sets their numbers at full size, glued to the text, under a
    short rule) come back as "[n] text" paragraphs, every one; no page furniture is left."""
    text, pdf = lo_pdfs[name]
    texts = [line.text for line in lo_lines[name]]
    notes = [int(NOTE_RE.match(t).group(1)) for t in texts if NOTE_RE.match(t)]
    assert len(notes) == footnotes(pdf.with_suffix(".docx"))
    assert notes == sorted(notes)
    assert not [t for t in texts if re.fullmatch(r"Page \d{1,3}", t)]
    assert not [t for t in texts if re.match(r"\d{1,3}(?:The|Information|Data) ", t)]


@pytest.mark.parametrize("name", VARIANTS)
def test_answers_read_as_from_the_text(name, lo_pdfs, lo_lines):
    """The paragraphs of every question, footnotes and tables aside, hold the text's words
    (hyphenated compounds kept, a paragraph going on across a page break joined; a
    sentence the text breaks by a blank line may come back whole, so the words are
    compared, not the paragraphs)."""
    text, pdf = lo_pdfs[name]
    expected = parse_file(text)
    doc = parse_lines(lo_lines[name], str(pdf))

    def words(question) -> list[str]:
        paragraphs = question.paragraphs + [p for item in question.items
                                            for p in item.paragraphs]
        texts = [p.text for p in paragraphs if p.kind != "table" and not NOTE_RE.match(p.text)]
        return [word for word in " ".join(texts).split() if word != "-"]  # bullets aside

    for theirs, mine in zip(expected.questions(), doc.questions(), strict=True):
        assert words(mine) == words(theirs), theirs.number

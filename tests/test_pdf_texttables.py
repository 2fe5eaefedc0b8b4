"""Tables typed as plain text (`texttables`: pipes, a "+---+" grid, columns aligned with
spaces) survive a print to PDF or a save as Word: generated replies (the generator of
tests/test_texttables.py) are drawn with their spaces kept by scripts/render_pdf.py in a
proportional and a monospaced font, as one string per line or as pieces placed at their
x-positions, and converted by LibreOffice (.txt to PDF, .txt to .docx); every table must
give the cells of the text. Prose (justified, with double spaces, lists) must stay text;
so must a real reply's seven tables through LibreOffice.

By default one generated reply per layout and rule line (every layout x look x rule);
`GRETA_PDF_TYPED=all` runs the full sweep (GRETA_PDF_TYPED=N: N replies). The LibreOffice
tests are skipped when soffice is missing; the replies are converted in one call per
format, once per session."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from greta_search.chunk import chunk_document
from greta_search.load import load_lines
from greta_search.parse import parse_file
from greta_search.tables import tables_in_passage
from tests.conftest import load_script
from tests.test_texttables import (
    LAYOUTS,
    NOT_TABLES,
    RULES,
    cells,
    expected,
    group_case,
    grouped,
    grouped_expected,
    header_table,
    make_spec,
    noted,
    render,
    reply,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BOXES = [(layout, rule) for layout in LAYOUTS[1:] for rule in (None, *RULES)]
FULL = 200  # replies in the full sweep (GRETA_PDF_TYPED=all)
SWEEP = os.environ.get("GRETA_PDF_TYPED", "")
SEEDS = range(FULL if SWEEP == "all" else int(SWEEP) if SWEEP.isdigit() else len(BOXES))
FPDF_LOOKS = [("line", False), ("line", True), ("pieces", False), ("pieces", True)]
NO_SOFFICE = "LibreOffice (soffice) is not installed: scripts/setup.sh installs it as root"


def variant(seed: int) -> tuple:
    """A generated table, its layout (no TABs: a printed TAB is a jump, not a character)
    and its rule line, in turn through every pair of them (`BOXES`); the reply's text."""
    rng = random.Random(seed)
    spec = make_spec(rng)
    layout, rule = BOXES[seed % len(BOXES)]
    text = reply(spec.caption, render(spec.grid(), layout, rule), rng.random() < 0.5)
    # a page of wrapped prose first, as in a reply (a PDF's line pitch is learnt from it)
    return spec, layout, text.replace("What measures have been taken?\n", PROSE, 1)


PROSE = "What measures have been taken?\n\n" + " ".join(
    f"The national action plan for {year} set out measures on prevention, identification, "
    "protection and prosecution, and its implementation was reviewed by the coordinator."
    for year in range(2016, 2024)) + "\n"


def parsed(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return chunk_document(parse_file(path))


def tables(path: Path) -> list:
    return [t for c in parsed(path) for t in tables_in_passage(c.text, c.item_text)]


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("typed")
    for seed in SEEDS:
        (folder / f"reply{seed}.txt").write_text(variant(seed)[2], encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def soffice(texts: Path):
    """Convert every reply with LibreOffice to FORMAT (once per format); the folder."""
    if SOFFICE is None:
        pytest.skip(NO_SOFFICE)
    done: set[str] = set()

    def convert(fmt: str) -> Path:
        out = texts / fmt
        if fmt not in done:
            profile = f"-env:UserInstallation=file://{texts / 'profile'}"
            subprocess.run([SOFFICE, profile, "--headless", "--convert-to", fmt, "--outdir",
                            str(out), *sorted(map(str, texts.glob("*.txt")))],
                           check=True, capture_output=True, timeout=600)
            done.add(fmt)
        return out

    return convert


def check(path: Path, seed: int) -> None:
    spec, layout, text = variant(seed)
    found = tables(path)
    assert len(found) == 1, (layout, path.name)
    assert found[0].number == spec.number
    assert cells(found[0]) == expected(spec), (layout, path.name)
    chunks = parsed(path)
    assert [c.item for c in chunks if c.question == 2][-1] == "b"  # the table ends in (a)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("typed", "mono"), FPDF_LOOKS)
def test_typed_table_drawn_in_a_pdf(texts: Path, seed: int, typed: str, mono: bool) -> None:
    target = texts / f"reply{seed}-{typed}-{'mono' if mono else 'sans'}.pdf"
    load_script("render_pdf").render_pdf(texts / f"reply{seed}.txt", target, typed, mono)
    check(target, seed)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_typed_table_through_libreoffice(soffice, seed: int, fmt: str) -> None:
    check(soffice(fmt) / f"reply{seed}.{fmt}", seed)


MOLVANIA = Path(__file__).parent / "data" / "synthetic-mlv-reply.txt"


def table_cells(path: Path) -> list:
    return [(t.number, cells(t)) for t in tables(path)]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_reply_with_typed_tables_through_libreoffice(tmp_path: Path, fmt: str) -> None:
    """Molvania's seven typed tables (pipes, grid, aligned columns, years either way) read
    the same from LibreOffice's PDF (monospaced) and .docx as from the text."""
    if SOFFICE is None:
        pytest.skip(NO_SOFFICE)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run([SOFFICE, profile, "--headless", "--convert-to", fmt, "--outdir",
                    str(tmp_path), str(MOLVANIA)], check=True, capture_output=True, timeout=600)
    want = table_cells(MOLVANIA)
    assert len(want) == 7
    assert table_cells(tmp_path / f"{MOLVANIA.stem}.{fmt}") == want


def test_the_text_itself_gives_those_cells(texts: Path) -> None:
    for seed in SEEDS:  # the reference: the .txt reads right (tests/test_texttables.py)
        check(texts / f"reply{seed}.txt", seed)


def prose_reply() -> str:
    """A reply whose answers are long justified paragraphs full of numbers, text with two
    spaces between sentences, an indented and a numbered list: no tables."""
    rng = random.Random(7)
    sentences = [f"In {year} there were {rng.randint(2, 90)} victims and {rng.randint(1, 40)} "
                 f"prosecutions, {rng.randint(1, 30)} convictions and {rng.randint(1, 9)} "
                 "appeals." for year in range(2010, 2026)]
    lines = [" ".join(sentences[:8]), "", " ".join(sentences[8:]), ""]
    for block in NOT_TABLES.values():
        lines += [*block, ""]
    return reply("The figures are as follows.", lines)


@pytest.mark.parametrize("look", ["render_pdf", "word-sans", "word-serif"])
def test_prose_pages_are_no_tables(tmp_path: Path, look: str) -> None:
    source = tmp_path / "prose.txt"
    source.write_text(prose_reply(), encoding="utf-8")
    target = tmp_path / "prose.pdf"
    if look == "render_pdf":
        load_script("render_pdf").render_pdf(source, target, "pieces")
    else:
        load_script("render_word_pdf").render_word_pdf(source, target, look)
    chunks = parsed(target)
    assert not any(c.kind == "table" for c in chunks)
    assert not tables(target)
    words = " ".join(c.text for c in chunks if c.question == 2).split()
    assert "appeals. In 2018 there were" in " ".join(words)


def test_prose_through_libreoffice_is_no_table(tmp_path: Path) -> None:
    if SOFFICE is None:
        pytest.skip(NO_SOFFICE)
    source = tmp_path / "prose.txt"
    source.write_text(prose_reply(), encoding="utf-8")
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for fmt in ("pdf", "docx"):
        subprocess.run([SOFFICE, profile, "--headless", "--convert-to", fmt, "--outdir",
                        str(tmp_path), str(source)], check=True, capture_output=True, timeout=600)
        chunks = parsed(tmp_path / f"prose.{fmt}")
        assert not any(c.kind == "table" for c in chunks), fmt
        assert not tables(tmp_path / f"prose.{fmt}"), fmt


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("typed", "mono"), FPDF_LOOKS)
def test_a_group_label_over_columns_in_a_pdf(tmp_path: Path, seed: int, typed: str,
                                             mono: bool) -> None:
    """A group label typed over some columns ("Victims" over "Men  Women") names each of
    them in a PDF too (tests/test_texttables.py: `grouped`)."""
    spec, label, span, left = group_case(seed)
    layout = ("aligned-left", "aligned-right")[seed % 2]
    text = reply(spec.caption, grouped(spec, layout, label, span, left))
    source, target = tmp_path / "reply.txt", tmp_path / "reply.pdf"
    source.write_text(text.replace("What measures have been taken?\n", PROSE, 1), "utf-8")
    load_script("render_pdf").render_pdf(source, target, typed, mono)
    found = tables(target)
    assert len(found) == 1
    assert cells(found[0]) == grouped_expected(spec, label, span)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("typed", "mono"), FPDF_LOOKS)
def test_a_two_level_header_in_a_pdf(tmp_path: Path, seed: int, typed: str,
                                     mono: bool) -> None:
    """A generated two-level header typed with aligned columns (groups, a single group's
    closing total, wrapped text, "Year" under an indented upper line: tests/
    test_texttables.py `header_table`) names the same columns in a PDF."""
    header, lines, want = header_table(seed, ("aligned-left", "aligned-right")[seed % 2])
    text = reply("Table 6. Victims of trafficking", lines)
    source, target = tmp_path / "reply.txt", tmp_path / "reply.pdf"
    source.write_text(text.replace("What measures have been taken?\n", PROSE, 1), "utf-8")
    load_script("render_pdf").render_pdf(source, target, typed, mono)
    found = tables(target)
    assert len(found) == 1
    assert found[0].columns == header.names
    assert cells(found[0]) == want


def drawn(tmp_path: Path, text: str, typed: str | None, mono: bool = False,
          before: str = "") -> Path:
    """The reply (a page of prose and `before` ahead of it) drawn by scripts/render_pdf.py:
    typed (`typed`, `mono`) or, for None, TAB cells at their columns; the PDF."""
    source, target = tmp_path / "reply.txt", tmp_path / "reply.pdf"
    source.write_text(text.replace("What measures have been taken?\n", PROSE + before, 1),
                      "utf-8")
    load_script("render_pdf").render_pdf(source, target, typed, mono)
    return target


@pytest.mark.parametrize("seed", range(8))
def test_a_tab_table_with_a_merged_header_cell_in_a_pdf(tmp_path: Path, seed: int) -> None:
    """TAB cells drawn at their columns under a two-level header (a group label over some
    columns, an empty cell above "Year" or beside the group): every column keeps its name,
    even where the numbers' gaps happen to be whole numbers of spaces (figures are two
    spaces wide), which a typed table's gaps are."""
    header, lines, want = header_table(seed, "tab")
    found = tables(drawn(tmp_path, reply("Table 6. Victims of trafficking", lines), None))
    assert len(found) == 1
    assert found[0].columns == header.names
    assert cells(found[0]) == want
    spec, label, span, left = group_case(seed)
    text = reply(spec.caption, grouped(spec, "tab", label, span, left))
    found = tables(drawn(tmp_path, text, None))
    assert len(found) == 1
    assert cells(found[0]) == grouped_expected(spec, label, span)


def long_table(seed: int):
    """A generated table of 14 to 20 years, in a layout (TABs drawn at their columns, or
    typed), after prose that ends the first page in the middle of it."""
    rng = random.Random(seed)
    spec = make_spec(rng)
    spec.across = False
    spec.years = list(range(2000, 2000 + rng.randint(14, 20)))
    spec.values = [[round(rng.uniform(0, 99), 1) if p else rng.randint(0, 900)
                    for p in spec.percent] for _ in spec.years]
    layout = LAYOUTS[seed % len(LAYOUTS)]
    lines = render(spec.grid(), layout, rng.choice((None, "-----")) if layout != "tab" else None)
    paragraph = "The reply sets out the work of the national referral mechanism, " * 4
    return spec, layout, reply(spec.caption, lines), f"\n{paragraph}\n\n" * 2


@pytest.mark.parametrize("seed", range(12))
def test_a_table_across_a_page_break_in_a_pdf(tmp_path: Path, seed: int) -> None:
    """A table broken by a page break is one table: its rows at the foot of a page and at
    the top of the next (numbers alike once digits are ignored, a bare number, a row's
    rest wrapped onto the next page) are no running header or footer; the text after it
    is no row."""
    spec, layout, text, before = long_table(seed)
    typed, mono = FPDF_LOOKS[seed % len(FPDF_LOOKS)]
    target = drawn(tmp_path, text, None if layout == "tab" else typed, mono, before)
    pages = {line.page for line in load_lines(target) if line.text.lstrip("| ")[:4].isdigit()}
    assert len(pages) == 2  # the rows are on two pages
    found = tables(target)
    assert len(found) == 1, layout
    assert cells(found[0]) == expected(spec), layout
    chunks = parsed(target)
    assert [c.item for c in chunks if c.question == 2][-1] == "b"


@pytest.mark.parametrize("seed", range(10))
def test_a_note_under_a_typed_table_in_a_pdf(tmp_path: Path, seed: int) -> None:
    """A note typed on the line under a typed table (in every layout) is no row, and no
    rest of the last row wrapped at the margin."""
    rng = random.Random(seed)
    spec = make_spec(rng)
    layout = LAYOUTS[1 + seed % (len(LAYOUTS) - 1)]
    typed, mono = FPDF_LOOKS[seed % len(FPDF_LOOKS)]
    lines, note = noted(spec, layout, rng)
    target = drawn(tmp_path, reply(spec.caption, lines), typed, mono)
    found = tables(target)
    assert len(found) == 1, layout
    assert cells(found[0]) == expected(spec), layout
    assert any(c.kind != "table" and note in c.text for c in parsed(target)), layout


def wide_table(seed: int, layout: str):
    """A generated table whose rows typed in `layout` are wider than a page in DejaVu
    Sans Mono (80 characters), so that the printer wraps every row (drawn again until)."""
    for draw in range(1000):
        spec = make_spec(random.Random(seed * 1000 + draw))
        spec.across = False
        lines = render(spec.grid(), layout, None)
        if min(map(len, lines)) > 84:
            return spec, lines
    raise AssertionError(f"no wide table for seed {seed}")


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("layout", ["pipe", "bordered", "grid"])
@pytest.mark.parametrize("typed", ["line", "pieces"])
def test_typed_rows_wider_than_the_page_in_a_pdf(tmp_path: Path, seed: int, layout: str,
                                                 typed: str) -> None:
    """Rows with pipes too wide for the page, their last cells wrapped onto the next line
    at the margin (the run of spaces before them dropped, so that their first word would
    fit after the row), are joined again."""
    spec, lines = wide_table(seed, layout)
    found = tables(drawn(tmp_path, reply(spec.caption, lines), typed, True))
    assert len(found) == 1
    assert cells(found[0]) == expected(spec)

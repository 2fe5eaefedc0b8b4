"""Bad documents (issue 12, item 1): each gives one clear line naming the file and a
documented exit code, never a traceback; text in other encodings is decoded; one bad file
among good ones leaves the good ones indexed (exit 4, "partial")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings

import pytest
from click.testing import CliRunner

from greta_search.cli import cli
from greta_search.errors import EXIT_INPUT, EXIT_OK, EXIT_PARTIAL
from greta_search.load import DocumentWarning, load_lines
from greta_search.parse import parse_file

from .conftest import ROOT, SEED, load_renderer

SMALL_REPLY = """GRETA(2031)07_TST_rep

Reply by Testland

Fourth evaluation round

Part 1 – Eliminating Vulnerabilities

I. PREVENTION (Articles 5, 6 and 7)

1. What measures protect children from trafficking?

Answer – The Ministry runs shelters for children and trains teachers every year.

2. How are migrant workers informed of their rights?

Answer – Leaflets in twelve languages are handed out at the border crossings.
"""


def invoke(*args):
    """Run the CLI in-process; the result must never carry a traceback."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback for {args}: {result.exception!r}"
    )
    assert "Traceback" not in result.output
    return result


def one_error_line(result) -> str:
    """The single `Error:` line on stderr."""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def render(text: str, target, tmp_path):
    """A realistic PDF of `text` (scripts/render_pdf.py)."""
    source = tmp_path / (target.stem + ".src.txt")
    source.write_text(text, encoding="utf-8")
    load_renderer().render_pdf(source, target)
    return target


def encrypted(pdf, target, password: str):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.encrypt(user_password=password, owner_password="owner-secret")
    with open(target, "wb") as fh:
        writer.write(fh)
    return target


def scanned_pdf(target):
    """A PDF whose pages carry only drawings (what a scan without OCR looks like)."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        for row in range(20):
            pdf.rect(20, 20 + row * 12, 170, 6, style="F")
    pdf.output(str(target))
    return target


def bad_documents(tmp_path):
    """(file, words its one error line must contain)."""
    good_pdf = render(SMALL_REPLY, tmp_path / "good.pdf", tmp_path)
    files = {
        "empty.txt": (b"", "file is empty"),
        "blank.txt": (b"  \n\t \r\n\n", "only whitespace"),
        "binary.txt": (bytes(range(256)) * 40, "binary data, not text"),
        "noise.md": (bytes((i * 73 + 11) % 256 for i in range(5000)), "binary data"),
        "letter.txt": (b"PK\x03\x04" + b"\x14\x00" * 200, "Word .docx"),
        "fake.pdf": (b"just some words, not a PDF\n", "not a PDF"),
        "truncated.pdf": (good_pdf.read_bytes()[: good_pdf.stat().st_size // 3], "PDF"),
    }
    out = []
    for name, (data, words) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        out.append((path, words))
    locked = encrypted(good_pdf, tmp_path / "locked.pdf", "secret")
    out.append((locked, "encrypted PDF that needs a password"))
    out.append((scanned_pdf(tmp_path / "scan.pdf"), "no extractable text (no text layer"))
    return out


def test_each_bad_document_gives_one_line_naming_it(tmp_path):
    index = tmp_path / "idx"
    cases = bad_documents(tmp_path)
    for path, words in cases:
        result = invoke("index", path, "--index", index, "--model", "hash")
        assert result.exit_code == EXIT_INPUT, (path, result.output)
        line = one_error_line(result)
        assert str(path) in line and words in line, (path, line)
    assert not (index / "current").exists()
    assert len(cases) == 9


def test_scanned_pdf_suggests_ocr(tmp_path):
    result = invoke("index", scanned_pdf(tmp_path / "scan.pdf"), "--index", tmp_path / "i",
                    "--model", "hash")
    assert "OCR" in one_error_line(result)


def test_pdf_with_some_scanned_pages_warns_which(tmp_path):
    from pypdf import PdfReader, PdfWriter

    good = render(SMALL_REPLY, tmp_path / "good.pdf", tmp_path)
    writer = PdfWriter(clone_from=PdfReader(good))
    writer.append(PdfReader(scanned_pdf(tmp_path / "scan.pdf")))
    mixed = tmp_path / "mixed.pdf"
    with open(mixed, "wb") as fh:
        writer.write(fh)
    pages = len(PdfReader(mixed).pages)
    with pytest.warns(DocumentWarning, match=rf"2 of {pages} pages have no text layer"):
        lines = load_lines(mixed)
    assert any("Leaflets in twelve languages" in line.text for line in lines)


def test_encrypted_pdf_with_empty_password_is_read(tmp_path):
    good = render(SMALL_REPLY, tmp_path / "good.pdf", tmp_path)
    opened = encrypted(good, tmp_path / "open.pdf", "")
    from pypdf import PdfReader

    assert PdfReader(opened).is_encrypted
    index = tmp_path / "idx"
    result = invoke("index", opened, "--index", index, "--model", "hash")
    assert result.exit_code == EXIT_OK, result.output
    result = invoke("search", "leaflets languages", "--index", index, "--format", "json")
    assert "Leaflets in twelve languages" in json.loads(result.stdout)[0]["text"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-8-sig", "utf-32"])
def test_other_encodings_are_decoded(tmp_path, encoding):
    text = SMALL_REPLY.replace("Ministry", "Ministry’s “Safe Home” – café")
    path = tmp_path / f"reply-{encoding}.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lines = load_lines(path)
    assert [line.text for line in lines] == text.splitlines()
    said = [str(w.message) for w in caught if issubclass(w.category, DocumentWarning)]
    if encoding == "cp1252":
        assert len(said) == 1 and said[0].startswith(f"{path}: not UTF-8 (byte ")
        assert said[0].endswith("read as Windows-1252")
    else:
        assert said == []


def test_cp1252_document_is_indexed_with_a_warning(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(SMALL_REPLY.replace("Answer –", "Answer –").encode("cp1252"))
    result = invoke("index", path, "--index", tmp_path / "idx", "--model", "hash")
    assert result.exit_code == EXIT_OK
    assert f"warning: {path}: not UTF-8" in result.stderr and "Windows-1252" in result.stderr
    shown = invoke("show", "1", "--index", tmp_path / "idx", "--format", "json")
    assert json.loads(shown.stdout)[0]["text"].startswith("The Ministry runs shelters")


def test_undecodable_text_fails_clearly(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Reply by Testland \x81\x8d\x8f text that is neither UTF-8 nor cp1252\n")
    result = invoke("index", path, "--index", tmp_path / "idx", "--model", "hash")
    assert result.exit_code == EXIT_INPUT
    assert "nor Windows-1252" in one_error_line(result)


def test_document_without_title_page_is_indexed_with_a_warning(tmp_path):
    body = SEED.read_text(encoding="utf-8")
    path = tmp_path / "no-title.txt"
    path.write_text(body[body.index("Part 1 –"):], encoding="utf-8")
    index = tmp_path / "idx"
    result = invoke("index", path, "--index", index, "--model", "hash")
    assert result.exit_code == EXIT_OK, result.output
    assert "no title page" in result.stderr and "cited as no-title" in result.stderr
    hits = json.loads(invoke("show", "26", "--index", index, "--format", "json").stdout)
    assert hits and hits[0]["doc"] == "no-title" and hits[0]["citation"].startswith("no-title")


def swap_questions(text: str, first: int, second: int) -> str:
    """The seed with question `second` moved before question `first` (adjacent)."""
    a = text.index(f"\n{first}. ")
    b = text.index(f"\n{second}. ")
    c = text.index(f"\n{second + 1}. ")
    return text[:a] + text[b:c] + text[a:b] + text[c:]


def test_questions_out_of_order_are_kept_and_warned(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    path = tmp_path / "swapped.txt"
    path.write_text(swap_questions(seed, 3, 4), encoding="utf-8")
    said = r"repeated or out of order, kept under their own numbers: 3 \(after 4\)$"
    with pytest.warns(UserWarning, match=said):
        doc = parse_file(path)
    numbers = [q.number for q in doc.questions()]
    assert numbers[:5] == [1, 2, 4, 3, 5]
    assert sorted(numbers) == sorted(q.number for q in parse_file(SEED).questions())


def test_repeated_question_is_kept_and_warned(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    start, end = seed.index("\n4. "), seed.index("\n5. ")
    path = tmp_path / "repeated.txt"
    path.write_text(seed[:end] + seed[start:end] + seed[end:], encoding="utf-8")
    index = tmp_path / "idx"
    result = invoke("index", path, "--index", index, "--model", "hash")
    assert result.exit_code == EXIT_OK
    assert "repeated or out of order, kept under their own numbers: 4 (after 4)\n" in result.stderr
    hits = json.loads(invoke("show", "4", "--index", index, "--format", "json").stdout)
    texts = [h["text"] for h in hits if h["question"] == 4]
    assert len(texts) % 2 == 0 and texts[: len(texts) // 2] == texts[len(texts) // 2 :]


def test_one_bad_file_among_good_ones_is_a_partial_index(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a-seed.txt").write_bytes(SEED.read_bytes())
    (folder / "b-small.txt").write_text(SMALL_REPLY, encoding="utf-8")
    (folder / "c-empty.txt").write_text("")
    (folder / "d-binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "e-copy.txt").write_text(SMALL_REPLY, encoding="utf-8")  # same document code
    index = tmp_path / "idx"
    result = invoke("index", folder, "--index", index, "--model", "hash")
    assert result.exit_code == EXIT_PARTIAL, result.output
    summary = result.stderr[result.stderr.index("3 document(s) skipped"):]
    for name, words in [("c-empty.txt", "file is empty"), ("d-binary.txt", "binary data"),
                        ("e-copy.txt", "already indexed from")]:
        assert any(name in line and words in line for line in summary.splitlines()), name
    docs = json.loads(invoke("docs", "--index", index, "--format", "json").stdout)
    assert [d["doc"] for d in docs] == ["GRETA(2023)11_AZE_rep", "GRETA(2031)07_TST_rep"]
    hits = json.loads(invoke("search", "leaflets border", "--index", index, "--format",
                             "json").stdout)
    assert hits[0]["doc"] == "GRETA(2031)07_TST_rep"


def test_only_bad_files_fail_and_leave_the_index_untouched(tmp_path, hash_index):
    before = (hash_index / "current").resolve()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    blank = tmp_path / "blank.md"
    blank.write_text("\n \n")
    result = invoke("index", empty, blank, "--index", hash_index, "--model", "hash")
    assert result.exit_code == EXIT_INPUT
    line = one_error_line(result)
    assert "empty.txt: file is empty" in line and "blank.md: file is empty" in line
    assert (hash_index / "current").resolve() == before


BIG_MB = float(os.environ.get("GRETA_BIG_MB", "3"))  # GRETA_BIG_MB=50 for the full-size run


def big_reply(path, megabytes: float) -> int:
    """A reply of about `megabytes` MB: the seed's questions answered many times over."""
    seed = SEED.read_text(encoding="utf-8")
    body = seed[seed.index("Part 1 –"):]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(seed)
        copies = 0
        while fh.tell() < megabytes * 1e6:
            fh.write("\n\n" + body.replace("Azerbaijan", f"Azerbaijan ({copies})"))
            copies += 1
    return path.stat().st_size


# The peak RSS of the process's own memory (VmHWM; ru_maxrss would include the memory of
# the forked test runner).
PEAK_RSS = (
    "import atexit, re, sys\n"
    "atexit.register(lambda: print('peak RSS KB', re.search(r'VmHWM:\\s*(\\d+)', "
    "open('/proc/self/status').read()).group(1), file=sys.stderr))\n"
    "from greta_search.cli import main\n"
    "sys.argv[0] = 'greta-search'\n"
    "main()\n"
)


def test_large_text_file_indexes_in_bounded_memory_with_progress(tmp_path):
    """A large reply is indexed in a subprocess that reports its own peak memory (printed,
    and bounded by a generous multiple of the file size against regressions)."""
    path = tmp_path / "big.txt"
    size = big_reply(path, BIG_MB)
    result = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, "index", str(path), "--index", str(tmp_path / "idx"),
         "--model", "hash"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"reading {path}" in result.stderr  # progress before the long parse
    assert "embedding" in result.stderr  # the embedding progress bar
    peak_mb = int(result.stderr.rsplit("peak RSS KB ", 1)[1].split()[0]) / 1024
    print(f"\n{size / 1e6:.1f} MB reply: peak RSS {peak_mb:.0f} MB")
    assert peak_mb < 300 + 12 * size / 1e6

"""Questions set out in a two-column "Question | Reply" table (`parse_shapes.question_table`):
generated replies with such a table (2 to 5 rows, short or long answers, several header
words) among ordinary questions, read as those questions with their answers: from the text
with its rows in one block or in blocks of their own (as a ruled table's rows come back
from a PDF), and written as a real ruled Word table (`scripts/render_docx.py`) read from the
.docx and from its PDF exported by LibreOffice (skipped without `soffice`)."""

from __future__ import annotations

import random
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from greta_search.chunk import chunk_document
from greta_search.parse import parse_file
from tests.conftest import load_script
from tests.test_texttables import parse_reply

HEADERS = (("Question", "Reply"), ("Questions", "Answers"), ("No.", "Response"),
           ("Question", "Reply of the authorities"))
SENTENCES = ("The Ministry of Justice adopted guidelines on this matter in 2023.",
             "Training was given to 214 judges and prosecutors in the last two years.",
             "The Press Council received 7 complaints and fined one station.",
             "A working group of the National Coordinator reviews the rules every year.",
             "The law forbids publishing any information that identifies a child victim.")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def variant(seed: int) -> tuple[str, dict[int, str], bool]:
    """A reply, the questions of its table with the first words of their answers, and
    whether it set the table's rows apart by blank lines."""
    rng = random.Random(seed)
    count = rng.randint(2, 5)
    first = rng.randint(2, 9)
    table = list(range(first, first + count))
    apart = rng.random() < 0.5
    lines = ["Reply of Testland to the questionnaire", "GRETA(2026)50_TST_rep", "",
             "Part 1", "", "I. PREVENTION (Articles 5, 6 and 7)", ""]
    answers = {}
    for n in range(1, first):
        lines += [f"{n}. What has been done about matter {n}?", "",
                  f"Measures on matter {n} were taken in 2024.", ""]
    lines += [" | ".join(rng.choice(HEADERS)), *[""] * apart]
    for n in table:
        answer = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6)))
        answers[n] = answer
        lines += [f"{n}/ What has been done about matter number {n}? | {answer}", *[""] * apart]
    last = table[-1] + 1
    lines += ["", f"{last}. What has been done about matter {last}?", "",
              f"Measures on matter {last} were taken in 2025.", ""]
    return "\n".join(lines), answers, apart


def check(chunks, answers: dict[int, str]) -> None:
    for number, answer in answers.items():
        texts = " ".join(c.text for c in chunks if c.question == number)
        assert " ".join(texts.split()).startswith(answer[:60]), (number, texts[:200])
    assert not any("|" in c.text for c in chunks)


@pytest.mark.parametrize("seed", range(40))
def test_a_question_table_from_the_text(seed: int) -> None:
    text, answers, _ = variant(seed)
    check(parse_reply(text), answers)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[int, tuple[Path, Path]]:
    """Twelve variants as .docx (real ruled tables) and as LibreOffice PDFs, one soffice
    call."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("question-tables")
    render = load_script("render_docx").render_docx
    for seed in range(12):
        (folder / f"r{seed}.txt").write_text(variant(seed)[0], encoding="utf-8")
        render(folder / f"r{seed}.txt", folder / f"r{seed}.docx",
               ("typed", "auto", "list-number")[seed % 3])
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"
    subprocess.run([SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir",
                    str(folder), *(str(folder / f"r{seed}.docx") for seed in range(12))],
                   check=True, capture_output=True, timeout=600)
    return {seed: (folder / f"r{seed}.docx", folder / f"r{seed}.pdf") for seed in range(12)}


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_a_ruled_question_table_from_word_and_pdf(exported, seed: int, form: str) -> None:
    _, answers, _ = variant(seed)
    path = exported[seed][form == "pdf"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(chunk_document(parse_file(path)), answers)

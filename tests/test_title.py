"""A reply's title is the whole title a reader sees on its title page, whether the title is
one line, the lines of one paragraph or paragraphs of their own, in text, .docx and PDF;
it stops at the code, round, focus, date or issuer lines (generated title pages in several
layouts, on the first questions of the seed)."""

from __future__ import annotations

import random

import pytest

from greta_search.load import SourceLine, load_lines
from greta_search.meta import title_from_front_matter
from greta_search.parse import parse_lines
from tests.conftest import SEED, load_script

STATES = ["Freedonia", "the Republic of Ruritania", "Sylvania", "the Slovak Republic"]
TITLE = ["to the Questionnaire", "for the evaluation of the implementation",
         "of the Council of Europe Convention on Action", "against Trafficking in Human Beings"]
ROUND = "Fourth evaluation round"
FOCUS = "Thematic focus: Addressing vulnerabilities to trafficking in human beings"


def title_page(layout: str, state: str, code: str, date: str) -> tuple[list[list[str]], str]:
    """(paragraphs of the title page, each a list of lines; the title a reader sees)."""
    lines = [f"Reply by {state}", *TITLE]
    title = " ".join(lines)
    header = [["COUNCIL OF EUROPE"], ["Group of Experts on Action", "against Trafficking in "
                                      "Human Beings"], [code]]
    after = [[ROUND], [FOCUS], [f"Reply submitted on {date}"]]
    if layout == "one paragraph":
        return [*header, lines, *after], title
    if layout == "paragraph per line":
        return [*header, *([line] for line in lines), *after], title
    if layout == "one line":
        return [*header, [title], *after], title
    if layout == "capitals":
        upper = [line.upper() for line in lines]
        return [*header, *([line] for line in upper), [ROUND.upper()]], " ".join(upper)
    if layout == "code and date after":
        return [*([line] for line in lines), [code], [f"Strasbourg, {date}"]], title
    if layout == "line ends open":
        split = [f"Reply by {state} to the", "Questionnaire for the evaluation of the "
                 "implementation of the Council of Europe Convention",
                 "on Action against Trafficking in Human Beings"]
        return [*header, *([line] for line in split), *after], " ".join(split)
    if layout == "round in the title's paragraph":
        return [*header, [*lines, ROUND, f"Reply submitted on {date}"]], title
    if layout == "issuer after":
        return [*header, *([line] for line in lines), ["Ministry of Internal Affairs"],
                *after], title
    raise ValueError(layout)


LAYOUTS = ["one paragraph", "paragraph per line", "one line", "capitals", "code and date after",
           "line ends open", "round in the title's paragraph", "issuer after"]


def reply_text(layout: str, seed: int) -> tuple[str, dict]:
    """A reply: the generated title page, then the seed's first questions."""
    rng = random.Random(seed)
    state = rng.choice(STATES)
    code = f"GRETA(20{rng.randint(10, 30)}){rng.randint(1, 99)}_{rng.choice(['XYZ', 'RUR'])}_rep"
    date = f"{rng.randint(1, 28)} {rng.choice(['January', 'April', 'November'])} 2026"
    paragraphs, title = title_page(layout, state, code, date)
    body = SEED.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(body) if line.startswith("Part 1 "))
    page = "\n\n".join("\n".join(p) for p in paragraphs)
    text = page + "\n\n" + "\n".join(body[start:start + 60])
    return text + "\n", {"title": title, "code": code}


def check(meta, expected: dict) -> None:
    assert meta.title == expected["title"]
    assert meta.code == expected["code"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", [1, 2])
def test_text_title_pages(layout, seed):
    text, expected = reply_text(layout, seed)
    lines = [SourceLine(line, None, n) for n, line in enumerate(text.splitlines(), 1)]
    check(parse_lines(lines, "reply.txt").meta, expected)


RENDERS = [("render_docx", "auto", ".docx"), ("render_docx", "typed", ".docx"),
           ("render_pdf", None, ".pdf"), ("render_word_pdf", "word-serif", ".pdf")]


@pytest.mark.parametrize(("script", "look", "suffix"), RENDERS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_rendered_title_pages(layout, script, look, suffix, tmp_path):
    """The title pages as Word .docx files (numbered, typed) and PDFs (plain, Word-like)."""
    text, expected = reply_text(layout, 3)
    source = tmp_path / "reply.txt"
    source.write_text(text, encoding="utf-8")
    target = source.with_suffix(suffix)
    getattr(load_script(script), script)(source, target, *([look] if look else []))
    check(parse_lines(load_lines(target), str(target)).meta, expected)


def test_the_seed_title_in_every_format(tmp_path):
    """The seed as text, as a Word .docx and as the Word-like PDF (its title page lines set
    apart, as separate paragraphs are) gives one title."""
    expected = parse_lines(load_lines(SEED), str(SEED)).meta.title
    assert expected.startswith("Reply by Azerbaijan to the Questionnaire for the evaluation")
    assert expected.endswith("against Trafficking in Human Beings")
    pdf = tmp_path / "seed.pdf"
    load_script("render_word_pdf").render_word_pdf(SEED, pdf, "word-sans")
    assert parse_lines(load_lines(pdf), str(pdf)).meta.title == expected


@pytest.mark.parametrize(("lines", "title"), [
    (["Reply submitted on 7 April 2026"], None),  # a date line, not a title
    (["Some text", "Reply by Freedonia", "", "to the Questionnaire"], None),  # mid-paragraph
    (["GRETA(2026)1_XYZ_rep", "Reply by Freedonia", "to the Questionnaire", "", "Part 1 – X"],
     "Reply by Freedonia to the Questionnaire"),
    (["Reply by Freedonia", "", "Baku", "", "to the Questionnaire"], "Reply by Freedonia"),
    (["Reply by Freedonia", "", "- to the Questionnaire"], "Reply by Freedonia"),
    (["Reply by Freedonia", "", "to the Questionnaire.", "", "for the evaluation"],
     "Reply by Freedonia to the Questionnaire."),
])
def test_title_lines(lines, title):
    assert title_from_front_matter([SourceLine(line) for line in lines]) == title


def test_a_title_never_runs_into_the_text():
    long = "for the evaluation " + "of the implementation " * 30
    lines = [SourceLine(t) for t in ["Reply by Freedonia", "", "to the Questionnaire", "", long]]
    assert title_from_front_matter(lines) == "Reply by Freedonia to the Questionnaire"


VERBS = ["Reply by", "Replies of", "Answers of", "Answer of", "Response from", "Submission of",
         "Information provided by the Government of"]


def country_read(heading: str) -> str | None:
    lines = ["GRETA(2026)1_XYZ_rep", "", heading, "", *TITLE, "", ROUND, "",
             "Part 1 – Addressing vulnerabilities", "",
             "1. Are there specific data regarding the factors that make people vulnerable?",
             "", "Answer: Yes."]
    return parse_lines([SourceLine(line) for line in lines], "t.txt").meta.country


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("case", [str, str.upper])
def test_the_state_is_read_from_any_title_line_naming_who_replies(verb, state, case):
    """"ANSWERS OF THE KINGDOM OF X", "Submission of X", "Information provided by the
    Government of X": the State as "Reply by X" gives it (fails on the pattern that read
    only "Reply by/of/from")."""
    expected = country_read(f"Reply by {state}")
    assert expected is not None
    assert country_read(case(f"{verb} {state}")) == expected
    assert country_read(case(f"{verb} {state} to the Questionnaire")) == expected

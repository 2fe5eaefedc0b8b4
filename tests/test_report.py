"""GRETA's evaluation reports (greta_search/report.py) on generated reports in many house
variants (scripts/make_greta_report.py): English and French, chapters in roman numerals,
numbers or letters, findings in bold, italic or plain text, with or without the appendix,
running headers, footnotes; as text and as PDF. Replies must parse exactly as before."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import textwrap
import warnings
from pathlib import Path

import pytest

from greta_search.chunk import chunk_document
from greta_search.load import SourceLine, load_lines
from greta_search.parse import parse_file, parse_lines
from greta_search.report import chapter_label, referred, strength
from tests.conftest import ROOT, load_script

gen = load_script("make_greta_report")


def parse_text(text: str, source: str = "report.txt"):
    lines = [SourceLine(t, None, n) for n, t in enumerate(text.split("\n"), 1)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = parse_lines(lines, source=source)
    return doc, [str(w.message) for w in caught]


def mismatches(doc, truth) -> list:
    """Everything the parse got wrong against the generator's truth."""
    if doc.report is None:
        return ["no report structure"]
    problems = []
    found = {}
    for p in doc.report.paragraphs:
        if p.kind not in ("note", "proposal") and p.number is not None:
            found.setdefault(p.number, p)
    for number, want in truth.paragraphs.items():
        p = found.get(number)
        got = None if p is None else (chapter_label(p.chapter), p.article, p.strength)
        if got != (want["chapter"], want["article"], want["strength"]):
            problems.append((number, got, want))
    proposals = [(p.refers_to, p.strength, p.article) for p in doc.report.proposals()]
    wanted = [([p["refers_to"]], p["strength"], p["article"]) for p in truth.proposals]
    if proposals != wanted:
        problems.append(("proposals", proposals, wanted))
    meta = doc.meta
    got_meta = (meta.code, meta.country, meta.round, meta.adopted, meta.published,
                meta.language, meta.doc_type)
    want_meta = (truth.code, truth.country, truth.round, truth.adopted, truth.published,
                 truth.lang, "report")
    if got_meta != want_meta:
        problems.append(("meta", got_meta, want_meta))
    return problems


VARIANTS = list(itertools.product(("en", "fr"), gen.HEADINGS, gen.FINDINGS))


@pytest.mark.parametrize(("lang", "headings", "findings"), VARIANTS)
@pytest.mark.parametrize("seed", [1, 2])
def test_each_house_variant_parses_to_its_truth(lang, headings, findings, seed):
    rng = random.Random(seed)
    style = gen.Style(lang, headings, findings, appendix=rng.random() < 0.7,
                      furniture=seed == 2, notes=seed == 1, article_headings=seed == 1)
    text, truth = gen.make_report(seed * 100 + VARIANTS.index((lang, headings, findings)),
                                  style)
    doc, caught = parse_text(text)
    assert mismatches(doc, truth) == []
    assert caught == []
    assert not doc.questions()


def test_random_variants_parse_to_their_truth():
    failed = {}
    for seed in range(150):
        text, truth = gen.make_report(seed)
        doc, caught = parse_text(text)
        if mismatches(doc, truth) or caught:
            failed[seed] = (mismatches(doc, truth) + caught)[:3]
    assert failed == {}


LAYOUTS = {
    "wrapped at 80 columns": lambda text: "\n".join(
        "\n".join(textwrap.wrap(line, 80)) if line.strip() else "" for line in text.split("\n")),
    "no blank lines": lambda text: "\n".join(line for line in text.split("\n") if line.strip()),
    "Windows line ends": lambda text: text.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_reports_copied_as_plain_text(layout):
    """A report pasted from a PDF (hard line breaks), without blank lines, or from Windows."""
    failed = {}
    for seed in range(40):
        text, truth = gen.make_report(seed)
        doc, caught = parse_text(LAYOUTS[layout](text))
        if mismatches(doc, truth) or caught:
            failed[seed] = (mismatches(doc, truth) + caught)[:3]
    assert failed == {}


PDF_VARIANTS = list(itertools.product(("en", "fr"), gen.HEADINGS, ("bold", "plain")))


@pytest.mark.parametrize(("lang", "headings", "findings"), PDF_VARIANTS)
def test_each_variant_as_a_pdf(lang, headings, findings, tmp_path):
    """The same reports printed (running header with the code, page numbers, paragraphs
    across pages; bold is lost in a PDF's text, so findings are read from their words)."""
    seed = PDF_VARIANTS.index((lang, headings, findings))
    style = gen.Style(lang, headings, findings, appendix=True, notes=seed % 2 == 0,
                      article_headings=seed % 3 != 0)
    text, truth = gen.make_report(500 + seed, style)
    source = tmp_path / "report.txt"
    source.write_text(text, encoding="utf-8")
    load_script("render_pdf").render_pdf(source, tmp_path / "report.pdf")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = parse_file(tmp_path / "report.pdf")
    assert mismatches(doc, truth) == []
    assert [str(w.message) for w in caught] == []
    pages = [p.page for p in doc.report.paragraphs]
    assert pages == sorted(pages) and pages[-1] > 1


@pytest.mark.parametrize("look", ["word-sans", "word-serif"])
def test_word_like_pdfs(look, tmp_path):
    """Reports printed like Word's PDFs (scripts/render_word_pdf.py: footnotes under a
    rule, "Page 3" footers, bold headings, justified text), random variants."""
    failed = {}
    for seed in range(12):
        style = gen.random_style(random.Random(seed))
        style.furniture = False
        style.findings = "plain" if style.findings == "italic" else style.findings
        text, truth = gen.make_report(seed, style)
        source = tmp_path / f"r{seed}.txt"
        source.write_text(text, encoding="utf-8")
        load_script("render_word_pdf").render_word_pdf(source, tmp_path / f"r{seed}.pdf", look)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            doc = parse_file(tmp_path / f"r{seed}.pdf")
        problems = mismatches(doc, truth) + [str(w.message) for w in caught]
        if problems:
            failed[seed] = problems[:3]
    assert failed == {}


@pytest.mark.parametrize(("text", "expected"), [
    ("GRETA urges the authorities to identify victims.", "urges"),
    ("GRETA once again urges the authorities to act.", "urges"),
    ("GRETA considers that the authorities should train judges.", "considers"),
    ("GRETA considers that the law is in line with the Convention.", None),
    ("GRETA invites the authorities to consider a fund.", "invites"),
    ("GRETA encourages the authorities to continue.", "invites"),
    ("GRETA notes that the number of victims rose.", None),
    ("In 2019 GRETA urged the authorities to act.", None),  # the previous report, reported
    ("GRETA invites the authorities to collect data. GRETA urges them to act.", "urges"),
    ("Le GRETA exhorte les autorités à identifier les victimes.", "urges"),
    ("Le GRETA considère que les autorités devraient former les juges.", "considers"),
    ("Le GRETA considère que la loi est conforme à la Convention.", None),
    ("Le GRETA invite les autorités à créer un fonds.", "invites"),
    ("**GRETA urges** the authorities to act.", "urges"),
])
def test_strength_of_findings(text, expected):
    assert strength(text) == expected


def test_proposals_refer_to_their_paragraphs():
    assert referred("GRETA urges ... (paragraph 125)") == [125]
    assert referred("... (see paragraphs 40 and 41)") == [40, 41]
    assert referred("... (paragraphes 12-14)") == [12, 13, 14]
    assert referred("... 125 victims") == []


def test_report_passages_cite_chapter_article_and_paragraph():
    style = gen.Style("en", "roman", "bold", appendix=True, notes=True)
    text, truth = gen.make_report(7, style)
    doc, _ = parse_text(text)
    chunks = chunk_document(doc)
    recs = [c for c in chunks if c.kind == "recommendation"]
    want = {n: p for n, p in truth.paragraphs.items() if p["strength"]}
    assert {c.paragraph: c.strength for c in recs} == {n: p["strength"] for n, p in want.items()}
    for c in recs:  # each finding is a passage of its own, cited to its article
        assert c.paragraph == c.paragraph_end and c.articles == [want[c.paragraph]["article"]]
        assert c.citation == (f"{truth.code}, Chapter III, Article {c.articles[0]}, "
                              f"¶{c.paragraph}")
        assert c.heading_path[0] == "III. Article-by-article findings"
        assert c.heading_path[-1].startswith(f"Article {c.articles[0]} – ")
        assert c.heading_path[-1] in c.embed_text  # the passage is understood alone
    proposals = [c for c in chunks if c.kind == "proposal"]
    assert [c.refers_to for c in proposals] == [[p["refers_to"]] for p in truth.proposals]
    assert all(f"see ¶{c.refers_to[0]}" in c.citation for c in proposals)
    assert "\n[1] " in text  # footnotes: kept, in passages of their own kind, never findings
    notes = [c for c in chunks if "[1] " in c.text]
    assert len(notes) == 1 and notes[0].kind in ("note", "text")
    assert all(c.question is None for c in chunks)


def test_an_odd_report_is_indexed_by_paragraph_with_one_warning():
    """GRETA named, numbered paragraphs, but no headings and no findings."""
    text = "GRETA(2024)05\n\n" + "\n\n".join(
        f"{n}. GRETA met the authorities of Elbonia on day {n} of its visit." for n in
        range(1, 9))
    doc, caught = parse_text(text, "odd-report.txt")
    assert doc.report is None
    assert len(caught) == 1 and "odd-report.txt" in caught[0]
    chunks = chunk_document(doc, budget=60)
    assert [c.paragraph for c in chunks][:3] == [None, 1, 2]
    assert chunks[2].citation == "GRETA(2024)05, ¶2"


def test_a_report_without_its_title_page_still_parses():
    text, truth = gen.make_report(11, gen.Style("fr", "roman", "italic"))
    body = text[text.index("I. Introduction"):]
    doc, caught = parse_text(body, "sans-titre.txt")
    assert doc.report is not None and doc.meta.code is None
    assert caught == ["sans-titre.txt: no title page with a GRETA document code; cited as "
                      "sans-titre"]
    assert len(doc.report.recommendations()) == sum(
        1 for p in truth.paragraphs.values() if p["strength"])


REPLIES = ["corpus/greta-2023-11-aze-reply.txt", "tests/data/synthetic-xyz-reply.txt",
           "tests/data/synthetic-rur-reply.txt"]
NEW_FIELDS = {"heading_path", "strength", "refers_to", "questions"}


def digest(chunks) -> str:
    records = [{k: v for k, v in c.to_dict().items() if k not in NEW_FIELDS} for c in chunks]
    return hashlib.sha256(json.dumps(records, sort_keys=True, ensure_ascii=False).encode()
                          ).hexdigest()


def test_replies_parse_exactly_as_before_report_parsing():
    """tests/data/reply-chunks.json holds the digests of every passage record of the seed,
    the synthetic replies, the seed in the 11 house styles and in the 27 unseen ones (with
    and without its title page), written by the code before report parsing existed
    (commit 84a5908); six variants without a title page (no questionnaire) changed since:
    text under a Part heading before any Section (Parts II and III, an "Articles 5, 6 and 7"
    line the generic parser does not take for a Section) is cited under its Part, in document
    order, where it was lost or put first, joined to the title page's last line. The eight
    continental unseen styles (round 5: "12/", "PART A", "Chapter I", "Question | Reply"
    tables, page breaks, a signature) were pinned when they were added. Five variants without
    a title page changed with the chunker keeping a table's rows together (Part III text
    outside any question, where rows are paragraphs of their own): Table 7's rows, split
    between two passages, are now in one with its caption and header."""
    before = json.loads((ROOT / "tests/data/reply-chunks.json").read_text())
    now = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in REPLIES:
            now[path] = digest(chunk_document(parse_lines(load_lines(ROOT / path),
                                                          source=path)))
        restyler = load_script("restyle")
        seed = (ROOT / REPLIES[0]).read_text(encoding="utf-8")
        styled = {f"style:{name}": restyler.restyle_text(seed, restyler.STYLES[name])
                  for name in restyler.STYLES}
        for name in restyler.UNSEEN:
            text = restyler.restyle_text(seed, restyler.UNSEEN[name])
            styled[f"unseen:{name}"] = text
            styled[f"unseen:{name}:no-title"] = text.split("Reply submitted")[-1]
        for key, text in styled.items():
            lines = [SourceLine(t, None, i) for i, t in enumerate(text.split("\n"), 1)]
            now[key] = digest(chunk_document(parse_lines(lines, "styled.txt")))
    assert now == before
    for path in REPLIES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert parse_file(ROOT / path).report is None


def test_generator_is_deterministic(tmp_path):
    assert gen.make_report(3)[0] == gen.make_report(3)[0]
    assert gen.main([str(tmp_path / "r.txt"), "--seed", "4", "--lang", "fr"]) == 0
    assert (tmp_path / "r.txt").read_text(encoding="utf-8") == gen.make_report(
        4, gen.Style("fr"))[0]


def test_path_written_for_the_tests_exists():
    assert Path(gen.__file__).name == "make_greta_report.py"


REAL_SHAPES = """\
GRETA(2030)02

Evaluation Report

ELBONIA

Third evaluation round

Table of contents

Preamble 4
I. Introduction 5
II. Article-by-article findings 6

Preamble

1. GRETA was set up to monitor the implementation of the Convention.

I. Introduction

2. The third evaluation round of GRETA was launched in 2018.

II. Article-by-article findings

1. Identification of victims (Article 10)

3. GRETA welcomes the new identification rules.

4. GRETA once again urges the Elbonian authorities to:

▪ identify victims among migrant workers;

▪ train labour inspectors.

2. Compensation (Article 15)

5. GRETA considers that the Elbonian authorities should set up a state fund.

Appendix 1 – List of GRETA's conclusions and proposals for action

Identification of victims of trafficking

▪ GRETA once again urges the Elbonian authorities to identify victims among migrant
workers and to train labour inspectors (paragraph 4).

Compensation

▪ GRETA considers that the Elbonian authorities should set up a state fund (see
paragraph 5).

Government's comments

The following comments do not form part of GRETA's analysis. GRETA urges the authorities,
the Government notes, to set up a fund: it will.
"""


def test_shapes_of_real_reports():
    """A table of contents, a preamble, titles naming their article, an appendix grouped by
    topics without article numbers, proposals wrapped over two lines, the Government's
    comments."""
    doc, caught = parse_text(REAL_SHAPES, "elbonia.txt")
    assert caught == [] and doc.meta.country == "Elbonia"
    report = doc.report
    found = {p.number: (chapter_label(p.chapter), p.article, p.kind, p.strength)
             for p in report.paragraphs if p.kind != "proposal" and p.number}
    assert found[1][:3] == ("Preamble", None, "text")
    assert found[4] == ("Chapter II", 10, "recommendation", "urges")
    assert found[5] == ("Chapter II", 15, "recommendation", "considers")
    assert "▪ train labour inspectors." not in report.paragraphs[0].text
    assert [(p.refers_to, p.article, p.strength) for p in report.proposals()] == [
        ([4], 10, "urges"), ([5], 15, "considers")]
    comments = [p for p in report.paragraphs if p.text.startswith("The following comments")]
    assert comments[0].chapter.title == "Government's comments" and comments[0].number is None
    assert comments[0].kind == "text"  # GRETA quoted by the Government: no finding of GRETA


@pytest.mark.parametrize(("title_page", "expected"), [
    ("EVALUATION REPORT\n\nBOSNIA AND HERZEGOVINA\n\nThird evaluation round\n\nPublished on "
     "3 May 2024", {"country": "Bosnia and Herzegovina", "round": "Third",
                    "published": "3 May 2024"}),
    ("Evaluation report concerning the implementation of the Council of Europe Convention on "
     "Action against Trafficking in Human Beings by the Slovak Republic\n\nThis report was "
     "adopted by GRETA at its 48th meeting (26-30 June 2023).",
     {"country": "Slovak Republic", "adopted": "30 June 2023"}),
    ("RAPPORT D'ÉVALUATION\n\nRÉPUBLIQUE DE MOLDOVA\n\nQuatrième cycle d'évaluation\n\nAdopté "
     "le 1er décembre 2025\n\nPublié le 2 mars 2026",
     {"country": "Republic of Moldova", "round": "Quatrième", "adopted": "1er décembre 2025",
      "published": "2 mars 2026"}),
    ("Rapport d'évaluation : Azerbaïdjan", {"country": "Azerbaijan"}),
    ("RAPPORT D'ÉVALUATION\n\nBOSNIE-HERZÉGOVINE", {"country": "Bosnia and Herzegovina"}),
    ("Rapport concernant la mise en œuvre de la Convention du Conseil de l'Europe sur la lutte "
     "contre la traite des êtres humains par les Pays-Bas", {"country": "Netherlands"}),
    ("EVALUATION REPORT\n\nGRAND FENWICK", {"country": "Grand Fenwick"}),  # not in the table
])
def test_report_metadata_from_title_pages(title_page, expected):
    from greta_search.meta import report_meta

    found = report_meta([SourceLine(t) for t in title_page.split("\n")])
    assert found == {"doc_type": "report", **expected}

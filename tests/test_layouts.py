"""The generalisation harness: the seed written again in many house styles (named ones and
styles drawn at random) must parse to the seed's own tree, tables and citations."""

from __future__ import annotations

import json
import warnings
from dataclasses import asdict

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from greta_search.chunk import chunk_document
from greta_search.load import SourceLine
from greta_search.parse import parse_lines
from greta_search.tables import tables_in_passage
from tests.conftest import load_script, run_cli

restyler = load_script("restyle")
NAMED = sorted(restyler.STYLES)


def tree(doc) -> list[tuple]:
    """Numbers, item letters and paragraph texts, with the Part, Section and articles."""
    out = []
    for part in doc.parts:
        for sec in part.sections:
            for q in sec.questions:
                out.append(("Q", part.label, sec.numeral, tuple(sec.articles), q.number, q.text))
                out += [("P", q.number, p.kind, p.text) for p in q.paragraphs]
                for item in q.items:
                    out.append(("I", q.number, item.label, item.text))
                    out += [("P", q.number, item.label, p.kind, p.text) for p in item.paragraphs]
    return out


def table_records(doc) -> list[dict]:
    return [
        asdict(t)
        for c in chunk_document(doc) if c.kind == "table"
        for t in tables_in_passage(c.text, c.item_text)
    ]


def parse_text(text: str, source: str = "styled.txt"):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "no questionnaire structure" warning
        return parse_lines([SourceLine(line) for line in text.splitlines()], source)


@pytest.fixture(scope="module")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_tree(seed_doc):
    return tree(seed_doc)


@pytest.fixture(scope="module")
def styled(seed_text):
    """Each named style: its text and its parse."""
    out = {}
    for name in NAMED:
        text = restyler.restyle_text(seed_text, restyler.STYLES[name])
        out[name] = (text, parse_text(text, f"{name}.txt"))
    return out


def test_at_least_eight_distinct_styles(styled):
    assert len(NAMED) >= 8
    assert len({text for text, _ in styled.values()}) == len(NAMED)


@pytest.mark.parametrize("name", NAMED)
def test_named_style_parses_to_the_seed_tree(styled, seed_tree, name):
    text, doc = styled[name]
    assert doc.meta.code == "GRETA(2023)11_AZE_rep" and doc.meta.country == "Azerbaijan"
    assert tree(doc) == seed_tree


@pytest.mark.parametrize("name", NAMED)
def test_named_style_every_question_shows_with_q2_items(styled, name):
    chunks = chunk_document(styled[name][1])
    for number in range(1, 43):
        assert any(c.question == number for c in chunks), number
    assert {c.item for c in chunks if c.question == 2} == set("abcdef")
    assert any(c.citation.endswith("Q2(f), ¶1") or "Q2(f), ¶1" in c.citation for c in chunks)


@pytest.mark.parametrize("name", NAMED)
def test_named_style_gives_the_seeds_ten_tables(styled, seed_doc, name):
    seed_tables = table_records(seed_doc)
    assert len(seed_tables) == 10
    assert table_records(styled[name][1]) == seed_tables


def test_the_restyled_text_really_differs(styled, seed_text):
    text, _ = styled["question-colon"]
    assert "Question 26: If your country" in text and "\n26. If" not in text
    text, _ = styled["roman-items"]
    assert "(ii) development of children" in text
    text, _ = styled["no-marker"]
    assert "Answer" not in text.split("Reply submitted")[1]


STYLES = st.builds(
    restyler.Style,
    name=st.just("random"),
    part=st.sampled_from(restyler.PARTS),
    section=st.sampled_from(restyler.SECTIONS),
    question=st.sampled_from(restyler.QUESTIONS),
    answer=st.sampled_from(restyler.ANSWERS),
    answer_alone=st.booleans(),
    item=st.sampled_from(restyler.ITEMS),
    general=st.sampled_from((*restyler.ANSWERS, "Answer (general) – ")),
    bullet=st.sampled_from(restyler.BULLETS),
    mixed=st.one_of(st.none(), st.integers(0, 10_000)),
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(style=STYLES)
def test_random_styles_parse_to_the_seed_tree(style, seed_text, seed_tree):
    doc = parse_text(restyler.restyle_text(seed_text, style))
    assert tree(doc) == seed_tree


def test_show_works_on_a_restyled_index(tmp_path, styled):
    from greta_search.embed import HashEmbedder
    from greta_search.store import IndexStore

    path = tmp_path / "styled.txt"
    path.write_text(styled["text-only"][0], encoding="utf-8")
    IndexStore(tmp_path / "index").build([path], HashEmbedder())
    for ref, number, item in (("26", 26, None), ("2b", 2, "b"), ("41.3", 41, "3")):
        hits = json.loads(run_cli("show", ref, "--index", tmp_path / "index", "--format", "json"))
        assert hits and all(h["question"] == number for h in hits)
        if item:
            assert {h["item"] for h in hits} == {item}
    hits = json.loads(run_cli("show", "25", "--index", tmp_path / "index", "--format", "json"))
    assert {h.get("referenced_from") for h in hits if h["question"] == 24} == {25}


# --- layouts the parser was not written for -------------------------------------------------

measurer = load_script("measure_layouts")
UNSEEN = sorted(restyler.UNSEEN)


def full_marks(doc, seed_doc, paragraphs: bool = True) -> None:
    """Every question, item and paragraph of the seed found where the seed has it, each
    question in the seed's Section with its articles, and nothing more."""
    m = measurer.measure(doc, seed_doc)
    assert (m["questions"], m["extra_questions"]) == (42, 0), m
    assert (m["items"], m["extra_items"]) == (m["seed_items"], 0), m
    assert m["sections"] == 42, m
    if paragraphs:
        assert (m["paragraphs"], m["extra_paragraphs"]) == (m["seed_paragraphs"], 0), m


@pytest.mark.parametrize("name", UNSEEN)
def test_unseen_style_finds_every_question_item_and_paragraph(seed_text, seed_doc, name):
    text = restyler.restyle_text(seed_text, restyler.UNSEEN[name])
    doc = measurer.parse_text(text, f"{name}.txt")
    assert doc.meta.code == "GRETA(2023)11_AZE_rep" and doc.meta.country == "Azerbaijan"
    full_marks(doc, seed_doc, paragraphs=name not in restyler.AMBIGUOUS)


def test_the_unseen_styles_really_differ(seed_text):
    def text(name: str) -> str:
        return restyler.restyle_text(seed_text, restyler.UNSEEN[name]).split("Reply submitted")[-1]

    assert "\nQ 26\n\nIf your country" in text("heading-alone-block")
    assert "\n2) development of children" in text("numeric-items")
    assert "\nAzerbaijan: " in text("state-name")
    assert "? – " in text("inline-answer") and "Answer" not in text("inline-answer")
    assert "\n26. If your" not in text("no-question-text") and "\n26. " in text("no-question-text")
    assert "\nI. PREVENTION" not in text("no-sections") and "\nArticles 5, 6 and 7 – " in (
        text("article-sections"))
    assert "\n\n" not in text("no-blank-lines") and "\r\n" in text("crlf")
    assert "\u00ad" in text("soft-hyphens") and "\t" in text("tabs").split("Table 1")[0]
    assert max(len(line) for line in text("wrap-80").splitlines() if "\t" not in line) <= 80


def test_a_reply_without_sections_gets_the_templates_marked_inferred(seed_text):
    doc = measurer.parse_text(
        restyler.restyle_text(seed_text, restyler.UNSEEN["no-parts-no-sections"]), "x.txt")
    chunks = {c.question: c for c in chunk_document(doc)}
    q26 = chunks[26]
    assert (q26.part, q26.section, q26.articles) == ("Part 1", "II", [10, 11, 12, 14, 16])
    assert q26.inferred == ["part", "section"] and q26.section_title.startswith("IDENTIFICATION")
    assert q26.citation.startswith("GRETA(2023)11_AZE_rep, [Part 1], [Section II (Arts 10-12, 14")
    assert (chunks[40].part, chunks[40].section, chunks[40].inferred) == ("Part II", None,
                                                                         ["part"])
    seed = {c.question: c for c in chunk_document(parse_text(seed_text))}
    assert seed[26].inferred == [] and "[" not in seed[26].citation
    from greta_search.structure import format_text, inspect_document

    shown = format_text(inspect_document(doc))
    assert "Section II – IDENTIFICATION OF VICTIMS" in shown and "[from the template]" in shown


def unambiguous(style) -> bool:
    """Combinations a reader could not parse either: items numbered like the questions
    ("3)" under "2)"), text both wrapped and without blank lines between paragraphs."""
    if "{k})" in style.item and style.question.startswith("{n})"):
        return False
    return not {"wrap-80", "no-blank-lines"} <= set(style.transforms)


UNSEEN_STYLES = st.builds(
    restyler.Style,
    name=st.just("unseen"),
    part=st.sampled_from(restyler.PARTS + restyler.UNSEEN_PARTS),
    section=st.sampled_from(restyler.SECTIONS + restyler.UNSEEN_SECTIONS),
    question=st.sampled_from(restyler.QUESTIONS + restyler.UNSEEN_QUESTIONS),
    answer=st.sampled_from(restyler.ANSWERS + restyler.UNSEEN_ANSWERS),
    answer_alone=st.booleans(),
    item=st.sampled_from(restyler.ITEMS + restyler.UNSEEN_ITEMS),
    general=st.sampled_from((*restyler.ANSWERS, *restyler.UNSEEN_ANSWERS, "Answer (general) – ")),
    bullet=st.sampled_from(restyler.BULLETS),
    inline=st.sampled_from([None, " – ", " Answer: "]),
    transforms=st.lists(st.sampled_from(restyler.TRANSFORMS), unique=True, max_size=3).map(
        lambda names: tuple(sorted(names, key=restyler.TRANSFORMS.index))),
).filter(unambiguous)


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],  # shrinking a 600 kB reply takes minutes
          suppress_health_check=[HealthCheck.too_slow])
@given(style=UNSEEN_STYLES)
def test_random_unseen_styles_find_everything(style, seed_text, seed_doc):
    doc = measurer.parse_text(restyler.restyle_text(seed_text, style), "unseen.txt")
    full_marks(doc, seed_doc)


@pytest.mark.parametrize("name", ["numeric-items", "no-question-text", "no-parts-no-sections"])
def test_unseen_styles_as_a_word_pdf_keep_every_question_item_and_section(
        name, seed_doc, tmp_path):
    """Through the Word-like PDF renderer (pages, running headers, footnotes): the structure
    is all found; paragraphs differ as much as the seed's own PDF does (footnotes)."""
    from greta_search.load import load_lines

    source = tmp_path / f"{name}.txt"
    source.write_text(restyler.restyle(measurer.SEED, restyler.UNSEEN[name]), encoding="utf-8")
    target = tmp_path / f"{name}.pdf"
    load_script("render_word_pdf").render_word_pdf(source, target, "word-sans")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = parse_lines(load_lines(target), str(target))
    full_marks(doc, seed_doc, paragraphs=False)


CONTINENTAL = ["lettered-parts", "chapters", "article-heads", "question-table", "page-breaks",
               "continental"]


@pytest.mark.parametrize("name", CONTINENTAL)
def test_continental_headings_give_the_seeds_parts_and_sections(seed_text, seed_doc, name):
    """"PART A" with its title on the next line, "Chapter I – ..." with its articles on a
    line below, and "Article 24 – ..." headings inside a Chapter: each Part and Section is
    the seed's, with its title, and no heading is left in an answer (fails on the parser
    that read none of them)."""
    from greta_search.template import label_value

    style = restyler.UNSEEN[name]
    doc = measurer.parse_text(restyler.restyle_text(seed_text, style), f"{name}.txt")
    full_marks(doc, seed_doc)

    def headings(d):
        return [(label_value(p.label), p.title.casefold(), [
            (s.numeral, s.title.casefold(), s.articles) for s in p.sections if s.questions])
            for p in d.parts]

    assert headings(doc) == headings(seed_doc)
    assert not any(p.inferred or s.inferred for p in doc.parts for s in p.sections)
    answers = " ".join(p.text for q in doc.questions() for p in q.paragraphs)
    assert "Article 24 – " not in answers and "Chapter " not in answers


@pytest.mark.parametrize("name", ["page-breaks", "continental"])
def test_a_table_over_a_page_break_is_one_table(seed_text, seed_doc, name):
    """A table typed over a page break ("- 3 -", then "Table 3 (continued)" and its header
    again) is read as the one table the seed has, the page number in no passage (fails on
    the parser that read each half as a table of its own)."""
    text = restyler.restyle_text(seed_text, restyler.UNSEEN[name])
    assert "(continued)" in text and "\n- 2 -\n" in text
    doc = measurer.parse_text(text, f"{name}.txt")
    assert table_records(doc) == table_records(seed_doc)
    assert not any(c.text.strip() == "- 2 -" for c in chunk_document(doc))


def test_questions_set_out_in_a_question_reply_table(seed_text, seed_doc):
    """Questions answered in the rows of a "Question | Reply" table are those questions,
    each with its answer (fails on the parser that kept the rows as a table)."""
    text = restyler.restyle_text(seed_text, restyler.UNSEEN["question-table"])
    assert "\nQuestion | Reply\n12. How do legislation" in text
    doc = measurer.parse_text(text, "question-table.txt")
    seed = {q.number: q for q in seed_doc.questions()}
    found = {q.number: q for q in doc.questions()}
    assert found[12].text == seed[12].text
    assert [p.text for p in found[12].paragraphs] == [p.text for p in seed[12].paragraphs]
    assert not any("Question | Reply" in p.text for q in doc.questions() for p in q.paragraphs)


@pytest.mark.parametrize("name", ["signature", "continental"])
def test_the_signature_after_the_last_answer_is_no_answer(seed_text, seed_doc, name):
    """A place and date, a name and a post after the last answer are a passage of their
    own, not the last item's answer (fails on the parser that added them to Q42)."""
    doc = measurer.parse_text(restyler.restyle_text(seed_text, restyler.UNSEEN[name]),
                              f"{name}.txt")
    full_marks(doc, seed_doc)
    assert [m.title for m in doc.back_matter][-1:] == ["Signature"]
    assert "Head of the National" in doc.back_matter[-1].paragraphs[-1].text

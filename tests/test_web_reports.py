"""GRETA's reports in the web app and its JSON API (FastAPI's test client, hash embedder):
the `kind` filter and facet, a State named in either language, and result cards showing a
passage's kind, a finding's strength and the paragraphs a proposal refers to."""

from __future__ import annotations

import html
import re

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import greta_search as gs  # noqa: E402
from greta_search.search import KINDS  # noqa: E402
from tests.conftest import cli_json  # noqa: E402

CARD_RE = re.compile(r'<article class="hit".*?</article>', re.DOTALL)


@pytest.fixture(scope="module")
def client(report_index):
    from greta_search.web.app import create_app

    with TestClient(create_app(gs.open_index(report_index[0])),
                    raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("params, options", [
    ({"q": "identification of victims", "kind": "recommendation", "per_question": 0},
     ["--kind", "recommendation", "--per-question", "0"]),
    ({"q": "victims", "kind": ["proposal", "note"], "country": "Azerbaïdjan", "k": 20},
     ["--kind", "proposal", "--kind", "note", "--country", "Azerbaïdjan", "-k", "20"]),
    ({"q": "victims", "kind": "Table"}, ["--kind", "table"]),
])
def test_api_search_kind_is_the_cli_json(client, report_index, params, options):
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    hits = response.json()
    wanted = {k.lower() for k in ([params["kind"]] if isinstance(params["kind"], str)
                                  else params["kind"])}
    assert hits and {h["kind"] for h in hits} <= wanted
    assert hits == cli_json("search", params["q"], *options, "--index", report_index[0])


def test_api_ask_takes_kind(client, report_index):
    query = "What should the authorities do to identify victims?"
    answer = client.get("/api/ask", params={"q": query, "kind": "recommendation"}).json()
    assert {h["kind"] for h in answer["passages"] + answer["citations"]} == {"recommendation"}
    assert answer == cli_json("ask", query, "--kind", "recommendation", "--index",
                              report_index[0])


@pytest.mark.parametrize("url", ["/api/search?q=a&kind=recomendation", "/?q=a&kind=verdict",
                                 "/api/ask?q=a&kind=", "/api/ask?q=a&kind=%3Cb%3E"])
def test_an_unknown_kind_is_one_message_naming_the_kinds(client, url):
    response = client.get(url)
    if url.endswith("kind="):  # an empty value is no filter
        assert response.status_code == 200
        return
    assert response.status_code == 422
    body = response.json()["error"] if url.startswith("/api/") else response.text
    assert f"kind: one of {', '.join(KINDS)}" in body and "<b>" not in body


def card_facts(card: str) -> tuple:
    kind = re.search(r'<span class="kind" data-kind="(\w+)">(\w+)</span>', card)
    strength = re.search(r'<span class="strength"[^>]*>GRETA (\w+)</span>', card)
    refers = re.search(r'<span class="refers">refers to ([^<]*)</span>', card)
    assert kind and kind.group(1) == kind.group(2)
    return (kind.group(1), strength and strength.group(1),
            [int(n) for n in re.findall(r"¶(\d+)", refers.group(1))] if refers else [])


@pytest.mark.parametrize("params", [
    {"q": "authorities should identify victims", "per_question": 0},
    {"q": "victims", "kind": "proposal", "k": 15},
    {"q": "shelters for victims", "country": "Azerbaijan"},
])
def test_cards_show_kind_strength_and_what_a_proposal_refers_to(client, params):
    page = client.get("/", params=params).text
    cards = CARD_RE.findall(page)
    hits = client.get("/api/search", params={"k": 10, **params}).json()
    assert len(cards) == len(hits) > 0
    facts = [card_facts(card) for card in cards]
    assert facts == [(h["kind"], h["strength"], h["refers_to"]) for h in hits]
    assert [html.unescape(re.search(r'<cite class="citation">([^<]+)</cite>', c).group(1))
            for c in cards] == [h["citation"] for h in hits]


def test_the_kind_facet_counts_and_filters(client, report_index):
    root, truths = report_index
    index = gs.open_index(root)
    page = client.get("/", params={"q": "victims", "country": "Azerbaïdjan"}).text
    facet = re.search(r'<section class="facet" data-facet="kind">(.*?)</section>', page,
                      re.DOTALL)
    assert facet, "no kind facet"
    shown = {kind: int(n) for kind, n in re.findall(
        r'>(\w+)</a> <span class="count">(\d+)</span>', facet.group(1))}
    azerbaijan = [c for c in index.chunks if c.country == "Azerbaijan"]
    want = {kind: sum(c.kind == kind for c in azerbaijan) for kind in KINDS}
    assert shown == {kind: n for kind, n in want.items() if n}
    assert {"recommendation", "text", "table"} <= set(shown)
    link = re.search(r'href="([^"]*kind=recommendation[^"]*)"', facet.group(1)).group(1)
    filtered = client.get(html.unescape(link)).text
    assert "kind: recommendation" in filtered  # a removable chip
    facts = [card_facts(card) for card in CARD_RE.findall(filtered)]
    assert facts and {kind for kind, _, _ in facts} == {"recommendation"}
    assert all(strength in ("urges", "considers", "invites") for _, strength, _ in facts)
    french = next(t for t in truths if t.lang == "fr")
    assert re.search(rf'<cite class="citation">{re.escape(french.code)}', filtered)


def test_index_kinds_counts_within_filters(report_index):
    root, truths = report_index
    index = gs.open_index(root)
    everything = list(index.chunks)
    for filters in ({}, {"country": "Azerbaïdjan"}, {"doc": truths[1].code, "kind": "text"}):
        chosen = index.filters({**filters, "kind": None})
        kept = [c for c in everything if chosen.accepts(c)]
        want = {kind: sum(c.kind == kind for c in kept) for kind in KINDS}
        assert index.kinds(**filters) == {kind: n for kind, n in want.items() if n}


# --- the question, answer and compare pages show the same facts as the search cards ------------

COLUMN_RE = re.compile(r'<section class="column">.*?</section>', re.DOTALL)
FACTS_RE = re.compile(r'<(p|span) class="facts">.*?</\1>', re.DOTALL)


def shown_facts(html_text: str) -> list[tuple]:
    return [card_facts(m.group(0)) for m in FACTS_RE.finditer(html_text)]


def wanted_facts(passages: list[dict]) -> list[tuple]:
    return [(p["kind"], p["strength"], p["refers_to"]) for p in passages]


@pytest.mark.parametrize("params", [
    {"target": "identification of victims"},
    {"target": "authorities should identify victims", "kind": "proposal"},
    {"target": "victims", "kind": ["recommendation", "note"]},
    {"target": "shelters for victims", "country": "Azerbaïdjan"},
    {"target": "26"},
])
def test_compare_columns_show_kind_strength_refers_and_reply_or_report(client, params):
    page = client.get("/compare", params=params).text
    documents = client.get("/api/compare", params=params).json()["documents"]
    types = {d["doc"]: d["doc_type"] for d in client.get("/api/docs").json()}
    columns = COLUMN_RE.findall(page)
    assert len(columns) == len(documents) > 0
    for column, document in zip(columns, documents, strict=True):
        assert shown_facts(column) == wanted_facts(document["passages"])
        doc_type = re.search(r'<span class="doctype" data-doctype="(\w+)">(\w+)</span>', column)
        assert doc_type.group(1) == doc_type.group(2) == types[document["doc"]]
    if params.get("kind") == "proposal":
        assert all(p["refers_to"] for d in documents for p in d["passages"])


@pytest.mark.parametrize("ref", ["12", "26", "42"])
def test_question_page_cards_show_their_kind(client, ref):
    page = client.get(f"/question/{ref}").text
    passages = client.get(f"/api/show/{ref}").json()
    cards = CARD_RE.findall(page)
    assert [f for card in cards for f in shown_facts(card)] == wanted_facts(passages)
    assert 'data-doctype="reply"' in page


def test_the_answer_shows_the_kind_of_each_source(client):
    query = {"q": "How many victims were identified in 2025?"}
    page = client.get("/", params=query).text
    answer = client.get("/api/ask", params=query).json()
    source = re.search(r'<p class="answer-source">.*?</p>\s*</section>', page, re.DOTALL)
    assert answer["citations"] and source
    assert shown_facts(source.group(0)) == wanted_facts(answer["citations"])

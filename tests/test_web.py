"""The web app and its JSON API, through FastAPI's test client on a hash-embedder index."""

from __future__ import annotations

import csv
import io
import re

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import greta_search as gs  # noqa: E402
from tests.conftest import cli_json  # noqa: E402

SCRIPT_PROBE = '<script>alert(1)</script>'
ATTR_PROBE = '"><img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def client(probe_index):
    from greta_search.web.app import create_app

    with TestClient(create_app(gs.open_index(probe_index)),
                    raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("url, command", [
    ("/api/search?q=residence+permits+for+victims&k=4",
     ["search", "residence permits for victims", "-k", "4"]),
    ("/api/search?q=shelters&country=Azerbaijan&part=1&per_question=2&mode=dense",
     ["search", "shelters", "--country", "Azerbaijan", "--part", "1", "--per-question", "2",
      "--mode", "dense"]),
    ("/api/ask?q=How+many+victims+were+identified+in+2025%3F",
     ["ask", "How many victims were identified in 2025?"]),
    ("/api/show/25", ["show", "25"]),
    ("/api/provision?ref=Article+144-1+of+the+Criminal+Code",
     ["provision", "Article 144-1 of the Criminal Code"]),
    ("/api/provisions?instrument=Migration+Code", ["provisions", "--instrument", "Migration Code"]),
    ("/api/tables?n=1", ["tables", "1"]),
    ("/api/compare?target=shelters+for+victims", ["compare", "shelters for victims"]),
    ("/api/compare?target=26", ["compare", "26"]),  # question passages: score null
    ("/api/docs", ["docs"]),
])
def test_api_returns_the_cli_json(client, probe_index, url, command):
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.json() == cli_json(*command, "--index", probe_index)


@pytest.mark.parametrize("url, status, words", [
    ("/api/search?q=", 422, "empty query"),
    ("/api/search?q=" + "x" * 501, 422, "q: "),
    ("/api/search?q=a&k=0", 422, "k: "),
    ("/api/search?q=a&k=51", 422, "k: "),
    ("/api/search?q=a&per_question=-1", 422, "per_question"),
    ("/api/search?q=a&mode=magic", 422, "mode"),
    ("/api/search?q=a&question=seven", 422, "question"),
    ("/api/search?q=a&question=0", 422, "question"),
    ("/api/search?q=a&country=" + "c" * 101, 422, "country"),
    ("/api/search?q=a" + "&doc=d" * 11, 422, "doc"),
    ("/api/show/999", 404, "not found"),
    ("/api/show/abc", 400, "not a question reference"),
    ("/api/tables?n=77", 404, "no table 77"),
    ("/api/provision?ref=Article+5+of+the+Space+Code", 404, "not cited"),
    ("/api/provision?ref=hello", 404, "not cited"),
    ("/api/nothing", 404, "Not Found"),
    ("/question/999", 404, "not found"),
    ("/?q=a&k=1000", 422, "k: "),
    ("/export?q=shelters&format=exe", 422, "format"),
])
def test_bad_parameters_get_a_4xx_with_one_message(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    body = response.json()["error"] if url.startswith("/api/") else response.text
    assert words in body and "Traceback" not in response.text


def test_api_is_read_only(client):
    assert client.post("/api/search", json={"q": "x"}).status_code == 405
    paths = client.get("/openapi.json").json()["paths"]
    assert {p for p in paths} == {"/api/search", "/api/ask", "/api/show/{ref}",
                                  "/api/provision", "/api/provisions", "/api/tables",
                                  "/api/compare", "/api/docs"}
    assert all(set(ops) == {"get"} for ops in paths.values())


def test_search_page_escapes_document_text_and_query(client):
    page = client.get("/", params={"q": f"zebracorn {SCRIPT_PROBE} {ATTR_PROBE}"}).text
    assert "zebracorn" in page
    assert SCRIPT_PROBE not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onerror=alert(2)&gt;" in page
    question = client.get("/question/25").text
    assert SCRIPT_PROBE not in question and "&lt;script&gt;" in question


def test_search_page_cards_facets_answer_and_urls(client):
    response = client.get("/", params={"q": "How many victims were identified in 2025?"})
    page = response.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert 'class="answer"' in page and "46" in page
    cards = re.findall(r'<cite class="citation">([^<]+)</cite>', page)
    assert len(cards) == 10 and all(c.startswith("GRETA(2023)11_AZE_rep") for c in cards)
    assert 'data-copy="GRETA(2023)11_AZE_rep' in page
    assert "<mark>" in page and "/question/" in page
    facet = re.search(r'href="(/\?q=[^"]*&amp;part=[^"]+)"', page)
    assert facet, "no Part facet link"
    filtered = client.get(facet.group(1).replace("&amp;", "&")).text
    part = re.search(r"part=([^&\"]+)", facet.group(1)).group(1)
    assert f"part: {part}" in filtered  # the filter shows as a removable chip
    assert all(f"Part {part}" in c for c in
               re.findall(r'<cite class="citation">([^<]+)</cite>', filtered))


def test_live_results_are_a_fragment(client):
    fragment = client.get("/?q=shelters", headers={"HX-Request": "true"}).text
    assert fragment.startswith('<div id="results">') and "<html" not in fragment


def test_question_page_links_cross_references_and_provisions(client):
    page = client.get("/question/25").text
    assert re.search(r'<a class="xref" href="/question/24\?doc=[^"]+">Question 24</a>', page)
    assert "referred to by Q25" in page  # the question it refers to follows
    assert "Provisions cited" in client.get("/question/26").text


def test_provisions_tables_compare_pages(client):
    page = client.get("/provisions").text
    assert "Criminal Code" in page and "/question/" in page
    lookup = client.get("/provisions", params={"ref": "Article 144-1 of the Criminal Code"}).text
    assert "Article 144-1 of the Criminal Code:" in lookup
    tables = client.get("/tables").text
    assert tables.count('<table class="stats">') >= 5 and 'src="/tables/1.svg?doc=' in tables
    chart = client.get("/tables/1.svg", params={"doc": "GRETA(2023)11_AZE_rep"})
    assert chart.headers["content-type"] == "image/svg+xml" and b"<svg" in chart.content
    compare = client.get("/compare", params={"target": "26"}).text
    assert "Question 26." in compare and 'class="column"' in compare


def test_export_reuses_export_and_bibliography(client):
    base = {"q": "residence permits", "k": 3}
    exported = client.get("/export", params={**base, "format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(exported)))
    api = client.get("/api/search", params=base).json()
    assert [r["citation"] for r in rows] == [h["citation"] for h in api]
    markdown = client.get("/export", params={**base, "format": "markdown"})
    assert "attachment" in markdown.headers["content-disposition"]
    assert "residence permits" in markdown.text
    assert client.get("/export", params={**base, "format": "bibtex"}).text.startswith("@")
    assert "TY  - " in client.get("/export", params={**base, "format": "ris"}).text


def test_pages_load_nothing_from_elsewhere(client):
    for url in ("/", "/?q=shelters", "/question/26", "/provisions", "/tables",
                "/compare?target=26"):
        page = client.get(url).text
        assert not re.search(r'(src|href)="(https?:)?//', page), url
    assert client.get("/docs").status_code == 404  # no CDN-backed docs page
    htmx = client.get("/static/htmx.min.js").text
    assert htmx.startswith("/*! htmx.org 2.0.11")


def test_serve_command_listens_on_loopback(probe_index):
    import subprocess
    import sys
    import time

    import httpx

    from greta_search.web.server import free_port
    from tests.conftest import ROOT

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "greta_search", "serve", "--port", str(port),
                               "--index", str(probe_index)], cwd=ROOT, stderr=subprocess.PIPE,
                              text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/docs", timeout=1)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "did not start"
                time.sleep(0.2)
        assert response.json()[0]["doc"] == "GRETA(2023)11_AZE_rep"
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err and "Traceback" not in err

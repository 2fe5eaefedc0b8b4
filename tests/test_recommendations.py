"""GRETA's recommendations exposed: hit fields, the `kind` filter, and the
`recommendations` verb, on an index of generated reports and the seed reply (hash model)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import greta_search as gs
from greta_search.cli import cli
from tests.conftest import load_script

gen = load_script("make_greta_report")
STYLES = [gen.Style("en", "roman", "bold"), gen.Style("fr", "numbers", "italic"),
          gen.Style("en", "letters", "plain", appendix=False)]


@pytest.fixture(scope="module")
def reports(tmp_path_factory, seed_path):
    """(index folder, truths by document code)."""
    folder = tmp_path_factory.mktemp("reports")
    truths, paths = {}, [seed_path]
    for n, style in enumerate(STYLES):
        text, truth = gen.make_report(40 + n, style)
        path = folder / f"report-{n}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        truths[truth.code] = truth
    root = folder / "idx"
    gs.build_index(paths, root, model="hash")
    return root, truths


def run(args, code=0):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code, result.output
    return result


def findings(truths, **where):
    return sorted((code, n, p["strength"]) for code, t in truths.items()
                  for n, p in t.paragraphs.items() if p["strength"]
                  and all(p[k] == v for k, v in where.items()))


def test_every_recommendation_is_listed_with_its_citation(reports):
    root, truths = reports
    hits = [json.loads(line) for line in run(["recommendations", "--index", str(root),
                                              "--format", "jsonl"]).output.splitlines()]
    assert sorted((h["doc"], h["paragraph"], h["strength"]) for h in hits) == findings(truths)
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    for h in hits:
        truth = truths[h["doc"]].paragraphs[h["paragraph"]]
        assert h["kind"] == "recommendation" and h["score"] is None
        assert h["articles"] == [truth["article"]]
        assert h["citation"].startswith(f"{h['doc']}, {truth['chapter']}, Article "
                                        f"{truth['article']}, ¶{h['paragraph']}")
        assert h["heading_path"] and h["question"] is None


def test_recommendations_by_article_strength_and_country(reports):
    root, truths = reports
    args = ["recommendations", "--index", str(root), "--format", "jsonl"]
    for extra, where in ((["--article", "10"], {"article": 10}),
                         (["--strength", "urges"], {"strength": "urges"}),
                         (["--strength", "invites", "--article", "12"],
                          {"strength": "invites", "article": 12})):
        hits = [json.loads(x) for x in run(args + extra).output.splitlines()]
        assert sorted((h["doc"], h["paragraph"], h["strength"]) for h in hits) == findings(
            truths, **where)
    french = next(t for t in truths.values() if t.lang == "fr")
    same_state = {code for code, t in truths.items() if t.country == french.country}
    for name in (french.named, french.country, french.named.upper()):  # either language's name
        hits = [json.loads(x) for x in run(args + ["--country", name]).output.splitlines()]
        assert hits and {h["doc"] for h in hits} == same_state, name
        assert {h["country"] for h in hits} == {french.country}
    result = run(["recommendations", "--index", str(root), "--country", "Narnia"], code=2)
    assert "Narnia" in result.output and "Traceback" not in result.output


def test_appendix_proposals_refer_to_their_paragraphs(reports):
    root, truths = reports
    rows = list(csv.DictReader(io.StringIO(run(
        ["recommendations", "--index", str(root), "--appendix", "--format", "csv"]).output)))
    want = sorted((code, p["refers_to"], p["strength"]) for code, t in truths.items()
                  for p in t.proposals)
    assert sorted((r["doc"], int(r["refers_to"]), r["strength"]) for r in rows) == want
    assert all(f"see ¶{r['refers_to']}" in r["citation"] for r in rows)


def test_text_output_and_a_query(reports):
    root, truths = reports
    out = run(["recommendations", "--index", str(root), "--strength", "urges"]).output
    assert out.count("[urges]") == len(findings(truths, strength="urges"))
    hits = json.loads(run(["recommendations", "identification of victims", "-k", "4",
                           "--index", str(root), "--format", "json"]).output)
    assert 0 < len(hits) <= 4 and all(h["kind"] == "recommendation" for h in hits)
    assert all(h["score"] is not None for h in hits)


def test_search_kind_filter_and_hit_fields(reports):
    root, _ = reports
    idx = gs.open_index(root)
    only = idx.search("authorities victims", k=10, per_question=0, kind="recommendation")
    assert len(only) == 10 and {h.kind for h in only} == {"recommendation"}
    assert all(h.to_dict()["strength"] in ("urges", "considers", "invites") for h in only)
    mixed = [h.to_dict() for h in idx.search("victims shelters", k=20, per_question=0)]
    replies = [h for h in mixed if h["doc"].endswith("_rep")]
    assert replies and all(h["heading_path"] == [] and h["strength"] is None
                           and h["refers_to"] == [] for h in replies)
    proposals = idx.search("authorities", k=5, per_question=0, kind=["proposal"])
    assert proposals and all(h.kind == "proposal" and h.refers_to for h in proposals)
    with pytest.raises(gs.GretaSearchError):
        idx.search("x", kind="recommendation", colour="red")
    with pytest.raises(gs.GretaSearchError, match="kind must be one of"):
        idx.search("x", kind="recomendation")


def test_docs_carry_report_metadata(reports):
    root, truths = reports
    docs = {d["doc"]: d for d in gs.open_index(root).docs()}
    for code, truth in truths.items():
        d = docs[code]
        assert (d["country"], d["round"], d["adopted"], d["published"], d["language"],
                d["doc_type"]) == (truth.country, truth.round, truth.adopted, truth.published,
                                   truth.lang, "report")


def test_a_french_query_finds_french_and_english_recommendations(tmp_path):
    """The real e5 model: a query in French finds GRETA's finding on the article it asks
    about in an English report and in a French one (and the English query too)."""
    from greta_search.cache import EmbeddingCache
    from greta_search.embed import E5Embedder
    from greta_search.store import IndexStore

    paths, langs = [], {}
    for n, style in enumerate([gen.Style("en", "roman", "bold"), gen.Style("fr", "roman")]):
        text, truth = gen.make_report(71 + n, style)  # both evaluate Article 10
        assert 10 in {p["article"] for p in truth.paragraphs.values() if p["strength"]}
        paths.append(tmp_path / f"r{n}.txt")
        paths[-1].write_text(text, encoding="utf-8")
        langs[truth.code] = truth.lang
    root = tmp_path / "idx"
    IndexStore(root, cache=EmbeddingCache(tmp_path / "cache")).build(paths, E5Embedder())
    idx = gs.open_index(root)
    from greta_search.recommendations import recommendation_hits

    for query in ("identification proactive des victimes parmi les demandeurs d'asile",
                  "proactive identification of victims among asylum seekers"):
        hits = recommendation_hits(idx, query, k=3)
        assert hits[0]["articles"] == [10], query
        assert {langs[h["doc"]] for h in hits if h["articles"] == [10]} == {"en", "fr"}, query


def test_round_filter_reads_french_round_words(reports):
    root, truths = reports
    for code, truth in truths.items():
        number = {"Third": 3, "Troisième": 3, "Fourth": 4, "Quatrième": 4}[truth.round]
        out = run(["recommendations", "--index", str(root), "--round", str(number),
                   "--format", "jsonl"]).output
        hits = [json.loads(line) for line in out.splitlines()]
        assert code in {h["doc"] for h in hits}


def test_the_verb_knows_the_parser_strengths_and_loads_no_parser():
    import subprocess
    import sys

    from greta_search import recommendations, report

    assert recommendations.STRENGTHS == report.STRENGTHS
    code = ("import sys, greta_search.cli; "
            "print(any(m in sys.modules for m in ('greta_search.report', 'greta_search.load')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=report.__file__.rsplit("/greta_search/", 1)[0])
    assert out.stdout.strip() == "False"

"""`greta-search inspect` (one test per layout) and the summary lines `index` prints."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from greta_search.cli import cli
from tests.conftest import load_script, run_cli

restyler = load_script("restyle")


@pytest.fixture(scope="module")
def styled_files(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("styled")
    text = seed_path.read_text(encoding="utf-8")
    files = {}
    for name, style in restyler.STYLES.items():
        files[name] = folder / f"{name}.txt"
        files[name].write_text(restyler.restyle_text(text, style), encoding="utf-8")
    return files


@pytest.mark.parametrize("name", sorted(restyler.STYLES))
def test_inspect_each_layout(styled_files, name):
    [report] = json.loads(run_cli("inspect", styled_files[name], "--format", "json"))
    assert (report["found"], report["expected"], report["missing"]) == (42, 42, [])
    assert report["tables"] == 10 and report["score"] == 1.0
    assert report["template"].startswith("GRETA questionnaire, fourth")
    q = {q["number"]: q for q in report["questions"]}
    assert q[2]["items"] == list("abcdef")
    assert q[26]["first_words"].startswith("If your country's legislation")
    assert q[26]["line"] > q[25]["line"] > 1
    if name == "roman-items":
        assert q[2]["printed"] == ["i", "ii", "iii", "iv", "v", "vi"]
    if name in ("text-only", "unmarked-bullets"):
        assert q[26]["how"] == "text"
    parts = [p["label"] for p in report["parts"]]
    assert parts == ["Part 1", "Part II", "Part III"]


def test_inspect_text_names_missing_and_fuzzy_questions(tmp_path, seed_path):
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("12. How do"))
    end = next(i for i, line in enumerate(lines) if line.startswith("14. What measures"))
    lines = lines[:start] + lines[end:]
    i = next(i for i, line in enumerate(lines) if line.startswith("3. What measures"))
    lines[i] = "3. Measures against vulnerabilities related to gender (your country)?"
    path = tmp_path / "gaps.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    out = run_cli("inspect", path, "--format", "text")
    assert "GRETA(2023)11_AZE_rep: 40/42 questions" in out
    assert "missing: 12-13" in out
    assert "matched fuzzily: 3" in out
    assert "Section II – IDENTIFICATION OF VICTIMS" in out


def test_inspect_without_template_uses_generic_detection(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Reply by Freedonia\n\nPart 1 – X\n\n1. Is it?\n\nYes.\n\n"
                    "3. Is that?\n\nNo.\n", encoding="utf-8")
    [report] = json.loads(run_cli("inspect", path, "--format", "json"))
    assert report["template"] is None
    assert [q["number"] for q in report["questions"]] == [1, 3]
    assert report["missing"] == [2]


def test_inspect_a_bad_file_or_template_is_one_line(tmp_path, seed_path):
    result = CliRunner().invoke(cli, ["inspect", str(tmp_path / "none.txt")])
    assert result.exit_code == 1 and "no such file" in result.output
    bad = tmp_path / "t.json"
    bad.write_text("[", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(seed_path), "--template", str(bad)])
    assert result.exit_code == 1 and "t.json" in result.output
    assert "Traceback" not in result.output


def test_index_prints_a_summary_line_and_warns_on_missing(tmp_path, seed_path):
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("5. What specific"))
    end = next(i for i, line in enumerate(lines) if line.startswith("11. How do"))
    path = tmp_path / "short.txt"
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(seed_path), str(path), "--model", "hash",
                                      "--index", str(tmp_path / "index")])
    assert result.exit_code != 0  # both documents carry the same code
    path.write_text("\n".join(lines[:start] + lines[end:]).replace("AZE", "XYZ"))
    result = CliRunner().invoke(cli, ["index", str(path), "--model", "hash",
                                      "--index", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert "GRETA(2023)11_XYZ_rep: 36/42 questions," in result.stderr
    assert "10 tables" in result.stderr
    assert "only 36 of 42 questions found; missing 5-10" in result.stderr
    result = CliRunner().invoke(cli, ["index", str(seed_path), "--model", "hash",
                                      "--index", str(tmp_path / "index2")])
    assert "GRETA(2023)11_AZE_rep: 42/42 questions, 59 items, 10 tables" in result.stderr
    assert "warning" not in result.stderr

"""`greta-search tables`: list, show, CSV export and plot of the Part III statistics."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from greta_search.cli import cli
from tests.conftest import run_cli as run


def test_lists_all_ten_tables_with_citations(hash_index):
    listed = json.loads(run("tables", "--index", hash_index, "--format", "json"))
    assert [t["number"] for t in listed] == list(range(1, 11))
    assert all(t["citation"].startswith("GRETA(2023)11_AZE_rep, Part III, Q42(") for t in listed)
    assert listed[2]["description"].startswith("the number of child victims")


def test_exports_one_table_as_csv(hash_index):
    rows = list(csv.reader(io.StringIO(run("tables", "3", "--index", hash_index,
                                           "--format", "csv"))))
    assert rows[0] == ["Years", "Number of children"]
    assert dict(rows[1:])["2024"] == "4"


def test_table_json_records_keep_text_and_numbers(hash_index):
    [table] = json.loads(run("tables", "1", "--index", hash_index, "--format", "json"))
    row2025 = next(r for r in table["rows"] if r["year"] == 2025)
    assert row2025["cells"]["Total"] == {"text": "46 persons", "value": 46}
    assert row2025["cells"]["Gender / male"]["value"] is None
    text = run("tables", "10", "--index", hash_index, "--format", "text")
    assert "\n2023   9 judgments in respect" in text
    [table10] = json.loads(run("tables", "10", "--index", hash_index, "--format", "json"))
    row2023 = next(r for r in table10["rows"] if r["year"] == 2023)
    assert row2023["cells"]["Judgment / persons"]["text"] == "9 judgments in respect of 10 persons"


def test_plot_draws_a_png(hash_index, tmp_path):
    target = tmp_path / "victims.png"
    run("tables", "1", "--index", hash_index, "--plot", target, "--format", "json")
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 10_000


def test_missing_table_and_plot_without_number(hash_index, tmp_path):
    result = CliRunner().invoke(cli, ["tables", "11", "--index", str(hash_index)])
    assert result.exit_code != 0 and "no table 11" in result.stderr
    result = CliRunner().invoke(cli, ["tables", "--index", str(hash_index), "--plot",
                                      str(tmp_path / "x.png")])
    assert result.exit_code != 0 and "give its NUMBER" in result.stderr

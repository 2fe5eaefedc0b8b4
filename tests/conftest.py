"""Shared fixtures: the real seed reply, and small indexes built with the deterministic
hash embedder (no model download, no torch)."""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "greta-2023-11-aze-reply.txt"
DEV_QUERIES = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def run_cli(*args) -> str:
    """Run the CLI in-process; assert success and return its stdout."""
    from click.testing import CliRunner

    from greta_search.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(autouse=True)
def embedding_cache(tmp_path_factory, monkeypatch) -> Path:
    """Each test gets its own, empty embedding cache (never the user's)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("GRETA_SEARCH_CACHE", str(folder))
    return folder


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_doc():
    from greta_search.parse import parse_file

    return parse_file(SEED)


@pytest.fixture(scope="session")
def seed_chunks(seed_doc):
    from greta_search.chunk import chunk_document

    return chunk_document(seed_doc)


@pytest.fixture
def hash_index(tmp_path) -> Path:
    """A fresh index of the seed built with the hash embedder."""
    from greta_search.embed import HashEmbedder
    from greta_search.store import IndexStore

    root = tmp_path / "index"
    IndexStore(root).build([SEED], HashEmbedder())
    return root


@functools.cache
def load_script(name: str) -> ModuleType:
    """scripts/NAME.py imported from its path (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def load_renderer() -> ModuleType:
    """scripts/render_pdf.py, the first PDF look."""
    return load_script("render_pdf")


@pytest.fixture(scope="session")
def seed_pdf(tmp_path_factory) -> Path:
    """The seed reply rendered to PDF (running header, page numbers, hyphenation)."""
    from pypdf import PdfReader

    target = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    pages = load_renderer().render_pdf(SEED, target)
    assert pages == len(PdfReader(target).pages) > 40
    return target


@pytest.fixture(scope="session", params=["word-sans", "word-serif"])
def word_pdf(request, tmp_path_factory) -> Path:
    """The seed rendered like a PDF exported from Word (scripts/render_word_pdf.py): ruled
    tables, a caption left on the page before its table, footnotes; once per look."""
    target = tmp_path_factory.mktemp("word") / f"seed-{request.param}.pdf"
    load_script("render_word_pdf").render_word_pdf(SEED, target, request.param)
    return target


@pytest.fixture(scope="session")
def pdf_doc(seed_pdf):
    from greta_search.parse import parse_file

    return parse_file(seed_pdf)


@pytest.fixture(scope="session")
def e5_index(tmp_path_factory) -> Path:
    """The seed indexed with the real e5 model, once per session (about a minute here)."""
    import os
    import tempfile

    from greta_search.cache import EmbeddingCache
    from greta_search.embed import E5Embedder
    from greta_search.store import IndexStore

    # e5 vectors are deterministic: a cache kept between runs on one machine saves the minute.
    shared = os.environ.get("GRETA_SEARCH_TEST_E5_CACHE") or Path(tempfile.gettempdir(),
                                                                  "greta-search-test-cache")
    root = tmp_path_factory.mktemp("e5") / "index"
    IndexStore(root, cache=EmbeddingCache(Path(shared))).build([SEED], E5Embedder())
    return root


PROBE = 'Probe <script>alert(1)</script> and "><img src=x onerror=alert(2)> zebracorn.'


@pytest.fixture(scope="session")
def probe_index(tmp_path_factory) -> Path:
    """The seed with a script-injection probe in Q25's answer (which refers to Q24), indexed
    with the hash embedder: for the web app's tests."""
    from greta_search.embed import HashEmbedder
    from greta_search.store import IndexStore

    folder = tmp_path_factory.mktemp("probe")
    text = SEED.read_text(encoding="utf-8")
    anchor = "- **Answer** – See the answer to Question 24."
    assert text.count(anchor) == 1
    reply = folder / "reply.txt"
    reply.write_text(text.replace(anchor, f"{anchor} {PROBE}"), encoding="utf-8")
    root = folder / "index"
    IndexStore(root).build([reply], HashEmbedder())
    return root


@pytest.fixture(scope="session")
def report_index(tmp_path_factory) -> tuple[Path, list]:
    """The seed reply (Azerbaijan) with generated GRETA reports, a French one on Azerbaïdjan
    and an English one on a fictional State, indexed with the hash embedder: (index folder,
    the reports' truths). For the web app's tests of reports."""

    gen = load_script("make_greta_report")
    made = [gen.make_report(81, gen.Style("fr", "roman", "bold"), gen.REAL_COUNTRIES[0]),
            gen.make_report(82, gen.Style("en", "numbers", "italic"), gen.COUNTRIES[2])]
    return index_with_reports(tmp_path_factory.mktemp("reports-web"), SEED, made)


def index_with_reports(folder: Path, reply: Path, made: list) -> tuple[Path, list]:
    """A reply and generated reports ((text, truth) pairs) indexed with the hash embedder
    in `folder`: (index folder, the reports' truths)."""
    import greta_search as gs

    paths = [reply]
    for n, (text, _) in enumerate(made):
        paths.append(folder / f"report-{n}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    root = folder / "index"
    gs.build_index(paths, root, model="hash")
    return root, [truth for _, truth in made]


def cli_json(*args):
    """A CLI command's JSON output (its arguments as strings), asserting it succeeded."""
    from click.testing import CliRunner

    from greta_search.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args] + ["--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def parse_generated(text: str, source: str = "generated.txt"):
    """A generated reply's text parsed line by line, its warnings (questions the
    questionnaire has and a fragment lacks) silenced."""
    import warnings

    from greta_search.load import SourceLine
    from greta_search.parse import parse_lines

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lines = [SourceLine(t, None, i) for i, t in enumerate(text.split("\n"), 1)]
        return parse_lines(lines, source=source)

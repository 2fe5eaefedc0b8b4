"""Benchmark retrieval quality and speed, side by side, in one process.

    python scripts/bench.py                      # quality + speed + scale (a few minutes)
    python scripts/bench.py --skip-scale         # quality and speed only
    python scripts/bench.py --pdf                # also the PDF rendering of the seed
    python scripts/bench.py --styles-only        # the seed in every house style (e5)
    python scripts/bench.py --styles-only --styles-model hash   # the same, quick
    python scripts/bench.py --styles-only --styles unseen   # layouts of restyle.UNSEEN
    python scripts/bench.py --store-queries INDEX   # provision/compare/ask/filters CPU, memory

Prints, for the same chunks and queries: plain BM25, plain dense (MiniLM and e5) and ours
(hybrid), with hit@1 / hit@5 / MRR@10, index build time and passages/s per model, cold
start of `greta-search search` and `provision`, warm p50/p95 latency, and ratios against
the baselines. The scale test indexes synthetic corpora of up to 100 replies (the seed
with shuffled answers and other country names) to show how build time, index size, memory
and latency grow, times `provision`, `provisions`, `compare`, `ask` and the API's filter
check on the largest (`--store-queries INDEX` does only that, on an index already built), and
searches synthetic vectors up to --vectors with flat and IVF FAISS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "greta-2023-11-aze-reply.txt"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
FRENCH = ROOT / "tests" / "data" / "dev-fr.jsonl"
CLI = [sys.executable, "-m", "greta_search"]
COUNTRIES = ["Armenia", "Georgia", "Moldova", "Albania", "Serbia", "Latvia", "Malta", "Cyprus"]


def load_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def build(corpus: list[Path], model: str, folder: Path, plain: bool = False):
    """Index the corpus into `folder`; (seconds, passages). `plain` indexes what a user
    could wire up in an afternoon: one chunk per paragraph, no heading path."""
    from greta_search import pipeline
    from greta_search.embed import get_embedder
    from greta_search.store import IndexStore

    shutil.rmtree(folder, ignore_errors=True)
    embedder = get_embedder(model)
    chunker = pipeline.chunk_document  # where the build chunks each parsed document
    if plain:
        pipeline.chunk_document = plain_paragraphs
    try:
        report = IndexStore(folder).build(corpus, embedder)
    finally:
        pipeline.chunk_document = chunker
    return report.seconds, report.chunks


def plain_paragraphs(doc) -> list:
    """One chunk per paragraph, labelled with its question (for scoring) but embedded and
    keyword-indexed as bare text."""
    from greta_search.chunk import Chunk

    chunks = []
    for question in doc.questions():
        for holder in [question, *question.items]:
            for paragraph in holder.paragraphs:
                chunks.append(Chunk(id=f"{doc.doc_id}/{len(chunks)}", doc=doc.doc_id,
                                    text=paragraph.text, citation="", question=question.number,
                                    position=len(chunks)))
    return chunks


def quality(folder: Path, queries: list[dict], mode: str) -> dict:
    from greta_search.evaluate import evaluate
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    searcher = Searcher(IndexStore(folder))
    results = searcher.search_many([q["query"] for q in queries], k=10, mode=mode)
    return evaluate(queries, [[h.to_dict() for h in hits] for hits in results])


def cold(args: list[str], index: Path, runs: int = 3) -> float:
    """Median wall time of a fresh `greta-search` process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(CLI + args + ["--index", str(index)], check=True, capture_output=True,
                       cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# Peak resident memory from /proc (ru_maxrss would include the forking parent's).
MEASURED = (
    "import re, runpy, sys\n"
    "sys.argv = ['greta-search'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('greta_search', run_name='__main__')\n"
    "finally:\n"
    "    status = open('/proc/self/status').read()\n"
    "    print(re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr)\n"
)


def search_process(index: Path) -> tuple[float, float]:
    """Wall time and peak memory (MiB) of one fresh `greta-search search` process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURED, "search", "victims in shelters",
                           "--format", "json", "--index", str(index)],
                          check=True, capture_output=True, text=True, cwd=ROOT)
    return time.perf_counter() - started, int(done.stderr.split()[-1]) / 1024


# A fresh process running `code`, reporting its CPU seconds and peak memory; `calls` lines
# of CPU milliseconds per repeated call, when the code measures them.
PROBE = (
    "import re, resource, runpy, sys, time\n"
    "try:\n"
    "    exec(sys.argv[1])\n"
    "finally:\n"
    "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    status = open('/proc/self/status').read()\n"
    "    print('PROBE', usage.ru_utime + usage.ru_stime,\n"
    "          re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr)\n"
)
STORE_QUERIES = {
    "search": ["search", "victims in shelters", "--format", "json"],
    "provision": ["provision", "Article 144-1 of the Criminal Code", "--format", "json"],
    "provisions": ["provisions", "--instrument", "Criminal Code", "--format", "json"],
    "provisions all": ["provisions", "--format", "json"],
    "compare": ["compare", "26", "--format", "json"],
}
# `ask` of one reply (by --doc, or by naming its State: every reply of that State).
ASK = ["ask", "How many victims were identified in 2025?", "--format", "json"]
ASK_LIST = ["ask", "What measures are taken to protect child victims?", "--format", "json"]
# The API call every filtered web/API request makes first (checking the values given).
FILTERS_CALL = ("import greta_search as gs\n"
                "idx = gs.open_index({index!r})\n"
                "country = idx.manifest.documents[-1].meta['country']\n"
                "given = {{'country': [country], 'section': ['III'], 'question': [26]}}\n"
                "idx.filters(given)\n"
                "times = []\n"
                "for _ in range(5):\n"
                "    started = time.process_time(); idx.filters(given)\n"
                "    times.append((time.process_time() - started) * 1000)\n"
                "print('WARM', sorted(times)[2], file=sys.stderr)\n")


def probe(code: str) -> tuple[float, float, float | None]:
    """CPU seconds, peak RSS (MiB) and the warm per-call CPU ms (if measured) of a fresh
    process running `code` from the repository root."""
    done = subprocess.run([sys.executable, "-c", PROBE, code], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    found = dict(line.split(" ", 1) for line in done.stderr.splitlines()
                 if line.startswith(("PROBE", "WARM")))
    cpu, peak = found["PROBE"].split()
    warm = float(found["WARM"]) if "WARM" in found else None
    return float(cpu), int(peak) / 1024, warm


def bench_store_queries(folder: Path, runs: int = 3) -> None:
    """CPU seconds and peak memory of fresh `search`, `provision`, `provisions`, `compare`,
    `ask` processes and of the API's filter check on one index (medians of `runs`)."""
    print(f"\n== store queries on {folder} (fresh process each; CPU s, peak MiB)")
    manifest = json.loads((folder / "current" / "manifest.json").read_text(encoding="utf-8"))
    one_doc = ["--doc", manifest["documents"][-1]["doc"]]
    country = manifest["documents"][-1]["meta"].get("country")
    queries = [*STORE_QUERIES.items(), ("provision 1 doc", STORE_QUERIES["provision"] + one_doc),
               ("compare 1 doc", STORE_QUERIES["compare"] + one_doc),
               ("table 1 of 1 doc", ["tables", "1", "--format", "json", *one_doc]),
               ("ask 1 doc", [*ASK, *one_doc]), ("ask list 1 doc", [*ASK_LIST, *one_doc]),
               ("ask 1 State", ["ask", f"How many victims were identified in {country} in "
                                       f"2025?", "--format", "json"]),
               ("api filters", None)]
    for name, args in queries:
        if args is None:
            code = FILTERS_CALL.format(index=str(folder))
        else:
            argv = ["greta-search", *args, "--index", str(folder)]
            code = (f"sys.argv = {argv!r}\n"
                    "runpy.run_module('greta_search', run_name='__main__')\n")
        figures = [probe(code) for _ in range(runs)]
        cpu = statistics.median(f[0] for f in figures)
        peak = statistics.median(f[1] for f in figures)
        warm = [f[2] for f in figures if f[2] is not None]
        extra = f", warm call {statistics.median(warm):.1f} ms CPU" if warm else ""
        print(f"  {name:15s} {cpu:6.2f} s CPU, peak {peak:6.0f} MiB{extra}")


def warm_latency(folder: Path, queries: list[str], rounds: int = 5) -> tuple[float, float]:
    """p50 and p95 of single-query hybrid searches in a warm process (ms)."""
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    searcher = Searcher(IndexStore(folder))
    searcher.search(queries[0])
    times = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            searcher.search(query, k=5)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.95)]


def ask_accuracy(folder: Path, queries: list[dict]) -> str:
    from greta_search.answer import ask
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    searcher = Searcher(IndexStore(folder))
    labelled = [q for q in queries if q.get("answer")]
    right = sum(q["answer"] in (ask(searcher, q["query"]).answer or "") for q in labelled)
    return f"{right} of {len(labelled)}"


def bench_batch(folder: Path, queries: list[dict], n: int = 1000) -> None:
    """Throughput of one `batch` run of n queries against n separate `search` processes."""
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    texts = [f"{q['query']} {suffix}".strip() for suffix in ("", "in practice", "2025", "law")
             for q in queries]
    texts = (texts * (n // len(texts) + 1))[:n]
    path = folder.parent / "batch-queries.txt"
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(CLI + ["batch", str(path), "--index", str(folder), "-o",
                          str(folder.parent / "batch-out.jsonl")], check=True, cwd=ROOT,
                   capture_output=True)
    batch_seconds = time.perf_counter() - started
    searcher = Searcher(IndexStore(folder))
    started = time.perf_counter()
    searcher.search_many(texts, k=5)
    in_process = time.perf_counter() - started
    one = cold(["search", texts[0], "--format", "json"], folder)
    print(f"\n== batch of {n} queries (e5)")
    print(f"  `greta-search batch`: {batch_seconds:.1f}s ({n / batch_seconds:.0f} queries/s; "
          f"in-process search_many {in_process:.1f}s)")
    print(f"  {n} x `greta-search search`: {one * n:.0f}s estimated from a cold search of "
          f"{one:.2f}s; batch is x{one * n / batch_seconds:.0f} faster")


def row(name: str, report: dict, base: dict | None = None) -> str:
    text = (f"  {name:28s} hit@1 {report['hit@1']:.3f}  hit@5 {report['hit@5']:.3f}  "
            f"MRR@10 {report['mrr@10']:.3f}")
    if base:
        text += f"   x{report['mrr@10'] / max(base['mrr@10'], 1e-9):.2f} MRR vs {base['name']}"
    return text


def bench_quality(corpus: list[Path], label: str, queries: list[dict], work: Path) -> dict:
    print(f"\n== quality and build on {label} ({len(queries)} labelled queries)")
    figures = {}
    for model in ("minilm", "e5"):
        seconds, passages = build(corpus, model, work / f"{label}-{model}")
        figures[model] = (seconds, passages)
        print(f"  build {model:6s}: {passages} passages in {seconds:.1f}s "
              f"({passages / seconds:.1f} passages/s)")
    for model in ("minilm", "e5"):
        build(corpus, model, work / f"{label}-plain-{model}", plain=True)
    plain = work / f"{label}-plain"
    baselines = [
        {**quality(Path(f"{plain}-e5"), queries, "keyword"), "name": "BM25"},
        {**quality(Path(f"{plain}-minilm"), queries, "dense"), "name": "MiniLM"},
        {**quality(Path(f"{plain}-minilm"), queries, "hybrid"), "name": "BM25+MiniLM RRF"},
        {**quality(Path(f"{plain}-e5"), queries, "dense"), "name": "e5"},
    ]
    print("  baselines: one chunk per paragraph, bare text")
    for base in baselines:
        print(row(f"plain {base['name']}", base))
    print("  ours: structure-aware passages with heading paths")
    print(row("BM25 only", quality(work / f"{label}-e5", queries, "keyword")))
    print(row("MiniLM only", quality(work / f"{label}-minilm", queries, "dense")))
    print(row("e5 only", quality(work / f"{label}-e5", queries, "dense")))
    print(row("hybrid MiniLM+BM25", quality(work / f"{label}-minilm", queries, "hybrid")))
    ours = quality(work / f"{label}-e5", queries, "hybrid")
    for base in baselines:
        print(row("ours (hybrid e5+BM25)", ours, base))
    french = load_queries(FRENCH)
    print(f"  French queries over the English text ({len(french)}, tests/data/dev-fr.jsonl)")
    print(row("plain MiniLM", quality(Path(f"{plain}-minilm"), french, "dense")))
    print(row("plain e5", quality(Path(f"{plain}-e5"), french, "dense")))
    print(row("ours (hybrid e5+BM25)", quality(work / f"{label}-e5", french, "hybrid")))
    print(f"  answer string in top passage: ours {ours['answer@1']:.3f}, "
          f"in top 5: {ours['answer@5']:.3f} (of {ours['answers']})")
    print(f"  `ask` answers containing the expected string: "
          f"{ask_accuracy(work / f'{label}-e5', queries)}")
    return {"index": work / f"{label}-e5", "minilm": work / f"{label}-minilm"}


def bench_speed(indexes: dict, queries: list[dict]) -> None:
    print(f"\n== speed (this machine: {os.cpu_count()} cores)")
    for model in ("e5", "minilm"):
        folder = indexes["index"] if model == "e5" else indexes["minilm"]
        seconds = cold(["search", "how are victims referred to shelters", "--format", "json"],
                       folder)
        print(f"  cold `greta-search search` ({model}): {seconds:.2f}s")
    provision = cold(["provision", "Article 144-1 of the Criminal Code", "--format", "json"],
                     indexes["index"])
    print(f"  cold `greta-search provision`: {provision:.2f}s")
    p50, p95 = warm_latency(indexes["index"], [q["query"] for q in queries])
    print(f"  warm hybrid query (e5): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def bench_styles(work: Path, queries: list[dict], names: list[str], model: str) -> None:
    """The seed written in other house styles (scripts/restyle.py): questions found,
    question-level hit@1 / hit@5 / MRR@10, and `ask` answers, per style. All styles are built
    into one index folder in turn, so passages whose embedded text is unchanged reuse their
    vectors (each figure is still measured on that style's own parse and passages)."""
    import warnings

    from greta_search.parse import parse_file

    sys.path.insert(0, str(ROOT / "scripts"))
    from restyle import STYLES, UNSEEN, restyle

    print(f"\n== house styles ({model}; {len(queries)} labelled queries)")
    print(f"  {'style':18s} {'questions':>9s} {'hit@1':>6s} {'hit@5':>6s} {'MRR@10':>7s} "
          f"{'answers':>8s}")
    folder = work / f"styles-{model}"
    for name in ["seed", *names]:
        path = work / f"{name}.txt"
        if name == "seed":
            shutil.copy(SEED, path)
        else:
            path.write_text(restyle(SEED, {**STYLES, **UNSEEN}[name]), encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = len(parse_file(path).questions())
        from greta_search.embed import get_embedder
        from greta_search.store import IndexStore

        built = IndexStore(folder).build([path], get_embedder(model))  # unchanged vectors reused
        report = quality(folder, queries, "hybrid")
        answers = ask_accuracy(folder, queries) if model != "hash" else "-"
        print(f"  {name:18s} {found:>6d}/42 {report['hit@1']:6.3f} {report['hit@5']:6.3f} "
              f"{report['mrr@10']:7.3f} {answers:>8s}   ({built.chunks} passages, "
              f"{built.embedded} embedded)", flush=True)


def synthetic_reply(text: str, n: int, rng: random.Random) -> str:
    """The seed as another state's reply: another code and country, answers shuffled within
    each question's paragraphs (so passages differ but stay plausible)."""
    country = COUNTRIES[n % len(COUNTRIES)]
    text = text.replace("GRETA(2023)11_AZE_rep", f"GRETA(2026){n:02d}_S{n:02d}_rep")
    text = text.replace("Azerbaijan", country)
    blocks = text.split("\n\n")
    answers = [i for i, b in enumerate(blocks) if len(b) > 300 and not re.match(r"\d+\.", b)]
    moved = [blocks[i] for i in answers]
    rng.shuffle(moved)
    for i, block in zip(answers, moved, strict=True):
        blocks[i] = block
    return "\n\n".join(blocks)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_scale(work: Path, sizes: list[int], vectors: int) -> None:
    import numpy as np

    from greta_search.embed import HashEmbedder
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    print("\n== scale: synthetic replies (hash embedder: storage, parsing, search; model "
          "embedding time scales with passages/s above)")
    text = SEED.read_text(encoding="utf-8")
    rng = random.Random(7)
    corpus_dir = work / "synthetic"
    corpus_dir.mkdir(exist_ok=True)
    for size in sizes:
        for n in range(len(list(corpus_dir.iterdir())), size):
            (corpus_dir / f"reply-{n:03d}.txt").write_text(synthetic_reply(text, n, rng))
        folder = work / f"scale-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        report = IndexStore(folder).build(sorted(corpus_dir.iterdir()), HashEmbedder())
        searcher = Searcher(IndexStore(folder), HashEmbedder())
        times = []
        for query in ["victims referred to shelters", "labour inspection 2025", "question 26"]:
            for _ in range(5):
                started = time.perf_counter()
                searcher.search(query, k=5)
                times.append((time.perf_counter() - started) * 1000)
        cold_seconds, rss = search_process(folder)
        print(f"  {size:4d} replies: {report.chunks:6d} passages, build {report.seconds:6.1f}s, "
              f"index {folder_size(folder) / 2**20:6.1f} MiB, query p50 "
              f"{statistics.median(times):6.1f} ms, cold search {cold_seconds:.2f}s "
              f"using {rss:.0f} MiB")
    bench_store_queries(folder)

    print(f"\n== FAISS on synthetic vectors (dim 384), up to {vectors:,}: flat vs IVF")
    import faiss

    from greta_search.store import IVF_NPROBE, write_faiss

    rng_np = np.random.default_rng(0)
    n = 50_000
    while n <= vectors:
        data = rng_np.standard_normal((n, 384)).astype(np.float32)
        data /= np.linalg.norm(data, axis=1, keepdims=True)
        queries = data[:100] + 0.05 * rng_np.standard_normal((100, 384)).astype(np.float32)
        line = f"  {n:9,d} vectors:"
        for kind in ("flat", "ivf"):
            started = time.perf_counter()
            write_faiss(work / "v.faiss", data, kind)
            built = time.perf_counter() - started
            flag = faiss.IO_FLAG_MMAP if kind == "ivf" else faiss.IO_FLAG_MMAP_IFC
            index = faiss.read_index(str(work / "v.faiss"), flag)
            if kind == "ivf":
                index.nprobe = IVF_NPROBE
            started = time.perf_counter()
            for q in queries:
                index.search(q.reshape(1, -1), 10)
            per_query = (time.perf_counter() - started) * 10
            _, ids = index.search(queries, 1)
            recall = float((ids[:, 0] == np.arange(100)).mean())
            line += (f"  {kind}: build {built:5.1f}s, {per_query:6.2f} ms/query, "
                     f"recall@1 {recall:.2f}")
        print(line)
        n *= 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, default=DEV)
    parser.add_argument("--pdf", action="store_true", help="Also measure the PDF rendering.")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--sizes", default="1,10,30,100", help="Replies in the scale test.")
    parser.add_argument("--vectors", type=int, default=200_000,
                        help="Largest synthetic FAISS test (flat vs IVF).")
    parser.add_argument("--styles", default="all",
                        help="House styles to measure (comma-separated names, 'all' or 'none').")
    parser.add_argument("--styles-model", default="e5", help="Model for the styles table.")
    parser.add_argument("--styles-only", action="store_true", help="Only the styles table.")
    parser.add_argument("--store-queries", type=Path, metavar="INDEX",
                        help="Only time provision, provisions, compare, ask and the filter check "
                             "on an existing index (e.g. a 600-reply scale index).")
    args = parser.parse_args()
    if args.store_queries:
        bench_store_queries(args.store_queries)
        return
    queries = load_queries(args.queries)
    with tempfile.TemporaryDirectory(prefix="greta-bench-") as tmp:
        work = Path(tmp)
        if args.styles != "none":
            sys.path.insert(0, str(ROOT / "scripts"))
            from restyle import STYLES, UNSEEN

            names = (sorted(STYLES) if args.styles == "all" else sorted(UNSEEN)
                     if args.styles == "unseen" else args.styles.split(","))
            bench_styles(work, queries, names, args.styles_model)
        if args.styles_only:
            return
        indexes = bench_quality([SEED], "text", queries, work)
        if args.pdf:
            sys.path.insert(0, str(ROOT / "scripts"))
            from render_pdf import render_pdf

            pdf = work / "greta-2023-11-aze-reply.pdf"
            pages = render_pdf(SEED, pdf)
            print(f"\n(rendered the seed to a {pages}-page PDF)")
            bench_quality([pdf], "pdf", queries, work)
        bench_speed(indexes, queries)
        bench_batch(indexes["index"], queries)
        if not args.skip_scale:
            bench_scale(work, [int(s) for s in args.sizes.split(",")], args.vectors)


if __name__ == "__main__":
    main()

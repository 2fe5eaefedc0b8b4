"""Tune the fusion parameters on labelled queries, honestly: leave-one-out.

For each query, the parameters are chosen on the other queries and the held-out query is
scored with them; the LOO figures are what a new query can expect. Among equally good
parameters the one nearest the shipped defaults wins. Also prints the figures
of the parameters chosen on all queries (the shipped defaults) and of plain dense / keyword.

    python scripts/tune.py ../shared/eval/dev.jsonl --index index
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import replace
from pathlib import Path

from greta_search.evaluate import evaluate
from greta_search.search import FusionParams, Searcher
from greta_search.store import IndexStore

GRID = {
    "rrf_k": [10, 30, 60],
    "keyword_weight": [0.0, 0.25, 0.5, 0.75, 1.0],
    "exact_boost": [0.0, 0.5, 1.0, 2.0],
}


class CachedQueries:
    """Wraps an embedder so each query is embedded once across the grid."""

    def __init__(self, embedder) -> None:
        self.inner, self.cache = embedder, {}
        self.name, self.dim = embedder.name, embedder.dim

    def embed_queries(self, texts):
        import numpy as np

        missing = [t for t in texts if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.inner.embed_queries(missing), strict=True))
        return np.stack([self.cache[t] for t in texts])


def score(report: dict) -> tuple[float, float]:
    return (report["mrr@10"], report["hit@1"])


def distance(params: FusionParams) -> float:
    """How far parameters move from the shipped defaults (ties go to the nearest: the
    procedure only moves a parameter when the training queries say it helps)."""
    default = FusionParams()
    return sum(abs(getattr(params, name) - getattr(default, name)) / max(values)
               for name, values in GRID.items())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("queries", type=Path)
    parser.add_argument("--index", type=Path, default=Path("index"))
    args = parser.parse_args()
    queries = [json.loads(line) for line in args.queries.read_text().splitlines() if line.strip()]
    store = IndexStore(args.index)
    from greta_search.embed import get_embedder

    searcher = Searcher(store, CachedQueries(get_embedder(store.manifest().model)))
    texts = [q["query"] for q in queries]

    def run(params: FusionParams, mode: str = "hybrid") -> list[dict]:
        searcher.params = params
        hits = searcher.search_many(texts, k=10, mode=mode)
        return [evaluate([q], [[h.to_dict() for h in hs]]) for q, hs in zip(queries, hits,
                                                                              strict=True)]

    def total(rows: list[dict]) -> dict:
        n = len(rows)
        return {m: sum(r[m] for r in rows) / n for m in ("hit@1", "hit@5", "mrr@10")}

    for mode in ("dense", "keyword"):
        print(f"{mode:8s}", fmt(total(run(FusionParams(), mode))))
    grid = [replace(FusionParams(), **dict(zip(GRID, values, strict=True)))
            for values in itertools.product(*GRID.values())]
    per_query = {i: run(p) for i, p in enumerate(grid)}
    best_all = max(per_query, key=lambda i: (*score(total(per_query[i])), -distance(grid[i])))
    print(f"{'tuned':8s}", fmt(total(per_query[best_all])), "on all queries with", grid[best_all])
    default = FusionParams()
    print(f"{'default':8s}", fmt(total(run(default))), "shipped", default)
    loo = []
    for held in range(len(queries)):
        def train(i, held=held):
            rows = [r for j, r in enumerate(per_query[i]) if j != held]
            return (*score(total(rows)), -distance(grid[i]))
        loo.append(per_query[max(per_query, key=train)][held])
    print(f"{'LOO':8s}", fmt(total(loo)), "(parameters chosen without the query scored)")


def fmt(t: dict) -> str:
    return f"hit@1 {t['hit@1']:.3f}  hit@5 {t['hit@5']:.3f}  MRR@10 {t['mrr@10']:.3f}"


if __name__ == "__main__":
    main()

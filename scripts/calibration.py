"""How far `ask`'s confidence can be trusted, on one half of a labelled QA set.

    python scripts/calibration.py --index /tmp/qa-e5-index [--qa tests/data/qa.jsonl]
        [--split heldout] [--png reliability.png] [--json report.json]

Each question is asked end to end (restricted to its document), with no threshold, so that
the confidence of every best answer is seen; an answer is right when it holds the gold span
(greta_search.evaluate.answer_correct). Reported: accuracy at the default threshold (a
withheld answer is right only for a question the documents cannot answer; also scored on
the span alone where the answer carries one, `accuracy_short_answer`), coverage (the
share answered), expected calibration error over ten bins with a bootstrap 95% interval
(the questions resampled with replacement, 2,000 times: how much the ECE of a set this
small moves by chance), and the number of wrong answers with confidence >= 0.9. The
reliability diagram (matplotlib) plots accuracy against mean
confidence per bin, with the count of answers in each bin.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one


class CachedEmbedder:
    """The searcher's embedder with every query and sentence vector kept in the embedding
    cache (greta_search.cache, by model, side and text), so that a second run over the same
    questions (a refit, the other half) embeds only what changed."""

    def __init__(self, embedder, cache) -> None:
        self.embedder, self.cache = embedder, cache
        self.name, self.dim = embedder.name, embedder.dim

    def _embed(self, side: str, texts: list[str], embed):
        import hashlib

        import numpy as np

        model = f"{self.name}:{side}:answer-scripts"
        hashes = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        found = self.cache.get_many(model, self.dim, hashes)
        missing = [i for i, h in enumerate(hashes) if h not in found]
        if missing:
            vectors = embed([texts[i] for i in missing])
            self.cache.put_many(model, [hashes[i] for i in missing], vectors)
            found.update({hashes[i]: v for i, v in zip(missing, vectors, strict=True)})
        return np.stack([found[h] for h in hashes]) if texts else np.zeros((0, self.dim))

    def embed_passages(self, texts: list[str]):
        return self._embed("passage", list(texts), self.embedder.embed_passages)

    def embed_queries(self, texts: list[str]):
        return self._embed("query", list(texts), self.embedder.embed_queries)


def searcher_for(index: Path):
    """A searcher over `index` whose embedder uses the embedding cache, when there is one."""
    from greta_search.cache import EmbeddingCache
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    searcher = Searcher(IndexStore(index))
    cache = EmbeddingCache.default()
    if cache is not None:
        searcher.embedder = CachedEmbedder(searcher.embedder, cache)
    return searcher


def run(index: Path, records: list[dict]) -> list[dict]:
    """Each question's best answer (no threshold), its confidence and whether it is right."""
    from greta_search.answer import THRESHOLD, ask
    from greta_search.evaluate import answer_correct
    from greta_search.search import Filters

    searcher = searcher_for(index)
    rows = []
    for number, record in enumerate(records, start=1):
        answer = ask(searcher, record["question"], Filters(doc=[record["doc"]]), threshold=0.0)
        evidence = getattr(answer, "evidence", None)
        right = answer_correct(record, answer.answer, evidence)
        short = answer.span or answer.answer  # the span when the answer is a whole sentence
        rows.append({"id": record["id"], "type": record["type"], "gold": record.get("answer"),
                     "answer": answer.answer, "span": answer.span,
                     "confidence": answer.confidence, "right": right,
                     "right_short": answer_correct(record, short, evidence or answer.answer),
                     "answered": answer.confidence >= THRESHOLD})
        print(f"\r{number}/{len(records)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return rows


def bootstrap_ece(confidences: list[float], rights: list[bool], rounds: int = 2000,
                  seed: int = 0) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of the ten-bin ECE over `rounds` resamplings of the
    answers with replacement."""
    import random

    from greta_search.evaluate import calibration

    rng = random.Random(seed)
    n = len(confidences)
    values = []
    for _ in range(rounds):
        picks = [rng.randrange(n) for _ in range(n)]
        values.append(calibration([confidences[i] for i in picks],
                                  [rights[i] for i in picks])["ece"])
    values.sort()
    return values[int(0.025 * rounds)], values[min(rounds - 1, int(0.975 * rounds))]


def report(rows: list[dict]) -> dict:
    """Accuracy, coverage, ECE and confident mistakes of `run`'s rows."""
    from greta_search.evaluate import calibration

    n = len(rows)
    correct = sum(r["right"] if r["answered"] else r["gold"] is None for r in rows)
    short = sum(r["right_short"] if r["answered"] else r["gold"] is None for r in rows)
    answerable = [r for r in rows if r["gold"] is not None]
    confidences, rights = [r["confidence"] for r in rows], [r["right"] for r in rows]
    cal = calibration(confidences, rights)
    low, high = bootstrap_ece(confidences, rights)
    return {
        "questions": n,
        "accuracy": round(correct / n, 3),
        "accuracy_short_answer": round(short / n, 3),
        "coverage": round(sum(r["answered"] for r in rows) / n, 3),
        "coverage_answerable": round(sum(r["answered"] for r in answerable) / len(answerable), 3),
        "precision_answered": round(sum(r["right"] for r in rows if r["answered"])
                                    / max(1, sum(r["answered"] for r in rows)), 3),
        "ece": round(cal["ece"], 3),
        "ece_ci95": [round(low, 3), round(high, 3)],
        "wrong_at_0.9": sum(r["confidence"] >= 0.9 and not r["right"] for r in rows),
        "bins": cal["bins"],
    }


def draw(summary: dict, path: Path, title: str) -> None:
    """The reliability diagram: accuracy per confidence bin against the diagonal."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bins = [b for b in summary["bins"] if b["count"]]
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="perfect calibration")
    centres = [(b["low"] + b["high"]) / 2 for b in bins]
    ax.bar(centres, [b["accuracy"] for b in bins], width=0.09, alpha=0.6, edgecolor="black",
           label="accuracy in bin")
    ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], "o-",
            color="crimson", label="mean confidence vs accuracy")
    for centre, b in zip(centres, bins, strict=True):
        ax.annotate(f"n={b['count']}", (centre, b["accuracy"]), ha="center",
                    xytext=(0, 4), textcoords="offset points", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("confidence")
    ax.set_ylabel("share of answers right")
    low, high = summary["ece_ci95"]
    ax.set_title(f"{title}\nECE {summary['ece']:.3f} (95% CI {low:.3f}-{high:.3f}), "
                 f"accuracy {summary['accuracy']:.3f}, coverage {summary['coverage']:.3f}",
                 fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--qa", type=Path, default=ROOT / "tests" / "data" / "qa.jsonl")
    parser.add_argument("--split", default="heldout", choices=["tune", "heldout", "all"])
    parser.add_argument("--png", type=Path, default=Path("reliability.png"))
    parser.add_argument("--json", type=Path, help="write the rows and the summary here")
    parser.add_argument("--title", default="ask: reliability on the held-out half")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.qa.read_text().splitlines() if line.strip()]
    if args.split != "all":
        records = [r for r in records if r["split"] == args.split]
    rows = run(args.index, records)
    summary = report(rows)
    draw(summary, args.png, args.title)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1,
                                        ensure_ascii=False))
    print(json.dumps({k: v for k, v in summary.items() if k != "bins"}))
    print(f"reliability diagram: {args.png}")


if __name__ == "__main__":
    main()

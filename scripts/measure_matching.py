"""Measure how well heading lines are matched to template questions: rapidfuzz scorers
against e5 cosine similarity, at several thresholds.

Positives: each round-4 question restated four ways (its text without a number, with typos,
abbreviated, reworded); a matcher must take it for that question, looking ahead from the
question before it as the parser does. Negatives: every answer paragraph and list line of
the seed; a matcher must take none of them for any of the next questions. Deterministic.

    python scripts/measure_matching.py [--e5]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from greta_search import template as tpl  # noqa: E402
from greta_search.parse import parse_file  # noqa: E402

SEED = ROOT / "corpus" / "greta-2023-11-aze-reply.txt"
E5_CHARS = 300  # negatives cut to their first characters when e5 is measured
REWORDINGS = [
    ("What specific measures are", "Which concrete steps are"), ("What measures", "Which steps"),
    ("in your country", "in the State"), ("your country's", "the State's"),
    ("your country’s", "the State’s"), ("human trafficking", "THB"),
    ("victims of THB", "trafficked persons"), ("Please provide", "Kindly give"),
    ("Provide information", "Give details"), ("How is", "In what way is"),
    ("How are", "In what way are"), ("taken", "adopted"), ("ensure", "guarantee"),
    ("Have there been", "Were there"), ("legislation", "law"), ("exist", "are in place"),
]


def typos(text: str, rng: random.Random, rate: float = 0.05) -> str:
    chars = list(text)
    for i in range(len(chars)):
        if chars[i].isalpha() and rng.random() < rate:
            chars[i] = rng.choice("abcdefghijklmnopqrstuvwxyz") if rng.random() < 0.7 else ""
    return "".join(chars)


def abbreviate(text: str) -> str:
    first = re.split(r"(?<=[?.])\s", text)[0]
    words = first.split()
    return " ".join(words[: max(8, len(words) * 2 // 3)]) + " ..."


def reword(text: str) -> str:
    for old, new in REWORDINGS:
        text = text.replace(old, new)
    return re.split(r"(?<=[?])\s", text)[0] if text.count("?") > 1 else text


def variants(template: tpl.Template, rng: random.Random) -> list[tuple[str, int, str]]:
    out = []
    for n, q in sorted(template.questions.items()):
        out += [("restated", n, q.text), ("typos", n, typos(q.text, rng)),
                ("abbreviated", n, abbreviate(q.text)), ("reworded", n, reword(q.text))]
    return out


def negatives(doc) -> list[tuple[int, str]]:
    out = []
    for q in doc.questions():
        for holder in [q, *q.items]:
            for p in holder.paragraphs:
                if p.kind != "table":  # a list counts line by line, bullets stripped
                    out += [(q.number, line.lstrip("-•–▪ ")) for line in p.text.split("\n")]
    return out


def sort_partial(line: str, canonical: str) -> float:
    """token_sort_ratio, or partial_ratio weighted by length for an abbreviation."""
    from rapidfuzz import fuzz

    a, b = tpl.normalise(line), tpl.normalise(canonical)
    whole = fuzz.token_sort_ratio(a, b) / 100
    if len(a) < len(b) and len(a) >= 40:
        whole = max(whole, fuzz.partial_ratio(a, b) / 100 * min(1.0, 0.55 + len(a) / len(b)))
    return whole


def set_weighted(line: str, canonical: str) -> float:
    """token_set_ratio weighted down for a line much shorter than the question."""
    from rapidfuzz import fuzz

    a, b = tpl.normalise(line), tpl.normalise(canonical)
    return fuzz.token_set_ratio(a, b) / 100 * min(1.0, 0.55 + len(a) / max(len(b), 1))


def scorers(e5: bool):
    from rapidfuzz import fuzz

    def rf(fn):
        return lambda a, b: fn(tpl.normalise(a), tpl.normalise(b)) / 100

    out = {
        "ratio": rf(fuzz.ratio),
        "token_sort_ratio": rf(fuzz.token_sort_ratio),
        "token_set_ratio": rf(fuzz.token_set_ratio),
        "WRatio": rf(fuzz.WRatio),
        "set, length-weighted": set_weighted,
        "sort + partial": sort_partial,
        "ours (set, short: sort)": tpl.similarity,
    }
    if e5:
        out["e5 cosine"] = None  # filled by the caller from precomputed vectors
    return out


def evaluate(score, positives, negs, template, threshold):
    """(precision, recall, by kind) with the parser's look-ahead window."""
    def best(text: str, last: int):
        found = None
        for n in range(last + 1, last + tpl.LOOKAHEAD + 1):
            q = template.questions.get(n)
            if q is None:
                continue
            s = score(text, q.text)
            if s >= threshold and (found is None or s > found[1] + 0.05):
                found = (n, s)
        return found[0] if found else None

    tp = fp = 0
    kinds: dict[str, list[int]] = {}
    for kind, n, text in positives:
        got = best(text, n - 1)
        tp += got == n
        fp += got is not None and got != n
        kinds.setdefault(kind, []).append(got == n)
    for n, text in negs:
        fp += best(text, n) is not None
    precision = tp / (tp + fp) if tp + fp else 1.0
    return precision, tp / len(positives), {k: sum(v) / len(v) for k, v in kinds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--e5", action="store_true", help="Also e5 cosine similarity.")
    args = parser.parse_args()
    template = tpl.builtin(4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = parse_file(SEED, tpl.GENERIC)
    positives = variants(template, random.Random(4))
    negs = negatives(doc)
    if args.e5:  # e5 reads 512 tokens at most and is slow: every scorer sees the same text
        negs = [(n, text[:E5_CHARS]) for n, text in negs]
    print(f"{len(positives)} restated headings (42 x restated/typos/abbreviated/reworded), "
          f"{len(negs)} answer paragraphs and list lines as negatives")
    table = scorers(args.e5)
    if args.e5:
        import numpy as np

        from greta_search.embed import E5Embedder

        embedder = E5Embedder()
        texts = sorted({q.text for q in template.questions.values()}
                       | {t for _, _, t in positives} | {t for _, t in negs})
        vectors = embedder.embed_queries(texts)
        index = {t: i for i, t in enumerate(texts)}
        table["e5 cosine"] = lambda a, b: float(np.dot(vectors[index[a]], vectors[index[b]]))
    print(f"{'scorer':24s} {'thr':>5s} {'prec':>6s} {'recall':>6s}  by kind (recall)")
    for name, score in table.items():
        thresholds = (0.80, 0.85, 0.88, 0.9, 0.92) if name == "e5 cosine" else (
            0.6, 0.65, 0.7, 0.72, 0.75, 0.8, 0.85)
        for threshold in thresholds:
            p, r, kinds = evaluate(score, positives, negs, template, threshold)
            detail = "  ".join(f"{k} {v:.2f}" for k, v in kinds.items())
            print(f"{name:24s} {threshold:5.2f} {p:6.3f} {r:6.3f}  {detail}")


if __name__ == "__main__":
    main()

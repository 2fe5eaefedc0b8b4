"""Retrieval quality on labelled queries: question-level hit@1, hit@5, MRR@10, and whether
the expected answer string appears in the retrieved passages."""

from __future__ import annotations

import re

from greta_search.layout import clean
from greta_search.numbers import SPACES, canonical


def first_relevant_rank(hits: list[dict], gold: set[int]) -> int | None:
    """1-based rank of the first hit whose question is in `gold`, or None."""
    for rank, hit in enumerate(hits, start=1):
        if hit.get("question") in gold:
            return rank
    return None


def evaluate(queries: list[dict], results: list[list[dict]]) -> dict:
    """Aggregate metrics for queries ({"id", "query", "gold", optional "answer"}) and their
    ranked hits (dicts with "question" and "text")."""
    details = []
    for query, hits in zip(queries, results, strict=True):
        gold = {int(g) for g in query["gold"]}
        rank = first_relevant_rank(hits[:10], gold)
        answer = query.get("answer")
        row = {
            "id": query["id"],
            "query": query["query"],
            "gold": sorted(gold),
            "rank": rank,
            "top": [h.get("question") for h in hits[:5]],
        }
        if answer:
            row["answer_rank"] = next(
                (i for i, h in enumerate(hits[:10], 1) if answer in h.get("text", "")), None
            )
        details.append(row)
    n = len(details) or 1
    with_answer = [d for d in details if "answer_rank" in d]
    a = len(with_answer) or 1
    return {
        "queries": len(details),
        "hit@1": sum(d["rank"] == 1 for d in details) / n,
        "hit@5": sum(d["rank"] is not None and d["rank"] <= 5 for d in details) / n,
        "mrr@10": sum(1 / d["rank"] for d in details if d["rank"]) / n,
        "answers": len(with_answer),
        "answer@1": sum(d["answer_rank"] == 1 for d in with_answer) / a,
        "answer@5": sum((d["answer_rank"] or 99) <= 5 for d in with_answer) / a,
        "details": details,
    }


# --- answers (tests/data/qa.jsonl) -----------------------------------------------------------


def _squash(text: str) -> str:
    return clean(text).casefold()


# One space between two digits of a gold: a number's group ("12 500"), or two table cells
# the gold was copied with its whitespace folded ("2024 164 370" of "2024⇥164⇥370").
GOLD_GAP_RE = re.compile(rf"(?<=\d)[{SPACES}](?=\d)")


def _found(answer: str, gold: str) -> bool:
    pattern = re.escape(gold)
    if gold[:1].isdigit():
        pattern = r"(?<![\d,.])" + pattern
    if gold[-1:].isdigit():
        pattern += r"(?![\d]|[.,]\d)"
    return re.search(pattern, answer) is not None


def contains(answer: str, gold: str) -> bool:
    """Whether `gold` is in `answer`, whitespace and case aside and each number compared by
    its value ("12 500" is "12,500", "3,5 %" is "3.5%"); a gold that starts or ends with a
    digit must not be part of a longer number ("7" is not in "77", "350" not in "7 350").
    Pass the answer as written: its numbers are read before its whitespace is folded, so
    table cells apart (a TAB or a run of spaces: "164\t370") stay two numbers, never
    "164 370" = 164370 ("370" is in it, "164,370" is not). A gold copied from such a row
    with its whitespace folded ("164 370") is found there too: its one-space gaps may be
    cells apart as well as a number's groups."""
    answer = _squash(canonical(answer))
    return (_found(answer, _squash(canonical(gold)))
            or _found(answer, _squash(canonical(GOLD_GAP_RE.sub("\t", gold)))))


def answer_correct(record: dict, answer: str | None, evidence: str | None = None) -> bool:
    """Whether an answer is right for a labelled question (`answer`: the exact span, or one
    of its `alternatives` where the document words it twice; "Yes"/"No" with an `evidence`
    span; or null when the documents cannot answer)."""
    gold = record.get("answer")
    if gold is None or answer is None:
        return gold is None and answer is None
    if gold in ("Yes", "No"):
        said = answer.split()[0].strip(".,;:") if answer.split() else ""
        if said in ("Yes", "No") and said != gold:
            return False
        return contains(evidence or answer, record["evidence"])
    return any(contains(answer, g) for g in [gold, *record.get("alternatives", [])])


def calibration(confidences: list[float], correct: list[bool], bins: int = 10) -> dict:
    """Expected calibration error over equal-width confidence bins, with the bins (count,
    mean confidence, accuracy) for a reliability diagram."""
    table = []
    ece = 0.0
    n = len(confidences)
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [i for i, c in enumerate(confidences)
                   if low <= c < high or (b == bins - 1 and c == 1.0)]
        if not members:
            table.append({"low": low, "high": high, "count": 0, "confidence": None,
                          "accuracy": None})
            continue
        mean = sum(confidences[i] for i in members) / len(members)
        accuracy = sum(correct[i] for i in members) / len(members)
        ece += len(members) / n * abs(accuracy - mean)
        table.append({"low": low, "high": high, "count": len(members), "confidence": mean,
                      "accuracy": accuracy})
    return {"ece": ece, "bins": table}

"""Retrieval quality on labelled queries: question-level hit@1, hit@5, MRR@10, and whether
the expected answer string appears in the retrieved passages."""

from __future__ import annotations

import re

from greta_search.numbers import canonical


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
    return " ".join(text.replace("**", "").split()).casefold()


def contains(answer: str, gold: str) -> bool:
    """Whether `gold` is in `answer`, whitespace and case aside and each number compared by
    its value ("12 500" is "12,500", "3,5 %" is "3.5%"); a gold that starts or ends with a
    digit must not be part of a longer number ("7" is not in "77", "350" not in "7 350")."""
    gold, answer = _squash(canonical(gold)), _squash(canonical(answer))
    pattern = re.escape(gold)
    if gold[:1].isdigit():
        pattern = r"(?<![\d,.])" + pattern
    if gold[-1:].isdigit():
        pattern += r"(?![\d]|[.,]\d)"
    return re.search(pattern, answer) is not None


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

"""Retrieval quality on labelled queries: question-level hit@1, hit@5, MRR@10, and whether
the expected answer string appears in the retrieved passages."""

from __future__ import annotations


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

"""The candidates scripts/fit_confidence.py fits on: gathered per question as `ask` sees them,
cached, and checked against what `ask` answers.

Each gathered row records `ask`'s own answer to its question (`ask`: the answer and its
source, text or table). A row whose first sentence (or table answer) is not what `ask`
answers with would fit the models on candidates `ask` never gives: `disagreements` finds
them and the fit refuses to go on.

The cache (`--cache`) is a cache of this code and this index: it is keyed on a digest of
the package's sources (the fitted confidence.json aside: it changes no candidate), of this
module and of the index's manifest, and each row on a digest of its QA record. Rows gathered
by other code, from another index or for a record since edited are gathered anew, never
reused (a cache keyed on the row's id alone once mixed 649 rows gathered by older code
with 433 new ones, and ~90 rows' candidates were not `ask`'s).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Tables after the chosen one that a question's candidates include (`gather_all`).
TABLE_ALTERNATIVES = 3
# The package's files that shape the candidates (the fitted models do not).
CODE_SUFFIXES = (".py", ".json")
NOT_CODE = ("confidence.json",)
CACHE_VERSION = 2


def split_of(record: dict) -> str:
    """A QA row's half: its `split`, else held-out when the sha1 of its id is even."""
    if "split" in record:
        return record["split"]
    return "heldout" if int(hashlib.sha1(record["id"].encode()).hexdigest(), 16) % 2 == 0 \
        else "tune"


def round_of(record: dict) -> str:
    """The round of labelling a QA row was written in: its `added` ("round2", ...), the
    first round when it has none or was added for tuning alone ("tune-only")."""
    added = record.get("added")
    return "round1" if added in (None, "tune-only") else str(added)


def code_digest(root: Path = ROOT) -> str:
    """A digest of the code that gathers: the package's sources and data (but the fitted
    models), this module and the searcher it uses (scripts/calibration.py)."""
    package = root / "greta_search"
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in CODE_SUFFIXES
                   and p.name not in NOT_CODE and "__pycache__" not in p.parts)
    files += [root / "scripts" / "fit_gather.py", root / "scripts" / "calibration.py"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def index_digest(index: Path) -> str:
    """A digest of the index's published manifest (its documents, passages and build),
    else of its path when there is none."""
    manifest = Path(index) / "current" / "manifest.json"
    data = manifest.read_bytes() if manifest.is_file() else str(Path(index).resolve()).encode()
    return hashlib.sha256(data).hexdigest()


def record_digest(record: dict) -> str:
    """A digest of a QA record (its question, document, gold answer ...), split aside."""
    fields = {k: v for k, v in record.items() if k != "split"}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def cache_key(index: Path) -> dict:
    return {"version": CACHE_VERSION, "code": code_digest(), "index": index_digest(index)}


def read_cache(cache: Path | None, key: dict) -> list[dict]:
    """The cached rows when the cache was gathered by this code from this index, else none
    (a note on stderr says why it is not reused)."""
    if not cache or not cache.exists():
        return []
    data = json.loads(cache.read_text())
    if isinstance(data, dict) and data.get("key") == key:
        return data["rows"]
    print(f"note: {cache} was gathered by other code or from another index: gathering anew",
          file=sys.stderr)
    return []


def load_questions(records: list[dict], index: Path, cache: Path | None,
                   splits: tuple[str, ...]) -> list[dict]:
    """The candidates of the rows of `splits`: read from the cache when it is of this code
    and index (`read_cache`) and of the same record, the others gathered (and the cache
    rewritten); each tagged with its row's split, document and round. Rows of other splits
    are never gathered."""
    wanted = [dict(r, split=split_of(r)) for r in records if split_of(r) in splits]
    key = cache_key(index)
    digests = {r["id"]: record_digest(r) for r in wanted}
    # A row of another split is kept as it is; a row whose record changed is gathered anew.
    cached = [q for q in read_cache(cache, key)
              if q["id"] not in digests or q.get("record") == digests[q["id"]]]
    have = {q["id"] for q in cached}
    missing = [r for r in wanted if r["id"] not in have]
    if missing:
        gathered = gather_all(index, missing)
        cached += [dict(q, record=digests[q["id"]]) for q in gathered]
        if cache:
            cache.write_text(json.dumps({"key": key, "rows": cached}))
    rows = {r["id"]: r for r in wanted}
    return [dict(q, split=rows[q["id"]]["split"], doc=rows[q["id"]]["doc"],
                 round=round_of(rows[q["id"]])) for q in cached if q["id"] in rows]


def disagreements(questions: list[dict]) -> list[str]:
    """The ids of the rows whose candidates are not what `ask` answered: its answer from
    the text is not the first sentence's, from a table not the table answer's, or none
    though there are candidates (or `ask`'s answer was never recorded)."""
    bad = []
    for q in questions:
        asked = q.get("ask")
        if asked is None:
            bad.append(q["id"])
            continue
        if asked["source"] == "text":
            agree = bool(q["texts"]) and q["texts"][0]["answer"] == asked["answer"]
        elif asked["source"] == "table":
            agree = q["table"] is not None and q["table"]["answer"] == asked["answer"]
        else:
            agree = not q["texts"] and q["table"] is None
        if not agree:
            bad.append(q["id"])
    return bad


def gather_all(index: Path, records: list[dict]) -> list[dict]:
    """Every question's candidates: features, short answer and label, and what `ask`
    answers (restricted to the row's document, no threshold)."""
    from greta_search.agreement import table_signals
    from greta_search.answer import (
        CHOICES,
        _evidence_text,
        ask,
        documents,
        gather,
        named_documents,
        short_answer,
        text_capped,
        text_features,
        without_states,
    )
    from greta_search.answer_tables import table_answer
    from greta_search.evaluate import answer_correct
    from greta_search.search import Filters

    sys.path.insert(0, str(ROOT / "scripts"))
    from calibration import searcher_for  # the embedding-cached searcher

    searcher = searcher_for(index)
    out = []
    for number, record in enumerate(records, start=1):
        scope = Filters(doc=[record["doc"]])
        # As `ask` does: a State the question names picks the document and is then dropped.
        docs = documents(searcher, scope)
        named = named_documents(record["question"], docs)
        asked = without_states(record["question"], [c for d, c in docs if d in named])
        found = gather(searcher, asked, scope, signals=True)  # every signal, to choose among
        q = found.question
        texts = []
        for s in found.sentences[:CHOICES]:
            evidence, _ = _evidence_text(q, s, searcher)
            answer = short_answer(q, s, evidence)
            texts.append({
                "features": text_features(q, s),
                "capped": text_capped(q, s) or bool(found.note and s.years < 0.6),
                "answer": answer,
                "right": answer_correct(record, answer, evidence),
            })
        table = None
        if found.table is not None:
            table = {"features": found.table.features, "answer": found.table.text,
                     "right": answer_correct(record, found.table.text, found.table.evidence)}
        # The next tables that match well enough to answer, each answered from as if it had
        # been chosen: more (and more often wrong) table candidates to fit the model on.
        others = []
        ranks = {p.hit.chunk.position: i for i, p in enumerate(found.passages) if p.via is None}
        for n in range(1, TABLE_ALTERNATIVES + 1) if q.years or q.kind == "number" else ():
            other = table_answer(q, searcher, scope, ranks, alternative=n)[0]
            if other is None:
                break
            if table is None or other.text != table["answer"]:
                best = found.sentences[0].span if found.sentences else None
                other.features |= table_signals(found.signals, other.span, best)
                others.append({"features": other.features, "answer": other.text,
                               "right": answer_correct(record, other.text, other.evidence)})
        given = ask(searcher, record["question"], scope, threshold=0.0)
        out.append({"id": record["id"], "split": record["split"], "type": record["type"],
                    "doc": record["doc"], "round": round_of(record),
                    "gold": record.get("answer"), "texts": texts, "table": table,
                    "other_tables": others,
                    "ask": {"answer": given.answer, "source": given.source}})
        print(f"\r{number}/{len(records)}", end="", flush=True)
    print()
    return out

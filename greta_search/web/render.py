"""What the page templates need beyond the API's results: highlighted and linked passage
text (escaped piece by piece), facet counts, URLs that keep the query and filters."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlencode

from markupsafe import Markup, escape

from greta_search.confidence import shown
from greta_search.highlight import marked

QUESTION_MENTION_RE = re.compile(r"\b(Questions?|Q)\s*(\d{1,3})\b")
FACETS = ("doc", "country", "round", "part", "section", "question", "kind")


def highlight(text: str, query: str) -> Markup:
    """The passage escaped, the query's terms in <mark>."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(piece) if term else escape(piece)
        for piece, term in marked(text, query)
    )


def link_questions(text: str, doc: str) -> Markup:
    """The passage escaped, mentions of other questions ("See Question 24") as links."""
    out, at = [], 0
    for m in QUESTION_MENTION_RE.finditer(text):
        out += [escape(text[at:m.start()]),
                Markup('<a class="xref" href="{}">{}</a>').format(
                    url_with(f"/question/{m.group(2)}", {}, doc=[doc]), m.group(0))]
        at = m.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


def url_with(path: str, params, **changes) -> str:
    """`path` with the query parameters `params` (a mapping or query_params), some replaced
    (a value of None removes the parameter)."""
    items = []
    keys = list(dict.fromkeys([*getattr(params, "keys", lambda: [])(), *changes]))
    for key in keys:
        if key in changes:
            value = changes[key]
            values = [] if value is None else value if isinstance(value, list) else [value]
        else:
            values = params.getlist(key) if hasattr(params, "getlist") else [params[key]]
        items += [(key, v) for v in values if v not in ("", None)]
    return path + ("?" + urlencode(items) if items else "")


def facets(counts: dict[str, dict]) -> dict[str, list[tuple[str, int]]]:
    """The facet counts of the index (`Index.facets`) for display: Parts without their
    "Part " prefix, each facet's values commonest first."""
    out = {}
    for name in FACETS:
        merged: Counter = Counter()
        for value, n in counts.get(name, {}).items():
            merged[value.replace("Part ", "") if name == "part" else value] += n
        if merged:
            out[name] = sorted(merged.items(), key=lambda kv: (
                -kv[1], kv[0] if isinstance(kv[0], int) else 0, str(kv[0])))
    return out


def by_question(hits) -> list[dict]:
    """A question's passages grouped for display: per (doc, question), per item."""
    groups: list[dict] = []
    for hit in hits:
        c = hit.chunk
        if not groups or (groups[-1]["doc"], groups[-1]["question"]) != (c.doc, c.question):
            groups.append({"doc": c.doc, "question": c.question, "text": c.question_text,
                           "country": c.country, "citation": c.citation, "items": [],
                           "referenced_from": hit.extra.get("referenced_from")})
        items = groups[-1]["items"]
        if not items or items[-1]["item"] != c.item:
            items.append({"item": c.item, "text": c.item_text, "hits": []})
        items[-1]["hits"].append(hit)
    return groups


def score(value) -> str:
    return "" if value is None or value != value else f"{value:.3f}"


FILTERS = {"highlight": highlight, "link_questions": link_questions, "score": score,
           "confidence": shown}

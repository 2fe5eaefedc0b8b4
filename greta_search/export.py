"""Write batch results for people and for other programs: JSON lines, CSV, a Markdown report
and an HTML report, the reports ending with a bibliography of the documents they cite.

Input is a list of records `{"id", "query", "hits": [hit, ...], "answer": optional}` where a
hit is `search.Hit.to_dict()`, and a mapping of document code -> document metadata (as the
index manifest stores it; see `documents_from_manifest`). `out` is a text stream; for CSV open
files with `newline=""` so that the "\\r\\n" row ends are written as they are.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterable
from typing import TextIO

from greta_search.bibliography import format_reference

FORMATS = ("jsonl", "csv", "markdown", "html")
DEFAULT_TITLE = "GRETA search results"
HIT_COLUMNS = ("rank", "score", "doc", "country", "part", "section", "question", "item",
               "paragraph", "page", "citation", "text")
CSV_COLUMNS = ("query_id", "query") + HIT_COLUMNS


# --- shared helpers -----------------------------------------------------------------------


def documents_from_manifest(manifest) -> dict[str, dict]:
    """doc code -> metadata (with "doc" and "source") from a `store.Manifest`."""
    return {
        e.doc: {**(e.meta or {}), "doc": e.doc, "source": e.source} for e in manifest.documents
    }


def hit_key(hit: dict) -> tuple:
    """What makes two hits the same passage: its document and chunk id (or its citation and
    text when the hit has no chunk id)."""
    if hit.get("chunk_id") is not None:
        return (hit.get("doc"), "id", hit["chunk_id"])
    return (hit.get("doc"), "citation", hit.get("citation"), hit.get("text"))


def dedupe_hits(records: list[dict]) -> list[dict]:
    """Report each passage once per query: later repeats of a passage within one record are
    dropped and ranks renumbered 1..n (when the hits had ranks). Inputs are not modified."""
    out = []
    for record in records:
        seen: set[tuple] = set()
        hits = []
        for hit in record.get("hits") or []:
            key = hit_key(hit)
            if key in seen:
                continue
            seen.add(key)
            hits.append(dict(hit))
        for rank, hit in enumerate(hits, start=1):
            if hit.get("rank") is not None:
                hit["rank"] = rank
        out.append({**record, "hits": hits})
    return out


def cited_documents(records: list[dict], documents: dict[str, dict]) -> list[dict]:
    """The metadata of every document cited (by a hit or by an answer), each once, ordered
    by reference. A document missing from `documents` gets what its hits say (code and
    country)."""
    metas: dict[str, dict] = {}
    for record in records:
        for hit in cited_hits(record):
            doc = hit.get("doc")
            if doc is None or doc in metas:
                continue
            meta = documents.get(doc)
            if meta is None:
                meta = {"doc": doc, "country": hit.get("country")}
            else:
                meta = {"doc": doc, **meta}
            metas[doc] = meta
    return sorted(metas.values(), key=lambda m: (format_reference(m).casefold(), m["doc"]))


def score_text(score) -> str:
    """"0.0310", or "" for a hit without a score."""
    if score is None:
        return ""
    try:
        value = float(score)
    except (TypeError, ValueError):
        return str(score)
    return "" if value != value else f"{value:.4f}"  # NaN: no score


def is_table(hit: dict) -> bool:
    return hit.get("kind") == "table" or "\t" in (hit.get("text") or "")


ANSWER_TEXT_KEYS = ("answer", "text", "summary")
ANSWER_SOURCE_KEYS = ("citations", "sources", "evidence")
ANSWER_SKIPPED_KEYS = ("question", "passages")  # the query again; the hits again


def answer_parts(answer) -> tuple[str | None, list[str], list[tuple[str, str]]]:
    """An answer (a string, or a dict such as `answer.Answer.to_dict()`) as its text (None
    when there is no answer at all, "" when the dict holds no answer), the citations it
    comes from, and its other simple fields (span, confidence, note...) as (name, value)."""
    if answer is None:
        return None, [], []
    if not isinstance(answer, dict):
        return str(answer), [], []
    text = next((answer[k] for k in ANSWER_TEXT_KEYS if isinstance(answer.get(k), str)), "")
    citations = []
    for name in ANSWER_SOURCE_KEYS:
        for item in answer.get(name) or []:
            if isinstance(item, dict):
                item = item.get("citation") or item.get("doc") or json.dumps(
                    item, ensure_ascii=False
                )
            citations.append(str(item))
    extra = [
        (str(k), str(v))
        for k, v in answer.items()
        if k not in ANSWER_TEXT_KEYS + ANSWER_SOURCE_KEYS + ANSWER_SKIPPED_KEYS
        and isinstance(v, str | int | float | bool)
    ]
    return text, citations, extra


def cited_hits(record: dict) -> list[dict]:
    """The hits of a record and the passages its answer cites."""
    hits = list(record.get("hits") or [])
    answer = record.get("answer")
    if isinstance(answer, dict):
        for name in ANSWER_SOURCE_KEYS:
            hits += [h for h in answer.get(name) or [] if isinstance(h, dict) and h.get("doc")]
    return hits


# --- JSON lines and CSV -----------------------------------------------------------------------


def write_jsonl(records: list[dict], out: TextIO) -> None:
    """One JSON object per line, per query: {"id", "query", "hits", ["answer"]}."""
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def csv_value(value) -> str:
    """A cell: None is empty; numbers are written as Python writes them (lossless)."""
    return "" if value is None else str(value)


def write_csv(records: list[dict], out: TextIO) -> None:
    """One row per hit (RFC 4180: header, "\\r\\n" rows, every field quoted, line
    breaks kept inside quoted fields). A query without hits gets one row with empty hit
    fields, so that it is not lost."""
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        head = [csv_value(record.get("id")), csv_value(record.get("query"))]
        hits = record.get("hits") or []
        if not hits:
            writer.writerow(head + [""] * len(HIT_COLUMNS))
        for hit in hits:
            writer.writerow(head + [csv_value(hit.get(c)) for c in HIT_COLUMNS])


# --- Markdown ----------------------------------------------------------------------------------

# Every ASCII punctuation character that Markdown (CommonMark, GFM) may read as syntax inside
# a line; a backslash before any ASCII punctuation is a valid escape, shown as the character.
MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>#|~$&!{}])")
# At the start of a line: list markers, block quotes, headings, thematic breaks and setext
# underlines, ordered list numbers ("12." and "12)").
MD_LINE_START_RE = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")


def md_escape(text) -> str:
    """Escape text for use inside a line of Markdown (a heading, a table cell, a list item
    after its marker): syntax characters get a backslash, line breaks become spaces."""
    return MD_SPECIAL_RE.sub(r"\\\1", " ".join(str(text).split()))


def md_escape_line(line: str) -> str:
    """Escape a whole line of paragraph text, including block syntax at its start."""
    line = md_escape(line)
    m = MD_LINE_START_RE.match(line)
    if m:
        cut = m.end() if m.group(2)[0].isdigit() else m.start(2)
        line = f"{line[:cut]}\\{line[cut:]}"
    return line


def md_code(text) -> str:
    """Inline code with a fence longer than any run of backticks in the text."""
    text = " ".join(str(text).split())
    longest = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_paragraphs(text: str, prefix: str = "") -> list[str]:
    """Multi-line text as Markdown lines, each escaped and behind `prefix` ("> " inside a
    block quote); line breaks are hard breaks, blank lines paragraph breaks."""
    lines = str(text).split("\n")
    out = []
    for i, line in enumerate(lines):
        escaped = md_escape_line(" ".join(line.split()))
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if escaped and nxt.strip():
            escaped += "\\"  # a hard line break
        out.append((prefix + escaped).rstrip() if escaped else prefix.rstrip())
    return out


def md_fenced(text: str, prefix: str = "") -> list[str]:
    """Text kept verbatim (statistics tables) in a fenced code block behind `prefix`."""
    longest = max((len(r) for r in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    body = [(prefix + line).rstrip() if line.strip() else prefix.rstrip()
            for line in text.split("\n")]
    return [f"{prefix}{fence}text", *body, f"{prefix}{fence}"]


def write_markdown(
    records: list[dict], documents: dict[str, dict], out: TextIO, title: str = DEFAULT_TITLE
) -> None:
    """A Markdown report: an overview table, one section per query with each passage
    quoted and cited, the answer when there is one, and the references cited."""
    lines = [f"# {md_escape(title)}", ""]
    lines += ["| # | Query id | Query | Passages |", "| ---: | --- | --- | ---: |"]
    for n, record in enumerate(records, start=1):
        lines.append(
            f"| {n} | {md_escape(record.get('id', ''))} | {md_escape(record.get('query', ''))}"
            f" | {len(record.get('hits') or [])} |"
        )
    lines.append("")
    for n, record in enumerate(records, start=1):
        lines += [f"## {n}. {md_escape(record.get('query', ''))}", ""]
        lines += [f"Query id: {md_code(record.get('id', ''))}", ""]
        text, citations, extra = answer_parts(record.get("answer"))
        if text is not None:
            lines += ["### Answer", ""]
            lines += (md_paragraphs(text) if text else ["*No answer.*"]) + [""]
            for name, value in extra:
                lines.append(f"- {md_escape(name)}: {md_escape(value)}")
            for citation in citations:
                lines.append(f"- Source: {md_code(citation)}")
            if extra or citations:
                lines.append("")
            lines += ["### Passages", ""]
        hits = record.get("hits") or []
        if not hits:
            lines += ["*No matching passages.*", ""]
        for i, hit in enumerate(hits, start=1):
            rank = hit.get("rank") or i
            score = score_text(hit.get("score"))
            cite_line = f"**{rank}.** {md_code(hit.get('citation') or hit.get('doc') or '')}"
            if score:
                cite_line += f" — score {score}"
            lines += [cite_line, ""]
            passage = str(hit.get("text") or "")
            quoted = md_fenced(passage, "> ") if is_table(hit) else md_paragraphs(passage, "> ")
            lines += quoted + [""]
    lines += ["## References", ""]
    cited = cited_documents(records, documents)
    if not cited:
        lines += ["*No documents cited.*", ""]
    for meta in cited:
        ref = format_reference(meta, escape=md_escape, emphasis=lambda t: f"*{t}*")
        lines.append(f"- {ref}")
    out.write("\n".join(lines).rstrip("\n") + "\n")


# --- HTML ----------------------------------------------------------------------------------------

HTML_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }
blockquote { border-left: 4px solid #b8c4d6; margin: 0.5rem 0 1.5rem; padding: 0.25rem 1rem;
             background: #f6f8fb; }
blockquote p { white-space: pre-wrap; margin: 0.5rem 0; }
blockquote pre { overflow-x: auto; font-size: 0.85rem; }
.cite { font-weight: 600; }
.score { color: #666; font-size: 0.9rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
.answer { background: #fffbe6; border: 1px solid #eedc82; padding: 0.5rem 1rem; }
""".strip()


def esc(value) -> str:
    """HTML-escape any value (quotes included, so it is safe in attributes too)."""
    return html.escape("" if value is None else str(value), quote=True)


def html_text(text: str) -> str:
    """Paragraphs of text: blank-line separated paragraphs, line breaks kept (pre-wrap)."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", str(text)) if p.strip()]
    return "".join(f"<p>{esc(p)}</p>" for p in paragraphs) or "<p></p>"


def write_html(
    records: list[dict], documents: dict[str, dict], out: TextIO, title: str = DEFAULT_TITLE
) -> None:
    """A complete, self-contained HTML5 report (every piece of data escaped): contents,
    one section per query with each passage in a <blockquote> with its citation, the answer
    when there is one, and the references cited."""
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{HTML_STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        '<nav><table><thead><tr><th>#</th><th>Query id</th><th>Query</th><th>Passages</th>'
        "</tr></thead><tbody>",
    ]
    for n, record in enumerate(records, start=1):
        parts.append(
            f'<tr><td>{n}</td><td>{esc(record.get("id"))}</td>'
            f'<td><a href="#query-{n}">{esc(record.get("query"))}</a></td>'
            f"<td>{len(record.get('hits') or [])}</td></tr>"
        )
    parts.append("</tbody></table></nav>")
    for n, record in enumerate(records, start=1):
        parts.append(f'<section id="query-{n}">')
        parts.append(f"<h2>{n}. {esc(record.get('query'))}</h2>")
        parts.append(f'<p>Query id: <code>{esc(record.get("id"))}</code></p>')
        text, citations, extra = answer_parts(record.get("answer"))
        if text is not None:
            parts.append('<div class="answer"><h3>Answer</h3>')
            parts.append(html_text(text) if text else "<p><em>No answer.</em></p>")
            items = [f"<li>{esc(k)}: {esc(v)}</li>" for k, v in extra]
            items += [f"<li>Source: <cite>{esc(c)}</cite></li>" for c in citations]
            if items:
                parts.append("<ul>" + "".join(items) + "</ul>")
            parts.append("</div>")
        hits = record.get("hits") or []
        if not hits:
            parts.append("<p><em>No matching passages.</em></p>")
        for i, hit in enumerate(hits, start=1):
            rank = hit.get("rank") or i
            score = score_text(hit.get("score"))
            passage = str(hit.get("text") or "")
            body = (f"<pre>{esc(passage)}</pre>" if is_table(hit) else html_text(passage))
            footer = (f'<footer>{esc(rank)}. <cite class="cite">'
                      f'{esc(hit.get("citation") or hit.get("doc"))}</cite>')
            if score:
                footer += f' <span class="score">score {esc(score)}</span>'
            footer += "</footer>"
            parts.append(f"<blockquote>{body}{footer}</blockquote>")
        parts.append("</section>")
    parts.append('<section id="references"><h2>References</h2>')
    cited = cited_documents(records, documents)
    if cited:
        parts.append("<ul>")
        for meta in cited:
            ref = format_reference(meta, escape=esc, emphasis=lambda t: f"<i>{t}</i>")
            parts.append(f"<li>{ref}</li>")
        parts.append("</ul>")
    else:
        parts.append("<p><em>No documents cited.</em></p>")
    parts += ["</section>", "</body>", "</html>"]
    out.write("\n".join(parts) + "\n")


# --- dispatch ------------------------------------------------------------------------------------


def write(
    records: Iterable[dict],
    documents: dict[str, dict] | None,
    fmt: str,
    out: TextIO,
    dedupe: bool = True,
    title: str = DEFAULT_TITLE,
) -> None:
    """Write records in one of FORMATS; each passage is reported once per query unless
    `dedupe` is False."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    records = list(records)
    if dedupe:
        records = dedupe_hits(records)
    documents = documents or {}
    if fmt == "jsonl":
        write_jsonl(records, out)
    elif fmt == "csv":
        write_csv(records, out)
    elif fmt == "markdown":
        write_markdown(records, documents, out, title)
    else:
        write_html(records, documents, out, title)

"""What an index build is: its format, its manifest (documents, model, file sizes and
checksums) and the fingerprint of the code that shaped it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from greta_search.pipeline import DocumentEntry

# 5: a table-caption flag on chunk records; 4: citations in SQLite; 3: SQLite chunk
# records, checksums, fingerprint
FORMAT_VERSION = 5
# Older formats whose chunk records and vectors a new build can still reuse (re-indexing
# an index of format 3 or 4 re-embeds nothing).
DONOR_FORMATS = {3, 4, FORMAT_VERSION}
CURRENT = "current"
BUILDS = "builds"
LOCK = ".lock"
# Past this many vectors, searches use an IVF index (memory-mapped lists) instead of an
# exact flat scan: a flat scan reads every vector per query (265 k x 384 floats is 400 MB,
# ~40 ms of memory bandwidth), IVF reads nprobe of 4*sqrt(n) lists. Recall measured in
# docs/scale.md.
IVF_THRESHOLD = 100_000
IVF_NPROBE = 32
# Modules that do not shape what is indexed: a change to them leaves an index fresh.
QUERY_SIDE = {
    "__init__", "__main__", "acronyms", "agreement", "answer", "answer_confidence",
    "answer_names", "answer_scope", "answer_tables", "answer_text", "answer_types", "api",
    "bibliography", "body_fit", "body_roles", "body_spans", "builder", "cache", "citations",
    "cli", "cli_export", "cli_index", "cli_records", "compare", "confidence", "currency",
    "date_events", "date_forms", "date_spans", "embed", "errors", "evaluate", "export",
    "highlight", "institutions", "law_choice", "law_grammar", "lookups", "manifest", "measures",
    "number_extent", "number_roles", "number_spans", "numbers", "org_names", "pipeline", "plot",
    "queries", "recommendations", "records", "results", "search", "sentences", "span_roles",
    "spans", "store", "structure", "table_agree", "table_columns", "table_entries",
    "table_rank", "table_rows", "table_scope", "tables", "untitled", "validate", "yesno",
}


@dataclass
class Manifest:
    """Everything needed to check that an index can be used as it is."""

    format_version: int
    model: str
    dim: int
    documents: list[DocumentEntry]
    built_at: str = ""
    faiss: str = "flat"
    chunks: int = 0
    chunker: str = ""
    files: dict = field(default_factory=dict)  # relative path -> {"size", "sha256"}
    checksum: str = ""  # sha256 of this manifest without the field

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        docs = [DocumentEntry(**d) for d in data.get("documents", [])]
        return cls(**{**data, "documents": docs})

    def to_json(self) -> dict:
        data = asdict(self)
        data["checksum"] = manifest_checksum(data)
        return data


def manifest_checksum(data: dict) -> str:
    body = {k: v for k, v in data.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
                          ).hexdigest()


def chunker_fingerprint() -> str:
    """Hash of the code that decides what is indexed (loading, parsing, chunking, citations,
    provisions, keywords): when it changes, an index may be stale."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    shaping = [m for m in package.glob("*.py") if m.stem not in QUERY_SIDE]
    data = [*package.glob("templates/*.json"), package / "countries.json"]  # names in metadata
    for module in sorted(shaping + data):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]


def safe_member(build: Path, name: str) -> Path | None:
    """The file a manifest names, or None if the name could leave the build folder."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return None
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        return None
    target = build / relative
    try:
        target.resolve().relative_to(build.resolve())
    except (ValueError, OSError):
        return None
    return target

"""Read a document file into logical source lines (the input of `parse`).

A logical line is one paragraph line of the text file, or one reconstructed paragraph or
bullet of a PDF. Blank lines separate blocks exactly as in a plain-text reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")


class InputError(Exception):
    """A document that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class SourceLine:
    """One logical line of a document and the page it starts on (None for text files)."""

    text: str
    page: int | None = None
    line: int | None = None  # 1-based line number in a text file


def load_lines(path: Path) -> list[SourceLine]:
    """Read a .txt/.md or .pdf file into logical lines; raise InputError on bad input."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{path}: file is empty")
    if path.suffix.lower() == ".pdf":
        if not raw.lstrip()[:5].startswith(b"%PDF"):
            raise InputError(f"{path}: named .pdf but is not a PDF file")
        from greta_search.pdf import extract_lines

        lines = extract_lines(path, raw)
    else:
        text = decode_text(path, raw)
        lines = [SourceLine(line, None, n) for n, line in enumerate(text.splitlines(), 1)]
    if not any(line.text.strip() for line in lines):
        raise InputError(f"{path}: no text found")
    return lines


def decode_text(path: Path, raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM); reject other encodings with a clear error."""
    if raw.startswith(b"%PDF"):
        raise InputError(f"{path}: is a PDF but is not named .pdf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{path}: not valid UTF-8 text (byte {err.start}); convert it to UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError(f"{path}: binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def find_documents(paths: list[Path]) -> list[Path]:
    """Expand files and folders into the sorted list of supported document files."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found

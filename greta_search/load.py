"""Read a document file into logical source lines (the input of `parse`).

A logical line is one paragraph line of the text file, one reconstructed paragraph or bullet
of a PDF (`pdf`), or one paragraph of a Word .docx (`wordfile`). Blank lines separate blocks
exactly as in a plain-text reply.
"""

from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

# .doc (old binary Word) is listed so that a folder's .doc files are reported, not skipped
SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".doc")
WORD_SUFFIXES = (".docx", ".doc")  # a .doc is read when it is in fact a .docx
BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MAGIC = (  # binary formats people save with a text name, and what to do
    (b"PK\x03\x04", "a ZIP or Word .docx file", "a Word document must be named .docx"),
    (b"\xd0\xcf\x11\xe0", "an old binary Word .doc file", "save it in Word as .docx or PDF"),
    (b"{\\rtf", "an RTF file", "save it as .docx, .txt or PDF"),
    (b"\x89PNG", "a PNG image", "save the text as .txt, .docx or PDF"),
    (b"\xff\xd8\xff", "a JPEG image", "save the text as .txt, .docx or PDF"),
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01  # more control characters than this: binary data, not text


class InputError(Exception):
    """A document that cannot be read; the message names the file and the problem."""


class DocumentWarning(UserWarning):
    """A document was read, but not as written: e.g. decoded from Windows-1252."""


@dataclass(frozen=True)
class SourceLine:
    """One logical line of a document and the page it starts on (None for text files)."""

    text: str
    page: int | None = None
    line: int | None = None  # 1-based line number in a text file


def load_lines(path: Path) -> list[SourceLine]:
    """Read a .txt/.md, .pdf or .docx file into logical lines; raise InputError on bad input."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    raw = path.read_bytes()
    if not raw:
        raise InputError(f"{path}: file is empty (0 bytes)")
    if not raw.strip():
        raise InputError(f"{path}: file is empty (only whitespace)")
    if path.suffix.lower() == ".pdf":
        if not raw.lstrip()[:5].startswith(b"%PDF"):
            raise InputError(f"{path}: named .pdf but is not a PDF file")
        from greta_search.pdf import extract_lines

        lines = extract_lines(path, raw)
    elif path.suffix.lower() in WORD_SUFFIXES:
        from greta_search.wordfile import extract_lines

        lines = extract_lines(path, raw)
    else:
        text = decode_text(path, raw)
        lines = [SourceLine(line, None, n) for n, line in enumerate(text.splitlines(), 1)]
    if not any(line.text.strip() for line in lines):
        raise InputError(f"{path}: no text found")
    return lines


def decode_text(path: Path, raw: bytes) -> str:
    """Decode a text file: by its byte-order mark (UTF-8, UTF-16, UTF-32), as UTF-16
    without a mark when every other byte is NUL, else as UTF-8, else as Windows-1252 (the
    encoding of text saved by Word on Windows; a DocumentWarning says so). Binary data is
    rejected with a clear error."""
    if raw.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{path}: is a PDF but is not named .pdf")
    for magic, kind, advice in MAGIC:
        if raw.startswith(magic):
            raise InputError(f"{path}: is {kind}, not text; {advice}")
    encoding = _encoding(raw)
    if encoding == "utf-8" and _binary(raw):
        raise InputError(f"{path}: binary data, not text")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as err:
        if encoding != "utf-8":
            raise InputError(f"{path}: not valid {encoding} text (byte {err.start})") from None
        text = _windows_1252(path, raw, err.start)
    text = text.removeprefix("\ufeff")
    if _binary(text):
        raise InputError(f"{path}: binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary(data: bytes | str) -> bool:
    """NUL bytes, or more control characters than text has (bytes: in the first 64 KB)."""
    if isinstance(data, bytes):
        if b"\x00" in data:
            return True
        data = data[:65536].decode("latin-1")
    controls = sum(1 for _ in CONTROL_RE.finditer(data))
    return "\x00" in data or controls > MAX_CONTROL_SHARE * len(data)


def _encoding(raw: bytes) -> str:
    """The encoding a byte-order mark names, or UTF-16 told by its NUL bytes, or UTF-8."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return encoding
    sample = raw[:4096]
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return "utf-8"


def _windows_1252(path: Path, raw: bytes, bad: int) -> str:
    """Decode text that is not UTF-8 as Windows-1252, or fail naming the first bad byte."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: not valid UTF-8 text (byte {bad}), nor Windows-1252; convert it to UTF-8"
        ) from None
    warnings.warn(
        f"{path}: not UTF-8 (byte {bad}); read as Windows-1252", DocumentWarning, stacklevel=2
    )
    return text


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

"""The ink of a PDF's pages, read with pypdf, for `greta_search.pdf`: positioned text runs
(with glyph widths from the fonts), the short horizontal rules a page draws (a footnote
separator) and the text a clipping path hides (a word processor clips a table cell's text
that overflows its row, e.g. a header row repeated on a new page)."""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PasswordType, PdfReader

from greta_search.load import InputError

try:  # widths of the glyphs of a PDF font (pypdf >= 6)
    from pypdf.generic._font import Font
except ImportError:  # pragma: no cover - older pypdf: widths are estimated
    Font = None

DEFAULT_CHAR_EM = 0.5  # glyph width (em) when the font gives none
MIN_RULES = 8  # rectangles and line segments a page must draw to be searched for grids
RULE_HEIGHT = 1.5  # a filled or stroked path at most this tall (pt) is a horizontal rule
CLIP_SLACK = 0.25  # a baseline this far (em) below a clipping box still shows its text

LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
SPACES_RE = re.compile(r"\s+")
PATH_OPS = {b"m", b"l", b"c", b"v", b"y", b"re", b"h"}
PAINT_OPS = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF user space (y upwards)


@dataclass
class Run:
    """A piece of text drawn at one place: ink extents, pen advance, baseline, font size,
    and the widths of a space and of its first word."""

    x0: float
    x1: float
    advance: float
    y: float
    size: float
    text: str
    space: float
    lead: float
    pad: float = 0.0  # width of the spaces the text starts with, if its x0 is the pen


@dataclass
class Ink:
    """What one page draws: its visible text runs, its horizontal rules (x0, x1, y), and
    the runs a clipping path hides."""

    runs: list[Run] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)
    hidden: list[Run] = field(default_factory=list)
    paths: int = 0  # rectangles and line segments drawn

    def shows(self, x: float, y: float) -> bool:
        """Whether a glyph drawn at (x, y) is visible (not one of the hidden runs)."""
        return not any(r.x0 - 0.5 <= x <= r.x1 and abs(r.y - y) < 0.5 for r in self.hidden)


def read_pages(path: Path, raw: bytes) -> tuple[list[Ink], list[int]]:
    """The ink of every page, and the numbers of the pages that draw enough rules to hold
    a ruled table; any pypdf failure becomes an InputError naming the file."""
    if b"%PDF-" not in raw[:1024]:
        raise InputError(f"{path}: not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(raw))
        locked = reader.is_encrypted
    except Exception as err:  # pypdf raises many exception types for damaged files
        raise InputError(f"{path}: unreadable PDF ({one_line(err)})") from None
    if locked:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception as err:  # e.g. an encryption method pypdf cannot handle
            reason = one_line(err)
            raise InputError(f"{path}: encrypted PDF that cannot be opened ({reason})") from None
        if not opened:
            raise InputError(f"{path}: encrypted PDF that needs a password")
    try:
        pages = list(reader.pages)
    except Exception as err:
        raise InputError(f"{path}: unreadable PDF ({one_line(err)})") from None
    if not pages:
        raise InputError(f"{path}: PDF has no pages")
    result: list[Ink] = []
    ruled: list[int] = []
    for number, page in enumerate(pages, 1):
        collector = RunCollector()
        try:
            page.extract_text(visitor_text=collector, visitor_operand_before=collector.operator)
        except Exception as err:  # a damaged page: keep what it gave and go on
            warnings.warn(
                f"{path}: page {number} only partly read ({one_line(err)})", stacklevel=2
            )
        if collector.ink.paths >= MIN_RULES:
            ruled.append(number)
        result.append(collector.ink)
    return result, ruled


def one_line(err: Exception) -> str:
    """An exception as one short line of text."""
    text = SPACES_RE.sub(" ", str(err)).strip()
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


class RunCollector:
    """pypdf callbacks recording one page's ink: `__call__` is the `visitor_text` (positioned
    text runs), `operator` the `visitor_operand_before` (paths, clipping, graphics state)."""

    def __init__(self) -> None:
        self.ink = Ink()
        self._fonts: dict[int, tuple[Any, Callable[[str], float]]] = {}
        self._clip: Box | None = None  # the clipping box in force (None: the whole page)
        self._saved: list[Box | None] = []
        self._path: list[tuple[float, float]] = []  # points of the path being built
        self._clipping = False  # a W or W* waits for the path's painting operator

    def operator(self, op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        """Follow the graphics state: the clipping box, and the paths painted as rules."""
        if op == b"q":
            self._saved.append(self._clip)
        elif op == b"Q":
            self._clip = self._saved.pop() if self._saved else None
        elif op in PATH_OPS:
            numbers = [float(a) for a in args if isinstance(a, int | float)]
            if op == b"re" and len(numbers) == 4:
                x, y, w, h = numbers
                self._path += [_apply(cm, x, y), _apply(cm, x + w, y + h)]
                self.ink.paths += 1
            elif op != b"h" and len(numbers) >= 2:
                self._path.append(_apply(cm, numbers[-2], numbers[-1]))
                self.ink.paths += op == b"l"
        elif op in (b"W", b"W*"):
            self._clipping = True
        elif op in PAINT_OPS or op == b"n":
            if self._path:
                box = _bounds(self._path)
                if op != b"n" and box[3] - box[1] <= RULE_HEIGHT and box[2] - box[0] > 1:
                    self.ink.rules.append((box[0], box[2], (box[1] + box[3]) / 2))
                if self._clipping:
                    self._clip = box if self._clip is None else _intersect(self._clip, box)
            self._path, self._clipping = [], False

    def __call__(self, text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        text = CONTROL_RE.sub(" ", text.translate(LIGATURES))
        if not text.strip():
            return
        m = _multiply(tm, cm)
        height = size * math.hypot(m[2], m[3])
        scale = size * math.hypot(m[0], m[1])
        upright = m[0] > 0 and m[3] > 0 and abs(m[1]) < 0.1 * m[0] and abs(m[2]) < 0.1 * m[3]
        if not upright or height < 0.5:  # rotated, mirrored or invisible text
            return
        measure = self._measure(font)
        body = text.lstrip()
        ink = body.rstrip()
        runs = self.ink.runs
        # leading spaces are pypdf's mark of a gap before a repositioned run: x0 is the pen
        x0 = m[4]
        pad = measure(text[: len(text) - len(body)]) * scale
        if runs:
            last = runs[-1]
            if abs(m[5] - last.y) < 0.2 * height:
                if ink == last.text and abs(x0 - last.x0) < 0.5 * height:
                    return  # the same text drawn twice (fake bold or shadow)
                if last.x0 - 0.25 * height <= x0 < last.x1 - 0.25 * height:
                    # pypdf gives a run that follows on without repositioning the position
                    # of the previous one: it starts at the previous run's pen advance
                    x0, pad = last.advance + pad, 0.0
        x1 = x0 + measure(ink) * scale
        advance = x0 + measure(body) * scale
        space, lead = measure(" ") * scale, measure(ink.split(" ", 1)[0]) * scale
        run = Run(x0, x1, advance, m[5], height, ink, space, lead, pad)
        clip = self._clip
        hidden = clip is not None and (
            x0 >= clip[2] or x1 <= clip[0]
            or not clip[1] - CLIP_SLACK * height <= m[5] <= clip[3])
        (self.ink.hidden if hidden else runs).append(run)

    def _measure(self, font: Any) -> Callable[[str], float]:
        """Width in ems of a string set in `font` (a PDF font dictionary)."""
        key = id(font)
        if key not in self._fonts:
            self._fonts[key] = (font, _font_measure(font))
        return self._fonts[key][1]


def _apply(cm: list[float], x: float, y: float) -> tuple[float, float]:
    """A point of user space through the matrix `cm`."""
    return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]


def _bounds(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _intersect(a: Box, b: Box) -> Box:
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _font_measure(font: Any) -> Callable[[str], float]:
    """A function giving the width in ems of a string in this PDF font."""
    widths: dict[str, float] = {}
    default = DEFAULT_CHAR_EM * 1000
    if Font is not None and font is not None:
        try:
            widths, default = _unicode_widths(Font.from_font_resource(font))
        except Exception:  # a damaged font dictionary: estimate widths
            widths = {}

    def measure(text: str) -> float:
        return sum(widths.get(char, default) for char in text) / 1000

    return measure


def _unicode_widths(font: Any) -> tuple[dict[str, float], float]:
    """Glyph widths of a pypdf Font keyed by the text they decode to, and the default."""
    mapping = font.character_map or {}
    encoding = font.encoding if isinstance(font.encoding, dict) else {}
    widths: dict[str, float] = {}
    for code, width in font.character_widths.items():
        if code == "default" or len(code) != 1:
            continue
        char = mapping.get(code) or encoding.get(ord(code)) or code
        if isinstance(char, str) and len(char) == 1 and isinstance(width, int | float):
            widths.setdefault(char, float(width))
    default = font.character_widths.get("default")
    return widths, float(default) if default else DEFAULT_CHAR_EM * 1000


def _multiply(tm: list[float], cm: list[float]) -> list[float]:
    """The product tm x cm of two PDF matrices [a b c d e f]."""
    return [
        tm[0] * cm[0] + tm[1] * cm[2],
        tm[0] * cm[1] + tm[1] * cm[3],
        tm[2] * cm[0] + tm[3] * cm[2],
        tm[2] * cm[1] + tm[3] * cm[3],
        tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
        tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
    ]

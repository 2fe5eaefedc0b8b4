"""The States' names in English and French (the data in countries.json): a French report's
"Azerbaïdjan" or "RÉPUBLIQUE DE MOLDOVA" is the "Azerbaijan" or "Republic of Moldova" of
the English replies, and a `--country` filter matches either language's name."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("countries.json")
ARTICLE_RE = re.compile(r"^(?:the|la|le|les|l['’])\s*", re.IGNORECASE)


def name_key(name: str) -> str:
    """A name compared without case, accents, a leading article, or the difference between
    hyphens, apostrophes and spaces: "la Bosnie-Herzégovine" -> "bosnie herzegovine"."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = ARTICLE_RE.sub("", " ".join(text.split()))
    return " ".join(re.split(r"[\s'’‐-―-]+", text)).strip()


@cache
def states() -> list[dict]:
    """The States of countries.json: {"en", "fr", "also"?, "status"}."""
    return json.loads(DATA.read_text(encoding="utf-8"))["states"]


@cache
def _english_by_key() -> dict[str, str]:
    table: dict[str, str] = {}
    for state in states():
        for name in (state["en"], state["fr"], *state.get("also", ())):
            table[name_key(name)] = state["en"]
    return table


def english_name(name: str) -> str | None:
    """The English name ("Azerbaijan") of a State named in English or French, in any case
    ("AZERBAÏDJAN", "l'Azerbaïdjan", "Azerbaidjan"); None for a name not in the table."""
    return _english_by_key().get(name_key(name))


@cache
def country_key(name: str) -> str:
    """What two names of one country share: its English name's key for a known State, the
    name's own key otherwise."""
    english = english_name(name)
    return name_key(english if english is not None else name)


def same_country(wanted: str, country: str | None) -> bool:
    """True when `wanted` names the country `country` (either language, any case)."""
    return country is not None and country_key(wanted) == country_key(country)

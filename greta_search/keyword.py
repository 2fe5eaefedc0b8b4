"""Keyword retrieval with bm25s (Snowball-stemmed English, English stopwords) over the same
passages as the dense index, saved beside the vectors."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

KEYWORD_DIR = "bm25"
# Tokens: words, and legal/number references kept whole ("144-1", "21,897", "1198-VIQD").
NUMBER_TOKEN = r"\b\d+(?:[-.,]\d+)*(?:-[A-Za-z]+)?\b"
TOKEN_PATTERN = rf"(?u){NUMBER_TOKEN}|\b\w\w+\b"


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-worded, stemmed tokens for each text."""
    import bm25s

    return bm25s.tokenize(
        texts,
        token_pattern=TOKEN_PATTERN,
        stopwords="en",
        stemmer=_stemmer(),
        return_ids=False,
        show_progress=False,
    )


class KeywordIndex:
    """A BM25 index whose document ids are passage positions."""

    def __init__(self, model) -> None:
        self.model = model

    @classmethod
    def build(cls, texts: list[str]) -> KeywordIndex:
        """Index the texts (one per passage, in vector order)."""
        import bm25s

        tokens = tokenize(texts) if texts else [[]]
        # a sorted vocabulary: bm25s numbers tokens in set order, which changes from one
        # process to the next (hash seed), and the index files with it
        vocab = {token: i for i, token in enumerate(sorted({t for doc in tokens for t in doc}))}
        model = bm25s.BM25()
        model.index(([[vocab[t] for t in doc] for doc in tokens], vocab), show_progress=False)
        return cls(model)

    def save(self, folder: Path) -> None:
        self.model.save(str(Path(folder) / KEYWORD_DIR), show_progress=False)

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> KeywordIndex:
        """Load a saved index (JSON vocabulary and parameters, npy arrays without pickle);
        `mmap` maps the score arrays instead of reading them."""
        import bm25s

        model = bm25s.BM25.load(str(Path(folder) / KEYWORD_DIR), show_progress=False,
                                mmap=mmap, allow_pickle=False)
        return cls(model)

    def scores(self, query: str, mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every passage for the query (0 where masked out)."""
        tokens = [t for t in tokenize([query])[0] if t in self.model.vocab_dict]
        n = int(self.model.scores["num_docs"])
        if not tokens:
            return np.zeros(n, dtype=np.float32)
        scores = np.asarray(self.model.get_scores(tokens), dtype=np.float32)
        return scores * mask if mask is not None else scores


def exact_terms(query: str) -> list[str]:
    """Numbers, years and legal references in a query that a passage should contain
    verbatim: "144-1", "2025", "No. 131", "21,897"."""
    return [t for t in re.findall(NUMBER_TOKEN, query) if len(t) >= 2]

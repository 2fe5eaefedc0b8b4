"""greta-search: offline semantic search over GRETA questionnaire replies, with citations.

The public Python API (see `greta_search.api`); names load on first use, so importing the
package stays light:

    import greta_search as gs
    idx = gs.open_index("index")
    idx.search("residence permits for victims", k=10, country="Azerbaijan").to_pandas()
"""

import os

# faiss, bm25s (via scipy/OpenBLAS) and the e5 engine each bring a threading runtime; with
# the default busy-waiting, idle threads of one starve the others on a 2-core machine and a
# query embedding takes 0.7 s instead of 0.02 s. Passive waiting removes the contention.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"

_EXPORTS = {
    "open_index": "api", "build_index": "api", "Index": "api",
    "GretaSearchError": "api", "NotFound": "api",
    "Hit": "search", "Filters": "search", "Answer": "answer",
    "Hits": "results", "Passage": "results", "Records": "results", "Table": "results",
    "Tables": "results", "Comparison": "results", "ProvisionMatches": "results",
    "read_queries": "queries",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f"greta_search.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'greta_search' has no attribute {name!r}")

"""greta-search: offline semantic search over GRETA questionnaire replies, with citations."""

import os

# faiss, bm25s (via scipy/OpenBLAS) and the e5 engine each bring a threading runtime; with
# the default busy-waiting, idle threads of one starve the others on a 2-core machine and a
# query embedding takes 0.7 s instead of 0.02 s. Passive waiting removes the contention.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"

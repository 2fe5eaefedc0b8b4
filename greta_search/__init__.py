"""greta-search: offline semantic search over GRETA questionnaire replies, with citations."""

__version__ = "0.1.0"

"""The local web app: `greta-search serve` (see `greta_search.web.app`)."""

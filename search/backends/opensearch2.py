"""modelsearch's opensearch2 backend with French/English analysis (see search.backends.engines)."""

from search.backends.engines import build

SearchBackend = build("modelsearch.backends.opensearch2")

"""modelsearch's elasticsearch8 backend with our analysis (see search.backends.engines)."""

from search.backends.engines import build

SearchBackend = build("modelsearch.backends.elasticsearch8")

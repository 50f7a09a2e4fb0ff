"""Search backends with French and English analysis (see docs/search.md)."""

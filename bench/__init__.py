"""Benchmarks: ``python -m bench`` runs every module of this package and prints its tables."""

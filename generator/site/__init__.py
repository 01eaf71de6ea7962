"""Render → build: results to Markdown pages, sealed restricted parts, the site engine, search, cache."""

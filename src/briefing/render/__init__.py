"""Renderers: one analysis in, one deliverable out."""

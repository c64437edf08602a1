"""The branded PDF briefing: `render_pdf` lays out the document (document.py) from its sections
(sections/) and building blocks (text and fonts, tables and callouts, charts, logos, words)."""

from .document import render_pdf

__all__ = ["render_pdf"]

"""Suggestions for names a user mistyped."""

from __future__ import annotations

import difflib


def did_you_mean(word: str, choices: list[str] | tuple[str, ...], n: int = 3) -> str:
    """' (did you mean X?)' or '', matching case-insensitively."""
    folded = {c.casefold(): c for c in choices}
    close = difflib.get_close_matches(str(word).casefold(), list(folded), n=n, cutoff=0.5)
    if not close:
        return ""
    names = " or ".join(repr(folded[c]) for c in close)
    return f" (did you mean {names}?)"

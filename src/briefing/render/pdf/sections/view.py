"""Our view: the consultant's own commentary (`commentary` in the profile), signed; left out without one.

The text is the client-facing voice of the consultant, so it is printed as typed: every character escaped
like any profile text, `**bold**` the one markup honoured (an unpaired `**` stays as typed). Paragraphs are
separated by blank lines; the line breaks inside a paragraph are only where the consultant's editor wrapped.
"""

from __future__ import annotations

import re
import unicodedata

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from ..blocks import Ctx, heading, para


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one: a space between them, none between two Chinese characters."""
    text = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        if text and line:
            text += "" if _wide(text[-1]) and _wide(line[0]) else " "
        text += line
    return text


def markup(ctx: Ctx, paragraph: str) -> str:
    """One paragraph as typed, escaped, with each `**...**` pair in bold."""
    parts = paragraph.split("**")
    if len(parts) % 2 == 0:  # an odd number of ** marks: the last one has no partner and stays as typed
        parts[-2:] = [parts[-2] + "**" + parts[-1]]
    return "".join(f"<b>{ctx.t.lit(p)}</b>" if i % 2 else ctx.t.lit(p) for i, p in enumerate(parts) if p)


def paragraphs(text: str) -> list[str]:
    return [_joined(block.split("\n")) for block in re.split(r"\n[ \t]*\n", text) if block.strip()]


def author(ctx: Ctx) -> str:
    """Who signs: the profile's `commentary_by`, else the brand's sender, else the firm alone."""
    sender = ctx.brand.sender
    return ctx.a.profile.commentary_by or (sender.name if sender else ctx.brand.firm)


def story(ctx: Ctx) -> list[Flowable]:
    commentary = ctx.a.profile.commentary
    text = commentary.for_lang(ctx.w.lang) if commentary else None
    if not text:
        return []
    w, name, firm = ctx.w, author(ctx), ctx.brand.firm
    signed = (
        w("view.signed_firm", firm=ctx.lit(firm))
        if name == firm
        else w("view.signed", name=ctx.lit(name), firm=ctx.lit(firm))
    )
    body = [para(ctx, markup(ctx, p)) for p in paragraphs(text)]
    return [
        *heading(ctx, w("section.view"), "view"),
        *body[:-1],
        KeepTogether([body[-1], Spacer(1, 4), para(ctx, signed, "body", textColor=ctx.c.muted)]),
        PageBreak(),
    ]

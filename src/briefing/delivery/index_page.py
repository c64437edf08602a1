"""`index.html`: the portfolio on one self-contained page.

No server, no network, no script: the styles are inline, each client's cost split is an SVG drawn here,
and a Content-Security-Policy forbids the page to fetch anything. Every text is escaped, every link is a
relative, percent-encoded file name in the same folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from html import escape
from urllib.parse import quote

from .. import fmt
from ..i18n import catalogue
from ..models import Brand
from .portfolio import KINDS, Row

BAR_W, BAR_H = 160, 14
MAX_CLIENTS = 1_000  # a page a browser shows at once; beyond it, a note points to portfolio.xlsx
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _clients(found: Iterable[Row]) -> Iterator[list[Row]]:
    """The rows of one client from one analysis (its languages), side by side in the rows' order."""
    group: list[Row] = []
    for row in found:
        if group and _key(row) != _key(group[0]):
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def _key(row: Row) -> tuple:
    return (row.client_id, row.edition, row.profile_sha, row.written)


def _split(row: Row, brand: Brand, w, money) -> str:
    """A bar of the cost to close, hiring and re-skilling (the midpoint of its range), as shares of their sum."""
    t = row.totals
    parts = [
        ("close", t["cost_to_close_cny"], brand.colors["primary"]),
        ("hiring", t["hiring_cost_cny"], brand.colors["accent"]),
        ("reskill", (t["reskilling_low_cny"] + t["reskilling_high_cny"]) / 2, brand.colors["secondary"]),
    ]
    total = sum(value for _, value, _ in parts)
    label = "; ".join(f"{w(f'split.{key}')}: {money(value)}" for key, value, _ in parts)
    shapes = [f'<rect x="0" y="0" width="{BAR_W}" height="{BAR_H}" fill="{brand.colors["band"]}"/>']
    x = 0.0
    for key, value, color in parts:
        if total > 0 and value > 0:
            width = BAR_W * value / total
            shapes.append(
                f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="{BAR_H}" fill="{color}">'
                f"<title>{_e(w(f'split.{key}'))}: {_e(money(value))}</title></rect>"
            )
            x += width
    shares = " · ".join(f"{value / total:.0%}" for _, value, _ in parts) if total > 0 else w("split.nothing")
    return (
        f'<svg class="split" width="{BAR_W}" height="{BAR_H}" viewBox="0 0 {BAR_W} {BAR_H}" role="img" '
        f'aria-label="{_e(label)}">{"".join(shapes)}</svg><div class="muted">{_e(shares)}</div>'
    )


def render_index(found: Iterable[Row], brand: Brand, lang: str = "en") -> bytes:
    """The page, from rows sorted by client (read once, as they come): the first MAX_CLIENTS clients are
    shown, every one counted in the summary."""
    return write_index_page(found, brand, lang)


def write_index_page(found: Iterable[Row], brand: Brand, lang: str = "en") -> bytes:
    words = catalogue(lang)

    def w(key: str, **values: object) -> str:
        return words(f"portfolio.{key}", **values)

    def money(value: float) -> str:
        return fmt.money(value, "CNY", lang)

    def amount(value: float) -> str:  # for a column whose header names the unit: '2,700,000' / '270'
        return fmt.wan(value) if lang == "zh" else fmt.whole(value)

    def title(key: str) -> str:
        text = w(f"col.{key}")
        return w("unit_head", col=text, unit=w("unit")) if key in ("close", "hiring", "total") else text

    clients = files = 0
    grand = 0.0
    head = "".join(
        f"<th{' class=num' if key in ('headcount', 'hires', 'close', 'hiring', 'total') else ''}>{_e(title(key))}</th>"
        for key in ("client", "headcount", "hires", "close", "hiring", "total", "split", "gap", "hardest", "files")
    )
    body = []
    for group in _clients(found):  # the figures are the same in every language; role names are the page's if it can
        clients += 1
        files += sum(len(r.files) for r in group)
        grand += group[0].totals["total_cny"]
        if clients > MAX_CLIENTS:
            continue
        row = next((r for r in group if r.language == lang), group[0])
        t = row.totals
        gap, hardest = t.get("widest_gap"), t.get("hardest_search")
        about = [
            words(f"common.employer_type_title.{t['employer_type']}"),
            f"{row.edition} · {fmt.date(dt.date.fromisoformat(row.written), lang)}",
        ]
        links = []
        for member in group:
            anchors = " · ".join(
                f'<a href="{_e(quote(member.files[kind]))}">{_e(w(f"col.{kind}"))}</a>'
                for kind in KINDS
                if kind in member.files
            )
            links.append(
                f'<div class="lang">{_e(w(f"lang.{member.language}"))}</div><div class="links">{anchors}</div>'
            )
        gap_text = (
            f'{_e(gap["role"])}<div class="muted">{_e(fmt.pct(gap["vs_target"], 1, sign=True))}</div>'
            if gap
            else f'<span class="muted">{_e(w("none_below"))}</span>'
        )
        hard_text = (
            f'{_e(hardest["role"])}<div class="muted">{_e(w("col.difficulty"))}: {_e(hardest["difficulty"])}</div>'
            if hardest
            else f'<span class="muted">{_e(w("none_hard"))}</span>'
        )
        body.append(
            f'<tr><td class="client"><strong>{_e(row.client)}</strong>'
            f"{''.join(f'<div class=muted>{_e(line)}</div>' for line in about)}</td>"
            f'<td class="num">{t["headcount"]:,}</td><td class="num">{t["planned_hires"]:,}</td>'
            f'<td class="num">{_e(amount(t["cost_to_close_cny"]))}</td>'
            f'<td class="num">{_e(amount(t["hiring_cost_cny"]))}</td>'
            f'<td class="num total">{_e(amount(t["total_cny"]))}</td><td>{_split(row, brand, w, money)}</td>'
            f'<td>{gap_text}</td><td>{hard_text}</td><td class="files">{"".join(links)}</td></tr>'
        )
    legend = "".join(
        f'<span class="key"><i style="background:{color}"></i>{_e(w(f"split.{key}"))}</span>'
        for key, color in (
            ("close", brand.colors["primary"]),
            ("hiring", brand.colors["accent"]),
            ("reskill", brand.colors["secondary"]),
        )
    )
    summary = w("summary", clients=clients, files=files, total=money(grand))
    if clients > MAX_CLIENTS:
        more = w("more_clients", shown=f"{MAX_CLIENTS:,}", count=f"{clients:,}")
        body.append(f'<tr><td colspan="10" class="muted">{_e(more)}</td></tr>')
    c = brand.colors
    table = (
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        if body
        else f'<p class="muted">{_e(w("none"))}</p>'
    )
    page = f"""<!DOCTYPE html>
<html lang="{_e(words("pdf.meta.lang"))}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(w("title"))} · {_e(brand.firm)}</title>
<style>
body {{ margin: 0; font: 14px/1.45 "Noto Sans", "Segoe UI", Arial, "Droid Sans Fallback", "Microsoft YaHei",
  "PingFang SC", sans-serif; color: {c["text"]}; background: #fff; }}
header {{ background: {c["primary"]}; color: #fff; padding: 24px 32px 20px; border-bottom: 4px solid {c["accent"]}; }}
header h1 {{ margin: 0 0 4px; font-size: 26px; }}
header p {{ margin: 0; opacity: .9; }}
main {{ padding: 20px 32px 40px; }}
table {{ border-collapse: collapse; width: 100%; }}
th {{ text-align: left; font-size: 12px; color: {c["muted"]}; border-bottom: 2px solid {c["primary"]};
  padding: 6px 8px; vertical-align: bottom; }}
td {{ border-bottom: 1px solid {c["rule"]}; padding: 10px 8px; vertical-align: top; }}
tbody tr:nth-child(even) td {{ background: {c["band"]}; }}
.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.num {{ white-space: nowrap; }}
.total {{ font-weight: bold; color: {c["primary"]}; }}
td.client {{ min-width: 180px; max-width: 260px; }}
.client strong {{ color: {c["primary"]}; overflow-wrap: break-word; }}
.muted {{ color: {c["muted"]}; font-size: 12px; }}
.files .links {{ white-space: nowrap; margin-bottom: 4px; }}
.lang {{ color: {c["muted"]}; font-size: 12px; }}
a {{ color: {c["secondary"]}; }}
svg.split {{ display: block; margin: 3px 0 2px; }}
.legend {{ margin: 0 0 14px; color: {c["muted"]}; font-size: 12px; }}
.key {{ margin-right: 16px; white-space: nowrap; }}
.key i {{ display: inline-block; width: 10px; height: 10px; margin-right: 5px; vertical-align: -1px; }}
footer {{ color: {c["muted"]}; font-size: 12px; margin-top: 16px; }}
</style>
</head>
<body>
<header><h1>{_e(w("title"))}</h1><p>{_e(brand.firm)} · {_e(summary)}</p></header>
<main>
<div class="legend">{_e(w("legend"))} {legend}</div>
{table}
<footer>{_e(w("note"))}</footer>
</main>
</body>
</html>
"""
    return page.encode("utf-8")

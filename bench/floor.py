"""The floor: a straight-line script that writes a briefing comparable to `briefing generate`.

Same kind of content (cover, contents with page numbers, ten sections, the same tables, three
charts, embedded subset TrueType fonts with a CJK face, a two-pass build) and a workbook of the
same sheets, formulas with stored values and two charts; but no validation, no analysis object,
no brand file and no abstraction. bench/run.py prints every figure of `briefing` as a ratio to it.

    python bench/floor.py --out DIR [--count N]
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import xlsxwriter
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts"
pdfmetrics.registerFont(TTFont("F", str(FONTS / "NotoSans-Regular.ttf")))
pdfmetrics.registerFont(TTFont("FB", str(FONTS / "NotoSans-Bold.ttf")))
pdfmetrics.registerFont(TTFont("FC", str(FONTS / "DroidSansFallbackFull.ttf")))

ROLES = [
    ("LLM Training Engineer", 95, 135, 0.28),
    ("AI Inference Engineer", 72, 105, 0.32),
    ("AI Product Manager (LLM)", 68, 92, 0.25),
    ("AI Chip Designer (HiSilicon)", 85, 120, 0.20),
    ("Compiler/Kernel Engineer", 78, 115, 0.30),
    ("AI Research Scientist (PhD/Top Conf.)", 120, 180, 0.22),
]
CLIENT = [
    ("LLM Training Engineer", 4, 2, 1_100_000, 95, 135),
    ("AI Inference Engineer", 6, 3, 820_000, 72, 105),
    ("AI Product Manager (LLM)", 2, 1, 760_000, 68, 92),
    ("Compiler/Kernel Engineer", 0, 2, None, 78, 115),
    ("AI Research Scientist (PhD/Top Conf.)", 1, 0, None, 120, 180),
]
GAPS = [
    ("Large-Scale Distributed Training", 2500, 3000, 4000, 5000, 9),
    ("AI Chip Architecture Design", 1800, 2200, 2500, 3000, 9),
    ("Kernel Development (CUDA-compat)", 600, 800, 1500, 2000, 10),
    ("Compiler Optimization (AI)", 800, 1000, 2000, 2500, 9),
]
PREMIUMS = [
    ("Product", "Product Manager", "AI Product Manager", 0.25, 0.35),
    ("Engineering", "Backend Engineer", "AI Inference/Model Serving Engineer", 0.30, 0.45),
    ("Algorithm", "Recommendation Engineer", "LLM Training / Fine-tuning / RLHF", 0.35, 0.55),
    ("Data", "Data Analyst", "Data Labeling Strategy / Synthetic Data Engineer", 0.20, 0.30),
]
BODY = ParagraphStyle("b", fontName="F", fontSize=9.5, leading=13)
CJK = ParagraphStyle("c", parent=BODY, fontName="FC", wordWrap="CJK")
H1 = ParagraphStyle("h", fontName="FB", fontSize=20, leading=26, spaceAfter=10)
TEXT = (
    "Industry estimates of pay for AI roles in China, the scarcity of the talent and the cost of closing "
    "the gap to the target percentile, with the planned hires priced at target. "
) * 3


class Doc(BaseDocTemplate):
    def afterFlowable(self, flowable):
        if isinstance(flowable, Paragraph) and flowable.style.name == "h":
            title = flowable.getPlainText()
            key = f"s{self.page}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, 0)
            self.notify("TOCEntry", (0, title, self.page, key))


def footer(canvas, doc):
    canvas.setFont("F", 7.5)
    canvas.drawString(50, 30, f"Briefing Talent Advisory   Confidential   Page {doc.page}")


CELL = ParagraphStyle("cell", fontName="F", fontSize=8.5, leading=11)


def table(rows):
    rows = [[Paragraph(str(v), CELL) for v in row] for row in rows]  # cells wrap, as a real report's do
    t = Table(rows, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "F", 8.5),
                ("FONT", (0, 0), (-1, 0), "FB", 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#17324D")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#D5DBE1")),
            ]
        )
    )
    return t


def chart(labels, series):
    d = Drawing(480, 220)
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 150, 20, 300, 190
    c.data = series
    c.categoryAxis.categoryNames = labels
    c.categoryAxis.labels.fontName = c.valueAxis.labels.fontName = "F"
    d.add(c)
    return d


def pdf(name: str) -> bytes:
    out = io.BytesIO()
    doc = Doc(out, pagesize=A4, invariant=1, title=f"China AI Talent Briefing: {name}", author="Briefing")
    doc.addPageTemplates([PageTemplate("p", [Frame(50, 60, A4[0] - 100, A4[1] - 124)], onPage=footer)])
    toc = TableOfContents()
    toc.levelStyles = [ParagraphStyle("t", fontName="F", fontSize=10)]
    logos = [
        Image(str(ROOT / "assets" / "logo.png"), 40, 40),
        Image(str(ROOT / "data" / "samples" / "nordlicht-logo.png"), 48, 48),
    ]
    story = [
        logos[0],
        Paragraph("China AI Talent Briefing", H1),
        logos[1],
        Paragraph(f"Prepared for {name}", CJK),
        PageBreak(),
        Paragraph("Contents", H1),
        toc,
        PageBreak(),
    ]

    def money(v):
        return "unknown" if v is None else f"{v:,.0f}"

    cost = []
    for role, hc, hires, pay, p50, p75 in CLIENT:
        target = p75 * 10_000
        close = None if pay is None and hc else max(0, target - (pay or 0)) * hc
        cost.append(
            [
                role,
                hc,
                hires,
                money(pay),
                money(p50 * 10_000),
                money(target),
                money(close),
                money(target * hires),
                money(None if close is None else close + target * hires),
            ]
        )
    sections = [
        ("Executive summary", [Paragraph(TEXT, BODY) for _ in range(4)]),
        ("The market", [Paragraph(TEXT, BODY) for _ in range(3)]),
        (
            "Compensation benchmark",
            [
                table([["Role", "P50", "P75", "YoY"]] + [[r, p50, p75, f"{y:.0%}"] for r, p50, p75, y in ROLES]),
                chart([r[0] for r in ROLES], [[r[1] for r in ROLES], [r[2] for r in ROLES]]),
            ],
        ),
        (
            "Your position",
            [
                table([["Role", "HC", "Hires", "Pay", "P50", "Target", "Close", "Hiring", "Total"], *cost]),
                chart([c[0] for c in CLIENT], [[c[4] for c in CLIENT]]),
            ],
        ),
        (
            "Talent supply",
            [
                table(
                    [["Specialization", "HC low", "HC high", "Gap low", "Gap high", "Difficulty"]]
                    + [list(g) for g in GAPS]
                ),
                chart([g[0] for g in GAPS], [[g[1] for g in GAPS], [g[3] for g in GAPS]]),
            ],
        ),
        ("Role restructuring", [table([["Dimension", "From", "To", "Low", "High"]] + [list(p) for p in PREMIUMS])]),
        ("Recommendations", [Paragraph(TEXT, BODY) for _ in range(6)]),
        (
            "Method, sources and definitions",
            [Paragraph(TEXT, BODY) for _ in range(5)]
            + [table([["Term", "Meaning"]] + [[f"Term {i}", TEXT[:120]] for i in range(12)])],
        ),
    ]
    for title, body in sections:
        story += [Paragraph(title, H1), *body, Spacer(1, 12), PageBreak()]
    doc.multiBuild(story)
    return out.getvalue()


def xlsx(name: str) -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    money = wb.add_format({"num_format": '"CNY" #,##0'})
    wb.set_properties({"title": name, "author": "Briefing"})
    readme = wb.add_worksheet("Read me")
    readme.write_string(0, 0, name)
    assumptions = wb.add_worksheet("Assumptions")
    assumptions.write_string(0, 0, "P75")
    wb.define_name("TargetPercentile", "=Assumptions!$A$1")
    bench = wb.add_worksheet("Benchmark")
    for i, (role, p50, p75, yoy) in enumerate(ROLES, start=1):
        bench.write_row(i, 0, [role, p50, p75, yoy])
        bench.write_formula(i, 4, f"=B{i + 1}*10000", money, p50 * 10_000)
        bench.write_formula(i, 5, f"=C{i + 1}*10000", money, p75 * 10_000)
    gap = wb.add_worksheet("Talent Gap")
    for i, g in enumerate(GAPS, start=1):
        gap.write_row(i, 0, g)
        gap.write_formula(i, 6, f"=(D{i + 1}+E{i + 1})/(B{i + 1}+C{i + 1})", None, (g[3] + g[4]) / (g[1] + g[2]))
    prem = wb.add_worksheet("Role Premiums")
    for i, p in enumerate(PREMIUMS, start=1):
        prem.write_row(i, 0, p)
    model = wb.add_worksheet("Cost Model")
    for i, (role, hc, hires, pay, p50, p75) in enumerate(CLIENT, start=1):
        r = i + 1
        model.write_row(i, 0, [role, hc, hires])
        if pay:
            model.write_number(i, 3, pay, money)
        model.write_formula(i, 4, f"=INDEX(Benchmark!$E:$E,MATCH(A{r},Benchmark!$A:$A,0))", money, p50 * 10_000)
        model.write_formula(i, 5, f"=INDEX(Benchmark!$F:$F,MATCH(A{r},Benchmark!$A:$A,0))", money, p75 * 10_000)
        model.write_formula(i, 6, f'=IF(TargetPercentile="P75",F{r},E{r})', money, p75 * 10_000)
        model.write_formula(i, 7, f"=IF(B{r}=0,0,MAX(0,G{r}-D{r})*B{r})", money, 0)
        model.write_formula(i, 8, f"=G{r}*C{r}", money, p75 * 10_000 * hires)
        model.write_formula(i, 9, f"=H{r}+I{r}", money, 0)
    trans = wb.add_worksheet("Transitions")
    trans.write_row(1, 0, ["Product Manager", 5, 500_000, 0.25, 0.35])
    trans.write_formula(1, 5, "=B2*C2*D2", money, 625_000)
    for sheet, rows, col in ((bench, len(ROLES), 4), (model, len(CLIENT), 9)):
        c = wb.add_chart({"type": "bar"})
        c.add_series({"categories": [sheet.name, 1, 0, rows, 0], "values": [sheet.name, 1, col, rows, col]})
        sheet.insert_chart(10, 0, c)
    wb.close()
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.count):
        name = f"Client {i:04d} Nordlicht Automation (上海) Co., Ltd."
        (args.out / f"client-{i:04d}.pdf").write_bytes(pdf(name))
        (args.out / f"client-{i:04d}.xlsx").write_bytes(xlsx(name))


if __name__ == "__main__":
    main()

"""The `Transitions` sheet: the client's planned re-skilling moves and what their premiums cost."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ....analysis import Analysis
from ..style import FIRST_ROW, NOTE_ROW, Styles, a1, fit_width, money_width, note, pack, print_columns, table_sheet
from .role_premiums import P_AI_ROLE, P_HIGH, P_LOW, premium_lookup

(T_FROM, T_TO, T_COUNT, T_PAY, T_LOW, T_HIGH, T_COST_LOW, T_COST_HIGH, T_PAY_USD, T_LOW_USD, T_HIGH_USD) = range(11)


def write(workbook: Workbook, styles: Styles, a: Analysis, firm: str) -> None:
    w, usd = styles.words, bool(a.usd_cny)
    headers = [
        w.col(k)
        for k in [
            "traditional_role",
            "ai_role",
            "count",
            "current_pay",
            "premium_low",
            "premium_high",
            "cost_low",
            "cost_high",
        ]
        + (["current_pay_usd", "cost_low_usd", "cost_high_usd"] if usd else [])
    ]
    widths = (
        [
            fit_width((w.name(p.traditional_role) for p in a.premiums), 18, 24),
            fit_width((w.name(p.ai_role) for p in a.premiums), 18, 26),
            8,
            money_width(w, [t.current_pay_cny for t in a.transitions]),
            9,
            9,
        ]
        + [money_width(w, [a.totals.transitions_high_cny])] * 2
        + ([money_width(w, [a.usd(a.totals.transitions_high_cny)], "USD")] * 3 if usd else [])
    )
    ws = table_sheet(workbook, styles, w.sheet("transitions"), w("transitions.title"), "", headers, widths, firm)
    blocks = pack(ws.widths, [(T_TO, T_HIGH), (T_COST_LOW, T_COST_HIGH)] + ([(T_PAY_USD, T_HIGH_USD)] if usd else []))
    note(ws, styles, NOTE_ROW, w("transitions.note"), ws.widths, blocks[0][1])
    if not a.transitions:
        ws.write_string(FIRST_ROW, 0, w("transitions.empty"), styles.note)
        print_columns(ws, blocks, FIRST_ROW)
        return
    premiums = premium_lookup(a, w)
    money = styles.cell("cny")
    for i, t in enumerate(a.transitions):
        row = FIRST_ROW + i
        key = f"${a1(row, T_FROM)}"
        ws.write_string(row, T_FROM, w.name(t.from_), styles.cell("text"))
        ws.write_formula(row, T_TO, f"={premiums.formula(key, P_AI_ROLE)}", styles.cell("wrap"), w.name(t.ai_role))
        ws.write_number(row, T_COUNT, t.count, styles.cell("int", input=True))
        ws.write_number(row, T_PAY, t.current_pay_cny, styles.cell("cny", input=True))
        ws.write_formula(row, T_LOW, f"={premiums.formula(key, P_LOW)}", styles.cell("pct0"), t.premium_low)
        ws.write_formula(row, T_HIGH, f"={premiums.formula(key, P_HIGH)}", styles.cell("pct0"), t.premium_high)
        base = f"{a1(row, T_COUNT)}*{a1(row, T_PAY)}"
        ws.write_formula(row, T_COST_LOW, f"={base}*{a1(row, T_LOW)}", money, t.cost_low_cny)
        ws.write_formula(row, T_COST_HIGH, f"={base}*{a1(row, T_HIGH)}", money, t.cost_high_cny)
        if usd:
            for col, of, cny in (
                (T_PAY_USD, T_PAY, t.current_pay_cny),
                (T_LOW_USD, T_COST_LOW, t.cost_low_cny),
                (T_HIGH_USD, T_COST_HIGH, t.cost_high_cny),
            ):
                ws.write_formula(row, col, f"={a1(row, of)}/USD_CNY", styles.cell("usd"), a.usd(cny))
    first, last = FIRST_ROW, FIRST_ROW + len(a.transitions) - 1
    ws.data_validation(
        first,
        T_COUNT,
        last,
        T_COUNT,
        {"validate": "integer", "criteria": ">=", "value": 0, "error_message": w("cost_model.count_error")},
    )
    ws.data_validation(
        first,
        T_PAY,
        last,
        T_PAY,
        {"validate": "decimal", "criteria": ">", "value": 0, "error_message": w("transitions.pay_error")},
    )

    totals, tt = last + 1, a.totals
    total_text = styles.cell("text", total=True)
    ws.write_string(totals, T_FROM, w("total"), total_text)
    ws.write_blank(totals, T_TO, None, total_text)
    ws.write_formula(
        totals,
        T_COUNT,
        f"=SUM({a1(first, T_COUNT)}:{a1(last, T_COUNT)})",
        styles.cell("int", total=True),
        tt.transitions_count,
    )
    for col in (T_PAY, T_LOW, T_HIGH):
        ws.write_blank(totals, col, None, total_text)
    for col, value in ((T_COST_LOW, tt.transitions_low_cny), (T_COST_HIGH, tt.transitions_high_cny)):
        ws.write_formula(totals, col, f"=SUM({a1(first, col)}:{a1(last, col)})", styles.cell("cny", total=True), value)
        if usd:
            ws.write_formula(
                totals, col + 3, f"={a1(totals, col)}/USD_CNY", styles.cell("usd", total=True), a.usd(value)
            )
    if usd:
        ws.write_blank(totals, T_PAY_USD, None, total_text)
    print_columns(ws, blocks, totals, table_last_row=totals)

"""Plain-text renderings for the terminal: the benchmark's roles and a client's figures."""

from __future__ import annotations

from .. import fmt
from ..analysis import Analysis
from ..diff import EditionDiff
from ..models import Edition


def table(header: list[str], rows: list[list[str]], right: set[int] | frozenset[int] = frozenset()) -> str:
    """Columns padded to their widest cell (wide CJK characters count twice), numbers right-aligned."""
    widths = [int(max(fmt.display_width(row[i]) for row in [header, *rows])) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            (" " * (w - int(fmt.display_width(c))) + c) if i in right else (c + " " * (w - int(fmt.display_width(c))))
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)]) + "\n"


def render_roles(edition: Edition) -> str:
    rows = [
        [r.role, ", ".join(r.aliases), "; ".join(edition.role_specializations.get(r.role, ())) or "-"]
        for r in edition.roles
    ]
    out = [
        f"Benchmark roles of edition {edition.id} ({edition.label}); names and aliases match in any case.\n\n",
        table(["Role", "Aliases", "Talent-gap specializations"], rows),
    ]
    out.append("\nTraditional roles for `transitions` (Table 1):\n\n")
    out.append(
        table(
            ["From (traditional role)", "AI role", "Premium"],
            [[p.traditional_role, p.ai_role, fmt.pct_range(p.premium_low, p.premium_high)] for p in edition.premiums],
        )
    )
    return "".join(out)


def _cny(value: float | None) -> str:
    return "unknown" if value is None else fmt.whole(value)


def _people(a: Analysis) -> str:
    """The per-person figures of each role: spread of pay, where people sit, the cost summed person by person."""
    people = a.people
    assert people is not None
    rows = []
    for r in a.roles:
        stats = people.role(r.role)
        if stats is None:
            continue
        rows.append(
            [
                r.label,
                f"{stats.headcount:,}",
                f"{stats.without_pay:,}",
                _cny(stats.pay_min_cny),
                _cny(stats.pay_median_cny),
                _cny(stats.pay_max_cny),
                f"{stats.below_p50:,}",
                f"{stats.p50_p75:,}",
                f"{stats.above_p75:,}",
                f"{stats.below_target:,}",
                _cny(stats.cost_to_close_cny),
            ]
        )
    rows.append(
        [
            "Total",
            f"{people.headcount:,}",
            f"{people.without_pay:,}",
            "",
            "",
            "",
            f"{people.below_p50:,}",
            f"{people.p50_p75:,}",
            f"{people.above_p75:,}",
            f"{people.below_target:,}",
            fmt.whole(people.cost_to_close_cny),
        ]
    )
    out = [
        (
            "\nPeople, one per roster row: cost to close = the sum over people of max(0, target - pay); "
            "mean pay and compa-ratio above are of the people with a known pay.\n\n"
        ),
        table(
            [
                "Role",
                "People",
                "No pay",
                "Lowest",
                "Median",
                "Highest",
                "Below P50",
                "P50-P75",
                "Above P75",
                f"Below {a.target_percentile}" if a.target_percentile == "P50" else "Below target",
                "Cost to close",
            ],
            rows,
            right=set(range(1, 11)),
        ),
    ]
    if people.without_pay:
        out.append(
            f"Pay not given for {people.without_pay:,} {'person' if people.without_pay == 1 else 'people'} "
            "(left out of the cost to close): "
            + ", ".join(k for r in people.roles for k in r.without_pay_keys[:20])
            + "\n"
        )
    return "".join(out)


def render_analysis(a: Analysis) -> str:
    p = a.profile
    out = [
        f"{p.client.name}: {p.client.employer_type} employer\n",
        (
            f"Edition {a.edition.id} ({a.edition.label}), effective {a.edition.effective_date.isoformat()}; "
            f"briefing date {p.briefing.date.isoformat()}\n"
        ),
        f"Target percentile {a.target_percentile}. All figures in CNY per year",
    ]
    if a.usd_cny:
        out.append(f"; USD at {fmt.rate(a.usd_cny)} CNY per USD")
    out.append(".\n")
    if a.aged:
        to = f"the briefing date, {a.age_to.isoformat()}," if a.aging == "briefing_date" else a.age_to.isoformat()
        out.append(
            f"Benchmark pay aged {a.aging_days} days from {a.edition.effective_date.isoformat()} to {to} "
            f"at each role's YoY growth.\n"
        )
    else:
        out.append("Benchmark pay as published, not aged.\n")

    if a.roles:
        header = [
            "Role",
            "Headcount",
            "Planned hires",
            "Mean pay" if a.per_person else "Current pay",
            "P50",
            "P75",
            "Target",
            "Compa-ratio",
            "Vs target",
            "Cost to close",
            "Hiring cost",
            "Total",
        ]
        rows = [
            [
                r.label,
                str(r.headcount),
                str(r.planned_hires),
                "-" if r.current_pay_cny is None and not r.pay_unknown else _cny(r.current_pay_cny),
                fmt.whole(r.p50_cny),
                fmt.whole(r.p75_cny),
                fmt.whole(r.target_cny),
                "-" if r.compa_ratio is None else fmt.ratio(r.compa_ratio),
                "-" if r.position_vs_target is None else fmt.pct(r.position_vs_target, 1, sign=True),
                _cny(r.cost_to_close_cny),
                fmt.whole(r.hiring_cost_cny),
                _cny(r.total_cny),
            ]
            for r in a.roles
        ]
        t = a.totals
        rows.append(
            [
                "Total",
                str(t.headcount),
                str(t.planned_hires),
                "",
                "",
                "",
                "",
                "",
                "",
                fmt.whole(t.cost_to_close_cny),
                fmt.whole(t.hiring_cost_cny),
                fmt.whole(t.total_cny),
            ]
        )
        if a.usd_cny:
            header.append("Total (USD)")
            for row, r in zip(rows, [*a.roles, None], strict=True):
                cny = t.total_cny if r is None else r.total_cny
                row.append("unknown" if cny is None else fmt.whole(a.usd(cny)))  # type: ignore[arg-type]  # usd_cny set
        out += ["\n", table(header, rows, right=set(range(1, len(header))))]
        if a.unknown_pay:
            out.append(
                "Current pay unknown (cost to close left out of the totals): "
                + "; ".join(r.label for r in a.unknown_pay)
                + "\n"
            )
        if a.people is not None:
            out.append(_people(a))
    else:
        out.append("\nNo roles in the profile.\n")

    if a.transitions:
        rows = [
            [
                t.from_,
                t.ai_role,
                str(t.count),
                fmt.whole(t.current_pay_cny),
                fmt.pct_range(t.premium_low, t.premium_high),
                fmt.whole(t.cost_low_cny),
                fmt.whole(t.cost_high_cny),
            ]
            for t in a.transitions
        ]
        rows.append(
            [
                "Total",
                "",
                str(a.totals.transitions_count),
                "",
                "",
                fmt.whole(a.totals.transitions_low_cny),
                fmt.whole(a.totals.transitions_high_cny),
            ]
        )
        out += [
            "\nTransitions (re-skilling premium per year)\n",
            table(
                ["From", "To", "Count", "Current pay", "Premium", "Cost low", "Cost high"], rows, right={2, 3, 4, 5, 6}
            ),
        ]
        out.append(
            f"Transition cost: CNY {fmt.whole(a.totals.transitions_low_cny)} to "
            f"{fmt.whole(a.totals.transitions_high_cny)} per year\n"
        )

    if a.roles:
        out.append(render_budget(a))

    out.append(f"\nKey recommendation ({p.client.employer_type} employers): {a.key_recommendation.title}\n")
    if a.people is not None:
        out.append(
            f"People below target: {a.people.below_target:,} of {a.people.with_pay:,} with a known pay"
            + (
                ": "
                + "; ".join(
                    f"{r.label} ({a.people.role(r.role).below_target:,})"  # type: ignore[union-attr]
                    for r in a.below_target
                )
                if a.below_target
                else ""
            )
            + "\n"
        )
    elif a.below_target:
        out.append(
            "Below target: "
            + "; ".join(
                f"{r.label} ({fmt.pct(r.position_vs_target, 1, sign=True)})"  # type: ignore[arg-type]  # known when below
                for r in a.below_target
            )
            + "\n"
        )
    if a.hardest_hires:
        out.append(
            "Hardest planned hires: "
            + "; ".join(f"{r.label} ({r.planned_hires}, difficulty {r.difficulty}/10)" for r in a.hardest_hires)
            + "\n"
        )
    return "".join(out)


def _month(day) -> str:
    return f"{day:%B %Y}"


def cost_settings(a: Analysis) -> str:
    """The on-cost, fee and sign-on settings in words, each said to be off where the profile leaves it out."""
    s = a.budget.settings
    if "oncost_rate" in s.given:
        cap = (
            f" of pay up to CNY {fmt.whole(s.oncost_cap)} a month"
            if s.oncost_cap is not None
            else " of the full pay (no cap given)"
        )
        oncosts = f"employer on-costs {fmt.share(s.oncost_rate)}{cap}"
    else:
        oncosts = "employer on-costs off (costs.oncost_rate not given)"
    fee = (
        f"recruiting fee {fmt.share(s.recruiting_fee)} of first-year pay"
        if "recruiting_fee" in s.given
        else "recruiting fee off"
    )
    sign_on = f"sign-on CNY {fmt.whole(s.sign_on)} per hire" if "sign_on" in s.given else "sign-on off"
    return f"{oncosts}; {fee}; {sign_on}"


def render_budget(a: Analysis) -> str:
    b, y = a.budget, a.budget.year
    usd = bool(a.usd_cny)
    out = [
        f"\nFully loaded cost: budget year {y.year} ({_month(y.start)} to {_month(y.months[-1])}"
        f"{', the first to start after the briefing date' if y.default else ''}), CNY\n",
        cost_settings(a)[:1].upper() + cost_settings(a)[1:] + ".\n",
        f"Raises from {_month(y.raise_effective)} ({y.raise_months} months); hires from their start month "
        "(spread over the year where no start is given).\n\n",
    ]
    rows = []
    for key, name in (
        ("salary_cny", "Salary"),
        ("oncosts_cny", "Employer on-costs"),
        ("fees_cny", "Recruiting fees"),
        ("sign_on_cny", "Sign-on"),
        ("total_cny", "Loaded total"),
    ):
        in_year, run_rate = getattr(b.in_year, key), getattr(b.run_rate, key)
        one_off = key in ("fees_cny", "sign_on_cny")
        row = [name, fmt.whole(in_year), "one-off" if one_off else fmt.whole(run_rate)]
        if usd:
            row += [fmt.whole(a.usd(in_year)), "one-off" if one_off else fmt.whole(a.usd(run_rate))]  # type: ignore[arg-type]  # usd_cny set
        rows.append(row)
    header = ["", f"Budget year {y.year}", "Full year (run-rate)"] + (
        ["In year (USD)", "Full year (USD)"] if usd else []
    )
    out.append(table(header, rows, right=set(range(1, len(header)))))
    rows = [
        [name] + [fmt.whole(getattr(q, key)) for q in b.quarters] + [fmt.whole(getattr(b.in_year, key))]
        for key, name in (
            ("salary_cny", "Salary"),
            ("oncosts_cny", "Employer on-costs"),
            ("fees_cny", "Recruiting fees"),
            ("sign_on_cny", "Sign-on"),
            ("total_cny", "Total"),
        )
    ]
    out += [
        f"\nBy quarter of budget year {y.year} (CNY)\n",
        table(["", "Q1", "Q2", "Q3", "Q4", "Year"], rows, right={1, 2, 3, 4, 5}),
    ]
    out.append(render_scenarios(a))
    return "".join(out)


GROWTH_WORDS = {"none": "No market growth", "half": "Half the published growth", "published": "Published growth"}


def render_scenarios(a: Analysis) -> str:
    sc = a.scenarios
    currency = a.currency
    columns = [(p, shift) for p in ("P50", "P75") for shift in (sc.fx_shifts or (None,))]
    header = [""] + [
        p if shift is None else f"{p} at {fmt.rate(a.usd_cny * (1 + shift))}"  # type: ignore[operator]  # fx shifts only with usd_cny
        for p, shift in columns
    ]
    rows = []
    for growth, words in GROWTH_WORDS.items():
        cells = {(c.percentile, c.fx_shift): c for c in sc.cells if c.growth == growth}
        rows.append([words] + [fmt.whole(cells[k].total) + ("*" if cells[k].base else "") for k in columns])
    return "".join(
        [
            f"\nScenarios: the budget year's loaded total ({currency}), targets grown from "
            f"{sc.aged_from.isoformat()} to {a.budget.year.start.isoformat()} ({sc.days} days) at each role's YoY\n",
            table(header, rows, right=set(range(1, len(header)))),
            "* the model as delivered (base case)\n",
        ]
    )


def _range(low: float, high: float, pct: bool = False) -> str:
    return fmt.pct_range(low, high) if pct else fmt.count_range(int(low), int(high))


def _points(move) -> str:
    """A change of a rate in percentage points: '+2.0 pts'."""
    return f"{move.change * 100:+.1f} pts"


def _change(move) -> str:
    """'+50,000 (+5.3%)' for a figure that moved, 'unchanged' for one that did not."""
    if not move.moved:
        return "unchanged"
    sign = "+" if move.change > 0 else "-"
    pct = "" if move.pct is None else f" ({move.pct * 100:+.1f}%)"
    return f"{sign}{fmt.whole(abs(move.change))}{pct}"


def render_diff(d: EditionDiff) -> str:
    """`briefing edition diff`: what moved between two editions, section by section."""
    out = [
        f"Edition {d.old_id} ({d.old_label}), effective {d.old_effective.isoformat()}\n",
        f"     -> {d.new_id} ({d.new_label}), effective {d.new_effective.isoformat()}\n",
    ]
    if not d.moved:
        return "".join(out) + "\nNothing moved: every table is the same.\n"
    moved = [r for r in d.roles if r.moved]
    out.append(f"\nPay by role, CNY per person per year as published ({len(moved)} of {len(d.roles)} moved)\n")
    if moved:
        rows = [
            [
                r.role,
                fmt.whole(r.p50_cny.old),
                fmt.whole(r.p50_cny.new),
                _change(r.p50_cny),
                fmt.whole(r.p75_cny.old),
                fmt.whole(r.p75_cny.new),
                _change(r.p75_cny),
                f"{fmt.pct(r.yoy.old, sign=True)} -> {fmt.pct(r.yoy.new, sign=True)}"
                + (f" ({_points(r.yoy)})" if r.yoy.moved else ""),
            ]
            for r in moved
        ]
        out.append(
            table(
                ["Role", "P50 old", "P50 new", "P50 change", "P75 old", "P75 new", "P75 change", "YoY"],
                rows,
                right={1, 2, 3, 4, 5, 6},
            )
        )
    out.append(f"Roles added: {'; '.join(d.roles_added) or 'none'}\n")
    out.append(f"Roles removed: {'; '.join(d.roles_removed) or 'none'}\n")
    moved_gaps = [g for g in d.gaps if g.moved]
    out.append(f"\nTalent gap, people ({len(moved_gaps)} of {len(d.gaps)} specializations moved)\n")
    if moved_gaps:
        rows = [
            [
                g.specialization,
                f"{_range(g.headcount_low.old, g.headcount_high.old)} -> "
                f"{_range(g.headcount_low.new, g.headcount_high.new)}",
                f"{_range(g.gap_low.old, g.gap_high.old)} -> {_range(g.gap_low.new, g.gap_high.new)}",
                f"{g.difficulty.old:g} -> {g.difficulty.new:g}",
            ]
            for g in moved_gaps
        ]
        out.append(table(["Specialization", "Headcount", "Estimated gap", "Difficulty"], rows))
    for label, names in (("added", d.gaps_added), ("removed", d.gaps_removed)):
        if names:
            out.append(f"Specializations {label}: {'; '.join(names)}\n")
    moved_premiums = [p for p in d.premiums if p.moved]
    out.append(f"\nRole premiums ({len(moved_premiums)} of {len(d.premiums)} moved)\n")
    if moved_premiums:
        rows = [
            [
                p.traditional_role,
                p.ai_role,
                f"{_range(p.premium_low.old, p.premium_high.old, pct=True)} -> "
                f"{_range(p.premium_low.new, p.premium_high.new, pct=True)}",
            ]
            for p in moved_premiums
        ]
        out.append(table(["Traditional role", "AI role", "Premium"], rows))
    for label, names in (("added", d.premiums_added), ("removed", d.premiums_removed)):
        if names:
            out.append(f"Traditional roles {label}: {'; '.join(names)}\n")
    return "".join(out)


def render_check(e: Edition) -> str:
    """`briefing edition check`: what was checked in an edition that passed."""
    statements = [*e.signals, *(r for rs in e.recommendations.values() for r in rs)]
    horizons = sorted({s.horizon.isoformat() for s in statements if s.horizon})
    dated = sum(1 for s in statements if s.horizon)
    return (
        f"OK: edition {e.id} ({e.label}), effective {e.effective_date.isoformat()}: {len(e.roles)} roles, "
        f"{len(e.gaps)} specializations, {len(e.premiums)} premiums, {len(e.signals)} signals, "
        f"{sum(len(rs) for rs in e.recommendations.values())} recommendations, {dated} dated "
        f"(horizons {', '.join(horizons) or 'none'}), in {', '.join(sorted(e.texts))}\n"
    )

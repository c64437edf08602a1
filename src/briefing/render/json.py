"""The analysis as JSON for automation: every figure, stable key order, no floats rounded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..analysis import Analysis
from ..people import PersonLine


def _plain(value: object) -> Any:  # JSON-shaped: dict, list, str, number or None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name.rstrip("_"): _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (dt.date, Path)):
        return str(value)
    return value


def as_dict(a: Analysis) -> dict:
    p = a.profile
    return {
        "client": {k: v for k, v in _plain(p.client).items() if k != "contacts"},  # people's names stay out
        "briefing": _plain(p.briefing),
        "source": p.source,
        "edition": {
            "id": a.edition.id,
            "label": a.edition.label,
            "effective_date": a.edition.effective_date.isoformat(),
        },
        "age_to": a.age_to.isoformat(),
        "aging": a.aging,
        "aging_days": a.aging_days,
        "edition_age_months": a.edition_age_months,
        "benchmark": _plain(a.benchmark),
        "supply": _plain(a.supply),
        "roles": [
            _plain(r) | ({"total_usd": a.usd(r.total_cny) if r.total_cny is not None else None} if a.usd_cny else {})
            for r in a.roles
        ],
        "transitions": _plain(a.transitions),
        "totals": _plain(a.totals) | ({"total_usd": a.usd(a.totals.total_cny)} if a.usd_cny else {}),
        "below_target": [r.label for r in a.below_target],
        "unknown_pay": [r.label for r in a.unknown_pay],
        "largest_cost": a.largest_cost.label if a.largest_cost else None,
        "hardest_hires": [r.label for r in a.hardest_hires],
        "recommendations": [r.id for r in a.recommendations],
        "key_recommendation": a.key_recommendation.id,
        "cost_to_close_definition": "per_person" if a.per_person else "per_role_line",
        **({"people": _people(a)} if a.people is not None else {}),
        "dated_statements": [
            {"id": s.id, "horizon": s.horizon.isoformat(), "passed": s.passed(a.date)}
            for s in (*a.edition.signals, *a.recommendations)
            if s.horizon is not None
        ],
        "budget": _plain(a.budget)
        | (
            {
                "in_year_total_usd": a.usd(a.budget.in_year.total_cny),
                "run_rate_total_usd": a.usd(a.budget.run_rate.total_cny),
            }
            if a.usd_cny
            else {}
        ),
        "scenarios": _plain(a.scenarios),
        "warnings": list(a.warnings),
    }


def _people(a: Analysis) -> dict:
    """Per role and per person, each person by their key: the client's employee IDs never leave the workbook."""
    people = a.people
    assert people is not None
    totals = {
        k: getattr(people, k)
        for k in (
            "headcount",
            "with_pay",
            "without_pay",
            "below_p50",
            "p50_p75",
            "above_p75",
            "below_target",
            "cost_to_close_cny",
        )
    }
    names = [f.name for f in dataclasses.fields(PersonLine) if f.name != "employee_id"]  # flat: 100,000 of them
    persons = [{n: getattr(p, n) for n in names} for p in people.persons]
    return totals | {"roles": _plain(people.roles), "persons": persons}


def render_json(a: Analysis) -> str:
    return json.dumps(as_dict(a), ensure_ascii=False, indent=2)

"""The analysis, table-driven: every expected figure written out by hand from the definitions."""

from __future__ import annotations

import pytest
from conftest import TODAY

from briefing.analysis import compute_analysis
from briefing.profile import parse_profile


def analysis_of(edition, roles=(), transitions=(), employer_type="foreign", **briefing):
    data = {
        "client": {"name": "Test Co", "employer_type": employer_type},
        "briefing": briefing,
        "roles": list(roles),
        "transitions": list(transitions),
    }
    return compute_analysis(
        edition, parse_profile(data, source="test.yaml", base_dir=None, edition=edition, today=TODAY)
    )


LLM = {"role": "LLM Training Engineer", "headcount": 4, "planned_hires": 2, "current_pay": 1_100_000}
PUBLISHED = {"age_to": "published"}

# (case, role line, briefing options, expected figures of that role line)
ROLE_CASES = [
    (
        "issue example at P75",
        LLM,
        PUBLISHED,
        dict(
            p50_cny=950_000,
            p75_cny=1_350_000,
            target_cny=1_350_000,
            compa_ratio=1_100_000 / 950_000,
            position_vs_target=1_100_000 / 1_350_000 - 1,
            cost_to_close_cny=1_000_000,
            hiring_cost_cny=2_700_000,
            total_cny=3_700_000,
            below_target=True,
            pay_unknown=False,
        ),
    ),
    (
        "pay above the P50 target closes nothing",
        LLM,
        {"target_percentile": "P50", **PUBLISHED},
        dict(
            target_cny=950_000,
            cost_to_close_cny=0,
            hiring_cost_cny=1_900_000,
            total_cny=1_900_000,
            position_vs_target=1_100_000 / 950_000 - 1,
            below_target=False,
        ),
    ),
    (
        "no headcount and no pay: only hiring",
        {"role": "compiler-kernel-engineer", "planned_hires": 2},
        PUBLISHED,
        dict(
            target_cny=1_150_000,
            cost_to_close_cny=0,
            hiring_cost_cny=2_300_000,
            total_cny=2_300_000,
            compa_ratio=None,
            position_vs_target=None,
            pay_unknown=False,
            below_target=False,
        ),
    ),
    (
        "pay below target but nobody in post",
        {"role": "AI Inference Engineer", "planned_hires": 1, "current_pay": 700_000},
        PUBLISHED,
        dict(
            cost_to_close_cny=0,
            hiring_cost_cny=1_050_000,
            total_cny=1_050_000,
            pay_below_target=True,
            below_target=False,
        ),
    ),
    (
        "headcount with unknown pay: cost unknown",
        {"role": "AI Research Scientist", "headcount": 3, "planned_hires": 1},
        PUBLISHED,
        dict(
            target_cny=1_800_000,
            cost_to_close_cny=None,
            hiring_cost_cny=1_800_000,
            total_cny=None,
            pay_unknown=True,
            below_target=False,
        ),
    ),
    (
        "aged one year less a quarter day",
        {"role": "Compiler/Kernel Engineer", "headcount": 1, "current_pay": 700_000},
        {"age_to": "2027-04-01"},
        # f = 1.30 ** (365 / 365.25) = 1.29976656884...
        dict(
            p50_cny=1_013_817.9237,
            p75_cny=1_494_731.5542,
            target_cny=1_494_731.5542,
            cost_to_close_cny=794_731.5542,
            hiring_cost_cny=0,
            total_cny=794_731.5542,
        ),
    ),
    (
        "aged to the briefing date by default",
        LLM,
        {"date": "2026-11-30"},
        # 243 days: f = 1.28 ** (243 / 365.25) = 1.17849176097...
        dict(
            p50_cny=1_119_567.1729,
            p75_cny=1_590_963.8773,
            target_cny=1_590_963.8773,
            cost_to_close_cny=1_963_855.5093,
            hiring_cost_cny=3_181_927.7546,
        ),
    ),
    (
        "published: the table as it is, whatever the date",
        LLM,
        {"date": "2027-03-01", "age_to": "Published"},
        dict(p50_cny=950_000, p75_cny=1_350_000, cost_to_close_cny=1_000_000),
    ),
    (
        "briefing dated on the effective date: nothing to age",
        LLM,
        {"date": "2026-04-01"},
        dict(p50_cny=950_000, p75_cny=1_350_000),
    ),
]


@pytest.mark.parametrize("case,role,options,expected", ROLE_CASES, ids=[c[0] for c in ROLE_CASES])
def test_role_line(edition, case, role, options, expected):
    line = analysis_of(edition, [role], **options).roles[0]
    for name, value in expected.items():
        got = getattr(line, name)
        if value is None or isinstance(value, bool):
            assert got is value, name
        else:
            assert got == pytest.approx(value, abs=1e-4), name


def test_issue_example(example):
    """The foundation issue's 'done when': 1,000,000 + 2,700,000 = 3,700,000; transitions 625,000-875,000."""
    line = example.roles[0]
    assert (line.cost_to_close_cny, line.hiring_cost_cny, line.total_cny) == (1_000_000, 2_700_000, 3_700_000)
    t = example.transitions[0]
    assert (t.cost_low_cny, t.cost_high_cny) == (625_000, 875_000)
    assert example.usd(line.total_cny) == pytest.approx(521_126.76, abs=0.01)
    assert example.money(line.total_cny) == pytest.approx(521_126.76, abs=0.01)  # the profile's currency is USD


def test_aging_follows_the_briefing_date(edition):
    a = analysis_of(edition, [LLM], date="2026-11-30")
    assert (a.age_to.isoformat(), a.aging, a.aging_days, a.aged) == ("2026-11-30", "briefing_date", 243, True)
    assert a.benchmark[0].uplift == pytest.approx(0.178491761)
    published = analysis_of(edition, [LLM], date="2026-11-30", age_to="published")
    assert (published.age_to.isoformat(), published.aging, published.aging_days, published.aged) == (
        "2026-04-01",
        "published",
        0,
        False,
    )
    explicit = analysis_of(edition, [LLM], date="2026-11-30", age_to="2026-10-01")
    assert (explicit.aging, explicit.aging_days) == ("date", 183)


@pytest.mark.parametrize(
    "date,months,stale",
    [
        ("2026-04-01", 0, False),
        ("2026-10-01", 6, False),
        ("2026-10-02", 6, True),
        ("2026-11-15", 7, True),
        ("2026-11-16", 8, True),
        ("2026-11-30", 8, True),
        ("2027-09-30", 18, True),
    ],
)
def test_edition_age(edition, date, months, stale):
    a = analysis_of(edition, date=date)
    assert (a.edition_age_months, a.stale) == (months, stale)


def test_foreign_sample_totals(foreign):
    t = foreign.totals
    assert (foreign.aging, foreign.aging_days) == ("briefing_date", 244)  # aged to the briefing date 2026-12-01
    llm, inference, pm, compiler = (growth ** (244 / 365.25) for growth in (1.28, 1.32, 1.25, 1.30))
    # LLM 4 x (P75 - 1,100,000) + Inference 6 x (P75 - 820,000) + AI PM 2 x (P75 - 760,000); the research
    # scientist's pay is unknown
    close = 4 * (1_350_000 * llm - 1_100_000) + 6 * (1_050_000 * inference - 820_000) + 2 * (920_000 * pm - 760_000)
    hiring = 2 * 1_350_000 * llm + 3 * 1_050_000 * inference + 920_000 * pm + 2 * 1_150_000 * compiler
    assert t.cost_to_close_cny == pytest.approx(close)
    assert t.hiring_cost_cny == pytest.approx(hiring)
    assert t.total_cny == pytest.approx(close + hiring)
    assert round(t.total_cny) == 16_032_250  # CNY 11,770,000 as published
    assert (t.headcount, t.planned_hires) == (13, 8)
    assert (t.transitions_low_cny, t.transitions_high_cny) == (625_000 + 1_080_000, 875_000 + 1_620_000)
    assert [r.label for r in foreign.unknown_pay] == ["AI Research Scientist (PhD/Top Conf.)"]
    assert foreign.largest_cost.label == "AI Inference Engineer"
    assert [r.label for r in foreign.hardest_hires] == ["Compiler/Kernel Engineer", "LLM Training Engineer"]
    assert [r.label for r in foreign.below_target] == [
        "AI Inference Engineer",
        "LLM Training Engineer",
        "AI Product Manager (LLM)",
    ]
    assert foreign.key_recommendation.id == "p75-anchor"
    assert {r.id for r in foreign.recommendations} == {"capability-centre", "p75-anchor", "returnees"}


def test_domestic_sample(domestic):
    assert domestic.aging_days == 183
    chip = domestic.roles[0]
    assert chip.p50_cny == pytest.approx(850_000 * 1.20 ** (183 / 365.25))
    assert chip.target_cny == chip.p50_cny  # target P50
    # it plans compute hires, but "by the second half of 2026" has passed by 1 December 2026
    assert domestic.key_recommendation.id == "mid-level-cascade"
    assert domestic.passed == ("containment", "source-compute-early")
    assert {r.id for r in domestic.recommendations} == {"source-compute-early", "mid-level-cascade", "compute-equity"}


SUPPLY = [  # specialization, headcount mid, gap mid, scarcity, difficulty
    ("Large-Scale Distributed Training", 2_750, 4_500, 4_500 / 2_750, 9),
    ("AI Chip Architecture Design", 2_000, 2_750, 1.375, 9),
    ("Kernel Development (CUDA-compat)", 700, 1_750, 2.5, 10),
    ("Compiler Optimization (AI)", 900, 2_250, 2.5, 9),
]


def test_supply(foreign):
    got = [(s.specialization, s.headcount_mid, s.gap_mid, s.scarcity, s.difficulty) for s in foreign.supply]
    assert got == SUPPLY
    # the foreign sample plans 2 LLM training and 2 compiler/kernel hires
    assert [s.planned_hires for s in foreign.supply] == [2, 0, 2, 2]


KEY_CASES = [
    ("foreign", [], "capability-centre"),
    ("foreign", [{"role": "AI Product Manager", "headcount": 3, "current_pay": 500_000}], "capability-centre"),
    ("foreign", [{"role": "AI Inference Engineer", "headcount": 3, "current_pay": 900_000}], "p75-anchor"),
    ("foreign", [{"role": "AI Inference Engineer", "headcount": 3, "current_pay": 1_200_000}], "returnees"),
    ("domestic", [{"role": "Compiler Engineer", "planned_hires": 1}], "source-compute-early"),
    ("domestic", [{"role": "AI Inference Engineer", "planned_hires": 4}], "mid-level-cascade"),
    ("domestic", [{"role": "AI Inference Engineer", "headcount": 4, "current_pay": 800_000}], "compute-equity"),
]


@pytest.mark.parametrize("employer_type,roles,expected", KEY_CASES)
def test_key_recommendation(edition, employer_type, roles, expected):
    analysis = analysis_of(edition, roles, employer_type=employer_type, date="2026-06-30")
    assert analysis.key_recommendation.id == expected
    assert all(r in edition.recommendations[employer_type] for r in analysis.recommendations)


# From 1 July 2026 (their horizon) "before Q3 2026" and "by the second half of 2026" are past: never the key one
KEY_CASES_AFTER = [
    ("foreign", [], "returnees"),
    ("foreign", [{"role": "AI Inference Engineer", "headcount": 3, "current_pay": 900_000}], "p75-anchor"),
    ("domestic", [{"role": "Compiler Engineer", "planned_hires": 1}], "mid-level-cascade"),
    ("domestic", [{"role": "AI Inference Engineer", "headcount": 4, "current_pay": 800_000}], "compute-equity"),
]


@pytest.mark.parametrize("date", ["2026-07-01", "2027-03-31"])
@pytest.mark.parametrize("employer_type,roles,expected", KEY_CASES_AFTER)
def test_key_recommendation_after_its_horizon(edition, employer_type, roles, expected, date):
    analysis = analysis_of(edition, roles, employer_type=employer_type, date=date)
    assert analysis.key_recommendation.id == expected
    assert not analysis.key_recommendation.passed(analysis.date)


def test_titles_let_one_role_repeat(edition):
    roles = [
        {"role": "LLM Training Engineer", "title": "Staff LLM Engineer", "headcount": 1, "current_pay": 1_500_000},
        {"role": "LLM Training Engineer", "title": "LLM Engineer II", "headcount": 2, "current_pay": 900_000},
    ]
    a = analysis_of(edition, roles, **PUBLISHED)
    assert [r.label for r in a.roles] == ["Staff LLM Engineer", "LLM Engineer II"]
    assert a.totals.cost_to_close_cny == 0 + 2 * 450_000


def test_usd_figures(edition):
    a = analysis_of(edition, [LLM], currency="USD", usd_cny=7.25)
    assert a.money(3_700_000) == pytest.approx(3_700_000 / 7.25)
    b = analysis_of(edition, [LLM])
    assert b.money(3_700_000) == 3_700_000 and b.usd(1) is None


def test_unknown_pay_counts_its_hiring_cost_only(edition):
    roles = [LLM, {"role": "AI Research Scientist", "headcount": 2, "planned_hires": 1}]
    t = analysis_of(edition, roles, **PUBLISHED).totals
    assert t.cost_to_close_cny == 1_000_000  # the scientists' gap is unknown
    assert t.hiring_cost_cny == 2_700_000 + 1_800_000  # their hire is priced at P75
    assert t.total_cny == 1_000_000 + 4_500_000


def test_a_briefing_dated_before_the_edition_uses_it_as_published(edition):
    a = analysis_of(edition, [LLM], date="2026-03-01")
    assert (a.aging, a.age_to.isoformat(), a.aging_days, a.roles[0].p75_cny) == (
        "published",
        "2026-04-01",
        0,
        1_350_000,
    )
    assert a.warnings == (
        "the briefing date 2026-03-01 is before edition 2026-q2 took effect (2026-04-01): "
        "benchmark pay is used as published",
    )

"""Loading a benchmark edition: the shipped one is complete; a corrupted copy is refused with file, row and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing import resources
from briefing.edition import list_editions, load_edition
from briefing.errors import EditionError


def test_shipped_edition(edition):
    assert edition.id == "2026-q2"
    assert edition.label == "early Q2 2026, industry estimates"
    assert edition.effective_date.isoformat() == "2026-04-01"
    table2 = [(r.role, r.p50_cny_10k, r.p75_cny_10k, r.yoy) for r in edition.roles]
    assert table2 == [
        ("LLM Training Engineer", 95, 135, 0.28),
        ("AI Inference Engineer", 72, 105, 0.32),
        ("AI Product Manager (LLM)", 68, 92, 0.25),
        ("AI Chip Designer (HiSilicon)", 85, 120, 0.20),
        ("Compiler/Kernel Engineer", 78, 115, 0.30),
        ("AI Research Scientist (PhD/Top Conf.)", 120, 180, 0.22),
    ]
    assert [(g.specialization, g.gap_low, g.gap_high, g.difficulty) for g in edition.gaps] == [
        ("Large-Scale Distributed Training", 4000, 5000, 9),
        ("AI Chip Architecture Design", 2500, 3000, 9),
        ("Kernel Development (CUDA-compat)", 1500, 2000, 10),
        ("Compiler Optimization (AI)", 2000, 2500, 9),
    ]
    assert [(p.traditional_role, p.premium_low, p.premium_high) for p in edition.premiums] == [
        ("Product Manager", 0.25, 0.35),
        ("Backend Engineer", 0.30, 0.45),
        ("Recommendation Engineer", 0.35, 0.55),
        ("Data Analyst", 0.20, 0.30),
    ]
    assert edition.role_specializations["Compiler/Kernel Engineer"] == (
        "Kernel Development (CUDA-compat)",
        "Compiler Optimization (AI)",
    )
    assert [(s.outlet, s.date.isoformat()) for s in edition.sources] == [
        ("Tom's Hardware", "2026-05-17"),
        ("The Economist", "2026-05-17"),
        ("The Atlantic", "2026-05-18"),
    ]
    assert len(edition.signals) == 3
    assert all(len(edition.recommendations[t]) == 3 for t in ("foreign", "domestic"))


def test_roles_resolve_by_alias_in_any_case(edition):
    assert edition.find_role("llm-training-engineer").role == "LLM Training Engineer"
    assert edition.find_role("  compiler ENGINEER ").role == "Compiler/Kernel Engineer"
    assert edition.find_role("Quantum Engineer") is None


@pytest.fixture
def data_copy(tmp_path) -> Path:
    shutil.copytree(resources.data_dir() / "editions", tmp_path / "editions")
    return tmp_path


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / "editions" / "2026-q2" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CORRUPTIONS = [
    (
        "missing column",
        "compensation.csv",
        "role,aliases,p50_cny_10k,p75_cny_10k,yoy,key_driver",
        "role,aliases,p50_cny_10k,yoy,key_driver",
        "compensation.csv: column p75_cny_10k: is missing from the header row",
    ),
    (
        "text in a number column",
        "compensation.csv",
        "LLM Engineer,95,",
        "LLM Engineer,ninety-five,",
        "compensation.csv: row 2, column p50_cny_10k: expected a number, got 'ninety-five'",
    ),
    (
        "P75 below P50",
        "compensation.csv",
        "72,105,",
        "72,70,",
        "compensation.csv: row 3, column p75_cny_10k: expected a number >= p50_cny_10k (72), got 70",
    ),
    (
        "duplicate role",
        "compensation.csv",
        "AI Inference Engineer,ai-inference-engineer|",
        "LLM Training Engineer,ai-inference-engineer|",
        "compensation.csv: row 3, column role: 'LLM Training Engineer' is already used by row 2",
    ),
    (
        "gap low above high",
        "talent_gap.csv",
        "600,800,1500,2000",
        "600,800,2500,2000",
        "talent_gap.csv: row 4, column gap_high: expected a number >= gap_low (2,500), got 2,000",
    ),
    (
        "difficulty out of range",
        "talent_gap.csv",
        "1500,2000,10",
        "1500,2000,11",
        "talent_gap.csv: row 4, column difficulty: expected a whole number from 1 to 10, got 11",
    ),
    (
        "premium as a percent",
        "role_premiums.csv",
        "0.25,0.35",
        "25,35",
        "role_premiums.csv: row 2, column premium_low: expected a fraction from 0 to 1 (0.25 for 25%), got 25",
    ),
    (
        "role_map names a missing role",
        "role_map.yaml",
        "  LLM Training Engineer: [",
        "  LLM Trainer: [",
        "role_map.yaml: specializations.LLM Trainer: 'LLM Trainer' is not a role in compensation.csv",
    ),
    (
        "role_map names a missing specialization",
        "role_map.yaml",
        "[AI Chip Architecture Design]",
        "[AI Chip Design]",
        "role_map.yaml: specializations.AI Chip Designer (HiSilicon)[0]: 'AI Chip Design' is not a "
        "specialization in talent_gap.csv",
    ),
    (
        "signal cites an unknown source",
        "edition.yaml",
        "source: economist",
        "source: the-economist",
        "edition.yaml: signals[1].source: 'the-economist' is not one of the sources",
    ),
    (
        "signal source not text",
        "edition.yaml",
        "source: economist",
        "source: [economist]",
        "edition.yaml: signals[1].source: ['economist'] is not one of the sources",
    ),
    (
        "two roles with one Chinese name",
        "zh.yaml",
        "AI Inference Engineer: AI推理工程师",
        "AI Inference Engineer: 大模型训练工程师",
        "zh.yaml: roles.AI Inference Engineer: '大模型训练工程师' is already the translation of "
        "'LLM Training Engineer'",
    ),
    (
        "bad effective date",
        "edition.yaml",
        "effective_date: 2026-04-01",
        "effective_date: 2026-04-31",
        "edition.yaml: effective_date: expected a date written YYYY-MM-DD, got '2026-04-31'",
    ),
]


@pytest.mark.parametrize("case,name,old,new,message", CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_edition_is_refused(data_copy, case, name, old, new, message):
    _edit(data_copy, name, old, new)
    with pytest.raises(EditionError) as raised:
        load_edition(data_copy)
    assert message in str(raised.value)
    assert str(data_copy / "editions" / "2026-q2" / name) in str(raised.value)


def test_newest_edition_is_the_default(data_copy):
    shutil.copytree(data_copy / "editions" / "2026-q2", data_copy / "editions" / "2026-q3")
    q3 = data_copy / "editions" / "2026-q3" / "edition.yaml"
    q3.write_text(q3.read_text(encoding="utf-8").replace("id: 2026-q2", "id: 2026-q3"), encoding="utf-8")
    assert list_editions(data_copy) == ["2026-q2", "2026-q3"]
    assert load_edition(data_copy).id == "2026-q3"
    assert load_edition(data_copy, "2026-q2").id == "2026-q2"
    with pytest.raises(EditionError, match="no edition '2026-q1'"):
        load_edition(data_copy, "2026-q1")


# --- dated statements: a horizon and a wording for each side of it, in every language ---------------------

DATED = [
    (
        "malformed horizon",
        "edition.yaml",
        "horizon: 2026-07-01          # the first half",
        "horizon: 2026-07-32  #",
        "edition.yaml: signals[2].horizon: expected a date written YYYY-MM-DD, got '2026-07-32'",
    ),
    (
        "horizon not a date",
        "edition.yaml",
        "horizon: 2026-07-01        # Q3",
        "horizon: Q3 2026  #",
        "edition.yaml: recommendations.foreign[0].horizon: expected a date written YYYY-MM-DD, got 'Q3 2026'",
    ),
    (
        "horizon before the edition",
        "edition.yaml",
        "horizon: 2026-07-01        # the second half",
        "horizon: 2026-03-01  #",
        "edition.yaml: recommendations.domestic[0].horizon: expected a date after the "
        "edition's effective date 2026-04-01, got 2026-03-01",
    ),
    (
        "missing after",
        "edition.yaml",
        "      after: >-\n        China AI teams",
        "      later: >-\n        China AI teams",
        "edition.yaml: recommendations.foreign[0].after: is required: the statement is dated (it has a horizon), so "
        "it needs its wording for once its horizon has passed",
    ),
    (
        "missing Chinese after",
        "zh.yaml",
        "    after: >-\n      The Atlantic认为",
        "    later: >-\n      The Atlantic认为",
        "zh.yaml: signals.containment.after: is required: the statement is dated",
    ),
    (
        "Chinese text for a dated statement",
        "zh.yaml",
        "    before: >-\n      中国AI团队",
        "    text: >-\n      中国AI团队",
        "zh.yaml: recommendations.capability-centre.before: is required",
    ),
    (
        "an undated text that names a date",
        "edition.yaml",
        "percentile or higher.",
        "percentile or higher by Q4 2026.",
        "edition.yaml: recommendations.foreign[1].text: names a date ('Q4'): give the statement a 'horizon'",
    ),
    (
        "an undated Chinese text that names a date",
        "zh.yaml",
        "可以把它与现金和股权一并考虑",
        "明年起可以把它与现金和股权一并考虑",
        "zh.yaml: recommendations.compute-equity.text: names a date ('明年'), but the English statement has no horizon",
    ),
    (
        "a dated title",
        "edition.yaml",
        "title: Keep a pipeline of compute talent",
        "title: Keep a pipeline of compute talent in H2",
        "edition.yaml: recommendations.domestic[0].title: names a date ('H2')",
    ),
    (
        "before and after without a horizon",
        "edition.yaml",
        "      horizon: 2026-07-01        # Q3 2026 begins\n",
        "",
        "edition.yaml: recommendations.foreign[0].before: needs a 'horizon'",
    ),
    (
        "no undated fallback",
        "edition.yaml",
        "      when: always\n      title: Recruit",
        "      when: hires_planned\n      title: Recruit",
        "edition.yaml: recommendations.foreign: expected one recommendation with 'when: always' and no horizon",
    ),
]


@pytest.mark.parametrize("case,name,old,new,message", DATED, ids=[c[0] for c in DATED])
def test_dated_statements_are_checked(data_copy, case, name, old, new, message):
    _edit(data_copy, name, old, new)
    with pytest.raises(EditionError) as raised:
        load_edition(data_copy)
    assert message in str(raised.value)


def test_dated_statements_of_the_shipped_edition(edition):
    dated = {
        s.id: s.horizon.isoformat()
        for s in (*edition.signals, *(r for rs in edition.recommendations.values() for r in rs))
        if s.horizon
    }
    assert dated == {
        "containment": "2026-07-01",
        "capability-centre": "2026-07-01",
        "source-compute-early": "2026-07-01",
    }
    for lang in ("en", "zh"):
        text = edition.text(lang)
        for statement in (*edition.signals, *(r for rs in edition.recommendations.values() for r in rs)):
            words = (text.signals | text.recommendations)[statement.id]
            assert (words.after is not None) == (statement.horizon is not None), (lang, statement.id)

"""Shared fixtures: the shipped edition, brand and sample profiles, analysed once per session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing import resources
from briefing.analysis import Analysis, compute_analysis
from briefing.brand import load_brand
from briefing.edition import load_edition
from briefing.models import Brand, Edition
from briefing.profile import load_profile

TODAY = dt.date(2026, 11, 29)  # the CLI's clock, fixed for tests
FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


def deliverables(out: Path) -> list[str]:
    """What a person sees in an output folder: every file, as a path relative to it, hidden ones left out."""
    return sorted(
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    )


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare `actual` with the golden file at `path`, or rewrite it when asked (then review the diff)."""
    import difflib

    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review the diff"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), path.name, "rendered", lineterm="")
        pytest.fail("page text differs (refresh on purpose with --update-golden):\n" + "\n".join(list(diff)[:60]))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """The CLI's clock reads TODAY in every test, so a test's figures do not depend on the day it runs."""
    from briefing import cli

    monkeypatch.setattr(cli, "_today", lambda: TODAY)


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def edition() -> Edition:
    return load_edition(resources.data_dir())


@pytest.fixture(scope="session")
def brand() -> Brand:
    return load_brand(resources.default_brand())


def analyse(path: Path, edition: Edition) -> Analysis:
    return compute_analysis(edition, load_profile(path, edition, TODAY))


@pytest.fixture(scope="session")
def foreign(edition) -> Analysis:
    """The built-in foreign sample (Nordlicht Automation, USD, P75, logo, transitions, an unknown pay)."""
    return analyse(resources.sample_profile("foreign"), edition)


@pytest.fixture(scope="session")
def domestic(edition) -> Analysis:
    """The built-in domestic sample (深算科技 Shensuan Technology, CNY, P50, aged to 2026-10-01)."""
    return analyse(resources.sample_profile("domestic"), edition)


@pytest.fixture(scope="session")
def example(edition) -> Analysis:
    """The foundation issue's example profile: one role, one transition."""
    return analyse(FIXTURES / "example.yaml", edition)

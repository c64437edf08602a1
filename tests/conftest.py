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


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


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

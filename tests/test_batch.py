"""`briefing batch`: good profiles are written, bad ones named, the manifest is complete and the
results are the same bytes whatever the number of jobs."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import resources
from briefing.cli import main
from conftest import FIXTURES

BAD = FIXTURES / "bad"


@pytest.fixture(scope="module")
def clients(tmp_path_factory) -> Path:
    """A folder as a consultant keeps it: two good profiles, one bad one, their logos, a stray file."""
    folder = tmp_path_factory.mktemp("clients")
    for kind in ("foreign", "domestic"):
        shutil.copy(resources.sample_profile(kind), folder / f"{kind}.yaml")
    for logo in resources.sample_profile("foreign").parent.glob("*.png"):
        shutil.copy(logo, folder / logo.name)
    shutil.copy(BAD / "unknown_role.yaml", folder / "broken.yml")
    (folder / "notes.txt").write_text("not a profile")
    return folder


def run_batch(*args):
    return CliRunner().invoke(main, ["batch", *map(str, args)])


@pytest.fixture(scope="module")
def two_jobs(clients, tmp_path_factory):
    out = tmp_path_factory.mktemp("out2")
    return run_batch(clients, "--out", out, "--jobs", "2"), out


def test_good_ones_written_bad_one_named(two_jobs, clients):
    result, out = two_jobs
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json", "nordlicht-automation-co-ltd-89210997_2026-q2.pdf", "nordlicht-automation-co-ltd-89210997_2026-q2.xlsx",
        "shensuan-technology-3cd02830_2026-q2.pdf", "shensuan-technology-3cd02830_2026-q2.xlsx"]
    assert f"refused: {clients / 'broken.yml'}" in result.output
    assert "roles[0].role: unknown role 'LLM Trainer Engineer'" in result.output
    assert "2 of 3 briefings written" in result.output
    assert result.stderr.count("warning: edition 2026-q2 took effect on 2026-04-01, 8 months before") == 1


def test_manifest(two_jobs, clients):
    _, out = two_jobs
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edition"] == "2026-q2"
    entries = {Path(e["profile"]).name: e for e in manifest["briefings"]}
    assert list(entries) == ["broken.yml", "domestic.yaml", "foreign.yaml"]
    broken = entries["broken.yml"]
    assert broken["status"] == "refused" and "unknown role" in broken["error"]
    foreign = entries["foreign.yaml"]
    assert foreign["status"] == "ok"
    assert foreign["client"] == "Nordlicht Automation (上海) Co., Ltd." and foreign["employer_type"] == "foreign"
    assert foreign["headline"]["total_cost_per_year_cny"] == 16_032_249.9  # aged to the briefing date
    assert foreign["headline"]["currency"] == "USD"
    assert foreign["headline"]["roles_below_target"] == ["AI Inference Engineer", "LLM Training Engineer",
                                                         "AI Product Manager (LLM)"]
    # the samples are dated 2026-12-01, eight months after the edition: recorded per briefing, printed once
    assert foreign["warnings"][0].startswith("edition 2026-q2 took effect on 2026-04-01, 8 months before the briefing")
    assert "warnings" not in broken
    for entry in foreign["files"]:
        assert hashlib.sha256((out / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]


def test_same_bytes_whatever_the_jobs(two_jobs, clients, tmp_path):
    _, out2 = two_jobs
    result = run_batch(clients, "--out", tmp_path, "--jobs", "1")
    assert result.exit_code == 2
    for name in ("nordlicht-automation-co-ltd-89210997_2026-q2.pdf", "shensuan-technology-3cd02830_2026-q2.xlsx"):
        assert (tmp_path / name).read_bytes() == (out2 / name).read_bytes()
    assert (tmp_path / "manifest.json").read_bytes() == (out2 / "manifest.json").read_bytes()


def test_clashing_file_names_refused_before_writing(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("client: {name: Acme GmbH, employer_type: foreign}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(tmp_path / "a.yaml", tmp_path / "b.yaml", "--out", out)
    assert result.exit_code == 2
    assert f"{tmp_path / 'b.yaml'}: would write the same files (acme-gmbh_2026-q2.pdf" in result.output
    assert str(tmp_path / "a.yaml") in result.output
    assert not out.exists()


def test_missing_input(tmp_path):
    result = run_batch(tmp_path / "nope", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "nope: no such file or folder" in result.output

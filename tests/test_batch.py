"""`briefing batch`: good profiles are written, bad ones named, the manifest is complete, the results are
the same bytes whatever the number of jobs, and two clients whose names make one file name are told apart."""

from __future__ import annotations

import hashlib
import json
import re
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
        "index.html", "manifest.json", "nordlicht-automation_2026-q2.pdf", "nordlicht-automation_2026-q2.xlsx",
        "portfolio.xlsx", "shensuan-technology_2026-q2.pdf", "shensuan-technology_2026-q2.xlsx"]
    assert f"refused: {clients / 'broken.yml'}" in result.output
    assert "roles[0].role: unknown role 'LLM Trainer Engineer'" in result.output
    assert "2 of 3 briefings written" in result.output


def test_manifest(two_jobs, clients):
    from briefing import __version__

    _, out = two_jobs
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "briefing-manifest/2"
    entries = {e["file"]: e for e in manifest["files"]}
    assert list(entries) == ["nordlicht-automation_2026-q2.pdf", "nordlicht-automation_2026-q2.xlsx",
                             "shensuan-technology_2026-q2.pdf", "shensuan-technology_2026-q2.xlsx"]
    pdf = entries["nordlicht-automation_2026-q2.pdf"]
    assert (pdf["client"], pdf["client_id"], pdf["kind"], pdf["language"], pdf["edition"]) == (
        "Nordlicht Automation (上海) Co., Ltd.", "nordlicht-automation", "pdf", "en", "2026-q2")
    assert pdf["written"] == "2026-12-01"  # the briefing date, not the clock
    totals = pdf["totals"]
    assert totals["total_cny"] == 11_770_000 and totals["currency"] == "USD"
    assert totals["cost_to_close_cny"] + totals["hiring_cost_cny"] == totals["total_cny"]
    assert totals["widest_gap"]["role"] == "AI Inference Engineer"
    assert round(totals["widest_gap"]["vs_target"], 3) == -0.219
    assert totals["hardest_search"] == {"role": "Compiler/Kernel Engineer", "difficulty": 10, "planned_hires": 2}
    inputs = pdf["inputs"]
    assert inputs["profile"] == hashlib.sha256((clients / "foreign.yaml").read_bytes()).hexdigest()
    assert inputs["logo"] == hashlib.sha256((clients / "nordlicht-logo.png").read_bytes()).hexdigest()
    assert inputs["roster"] is None and inputs["tool"] == __version__ and inputs["edition"].startswith("2026-q2:")
    for name, entry in entries.items():
        data = (out / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
    run = {Path(r["profile"]).name: r for r in manifest["last_run"]}
    assert list(run) == ["broken.yml", "domestic.yaml", "foreign.yaml"]
    assert run["broken.yml"]["status"] == "refused" and "unknown role" in run["broken.yml"]["error"]
    assert run["foreign.yaml"]["status"] == "ok"
    assert run["foreign.yaml"]["files"] == ["nordlicht-automation_2026-q2.pdf", "nordlicht-automation_2026-q2.xlsx"]


def test_same_bytes_whatever_the_jobs(two_jobs, clients, tmp_path):
    _, out2 = two_jobs
    result = run_batch(clients, "--out", tmp_path, "--jobs", "1")
    assert result.exit_code == 2
    for name in ("nordlicht-automation_2026-q2.pdf", "shensuan-technology_2026-q2.xlsx"):
        assert (tmp_path / name).read_bytes() == (out2 / name).read_bytes()
    for name in ("manifest.json", "portfolio.xlsx", "index.html"):
        assert (tmp_path / name).read_bytes() == (out2 / name).read_bytes(), name


def test_the_same_client_twice_is_refused_before_writing(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("client: {name: Acme GmbH, employer_type: foreign}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(tmp_path / "a.yaml", tmp_path / "b.yaml", "--out", out)
    assert result.exit_code == 2
    assert f"{tmp_path / 'b.yaml'}: would write the same files (acme_2026-q2.pdf" in result.output
    assert str(tmp_path / "a.yaml") in result.output
    assert not out.exists()


def test_two_clients_with_one_file_name_get_a_short_hash_each(tmp_path):
    """'Acme GmbH' and 'Acme Ltd.' both make 'acme': in one run, each gets 8 hex digits of its own full name."""
    from briefing.naming import disambiguated

    names = {"a.yaml": "Acme GmbH", "b.yaml": "Acme Ltd.", "c.yaml": "Borealis AG"}
    for file, name in names.items():
        (tmp_path / file).write_text(f"client: {{name: {name}, employer_type: foreign}}\n"
                                     "briefing: {date: 2026-12-01}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(*(tmp_path / f for f in names), "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    stems = sorted(p.stem for p in out.glob("*.pdf"))
    assert stems == sorted([f"{disambiguated('acme', 'Acme GmbH')}_2026-q2",
                            f"{disambiguated('acme', 'Acme Ltd.')}_2026-q2", "borealis_2026-q2"])
    assert all(re.fullmatch(r"(acme-[0-9a-f]{8}|borealis)_2026-q2", stem) for stem in stems)
    # alone in a run, a client keeps its plain name
    alone = tmp_path / "alone"
    assert run_batch(tmp_path / "a.yaml", "--out", alone).exit_code == 0
    assert sorted(p.name for p in alone.glob("*.pdf")) == ["acme_2026-q2.pdf"]


def test_missing_input(tmp_path):
    result = run_batch(tmp_path / "nope", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "nope: no such file or folder" in result.output

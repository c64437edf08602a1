"""`briefing batch`: good profiles are written, bad ones named, the manifest is complete, the results are
the same bytes whatever the number of jobs, and two clients whose names make one file name are told apart."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, deliverables

from briefing import resources
from briefing.cli import main

BAD = FIXTURES / "bad"
NORDLICHT = "nordlicht-automation_2026-q2"
SHENSUAN = "shensuan-technology_2026-q2"


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
    assert deliverables(out) == [
        "index.html",
        "manifest.json",
        "manifest.jsonl",
        f"{NORDLICHT}/{NORDLICHT}.pdf",
        f"{NORDLICHT}/{NORDLICHT}.xlsx",
        "portfolio.xlsx",
        f"{SHENSUAN}/{SHENSUAN}.pdf",
        f"{SHENSUAN}/{SHENSUAN}.xlsx",
    ]
    assert sorted(p.name for p in out.iterdir()) == [  # no work folder left
        "index.html",
        "manifest.json",
        "manifest.jsonl",
        NORDLICHT,
        "portfolio.xlsx",
        SHENSUAN,
    ]
    assert f"refused: {clients / 'broken.yml'}" in result.output
    assert "roles[0].role: unknown role 'LLM Trainer Engineer'" in result.output
    assert "2 of 3 briefings written" in result.output
    assert result.stderr.count("warning: edition 2026-q2 took effect on 2026-04-01, 8 months before") == 1


def test_manifest(two_jobs, clients):
    from briefing import __version__

    _, out = two_jobs
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "briefing-manifest/2"
    entries = {e["file"]: e for e in manifest["files"]}
    assert list(entries) == [
        f"{NORDLICHT}/{NORDLICHT}.pdf",
        f"{NORDLICHT}/{NORDLICHT}.xlsx",
        f"{SHENSUAN}/{SHENSUAN}.pdf",
        f"{SHENSUAN}/{SHENSUAN}.xlsx",
    ]
    pdf = entries[f"{NORDLICHT}/{NORDLICHT}.pdf"]
    assert (pdf["client"], pdf["client_id"], pdf["kind"], pdf["language"], pdf["edition"]) == (
        "Nordlicht Automation (上海) Co., Ltd.",
        "nordlicht-automation",
        "pdf",
        "en",
        "2026-q2",
    )
    assert pdf["written"] == "2026-12-01"  # the briefing date, not the clock
    totals = pdf["totals"]
    assert totals["total_cny"] == pytest.approx(16_032_249.9) and totals["currency"] == "USD"  # aged
    assert totals["cost_to_close_cny"] + totals["hiring_cost_cny"] == totals["total_cny"]
    assert totals["widest_gap"]["role"] == "AI Inference Engineer"
    assert round(totals["widest_gap"]["vs_target"], 3) == -0.351  # against the target aged to the briefing date
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
    assert run["foreign.yaml"]["files"] == [f"{NORDLICHT}/{NORDLICHT}.pdf", f"{NORDLICHT}/{NORDLICHT}.xlsx"]
    assert run["foreign.yaml"]["headline"]["roles_below_target"] == [
        "AI Inference Engineer",
        "LLM Training Engineer",
        "AI Product Manager (LLM)",
    ]
    # the samples are dated 2026-12-01, eight months after the edition: recorded per briefing
    assert run["foreign.yaml"]["warnings"][0].startswith(
        "edition 2026-q2 took effect on 2026-04-01, 8 months before the briefing"
    )
    assert "warnings" not in run["broken.yml"]


def test_same_bytes_whatever_the_jobs(two_jobs, clients, tmp_path):
    _, out2 = two_jobs
    result = run_batch(clients, "--out", tmp_path, "--jobs", "1")
    assert result.exit_code == 2
    for name in (f"{NORDLICHT}/{NORDLICHT}.pdf", f"{SHENSUAN}/{SHENSUAN}.xlsx", f"{SHENSUAN}/.briefing.json"):
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
        (tmp_path / file).write_text(
            f"client: {{name: {name}, employer_type: foreign}}\nbriefing: {{date: 2026-12-01}}\n", encoding="utf-8"
        )
    out = tmp_path / "out"
    result = run_batch(*(tmp_path / f for f in names), "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    stems = sorted(p.stem for p in out.glob("*/*.pdf"))
    assert stems == sorted(
        [
            f"{disambiguated('acme', 'Acme GmbH')}_2026-q2",
            f"{disambiguated('acme', 'Acme Ltd.')}_2026-q2",
            "borealis_2026-q2",
        ]
    )
    assert all(re.fullmatch(r"(acme-[0-9a-f]{8}|borealis)_2026-q2", stem) for stem in stems)
    # alone in a run, a client keeps its plain name
    alone = tmp_path / "alone"
    assert run_batch(tmp_path / "a.yaml", "--out", alone).exit_code == 0
    assert sorted(p.name for p in alone.glob("*/*.pdf")) == ["acme_2026-q2.pdf"]


def test_missing_input(tmp_path):
    result = run_batch(tmp_path / "nope", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "nope: no such file or folder" in result.output


def test_a_bad_character_in_one_profile_does_not_stop_the_others(tmp_path):
    clients = tmp_path / "clients"
    clients.mkdir()
    for name in ("Alpha AG", "Beta AG", "Gamma AG"):
        (clients / f"{name.split()[0].lower()}.yaml").write_text(
            f"client: {{name: {name}, employer_type: foreign}}\n", encoding="utf-8"
        )
    (clients / "broken.yaml").write_text(
        'client: {name: "Delta \\ud800 AG", employer_type: foreign}\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_batch(clients, "--out", out, "--jobs", "1")
    assert result.exit_code == 2
    assert "client.name: contains U+D800 at position 7, which is half of a UTF-16 surrogate pair" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["status"] for e in manifest["last_run"]] == ["ok", "ok", "refused", "ok"]


def test_date_and_allow_stale_reach_every_profile_of_a_batch(tmp_path):
    """--date dates the undated profiles (not the dated one); pay aged past 18 months is refused per profile
    unless --allow-stale, and then each briefing's warnings are in the manifest, the shared ones printed once."""
    (tmp_path / "a.yaml").write_text("client: {name: Alpha AG, employer_type: foreign}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "client: {name: Beta AG, employer_type: foreign}\nbriefing: {date: 2026-12-01}\n", encoding="utf-8"
    )
    refused = run_batch(
        tmp_path / "a.yaml", tmp_path / "b.yaml", "--out", tmp_path / "r", "--jobs", "1", "--date", "2028-01-10"
    )
    assert refused.exit_code == 2
    assert "briefing.date: expected a date within 18 months after the edition's effective date" in refused.output
    assert [e["status"] for e in json.loads((tmp_path / "r" / "manifest.json").read_bytes())["last_run"]] == [
        "refused",
        "ok",
    ]
    out = tmp_path / "out"
    result = run_batch(
        tmp_path / "a.yaml", tmp_path / "b.yaml", "--out", out, "--jobs", "1", "--date", "2028-01-10", "--allow-stale"
    )
    assert result.exit_code == 0, result.output
    alpha, beta = json.loads((out / "manifest.json").read_bytes())["last_run"]
    assert any(
        w.startswith("benchmark pay is aged 21 months past the edition's effective date") for w in alpha["warnings"]
    )
    assert not any("21 months" in w for w in beta["warnings"])  # dated 2026-12-01 in the profile
    assert f"warning: {tmp_path / 'a.yaml'}: benchmark pay is aged 21 months" in result.stderr


def test_another_clients_briefing_is_refused_and_the_batch_goes_on(tmp_path):
    for name, client in (("a.yaml", "Müller GmbH"), ("b.yaml", "Muller GmbH"), ("c.yaml", "Other AG")):
        (tmp_path / name).write_text(f"client: {{name: {client}, employer_type: foreign}}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_batch(tmp_path / "a.yaml", "--out", out).exit_code == 0
    result = run_batch(tmp_path / "b.yaml", tmp_path / "c.yaml", "--out", out)
    assert result.exit_code == 2
    assert "holds the briefing of 'Müller GmbH'; 'Muller GmbH' would replace it" in result.output
    assert "--force" in result.output
    assert json.loads((out / "muller_2026-q2" / ".briefing.json").read_bytes())["client"] == "Müller GmbH"
    assert (out / "other_2026-q2").is_dir()
    assert run_batch(tmp_path / "b.yaml", "--out", out, "--force").exit_code == 0
    assert json.loads((out / "muller_2026-q2" / ".briefing.json").read_bytes())["client"] == "Muller GmbH"


# --- stopping a batch: run as a user does, in a process of its own --------------------------------------------


def _many_profiles(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"client-{i:03d}.yaml").write_text(
            f"client: {{name: Client {i:03d} Ltd, employer_type: foreign}}\n"
            f"roles:\n  - {{role: LLM Training Engineer, headcount: {i % 5 + 1}, current_pay: 900000}}\n",
            encoding="utf-8",
        )
    return folder


def _start_batch(tmp_path: Path, count: int, wait_for: int = 3) -> tuple[subprocess.Popen, Path]:
    """A batch of `count` small profiles over 2 workers, in a session of its own; returns once `wait_for`
    briefings are written."""
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from briefing.cli import main; main()",
            "batch",
            str(_many_profiles(tmp_path / "clients", count)),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--verbose",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    written = 0
    for line in proc.stdout:
        written += line.startswith("ok ")
        if written == wait_for:
            return proc, out
    proc.wait()
    pytest.fail(f"the batch ended before writing {wait_for} briefings: {proc.stderr.read()}")


def _living(group: int) -> list[int]:
    """Processes of a process group that still run (zombies waiting to be reaped are dead)."""
    living = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[2] == str(group) and fields[0] != "Z":
            living.append(int(pid))
    return living


def _wait_until_gone(group: int) -> list[int]:
    deadline = time.monotonic() + 10  # a bound for a slow machine; they die at once (PR_SET_PDEATHSIG)
    while (living := _living(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return living


def assert_lists_what_is_on_disk(out: Path, manifest: dict) -> None:
    """Every file in the folder is in the manifest, with its hash, and belongs to a profile the last run
    finished; every profile it did not finish is recorded as interrupted."""
    listed = {e["file"]: e["sha256"] for e in manifest["files"]}
    assert deliverables(out) == sorted(["index.html", "manifest.json", "manifest.jsonl", "portfolio.xlsx", *listed])
    assert all(hashlib.sha256((out / name).read_bytes()).hexdigest() == sha for name, sha in listed.items())
    finished = [name for run in manifest["last_run"] if run["status"] == "ok" for name in run["files"]]
    assert sorted(finished) == sorted(listed)
    assert all(run["status"] in ("ok", "interrupted") for run in manifest["last_run"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_a_batch_and_the_manifest_lists_what_is_on_disk(tmp_path):
    proc, out = _start_batch(tmp_path, 200)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert _wait_until_gone(proc.pid) == []  # the workers are ended with it
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    statuses = Counter(e["status"] for e in manifest["last_run"])
    assert len(manifest["last_run"]) == 200 and set(statuses) == {"ok", "interrupted"}
    assert statuses["ok"] < 20  # it stopped: nothing new was started (it used to write 175-184 more)
    assert_lists_what_is_on_disk(out, manifest)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no work folder left behind
    assert f"{statuses['ok']} of 200 briefings written" in stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_the_batch(tmp_path, sig):
    proc, out = _start_batch(tmp_path, 40, wait_for=1)
    assert len(_living(proc.pid)) == 3  # the batch and its two workers
    proc.send_signal(sig)
    proc.communicate(timeout=10)
    assert proc.returncode in (-sig, 128 + sig)
    assert _wait_until_gone(proc.pid) == []
    if sig == signal.SIGTERM:  # stopped like Ctrl-C: the manifest says what was finished
        assert proc.returncode == 128 + sig
        assert_lists_what_is_on_disk(out, json.loads((out / "manifest.json").read_text(encoding="utf-8")))

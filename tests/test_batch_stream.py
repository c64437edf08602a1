"""A batch that scales: results stream to manifest.jsonl as they come, folders can be sharded, a stopped run
resumes without redoing finished briefings, --shard i/n splits a job exactly, logos are checked once."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from briefing.cli import main

PEOPLE = FIXTURES / "people"


def write_clients(folder: Path, count: int, start: int = 0, headcount: int = 3) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(start, start + count):
        (folder / f"client-{i:03d}.yaml").write_text(
            f"client: {{name: Client {i:03d} Ltd, employer_type: foreign}}\n"
            "briefing: {date: 2026-12-01}\n"
            f"roles:\n  - {{role: LLM Training Engineer, headcount: {headcount + i % 4}, current_pay: 900000}}\n",
            encoding="utf-8",
        )
    return folder


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n")  # whole lines only
    return [json.loads(line) for line in data.splitlines()]


def on_disk(out: Path) -> dict[str, str]:
    """Every briefing file in `out` (not the overview), by its path, with its SHA-256."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in out.rglob("*")
        if p.suffix in (".pdf", ".xlsx", ".eml") and p.parent != out
    }


@pytest.fixture(scope="module")
def streamed(tmp_path_factory):
    """Five clients, one with a roster of named people, one bad, over two workers."""
    root = tmp_path_factory.mktemp("streamed")
    clients = write_clients(root / "clients", 3)
    for name in ("two-engineers.yaml", "two-engineers.csv"):
        shutil.copy(PEOPLE / name, clients / name)
    (clients / "zz-bad.yaml").write_text("client: {name: Bad AG, employer_type: nowhere}\n", encoding="utf-8")
    out = root / "out"
    return run("batch", clients, "--out", out, "--jobs", "2"), clients, out


def test_the_stream_has_a_line_per_profile_and_matches_the_outputs(streamed):
    result, clients, out = streamed
    assert result.exit_code == 2, result.output
    records = lines(out / "manifest.jsonl")
    assert sorted(r["index"] for r in records) == list(range(5))  # one line each, in any order
    by_profile = {Path(r["profile"]).name: r for r in records}
    assert by_profile["zz-bad.yaml"]["status"] == "refused"
    assert "client.employer_type" in by_profile["zz-bad.yaml"]["error"]
    assert all(by_profile[f"client-00{i}.yaml"]["status"] == "ok" for i in range(3))
    streamed_files = {e["file"]: e for r in records for e in r.get("files", ())}
    assert {name: e["sha256"] for name, e in streamed_files.items()} == on_disk(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] == [streamed_files[name] for name in sorted(streamed_files)]
    assert [Path(r["profile"]).name for r in manifest["last_run"]] == sorted(by_profile)
    # the summary is the same one, read back from the stream
    assert "4 of 5 briefings written" in result.output
    assert f"refused: {clients / 'zz-bad.yaml'}" in result.output


def test_no_person_name_or_id_reaches_the_stream_or_the_manifest(streamed):
    _, _, out = streamed
    for name in ("manifest.jsonl", "manifest.json", "index.html"):
        text = (out / name).read_text(encoding="utf-8")
        for private in ("赵晓东", "钱雪梅", "11010519880415203X", "E2031", "13811112222", "zhao.xiaodong"):
            assert private not in text, (name, private)
    assert "Example Silicon" in (out / "manifest.jsonl").read_text(encoding="utf-8")  # the client is named


def test_a_stream_cut_short_is_read_to_its_last_whole_line(tmp_path):
    from briefing.delivery.rollup import read_stream

    path = tmp_path / "manifest.jsonl"
    path.write_bytes(b'{"index": 0, "status": "ok"}\n{"index": 1, "sta')
    assert list(read_stream(path)) == [{"index": 0, "status": "ok"}]


def test_sharded_layout_and_a_rerun_finds_it(tmp_path):
    from briefing.naming import bucket_of

    clients, out = write_clients(tmp_path / "clients", 3), tmp_path / "out"
    first = run("batch", clients, "--out", out, "--jobs", "1", "--layout", "sharded")
    assert first.exit_code == 0, first.output
    assert "sharded layout" in first.output
    stems = [f"client-00{i}_2026-q2" for i in range(3)]
    expected = {f"{bucket_of(s.split('_')[0])}/{s}/{s}.{kind}" for s in stems for kind in ("pdf", "xlsx")}
    assert set(on_disk(out)) == expected
    assert all(len(p.name) == 2 for p in out.iterdir() if p.is_dir())  # only buckets at the top
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["file"] for e in manifest["files"]} == expected
    assert all(f'href="{name}"' in (out / "index.html").read_text() for name in expected if name.endswith(".pdf"))
    # no --layout: the folder is already sharded, so the rerun looks there, and skips every one
    again = run("batch", clients, "--out", out, "--jobs", "1")
    assert "0 of 3 briefings written" in again.output and "3 unchanged, skipped" in again.output
    assert "sharded layout" in again.output


def test_generate_into_a_sharded_folder_puts_the_briefing_in_its_bucket(tmp_path):
    # a consultant regenerates one client of a large batch: the briefing must land where the batch keeps it,
    # not in a second, flat copy that the next batch would never see
    from briefing.naming import bucket_of

    clients, out = write_clients(tmp_path / "clients", 3), tmp_path / "out"
    assert run("batch", clients, "--out", out, "--jobs", "1", "--layout", "sharded").exit_code == 0
    before = on_disk(out)
    profile = clients / "client-001.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("headcount: 4", "headcount: 9"), encoding="utf-8")
    again = run("generate", "--profile", profile, "--out", out)
    assert again.exit_code == 0, again.output
    stem = "client-001_2026-q2"
    where = f"{bucket_of('client-001')}/{stem}"
    assert f"{where}/{stem}.pdf" in again.output.replace("\\", "/")
    after = on_disk(out)
    assert set(after) == set(before)  # the same files, in the same places: nothing flat beside the buckets
    assert {name for name in after if after[name] != before[name]} == {f"{where}/{stem}.pdf", f"{where}/{stem}.xlsx"}
    assert all(len(p.name) == 2 for p in out.iterdir() if p.is_dir())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    mine = [e for e in manifest["files"] if e["client_id"] == "client-001"]
    assert sorted(e["file"] for e in mine) == [f"{where}/{stem}.pdf", f"{where}/{stem}.xlsx"]
    assert {e["sha256"] for e in mine} == {after[f"{where}/{stem}.pdf"], after[f"{where}/{stem}.xlsx"]}
    # the next batch finds the regenerated briefing where it looks, made from the same inputs: nothing redone
    rerun = run("batch", clients, "--out", out, "--jobs", "1")
    assert "0 of 3 briefings written" in rerun.output and "3 unchanged, skipped" in rerun.output, rerun.output


def test_a_small_batch_into_a_new_folder_is_flat_and_a_large_one_sharded(tmp_path, monkeypatch):
    import briefing
    from briefing import naming

    clients = write_clients(tmp_path / "clients", 3)
    assert briefing.batch([clients], tmp_path / "flat", jobs=1).layout == "flat"
    monkeypatch.setattr(naming, "SHARD_ABOVE", 2)
    result = briefing.batch([clients], tmp_path / "many", jobs=1)
    assert result.layout == "sharded" and result.exit_code == 0
    assert len(list((tmp_path / "many").glob("??/*/*.pdf"))) == 3


def test_shard_parts_split_the_job_exactly_and_merge_by_concatenation(tmp_path):
    """Three parts of six profiles into three folders (as three machines would): every profile in exactly one
    part; two clients whose names make one file name, in different parts, still get a short hash each."""
    from briefing.batch_run import Part, collect_profiles
    from briefing.naming import disambiguated

    clients = write_clients(tmp_path / "clients", 4)
    for stem, name in (("acme-gmbh", "Acme GmbH"), ("acme-ltd", "Acme Ltd.")):
        (clients / f"{stem}.yaml").write_text(
            f"client: {{name: {name}, employer_type: foreign}}\nbriefing: {{date: 2026-12-01}}\n", encoding="utf-8"
        )
    listing = collect_profiles([clients])
    parts = [Part(i, 3) for i in (1, 2, 3)]
    members = [[p for p in listing if part.has(p)] for part in parts]
    assert sorted(p for m in members for p in m) == sorted(listing)  # each in exactly one part
    acme = [n for n, m in enumerate(members) if any("acme" in p for p in m)]
    streams = []
    for part, chosen in zip(parts, members, strict=True):
        out = tmp_path / f"out{part.number}"
        result = run("batch", clients, "--out", out, "--jobs", "1", "--shard", f"{part.number}/3")
        assert result.exit_code == 0, result.output
        assert f"{len(chosen)} of {len(chosen)} briefings written" in result.output
        streams.append(out / f"manifest.part-{part.number}-of-3.jsonl")
        assert not (out / "manifest.jsonl").exists()
    merged = b"".join(path.read_bytes() for path in streams)  # cat manifest.part-*-of-3.jsonl
    records = [json.loads(line) for line in merged.splitlines()]
    assert sorted(r["index"] for r in records) == list(range(len(listing)))
    files = {e["file"].split("/")[0] for r in records for e in r["files"]}
    assert {disambiguated("acme", "Acme GmbH") + "_2026-q2", disambiguated("acme", "Acme Ltd.") + "_2026-q2"} <= files
    assert acme  # (where they landed does not matter: the names pass covers the whole listing)


@pytest.mark.parametrize("text", ["4/3", "0/3", "1-3", "x"])
def test_a_bad_shard_is_refused(tmp_path, text):
    result = run("batch", write_clients(tmp_path / "c", 1), "--out", tmp_path / "out", "--shard", text)
    assert result.exit_code == 2
    assert "--shard: expected i/n with 1 <= i <= n" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and flock as on Linux")
def test_a_killed_batch_resumes_without_redoing_finished_briefings(tmp_path):
    """SIGKILL (no chance to write the manifest) after a few briefings: the stream is a valid prefix; the rerun
    skips every finished briefing (its files untouched, same inode and time), redoes an edited one, renders
    the rest, and says how many it skipped."""
    clients, out = write_clients(tmp_path / "clients", 10), tmp_path / "out"
    command = ["batch", str(clients), "--out", str(out), "--jobs", "1", "--verbose"]
    proc = subprocess.Popen(
        [sys.executable, "-c", "from briefing.cli import main; main()", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    for n, line in enumerate(proc.stdout, 1):
        assert line.startswith("ok "), line
        if n == 3:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=20)
    finished = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.glob("*/*.pdf")}
    assert 3 <= len(finished) < 10
    prefix = lines(out / "manifest.jsonl")
    assert len(prefix) >= 3 and all(r["status"] == "ok" for r in prefix)
    assert not (out / "manifest.json").exists()  # killed before the end: only the folders and the stream
    edited = sorted(finished)[0]
    write_clients(clients, 1, start=int(edited.parent.name[7:10]), headcount=20)  # that client's profile changed

    result = run("batch", clients, "--out", out, "--jobs", "2")
    assert result.exit_code == 0, result.output
    skipped = len(finished) - 1
    assert f"{10 - skipped} of 10 briefings written" in result.output
    assert f"{skipped} unchanged, skipped" in result.output
    for path, stamp in finished.items():
        now = (path.stat().st_ino, path.stat().st_mtime_ns)
        assert (now != stamp) if path == edited else (now == stamp), path
    statuses = [r["status"] for r in lines(out / "manifest.jsonl")]
    assert statuses.count("unchanged") == skipped and statuses.count("ok") == 10 - skipped
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["file"]: e["sha256"] for e in manifest["files"]} == on_disk(out)
    assert len(manifest["files"]) == 20
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # the killed run's work folder swept


def test_logo_is_checked_once_per_distinct_file(tmp_path, monkeypatch):
    """Ten profiles sharing one logo decode it once in a process; a damaged logo is refused for every
    profile that names it, with the same message."""
    from briefing import images
    from briefing.api import open_edition
    from briefing.errors import ProfileError
    from briefing.profile import load_profile

    checked = []
    real = images._check
    monkeypatch.setattr(images, "_check", lambda data: checked.append(len(data)) or real(data))
    monkeypatch.setattr(images, "_VERDICTS", type(images._VERDICTS)())
    logo = next(FIXTURES.parent.parent.joinpath("data", "samples").glob("*.png"))
    shutil.copy(logo, tmp_path / "logo.png")
    (tmp_path / "broken.png").write_bytes(logo.read_bytes()[:200])
    edition = open_edition()
    import datetime as dt

    for i in range(10):
        path = tmp_path / f"p{i}.yaml"
        path.write_text(f"client: {{name: C{i}, employer_type: foreign, logo: logo.png}}\n", encoding="utf-8")
        assert load_profile(path, edition, dt.date(2026, 12, 1)).client.logo == tmp_path / "logo.png"
    assert len(checked) == 1
    messages = []
    for i in range(2):
        path = tmp_path / f"b{i}.yaml"
        path.write_text(f"client: {{name: B{i}, employer_type: foreign, logo: broken.png}}\n", encoding="utf-8")
        with pytest.raises(ProfileError) as caught:
            load_profile(path, edition, dt.date(2026, 12, 1))
        messages.append(str(caught.value))
    assert len(checked) == 2  # the broken one checked once too, and refused both times
    assert all("client.logo: broken.png: the PNG image is damaged or truncated" in m for m in messages)


def test_progress_shows_count_rate_and_time_left():
    from briefing.progress import Progress

    now = [0.0]
    out = io.StringIO()
    status = Progress(10, out, clock=lambda: now[0])
    for i in range(5):
        now[0] += 2.0
        status.update("unchanged" if i == 0 else "ok")
    status.close()
    last = out.getvalue().rstrip("\n").split("\r")[-1].strip()
    assert last == "briefings: 5 of 10 (50%) · 1 unchanged · 0.5/s · about 10 s left"


def test_the_index_page_is_capped_with_a_note(monkeypatch):
    from briefing.api import load_brand
    from briefing.delivery import index_page
    from briefing.delivery.portfolio import Row

    totals = {
        "employer_type": "foreign",
        "headcount": 1,
        "planned_hires": 0,
        "cost_to_close_cny": 100.0,
        "hiring_cost_cny": 0.0,
        "total_cny": 100.0,
        "reskilling_low_cny": 0.0,
        "reskilling_high_cny": 0.0,
    }
    rows = [
        Row(f"Client {i}", f"client-{i}", "en", "2026-q2", "2026-12-01", str(i), totals, {"pdf": f"c{i}/c{i}.pdf"})
        for i in range(3)
    ]
    monkeypatch.setattr(index_page, "MAX_CLIENTS", 2)
    page = index_page.render_index(iter(rows), load_brand(), "en").decode()
    assert "Client 1" in page and "Client 2" not in page
    assert "This page shows the first 2 of 3 clients, by name; portfolio.xlsx lists every briefing." in page
    assert "3 clients, 3 files" in page  # the summary counts every one

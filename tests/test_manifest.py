"""manifest.json stays true: updated, not overwritten; gone files dropped; unchanged profiles skipped;
a damaged manifest refused before anything is written."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main

PROFILE = """\
client:
  name: {name}
  employer_type: foreign
briefing:
  date: 2026-12-01
  age_to: published  # the foundation figures: 3,700,000
roles:
  - role: LLM Training Engineer
    headcount: {headcount}
    planned_hires: 2
    current_pay: 1100000
"""


def write_profile(folder: Path, stem: str = "acme", name: str = "Acme Robotics", headcount: int = 4) -> Path:
    path = folder / f"{stem}.yaml"
    path.write_text(PROFILE.format(name=name, headcount=headcount), encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def stamps(out: Path) -> dict[str, int]:
    """When each deliverable was last written, by its path (the overview is rewritten by every batch)."""
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.glob("*/*") if p.suffix in (".pdf", ".xlsx")}


def at(stem: str, kind: str) -> str:
    """A file's path in the output folder: each briefing is a folder named by its stem."""
    return f"{stem}/{stem}.{kind}"


EN, ZH = "acme-robotics_2026-q2", "acme-robotics_2026-q2_zh"


def files(out: Path) -> dict[str, dict]:
    return {e["file"]: e for e in manifest(out)["files"]}


def test_a_second_run_adds_to_the_manifest(tmp_path):
    profile, out = write_profile(tmp_path), tmp_path / "out"
    assert run("generate", "--profile", profile, "--out", out, "--lang", "en").exit_code == 0
    assert run("generate", "--profile", profile, "--out", out, "--lang", "zh").exit_code == 0
    entries = files(out)
    assert sorted(entries) == [at(EN, "pdf"), at(EN, "xlsx"), at(ZH, "pdf"), at(ZH, "xlsx")]
    assert {e["language"] for e in entries.values()} == {"en", "zh"}
    for name, entry in entries.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["sha256"]
        assert entry["written"] == "2026-12-01" and entry["client"] == "Acme Robotics"
    # role names in the entry's language, figures the same
    assert entries[at(ZH, "pdf")]["totals"]["widest_gap"]["role"] == "大模型训练工程师"
    assert entries[at(EN, "pdf")]["totals"]["total_cny"] == entries[at(ZH, "pdf")]["totals"]["total_cny"] == 3_700_000


def test_entries_of_files_that_are_gone_are_dropped(tmp_path):
    profile, out = write_profile(tmp_path), tmp_path / "out"
    assert run("generate", "--profile", profile, "--out", out, "--lang", "en,zh").exit_code == 0
    assert len(files(out)) == 4
    (out / at(ZH, "pdf")).unlink()
    assert run("generate", "--profile", profile, "--out", out, "--lang", "en").exit_code == 0
    assert sorted(files(out)) == [at(EN, "pdf"), at(EN, "xlsx"), at(ZH, "xlsx")]
    shutil.rmtree(out / ZH)  # a whole briefing folder removed by hand
    assert run("generate", "--profile", profile, "--out", out, "--lang", "en").exit_code == 0
    assert sorted(files(out)) == [at(EN, "pdf"), at(EN, "xlsx")]


def test_same_inputs_same_manifest(tmp_path):
    profile = write_profile(tmp_path)
    for out in ("a", "b"):
        assert run("generate", "--profile", profile, "--out", tmp_path / out).exit_code == 0
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "b" / "manifest.json").read_bytes()


def test_batch_skips_unchanged_profiles_and_renders_a_changed_one(tmp_path):
    clients, out = tmp_path / "clients", tmp_path / "out"
    clients.mkdir()
    write_profile(clients, "acme", "Acme Robotics")
    write_profile(clients, "borealis", "Borealis AG", headcount=7)
    first = run("batch", clients, "--out", out, "--jobs", "1")
    assert first.exit_code == 0, first.output
    before = stamps(out)

    again = run("batch", clients, "--out", out, "--jobs", "1", "--verbose")
    assert again.exit_code == 0, again.output
    assert f"unchanged, skipped: {clients / 'acme.yaml'}" in again.output
    assert "0 of 2 briefings written" in again.output and "2 unchanged, skipped" in again.output
    assert stamps(out) == before
    assert [r["status"] for r in manifest(out)["last_run"]] == ["unchanged", "unchanged"]

    write_profile(clients, "borealis", "Borealis AG", headcount=9)  # one profile edited
    edited = run("batch", clients, "--out", out, "--jobs", "1")
    assert edited.exit_code == 0, edited.output
    assert "1 of 2 briefings written" in edited.output
    after = stamps(out)
    assert after[at(EN, "pdf")] == before[at(EN, "pdf")]
    assert after[at("borealis_2026-q2", "pdf")] != before[at("borealis_2026-q2", "pdf")]
    entries = files(out)
    assert len(entries) == 4 and entries[at("borealis_2026-q2", "xlsx")]["totals"]["headcount"] == 9

    forced = run("batch", clients, "--out", out, "--jobs", "1", "--force")
    assert "2 of 2 briefings written" in forced.output


def test_a_file_changed_since_it_was_written_is_rendered_again(tmp_path):
    profile, out = write_profile(tmp_path), tmp_path / "out"
    assert run("batch", profile, "--out", out).exit_code == 0
    pdf = out / at(EN, "pdf")
    good = pdf.read_bytes()
    pdf.write_bytes(good[:-10] + b"tampered!\n")  # same size, other bytes
    result = run("batch", profile, "--out", out)
    assert "1 of 1 briefings written" in result.output
    assert pdf.read_bytes() == good


def test_a_new_language_or_the_email_is_not_skipped(tmp_path):
    profile, out = write_profile(tmp_path), tmp_path / "out"
    assert run("batch", profile, "--out", out).exit_code == 0
    assert "1 of 1 briefings written" in run("batch", profile, "--out", out, "--lang", "en,zh").output
    assert "unchanged, skipped" in run("batch", profile, "--out", out, "--lang", "zh").output
    assert "1 of 1 briefings written" in run("batch", profile, "--out", out, "--email").output
    assert len(files(out)) == 5
    # without --email the draft is not made, so the English folder is rendered again, as it now should be
    assert "1 of 1 briefings written" in run("batch", profile, "--out", out).output
    assert sorted(files(out)) == [at(EN, "pdf"), at(EN, "xlsx"), at(ZH, "pdf"), at(ZH, "xlsx")]
    assert "unchanged, skipped" in run("batch", profile, "--out", out, "--lang", "en,zh").output


DAMAGED = {
    "not json": b'{"format": "briefing-manifest/2", "files": [',
    "not utf-8": b"\xff\xfe{}",
    "a list": b"[]",
    "another format": b'{"format": "something-else/1", "files": []}',
    "an entry without its hash": json.dumps(
        {"format": "briefing-manifest/2", "files": [{"file": "a.pdf", "kind": "pdf", "bytes": 1}]}
    ).encode(),
    "a path outside the folder": json.dumps(
        {
            "format": "briefing-manifest/2",
            "files": [
                {
                    "file": "../../etc/passwd",
                    "kind": "pdf",
                    "sha256": "0" * 64,
                    "bytes": 1,
                    "client": "x",
                    "client_id": "x",
                    "profile": "x",
                    "edition": "x",
                    "language": "en",
                    "written": "x",
                    "inputs": {},
                    "totals": {},
                }
            ],
        }
    ).encode(),
    "a file outside a briefing folder": json.dumps(
        {
            "format": "briefing-manifest/2",
            "files": [
                {
                    "file": "a.pdf",
                    "kind": "pdf",
                    "sha256": "0" * 64,
                    "bytes": 1,
                    "client": "x",
                    "client_id": "x",
                    "profile": "x",
                    "edition": "x",
                    "language": "en",
                    "written": "2026-12-01",
                    "inputs": {},
                    "totals": {},
                }
            ],
        }
    ).encode(),
    "totals without figures": json.dumps(
        {
            "format": "briefing-manifest/2",
            "files": [
                {
                    "file": "a/a.pdf",
                    "kind": "pdf",
                    "sha256": "0" * 64,
                    "bytes": 1,
                    "client": "x",
                    "client_id": "x",
                    "profile": "x",
                    "edition": "x",
                    "language": "en",
                    "written": "2026-12-01",
                    "inputs": {},
                    "totals": {"employer_type": "foreign", "roles": 1},
                }
            ],
        }
    ).encode(),
}


@pytest.mark.parametrize("command", ["generate", "batch"])
@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_a_damaged_manifest_is_refused_and_nothing_written(tmp_path, command, case):
    profile, out = write_profile(tmp_path), tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_bytes(DAMAGED[case])
    args = ["generate", "--profile", profile] if command == "generate" else ["batch", profile]
    result = run(*args, "--out", out)
    assert result.exit_code == 2, result.output
    assert f"{out / 'manifest.json'}" in result.output and "the manifest is damaged" in result.output
    assert "move it out of the folder to start a new one" in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["manifest.json"]
    assert (out / "manifest.json").read_bytes() == DAMAGED[case]


def test_a_good_manifest_reads_back_whole(tmp_path):
    from briefing.delivery.manifest import read_manifest

    profile, out = write_profile(tmp_path), tmp_path / "out"
    assert run("generate", "--profile", profile, "--out", out, "--lang", "en,zh", "--email").exit_code == 0
    assert read_manifest(out).files == files(out)


def test_a_manifest_of_an_earlier_version_is_replaced(tmp_path):
    profile, out = write_profile(tmp_path), tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"edition": "2026-q2", "briefings": []}), encoding="utf-8")
    assert run("batch", profile, "--out", out).exit_code == 0
    assert manifest(out)["format"] == "briefing-manifest/2" and len(files(out)) == 2


def test_a_folder_without_its_owner_record_is_neither_skipped_nor_replaced(tmp_path):
    """The manifest says what a folder held; the folder's .briefing.json says whose it is, and decides."""
    profile, out = write_profile(tmp_path), tmp_path / "out"
    assert run("batch", profile, "--out", out).exit_code == 0
    (out / EN / ".briefing.json").unlink()
    result = run("batch", profile, "--out", out)
    assert result.exit_code == 2
    assert f"{out / EN}: the folder exists but was not written by briefing" in result.output
    assert [r["status"] for r in manifest(out)["last_run"]] == ["refused"]
    assert sorted(files(out)) == [at(EN, "pdf"), at(EN, "xlsx")]  # still there, still listed


def test_the_manifest_is_replaced_under_the_folder_lock(tmp_path):
    """Runs into one folder take turns at reading and replacing it, so none loses another's entries."""
    import fcntl
    import os
    import signal
    import subprocess
    import sys

    from briefing.atomic import PAUSE_ENV

    profile, out = write_profile(tmp_path), tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from briefing.cli import main; main()",
            "generate",
            "--profile",
            str(profile),
            "--out",
            str(out),
        ],
        env={**os.environ, PAUSE_ENV: "indexing"},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr.readline().strip() == "paused at indexing"
        fd = os.open(out, os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stderr.close()


def test_two_runs_at_once_keep_each_others_entries(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from briefing.cli import main; main()",
                "generate",
                "--profile",
                str(write_profile(tmp_path, stem, name)),
                "--out",
                str(out),
            ],
            stderr=subprocess.PIPE,
        )
        for stem, name in (("acme", "Acme Robotics"), ("borealis", "Borealis AG"))
    ]
    for proc in runs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert sorted(files(out)) == [
        at(EN, "pdf"),
        at(EN, "xlsx"),
        at("borealis_2026-q2", "pdf"),
        at("borealis_2026-q2", "xlsx"),
    ]

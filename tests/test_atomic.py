"""A briefing folder is replaced in one switch: faults, kills at every step of a write and concurrent
runs leave the old pair or the new pair, whole, and no leftovers that the next run does not remove; a file
beside the folders (as the manifest is) is replaced whole under the same lock, right after the switch."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys

import pytest

from briefing import atomic
from briefing.atomic import PAUSE_ENV, PAUSE_POINTS, Workspace, owner_record
from briefing.errors import OwnerClash

# A writer in its own process: writes the pair "a" for client Acme, tagged so each run's bytes differ; with
# --index, as `generate` does, then also replaces index.json (a copy of the pair's record) under the same lock.
WRITER = """
import sys
from pathlib import Path
from briefing import atomic
out, tag, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
if "--no-exchange" in sys.argv:
    atomic._renameat2 = lambda: None
for i in range(rounds):
    files = {"a.pdf": f"{tag}{i} pdf ".encode() * 40_000, "a.xlsx": f"{tag}{i} xlsx ".encode() * 40_000}
    record = atomic.owner_record("Acme", files)
    with atomic.Workspace(out) as work:
        if "--index" in sys.argv:
            staged = atomic.stage(work.work, "a", files, record)
            with work.locked():
                work.switch([staged], "Acme")
                work.replace_file("index.json", record * 2_000)
        else:
            work.write_briefing("a", files, record, "Acme")
"""


def write(out, tag: str, client: str = "Acme", force: bool = False) -> dict[str, bytes]:
    files = {"a.pdf": f"{tag}0 pdf ".encode() * 40_000, "a.xlsx": f"{tag}0 xlsx ".encode() * 40_000}
    with Workspace(out) as work:
        work.write_briefing("a", files, owner_record(client, files), client, force=force)
    return folder(out)


def folder(out) -> dict[str, bytes]:
    """Everything in the output folder, hidden files included, by relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def consistent(state: dict[str, bytes], stem: str = "a") -> bool:
    """The pair matches the SHA-256 its owner record holds: both files come from one run."""
    record = json.loads(state[f"{stem}/.briefing.json"])
    return all(
        hashlib.sha256(state[f"{stem}/{name}"]).hexdigest() == digest for name, digest in record["files"].items()
    )


def test_replaces_the_earlier_pair(tmp_path):
    write(tmp_path, "old")
    state = write(tmp_path, "new")
    assert sorted(state) == ["a/.briefing.json", "a/a.pdf", "a/a.xlsx"]
    assert state["a/a.pdf"].startswith(b"new0 pdf") and consistent(state)
    assert json.loads(state["a/.briefing.json"])["client"] == "Acme"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]  # no work folder left


@pytest.mark.parametrize("fail_on_write", [1, 2, 3])
def test_disk_full_loses_nothing(tmp_path, monkeypatch, fail_on_write):
    old = write(tmp_path, "old")
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd, data):
        calls["n"] += 1
        if calls["n"] == fail_on_write:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(atomic.os, "write", full_disk)
    with pytest.raises(OSError, match="No space left on device"):
        write(tmp_path, "new")
    assert folder(tmp_path) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


def pause(tmp_path, point: str, *extra: str) -> subprocess.Popen:
    """Start a writer that stops at `point`; return once it says it is there (no sleeping, no guessing)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), "new", "1", *extra],
        env={**os.environ, PAUSE_ENV: point},
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stderr.readline()
    if line.strip() != f"paused at {point}":
        proc.kill()
        pytest.fail(f"the writer never reached {point!r}: {line}{proc.stderr.read()}")
    return proc


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


NEW_FROM = PAUSE_POINTS.index("indexing")  # from this step on, the new pair is in place
INDEX_FROM = PAUSE_POINTS.index("switched")  # and from this one, the index beside it


@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_a_kill_at_any_step_leaves_the_old_or_the_new_pair(tmp_path, point):
    subprocess.run([sys.executable, "-c", WRITER, str(tmp_path), "old", "1", "--index"], check=True)
    old = folder(tmp_path)
    kill(pause(tmp_path, point, "--index"))
    visible = {k: v for k, v in folder(tmp_path).items() if not k.startswith(".")}
    pair = {k: v for k, v in visible.items() if k.startswith("a/")}
    if PAUSE_POINTS.index(point) < NEW_FROM:
        assert pair == {k: v for k, v in old.items() if k.startswith("a/")}, f"killed at {point}"
    else:
        assert pair["a/a.pdf"].startswith(b"new0 pdf") and consistent(visible), point
    # the index is whole, the old one or the new one, and never ahead of the pair it describes
    if PAUSE_POINTS.index(point) < INDEX_FROM:
        assert visible["index.json"] == old["index.json"], f"killed at {point}"
    else:
        assert visible["index.json"] == visible["a/.briefing.json"] * 2_000, point
    with Workspace(tmp_path):  # the next run into the folder sweeps what the killed one left
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "index.json"]
    assert folder(tmp_path) == visible


def test_without_an_exchange_a_kill_between_the_renames_gives_the_old_pair_back(tmp_path):
    old = write(tmp_path, "old")
    kill(pause(tmp_path, "moved-aside", "--no-exchange"))
    assert not (tmp_path / "a").exists()  # the one moment without a pair: never a mix
    with Workspace(tmp_path):
        pass
    assert folder(tmp_path) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


def test_without_an_exchange_the_pair_is_still_replaced(tmp_path, monkeypatch):
    write(tmp_path, "old")
    monkeypatch.setattr(atomic, "_renameat2", lambda: None)
    state = write(tmp_path, "new")
    assert state["a/a.pdf"].startswith(b"new0") and consistent(state)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


def test_a_live_runs_work_folder_is_not_swept(tmp_path):
    write(tmp_path, "old")
    proc = pause(tmp_path, "staged")
    try:
        (work,) = [p for p in tmp_path.iterdir() if p.name.startswith(".briefing-")]
        write(tmp_path, "other")  # another run into the same folder, meanwhile
        assert work.is_dir() and (work / "a" / "a.xlsx").is_file()
    finally:
        kill(proc)
    write(tmp_path, "last")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


def test_concurrent_runs_into_one_folder(tmp_path):
    """Two runs writing the same client's pair 15 times each, at once: all succeed, the end state is one run's."""
    runs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), tag, "15"], stderr=subprocess.PIPE)
        for tag in ("left", "right")
    ]
    for run in runs:
        _, err = run.communicate(timeout=60)
        assert run.returncode == 0, err.decode()
    state = folder(tmp_path)
    assert sorted(state) == ["a/.briefing.json", "a/a.pdf", "a/a.xlsx"] and consistent(state)


def test_the_switch_holds_the_folder_lock(tmp_path):
    """Runs take turns at the switch: while one is at it, nobody else can take the output folder's lock."""
    import fcntl

    proc = pause(tmp_path, "locked")
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        kill(proc)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released with the process
    finally:
        os.close(fd)


def test_another_clients_folder_is_not_replaced(tmp_path):
    old = write(tmp_path, "old", client="Müller GmbH")
    with pytest.raises(OwnerClash, match="holds the briefing of 'Müller GmbH'; 'Muller GmbH' would replace it"):
        write(tmp_path, "new", client="Muller GmbH")
    assert folder(tmp_path) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]
    state = write(tmp_path, "new", client="Muller GmbH", force=True)
    assert json.loads(state["a/.briefing.json"])["client"] == "Muller GmbH"


def test_a_folder_briefing_did_not_write_is_never_replaced(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "notes.txt").write_text("mine")
    with pytest.raises(OwnerClash, match="was not written by briefing"):
        write(tmp_path, "new", force=True)
    assert folder(tmp_path) == {"a/notes.txt": b"mine"}

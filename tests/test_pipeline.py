"""The per-process warm-up (`pipeline.prepare`) and the caches a batch keeps from one briefing to the next
change no byte: a profile's files from a cold `generate` equal those of a late briefing of a warm batch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import resources

SAMPLES = resources.sample_profile("foreign").parent
CLI = [sys.executable, "-c", "from briefing.cli import main; main()"]
EARLIER = 5  # briefings rendered before the one compared: both samples, both languages, two or more per worker


def _clients(folder: Path) -> Path:
    """EARLIER clients made from both samples, then the foreign sample itself, last in name order."""
    folder.mkdir()
    for logo in SAMPLES.glob("*.png"):
        shutil.copy(logo, folder / logo.name)
    texts = {kind: (SAMPLES / f"{kind}.yaml").read_text(encoding="utf-8") for kind in ("foreign", "domestic")}
    for i in range(EARLIER):
        kind = ("domestic", "foreign")[i % 2]
        text = texts[kind].replace('name: "Nordlicht', f'name: "Client {i} Nordlicht')
        text = text.replace('name: "深算科技', f'name: "深算科技 {i}')
        (folder / f"a-{i:02d}.yaml").write_text(text, encoding="utf-8")
    (folder / "z-last.yaml").write_text(texts["foreign"], encoding="utf-8")
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.glob("*/*") if p.suffix in (".pdf", ".xlsx")}


COMMON = ["--lang", "en,zh", "--date", "2026-12-01"]


@pytest.fixture(scope="module")
def cold(tmp_path_factory) -> dict[str, bytes]:
    """The last client's files from a `generate` in a process of its own (nothing warmed), for both tests."""
    root = tmp_path_factory.mktemp("cold")
    clients = _clients(root / "clients")
    run = subprocess.run(
        [*CLI, "generate", "--profile", str(clients / "z-last.yaml"), "--out", str(root / "cold"), *COMMON],
        check=False,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return _files(root / "cold")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_late_briefing_of_a_warm_batch_has_the_bytes_of_a_cold_generate(tmp_path, jobs, cold):
    clients = _clients(tmp_path / "clients")
    warm = subprocess.run(
        [*CLI, "batch", str(clients), "--out", str(tmp_path / "warm"), "--jobs", jobs, *COMMON],
        check=False,
        capture_output=True,
        text=True,
    )
    assert warm.returncode == 0, warm.stderr
    expected = cold
    assert sorted(expected) == [
        "nordlicht-automation_2026-q2.pdf",
        "nordlicht-automation_2026-q2.xlsx",
        "nordlicht-automation_2026-q2_zh.pdf",
        "nordlicht-automation_2026-q2_zh.xlsx",
    ]
    batch = _files(tmp_path / "warm")
    assert len(batch) == 4 * (EARLIER + 1)
    for name, data in expected.items():
        assert batch[name] == data, f"{name}: the batch's bytes differ from a cold generate's"

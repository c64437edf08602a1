"""Outputs are written whole or not at all: faults and kills never leave partial or temporary files."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from briefing import atomic
from briefing.errors import RunError
from briefing.pipeline import write_outputs


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_replaces_earlier_files(tmp_path):
    write_outputs(tmp_path, {"a.pdf": b"old a", "a.xlsx": b"old x"})
    write_outputs(tmp_path, {"a.pdf": b"new a", "a.xlsx": b"new x"})
    assert listing(tmp_path) == ["a.pdf", "a.xlsx"]
    assert (tmp_path / "a.pdf").read_bytes() == b"new a"


@pytest.mark.parametrize("fail_on_write", [1, 2])
def test_disk_full_loses_nothing(tmp_path, monkeypatch, fail_on_write):
    write_outputs(tmp_path, {"a.pdf": b"good pdf", "a.xlsx": b"good xlsx"})
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd, data):
        calls["n"] += 1
        if calls["n"] == fail_on_write:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(atomic.os, "write", full_disk)
    with pytest.raises(RunError, match="No space left on device"):
        write_outputs(tmp_path, {"a.pdf": b"new pdf", "a.xlsx": b"new xlsx"})
    assert listing(tmp_path) == ["a.pdf", "a.xlsx"]
    assert (tmp_path / "a.pdf").read_bytes() == b"good pdf"
    assert (tmp_path / "a.xlsx").read_bytes() == b"good xlsx"


def test_named_temporary_fallback_and_sweep(tmp_path, monkeypatch):
    """Where O_TMPFILE is missing, a leftover of a killed run is swept by the next run."""
    (tmp_path / ".briefing-a.pdf.1234abcd.partial").write_bytes(b"half a file")
    monkeypatch.delattr(atomic.os, "O_TMPFILE", raising=False)
    write_outputs(tmp_path, {"a.pdf": b"whole"})
    assert listing(tmp_path) == ["a.pdf"]


def test_sigkill_mid_write_leaves_the_old_file(tmp_path):
    (tmp_path / "big.bin").write_bytes(b"the earlier good file")
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from briefing.atomic import write_files
        data = b"x" * 400_000_000
        print("writing", flush=True)
        write_files(Path({str(tmp_path)!r}), {{"big.bin": data}})
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"writing"
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert listing(tmp_path) == ["big.bin"]
    assert (tmp_path / "big.bin").read_bytes() == b"the earlier good file"

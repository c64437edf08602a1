"""Recalculate workbooks in LibreOffice headless, forcing recalculation on load (its default keeps stored values)."""

from __future__ import annotations

import csv
import fcntl
import glob
import hashlib
import io
import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# Where conversions are kept for the rest of the run, keyed by their inputs (names, bytes, target): set by
# conftest to a folder every xdist worker of the run shares, so the same workbooks are opened once, not once
# per worker. Never kept across runs: every run recalculates what it checks.
CACHE: Path | None = None

# OOXMLRecalcMode / ODFRecalcMode 0 = "always recalculate"; LibreOffice's default (1, never) keeps stored values.
REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


# CSV of what the cells display: comma, double quote, UTF-8 (76), line 1, "as shown" (the 9th token),
# every sheet (-1, LibreOffice 7.2+) to its own file `<stem>-<sheet>.csv`.
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def convert(files: list[Path], out_dir: Path, profile_dir: Path, to: str = "xlsx", timeout: int = 240) -> list[Path]:
    """Open every file in one LibreOffice run (private profile, forced recalculation) and save it as `to`."""
    result = _run(files, out_dir, profile_dir, to, timeout)
    outputs = [out_dir / f"{f.stem}.{to.split(':')[0]}" for f in files]
    missing = [p.name for p in outputs if not p.exists()]
    if result.returncode or missing:
        raise RuntimeError(
            f"soffice failed (exit {result.returncode}, missing {missing}):\n{result.stdout}\n{result.stderr}"
        )
    return outputs


def displayed(
    files: list[Path], out_dir: Path, profile_dir: Path, timeout: int = 240
) -> dict[str, dict[str, list[list[str]]]]:
    """What every cell displays after recalculation, per file stem and sheet, in one LibreOffice run.

    No stem may be another's followed by "-" (the sheets' files are told apart by that prefix).
    """
    result = _run(files, out_dir, profile_dir, CSV_AS_SHOWN, timeout)
    shown: dict[str, dict[str, list[list[str]]]] = {}
    for f in files:
        prefix = f"{f.stem}-"
        sheets = {p.stem.removeprefix(prefix): p for p in out_dir.glob(f"{glob.escape(prefix)}*.csv")}
        if result.returncode or not sheets:
            raise RuntimeError(
                f"soffice failed (exit {result.returncode}, no csv for {f.name}):\n{result.stdout}\n{result.stderr}"
            )
        shown[f.stem] = {
            name: list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
            for name, path in sheets.items()
        }
    return shown


def _run(files: list[Path], out_dir: Path, profile_dir: Path, to: str, timeout: int) -> subprocess.CompletedProcess:
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    if CACHE is None:
        return _soffice(files, out_dir, profile_dir, to, timeout)
    key = hashlib.sha256(to.encode())
    for f in files:
        key.update(f"\0{f.name}\0{f.stat().st_size}\0".encode())
        key.update(f.read_bytes())
    entry = CACHE / key.hexdigest()[:32]
    entry.mkdir(parents=True, exist_ok=True)
    with open(entry / "lock", "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker converting the same files: wait for its outputs
        if (entry / "done").exists():
            result = subprocess.CompletedProcess([SOFFICE], 0, "", "")
        else:
            result = _soffice(files, entry / "out", entry / "profile", to, timeout)
            if result.returncode == 0:
                (entry / "done").touch()
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in (entry / "out").glob("*"):
        shutil.copyfile(path, out_dir / path.name)
    return result


def _soffice(files: list[Path], out_dir: Path, profile_dir: Path, to: str, timeout: int) -> subprocess.CompletedProcess:
    user = profile_dir / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(REGISTRY, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile_dir.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )

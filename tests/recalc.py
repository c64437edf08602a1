"""Recalculate workbooks in LibreOffice headless, forcing recalculation on load (its default keeps stored values)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

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


def convert(files: list[Path], out_dir: Path, profile_dir: Path, to: str = "xlsx", timeout: int = 240) -> list[Path]:
    """Open every file in one LibreOffice run (private profile, forced recalculation) and save it as `to`."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    user = profile_dir / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(REGISTRY, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile_dir.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", to, "--outdir", str(out_dir), *map(str, files)],
        capture_output=True, text=True, timeout=timeout, check=False)
    outputs = [out_dir / f"{f.stem}.{to.split(':')[0]}" for f in files]
    missing = [p.name for p in outputs if not p.exists()]
    if result.returncode or missing:
        raise RuntimeError(f"soffice failed (exit {result.returncode}, missing {missing}):\n"
                           f"{result.stdout}\n{result.stderr}")
    return outputs

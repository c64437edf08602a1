"""Writing output files so that a reader only ever sees a complete file.

Each file is first written in full, unnamed where the system allows it (Linux O_TMPFILE: a
killed process leaves nothing behind), then given its name by an atomic rename over any
earlier version. Where O_TMPFILE is unavailable a hidden temporary name is used instead, and
leftovers of killed runs are swept away by the next run.
"""

from __future__ import annotations

import glob
import os
import secrets
from pathlib import Path

_PREFIX = ".briefing-"
_SUFFIX = ".partial"


def _temp_name(out_dir: Path, final: str) -> Path:
    return out_dir / f"{_PREFIX}{final}.{secrets.token_hex(4)}{_SUFFIX}"


def sweep(out_dir: Path, name: str) -> None:
    """Remove the temporary copies of `name` that a killed earlier run left in `out_dir`.

    Only those of this file name: parallel writers of other files in the same folder are left alone.
    """
    for leftover in out_dir.glob(f"{_PREFIX}{glob.escape(name)}.*{_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def _stage(out_dir: Path, name: str, data: bytes) -> Path:
    """A complete copy of `data` under a temporary name in `out_dir`."""
    temp = _temp_name(out_dir, name)
    if hasattr(os, "O_TMPFILE"):
        try:
            fd = os.open(out_dir, os.O_TMPFILE | os.O_WRONLY, 0o644)
        except OSError:
            fd = None  # the file system has no anonymous files: fall back to a named temporary
        if fd is not None:
            try:
                _write_all(fd, data)
                # linkat(AT_SYMLINK_FOLLOW) names the anonymous file; CPython only calls linkat
                # (rather than link, which would not follow the /proc link) when a dir fd is given.
                dir_fd = os.open(out_dir, os.O_RDONLY)
                try:
                    os.link(f"/proc/self/fd/{fd}", temp.name, dst_dir_fd=dir_fd, follow_symlinks=True)
                finally:
                    os.close(dir_fd)
                return temp
            finally:
                os.close(fd)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        _write_all(fd, data)
    except BaseException:
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return temp


def write_files(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file completely first, then rename each into place; raises OSError on failure.

    On failure nothing is renamed, so earlier outputs stay as they were, and no temporary file remains.
    """
    for name in files:
        sweep(out_dir, name)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            staged.append((_stage(out_dir, name, data), out_dir / name))
        for temp, final in staged:
            os.replace(temp, final)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    _sync_dir(out_dir)
    return [final for _, final in staged]


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

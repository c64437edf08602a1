"""Bounded reads of untrusted files: regular files only, never more bytes than a limit.

A size from `stat` is not trusted: /dev/zero, a pipe or a growing file report 0 bytes or less
than they hold. So the type is checked before opening (a FIFO would block `open`), checked
again on the open descriptor, and the limit is enforced while reading.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

CHUNK = 1 << 20


class ReadProblem(Exception):
    """Why a file was not read, in a user's words (the caller adds the file name)."""


_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a pipe (FIFO), not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file"),
)


def _kind(mode: int) -> str | None:
    """Why a file of this mode is refused, or None for a regular file."""
    for test, why in _KINDS:
        if test(mode):
            return why
    return None if stat.S_ISREG(mode) else "is not a regular file"


def _why(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot be read: {exc.strerror or exc}"


def check_regular(path: Path) -> None:
    """Raise `ReadProblem` unless `path` is an existing regular file (symbolic links followed)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise ReadProblem(_why(exc)) from None
    if (why := _kind(mode)) is not None:
        raise ReadProblem(why)


def read_bounded(path: Path, limit: int, what: str = "the file") -> bytes:
    """The bytes of the regular file at `path`; `ReadProblem` if it is not one or holds more than `limit`."""
    check_regular(path)
    try:
        # O_NONBLOCK: should the path have become a FIFO since the check, open returns instead of waiting
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ReadProblem(_why(exc)) from None
    try:
        if (why := _kind(os.fstat(fd).st_mode)) is not None:
            raise ReadProblem(why)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise ReadProblem(f"{what} is larger than the limit of {limit:,} bytes")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadProblem(_why(exc)) from None
    finally:
        os.close(fd)

"""Writing a briefing so that whoever looks at the output folder sees the old files or the new ones, whole.

A briefing is a folder, `<out>/<stem>/`, holding the PDF, the workbook (and the e-mail draft) and
`.briefing.json` (whose client the folder belongs to, and each file's SHA-256). It is replaced by one switch:

1. A run makes a private work folder `<out>/.briefing-<random>.partial/` and holds an flock on it for
   as long as it lives (made under the output folder's lock, so nobody sweeps it before it is locked).
2. The new briefing folder is written in full inside it, every file synced to disk.
3. Under the output folder's lock (an flock on the folder itself, so concurrent runs take turns), the
   owner is checked and the new folder is swapped with the old one in one step: Linux's
   renameat2(RENAME_EXCHANGE); a plain rename when there was none. The old folder is now in the work folder.
   A run writing several folders (one per language) checks every owner before it moves any.
4. Still under that lock, the files beside the folders (`manifest.json`, a batch's overview) are read,
   updated, written whole in the work folder and renamed into place, so concurrent runs never lose each
   other's entries. A kill between 3 and 4 leaves a manifest that describes the folder's old files: whole,
   and no longer matching, so the next batch renders that briefing again.
5. The work folder is removed. A run killed at any moment leaves an unlocked work folder, which the next
   run into the output folder removes (it never touches a work folder whose run is alive).

Where the file system cannot exchange (not Linux, some network file systems), the old folder is moved into
the work folder and the new one moved in: a kill between these two renames leaves no folder for a moment,
never a mix, and the next run puts the old folder back.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .errors import OwnerClash
from .safeio import ReadProblem, read_bounded

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system: runs are not locked against each other
    fcntl = None  # type: ignore[assignment]  # no fcntl: runs are not locked

WORK_PREFIX = ".briefing-"
WORK_SUFFIX = ".partial"
OWNER_FILE = ".briefing.json"
PAUSE_ENV = "BRIEFING_TEST_PAUSE_AT"
# The named steps of a write, in order; tests stop a writer at each (see `_pause`).
PAUSE_POINTS = ("work-folder", "writing", "staged", "locked", "indexing", "switched", "cleaning")
_PREVIOUS = ".previous."  # the old folder's name in a work folder (fallback); no stem starts with a dot
_UNDER = "+"  # in such a name, between a sharded layout's bucket folder and the stem (neither holds a "+")


def _pause(point: str) -> None:
    """Test-only: when BRIEFING_TEST_PAUSE_AT names this point, say so on stderr and wait to be killed."""
    if os.environ.get(PAUSE_ENV) == point:
        print(f"paused at {point}", file=sys.stderr, flush=True)
        while True:
            time.sleep(3600)


def _write_all(path: Path, data: bytes, pause: str | None = None) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        half = len(view) // 2
        if pause:  # the test hook stops here with the file half written
            view = view[_write_some(fd, view[:half]) :]
            _pause(pause)
        _write_some(fd, view)
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_some(fd: int, view: memoryview) -> int:
    done = 0
    while done < len(view):
        done += os.write(fd, view[done:])
    return done


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


def _flock(fd: int, *, wait: bool) -> bool | None:
    """Take an exclusive flock on `fd`: True if taken, False if another holds it, None if unsupported."""
    if fcntl is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
            return None
        raise


class _FolderLock:
    """The output folder's own flock: held around making work folders, sweeping and switching."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self) -> bool:
        self.fd = os.open(self.folder, os.O_RDONLY)
        self.held = _flock(self.fd, wait=True)
        return bool(self.held)

    def __exit__(self, *exc) -> None:
        os.close(self.fd)  # closing releases the lock


@lru_cache(maxsize=1)
def _renameat2():
    """libc's renameat2, or None where there is none (not Linux, or a C library older than glibc 2.28)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap the two existing paths `a` and `b` in one step; False where the system cannot."""
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def sweep(out_dir: Path) -> None:
    """Remove what killed runs left in `out_dir` (call with the folder lock held); live runs' are kept.

    A leftover work folder still holding an old briefing folder that never got its successor (the
    fallback without exchange, killed between its two renames) gives it back first.
    """
    for entry in out_dir.glob(f"{WORK_PREFIX}*{WORK_SUFFIX}"):
        try:
            fd = os.open(entry, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue  # gone already, or a symbolic link: not ours
        try:
            if _flock(fd, wait=False) is not True:
                continue  # its run is alive (or locks are not available: then leave everything be)
            try:
                for previous in entry.glob(f"{_PREVIOUS}*") if entry.is_dir() else ():
                    final = out_dir.joinpath(*previous.name[len(_PREVIOUS) :].split(_UNDER))
                    if not os.path.lexists(final):
                        os.rename(previous, final)
            except OSError:
                continue  # the old folder could not be given back: keep it where it is
            _remove(entry)
        finally:
            os.close(fd)


def owner_of(folder: Path) -> str | None:
    """The client whose briefing `folder` holds (from its .briefing.json), or None if it holds none."""
    try:
        record = json.loads(read_bounded(folder / OWNER_FILE, 1_000_000))
    except (ReadProblem, ValueError):
        return None
    client = record.get("client") if isinstance(record, dict) else None
    return client if isinstance(client, str) else None


def check_owner(out_dir: Path, stem: str, client: str, *, force: bool = False) -> None:
    """Raise `OwnerClash` if `<out_dir>/<stem>` exists and is not this client's briefing folder.

    With `force`, another client's briefing may be replaced; something briefing did not write never is.
    """
    final = out_dir / stem
    if not os.path.lexists(final):
        return
    if final.is_symlink() or not final.is_dir():
        kind = "a symbolic link" if final.is_symlink() else "a file"
        raise OwnerClash(
            f"{final}: is {kind}, not a briefing folder; move it away or write into another folder (--out)"
        )
    owner = owner_of(final)
    if owner is None:
        raise OwnerClash(
            f"{final}: the folder exists but was not written by briefing (it has no {OWNER_FILE}); "
            "move it away or write into another folder (--out)"
        )
    if owner != client and not force:
        raise OwnerClash(
            f"{final}: holds the briefing of {owner!r}; {client!r} would replace it under the same "
            "name. Give one of them a client.short_name, write into another folder (--out), or pass "
            "--force to replace it"
        )


def owner_record(client: str, files: Mapping[str, bytes], inputs: Mapping | None = None, **about: str) -> bytes:
    """The bytes of `.briefing.json`: the client, what else is given (edition, language), each file's SHA-256,
    and the hashes of what the files were made from (`inputs`, see `delivery.manifest.inputs`): with them a
    batch can tell, from the folder alone, that a briefing is done and unchanged (resuming a stopped run)."""
    record = {
        "client": client,
        **about,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        **({"inputs": dict(inputs)} if inputs is not None else {}),
    }
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def stage(work: Path, stem: str, files: Mapping[str, bytes], owner: bytes) -> Path:
    """Write a complete briefing folder `<work>/<stem>/` (files and owner record), synced to disk."""
    folder = work / stem
    folder.mkdir()
    for i, (name, data) in enumerate(files.items()):
        _write_all(folder / name, data, pause="writing" if i == 0 else None)
    _write_all(folder / OWNER_FILE, owner)
    _sync_dir(folder)
    _pause("staged")
    return folder


class Workspace:
    """One run's work folder in `out_dir`: stage briefings in it, then, inside `locked()`, switch them into
    place and replace the files beside them (`replace_file`).

    Use as a context manager; leaving it removes the work folder (and the old briefings moved into it).
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.work = out_dir / f"{WORK_PREFIX}{secrets.token_hex(8)}{WORK_SUFFIX}"
        self._fd: int | None = None
        self._locked = False

    def __enter__(self) -> Workspace:
        with _FolderLock(self.out_dir) as locked:
            if locked:
                sweep(self.out_dir)
            self.work.mkdir()
            self._fd = os.open(self.work, os.O_RDONLY)
            _flock(self._fd, wait=False)  # cannot fail: nobody else knows the name yet
        _pause("work-folder")
        return self

    def __exit__(self, *exc) -> None:
        try:
            for entry in sorted(self.work.iterdir()):
                _remove(entry)
                _pause("cleaning")
            self.work.rmdir()
        except OSError:
            pass  # what is left is swept by the next run, once this one's lock is gone
        finally:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def write_briefing(
        self, stem: str, files: Mapping[str, bytes], owner: bytes, client: str, *, force: bool = False
    ) -> Path:
        """Stage and switch in one briefing folder; its path."""
        staged = stage(self.work, stem, files, owner)
        with self.locked():
            return self.switch([staged], client, force=force)[0]

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the output folder's lock: concurrent runs take turns at switching folders and replacing files."""
        with _FolderLock(self.out_dir):
            self._locked = True
            try:
                _pause("locked")
                yield
                _sync_dir(self.out_dir)
            finally:
                self._locked = False
        _pause("switched")

    def switch(self, staged: Sequence[Path], client: str, *, force: bool = False, under: str = "") -> list[Path]:
        """Put each staged folder `<work>/<stem>` in place of `<out>/[<under>/]<stem>`, in one step each; their
        final paths. `under` is a sharded layout's bucket folder, made here when it is missing.

        Every owner is checked first (again, now that no one else writes), so a clash stops them all.
        Call inside `locked()`.
        """
        self._check_locked()
        parent = self.out_dir / under if under else self.out_dir
        for folder in staged:
            check_owner(parent, folder.name, client, force=force)
        if under:
            parent.mkdir(exist_ok=True)
        finals = []
        for folder in staged:
            final = parent / folder.name
            if not os.path.lexists(final):
                os.rename(folder, final)
            elif not _exchange(folder, final):
                previous = self.work / f"{_PREVIOUS}{under + _UNDER if under else ''}{folder.name}"
                os.rename(final, previous)
                _pause("moved-aside")
                os.rename(folder, final)
            finals.append(final)
        return finals

    def replace_file(self, name: str, data: bytes) -> Path:
        """A file beside the briefing folders (the manifest, the overview), written whole in the work folder
        and renamed over `<out>/<name>`. Call inside `locked()`, after reading what `data` is made from."""
        return self.replace_with(name, lambda temp: _write_all(temp, data, pause="indexing"))

    def replace_with(self, name: str, write: Callable[[Path], object]) -> Path:
        """As `replace_file`, for a file too large to hold in memory: `write(path)` writes it in the work
        folder (streaming), then it is synced and renamed over `<out>/<name>`."""
        self._check_locked()
        temp = self.work / name
        write(temp)
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        final = self.out_dir / name
        os.replace(temp, final)
        return final

    def _check_locked(self) -> None:
        if not self._locked:
            raise RuntimeError("switch and replace_file are called inside Workspace.locked()")

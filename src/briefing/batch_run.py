"""`briefing batch`: many profiles, one edition and brand, rendered in parallel worker processes.

The parent lists the profiles and collects results; it never loads one. Workers first read each profile's
client name (`batch_names`), so file names and clashes are known before anything is written: two clients
whose names make the same file name get a short hash each, the same client twice is refused. Then each
worker loads, validates and renders one profile per task: a profile whose briefing folders already hold
its files, made from the same inputs (their `.briefing.json` says so), is skipped, so a rerun after a
stop resumes; one whose folder holds another client's briefing is refused (unless `force`). Workers stage
each briefing's folders in the run's work folder; the parent switches them into place, one profile at a
time under the output folder's lock, and appends a line to the run's JSON Lines manifest (`STREAM`) as
each result arrives. At the end the manifest, the portfolio and the index page are written from that
stream (`delivery.rollup`), in constant memory: the parent holds the listing and a byte per profile.

Folders are sharded (`<out>/<bucket>/<stem>/`, the bucket two hex digits of the client part's SHA-256)
above SHARD_ABOVE profiles, or when the output folder already is, so no folder holds more than a few
thousand entries. `part` picks a deterministic subset of the listing, for a job split across machines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import signal
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from . import resources
from .analysis import Analysis, compute_analysis
from .atomic import Workspace, check_owner
from .brand import load_brand
from .delivery import manifest as records
from .edition import load_edition, load_history
from .errors import BriefingWarning, InputError, OwnerClash, Problem, ProblemsError, RunError
from .models import Brand, Edition, History
from .naming import bucket_of, choose_layout, client_slug, disambiguated
from .pipeline import named_files, output_langs, prepare, stems
from .profile import load_profile
from .workers import run_tasks

STREAM = "manifest.jsonl"


@dataclass(frozen=True)
class Outcome:
    """What happened to one profile of a batch."""

    # "ok", "unchanged" (skipped), "refused" (bad input, or another client's folder), "failed" (the run
    # itself) or "interrupted" (not done: the batch was stopped)
    profile: str
    status: str
    client: str | None = None
    employer_type: str | None = None
    files: tuple[dict, ...] = ()  # the manifest entries of its files
    headline: dict | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()  # the analysis's (a stale edition, aging far out...)
    index: int = -1  # its place in the listing
    client_id: str | None = None
    notices: tuple[str, ...] = ()  # what a delivery leaves out (no commentary in a language...): warned once


@dataclass(frozen=True)
class Part:
    """`--shard i/n`: the profiles of a listing whose path, as given, hashes to i (of 1..n)."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Part:
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not match or not 1 <= int(match[1]) <= int(match[2]):
            raise InputError(f"--shard: expected i/n with 1 <= i <= n (3/8: the third of eight parts), got {text!r}")
        return cls(int(match[1]), int(match[2]))

    def has(self, path: str) -> bool:
        digest = hashlib.sha256(Path(path).as_posix().encode("utf-8", "surrogatepass")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.number - 1

    @property
    def stream(self) -> str:
        """Its JSON Lines manifest's name: the parts' names sort in order, so `cat` merges them."""
        width = len(str(self.count))
        return f"manifest.part-{self.number:0{width}d}-of-{self.count}.jsonl"


@dataclass(frozen=True)
class BatchResult:
    counts: dict[str, int]  # profiles by status, "interrupted" included
    manifest: Path
    stream: Path
    edition: str
    profiles: Sequence[str]  # the listing, as given
    layout: str = "flat"
    shared_warnings: tuple[str, ...] = ()  # the analysis warnings every written briefing has
    stopped_by: int | None = None  # the signal (SIGINT, SIGTERM) that stopped the batch early

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def exit_code(self) -> int:
        if self.stopped_by is not None:
            return 128 + self.stopped_by  # as a shell reports a process ended by that signal: 130 for Ctrl-C
        return 2 if self.counts.get("refused") else 1 if self.counts.get("failed") else 0

    def outcomes(self, keep: Callable[[dict], bool] = lambda record: True) -> Iterator[Outcome]:
        """The outcomes the stream records (those `keep` accepts), in the listing's order; read from the
        stream, so only the kept ones' places are held."""
        yield from read_outcomes(self.stream, self.profiles, keep)


def read_outcomes(stream: Path, profiles: Sequence[str], keep: Callable[[dict], bool]) -> Iterator[Outcome]:
    places: list[tuple[int, int]] = []
    with stream.open("rb") as fh:
        offset = 0
        for line in fh:
            if line.endswith(b"\n") and keep(json.loads(line)):
                places.append((json.loads(line)["index"], offset))
            offset += len(line)
        for _, at in sorted(places):
            fh.seek(at)
            record = json.loads(fh.readline())
            yield Outcome(
                profile=profiles[record["index"]] if record["index"] < len(profiles) else record["profile"],
                status=record["status"],
                client=record.get("client"),
                employer_type=record.get("employer_type"),
                files=tuple(record.get("files", ())),
                headline=record.get("headline"),
                error=record.get("error"),
                warnings=tuple(record.get("warnings") or ()),
                index=record["index"],
                client_id=record.get("client_id"),
            )


class _Stop:
    """While entered (in the main thread): the first Ctrl-C (SIGINT) or SIGTERM asks the batch to stop."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self._old: dict[int, Any] = {}  # what signal.signal gave back, to put back

    def __call__(self) -> bool:
        return self.signal is not None

    def _handle(self, signum, frame) -> None:
        self.signal = self.signal or signum

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, old in self._old.items():
            signal.signal(signum, old)


def collect_profiles(args: list[Path]) -> list[str]:
    """Profile files as given, and every *.yaml / *.yml directly inside a given folder, sorted; as text
    (a listing of 100,000 paths as `Path` objects would take several times the memory)."""
    found: list[str] = []
    problems: list[Problem] = []
    for arg in args:
        if arg.is_dir():
            with os.scandir(arg) as entries:
                inside = sorted(
                    e.name for e in entries if os.path.splitext(e.name)[1].lower() in (".yaml", ".yml") and e.is_file()
                )
            if not inside:
                problems.append(Problem(str(arg), "", "the folder holds no .yaml or .yml profiles"))
            found.extend(str(arg / name) for name in inside)
        elif arg.is_file():
            found.append(str(arg))
        else:
            problems.append(Problem(str(arg), "", "no such file or folder"))
    if problems:
        raise ProblemsError(problems)
    unique: dict[str, str] = {}
    for path in found:
        unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def _headline(a: Analysis) -> dict:
    return {
        "currency": a.currency,
        "total_cost_per_year": round(a.money(a.totals.total_cny), 2),
        "total_cost_per_year_cny": round(a.totals.total_cny, 2),
        "roles_below_target": [r.label for r in a.below_target],
        "roles_with_unknown_pay": [r.label for r in a.unknown_pay],
    }


@dataclass(frozen=True)
class _Options:
    """What every profile of a batch shares."""

    today: dt.date
    lang: tuple[str, ...] | None
    brand: Brand
    logo_roots: tuple[Path, ...]
    paper: str = "A4"
    email: bool = False
    force: bool = False
    allow_stale: bool = False


# --- the worker side: one edition and brand per process, then one task at a time ----------------------


@dataclass(frozen=True)
class _Setup:
    edition: Edition
    history: History
    options: _Options
    out_dir: Path
    edition_key: str = ""
    brand_key: str = ""
    clashes: frozenset[str] = frozenset()
    sharded: bool = False
    work: Path | None = None


_SETUP: _Setup | None = None


def _init_worker(setup: _Setup) -> None:
    global _SETUP  # noqa: PLW0603 - the pool initializer: each worker process keeps its setup here
    _SETUP = setup


def _stage_one(index: int, path: str) -> tuple[int, Outcome, list[Path]]:
    """Load, validate and analyse one profile; skip it when its folders are done and unchanged; else render
    it (every language) and stage its folders in the run's work folder, for the parent to switch in."""
    from .delivery.fields import delivery_warnings
    from .pipeline import render, stage_folders

    setup = _SETUP
    assert setup is not None and setup.work is not None, "_init_worker runs first"
    options, edition = setup.options, setup.edition
    try:
        profile = load_profile(
            Path(path), edition, options.today, logo_roots=options.logo_roots, allow_stale=options.allow_stale
        )
        analysis = compute_analysis(edition, profile, setup.history)
        langs = output_langs(analysis, options.lang)
        data = records.profile_bytes(path, profile)
        inputs = records.inputs(profile, data, edition=setup.edition_key, brand=setup.brand_key, paper=options.paper)
    except InputError as exc:
        return index, Outcome(profile=path, status="refused", error=str(exc), index=index), []
    except Exception as exc:  # a bug met by one profile: record it, carry on with the others
        return index, Outcome(profile=path, status="failed", error=f"{type(exc).__name__}: {exc}", index=index), []
    client = profile.client
    slug = client_slug(client.short_name or client.name)
    if slug in setup.clashes:
        slug = disambiguated(slug, client.name)
    bucket = bucket_of(slug) if setup.sharded else ""
    parent = setup.out_dir / bucket if bucket else setup.out_dir
    kinds = named_files(slug, edition.id, langs, email=options.email)
    known = partial(
        Outcome,
        profile=path,
        client=client.name,
        employer_type=client.employer_type,
        index=index,
        client_id=slug,
        notices=tuple(delivery_warnings(profile, options.brand, langs, options.email)),
    )
    entry = partial(records.entries_of, analysis, kinds=kinds, client_id=slug, profile=path, inputs=inputs)
    if not options.force and (found := _unchanged(parent, kinds, inputs, client.name)) is not None:
        return index, known(status="unchanged", files=tuple(entry(found, bucket=bucket))), []
    try:  # another client's folder is refused before the slow part; checked again at the switch
        for stem in stems(slug, edition.id, langs):
            check_owner(parent, stem, client.name, force=options.force)
    except OwnerClash as exc:
        return index, known(status="refused", error=str(exc)), []
    try:
        files = render(analysis, options.brand, paper=options.paper, lang=langs, slug=slug, email=options.email)
        entries = records.entries(analysis, files, kinds, client_id=slug, profile=path, inputs=inputs, bucket=bucket)
        staged = stage_folders(setup.work, analysis, files, entries)
    except OSError as exc:
        return index, known(status="failed", error=f"cannot write the output: {exc.strerror or exc}"), []
    except Exception as exc:  # keep the batch going; the manifest records what broke
        return index, known(status="failed", error=f"{type(exc).__name__}: {exc}"), []
    ok = known(status="ok", files=tuple(entries), headline=_headline(analysis), warnings=analysis.warnings)
    return index, ok, staged


def _unchanged(
    parent: Path, kinds: dict[str, tuple[str, str]], inputs: dict, client: str
) -> dict[str, tuple[str, int]] | None:
    """Every file of `kinds` as (SHA-256, size), when each of its folders is done and unchanged; else None."""
    by_stem: dict[str, list[str]] = {}
    for name in kinds:
        by_stem.setdefault(name.rsplit(".", 1)[0], []).append(name)
    found: dict[str, tuple[str, int]] = {}
    for stem, names in by_stem.items():
        digests = records.unchanged(parent / stem, names, inputs, client)
        if digests is None:
            return None
        found.update(digests)
    return {name: found[name] for name in kinds}


def _lost(task: tuple, exit_code: int | None) -> tuple[int, Outcome, list[Path]]:
    index, path = task
    error = f"the worker process died while rendering it (exit code {exit_code})"
    return index, Outcome(profile=path, status="failed", error=error, index=index), []


def _names_lost(task: tuple, exit_code: int | None) -> tuple[int, list]:
    start, paths = task
    return start, [None] * len(paths)  # left to the render pass, which reports each profile


# --- the parent side ------------------------------------------------------------------------------------


class _Stream:
    """The run's JSON Lines manifest: one line per profile as its result arrives, each written whole with
    one write(2) to a file opened for appending, so a run killed at any moment leaves whole lines only.
    An flock on it keeps two runs from writing one stream at once."""

    def __init__(self, path: Path):
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            import fcntl

            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise RunError(f"{path}: another batch is writing it; wait for it to end, or use another --out") from None
        except (ImportError, OSError):
            pass  # no locks on this system or file system: runs are not kept apart
        os.ftruncate(self.fd, 0)  # the stream is this run's: a rerun lists the finished ones again, as unchanged

    def write(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
        written = os.write(self.fd, line)
        while written < len(line):  # a regular file takes it whole; a short write only on a full disk
            written += os.write(self.fd, line[written:])

    def close(self) -> None:
        os.fsync(self.fd)
        os.close(self.fd)


def record(outcome: Outcome, out_dir: Path) -> dict:
    """An outcome as its line in the stream: profiles named as the manifest names them (see `profile_ref`)."""
    profile = records.profile_ref(outcome.profile, out_dir)
    found = {
        "index": outcome.index,
        "profile": profile,
        "status": outcome.status,
        "client": outcome.client,
        "client_id": outcome.client_id,
        "employer_type": outcome.employer_type,
        "files": [{**e, "profile": profile} for e in outcome.files] or None,
        "headline": outcome.headline,
        "warnings": list(outcome.warnings) or None,
        "error": outcome.error,
    }
    return {k: v for k, v in found.items() if v is not None}


def run_batch(
    profiles: Sequence[str],
    out_dir: Path,
    *,
    today: dt.date,
    jobs: int | None = None,
    data_dir: Path | None = None,
    edition_id: str | None = None,
    brand: Brand | None = None,
    paper: str = "A4",
    lang: tuple[str, ...] | None = None,
    email: bool = False,
    force: bool = False,
    allow_stale: bool = False,
    part: Part | None = None,
    layout: str = "auto",
    progress: Callable[[Outcome], None] | None = None,
) -> BatchResult:
    """Render every profile (from `collect_profiles`, or the `part` of them); the manifest and the overview
    are written last, from the stream.

    The first Ctrl-C (or SIGTERM) stops the batch: nothing new is started, running workers are ended,
    and the manifest records what was finished (the rest as "interrupted"); the exit code says so.
    """
    from .delivery.rollup import write_index
    from .pipeline import check_out_dir, prepare_out_dir

    brand = brand or load_brand(resources.default_brand())
    roots = (Path(brand.source).parent,)  # a logo may sit in the brand's folder
    options = _Options(today, lang, brand, roots, paper, email, force, allow_stale)
    check_out_dir(out_dir)
    for _ in records.iter_entries(out_dir):  # a damaged manifest is refused before anything is written
        pass
    edition = load_edition(data_dir or resources.data_dir(), edition_id)
    setup = _Setup(
        edition,
        load_history(edition),
        options,
        out_dir,
        records.edition_digest(edition),
        records.brand_digest(brand),
        sharded=choose_layout(out_dir, layout, len(profiles)) == "sharded",
    )
    # The one place for work every worker shares (the edition, history and digests above; a warm-up of
    # per-process caches): here, once, before the two pools below fork, so workers inherit it.
    prepare(edition, brand, lang)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(profiles) or 1))
    selected = [part.has(p) if part else True for p in profiles]
    done = bytearray(len(profiles))  # 1 once a profile's line is in the stream
    counts: Counter[str] = Counter()
    warned: Counter[str] = Counter()
    with _Stop() as stop:
        setup = replace(setup, clashes=_names(profiles, edition.id, setup, jobs, stop))
        prepare_out_dir(out_dir)
        stream = _Stream(out_dir / (part.stream if part else STREAM))
        try:
            with Workspace(out_dir) as work:
                setup = replace(setup, work=work.work)
                tasks = ((i, p) for i, p in enumerate(profiles) if selected[i])
                results: Generator[tuple[int, Outcome, list[Path]], None, None]
                if jobs == 1:
                    _init_worker(setup)
                    results = (_stage_one(*task) for task in tasks if not stop())
                else:
                    results = run_tasks(
                        _stage_one, tasks, jobs=jobs, init=_init_worker, init_arg=setup, stop=stop, lost=_lost
                    )
                with closing(results):
                    for index, outcome, staged in results:
                        outcome = _switch(work, outcome, staged, force)
                        stream.write(record(outcome, out_dir))  # after the switch: it says what is there
                        done[index] = 1
                        counts[outcome.status] += 1
                        if outcome.status == "ok":
                            warned.update(outcome.warnings)
                        for notice in outcome.notices:
                            warnings.warn(BriefingWarning(notice), stacklevel=2)
                        if progress:
                            progress(outcome)
                runs = (
                    (i, records.profile_ref(p, out_dir), bool(done[i])) for i, p in enumerate(profiles) if selected[i]
                )
                manifest = write_index(work, out_dir, stream.path, runs, brand, lang)
        except OSError as exc:
            raise RunError(f"{out_dir}: cannot write the output: {exc.strerror or exc}") from None
        finally:
            stream.close()
    counts["interrupted"] = sum(selected) - sum(done)
    return BatchResult(
        counts={status: n for status, n in counts.items() if n},
        manifest=manifest,
        stream=stream.path,
        edition=edition.id,
        profiles=profiles,
        layout="sharded" if setup.sharded else "flat",
        shared_warnings=tuple(w for w, n in warned.items() if n == counts["ok"]),
        stopped_by=stop.signal,
    )


def _names(profiles: Sequence[str], edition_id: str, setup: _Setup, jobs: int, stop: _Stop) -> frozenset[str]:
    """The names pass over every listed profile (the whole listing, even for one part: every part names its
    files as a single run would)."""
    from .batch_names import chunks, clashes, collect, read_names

    tasks = chunks(profiles)
    if jobs == 1:
        found = collect(read_names(*task) for task in tasks if not stop())
    else:
        found = collect(
            run_tasks(read_names, tasks, jobs=jobs, init=_init_worker, init_arg=setup, stop=stop, lost=_names_lost)
        )
    return clashes(found, profiles, edition_id)


def _switch(work: Workspace, outcome: Outcome, staged: list[Path], force: bool) -> Outcome:
    """Put a briefing's staged folders in place (in the parent only: what the manifest lists is what is there)."""
    if not staged:
        return outcome
    assert outcome.client is not None
    parts = outcome.files[0]["file"].split("/")
    try:
        with work.locked():
            work.switch(staged, outcome.client, force=force, under=parts[0] if len(parts) == 3 else "")
    except OwnerClash as exc:
        return replace(outcome, status="refused", files=(), headline=None, error=str(exc))
    except OSError as exc:
        return replace(
            outcome, status="failed", files=(), headline=None, error=f"cannot write the output: {exc.strerror or exc}"
        )
    return outcome

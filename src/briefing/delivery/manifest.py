"""`manifest.json`: what an output folder holds, file by file, and what each file was made from.

Each briefing is a folder of its own (see `atomic`), so an entry's `file` is a path relative to the output
folder, `<stem>/<stem>.pdf`. Which client a folder belongs to is recorded in the folder itself
(`.briefing.json`), and that record decides whether a run may replace it; the manifest is the index.

The manifest is updated, never rewritten from scratch: a run adds or replaces the entries of the files it
writes and keeps the others, so English and Chinese made in two runs are both listed. An entry whose file
is gone is dropped. Each entry records the file's SHA-256 and size, its client, edition and language, the
key totals and the hashes of every input (the profile's bytes, its roster and logo, the edition, the brand,
the tool's version, the briefing date and the paper), so a later run can tell that a profile is unchanged
and its files are still the ones it wrote, and skip it. "Written" is the briefing date, not the clock, so
the same inputs give the same manifest, byte for byte.

A manifest that cannot be read as one is refused rather than replaced: it is the only record of which
files in the folder belong to which client.

It is written one entry a line (still one JSON document), so a batch of 100,000 briefings reads and writes
it as a stream, never holding it whole (`iter_entries`, `dump`). Whether a briefing is done and unchanged is
decided from its folder's `.briefing.json`, which records its inputs' hashes too (`unchanged`): a run that
was killed before it could update the manifest is resumed all the same.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis import Analysis
from ..errors import Problem, ProblemsError
from ..models import Brand, Edition, Profile

MANIFEST = "manifest.json"
FORMAT = "briefing-manifest/2"
MAX_BYTES = 100_000_000  # 40 clients take ~100 KB; 100 MB is ~40,000 clients
_HEX64 = re.compile(r"[0-9a-f]{64}")
# What an entry must hold, and of which type: a manifest lacking any of it is damaged, not "empty".
_ENTRY = {
    "file": str,
    "kind": str,
    "sha256": str,
    "bytes": int,
    "client": str,
    "client_id": str,
    "profile": str,
    "edition": str,
    "language": str,
    "written": str,
    "inputs": dict,
    "totals": dict,
}
FIX = (
    "it records which files in this folder belong to which client, so briefing will not replace it. "
    "Restore it (from a backup or version control), or move it out of the folder to start a new one: "
    "the next run then renders every profile again"
)


class ManifestError(ProblemsError):
    kind = "manifest"


@dataclass(frozen=True)
class Manifest:
    """A folder's manifest as read: its entries by file name (none for a new folder)."""

    path: Path
    files: dict[str, dict] = field(default_factory=dict)


def _damaged(path: Path, where: str, why: str) -> ManifestError:
    return ManifestError([Problem(str(path), where, f"the manifest is damaged ({why}); {FIX}")])


def safe_name(name: object) -> bool:
    """A plain file name: no separators, not hidden, not '.' or '..'."""
    return (
        isinstance(name, str)
        and bool(name)
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
        and name == name.strip()
    )


def safe_path(path: object) -> bool:
    """`[<bucket>/]<folder>/<file>`, plain names: a briefing file inside the output folder, never outside it."""
    return isinstance(path, str) and path.count("/") in (1, 2) and all(safe_name(part) for part in path.split("/"))


def read_manifest(out_dir: Path) -> Manifest:
    """The manifest of `out_dir`; an absent one is empty, a damaged one a `ManifestError` (exit 2)."""
    path = out_dir / MANIFEST
    files: dict[str, dict] = {}
    for where, entry in iter_entries(out_dir):
        if entry["file"] in files:
            raise _damaged(path, f"{where}.file", f"{entry['file']} is listed twice")
        files[entry["file"]] = entry
    return Manifest(path, files)


_HEAD = f'{{"format": "{FORMAT}", "files": ['
_MIDDLE = '], "last_run": ['
_TAIL = "]}"
MAX_LINE = 1_000_000  # bytes in one entry's line: an entry takes about 1 KB


def iter_entries(out_dir: Path) -> Iterator[tuple[str, dict]]:
    """The entries of `out_dir`'s manifest, checked one by one, with where each is (`files[i]`); an absent
    manifest has none, a damaged one is a `ManifestError` (raised before the entry it concerns).

    A manifest written one entry a line (by `dump`) is read line by line, in constant memory; any other
    layout of the same JSON (an older briefing's, or one edited by hand) is read whole, up to MAX_BYTES.
    """
    path = out_dir / MANIFEST
    if not path.exists() and not path.is_symlink():
        return
    from ..safeio import ReadProblem, check_regular

    try:
        check_regular(path)
    except ReadProblem as exc:
        raise _damaged(path, "", str(exc)) from None
    with path.open("rb") as fh:
        first = fh.readline(MAX_LINE)
        if first.rstrip(b"\n") == _HEAD.encode() and first.endswith(b"\n"):
            yield from _stream(path, fh)
            return
    yield from _whole(path)


def _line(path: Path, fh, n: int) -> str:
    raw = fh.readline(MAX_LINE + 1)
    if len(raw) > MAX_LINE:
        raise _damaged(path, "", f"line {n} is longer than {MAX_LINE:,} bytes")
    if not raw.endswith(b"\n"):
        raise _damaged(path, "", f"not JSON: the file ends before the manifest does, at line {n}")
    try:
        return raw.decode("utf-8").rstrip("\n")
    except UnicodeDecodeError:
        raise _damaged(path, "", f"not UTF-8 text at line {n}") from None


def _stream(path: Path, fh) -> Iterator[tuple[str, dict]]:
    n, i, previous = 2, 0, None
    while (text := _line(path, fh, n)) != _MIDDLE:
        try:
            entry = json.loads(text.removesuffix(","))
        except json.JSONDecodeError as exc:
            raise _damaged(path, "", f"not JSON: {exc.msg} at line {n}, column {exc.colno}") from None
        where = f"files[{i}]"
        _check_entry(path, where, entry)
        if entry["file"] == previous:  # written sorted: a name listed twice is listed twice in a row
            raise _damaged(path, f"{where}.file", f"{entry['file']} is listed twice")
        previous = entry["file"]
        yield where, entry
        n, i = n + 1, i + 1
    while (text := _line(path, fh, n)) != _TAIL:  # the last run: not read here, but the document must be whole
        n += 1


def _whole(path: Path) -> Iterator[tuple[str, dict]]:
    from ..safeio import ReadProblem, read_bounded

    try:
        data = json.loads(read_bounded(path, MAX_BYTES, "the manifest").decode("utf-8"))
    except ReadProblem as exc:
        raise _damaged(path, "", str(exc)) from None
    except UnicodeDecodeError:
        raise _damaged(path, "", "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _damaged(path, "", f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if isinstance(data, dict) and "format" not in data and isinstance(data.get("briefings"), list):
        return  # an earlier briefing's manifest: no input hashes, so nothing can be skipped
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise _damaged(path, "format", f"expected {FORMAT!r}, found {found!r}")
    entries = data.get("files")
    if not isinstance(entries, list):
        raise _damaged(path, "files", "expected a list of entries")
    for i, entry in enumerate(entries):
        where = f"files[{i}]"
        _check_entry(path, where, entry)
        yield where, entry


def _check_entry(path: Path, where: str, entry: object) -> None:
    if not isinstance(entry, dict):
        raise _damaged(path, where, "expected an entry (a JSON object)")
    for key, kind in _ENTRY.items():
        if not isinstance(entry.get(key), kind) or isinstance(entry.get(key), bool):
            raise _damaged(path, f"{where}.{key}", f"expected {kind.__name__}, found {entry.get(key)!r:.60}")
    if not safe_path(entry["file"]):
        raise _damaged(
            path,
            f"{where}.file",
            f"{entry['file']!r:.60} is not a briefing file in this folder (expected <folder>/<file>)",
        )
    if not _HEX64.fullmatch(entry["sha256"]):
        raise _damaged(path, f"{where}.sha256", "expected 64 hex digits")
    if (problem := _entry_problem(entry)) is not None:
        raise _damaged(path, f"{where}.{problem[0]}", problem[1])


def dump(files: Iterable[dict], last_run: Iterable[dict], write: Callable[[bytes], object]) -> None:
    """Write a manifest through `write`, one entry a line (see `iter_entries`): `files` sorted by file name,
    `last_run` in the order the profiles were given."""

    def lines(items: Iterable[dict]) -> None:
        previous = None
        for item in items:
            if previous is not None:
                write(previous + b",\n")
            previous = json.dumps(item, ensure_ascii=False).encode("utf-8")
        if previous is not None:
            write(previous + b"\n")

    write(_HEAD.encode() + b"\n")
    lines(files)
    write(_MIDDLE.encode() + b"\n")
    lines(last_run)
    write(_TAIL.encode() + b"\n")


_NUMBERS = ("cost_to_close_cny", "hiring_cost_cny", "total_cny", "reskilling_low_cny", "reskilling_high_cny")
_COUNTS = ("roles", "headcount", "planned_hires")


def _entry_problem(entry: dict) -> tuple[str, str] | None:
    """What the overview would trip over in an entry of the right shape: (key, why), or None."""
    import datetime as dt

    from ..i18n import LANGS

    if entry["kind"] not in ("pdf", "xlsx", "eml"):
        return "kind", f"expected pdf, xlsx or eml, found {entry['kind']!r:.40}"
    if entry["language"] not in LANGS:
        return "language", f"expected one of {', '.join(LANGS)}, found {entry['language']!r:.40}"
    try:
        dt.date.fromisoformat(entry["written"])
    except ValueError:
        return "written", f"expected a date, found {entry['written']!r:.40}"
    totals = entry["totals"]
    if totals.get("employer_type") not in ("foreign", "domestic"):
        return "totals.employer_type", "expected foreign or domestic"
    for key in _COUNTS:
        if not isinstance(totals.get(key), int) or isinstance(totals.get(key), bool):
            return f"totals.{key}", "expected a whole number"
    for key in _NUMBERS:
        if not isinstance(totals.get(key), (int, float)) or isinstance(totals.get(key), bool):
            return f"totals.{key}", "expected a number"
    gap, hardest = totals.get("widest_gap"), totals.get("hardest_search")
    if gap is not None and not (
        isinstance(gap, dict) and isinstance(gap.get("role"), str) and isinstance(gap.get("vs_target"), (int, float))
    ):
        return "totals.widest_gap", "expected a role and its gap, or null"
    if hardest is not None and not (
        isinstance(hardest, dict)
        and isinstance(hardest.get("role"), str)
        and isinstance(hardest.get("difficulty"), int)
    ):
        return "totals.hardest_search", "expected a role and its difficulty, or null"
    return None


# --- what a briefing is made from ---------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def edition_digest(edition: Edition) -> str:
    """The edition's id and a digest of every file in its folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in edition.path.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + bytes.fromhex(sha256_file(path)))
    return f"{edition.id}:{digest.hexdigest()}"


def brand_digest(brand: Brand) -> str:
    """A digest of the brand file and every font and logo it names (a changed font changes every PDF)."""
    digest = hashlib.sha256()
    files = [Path(brand.source), *sorted(brand.fonts.values()), *([brand.logo] if brand.logo else [])]
    for path in files:
        digest.update(bytes.fromhex(sha256_file(path)))
    return digest.hexdigest()


def profile_bytes(source: object, profile: Profile) -> bytes:
    """What a profile hash is taken of: the file's bytes, or a canonical form of a mapping or a Profile."""
    import os

    from ..safeio import read_bounded
    from ..yamlio import MAX_BYTES as PROFILE_BYTES

    if isinstance(source, (str, os.PathLike)):  # read and checked a moment ago: the same bound applies
        return read_bounded(Path(os.fspath(source)), PROFILE_BYTES, "the profile")
    if isinstance(source, Mapping):
        return json.dumps(source, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return repr(profile).encode("utf-8")


def inputs(profile: Profile, data: bytes, *, edition: str, brand: str, paper: str) -> dict[str, str | None]:
    """The hashes of everything a briefing's files are made from (`edition`/`brand`: their digests)."""
    from .. import __version__

    client = profile.client
    return {
        "profile": hashlib.sha256(data).hexdigest(),
        "roster": sha256_file(profile.roles_file) if profile.roles_file else None,
        "logo": sha256_file(client.logo) if client.logo else None,
        "edition": edition,
        "brand": brand,
        "tool": __version__,
        "date": profile.briefing.date.isoformat(),
        "paper": paper,
    }


def totals(a: Analysis, lang: str) -> dict:
    """The key figures of a briefing, in CNY per year, with role names in `lang` (for the portfolio)."""
    t, words = a.totals, a.edition.text(lang)

    def label(role) -> str:
        return role.title or words.name(role.role)

    widest = a.below_target[0] if a.below_target else None
    hardest = a.hardest_hires[0] if a.hardest_hires else None
    return {
        "employer_type": a.profile.client.employer_type,
        "currency": a.currency,
        "target_percentile": a.target_percentile,
        "roles": len(a.roles),
        "headcount": t.headcount,
        "planned_hires": t.planned_hires,
        "cost_to_close_cny": round(t.cost_to_close_cny, 2),
        "hiring_cost_cny": round(t.hiring_cost_cny, 2),
        "total_cny": round(t.total_cny, 2),
        "reskilling_low_cny": round(t.transitions_low_cny, 2),
        "reskilling_high_cny": round(t.transitions_high_cny, 2),
        "roles_with_unknown_pay": len(a.unknown_pay),
        "widest_gap": {"role": label(widest), "vs_target": round(widest.position_vs_target, 6)}  # type: ignore[arg-type]  # below target: position known
        if widest
        else None,
        "hardest_search": {
            "role": label(hardest),
            "difficulty": hardest.difficulty,
            "planned_hires": hardest.planned_hires,
        }
        if hardest
        else None,
    }


def entries(
    a: Analysis,
    files: Mapping[str, bytes],
    kinds: Mapping[str, tuple[str, str]],
    *,
    client_id: str,
    profile: str,
    inputs: dict,
    bucket: str = "",
) -> list[dict]:
    """One entry per written file (`kinds`: file name -> (language, kind), as `pipeline.output_files`), its
    `file` the path inside the output folder (under `bucket` in a sharded layout)."""
    digests = {name: (hashlib.sha256(data).hexdigest(), len(data)) for name, data in files.items()}
    return entries_of(a, digests, kinds, client_id=client_id, profile=profile, inputs=inputs, bucket=bucket)


def entries_of(
    a: Analysis,
    digests: Mapping[str, tuple[str, int]],
    kinds: Mapping[str, tuple[str, str]],
    *,
    client_id: str,
    profile: str,
    inputs: dict,
    bucket: str = "",
) -> list[dict]:
    """`entries` from each file's (SHA-256, size): for files on disk, found unchanged."""
    from ..naming import in_folder

    by_lang = {lang: totals(a, lang) for lang, _ in kinds.values()}
    return [
        {
            "file": f"{bucket}/{in_folder(name)}" if bucket else in_folder(name),
            "kind": kind,
            "sha256": sha,
            "bytes": size,
            "client": a.profile.client.name,
            "client_id": client_id,
            "profile": profile,
            "edition": a.edition.id,
            "language": lang,
            "written": a.profile.briefing.date.isoformat(),
            "inputs": inputs,
            "totals": by_lang[lang],
        }
        for name, (sha, size) in digests.items()
        for lang, kind in [kinds[name]]
    ]


def unchanged(folder: Path, names: Iterable[str], current: dict, client: str) -> dict[str, tuple[str, int]] | None:
    """Each file's (SHA-256, size), by name, when the briefing folder `folder` holds exactly `names` (and its
    `.briefing.json`), recorded as `client`'s and made from `current` inputs, every file still the one
    written; None when anything must be rendered again."""
    from ..atomic import OWNER_FILE
    from ..safeio import ReadProblem, read_bounded

    wanted = set(names)
    if folder.is_symlink() or not folder.is_dir():
        return None
    try:
        record = json.loads(read_bounded(folder / OWNER_FILE, 1_000_000))
    except (ReadProblem, ValueError, OSError):
        return None
    if not isinstance(record, dict) or record.get("client") != client or record.get("inputs") != current:
        return None
    recorded = record.get("files")
    if not isinstance(recorded, dict) or set(recorded) != wanted:
        return None
    if {p.name for p in folder.iterdir()} != wanted | {OWNER_FILE}:  # a file added or left by hand
        return None
    found = {}
    for name in sorted(wanted):
        path = folder / name
        if path.is_symlink() or not path.is_file() or sha256_file(path) != recorded[name]:
            return None
        found[name] = (recorded[name], path.stat().st_size)
    return found


def profile_ref(source: str, out_dir: Path) -> str:
    """A profile as the manifest names it: a file by its path relative to the output folder, so the manifest
    is the same bytes whichever folder the work is in (and stays true when both are moved together);
    anything else (a mapping's "<profile>") as it is."""
    import os

    if not Path(source).is_file():
        return source
    try:
        return Path(os.path.relpath(os.path.abspath(source), os.path.abspath(out_dir))).as_posix()
    except ValueError:  # on another drive (Windows): no relative path exists
        return os.path.abspath(source)


def updated(manifest: Manifest, written: Iterable[dict], out_dir: Path, last_run: list[dict]) -> bytes:
    """The manifest's new bytes: `written` entries added or replacing earlier ones, entries of files that
    no longer exist dropped, sorted by file name; `last_run` says what the run did with each profile.
    The profiles of `written` and `last_run` are named as `profile_ref` does."""
    files = {name: e for name, e in manifest.files.items() if (out_dir / name).is_file()}
    files.update((e["file"], {**e, "profile": profile_ref(e["profile"], out_dir)}) for e in written)
    last_run = [{**run, "profile": profile_ref(run["profile"], out_dir)} for run in last_run]
    out: list[bytes] = []
    dump((files[name] for name in sorted(files)), last_run, out.append)
    return b"".join(out)

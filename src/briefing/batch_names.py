"""A batch's file names, known before anything is written: each client's part of them, told apart where two
clients of the run share one, and the same client twice refused.

Only the client's name and short name are read here (`profile.client_names`), in the worker processes, a
chunk of profiles per task; the parent keeps 8-byte hashes, so a listing of 100,000 profiles takes a few MB.
A profile whose name cannot be read is left to the worker that validates it, which refuses it with the
full message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, ProblemsError
from .naming import client_slug, disambiguated

CHUNK = 200  # profiles per task: enough to make a task's round trip negligible, small enough to stop fast


def _key(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:8], "big")


def read_names(start: int, paths: Sequence[str]) -> tuple[int, list[tuple[str, str] | None]]:
    """(start, [(slug, name) or None for each path]): a task of the names pass, run in a worker."""
    from .profile import client_names

    found: list[tuple[str, str] | None] = []
    for path in paths:
        names = client_names(Path(path))
        found.append(None if names is None else (client_slug(names[1] or names[0]), names[0]))
    return start, found


def chunks(listing: Sequence[str]) -> Iterable[tuple[int, Sequence[str]]]:
    for start in range(0, len(listing), CHUNK):
        yield start, listing[start : start + CHUNK]


@dataclass
class Names:
    """What the names pass found: the first profile of each slug, and the slugs two clients share."""

    first: dict[int, int]  # slug key -> index of the first profile with it
    shared: dict[int, list[int]]  # slug key -> the indices of every profile with it, where more than one


def collect(results: Iterable[tuple[int, list[tuple[str, str] | None]]]) -> Names:
    found = Names({}, {})
    pending: list[tuple[int, int]] = []  # (index, slug key) of later profiles, placed once every chunk is in
    for start, names in results:
        for offset, item in enumerate(names):
            if item is None:
                continue
            index, key = start + offset, _key(item[0])
            pending.append((index, key))
            if key not in found.first or index < found.first[key]:
                found.first[key] = index
    for index, key in pending:  # chunks arrive in any order: "first" is the lowest index
        if found.first[key] != index:
            found.shared.setdefault(key, [found.first[key]]).append(index)
    return found


def clashes(found: Names, listing: Sequence[str], edition_id: str) -> frozenset[str]:
    """The slugs that two clients of the run share (each of those clients then gets a short hash of its
    name); the same client name twice, or a hashed slug meeting another client's own, is a `ProblemsError`
    naming the profiles, before anything is written."""
    from .profile import client_names

    shared: set[str] = set()
    problems: list[Problem] = []
    for members in found.shared.values():
        members = sorted(members)
        clients = []
        for index in members:  # a few profiles: read again here, rather than keep every name
            names = client_names(Path(listing[index]))
            assert names is not None, "read in the names pass"
            clients.append((index, client_slug(names[1] or names[0]), names[0]))
        slug = clients[0][1]
        shared.add(slug)
        first: dict[str, str] = {}
        for index, _, name in clients:
            if name in first:
                problems.append(
                    Problem(
                        listing[index],
                        "",
                        f"would write the same files ({slug}_{edition_id}.pdf, "
                        f"{slug}_{edition_id}.xlsx) as {first[name]}: both are "
                        f"{name!r}; give each client once, or tell them apart with "
                        "client.short_name",
                    )
                )
            first.setdefault(name, listing[index])
        if problems:
            continue
        for index, _, name in clients:  # a hashed slug that meets another client's own: refuse, never overwrite
            hashed = disambiguated(slug, name)
            other = found.first.get(_key(hashed))
            if other is not None:
                later, earlier = max(index, other), min(index, other)
                problems.append(
                    Problem(
                        listing[later],
                        "",
                        f"would write the same files ({hashed}_{edition_id}.pdf) as "
                        f"{listing[earlier]}; give one client a distinct short_name",
                    )
                )
    if problems:
        raise ProblemsError(problems)
    return frozenset(shared)

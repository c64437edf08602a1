"""Loading and validating a benchmark edition (a folder under data/editions/)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from .checks import Checker
from .errors import EditionError, Problem
from .fuzzy import did_you_mean
from .i18n import LANGS
from .models import BenchmarkRole, Edition, EditionText, GapRow, Premium, Recommendation, Signal, Source, fold
from .yamlio import load_yaml, read_text

EMPLOYER_TYPES = ("foreign", "domestic")
CONDITIONS = ("no_core_roles", "infra_below_p75", "compute_hires_planned", "hires_planned", "always")

# column -> (kind, check) for each table; kinds: text, number, whole
_COMPENSATION = {"role": "text", "aliases": "list", "p50_cny_10k": "number", "p75_cny_10k": "number",
                 "yoy": "number", "key_driver": "text"}
_TALENT_GAP = {"specialization": "text", "headcount_low": "whole", "headcount_high": "whole",
               "gap_low": "whole", "gap_high": "whole", "difficulty": "whole"}
_PREMIUMS = {"dimension": "text", "traditional_role": "text", "ai_role": "text",
             "premium_low": "number", "premium_high": "number"}


def editions_root(data_dir: Path) -> Path:
    return data_dir / "editions"


def list_editions(data_dir: Path) -> list[str]:
    """Edition ids in the data folder, oldest first (ids sort by date: 2026-q2 < 2026-q3)."""
    root = editions_root(data_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "edition.yaml").is_file())


def load_edition(data_dir: Path, edition_id: str | None = None) -> Edition:
    """The named edition, or the newest one, validated."""
    available = list_editions(data_dir)
    if not available:
        raise EditionError([Problem(str(editions_root(data_dir)), "",
                                    "no edition folders found (each needs an edition.yaml)")])
    if edition_id is None:
        edition_id = available[-1]
    elif edition_id not in available:
        raise EditionError([Problem(str(editions_root(data_dir)), "",
                                    f"no edition {edition_id!r}{did_you_mean(edition_id, available)}; "
                                    f"available: {', '.join(available)}")])
    return _load_folder(editions_root(data_dir) / edition_id)


def _read_table(path: Path, columns: dict[str, str]) -> tuple[list[tuple[int, dict]], Checker]:
    """Rows of a CSV as {column: typed value} with their line numbers; problems noted, not raised."""
    check = Checker(path.name)
    text = read_text(path, path.name, EditionError)
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    for col in missing:
        check.add(f"column {col}", "is missing from the header row")
    for col in extra:
        check.add(f"column {col}", f"unknown column{did_you_mean(col, list(columns))}")
    rows: list[tuple[int, dict]] = []
    if missing:
        return rows, check
    for line, raw in enumerate(reader, start=2):
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue
        row: dict = {}
        for col, kind in columns.items():
            where = f"row {line}, column {col}"
            value = raw.get(col)
            if kind == "text":
                row[col] = check.text(where, value, required=True)
            elif kind == "list":
                row[col] = tuple(a.strip() for a in (value or "").split("|") if a.strip())
            elif kind == "whole":
                row[col] = check.whole(where, value, minimum=0, default=None)
            else:
                row[col] = check.number(where, value, positive=False, required=True)
        rows.append((line, row))
    if not rows and not check.problems:
        check.add("", "has no data rows")
    return rows, check


def _complete(row: dict) -> bool:
    return all(v is not None for v in row.values())


def _compensation(folder: Path) -> tuple[tuple[BenchmarkRole, ...], list[Problem]]:
    rows, check = _read_table(folder / "compensation.csv", _COMPENSATION)
    roles: list[BenchmarkRole] = []
    names: dict[str, int] = {}
    for line, r in rows:
        if not _complete(r):
            continue
        if not r["p50_cny_10k"] > 0:
            check.add(f"row {line}, column p50_cny_10k", f"expected a number > 0, got {r['p50_cny_10k']:g}")
        if r["p75_cny_10k"] < r["p50_cny_10k"]:
            check.add(f"row {line}, column p75_cny_10k",
                      f"expected a number >= p50_cny_10k ({r['p50_cny_10k']:g}), got {r['p75_cny_10k']:g}")
        if not -1 < r["yoy"] <= 10:
            check.add(f"row {line}, column yoy",
                      f"expected a growth rate as a fraction (0.28 for +28%), got {r['yoy']:g}")
        for name in (r["role"], *r["aliases"]):
            if fold(name) in names:
                check.add(f"row {line}, column {'role' if name == r['role'] else 'aliases'}",
                          f"{name!r} is already used by row {names[fold(name)]}; role names and aliases must be unique")
            names[fold(name)] = line
        roles.append(BenchmarkRole(**r))
    return tuple(roles), check.problems


def _talent_gap(folder: Path) -> tuple[tuple[GapRow, ...], list[Problem]]:
    rows, check = _read_table(folder / "talent_gap.csv", _TALENT_GAP)
    gaps: list[GapRow] = []
    seen: dict[str, int] = {}
    for line, r in rows:
        if not _complete(r):
            continue
        for low, high in (("headcount_low", "headcount_high"), ("gap_low", "gap_high")):
            if r[low] > r[high]:
                check.add(f"row {line}, column {high}", f"expected a number >= {low} ({r[low]:,}), got {r[high]:,}")
        if r["headcount_low"] + r["headcount_high"] == 0:
            check.add(f"row {line}, column headcount_high", "expected a headcount above 0")
        if not 1 <= r["difficulty"] <= 10:
            check.add(f"row {line}, column difficulty", f"expected a whole number from 1 to 10, got {r['difficulty']}")
        if fold(r["specialization"]) in seen:
            check.add(f"row {line}, column specialization",
                      f"{r['specialization']!r} is already listed at row {seen[fold(r['specialization'])]}")
        seen[fold(r["specialization"])] = line
        gaps.append(GapRow(**r))
    return tuple(gaps), check.problems


def _premiums(folder: Path) -> tuple[tuple[Premium, ...], list[Problem]]:
    rows, check = _read_table(folder / "role_premiums.csv", _PREMIUMS)
    premiums: list[Premium] = []
    seen: dict[str, int] = {}
    for line, r in rows:
        if not _complete(r):
            continue
        for col in ("premium_low", "premium_high"):
            if not 0 <= r[col] <= 1:
                check.add(f"row {line}, column {col}",
                          f"expected a fraction from 0 to 1 (0.25 for 25%), got {r[col]:g}")
        if r["premium_low"] > r["premium_high"]:
            check.add(f"row {line}, column premium_high",
                      f"expected a number >= premium_low ({r['premium_low']:g}), got {r['premium_high']:g}")
        if fold(r["traditional_role"]) in seen:
            check.add(f"row {line}, column traditional_role",
                      f"{r['traditional_role']!r} is already listed at row {seen[fold(r['traditional_role'])]}")
        seen[fold(r["traditional_role"])] = line
        premiums.append(Premium(**r))
    return tuple(premiums), check.problems


def _role_map(folder: Path, roles: tuple[BenchmarkRole, ...], gaps: tuple[GapRow, ...]):
    check = Checker("role_map.yaml")
    data = load_yaml(folder / "role_map.yaml", "role_map.yaml", EditionError)
    data = check.mapping("", data) or {}
    check.keys("", data, ("specializations", "infrastructure_roles", "core_roles"), required=("specializations",))
    role_names = [r.role for r in roles]
    gap_names = [g.specialization for g in gaps]

    def role_name(where: str, name: object) -> str | None:
        if name not in role_names:
            check.add(where, f"{name!r} is not a role in compensation.csv{did_you_mean(str(name), role_names)}")
            return None
        return str(name)

    mapping: dict[str, tuple[str, ...]] = {}
    specs = check.mapping("specializations", data.get("specializations", {})) or {}
    for role, targets in specs.items():
        where = f"specializations.{role}"
        if role_name(where, role) is None:
            continue
        if not isinstance(targets, list) or not targets:
            check.add(where, "expected a list of talent-gap specializations")
            continue
        for i, target in enumerate(targets):
            if target not in gap_names:
                check.add(f"{where}[{i}]", f"{target!r} is not a specialization in talent_gap.csv"
                                           f"{did_you_mean(str(target), gap_names)}")
        mapping[role] = tuple(str(t) for t in targets)

    def role_list(key: str) -> frozenset[str]:
        value = data.get(key, [])
        if not isinstance(value, list):
            check.add(key, "expected a list of role names")
            return frozenset()
        return frozenset(n for i, name in enumerate(value) if (n := role_name(f"{key}[{i}]", name)))

    return mapping, role_list("infrastructure_roles"), role_list("core_roles"), check.problems


def _narrative(folder: Path):
    """edition.yaml: provenance, sources, market facts, signals and recommendations."""
    check = Checker("edition.yaml")
    data = check.mapping("", load_yaml(folder / "edition.yaml", "edition.yaml", EditionError)) or {}
    check.keys("", data, ("id", "label", "effective_date", "currency", "unit", "basis", "sources",
                          "market_facts", "signals", "recommendations"),
               required=("id", "label", "effective_date", "currency", "unit", "basis", "sources", "signals",
                         "recommendations"))
    if "id" in data and str(data["id"]) != folder.name:
        check.add("id", f"expected the folder's name {folder.name!r}, got {data['id']!r}")
    if "currency" in data and data["currency"] != "CNY":
        check.add("currency", f"expected CNY (the tables are in CNY 10K per year), got {data['currency']!r}")

    sources: dict[str, Source] = {}
    for i, raw in enumerate(_list(check, "sources", data.get("sources"))):
        where = f"sources[{i}]"
        if (raw := check.mapping(where, raw)) is None:
            continue
        check.keys(where, raw, ("id", "outlet", "date", "subject"), required=("id", "outlet", "date", "subject"))
        ident = check.text(f"{where}.id", raw.get("id"), required=True)
        outlet = check.text(f"{where}.outlet", raw.get("outlet"), required=True)
        date = check.date(f"{where}.date", raw.get("date"), required=True)
        subject = check.text(f"{where}.subject", raw.get("subject"), required=True)
        if ident is not None and outlet is not None and date is not None and subject is not None:
            sources[ident] = Source(ident, outlet, date, subject)

    signals: list[Signal] = []
    for i, raw in enumerate(_list(check, "signals", data.get("signals"))):
        where = f"signals[{i}]"
        if (raw := check.mapping(where, raw)) is None:
            continue
        check.keys(where, raw, ("id", "source", "title", "text"), required=("id", "source", "title", "text"))
        source_id = raw.get("source")
        if not isinstance(source_id, str) or source_id not in sources:
            check.add(f"{where}.source",
                      f"{source_id!r} is not one of the sources{did_you_mean(str(source_id), list(sources))}")
            continue
        ident, title, text = (check.text(f"{where}.{k}", raw.get(k), required=True) for k in ("id", "title", "text"))
        if ident is not None and title is not None and text is not None:
            signals.append(Signal(id=ident, source=sources[source_id], title=title, text=text))

    recommendations: dict[str, tuple[Recommendation, ...]] = {}
    recs = check.mapping("recommendations", data.get("recommendations", {})) or {}
    check.keys("recommendations", recs, EMPLOYER_TYPES, required=EMPLOYER_TYPES)
    for employer_type in EMPLOYER_TYPES:
        found: list[Recommendation] = []
        for i, raw in enumerate(_list(check, f"recommendations.{employer_type}", recs.get(employer_type, []))):
            where = f"recommendations.{employer_type}[{i}]"
            if (raw := check.mapping(where, raw)) is None:
                continue
            check.keys(where, raw, ("id", "when", "title", "text"), required=("id", "when", "title", "text"))
            when = check.choice(f"{where}.when", raw.get("when"), CONDITIONS)
            ident, title, text = (check.text(f"{where}.{k}", raw.get(k), required=True)
                                  for k in ("id", "title", "text"))
            if when and ident is not None and title is not None and text is not None:
                found.append(Recommendation(id=ident, when=when, title=title, text=text))
        recommendations[employer_type] = tuple(found)

    facts = data.get("market_facts") or {}
    if not isinstance(facts, dict):
        check.add("market_facts", "expected a mapping")
        facts = {}
    return dict(
        id=str(data.get("id", folder.name)),
        label=check.text("label", data.get("label"), required=True) or "",
        effective_date=check.date("effective_date", data.get("effective_date"), required=True),
        currency="CNY",
        unit=check.text("unit", data.get("unit"), required=True) or "",
        basis=check.text("basis", data.get("basis"), required=True) or "",
        sources=tuple(sources.values()),
        market_facts=facts,
        signals=tuple(signals),
        recommendations=recommendations,
    ), check.problems


_NAME_GROUPS = ("roles", "key_drivers", "specializations", "dimensions", "traditional_roles", "ai_roles")


def _english(roles, gaps, premiums, narrative) -> tuple[EditionText, dict[str, list[str]]]:
    """The edition's own (English) words, and the names each translation must cover, by group."""
    groups = {
        "roles": [r.role for r in roles],
        "key_drivers": list(dict.fromkeys(r.key_driver for r in roles)),
        "specializations": [g.specialization for g in gaps],
        "dimensions": [p.dimension for p in premiums],
        "traditional_roles": [p.traditional_role for p in premiums],
        "ai_roles": [p.ai_role for p in premiums],
    }
    names = {name: name for group in groups.values() for name in group}
    recs = [r for group in narrative["recommendations"].values() for r in group]
    text = EditionText(
        lang="en", label=narrative["label"], unit=narrative["unit"], basis=narrative["basis"], names=names,
        sources={src.id: src.subject for src in narrative["sources"]},
        signals={sig.id: (sig.title, sig.text) for sig in narrative["signals"]},
        recommendations={r.id: (r.title, r.text) for r in recs})
    return text, groups


def _translation(folder: Path, lang: str, english: EditionText, groups: dict[str, list[str]]):
    """`<lang>.yaml`: every name and every narrative text of the edition in that language."""
    name = f"{lang}.yaml"
    check = Checker(name)
    data = check.mapping("", load_yaml(folder / name, name, EditionError)) or {}
    narrative = ("sources", "signals", "recommendations")
    check.keys("", data, ("label", "unit", "basis", *_NAME_GROUPS, *narrative),
               required=("label", "unit", "basis", *_NAME_GROUPS, *narrative))

    def texts(where: str, expected: list[str], item) -> dict:
        section = check.mapping(where, data.get(where, {})) or {}
        for key in section:
            if key not in expected:
                check.add(f"{where}.{key}", f"is not in the edition{did_you_mean(str(key), expected)}")
        found = {}
        for key in expected:
            if key not in section:
                check.add(f"{where}.{key}", f"has no {lang} translation")
            elif (value := item(f"{where}.{key}", section[key])) is not None:
                found[key] = value
        return found

    def pair(where: str, value: object):
        if (value := check.mapping(where, value)) is None:
            return None
        check.keys(where, value, ("title", "text"), required=("title", "text"))
        title, text = check.text(f"{where}.title", value.get("title")), check.text(f"{where}.text", value.get("text"))
        return (title, text) if title and text else None

    def plain(where: str, value: object):
        return check.text(where, value, required=True)

    names: dict[str, str] = {}
    for group in _NAME_GROUPS:
        found = texts(group, groups[group], plain)
        seen: dict[str, str] = {}
        for source_name, text in found.items():  # the workbook looks names up by their translation
            if fold(text) in seen:
                check.add(f"{group}.{source_name}", f"{text!r} is already the translation of "
                                                   f"{seen[fold(text)]!r}; names must stay distinct")
            seen[fold(text)] = source_name
        names |= found
    result = EditionText(
        lang=lang, label=plain("label", data.get("label")) or "", unit=plain("unit", data.get("unit")) or "",
        basis=plain("basis", data.get("basis")) or "", names=names,
        sources=texts("sources", list(english.sources), plain),
        signals=texts("signals", list(english.signals), pair),
        recommendations=texts("recommendations", list(english.recommendations), pair))
    return result, check.problems


def _list(check: Checker, where: str, value: object) -> list:
    if isinstance(value, list) and value:
        return value
    check.add(where, "expected a non-empty list")
    return []


def _load_folder(folder: Path) -> Edition:
    problems: list[Problem] = []

    def gather(loader: Callable, *args):
        try:
            *result, found = loader(*args)
        except EditionError as exc:
            problems.extend(exc.problems)
            return None
        problems.extend(found)
        return result[0] if len(result) == 1 else result

    roles = gather(_compensation, folder) or ()
    gaps = gather(_talent_gap, folder) or ()
    premiums = gather(_premiums, folder) or ()
    role_map: tuple[dict[str, tuple[str, ...]], frozenset[str], frozenset[str]] = (
        gather(_role_map, folder, roles, gaps) or ({}, frozenset(), frozenset()))
    narrative = gather(_narrative, folder)
    texts: dict[str, EditionText] = {}
    if not problems and narrative is not None:
        english, groups = _english(roles, gaps, premiums, narrative)
        texts["en"] = english
        for lang in LANGS[1:]:
            if (translated := gather(_translation, folder, lang, english, groups)) is not None:
                texts[lang] = translated
    if problems or narrative is None:
        prefixed = [Problem(f"{folder}/{p.source}" if not p.source.startswith(str(folder)) else p.source,
                            p.where, p.message)
                    for p in problems]
        raise EditionError(prefixed)
    specializations, infrastructure, core = role_map
    return Edition(**narrative, roles=roles, gaps=gaps, premiums=premiums, role_specializations=specializations,
                   infrastructure_roles=infrastructure, core_roles=core, path=folder, texts=texts)

"""Loading and validating a benchmark edition (a folder under data/editions/)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

from .checks import Checker
from .errors import EditionError, Problem
from .fuzzy import did_you_mean
from .i18n import LANGS
from .models import (
    BenchmarkRole,
    Edition,
    EditionText,
    GapRow,
    History,
    Premium,
    Recommendation,
    Signal,
    Source,
    Wording,
    fold,
)
from .yamlio import load_yaml, read_text

EMPLOYER_TYPES = ("foreign", "domestic")
CONDITIONS = ("no_core_roles", "infra_below_p75", "compute_hires_planned", "hires_planned", "always")

# column -> (kind, check) for each table; kinds: text, number, whole
_COMPENSATION = {
    "role": "text",
    "aliases": "list",
    "p50_cny_10k": "number",
    "p75_cny_10k": "number",
    "yoy": "number",
    "key_driver": "text",
}
_TALENT_GAP = {
    "specialization": "text",
    "headcount_low": "whole",
    "headcount_high": "whole",
    "gap_low": "whole",
    "gap_high": "whole",
    "difficulty": "whole",
}
_PREMIUMS = {
    "dimension": "text",
    "traditional_role": "text",
    "ai_role": "text",
    "premium_low": "number",
    "premium_high": "number",
}


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
        raise EditionError(
            [Problem(str(editions_root(data_dir)), "", "no edition folders found (each needs an edition.yaml)")]
        )
    if edition_id is None:
        edition_id = available[-1]
    elif edition_id not in available:
        raise EditionError(
            [
                Problem(
                    str(editions_root(data_dir)),
                    "",
                    f"no edition {edition_id!r}{did_you_mean(edition_id, available)}; "
                    f"available: {', '.join(available)}",
                )
            ]
        )
    return _load_folder(editions_root(data_dir) / edition_id)


def check_edition(folder: Path) -> Edition:
    """An edition folder checked as `load_edition` checks it, and against the editions beside it: what a research
    analyst runs before publishing a quarter. Every problem is raised at once (file, row and column, or key)."""
    if not (folder / "edition.yaml").is_file():
        raise EditionError([Problem(str(folder), "", "is not an edition folder: it has no edition.yaml")])
    problems: list[Problem] = []
    edition = None
    try:
        edition = _load_folder(folder)
    except EditionError as exc:
        problems.extend(exc.problems)
    effective = edition.effective_date if edition else _effective_date(folder)
    if effective is not None:
        problems += _order_problems(folder, effective)
    if problems or edition is None:
        raise EditionError(problems)
    return edition


def _effective_date(folder: Path):
    """An edition's effective date, or None where it cannot be read (its own problems say why)."""
    try:
        data = load_yaml(folder / "edition.yaml", "edition.yaml", EditionError)
    except EditionError:
        return None
    if not isinstance(data, dict):
        return None
    return Checker("edition.yaml").date("effective_date", data.get("effective_date"))


def _order_problems(folder: Path, effective: dt.date) -> list[Problem]:
    """An edition's id sorts by date: its effective date must fall between those of the editions beside it."""
    root = folder.parent
    ids = sorted(p.name for p in root.iterdir() if (p / "edition.yaml").is_file())
    at = ids.index(folder.name)  # check_edition found its edition.yaml
    neighbours = ([(ids[at - 1], False)] if at > 0 else []) + ([(ids[at + 1], True)] if at < len(ids) - 1 else [])
    problems = []
    for other, later in neighbours:
        if (theirs := _effective_date(root / other)) is None:
            continue
        if (effective >= theirs) if later else (effective <= theirs):
            side = "before" if later else "after"
            problems.append(
                Problem(
                    str(folder / "edition.yaml"),
                    "effective_date",
                    f"expected a date {side} {theirs.isoformat()}, the effective date of edition "
                    f"{other} (whose id sorts {'after' if later else 'before'} {folder.name}), "
                    f"got {effective.isoformat()}",
                )
            )
    return problems


def load_history(edition: Edition) -> History:
    """The editions around `edition` in its data folder: the one before it (loaded) and the ids after it.

    A previous edition that does not load is reported in `History.problem`, not raised: it only feeds the
    "what changed" comparison, and `briefing edition check` names its problems.
    """
    root = edition.path.parent
    ids = sorted(p.name for p in root.iterdir() if (p / "edition.yaml").is_file()) if root.is_dir() else []
    if edition.id not in ids:
        return History()
    at = ids.index(edition.id)
    newer = tuple(ids[at + 1 :])
    if at == 0:
        return History(newer=newer)
    previous_id = ids[at - 1]
    try:
        previous = _load_folder(root / previous_id)
    except EditionError as exc:
        count = len(exc.problems)
        return History(
            newer=newer,
            problem=f"edition {previous_id}, the one before {edition.id}, cannot be read "
            f"({count} problem{'' if count == 1 else 's'}; run: briefing edition check "
            f"{root / previous_id}), so nothing is compared with it",
        )
    return History(previous=previous, newer=newer)


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
            check.add(
                f"row {line}, column p75_cny_10k",
                f"expected a number >= p50_cny_10k ({r['p50_cny_10k']:g}), got {r['p75_cny_10k']:g}",
            )
        if not -1 < r["yoy"] <= 10:
            check.add(
                f"row {line}, column yoy", f"expected a growth rate as a fraction (0.28 for +28%), got {r['yoy']:g}"
            )
        for name in (r["role"], *r["aliases"]):
            if fold(name) in names:
                check.add(
                    f"row {line}, column {'role' if name == r['role'] else 'aliases'}",
                    f"{name!r} is already used by row {names[fold(name)]}; role names and aliases must be unique",
                )
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
            check.add(
                f"row {line}, column specialization",
                f"{r['specialization']!r} is already listed at row {seen[fold(r['specialization'])]}",
            )
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
                check.add(
                    f"row {line}, column {col}", f"expected a fraction from 0 to 1 (0.25 for 25%), got {r[col]:g}"
                )
        if r["premium_low"] > r["premium_high"]:
            check.add(
                f"row {line}, column premium_high",
                f"expected a number >= premium_low ({r['premium_low']:g}), got {r['premium_high']:g}",
            )
        if fold(r["traditional_role"]) in seen:
            check.add(
                f"row {line}, column traditional_role",
                f"{r['traditional_role']!r} is already listed at row {seen[fold(r['traditional_role'])]}",
            )
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
                check.add(
                    f"{where}[{i}]",
                    f"{target!r} is not a specialization in talent_gap.csv{did_you_mean(str(target), gap_names)}",
                )
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
    check.keys(
        "",
        data,
        (
            "id",
            "label",
            "effective_date",
            "currency",
            "unit",
            "basis",
            "sources",
            "market_facts",
            "signals",
            "recommendations",
        ),
        required=(
            "id",
            "label",
            "effective_date",
            "currency",
            "unit",
            "basis",
            "sources",
            "signals",
            "recommendations",
        ),
    )
    if "id" in data and str(data["id"]) != folder.name:
        check.add("id", f"expected the folder's name {folder.name!r}, got {data['id']!r}")
    if "currency" in data and data["currency"] != "CNY":
        check.add("currency", f"expected CNY (the tables are in CNY 10K per year), got {data['currency']!r}")
    effective = check.date("effective_date", data.get("effective_date"), required=True)

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
        check.keys(where, raw, ("id", "source", "title", *STATEMENT_KEYS), required=("id", "source", "title"))
        source_id = raw.get("source")
        if not isinstance(source_id, str) or source_id not in sources:
            check.add(
                f"{where}.source",
                f"{source_id!r} is not one of the sources{did_you_mean(str(source_id), list(sources))}",
            )
            continue
        statement = _statement(check, where, raw, "en", effective)
        signal_id = check.text(f"{where}.id", raw.get("id"), required=True)
        if signal_id and statement:
            signals.append(Signal(id=signal_id, source=sources[source_id], **statement))

    recommendations: dict[str, tuple[Recommendation, ...]] = {}
    recs = check.mapping("recommendations", data.get("recommendations", {})) or {}
    check.keys("recommendations", recs, EMPLOYER_TYPES, required=EMPLOYER_TYPES)
    for employer_type in EMPLOYER_TYPES:
        found: list[Recommendation] = []
        for i, raw in enumerate(_list(check, f"recommendations.{employer_type}", recs.get(employer_type, []))):
            where = f"recommendations.{employer_type}[{i}]"
            if (raw := check.mapping(where, raw)) is None:
                continue
            check.keys(where, raw, ("id", "when", "title", *STATEMENT_KEYS), required=("id", "when", "title"))
            when = check.choice(f"{where}.when", raw.get("when"), CONDITIONS)
            statement = _statement(check, where, raw, "en", effective)
            rec_id = check.text(f"{where}.id", raw.get("id"), required=True)
            if when and rec_id and statement:
                found.append(Recommendation(id=rec_id, when=when, **statement))
        if found and not any(r.when == "always" and r.horizon is None for r in found):
            check.add(
                f"recommendations.{employer_type}",
                "expected one recommendation with 'when: always' and no "
                "horizon, so that every client has a key recommendation "
                "on any date",
            )
        recommendations[employer_type] = tuple(found)

    facts = data.get("market_facts") or {}
    if not isinstance(facts, dict):
        check.add("market_facts", "expected a mapping")
        facts = {}
    return dict(
        id=str(data.get("id", folder.name)),
        label=check.text("label", data.get("label"), required=True) or "",
        effective_date=effective,
        currency="CNY",
        unit=check.text("unit", data.get("unit"), required=True) or "",
        basis=check.text("basis", data.get("basis"), required=True) or "",
        sources=tuple(sources.values()),
        market_facts=facts,
        signals=tuple(signals),
        recommendations=recommendations,
    ), check.problems


STATEMENT_KEYS = ("text", "horizon", "before", "after")
# Words that date a statement, by language: a year from the edition's own on, a quarter, a half-year, "next
# year". A statement that says one of them needs a horizon and a wording for each side of it.
_DATED_WORDS = {
    "en": re.compile(
        r"\b(?:(?P<year>(?:19|20)\d\d)|Q[1-4]|H[12])\b|\b(?:first|second|1st|2nd) half\b"
        r"|\b(?:this|next|coming) (?:year|quarter|half)\b|\bby (?:January|February|March|April|May|"
        r"June|July|August|September|October|November|December)\b",
        re.IGNORECASE,
    ),
    "zh": re.compile(r"(?P<year>(?:19|20)\d\d)年|第[一二三四1-4]季度|[上下]半年|今年|明年|本季度|下季度"),
}


def _names_date(text: str, lang: str, effective) -> str | None:
    """The first words in `text` that tie it to a date not yet past when the edition took effect, if any."""
    for match in _DATED_WORDS[lang].finditer(text):
        year = match.group("year")
        if year is None or effective is None or int(year) >= effective.year:
            return match.group(0)
    return None


def _statement(check: Checker, where: str, raw, lang: str, effective, dated: bool | None = None) -> dict | None:
    """A signal's or recommendation's words: `title` and `text`; or, when it names a date, `title`, `horizon`
    (YYYY-MM-DD, the first day that date has passed), `before` and `after`, each wording true on its side of the
    horizon. A translation (`dated` given: whether the English statement has a horizon) has no horizon of its own.
    """
    title = check.text(f"{where}.title", raw.get("title"), required=True)
    if title and (words := _names_date(title, lang, effective)):
        check.add(
            f"{where}.title",
            f"names a date ({words!r}): a title is shown on both sides of a horizon, "
            "so keep dates in the 'before' and 'after' wordings",
        )
    english = dated is None
    if english:
        dated = "horizon" in raw
    if dated:
        horizon = None
        if english:
            horizon = check.date(f"{where}.horizon", raw.get("horizon"), required=True)
            if horizon is not None and effective is not None and horizon <= effective:
                check.add(
                    f"{where}.horizon",
                    f"expected a date after the edition's effective date "
                    f"{effective.isoformat()}, got {horizon.isoformat()}",
                )
        if "text" in raw:
            check.add(f"{where}.text", "a dated statement has 'before' and 'after' wordings instead of 'text'")
        wordings = {}
        for key, side in (("before", "before its horizon"), ("after", "once its horizon has passed")):
            if key not in raw:
                check.add(
                    f"{where}.{key}",
                    f"is required: the statement is dated (it has a horizon), so it needs its wording for {side}",
                )
            else:
                wordings[key] = check.text(f"{where}.{key}", raw.get(key), required=True)
        if title and wordings.get("before") and wordings.get("after") and (horizon or not english):
            return {
                "title": title,
                "text": wordings["before"],
                "after": wordings["after"],
                **({"horizon": horizon} if english else {}),
            }
        return None
    for key in ("before", "after"):
        if key in raw:
            check.add(
                f"{where}.{key}",
                "needs a 'horizon' (YYYY-MM-DD, the first day the statement's date has "
                "passed), with both 'before' and 'after' instead of 'text'"
                if english
                else "the English statement has no horizon: give 'text' only",
            )
    text = check.text(f"{where}.text", raw.get("text"), required=True)
    if text and (words := _names_date(text, lang, effective)):
        check.add(
            f"{where}.text",
            f"names a date ({words!r}): give the statement a 'horizon' (the first day that "
            "date has passed) and 'before' and 'after' wordings instead of 'text'"
            if english
            else f"names a date ({words!r}), but the English statement has no horizon",
        )
    return {"title": title, "text": text} if title and text else None


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
        lang="en",
        label=narrative["label"],
        unit=narrative["unit"],
        basis=narrative["basis"],
        names=names,
        sources={src.id: src.subject for src in narrative["sources"]},
        signals={sig.id: Wording(sig.title, sig.text, sig.after) for sig in narrative["signals"]},
        recommendations={r.id: Wording(r.title, r.text, r.after) for r in recs},
    )
    return text, groups


def _translation(folder: Path, lang: str, english: EditionText, groups: dict[str, list[str]], effective):
    """`<lang>.yaml`: every name and every narrative text of the edition in that language."""
    name = f"{lang}.yaml"
    check = Checker(name)
    data = check.mapping("", load_yaml(folder / name, name, EditionError)) or {}
    narrative = ("sources", "signals", "recommendations")
    check.keys(
        "",
        data,
        ("label", "unit", "basis", *_NAME_GROUPS, *narrative),
        required=("label", "unit", "basis", *_NAME_GROUPS, *narrative),
    )

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

    def wording(where: str, value: object, source: Wording):
        """A statement's words, dated (before and after) where the English one is."""
        if (value := check.mapping(where, value)) is None:
            return None
        check.keys(where, value, ("title", "text", "before", "after"), required=("title",))
        found = _statement(check, where, value, lang, effective, dated=source.after is not None)
        return Wording(found["title"], found["text"], found.get("after")) if found else None

    def signal(where: str, value: object):
        return wording(where, value, english.signals[where.split(".", 1)[1]])

    def recommendation(where: str, value: object):
        return wording(where, value, english.recommendations[where.split(".", 1)[1]])

    def plain(where: str, value: object):
        return check.text(where, value, required=True)

    names: dict[str, str] = {}
    for group in _NAME_GROUPS:
        found = texts(group, groups[group], plain)
        seen: dict[str, str] = {}
        for source_name, text in found.items():  # the workbook looks names up by their translation
            if fold(text) in seen:
                check.add(
                    f"{group}.{source_name}",
                    f"{text!r} is already the translation of {seen[fold(text)]!r}; names must stay distinct",
                )
            seen[fold(text)] = source_name
        names |= found
    result = EditionText(
        lang=lang,
        label=plain("label", data.get("label")) or "",
        unit=plain("unit", data.get("unit")) or "",
        basis=plain("basis", data.get("basis")) or "",
        names=names,
        sources=texts("sources", list(english.sources), plain),
        signals=texts("signals", list(english.signals), signal),
        recommendations=texts("recommendations", list(english.recommendations), recommendation),
    )
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
    role_map: tuple[dict[str, tuple[str, ...]], frozenset[str], frozenset[str]] = gather(
        _role_map, folder, roles, gaps
    ) or ({}, frozenset(), frozenset())
    narrative = gather(_narrative, folder)
    texts: dict[str, EditionText] = {}
    if not problems and narrative is not None:
        english, groups = _english(roles, gaps, premiums, narrative)
        texts["en"] = english
        for lang in LANGS[1:]:
            if (
                translated := gather(_translation, folder, lang, english, groups, narrative["effective_date"])
            ) is not None:
                texts[lang] = translated
    if problems or narrative is None:
        prefixed = [
            Problem(f"{folder}/{p.source}" if not p.source.startswith(str(folder)) else p.source, p.where, p.message)
            for p in problems
        ]
        raise EditionError(prefixed)
    specializations, infrastructure, core = role_map
    return Edition(
        **narrative,
        roles=roles,
        gaps=gaps,
        premiums=premiums,
        role_specializations=specializations,
        infrastructure_roles=infrastructure,
        core_roles=core,
        path=folder,
        texts=texts,
    )

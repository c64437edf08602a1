"""What moved between two editions of the benchmark (pure: no I/O, no clock).

Rows are matched by name, in any case; a name found in one edition only is added or removed. Pay is
compared as published (CNY per person per year, before any aging), so the movement is the market's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import EditionError, Problem
from .models import CNY_10K, Edition, fold


@dataclass(frozen=True)
class Move:
    """One figure in the old edition and in the new one."""

    old: float
    new: float

    @property
    def change(self) -> float:
        return self.new - self.old

    @property
    def pct(self) -> float | None:
        """The relative change (0.053 for +5.3%); None from zero."""
        return self.new / self.old - 1 if self.old else None

    @property
    def moved(self) -> bool:
        return self.new != self.old


@dataclass(frozen=True)
class RoleMove:
    """A benchmark role in both editions: P50 and P75 in CNY per year as published, and YoY."""

    role: str
    p50_cny: Move
    p75_cny: Move
    yoy: Move

    @property
    def moved(self) -> bool:
        return self.p50_cny.moved or self.p75_cny.moved or self.yoy.moved

    def at(self, percentile: str) -> Move:
        """The move at a target percentile (P50 or P75)."""
        return self.p75_cny if percentile == "P75" else self.p50_cny


@dataclass(frozen=True)
class GapMove:
    """A talent-gap specialization in both editions."""

    specialization: str
    headcount_low: Move
    headcount_high: Move
    gap_low: Move
    gap_high: Move
    difficulty: Move

    @property
    def moved(self) -> bool:
        return any(
            m.moved for m in (self.headcount_low, self.headcount_high, self.gap_low, self.gap_high, self.difficulty)
        )


@dataclass(frozen=True)
class PremiumMove:
    """The premium of re-skilling one traditional role, in both editions."""

    traditional_role: str
    ai_role: str  # as the new edition names it
    premium_low: Move
    premium_high: Move

    @property
    def moved(self) -> bool:
        return self.premium_low.moved or self.premium_high.moved


@dataclass(frozen=True)
class EditionDiff:
    """Every movement from `old` to `new`; rows present in both are listed whether or not they moved."""

    old_id: str
    old_label: str
    old_effective: dt.date
    new_id: str
    new_label: str
    new_effective: dt.date
    roles: tuple[RoleMove, ...]  # in the new edition's order
    roles_added: tuple[str, ...]
    roles_removed: tuple[str, ...]
    gaps: tuple[GapMove, ...]
    gaps_added: tuple[str, ...]
    gaps_removed: tuple[str, ...]
    premiums: tuple[PremiumMove, ...]
    premiums_added: tuple[str, ...]
    premiums_removed: tuple[str, ...]

    @property
    def moved(self) -> bool:
        """Whether anything differs at all."""
        return (
            any(x.moved for x in self.roles)
            or any(x.moved for x in self.gaps)
            or any(x.moved for x in self.premiums)
            or bool(
                self.roles_added
                or self.roles_removed
                or self.gaps_added
                or self.gaps_removed
                or self.premiums_added
                or self.premiums_removed
            )
        )

    def role(self, name: str) -> RoleMove | None:
        return next((r for r in self.roles if r.role == name), None)


def _matched(old: list, new: list, key) -> tuple[list[tuple], tuple[str, ...], tuple[str, ...]]:
    """(old, new) pairs in the new order, the names new has only, the names old has only."""
    by_name = {fold(key(x)): x for x in old}
    new_names = {fold(key(x)) for x in new}
    pairs = [(by_name[fold(key(x))], x) for x in new if fold(key(x)) in by_name]
    added = tuple(key(x) for x in new if fold(key(x)) not in by_name)
    removed = tuple(key(x) for x in old if fold(key(x)) not in new_names)
    return pairs, added, removed


def compute_diff(old: Edition, new: Edition) -> EditionDiff:
    """What moved from `old` to `new`; editions in different units or currencies are refused with both values."""
    problems = [
        Problem(
            str(new.path / "edition.yaml"),
            key,
            f"expected the same {key} as edition {old.id} "
            f"({getattr(old, key)!r}) to compare them, got "
            f"{getattr(new, key)!r}",
        )
        for key in ("currency", "unit")
        if " ".join(str(getattr(old, key)).split()).casefold() != " ".join(str(getattr(new, key)).split()).casefold()
    ]
    if problems:
        raise EditionError(problems)
    roles, roles_added, roles_removed = _matched(list(old.roles), list(new.roles), lambda r: r.role)
    gaps, gaps_added, gaps_removed = _matched(list(old.gaps), list(new.gaps), lambda g: g.specialization)
    premiums, premiums_added, premiums_removed = _matched(
        list(old.premiums), list(new.premiums), lambda p: p.traditional_role
    )
    return EditionDiff(
        old_id=old.id,
        old_label=old.label,
        old_effective=old.effective_date,
        new_id=new.id,
        new_label=new.label,
        new_effective=new.effective_date,
        roles=tuple(
            RoleMove(
                n.role,
                Move(o.p50_cny_10k * CNY_10K, n.p50_cny_10k * CNY_10K),
                Move(o.p75_cny_10k * CNY_10K, n.p75_cny_10k * CNY_10K),
                Move(o.yoy, n.yoy),
            )
            for o, n in roles
        ),
        roles_added=roles_added,
        roles_removed=roles_removed,
        gaps=tuple(
            GapMove(
                n.specialization,
                *(
                    Move(getattr(o, f), getattr(n, f))
                    for f in ("headcount_low", "headcount_high", "gap_low", "gap_high", "difficulty")
                ),
            )
            for o, n in gaps
        ),
        gaps_added=gaps_added,
        gaps_removed=gaps_removed,
        premiums=tuple(
            PremiumMove(
                n.traditional_role, n.ai_role, Move(o.premium_low, n.premium_low), Move(o.premium_high, n.premium_high)
            )
            for o, n in premiums
        ),
        premiums_added=premiums_added,
        premiums_removed=premiums_removed,
    )

"""Calendar arithmetic for editions over time: months between dates, and the limits on a benchmark's age."""

from __future__ import annotations

import calendar
import datetime as dt

STALE_AFTER_MONTHS = 6  # an edition older than this at the briefing date gets a warning and a note
MAX_AGING_MONTHS = 18  # aging pay further than this is extrapolating a yearly growth, not ageing data
LATEST_YEARS = 5  # a briefing (or aging) date later than this after the effective date is a mistake, not a choice


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, kept within the month: 31 August + 1 = 30 September."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, end: dt.date) -> int:
    """Calendar months from `start` to `end`, to the nearest month (1 April to 30 November is 8)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    done, following = add_months(start, months), add_months(start, months + 1)
    return months + (1 if 2 * (end - done).days >= (following - done).days else 0)


def stale(effective: dt.date, on: dt.date) -> bool:
    """Whether an edition effective `effective` is more than STALE_AFTER_MONTHS old on `on`."""
    return on > add_months(effective, STALE_AFTER_MONTHS)


def aging_limit(effective: dt.date) -> dt.date:
    """The last date benchmark pay may be aged to without --allow-stale."""
    return add_months(effective, MAX_AGING_MONTHS)


def date_range(effective: dt.date) -> tuple[dt.date, dt.date]:
    """The briefing dates an edition effective `effective` can be meant for: from a year before it to
    LATEST_YEARS after it; outside them a date is a typo or a stale install, and aging so far would overflow."""
    return add_months(effective, -12), add_months(effective, 12 * LATEST_YEARS)

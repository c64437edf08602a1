"""The budget year by month and quarter: which months it holds, and how many of them a start leaves on payroll.

Pure date arithmetic shared by the profile's checks and the analysis. A budget (fiscal) year `Y` starting in
month `m` runs from the first of month `m` of year `Y` to the end of the month before `m` in year `Y + 1`
(with `m` = 1, the calendar year `Y`).
"""

from __future__ import annotations

import datetime as dt

MONTHS = 12
QUARTERS = 4
MONTHS_PER_QUARTER = 3


def first_month(year: int, fiscal_year_start: int) -> dt.date:
    return dt.date(year, fiscal_year_start, 1)


def months(year: int, fiscal_year_start: int) -> tuple[dt.date, ...]:
    """The twelve months of the budget year, each as its first day."""
    return tuple(_add_months(first_month(year, fiscal_year_start), i) for i in range(MONTHS))


def last_day(year: int, fiscal_year_start: int) -> dt.date:
    return _add_months(first_month(year, fiscal_year_start), MONTHS) - dt.timedelta(days=1)


def default_year(date: dt.date, fiscal_year_start: int) -> int:
    """The first budget year that starts after `date`: the one being budgeted for on that day."""
    return date.year if first_month(date.year, fiscal_year_start) > date else date.year + 1


def month_index(month: dt.date, year: int, fiscal_year_start: int) -> int | None:
    """0 for the budget year's first month, ... 11 for its last; None outside the year."""
    start = first_month(year, fiscal_year_start)
    index = (month.year - start.year) * MONTHS + month.month - start.month
    return index if 0 <= index < MONTHS else None


def months_on_payroll(index: int) -> int:
    """Months paid in the budget year for a start (or a raise) in month `index`: the month itself and the rest."""
    return MONTHS - index


def quarter_months(index: int, quarter: int) -> int:
    """Months of `quarter` (0-3) paid for a start in month `index`."""
    end = (quarter + 1) * MONTHS_PER_QUARTER
    return max(0, min(MONTHS_PER_QUARTER, end - index))


def quarter_of(index: int) -> int:
    return index // MONTHS_PER_QUARTER


def spread(hires: int) -> tuple[int, ...]:
    """Hires per month when none is given a start: evenly over the year, each in the middle of its share.

    Hire k of n (from 0) starts in month floor((2k + 1) * 6 / n): one hire in the seventh month, two in the
    fourth and the tenth, four in months 2, 5, 8 and 11. Counted in closed form, so a million hires cost no more
    than one.
    """

    def starting_from(index: int) -> int:  # hires k with (2k + 1) * 6 / n >= index, i.e. 12k + 6 >= index * n
        first = -((6 - index * hires) // 12)  # ceil((index * n - 6) / 12)
        return hires - min(hires, max(0, first))

    return tuple(starting_from(i) - starting_from(i + 1) for i in range(MONTHS))


def _add_months(day: dt.date, count: int) -> dt.date:
    total = day.year * MONTHS + day.month - 1 + count
    return dt.date(total // MONTHS, total % MONTHS + 1, 1)

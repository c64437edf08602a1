"""XlsxWriter's workbook and worksheet, with formulas stored without its per-formula rewriting where none applies."""

from __future__ import annotations

import re
from collections import namedtuple

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

# The functions XlsxWriter prefixes with _xlfn. in every formula (newer Excel functions: its _prepare_formula
# tries some thirty regular expressions on each formula, an eighth of a workbook's time). Without the \b of its
# patterns, and with INGLE( for its SINGLE pattern (written \SINGLE, any character then INGLE), this matches
# wherever one of them could: a formula it does not match comes out of XlsxWriter's rewriting unchanged.
_PREFIXED = re.compile(
    r"(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|MAKEARRAY|MAP|RANDARRAY|"
    r"REDUCE|SCAN|INGLE|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|TOCOL|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|"
    r"XLOOKUP)\("
)
# A formula cell as XlsxWriter stores it: it tells its cells apart by the class's name ("Formula"), which its
# versions share while the class's own name changed (cell_formula_tuple in 3.1, CellFormulaTuple in 3.3).
Formula = namedtuple("Formula", "formula, format, value")


def _bare(formula: str) -> str:
    """What XlsxWriter does to every formula before its rewriting: drop array braces and the leading "="."""
    if formula.startswith("{"):
        formula = formula[1:]
    if formula.startswith("="):
        formula = formula[1:]
    if formula.endswith("}"):
        formula = formula[:-1]
    return formula


class Sheet(Worksheet):
    """A worksheet that skips XlsxWriter's rewriting of a formula that holds none of the functions it rewrites."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        if self.use_future_functions or expand_future_functions or _PREFIXED.search(formula):
            return super()._prepare_formula(formula, expand_future_functions)
        return _bare(formula)

    def _write_formula(self, row, col, formula, cell_format=None, value=0):
        """XlsxWriter's own steps for a plain formula, without its search for dynamic-array functions: those
        are among the names _PREFIXED looks for, so one search settles both (XlsxWriter's search was 40% of
        the time a 2,000-line workbook spent storing formulas)."""
        if not formula or formula.startswith("{") or self.use_future_functions or _PREFIXED.search(formula):
            return super()._write_formula(row, col, formula, cell_format, value)
        if self._check_dimensions(row, col):
            return -1
        if self.constant_memory and row > self.previous_row:
            self._write_single_row(row)
        self.table[row][col] = Formula(_bare(formula), cell_format, value)
        return 0


class Book(Workbook):
    """An XlsxWriter workbook whose sheets are `Sheet`s (tests compare its bytes with XlsxWriter's own)."""

    worksheet_class = Sheet
